//! The one error type of the services, mapped once to HTTP status + JSON body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{ConflictReason, ErrorCode, FieldCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// A state or version conflict; the value, if any, is the current state for the caller.
    #[error("conflict: {0}")]
    Conflict(String, Option<serde_json::Value>),
    #[error("rate limit exceeded")]
    RateLimited(RateLimit),
    /// An upload must say how long it is (`Content-Length`), so it can be refused or given
    /// room before it is read.
    #[error("length required")]
    LengthRequired,
    /// The body is not in a format the endpoint reads (e.g. JSON without its content type).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The body is over the limit (in bytes, when known).
    #[error("payload too large")]
    PayloadTooLarge(Option<usize>),
    /// An import was not applied because of these problems (422, every one as details).
    #[error("import rejected")]
    ImportRejected(Vec<crate::users::ImportError>),
    /// An uploaded file was read and found wrong: 400 with every problem as details.
    #[error("invalid file")]
    InvalidFile(Vec<crate::competitions::ValidationError>),
    /// Merit cannot serve this now (database unreachable, a queue full, a request too slow);
    /// the caller may try again shortly.
    #[error("service unavailable: {0}")]
    Unavailable(anyhow::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Details of a 429: how many were allowed, how many used, and when the window frees up.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    pub limit: i64,
    pub used: i64,
    pub resets_at: DateTime<Utc>,
    /// Which limit, where it is not a throttle on attempts or requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<LimitScope>,
}

/// The daily allowances of a competition's uploads (details `scope`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum LimitScope {
    /// Valid submissions per participant and UTC day.
    Daily,
    /// Invalid uploads per participant and UTC day, counted apart.
    Invalid,
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            // The database is unreachable or too busy: a 503 that ends, not a 500 that hangs.
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => AppError::Unavailable(anyhow::Error::new(e)),
            sqlx::Error::Database(ref db)
                if db.code().is_some_and(|c| {
                    // admin_shutdown, crash_shutdown, cannot_connect_now
                    matches!(c.as_ref(), "57P01" | "57P02" | "57P03")
                }) =>
            {
                AppError::Unavailable(anyhow::Error::new(e))
            }
            e => AppError::Internal(anyhow::Error::new(e)),
        }
    }
}

impl AppError {
    pub fn validation(field: &str, code: FieldCode, message: impl Into<String>) -> AppError {
        AppError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// A conflict whose details name a `reason` (pages translate it by that), plus the fields
    /// of `extra` (an object) for the caller.
    pub fn conflict_with(reason: ConflictReason, message: impl Into<String>, extra: serde_json::Value) -> AppError {
        let mut details = serde_json::json!({ "reason": reason.as_str() });
        if let (Some(map), serde_json::Value::Object(extra)) = (details.as_object_mut(), extra) {
            map.extend(extra);
        }
        AppError::Conflict(message.into(), Some(details))
    }

    /// [`AppError::conflict_with`] without extra fields.
    pub fn conflict(reason: ConflictReason, message: impl Into<String>) -> AppError {
        AppError::conflict_with(reason, message, serde_json::Value::Null)
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => ErrorCode::Unauthenticated,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::Validation(_) | AppError::InvalidFile(_) | AppError::ImportRejected(_) => {
                ErrorCode::ValidationError
            }
            AppError::Conflict(..) => ErrorCode::Conflict,
            AppError::RateLimited(_) => ErrorCode::RateLimitExceeded,
            AppError::PayloadTooLarge(_) => ErrorCode::PayloadTooLarge,
            AppError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            AppError::LengthRequired => ErrorCode::LengthRequired,
            AppError::Unavailable(_) => ErrorCode::ServiceUnavailable,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        if let AppError::InvalidFile(_) = self {
            return StatusCode::BAD_REQUEST;
        }
        StatusCode::from_u16(self.code().http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The English message API clients see; never the text of an internal error.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Unauthenticated => "Sign in to continue.".into(),
            AppError::InvalidCredentials => "Invalid email or password.".into(),
            AppError::Forbidden => "You do not have permission to do this.".into(),
            AppError::NotFound => "Not found.".into(),
            AppError::Validation(_) => "Some fields are invalid.".into(),
            AppError::InvalidFile(_) => "The file is invalid; see details for every problem.".into(),
            AppError::ImportRejected(_) => {
                "The file has problems, so nothing was imported; see details for every row.".into()
            }
            AppError::Conflict(message, _) => message.clone(),
            AppError::RateLimited(limit) => {
                let resets = limit.resets_at.format("%Y-%m-%d %H:%M");
                match limit.scope {
                    Some(LimitScope::Daily) => format!("Daily submission limit reached; try again after {resets} UTC."),
                    Some(LimitScope::Invalid) => {
                        format!("Daily limit of invalid uploads reached; try again after {resets} UTC.")
                    }
                    None => "Too many attempts. Try again later.".into(),
                }
            }
            AppError::PayloadTooLarge(_) => "The request body is too large.".into(),
            AppError::UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.".into(),
            AppError::LengthRequired => "Send the upload with a Content-Length header (browsers and curl do).".into(),
            AppError::Unavailable(_) => "Merit is busy or cannot reach its database; try again shortly.".into(),
            AppError::Internal(_) => "Something went wrong on our side.".into(),
        }
    }

    pub fn details(&self) -> Option<serde_json::Value> {
        match self {
            AppError::Validation(errors) => serde_json::to_value(errors).ok(),
            AppError::InvalidFile(errors) => serde_json::to_value(errors).ok(),
            AppError::ImportRejected(errors) => serde_json::to_value(errors).ok(),
            AppError::RateLimited(limit) => serde_json::to_value(limit).ok(),
            AppError::Conflict(_, current) => current.clone(),
            AppError::PayloadTooLarge(Some(limit)) => Some(serde_json::json!({ "limit": limit })),
            _ => None,
        }
    }

    /// Logs what the operator needs: the whole chain for internal errors.
    pub fn log(&self) {
        match self {
            AppError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            AppError::Unavailable(e) => tracing::warn!(error = ?e, "service unavailable"),
            _ => {}
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorObject,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorObject {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let body = ErrorBody {
            error: ErrorObject { code: self.code(), message: self.public_message(), details: self.details() },
        };
        let mut response = (self.status(), Json(body)).into_response();
        let retry_after = match &self {
            AppError::RateLimited(limit) => Some((limit.resets_at - Utc::now()).num_seconds().max(1)),
            AppError::Unavailable(_) => Some(5),
            _ => None,
        };
        if let Some(value) = retry_after.and_then(|s| s.to_string().parse().ok()) {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
