//! Plain HTML form posts (they work without JavaScript): sign-in, sign-out, language switch,
//! account settings, and opening or marking notifications.
//! Each answers with a redirect, so a reload never re-posts.

use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use chrono::Utc;
use serde::Deserialize;

use super::context::{RequestContext, FLASH, SIGNED_IN_AT};
use crate::app::session::Flash;
use crate::auth::service::SignIn;
use crate::auth::AuthSession;
use crate::domain::redirect::safe_next;
use crate::domain::Locale;
use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/locale", post(locale))
        .route("/auth/set-password", post(set_password))
        .route("/account/profile", post(profile))
        .route("/account/password", post(password))
        .route("/notifications/{id}/open", post(open_notification))
        .route("/notifications/read-all", post(read_all_notifications))
}

/// Opens a notification: marks it read and goes to what it is about (its stored link, a path
/// of Merit). Someone else's, or one that no longer exists, leads back to the list.
async fn open_notification(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let Some(ctx) = context.ctx() else {
        return Redirect::to("/login?next=%2Fnotifications").into_response();
    };
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return Redirect::to("/notifications").into_response();
    };
    match crate::notifications::service::mark_read(&state.pool, &ctx, id).await {
        Ok(notification) => Redirect::to(safe_next(&notification.link).unwrap_or("/notifications")).into_response(),
        Err(AppError::NotFound) => Redirect::to("/notifications").into_response(),
        Err(e) => e.into_response(),
    }
}

/// Marks all of one's notifications read and shows the list again.
async fn read_all_notifications(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Response {
    let Some(ctx) = context.ctx() else {
        return Redirect::to("/login?next=%2Fnotifications").into_response();
    };
    match crate::notifications::service::mark_all_read(&state.pool, &ctx).await {
        Ok(_) => Redirect::to("/notifications").into_response(),
        Err(e) => e.into_response(),
    }
}

/// The code a page shows for a failed account form: the first field error's code, or what
/// kind of failure it was.
fn failure_code(error: &AppError) -> String {
    match error {
        AppError::Validation(fields) => {
            fields.first().map(|f| f.code.as_str().to_owned()).unwrap_or_else(|| "invalid".to_owned())
        }
        AppError::RateLimited(_) => "throttled".to_owned(),
        other => {
            other.log();
            "unavailable".to_owned()
        }
    }
}

#[derive(Deserialize)]
pub struct SetPasswordForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// The set-password link's form: sets the password, signs in, and goes to the dashboard.
async fn set_password(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Extension(context): Extension<RequestContext>,
    Form(form): Form<SetPasswordForm>,
) -> Response {
    let back = |code: &str| {
        Redirect::to(&format!(
            "{}?token={}&error={code}",
            crate::users::passwords::SET_PASSWORD_PATH,
            encode(&form.token)
        ))
        .into_response()
    };
    if form.password != form.confirm {
        return back("mismatch");
    }
    let outcome =
        crate::users::passwords::set_password(&state.pool, &form.token, &form.password, context.request_id.as_deref())
            .await;
    let user = match outcome {
        Ok(user) => user,
        Err(e) => return back(&failure_code(&e)),
    };
    if let Err(e) = start_session(&mut auth, user.into()).await {
        e.log();
        return Redirect::to("/login").into_response();
    }
    let _ = auth.session.insert(FLASH, Flash::PasswordSet).await;
    Redirect::to("/").into_response()
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    lang: String,
}

/// The profile page's form: one's name and language.
async fn profile(
    State(state): State<AppState>,
    auth: AuthSession,
    Extension(context): Extension<RequestContext>,
    Form(form): Form<ProfileForm>,
) -> Response {
    let Some(ctx) = context.ctx() else {
        return Redirect::to("/login?next=%2Fprofile").into_response();
    };
    let patch = crate::users::ProfilePatch { display_name: Some(form.display_name), locale: Locale::parse(&form.lang) };
    match crate::users::passwords::update_profile(&state.pool, &ctx, &patch).await {
        Ok(user) => {
            let _ = auth.session.insert(FLASH, Flash::ProfileSaved).await;
            let mut response = Redirect::to("/profile").into_response();
            if let Some(locale) = user.locale {
                let cookie = super::context::locale_cookie(locale, state.config.secure_cookies);
                if let Ok(value) = cookie.parse() {
                    response.headers_mut().append(axum::http::header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(e) => Redirect::to(&format!("/profile?error={}", failure_code(&e))).into_response(),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

/// The profile page's password form: the current password is required; every other session
/// of the person ends, this one continues.
async fn password(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Extension(context): Extension<RequestContext>,
    Form(form): Form<PasswordForm>,
) -> Response {
    let Some(ctx) = context.ctx() else {
        return Redirect::to("/login?next=%2Fprofile").into_response();
    };
    if form.new_password != form.confirm {
        return Redirect::to("/profile?error=mismatch#password").into_response();
    }
    let change =
        crate::users::PasswordChange { current_password: form.current_password, new_password: form.new_password };
    let user = match crate::users::passwords::change_password(&state.pool, &ctx, &change).await {
        Ok(user) => user,
        Err(e) => return Redirect::to(&format!("/profile?error={}#password", failure_code(&e))).into_response(),
    };
    if let Err(e) = start_session(&mut auth, user.into()).await {
        e.log();
        return Redirect::to("/login").into_response();
    }
    let _ = auth.session.insert(FLASH, Flash::PasswordChanged).await;
    Redirect::to("/profile").into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn back_to_login(error: &str, next: &str, extra: &str) -> Response {
    let mut url = format!("/login?error={error}");
    if safe_next(next).is_some() {
        url.push_str(&format!("&next={}", encode(next)));
    }
    url.push_str(extra);
    Redirect::to(&url).into_response()
}

/// Signs in, renews the session id and stores the sign-in time for the absolute expiry.
/// Shared by the form and the REST endpoint.
pub async fn sign_in(auth: &mut AuthSession, input: SignIn) -> Result<crate::auth::SessionUser, AppError> {
    let user = match auth.authenticate(input).await {
        Ok(Some(user)) => user,
        Ok(None) => return Err(AppError::InvalidCredentials),
        Err(axum_login::Error::Backend(e)) => return Err(e),
        Err(axum_login::Error::Session(e)) => return Err(AppError::Internal(e.into())),
    };
    start_session(auth, user).await
}

/// Starts a fresh session for `user` (after a sign-in, a password set from a link, or a
/// password change, whose new hash ends every other session of theirs).
pub async fn start_session(
    auth: &mut AuthSession,
    user: crate::auth::SessionUser,
) -> Result<crate::auth::SessionUser, AppError> {
    // Nothing of a previous user's session survives into the new one.
    if auth.user.is_some() {
        auth.logout().await.map_err(|e| AppError::Internal(anyhow::anyhow!("ending the previous session: {e}")))?;
    }
    auth.login(&user).await.map_err(|e| AppError::Internal(anyhow::anyhow!("starting the session: {e}")))?;
    // axum-login renews the id only for a session that never held a user; after the logout
    // above the store would reuse the old id (session fixation), so every sign-in renews it.
    auth.session.cycle_id().await.map_err(|e| AppError::Internal(anyhow::anyhow!("renewing the session id: {e}")))?;
    auth.session.insert(SIGNED_IN_AT, Utc::now().timestamp()).await.map_err(|e| AppError::Internal(e.into()))?;
    Ok(user)
}

async fn login(
    mut auth: AuthSession,
    Extension(context): Extension<RequestContext>,
    Form(form): Form<LoginForm>,
) -> Response {
    if form.email.trim().is_empty() || form.password.is_empty() {
        return back_to_login("missing", &form.next, "");
    }
    let input = SignIn {
        email: form.email,
        password: form.password,
        ip: context.ip.clone(),
        request_id: context.request_id.clone(),
    };
    match sign_in(&mut auth, input).await {
        Ok(_) => {
            let _ = auth.session.insert(FLASH, Flash::SignedIn).await;
            Redirect::to(safe_next(&form.next).unwrap_or("/")).into_response()
        }
        Err(AppError::InvalidCredentials | AppError::Validation(_)) => back_to_login("invalid", &form.next, ""),
        Err(AppError::RateLimited(limit)) => {
            back_to_login("throttled", &form.next, &format!("&until={}", limit.resets_at.timestamp()))
        }
        Err(other) => {
            other.log();
            back_to_login("unavailable", &form.next, "")
        }
    }
}

async fn logout(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Extension(context): Extension<RequestContext>,
) -> Response {
    if let Some(ctx) = context.ctx() {
        if let Err(e) = crate::auth::service::sign_out(&state.pool, &ctx).await {
            e.log();
        }
    }
    if let Err(e) = auth.logout().await {
        tracing::warn!(error = %e, "ending the session failed");
    }
    Redirect::to("/login").into_response()
}

#[derive(Deserialize)]
pub struct LocaleForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

/// Remembers the language on the user (signed in) and in a cookie, so signing out keeps it.
/// A signed-out visitor gets only the cookie: switching languages never creates a session.
async fn locale(
    State(state): State<AppState>,
    auth: AuthSession,
    Extension(context): Extension<RequestContext>,
    Form(form): Form<LocaleForm>,
) -> Response {
    let back = safe_next(&form.next).unwrap_or("/").to_owned();
    let Some(locale) = Locale::parse(&form.lang) else {
        return Redirect::to(&back).into_response();
    };
    if let Some(ctx) = context.ctx() {
        if let Err(e) = crate::users::service::set_locale(&state.pool, &ctx, locale).await {
            return e.into_response();
        }
        let _ = auth.session.insert(FLASH, Flash::LocaleChanged).await;
    }
    let cookie = super::context::locale_cookie(locale, state.config.secure_cookies);
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(axum::http::header::SET_COOKIE, value);
    }
    response
}
