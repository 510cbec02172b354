//! Competition use cases, one transaction each with its audit row where something changes:
//! creating and editing (the creator is the sponsor), answer keys (a new version rescores every
//! submission and records how ranks moved), activation, enrollment, submissions under the daily
//! limit, leaderboards and the sponsor's tools.
//!
//! Each group of use cases has its own file here, named after it; this module holds what they
//! share: loading a competition as the actor may see it, the daily count, and viewer ranks.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::validation::{score, score_problem, validate_submission, AnswerKey, Checked, FileSpec, Split};
use super::{bands, baselines, rescoring, standings};
use super::{
    histogram, Announcement, AnswerKeyInfo, BaselineScores, Board, Competition, CompetitionInput, CompetitionPatch,
    CompetitionRole, CompetitionStats, CompetitionStatus, DayCount, Leaderboard, LeaderboardRow, Participant, RankMove,
    Rescoring, Shakeup, ShakeupMove, Submission, SubmissionStatus, UserContext,
};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::competition_settings;
use crate::domain::metrics::Metric;
use crate::domain::spreadsheet::escape_formula;
use crate::domain::text::fits;
use crate::domain::{ConflictReason, FieldCode, FieldError, Page, PageRequest, Sort};

/// The fields the competition list sorts by.
pub const COMPETITION_SORTS: &[&str] = &["deadline", "title", "participants", "createdAt"];
/// The fields the participant list sorts by.
pub const PARTICIPANT_SORTS: &[&str] = &["enrolledAt", "name", "submissions", "bestScore", "lastSubmittedAt"];
/// The fields submission lists sort by.
pub const SUBMISSION_SORTS: &[&str] = &["submittedAt", "score"];
use crate::error::{AppError, AppResult, LimitScope, RateLimit};
use crate::notifications::service::{notify_overtaken, notify_participants, Notice};
use crate::notifications::NotificationKind;

/// Competitions as the view `competition_overview` shows them, under the conditions given (a
/// string literal joined to the query at compile time) and their bind parameters.
macro_rules! select_competitions {
    ($($rest:tt)*) => {
        sqlx::query!(
            r#"SELECT c.id AS "id!", c.slug AS "slug!", c.title AS "title!",
                      c.description AS "description!", c.status AS "status!: CompetitionStatus",
                      c.starts_at AS "starts_at!: DateTime<Utc>", c.deadline AS "deadline!: DateTime<Utc>",
                      c.metric AS "metric!: Metric", c.id_column AS "id_column!",
                      c.prediction_column AS "prediction_column!",
                      c.daily_submission_limit AS "daily_submission_limit!",
                      c.public_share AS "public_share!", c.sponsor_id AS "sponsor_id!",
                      c.sponsor_name AS "sponsor_name!", c.answer_key_version AS "answer_key_version!",
                      c.answer_key_rows AS "answer_key_rows!",
                      c.answer_key_public_rows AS "answer_key_public_rows!",
                      c.participant_count AS "participant_count!", c.ranked_count AS "ranked_count!",
                      c.standings_version AS "standings_version!",
                      c.bands_current AS "bands_current!", c.private_bands_current AS "private_bands_current!",
                      c.created_at AS "created_at!: DateTime<Utc>"
                 FROM competition_overview c "# + $($rest)*
        )
        .map(|row| Competition {
            id: row.id,
            slug: row.slug,
            title: row.title,
            description: row.description,
            status: row.status,
            starts_at: row.starts_at,
            deadline: row.deadline,
            higher_is_better: row.metric.higher_is_better(),
            metric: row.metric,
            id_column: row.id_column,
            prediction_column: row.prediction_column,
            daily_submission_limit: row.daily_submission_limit,
            public_share: row.public_share,
            sponsor_id: row.sponsor_id,
            sponsor_name: row.sponsor_name,
            answer_key_version: row.answer_key_version,
            answer_key_rows: row.answer_key_rows,
            answer_key_public_rows: row.answer_key_public_rows,
            participant_count: row.participant_count,
            ranked_count: row.ranked_count,
            created_at: row.created_at,
            standings_version: row.standings_version,
            bands_current: row.bands_current,
            private_bands_current: row.private_bands_current,
            user_context: None,
        })
    };
}

/// A submission's validation errors or warnings, stored as JSON.
type Findings = sqlx::types::Json<Vec<super::ValidationError>>;

/// Submissions with their participant's name, under the conditions given (a string literal
/// joined to the query at compile time) and their bind parameters.
macro_rules! select_submissions {
    ($($rest:tt)*) => {
        sqlx::query!(
            r#"SELECT s.id, s.user_id, u.display_name, s.file_name, s.size_bytes, s.row_count,
                      s.status AS "status: SubmissionStatus", s.public_score AS score, s.private_score,
                      s.created_at AS "submitted_at: DateTime<Utc>",
                      s.validation_errors AS "validation_errors: Findings",
                      s.warnings AS "warnings: Findings",
                      s.invalidated_at AS "invalidated_at: DateTime<Utc>", s.invalidation_reason
                 FROM competition_submissions s JOIN users u ON u.id = s.user_id "# + $($rest)*
        )
        .map(|row| Submission {
            id: row.id,
            user_id: row.user_id,
            display_name: row.display_name,
            file_name: row.file_name,
            size_bytes: row.size_bytes,
            row_count: row.row_count,
            status: row.status,
            score: row.score,
            private_score: row.private_score,
            submitted_at: row.submitted_at,
            validation_errors: row.validation_errors.0,
            warnings: row.warnings.0,
            invalidated_at: row.invalidated_at,
            invalidation_reason: row.invalidation_reason,
            rank: None,
            previous_rank: None,
        })
    };
}

mod announcements;
mod answer_key;
mod boards;
mod enrollment;
mod files;
mod receipt;
mod settings;
mod sponsor;
mod submissions;
mod submit;

pub use self::announcements::*;
pub use self::answer_key::*;
pub use self::boards::*;
pub use self::enrollment::*;
pub use self::files::*;
pub use self::receipt::*;
pub use self::settings::*;
pub use self::sponsor::*;
pub use self::submissions::*;
pub use self::submit::*;

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
    select_competitions!("WHERE c.id = $1 AND c.organization_id = $2", id, organization)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)
}

async fn load_locked(conn: &mut PgConnection, ctx: &Ctx, id: Uuid, exclusive: bool) -> AppResult<Competition> {
    let organization = ctx.organization_id();
    let held = if exclusive {
        sqlx::query_scalar!(
            "SELECT id FROM competitions WHERE id = $1 AND organization_id = $2 FOR UPDATE",
            id,
            organization,
        )
        .fetch_optional(&mut *conn)
        .await?
    } else {
        sqlx::query_scalar!(
            "SELECT id FROM competitions WHERE id = $1 AND organization_id = $2 FOR SHARE",
            id,
            organization,
        )
        .fetch_optional(&mut *conn)
        .await?
    };
    held.ok_or(AppError::NotFound)?;
    load(conn, ctx, id).await
}

async fn sponsor_only(conn: &mut PgConnection, ctx: &Ctx, id: Uuid, lock: bool) -> AppResult<Competition> {
    let c = if lock { load_locked(conn, ctx, id, true).await? } else { load(conn, ctx, id).await? };
    if c.sponsor_id != ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    Ok(c)
}

fn today_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive().and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

async fn enrolled_at(
    conn: &mut PgConnection,
    competition: Uuid,
    user: Uuid,
    lock: bool,
) -> AppResult<Option<DateTime<Utc>>> {
    Ok(if lock {
        sqlx::query_scalar!(
            r#"SELECT enrolled_at AS "enrolled_at: DateTime<Utc>" FROM competition_enrollments
                WHERE competition_id = $1 AND user_id = $2 FOR UPDATE"#,
            competition,
            user,
        )
        .fetch_optional(conn)
        .await?
    } else {
        sqlx::query_scalar!(
            r#"SELECT enrolled_at AS "enrolled_at: DateTime<Utc>" FROM competition_enrollments
                WHERE competition_id = $1 AND user_id = $2"#,
            competition,
            user,
        )
        .fetch_optional(conn)
        .await?
    })
}

/// Valid uploads of the actor today (UTC), the number the daily limit counts.
async fn used_today(conn: &mut PgConnection, ctx: &Ctx, competition: Uuid) -> AppResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT uploads_counted_since($1, $2, $3) AS "n!""#,
        competition,
        ctx.user_id(),
        today_start(ctx.now) as _,
    )
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

async fn user_context(conn: &mut PgConnection, ctx: &Ctx, c: &Competition, ranks: Ranks) -> AppResult<UserContext> {
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
    let rows = sqlx::query!(
        r#"SELECT e.enrolled_at AS "enrolled_at?: DateTime<Utc>", me.public_score AS "public_score?",
                  CASE WHEN $4 AND me.user_id IS NOT NULL THEN public_rank(me) END AS rank,
                  uploads_counted_since(i.id, $2, $3) AS "today!", e.seen_rank::bigint AS seen_rank,
                  (SELECT count(*) FROM notifications n
                    WHERE n.user_id = $2 AND n.kind = 'announcement' AND n.subject_id = i.id AND n.read_at IS NULL)
                    AS "unread!"
             FROM unnest($1::uuid[]) WITH ORDINALITY AS i(id, n)
             LEFT JOIN competition_enrollments e ON e.competition_id = i.id AND e.user_id = $2
             LEFT JOIN competition_standings me ON me.competition_id = i.id AND me.user_id = $2
            ORDER BY i.n"#,
        &ids,
        ctx.user_id(),
        today_start(ctx.now) as _,
        ranks == Ranks::Counted,
    )
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
    let resets_at = today_start(ctx.now) + Duration::days(1);
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
            seen_rank: row.seen_rank,
            unread_announcements: row.unread,
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
pub(super) async fn load_by_slug(conn: &mut PgConnection, ctx: &Ctx, slug: &str) -> AppResult<Competition> {
    if !slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(AppError::NotFound); // no slug looks like that
    }
    let mut c = select_competitions!("WHERE c.slug = $1 AND c.organization_id = $2", slug, ctx.organization_id())
        .fetch_optional(&mut *conn)
        .await?
        .filter(|c| visible(c, ctx))
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
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<Page<Competition>> {
    let wanted: Vec<&str> = if statuses.is_empty() {
        CompetitionStatus::ALL.iter().map(|s| s.as_str()).collect()
    } else {
        statuses.iter().map(|s| s.as_str()).collect()
    };
    let pattern = crate::domain::text::contains_pattern("q", q).map_err(|e| AppError::Validation(vec![e]))?;
    let mut conn = pool.acquire().await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM competitions_now c
            WHERE c.organization_id = $1 AND c.effective_status = ANY($2)
              AND (c.effective_status <> 'draft' OR c.sponsor_id = $3)
              AND ($4::text IS NULL OR c.title ILIKE $4 OR c.description ILIKE $4)"#,
        ctx.organization_id(),
        &wanted as _,
        ctx.user_id(),
        pattern.as_deref(),
    )
    .fetch_one(&mut *conn)
    .await?;
    let mut out = select_competitions!(
        "WHERE c.organization_id = $1 AND c.status = ANY($2)
            AND (c.status <> 'draft' OR c.sponsor_id = $3)
            AND ($4::text IS NULL OR c.title ILIKE $4 OR c.description ILIKE $4)
          ORDER BY CASE WHEN $7::text IS NULL THEN CASE c.status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END END,
                   CASE WHEN $7 = 'deadline' AND NOT $8 THEN c.deadline END ASC,
                   CASE WHEN $7 = 'deadline' AND $8 THEN c.deadline END DESC,
                   CASE WHEN $7 = 'title' AND NOT $8 THEN c.title END ASC,
                   CASE WHEN $7 = 'title' AND $8 THEN c.title END DESC,
                   CASE WHEN $7 = 'participants' AND NOT $8 THEN c.participant_count END ASC,
                   CASE WHEN $7 = 'participants' AND $8 THEN c.participant_count END DESC,
                   CASE WHEN $7 = 'createdAt' AND NOT $8 THEN c.created_at END ASC,
                   CASE WHEN $7 = 'createdAt' AND $8 THEN c.created_at END DESC,
                   c.deadline DESC, c.title, c.id
          LIMIT $5 OFFSET $6",
        ctx.organization_id(),
        &wanted as _,
        ctx.user_id(),
        pattern.as_deref(),
        page.limit(),
        page.offset(),
        sort.map(|s| s.field),
        sort.is_some_and(|s| s.descending),
    )
    .fetch_all(&mut *conn)
    .await?;
    let contexts = user_contexts(&mut conn, ctx, &out, Ranks::FromBoard).await?;
    for (c, context) in out.iter_mut().zip(contexts) {
        c.user_context = Some(context);
    }
    Ok(Page::new(out, total, page))
}
