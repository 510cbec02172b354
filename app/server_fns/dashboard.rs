//! The home page's server function: a thin adapter over the home and the feature services.

use leptos::prelude::*;

use crate::app::error::PageError;
use crate::audit::AuditEntry;
use crate::home::Home;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Dashboard {
    pub home: Home,
    pub recent_activity: Vec<AuditEntry>,
}

#[server(endpoint = "dashboard/load")]
pub async fn load_dashboard() -> Result<Dashboard, PageError> {
    use crate::audit::service as audit;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let home = crate::home::service::home(&state.pool, &ctx).await?;
    let recent_activity =
        if ctx.actor.role.can_administer() { audit::recent(&state.pool, &ctx, 5).await? } else { Vec::new() };
    Ok(Dashboard { home, recent_activity })
}
