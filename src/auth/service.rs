//! The sign-in and sign-out use cases, throttled and audited.

use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::{password, throttle};
use crate::audit::writer::{self, Event, Origin};
use crate::config::ThrottleConfig;
use crate::ctx::Ctx;
use crate::domain::{Actor, Email};
use crate::error::{AppError, AppResult};
use crate::users::service::{user_by_email, UserRecord};

/// What a sign-in form or API call carries, plus where it came from.
#[derive(Clone)]
pub struct SignIn {
    pub email: String,
    pub password: String,
    pub ip: String,
    pub request_id: Option<String>,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("email", &self.email)
            .field("ip", &self.ip)
            .finish_non_exhaustive()
    }
}

/// Checks the throttle, verifies the password and records the attempt and its audit row in one
/// transaction. Attempts for one account are serialized, so parallel guesses cannot slip past
/// the limit. Returns the user on success; `InvalidCredentials` or `RateLimited` otherwise.
pub async fn sign_in(
    pool: &PgPool,
    throttle_config: &ThrottleConfig,
    input: SignIn,
) -> AppResult<UserRecord> {
    let email = Email::parse(&input.email)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|| input.email.trim().to_lowercase());
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(&email)
        .execute(&mut *tx)
        .await?;

    let user = user_by_email(&mut tx, &email).await?.filter(|u| u.active);
    let origin = |user: &Option<UserRecord>| Origin {
        organization_id: user.as_ref().map(|u| u.organization_id),
        actor_user_id: user.as_ref().map(|u| u.id),
        request_id: input.request_id.as_deref(),
    };

    if let Err(limited) = throttle::check(&mut tx, throttle_config, &email, &input.ip).await {
        let event = Event {
            action: "auth.sign_in_throttled",
            entity_type: "user",
            entity_id: user.as_ref().map(|u| u.id),
            payload: json!({ "email": email, "ip": input.ip }),
        };
        writer::record(&mut tx, origin(&user), event).await?;
        tx.commit().await?;
        tracing::warn!(email = %email, ip = %input.ip, "sign-in throttled");
        return Err(limited);
    }

    let matches = password::verify(
        input.password,
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    throttle::record(&mut tx, &email, &input.ip, matches).await?;
    let (action, payload) = if matches {
        ("auth.signed_in", json!({ "ip": input.ip }))
    } else {
        (
            "auth.sign_in_failed",
            json!({ "email": email, "ip": input.ip }),
        )
    };
    let event = Event {
        action,
        entity_type: "user",
        entity_id: user.as_ref().map(|u| u.id),
        payload,
    };
    writer::record(&mut tx, origin(&user), event).await?;
    tx.commit().await?;

    match user {
        Some(user) if matches => Ok(user),
        _ => Err(AppError::InvalidCredentials),
    }
}

/// Audits a sign-out; the session itself is ended by the adapter.
pub async fn sign_out(pool: &PgPool, ctx: &Ctx) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let event = Event {
        action: "auth.signed_out",
        entity_type: "user",
        entity_id: Some(ctx.user_id()),
        payload: json!({}),
    };
    writer::record(&mut tx, Origin::from(ctx), event).await?;
    tx.commit().await?;
    Ok(())
}

/// Loads an active user for the session layer.
pub async fn active_user(pool: &PgPool, id: Uuid) -> AppResult<Option<UserRecord>> {
    let mut conn = pool.acquire().await?;
    Ok(crate::users::service::user_by_id(&mut conn, id)
        .await?
        .filter(|u| u.active))
}

impl UserRecord {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            organization_id: self.organization_id,
            role: self.role,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            locale: self.locale,
        }
    }
}
