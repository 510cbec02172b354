//! Checking the rows against the organization and working out every create and update.

use super::*;

pub(super) async fn load(conn: &mut PgConnection, ctx: &Ctx, rows: &[Row]) -> AppResult<Organization> {
    let people = sqlx::query_as!(
        PersonRow,
        r#"SELECT u.id, u.email, u.display_name, u.role AS "role: Role", u.active, u.stage_id,
                  tm.team_id AS "team_id?"
             FROM users u LEFT JOIN team_members tm ON tm.user_id = u.id
            WHERE u.organization_id = $1"#,
        ctx.organization_id(),
    )
    .fetch_all(&mut *conn)
    .await?;
    let stages = sqlx::query_as!(
        StageNow,
        "SELECT id, number, name FROM stages WHERE organization_id = $1 ORDER BY number",
        ctx.organization_id(),
    )
    .fetch_all(&mut *conn)
    .await?;
    let teams = sqlx::query_as!(
        TeamNow,
        "SELECT id, name, manager_id FROM teams WHERE organization_id = $1",
        ctx.organization_id(),
    )
    .fetch_all(&mut *conn)
    .await?;
    let emails: Vec<&str> =
        rows.iter().flat_map(|r| [r.email.as_str(), r.manager_email.as_str()]).filter(|e| !e.is_empty()).collect();
    let elsewhere = sqlx::query_scalar!(
        "SELECT email FROM users WHERE email = ANY($1) AND organization_id <> $2",
        &emails as _,
        ctx.organization_id(),
    )
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
        stages,
        teams,
        elsewhere: elsewhere.into_iter().collect(),
    })
}

fn stage_label(stages: &[StageNow], id: Option<Uuid>) -> String {
    id.and_then(|id| stages.iter().find(|s| s.id == id)).map(|s| s.number.to_string()).unwrap_or_default()
}

/// Checks the rows against the organization and works out every create and update.
pub(super) fn plan(ctx: &Ctx, rows: Vec<Row>, org: &Organization, mut errors: Vec<ImportError>) -> Plan {
    let actor = ctx.actor.role;
    let may_manage = |role: Role| actor == Role::Admin || matches!(role, Role::Employee | Role::Manager);
    // Teams named by the file, matched to existing ones without regard to case.
    let mut teams: Vec<TeamPlan> = Vec::new();
    let mut team_index: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        if row.team.is_empty() {
            if !row.manager_email.is_empty() {
                errors.push(problem(
                    row.line,
                    "manager_email",
                    ImportCode::TeamRequired,
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
                ImportCode::ManagerConflict,
                format!("line {line} gives {} the manager {first}; a team has one manager", teams[at].name),
            )),
            Some(_) => {}
        }
    }
    for team in &teams {
        if !team.existing && team.manager_email.is_none() {
            errors.push(problem(
                team.line,
                "manager_email",
                ImportCode::ManagerRequired,
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
                ImportCode::EmailTaken,
                format!("{} already has an account in another organization", row.email),
            ));
        }
        let stage = if row.stage.is_empty() {
            None
        } else {
            let wanted = row.stage.to_lowercase();
            let found = org.stages.iter().find(|s| s.number.to_string() == wanted || s.name.to_lowercase() == wanted);
            if found.is_none() {
                let known = match (org.stages.first(), org.stages.last()) {
                    (Some(a), Some(b)) => format!("stages {}–{}", a.number, b.number),
                    _ => "no stages yet".to_owned(),
                };
                errors.push(problem(
                    row.line,
                    "stage",
                    ImportCode::UnknownStage,
                    format!("there is no stage \"{}\" (the organization has {known})", row.stage),
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
                    ImportCode::ForbiddenRole,
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
    let by_email: HashMap<&str, usize> = people.iter().enumerate().map(|(i, p)| (p.email.as_str(), i)).collect();
    let final_role = |email: &str| -> Option<(Role, bool)> {
        match by_email.get(email) {
            Some(i) => Some((people[*i].role, people[*i].current.as_ref().is_none_or(|c| c.active))),
            None => org.people.get(email).map(|c| (c.role, c.active)),
        }
    };
    for team in &teams {
        let Some((manager, line)) = &team.manager_email else {
            continue;
        };
        let stays_member = !by_email.contains_key(manager.as_str())
            && org.people.get(manager).is_some_and(|c| c.team_id == Some(team.id));
        if stays_member {
            errors.push(problem(
                *line,
                "manager_email",
                ImportCode::ManagerInTeam,
                format!("{manager} is a member of {}; a team's manager is not also its member", team.name),
            ));
        }
        match final_role(manager) {
            None if org.elsewhere.contains(manager) => errors.push(problem(
                *line,
                "manager_email",
                ImportCode::UnknownManager,
                format!("{manager} belongs to another organization"),
            )),
            None => errors.push(problem(
                *line,
                "manager_email",
                ImportCode::UnknownManager,
                format!("{manager} is neither in the organization nor in this file"),
            )),
            Some((_, false)) => errors.push(problem(
                *line,
                "manager_email",
                ImportCode::ManagerInactive,
                format!("{manager} is deactivated; reactivate them or choose another manager"),
            )),
            Some((role, true)) if !role.can_manage_teams() => errors.push(problem(
                *line,
                "manager_email",
                ImportCode::NotAManager,
                format!("{manager} is an {role}; a team's manager has the role manager, hr or admin"),
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
            None => org.teams.iter().find(|t| t.id == team.id).and_then(|t| org.email_of.get(&t.manager_id).cloned()),
        };
        if manager.as_deref() == Some(person.email.as_str()) {
            errors.push(problem(
                person.line,
                "team",
                ImportCode::ManagerInTeam,
                format!("{} leads {}; a team's manager is not also its member", person.email, team.name),
            ));
        }
    }
    // Demotions: the last active admin stays one; people who lead teams keep a leading role.
    let admins_after = org
        .people
        .iter()
        .filter(|(email, c)| {
            c.active && by_email.get(email.as_str()).map_or(c.role, |i| people[*i].role) == Role::Admin
        })
        .count();
    for person in &people {
        let Some(current) = &person.current else {
            continue;
        };
        if current.role == Role::Admin && person.role != Role::Admin && current.active && admins_after == 0 {
            errors.push(problem(
                person.line,
                "role",
                ImportCode::LastAdmin,
                format!("{} is the organization's last active admin; make someone else an admin first", person.email),
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
                    ImportCode::ManagesTeams,
                    format!("{} leads {}; give the team(s) another manager first", person.email, leads.join(", ")),
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
                        changes.push(FieldChange { field: field.to_owned(), from, to });
                    }
                };
                change("name", current.name.clone(), person.name.clone());
                change("role", current.role.to_string(), person.role.to_string());
                change("stage", stage_label(&org.stages, current.stage_id), stage_label(&org.stages, person.stage_id));
                let team_now = current
                    .team_id
                    .and_then(|id| org.teams.iter().find(|t| t.id == id))
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                change("team", team_now, team_name.unwrap_or_default());
                if changes.is_empty() {
                    report.unchanged += 1;
                } else {
                    report.updates.push(ImportUpdate { line: person.line, email: person.email.clone(), changes });
                }
            }
        }
    }
    for team in &teams {
        if !team.existing {
            report.new_teams.push(team.name.clone());
        } else if let Some((manager, _)) = &team.manager_email {
            let now = org.teams.iter().find(|t| t.id == team.id).and_then(|t| org.email_of.get(&t.manager_id));
            if now != Some(manager) {
                report.team_managers.push(FieldChange {
                    field: team.name.clone(),
                    from: now.cloned().unwrap_or_default(),
                    to: manager.clone(),
                });
            }
        }
    }
    errors.sort_by(|a, b| a.line.cmp(&b.line).then_with(|| column_order(&a.column).cmp(&column_order(&b.column))));
    report.errors = errors;
    Plan { people, teams, report }
}
