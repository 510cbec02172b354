//! The dashboard pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;

use crate::app::error::PageError;
use crate::audit::AuditEntry;
use crate::teams::TeamView;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Dashboard {
    /// Teams the user leads (managers) or all teams (HR, admins).
    pub led_teams: Vec<TeamView>,
    /// Teams the user belongs to.
    pub own_teams: Vec<TeamView>,
    pub recent_activity: Vec<AuditEntry>,
}

#[server(endpoint = "dashboard/load")]
pub async fn load_dashboard() -> Result<Dashboard, PageError> {
    use crate::audit::service as audit;
    use crate::teams::service as teams;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let role = ctx.actor.role;
    let led_teams = if role.can_manage_teams() { teams::led(&state.pool, &ctx).await? } else { Vec::new() };
    let own_teams = teams::joined(&state.pool, &ctx).await?;
    let recent_activity = if role.can_administer() { audit::recent(&state.pool, &ctx, 5).await? } else { Vec::new() };
    Ok(Dashboard { led_teams, own_teams, recent_activity })
}
