//! How much and how long a request may take: bodies up to [`MAX_BODY_BYTES`] (uploads have
//! their own cap, checked by their handlers before and while they read), an answer within
//! `MERIT_REQUEST_TIMEOUT_SECONDS` (`MERIT_UPLOAD_TIMEOUT_SECONDS` for uploads), else 503, and
//! a memory budget that all uploads being read or checked at one time share ([`UploadBudget`]).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;

use super::error_format::respond;
use crate::error::AppError;
use crate::state::AppState;

/// Room in memory for uploads: each upload being read and checked holds as many MiB as it
/// announced, so however many arrive at once their files never take more than the budget
/// (`MERIT_UPLOAD_MEMORY_MIB`). An upload that finds no room waits, then gets 503.
pub struct UploadBudget {
    mebibytes: tokio::sync::Semaphore,
    total: u32,
}

/// How long an upload waits for room before it is told to come back.
const UPLOAD_ROOM_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

impl UploadBudget {
    pub fn new(total_mebibytes: u32) -> UploadBudget {
        UploadBudget {
            mebibytes: tokio::sync::Semaphore::new(total_mebibytes as usize),
            total: total_mebibytes,
        }
    }

    /// Room for an upload of `bytes`, held until the guard is dropped.
    pub async fn reserve(&self, bytes: u64) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
        let needed = bytes.div_ceil(1024 * 1024).clamp(1, u64::from(self.total)) as u32;
        match tokio::time::timeout(UPLOAD_ROOM_WAIT, self.mebibytes.acquire_many(needed)).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(e)) => Err(AppError::Internal(anyhow::anyhow!(
                "upload budget closed: {e}"
            ))),
            Err(_) => Err(AppError::Unavailable(anyhow::anyhow!(
                "no room for an upload of {bytes} bytes within {UPLOAD_ROOM_WAIT:?}"
            ))),
        }
    }
}

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

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn uploads_wait_for_room_and_are_turned_away_when_none_comes() {
        let budget = UploadBudget::new(10);
        let first = budget
            .reserve(8 * 1024 * 1024)
            .await
            .expect("room for the first");
        // The second does not fit while the first is held: it waits, then gets 503.
        let refused = budget.reserve(8 * 1024 * 1024).await.unwrap_err();
        assert_eq!(
            refused.status(),
            axum::http::StatusCode::SERVICE_UNAVAILABLE
        );
        drop(first);
        assert!(budget.reserve(8 * 1024 * 1024).await.is_ok());
        // An upload larger than the whole budget still runs, alone.
        assert!(budget.reserve(50 * 1024 * 1024).await.is_ok());
    }
}
