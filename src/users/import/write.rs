//! Writing a checked plan: teams, people, memberships and their audit rows.

use super::*;

pub(super) async fn write(conn: &mut PgConnection, ctx: &Ctx, plan: &Plan, org: &Organization) -> AppResult<()> {
    let org_id = ctx.organization_id();
    let creates: Vec<&PersonPlan> = plan.people.iter().filter(|p| p.current.is_none()).collect();
    sqlx::query!(
        "INSERT INTO users (id, organization_id, email, display_name, password_hash, role, stage_id)
         SELECT id, $1, email, name, NULL, role, stage
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[])
             AS t(id, email, name, role, stage)",
        org_id,
        &creates.iter().map(|p| p.id).collect::<Vec<_>>(),
        &creates.iter().map(|p| p.email.as_str()).collect::<Vec<_>>() as _,
        &creates.iter().map(|p| p.name.as_str()).collect::<Vec<_>>() as _,
        &creates.iter().map(|p| p.role.as_str()).collect::<Vec<_>>() as _,
        &creates.iter().map(|p| p.stage_id).collect::<Vec<_>>() as _,
    )
    .execute(&mut *conn)
    .await?;

    let changed: HashSet<&str> = plan.report.updates.iter().map(|u| u.email.as_str()).collect();
    let updates: Vec<&PersonPlan> =
        plan.people.iter().filter(|p| p.current.is_some() && changed.contains(p.email.as_str())).collect();
    sqlx::query!(
        "UPDATE users u SET display_name = t.name, role = t.role, stage_id = t.stage, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) AS t(id, name, role, stage)
          WHERE u.id = t.id AND u.organization_id = $5",
        &updates.iter().map(|p| p.id).collect::<Vec<_>>(),
        &updates.iter().map(|p| p.name.as_str()).collect::<Vec<_>>() as _,
        &updates.iter().map(|p| p.role.as_str()).collect::<Vec<_>>() as _,
        &updates.iter().map(|p| p.stage_id).collect::<Vec<_>>() as _,
        org_id,
    )
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
        .filter_map(|t| t.manager_email.as_ref().map(|(m, _)| (t.id, t.name.as_str(), id_of(m))))
        .collect();
    sqlx::query!(
        "INSERT INTO teams (id, organization_id, name, manager_id)
         SELECT id, $1, name, manager FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS t(id, name, manager)",
        org_id,
        &new_teams.iter().map(|t| t.0).collect::<Vec<_>>(),
        &new_teams.iter().map(|t| t.1).collect::<Vec<_>>() as _,
        &new_teams.iter().map(|t| t.2).collect::<Vec<_>>(),
    )
    .execute(&mut *conn)
    .await?;
    for change in &plan.report.team_managers {
        let team = plan.teams.iter().find(|t| t.name == change.field).map(|t| t.id);
        sqlx::query!(
            "UPDATE teams SET manager_id = $2, updated_at = now() WHERE id = $1 AND organization_id = $3",
            team,
            id_of(&change.to),
            org_id,
        )
        .execute(&mut *conn)
        .await?;
    }

    // Memberships of the people whose team is new or different.
    let moved: Vec<(Uuid, Option<Uuid>)> = plan
        .people
        .iter()
        .map(|p| (p.id, p.team.map(|t| plan.teams[t].id), p.current.as_ref().and_then(|c| c.team_id)))
        .filter(|(_, after, before)| after != before)
        .map(|(id, after, _)| (id, after))
        .collect();
    sqlx::query!(
        "DELETE FROM team_members WHERE user_id = ANY($1) AND organization_id = $2",
        &moved.iter().map(|m| m.0).collect::<Vec<_>>(),
        org_id,
    )
    .execute(&mut *conn)
    .await?;
    let joins: Vec<(Uuid, Uuid)> = moved.iter().filter_map(|(u, t)| t.map(|t| (*u, t))).collect();
    sqlx::query!(
        "INSERT INTO team_members (team_id, user_id, organization_id)
         SELECT team, person, $1 FROM unnest($2::uuid[], $3::uuid[]) AS t(team, person)",
        org_id,
        &joins.iter().map(|j| j.1).collect::<Vec<_>>(),
        &joins.iter().map(|j| j.0).collect::<Vec<_>>(),
    )
    .execute(&mut *conn)
    .await?;

    // Open sheets of people whose stage changed take the new budget, as in a single edit.
    for person in &updates {
        let current = person.current.as_ref().map(|c| c.stage_id);
        if let (Some(before), Some(stage)) = (current, person.stage_id) {
            if before != Some(stage) {
                let from = before.and_then(|id| org.stages.iter().find(|s| s.id == id)).map(|s| s.number);
                super::super::people::apply_stage_change(conn, ctx, person.id, from, stage).await?;
            }
        }
    }

    // One audit row per person and team changed, and one for the import.
    let mut entries: Vec<(&str, &str, Uuid, serde_json::Value)> = Vec::new();
    for create in &plan.report.creates {
        entries.push(("user.created", "user", id_of(&create.email), json!({ "after": create, "import": true })));
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
        let id = plan.teams.iter().find(|t| t.name == change.field).map(|t| t.id).unwrap_or_default();
        entries.push((
            "team.updated",
            "team",
            id,
            json!({ "before": { "manager": change.from }, "after": { "manager": change.to }, "import": true }),
        ));
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
