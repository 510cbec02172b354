//! `/goals`: the signed-in employee's goal sheet for the open period, edited in an island that
//! checks the stage budget live; the server checks everything again on save and submit.

use leptos::prelude::*;

use crate::components::{Loaded, PageHeader};
use crate::i18n::Msg;
use crate::islands::GoalSheetEditor;
use crate::server_fns::goals::{load_goal_sheet, my_periods};
use crate::session::session;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

#[component]
pub fn GoalsPage() -> impl IntoView {
    let locale = session().locale;
    let period = use_query_map().get_untracked().get("period").and_then(|p| Uuid::parse_str(&p).ok());
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
        <Loaded data=data let:page>
            <GoalSheetEditor sheet=page.sheet stages=page.stages locale=locale/>
        </Loaded>
    }
}
