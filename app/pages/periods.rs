//! `/admin/periods`: evaluation periods for admins — plan one (name, start, end), open it
//! (one at a time), close it (its sheets become read-only).

use leptos::prelude::*;

use crate::components::{Guarded, Loaded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::PeriodsEditor;
use crate::server_fns::periods::list_periods;
use crate::session::session;

#[component]
pub fn PeriodsPage() -> impl IntoView {
    let locale = session().locale;
    view! {
        <Guarded allow=Role::can_administer>
            <PageHeader title=Msg::PeriodsTitle intro=Msg::PeriodsIntro/>
            <Loaded data=Resource::new(|| (), |_| list_periods()) let:periods>
                <PeriodsEditor periods=periods locale=locale/>
            </Loaded>
        </Guarded>
    }
}
