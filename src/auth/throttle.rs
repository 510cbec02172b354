//! The sign-in throttle: failed attempts per account and per address over a sliding window.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::config::ThrottleConfig;
use crate::error::{AppError, AppResult, RateLimit};

/// When `failures` (oldest first, all inside the window) reach `limit`, the time at which enough
/// of them have aged out for one more attempt.
fn limit_state(failures: &[DateTime<Utc>], limit: i64, window: Duration) -> Option<RateLimit> {
    let used = failures.len() as i64;
    if used < limit {
        return None;
    }
    let index = (used - limit) as usize;
    Some(RateLimit {
        limit,
        used,
        resets_at: failures[index] + window,
    })
}

/// Refuses with 429 when the account or the address has too many recent failures.
/// An account's count restarts after a successful sign-in.
pub async fn check(
    conn: &mut PgConnection,
    config: &ThrottleConfig,
    email: &str,
    ip: &str,
) -> AppResult<()> {
    let window = Duration::from_std(config.window).unwrap_or(Duration::minutes(15));
    let since = Utc::now() - window;
    let account: Vec<DateTime<Utc>> = sqlx::query_scalar(
        "SELECT created_at FROM login_attempts
          WHERE email = $1 AND NOT succeeded AND created_at > $2
            AND created_at > coalesce((SELECT max(created_at) FROM login_attempts
                                        WHERE email = $1 AND succeeded), '-infinity')
          ORDER BY created_at",
    )
    .bind(email)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    if let Some(limit) = limit_state(&account, config.per_account, window) {
        return Err(AppError::RateLimited(limit));
    }
    let address: Vec<DateTime<Utc>> = sqlx::query_scalar(
        "SELECT created_at FROM login_attempts
          WHERE ip = $1 AND NOT succeeded AND created_at > $2 ORDER BY created_at",
    )
    .bind(ip)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    if let Some(limit) = limit_state(&address, config.per_address, window) {
        return Err(AppError::RateLimited(limit));
    }
    Ok(())
}

pub async fn record(
    conn: &mut PgConnection,
    email: &str,
    ip: &str,
    succeeded: bool,
) -> AppResult<()> {
    sqlx::query("INSERT INTO login_attempts (id, email, ip, succeeded) VALUES ($1, $2, $3, $4)")
        .bind(Uuid::new_v4())
        .bind(email)
        .bind(ip)
        .bind(succeeded)
        .execute(conn)
        .await?;
    Ok(())
}

/// Attempts older than a day no longer matter to any window.
pub async fn prune(conn: &mut PgConnection) -> AppResult<u64> {
    let done =
        sqlx::query("DELETE FROM login_attempts WHERE created_at < now() - interval '1 day'")
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_limit_is_free() {
        let now = Utc::now();
        assert!(limit_state(&[now, now], 5, Duration::minutes(15)).is_none());
    }

    #[test]
    fn resets_when_enough_failures_age_out() {
        let start = Utc::now() - Duration::minutes(10);
        let failures: Vec<_> = (0..6).map(|i| start + Duration::minutes(i)).collect();
        let state = limit_state(&failures, 5, Duration::minutes(15)).unwrap();
        assert_eq!(state.used, 6);
        // Six failures, limit five: two must age out, so the second-oldest decides.
        assert_eq!(state.resets_at, failures[1] + Duration::minutes(15));
    }
}
