//! Nomination use cases, one transaction each with its audit row: cycles and criteria (HR and
//! admins, while draft), opening, closing, nominating, four-eyes decisions, rankings and the
//! exactly-once finalization into history.

use std::collections::HashMap;

use chrono::Utc;
use serde_json::json;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

use super::{
    Candidate, Criterion, CriterionInput, Cycle, CycleInput, CyclePatch, CycleResults, CycleStatus,
    Nomination, NominationInput, NominationStatus, RankingRow, RejectInput, ScoreView,
};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::calendar::check_in_range;
use crate::domain::nominations::{
    self as rules, sum_state, weights_sum, CriterionWeight, SumState,
};
use crate::domain::spreadsheet::escape_formula;
use crate::domain::{FieldError, Page, PageRequest, Role};
use crate::error::{AppError, AppResult};

/// HR and admins run cycles.
fn runs_cycles(role: Role) -> bool {
    role.can_run_cycles()
}

/// Managers, HR and admins nominate and decide.
fn nominates(role: Role) -> bool {
    role.can_nominate()
}

const CYCLE_COLUMNS: &str =
    "id, name, description, start_at, end_at, status, scale_min, scale_max, finalized_at";

async fn criteria_of(conn: &mut PgConnection, cycle_id: Uuid) -> AppResult<Vec<Criterion>> {
    Ok(sqlx::query_as(
        "SELECT id, name, description, weight::float8 AS weight, is_active, position
           FROM nomination_criteria WHERE cycle_id = $1 ORDER BY position, created_at",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}

/// How a use case holds the cycle row for the rest of its transaction. Everything that changes
/// what a cycle's results are takes turns on it: nominations and decisions share it, status
/// changes and finalization take it alone, so no decision lands between a finalization's
/// snapshot and its commit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hold {
    Read,
    Shared,
    Exclusive,
}

async fn load_cycle(conn: &mut PgConnection, ctx: &Ctx, id: Uuid, hold: Hold) -> AppResult<Cycle> {
    let sql = format!(
        "SELECT {CYCLE_COLUMNS} FROM nomination_cycles WHERE id = $1 AND organization_id = $2{}",
        match hold {
            Hold::Read => "",
            Hold::Shared => " FOR SHARE",
            Hold::Exclusive => " FOR UPDATE",
        }
    );
    let mut cycle: Cycle = sqlx::query_as(&sql)
        .bind(id)
        .bind(ctx.organization_id())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    cycle.criteria = criteria_of(conn, id).await?;
    Ok(cycle)
}

pub async fn get(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Cycle> {
    let mut conn = pool.acquire().await?;
    let cycle = load_cycle(&mut conn, ctx, id, Hold::Read).await?;
    // Drafts are HR's work in progress.
    if cycle.status == CycleStatus::Draft && !runs_cycles(ctx.actor.role) {
        return Err(AppError::NotFound);
    }
    Ok(cycle)
}

/// Cycles of the organization, newest first; drafts only for HR and admins.
pub async fn list(pool: &PgPool, ctx: &Ctx, statuses: &[CycleStatus]) -> AppResult<Vec<Cycle>> {
    let mut wanted: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    if wanted.is_empty() {
        wanted = CycleStatus::ALL.iter().map(|s| s.as_str()).collect();
    }
    if !runs_cycles(ctx.actor.role) {
        wanted.retain(|s| *s != "draft");
    }
    let sql = format!(
        "SELECT {CYCLE_COLUMNS} FROM nomination_cycles
          WHERE organization_id = $1 AND status = ANY($2) ORDER BY start_at DESC, name"
    );
    let mut conn = pool.acquire().await?;
    let mut cycles: Vec<Cycle> = sqlx::query_as(&sql)
        .bind(ctx.organization_id())
        .bind(&wanted)
        .fetch_all(&mut *conn)
        .await?;
    for cycle in &mut cycles {
        cycle.criteria = criteria_of(&mut conn, cycle.id).await?;
    }
    Ok(cycles)
}

fn check_cycle_fields(
    name: &str,
    description: &str,
    start: chrono::DateTime<Utc>,
    end: chrono::DateTime<Utc>,
    scale: (i32, i32),
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if !rules::name_is_valid(name) {
        errors.push(name_required());
    }
    if description.chars().count() > rules::MAX_CYCLE_DESCRIPTION_CHARS {
        errors.push(FieldError::new(
            "description",
            "too_long",
            format!(
                "description is at most {} characters",
                rules::MAX_CYCLE_DESCRIPTION_CHARS
            ),
        ));
    }
    errors.extend(check_in_range("startAt", start));
    errors.extend(check_in_range("endAt", end));
    if end <= start {
        errors.push(FieldError::new(
            "endAt",
            "before_start",
            "endAt must be after startAt",
        ));
    }
    if !rules::scale_is_valid(scale.0, scale.1) {
        errors.push(FieldError::new(
            "scaleMax",
            "invalid_scale",
            format!(
                "the scale needs {} ≤ scaleMin < scaleMax ≤ {}",
                rules::SCALE_BOUNDS.start(),
                rules::SCALE_BOUNDS.end()
            ),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub async fn create(pool: &PgPool, ctx: &Ctx, input: &CycleInput) -> AppResult<Cycle> {
    ctx.require(runs_cycles)?;
    let scale = (
        input.scale_min.unwrap_or(rules::DEFAULT_SCALE.0),
        input.scale_max.unwrap_or(rules::DEFAULT_SCALE.1),
    );
    check_cycle_fields(
        &input.name,
        &input.description,
        input.start_at,
        input.end_at,
        scale,
    )
    .map_err(AppError::Validation)?;
    let mut tx = pool.begin().await?;
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO nomination_cycles (organization_id, name, description, start_at, end_at, scale_min, scale_max, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(ctx.organization_id())
    .bind(input.name.trim())
    .bind(input.description.trim())
    .bind(input.start_at)
    .bind(input.end_at)
    .bind(scale.0)
    .bind(scale.1)
    .bind(ctx.user_id())
    .fetch_one(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "cycle.created",
        "nomination_cycle",
        id,
        json!(input),
    )
    .await?;
    let cycle = load_cycle(&mut tx, ctx, id, Hold::Read).await?;
    tx.commit().await?;
    Ok(cycle)
}

/// 409 for a cycle that is not in the status a step needs.
fn not_in_status(cycle: &Cycle, wanted: &str) -> AppError {
    AppError::conflict_with(
        "cycle_status",
        format!(
            "The cycle is {}; this needs it {wanted}.",
            cycle.status.as_str()
        ),
        json!({ "status": cycle.status, "needs": wanted }),
    )
}

pub async fn update(pool: &PgPool, ctx: &Ctx, id: Uuid, patch: &CyclePatch) -> AppResult<Cycle> {
    ctx.require(runs_cycles)?;
    let mut tx = pool.begin().await?;
    let before = load_cycle(&mut tx, ctx, id, Hold::Exclusive).await?;
    if before.status != CycleStatus::Draft {
        return Err(not_in_status(&before, "draft"));
    }
    let name = patch.name.clone().unwrap_or_else(|| before.name.clone());
    let description = patch
        .description
        .clone()
        .unwrap_or_else(|| before.description.clone());
    let start = patch.start_at.unwrap_or(before.start_at);
    let end = patch.end_at.unwrap_or(before.end_at);
    let scale = (
        patch.scale_min.unwrap_or(before.scale_min),
        patch.scale_max.unwrap_or(before.scale_max),
    );
    check_cycle_fields(&name, &description, start, end, scale).map_err(AppError::Validation)?;
    sqlx::query(
        "UPDATE nomination_cycles SET name = $2, description = $3, start_at = $4, end_at = $5,
                scale_min = $6, scale_max = $7, updated_at = now() WHERE id = $1",
    )
    .bind(id)
    .bind(name.trim())
    .bind(description.trim())
    .bind(start)
    .bind(end)
    .bind(scale.0)
    .bind(scale.1)
    .execute(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "cycle.updated",
        "nomination_cycle",
        id,
        json!({ "before": before, "patch": patch }),
    )
    .await?;
    let cycle = load_cycle(&mut tx, ctx, id, Hold::Read).await?;
    tx.commit().await?;
    Ok(cycle)
}

fn name_required() -> FieldError {
    FieldError::new(
        "name",
        "required",
        format!(
            "name is required (at most {} characters)",
            rules::MAX_NAME_CHARS
        ),
    )
}

/// A note (a criterion's description, a comment, a reason) over [`rules::MAX_NOTE_CHARS`].
fn too_long(field: &str) -> FieldError {
    FieldError::new(
        field,
        "too_long",
        format!("{field} is at most {} characters", rules::MAX_NOTE_CHARS),
    )
}

fn check_criterion(input: &CriterionInput) -> Result<CriterionWeight, Vec<FieldError>> {
    let mut errors = Vec::new();
    if !rules::name_is_valid(&input.name) {
        errors.push(name_required());
    }
    if input.description.chars().count() > rules::MAX_NOTE_CHARS {
        errors.push(too_long("description"));
    }
    let weight = CriterionWeight::from_f64(input.weight).map_err(|e| {
        errors.push(FieldError::new("weight", e.code(), e.to_string()));
    });
    match weight {
        Ok(w) if errors.is_empty() => Ok(w),
        _ => Err(errors),
    }
}

/// Audits a criterion change, reads the criterion back and commits.
async fn finish_criterion(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    ctx: &Ctx,
    cycle_id: Uuid,
    criterion_id: Uuid,
    action: &str,
    payload: serde_json::Value,
) -> AppResult<Criterion> {
    writer::record_change(
        &mut tx,
        ctx,
        action,
        "nomination_criterion",
        criterion_id,
        payload,
    )
    .await?;
    let criterion = criteria_of(&mut tx, cycle_id)
        .await?
        .into_iter()
        .find(|c| c.id == criterion_id)
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(criterion)
}

/// Adds a criterion to a draft cycle.
pub async fn add_criterion(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    input: &CriterionInput,
) -> AppResult<Criterion> {
    ctx.require(runs_cycles)?;
    let weight = check_criterion(input).map_err(AppError::Validation)?;
    let mut tx = pool.begin().await?;
    let cycle = load_cycle(&mut tx, ctx, cycle_id, Hold::Exclusive).await?;
    if cycle.status != CycleStatus::Draft {
        return Err(not_in_status(&cycle, "draft"));
    }
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO nomination_criteria (organization_id, cycle_id, name, description, weight, is_active, position)
         VALUES ($1, $2, $3, $4, $5::bigint / 1000.0, $6, $7) RETURNING id",
    )
    .bind(ctx.organization_id())
    .bind(cycle_id)
    .bind(input.name.trim())
    .bind(input.description.trim())
    .bind(weight.thousandths())
    .bind(input.is_active.unwrap_or(true))
    .bind(cycle.criteria.len() as i32)
    .fetch_one(&mut *tx)
    .await?;
    finish_criterion(
        tx,
        ctx,
        cycle_id,
        id,
        "criterion.created",
        json!({ "cycle": cycle_id, "input": input }),
    )
    .await
}

/// Edits (or with `isActive: false` deactivates) a criterion of a draft cycle.
pub async fn update_criterion(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    criterion_id: Uuid,
    input: &CriterionInput,
) -> AppResult<Criterion> {
    ctx.require(runs_cycles)?;
    let weight = check_criterion(input).map_err(AppError::Validation)?;
    let mut tx = pool.begin().await?;
    let cycle = load_cycle(&mut tx, ctx, cycle_id, Hold::Exclusive).await?;
    if cycle.status != CycleStatus::Draft {
        return Err(not_in_status(&cycle, "draft"));
    }
    let before = cycle
        .criteria
        .iter()
        .find(|c| c.id == criterion_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    sqlx::query(
        "UPDATE nomination_criteria SET name = $2, description = $3, weight = $4::bigint / 1000.0,
                is_active = $5, updated_at = now() WHERE id = $1",
    )
    .bind(criterion_id)
    .bind(input.name.trim())
    .bind(input.description.trim())
    .bind(weight.thousandths())
    .bind(input.is_active.unwrap_or(before.is_active))
    .execute(&mut *tx)
    .await?;
    finish_criterion(
        tx,
        ctx,
        cycle_id,
        criterion_id,
        "criterion.updated",
        json!({ "before": before, "after": input }),
    )
    .await
}

fn active_weights(cycle: &Cycle) -> Vec<CriterionWeight> {
    cycle
        .criteria
        .iter()
        .filter(|c| c.is_active)
        .filter_map(|c| CriterionWeight::from_f64(c.weight).ok())
        .collect()
}

async fn transition(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    from: CycleStatus,
    to: CycleStatus,
    action: &str,
) -> AppResult<Cycle> {
    ctx.require(runs_cycles)?;
    let mut tx = pool.begin().await?;
    let cycle = load_cycle(&mut tx, ctx, id, Hold::Exclusive).await?;
    if cycle.status != from {
        return Err(not_in_status(&cycle, from.as_str()));
    }
    if to == CycleStatus::Open {
        let sum = weights_sum(active_weights(&cycle));
        if sum_state(sum) != SumState::Met {
            return Err(AppError::validation(
                "criteria",
                "weights_sum",
                format!(
                    "active criteria weights add up to {:.3}, not 1.0",
                    sum as f64 / 1000.0
                ),
            ));
        }
    }
    sqlx::query("UPDATE nomination_cycles SET status = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(to)
        .execute(&mut *tx)
        .await?;
    writer::record_change(
        &mut tx,
        ctx,
        action,
        "nomination_cycle",
        id,
        json!({ "from": from.as_str(), "to": to.as_str() }),
    )
    .await?;
    let cycle = load_cycle(&mut tx, ctx, id, Hold::Read).await?;
    tx.commit().await?;
    Ok(cycle)
}

/// Opens a draft cycle whose active criteria weights sum to 1.0.
pub async fn open(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Cycle> {
    transition(
        pool,
        ctx,
        id,
        CycleStatus::Draft,
        CycleStatus::Open,
        "cycle.opened",
    )
    .await
}

pub async fn close(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Cycle> {
    transition(
        pool,
        ctx,
        id,
        CycleStatus::Open,
        CycleStatus::Closed,
        "cycle.closed",
    )
    .await
}

/// Which of a cycle's nominations a reader may see.
#[derive(Clone, Copy)]
enum Seen {
    /// All of them (HR and admins, and the services themselves).
    All,
    /// Those the person submitted.
    SubmittedBy(Uuid),
    /// A decider's view: those they submitted, and pending ones they may decide (not about
    /// themselves). Decided nominations of others stay hidden: their weighted scores would
    /// rebuild the ranking the decider may not see.
    DecidableBy(Uuid),
}

async fn load_nominations(
    conn: &mut PgConnection,
    cycle_id: Uuid,
    only: Option<Uuid>,
    seen: Seen,
) -> AppResult<Vec<Nomination>> {
    let (by, decider) = match seen {
        Seen::All => (None, None),
        Seen::SubmittedBy(user) => (Some(user), None),
        Seen::DecidableBy(user) => (None, Some(user)),
    };
    let rows = sqlx::query(
        "SELECT n.id, n.cycle_id, n.nominee_id, nu.display_name AS nominee_name, n.submitted_by,
                su.display_name AS submitter_name, n.justification, n.status, n.created_at,
                coalesce((SELECT (sum(c.weight * s.score) * 1000)::bigint
                            FROM nomination_scores s JOIN nomination_criteria c ON c.id = s.criterion_id
                           WHERE s.nomination_id = n.id AND c.is_active), 0) AS weighted
           FROM nominations n
           JOIN users nu ON nu.id = n.nominee_id
           JOIN users su ON su.id = n.submitted_by
          WHERE n.cycle_id = $1 AND ($2::uuid IS NULL OR n.id = $2) AND ($3::uuid IS NULL OR n.submitted_by = $3)
            AND ($4::uuid IS NULL OR n.submitted_by = $4 OR (n.status = 'pending' AND n.nominee_id <> $4))
          ORDER BY n.created_at DESC",
    )
    .bind(cycle_id)
    .bind(only)
    .bind(by)
    .bind(decider)
    .fetch_all(&mut *conn)
    .await?;
    // Every nomination's scores in one query, not one query per nomination.
    let ids: Vec<Uuid> = rows.iter().map(|row| row.get("id")).collect();
    let mut scores_of: HashMap<Uuid, Vec<ScoreView>> = HashMap::new();
    let all_scores = sqlx::query(
        "SELECT s.nomination_id, s.criterion_id, c.name AS criterion_name, s.score, s.comment
           FROM nomination_scores s JOIN nomination_criteria c ON c.id = s.criterion_id
          WHERE s.nomination_id = ANY($1) ORDER BY s.nomination_id, c.position",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    for row in all_scores {
        scores_of
            .entry(row.get("nomination_id"))
            .or_default()
            .push(ScoreView {
                criterion_id: row.get("criterion_id"),
                criterion_name: row.get("criterion_name"),
                score: row.get("score"),
                comment: row.get("comment"),
            });
    }
    let mut nominations = Vec::with_capacity(rows.len());
    for row in rows {
        let id: Uuid = row.get("id");
        let scores = scores_of.remove(&id).unwrap_or_default();
        nominations.push(Nomination {
            id,
            cycle_id: row.get("cycle_id"),
            nominee_id: row.get("nominee_id"),
            nominee_name: row.get("nominee_name"),
            submitted_by: row.get("submitted_by"),
            submitter_name: row.get("submitter_name"),
            justification: row.get("justification"),
            status: row.get("status"),
            weighted_score: row.get::<i64, _>("weighted") as f64 / 1000.0,
            scores,
            created_at: row.get("created_at"),
        });
    }
    Ok(nominations)
}

/// HR and admins see every nomination of the cycle; managers the ones they submitted and the
/// pending ones they may decide; everyone else the ones they submitted.
pub async fn nominations(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<Nomination>> {
    get(pool, ctx, cycle_id).await?;
    let mut conn = pool.acquire().await?;
    let seen = if runs_cycles(ctx.actor.role) {
        Seen::All
    } else if nominates(ctx.actor.role) {
        Seen::DecidableBy(ctx.user_id())
    } else {
        Seen::SubmittedBy(ctx.user_id())
    };
    load_nominations(&mut conn, cycle_id, None, seen).await
}

/// Submits a nomination: the cycle is open and now is inside its window, every active
/// criterion is scored within the scale, nobody nominates themselves or twice.
pub async fn nominate(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    input: &NominationInput,
) -> AppResult<Nomination> {
    ctx.require(nominates)?;
    let mut tx = pool.begin().await?;
    let cycle = load_cycle(&mut tx, ctx, cycle_id, Hold::Shared).await?;
    if cycle.status != CycleStatus::Open {
        return Err(not_in_status(&cycle, "open"));
    }
    let now = Utc::now();
    if now < cycle.start_at || now > cycle.end_at {
        return Err(AppError::conflict_with(
            "outside_window",
            "Nominations are accepted only inside the cycle's window.",
            json!({ "startAt": cycle.start_at, "endAt": cycle.end_at }),
        ));
    }
    let mut errors = Vec::new();
    if input.nominee_id == ctx.user_id() {
        errors.push(FieldError::new(
            "nomineeId",
            "self_nomination",
            "you cannot nominate yourself",
        ));
    }
    let nominee_exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND organization_id = $2 AND active)",
    )
    .bind(input.nominee_id)
    .bind(ctx.organization_id())
    .fetch_one(&mut *tx)
    .await?;
    if !nominee_exists {
        errors.push(FieldError::new(
            "nomineeId",
            "unknown",
            "no such person in your organization",
        ));
    }
    let justification = input.justification.trim();
    if justification.is_empty() || justification.chars().count() > 4000 {
        errors.push(FieldError::new(
            "justification",
            "required",
            "a justification is required (at most 4000 characters)",
        ));
    }
    let active: Vec<&Criterion> = cycle.criteria.iter().filter(|c| c.is_active).collect();
    for (i, score) in input.scores.iter().enumerate() {
        if !active.iter().any(|c| c.id == score.criterion_id) {
            errors.push(FieldError::new(
                &format!("scores[{i}].criterionId"),
                "unknown",
                "not an active criterion of this cycle",
            ));
        }
        if score.score < cycle.scale_min || score.score > cycle.scale_max {
            errors.push(FieldError::new(
                &format!("scores[{i}].score"),
                "out_of_scale",
                format!(
                    "score must be between {} and {}",
                    cycle.scale_min, cycle.scale_max
                ),
            ));
        }
        if score
            .comment
            .as_deref()
            .is_some_and(|c| c.chars().count() > rules::MAX_NOTE_CHARS)
        {
            let mut error = too_long("comment");
            error.field = format!("scores[{i}].comment");
            errors.push(error);
        }
    }
    for criterion in &active {
        let count = input
            .scores
            .iter()
            .filter(|s| s.criterion_id == criterion.id)
            .count();
        if count != 1 {
            errors.push(FieldError::new(
                "scores",
                "missing",
                format!("score criterion {} exactly once", criterion.name),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO nominations (organization_id, cycle_id, nominee_id, submitted_by, justification)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(ctx.organization_id())
    .bind(cycle_id)
    .bind(input.nominee_id)
    .bind(ctx.user_id())
    .bind(justification)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.constraint() == Some("nominations_once_per_submitter") => {
            AppError::conflict_with(
                "duplicate_nomination",
                "You have already nominated this person in this cycle.",
                json!({}),
            )
        }
        _ => AppError::from(e),
    })?;
    for score in &input.scores {
        sqlx::query(
            "INSERT INTO nomination_scores (nomination_id, criterion_id, organization_id, score, comment)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(score.criterion_id)
        .bind(ctx.organization_id())
        .bind(score.score)
        .bind(score.comment.as_deref().unwrap_or("").trim())
        .execute(&mut *tx)
        .await?;
    }
    writer::record_change(
        &mut tx,
        ctx,
        "nomination.submitted",
        "nomination",
        id,
        json!({ "cycle": cycle_id, "input": input }),
    )
    .await?;
    let nomination = load_nominations(&mut tx, cycle_id, Some(id), Seen::All)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(nomination)
}

/// Approves or rejects a pending nomination; never by its submitter or its nominee; a rejection
/// needs a reason.
pub async fn decide(
    pool: &PgPool,
    ctx: &Ctx,
    nomination_id: Uuid,
    approve: bool,
    input: &RejectInput,
) -> AppResult<Nomination> {
    ctx.require(nominates)?;
    let mut tx = pool.begin().await?;
    let cycle_id: Uuid = sqlx::query_scalar(
        "SELECT cycle_id FROM nominations WHERE id = $1 AND organization_id = $2",
    )
    .bind(nomination_id)
    .bind(ctx.organization_id())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    // The cycle first, then the nomination: the same order as everything else that holds both.
    let cycle_status = load_cycle(&mut tx, ctx, cycle_id, Hold::Shared)
        .await?
        .status;
    let row = sqlx::query(
        "SELECT nominee_id, submitted_by, status FROM nominations WHERE id = $1 FOR UPDATE",
    )
    .bind(nomination_id)
    .fetch_one(&mut *tx)
    .await?;
    let (nominee, submitter): (Uuid, Uuid) = (row.get("nominee_id"), row.get("submitted_by"));
    if submitter == ctx.user_id() || nominee == ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    if !approve && reason.is_none() {
        return Err(AppError::validation(
            "reason",
            "required",
            "a reason is required to reject",
        ));
    }
    if reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > rules::MAX_NOTE_CHARS)
    {
        return Err(AppError::Validation(vec![too_long("reason")]));
    }
    let status: NominationStatus = row.get("status");
    if status != NominationStatus::Pending {
        return Err(AppError::conflict_with(
            "already_decided",
            format!("This nomination is already {}.", status.as_str()),
            json!({ "status": status }),
        ));
    }
    if cycle_status == CycleStatus::Finalized {
        return Err(AppError::conflict_with(
            "cycle_status",
            "The cycle is finalized.",
            json!({ "status": cycle_status }),
        ));
    }
    let (new_status, decision) = if approve {
        (NominationStatus::Approved, "approve")
    } else {
        (NominationStatus::Rejected, "reject")
    };
    sqlx::query("UPDATE nominations SET status = $2, updated_at = now() WHERE id = $1")
        .bind(nomination_id)
        .bind(new_status)
        .execute(&mut *tx)
        .await?;
    if approve {
        add_to_total(&mut tx, nomination_id).await?;
    }
    sqlx::query(
        "INSERT INTO nomination_decisions (organization_id, nomination_id, actor_user_id, decision, reason)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ctx.organization_id())
    .bind(nomination_id)
    .bind(ctx.user_id())
    .bind(decision)
    .bind(&reason)
    .execute(&mut *tx)
    .await?;
    let action = if approve {
        "nomination.approved"
    } else {
        "nomination.rejected"
    };
    writer::record_change(
        &mut tx,
        ctx,
        action,
        "nomination",
        nomination_id,
        json!({ "reason": reason }),
    )
    .await?;
    let nomination = load_nominations(&mut tx, cycle_id, Some(nomination_id), Seen::All)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(nomination)
}

/// Adds an approved nomination to its nominee's running total ([`compute`] reads them): its
/// weighted score over the active criteria, in thousandths of a point, and one more approval.
/// The caller holds the nomination's row lock, so it is added once.
async fn add_to_total(conn: &mut PgConnection, nomination_id: Uuid) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO nomination_totals (cycle_id, nominee_id, organization_id, total, approved_count)
         SELECT n.cycle_id, n.nominee_id, n.organization_id,
                coalesce((sum(c.weight * s.score) FILTER (WHERE c.is_active) * 1000)::bigint, 0), 1
           FROM nominations n
           LEFT JOIN nomination_scores s ON s.nomination_id = n.id
           LEFT JOIN nomination_criteria c ON c.id = s.criterion_id
          WHERE n.id = $1
          GROUP BY n.cycle_id, n.nominee_id, n.organization_id
         ON CONFLICT (cycle_id, nominee_id) DO UPDATE
            SET total = nomination_totals.total + EXCLUDED.total,
                approved_count = nomination_totals.approved_count + 1",
    )
    .bind(nomination_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The live ranking, all of it or one page: the running totals dense-ranked, highest first;
/// equal totals share a rank, the next total takes the next rank (9.5, 9.5, 8 → 1, 1, 2), and
/// within a rank nominees are listed by name.
async fn compute(
    conn: &mut PgConnection,
    cycle_id: Uuid,
    page: Option<PageRequest>,
) -> AppResult<Vec<RankingRow>> {
    let rows = sqlx::query(
        "SELECT t.nominee_id, u.display_name, t.total::float8 / 1000 AS total, t.approved_count,
                dense_rank() OVER (ORDER BY t.total DESC)::int AS rank
           FROM nomination_totals t JOIN users u ON u.id = t.nominee_id
          WHERE t.cycle_id = $1
          ORDER BY t.total DESC, u.display_name, t.nominee_id
          LIMIT $2 OFFSET $3",
    )
    .bind(cycle_id)
    .bind(page.map(|p| p.limit()))
    .bind(page.map_or(0, |p| p.offset()))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| RankingRow {
            nominee_id: r.get("nominee_id"),
            nominee_name: r.get("display_name"),
            total: r.get("total"),
            approved_count: r.get("approved_count"),
            rank: r.get("rank"),
        })
        .collect())
}

/// Ranking rows as columns, for one `UNNEST` insert instead of one insert per row.
struct RankingColumns {
    nominees: Vec<Uuid>,
    names: Vec<String>,
    totals: Vec<f64>,
    approved: Vec<i32>,
    ranks: Vec<i32>,
}

impl RankingColumns {
    fn of(rows: &[RankingRow]) -> RankingColumns {
        RankingColumns {
            nominees: rows.iter().map(|r| r.nominee_id).collect(),
            names: rows.iter().map(|r| r.nominee_name.clone()).collect(),
            totals: rows.iter().map(|r| r.total).collect(),
            approved: rows.iter().map(|r| r.approved_count).collect(),
            ranks: rows.iter().map(|r| r.rank).collect(),
        }
    }
}

/// The frozen ranking of a finalized cycle, all of it or one page.
async fn history_rankings(
    conn: &mut PgConnection,
    cycle_id: Uuid,
    page: Option<PageRequest>,
) -> AppResult<Vec<RankingRow>> {
    let rows = sqlx::query(
        "SELECT nominee_id, nominee_name, total::float8 AS total, approved_count, rank
           FROM nomination_history_rankings WHERE cycle_id = $1 ORDER BY rank, nominee_name, nominee_id
          LIMIT $2 OFFSET $3",
    )
    .bind(cycle_id)
    .bind(page.map(|p| p.limit()))
    .bind(page.map_or(0, |p| p.offset()))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| RankingRow {
            nominee_id: r.get("nominee_id"),
            nominee_name: r.get("nominee_name"),
            total: r.get("total"),
            approved_count: r.get("approved_count"),
            rank: r.get("rank"),
        })
        .collect())
}

/// The cycle's ranking: live for HR and admins while open or closed, the frozen snapshot for
/// everyone once finalized. Reading never writes.
pub async fn rankings(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<RankingRow>> {
    let mut conn = pool.acquire().await?;
    let cycle = load_cycle(&mut conn, ctx, cycle_id, Hold::Read).await?;
    if !cycle.status.results_visible_to(ctx.actor.role) {
        return Err(AppError::Forbidden);
    }
    match cycle.status {
        CycleStatus::Finalized => history_rankings(&mut conn, cycle_id, None).await,
        CycleStatus::Draft => Ok(Vec::new()),
        _ => compute(&mut conn, cycle_id, None).await,
    }
}

/// A page of the cycle's ranking, with the rights of [`rankings`]: a finalized cycle's page is
/// read from the snapshot alone (an index range, whatever the number of nominees).
pub async fn rankings_page(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    request: PageRequest,
) -> AppResult<Page<RankingRow>> {
    let mut conn = pool.acquire().await?;
    let cycle = load_cycle(&mut conn, ctx, cycle_id, Hold::Read).await?;
    if !cycle.status.results_visible_to(ctx.actor.role) {
        return Err(AppError::Forbidden);
    }
    match cycle.status {
        CycleStatus::Finalized => {
            let total: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM nomination_history_rankings WHERE cycle_id = $1",
            )
            .bind(cycle_id)
            .fetch_one(&mut *conn)
            .await?;
            let rows = history_rankings(&mut conn, cycle_id, Some(request)).await?;
            Ok(Page::new(rows, total, request))
        }
        CycleStatus::Draft => Ok(Page::of_all(Vec::new(), request)),
        _ => {
            let total: i64 =
                sqlx::query_scalar("SELECT count(*) FROM nomination_totals WHERE cycle_id = $1")
                    .bind(cycle_id)
                    .fetch_one(&mut *conn)
                    .await?;
            let rows = compute(&mut conn, cycle_id, Some(request)).await?;
            Ok(Page::new(rows, total, request))
        }
    }
}

/// Finalizes a closed cycle once: recomputes the ranking, snapshots nominations and ranking into
/// history and marks the cycle finalized. Repeating it, even concurrently, changes nothing and
/// returns the same result.
pub async fn finalize(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<RankingRow>> {
    ctx.require(runs_cycles)?;
    let mut tx = pool.begin().await?;
    // The row lock makes a concurrent second call wait, then see "finalized".
    let cycle = load_cycle(&mut tx, ctx, cycle_id, Hold::Exclusive).await?;
    match cycle.status {
        CycleStatus::Finalized => {
            let rows = history_rankings(&mut tx, cycle_id, None).await?;
            tx.commit().await?;
            return Ok(rows);
        }
        CycleStatus::Closed => {}
        _ => return Err(not_in_status(&cycle, "closed")),
    }
    let rows = compute(&mut tx, cycle_id, None).await?;
    // The nominations are copied inside PostgreSQL, scores as the API shows them (`ScoreView`),
    // whatever their number.
    sqlx::query(
        "INSERT INTO nomination_history_nominations
             (organization_id, cycle_id, nomination_id, nominee_id, nominee_name, submitter_id, submitter_name,
              justification, status, weighted_score, scores)
         SELECT $1, n.cycle_id, n.id, n.nominee_id, nu.display_name, n.submitted_by, su.display_name,
                n.justification, n.status, coalesce(s.weighted, 0) / 1000.0, coalesce(s.scores, '[]')
           FROM nominations n
           JOIN users nu ON nu.id = n.nominee_id
           JOIN users su ON su.id = n.submitted_by
           LEFT JOIN (
                SELECT s.nomination_id,
                       (sum(c.weight * s.score) FILTER (WHERE c.is_active) * 1000)::bigint AS weighted,
                       jsonb_agg(jsonb_build_object('criterionId', s.criterion_id, 'criterionName', c.name,
                                                    'score', s.score, 'comment', s.comment)
                                 ORDER BY c.position) AS scores
                  FROM nomination_scores s
                  JOIN nomination_criteria c ON c.id = s.criterion_id
                  JOIN nominations m ON m.id = s.nomination_id AND m.cycle_id = $2
                 GROUP BY s.nomination_id) s ON s.nomination_id = n.id
          WHERE n.cycle_id = $2",
    )
    .bind(ctx.organization_id())
    .bind(cycle_id)
    .execute(&mut *tx)
    .await?;
    let columns = RankingColumns::of(&rows);
    sqlx::query(
        "INSERT INTO nomination_history_rankings (organization_id, cycle_id, nominee_id, nominee_name, total, approved_count, rank)
         SELECT $1, $2, * FROM UNNEST($3::uuid[], $4::text[], $5::float8[], $6::int[], $7::int[])",
    )
    .bind(ctx.organization_id())
    .bind(cycle_id)
    .bind(&columns.nominees)
    .bind(&columns.names)
    .bind(&columns.totals)
    .bind(&columns.approved)
    .bind(&columns.ranks)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE nomination_cycles SET status = 'finalized', finalized_at = now(), updated_at = now() WHERE id = $1")
        .bind(cycle_id)
        .execute(&mut *tx)
        .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "cycle.finalized",
        "nomination_cycle",
        cycle_id,
        json!({ "nominees": rows.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// People the actor may nominate: the organization's active members except themselves.
pub async fn candidates(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<Candidate>> {
    ctx.require(nominates)?;
    Ok(sqlx::query_as(
        "SELECT id, display_name, email FROM users
          WHERE organization_id = $1 AND active AND id <> $2 ORDER BY display_name, email",
    )
    .bind(ctx.organization_id())
    .bind(ctx.user_id())
    .fetch_all(pool)
    .await?)
}

/// Finalized cycles, newest first, each with the ranking frozen when it was finalized.
pub async fn history(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<CycleResults>> {
    let cycles = list(pool, ctx, &[CycleStatus::Finalized]).await?;
    let mut conn = pool.acquire().await?;
    let mut results = Vec::with_capacity(cycles.len());
    for cycle in cycles {
        let rankings = history_rankings(&mut conn, cycle.id, None).await?;
        results.push(CycleResults { cycle, rankings });
    }
    Ok(results)
}

/// The cycle's ranking as CSV (rank, nominee, total, approved nominations), with the same rights
/// as [`rankings`]. Starts with a UTF-8 byte-order mark so spreadsheet programs read Japanese
/// names correctly.
pub async fn rankings_csv(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<u8>> {
    // Drafts stay hidden (404) from those who do not run cycles, as everywhere.
    get(pool, ctx, cycle_id).await?;
    let rows = rankings(pool, ctx, cycle_id).await?;
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let write = |out: &mut csv::Writer<Vec<u8>>, record: [String; 5]| {
        out.write_record(record)
            .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))
    };
    write(
        &mut out,
        [
            "rank",
            "nominee_id",
            "nominee",
            "total",
            "approved_nominations",
        ]
        .map(str::to_owned),
    )?;
    for row in &rows {
        write(
            &mut out,
            [
                row.rank.to_string(),
                row.nominee_id.to_string(),
                escape_formula(&row.nominee_name).into_owned(),
                row.total_text(),
                row.approved_count.to_string(),
            ],
        )?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    Ok(bytes)
}
