//! `/api/v1/periods`: evaluation periods (admins open and close them; at most one is open) and
//! one's own goal sheet of a period.

use axum::Json;
use uuid::Uuid;

use super::extract::{Api, ApiJson, ApiPath, RawQuery};
use super::responses::{created, Created, Forbidden, Invalid, NotFound, Reply, Unauthorized};
use crate::error::ErrorBody;
use crate::goals::GoalSheet;
use crate::periods::{service, Period, PeriodInput};

/// The organization's periods, newest first.
#[utoipa::path(
    get, path = "/api/v1/periods", tag = "periods",
    params(("sort" = Option<String>, Query, description = "startsOn, name, status (default: newest first)"),
           ("order" = Option<String>, Query, description = "asc (default) or desc")),
    responses((status = 200, body = Vec<Period>), Unauthorized, Invalid)
)]
pub async fn list(Api { pool, ctx }: Api, query: RawQuery) -> Reply<Vec<Period>> {
    let sort = query.sort(service::PERIOD_SORTS)?;
    let mut periods = service::list(&pool, &ctx).await?;
    if let Some(sort) = sort {
        service::sort(&mut periods, sort);
    }
    Ok(Json(periods))
}

/// Plans a period (admins); it opens separately.
#[utoipa::path(
    post, path = "/api/v1/periods", tag = "periods",
    request_body = PeriodInput,
    responses((status = 201, body = Period), Unauthorized, Forbidden, Invalid)
)]
pub async fn create(Api { pool, ctx }: Api, ApiJson(body): ApiJson<PeriodInput>) -> Created<Period> {
    Ok(created(service::create(&pool, &ctx, &body).await?))
}

/// Opens a planned or closed period while no other is open (admins).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/open", tag = "periods",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Period), Unauthorized, Forbidden, NotFound,
        (status = 409, description = "Another period is open, or this one is open already", body = ErrorBody),
    )
)]
pub async fn open(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Period> {
    Ok(Json(service::open(&pool, &ctx, id).await?))
}

/// Closes the open period: its sheets become read-only (admins).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/close", tag = "periods",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Period), Unauthorized, Forbidden, NotFound,
        (status = 409, description = "The period is not open", body = ErrorBody),
    )
)]
pub async fn close(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Period> {
    Ok(Json(service::close(&pool, &ctx, id).await?))
}

/// The caller's goal sheet of a period: the open one, or an earlier one (read-only).
#[utoipa::path(
    get, path = "/api/v1/periods/{id}/goal-sheet", tag = "goals",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = GoalSheet), Unauthorized,
        (status = 404, description = "No such period, or no sheet of the caller in it", body = ErrorBody),
    )
)]
pub async fn goal_sheet(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<GoalSheet> {
    Ok(Json(crate::goals::service::in_period(&pool, &ctx, id).await?))
}
