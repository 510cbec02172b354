//! Team use cases: list, create, rename, change the manager, set the members, delete an empty
//! team. Admins and HR keep teams; managers see the teams they lead, everyone their own. One
//! transaction each, audited with before and after.

use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{MembersInput, TeamInput, TeamMember, TeamPatch, TeamView};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::people::MAX_TEAM_NAME_CHARS;
use crate::domain::text::fits;
use crate::domain::text::without_nul;
use crate::domain::{ConflictReason, FieldCode, FieldError, Role, Sort};
use crate::error::{AppError, AppResult};

/// A team without its members.
struct TeamRow {
    id: Uuid,
    name: String,
    manager_id: Uuid,
    manager_name: String,
}

/// Teams with their manager's name, under the conditions given (a string literal joined to
/// the query at compile time) and their bind parameters.
macro_rules! select_teams {
    ($($rest:tt)*) => {
        sqlx::query_as!(
            TeamRow,
            "SELECT t.id, t.name, t.manager_id, m.display_name AS manager_name
               FROM teams t JOIN users m ON m.id = t.manager_id " + $($rest)*
        )
    };
}

/// The teams with their members.
async fn with_members(conn: &mut PgConnection, ctx: &Ctx, teams: Vec<TeamRow>) -> AppResult<Vec<TeamView>> {
    let ids: Vec<Uuid> = teams.iter().map(|t| t.id).collect();
    let members = sqlx::query!(
        "SELECT tm.team_id, u.id, u.display_name, u.email
           FROM team_members tm JOIN users u ON u.id = tm.user_id
          WHERE tm.team_id = ANY($1) AND tm.organization_id = $2
          ORDER BY u.display_name, u.email",
        &ids,
        ctx.organization_id(),
    )
    .fetch_all(conn)
    .await?;
    Ok(teams
        .into_iter()
        .map(|team| TeamView {
            members: members
                .iter()
                .filter(|m| m.team_id == team.id)
                .map(|m| TeamMember { id: m.id, display_name: m.display_name.clone(), email: m.email.clone() })
                .collect(),
            id: team.id,
            name: team.name,
            manager_id: team.manager_id,
            manager_name: team.manager_name,
        })
        .collect())
}

/// The teams the actor may see: all of them for admins and HR, otherwise those they lead or
/// belong to.
pub async fn list(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<TeamView>> {
    let all = ctx.actor.role.can_list_users();
    let mut conn = pool.acquire().await?;
    let teams = select_teams!(
        "WHERE t.organization_id = $1
            AND ($2 OR t.manager_id = $3
                 OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = t.id AND tm.user_id = $3))
          ORDER BY t.name",
        ctx.organization_id(),
        all,
        ctx.user_id(),
    )
    .fetch_all(&mut *conn)
    .await?;
    with_members(&mut conn, ctx, teams).await
}

/// The fields the team list sorts by.
pub const TEAM_SORTS: &[&str] = &["name", "manager", "members"];

/// Sorts a team list (in memory: an organization's teams fit in it) by a field of [`TEAM_SORTS`].
pub fn sort(teams: &mut [TeamView], sort: Sort) {
    sort.apply(teams, |field, a, b| match field {
        "manager" => a.manager_name.cmp(&b.manager_name),
        "members" => a.members.len().cmp(&b.members.len()),
        _ => a.name.cmp(&b.name),
    });
}

async fn load(conn: &mut PgConnection, ctx: &Ctx, id: Uuid, lock: bool) -> AppResult<TeamView> {
    let organization = ctx.organization_id();
    let team = if lock {
        select_teams!("WHERE t.id = $1 AND t.organization_id = $2 FOR UPDATE OF t", id, organization)
            .fetch_optional(&mut *conn)
            .await?
    } else {
        select_teams!("WHERE t.id = $1 AND t.organization_id = $2", id, organization).fetch_optional(&mut *conn).await?
    }
    .ok_or(AppError::NotFound)?;
    with_members(conn, ctx, vec![team]).await?.pop().ok_or(AppError::NotFound)
}

fn check_name(name: &str, errors: &mut Vec<FieldError>) {
    let name = name.trim();
    if !fits(name, MAX_TEAM_NAME_CHARS) {
        errors.push(FieldError::new(
            "name",
            FieldCode::Required,
            format!("name is required (at most {MAX_TEAM_NAME_CHARS} characters)"),
        ));
    } else if let Err(e) = without_nul("name", name) {
        errors.push(e);
    }
}

/// A manager for a team: an active person of the organization who may lead one.
async fn check_manager(
    conn: &mut PgConnection,
    ctx: &Ctx,
    manager: Uuid,
    errors: &mut Vec<FieldError>,
) -> AppResult<()> {
    let role = sqlx::query_scalar!(
        r#"SELECT role AS "role: Role" FROM users WHERE id = $1 AND organization_id = $2 AND active"#,
        manager,
        ctx.organization_id(),
    )
    .fetch_optional(conn)
    .await?;
    match role {
        None => {
            errors.push(FieldError::new("managerId", FieldCode::Unknown, "no such active person in your organization"))
        }
        Some(role) if !role.can_manage_teams() => errors.push(FieldError::new(
            "managerId",
            FieldCode::NotAManager,
            "a team's manager has the role manager, hr or admin",
        )),
        Some(_) => {}
    }
    Ok(())
}

/// A UNIQUE violation on the team name as the field error it is.
fn name_taken(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::Database(db) if db.constraint() == Some("teams_organization_name_key") => {
            AppError::validation("name", FieldCode::Taken, "another team has this name")
        }
        _ => AppError::from(e),
    }
}

pub async fn create(pool: &PgPool, ctx: &Ctx, input: &TeamInput) -> AppResult<TeamView> {
    ctx.require(Role::can_list_users)?;
    let mut tx = pool.begin().await?;
    let mut errors = Vec::new();
    check_name(&input.name, &mut errors);
    check_manager(&mut tx, ctx, input.manager_id, &mut errors).await?;
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO teams (id, organization_id, name, manager_id) VALUES ($1, $2, $3, $4)",
        id,
        ctx.organization_id(),
        input.name.trim(),
        input.manager_id,
    )
    .execute(&mut *tx)
    .await
    .map_err(name_taken)?;
    let team = load(&mut tx, ctx, id, false).await?;
    writer::record_change(&mut tx, ctx, "team.created", "team", id, json!({ "after": team })).await?;
    tx.commit().await?;
    Ok(team)
}

pub async fn update(pool: &PgPool, ctx: &Ctx, id: Uuid, patch: &TeamPatch) -> AppResult<TeamView> {
    ctx.require(Role::can_list_users)?;
    let mut tx = pool.begin().await?;
    let before = load(&mut tx, ctx, id, true).await?;
    let mut errors = Vec::new();
    if let Some(name) = &patch.name {
        check_name(name, &mut errors);
    }
    if let Some(manager) = patch.manager_id {
        check_manager(&mut tx, ctx, manager, &mut errors).await?;
        if before.members.iter().any(|m| m.id == manager) {
            errors.push(FieldError::new(
                "managerId",
                FieldCode::Member,
                "a member of the team cannot also lead it; move them out first",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    sqlx::query!(
        "UPDATE teams SET name = coalesce($2, name), manager_id = coalesce($3, manager_id),
                updated_at = now() WHERE id = $1",
        id,
        patch.name.as_deref().map(str::trim),
        patch.manager_id,
    )
    .execute(&mut *tx)
    .await
    .map_err(name_taken)?;
    let after = load(&mut tx, ctx, id, false).await?;
    writer::record_change(&mut tx, ctx, "team.updated", "team", id, json!({ "before": before, "after": after }))
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a team that has no members (its history stays in the audit log).
pub async fn delete(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<()> {
    ctx.require(Role::can_list_users)?;
    let mut tx = pool.begin().await?;
    let team = load(&mut tx, ctx, id, true).await?;
    if !team.members.is_empty() {
        return Err(AppError::conflict(
            ConflictReason::TeamNotEmpty,
            format!("The team still has {} member(s); move them out first.", team.members.len()),
        ));
    }
    sqlx::query!("DELETE FROM teams WHERE id = $1", id).execute(&mut *tx).await?;
    writer::record_change(&mut tx, ctx, "team.deleted", "team", id, json!({ "before": team })).await?;
    tx.commit().await?;
    Ok(())
}

/// Puts `user` in `team` (or in none), taking them out of any other: a person has one team.
/// The caller has checked that the team is the organization's.
pub async fn assign(conn: &mut PgConnection, ctx: &Ctx, user: Uuid, team: Option<Uuid>) -> AppResult<()> {
    sqlx::query!("DELETE FROM team_members WHERE user_id = $1 AND organization_id = $2", user, ctx.organization_id())
        .execute(&mut *conn)
        .await?;
    if let Some(team) = team {
        sqlx::query!(
            "INSERT INTO team_members (team_id, user_id, organization_id) VALUES ($1, $2, $3)",
            team,
            user,
            ctx.organization_id(),
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Sets a team's whole membership: people named join it (leaving any other team), people not
/// named leave it. Its manager cannot be a member.
pub async fn set_members(pool: &PgPool, ctx: &Ctx, id: Uuid, input: &MembersInput) -> AppResult<TeamView> {
    ctx.require(Role::can_list_users)?;
    let mut tx = pool.begin().await?;
    let before = load(&mut tx, ctx, id, true).await?;
    let mut wanted = input.user_ids.clone();
    wanted.sort_unstable();
    wanted.dedup();
    let known = sqlx::query_scalar!(
        "SELECT id FROM users WHERE id = ANY($1) AND organization_id = $2",
        &wanted,
        ctx.organization_id(),
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut errors = Vec::new();
    for (i, user) in wanted.iter().enumerate() {
        if !known.contains(user) {
            errors.push(FieldError::new(
                &format!("userIds[{i}]"),
                FieldCode::Unknown,
                "no such person in your organization",
            ));
        } else if *user == before.manager_id {
            errors.push(FieldError::new(
                &format!("userIds[{i}]"),
                FieldCode::Manager,
                "the team's manager cannot also be its member",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut current: Vec<Uuid> = before.members.iter().map(|m| m.id).collect();
    current.sort_unstable();
    if current == wanted {
        return Ok(before);
    }
    sqlx::query!("DELETE FROM team_members WHERE team_id = $1 AND NOT (user_id = ANY($2))", id, &wanted)
        .execute(&mut *tx)
        .await?;
    for user in &wanted {
        if !before.members.iter().any(|m| m.id == *user) {
            assign(&mut tx, ctx, *user, Some(id)).await?;
        }
    }
    let after = load(&mut tx, ctx, id, false).await?;
    writer::record_change(
        &mut tx,
        ctx,
        "team.members_set",
        "team",
        id,
        json!({ "before": before.members, "after": after.members }),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Adds the person with this e-mail to the team (from any other team), for the teams page.
pub async fn add_member(pool: &PgPool, ctx: &Ctx, id: Uuid, email: &str) -> AppResult<TeamView> {
    ctx.require(Role::can_list_users)?;
    let mut conn = pool.acquire().await?;
    let team = load(&mut conn, ctx, id, false).await?;
    let person = sqlx::query_scalar!(
        "SELECT id FROM users WHERE organization_id = $1 AND email = lower(trim($2))",
        ctx.organization_id(),
        email,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(person) = person else {
        return Err(AppError::validation(
            "email",
            FieldCode::Unknown,
            "no person in your organization has this e-mail address",
        ));
    };
    drop(conn);
    let mut user_ids: Vec<Uuid> = team.members.iter().map(|m| m.id).collect();
    user_ids.push(person);
    set_members(pool, ctx, id, &MembersInput { user_ids }).await
}

/// Takes a person out of the team.
pub async fn remove_member(pool: &PgPool, ctx: &Ctx, id: Uuid, user: Uuid) -> AppResult<TeamView> {
    ctx.require(Role::can_list_users)?;
    let mut conn = pool.acquire().await?;
    let team = load(&mut conn, ctx, id, false).await?;
    drop(conn);
    let user_ids = team.members.iter().map(|m| m.id).filter(|m| *m != user).collect();
    set_members(pool, ctx, id, &MembersInput { user_ids }).await
}

/// Active people who may lead a team (managers, HR, admins), by name: the manager choices.
pub async fn leaders(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<(Uuid, String, String)>> {
    ctx.require(Role::can_list_users)?;
    let rows = sqlx::query!(
        "SELECT id, display_name, email FROM users
          WHERE organization_id = $1 AND active AND role IN ('manager', 'hr', 'admin')
          ORDER BY display_name, email",
        ctx.organization_id(),
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.id, row.display_name, row.email)).collect())
}
