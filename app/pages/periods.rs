//! `/admin/periods`: evaluation periods for admins — plan one (name, start, end), open it
//! (one at a time), close it (its sheets become read-only).

use leptos::prelude::*;

use super::LoadError;
use crate::components::{Guarded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::PeriodsEditor;
use crate::server_fns::periods::list_periods;
use crate::session::session;

#[component]
pub fn PeriodsPage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_administer>
            <PeriodsContent/>
        </Guarded>
    }
}

#[component]
fn PeriodsContent() -> impl IntoView {
    let locale = session().locale;
    let data = Resource::new(|| (), |_| list_periods());
    view! {
        <PageHeader title=Msg::PeriodsTitle intro=Msg::PeriodsIntro/>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(periods) => view! { <PeriodsEditor periods=periods locale=locale/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
