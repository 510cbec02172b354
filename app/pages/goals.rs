//! `/goals`: the signed-in employee's goal sheet for the open period, edited in an island that
//! checks the stage budget live; the server checks everything again on save and submit.

use leptos::prelude::*;

use super::LoadError;
use crate::app::error::PageError;
use crate::components::PageHeader;
use crate::domain::weights::GoalInput;
use crate::goals::{GoalSheet, PeriodSheet};
use crate::i18n::Msg;
use crate::islands::GoalSheetEditor;
use crate::session::session;
use crate::stages::Stage;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

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

#[component]
pub fn GoalsPage() -> impl IntoView {
    let locale = session().locale;
    let period = use_query_map()
        .get_untracked()
        .get("period")
        .and_then(|p| Uuid::parse_str(&p).ok());
    let data = Resource::new(|| (), move |_| load_goal_sheet(period));
    let periods = Resource::new(|| (), |_| my_periods());
    view! {
        <PageHeader title=Msg::GoalsTitle/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let periods = periods.await.unwrap_or_default();
                // Worth a picker only when there is more than the one period.
                (periods.len() > 1).then(|| view! {
                    <nav aria-label=Msg::GoalPeriods.text(locale) class="mb-4 flex flex-wrap gap-2 text-sm" data-testid="goal-periods">
                        {periods.into_iter().map(|p| {
                            let current = period.map_or(p.period_status == crate::periods::PeriodStatus::Open, |id| id == p.period_id);
                            view! {
                                <a href=format!("/goals?period={}", p.period_id) aria-current=current.then_some("page")
                                    class=if current { "rounded-md bg-indigo-50 px-3 py-1.5 font-medium text-indigo-700" } else { "rounded-md border border-slate-200 bg-white px-3 py-1.5 text-slate-700 hover:bg-slate-50" }>
                                    {p.period_name.clone()} " · " {crate::i18n::period_status_msg(p.period_status).text(locale)}
                                </a>
                            }
                        }).collect_view()}
                    </nav>
                })
            })}
        </Suspense>
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
