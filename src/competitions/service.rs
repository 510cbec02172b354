//! Competition use cases, one transaction each with its audit row where something changes:
//! creating and editing (the creator is the sponsor), answer keys (a new version rescores every
//! submission and records how ranks moved), activation, enrollment, submissions under the daily
//! limit, leaderboards and the sponsor's tools.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::validation::{
    score, score_problem, validate_submission, AnswerKey, Checked, FileSpec, Split,
};
use super::{
    histogram, Announcement, AnswerKeyInfo, Board, Competition, CompetitionInput, CompetitionPatch,
    CompetitionRole, CompetitionStats, CompetitionStatus, DayCount, LeaderboardRow, Participant,
    RankMove, Rescoring, Submission, SubmissionStatus, UserContext,
};
use super::{rescoring, standings};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::competition_settings;
use crate::domain::metrics::Metric;
use crate::domain::spreadsheet::escape_formula;
use crate::domain::{FieldError, Page, PageRequest};
use crate::error::{AppError, AppResult, RateLimit};

/// An uploaded file as the adapter read it (it refuses files over the cap, 413, before and
/// while it reads them), with the memory it reserved for the file: the reservation travels with
/// the bytes into the checks that run off the async threads, so it is held until they are done
/// even when the caller goes away.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub room: Option<Room>,
}

/// Memory reserved for an upload while it is checked (see `web::limits::UploadBudget`).
pub type Room = Box<dyn Send + Sync>;

/// Invalid uploads one participant may make per competition per UTC day: generous, since
/// getting a file right can take tries, but not unlimited (each is kept with its errors).
pub const INVALID_UPLOADS_PER_DAY: i64 = 50;

const COMPETITION_SELECT: &str = "
    SELECT c.id, c.slug, c.title, c.description, c.effective_status AS status, c.starts_at,
           c.deadline, c.metric, true AS higher_is_better, c.id_column, c.prediction_column,
           c.daily_submission_limit, c.public_share::float8 AS public_share, c.sponsor_id,
           u.display_name AS sponsor_name,
           COALESCE(k.version, 0) AS answer_key_version, COALESCE(k.row_count, 0) AS answer_key_rows,
           COALESCE(k.public_rows, 0) AS answer_key_public_rows,
           COALESCE(cc.participants, 0)::int8 AS participant_count,
           COALESCE(cc.on_board, 0)::int8 AS ranked_count,
           COALESCE(cc.standings_version, 0) AS standings_version,
           c.created_at
      FROM competitions_now c
      JOIN users u ON u.id = c.sponsor_id
      LEFT JOIN competition_counts cc ON cc.competition_id = c.id
      LEFT JOIN LATERAL (SELECT version, row_count, public_rows FROM competition_answer_keys k
                          WHERE k.competition_id = c.id ORDER BY version DESC LIMIT 1) k ON true";

const SUBMISSION_SELECT: &str = "
    SELECT s.id, s.user_id, u.display_name, s.file_name, s.size_bytes, s.row_count, s.status,
           s.public_score AS score, s.private_score, s.created_at AS submitted_at,
           s.validation_errors, s.warnings, s.invalidated_at, s.invalidation_reason
      FROM competition_submissions s JOIN users u ON u.id = s.user_id";

fn finish(mut c: Competition) -> Competition {
    c.higher_is_better = c.metric.higher_is_better();
    c
}

/// The competition as the actor may see it: same organization, and drafts only for their sponsor.
async fn load(conn: &mut PgConnection, ctx: &Ctx, id: Uuid) -> AppResult<Competition> {
    let c = load_in_organization(conn, ctx.organization_id(), id).await?;
    if !visible(&c, ctx) {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

/// Drafts are seen only by their sponsor.
fn visible(c: &Competition, ctx: &Ctx) -> bool {
    c.status != CompetitionStatus::Draft || c.sponsor_id == ctx.user_id()
}

/// The competition in an organization, whatever its status: for the background worker (no
/// actor: the job was queued by its sponsor) and, with the actor's rules on top, for [`load`].
pub(super) async fn load_in_organization(
    conn: &mut PgConnection,
    organization: Uuid,
    id: Uuid,
) -> AppResult<Competition> {
    let sql = format!("{COMPETITION_SELECT} WHERE c.id = $1 AND c.organization_id = $2");
    let c: Competition = sqlx::query_as(&sql)
        .bind(id)
        .bind(organization)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(finish(c))
}

async fn load_locked(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    exclusive: bool,
) -> AppResult<Competition> {
    let lock = if exclusive { "UPDATE" } else { "SHARE" };
    sqlx::query(&format!(
        "SELECT 1 FROM competitions WHERE id = $1 AND organization_id = $2 FOR {lock}"
    ))
    .bind(id)
    .bind(ctx.organization_id())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    load(conn, ctx, id).await
}

async fn sponsor_only(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    lock: bool,
) -> AppResult<Competition> {
    let c = if lock {
        load_locked(conn, ctx, id, true).await?
    } else {
        load(conn, ctx, id).await?
    };
    if c.sponsor_id != ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    Ok(c)
}

fn today_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
}

async fn enrolled_at(
    conn: &mut PgConnection,
    competition: Uuid,
    user: Uuid,
    lock: bool,
) -> AppResult<Option<DateTime<Utc>>> {
    let sql = format!(
        "SELECT enrolled_at FROM competition_enrollments WHERE competition_id = $1 AND user_id = $2{}",
        if lock { " FOR UPDATE" } else { "" }
    );
    Ok(sqlx::query_scalar(&sql)
        .bind(competition)
        .bind(user)
        .fetch_optional(conn)
        .await?)
}

/// The submissions `s` of the user `$2` the daily limit counts: valid uploads since `$3`, the
/// start of today (UTC).
const COUNTS_TODAY: &str = "s.user_id = $2 AND s.counts_toward_limit AND s.created_at >= $3";

/// Valid uploads of the user today (UTC), the number the daily limit counts.
async fn used_today(conn: &mut PgConnection, competition: Uuid, user: Uuid) -> AppResult<i64> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT count(*) FROM competition_submissions s WHERE s.competition_id = $1 AND {COUNTS_TODAY}"
    ))
    .bind(competition)
    .bind(user)
    .bind(today_start(Utc::now()))
    .fetch_one(conn)
    .await?)
}

/// Where a viewer's rank is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ranks {
    /// Counted in this transaction, which may just have changed the standings.
    Counted,
    /// From the board of the standings version the competition was loaded with (read paths).
    FromBoard,
}

async fn user_context(
    conn: &mut PgConnection,
    ctx: &Ctx,
    c: &Competition,
    ranks: Ranks,
) -> AppResult<UserContext> {
    let mut contexts = user_contexts(conn, ctx, std::slice::from_ref(c), ranks).await?;
    contexts.pop().ok_or(AppError::NotFound)
}

/// The actor's standing in each of `competitions`, in their order, read in one query whatever
/// their number (the list page shows a page of them).
async fn user_contexts(
    conn: &mut PgConnection,
    ctx: &Ctx,
    competitions: &[Competition],
    ranks: Ranks,
) -> AppResult<Vec<UserContext>> {
    let ids: Vec<Uuid> = competitions.iter().map(|c| c.id).collect();
    let sql = format!(
        "SELECT e.enrolled_at, me.public_score,
                CASE WHEN $4 AND me.user_id IS NOT NULL THEN {rank} END AS rank,
                (SELECT count(*) FROM competition_submissions s
                  WHERE s.competition_id = i.id AND {COUNTS_TODAY}) AS today
           FROM unnest($1::uuid[]) WITH ORDINALITY AS i(id, n)
           LEFT JOIN competition_enrollments e ON e.competition_id = i.id AND e.user_id = $2
           LEFT JOIN competition_standings me ON me.competition_id = i.id AND me.user_id = $2
          ORDER BY i.n",
        rank = standings::rank_of_me(Board::Public)
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        enrolled_at: Option<DateTime<Utc>>,
        public_score: Option<f64>,
        rank: Option<i64>,
        today: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(&ids)
        .bind(ctx.user_id())
        .bind(today_start(Utc::now()))
        .bind(ranks == Ranks::Counted)
        .fetch_all(&mut *conn)
        .await?;
    // Rank and best score from one source: this transaction's rows, or the board copy (read
    // only for those with a standings row: a viewer who never scored needs no board).
    let mut standing = Vec::with_capacity(competitions.len());
    for (c, row) in competitions.iter().zip(&rows) {
        standing.push(match ranks {
            Ranks::FromBoard if row.public_score.is_some() => {
                standings::rank_on_board(conn, c, Board::Public, ctx.user_id())
                    .await?
                    .map_or((None, None), |(rank, score)| (Some(rank), Some(score)))
            }
            _ => (row.rank, row.public_score),
        });
    }
    let resets_at = today_start(Utc::now()) + Duration::days(1);
    Ok(competitions
        .iter()
        .zip(rows.into_iter().zip(standing))
        .map(|(c, (row, (rank, best_score)))| UserContext {
            role: if c.sponsor_id == ctx.user_id() {
                CompetitionRole::Sponsor
            } else if row.enrolled_at.is_some() {
                CompetitionRole::Participant
            } else {
                CompetitionRole::Viewer
            },
            enrolled_at: row.enrolled_at,
            best_score,
            rank,
            submissions_today: row.today,
            submissions_limit: c.daily_submission_limit,
            resets_at,
        })
        .collect())
}

pub async fn get(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Competition> {
    let mut conn = pool.acquire().await?;
    let mut c = load(&mut conn, ctx, id).await?;
    c.user_context = Some(user_context(&mut conn, ctx, &c, Ranks::FromBoard).await?);
    Ok(c)
}

/// The competition with this slug as the actor may see it, with their context.
pub(super) async fn load_by_slug(
    conn: &mut PgConnection,
    ctx: &Ctx,
    slug: &str,
) -> AppResult<Competition> {
    if !slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(AppError::NotFound); // no slug looks like that
    }
    let sql = format!("{COMPETITION_SELECT} WHERE c.slug = $1 AND c.organization_id = $2");
    let mut c = sqlx::query_as(&sql)
        .bind(slug)
        .bind(ctx.organization_id())
        .fetch_optional(&mut *conn)
        .await?
        .map(finish)
        .filter(|c: &Competition| visible(c, ctx))
        .ok_or(AppError::NotFound)?;
    c.user_context = Some(user_context(conn, ctx, &c, Ranks::FromBoard).await?);
    Ok(c)
}

/// Competitions of the organization, active first then by deadline; drafts only their sponsor's.
/// `q` matches title or description; each carries the viewer's context.
pub async fn list(
    pool: &PgPool,
    ctx: &Ctx,
    statuses: &[CompetitionStatus],
    q: Option<&str>,
    page: PageRequest,
) -> AppResult<Page<Competition>> {
    let wanted: Vec<&str> = if statuses.is_empty() {
        CompetitionStatus::ALL.iter().map(|s| s.as_str()).collect()
    } else {
        statuses.iter().map(|s| s.as_str()).collect()
    };
    let pattern =
        crate::domain::text::contains_pattern("q", q).map_err(|e| AppError::Validation(vec![e]))?;
    let filter = "c.organization_id = $1 AND c.effective_status = ANY($2)
            AND (c.effective_status <> 'draft' OR c.sponsor_id = $3)
            AND ($4::text IS NULL OR c.title ILIKE $4 OR c.description ILIKE $4)";
    let mut conn = pool.acquire().await?;
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM competitions_now c WHERE {filter}"
    ))
    .bind(ctx.organization_id())
    .bind(&wanted)
    .bind(ctx.user_id())
    .bind(&pattern)
    .fetch_one(&mut *conn)
    .await?;
    let sql = format!(
        "{COMPETITION_SELECT}
          WHERE {filter}
          ORDER BY CASE c.effective_status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END,
                   c.deadline DESC, c.title, c.id
          LIMIT $5 OFFSET $6"
    );
    let rows: Vec<Competition> = sqlx::query_as(&sql)
        .bind(ctx.organization_id())
        .bind(&wanted)
        .bind(ctx.user_id())
        .bind(&pattern)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&mut *conn)
        .await?;
    let mut out: Vec<Competition> = rows.into_iter().map(finish).collect();
    let contexts = user_contexts(&mut conn, ctx, &out, Ranks::FromBoard).await?;
    for (c, context) in out.iter_mut().zip(contexts) {
        c.user_context = Some(context);
    }
    Ok(Page::new(out, total, page))
}

/// Slugs that name pages of their own under `/competitions/`.
const RESERVED_SLUGS: &[&str] = &["new"];

/// A URL name from the title: lowercase ASCII words joined by hyphens (titles in Japanese
/// fall back to `competition`).
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        "competition".into()
    } else {
        slug
    }
}

fn check_title(title: &str, errors: &mut Vec<FieldError>) {
    if title.trim().is_empty() || title.chars().count() > 200 {
        errors.push(FieldError::new(
            "title",
            "required",
            "title is required (at most 200 characters)",
        ));
    }
}

fn check_description(description: &str, errors: &mut Vec<FieldError>) {
    if description.chars().count() > 20000 {
        errors.push(FieldError::new(
            "description",
            "too_long",
            "description is at most 20000 characters",
        ));
    }
}

fn check_deadline(deadline: DateTime<Utc>, errors: &mut Vec<FieldError>) {
    if let Some(error) = crate::domain::calendar::check_in_range("deadline", deadline) {
        errors.push(error);
    } else if deadline <= Utc::now() {
        errors.push(FieldError::new(
            "deadline",
            "in_past",
            "deadline must be in the future",
        ));
    }
}

fn check_column(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    if value.trim().is_empty() || value.chars().count() > 100 || value.contains([',', '"', '\n']) {
        errors.push(FieldError::new(
            field,
            "invalid_column",
            format!("{field} must be a column name of 1–100 characters without commas or quotes"),
        ));
    }
}

pub async fn create(pool: &PgPool, ctx: &Ctx, input: &CompetitionInput) -> AppResult<Competition> {
    let mut errors = Vec::new();
    check_title(&input.title, &mut errors);
    check_description(&input.description, &mut errors);
    check_deadline(input.deadline, &mut errors);
    let metric = Metric::parse(input.metric.trim());
    if metric.is_none() {
        errors.push(FieldError::new(
            "metric",
            "invalid",
            "metric must be auc, accuracy, logloss, f1, rmse or mae",
        ));
    }
    check_column("idColumn", &input.id_column, &mut errors);
    check_column("predictionColumn", &input.prediction_column, &mut errors);
    if input.id_column.trim() == input.prediction_column.trim() {
        errors.push(FieldError::new(
            "predictionColumn",
            "same_as_id",
            "predictionColumn must differ from idColumn",
        ));
    }
    let limit = input
        .daily_submission_limit
        .unwrap_or(competition_settings::DEFAULT_DAILY_LIMIT);
    errors.extend(competition_settings::check_daily_limit(limit));
    let share = input
        .public_share
        .unwrap_or(competition_settings::DEFAULT_PUBLIC_SHARE);
    errors.extend(competition_settings::check_public_share(share));
    let Some(metric) = metric.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = pool.begin().await?;
    // One creation at a time per organization, so two identical titles get distinct slugs.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('competition-slug'), hashtext($1::text))")
        .bind(ctx.organization_id())
        .execute(&mut *tx)
        .await?;
    let base = slugify(&input.title);
    let taken: Vec<String> = sqlx::query_scalar(
        "SELECT slug FROM competitions WHERE organization_id = $1 AND (slug = $2 OR slug LIKE $2 || '-%')",
    )
    .bind(ctx.organization_id())
    .bind(&base)
    .fetch_all(&mut *tx)
    .await?;
    let slug = (1..)
        .filter(|n| !(*n == 1 && RESERVED_SLUGS.contains(&base.as_str())))
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|s| !taken.contains(s))
        .expect("some suffix is free");
    let split_secret: [u8; 32] = rand::random();
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO competitions (organization_id, slug, title, description, deadline, metric,
                                   id_column, prediction_column, daily_submission_limit, public_share,
                                   sponsor_id, split_secret)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::numeric(3,2), $11, $12) RETURNING id",
    )
    .bind(ctx.organization_id())
    .bind(&slug)
    .bind(input.title.trim())
    .bind(&input.description)
    .bind(input.deadline)
    .bind(metric)
    .bind(input.id_column.trim())
    .bind(input.prediction_column.trim())
    .bind(limit)
    .bind(share)
    .bind(ctx.user_id())
    .bind(&split_secret[..])
    .fetch_one(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.create",
        "competition",
        id,
        json!({ "input": input, "slug": slug }),
    )
    .await?;
    let mut c = load(&mut tx, ctx, id).await?;
    c.user_context = Some(user_context(&mut tx, ctx, &c, Ranks::Counted).await?);
    tx.commit().await?;
    Ok(c)
}

pub async fn update(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    patch: &CompetitionPatch,
) -> AppResult<Competition> {
    let mut tx = pool.begin().await?;
    let before = sponsor_only(&mut tx, ctx, id, true).await?;
    let mut errors = Vec::new();
    if let Some(title) = &patch.title {
        check_title(title, &mut errors);
    }
    if let Some(description) = &patch.description {
        check_description(description, &mut errors);
    }
    if let Some(deadline) = patch.deadline {
        check_deadline(deadline, &mut errors);
    }
    if let Some(limit) = patch.daily_submission_limit {
        errors.extend(competition_settings::check_daily_limit(limit));
    }
    if let Some(share) = patch.public_share {
        errors.extend(competition_settings::check_public_share(share));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    if before.status == CompetitionStatus::Ended && patch.deadline.is_some() {
        // The private board is out; reopening would let people tune to it.
        return Err(AppError::conflict(
            "competition_ended",
            "The competition has ended and its private results are shown; the deadline cannot move.",
        ));
    }
    if patch
        .public_share
        .is_some_and(|s| (s - before.public_share).abs() > 1e-9)
        && before.answer_key_version > 0
    {
        return Err(AppError::conflict(
            "share_locked",
            "The public share decides the split of the answer key; it cannot change once a key is uploaded.",
        ));
    }
    sqlx::query(
        "UPDATE competitions SET title = COALESCE($2, title), description = COALESCE($3, description),
                deadline = COALESCE($4, deadline),
                daily_submission_limit = COALESCE($5, daily_submission_limit),
                public_share = COALESCE($6::numeric(3,2), public_share),
                updated_at = now()
          WHERE id = $1",
    )
    .bind(id)
    .bind(patch.title.as_deref().map(str::trim))
    .bind(patch.description.as_deref())
    .bind(patch.deadline)
    .bind(patch.daily_submission_limit)
    .bind(patch.public_share)
    .execute(&mut *tx)
    .await?;
    let mut after = load(&mut tx, ctx, id).await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.update",
        "competition",
        id,
        json!({ "before": before, "after": after }),
    )
    .await?;
    after.user_context = Some(user_context(&mut tx, ctx, &after, Ranks::Counted).await?);
    tx.commit().await?;
    Ok(after)
}

pub(super) fn spec(c: &Competition) -> FileSpec {
    FileSpec {
        metric: c.metric,
        id_column: c.id_column.clone(),
        prediction_column: c.prediction_column.clone(),
    }
}

/// The version number of the competition's current key (0 without one).
async fn current_version(conn: &mut PgConnection, competition: Uuid) -> AppResult<i32> {
    Ok(sqlx::query_scalar(
        "SELECT coalesce(max(version), 0) FROM competition_answer_keys WHERE competition_id = $1",
    )
    .bind(competition)
    .fetch_one(conn)
    .await?)
}

/// Parsed answer keys by key id, shared by every request of this process. A key version never
/// changes once stored, so a cached key is never stale, with any number of instances; the cache
/// is bounded by the keys' size (`MERIT_KEY_CACHE_MB`, 256 MiB by default) and drops the least
/// recently used.
fn key_cache() -> &'static quick_cache::sync::Cache<Uuid, Arc<AnswerKey>, KeyWeight> {
    static CACHE: std::sync::OnceLock<quick_cache::sync::Cache<Uuid, Arc<AnswerKey>, KeyWeight>> =
        std::sync::OnceLock::new();
    CACHE.get_or_init(|| {
        let megabytes: u64 = std::env::var("MERIT_KEY_CACHE_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256);
        quick_cache::sync::Cache::with_weighter(64, megabytes << 20, KeyWeight)
    })
}

#[derive(Clone)]
struct KeyWeight;

impl quick_cache::Weighter<Uuid, Arc<AnswerKey>> for KeyWeight {
    fn weight(&self, _: &Uuid, key: &Arc<AnswerKey>) -> u64 {
        key.bytes() as u64
    }
}

/// A stored key version, from the cache or read once from PostgreSQL (three arrays in one row).
pub(super) async fn stored_key(conn: &mut PgConnection, key_id: Uuid) -> AppResult<Arc<AnswerKey>> {
    key_cache()
        .get_or_insert_async(&key_id, async {
            let (ids, values, public): (Vec<String>, Vec<f64>, Vec<bool>) = sqlx::query_as(
                "SELECT coalesce(array_agg(row_id ORDER BY position), '{}'),
                        coalesce(array_agg(value ORDER BY position), '{}'),
                        coalesce(array_agg(is_public ORDER BY position), '{}')
                   FROM competition_answer_rows WHERE answer_key_id = $1",
            )
            .bind(key_id)
            .fetch_one(&mut *conn)
            .await?;
            let key = blocking(move || {
                let rows = ids.iter().zip(values).zip(public);
                AnswerKey::from_rows(rows.map(|((id, value), public)| (id, value, public)))
            })
            .await?;
            Ok::<_, AppError>(Arc::new(key))
        })
        .await
}

/// The competition's current key version (its number, id and rows), if it has one.
async fn current_key(
    conn: &mut PgConnection,
    competition: Uuid,
) -> AppResult<Option<(i32, Arc<AnswerKey>)>> {
    let Some((key_id, version)) = sqlx::query_as::<_, (Uuid, i32)>(
        "SELECT id, version FROM competition_answer_keys WHERE competition_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(competition)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some((version, stored_key(conn, key_id).await?)))
}

/// Runs CPU-heavy file work off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))
}

/// The key a competition's split hashes row ids with: its secret, or (made before there were
/// secrets) its id, so existing splits never move.
async fn split_key(conn: &mut PgConnection, competition: Uuid) -> AppResult<Vec<u8>> {
    let secret: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT split_secret FROM competitions WHERE id = $1")
            .bind(competition)
            .fetch_one(conn)
            .await?;
    Ok(secret.unwrap_or_else(|| competition.as_bytes().to_vec()))
}

fn not_ended(c: &Competition) -> AppResult<()> {
    if c.status == CompetitionStatus::Ended {
        return Err(AppError::conflict(
            "competition_ended",
            "The competition has ended; its answer key is final.",
        ));
    }
    Ok(())
}

/// Whether the actor may upload an answer key now (the sponsor, before the end): checked before
/// the adapter reads the file, so nobody else can make Merit read one.
pub async fn may_upload_answer_key(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<()> {
    let mut conn = pool.acquire().await?;
    not_ended(&sponsor_only(&mut conn, ctx, id, false).await?)
}

/// Uploads an answer key (sponsor): in a draft it becomes the next version; in an active
/// competition a new version must keep the same ids, and every submission is rescored.
pub async fn upload_answer_key(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    upload: Upload,
) -> AppResult<AnswerKeyInfo> {
    async fn parse(
        c: &Competition,
        split_key: Vec<u8>,
        bytes: Arc<Vec<u8>>,
        room: Arc<Option<Room>>,
    ) -> AppResult<AnswerKey> {
        let file_spec = spec(c);
        let share = c.public_share;
        blocking(move || {
            let _room = room;
            let split = Split {
                key: &split_key,
                public_share: share,
            };
            AnswerKey::parse(&bytes, &file_spec, split)
        })
        .await?
        .map_err(AppError::InvalidFile)
    }
    // Read the file before taking the competition lock, which submissions wait on.
    let (before, key_bytes) = {
        let mut conn = pool.acquire().await?;
        let c = sponsor_only(&mut conn, ctx, id, false).await?;
        let key_bytes = split_key(&mut conn, id).await?;
        (c, key_bytes)
    };
    not_ended(&before)?;
    let bytes = Arc::new(upload.bytes);
    let room = Arc::new(upload.room);
    let mut key = parse(&before, key_bytes.clone(), bytes.clone(), room.clone()).await?;
    let mut tx = pool.begin().await?;
    let c = sponsor_only(&mut tx, ctx, id, true).await?;
    not_ended(&c)?;
    if c.public_share != before.public_share {
        // The split changed meanwhile (a draft's share was edited).
        key = parse(&c, key_bytes, bytes, room).await?;
    }
    let previous = current_key(&mut tx, c.id).await?;
    if let Some((_, old)) = &previous {
        // Both keys' ids are unique, so the same count and every new id among the old ones
        // means the same ids.
        let same_ids = old.len() == key.len() && key.ids().all(|id| old.row(id).is_some());
        if c.status == CompetitionStatus::Active && !same_ids {
            return Err(AppError::conflict(
                "key_ids_changed",
                "A new version of an active competition's key must keep the same ids; only the answers may change.",
            ));
        }
    }
    let version = previous.as_ref().map_or(1, |(v, _)| v + 1);
    let public_rows = key.public.iter().filter(|p| **p).count() as i32;
    let key_id: Uuid = sqlx::query_scalar(
        "INSERT INTO competition_answer_keys (organization_id, competition_id, version, row_count, public_rows, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(ctx.organization_id())
    .bind(c.id)
    .bind(version)
    .bind(key.len() as i32)
    .bind(public_rows)
    .bind(ctx.user_id())
    .fetch_one(&mut *tx)
    .await?;
    let positions: Vec<i32> = (0..key.len() as i32).collect();
    let ids: Vec<&str> = key.ids().collect();
    sqlx::query(
        "INSERT INTO competition_answer_rows (organization_id, answer_key_id, position, row_id, value, is_public)
         SELECT $6, $1, * FROM UNNEST($2::int[], $3::text[], $4::float8[], $5::bool[])",
    )
    .bind(key_id)
    .bind(&positions)
    .bind(&ids)
    .bind(&key.values)
    .bind(&key.public)
    .bind(ctx.organization_id())
    .execute(&mut *tx)
    .await?;

    // The stored submissions are rescored by the background worker (`rescoring`), one file at a
    // time and without this lock; uploads score against the new version from now on.
    let rescoring = rescoring::queue(&mut tx, &c, ctx.user_id(), key_id, version).await?;
    let info = AnswerKeyInfo {
        version,
        row_count: positions.len() as i32,
        public_rows,
        rescoring,
    };
    writer::record_change(
        &mut tx,
        ctx,
        "competition.answer_key_upload",
        "competition",
        c.id,
        json!({ "version": version, "rows": info.row_count, "publicRows": public_rows, "fileName": upload.file_name, "toRescore": info.rescoring.total }),
    )
    .await?;
    tx.commit().await?;
    key_cache().insert(key_id, Arc::new(key));
    rescoring::wake();
    Ok(info)
}

/// The latest rescoring of the competition's stored submissions (sponsor).
pub async fn rescoring(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Option<Rescoring>> {
    let mut conn = pool.acquire().await?;
    sponsor_only(&mut conn, ctx, id, false).await?;
    rescoring::latest(&mut conn, id).await
}

/// Everyone whose rank changed between two boards, including those no longer on the board.
pub(super) fn rank_moves(before: &[LeaderboardRow], after: &[LeaderboardRow]) -> Vec<RankMove> {
    let ranks = |rows: &[LeaderboardRow]| -> HashMap<Uuid, i64> {
        rows.iter().map(|r| (r.user_id, r.rank)).collect()
    };
    let (was, is) = (ranks(before), ranks(after));
    let mut moves: Vec<RankMove> = after
        .iter()
        .filter(|row| was.get(&row.user_id) != Some(&row.rank))
        .map(|row| RankMove {
            user_id: row.user_id,
            display_name: row.display_name.clone(),
            before: was.get(&row.user_id).copied(),
            after: Some(row.rank),
        })
        .collect();
    moves.extend(
        before
            .iter()
            .filter(|row| !is.contains_key(&row.user_id))
            .map(|row| RankMove {
                user_id: row.user_id,
                display_name: row.display_name.clone(),
                before: Some(row.rank),
                after: None,
            }),
    );
    moves
}

pub async fn activate(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Competition> {
    let mut tx = pool.begin().await?;
    let c = sponsor_only(&mut tx, ctx, id, true).await?;
    if c.status != CompetitionStatus::Draft {
        return Err(AppError::conflict(
            "competition_status",
            format!(
                "The competition is {}; only a draft can be activated.",
                c.status.as_str()
            ),
        ));
    }
    if c.answer_key_version == 0 {
        return Err(AppError::conflict(
            "no_answer_key",
            "Upload a valid answer key before activating the competition.",
        ));
    }
    if c.deadline <= Utc::now() {
        return Err(AppError::conflict(
            "deadline_passed",
            "The deadline has passed; move it before activating.",
        ));
    }
    // Keys stored before every key needed rows in both parts may still lack them.
    let parts: Vec<(f64, bool)> = sqlx::query_as(
        "SELECT r.value, r.is_public FROM competition_answer_rows r
           JOIN competition_answer_keys k ON k.id = r.answer_key_id
          WHERE k.competition_id = $1 AND k.version = $2",
    )
    .bind(id)
    .bind(c.answer_key_version)
    .fetch_all(&mut *tx)
    .await?;
    if let Some(problem) = crate::domain::metrics::check_key_parts(c.metric, parts).first() {
        return Err(AppError::conflict(
            "key_part_empty",
            format!("The answer key cannot be scored: {problem}. Upload a new version."),
        ));
    }
    sqlx::query(
        "UPDATE competitions SET status = 'active', starts_at = now(), updated_at = now() WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.activate",
        "competition",
        id,
        json!({}),
    )
    .await?;
    let mut c = load(&mut tx, ctx, id).await?;
    c.user_context = Some(user_context(&mut tx, ctx, &c, Ranks::Counted).await?);
    tx.commit().await?;
    Ok(c)
}

pub async fn enroll(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserContext> {
    let mut tx = pool.begin().await?;
    let c = load(&mut tx, ctx, id).await?;
    if c.sponsor_id == ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    if c.status != CompetitionStatus::Active {
        return Err(AppError::conflict(
            "competition_status",
            format!(
                "The competition is {}; enrollment needs it active.",
                c.status.as_str()
            ),
        ));
    }
    let inserted = sqlx::query(
        "INSERT INTO competition_enrollments (organization_id, competition_id, user_id)
         VALUES ($1, $2, $3) ON CONFLICT (competition_id, user_id) DO NOTHING",
    )
    .bind(ctx.organization_id())
    .bind(id)
    .bind(ctx.user_id())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted > 0 {
        standings::count_participants(&mut tx, id, 1).await?;
        writer::record_change(
            &mut tx,
            ctx,
            "competition.enroll",
            "competition",
            id,
            json!({}),
        )
        .await?;
    }
    let context = user_context(&mut tx, ctx, &c, Ranks::Counted).await?;
    tx.commit().await?;
    Ok(context)
}

/// Leaves a competition; submissions stay (and on the leaderboard).
pub async fn unenroll(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserContext> {
    let mut tx = pool.begin().await?;
    let c = load(&mut tx, ctx, id).await?;
    let deleted = sqlx::query(
        "DELETE FROM competition_enrollments WHERE competition_id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(ctx.user_id())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if deleted > 0 {
        standings::count_participants(&mut tx, id, -1).await?;
        writer::record_change(
            &mut tx,
            ctx,
            "competition.unenroll",
            "competition",
            id,
            json!({}),
        )
        .await?;
    }
    let context = user_context(&mut tx, ctx, &c, Ranks::Counted).await?;
    tx.commit().await?;
    Ok(context)
}

pub async fn enrollment(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserContext> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    user_context(&mut conn, ctx, &c, Ranks::FromBoard).await
}

/// The competition, when the actor may submit to it now: enrolled (not the sponsor), active and
/// before the deadline. With `lock`, takes the competition row `FOR SHARE` and the
/// enrollment row `FOR UPDATE`, which serializes one participant's uploads.
async fn may_submit(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    lock: bool,
) -> AppResult<Competition> {
    let c = if lock {
        load_locked(conn, ctx, id, false).await?
    } else {
        load(conn, ctx, id).await?
    };
    if c.sponsor_id == ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    if enrolled_at(conn, id, ctx.user_id(), lock).await?.is_none() {
        return Err(AppError::Forbidden);
    }
    let now = Utc::now();
    if c.status == CompetitionStatus::Ended || c.deadline <= now {
        return Err(AppError::conflict(
            "deadline_passed",
            "The deadline has passed; submissions are closed.",
        ));
    }
    if c.status != CompetitionStatus::Active || c.starts_at > now {
        return Err(AppError::conflict(
            "competition_status",
            "The competition is not accepting submissions.",
        ));
    }
    Ok(c)
}

/// Whether the actor may upload predictions now: checked before the adapter reads the file, so
/// nobody who could not submit can make Merit read one.
pub async fn may_submit_now(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<()> {
    let mut conn = pool.acquire().await?;
    let c = may_submit(&mut conn, ctx, id, false).await?;
    // With both of today's quotas used up, no file could be accepted: say so before it is read.
    let now = Utc::now();
    let used = used_today(&mut conn, id, ctx.user_id()).await?;
    let limit = i64::from(c.daily_submission_limit);
    if used >= limit
        && invalid_today(&mut conn, id, ctx.user_id(), now).await? >= INVALID_UPLOADS_PER_DAY
    {
        return Err(AppError::RateLimited(RateLimit {
            limit,
            used,
            resets_at: next_midnight(now),
            scope: None,
        }));
    }
    Ok(())
}

/// Invalid uploads the participant made today (UTC).
async fn invalid_today(
    conn: &mut PgConnection,
    competition: Uuid,
    user: Uuid,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM competition_submissions
          WHERE competition_id = $1 AND user_id = $2 AND status = 'invalid' AND created_at >= $3",
    )
    .bind(competition)
    .bind(user)
    .bind(today_start(now))
    .fetch_one(conn)
    .await?)
}

/// A prediction file and the memory reserved for it, kept together while it is checked.
struct Held {
    bytes: Vec<u8>,
    _room: Option<Room>,
}

/// Validates and scores a prediction file against a key, off the async threads. Hands the file
/// back with what the check found.
async fn check_file(
    c: &Competition,
    key: Arc<AnswerKey>,
    held: Held,
) -> AppResult<(Held, Checked, Option<super::validation::Scores>)> {
    let file_spec = spec(c);
    let metric = c.metric;
    blocking(move || {
        let mut checked = validate_submission(&held.bytes, &file_spec, &key);
        let scores = match &checked.predictions {
            Ok(predictions) => match score(metric, &key, predictions) {
                Ok(scores) => Some(scores),
                Err(e) => {
                    checked.predictions = Err(vec![score_problem(e)]);
                    None
                }
            },
            Err(_) => None,
        };
        (held, checked, scores)
    })
    .await
}

fn next_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    today_start(now) + Duration::days(1)
}

/// Uploads predictions (participant, active competition, before the deadline). Invalid files
/// are kept with their errors, answered with 400 and counted against their own generous daily
/// limit; valid ones count against the daily limit. Both hold under parallel uploads because
/// each counts and writes under the enrollment row lock.
pub async fn submit(pool: &PgPool, ctx: &Ctx, id: Uuid, upload: Upload) -> AppResult<Submission> {
    // The file is checked and scored before any lock is taken, so parallel uploads of one
    // participant (and the sponsor's tools) wait only for the short write at the end.
    let (c, version, key) = {
        let mut conn = pool.acquire().await?;
        let c = may_submit(&mut conn, ctx, id, false).await?;
        let (version, key) = current_key(&mut conn, id).await?.ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("active competition {id} has no key"))
        })?;
        (c, version, key)
    };
    let Upload {
        file_name,
        bytes,
        room,
    } = upload;
    let held = Held { bytes, _room: room };
    let (mut held, mut checked, mut scores) = check_file(&c, key, held).await?;

    let mut tx = pool.begin().await?;
    let c = may_submit(&mut tx, ctx, id, true).await?;
    // Only the version is compared under the lock; the key is read again only if it changed.
    let current = current_version(&mut tx, id).await?;
    let version = if current == version {
        version
    } else {
        // A new key version arrived meanwhile; score against the version that is current now.
        let (current, key) = current_key(&mut tx, id).await?.ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("active competition {id} has no key"))
        })?;
        (held, checked, scores) = check_file(&c, key, held).await?;
        current
    };
    let bytes = held.bytes;
    let now = Utc::now();
    let size = bytes.len().min(i32::MAX as usize) as i32;
    let rows = checked.rows.min(i32::MAX as u64) as i32;
    let file_name: String = file_name.chars().take(255).collect();
    let warnings = serde_json::to_value(&checked.warnings).map_err(anyhow::Error::new)?;
    let sid = Uuid::new_v4();
    match (checked.predictions, scores) {
        (Ok(_), Some(scores)) => {
            let used = used_today(&mut tx, id, ctx.user_id()).await?;
            let limit = i64::from(c.daily_submission_limit);
            if used >= limit {
                return Err(AppError::RateLimited(RateLimit {
                    limit,
                    used,
                    resets_at: next_midnight(now),
                    scope: None,
                }));
            }
            let previous_rank = standings::rank(&mut tx, &c, Board::Public, ctx.user_id())
                .await?
                .map(|(rank, _)| rank);
            sqlx::query(
                "INSERT INTO competition_submissions (id, organization_id, competition_id, user_id, file_name, file_bytes,
                        size_bytes, row_count, status, score, public_score, private_score, counts_toward_limit,
                        answer_key_version, warnings)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'scored', $9, $10, $11, true, $12, $13)",
            )
            .bind(sid)
            .bind(ctx.organization_id())
            .bind(id)
            .bind(ctx.user_id())
            .bind(&file_name)
            .bind(&bytes)
            .bind(size)
            .bind(rows)
            .bind(scores.overall)
            .bind(scores.public)
            .bind(scores.private)
            .bind(version)
            .bind(&warnings)
            .execute(&mut *tx)
            .await?;
            standings::refresh(&mut tx, &c, Some(&[ctx.user_id()])).await?;
            let rank = standings::rank(&mut tx, &c, Board::Public, ctx.user_id())
                .await?
                .map(|(rank, _)| rank);
            writer::record_change(&mut tx, ctx, "competition.submit", "competition_submission", sid,
                json!({ "competitionId": id, "fileName": file_name, "publicScore": scores.public, "rank": rank, "previousRank": previous_rank })).await?;
            let mut submission = load_submission(&mut tx, &c, sid).await?;
            hide_private(&c, &mut submission);
            submission.rank = rank;
            submission.previous_rank = previous_rank;
            tx.commit().await?;
            Ok(submission)
        }
        (predictions, _) => {
            let errors = predictions.err().unwrap_or_default();
            let invalid_today = invalid_today(&mut tx, id, ctx.user_id(), now).await?;
            if invalid_today >= INVALID_UPLOADS_PER_DAY {
                return Err(AppError::RateLimited(RateLimit {
                    limit: INVALID_UPLOADS_PER_DAY,
                    used: invalid_today,
                    resets_at: next_midnight(now),
                    scope: Some("invalid"),
                }));
            }
            sqlx::query(
                "INSERT INTO competition_submissions (id, organization_id, competition_id, user_id, file_name, file_bytes,
                        size_bytes, row_count, status, validation_errors, counts_toward_limit, answer_key_version, warnings)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'invalid', $9, false, $10, $11)",
            )
            .bind(sid)
            .bind(ctx.organization_id())
            .bind(id)
            .bind(ctx.user_id())
            .bind(&file_name)
            // Only valid files are ever read again (rescoring); an invalid one keeps its errors,
            // which are short by construction (counts, ten lines, ten examples of 100 chars).
            .bind(Vec::<u8>::new())
            .bind(size)
            .bind(rows)
            .bind(serde_json::to_value(&errors).map_err(anyhow::Error::new)?)
            .bind(version)
            .bind(&warnings)
            .execute(&mut *tx)
            .await?;
            let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
            writer::record_change(
                &mut tx,
                ctx,
                "competition.submission_invalid",
                "competition_submission",
                sid,
                json!({ "competitionId": id, "fileName": file_name, "codes": codes }),
            )
            .await?;
            tx.commit().await?;
            Err(AppError::InvalidFile(errors))
        }
    }
}

async fn load_submission(
    conn: &mut PgConnection,
    c: &Competition,
    sid: Uuid,
) -> AppResult<Submission> {
    let sql = format!("{SUBMISSION_SELECT} WHERE s.id = $1 AND s.competition_id = $2");
    sqlx::query_as(&sql)
        .bind(sid)
        .bind(c.id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Private scores stay hidden from participants until the deadline.
fn hide_private(c: &Competition, s: &mut Submission) {
    if c.status != CompetitionStatus::Ended {
        s.private_score = None;
    }
}

/// A page of submissions of the competition: `user` narrows to one participant, `status` to
/// some statuses. Newest first.
pub(super) async fn submissions_page(
    conn: &mut PgConnection,
    c: &Competition,
    user: Option<Uuid>,
    statuses: &[SubmissionStatus],
    page: PageRequest,
) -> AppResult<Page<Submission>> {
    let wanted: Vec<&str> = if statuses.is_empty() {
        SubmissionStatus::ALL.iter().map(|s| s.as_str()).collect()
    } else {
        statuses.iter().map(|s| s.as_str()).collect()
    };
    let filter =
        "s.competition_id = $1 AND ($2::uuid IS NULL OR s.user_id = $2) AND s.status = ANY($3)";
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM competition_submissions s WHERE {filter}"
    ))
    .bind(c.id)
    .bind(user)
    .bind(&wanted)
    .fetch_one(&mut *conn)
    .await?;
    let items: Vec<Submission> = sqlx::query_as(&format!(
        "{SUBMISSION_SELECT} WHERE {filter} ORDER BY s.created_at DESC, s.id LIMIT $4 OFFSET $5"
    ))
    .bind(c.id)
    .bind(user)
    .bind(&wanted)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(conn)
    .await?;
    Ok(Page::new(items, total, page))
}

/// The actor's own submissions, newest first.
pub async fn my_submissions(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    page: PageRequest,
) -> AppResult<Page<Submission>> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    own_submissions(&mut conn, ctx, &c, page).await
}

pub(super) async fn own_submissions(
    conn: &mut PgConnection,
    ctx: &Ctx,
    c: &Competition,
    page: PageRequest,
) -> AppResult<Page<Submission>> {
    let mut result = submissions_page(conn, c, Some(ctx.user_id()), &[], page).await?;
    for s in &mut result.items {
        hide_private(c, s);
    }
    Ok(result)
}

/// One submission: its owner and the sponsor may read it.
pub async fn submission(pool: &PgPool, ctx: &Ctx, id: Uuid, sid: Uuid) -> AppResult<Submission> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    let mut s = load_submission(&mut conn, &c, sid).await?;
    if s.user_id != ctx.user_id() && c.sponsor_id != ctx.user_id() {
        return Err(AppError::NotFound);
    }
    if c.sponsor_id != ctx.user_id() {
        hide_private(&c, &mut s);
    }
    Ok(s)
}

/// The private board appears after the deadline.
pub(super) fn board_visible(c: &Competition, board: Board) -> AppResult<()> {
    if board == Board::Private && c.status != CompetitionStatus::Ended {
        return Err(AppError::conflict(
            "private_hidden",
            "The private leaderboard appears after the deadline.",
        ));
    }
    Ok(())
}

pub async fn leaderboard(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    board: Board,
    page: PageRequest,
) -> AppResult<Page<LeaderboardRow>> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    board_visible(&c, board)?;
    standings::page(&mut conn, &c, board, page).await
}

/// The actor's row with up to five rows above and five below; empty when not on the board.
pub async fn around_me(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    board: Board,
) -> AppResult<Vec<LeaderboardRow>> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    board_visible(&c, board)?;
    standings::around(&mut conn, &c, board, ctx.user_id(), 5).await
}

/// Announcements, newest first.
pub async fn announcements(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    page: PageRequest,
) -> AppResult<Page<Announcement>> {
    let mut conn = pool.acquire().await?;
    load(&mut conn, ctx, id).await?;
    announcements_of(&mut conn, id, page).await
}

pub(super) async fn announcements_of(
    conn: &mut PgConnection,
    id: Uuid,
    page: PageRequest,
) -> AppResult<Page<Announcement>> {
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM competition_announcements WHERE competition_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let items = sqlx::query_as(
        "SELECT a.id, a.body, u.display_name AS author_name, a.created_at
           FROM competition_announcements a JOIN users u ON u.id = a.author_id
          WHERE a.competition_id = $1 ORDER BY a.created_at DESC, a.id LIMIT $2 OFFSET $3",
    )
    .bind(id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&mut *conn)
    .await?;
    Ok(Page::new(items, total, page))
}

pub async fn announce(pool: &PgPool, ctx: &Ctx, id: Uuid, body: &str) -> AppResult<Announcement> {
    let mut tx = pool.begin().await?;
    sponsor_only(&mut tx, ctx, id, false).await?;
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 4000 {
        return Err(AppError::validation(
            "body",
            "required",
            "body is required (at most 4000 characters)",
        ));
    }
    let announcement: Announcement = sqlx::query_as(
        "WITH a AS (INSERT INTO competition_announcements (organization_id, competition_id, author_id, body)
                    VALUES ($1, $2, $3, $4) RETURNING id, body, author_id, created_at)
         SELECT a.id, a.body, u.display_name AS author_name, a.created_at FROM a JOIN users u ON u.id = a.author_id",
    )
    .bind(ctx.organization_id())
    .bind(id)
    .bind(ctx.user_id())
    .bind(body)
    .fetch_one(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.announce",
        "competition",
        id,
        json!({ "announcementId": announcement.id, "body": body }),
    )
    .await?;
    tx.commit().await?;
    Ok(announcement)
}

pub async fn stats(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<CompetitionStats> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    stats_of(&mut conn, &c).await
}

pub(super) async fn stats_of(
    conn: &mut PgConnection,
    c: &Competition,
) -> AppResult<CompetitionStats> {
    let id = c.id;
    let (submissions, scored, invalid, invalidated): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE status = 'scored'), count(*) FILTER (WHERE status = 'invalid'),
                count(*) FILTER (WHERE status = 'invalidated')
           FROM competition_submissions WHERE competition_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let today = Utc::now().date_naive();
    let per_day: Vec<DayCount> = sqlx::query_as(
        "SELECT d::date AS day, count(s.id) AS count
           FROM generate_series($2::date - 13, $2::date, interval '1 day') d
           LEFT JOIN competition_submissions s
             ON s.competition_id = $1 AND (s.created_at AT TIME ZONE 'UTC')::date = d::date
          GROUP BY d ORDER BY d",
    )
    .bind(id)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let scores: Vec<f64> = sqlx::query_scalar(
        "SELECT public_score FROM competition_submissions WHERE competition_id = $1 AND status = 'scored'",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let best_score = standings::best(conn, c, Board::Public).await?;
    Ok(CompetitionStats {
        participants: c.participant_count,
        submissions,
        scored,
        invalid,
        invalidated,
        best_score,
        per_day,
        distribution: histogram(&scores, 10),
    })
}

pub async fn participants(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    page: PageRequest,
) -> AppResult<Page<Participant>> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    participants_of(&mut conn, &c, page).await
}

pub(super) async fn participants_of(
    conn: &mut PgConnection,
    c: &Competition,
    page: PageRequest,
) -> AppResult<Page<Participant>> {
    let id = c.id;
    let best = if c.metric.higher_is_better() {
        "max"
    } else {
        "min"
    };
    let items: Vec<Participant> = sqlx::query_as(&format!(
        "SELECT e.user_id, u.display_name, u.email, e.enrolled_at,
                count(s.id) AS submissions,
                {best}(s.public_score) FILTER (WHERE s.status = 'scored') AS best_score,
                max(s.created_at) AS last_submitted_at
           FROM competition_enrollments e JOIN users u ON u.id = e.user_id
           LEFT JOIN competition_submissions s ON s.competition_id = e.competition_id AND s.user_id = e.user_id
          WHERE e.competition_id = $1
          GROUP BY e.user_id, u.display_name, u.email, e.enrolled_at
          ORDER BY e.enrolled_at, u.display_name LIMIT $2 OFFSET $3"
    ))
    .bind(id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&mut *conn)
    .await?;
    Ok(Page::new(items, c.participant_count, page))
}

pub async fn admin_submissions(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    user: Option<Uuid>,
    statuses: &[SubmissionStatus],
    page: PageRequest,
) -> AppResult<Page<Submission>> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    submissions_page(&mut conn, &c, user, statuses, page).await
}

/// Invalidates a scored submission (sponsor) with a reason; it leaves the leaderboard and its
/// owner sees the reason in their history.
pub async fn invalidate(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    sid: Uuid,
    reason: &str,
) -> AppResult<Submission> {
    let mut tx = pool.begin().await?;
    let c = sponsor_only(&mut tx, ctx, id, true).await?;
    let before = load_submission(&mut tx, &c, sid).await?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(AppError::validation(
            "reason",
            "required",
            "a reason is required (at most 1000 characters)",
        ));
    }
    if before.status != SubmissionStatus::Scored {
        return Err(AppError::conflict(
            "submission_status",
            format!(
                "The submission is {}; only scored submissions can be invalidated.",
                before.status.as_str()
            ),
        ));
    }
    let rank_before = standings::rank(&mut tx, &c, Board::Public, before.user_id).await?;
    sqlx::query(
        "UPDATE competition_submissions SET status = 'invalidated', invalidated_by = $2, invalidated_at = now(),
                invalidation_reason = $3, updated_at = now() WHERE id = $1",
    )
    .bind(sid)
    .bind(ctx.user_id())
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    standings::refresh(&mut tx, &c, Some(&[before.user_id])).await?;
    let rank_after = standings::rank(&mut tx, &c, Board::Public, before.user_id).await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.submission_invalidate",
        "competition_submission",
        sid,
        json!({
            "competitionId": id, "userId": before.user_id, "reason": reason,
            "rankBefore": rank_before.map(|(rank, _)| rank),
            "rankAfter": rank_after.map(|(rank, _)| rank),
        }),
    )
    .await?;
    let after = load_submission(&mut tx, &c, sid).await?;
    tx.commit().await?;
    Ok(after)
}

/// A file in the expected format with every id of the key and a neutral prediction, for the
/// Data tab's download. Cells that would start a spreadsheet formula are written as text
/// (`'=…`); Merit reads them back without the mark, so the file is a valid submission as is.
pub async fn sample_csv(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<String> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    let ids: Vec<String> = match current_key(&mut conn, id).await? {
        Some((_, key)) => key.ids().map(str::to_owned).collect(),
        None => Vec::new(),
    };
    let neutral = match c.metric {
        Metric::Auc | Metric::LogLoss => "0.5",
        Metric::Accuracy | Metric::F1 => "0",
        Metric::Rmse | Metric::Mae => "0.0",
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AppError::Internal(anyhow::Error::new(e));
    writer
        .write_record(
            [
                escape_formula(&c.id_column),
                escape_formula(&c.prediction_column),
            ]
            .iter()
            .map(|cell| cell.as_bytes()),
        )
        .map_err(io)?;
    for row_id in &ids {
        writer
            .write_record([escape_formula(row_id).as_bytes(), neutral.as_bytes()])
            .map_err(io)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(anyhow::Error::new(e)))
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slugify("Churn Prediction 2026!"), "churn-prediction-2026");
        assert_eq!(slugify("  --Hello__World--  "), "hello-world");
        assert_eq!(slugify("解約予測"), "competition");
        assert_eq!(slugify("解約予測 Churn"), "churn");
    }
}
