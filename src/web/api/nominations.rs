//! `/api/v1/cycles` and `/api/v1/nominations`: nomination cycles, criteria, nominations,
//! decisions and rankings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use uuid::Uuid;

use super::extract::{ApiCtx, ApiJson, ApiPath, RawQuery};
use crate::domain::{FieldCode, FieldError, Page};
use crate::error::{AppError, ErrorBody};
use crate::nominations::service;
use crate::nominations::{
    Criterion, CriterionInput, Cycle, CycleInput, CyclePatch, CycleStatus, Nomination,
    NominationInput, RankingRow, RejectInput,
};
use crate::state::AppState;

/// Cycles, newest first; `status=open,closed` filters.
#[utoipa::path(
    get, path = "/api/v1/cycles", tag = "nominations",
    params(("status" = Option<String>, Query, description = "Comma-separated: draft, open, closed, finalized")),
    responses((status = 200, body = Vec<Cycle>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    query: RawQuery,
) -> Result<Json<Vec<Cycle>>, AppError> {
    let mut statuses = Vec::new();
    for value in query
        .get("status")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        statuses.push(CycleStatus::parse(value).ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(
                "status",
                FieldCode::Invalid,
                "status must be draft, open, closed or finalized",
            )])
        })?);
    }
    Ok(Json(service::list(&state.pool, &ctx, &statuses).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles", tag = "nominations", request_body = CycleInput,
    responses((status = 201, body = Cycle), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(body): ApiJson<CycleInput>,
) -> Result<(StatusCode, Json<Cycle>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(service::create(&state.pool, &ctx, &body).await?),
    ))
}

#[utoipa::path(
    get, path = "/api/v1/cycles/{id}", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Cycle), (status = 404, body = ErrorBody))
)]
pub async fn get(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(service::get(&state.pool, &ctx, id).await?))
}

#[utoipa::path(
    patch, path = "/api/v1/cycles/{id}", tag = "nominations", params(("id" = Uuid, Path)), request_body = CyclePatch,
    responses((status = 200, body = Cycle), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn update(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CyclePatch>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(service::update(&state.pool, &ctx, id, &body).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/criteria", tag = "nominations", params(("id" = Uuid, Path)), request_body = CriterionInput,
    responses((status = 201, body = Criterion), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn add_criterion(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CriterionInput>,
) -> Result<(StatusCode, Json<Criterion>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(service::add_criterion(&state.pool, &ctx, id, &body).await?),
    ))
}

#[utoipa::path(
    patch, path = "/api/v1/cycles/{id}/criteria/{criterion_id}", tag = "nominations",
    params(("id" = Uuid, Path), ("criterion_id" = Uuid, Path)), request_body = CriterionInput,
    responses((status = 200, body = Criterion), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn update_criterion(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath((id, criterion_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<CriterionInput>,
) -> Result<Json<Criterion>, AppError> {
    Ok(Json(
        service::update_criterion(&state.pool, &ctx, id, criterion_id, &body).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/open", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Cycle), (status = 409, body = ErrorBody), (status = 422, description = "Weights do not sum to 1.0", body = ErrorBody))
)]
pub async fn open(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(service::open(&state.pool, &ctx, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/close", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Cycle), (status = 409, body = ErrorBody))
)]
pub async fn close(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(service::close(&state.pool, &ctx, id).await?))
}

/// Finalizes a closed cycle; repeating it returns the same result and writes nothing.
#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/finalize", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<RankingRow>), (status = 409, body = ErrorBody))
)]
pub async fn finalize(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<RankingRow>>, AppError> {
    Ok(Json(service::finalize(&state.pool, &ctx, id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/nominations", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Nomination>), (status = 404, body = ErrorBody))
)]
pub async fn nominations(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Nomination>>, AppError> {
    Ok(Json(service::nominations(&state.pool, &ctx, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/nominations", tag = "nominations", params(("id" = Uuid, Path)), request_body = NominationInput,
    responses((status = 201, body = Nomination), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn nominate(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<NominationInput>,
) -> Result<(StatusCode, Json<Nomination>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(service::nominate(&state.pool, &ctx, id, &body).await?),
    ))
}

#[utoipa::path(
    post, path = "/api/v1/nominations/{id}/approve", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Nomination), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn approve(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Nomination>, AppError> {
    Ok(Json(
        service::decide(&state.pool, &ctx, id, true, &RejectInput::default()).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/nominations/{id}/reject", tag = "nominations", params(("id" = Uuid, Path)), request_body = RejectInput,
    responses((status = 200, body = Nomination), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn reject(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RejectInput>,
) -> Result<Json<Nomination>, AppError> {
    Ok(Json(
        service::decide(&state.pool, &ctx, id, false, &body).await?,
    ))
}

/// The cycle's ranking (paginated envelope).
#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/rankings", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Page<RankingRow>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn rankings(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Result<Json<Page<RankingRow>>, AppError> {
    let page = query.page_request()?;
    Ok(Json(
        service::rankings_page(&state.pool, &ctx, id, page).await?,
    ))
}

/// The cycle's ranking as a CSV download (UTF-8 with a byte-order mark); same rights as the JSON.
#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/rankings.csv", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn rankings_csv(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let bytes = service::rankings_csv(&state.pool, &ctx, id).await?;
    // Cycle names may be Japanese; the id keeps the file name plain ASCII.
    let disposition = format!("attachment; filename=\"nomination-results-{id}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
