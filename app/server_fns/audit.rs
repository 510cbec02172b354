//! The audit pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::app::error::PageError;
use crate::audit::AuditEntry;
#[cfg(feature = "ssr")]
use crate::audit::AuditFilter;
use crate::domain::Page;

/// One page of the audit log plus the actions and entity types for the filter menus.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AuditListing {
    pub page: Page<AuditEntry>,
    pub actions: Vec<String>,
    pub entity_types: Vec<String>,
}

#[server(endpoint = "audit/list")]
pub async fn list_audit(
    actor: Option<String>,
    action: Option<String>,
    entity_type: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    page: Option<i64>,
) -> Result<AuditListing, PageError> {
    use crate::audit::service;
    use crate::domain::PageRequest;
    use crate::error::AppError;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let filter = AuditFilter { actor, action, entity_type, from, to };
    let request = PageRequest::parse(page, None).map_err(AppError::Validation)?;
    let page = service::list(&state.pool, &ctx, &filter, request).await?;
    let (actions, entity_types) = service::facets(&state.pool, &ctx).await?;
    Ok(AuditListing { page, actions, entity_types })
}

/// Verifies the organization's hash chain (the audit page's button).
#[server(endpoint = "audit/verify")]
pub async fn verify_audit() -> Result<crate::audit::Verification, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::audit::chain::verify_organization(&state.pool, &ctx).await?)
}
