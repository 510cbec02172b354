//! `/api/v1/goal-sheets`: one's own sheet for the open period, and the manager's review.

use axum::extract::State;
use axum::Json;
use uuid::Uuid;

use super::extract::{ApiCtx, ApiJson, ApiPath};
use crate::domain::FieldCode;
use crate::error::{AppError, ErrorBody};
use crate::goals::service::{self, Decision};
use crate::goals::{GoalSheet, ReviewInput, SheetUpdate};
use crate::state::AppState;

/// The signed-in user's sheet for the open period (`id` is null until first saved).
#[utoipa::path(
    get, path = "/api/v1/goal-sheets/current", tag = "goals",
    responses(
        (status = 200, body = GoalSheet),
        (status = 401, body = ErrorBody),
        (status = 422, description = "No stage assigned, or no open period", body = ErrorBody),
    )
)]
pub async fn current(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<GoalSheet>, AppError> {
    Ok(Json(service::current(&state.pool, &ctx).await?))
}

/// Replaces the whole sheet atomically. Categories may be under budget, never over.
#[utoipa::path(
    put, path = "/api/v1/goal-sheets/current", tag = "goals",
    request_body = SheetUpdate,
    responses(
        (status = 200, body = GoalSheet),
        (status = 401, body = ErrorBody),
        (status = 409, description = "Submitted or approved sheets are read-only", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn save(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(body): ApiJson<SheetUpdate>,
) -> Result<Json<GoalSheet>, AppError> {
    Ok(Json(
        service::save_current(&state.pool, &ctx, &body.goals).await?,
    ))
}

/// Submits the saved sheet; every category must meet its budget exactly.
#[utoipa::path(
    post, path = "/api/v1/goal-sheets/current/submit", tag = "goals",
    responses(
        (status = 200, body = GoalSheet),
        (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<GoalSheet>, AppError> {
    Ok(Json(service::submit_current(&state.pool, &ctx).await?))
}

/// Approves a submitted sheet (the owner's manager).
#[utoipa::path(
    post, path = "/api/v1/goal-sheets/{id}/approve", tag = "goals",
    params(("id" = Uuid, Path)),
    request_body(content = Option<ReviewInput>),
    responses(
        (status = 200, body = GoalSheet),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
pub async fn approve(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    body: axum::body::Bytes,
) -> Result<Json<GoalSheet>, AppError> {
    // The body is optional here: approving needs no comment.
    let input: ReviewInput = if body.iter().all(u8::is_ascii_whitespace) {
        ReviewInput::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| AppError::validation("body", FieldCode::InvalidJson, e.to_string()))?
    };
    Ok(Json(
        service::review(&state.pool, &ctx, id, Decision::Approve, &input).await?,
    ))
}

/// Returns a submitted sheet to its owner with a comment (the owner's manager).
#[utoipa::path(
    post, path = "/api/v1/goal-sheets/{id}/return", tag = "goals",
    params(("id" = Uuid, Path)),
    request_body = ReviewInput,
    responses(
        (status = 200, body = GoalSheet),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn return_sheet(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ReviewInput>,
) -> Result<Json<GoalSheet>, AppError> {
    Ok(Json(
        service::review(&state.pool, &ctx, id, Decision::Return, &body).await?,
    ))
}

/// The periods the caller has a sheet in (and the open one), newest first.
#[utoipa::path(
    get, path = "/api/v1/goal-sheets/mine", tag = "goals",
    responses(
        (status = 200, body = Vec<crate::goals::PeriodSheet>),
        (status = 401, body = ErrorBody),
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<crate::goals::PeriodSheet>>, AppError> {
    Ok(Json(service::mine(&state.pool, &ctx).await?))
}
