//! `/api/v1/cycles` and `/api/v1/nominations`: nomination cycles, criteria, nominations,
//! decisions and rankings.

use axum::Json;
use uuid::Uuid;

use super::extract::{Api, ApiJson, ApiPath, OptionalJson, RawQuery};
use super::responses::{
    created, Attachment, Conflict, Created, Download, Forbidden, Invalid, NotFound, Reply, Unauthorized,
};
use crate::domain::Page;
use crate::error::ErrorBody;
use crate::nominations::service;
use crate::nominations::{
    ApproveInput, CriteriaSet, Criterion, CriterionInput, Cycle, CycleArchive, CycleCalibration, CycleInput,
    CyclePatch, CycleStatus, Nomination, NominationInput, RankingRow, RejectInput,
};

/// Cycles, newest first; `status=open,closed` filters (paginated envelope).
#[utoipa::path(
    get, path = "/api/v1/cycles", tag = "nominations",
    params(("status" = Option<String>, Query, description = "Comma-separated: draft, open, closed, finalized"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Cycle>), Unauthorized, Invalid)
)]
pub async fn list(Api { pool, ctx }: Api, query: RawQuery) -> Reply<Page<Cycle>> {
    let page = query.page_request()?;
    let statuses = query.list("status", CycleStatus::parse, "draft, open, closed, finalized")?;
    let sort = query.sort(service::CYCLE_SORTS)?;
    Ok(Json(service::list_page(&pool, &ctx, &statuses, sort, page).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles", tag = "nominations", request_body = CycleInput,
    responses((status = 201, body = Cycle), Forbidden, Invalid)
)]
pub async fn create(Api { pool, ctx }: Api, ApiJson(body): ApiJson<CycleInput>) -> Created<Cycle> {
    Ok(created(service::create(&pool, &ctx, &body).await?))
}

#[utoipa::path(
    get, path = "/api/v1/cycles/{id}", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Cycle), NotFound)
)]
pub async fn get(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Cycle> {
    Ok(Json(service::get(&pool, &ctx, id).await?))
}

#[utoipa::path(
    patch, path = "/api/v1/cycles/{id}", tag = "nominations", params(("id" = Uuid, Path)), request_body = CyclePatch,
    responses((status = 200, body = Cycle), Forbidden, Conflict, Invalid)
)]
pub async fn update(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CyclePatch>,
) -> Reply<Cycle> {
    Ok(Json(service::update(&pool, &ctx, id, &body).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/criteria", tag = "nominations", params(("id" = Uuid, Path)), request_body = CriterionInput,
    responses((status = 201, body = Criterion), Forbidden, Conflict, Invalid)
)]
pub async fn add_criterion(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CriterionInput>,
) -> Created<Criterion> {
    Ok(created(service::add_criterion(&pool, &ctx, id, &body).await?))
}

/// Replaces a draft's whole set of criteria; the active weights must add up to 1.0.
#[utoipa::path(
    put, path = "/api/v1/cycles/{id}/criteria", tag = "nominations", params(("id" = Uuid, Path)), request_body = CriteriaSet,
    responses((status = 200, body = Vec<Criterion>), Forbidden, NotFound, Conflict, Invalid)
)]
pub async fn replace_criteria(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CriteriaSet>,
) -> Reply<Vec<Criterion>> {
    Ok(Json(service::replace_criteria(&pool, &ctx, id, &body).await?))
}

#[utoipa::path(
    patch, path = "/api/v1/cycles/{id}/criteria/{criterion_id}", tag = "nominations",
    params(("id" = Uuid, Path), ("criterion_id" = Uuid, Path)), request_body = CriterionInput,
    responses((status = 200, body = Criterion), Forbidden, Conflict, Invalid)
)]
pub async fn update_criterion(
    Api { pool, ctx }: Api,
    ApiPath((id, criterion_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<CriterionInput>,
) -> Reply<Criterion> {
    Ok(Json(service::update_criterion(&pool, &ctx, id, criterion_id, &body).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/open", tag = "nominations", params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Cycle), Conflict,
        (status = 422, description = "Weights do not sum to 1.0", body = ErrorBody),
    )
)]
pub async fn open(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Cycle> {
    Ok(Json(service::open(&pool, &ctx, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/close", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Cycle), Conflict)
)]
pub async fn close(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Cycle> {
    Ok(Json(service::close(&pool, &ctx, id).await?))
}

/// Finalizes a closed cycle; repeating it returns the same result and writes nothing.
#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/finalize", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<RankingRow>), Conflict)
)]
pub async fn finalize(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Vec<RankingRow>> {
    Ok(Json(service::finalize(&pool, &ctx, id).await?))
}

/// The nominations the caller may see, newest first, with their decisions (paginated envelope).
#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/nominations", tag = "nominations",
    params(("id" = Uuid, Path),
           ("sort" = Option<String>, Query, description = "createdAt, nominee, weightedScore, status (default: newest first)"),
           ("order" = Option<String>, Query, description = "asc (default) or desc"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Nomination>), NotFound, Invalid)
)]
pub async fn nominations(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Reply<Page<Nomination>> {
    let page = query.page_request()?;
    let sort = query.sort(service::NOMINATION_SORTS)?;
    Ok(Json(service::nominations_page(&pool, &ctx, id, sort, page).await?))
}

#[utoipa::path(
    post, path = "/api/v1/cycles/{id}/nominations", tag = "nominations", params(("id" = Uuid, Path)), request_body = NominationInput,
    responses((status = 201, body = Nomination), Forbidden, Conflict, Invalid)
)]
pub async fn nominate(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<NominationInput>,
) -> Created<Nomination> {
    Ok(created(service::nominate(&pool, &ctx, id, &body).await?))
}

#[utoipa::path(
    post, path = "/api/v1/nominations/{id}/approve", tag = "nominations", params(("id" = Uuid, Path)),
    request_body(content = Option<ApproveInput>, description = "Optional; the comment is shown with the decision"),
    responses((status = 200, body = Nomination), Forbidden, Conflict, Invalid)
)]
pub async fn approve(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    OptionalJson(body): OptionalJson<ApproveInput>,
) -> Reply<Nomination> {
    Ok(Json(service::approve(&pool, &ctx, id, &body).await?))
}

#[utoipa::path(
    post, path = "/api/v1/nominations/{id}/reject", tag = "nominations", params(("id" = Uuid, Path)), request_body = RejectInput,
    responses((status = 200, body = Nomination), Forbidden, Conflict, Invalid)
)]
pub async fn reject(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RejectInput>,
) -> Reply<Nomination> {
    Ok(Json(service::reject(&pool, &ctx, id, &body).await?))
}

/// The cycle's ranking (paginated envelope).
#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/rankings", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = Page<RankingRow>), Forbidden, NotFound)
)]
pub async fn rankings(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>, query: RawQuery) -> Reply<Page<RankingRow>> {
    let page = query.page_request()?;
    Ok(Json(service::rankings_page(&pool, &ctx, id, page).await?))
}

/// The cycle's ranking as a CSV download (UTF-8 with a byte-order mark); same rights as the JSON.
#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/rankings.csv", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", body = String), Forbidden, NotFound)
)]
pub async fn rankings_csv(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Download {
    // Cycle names may be Japanese; the id keeps the file name plain ASCII.
    Ok(Attachment::csv(format!("nomination-results-{id}.csv"), service::rankings_csv(&pool, &ctx, id).await?))
}

/// A finalized cycle's archive (hr and admins): the frozen ranking and every nomination behind
/// it with its justification, status and criterion scores, as copied at finalization. 409 while
/// the cycle is not finalized.
#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/archive", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = CycleArchive), Forbidden, NotFound, Conflict)
)]
pub async fn archive(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<CycleArchive> {
    Ok(Json(service::archive(&pool, &ctx, id).await?))
}

/// A closed or finalized cycle's calibration view (hr and admins): the official raw ranking
/// beside the one with each nominator's scores standardized (z-scores per nominator with at
/// least three nominations), the nominators' means and spreads, and who moves two or more
/// places. 409 while the cycle is draft or open.
#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/calibration", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, body = CycleCalibration), Forbidden, NotFound, Conflict)
)]
pub async fn calibration(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<CycleCalibration> {
    Ok(Json(service::calibration(&pool, &ctx, id).await?))
}

/// The archive as CSV, one row per nomination with a score and comment column per criterion.
#[utoipa::path(
    get, path = "/api/v1/cycles/{id}/archive.csv", tag = "nominations", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", body = String), Forbidden, NotFound, Conflict)
)]
pub async fn archive_csv(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Download {
    Ok(Attachment::csv(format!("nomination-archive-{id}.csv"), service::archive_csv(&pool, &ctx, id).await?))
}
