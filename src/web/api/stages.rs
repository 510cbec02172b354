//! `/api/v1/stages`: the stage table (any member), weight edits and history (admins).

use axum::extract::State;
use axum::Json;
use uuid::Uuid;

use super::extract::{ApiCtx, ApiJson, ApiPath, RawQuery};
use crate::domain::Page;
use crate::error::{AppError, ErrorBody};
use crate::stages::{service, Stage, WeightChange, WeightsUpdate};
use crate::state::AppState;

/// The organization's stages, by number.
#[utoipa::path(
    get, path = "/api/v1/stages", tag = "stages",
    params(
        ("page" = Option<i64>, Query, description = "1-based page number"),
        ("pageSize" = Option<i64>, Query, description = "Items per page, 1–100 (default 25)"),
    ),
    responses((status = 200, body = Page<Stage>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    query: RawQuery,
) -> Result<Json<Page<Stage>>, AppError> {
    let page = query.page_request()?;
    Ok(Json(service::list(&state.pool, &ctx, page).await?))
}

/// Adds the next stage at 70/30/10 (admins).
#[utoipa::path(
    post, path = "/api/v1/stages", tag = "stages",
    responses((status = 200, body = Stage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Stage>, AppError> {
    Ok(Json(service::create(&state.pool, &ctx).await?))
}

#[utoipa::path(
    get, path = "/api/v1/stages/{id}", tag = "stages",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Stage), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn get(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Stage>, AppError> {
    Ok(Json(service::get(&state.pool, &ctx, id).await?))
}

/// Changes a stage's weights (admins). `version` must be the stage's current version.
#[utoipa::path(
    patch, path = "/api/v1/stages/{id}/weights", tag = "stages",
    params(("id" = Uuid, Path)),
    request_body = WeightsUpdate,
    responses(
        (status = 200, body = Stage),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Stale version; details hold the current stage", body = ErrorBody),
        (status = 422, description = "Invalid weights, per field", body = ErrorBody),
    )
)]
pub async fn update_weights(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<WeightsUpdate>,
) -> Result<Json<Stage>, AppError> {
    Ok(Json(
        service::update_weights(&state.pool, &ctx, id, &body).await?,
    ))
}

/// A stage's weight changes, newest first (admins).
#[utoipa::path(
    get, path = "/api/v1/stages/{id}/weight-history", tag = "stages",
    params(
        ("id" = Uuid, Path),
        ("page" = Option<i64>, Query, description = "1-based page number"),
        ("pageSize" = Option<i64>, Query, description = "Items per page, 1–100 (default 25)"),
    ),
    responses(
        (status = 200, body = Page<WeightChange>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Result<Json<Page<WeightChange>>, AppError> {
    let page = query.page_request()?;
    Ok(Json(service::history(&state.pool, &ctx, id, page).await?))
}
