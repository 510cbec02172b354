//! `/admin/teams`: teams with their manager and members, for admins and HR: create, rename,
//! change the manager, add and remove members, delete an empty team. A manager's team page and
//! review rights follow at once.

use leptos::prelude::*;

use crate::components::{Guarded, Loaded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::TeamsEditor;
use crate::server_fns::teams::list_teams;
use crate::session::session;

#[component]
pub fn TeamsPage() -> impl IntoView {
    let locale = session().locale;
    view! {
        <Guarded allow=Role::can_list_users>
            <PageHeader title=Msg::TeamsTitle intro=Msg::TeamsIntro/>
            <Loaded data=Resource::new(|| (), |_| list_teams()) let:page>
                <TeamsEditor teams=page.teams leaders=page.leaders locale=locale/>
            </Loaded>
        </Guarded>
    }
}
