//! The cycles pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::error::PageError;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::nominations::{Criterion, CriterionInput, Cycle, CycleInput, CyclePatch};

/// A step of a cycle's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CycleStep {
    Open,
    Close,
    Finalize,
}

#[server(endpoint = "cycles/create")]
pub async fn create_cycle(input: CycleInput) -> Result<Cycle, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "cycles/get")]
pub async fn admin_cycle(id: Uuid) -> Result<Cycle, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    ctx.require(Role::can_run_cycles)?;
    Ok(crate::nominations::service::get(&state.pool, &ctx, id).await?)
}

#[server(endpoint = "cycles/update")]
pub async fn update_cycle(id: Uuid, patch: CyclePatch) -> Result<Cycle, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::update(&state.pool, &ctx, id, &patch).await?)
}

#[server(endpoint = "cycles/criterion-add")]
pub async fn add_criterion(id: Uuid, input: CriterionInput) -> Result<Criterion, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::add_criterion(&state.pool, &ctx, id, &input).await?)
}

#[server(endpoint = "cycles/criterion-update")]
pub async fn update_criterion(id: Uuid, criterion_id: Uuid, input: CriterionInput) -> Result<Criterion, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::update_criterion(&state.pool, &ctx, id, criterion_id, &input).await?)
}

#[server(endpoint = "cycles/step")]
pub async fn step_cycle(id: Uuid, step: CycleStep) -> Result<Cycle, PageError> {
    use crate::nominations::service;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    match step {
        CycleStep::Open => Ok(service::open(&state.pool, &ctx, id).await?),
        CycleStep::Close => Ok(service::close(&state.pool, &ctx, id).await?),
        CycleStep::Finalize => {
            service::finalize(&state.pool, &ctx, id).await?;
            Ok(service::get(&state.pool, &ctx, id).await?)
        }
    }
}
