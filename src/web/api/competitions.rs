//! `/api/v1/competitions`: competitions, enrollment, prediction uploads (multipart `file`),
//! leaderboards and the sponsor's admin endpoints.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::Json;
use uuid::Uuid;

use super::extract::{ApiCtx, ApiJson, ApiPath, RawQuery};
use crate::competitions::service::{self, Upload};
use crate::competitions::{
    AnnounceInput, Announcement, AnswerKeyInfo, Board, Competition, CompetitionInput,
    CompetitionPatch, CompetitionStats, CompetitionStatus, InvalidateInput, LeaderboardRow,
    Participant, Submission, SubmissionStatus, UserContext,
};
use crate::domain::{FieldError, Page};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Room for the multipart framing around the file: boundaries and part headers.
const MULTIPART_OVERHEAD: usize = 64 * 1024;
/// The file's bytes reach the multipart parser in blocks of this size at most once: the parser
/// searches its whole buffer for the end of a part's headers each time a block arrives, so
/// small blocks would let an endless header cost time quadratic in its length.
const PARSE_BLOCK: usize = 1024 * 1024;

fn too_large(max_bytes: usize) -> AppError {
    AppError::PayloadTooLarge(Some(max_bytes))
}

/// The body as blocks of at least [`PARSE_BLOCK`] bytes (the last may be shorter).
fn in_blocks(
    body: axum::body::Body,
) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, axum::Error>> {
    use futures_util::StreamExt;
    let chunks = body.into_data_stream();
    futures_util::stream::unfold((chunks, false), |(mut chunks, done)| async move {
        if done {
            return None;
        }
        let mut block = Vec::new();
        while block.len() < PARSE_BLOCK {
            match chunks.next().await {
                Some(Ok(chunk)) => block.extend_from_slice(&chunk),
                Some(Err(e)) => return Some((Err(e), (chunks, true))),
                None if block.is_empty() => return None,
                None => return Some((Ok(block.into()), (chunks, true))),
            }
        }
        Some((Ok(block.into()), (chunks, false)))
    })
}

/// Reads the multipart field `file` within the uploads' memory budget, and hands it to `work`
/// with the room it holds. An upload must announce its length (browsers and curl do): one over
/// the cap is refused before any of it is read (413), one without a length too (411), and
/// reading never goes past what was announced. `working` is how many times its length checking
/// the file takes in memory.
async fn with_file<T>(
    state: &AppState,
    ctx: &crate::ctx::Ctx,
    request: Request,
    working: u64,
    work: impl AsyncFnOnce(Upload) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let max_bytes = state.config.max_upload_bytes;
    let whole = max_bytes + MULTIPART_OVERHEAD;
    let length = crate::web::limits::announced_length(&request).ok_or(AppError::LengthRequired)?;
    if length > whole as u64 {
        return Err(too_large(max_bytes));
    }
    let room = state
        .upload_budget
        .reserve(ctx.user_id(), length.saturating_mul(working))
        .await?;
    let mut upload = read_file(request, max_bytes, length as usize).await?;
    upload.room = Some(Box::new(room));
    work(upload).await
}

async fn read_file(request: Request, max_bytes: usize, length: usize) -> Result<Upload, AppError> {
    let whole = max_bytes + MULTIPART_OVERHEAD;
    let boundary = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok())
        .ok_or_else(|| {
            AppError::validation(
                "file",
                "multipart",
                "expected multipart/form-data with a boundary",
            )
        })?;
    let limits = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(whole as u64)
            .for_field("file", max_bytes as u64),
    );
    let mut multipart = multer::Multipart::with_constraints(
        // Never past what the upload announced, whatever the connection carries on.
        in_blocks(axum::body::Body::new(http_body_util::Limited::new(
            request.into_body(),
            length,
        ))),
        boundary,
        limits,
    );
    let problem = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            too_large(max_bytes)
        }
        other => AppError::validation("file", "multipart", other.to_string()),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(problem)? {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or("upload.csv").to_owned();
        let mut bytes = Vec::with_capacity(length.min(max_bytes));
        while let Some(chunk) = field.chunk().await.map_err(problem)? {
            bytes.extend_from_slice(&chunk);
        }
        return Ok(Upload {
            file_name,
            bytes,
            room: None,
        });
    }
    Err(AppError::validation(
        "file",
        "required",
        "send the CSV as the multipart field \"file\"",
    ))
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
                    "invalid",
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
            AppError::validation("board", "invalid", "board must be public or private")
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
/// key rescores every submission.
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
        Some(value) => Some(
            Uuid::parse_str(value)
                .map_err(|_| AppError::validation("userId", "invalid", "userId must be a UUID"))?,
        ),
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
            "invalid",
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

#[cfg(test)]
mod tests {
    //! R3: whatever a client sends as an upload, reading it answers a 4xx or a file within the
    //! cap — never a panic, never a 5xx, never more than was announced.
    use super::*;
    use proptest::prelude::*;

    const CAP: usize = 4096;

    fn read(content_type: &str, body: Vec<u8>) -> Result<Upload, AppError> {
        let length = body.len();
        let request = Request::builder()
            .method("POST")
            .header("content-type", content_type)
            .body(axum::body::Body::from(body))
            .expect("a request");
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(read_file(request, CAP, length))
    }

    fn multipart(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (headers, data) in parts {
            out.extend_from_slice(b"--b\r\n");
            out.extend_from_slice(headers.as_bytes());
            out.extend_from_slice(b"\r\n\r\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--b--\r\n");
        out
    }

    fn part() -> impl Strategy<Value = (String, Vec<u8>)> {
        let headers = prop_oneof![
            Just("Content-Disposition: form-data; name=\"file\"; filename=\"x.csv\"".to_owned()),
            Just("Content-Disposition: form-data; name=\"other\"".to_owned()),
            Just("Content-Disposition: form-data; name=\"file\"".to_owned()),
            Just("X".repeat(20_000)),
            "[ -~]{0,80}",
        ];
        (headers, prop::collection::vec(any::<u8>(), 0..(CAP + 200)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_multipart_body_is_a_file_or_a_client_error(
            parts in prop::collection::vec(part(), 0..4),
            noise in prop::collection::vec(any::<u8>(), 0..300),
            framed in any::<bool>(),
        ) {
            let body = if framed { multipart(&parts) } else { noise };
            for content_type in ["multipart/form-data; boundary=b", "multipart/form-data", "text/csv"] {
                match read(content_type, body.clone()) {
                    Ok(upload) => prop_assert!(upload.bytes.len() <= CAP),
                    Err(e) => prop_assert!(e.status().is_client_error(), "{e:?}"),
                }
            }
        }
    }

    #[test]
    fn a_file_over_the_cap_is_413() {
        let body = multipart(&[(
            "Content-Disposition: form-data; name=\"file\"; filename=\"x.csv\"".to_owned(),
            vec![b'1'; CAP + 1],
        )]);
        match read("multipart/form-data; boundary=b", body) {
            Err(error) => assert_eq!(error.status(), axum::http::StatusCode::PAYLOAD_TOO_LARGE),
            Ok(upload) => panic!("{} bytes accepted over a cap of {CAP}", upload.bytes.len()),
        }
    }
}
