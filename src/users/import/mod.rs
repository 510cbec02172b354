//! Bulk import of people from CSV (`email,name,role,stage,team,manager_email`), previewed as a
//! dry run and applied in one transaction (every row or none), and the export in the same
//! columns. Re-importing a file changes nothing: rows are matched by e-mail and only what
//! differs is written.
//!
//! A row's `team` is the person's team (created when no team has that name); its
//! `manager_email` is that team's manager, who must be in the organization or in the file.

use std::collections::{HashMap, HashSet};

use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{FieldChange, ImportCode, ImportCreate, ImportError, ImportReport, ImportUpdate};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::people::{MAX_PERSON_NAME_CHARS, MAX_TEAM_NAME_CHARS};
use crate::domain::spreadsheet::{escape_formula, unescape_formula};
use crate::domain::text::fits;
use crate::domain::{Email, Role};
use crate::error::{AppError, AppResult};

mod export;
mod plan;
mod read;
#[cfg(test)]
mod tests;
mod write;

pub use self::export::export_csv;
use self::plan::{load, plan};
use self::read::read_rows;
use self::write::write;

/// The largest file and the most rows an import takes.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_IMPORT_ROWS: usize = 50_000;
/// The columns, in the order the export writes them.
pub const COLUMNS: [&str; 6] = ["email", "name", "role", "stage", "team", "manager_email"];

fn problem(line: u64, column: &str, code: ImportCode, message: impl Into<String>) -> ImportError {
    ImportError { line, column: column.to_owned(), code, message: message.into() }
}

/// One data row as read, its fields trimmed (and a spreadsheet's formula mark removed).
#[derive(Debug, Clone, PartialEq)]
struct Row {
    line: u64,
    email: String,
    name: String,
    role: Option<Role>,
    stage: String,
    team: String,
    manager_email: String,
}

/// A person of the organization as the import compares them.
#[derive(Debug, Clone)]
struct Current {
    id: Uuid,
    name: String,
    role: Role,
    active: bool,
    stage_id: Option<Uuid>,
    team_id: Option<Uuid>,
}

#[derive(Debug, Clone)]
struct TeamNow {
    id: Uuid,
    name: String,
    manager_id: Uuid,
}

/// A stage as rows name it: by number ("6") or by name ("Stage 6").
#[derive(Debug, Clone)]
struct StageNow {
    id: Uuid,
    number: i32,
    name: String,
}

/// Everything the plan is checked against, read in one go.
struct Organization {
    people: HashMap<String, Current>,
    email_of: HashMap<Uuid, String>,
    stages: Vec<StageNow>,
    teams: Vec<TeamNow>,
    /// E-mails of the file that belong to other organizations.
    elsewhere: HashSet<String>,
}

struct PersonRow {
    id: Uuid,
    email: String,
    display_name: String,
    role: Role,
    active: bool,
    stage_id: Option<Uuid>,
    team_id: Option<Uuid>,
}

/// A team as the file leaves it: an existing one (maybe with a new manager) or a new one.
#[derive(Debug, Clone)]
struct TeamPlan {
    id: Uuid,
    name: String,
    existing: bool,
    /// The manager's e-mail the file names (first row that names one), if any.
    manager_email: Option<(String, u64)>,
    /// The first line that names the team.
    line: u64,
}

/// The person as the file leaves them.
#[derive(Debug, Clone)]
struct PersonPlan {
    line: u64,
    id: Uuid,
    email: String,
    name: String,
    role: Role,
    stage_id: Option<Uuid>,
    stage_number: Option<i32>,
    /// Index into the team plans.
    team: Option<usize>,
    current: Option<Current>,
}

/// What an import would do: every person and team as the file leaves them, and the report.
struct Plan {
    people: Vec<PersonPlan>,
    teams: Vec<TeamPlan>,
    report: ImportReport,
}

fn column_order(column: &str) -> usize {
    COLUMNS.iter().position(|c| *c == column).unwrap_or(0)
}

/// Previews (`dry_run`) or applies an import. Applying a file with any problem is refused with
/// every problem (422) and changes nothing.
pub async fn import(pool: &PgPool, ctx: &Ctx, bytes: &[u8], dry_run: bool) -> AppResult<ImportReport> {
    ctx.require(Role::can_list_users)?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(AppError::PayloadTooLarge(Some(MAX_IMPORT_BYTES)));
    }
    let mut errors = Vec::new();
    let rows = read_rows(bytes, &mut errors);
    let mut tx = pool.begin().await?;
    // One import (or people change) at a time per organization: the plan stays true until
    // it is written.
    crate::db::lock_scope(&mut tx, "people", ctx.organization_id()).await?;
    let org = load(&mut tx, ctx, &rows).await?;
    let plan = plan(ctx, rows, &org, errors);
    if dry_run {
        return Ok(plan.report);
    }
    if !plan.report.errors.is_empty() {
        return Err(AppError::ImportRejected(plan.report.errors));
    }
    write(&mut tx, ctx, &plan, &org).await?;
    tx.commit().await?;
    let mut report = plan.report;
    report.applied = true;
    Ok(report)
}
