//! `/admin/stage-weights`: the organization's stage budgets, edited in a modal with live
//! validation and optimistic locking, with a history drawer per stage (admins only).

use leptos::prelude::*;

use super::LoadError;
use crate::components::{Guarded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::StageWeightsTable;
use crate::server_fns::stage_weights::list_stages;
use crate::session::session;

#[component]
pub fn StageWeightsPage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_administer>
            <StageWeightsContent/>
        </Guarded>
    }
}

#[component]
fn StageWeightsContent() -> impl IntoView {
    let locale = session().locale;
    let stages = Resource::new(|| (), |_| list_stages());
    view! {
        <PageHeader title=Msg::StageWeightsTitle intro=Msg::StageWeightsIntro/>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match stages.await {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(stages) => view! { <StageWeightsTable stages=stages locale=locale/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
