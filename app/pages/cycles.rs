//! `/admin/cycles` and `/admin/cycles/:id` (HR and admins): create nomination cycles, edit them
//! and their criteria while draft, and run them through open, closed and finalized.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{id_param, with_id, LoadError};
use crate::app::error::PageError;
use crate::components::{Guarded, PageHeader, Table};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::{CycleCreateForm, CycleEditor};
use crate::nominations::{Criterion, CriterionInput, Cycle, CycleInput, CyclePatch};
use crate::pages::nominations::{window_text, CycleStatusBadge};
use crate::session::session;

/// A step of a cycle's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CycleStep {
    Open,
    Close,
    Finalize,
}

#[server(endpoint = "cycles/create")]
pub async fn create_cycle(input: CycleInput) -> Result<Cycle, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "cycles/get")]
pub async fn admin_cycle(id: Uuid) -> Result<Cycle, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    ctx.require(Role::can_run_cycles)?;
    Ok(crate::nominations::service::get(&state.pool, &ctx, id).await?)
}

#[server(endpoint = "cycles/update")]
pub async fn update_cycle(id: Uuid, patch: CyclePatch) -> Result<Cycle, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::update(&state.pool, &ctx, id, &patch).await?)
}

#[server(endpoint = "cycles/criterion-add")]
pub async fn add_criterion(id: Uuid, input: CriterionInput) -> Result<Criterion, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::add_criterion(&state.pool, &ctx, id, &input).await?)
}

#[server(endpoint = "cycles/criterion-update")]
pub async fn update_criterion(
    id: Uuid,
    criterion_id: Uuid,
    input: CriterionInput,
) -> Result<Criterion, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(
        crate::nominations::service::update_criterion(&state.pool, &ctx, id, criterion_id, &input)
            .await?,
    )
}

#[server(endpoint = "cycles/step")]
pub async fn step_cycle(id: Uuid, step: CycleStep) -> Result<Cycle, PageError> {
    use crate::nominations::service;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    match step {
        CycleStep::Open => Ok(service::open(&state.pool, &ctx, id).await?),
        CycleStep::Close => Ok(service::close(&state.pool, &ctx, id).await?),
        CycleStep::Finalize => {
            service::finalize(&state.pool, &ctx, id).await?;
            Ok(service::get(&state.pool, &ctx, id).await?)
        }
    }
}

#[component]
pub fn CyclesAdminPage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_run_cycles>
            <CyclesAdminContent/>
        </Guarded>
    }
}

#[component]
fn CyclesAdminContent() -> impl IntoView {
    let locale = session().locale;
    let cycles = Resource::new(|| (), |_| super::nominations::list_cycles());
    view! {
        <div class="flex flex-wrap items-start justify-between gap-4">
            <PageHeader title=Msg::CyclesAdminTitle intro=Msg::CyclesAdminIntro/>
            <CycleCreateForm locale=locale today=chrono::Utc::now().date_naive()/>
        </div>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match cycles.await {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(cycles) if cycles.is_empty() => view! { <p class="text-sm text-slate-600">{Msg::CyclesEmpty.text(locale)}</p> }.into_any(),
                    Ok(cycles) => {
                        let headers = [Msg::CycleColumn, Msg::FieldStatus, Msg::WindowColumn, Msg::Criteria, Msg::Actions].iter().map(|m| m.text(locale).to_owned()).collect();
                        view! {
                            <Table caption=Msg::CyclesAdminTitle.text(locale) headers=headers testid="admin-cycles">
                                {cycles.into_iter().map(|cycle| view! {
                                    <tr data-testid="cycle-row" data-status=cycle.status.as_str() data-name=cycle.name.clone()>
                                        <td class="px-4 py-2.5 font-medium text-slate-900">{cycle.name.clone()}</td>
                                        <td class="px-4 py-2.5"><CycleStatusBadge status=cycle.status locale=locale/></td>
                                        <td class="px-4 py-2.5 text-slate-600 whitespace-nowrap">{window_text(&cycle, locale)}</td>
                                        <td class="px-4 py-2.5 tabular-nums">{cycle.criteria.iter().filter(|c| c.is_active).count()}</td>
                                        <td class="px-4 py-2.5">
                                            <a href=format!("/admin/cycles/{}", cycle.id) class="text-sm font-medium text-indigo-700 hover:underline" data-testid="cycle-manage">{Msg::Manage.text(locale)}</a>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </Table>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CycleAdminPage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_run_cycles>
            <CycleAdminContent/>
        </Guarded>
    }
}

#[component]
fn CycleAdminContent() -> impl IntoView {
    let locale = session().locale;
    let id = id_param();
    let cycle = Resource::new(|| (), move |_| with_id(id, admin_cycle));
    view! {
        <a href="/admin/cycles" class="text-sm font-medium text-indigo-700 hover:underline">"← " {Msg::CyclesAdminTitle.text(locale)}</a>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match cycle.await {
                    Err(error) => view! { <div class="mt-4"><LoadError error=error/></div> }.into_any(),
                    Ok(cycle) => view! { <div class="mt-4"><CycleEditor cycle=cycle locale=locale/></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
