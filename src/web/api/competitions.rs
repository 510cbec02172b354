//! `/api/v1/competitions`: competitions, enrollment, prediction uploads (multipart `file`),
//! leaderboards and the sponsor's admin endpoints.

use axum::extract::{Request, State};
use axum::Json;
use uuid::Uuid;

use super::extract::{Api, ApiCtx, ApiJson, ApiPath, RawQuery};
use super::responses::{
    created, Attachment, Conflict, Created, Download, Forbidden, Invalid, NotFound, Reply, Unauthorized,
};
use super::upload;
use crate::competitions::service::{self, Upload};
use crate::competitions::{
    AnnounceInput, Announcement, AnswerKeyInfo, Board, Competition, CompetitionInput, CompetitionPatch,
    CompetitionStats, CompetitionStatus, InvalidateInput, Leaderboard, LeaderboardRow, Participant, Receipt, Rescoring,
    Shakeup, Submission, SubmissionStatus, UserContext,
};
use crate::domain::{FieldCode, Page};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Reads the multipart field `file` within the uploads' memory budget (see [`upload`]) and
/// hands it to `work` with the room it holds. `working` is how many times its length checking
/// the file takes in memory.
async fn with_file<T>(
    state: &AppState,
    ctx: &crate::ctx::Ctx,
    request: Request,
    working: u64,
    work: impl AsyncFnOnce(Upload) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let file = upload::receive(state, ctx, request, state.config.max_upload_bytes, working).await?;
    work(Upload { file_name: file.file_name, bytes: file.bytes, room: Some(Box::new(file.room)) }).await
}

fn board(query: &RawQuery) -> Result<Board, AppError> {
    match query.get("board") {
        None => Ok(Board::Public),
        Some(value) => Board::parse(value)
            .ok_or_else(|| AppError::validation("board", FieldCode::Invalid, "board must be public or private")),
    }
}

/// Competitions of the organization (drafts only your own); `status=active,ended`, `q=` search.
#[utoipa::path(
    get, path = "/api/v1/competitions", tag = "competitions",
    params(("status" = Option<String>, Query, description = "Comma-separated: draft, active, ended"),
           ("q" = Option<String>, Query, description = "Search in title and description"),
           ("sort" = Option<String>, Query, description = "deadline, title, participants, createdAt (default: active first, then by deadline)"),
           ("order" = Option<String>, Query, description = "asc (default) or desc"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Competition>), Unauthorized, Invalid)
)]
pub async fn list(Api { pool, ctx }: Api, query: RawQuery) -> Reply<Page<Competition>> {
    let page = query.page_request()?;
    let statuses = query.list("status", CompetitionStatus::parse, "draft, active, ended")?;
    let sort = query.sort(service::COMPETITION_SORTS)?;
    Ok(Json(service::list(&pool, &ctx, &statuses, query.get("q"), sort, page).await?))
}

/// Creates a draft; the creator becomes its sponsor.
#[utoipa::path(
    post, path = "/api/v1/competitions", tag = "competitions", request_body = CompetitionInput,
    responses((status = 201, body = Competition), Unauthorized, Invalid)
)]
pub async fn create(Api { pool, ctx }: Api, ApiJson(body): ApiJson<CompetitionInput>) -> Created<Competition> {
    Ok(created(service::create(&pool, &ctx, &body).await?))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Competition), NotFound)
)]
pub async fn get(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Competition> {
    Ok(Json(service::get(&pool, &ctx, id).await?))
}

#[utoipa::path(
    patch, path = "/api/v1/competitions/{id}", tag = "competitions", params(("id" = Uuid, Path)), request_body = CompetitionPatch,
    responses((status = 200, body = Competition), Forbidden, Conflict, Invalid)
)]
pub async fn update(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CompetitionPatch>,
) -> Reply<Competition> {
    Ok(Json(service::update(&pool, &ctx, id, &body).await?))
}

/// Uploads the answer key (sponsor; multipart `file`). A new version of an active competition's
/// key queues the rescoring of every stored submission, which runs in the background
/// (`GET …/rescoring` follows it).
#[utoipa::path(
    put, path = "/api/v1/competitions/{id}/answer-key", tag = "competitions", params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "field `file`: CSV with the id and prediction columns"),
    responses(
        (status = 200, body = AnswerKeyInfo),
        (status = 400, body = ErrorBody, description = "VALIDATION_ERROR with every problem of the file"),
        Forbidden, Conflict,
    )
)]
pub async fn answer_key(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    request: Request,
) -> Reply<AnswerKeyInfo> {
    // Who may upload is settled before a byte of the file is read.
    service::may_upload_answer_key(&state.pool, &ctx, id).await?;
    // A key's rows, ids and their index take about four times the file.
    let info = with_file(&state, &ctx, request, 4, async |upload| {
        service::upload_answer_key(&state.pool, &ctx, id, upload).await
    })
    .await?;
    Ok(Json(info))
}

/// The latest rescoring of the stored submissions against a new key version (sponsor): its
/// progress while it runs, the rank moves once it is done.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/rescoring", tag = "competitions", params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Rescoring), Forbidden,
        (status = 404, body = ErrorBody, description = "no such competition, or no key version queued a rescoring"),
    )
)]
pub async fn rescoring(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Rescoring> {
    service::rescoring(&pool, &ctx, id).await?.map(Json).ok_or(AppError::NotFound)
}

#[utoipa::path(
    post, path = "/api/v1/competitions/{id}/activate", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Competition), Forbidden, Conflict)
)]
pub async fn activate(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Competition> {
    Ok(Json(service::activate(&pool, &ctx, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/competitions/{id}/enroll", tag = "competitions", params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = UserContext),
        (status = 403, body = ErrorBody, description = "the sponsor cannot enroll"), Conflict,
    )
)]
pub async fn enroll(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<UserContext> {
    Ok(Json(service::enroll(&pool, &ctx, id).await?))
}

/// Leaves the competition; submissions made stay.
#[utoipa::path(
    delete, path = "/api/v1/competitions/{id}/enroll", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = UserContext), NotFound)
)]
pub async fn unenroll(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<UserContext> {
    Ok(Json(service::unenroll(&pool, &ctx, id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/enrollment", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = UserContext), NotFound)
)]
pub async fn enrollment(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<UserContext> {
    Ok(Json(service::enrollment(&pool, &ctx, id).await?))
}

/// Your own submissions, newest first.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/submissions", tag = "competitions",
    params(("id" = Uuid, Path),
           ("sort" = Option<String>, Query, description = "submittedAt (default: newest first), score"),
           ("order" = Option<String>, Query, description = "asc (default) or desc"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Submission>), NotFound)
)]
pub async fn my_submissions(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Reply<Page<Submission>> {
    let page = query.page_request()?;
    let sort = query.sort(service::SUBMISSION_SORTS)?;
    Ok(Json(service::my_submissions(&pool, &ctx, id, sort, page).await?))
}

/// Uploads predictions (multipart `file`). Answers the score and the public rank before and
/// after; an invalid file is kept as invalid and answered with 400 and every problem.
#[utoipa::path(
    post, path = "/api/v1/competitions/{id}/submissions", tag = "competitions", params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "field `file`: CSV with the id and prediction columns"),
    responses(
        (status = 201, body = Submission),
        (status = 400, body = ErrorBody, description = "VALIDATION_ERROR; details = [{code, message, count, lines, examples}]"),
        Forbidden, Conflict,
        (status = 413, body = ErrorBody, description = "PAYLOAD_TOO_LARGE; details = {limit}"),
        (status = 429, body = ErrorBody, description = "RATE_LIMIT_EXCEEDED; details = {limit, used, resetsAt, scope}; scope `invalid` for the invalid-file limit"),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    request: Request,
) -> Created<Submission> {
    // Who may submit is settled before a byte of the file is read.
    service::may_submit_now(&state.pool, &ctx, id).await?;
    // The file, its predictions and what the check keeps take about twice the file.
    let submission =
        with_file(&state, &ctx, request, 2, async |upload| service::submit(&state.pool, &ctx, id, upload).await)
            .await?;
    Ok(created(submission))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/submissions/{sid}", tag = "competitions",
    params(("id" = Uuid, Path), ("sid" = Uuid, Path)),
    responses((status = 200, body = Submission), NotFound)
)]
pub async fn submission(Api { pool, ctx }: Api, ApiPath((id, sid)): ApiPath<(Uuid, Uuid)>) -> Reply<Submission> {
    Ok(Json(service::submission(&pool, &ctx, id, sid).await?))
}

/// Each participant's best score; `board=private` after the deadline.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/leaderboard", tag = "competitions",
    params(("id" = Uuid, Path), ("board" = Option<String>, Query, description = "public (default) or private"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses(
        (status = 200, body = Leaderboard), NotFound,
        (status = 409, body = ErrorBody, description = "private board before the deadline"),
    )
)]
pub async fn leaderboard(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>, query: RawQuery) -> Reply<Leaderboard> {
    let page = query.page_request()?;
    Ok(Json(service::leaderboard(&pool, &ctx, id, board(&query)?, page).await?))
}

/// Your row with five above and five below (empty when you are not ranked).
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/leaderboard/around-me", tag = "competitions",
    params(("id" = Uuid, Path), ("board" = Option<String>, Query)),
    responses((status = 200, body = Vec<LeaderboardRow>), NotFound)
)]
pub async fn around_me(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Reply<Vec<LeaderboardRow>> {
    Ok(Json(service::around_me(&pool, &ctx, id, board(&query)?).await?))
}

/// Announcements, newest first.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/announcements", tag = "competitions",
    params(("id" = Uuid, Path),
           ("sort" = Option<String>, Query, description = "createdAt (default: newest first)"),
           ("order" = Option<String>, Query, description = "asc (default) or desc"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Announcement>), NotFound, Invalid)
)]
pub async fn announcements(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Reply<Page<Announcement>> {
    let page = query.page_request()?;
    let sort = query.sort(service::ANNOUNCEMENT_SORTS)?;
    Ok(Json(service::announcements(&pool, &ctx, id, sort, page).await?))
}

/// A sample submission: every id of the key with a neutral prediction.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/sample-submission.csv", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", body = String), NotFound)
)]
pub async fn sample(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Download {
    Ok(Attachment::csv(format!("sample-submission-{id}.csv"), service::sample_csv(&pool, &ctx, id).await?))
}

/// The file a submission was made with, as uploaded (its owner and the sponsor; invalid
/// uploads are not kept).
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/submissions/{sid}/file", tag = "competitions",
    params(("id" = Uuid, Path), ("sid" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", body = String), NotFound)
)]
pub async fn submission_file(Api { pool, ctx }: Api, ApiPath((id, sid)): ApiPath<(Uuid, Uuid)>) -> Download {
    let file = service::submission_file(&pool, &ctx, id, sid).await?;
    Ok(Attachment::csv(file.file_name, file.bytes))
}

/// The score receipt of a scored submission (its owner and the sponsor): the key version and
/// both files' SHA-256, rows per part, the metric's arithmetic with its numbers, and the
/// `merit score` command that reproduces them.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/submissions/{sid}/receipt", tag = "competitions",
    params(("id" = Uuid, Path), ("sid" = Uuid, Path)),
    responses((status = 200, body = Receipt), NotFound)
)]
pub async fn receipt(Api { pool, ctx }: Api, ApiPath((id, sid)): ApiPath<(Uuid, Uuid)>) -> Reply<Receipt> {
    Ok(Json(service::receipt(&pool, &ctx, id, sid).await?))
}

/// One version of the answer key as CSV, in the uploaded row order (sponsor).
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/answer-key/versions/{version}/file", tag = "competitions",
    params(("id" = Uuid, Path), ("version" = i32, Path)),
    responses((status = 200, content_type = "text/csv", body = String), Forbidden, NotFound)
)]
pub async fn answer_key_file(Api { pool, ctx }: Api, ApiPath((id, version)): ApiPath<(Uuid, i32)>) -> Download {
    let file = service::answer_key_file(&pool, &ctx, id, version).await?;
    Ok(Attachment::csv(file.file_name, file.bytes))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/admin/stats", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = CompetitionStats), Forbidden, NotFound)
)]
pub async fn stats(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<CompetitionStats> {
    Ok(Json(service::stats(&pool, &ctx, id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/shakeup", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Shakeup), Forbidden, NotFound, Conflict)
)]
pub async fn shakeup(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Shakeup> {
    Ok(Json(service::shakeup(&pool, &ctx, id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/admin/participants", tag = "competitions",
    params(("id" = Uuid, Path),
           ("sort" = Option<String>, Query, description = "enrolledAt (default), name, submissions, bestScore, lastSubmittedAt"),
           ("order" = Option<String>, Query, description = "asc (default) or desc"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Participant>), Forbidden)
)]
pub async fn participants(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Reply<Page<Participant>> {
    let page = query.page_request()?;
    let sort = query.sort(service::PARTICIPANT_SORTS)?;
    Ok(Json(service::participants(&pool, &ctx, id, sort, page).await?))
}

/// All submissions; `userId=` narrows to one participant, `status=scored,invalid,invalidated`.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/admin/submissions", tag = "competitions",
    params(("id" = Uuid, Path), ("userId" = Option<Uuid>, Query), ("status" = Option<String>, Query),
           ("sort" = Option<String>, Query, description = "submittedAt (default: newest first), score"),
           ("order" = Option<String>, Query, description = "asc (default) or desc"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Submission>), Forbidden, Invalid)
)]
pub async fn admin_submissions(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Reply<Page<Submission>> {
    let page = query.page_request()?;
    let statuses = query.list("status", SubmissionStatus::parse, "scored, invalid, invalidated")?;
    let sort = query.sort(service::SUBMISSION_SORTS)?;
    let user = match query.get("userId") {
        None => None,
        Some(value) => Some(
            Uuid::parse_str(value)
                .map_err(|_| AppError::validation("userId", FieldCode::Invalid, "userId must be a UUID"))?,
        ),
    };
    Ok(Json(service::admin_submissions(&pool, &ctx, id, user, &statuses, sort, page).await?))
}

/// Invalidates a submission: `{"status": "invalidated", "reason": "…"}`.
#[utoipa::path(
    patch, path = "/api/v1/competitions/{id}/admin/submissions/{sid}", tag = "competitions",
    params(("id" = Uuid, Path), ("sid" = Uuid, Path)), request_body = InvalidateInput,
    responses((status = 200, body = Submission), Forbidden, Conflict, Invalid)
)]
pub async fn invalidate(
    Api { pool, ctx }: Api,
    ApiPath((id, sid)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<InvalidateInput>,
) -> Reply<Submission> {
    if body.status != SubmissionStatus::Invalidated {
        return Err(AppError::validation("status", FieldCode::Invalid, "status must be invalidated"));
    }
    Ok(Json(service::invalidate(&pool, &ctx, id, sid, &body.reason).await?))
}

#[utoipa::path(
    post, path = "/api/v1/competitions/{id}/admin/announce", tag = "competitions",
    params(("id" = Uuid, Path)), request_body = AnnounceInput,
    responses((status = 201, body = Announcement), Forbidden, Invalid)
)]
pub async fn announce(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<AnnounceInput>,
) -> Created<Announcement> {
    Ok(created(service::announce(&pool, &ctx, id, &body.body).await?))
}
