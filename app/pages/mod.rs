//! One module per page; each page's server functions live beside it.

pub mod account;
pub mod admin;
pub mod audit;
pub mod calibration;
pub mod competitions;
pub mod cycles;
pub mod dashboard;
pub mod goals;
pub mod login;
pub mod nominations;
pub mod notifications;
pub mod people;
pub mod people_import;
pub mod periods;
pub mod stage_weights;
pub mod team_goals;
pub mod teams;

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
