//! The 403 and 404 panels: `NotFound` is the router's fallback page, `Forbidden` what a guard
//! shows in place of a page the signed-in person may not see.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::session::session;

#[component]
fn ErrorPanel(title: Msg, body: Msg, testid: &'static str) -> impl IntoView {
    let locale = session().locale;
    view! {
        <section class="mx-auto max-w-lg py-16 text-center" data-testid=testid>
            <h1 class="text-2xl font-semibold text-slate-900">{title.text(locale)}</h1>
            <p class="mt-3 text-slate-600">{body.text(locale)}</p>
            <a href="/" class="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                {Msg::BackToDashboard.text(locale)}
            </a>
        </section>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    view! { <ErrorPanel title=Msg::ForbiddenTitle body=Msg::ForbiddenBody testid="forbidden"/> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    crate::components::layout::set_status(404);
    view! { <ErrorPanel title=Msg::NotFoundTitle body=Msg::NotFoundBody testid="not-found"/> }
}
