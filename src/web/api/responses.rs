//! What the handlers answer, declared once: the success replies, and the error answers the
//! endpoints share in the OpenAPI document. An endpoint lists those by name in
//! `responses(...)`, beside its own success answer and any error it explains further.

use axum::http::StatusCode;
use axum::Json;

use crate::error::{AppError, ErrorBody};

/// A JSON answer with status 200, or the error's answer.
pub type Reply<T> = Result<Json<T>, AppError>;

/// A JSON answer with status 201, or the error's answer.
pub type Created<T> = Result<(StatusCode, Json<T>), AppError>;

/// The 201 answer for what was just made.
pub fn created<T>(value: T) -> (StatusCode, Json<T>) {
    (StatusCode::CREATED, Json(value))
}

macro_rules! shared_errors {
    ($($name:ident => $status:tt, $description:tt;)*) => {$(
        #[doc = $description]
        #[derive(utoipa::IntoResponses)]
        #[response(status = $status, description = $description)]
        pub struct $name(pub ErrorBody);
    )*};
}

shared_errors! {
    Unauthorized => 401, "Not signed in, or the session has ended";
    Forbidden => 403, "The caller's role does not allow this";
    NotFound => 404, "Nothing in the caller's organization has this id";
    Conflict => 409, "The item's current state does not allow this";
    Invalid => 422, "Invalid input: `details` names each field with its code";
}
