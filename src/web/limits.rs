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
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use uuid::Uuid;

use crate::error::AppError;
use crate::state::AppState;

/// Room in memory for uploads: each upload being read and checked holds MiB in proportion to
/// what it announced (its file, times what checking it takes), so however many arrive at once
/// they never take more than the budget (`MERIT_UPLOAD_MEMORY_MIB`). One person's uploads take
/// turns, so nobody can hold the whole budget with slow uploads of their own. An upload that
/// finds no room (or its turn) within 30 s gets 503.
pub struct UploadBudget {
    mebibytes: Arc<Semaphore>,
    total: u32,
    turns: Mutex<HashMap<Uuid, Arc<tokio::sync::Mutex<()>>>>,
}

/// How long an upload waits for its turn and for room before it is told to come back.
const UPLOAD_ROOM_WAIT: Duration = Duration::from_secs(30);

/// What an upload holds while it is read and checked: the person's turn and the memory.
pub struct UploadRoom {
    _turn: tokio::sync::OwnedMutexGuard<()>,
    _memory: OwnedSemaphorePermit,
}

impl UploadBudget {
    pub fn new(total_mebibytes: u32) -> UploadBudget {
        UploadBudget {
            mebibytes: Arc::new(Semaphore::new(total_mebibytes as usize)),
            total: total_mebibytes,
            turns: Mutex::default(),
        }
    }

    fn turn_of(&self, user: Uuid) -> Arc<tokio::sync::Mutex<()>> {
        let mut turns = self.turns.lock().unwrap_or_else(|e| e.into_inner());
        turns.entry(user).or_default().clone()
    }

    /// Forgets the turns of people with no upload under way (called by housekeeping).
    pub fn forget_idle(&self) {
        let mut turns = self.turns.lock().unwrap_or_else(|e| e.into_inner());
        turns.retain(|_, turn| Arc::strong_count(turn) > 1);
    }

    /// `user`'s turn and room for `bytes` of memory, held until the room is dropped.
    pub async fn reserve(&self, user: Uuid, bytes: u64) -> Result<UploadRoom, AppError> {
        let needed = bytes.div_ceil(1024 * 1024).clamp(1, u64::from(self.total)) as u32;
        let busy = || {
            AppError::Unavailable(anyhow::anyhow!("no room for an upload of {bytes} bytes within {UPLOAD_ROOM_WAIT:?}"))
        };
        let waited = tokio::time::timeout(UPLOAD_ROOM_WAIT, async {
            let turn = self.turn_of(user).lock_owned().await;
            let memory = self.mebibytes.clone().acquire_many_owned(needed).await;
            (turn, memory)
        })
        .await;
        match waited {
            Ok((turn, Ok(memory))) => Ok(UploadRoom { _turn: turn, _memory: memory }),
            Ok((_, Err(e))) => Err(AppError::Internal(anyhow::anyhow!("upload budget closed: {e}"))),
            Err(_) => Err(busy()),
        }
    }
}

/// The largest body of anything but an upload: JSON, forms, server-function arguments.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// File uploads: competition predictions and answer keys, people imports.
pub fn is_upload(method: &Method, path: &str) -> bool {
    (path.starts_with("/api/v1/competitions/")
        && ((*method == Method::POST && path.ends_with("/submissions"))
            || (*method == Method::PUT && path.ends_with("/answer-key"))))
        || (*method == Method::POST && path == "/api/v1/users/import")
}

/// The length a request announces, if any.
pub fn announced_length(req: &Request) -> Option<u64> {
    req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
}

pub async fn apply(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let upload = is_upload(req.method(), &path);
    let timeout = if upload { state.config.upload_timeout } else { state.config.request_timeout };
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
        Err(_) => respond(&path, AppError::Unavailable(anyhow::anyhow!("no answer within {timeout:?}"))),
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
    async fn uploads_wait_for_room_and_their_turn() {
        let (alice, bob) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let budget = UploadBudget::new(10);
        let Ok(first) = budget.reserve(alice, 8 * 1024 * 1024).await else {
            panic!("room for the first upload");
        };
        // Bob's does not fit while Alice's is held: it waits, then gets 503.
        let refused = budget.reserve(bob, 8 * 1024 * 1024).await.err().expect("no room");
        assert_eq!(refused.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        // Alice's second upload waits for her first, even where there is room.
        let waiting = budget.reserve(alice, 1024).await.err().expect("her turn has not come");
        assert_eq!(waiting.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        drop(first);
        assert!(budget.reserve(bob, 8 * 1024 * 1024).await.is_ok());
        // An upload larger than the whole budget still runs, alone.
        assert!(budget.reserve(alice, 50 * 1024 * 1024).await.is_ok());
        budget.forget_idle();
        assert!(budget.turns.lock().unwrap().is_empty());
    }
}
