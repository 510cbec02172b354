//! `/admin/cycles` and `/admin/cycles/:id` (HR and admins): create nomination cycles, edit them
//! and their criteria while draft, and run them through open, closed and finalized.

use leptos::prelude::*;

use super::{id_param, with_id};
use crate::components::CycleStatusBadge;
use crate::components::{Guarded, Loaded, PageHeader, Table};
use crate::domain::Role;
use crate::format::window_text;
use crate::i18n::Msg;
use crate::islands::{CycleCreateForm, CycleEditor};
use crate::server_fns::cycles::admin_cycle;
use crate::session::session;

#[component]
pub fn CyclesAdminPage() -> impl IntoView {
    let locale = session().locale;
    view! {
        <Guarded allow=Role::can_run_cycles>
            <div class="flex flex-wrap items-start justify-between gap-4">
                <PageHeader title=Msg::CyclesAdminTitle intro=Msg::CyclesAdminIntro/>
                <CycleCreateForm locale=locale today=chrono::Utc::now().date_naive()/>
            </div>
            <Loaded data=Resource::new(|| (), |_| crate::server_fns::nominations::list_cycles()) let:cycles>
                {if cycles.is_empty() {
                    view! { <p class="text-sm text-slate-600">{Msg::CyclesEmpty.text(locale)}</p> }.into_any()
                } else {
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
                }}
            </Loaded>
        </Guarded>
    }
}

#[component]
pub fn CycleAdminPage() -> impl IntoView {
    let locale = session().locale;
    let id = id_param();
    view! {
        <Guarded allow=Role::can_run_cycles>
            <a href="/admin/cycles" class="text-sm font-medium text-indigo-700 hover:underline">"← " {Msg::CyclesAdminTitle.text(locale)}</a>
            <div class="mt-4">
                <Loaded data=Resource::new(|| (), move |_| with_id(id, admin_cycle)) let:cycle>
                    <CycleEditor cycle=cycle locale=locale/>
                </Loaded>
            </div>
        </Guarded>
    }
}
