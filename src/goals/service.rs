//! Goal-sheet use cases: read, save and submit one's own sheet for the open period; list,
//! read, approve and return the sheets of one's team. One transaction each, audited.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{GoalSheet, GoalView, PeriodSheet, ReviewInput, SheetStatus, TeamSheetRow};
use crate::audit::writer::{self, Event, Origin};
use crate::ctx::Ctx;
use crate::domain::weights::{
    check_sheet, effective_budget, weights_changed, Budget, Category, GoalInput, SheetAction,
    Weight,
};
use crate::domain::ConflictReason;
use crate::domain::FieldCode;
use crate::error::{AppError, AppResult};
use crate::periods::PeriodStatus;
use crate::stages::StageBudget;

pub const NO_STAGE_MESSAGE: &str = "User must be assigned to a stage before creating goals";
const MAX_COMMENT_CHARS: usize = 2000;

struct Period {
    id: Uuid,
    name: String,
    status: PeriodStatus,
}

async fn open_period(conn: &mut PgConnection, organization_id: Uuid) -> AppResult<Period> {
    sqlx::query_as!(
        Period,
        r#"SELECT id, name, status AS "status: PeriodStatus"
             FROM evaluation_periods WHERE organization_id = $1 AND status = 'open'"#,
        organization_id,
    )
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| {
        AppError::validation(
            "period",
            FieldCode::NoOpenPeriod,
            "There is no open evaluation period",
        )
    })
}

/// The organization's period `id`, or 404.
async fn period(conn: &mut PgConnection, organization_id: Uuid, id: Uuid) -> AppResult<Period> {
    sqlx::query_as!(
        Period,
        r#"SELECT id, name, status AS "status: PeriodStatus"
             FROM evaluation_periods WHERE id = $1 AND organization_id = $2"#,
        id,
        organization_id,
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// The sheet of a period that is not open can no longer change.
fn period_closed(period: &Period) -> AppError {
    AppError::conflict_with(
        ConflictReason::PeriodClosed,
        format!(
            "{} is {}; its goal sheets are read-only.",
            period.name,
            period.status.as_str()
        ),
        json!({ "period": period.name }),
    )
}

/// The user's stage with its current budget, or the no-stage error.
pub async fn user_stage(
    conn: &mut PgConnection,
    organization_id: Uuid,
    user_id: Uuid,
) -> AppResult<StageBudget> {
    let stage = sqlx::query_scalar!(
        "SELECT stage_id FROM users WHERE id = $1 AND organization_id = $2",
        user_id,
        organization_id,
    )
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    let stage = match stage {
        Some(stage) => crate::stages::service::budget_of(conn, organization_id, stage).await?,
        None => None,
    };
    stage.ok_or_else(|| AppError::validation("stage", FieldCode::NoStage, NO_STAGE_MESSAGE))
}

struct SheetRow {
    id: Uuid,
    status: SheetStatus,
    stage_note: Option<serde_json::Value>,
    manager_comment: Option<String>,
    stage_id: Uuid,
    budget: Budget,
    updated_at: DateTime<Utc>,
}

/// A goal sheet's row, under the conditions given (a string literal joined to the query at
/// compile time) and their bind parameters.
macro_rules! select_sheet {
    ($($rest:tt)*) => {
        sqlx::query!(
            r#"SELECT id, status AS "status: SheetStatus", stage_note, manager_comment, stage_id,
                      updated_at AS "updated_at: DateTime<Utc>",
                      (quantitative_budget * 100)::bigint AS "q!: Weight",
                      (qualitative_budget * 100)::bigint AS "ql!: Weight",
                      (competency_budget * 100)::bigint AS "c!: Weight"
                 FROM goal_sheets "# + $($rest)*
        )
        .map(|row| SheetRow {
            id: row.id,
            status: row.status,
            stage_note: row.stage_note,
            manager_comment: row.manager_comment,
            stage_id: row.stage_id,
            budget: Budget {
                quantitative: row.q,
                qualitative: row.ql,
                competency: row.c,
            },
            updated_at: row.updated_at,
        })
    };
}

async fn find_sheet(
    conn: &mut PgConnection,
    user_id: Uuid,
    period_id: Uuid,
    lock: bool,
) -> AppResult<Option<SheetRow>> {
    Ok(if lock {
        select_sheet!(
            "WHERE user_id = $1 AND period_id = $2 FOR UPDATE",
            user_id,
            period_id
        )
        .fetch_optional(conn)
        .await?
    } else {
        select_sheet!("WHERE user_id = $1 AND period_id = $2", user_id, period_id)
            .fetch_optional(conn)
            .await?
    })
}

async fn goals_of(conn: &mut PgConnection, sheet_id: Uuid) -> AppResult<Vec<GoalView>> {
    Ok(sqlx::query_as!(
        GoalView,
        r#"SELECT id, category AS "category: Category", title, description, measure,
                  (weight * 100)::bigint AS "weight!: Weight", position
             FROM goals WHERE sheet_id = $1 ORDER BY position"#,
        sheet_id,
    )
    .fetch_all(conn)
    .await?)
}

async fn owner_name(conn: &mut PgConnection, user_id: Uuid) -> AppResult<String> {
    Ok(
        sqlx::query_scalar!("SELECT display_name FROM users WHERE id = $1", user_id)
            .fetch_one(conn)
            .await?,
    )
}

/// Assembles the sheet of `owner` for `period` as clients see it (an unsaved one if none yet).
/// The open period's sheet is held to the owner's stage now; an earlier period's to the stage
/// it was last saved under.
async fn assemble(
    conn: &mut PgConnection,
    organization_id: Uuid,
    owner: Uuid,
    period: &Period,
) -> AppResult<GoalSheet> {
    let sheet = find_sheet(conn, owner, period.id, false).await?;
    let stage = match &sheet {
        Some(s) if period.status != PeriodStatus::Open => {
            crate::stages::service::budget_of(conn, organization_id, s.stage_id)
                .await?
                .ok_or(AppError::NotFound)?
        }
        _ => user_stage(conn, organization_id, owner).await?,
    };
    let goals = match &sheet {
        Some(s) => goals_of(conn, s.id).await?,
        None => Vec::new(),
    };
    Ok(GoalSheet {
        id: sheet.as_ref().map(|s| s.id),
        period_id: period.id,
        period_name: period.name.clone(),
        period_status: period.status,
        status: sheet
            .as_ref()
            .map(|s| s.status)
            .unwrap_or(SheetStatus::Draft),
        goals,
        manager_comment: sheet.as_ref().and_then(|s| s.manager_comment.clone()),
        stage_note: sheet
            .as_ref()
            .and_then(|s| s.stage_note.clone())
            .and_then(|note| serde_json::from_value(note).ok()),
        budget: sheet
            .as_ref()
            .map(|s| s.budget)
            .unwrap_or(stage.weight_config),
        stage,
        owner_id: owner,
        owner_name: owner_name(conn, owner).await?,
        updated_at: sheet.map(|s| s.updated_at),
    })
}

/// Writes the audit row, reads the sheet back as clients see it, and commits.
async fn finish(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    ctx: &Ctx,
    owner: Uuid,
    period: &Period,
    event: Event<'_>,
) -> AppResult<GoalSheet> {
    writer::record(&mut tx, Origin::from(ctx), event).await?;
    let sheet = assemble(&mut tx, ctx.organization_id(), owner, period).await?;
    tx.commit().await?;
    Ok(sheet)
}

/// The actor's sheet for the open period.
pub async fn current(pool: &PgPool, ctx: &Ctx) -> AppResult<GoalSheet> {
    let mut conn = pool.acquire().await?;
    let period = open_period(&mut conn, ctx.organization_id()).await?;
    assemble(&mut conn, ctx.organization_id(), ctx.user_id(), &period).await
}

/// The actor's sheet of any period: the open one (as [`current`]) or an earlier one, read-only;
/// 404 for a period they have no sheet in.
pub async fn in_period(pool: &PgPool, ctx: &Ctx, period_id: Uuid) -> AppResult<GoalSheet> {
    let mut conn = pool.acquire().await?;
    let period = period(&mut conn, ctx.organization_id(), period_id).await?;
    if period.status != PeriodStatus::Open
        && find_sheet(&mut conn, ctx.user_id(), period.id, false)
            .await?
            .is_none()
    {
        return Err(AppError::NotFound);
    }
    assemble(&mut conn, ctx.organization_id(), ctx.user_id(), &period).await
}

/// Every period of the organization with the actor's sheet in it, newest first: the open
/// period always, others where the actor has a sheet.
pub async fn mine(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<PeriodSheet>> {
    Ok(sqlx::query_as!(
        PeriodSheet,
        r#"SELECT p.id AS period_id, p.name AS period_name,
                  p.status AS "period_status: PeriodStatus",
                  p.starts_on AS "starts_on: NaiveDate", p.ends_on AS "ends_on: NaiveDate",
                  gs.id AS "sheet_id?", gs.status AS "status?: SheetStatus"
             FROM evaluation_periods p
             LEFT JOIN goal_sheets gs ON gs.period_id = p.id AND gs.user_id = $2
            WHERE p.organization_id = $1 AND (p.status = 'open' OR gs.id IS NOT NULL)
            ORDER BY p.starts_on DESC, p.name"#,
        ctx.organization_id(),
        ctx.user_id(),
    )
    .fetch_all(pool)
    .await?)
}

fn category_totals(goals: &[(Category, Weight)]) -> serde_json::Value {
    let total = |c: Category| {
        goals
            .iter()
            .filter(|(gc, _)| *gc == c)
            .map(|(_, w)| *w)
            .sum::<Weight>()
    };
    json!({
        "quantitative": total(Category::Quantitative),
        "qualitative": total(Category::Qualitative),
        "competency": total(Category::Competency),
    })
}

fn not_editable(status: SheetStatus) -> AppError {
    AppError::Conflict(
        format!(
            "This goal sheet is {} and cannot be changed.",
            status.as_str()
        ),
        None,
    )
}

/// Saves the whole sheet as a draft (or keeps it returned): under budget is fine, over is not.
/// The legacy rule: a saved sheet stays on the budget it was validated against until a weight
/// changes; then the stage's current budget applies and becomes the sheet's.
pub async fn save_current(pool: &PgPool, ctx: &Ctx, goals: &[GoalInput]) -> AppResult<GoalSheet> {
    let mut tx = pool.begin().await?;
    let period = open_period(&mut tx, ctx.organization_id()).await?;
    let stage = user_stage(&mut tx, ctx.organization_id(), ctx.user_id()).await?;
    let current = stage.weight_config;
    sqlx::query!(
        "INSERT INTO goal_sheets (organization_id, user_id, period_id, stage_id, stage_version,
                                  quantitative_budget, qualitative_budget, competency_budget)
         VALUES ($1, $2, $3, $4, $5, $6::bigint / 100.0, $7::bigint / 100.0, $8::bigint / 100.0)
         ON CONFLICT (user_id, period_id) DO NOTHING",
        ctx.organization_id(),
        ctx.user_id(),
        period.id,
        stage.id,
        stage.version,
        current.quantitative.hundredths(),
        current.qualitative.hundredths(),
        current.competency.hundredths(),
    )
    .execute(&mut *tx)
    .await?;
    let sheet = find_sheet(&mut tx, ctx.user_id(), period.id, true)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("goal sheet vanished after insert")))?;
    if !sheet.status.is_editable() {
        return Err(not_editable(sheet.status));
    }
    let before: Vec<(Category, Weight)> = goals_of(&mut tx, sheet.id)
        .await?
        .iter()
        .map(|g| (g.category, g.weight))
        .collect();
    let after: Vec<(Category, Weight)> = goals
        .iter()
        .map(|g| {
            (
                g.category,
                Weight::from_f64(g.weight).unwrap_or(Weight::from_hundredths(-1)),
            )
        })
        .collect();
    let changed = weights_changed(&before, &after) || sheet.stage_id != stage.id;
    let budget = effective_budget(sheet.budget, current, changed);
    let valid =
        check_sheet(goals, &budget, SheetAction::SaveDraft).map_err(AppError::Validation)?;

    sqlx::query!("DELETE FROM goals WHERE sheet_id = $1", sheet.id)
        .execute(&mut *tx)
        .await?;
    for (position, goal) in valid.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO goals (organization_id, sheet_id, category, title, description, measure, weight, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7::bigint / 100.0, $8)",
            ctx.organization_id(),
            sheet.id,
            goal.category.as_str(),
            &goal.title,
            &goal.description,
            &goal.measure,
            goal.weight.hundredths(),
            position as i32,
        )
        .execute(&mut *tx)
        .await?;
    }
    if changed {
        sqlx::query!(
            "UPDATE goal_sheets SET stage_id = $2, stage_version = $3, quantitative_budget = $4::bigint / 100.0,
                    qualitative_budget = $5::bigint / 100.0, competency_budget = $6::bigint / 100.0, updated_at = now()
              WHERE id = $1",
            sheet.id,
            stage.id,
            stage.version,
            current.quantitative.hundredths(),
            current.qualitative.hundredths(),
            current.competency.hundredths(),
        )
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query!(
            "UPDATE goal_sheets SET updated_at = now() WHERE id = $1",
            sheet.id
        )
        .execute(&mut *tx)
        .await?;
    }
    let event = Event {
        action: "goal_sheet.saved",
        entity_type: "goal_sheet",
        entity_id: Some(sheet.id),
        payload: json!({ "goals": valid.len(), "before": category_totals(&before), "after": category_totals(&after) }),
    };
    finish(tx, ctx, ctx.user_id(), &period, event).await
}

/// Submits the saved sheet: every category must meet the budget the sheet is held to exactly.
pub async fn submit_current(pool: &PgPool, ctx: &Ctx) -> AppResult<GoalSheet> {
    let mut tx = pool.begin().await?;
    let period = open_period(&mut tx, ctx.organization_id()).await?;
    let stage = user_stage(&mut tx, ctx.organization_id(), ctx.user_id()).await?;
    let Some(sheet) = find_sheet(&mut tx, ctx.user_id(), period.id, true).await? else {
        // Nothing saved yet: report what is missing the same way as for a saved sheet.
        let errors = check_sheet(&[], &stage.weight_config, SheetAction::Submit)
            .err()
            .unwrap_or_default();
        return Err(AppError::Validation(errors));
    };
    if !sheet.status.is_editable() {
        return Err(not_editable(sheet.status));
    }
    let goals: Vec<GoalInput> = goals_of(&mut tx, sheet.id)
        .await?
        .into_iter()
        .map(|g| GoalInput {
            category: g.category,
            title: g.title,
            description: g.description,
            measure: g.measure,
            weight: g.weight.as_f64(),
        })
        .collect();
    check_sheet(&goals, &sheet.budget, SheetAction::Submit).map_err(AppError::Validation)?;
    sqlx::query!(
        "UPDATE goal_sheets SET status = 'submitted', stage_note = NULL, updated_at = now() WHERE id = $1",
        sheet.id,
    )
    .execute(&mut *tx)
    .await?;
    let event = Event {
        action: "goal_sheet.submitted",
        entity_type: "goal_sheet",
        entity_id: Some(sheet.id),
        payload: json!({ "goals": goals.len(), "from": sheet.status.as_str() }),
    };
    finish(tx, ctx, ctx.user_id(), &period, event).await
}

/// The members of the teams the actor manages, with their sheet's status for the open period.
pub async fn team_sheets(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<TeamSheetRow>> {
    ctx.require(crate::domain::Role::can_manage_teams)?;
    let mut conn = pool.acquire().await?;
    let period = open_period(&mut conn, ctx.organization_id()).await?;
    Ok(sqlx::query_as!(
        TeamSheetRow,
        r#"SELECT u.id AS user_id, u.display_name, u.email, t.name AS team_name,
                  gs.id AS "sheet_id?", gs.status AS "status?: SheetStatus",
                  gs.updated_at AS "updated_at?: DateTime<Utc>"
             FROM teams t
             JOIN team_members tm ON tm.team_id = t.id
             JOIN users u ON u.id = tm.user_id
             LEFT JOIN goal_sheets gs ON gs.user_id = u.id AND gs.period_id = $3
            WHERE t.organization_id = $1 AND t.manager_id = $2
            ORDER BY t.name, u.display_name"#,
        ctx.organization_id(),
        ctx.user_id(),
        period.id,
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The owner and period of a sheet the actor may review: 404 outside the organization, 403
/// unless the actor manages the team the owner belongs to (as it is now).
async fn reviewable(
    conn: &mut PgConnection,
    ctx: &Ctx,
    sheet_id: Uuid,
    lock: bool,
) -> AppResult<(Uuid, Period, SheetStatus)> {
    // Locking the sheet keeps a concurrent review from deciding it too.
    if lock {
        sqlx::query!(
            "SELECT id FROM goal_sheets WHERE id = $1 AND organization_id = $2 FOR UPDATE",
            sheet_id,
            ctx.organization_id(),
        )
        .fetch_optional(&mut *conn)
        .await?;
    }
    let row = sqlx::query!(
        r#"SELECT gs.user_id, gs.status AS "status: SheetStatus", p.id AS period_id,
                  p.name AS period_name, p.status AS "period_status: PeriodStatus"
             FROM goal_sheets gs JOIN evaluation_periods p ON p.id = gs.period_id
            WHERE gs.id = $1 AND gs.organization_id = $2"#,
        sheet_id,
        ctx.organization_id(),
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let manages = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM teams t JOIN team_members tm ON tm.team_id = t.id
                           WHERE t.organization_id = $1 AND t.manager_id = $2 AND tm.user_id = $3)
                  AS "manages!""#,
        ctx.organization_id(),
        ctx.user_id(),
        row.user_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    if !manages || row.user_id == ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    Ok((
        row.user_id,
        Period {
            id: row.period_id,
            name: row.period_name,
            status: row.period_status,
        },
        row.status,
    ))
}

/// A team member's sheet, for their manager.
pub async fn for_review(pool: &PgPool, ctx: &Ctx, sheet_id: Uuid) -> AppResult<GoalSheet> {
    let mut conn = pool.acquire().await?;
    let (owner, period, _) = reviewable(&mut conn, ctx, sheet_id, false).await?;
    assemble(&mut conn, ctx.organization_id(), owner, &period).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Return,
}

/// Approves or returns a submitted sheet of the actor's team; returning needs a comment.
pub async fn review(
    pool: &PgPool,
    ctx: &Ctx,
    sheet_id: Uuid,
    decision: Decision,
    input: &ReviewInput,
) -> AppResult<GoalSheet> {
    // Who may review first, then what they sent, then whether the sheet can be reviewed now.
    let mut tx = pool.begin().await?;
    let (owner, period, status) = reviewable(&mut tx, ctx, sheet_id, true).await?;
    let comment = input
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    if decision == Decision::Return && comment.is_none() {
        return Err(AppError::validation(
            "comment",
            FieldCode::Required,
            "a comment is required to return a sheet",
        ));
    }
    if comment
        .as_ref()
        .is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS)
    {
        return Err(AppError::validation(
            "comment",
            FieldCode::TooLong,
            "comment is at most 2000 characters",
        ));
    }
    if period.status != PeriodStatus::Open {
        return Err(period_closed(&period));
    }
    if status != SheetStatus::Submitted {
        return Err(AppError::Conflict(
            format!(
                "Only submitted sheets can be reviewed; this one is {}.",
                status.as_str()
            ),
            None,
        ));
    }
    let (new_status, action) = match decision {
        Decision::Approve => (SheetStatus::Approved, "goal_sheet.approved"),
        Decision::Return => (SheetStatus::Returned, "goal_sheet.returned"),
    };
    sqlx::query!(
        "UPDATE goal_sheets SET status = $2, manager_comment = $3, updated_at = now() WHERE id = $1",
        sheet_id,
        new_status.as_str(),
        comment.as_deref(),
    )
    .execute(&mut *tx)
    .await?;
    let event = Event {
        action,
        entity_type: "goal_sheet",
        entity_id: Some(sheet_id),
        payload: json!({ "owner": owner, "comment": comment }),
    };
    finish(tx, ctx, owner, &period, event).await
}
