//! `/admin/stage-weights`: the organization's stage budgets, edited in a modal with live
//! validation and optimistic locking, with a history drawer per stage (admins only).

use leptos::prelude::*;
use uuid::Uuid;

use super::LoadError;
use crate::app::error::PageError;
use crate::components::{Guarded, PageHeader};
use crate::domain::{Page, Role};
use crate::i18n::Msg;
use crate::islands::StageWeightsTable;
use crate::session::session;
use crate::stages::{Stage, WeightChange, WeightsUpdate};

#[server(endpoint = "stages/list")]
pub async fn list_stages() -> Result<Vec<Stage>, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::stages::service::all(&state.pool, &ctx).await?)
}

#[server(endpoint = "stages/update")]
pub async fn update_stage_weights(id: Uuid, update: WeightsUpdate) -> Result<Stage, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::stages::service::update_weights(&state.pool, &ctx, id, &update).await?)
}

#[server(endpoint = "stages/create")]
pub async fn create_stage() -> Result<Stage, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::stages::service::create(&state.pool, &ctx).await?)
}

#[server(endpoint = "stages/history")]
pub async fn stage_history(id: Uuid) -> Result<Page<WeightChange>, PageError> {
    use crate::domain::PageRequest;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let page = PageRequest {
        page: 1,
        page_size: 100,
    };
    Ok(crate::stages::service::history(&state.pool, &ctx, id, page).await?)
}

#[component]
pub fn StageWeightsPage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_administer>
            <StageWeightsContent/>
        </Guarded>
    }
}

#[component]
fn StageWeightsContent() -> impl IntoView {
    let locale = session().locale;
    let stages = Resource::new(|| (), |_| list_stages());
    view! {
        <PageHeader title=Msg::StageWeightsTitle intro=Msg::StageWeightsIntro/>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match stages.await {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(stages) => view! { <StageWeightsTable stages=stages locale=locale/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
