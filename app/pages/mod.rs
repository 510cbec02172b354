//! One module per page; each page's server functions live beside it.

pub mod account;
pub mod admin;
pub mod audit;
pub mod competitions;
pub mod cycles;
pub mod dashboard;
pub mod goals;
pub mod login;
pub mod nominations;
pub mod people;
pub mod people_import;
pub mod periods;
pub mod stage_weights;
pub mod team_goals;
pub mod teams;

/// An error box for a page whose data could not be loaded, giving the page the HTTP status of
/// the problem (404, 403, 503, …). A page that could not act on what its address asked for
/// (a validation error or a conflict) still renders, with the message, as 200.
#[leptos::component]
pub fn LoadError(error: crate::app::error::PageError) -> impl leptos::IntoView {
    use crate::domain::ErrorCode;
    use leptos::prelude::*;
    let locale = crate::session::session().locale;
    if !matches!(error.code, ErrorCode::ValidationError | ErrorCode::Conflict) {
        crate::components::layout::set_status(error.code.http_status());
    }
    view! {
        <div role="alert" data-testid="page-error" class="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
            {error.message(locale)}
        </div>
    }
}

/// The `:id` route parameter, when it is a UUID.
pub fn id_param() -> Option<uuid::Uuid> {
    use leptos::prelude::GetUntracked;
    leptos_router::hooks::use_params_map().get_untracked().get("id").and_then(|id| uuid::Uuid::parse_str(&id).ok())
}

/// Loads what the page's `:id` names (see [`id_param`]); an id that is not a UUID is a 404.
pub async fn with_id<T, Fut>(
    id: Option<uuid::Uuid>,
    load: impl FnOnce(uuid::Uuid) -> Fut,
) -> Result<T, crate::app::error::PageError>
where
    Fut: std::future::Future<Output = Result<T, crate::app::error::PageError>>,
{
    match id {
        Some(id) => load(id).await,
        None => Err(crate::app::error::PageError {
            code: crate::domain::ErrorCode::NotFound,
            fields: Vec::new(),
            current: None,
        }),
    }
}
