//! `/admin/teams`: teams with their manager and members, for admins and HR: create, rename,
//! change the manager, add and remove members, delete an empty team. A manager's team page and
//! review rights follow at once.

use leptos::prelude::*;

use super::LoadError;
use crate::components::{Guarded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::TeamsEditor;
use crate::server_fns::teams::{list_teams, TeamsPageData};
use crate::session::session;

#[component]
pub fn TeamsPage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_list_users>
            <TeamsContent/>
        </Guarded>
    }
}

#[component]
fn TeamsContent() -> impl IntoView {
    let locale = session().locale;
    let data = Resource::new(|| (), |_| list_teams());
    view! {
        <PageHeader title=Msg::TeamsTitle intro=Msg::TeamsIntro/>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(TeamsPageData { teams, leaders }) => view! { <TeamsEditor teams=teams leaders=leaders locale=locale/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
