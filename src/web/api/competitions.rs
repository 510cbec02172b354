//! `/api/v1/competitions`: competitions, enrollment, prediction uploads (multipart `file`),
//! leaderboards and the sponsor's admin endpoints.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::Json;
use uuid::Uuid;

use super::extract::{ApiCtx, ApiJson, ApiPath, RawQuery};
use super::upload;
use crate::competitions::service::{self, Upload};
use crate::competitions::{
    AnnounceInput, Announcement, AnswerKeyInfo, Board, Competition, CompetitionInput,
    CompetitionPatch, CompetitionStats, CompetitionStatus, InvalidateInput, LeaderboardRow,
    Participant, Rescoring, Submission, SubmissionStatus, UserContext,
};
use crate::domain::{FieldCode, FieldError, Page};
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
    work(Upload {
        file_name: file.file_name,
        bytes: file.bytes,
        room: Some(Box::new(file.room)),
    })
    .await
}

fn parse_list<T>(
    query: &RawQuery,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<Vec<T>, AppError> {
    query
        .get(name)
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|value| {
            parse(value).ok_or_else(|| {
                AppError::Validation(vec![FieldError::new(
                    name,
                    FieldCode::Invalid,
                    format!("{name} must be one of {allowed}"),
                )])
            })
        })
        .collect()
}

fn board(query: &RawQuery) -> Result<Board, AppError> {
    match query.get("board") {
        None => Ok(Board::Public),
        Some(value) => Board::parse(value).ok_or_else(|| {
            AppError::validation(
                "board",
                FieldCode::Invalid,
                "board must be public or private",
            )
        }),
    }
}

/// Competitions of the organization (drafts only your own); `status=active,ended`, `q=` search.
#[utoipa::path(
    get, path = "/api/v1/competitions", tag = "competitions",
    params(("status" = Option<String>, Query, description = "Comma-separated: draft, active, ended"),
           ("q" = Option<String>, Query, description = "Search in title and description"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Competition>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    query: RawQuery,
) -> Result<Json<Page<Competition>>, AppError> {
    let page = query.page_request()?;
    let statuses = parse_list(
        &query,
        "status",
        CompetitionStatus::parse,
        "draft, active, ended",
    )?;
    Ok(Json(
        service::list(&state.pool, &ctx, &statuses, query.get("q"), page).await?,
    ))
}

/// Creates a draft; the creator becomes its sponsor.
#[utoipa::path(
    post, path = "/api/v1/competitions", tag = "competitions", request_body = CompetitionInput,
    responses((status = 201, body = Competition), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(body): ApiJson<CompetitionInput>,
) -> Result<(StatusCode, Json<Competition>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(service::create(&state.pool, &ctx, &body).await?),
    ))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Competition), (status = 404, body = ErrorBody))
)]
pub async fn get(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Competition>, AppError> {
    Ok(Json(service::get(&state.pool, &ctx, id).await?))
}

#[utoipa::path(
    patch, path = "/api/v1/competitions/{id}", tag = "competitions", params(("id" = Uuid, Path)), request_body = CompetitionPatch,
    responses((status = 200, body = Competition), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn update(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CompetitionPatch>,
) -> Result<Json<Competition>, AppError> {
    Ok(Json(service::update(&state.pool, &ctx, id, &body).await?))
}

/// Uploads the answer key (sponsor; multipart `file`). A new version of an active competition's
/// key queues the rescoring of every stored submission, which runs in the background
/// (`GET …/rescoring` follows it).
#[utoipa::path(
    put, path = "/api/v1/competitions/{id}/answer-key", tag = "competitions", params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "field `file`: CSV with the id and prediction columns"),
    responses((status = 200, body = AnswerKeyInfo), (status = 400, body = ErrorBody, description = "VALIDATION_ERROR with every problem of the file"),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn answer_key(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    request: Request,
) -> Result<Json<AnswerKeyInfo>, AppError> {
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
    responses((status = 200, body = Rescoring), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such competition, or no key version queued a rescoring"))
)]
pub async fn rescoring(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Rescoring>, AppError> {
    service::rescoring(&state.pool, &ctx, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[utoipa::path(
    post, path = "/api/v1/competitions/{id}/activate", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Competition), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn activate(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Competition>, AppError> {
    Ok(Json(service::activate(&state.pool, &ctx, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/competitions/{id}/enroll", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = UserContext), (status = 403, body = ErrorBody, description = "the sponsor cannot enroll"), (status = 409, body = ErrorBody))
)]
pub async fn enroll(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<UserContext>, AppError> {
    Ok(Json(service::enroll(&state.pool, &ctx, id).await?))
}

/// Leaves the competition; submissions made stay.
#[utoipa::path(
    delete, path = "/api/v1/competitions/{id}/enroll", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = UserContext), (status = 404, body = ErrorBody))
)]
pub async fn unenroll(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<UserContext>, AppError> {
    Ok(Json(service::unenroll(&state.pool, &ctx, id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/enrollment", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = UserContext), (status = 404, body = ErrorBody))
)]
pub async fn enrollment(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<UserContext>, AppError> {
    Ok(Json(service::enrollment(&state.pool, &ctx, id).await?))
}

/// Your own submissions, newest first.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/submissions", tag = "competitions",
    params(("id" = Uuid, Path), ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Submission>), (status = 404, body = ErrorBody))
)]
pub async fn my_submissions(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Result<Json<Page<Submission>>, AppError> {
    let page = query.page_request()?;
    Ok(Json(
        service::my_submissions(&state.pool, &ctx, id, page).await?,
    ))
}

/// Uploads predictions (multipart `file`). Answers the score and the public rank before and
/// after; an invalid file is kept as invalid and answered with 400 and every problem.
#[utoipa::path(
    post, path = "/api/v1/competitions/{id}/submissions", tag = "competitions", params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "field `file`: CSV with the id and prediction columns"),
    responses((status = 201, body = Submission),
              (status = 400, body = ErrorBody, description = "VALIDATION_ERROR; details = [{code, message, count, lines, examples}]"),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody, description = "PAYLOAD_TOO_LARGE; details = {limit}"),
              (status = 429, body = ErrorBody, description = "RATE_LIMIT_EXCEEDED; details = {limit, used, resetsAt, scope}; scope `invalid` for the invalid-file limit"))
)]
pub async fn submit(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    request: Request,
) -> Result<(StatusCode, Json<Submission>), AppError> {
    // Who may submit is settled before a byte of the file is read.
    service::may_submit_now(&state.pool, &ctx, id).await?;
    // The file, its predictions and what the check keeps take about twice the file.
    let submission = with_file(&state, &ctx, request, 2, async |upload| {
        service::submit(&state.pool, &ctx, id, upload).await
    })
    .await?;
    Ok((StatusCode::CREATED, Json(submission)))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/submissions/{sid}", tag = "competitions",
    params(("id" = Uuid, Path), ("sid" = Uuid, Path)),
    responses((status = 200, body = Submission), (status = 404, body = ErrorBody))
)]
pub async fn submission(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath((id, sid)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<Submission>, AppError> {
    Ok(Json(service::submission(&state.pool, &ctx, id, sid).await?))
}

/// Each participant's best score; `board=private` after the deadline.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/leaderboard", tag = "competitions",
    params(("id" = Uuid, Path), ("board" = Option<String>, Query, description = "public (default) or private"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<LeaderboardRow>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "private board before the deadline"))
)]
pub async fn leaderboard(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Result<Json<Page<LeaderboardRow>>, AppError> {
    let page = query.page_request()?;
    Ok(Json(
        service::leaderboard(&state.pool, &ctx, id, board(&query)?, page).await?,
    ))
}

/// Your row with five above and five below (empty when you are not ranked).
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/leaderboard/around-me", tag = "competitions",
    params(("id" = Uuid, Path), ("board" = Option<String>, Query)),
    responses((status = 200, body = Vec<LeaderboardRow>), (status = 404, body = ErrorBody))
)]
pub async fn around_me(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Result<Json<Vec<LeaderboardRow>>, AppError> {
    Ok(Json(
        service::around_me(&state.pool, &ctx, id, board(&query)?).await?,
    ))
}

/// Announcements, newest first.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/announcements", tag = "competitions",
    params(("id" = Uuid, Path), ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Announcement>), (status = 404, body = ErrorBody))
)]
pub async fn announcements(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Result<Json<Page<Announcement>>, AppError> {
    let page = query.page_request()?;
    Ok(Json(
        service::announcements(&state.pool, &ctx, id, page).await?,
    ))
}

/// A sample submission: every id of the key with a neutral prediction.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/sample-submission.csv", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody))
)]
pub async fn sample(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let body = service::sample_csv(&state.pool, &ctx, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"sample-submission-{id}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/admin/stats", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, body = CompetitionStats), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn stats(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CompetitionStats>, AppError> {
    Ok(Json(service::stats(&state.pool, &ctx, id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/admin/participants", tag = "competitions",
    params(("id" = Uuid, Path), ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Participant>), (status = 403, body = ErrorBody))
)]
pub async fn participants(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Result<Json<Page<Participant>>, AppError> {
    let page = query.page_request()?;
    Ok(Json(
        service::participants(&state.pool, &ctx, id, page).await?,
    ))
}

/// All submissions; `userId=` narrows to one participant, `status=scored,invalid,invalidated`.
#[utoipa::path(
    get, path = "/api/v1/competitions/{id}/admin/submissions", tag = "competitions",
    params(("id" = Uuid, Path), ("userId" = Option<Uuid>, Query), ("status" = Option<String>, Query),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = Page<Submission>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn admin_submissions(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Result<Json<Page<Submission>>, AppError> {
    let page = query.page_request()?;
    let statuses = parse_list(
        &query,
        "status",
        SubmissionStatus::parse,
        "scored, invalid, invalidated",
    )?;
    let user = match query.get("userId") {
        None => None,
        Some(value) => Some(Uuid::parse_str(value).map_err(|_| {
            AppError::validation("userId", FieldCode::Invalid, "userId must be a UUID")
        })?),
    };
    Ok(Json(
        service::admin_submissions(&state.pool, &ctx, id, user, &statuses, page).await?,
    ))
}

/// Invalidates a submission: `{"status": "invalidated", "reason": "…"}`.
#[utoipa::path(
    patch, path = "/api/v1/competitions/{id}/admin/submissions/{sid}", tag = "competitions",
    params(("id" = Uuid, Path), ("sid" = Uuid, Path)), request_body = InvalidateInput,
    responses((status = 200, body = Submission), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn invalidate(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath((id, sid)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<InvalidateInput>,
) -> Result<Json<Submission>, AppError> {
    if body.status != SubmissionStatus::Invalidated {
        return Err(AppError::validation(
            "status",
            FieldCode::Invalid,
            "status must be invalidated",
        ));
    }
    Ok(Json(
        service::invalidate(&state.pool, &ctx, id, sid, &body.reason).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/competitions/{id}/admin/announce", tag = "competitions",
    params(("id" = Uuid, Path)), request_body = AnnounceInput,
    responses((status = 201, body = Announcement), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn announce(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<AnnounceInput>,
) -> Result<(StatusCode, Json<Announcement>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(service::announce(&state.pool, &ctx, id, &body.body).await?),
    ))
}
