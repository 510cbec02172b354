//! The stage weights pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;
use uuid::Uuid;

use crate::app::error::PageError;
use crate::domain::Page;
use crate::stages::{Stage, WeightChange, WeightsUpdate};

#[server(endpoint = "stages/list")]
pub async fn list_stages() -> Result<Vec<Stage>, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::stages::service::all(&state.pool, &ctx).await?)
}

#[server(endpoint = "stages/update")]
pub async fn update_stage_weights(id: Uuid, update: WeightsUpdate) -> Result<Stage, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::stages::service::update_weights(&state.pool, &ctx, id, &update).await?)
}

#[server(endpoint = "stages/create")]
pub async fn create_stage() -> Result<Stage, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::stages::service::create(&state.pool, &ctx).await?)
}

#[server(endpoint = "stages/history")]
pub async fn stage_history(id: Uuid) -> Result<Page<WeightChange>, PageError> {
    use crate::domain::PageRequest;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let page = PageRequest { page: 1, page_size: 100 };
    Ok(crate::stages::service::history(&state.pool, &ctx, id, page).await?)
}
