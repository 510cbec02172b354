//! The team goals pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;
use uuid::Uuid;

use crate::app::error::PageError;
use crate::goals::{GoalSheet, TeamSheetRow};

#[server(endpoint = "team-goals/list")]
pub async fn list_team_sheets() -> Result<Vec<TeamSheetRow>, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::goals::service::team_sheets(&state.pool, &ctx).await?)
}

#[server(endpoint = "team-goals/get")]
pub async fn review_sheet(id: Uuid) -> Result<GoalSheet, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::goals::service::for_review(&state.pool, &ctx, id).await?)
}

#[server(endpoint = "team-goals/decide")]
pub async fn decide_sheet(id: Uuid, approve: bool, comment: Option<String>) -> Result<GoalSheet, PageError> {
    use crate::goals::service::{review, Decision};
    use crate::goals::ReviewInput;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let decision = if approve { Decision::Approve } else { Decision::Return };
    Ok(review(&state.pool, &ctx, id, decision, &ReviewInput { comment }).await?)
}
