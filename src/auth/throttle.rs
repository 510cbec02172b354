//! The sign-in throttle: failed attempts over a sliding window, counted per account and
//! address, per address and per account (see [`ThrottleConfig`]).
//!
//! A password check is reserved before it runs: under locks on the account and the address, the
//! attempt is counted and written as a failure, so parallel guesses can never run more checks
//! than the limits allow. A check that succeeds turns its reservation into a success.

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
    Some(RateLimit { limit, used, resets_at: failures[index] + window, scope: None })
}

fn window(config: &ThrottleConfig) -> Duration {
    Duration::from_std(config.window).unwrap_or(Duration::minutes(15))
}

/// Which limit refused an attempt; also the key its audit notice is kept under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    AccountAndAddress,
    Address,
    Account,
}

impl Scope {
    pub fn as_str(&self) -> &'static str {
        match self {
            Scope::AccountAndAddress => "account_address",
            Scope::Address => "address",
            Scope::Account => "account",
        }
    }

    pub fn key(&self, email: &str, ip: &str) -> String {
        match self {
            Scope::AccountAndAddress => format!("account_address:{email}|{ip}"),
            Scope::Address => format!("address:{ip}"),
            Scope::Account => format!("account:{email}"),
        }
    }
}

/// Takes the account's and the address's locks for the rest of the transaction, always in
/// that order, so attempts that share either wait for each other.
pub async fn lock(conn: &mut PgConnection, email: &str, ip: &str) -> AppResult<()> {
    for key in [format!("sign-in account:{email}"), format!("sign-in address:{ip}")] {
        sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Failures since the account's last success, inside the window; `ip` narrows to one address.
async fn account_failures(
    conn: &mut PgConnection,
    email: &str,
    ip: Option<&str>,
    since: DateTime<Utc>,
) -> AppResult<Vec<DateTime<Utc>>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT created_at AS "created_at: DateTime<Utc>" FROM login_attempts
            WHERE email = $1 AND NOT succeeded AND created_at > $2 AND ($3::text IS NULL OR ip = $3)
              AND created_at > coalesce((SELECT max(created_at) FROM login_attempts
                                          WHERE email = $1 AND succeeded), '-infinity')
            ORDER BY created_at"#,
        email,
        since as _,
        ip,
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// How long a successful sign-in makes its address known for the account.
const KNOWN_FOR_DAYS: i64 = 30;

/// Whether the account signed in successfully from this address lately.
async fn known_address(conn: &mut PgConnection, email: &str, ip: &str) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM login_attempts
                           WHERE email = $1 AND ip = $2 AND succeeded AND created_at > $3)
                  AS "known!""#,
        email,
        ip,
        (Utc::now() - Duration::days(KNOWN_FOR_DAYS)) as _,
    )
    .fetch_one(conn)
    .await?)
}

/// Refuses with the first limit reached; otherwise records the attempt as a failure (the
/// reservation) and returns its id. Call under [`lock`].
pub async fn reserve(
    conn: &mut PgConnection,
    config: &ThrottleConfig,
    email: &str,
    ip: &str,
) -> Result<Uuid, Throttled> {
    let window = window(config);
    let since = Utc::now() - window;
    let pair = account_failures(conn, email, Some(ip), since).await?;
    if let Some(limit) = limit_state(&pair, config.per_account_and_address, window) {
        return Err(Throttled::Limited(Scope::AccountAndAddress, limit));
    }
    let address = sqlx::query_scalar!(
        r#"SELECT created_at AS "created_at: DateTime<Utc>" FROM login_attempts
            WHERE ip = $1 AND NOT succeeded AND created_at > $2 ORDER BY created_at"#,
        ip,
        since as _,
    )
    .fetch_all(&mut *conn)
    .await?;
    if let Some(limit) = limit_state(&address, config.per_address, window) {
        return Err(Throttled::Limited(Scope::Address, limit));
    }
    // Guessing spread over many addresses slows the account down, but not for an address its
    // owner has signed in from lately: nobody can lock the owner out from elsewhere.
    if !known_address(conn, email, ip).await? {
        let account = account_failures(conn, email, None, since).await?;
        if let Some(limit) = limit_state(&account, config.per_account, window) {
            return Err(Throttled::Limited(Scope::Account, limit));
        }
    }
    let id = Uuid::new_v4();
    sqlx::query!("INSERT INTO login_attempts (id, email, ip, succeeded) VALUES ($1, $2, $3, false)", id, email, ip)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// Why [`reserve`] refused.
#[derive(Debug)]
pub enum Throttled {
    Limited(Scope, RateLimit),
    Failed(AppError),
}

impl From<sqlx::Error> for Throttled {
    fn from(e: sqlx::Error) -> Self {
        Throttled::Failed(e.into())
    }
}

impl From<AppError> for Throttled {
    fn from(e: AppError) -> Self {
        Throttled::Failed(e)
    }
}

/// Turns a reservation into a success: the account's failures no longer count.
pub async fn succeeded(conn: &mut PgConnection, attempt: Uuid) -> AppResult<()> {
    sqlx::query!("UPDATE login_attempts SET succeeded = true WHERE id = $1", attempt).execute(conn).await?;
    Ok(())
}

/// Whether a refusal under `key` should be audited now: the first of a burst is, the rest of
/// the window's refusals are only counted (and the count goes into the next burst's row).
/// Returns the number of refusals left unaudited since the last row, when one is due.
pub async fn notice_due(conn: &mut PgConnection, config: &ThrottleConfig, key: &str) -> AppResult<Option<i64>> {
    let window = window(config);
    let previous = sqlx::query!(
        r#"SELECT audited_at AS "audited_at: DateTime<Utc>", suppressed
             FROM sign_in_throttle_notices WHERE key = $1 FOR UPDATE"#,
        key,
    )
    .fetch_optional(&mut *conn)
    .await?;
    match previous {
        Some(notice) if notice.audited_at > Utc::now() - window => {
            sqlx::query!("UPDATE sign_in_throttle_notices SET suppressed = suppressed + 1 WHERE key = $1", key)
                .execute(&mut *conn)
                .await?;
            Ok(None)
        }
        previous => {
            sqlx::query!(
                "INSERT INTO sign_in_throttle_notices (key, audited_at, suppressed) VALUES ($1, now(), 0)
                 ON CONFLICT (key) DO UPDATE SET audited_at = now(), suppressed = 0",
                key,
            )
            .execute(&mut *conn)
            .await?;
            Ok(Some(previous.map_or(0, |notice| notice.suppressed)))
        }
    }
}

/// Failures and notices older than a day no longer matter to any window; successes are kept
/// while they make their address known.
pub async fn prune(conn: &mut PgConnection) -> AppResult<u64> {
    let attempts = sqlx::query!(
        "DELETE FROM login_attempts
          WHERE (NOT succeeded AND created_at < now() - interval '1 day')
             OR created_at < now() - make_interval(days => $1)",
        KNOWN_FOR_DAYS as i32,
    )
    .execute(&mut *conn)
    .await?;
    let notices = sqlx::query!("DELETE FROM sign_in_throttle_notices WHERE audited_at < now() - interval '1 day'")
        .execute(&mut *conn)
        .await?;
    Ok(attempts.rows_affected() + notices.rows_affected())
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

    #[test]
    fn notice_keys_name_their_scope() {
        assert_eq!(Scope::AccountAndAddress.key("a@b.c", "10.0.0.1"), "account_address:a@b.c|10.0.0.1");
        assert_eq!(Scope::Address.key("a@b.c", "10.0.0.1"), "address:10.0.0.1");
        assert_eq!(Scope::Account.key("a@b.c", "10.0.0.1"), "account:a@b.c");
    }
}
