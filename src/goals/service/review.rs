//! A manager's side of goal sheets: the team's sheets, one sheet to review, and the decision
//! (approve, or return with a comment).

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{assemble, finish, open_period, period_closed, Period, MAX_COMMENT_CHARS};
use crate::audit::writer::Event;
use crate::ctx::Ctx;
use crate::domain::FieldCode;
use crate::error::{AppError, AppResult};
use crate::goals::{GoalSheet, ReviewInput, SheetStatus, TeamSheetRow};
use crate::notifications::service::{notify, Notice};
use crate::notifications::NotificationKind;
use crate::periods::PeriodStatus;
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
    Ok((row.user_id, Period { id: row.period_id, name: row.period_name, status: row.period_status }, row.status))
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
    let comment = input.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    if decision == Decision::Return && comment.is_none() {
        return Err(AppError::validation("comment", FieldCode::Required, "a comment is required to return a sheet"));
    }
    if comment.as_ref().is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
        return Err(AppError::validation("comment", FieldCode::TooLong, "comment is at most 2000 characters"));
    }
    if period.status != PeriodStatus::Open {
        return Err(period_closed(&period));
    }
    if status != SheetStatus::Submitted {
        return Err(AppError::Conflict(
            format!("Only submitted sheets can be reviewed; this one is {}.", status.as_str()),
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
    let kind = match decision {
        Decision::Approve => NotificationKind::SheetApproved,
        Decision::Return => NotificationKind::SheetReturned,
    };
    let data = json!({ "period": period.name, "comment": comment });
    notify(&mut tx, ctx, &[owner], Notice { kind, subject: sheet_id, link: "/goals", data }).await?;
    let event = Event {
        action,
        entity_type: "goal_sheet",
        entity_id: Some(sheet_id),
        payload: json!({ "owner": owner, "comment": comment }),
    };
    finish(tx, ctx, owner, &period, event).await
}
