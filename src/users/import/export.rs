//! The export, in the import's columns.

use super::*;

/// A person as the export writes them.
struct ExportRow {
    email: String,
    display_name: String,
    role: Role,
    stage: Option<i32>,
    team: Option<String>,
    manager: Option<String>,
}

/// Every person of the organization in the import's columns, by e-mail: importing the export
/// again changes nothing. Cells that look like formulas are written as text.
pub async fn export_csv(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<u8>> {
    ctx.require(Role::can_list_users)?;
    let rows = sqlx::query_as!(
        ExportRow,
        r#"SELECT u.email, u.display_name, u.role AS "role: Role", s.number AS "stage?",
                  t.name AS "team?", m.email AS "manager?"
             FROM users u
             LEFT JOIN stages s ON s.id = u.stage_id
             LEFT JOIN team_members tm ON tm.user_id = u.id
             LEFT JOIN teams t ON t.id = tm.team_id
             LEFT JOIN users m ON m.id = t.manager_id
            WHERE u.organization_id = $1
            ORDER BY u.email"#,
        ctx.organization_id(),
    )
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
    writer.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("writing the people CSV: {e}")))
}
