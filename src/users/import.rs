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

use super::{FieldChange, ImportCreate, ImportError, ImportReport, ImportUpdate};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::spreadsheet::{escape_formula, unescape_formula};
use crate::domain::{Email, Role};
use crate::error::{AppError, AppResult};

/// The largest file and the most rows an import takes.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_IMPORT_ROWS: usize = 50_000;
/// The columns, in the order the export writes them.
pub const COLUMNS: [&str; 6] = ["email", "name", "role", "stage", "team", "manager_email"];
const MAX_NAME_CHARS: usize = 200;
const MAX_TEAM_CHARS: usize = 100;

fn problem(line: u64, column: &str, code: &str, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        column: column.to_owned(),
        code: code.to_owned(),
        message: message.into(),
    }
}

/// The line (1-based) of a byte offset, counted as the reader moves forward (blank lines too,
/// which the CSV reader skips without counting).
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after `offset` that does not end a line (a record's
    /// position may point at the blank lines before it).
    fn line_at(&mut self, offset: usize) -> u64 {
        let mut offset = offset.min(self.bytes.len());
        while offset < self.bytes.len() && matches!(self.bytes[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset > self.offset {
            self.line += self.bytes[self.offset..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.offset = offset;
        }
        self.line
    }
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

/// Reads the file into rows, reporting every problem a row has on its own (bad e-mail, empty
/// name, unknown role, duplicate e-mail) and every problem of the file as a whole.
fn read_rows(bytes: &[u8], errors: &mut Vec<ImportError>) -> Vec<Row> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64
            + 1;
        errors.push(problem(
            line,
            "",
            "not_utf8",
            format!("the file is not UTF-8 text (line {line}); save it as \"CSV UTF-8\""),
        ));
        return Vec::new();
    }
    if bytes.contains(&0) {
        errors.push(problem(
            0,
            "",
            "nul_bytes",
            "the file contains NUL bytes; it is not a CSV text file",
        ));
        return Vec::new();
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(_) => {
            errors.push(problem(
                1,
                "",
                "malformed",
                "the header line cannot be read as CSV",
            ));
            return Vec::new();
        }
    };
    if headers.iter().all(String::is_empty) {
        errors.push(problem(
            1,
            "",
            "empty_file",
            format!(
                "the file is empty; its first line must be {}",
                COLUMNS.join(",")
            ),
        ));
        return Vec::new();
    }
    let mut index = [0usize; 6];
    for (i, column) in COLUMNS.iter().enumerate() {
        match headers.iter().position(|h| h == column) {
            Some(at) => index[i] = at,
            None => errors.push(problem(
                1,
                column,
                "missing_column",
                format!(
                    "the header has no {column} column (it needs {})",
                    COLUMNS.join(",")
                ),
            )),
        }
    }
    if !errors.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(bytes);
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        let line = lines.line_at(start);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                errors.push(problem(
                    line,
                    "",
                    "malformed",
                    "this line cannot be read as CSV",
                ));
                continue;
            }
        }
        let line = record
            .position()
            .map_or(line, |p| lines.line_at(p.byte() as usize));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_IMPORT_ROWS {
            errors.push(problem(
                line,
                "",
                "too_many_rows",
                format!("an import takes at most {MAX_IMPORT_ROWS} people; split the file"),
            ));
            return Vec::new();
        }
        let field = |i: usize| {
            unescape_formula(record.get(index[i]).unwrap_or("").trim())
                .trim()
                .to_owned()
        };
        let raw_email = field(0);
        let email = match Email::parse(&raw_email) {
            Some(email) => email.as_str().to_owned(),
            None => {
                let message = if raw_email.is_empty() {
                    "an e-mail address is required".to_owned()
                } else {
                    format!("\"{raw_email}\" is not an e-mail address")
                };
                errors.push(problem(line, "email", "invalid_email", message));
                raw_email.to_lowercase()
            }
        };
        if !email.is_empty() {
            if let Some(first) = seen.get(&email) {
                errors.push(problem(
                    line,
                    "email",
                    "duplicate_email",
                    format!("{email} is also on line {first}; each person appears once"),
                ));
            } else {
                seen.insert(email.clone(), line);
            }
        }
        let name = field(1);
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            errors.push(problem(
                line,
                "name",
                "invalid_name",
                format!("a name is required (at most {MAX_NAME_CHARS} characters)"),
            ));
        }
        let raw_role = field(2);
        let role = Role::parse(&raw_role.to_lowercase());
        if role.is_none() {
            errors.push(problem(
                line,
                "role",
                "invalid_role",
                format!("\"{raw_role}\" is not a role; use admin, hr, manager or employee"),
            ));
        }
        let team = field(4);
        if team.chars().count() > MAX_TEAM_CHARS {
            errors.push(problem(
                line,
                "team",
                "invalid_team",
                format!("a team name has at most {MAX_TEAM_CHARS} characters"),
            ));
        }
        let manager_email = field(5);
        let manager_email = if manager_email.is_empty() {
            manager_email
        } else {
            match Email::parse(&manager_email) {
                Some(e) => e.as_str().to_owned(),
                None => {
                    errors.push(problem(
                        line,
                        "manager_email",
                        "invalid_email",
                        format!("\"{manager_email}\" is not an e-mail address"),
                    ));
                    String::new()
                }
            }
        };
        rows.push(Row {
            line,
            email,
            name,
            role,
            stage: field(3),
            team,
            manager_email,
        });
    }
    rows
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

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: Uuid,
    email: String,
    display_name: String,
    role: Role,
    active: bool,
    stage_id: Option<Uuid>,
    team_id: Option<Uuid>,
}

/// A person as the export writes them.
#[derive(sqlx::FromRow)]
struct ExportRow {
    email: String,
    display_name: String,
    role: Role,
    stage: Option<i32>,
    team: Option<String>,
    manager: Option<String>,
}

async fn load(conn: &mut PgConnection, ctx: &Ctx, rows: &[Row]) -> AppResult<Organization> {
    let people: Vec<PersonRow> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.role, u.active, u.stage_id, tm.team_id
               FROM users u LEFT JOIN team_members tm ON tm.user_id = u.id
              WHERE u.organization_id = $1",
    )
    .bind(ctx.organization_id())
    .fetch_all(&mut *conn)
    .await?;
    let stages: Vec<(Uuid, i32, String)> = sqlx::query_as(
        "SELECT id, number, name FROM stages WHERE organization_id = $1 ORDER BY number",
    )
    .bind(ctx.organization_id())
    .fetch_all(&mut *conn)
    .await?;
    let teams: Vec<(Uuid, String, Uuid)> =
        sqlx::query_as("SELECT id, name, manager_id FROM teams WHERE organization_id = $1")
            .bind(ctx.organization_id())
            .fetch_all(&mut *conn)
            .await?;
    let emails: Vec<&str> = rows
        .iter()
        .flat_map(|r| [r.email.as_str(), r.manager_email.as_str()])
        .filter(|e| !e.is_empty())
        .collect();
    let elsewhere: Vec<String> = sqlx::query_scalar(
        "SELECT email FROM users WHERE email = ANY($1) AND organization_id <> $2",
    )
    .bind(&emails)
    .bind(ctx.organization_id())
    .fetch_all(&mut *conn)
    .await?;
    let email_of = people.iter().map(|p| (p.id, p.email.clone())).collect();
    Ok(Organization {
        people: people
            .into_iter()
            .map(|p| {
                let current = Current {
                    id: p.id,
                    name: p.display_name,
                    role: p.role,
                    active: p.active,
                    stage_id: p.stage_id,
                    team_id: p.team_id,
                };
                (p.email, current)
            })
            .collect(),
        email_of,
        stages: stages
            .into_iter()
            .map(|(id, number, name)| StageNow { id, number, name })
            .collect(),
        teams: teams
            .into_iter()
            .map(|(id, name, manager_id)| TeamNow {
                id,
                name,
                manager_id,
            })
            .collect(),
        elsewhere: elsewhere.into_iter().collect(),
    })
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

fn stage_label(stages: &[StageNow], id: Option<Uuid>) -> String {
    id.and_then(|id| stages.iter().find(|s| s.id == id))
        .map(|s| s.number.to_string())
        .unwrap_or_default()
}

/// Checks the rows against the organization and works out every create and update.
fn plan(ctx: &Ctx, rows: Vec<Row>, org: &Organization, mut errors: Vec<ImportError>) -> Plan {
    let actor = ctx.actor.role;
    let may_manage =
        |role: Role| actor == Role::Admin || matches!(role, Role::Employee | Role::Manager);
    // Teams named by the file, matched to existing ones without regard to case.
    let mut teams: Vec<TeamPlan> = Vec::new();
    let mut team_index: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        if row.team.is_empty() {
            if !row.manager_email.is_empty() {
                errors.push(problem(
                    row.line,
                    "manager_email",
                    "team_required",
                    "a manager is the manager of the row's team; name the team too",
                ));
            }
            continue;
        }
        let key = row.team.to_lowercase();
        let at = *team_index.entry(key.clone()).or_insert_with(|| {
            let existing = org.teams.iter().find(|t| t.name.to_lowercase() == key);
            teams.push(TeamPlan {
                id: existing.map_or_else(Uuid::new_v4, |t| t.id),
                name: existing.map_or_else(|| row.team.clone(), |t| t.name.clone()),
                existing: existing.is_some(),
                manager_email: None,
                line: row.line,
            });
            teams.len() - 1
        });
        if row.manager_email.is_empty() {
            continue;
        }
        match &teams[at].manager_email {
            None => teams[at].manager_email = Some((row.manager_email.clone(), row.line)),
            Some((first, line)) if *first != row.manager_email => errors.push(problem(
                row.line,
                "manager_email",
                "manager_conflict",
                format!(
                    "line {line} gives {} the manager {first}; a team has one manager",
                    teams[at].name
                ),
            )),
            Some(_) => {}
        }
    }
    for team in &teams {
        if !team.existing && team.manager_email.is_none() {
            errors.push(problem(
                team.line,
                "manager_email",
                "manager_required",
                format!("{} is a new team: give its manager's e-mail", team.name),
            ));
        }
    }

    let mut people = Vec::with_capacity(rows.len());
    for row in rows {
        let current = org.people.get(&row.email).cloned();
        if current.is_none() && org.elsewhere.contains(&row.email) {
            errors.push(problem(
                row.line,
                "email",
                "email_taken",
                format!(
                    "{} already has an account in another organization",
                    row.email
                ),
            ));
        }
        let stage = if row.stage.is_empty() {
            None
        } else {
            let wanted = row.stage.to_lowercase();
            let found = org
                .stages
                .iter()
                .find(|s| s.number.to_string() == wanted || s.name.to_lowercase() == wanted);
            if found.is_none() {
                let known = match (org.stages.first(), org.stages.last()) {
                    (Some(a), Some(b)) => format!("stages {}–{}", a.number, b.number),
                    _ => "no stages yet".to_owned(),
                };
                errors.push(problem(
                    row.line,
                    "stage",
                    "unknown_stage",
                    format!(
                        "there is no stage \"{}\" (the organization has {known})",
                        row.stage
                    ),
                ));
            }
            found
        };
        let role = row.role.unwrap_or(Role::Employee);
        if row.role.is_some() {
            let current_role = current.as_ref().map(|c| c.role);
            if !may_manage(role) || current_role.is_some_and(|r| !may_manage(r)) {
                let shown = current_role.filter(|r| !may_manage(*r)).unwrap_or(role);
                errors.push(problem(
                    row.line,
                    "role",
                    "forbidden_role",
                    format!("only an admin may give or take away the role {shown}"),
                ));
            }
        }
        let team = (!row.team.is_empty()).then(|| team_index[&row.team.to_lowercase()]);
        people.push(PersonPlan {
            line: row.line,
            id: current.as_ref().map_or_else(Uuid::new_v4, |c| c.id),
            email: row.email,
            name: row.name,
            role,
            stage_id: stage.map(|s| s.id),
            stage_number: stage.map(|s| s.number),
            team,
            current,
        });
    }

    // The final role of everyone: the file's, else the current one.
    let by_email: HashMap<&str, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.email.as_str(), i))
        .collect();
    let final_role = |email: &str| -> Option<(Role, bool)> {
        match by_email.get(email) {
            Some(i) => Some((
                people[*i].role,
                people[*i].current.as_ref().is_none_or(|c| c.active),
            )),
            None => org.people.get(email).map(|c| (c.role, c.active)),
        }
    };
    for team in &teams {
        let Some((manager, line)) = &team.manager_email else {
            continue;
        };
        let stays_member = !by_email.contains_key(manager.as_str())
            && org
                .people
                .get(manager)
                .is_some_and(|c| c.team_id == Some(team.id));
        if stays_member {
            errors.push(problem(
                *line,
                "manager_email",
                "manager_in_team",
                format!(
                    "{manager} is a member of {}; a team's manager is not also its member",
                    team.name
                ),
            ));
        }
        match final_role(manager) {
            None if org.elsewhere.contains(manager) => errors.push(problem(
                *line,
                "manager_email",
                "unknown_manager",
                format!("{manager} belongs to another organization"),
            )),
            None => errors.push(problem(
                *line,
                "manager_email",
                "unknown_manager",
                format!("{manager} is neither in the organization nor in this file"),
            )),
            Some((_, false)) => errors.push(problem(
                *line,
                "manager_email",
                "manager_inactive",
                format!("{manager} is deactivated; reactivate them or choose another manager"),
            )),
            Some((role, true)) if !role.can_manage_teams() => errors.push(problem(
                *line,
                "manager_email",
                "not_a_manager",
                format!(
                    "{manager} is an {role}; a team's manager has the role manager, hr or admin"
                ),
            )),
            Some(_) => {}
        }
    }
    // Nobody leads the team they are a member of.
    for person in &people {
        let Some(at) = person.team else { continue };
        let team = &teams[at];
        let manager = match &team.manager_email {
            Some((email, _)) => Some(email.clone()),
            None => org
                .teams
                .iter()
                .find(|t| t.id == team.id)
                .and_then(|t| org.email_of.get(&t.manager_id).cloned()),
        };
        if manager.as_deref() == Some(person.email.as_str()) {
            errors.push(problem(
                person.line,
                "team",
                "manager_in_team",
                format!(
                    "{} leads {}; a team's manager is not also its member",
                    person.email, team.name
                ),
            ));
        }
    }
    // Demotions: the last active admin stays one; people who lead teams keep a leading role.
    let admins_after = org
        .people
        .iter()
        .filter(|(email, c)| {
            c.active
                && by_email
                    .get(email.as_str())
                    .map_or(c.role, |i| people[*i].role)
                    == Role::Admin
        })
        .count();
    for person in &people {
        let Some(current) = &person.current else {
            continue;
        };
        if current.role == Role::Admin
            && person.role != Role::Admin
            && current.active
            && admins_after == 0
        {
            errors.push(problem(
                person.line,
                "role",
                "last_admin",
                format!(
                    "{} is the organization's last active admin; make someone else an admin first",
                    person.email
                ),
            ));
        }
        if !person.role.can_manage_teams() {
            let leads: Vec<&str> = org
                .teams
                .iter()
                .filter(|t| t.manager_id == current.id)
                .filter(|t| {
                    // Unless the file gives that team another manager.
                    teams
                        .iter()
                        .find(|p| p.id == t.id)
                        .and_then(|p| p.manager_email.as_ref())
                        .is_none_or(|(m, _)| *m == person.email)
                })
                .map(|t| t.name.as_str())
                .collect();
            if !leads.is_empty() {
                errors.push(problem(
                    person.line,
                    "role",
                    "manages_teams",
                    format!(
                        "{} leads {}; give the team(s) another manager first",
                        person.email,
                        leads.join(", ")
                    ),
                ));
            }
        }
    }

    let mut report = ImportReport::default();
    for person in &people {
        let team_name = person.team.map(|t| teams[t].name.clone());
        match &person.current {
            None => report.creates.push(ImportCreate {
                line: person.line,
                email: person.email.clone(),
                display_name: person.name.clone(),
                role: person.role,
                stage: person.stage_number,
                team: team_name,
            }),
            Some(current) => {
                let mut changes = Vec::new();
                let mut change = |field: &str, from: String, to: String| {
                    if from != to {
                        changes.push(FieldChange {
                            field: field.to_owned(),
                            from,
                            to,
                        });
                    }
                };
                change("name", current.name.clone(), person.name.clone());
                change("role", current.role.to_string(), person.role.to_string());
                change(
                    "stage",
                    stage_label(&org.stages, current.stage_id),
                    stage_label(&org.stages, person.stage_id),
                );
                let team_now = current
                    .team_id
                    .and_then(|id| org.teams.iter().find(|t| t.id == id))
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                change("team", team_now, team_name.unwrap_or_default());
                if changes.is_empty() {
                    report.unchanged += 1;
                } else {
                    report.updates.push(ImportUpdate {
                        line: person.line,
                        email: person.email.clone(),
                        changes,
                    });
                }
            }
        }
    }
    for team in &teams {
        if !team.existing {
            report.new_teams.push(team.name.clone());
        } else if let Some((manager, _)) = &team.manager_email {
            let now = org
                .teams
                .iter()
                .find(|t| t.id == team.id)
                .and_then(|t| org.email_of.get(&t.manager_id));
            if now != Some(manager) {
                report.team_managers.push(FieldChange {
                    field: team.name.clone(),
                    from: now.cloned().unwrap_or_default(),
                    to: manager.clone(),
                });
            }
        }
    }
    errors.sort_by(|a, b| {
        a.line
            .cmp(&b.line)
            .then_with(|| column_order(&a.column).cmp(&column_order(&b.column)))
    });
    report.errors = errors;
    Plan {
        people,
        teams,
        report,
    }
}

fn column_order(column: &str) -> usize {
    COLUMNS.iter().position(|c| *c == column).unwrap_or(0)
}

/// Previews (`dry_run`) or applies an import. Applying a file with any problem is refused with
/// every problem (422) and changes nothing.
pub async fn import(
    pool: &PgPool,
    ctx: &Ctx,
    bytes: &[u8],
    dry_run: bool,
) -> AppResult<ImportReport> {
    ctx.require(Role::can_list_users)?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(AppError::PayloadTooLarge(Some(MAX_IMPORT_BYTES)));
    }
    let mut errors = Vec::new();
    let rows = read_rows(bytes, &mut errors);
    let mut tx = pool.begin().await?;
    // One import (or people change) at a time per organization: the plan stays true until
    // it is written.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('people'), hashtext($1::text))")
        .bind(ctx.organization_id())
        .execute(&mut *tx)
        .await?;
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

async fn write(
    conn: &mut PgConnection,
    ctx: &Ctx,
    plan: &Plan,
    org: &Organization,
) -> AppResult<()> {
    let org_id = ctx.organization_id();
    let creates: Vec<&PersonPlan> = plan.people.iter().filter(|p| p.current.is_none()).collect();
    sqlx::query(
        "INSERT INTO users (id, organization_id, email, display_name, password_hash, role, stage_id)
         SELECT id, $1, email, name, NULL, role, stage
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[])
             AS t(id, email, name, role, stage)",
    )
    .bind(org_id)
    .bind(creates.iter().map(|p| p.id).collect::<Vec<_>>())
    .bind(creates.iter().map(|p| p.email.as_str()).collect::<Vec<_>>())
    .bind(creates.iter().map(|p| p.name.as_str()).collect::<Vec<_>>())
    .bind(creates.iter().map(|p| p.role.as_str()).collect::<Vec<_>>())
    .bind(creates.iter().map(|p| p.stage_id).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;

    let changed: HashSet<&str> = plan
        .report
        .updates
        .iter()
        .map(|u| u.email.as_str())
        .collect();
    let updates: Vec<&PersonPlan> = plan
        .people
        .iter()
        .filter(|p| p.current.is_some() && changed.contains(p.email.as_str()))
        .collect();
    sqlx::query(
        "UPDATE users u SET display_name = t.name, role = t.role, stage_id = t.stage, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) AS t(id, name, role, stage)
          WHERE u.id = t.id AND u.organization_id = $5",
    )
    .bind(updates.iter().map(|p| p.id).collect::<Vec<_>>())
    .bind(updates.iter().map(|p| p.name.as_str()).collect::<Vec<_>>())
    .bind(updates.iter().map(|p| p.role.as_str()).collect::<Vec<_>>())
    .bind(updates.iter().map(|p| p.stage_id).collect::<Vec<_>>())
    .bind(org_id)
    .execute(&mut *conn)
    .await?;

    // Teams: new ones, then new managers of existing ones.
    let id_of = |email: &str| -> Uuid {
        plan.people
            .iter()
            .find(|p| p.email == email)
            .map(|p| p.id)
            .or_else(|| org.people.get(email).map(|c| c.id))
            .unwrap_or_default()
    };
    let new_teams: Vec<(Uuid, &str, Uuid)> = plan
        .teams
        .iter()
        .filter(|t| !t.existing)
        .filter_map(|t| {
            t.manager_email
                .as_ref()
                .map(|(m, _)| (t.id, t.name.as_str(), id_of(m)))
        })
        .collect();
    sqlx::query(
        "INSERT INTO teams (id, organization_id, name, manager_id)
         SELECT id, $1, name, manager FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS t(id, name, manager)",
    )
    .bind(org_id)
    .bind(new_teams.iter().map(|t| t.0).collect::<Vec<_>>())
    .bind(new_teams.iter().map(|t| t.1).collect::<Vec<_>>())
    .bind(new_teams.iter().map(|t| t.2).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;
    for change in &plan.report.team_managers {
        let team = plan
            .teams
            .iter()
            .find(|t| t.name == change.field)
            .map(|t| t.id);
        sqlx::query("UPDATE teams SET manager_id = $2, updated_at = now() WHERE id = $1 AND organization_id = $3")
            .bind(team)
            .bind(id_of(&change.to))
            .bind(org_id)
            .execute(&mut *conn)
            .await?;
    }

    // Memberships of the people whose team is new or different.
    let moved: Vec<(Uuid, Option<Uuid>)> = plan
        .people
        .iter()
        .map(|p| {
            (
                p.id,
                p.team.map(|t| plan.teams[t].id),
                p.current.as_ref().and_then(|c| c.team_id),
            )
        })
        .filter(|(_, after, before)| after != before)
        .map(|(id, after, _)| (id, after))
        .collect();
    sqlx::query("DELETE FROM team_members WHERE user_id = ANY($1) AND organization_id = $2")
        .bind(moved.iter().map(|m| m.0).collect::<Vec<_>>())
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    let joins: Vec<(Uuid, Uuid)> = moved
        .iter()
        .filter_map(|(u, t)| t.map(|t| (*u, t)))
        .collect();
    sqlx::query(
        "INSERT INTO team_members (team_id, user_id, organization_id)
         SELECT team, person, $1 FROM unnest($2::uuid[], $3::uuid[]) AS t(team, person)",
    )
    .bind(org_id)
    .bind(joins.iter().map(|j| j.1).collect::<Vec<_>>())
    .bind(joins.iter().map(|j| j.0).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;

    // Open sheets of people whose stage changed take the new budget, as in a single edit.
    for person in &updates {
        let current = person.current.as_ref().map(|c| c.stage_id);
        if let (Some(before), Some(stage)) = (current, person.stage_id) {
            if before != Some(stage) {
                let from = before
                    .and_then(|id| org.stages.iter().find(|s| s.id == id))
                    .map(|s| s.number);
                super::people::apply_stage_change(conn, ctx, person.id, from, stage).await?;
            }
        }
    }

    // One audit row per person and team changed, and one for the import.
    let mut entries: Vec<(&str, &str, Uuid, serde_json::Value)> = Vec::new();
    for create in &plan.report.creates {
        entries.push((
            "user.created",
            "user",
            id_of(&create.email),
            json!({ "after": create, "import": true }),
        ));
    }
    for update in &plan.report.updates {
        entries.push((
            "user.updated",
            "user",
            id_of(&update.email),
            json!({ "changes": update.changes, "import": true }),
        ));
    }
    for team in plan.teams.iter().filter(|t| !t.existing) {
        entries.push(("team.created", "team", team.id, json!({ "after": { "name": team.name, "manager": team.manager_email.as_ref().map(|m| &m.0) }, "import": true })));
    }
    for change in &plan.report.team_managers {
        let id = plan
            .teams
            .iter()
            .find(|t| t.name == change.field)
            .map(|t| t.id)
            .unwrap_or_default();
        entries.push(("team.updated", "team", id, json!({ "before": { "manager": change.from }, "after": { "manager": change.to }, "import": true })));
    }
    writer::record_many(conn, ctx, &entries).await?;
    writer::record_change(
        conn,
        ctx,
        "users.imported",
        "organization",
        org_id,
        json!({
            "creates": plan.report.creates.len(),
            "updates": plan.report.updates.len(),
            "unchanged": plan.report.unchanged,
            "newTeams": plan.report.new_teams,
        }),
    )
    .await?;
    Ok(())
}

/// Every person of the organization in the import's columns, by e-mail: importing the export
/// again changes nothing. Cells that look like formulas are written as text.
pub async fn export_csv(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<u8>> {
    ctx.require(Role::can_list_users)?;
    let rows: Vec<ExportRow> = sqlx::query_as(
        "SELECT u.email, u.display_name, u.role, s.number AS stage, t.name AS team, m.email AS manager
           FROM users u
           LEFT JOIN stages s ON s.id = u.stage_id
           LEFT JOIN team_members tm ON tm.user_id = u.id
           LEFT JOIN teams t ON t.id = tm.team_id
           LEFT JOIN users m ON m.id = t.manager_id
          WHERE u.organization_id = $1
          ORDER BY u.email",
    )
    .bind(ctx.organization_id())
    .fetch_all(pool)
    .await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| AppError::Internal(anyhow::anyhow!("writing the people CSV: {e}"));
    writer.write_record(COLUMNS).map_err(failed)?;
    for row in rows {
        let stage = row.stage.map(|s| s.to_string()).unwrap_or_default();
        writer
            .write_record([
                escape_formula(&row.email).as_ref(),
                escape_formula(&row.display_name).as_ref(),
                row.role.as_str(),
                stage.as_str(),
                escape_formula(row.team.as_deref().unwrap_or("")).as_ref(),
                escape_formula(row.manager.as_deref().unwrap_or("")).as_ref(),
            ])
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("writing the people CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Row>, Vec<ImportError>) {
        let mut errors = Vec::new();
        let rows = read_rows(text.as_bytes(), &mut errors);
        (rows, errors)
    }

    #[test]
    fn rows_are_read_with_a_bom_in_any_column_order() {
        let (rows, errors) = read(
            "\u{feff}name,email,role,stage,team,manager_email\n\
             Aiko Tanaka, AIKO@Example.com ,Employee,6,Sales,boss@example.com\n\
             \n\
             Ben,ben@example.com,manager,,,\n",
        );
        assert_eq!(errors, vec![]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].email, "aiko@example.com");
        assert_eq!(rows[0].role, Some(Role::Employee));
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].stage, "");
    }

    #[test]
    fn every_row_problem_is_reported_with_its_line_and_column() {
        let (_, errors) = read(
            "email,name,role,stage,team,manager_email\n\
             not-an-email,,boss,1,,\n\
             a@example.com,A,employee,1,,m@example.com\n\
             a@example.com,A again,employee,1,,\n",
        );
        let found: Vec<(u64, &str, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.code.as_str()))
            .collect();
        assert!(found.contains(&(2, "email", "invalid_email")));
        assert!(found.contains(&(2, "name", "invalid_name")));
        assert!(found.contains(&(2, "role", "invalid_role")));
        assert!(found.contains(&(4, "email", "duplicate_email")));
    }

    #[test]
    fn files_that_are_not_csv_of_people_are_refused_whole() {
        let (rows, errors) = read("email,name,role\na@example.com,A,employee\n");
        assert!(rows.is_empty());
        let missing: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(missing, ["stage", "team", "manager_email"]);
        let mut errors = Vec::new();
        read_rows(
            b"email,name,role,stage,team,manager_email\n\xff\xfe,x\n",
            &mut errors,
        );
        assert_eq!(errors[0].code, "not_utf8");
        assert_eq!(errors[0].line, 2);
        let (_, errors) = read("");
        assert_eq!(errors[0].code, "empty_file");
    }

    #[test]
    fn more_rows_than_allowed_are_refused() {
        let mut text = String::from("email,name,role,stage,team,manager_email\n");
        for i in 0..=MAX_IMPORT_ROWS {
            text.push_str(&format!("p{i}@example.com,P,employee,,,\n"));
        }
        let (rows, errors) = read(&text);
        assert!(rows.is_empty());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "too_many_rows");
        assert_eq!(errors[0].line, MAX_IMPORT_ROWS as u64 + 2);
    }

    #[test]
    fn formula_marks_of_an_export_are_removed() {
        let (rows, _) = read("email,name,role,stage,team,manager_email\na@example.com,'=Aiko,employee,,'+Team,m@example.com\n");
        assert_eq!(rows[0].name, "=Aiko");
        assert_eq!(rows[0].team, "+Team");
    }
}
