//! `/api/v1/periods`: evaluation periods (admins open and close them; at most one is open) and
//! one's own goal sheet of a period.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use uuid::Uuid;

use super::extract::{ApiCtx, ApiJson, ApiPath};
use crate::error::{AppError, ErrorBody};
use crate::goals::GoalSheet;
use crate::periods::{service, Period, PeriodInput};
use crate::state::AppState;

/// The organization's periods, newest first.
#[utoipa::path(
    get, path = "/api/v1/periods", tag = "periods",
    responses((status = 200, body = Vec<Period>), (status = 401, body = ErrorBody))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<Period>>, AppError> {
    Ok(Json(service::list(&state.pool, &ctx).await?))
}

/// Plans a period (admins); it opens separately.
#[utoipa::path(
    post, path = "/api/v1/periods", tag = "periods",
    request_body = PeriodInput,
    responses(
        (status = 201, body = Period),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(body): ApiJson<PeriodInput>,
) -> Result<(StatusCode, Json<Period>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(service::create(&state.pool, &ctx, &body).await?),
    ))
}

/// Opens a planned or closed period while no other is open (admins).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/open", tag = "periods",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Period),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Another period is open, or this one is open already", body = ErrorBody),
    )
)]
pub async fn open(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Period>, AppError> {
    Ok(Json(service::open(&state.pool, &ctx, id).await?))
}

/// Closes the open period: its sheets become read-only (admins).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/close", tag = "periods",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Period),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The period is not open", body = ErrorBody),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Period>, AppError> {
    Ok(Json(service::close(&state.pool, &ctx, id).await?))
}

/// The caller's goal sheet of a period: the open one, or an earlier one (read-only).
#[utoipa::path(
    get, path = "/api/v1/periods/{id}/goal-sheet", tag = "goals",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = GoalSheet),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such period, or no sheet of the caller in it", body = ErrorBody),
    )
)]
pub async fn goal_sheet(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<GoalSheet>, AppError> {
    Ok(Json(
        crate::goals::service::in_period(&state.pool, &ctx, id).await?,
    ))
}
