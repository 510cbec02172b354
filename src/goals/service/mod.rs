//! Goal-sheet use cases: read, save and submit one's own sheet for the open period ([`own`]);
//! list, read, approve and return the sheets of one's team ([`review`]). One transaction each,
//! audited. This module holds what both sides read: the period, the stage, the sheet.

mod own;
mod review;

pub use own::{current, in_period, mine, save_current, submit_current};
pub use review::{for_review, review, team_sheets, Decision};

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{GoalSheet, GoalView, SheetStatus};
use crate::audit::writer::{self, Event, Origin};
use crate::ctx::Ctx;
use crate::domain::weights::{Budget, Category, Weight};
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
    .ok_or_else(|| AppError::validation("period", FieldCode::NoOpenPeriod, "There is no open evaluation period"))
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
        format!("{} is {}; its goal sheets are read-only.", period.name, period.status.as_str()),
        json!({ "period": period.name }),
    )
}

/// The user's stage with its current budget, or the no-stage error.
pub async fn user_stage(conn: &mut PgConnection, organization_id: Uuid, user_id: Uuid) -> AppResult<StageBudget> {
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
        select_sheet!("WHERE user_id = $1 AND period_id = $2 FOR UPDATE", user_id, period_id)
            .fetch_optional(conn)
            .await?
    } else {
        select_sheet!("WHERE user_id = $1 AND period_id = $2", user_id, period_id).fetch_optional(conn).await?
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
    Ok(sqlx::query_scalar!("SELECT display_name FROM users WHERE id = $1", user_id).fetch_one(conn).await?)
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
            crate::stages::service::budget_of(conn, organization_id, s.stage_id).await?.ok_or(AppError::NotFound)?
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
        status: sheet.as_ref().map(|s| s.status).unwrap_or(SheetStatus::Draft),
        goals,
        manager_comment: sheet.as_ref().and_then(|s| s.manager_comment.clone()),
        stage_note: sheet
            .as_ref()
            .and_then(|s| s.stage_note.clone())
            .and_then(|note| serde_json::from_value(note).ok()),
        budget: sheet.as_ref().map(|s| s.budget).unwrap_or(stage.weight_config),
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
