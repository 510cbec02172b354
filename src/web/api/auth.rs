//! `POST /api/v1/auth/login` and `/logout`: the same session as the pages, as JSON.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use super::extract::ApiJson;
use crate::auth::service::SignIn;
use crate::auth::AuthSession;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use crate::users::UserView;
use crate::web::context::{RequestContext, ResponseUser};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Signs in and sets the session cookie.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = UserView),
        (status = 401, description = "Invalid email or password", body = ErrorBody),
        (status = 422, description = "Malformed body", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Extension(context): Extension<RequestContext>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, AppError> {
    let input = SignIn { email: body.email, password: body.password, ip: context.ip, request_id: context.request_id };
    let user = crate::web::forms::sign_in(&mut auth, input).await?;
    let ctx = crate::ctx::Ctx::new(user.actor.clone(), None);
    let view = crate::users::service::me(&state.pool, &ctx).await?;
    let mut response = Json(view).into_response();
    response.extensions_mut().insert(ResponseUser(user.actor.user_id));
    Ok(response)
}

/// Ends the session. Signed-out callers get 204 too: the outcome is the same.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out"))
)]
pub async fn logout(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Extension(context): Extension<RequestContext>,
) -> Result<StatusCode, AppError> {
    if let Some(ctx) = context.ctx() {
        crate::auth::service::sign_out(&state.pool, &ctx).await?;
    }
    auth.logout().await.map_err(|e| AppError::Internal(anyhow::anyhow!("ending the session: {e}")))?;
    Ok(StatusCode::NO_CONTENT)
}
