//! Error codes of the JSON error format (DESIGN §4), shared so pages can translate them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    ValidationError,
    Conflict,
    RateLimitExceeded,
    PayloadTooLarge,
    Internal,
}

/// One problem with one input field: `code` is stable for clients and translation,
/// `message` is the English text for API users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}
