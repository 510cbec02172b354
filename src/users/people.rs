//! People administration: add a person, edit them (name, e-mail, role, stage, team, language),
//! deactivate and reactivate them, and see what a stage change does before saving it. Admins
//! manage everyone; HR manages employees and managers. Nobody removes the last active admin.

use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::service::view;
use super::{PersonInput, PersonPatch, SheetImpact, StageChangePreview, UserView};
use crate::audit::writer;
use crate::ctx::Ctx;
use crate::domain::people::check_person_name;
use crate::domain::text::without_nul;
use crate::domain::weights::{check_sheet, Category, GoalInput, SheetAction};
use crate::domain::{ConflictReason, Email, FieldCode, FieldError, Locale, Role};
use crate::error::{AppError, AppResult};
use crate::goals::SheetStatus;
use crate::stages::StageBudget;

/// Whether the actor may give or take away `role`, and act on people who have it: admins any,
/// HR employees and managers. Acting on someone out of reach is 403; giving a role out of
/// reach is a 422 on the role field.
pub(crate) fn may_manage(actor: Role, role: Role) -> bool {
    match actor {
        Role::Admin => true,
        Role::Hr => matches!(role, Role::Employee | Role::Manager),
        _ => false,
    }
}

pub(crate) fn role_forbidden(role: Role) -> AppError {
    AppError::Validation(vec![FieldError::new(
        "role",
        FieldCode::ForbiddenRole,
        format!("only an admin may give or take away the role {}", role.as_str()),
    )])
}

/// The checked fields of a person, as they will be stored.
struct Person {
    email: String,
    display_name: String,
    role: Role,
    stage_id: Option<Uuid>,
    team_id: Option<Uuid>,
    locale: Option<Locale>,
}

/// Checks a person's fields against the organization (stage and team its own; the e-mail
/// nobody else's) and collects every problem.
async fn check(conn: &mut PgConnection, ctx: &Ctx, person: &mut Person, id: Option<Uuid>) -> AppResult<()> {
    let mut errors = Vec::new();
    match Email::parse(&person.email) {
        Some(email) if !person.email.contains('\0') => person.email = email.as_str().to_owned(),
        _ => errors.push(FieldError::new("email", FieldCode::Invalid, "enter an e-mail address like name@example.com")),
    }
    let name = person.display_name.trim().to_owned();
    if let Some(error) = check_person_name("displayName", &name) {
        errors.push(error);
    } else if let Err(e) = without_nul("displayName", &name) {
        errors.push(e);
    }
    person.display_name = name;
    if errors.iter().all(|e| e.field != "email") {
        let taken = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM users WHERE email = $1 AND ($2::uuid IS NULL OR id <> $2))
                      AS "taken!""#,
            &person.email,
            id,
        )
        .fetch_one(&mut *conn)
        .await?;
        if taken {
            errors.push(FieldError::new("email", FieldCode::Taken, "this e-mail address already has an account"));
        }
    }
    if let Some(stage) = person.stage_id {
        let known = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM stages WHERE id = $1 AND organization_id = $2) AS "known!""#,
            stage,
            ctx.organization_id(),
        )
        .fetch_one(&mut *conn)
        .await?;
        if !known {
            errors.push(FieldError::new("stageId", FieldCode::Unknown, "no such stage"));
        }
    }
    if let Some(team) = person.team_id {
        let manager = sqlx::query_scalar!(
            "SELECT manager_id FROM teams WHERE id = $1 AND organization_id = $2",
            team,
            ctx.organization_id(),
        )
        .fetch_optional(&mut *conn)
        .await?;
        match manager {
            None => errors.push(FieldError::new("teamId", FieldCode::Unknown, "no such team")),
            Some(manager) if Some(manager) == id => {
                errors.push(FieldError::new("teamId", FieldCode::Manager, "a team's manager cannot also be its member"))
            }
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// A person of the organization, for admins and HR.
pub async fn get(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserView> {
    ctx.require(Role::can_list_users)?;
    let mut conn = pool.acquire().await?;
    view(&mut conn, ctx, id).await
}

/// Adds a person (no password yet: they get a set-password link).
pub async fn create(pool: &PgPool, ctx: &Ctx, input: &PersonInput) -> AppResult<UserView> {
    ctx.require(Role::can_list_users)?;
    if !may_manage(ctx.actor.role, input.role) {
        return Err(role_forbidden(input.role));
    }
    let mut person = Person {
        email: input.email.clone(),
        display_name: input.display_name.clone(),
        role: input.role,
        stage_id: input.stage_id,
        team_id: input.team_id,
        locale: input.locale,
    };
    let mut tx = pool.begin().await?;
    check(&mut tx, ctx, &mut person, None).await?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO users (id, organization_id, email, display_name, password_hash, role, locale, stage_id)
         VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)",
        id,
        ctx.organization_id(),
        &person.email,
        &person.display_name,
        person.role.as_str(),
        person.locale.map(Locale::as_str),
        person.stage_id,
    )
    .execute(&mut *tx)
    .await
    .map_err(email_taken)?;
    crate::teams::service::assign(&mut tx, ctx, id, person.team_id).await?;
    let after = view(&mut tx, ctx, id).await?;
    writer::record_change(&mut tx, ctx, "user.created", "user", id, json!({ "after": after })).await?;
    tx.commit().await?;
    Ok(after)
}

/// A race on the same new e-mail address ends at the UNIQUE constraint: the same 422.
fn email_taken(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::Database(db) if db.constraint() == Some("users_email_key") => {
            AppError::validation("email", FieldCode::Taken, "this e-mail address already has an account")
        }
        _ => AppError::from(e),
    }
}

/// Locks the person and the organization's admins' rows, so two demotions of the last two
/// admins cannot both pass the last-admin check.
async fn lock_person(conn: &mut PgConnection, ctx: &Ctx, id: Uuid) -> AppResult<UserView> {
    sqlx::query!(
        "SELECT id FROM users WHERE organization_id = $1 AND (id = $2 OR role = 'admin')
          ORDER BY id FOR UPDATE",
        ctx.organization_id(),
        id,
    )
    .fetch_all(&mut *conn)
    .await?;
    view(conn, ctx, id).await
}

/// 409 when `person` is the organization's last active admin and would stop being one.
async fn keep_an_admin(conn: &mut PgConnection, ctx: &Ctx, person: &UserView) -> AppResult<()> {
    if person.role != Role::Admin || !person.active {
        return Ok(());
    }
    let others = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM users
            WHERE organization_id = $1 AND role = 'admin' AND active AND id <> $2"#,
        ctx.organization_id(),
        person.id,
    )
    .fetch_one(conn)
    .await?;
    if others == 0 {
        return Err(AppError::conflict(
            ConflictReason::LastAdmin,
            "This is the organization's last active admin; make someone else an admin first.",
        ));
    }
    Ok(())
}

/// 409 when `person` leads teams and would stop being able to.
async fn keep_team_managers(conn: &mut PgConnection, ctx: &Ctx, person: &UserView) -> AppResult<()> {
    let teams = sqlx::query_scalar!(
        "SELECT name FROM teams WHERE organization_id = $1 AND manager_id = $2 ORDER BY name",
        ctx.organization_id(),
        person.id,
    )
    .fetch_all(conn)
    .await?;
    if !teams.is_empty() {
        return Err(AppError::conflict_with(
            ConflictReason::ManagesTeams,
            format!("{} leads {}; give the team(s) another manager first.", person.display_name, teams.join(", ")),
            json!({ "teams": teams }),
        ));
    }
    Ok(())
}

/// Edits a person. A stage change updates their open sheet's budget; a submitted sheet that no
/// longer meets it goes back to draft with a note its owner sees.
pub async fn update(pool: &PgPool, ctx: &Ctx, id: Uuid, patch: &PersonPatch) -> AppResult<UserView> {
    ctx.require(Role::can_list_users)?;
    let mut tx = pool.begin().await?;
    let before = lock_person(&mut tx, ctx, id).await?;
    if !may_manage(ctx.actor.role, before.role) {
        return Err(AppError::Forbidden);
    }
    let role = patch.role.unwrap_or(before.role);
    if !may_manage(ctx.actor.role, role) {
        return Err(role_forbidden(role));
    }
    let mut person = Person {
        email: patch.email.clone().unwrap_or_else(|| before.email.clone()),
        display_name: patch.display_name.clone().unwrap_or_else(|| before.display_name.clone()),
        role,
        stage_id: patch.stage_id.unwrap_or(before.stage.as_ref().map(|s| s.id)),
        team_id: patch.team_id.unwrap_or(before.team_id),
        locale: patch.locale.unwrap_or(before.locale),
    };
    check(&mut tx, ctx, &mut person, Some(id)).await?;
    if role != before.role {
        if role != Role::Admin {
            keep_an_admin(&mut tx, ctx, &before).await?;
        }
        if !role.can_manage_teams() {
            keep_team_managers(&mut tx, ctx, &before).await?;
        }
    }
    sqlx::query!(
        "UPDATE users SET email = $2, display_name = $3, role = $4, locale = $5, stage_id = $6,
                updated_at = now() WHERE id = $1",
        id,
        &person.email,
        &person.display_name,
        person.role.as_str(),
        person.locale.map(Locale::as_str),
        person.stage_id,
    )
    .execute(&mut *tx)
    .await
    .map_err(email_taken)?;
    if person.team_id != before.team_id {
        crate::teams::service::assign(&mut tx, ctx, id, person.team_id).await?;
    }
    let stage_before = before.stage.as_ref().map(|s| s.id);
    let sheet = match person.stage_id {
        Some(stage) if Some(stage) != stage_before => {
            apply_stage_change(&mut tx, ctx, id, before.stage.as_ref().map(|s| s.number), stage).await?
        }
        _ => None,
    };
    let after = view(&mut tx, ctx, id).await?;
    writer::record_change(
        &mut tx,
        ctx,
        "user.updated",
        "user",
        id,
        json!({ "before": before, "after": after, "sheet": sheet }),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deactivates a person: their records stay; their sessions end with their next request (the
/// session layer loads only active users).
pub async fn deactivate(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserView> {
    set_active(pool, ctx, id, false).await
}

pub async fn reactivate(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserView> {
    set_active(pool, ctx, id, true).await
}

async fn set_active(pool: &PgPool, ctx: &Ctx, id: Uuid, active: bool) -> AppResult<UserView> {
    ctx.require(Role::can_list_users)?;
    let mut tx = pool.begin().await?;
    let before = lock_person(&mut tx, ctx, id).await?;
    if !may_manage(ctx.actor.role, before.role) {
        return Err(AppError::Forbidden);
    }
    if before.active == active {
        tx.commit().await?;
        return Ok(before);
    }
    if !active {
        if id == ctx.user_id() {
            return Err(AppError::conflict(
                ConflictReason::DeactivateSelf,
                "You cannot deactivate yourself; ask another admin.",
            ));
        }
        keep_an_admin(&mut tx, ctx, &before).await?;
        keep_team_managers(&mut tx, ctx, &before).await?;
    }
    sqlx::query!("UPDATE users SET active = $2, updated_at = now() WHERE id = $1", id, active)
        .execute(&mut *tx)
        .await?;
    let after = view(&mut tx, ctx, id).await?;
    let action = if active { "user.reactivated" } else { "user.deactivated" };
    writer::record_change(&mut tx, ctx, action, "user", id, json!({ "before": before, "after": after })).await?;
    tx.commit().await?;
    Ok(after)
}

async fn stage_budget(conn: &mut PgConnection, ctx: &Ctx, stage: Uuid) -> AppResult<StageBudget> {
    crate::stages::service::budget_of(conn, ctx.organization_id(), stage)
        .await?
        .ok_or_else(|| AppError::validation("stageId", FieldCode::Unknown, "no such stage"))
}

/// The person's sheet of the open period: its id, status and goals (category, title, weight).
async fn open_sheet(conn: &mut PgConnection, user: Uuid) -> AppResult<Option<(Uuid, SheetStatus, Vec<GoalInput>)>> {
    let sheet = sqlx::query!(
        r#"SELECT gs.id, gs.status AS "status: SheetStatus" FROM goal_sheets gs
             JOIN evaluation_periods p ON p.id = gs.period_id AND p.status = 'open'
            WHERE gs.user_id = $1"#,
        user,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(sheet) = sheet else {
        return Ok(None);
    };
    let goals = sqlx::query!(
        r#"SELECT category AS "category: Category", title, weight::float8 AS "weight!"
             FROM goals WHERE sheet_id = $1 ORDER BY category, position"#,
        sheet.id,
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|goal| GoalInput {
        category: goal.category,
        title: goal.title,
        description: String::new(),
        measure: String::new(),
        weight: goal.weight,
    })
    .collect();
    Ok(Some((sheet.id, sheet.status, goals)))
}

/// What moving the person's open sheet to `after` means for it.
fn impact(sheet: (Uuid, SheetStatus, &[GoalInput]), after: &StageBudget) -> SheetImpact {
    let (sheet_id, status, goals) = sheet;
    let meets = check_sheet(goals, &after.weight_config, SheetAction::Submit).is_ok();
    SheetImpact {
        sheet_id,
        status,
        needs_rebalancing: !meets && status != SheetStatus::Approved,
        back_to_draft: !meets && status == SheetStatus::Submitted,
    }
}

/// What moving a person to `stage` would do: the budgets before and after, and their sheet.
pub async fn preview_stage_change(pool: &PgPool, ctx: &Ctx, id: Uuid, stage: Uuid) -> AppResult<StageChangePreview> {
    ctx.require(Role::can_list_users)?;
    let mut conn = pool.acquire().await?;
    let person = view(&mut conn, ctx, id).await?;
    let before = match &person.stage {
        Some(s) => Some(stage_budget(&mut conn, ctx, s.id).await?),
        None => None,
    };
    let after = stage_budget(&mut conn, ctx, stage).await?;
    let sheet = open_sheet(&mut conn, id).await?.map(|(sheet, status, goals)| impact((sheet, status, &goals), &after));
    Ok(StageChangePreview { before, after, sheet })
}

/// After a stage change: the open sheet (unless approved) takes the new budget; a submitted one
/// that no longer meets it goes back to draft with a note `{fromStage, toStage}`.
pub(crate) async fn apply_stage_change(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user: Uuid,
    from_stage: Option<i32>,
    stage: Uuid,
) -> AppResult<Option<SheetImpact>> {
    let after = stage_budget(conn, ctx, stage).await?;
    let Some((sheet, status, goals)) = open_sheet(conn, user).await? else {
        return Ok(None);
    };
    let impact = impact((sheet, status, &goals), &after);
    if status == SheetStatus::Approved {
        return Ok(Some(impact));
    }
    let note = impact.back_to_draft.then(|| json!({ "fromStage": from_stage, "toStage": after.number }));
    let budget = after.weight_config;
    sqlx::query!(
        "UPDATE goal_sheets SET stage_id = $2, stage_version = $3,
                quantitative_budget = $4::bigint / 100.0, qualitative_budget = $5::bigint / 100.0,
                competency_budget = $6::bigint / 100.0,
                status = CASE WHEN $7 THEN 'draft' ELSE status END,
                stage_note = CASE WHEN $7 THEN $8 ELSE stage_note END,
                updated_at = now()
          WHERE id = $1",
        sheet,
        after.id,
        after.version,
        budget.quantitative.hundredths(),
        budget.qualitative.hundredths(),
        budget.competency.hundredths(),
        impact.back_to_draft,
        note,
    )
    .execute(conn)
    .await?;
    Ok(Some(impact))
}

#[cfg(test)]
mod tests {
    use super::may_manage;
    use crate::domain::Role;

    #[test]
    fn hr_manages_employees_and_managers_only() {
        assert!(may_manage(Role::Hr, Role::Employee));
        assert!(may_manage(Role::Hr, Role::Manager));
        assert!(!may_manage(Role::Hr, Role::Hr));
        assert!(!may_manage(Role::Hr, Role::Admin));
        assert!(may_manage(Role::Admin, Role::Admin));
        assert!(!may_manage(Role::Manager, Role::Employee));
    }
}
