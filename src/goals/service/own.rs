//! One's own goal sheet: read it (this period or an earlier one), list one's periods, save it
//! as a draft and submit it for review.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::{assemble, find_sheet, finish, goals_of, open_period, period, user_stage};
use crate::audit::writer::Event;
use crate::ctx::Ctx;
use crate::domain::weights::{
    check_sheet, effective_budget, weights_changed, Category, GoalInput, SheetAction, Weight,
};
use crate::error::{AppError, AppResult};
use crate::goals::{GoalSheet, PeriodSheet, SheetStatus};
use crate::periods::PeriodStatus;
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
    if period.status != PeriodStatus::Open && find_sheet(&mut conn, ctx.user_id(), period.id, false).await?.is_none() {
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
    let total = |c: Category| goals.iter().filter(|(gc, _)| *gc == c).map(|(_, w)| *w).sum::<Weight>();
    json!({
        "quantitative": total(Category::Quantitative),
        "qualitative": total(Category::Qualitative),
        "competency": total(Category::Competency),
    })
}

fn not_editable(status: SheetStatus) -> AppError {
    AppError::Conflict(format!("This goal sheet is {} and cannot be changed.", status.as_str()), None)
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
    let before: Vec<(Category, Weight)> =
        goals_of(&mut tx, sheet.id).await?.iter().map(|g| (g.category, g.weight)).collect();
    let after: Vec<(Category, Weight)> =
        goals.iter().map(|g| (g.category, Weight::from_f64(g.weight).unwrap_or(Weight::from_hundredths(-1)))).collect();
    let changed = weights_changed(&before, &after) || sheet.stage_id != stage.id;
    let budget = effective_budget(sheet.budget, current, changed);
    let valid = check_sheet(goals, &budget, SheetAction::SaveDraft).map_err(AppError::Validation)?;

    sqlx::query!("DELETE FROM goals WHERE sheet_id = $1", sheet.id).execute(&mut *tx).await?;
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
        sqlx::query!("UPDATE goal_sheets SET updated_at = now() WHERE id = $1", sheet.id).execute(&mut *tx).await?;
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
        let errors = check_sheet(&[], &stage.weight_config, SheetAction::Submit).err().unwrap_or_default();
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
