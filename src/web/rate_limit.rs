//! General rate limits for the API, server functions and form posts: so many requests per
//! minute per signed-in user, or per address when signed out (`MERIT_RATE_LIMIT_PER_MINUTE`),
//! counted by governor's keyed limiter (GCRA). Pages, assets and health checks are not limited
//! here; server functions share the page router, so the limit is chosen by path. Counts live
//! in this process; the sign-in throttle and the submission quotas, which must hold across
//! instances, live in PostgreSQL.

use std::num::NonZeroU32;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use super::context::RequestContext;
use super::error_format::respond;
use crate::error::{AppError, RateLimit};
use crate::state::AppState;

/// Whom a request is counted against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    User(uuid::Uuid),
    Address(String),
}

pub struct Limiter {
    limiter: DefaultKeyedRateLimiter<Caller>,
    per_minute: u32,
}

impl Limiter {
    /// `per_minute` requests a minute, in bursts of up to as many.
    pub fn new(per_minute: u32) -> Limiter {
        let per_minute = per_minute.max(1);
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        Limiter { limiter: DefaultKeyedRateLimiter::keyed(quota), per_minute }
    }

    /// Forgets callers whose allowance is full again (called by housekeeping).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

fn is_limited(path: &str) -> bool {
    (path.starts_with("/api/") && !path.starts_with("/api/health/")) || path.starts_with("/auth/")
}

pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !is_limited(path) {
        return next.run(req).await;
    }
    let Some(context) = req.extensions().get::<RequestContext>() else {
        return next.run(req).await;
    };
    let caller = match &context.actor {
        Some(actor) => Caller::User(actor.user_id),
        None => Caller::Address(crate::domain::network::address_key(&context.ip)),
    };
    let limits = &state.rate_limits;
    match limits.limiter.check_key(&caller) {
        Ok(()) => next.run(req).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::seconds(1));
            let path = path.to_owned();
            tracing::warn!(?caller, path = %path, "rate limited");
            let per_minute = i64::from(limits.per_minute);
            respond(
                &path,
                AppError::RateLimited(RateLimit {
                    limit: per_minute,
                    used: per_minute,
                    resets_at: chrono::Utc::now() + wait,
                    scope: None,
                }),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_gets_the_quota_and_no_more() {
        let limits = Limiter::new(3);
        let me = Caller::Address("10.0.0.1".into());
        for _ in 0..3 {
            assert!(limits.limiter.check_key(&me).is_ok());
        }
        assert!(limits.limiter.check_key(&me).is_err());
        assert!(limits.limiter.check_key(&Caller::Address("10.0.0.2".into())).is_ok());
    }

    #[test]
    fn pages_assets_and_health_are_not_limited_here() {
        assert!(is_limited("/api/v1/users"));
        assert!(is_limited("/api/people/list"));
        assert!(is_limited("/auth/login"));
        assert!(!is_limited("/api/health/ready"));
        assert!(!is_limited("/competitions"));
        assert!(!is_limited("/pkg/merit.js"));
    }
}
