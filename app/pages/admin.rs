//! The admin area's index: links to the administrators' tools.

use leptos::prelude::*;

use crate::components::{Guarded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::session::session;

#[component]
pub fn AdminPage() -> impl IntoView {
    let locale = session().locale;
    view! {
        <Guarded allow=Role::can_administer>
            <PageHeader title=Msg::AdminTitle intro=Msg::AdminIntro/>
            <div class="grid gap-4 sm:grid-cols-2">
                <a href="/admin/people" data-testid="admin-people-link"
                    class="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                    <h2 class="font-semibold text-slate-900">{Msg::PeopleTitle.text(locale)}</h2>
                    <p class="mt-1 text-sm text-slate-600">{Msg::AdminPeopleDescription.text(locale)}</p>
                </a>
                <a href="/admin/teams" data-testid="admin-teams-link"
                    class="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                    <h2 class="font-semibold text-slate-900">{Msg::TeamsTitle.text(locale)}</h2>
                    <p class="mt-1 text-sm text-slate-600">{Msg::TeamsIntro.text(locale)}</p>
                </a>
                <a href="/admin/periods" data-testid="admin-periods-link"
                    class="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                    <h2 class="font-semibold text-slate-900">{Msg::PeriodsTitle.text(locale)}</h2>
                    <p class="mt-1 text-sm text-slate-600">{Msg::PeriodsIntro.text(locale)}</p>
                </a>
                <a href="/admin/stage-weights" data-testid="admin-stage-weights-link"
                    class="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                    <h2 class="font-semibold text-slate-900">{Msg::StageWeightsTitle.text(locale)}</h2>
                    <p class="mt-1 text-sm text-slate-600">{Msg::AdminStageWeightsDescription.text(locale)}</p>
                </a>
                <a href="/admin/cycles" data-testid="admin-cycles-link"
                    class="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                    <h2 class="font-semibold text-slate-900">{Msg::CyclesAdminTitle.text(locale)}</h2>
                    <p class="mt-1 text-sm text-slate-600">{Msg::CyclesAdminIntro.text(locale)}</p>
                </a>
                <a href="/admin/audit" data-testid="admin-audit-link"
                    class="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                    <h2 class="font-semibold text-slate-900">{Msg::AuditTitle.text(locale)}</h2>
                    <p class="mt-1 text-sm text-slate-600">{Msg::AdminAuditDescription.text(locale)}</p>
                </a>
            </div>
        </Guarded>
    }
}
