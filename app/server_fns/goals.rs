//! The goals pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;
use uuid::Uuid;

use crate::app::error::PageError;
use crate::domain::weights::GoalInput;
use crate::goals::{GoalSheet, PeriodSheet};
use crate::stages::Stage;

/// The sheet and the organization's stage table (for the popover).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct GoalSheetPage {
    pub sheet: GoalSheet,
    pub stages: Vec<Stage>,
}

/// The sheet of the open period, or of `period` (an earlier one is read-only).
#[server(endpoint = "goals/current")]
pub async fn load_goal_sheet(period: Option<Uuid>) -> Result<GoalSheetPage, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let sheet = match period {
        Some(period) => crate::goals::service::in_period(&state.pool, &ctx, period).await?,
        None => crate::goals::service::current(&state.pool, &ctx).await?,
    };
    let stages = crate::stages::service::all(&state.pool, &ctx).await?;
    Ok(GoalSheetPage { sheet, stages })
}

/// The periods with a sheet of the actor's, for the picker.
#[server(endpoint = "goals/periods")]
pub async fn my_periods() -> Result<Vec<PeriodSheet>, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::goals::service::mine(&state.pool, &ctx).await?)
}

#[server(endpoint = "goals/save")]
pub async fn save_goal_sheet(goals: Vec<GoalInput>) -> Result<GoalSheet, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::goals::service::save_current(&state.pool, &ctx, &goals).await?)
}

#[server(endpoint = "goals/submit")]
pub async fn submit_goal_sheet() -> Result<GoalSheet, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::goals::service::submit_current(&state.pool, &ctx).await?)
}
