//! `/admin/stage-weights`: the organization's stage budgets, edited in a modal with live
//! validation and optimistic locking, with a history drawer per stage (admins only).

use leptos::prelude::*;

use crate::components::{Guarded, Loaded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::StageWeightsTable;
use crate::server_fns::stage_weights::list_stages;
use crate::session::session;

#[component]
pub fn StageWeightsPage() -> impl IntoView {
    let locale = session().locale;
    view! {
        <Guarded allow=Role::can_administer>
            <PageHeader title=Msg::StageWeightsTitle intro=Msg::StageWeightsIntro/>
            <Loaded data=Resource::new(|| (), |_| list_stages()) let:stages>
                <StageWeightsTable stages=stages locale=locale/>
            </Loaded>
        </Guarded>
    }
}
