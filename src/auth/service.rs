//! The sign-in and sign-out use cases, throttled and audited.

use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::password;
use super::throttle::{self, Throttled};
use crate::audit::writer::{self, Event, Origin};
use crate::config::ThrottleConfig;
use crate::ctx::Ctx;
use crate::domain::FieldCode;
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
        f.debug_struct("SignIn").field("email", &self.email).field("ip", &self.ip).finish_non_exhaustive()
    }
}

/// The longest e-mail address (RFC 5321) and password a sign-in accepts; longer input is refused
/// before anything is looked up or written.
pub const MAX_EMAIL_CHARS: usize = 254;
pub use crate::domain::password::MAX_PASSWORD_CHARS;

/// The e-mail as accounts are keyed (trimmed, lower-case), or the field error that refuses it.
fn sign_in_email(raw: &str) -> AppResult<String> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > MAX_EMAIL_CHARS {
        return Err(AppError::validation(
            "email",
            FieldCode::TooLong,
            format!("e-mail is at most {MAX_EMAIL_CHARS} characters"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(AppError::validation("email", FieldCode::Invalid, "e-mail must not contain control characters"));
    }
    Ok(Email::parse(trimmed).map(|e| e.as_str().to_owned()).unwrap_or_else(|| trimmed.to_lowercase()))
}

/// Reserves a password check with the throttle, verifies the password, then records the
/// outcome and its audit row. Refused attempts write one audit row per burst. Returns the user
/// on success; `InvalidCredentials` or `RateLimited` otherwise.
pub async fn sign_in(pool: &PgPool, throttle_config: &ThrottleConfig, input: SignIn) -> AppResult<UserRecord> {
    let email = sign_in_email(&input.email)?;
    if input.password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::validation(
            "password",
            FieldCode::TooLong,
            format!("password is at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    // Limits count an IPv6 client by its /64; the audit rows keep the address as seen.
    let address = crate::domain::network::address_key(&input.ip);
    let mut tx = pool.begin().await?;
    throttle::lock(&mut tx, &email, &address).await?;
    let user = user_by_email(&mut tx, &email).await?.filter(|u| u.active);
    let origin = |user: &Option<UserRecord>| Origin {
        organization_id: user.as_ref().map(|u| u.organization_id),
        actor_user_id: user.as_ref().map(|u| u.id),
        request_id: input.request_id.as_deref(),
    };
    let attempt = match throttle::reserve(&mut tx, throttle_config, &email, &address).await {
        Ok(attempt) => attempt,
        Err(Throttled::Failed(e)) => return Err(e),
        Err(Throttled::Limited(scope, limited)) => {
            let key = scope.key(&email, &address);
            if let Some(unaudited) = throttle::notice_due(&mut tx, throttle_config, &key).await? {
                let event = Event {
                    action: "auth.sign_in_throttled",
                    entity_type: "user",
                    entity_id: user.as_ref().map(|u| u.id),
                    payload: json!({
                        "email": email,
                        "ip": input.ip,
                        "limit": scope.as_str(),
                        "refusedSincePreviousNotice": unaudited,
                    }),
                };
                writer::record(&mut tx, origin(&user), event).await?;
            }
            tx.commit().await?;
            tracing::warn!(email = %email, ip = %input.ip, limit = scope.as_str(), "sign-in throttled");
            return Err(AppError::RateLimited(limited));
        }
    };
    // The reservation counts from here on; the slow check runs without holding the locks.
    tx.commit().await?;

    let matches = password::verify(input.password, user.as_ref().and_then(|u| u.password_hash.clone())).await?;
    let mut tx = pool.begin().await?;
    if matches {
        throttle::succeeded(&mut tx, attempt).await?;
        if let Some(user) = &user {
            sqlx::query!("UPDATE users SET last_signed_in_at = now() WHERE id = $1", user.id).execute(&mut *tx).await?;
        }
    }
    let (action, payload) = if matches {
        ("auth.signed_in", json!({ "ip": input.ip }))
    } else {
        ("auth.sign_in_failed", json!({ "email": email, "ip": input.ip }))
    };
    let event = Event { action, entity_type: "user", entity_id: user.as_ref().map(|u| u.id), payload };
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
    let event =
        Event { action: "auth.signed_out", entity_type: "user", entity_id: Some(ctx.user_id()), payload: json!({}) };
    writer::record(&mut tx, Origin::from(ctx), event).await?;
    tx.commit().await?;
    Ok(())
}

/// Loads an active user for the session layer.
pub async fn active_user(pool: &PgPool, id: Uuid) -> AppResult<Option<UserRecord>> {
    let mut conn = pool.acquire().await?;
    Ok(crate::users::service::user_by_id(&mut conn, id).await?.filter(|u| u.active))
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
