//! Period use cases: list, create, open (one at a time), close. Admins only for changes;
//! everyone signed in may list them. One transaction each, audited.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{Period, PeriodInput, PeriodStatus};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::calendar::date_in_range;
use crate::domain::text::fits;
use crate::domain::text::without_nul;
use crate::domain::{ConflictReason, FieldCode, FieldError, Role, Sort};
use crate::error::{AppError, AppResult};

/// The fields the period list sorts by.
pub const PERIOD_SORTS: &[&str] = &["startsOn", "name", "status"];

/// Sorts a period list (in memory: a few periods a year) by a field of [`PERIOD_SORTS`].
pub fn sort(periods: &mut [Period], sort: Sort) {
    sort.apply(periods, |field, a, b| match field {
        "name" => a.name.cmp(&b.name),
        "status" => a.status.as_str().cmp(b.status.as_str()),
        _ => a.starts_on.cmp(&b.starts_on),
    });
}

pub async fn list(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<Period>> {
    Ok(sqlx::query_as!(
        Period,
        r#"SELECT p.id, p.name, p.starts_on AS "starts_on: NaiveDate", p.ends_on AS "ends_on: NaiveDate",
                  p.status AS "status: PeriodStatus",
                  (SELECT count(*) FROM goal_sheets gs WHERE gs.period_id = p.id) AS "sheets!"
             FROM evaluation_periods p
            WHERE p.organization_id = $1
            ORDER BY p.starts_on DESC, p.name"#,
        ctx.organization_id(),
    )
    .fetch_all(pool)
    .await?)
}

async fn load(conn: &mut PgConnection, ctx: &Ctx, id: Uuid) -> AppResult<Period> {
    sqlx::query_as!(
        Period,
        r#"SELECT p.id, p.name, p.starts_on AS "starts_on: NaiveDate", p.ends_on AS "ends_on: NaiveDate",
                  p.status AS "status: PeriodStatus",
                  (SELECT count(*) FROM goal_sheets gs WHERE gs.period_id = p.id) AS "sheets!"
             FROM evaluation_periods p
            WHERE p.id = $1 AND p.organization_id = $2"#,
        id,
        ctx.organization_id(),
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// The longest period name, in characters.
const MAX_PERIOD_NAME_CHARS: usize = 100;

pub async fn create(pool: &PgPool, ctx: &Ctx, input: &PeriodInput) -> AppResult<Period> {
    ctx.require(Role::can_administer)?;
    let mut errors = Vec::new();
    let name = input.name.trim();
    if !fits(name, MAX_PERIOD_NAME_CHARS) {
        errors.push(FieldError::new(
            "name",
            FieldCode::Required,
            format!("name is required (at most {MAX_PERIOD_NAME_CHARS} characters)"),
        ));
    } else if let Err(e) = without_nul("name", name) {
        errors.push(e);
    }
    for (field, date) in [("startsOn", input.starts_on), ("endsOn", input.ends_on)] {
        if !date_in_range(date) {
            errors.push(FieldError::new(
                field,
                FieldCode::OutOfRange,
                format!("{field} must be a date between the years 1 and 9999"),
            ));
        }
    }
    if input.ends_on < input.starts_on {
        errors.push(FieldError::new("endsOn", FieldCode::BeforeStart, "endsOn must not be before startsOn"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO evaluation_periods (organization_id, name, starts_on, ends_on, status)
         VALUES ($1, $2, $3, $4, 'planning') RETURNING id",
        ctx.organization_id(),
        name,
        input.starts_on as _,
        input.ends_on as _,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.constraint() == Some("evaluation_periods_name_key") => {
            AppError::validation("name", FieldCode::Taken, "another period has this name")
        }
        _ => AppError::from(e),
    })?;
    let period = load(&mut tx, ctx, id).await?;
    writer::record_change(&mut tx, ctx, "period.created", "evaluation_period", id, json!({ "after": period })).await?;
    tx.commit().await?;
    Ok(period)
}

async fn set_status(pool: &PgPool, ctx: &Ctx, id: Uuid, from: &[PeriodStatus], to: PeriodStatus) -> AppResult<Period> {
    ctx.require(Role::can_administer)?;
    let mut tx = pool.begin().await?;
    // One status change at a time per organization, so two periods never open together.
    crate::db::lock_scope(&mut tx, "periods", ctx.organization_id()).await?;
    let before = load(&mut tx, ctx, id).await?;
    if !from.contains(&before.status) {
        return Err(AppError::conflict_with(
            ConflictReason::PeriodStatus,
            format!("The period is {}.", before.status.as_str()),
            json!({ "status": before.status }),
        ));
    }
    if to == PeriodStatus::Open {
        let open = sqlx::query_scalar!(
            "SELECT name FROM evaluation_periods WHERE organization_id = $1 AND status = 'open'",
            ctx.organization_id(),
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(open) = open {
            return Err(AppError::conflict_with(
                ConflictReason::PeriodOpen,
                format!("{open} is open; close it first (one period is open at a time)."),
                json!({ "open": open }),
            ));
        }
    }
    sqlx::query!("UPDATE evaluation_periods SET status = $2, updated_at = now() WHERE id = $1", id, to.as_str())
        .execute(&mut *tx)
        .await?;
    let after = load(&mut tx, ctx, id).await?;
    let action = match to {
        PeriodStatus::Open => "period.opened",
        _ => "period.closed",
    };
    writer::record_change(
        &mut tx,
        ctx,
        action,
        "evaluation_period",
        id,
        json!({ "before": before.status, "after": after.status }),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Opens a period that is planned or was closed, while no other is open.
pub async fn open(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Period> {
    set_status(pool, ctx, id, &[PeriodStatus::Planning, PeriodStatus::Closed], PeriodStatus::Open).await
}

/// Closes the open period: its sheets become read-only.
pub async fn close(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Period> {
    set_status(pool, ctx, id, &[PeriodStatus::Open], PeriodStatus::Closed).await
}
