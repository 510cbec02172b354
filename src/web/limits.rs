//! How much and how long a request may take: bodies up to [`MAX_BODY_BYTES`] (uploads have
//! their own cap, checked by their handlers before and while they read), and an answer within
//! `MERIT_REQUEST_TIMEOUT_SECONDS` (`MERIT_UPLOAD_TIMEOUT_SECONDS` for uploads), else 503.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;

use super::error_format::respond;
use crate::error::AppError;
use crate::state::AppState;

/// The largest body of anything but an upload: JSON, forms, server-function arguments.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Competition file uploads: predictions and answer keys.
pub fn is_upload(method: &Method, path: &str) -> bool {
    path.starts_with("/api/v1/competitions/")
        && ((*method == Method::POST && path.ends_with("/submissions"))
            || (*method == Method::PUT && path.ends_with("/answer-key")))
}

/// The length a request announces, if any.
pub fn announced_length(req: &Request) -> Option<u64> {
    req.headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

pub async fn apply(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let upload = is_upload(req.method(), &path);
    let timeout = if upload {
        state.config.upload_timeout
    } else {
        state.config.request_timeout
    };
    let req = if upload {
        req
    } else {
        if announced_length(&req).is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            return respond(&path, AppError::PayloadTooLarge(Some(MAX_BODY_BYTES)));
        }
        // A body that announced nothing (or less) is cut off at the cap while it is read.
        req.map(|body| Body::new(http_body_util::Limited::new(body, MAX_BODY_BYTES)))
    };
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => respond(
            &path,
            AppError::Unavailable(anyhow::anyhow!("no answer within {timeout:?}")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_the_two_file_routes() {
        let id = "/api/v1/competitions/6f1c0f0e-0000-4000-8000-000000000000";
        assert!(is_upload(&Method::POST, &format!("{id}/submissions")));
        assert!(is_upload(&Method::PUT, &format!("{id}/answer-key")));
        assert!(!is_upload(&Method::GET, &format!("{id}/submissions")));
        assert!(!is_upload(&Method::POST, "/api/v1/competitions"));
    }
}
