//! The error server functions return to pages: a code and field errors, never internal text.

use std::fmt;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::{ConflictReason, ErrorCode, FieldError, Locale};
use crate::i18n::{conflict_msg, error_msg, field_error_msg, Msg};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageError {
    pub code: ErrorCode,
    pub fields: Vec<FieldError>,
    /// For conflicts: the current state, so the page can show it.
    pub current: Option<serde_json::Value>,
}

impl PageError {
    /// The message to show, in the user's language: the first field problem, else the code's text.
    pub fn message(&self, locale: Locale) -> &'static str {
        let reason = self
            .current
            .as_ref()
            .and_then(|c| c.get("reason"))
            .and_then(|r| r.as_str())
            .filter(|_| self.code == ErrorCode::Conflict)
            .and_then(ConflictReason::parse)
            .map(conflict_msg);
        if let Some(msg) = reason {
            return msg.text(locale);
        }
        self.fields
            .first()
            .map(|f| field_error_msg(&f.field, f.code))
            .filter(|m| *m != Msg::ErrValidation)
            .unwrap_or_else(|| error_msg(self.code))
            .text(locale)
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.code)
    }
}

impl FromServerFnError for PageError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        // On the server, arguments that do not decode (a bad id, a wrong type) are the
        // caller's mistake; everything else, here and in the browser, is ours.
        let code = match error {
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => ErrorCode::ValidationError,
            _ => ErrorCode::Internal,
        };
        PageError { code, fields: Vec::new(), current: None }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::error::AppError> for PageError {
    fn from(e: crate::error::AppError) -> Self {
        use crate::error::AppError;
        e.log();
        match e {
            AppError::Validation(fields) => PageError { code: ErrorCode::ValidationError, fields, current: None },
            AppError::Conflict(_, current) => PageError { code: ErrorCode::Conflict, fields: Vec::new(), current },
            other => PageError { code: other.code(), fields: Vec::new(), current: None },
        }
    }
}
