//! The teams pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;
use uuid::Uuid;

use crate::app::error::PageError;
use crate::teams::{TeamInput, TeamPatch, TeamView};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TeamsPageData {
    pub teams: Vec<TeamView>,
    /// (id, name, e-mail) of the people who may lead a team.
    pub leaders: Vec<(Uuid, String, String)>,
}

#[server(endpoint = "teams/list")]
pub async fn list_teams() -> Result<TeamsPageData, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let leaders = crate::teams::service::leaders(&state.pool, &ctx).await?;
    let teams = crate::teams::service::list(&state.pool, &ctx).await?;
    Ok(TeamsPageData { teams, leaders })
}

#[server(endpoint = "teams/create")]
pub async fn create_team(input: TeamInput) -> Result<TeamView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::teams::service::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "teams/update")]
pub async fn update_team(id: Uuid, patch: TeamPatch) -> Result<TeamView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::teams::service::update(&state.pool, &ctx, id, &patch).await?)
}

#[server(endpoint = "teams/delete")]
/// Answers the deleted team's id, so the page knows which card to drop.
pub async fn delete_team(id: Uuid) -> Result<Uuid, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    crate::teams::service::delete(&state.pool, &ctx, id).await?;
    Ok(id)
}

#[server(endpoint = "teams/add-member")]
pub async fn add_team_member(id: Uuid, email: String) -> Result<TeamView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::teams::service::add_member(&state.pool, &ctx, id, &email).await?)
}

#[server(endpoint = "teams/remove-member")]
pub async fn remove_team_member(id: Uuid, user: Uuid) -> Result<TeamView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::teams::service::remove_member(&state.pool, &ctx, id, user).await?)
}
