//! Assembling the home page from the features' own rules: each part is read as its feature
//! reads it, for the actor and their organization only.

use sqlx::PgPool;

use super::{CycleDeadline, Home, MyCompetition, NextStep, SheetSummary, WaitingSheet};
use crate::competitions::{CompetitionRole, CompetitionStatus};
use crate::ctx::Ctx;
use crate::domain::weights::{check_sheet, GoalInput, SheetAction};
use crate::domain::PageRequest;
use crate::error::{AppError, AppResult};
use crate::goals::{GoalSheet, SheetStatus};
use crate::nominations::CycleStatus;

/// What a sheet's owner does next.
pub fn next_step(sheet: &GoalSheet) -> NextStep {
    match sheet.status {
        SheetStatus::Submitted => NextStep::AwaitReview,
        SheetStatus::Approved => NextStep::Done,
        SheetStatus::Returned => NextStep::FixReturned,
        SheetStatus::Draft if sheet.goals.is_empty() => NextStep::Start,
        SheetStatus::Draft => {
            let goals: Vec<GoalInput> = sheet
                .goals
                .iter()
                .map(|g| GoalInput {
                    category: g.category,
                    title: g.title.clone(),
                    description: g.description.clone(),
                    measure: g.measure.clone(),
                    weight: g.weight.as_f64(),
                })
                .collect();
            match check_sheet(&goals, &sheet.budget, SheetAction::Submit) {
                Ok(_) => NextStep::Submit,
                Err(_) => NextStep::CompleteBudget,
            }
        }
    }
}

pub async fn home(pool: &PgPool, ctx: &Ctx) -> AppResult<Home> {
    let role = ctx.actor.role;
    // No open period or no stage: there is no sheet to act on, which is not an error here.
    let sheet = match crate::goals::service::current(pool, ctx).await {
        Ok(sheet) => Some(SheetSummary {
            next: next_step(&sheet),
            period_name: sheet.period_name,
            status: sheet.status,
            manager_comment: sheet.manager_comment,
            goals: sheet.goals.len(),
        }),
        Err(AppError::NotFound | AppError::Validation(_) | AppError::Conflict(..)) => None,
        Err(e) => return Err(e),
    };
    let open_cycles = crate::nominations::service::list(pool, ctx, &[CycleStatus::Open])
        .await?
        .into_iter()
        .map(|c| CycleDeadline { id: c.id, name: c.name, end_at: c.end_at })
        .collect();
    let listed = crate::competitions::service::list(
        pool,
        ctx,
        &[CompetitionStatus::Active, CompetitionStatus::Ended],
        None,
        None,
        PageRequest { page: 1, page_size: 100 },
    )
    .await?;
    let competitions = listed
        .items
        .into_iter()
        .filter_map(|c| {
            let context = c.user_context?;
            (context.role == CompetitionRole::Participant).then_some(MyCompetition {
                slug: c.slug,
                title: c.title,
                deadline: c.deadline,
                rank: context.rank,
                seen_rank: context.seen_rank,
                ranked: c.ranked_count,
                unread_announcements: context.unread_announcements,
            })
        })
        .collect();
    let waiting_sheets = if role.can_manage_teams() {
        crate::goals::service::team_sheets(pool, ctx)
            .await
            .or_else(|e| match e {
                // Without an open period nothing waits.
                AppError::NotFound | AppError::Conflict(..) => Ok(Vec::new()),
                e => Err(e),
            })?
            .into_iter()
            .filter(|row| row.status == Some(SheetStatus::Submitted))
            .filter_map(|row| {
                Some(WaitingSheet {
                    sheet_id: row.sheet_id?,
                    owner_name: row.display_name,
                    team_name: row.team_name,
                    submitted_at: row.updated_at,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let (pending_nominations, people_without_stage) = if role.can_list_users() {
        let pending = crate::nominations::service::awaiting_decision(pool, ctx).await?;
        let without_stage = sqlx::query_scalar!(
            r#"SELECT count(*) AS "count!" FROM users
                WHERE organization_id = $1 AND stage_id IS NULL AND active"#,
            ctx.organization_id(),
        )
        .fetch_one(pool)
        .await?;
        (pending, Some(without_stage))
    } else {
        (Vec::new(), None)
    };
    Ok(Home { sheet, open_cycles, competitions, waiting_sheets, pending_nominations, people_without_stage })
}
