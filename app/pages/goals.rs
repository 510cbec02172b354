//! `/goals`: the signed-in employee's goal sheet for the open period, edited in an island that
//! checks the stage budget live; the server checks everything again on save and submit.

use leptos::prelude::*;

use super::LoadError;
use crate::app::error::PageError;
use crate::components::PageHeader;
use crate::domain::weights::GoalInput;
use crate::goals::GoalSheet;
use crate::i18n::Msg;
use crate::islands::GoalSheetEditor;
use crate::session::session;
use crate::stages::Stage;

/// The sheet and the organization's stage table (for the popover).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct GoalSheetPage {
    pub sheet: GoalSheet,
    pub stages: Vec<Stage>,
}

#[server(endpoint = "goals/current")]
pub async fn load_goal_sheet() -> Result<GoalSheetPage, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let sheet = crate::goals::service::current(&state.pool, &ctx).await?;
    let stages = crate::stages::service::all(&state.pool, &ctx).await?;
    Ok(GoalSheetPage { sheet, stages })
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

#[component]
pub fn GoalsPage() -> impl IntoView {
    let locale = session().locale;
    let data = Resource::new(|| (), |_| load_goal_sheet());
    view! {
        <PageHeader title=Msg::GoalsTitle/>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(GoalSheetPage { sheet, stages }) => view! { <GoalSheetEditor sheet=sheet stages=stages locale=locale/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
