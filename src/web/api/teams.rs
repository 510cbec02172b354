//! `/api/v1/teams`: teams, their managers and members (admins and HR change them; everyone
//! sees the teams they lead or belong to).

use axum::http::StatusCode;
use axum::Json;
use uuid::Uuid;

use super::extract::{Api, ApiJson, ApiPath, RawQuery};
use super::responses::{created, Created, Forbidden, Invalid, NotFound, Reply, Unauthorized};
use crate::error::{AppError, ErrorBody};
use crate::teams::{service, MembersInput, TeamInput, TeamPatch, TeamView};

/// The teams the caller may see: all of them for admins and HR.
#[utoipa::path(
    get, path = "/api/v1/teams", tag = "teams",
    params(("sort" = Option<String>, Query, description = "name, manager, members (default: name)"),
           ("order" = Option<String>, Query, description = "asc (default) or desc")),
    responses((status = 200, body = Vec<TeamView>), Unauthorized, Invalid)
)]
pub async fn list(Api { pool, ctx }: Api, query: RawQuery) -> Reply<Vec<TeamView>> {
    let sort = query.sort(service::TEAM_SORTS)?;
    let mut teams = service::list(&pool, &ctx).await?;
    if let Some(sort) = sort {
        service::sort(&mut teams, sort);
    }
    Ok(Json(teams))
}

#[utoipa::path(
    post, path = "/api/v1/teams", tag = "teams",
    request_body = TeamInput,
    responses((status = 201, body = TeamView), Unauthorized, Forbidden, Invalid)
)]
pub async fn create(Api { pool, ctx }: Api, ApiJson(body): ApiJson<TeamInput>) -> Created<TeamView> {
    Ok(created(service::create(&pool, &ctx, &body).await?))
}

/// Renames a team or gives it another manager.
#[utoipa::path(
    patch, path = "/api/v1/teams/{id}", tag = "teams",
    params(("id" = Uuid, Path)),
    request_body = TeamPatch,
    responses((status = 200, body = TeamView), Unauthorized, Forbidden, NotFound, Invalid)
)]
pub async fn update(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<TeamPatch>,
) -> Reply<TeamView> {
    Ok(Json(service::update(&pool, &ctx, id, &body).await?))
}

/// Deletes a team without members.
#[utoipa::path(
    delete, path = "/api/v1/teams/{id}", tag = "teams",
    params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Deleted"), Unauthorized, Forbidden, NotFound,
        (status = 409, description = "The team still has members", body = ErrorBody),
    )
)]
pub async fn delete(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Result<StatusCode, AppError> {
    service::delete(&pool, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets the whole membership: people named join (leaving any other team), others leave.
#[utoipa::path(
    put, path = "/api/v1/teams/{id}/members", tag = "teams",
    params(("id" = Uuid, Path)),
    request_body = MembersInput,
    responses((status = 200, body = TeamView), Unauthorized, Forbidden, NotFound, Invalid)
)]
pub async fn set_members(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<MembersInput>,
) -> Reply<TeamView> {
    Ok(Json(service::set_members(&pool, &ctx, id, &body).await?))
}
