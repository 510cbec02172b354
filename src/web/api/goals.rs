//! `/api/v1/goal-sheets`: one's own sheet for the open period, and the manager's review.

use axum::Json;
use uuid::Uuid;

use super::extract::{Api, ApiJson, ApiPath, OptionalJson};
use super::responses::{Conflict, Forbidden, Invalid, NotFound, Reply, Unauthorized};
use crate::error::ErrorBody;
use crate::goals::service::{self, Decision};
use crate::goals::{GoalSheet, ReviewInput, SheetUpdate};

/// The signed-in user's sheet for the open period (`id` is null until first saved).
#[utoipa::path(
    get, path = "/api/v1/goal-sheets/current", tag = "goals",
    responses(
        (status = 200, body = GoalSheet), Unauthorized,
        (status = 422, description = "No stage assigned, or no open period", body = ErrorBody),
    )
)]
pub async fn current(Api { pool, ctx }: Api) -> Reply<GoalSheet> {
    Ok(Json(service::current(&pool, &ctx).await?))
}

/// Replaces the whole sheet atomically. Categories may be under budget, never over.
#[utoipa::path(
    put, path = "/api/v1/goal-sheets/current", tag = "goals",
    request_body = SheetUpdate,
    responses(
        (status = 200, body = GoalSheet), Unauthorized,
        (status = 409, description = "Submitted or approved sheets are read-only", body = ErrorBody),
        Invalid,
    )
)]
pub async fn save(Api { pool, ctx }: Api, ApiJson(body): ApiJson<SheetUpdate>) -> Reply<GoalSheet> {
    Ok(Json(service::save_current(&pool, &ctx, &body.goals).await?))
}

/// Submits the saved sheet; every category must meet its budget exactly.
#[utoipa::path(
    post, path = "/api/v1/goal-sheets/current/submit", tag = "goals",
    responses((status = 200, body = GoalSheet), Unauthorized, Conflict, Invalid)
)]
pub async fn submit(Api { pool, ctx }: Api) -> Reply<GoalSheet> {
    Ok(Json(service::submit_current(&pool, &ctx).await?))
}

/// Approves a submitted sheet (the owner's manager).
#[utoipa::path(
    post, path = "/api/v1/goal-sheets/{id}/approve", tag = "goals",
    params(("id" = Uuid, Path)),
    request_body(content = Option<ReviewInput>),
    responses((status = 200, body = GoalSheet), Forbidden, NotFound, Conflict)
)]
pub async fn approve(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    OptionalJson(input): OptionalJson<ReviewInput>,
) -> Reply<GoalSheet> {
    Ok(Json(service::review(&pool, &ctx, id, Decision::Approve, &input).await?))
}

/// Returns a submitted sheet to its owner with a comment (the owner's manager).
#[utoipa::path(
    post, path = "/api/v1/goal-sheets/{id}/return", tag = "goals",
    params(("id" = Uuid, Path)),
    request_body = ReviewInput,
    responses((status = 200, body = GoalSheet), Forbidden, NotFound, Conflict, Invalid)
)]
pub async fn return_sheet(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ReviewInput>,
) -> Reply<GoalSheet> {
    Ok(Json(service::review(&pool, &ctx, id, Decision::Return, &body).await?))
}

/// The periods the caller has a sheet in (and the open one), newest first.
#[utoipa::path(
    get, path = "/api/v1/goal-sheets/mine", tag = "goals",
    responses((status = 200, body = Vec<crate::goals::PeriodSheet>), Unauthorized)
)]
pub async fn mine(Api { pool, ctx }: Api) -> Reply<Vec<crate::goals::PeriodSheet>> {
    Ok(Json(service::mine(&pool, &ctx).await?))
}
