//! argon2id hashing with the crate's default (OWASP-recommended) parameters, off the async
//! threads and a few at a time.
//!
//! Each check holds 19 MiB while it runs, so the number of checks running at once is capped at
//! the number of cores: more in parallel would not finish sooner, only use more memory. Checks
//! beyond that wait their turn; one that waits too long is answered with 503.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::time::Duration;

use anyhow::anyhow;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::Semaphore;

use crate::error::{AppError, AppResult};

/// How long a check waits for its turn before the caller is told to come back.
const QUEUE_WAIT: Duration = Duration::from_secs(10);

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

static TURNS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(cores()));
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// The most checks that ever ran at the same time in this process.
pub fn most_running_at_once() -> usize {
    MOST_RUNNING.load(Ordering::SeqCst)
}

/// How many checks may run at the same time.
pub fn concurrency_limit() -> usize {
    cores()
}

/// Runs `work` on a blocking thread once a turn is free.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let turn = tokio::time::timeout(QUEUE_WAIT, TURNS.acquire())
        .await
        .map_err(|_| AppError::Unavailable(anyhow!("password checks are queued too long")))?
        .map_err(|e| AppError::Internal(anyhow!("password turns closed: {e}")))?;
    let result = tokio::task::spawn_blocking(move || {
        let running = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_RUNNING.fetch_max(running, Ordering::SeqCst);
        metrics::gauge!("merit_password_checks_running").set(running as f64);
        let result = work();
        let running = RUNNING.fetch_sub(1, Ordering::SeqCst) - 1;
        metrics::gauge!("merit_password_checks_running").set(running as f64);
        result
    })
    .await
    .map_err(|e| AppError::Internal(anyhow!("password task: {e}")));
    drop(turn);
    result
}

fn hash_blocking(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(anyhow!("hashing password: {e}")))
}

/// A hash of nothing anyone knows, verified against when the account does not exist so that
/// unknown and known e-mails take the same time.
static DUMMY: OnceLock<String> = OnceLock::new();

fn dummy_hash() -> &'static str {
    DUMMY.get_or_init(|| hash_blocking("merit-timing-equaliser").unwrap_or_default())
}

/// Computes the dummy hash now, so the first sign-in for an unknown e-mail takes no longer
/// than any other. Called while the server starts.
pub fn warm_up() {
    dummy_hash();
}

/// Whether the dummy hash is ready (see [`warm_up`]).
pub fn is_warm() -> bool {
    DUMMY.get().is_some()
}

pub async fn hash(password: String) -> AppResult<String> {
    in_turn(move || hash_blocking(&password)).await?
}

/// Verifies `password` against `stored`, or against a dummy hash when there is no account.
/// Returns false for a missing account whatever the password.
pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    in_turn(move || {
        let exists = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| AppError::Internal(anyhow!("stored password hash is malformed: {e}")))?;
        let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(exists && matches)
    })
    .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hash = hash("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse".into(), Some(hash.clone())).await.unwrap());
        assert!(!verify("wrong".into(), Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn missing_account_never_verifies() {
        assert!(!verify("merit-timing-equaliser".into(), None).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_checks_run_at_once_than_there_are_cores() {
        let checks: Vec<_> = (0..12).map(|i| tokio::spawn(verify(format!("guess {i}"), None))).collect();
        for check in checks {
            assert!(!check.await.unwrap().unwrap());
        }
        assert!(most_running_at_once() >= 1);
        assert!(
            most_running_at_once() <= concurrency_limit(),
            "{} checks ran at once, limit {}",
            most_running_at_once(),
            concurrency_limit()
        );
    }
}
