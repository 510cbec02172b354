//! The people pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;
use uuid::Uuid;

use crate::app::error::PageError;
use crate::domain::Page;
#[cfg(feature = "ssr")]
use crate::domain::{FieldCode, Role};
use crate::users::{PasswordLink, PersonInput, PersonPatch, StageChangePreview, UserView};

/// What the person editor offers: the stages and teams of the organization.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PeopleOptions {
    pub stages: Vec<(Uuid, i32, String)>,
    pub teams: Vec<(Uuid, String)>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PeoplePageData {
    pub people: Page<UserView>,
    pub options: PeopleOptions,
}

#[server(endpoint = "people/list")]
pub async fn list_people(
    q: Option<String>,
    role: Option<String>,
    status: Option<String>,
    sort: Option<String>,
    order: Option<String>,
    page: Option<i64>,
) -> Result<PeoplePageData, PageError> {
    use crate::domain::{PageRequest, Sort};
    use crate::error::AppError;
    use crate::users::{service, UserFilter, PEOPLE_SORTS};
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let role = match role.filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => {
            Some(Role::parse(&r).ok_or_else(|| AppError::validation("role", FieldCode::Invalid, "unknown role"))?)
        }
    };
    let active = match status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some("active") => Some(true),
        Some("inactive") => Some(false),
        Some(_) => return Err(AppError::validation("status", FieldCode::Invalid, "unknown status").into()),
    };
    let sort = Sort::parse(sort.as_deref(), order.as_deref(), PEOPLE_SORTS).map_err(AppError::Validation)?;
    let request = PageRequest::parse(page, None).map_err(AppError::Validation)?;
    let filter = UserFilter { role, q, active };
    let people = service::list(&state.pool, &ctx, &filter, sort, request).await?;
    let stages =
        crate::stages::service::all(&state.pool, &ctx).await?.into_iter().map(|s| (s.id, s.number, s.name)).collect();
    let teams = crate::teams::service::list(&state.pool, &ctx).await?.into_iter().map(|t| (t.id, t.name)).collect();
    Ok(PeoplePageData { people, options: PeopleOptions { stages, teams } })
}

#[server(endpoint = "people/create")]
pub async fn create_person(input: PersonInput) -> Result<UserView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::users::people::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "people/update")]
pub async fn update_person(id: Uuid, patch: PersonPatch) -> Result<UserView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::users::people::update(&state.pool, &ctx, id, &patch).await?)
}

#[server(endpoint = "people/set-active")]
pub async fn set_person_active(id: Uuid, active: bool) -> Result<UserView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(if active {
        crate::users::people::reactivate(&state.pool, &ctx, id).await?
    } else {
        crate::users::people::deactivate(&state.pool, &ctx, id).await?
    })
}

#[server(endpoint = "people/password-link")]
pub async fn create_password_link(id: Uuid) -> Result<PasswordLink, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::users::passwords::create_link(&state.pool, &ctx, id, &state.config.public_url).await?)
}

#[server(endpoint = "people/stage-change")]
pub async fn preview_stage_change(id: Uuid, stage: Uuid) -> Result<StageChangePreview, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::users::people::preview_stage_change(&state.pool, &ctx, id, stage).await?)
}
