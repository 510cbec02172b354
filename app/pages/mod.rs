//! One module per page; each page's server functions live beside it.

pub mod admin;
pub mod audit;
pub mod dashboard;
pub mod errors;
pub mod goals;
pub mod login;
pub mod people;
pub mod stage_weights;
pub mod team_goals;

/// An error box for a page whose data could not be loaded.
#[leptos::component]
pub fn LoadError(error: crate::app::error::PageError) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let locale = crate::session::session().locale;
    view! {
        <div role="alert" data-testid="page-error" class="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
            {error.message(locale)}
        </div>
    }
}
