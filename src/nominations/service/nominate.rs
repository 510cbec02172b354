//! Nominating a colleague in an open cycle with a score per criterion, the nominations each
//! role may see, and the people who may be nominated.

use super::*;
use crate::domain::nominations::{weighted_score, MAX_JUSTIFICATION_CHARS};
use crate::domain::text::fits;

/// Which of a cycle's nominations a reader may see.
#[derive(Clone, Copy)]
pub(super) enum Seen {
    /// All of them (HR and admins, and the services themselves).
    All,
    /// Those the person submitted.
    SubmittedBy(Uuid),
    /// A decider's view: those they submitted, and pending ones they may decide (not about
    /// themselves). Decided nominations of others stay hidden: their weighted scores would
    /// rebuild the ranking the decider may not see.
    DecidableBy(Uuid),
}

pub(super) async fn load_nominations(
    conn: &mut PgConnection,
    cycle_id: Uuid,
    only: Option<Uuid>,
    seen: Seen,
) -> AppResult<Vec<Nomination>> {
    Ok(load_window(conn, cycle_id, only, seen, None, None).await?.0)
}

/// The fields a cycle's nomination list sorts by.
pub const NOMINATION_SORTS: &[&str] = &["createdAt", "nominee", "weightedScore", "status"];

/// The nominations a reader may see, newest first, with their decisions and scores: all of
/// them, or one page (`window`) with the number there are in all.
async fn load_window(
    conn: &mut PgConnection,
    cycle_id: Uuid,
    only: Option<Uuid>,
    seen: Seen,
    window: Option<PageRequest>,
    sort: Option<Sort>,
) -> AppResult<(Vec<Nomination>, i64)> {
    let (field, descending) = sort.map_or(("", false), |s| (s.field, s.descending));
    let (by, decider) = match seen {
        Seen::All => (None, None),
        Seen::SubmittedBy(user) => (Some(user), None),
        Seen::DecidableBy(user) => (None, Some(user)),
    };
    let rows = sqlx::query!(
        r#"SELECT n.id, n.cycle_id, n.nominee_id, nu.display_name AS nominee_name, n.submitted_by,
                  su.display_name AS submitter_name, n.justification,
                  n.status AS "status: NominationStatus",
                  n.created_at AS "created_at: chrono::DateTime<Utc>",
                  n.weighted_milli AS weighted,
                  d.actor_user_id AS "decided_by?", du.display_name AS "decider_name?",
                  d.decided_at AS "decided_at?: chrono::DateTime<Utc>", d.reason AS "decision_reason?",
                  d.comment AS "decision_comment?",
                  count(*) OVER () AS "total!"
             FROM nominations n
             JOIN users nu ON nu.id = n.nominee_id
             JOIN users su ON su.id = n.submitted_by
             LEFT JOIN nomination_decisions d ON d.nomination_id = n.id
             LEFT JOIN users du ON du.id = d.actor_user_id
            WHERE n.cycle_id = $1 AND ($2::uuid IS NULL OR n.id = $2) AND ($3::uuid IS NULL OR n.submitted_by = $3)
              AND ($4::uuid IS NULL OR n.submitted_by = $4 OR (n.status = 'pending' AND n.nominee_id <> $4))
            ORDER BY CASE WHEN $7 = 'nominee' AND NOT $8 THEN nu.display_name END,
                     CASE WHEN $7 = 'nominee' AND $8 THEN nu.display_name END DESC,
                     CASE WHEN $7 = 'weightedScore' AND NOT $8 THEN n.weighted_milli END,
                     CASE WHEN $7 = 'weightedScore' AND $8 THEN n.weighted_milli END DESC,
                     CASE WHEN $7 = 'status' AND NOT $8 THEN n.status END,
                     CASE WHEN $7 = 'status' AND $8 THEN n.status END DESC,
                     CASE WHEN $7 = 'createdAt' AND NOT $8 THEN n.created_at END,
                     n.created_at DESC, n.id
            LIMIT $5 OFFSET $6"#,
        cycle_id,
        only,
        by,
        decider,
        window.map(PageRequest::limit),
        window.map_or(0, PageRequest::offset),
        field,
        descending,
    )
    .fetch_all(&mut *conn)
    .await?;
    let total = match (rows.first(), window) {
        (Some(row), _) => row.total,
        // A page past the end still says how many there are.
        (None, Some(w)) if w.page > 1 => {
            Box::pin(load_window(conn, cycle_id, only, seen, Some(PageRequest { page: 1, page_size: 1 }), None))
                .await?
                .1
        }
        (None, _) => 0,
    };
    // Every nomination's scores in one query, not one query per nomination.
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut scores_of: HashMap<Uuid, Vec<ScoreView>> = HashMap::new();
    let all_scores = sqlx::query!(
        "SELECT s.nomination_id, s.criterion_id, c.name AS criterion_name, s.score, s.comment
           FROM nomination_scores s JOIN nomination_criteria c ON c.id = s.criterion_id
          WHERE s.nomination_id = ANY($1) ORDER BY s.nomination_id, c.position",
        &ids,
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in all_scores {
        scores_of.entry(row.nomination_id).or_default().push(ScoreView {
            criterion_id: row.criterion_id,
            criterion_name: row.criterion_name,
            score: row.score,
            comment: row.comment,
        });
    }
    let mut nominations = Vec::with_capacity(rows.len());
    for row in rows {
        let scores = scores_of.remove(&row.id).unwrap_or_default();
        nominations.push(Nomination {
            id: row.id,
            cycle_id: row.cycle_id,
            nominee_id: row.nominee_id,
            nominee_name: row.nominee_name,
            submitted_by: row.submitted_by,
            submitter_name: row.submitter_name,
            justification: row.justification,
            status: row.status,
            weighted_score: row.weighted as f64 / 1000.0,
            scores,
            created_at: row.created_at,
            decided_by: row.decided_by,
            decider_name: row.decider_name,
            decided_at: row.decided_at,
            decision_reason: row.decision_reason,
            decision_comment: row.decision_comment,
        });
    }
    Ok((nominations, total))
}

/// HR and admins see every nomination of the cycle; managers the ones they submitted and the
/// pending ones they may decide; everyone else the ones they submitted.
pub async fn nominations(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<Nomination>> {
    Ok(nominations_in(pool, ctx, cycle_id, None, None).await?.0)
}

/// One page of [`nominations`], sorted as asked (`None`: newest first).
pub async fn nominations_page(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    sort: Option<Sort>,
    request: PageRequest,
) -> AppResult<Page<Nomination>> {
    let (items, total) = nominations_in(pool, ctx, cycle_id, Some(request), sort).await?;
    Ok(Page::new(items, total, request))
}

async fn nominations_in(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    window: Option<PageRequest>,
    sort: Option<Sort>,
) -> AppResult<(Vec<Nomination>, i64)> {
    get(pool, ctx, cycle_id).await?;
    let mut conn = pool.acquire().await?;
    let seen = if runs_cycles(ctx.actor.role) {
        Seen::All
    } else if nominates(ctx.actor.role) {
        Seen::DecidableBy(ctx.user_id())
    } else {
        Seen::SubmittedBy(ctx.user_id())
    };
    load_window(&mut conn, cycle_id, None, seen, window, sort).await
}

/// Submits a nomination: the cycle is open and now is inside its window, every active
/// criterion is scored within the scale, nobody nominates themselves or twice.
pub async fn nominate(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid, input: &NominationInput) -> AppResult<Nomination> {
    ctx.require(nominates)?;
    let mut tx = pool.begin().await?;
    let cycle = load_cycle(&mut tx, ctx, cycle_id, Hold::Shared).await?;
    if cycle.status != CycleStatus::Open {
        return Err(not_in_status(&cycle, "open"));
    }
    if ctx.now < cycle.start_at || ctx.now > cycle.end_at {
        return Err(AppError::conflict_with(
            ConflictReason::OutsideWindow,
            "Nominations are accepted only inside the cycle's window.",
            json!({ "startAt": cycle.start_at, "endAt": cycle.end_at }),
        ));
    }
    let mut errors = Vec::new();
    if input.nominee_id == ctx.user_id() {
        errors.push(FieldError::new("nomineeId", FieldCode::SelfNomination, "you cannot nominate yourself"));
    }
    let nominee_exists = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND organization_id = $2 AND active)
                  AS "exists!""#,
        input.nominee_id,
        ctx.organization_id(),
    )
    .fetch_one(&mut *tx)
    .await?;
    if !nominee_exists {
        errors.push(FieldError::new("nomineeId", FieldCode::Unknown, "no such person in your organization"));
    }
    let justification = input.justification.trim();
    if !fits(justification, MAX_JUSTIFICATION_CHARS) {
        errors.push(FieldError::new(
            "justification",
            FieldCode::Required,
            format!("a justification is required (at most {MAX_JUSTIFICATION_CHARS} characters)"),
        ));
    }
    let active: Vec<&Criterion> = cycle.criteria.iter().filter(|c| c.is_active).collect();
    for (i, score) in input.scores.iter().enumerate() {
        if !active.iter().any(|c| c.id == score.criterion_id) {
            errors.push(FieldError::new(
                &format!("scores[{i}].criterionId"),
                FieldCode::Unknown,
                "not an active criterion of this cycle",
            ));
        }
        if score.score < cycle.scale_min || score.score > cycle.scale_max {
            errors.push(FieldError::new(
                &format!("scores[{i}].score"),
                FieldCode::OutOfScale,
                format!("score must be between {} and {}", cycle.scale_min, cycle.scale_max),
            ));
        }
        if score.comment.as_deref().is_some_and(|c| c.chars().count() > rules::MAX_NOTE_CHARS) {
            let mut error = too_long("comment");
            error.field = format!("scores[{i}].comment");
            errors.push(error);
        }
    }
    for criterion in &active {
        let count = input.scores.iter().filter(|s| s.criterion_id == criterion.id).count();
        if count != 1 {
            errors.push(FieldError::new(
                "scores",
                FieldCode::Missing,
                format!("score criterion {} exactly once", criterion.name),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    // Every active criterion is scored exactly once (checked above).
    let weighted = weighted_score(active.iter().filter_map(|c| {
        let score = input.scores.iter().find(|s| s.criterion_id == c.id)?;
        Some((CriterionWeight::from_f64(c.weight).ok()?, score.score))
    }));
    let id = sqlx::query_scalar!(
        "INSERT INTO nominations (organization_id, cycle_id, nominee_id, submitted_by, justification, weighted_milli)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        ctx.organization_id(),
        cycle_id,
        input.nominee_id,
        ctx.user_id(),
        justification,
        weighted,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.constraint() == Some("nominations_once_per_submitter") => {
            AppError::conflict_with(
                ConflictReason::DuplicateNomination,
                "You have already nominated this person in this cycle.",
                json!({}),
            )
        }
        _ => AppError::from(e),
    })?;
    for score in &input.scores {
        sqlx::query!(
            "INSERT INTO nomination_scores (nomination_id, criterion_id, organization_id, score, comment)
             VALUES ($1, $2, $3, $4, $5)",
            id,
            score.criterion_id,
            ctx.organization_id(),
            score.score,
            score.comment.as_deref().unwrap_or("").trim(),
        )
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
    let nomination = load_nominations(&mut tx, cycle_id, Some(id), Seen::All).await?.pop().ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(nomination)
}

/// People the actor may nominate: the organization's active members except themselves.
pub async fn candidates(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<Candidate>> {
    ctx.require(nominates)?;
    Ok(sqlx::query_as!(
        Candidate,
        "SELECT id, display_name, email FROM users
          WHERE organization_id = $1 AND active AND id <> $2 ORDER BY display_name, email",
        ctx.organization_id(),
        ctx.user_id(),
    )
    .fetch_all(pool)
    .await?)
}
