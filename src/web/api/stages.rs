//! `/api/v1/stages`: the stage table (any member), weight edits and history (admins).

use axum::Json;
use uuid::Uuid;

use super::extract::{Api, ApiJson, ApiPath, RawQuery};
use super::responses::{created, Created, Forbidden, Invalid, NotFound, Reply, Unauthorized};
use crate::domain::Page;
use crate::error::ErrorBody;
use crate::stages::{service, Stage, StageDetail, WeightChange, WeightsUpdate};

/// The organization's stages, by number.
#[utoipa::path(
    get, path = "/api/v1/stages", tag = "stages",
    params(
        ("sort" = Option<String>, Query, description = "number, name, updatedAt (default: number)"),
        ("order" = Option<String>, Query, description = "asc (default) or desc"),
        ("page" = Option<i64>, Query, description = "1-based page number"),
        ("pageSize" = Option<i64>, Query, description = "Items per page, 1–100 (default 25)"),
    ),
    responses((status = 200, body = Page<Stage>), Unauthorized, Invalid)
)]
pub async fn list(Api { pool, ctx }: Api, query: RawQuery) -> Reply<Page<Stage>> {
    let page = query.page_request()?;
    let sort = query.sort(service::STAGE_SORTS)?;
    Ok(Json(service::list_sorted(&pool, &ctx, sort, page).await?))
}

/// Adds the next stage at 70/30/10 (admins).
#[utoipa::path(
    post, path = "/api/v1/stages", tag = "stages",
    responses((status = 201, body = Stage), Unauthorized, Forbidden)
)]
pub async fn create(Api { pool, ctx }: Api) -> Created<Stage> {
    Ok(created(service::create(&pool, &ctx).await?))
}

#[utoipa::path(
    get, path = "/api/v1/stages/{id}", tag = "stages",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = StageDetail), Unauthorized, NotFound)
)]
pub async fn get(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<StageDetail> {
    let stage = service::get(&pool, &ctx, id).await?;
    Ok(Json(StageDetail::new(stage, ctx.actor.role.can_administer())))
}

/// Changes a stage's weights (admins). `version` must be the stage's current version.
#[utoipa::path(
    patch, path = "/api/v1/stages/{id}/weights", tag = "stages",
    params(("id" = Uuid, Path)),
    request_body = WeightsUpdate,
    responses(
        (status = 200, body = Stage), Unauthorized, Forbidden, NotFound,
        (status = 409, description = "Stale version; details hold the current stage", body = ErrorBody),
        (status = 422, description = "Invalid weights, per field", body = ErrorBody),
    )
)]
pub async fn update_weights(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<WeightsUpdate>,
) -> Reply<Stage> {
    Ok(Json(service::update_weights(&pool, &ctx, id, &body).await?))
}

/// A stage's weight changes, newest first (admins).
#[utoipa::path(
    get, path = "/api/v1/stages/{id}/weight-history", tag = "stages",
    params(
        ("id" = Uuid, Path),
        ("page" = Option<i64>, Query, description = "1-based page number"),
        ("pageSize" = Option<i64>, Query, description = "Items per page, 1–100 (default 25)"),
    ),
    responses((status = 200, body = Page<WeightChange>), Unauthorized, Forbidden, NotFound)
)]
pub async fn history(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>, query: RawQuery) -> Reply<Page<WeightChange>> {
    let page = query.page_request()?;
    Ok(Json(service::history(&pool, &ctx, id, page).await?))
}
