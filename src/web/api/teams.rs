//! `/api/v1/teams`: teams, their managers and members (admins and HR change them; everyone
//! sees the teams they lead or belong to).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use uuid::Uuid;

use super::extract::{ApiCtx, ApiJson, ApiPath};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use crate::teams::{service, MembersInput, TeamInput, TeamPatch, TeamView};

/// The teams the caller may see: all of them for admins and HR.
#[utoipa::path(
    get, path = "/api/v1/teams", tag = "teams",
    responses((status = 200, body = Vec<TeamView>), (status = 401, body = ErrorBody))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<TeamView>>, AppError> {
    Ok(Json(service::list(&state.pool, &ctx).await?))
}

#[utoipa::path(
    post, path = "/api/v1/teams", tag = "teams",
    request_body = TeamInput,
    responses(
        (status = 201, body = TeamView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(body): ApiJson<TeamInput>,
) -> Result<(StatusCode, Json<TeamView>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(service::create(&state.pool, &ctx, &body).await?),
    ))
}

/// Renames a team or gives it another manager.
#[utoipa::path(
    patch, path = "/api/v1/teams/{id}", tag = "teams",
    params(("id" = Uuid, Path)),
    request_body = TeamPatch,
    responses(
        (status = 200, body = TeamView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<TeamPatch>,
) -> Result<Json<TeamView>, AppError> {
    Ok(Json(service::update(&state.pool, &ctx, id, &body).await?))
}

/// Deletes a team without members.
#[utoipa::path(
    delete, path = "/api/v1/teams/{id}", tag = "teams",
    params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The team still has members", body = ErrorBody),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    service::delete(&state.pool, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets the whole membership: people named join (leaving any other team), others leave.
#[utoipa::path(
    put, path = "/api/v1/teams/{id}/members", tag = "teams",
    params(("id" = Uuid, Path)),
    request_body = MembersInput,
    responses(
        (status = 200, body = TeamView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn set_members(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<MembersInput>,
) -> Result<Json<TeamView>, AppError> {
    Ok(Json(
        service::set_members(&state.pool, &ctx, id, &body).await?,
    ))
}
