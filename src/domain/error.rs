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
    LengthRequired,
    MethodNotAllowed,
    UnsupportedMediaType,
    ServiceUnavailable,
    Internal,
}

impl ErrorCode {
    /// The HTTP status every adapter answers this code with (the one mapping).
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::ValidationError => 422,
            ErrorCode::Conflict => 409,
            ErrorCode::RateLimitExceeded => 429,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::LengthRequired => 411,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::ServiceUnavailable => 503,
            ErrorCode::Internal => 500,
        }
    }

    /// The code of an HTTP error status, for answers the router made before any handler ran.
    pub fn from_http_status(status: u16) -> ErrorCode {
        match status {
            401 => ErrorCode::Unauthenticated,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            409 => ErrorCode::Conflict,
            411 => ErrorCode::LengthRequired,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            400 | 422 => ErrorCode::ValidationError,
            429 => ErrorCode::RateLimitExceeded,
            408 | 503 | 504 => ErrorCode::ServiceUnavailable,
            _ => ErrorCode::Internal,
        }
    }
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
