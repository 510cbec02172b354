//! The periods pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;
use uuid::Uuid;

use crate::app::error::PageError;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::periods::{Period, PeriodInput};

#[server(endpoint = "periods/list")]
pub async fn list_periods() -> Result<Vec<Period>, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    ctx.require(Role::can_administer)?;
    Ok(crate::periods::service::list(&state.pool, &ctx).await?)
}

#[server(endpoint = "periods/create")]
pub async fn create_period(input: PeriodInput) -> Result<Period, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::periods::service::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "periods/set-open")]
pub async fn set_period_open(id: Uuid, open: bool) -> Result<Period, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(if open {
        crate::periods::service::open(&state.pool, &ctx, id).await?
    } else {
        crate::periods::service::close(&state.pool, &ctx, id).await?
    })
}
