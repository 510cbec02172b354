//! Accounts without an e-mail server: an admin (or the command line) makes a set-password link
//! for a person, shown once; the link's page sets the password and signs the person in. A
//! signed-in person changes their own password and profile.
//!
//! A link holds 32 random bytes (base64url); only their SHA-256 is stored. It is used once and
//! expires after 72 hours; making a new link for a person retires their unused ones.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::service::{user_by_id, view, UserRecord};
use super::{PasswordChange, PasswordLink, ProfilePatch, UserView};
use crate::audit::writer::{self, Event, Origin};
use crate::auth::password;
use crate::ctx::Ctx;
use crate::domain::password::{check_new_password, MAX_PASSWORD_CHARS};
use crate::domain::people::check_person_name;
use crate::domain::text::without_nul;
use crate::domain::{ConflictReason, FieldCode, FieldError, Locale, Role};
use crate::error::{AppError, AppResult};

/// How long a set-password link works.
pub const LINK_LIFETIME_HOURS: i64 = 72;
/// The path of the set-password page; the token follows as `?token=`.
pub const SET_PASSWORD_PATH: &str = "/set-password";

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn new_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The link for `token` under Merit's public address.
pub fn link_url(base_url: &str, token: &str) -> String {
    format!("{}{SET_PASSWORD_PATH}?token={token}", base_url.trim_end_matches('/'))
}

/// Stores a new link for `user` (retiring their unused ones) and returns its token and expiry.
/// `created_by` is `None` when the command line makes it.
pub async fn issue(
    conn: &mut PgConnection,
    organization_id: Uuid,
    user: Uuid,
    created_by: Option<Uuid>,
) -> AppResult<(String, DateTime<Utc>)> {
    let token = new_token();
    let expires_at = Utc::now() + Duration::hours(LINK_LIFETIME_HOURS);
    sqlx::query!(
        "UPDATE password_links SET used_at = now(), updated_at = now()
          WHERE user_id = $1 AND used_at IS NULL",
        user,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO password_links (organization_id, user_id, token_hash, expires_at, created_by)
         VALUES ($1, $2, $3, $4, $5)",
        organization_id,
        user,
        token_hash(&token),
        expires_at as _,
        created_by,
    )
    .execute(conn)
    .await?;
    Ok((token, expires_at))
}

/// Makes a set-password link for a person the actor manages (admins anyone, HR employees and
/// managers). Shown once: only its hash is kept.
pub async fn create_link(pool: &PgPool, ctx: &Ctx, user: Uuid, base_url: &str) -> AppResult<PasswordLink> {
    ctx.require(Role::can_list_users)?;
    let mut tx = pool.begin().await?;
    let person = view(&mut tx, ctx, user).await?;
    if !super::people::may_manage(ctx.actor.role, person.role) {
        return Err(AppError::Forbidden);
    }
    if !person.active {
        return Err(AppError::conflict(
            ConflictReason::Inactive,
            "This person is deactivated; reactivate them before sending a link.",
        ));
    }
    let (token, expires_at) = issue(&mut tx, ctx.organization_id(), user, Some(ctx.user_id())).await?;
    writer::record_change(
        &mut tx,
        ctx,
        "user.password_link_created",
        "user",
        user,
        json!({ "expiresAt": expires_at, "hadPassword": person.has_password }),
    )
    .await?;
    tx.commit().await?;
    Ok(PasswordLink { url: link_url(base_url, &token), expires_at })
}

struct LinkRow {
    id: Uuid,
    user_id: Uuid,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
}

fn link_error(code: FieldCode, message: &str) -> AppError {
    AppError::validation("token", code, message)
}

/// The link of `token` (locked for the transaction) and its person, or why it cannot be used.
async fn check_link(conn: &mut PgConnection, token: &str) -> AppResult<(Uuid, Uuid)> {
    let link = sqlx::query_as!(
        LinkRow,
        r#"SELECT id, user_id, expires_at AS "expires_at: DateTime<Utc>",
                  used_at AS "used_at: DateTime<Utc>"
             FROM password_links WHERE token_hash = $1 FOR UPDATE"#,
        token_hash(token),
    )
    .fetch_optional(conn)
    .await?;
    let Some(link) = link else {
        return Err(link_error(FieldCode::Invalid, "This link is not valid; ask your admin for a new one."));
    };
    if link.used_at.is_some() {
        return Err(link_error(
            FieldCode::Used,
            "This link has been used already; sign in, or ask your admin for a new one.",
        ));
    }
    if link.expires_at <= Utc::now() {
        return Err(link_error(
            FieldCode::Expired,
            "This link has expired (links work for 72 hours); ask your admin for a new one.",
        ));
    }
    Ok((link.id, link.user_id))
}

/// Sets the password of the link's person and uses the link up. Returns the person, for the
/// adapter to sign them in. Unknown, used and expired links are refused with what happened.
pub async fn set_password(
    pool: &PgPool,
    token: &str,
    new_password: &str,
    request_id: Option<&str>,
) -> AppResult<UserRecord> {
    if token.len() > 200 || token.is_empty() {
        return Err(link_error(FieldCode::Invalid, "This link is not valid; ask your admin for a new one."));
    }
    check_new_password("password", new_password).map_err(|e| AppError::Validation(vec![e]))?;
    // A link that cannot work is refused before the slow hash is computed for it.
    let mut conn = pool.acquire().await?;
    check_link(&mut conn, token).await?;
    drop(conn);
    let hash = password::hash(new_password.to_owned()).await?;
    let mut tx = pool.begin().await?;
    let (link, user) = check_link(&mut tx, token).await?;
    let person = user_by_id(&mut tx, user)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| link_error(FieldCode::Inactive, "This account is deactivated."))?;
    sqlx::query!("UPDATE password_links SET used_at = now(), updated_at = now() WHERE id = $1", link)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "UPDATE users SET password_hash = $2, last_signed_in_at = now(), updated_at = now() WHERE id = $1",
        user,
        &hash,
    )
    .execute(&mut *tx)
    .await?;
    let event = Event {
        action: "user.password_set",
        entity_type: "user",
        entity_id: Some(user),
        payload: json!({ "link": link }),
    };
    let origin = Origin { organization_id: Some(person.organization_id), actor_user_id: Some(user), request_id };
    writer::record(&mut tx, origin, event).await?;
    tx.commit().await?;
    Ok(UserRecord { password_hash: Some(hash), ..person })
}

/// Changes the actor's own password; the current one is required. Every session of theirs
/// carries the old hash, so each ends at its next request (the adapter renews the current one).
pub async fn change_password(pool: &PgPool, ctx: &Ctx, input: &PasswordChange) -> AppResult<UserRecord> {
    let mut errors: Vec<FieldError> = Vec::new();
    if input.current_password.chars().count() > MAX_PASSWORD_CHARS {
        errors.push(FieldError::new(
            "currentPassword",
            FieldCode::TooLong,
            format!("a password has at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    if let Err(e) = check_new_password("newPassword", &input.new_password) {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut conn = pool.acquire().await?;
    let stored = user_by_id(&mut conn, ctx.user_id()).await?.ok_or(AppError::NotFound)?.password_hash;
    drop(conn);
    if !password::verify(input.current_password.clone(), stored.clone()).await? {
        return Err(AppError::validation("currentPassword", FieldCode::Wrong, "the current password is not right"));
    }
    let hash = password::hash(input.new_password.clone()).await?;
    let mut tx = pool.begin().await?;
    // Only if nobody changed it meanwhile (two tabs at once): the second gets the same error.
    let changed = sqlx::query!(
        "UPDATE users SET password_hash = $2, updated_at = now()
          WHERE id = $1 AND password_hash IS NOT DISTINCT FROM $3",
        ctx.user_id(),
        &hash,
        stored.as_deref(),
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::validation("currentPassword", FieldCode::Wrong, "the current password is not right"));
    }
    writer::record_change(&mut tx, ctx, "user.password_changed", "user", ctx.user_id(), json!({})).await?;
    let user = user_by_id(&mut tx, ctx.user_id()).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(user)
}

/// Changes the actor's own name and language.
pub async fn update_profile(pool: &PgPool, ctx: &Ctx, patch: &ProfilePatch) -> AppResult<UserView> {
    let name = patch.display_name.as_deref().map(str::trim);
    if let Some(name) = name {
        if let Some(error) = check_person_name("displayName", name) {
            return Err(AppError::Validation(vec![error]));
        }
        without_nul("displayName", name).map_err(|e| AppError::Validation(vec![e]))?;
    }
    let mut tx = pool.begin().await?;
    let before = view(&mut tx, ctx, ctx.user_id()).await?;
    sqlx::query!(
        "UPDATE users SET display_name = coalesce($2, display_name), locale = coalesce($3, locale),
                updated_at = now() WHERE id = $1",
        ctx.user_id(),
        name,
        patch.locale.map(Locale::as_str),
    )
    .execute(&mut *tx)
    .await?;
    let after = view(&mut tx, ctx, ctx.user_id()).await?;
    if after != before {
        writer::record_change(
            &mut tx,
            ctx,
            "user.profile_updated",
            "user",
            ctx.user_id(),
            json!({
                "before": { "displayName": before.display_name, "locale": before.locale },
                "after": { "displayName": after.display_name, "locale": after.locale },
            }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 32);
        assert_ne!(token_hash(&a), token_hash(&b));
        assert_eq!(link_url("https://merit.example/", "abc"), "https://merit.example/set-password?token=abc");
    }
}
