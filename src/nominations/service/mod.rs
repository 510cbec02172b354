//! Nomination use cases, one transaction each with its audit row: cycles and criteria (HR and
//! admins, while draft), opening, closing, nominating, four-eyes decisions, rankings and the
//! exactly-once finalization into history.
//!
//! Each group of use cases has its own file here, named after it; this module holds what they
//! share: who may run cycles and nominate, and loading a cycle with its criteria.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{
    ApproveInput, ArchivedNomination, Candidate, CriteriaSet, Criterion, CriterionInput, Cycle, CycleArchive,
    CycleInput, CyclePatch, CycleResults, CycleStatus, Nomination, NominationInput, NominationStatus,
    PendingNominations, RankingRow, RejectInput, ScoreView,
};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::calendar::check_in_range;
use crate::domain::nominations::{self as rules, sum_state, weights_sum, CriterionWeight, SumState};
use crate::domain::spreadsheet::escape_formula;
use crate::domain::{ConflictReason, FieldCode, FieldError, Page, PageRequest, Role, Sort};
use crate::error::{AppError, AppResult};
use crate::notifications::service::{notify, Notice};
use crate::notifications::NotificationKind;

mod archive;
mod calibration;
mod criteria;
mod cycles;
mod decide;
mod finalize;
mod nominate;
mod rankings;

pub use self::archive::*;
pub use self::calibration::*;
pub use self::criteria::*;
pub use self::cycles::*;
pub use self::decide::*;
pub use self::finalize::*;
pub use self::nominate::*;
pub use self::rankings::*;

/// HR and admins run cycles.
fn runs_cycles(role: Role) -> bool {
    role.can_run_cycles()
}

/// Managers, HR and admins nominate and decide.
fn nominates(role: Role) -> bool {
    role.can_nominate()
}

/// Cycles without their criteria, under the conditions given (a string literal joined to the
/// query at compile time) and their bind parameters.
macro_rules! select_cycles {
    ($($rest:tt)*) => {
        sqlx::query!(
            r#"SELECT id, name, description, start_at AS "start_at: DateTime<Utc>",
                      end_at AS "end_at: DateTime<Utc>", status AS "status: CycleStatus",
                      scale_min, scale_max, finalized_at AS "finalized_at: DateTime<Utc>"
                 FROM nomination_cycles "# + $($rest)*
        )
        .map(|row| Cycle {
            id: row.id,
            name: row.name,
            description: row.description,
            start_at: row.start_at,
            end_at: row.end_at,
            status: row.status,
            scale_min: row.scale_min,
            scale_max: row.scale_max,
            finalized_at: row.finalized_at,
            criteria: Vec::new(),
        })
    };
}

async fn criteria_of(conn: &mut PgConnection, cycle_id: Uuid) -> AppResult<Vec<Criterion>> {
    Ok(sqlx::query_as!(
        Criterion,
        r#"SELECT id, name, description, weight::float8 AS "weight!", is_active, position
             FROM nomination_criteria WHERE cycle_id = $1 ORDER BY position, created_at"#,
        cycle_id,
    )
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
    let organization = ctx.organization_id();
    let mut cycle = match hold {
        Hold::Read => {
            select_cycles!("WHERE id = $1 AND organization_id = $2", id, organization)
                .fetch_optional(&mut *conn)
                .await?
        }
        Hold::Shared => {
            select_cycles!("WHERE id = $1 AND organization_id = $2 FOR SHARE", id, organization)
                .fetch_optional(&mut *conn)
                .await?
        }
        Hold::Exclusive => {
            select_cycles!("WHERE id = $1 AND organization_id = $2 FOR UPDATE", id, organization)
                .fetch_optional(&mut *conn)
                .await?
        }
    }
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
    let wanted: Vec<String> = wanted.into_iter().map(str::to_owned).collect();
    let mut conn = pool.acquire().await?;
    let mut cycles = select_cycles!(
        "WHERE organization_id = $1 AND status = ANY($2) ORDER BY start_at DESC, name",
        ctx.organization_id(),
        &wanted,
    )
    .fetch_all(&mut *conn)
    .await?;
    for cycle in &mut cycles {
        cycle.criteria = criteria_of(&mut conn, cycle.id).await?;
    }
    Ok(cycles)
}

/// The fields the cycle list sorts by.
pub const CYCLE_SORTS: &[&str] = &["startAt", "endAt", "name", "status"];

/// One page of [`list`], sorted as asked (`None`: newest first). An organization runs a few
/// cycles a year, so they are sorted and paged in memory.
pub async fn list_page(
    pool: &PgPool,
    ctx: &Ctx,
    statuses: &[CycleStatus],
    sort: Option<Sort>,
    request: PageRequest,
) -> AppResult<Page<Cycle>> {
    let mut cycles = list(pool, ctx, statuses).await?;
    if let Some(sort) = sort {
        sort.apply(&mut cycles, |field, a, b| match field {
            "endAt" => a.end_at.cmp(&b.end_at),
            "name" => a.name.cmp(&b.name),
            "status" => a.status.as_str().cmp(b.status.as_str()),
            _ => a.start_at.cmp(&b.start_at),
        });
    }
    Ok(Page::of_all(cycles, request))
}
