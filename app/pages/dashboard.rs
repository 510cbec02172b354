//! `/`: a dashboard per role: admins see their tools and recent activity, HR the organization's
//! teams, managers their teams, employees their own team.

use leptos::prelude::*;

use crate::components::{Badge, Loaded, Tone};
use crate::domain::Role;
use crate::i18n::{role_msg, tr, Msg};
use crate::server_fns::dashboard::load_dashboard;
use crate::session::session;
use crate::teams::TeamView;

#[component]
fn TeamCard(team: TeamView) -> impl IntoView {
    let locale = session().locale;
    let count = team.members.len();
    view! {
        <div class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="team-card">
            <div class="flex items-baseline justify-between gap-2">
                <h3 class="font-semibold text-slate-900">{team.name.clone()}</h3>
                <span class="text-xs text-slate-500">{tr!(locale, team_members, count = count)}</span>
            </div>
            <p class="mt-1 text-sm text-slate-600">{tr!(locale, team_manager, name = team.manager_name)}</p>
            <ul class="mt-3 divide-y divide-slate-100 text-sm">
                {team.members.into_iter().map(|m| view! {
                    <li class="flex justify-between py-1.5"><span class="text-slate-800">{m.display_name}</span><span class="text-slate-500">{m.email}</span></li>
                }).collect_view()}
            </ul>
        </div>
    }
}

fn teams_section(title: Msg, teams: Vec<TeamView>) -> impl IntoView {
    let locale = session().locale;
    view! {
        <section class="mt-8">
            <h2 class="mb-3 text-lg font-semibold text-slate-900">{title.text(locale)}</h2>
            {if teams.is_empty() {
                view! { <p class="text-sm text-slate-600">{Msg::DashboardNoTeams.text(locale)}</p> }.into_any()
            } else {
                view! { <div class="grid gap-4 md:grid-cols-2">{teams.into_iter().map(|t| view! { <TeamCard team=t/> }).collect_view()}</div> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let Some(user) = s.user else {
        return ().into_any();
    };
    let role = user.role;
    let intro = match role {
        Role::Admin => Msg::DashboardAdminIntro,
        Role::Hr => Msg::DashboardHrIntro,
        Role::Manager => Msg::DashboardManagerIntro,
        Role::Employee => Msg::DashboardEmployeeIntro,
    };
    let data = Resource::new(|| (), |_| load_dashboard());
    let card = "block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";
    let shortcuts = view! {
        <div class="mt-6 grid gap-4 sm:grid-cols-2">
            {role.can_administer().then(|| view! {
                <a href="/admin/audit" class=card><h2 class="font-semibold text-slate-900">{Msg::AuditTitle.text(locale)}</h2><p class="mt-1 text-sm text-slate-600">{Msg::DashboardOpenAudit.text(locale)}</p></a>
            })}
            {role.can_list_users().then(|| view! {
                <a href="/people" class=card><h2 class="font-semibold text-slate-900">{Msg::PeopleTitle.text(locale)}</h2><p class="mt-1 text-sm text-slate-600">{Msg::DashboardOpenPeople.text(locale)}</p></a>
            })}
        </div>
    };
    view! {
        <section data-testid=format!("dashboard-{}", role.as_str())>
            <div class="flex flex-wrap items-center gap-3">
                <h1 class="text-2xl font-semibold tracking-tight text-slate-900">
                    {tr!(locale, dashboard_welcome, name = user.display_name)}
                </h1>
                <Badge tone=Tone::Info>{role_msg(role).text(locale)}</Badge>
            </div>
            <p class="mt-1 text-sm text-slate-600">{intro.text(locale)}</p>
            {shortcuts}
            <Loaded data=data let:d error_class="mt-6">
                {{
                    view! {
                            {role.can_administer().then(|| view! {
                                <section class="mt-8">
                                    <h2 class="mb-3 text-lg font-semibold text-slate-900">{Msg::DashboardRecentActivity.text(locale)}</h2>
                                    <ul class="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white text-sm shadow-sm" data-testid="recent-activity">
                                        {d.recent_activity.iter().map(|e| view! {
                                            <li class="flex items-center justify-between gap-4 px-4 py-2.5">
                                                <code class="text-xs">{e.action.clone()}</code>
                                                <span class="text-slate-600">{e.actor_name.clone().unwrap_or_else(|| Msg::AuditSystem.text(locale).to_owned())}</span>
                                                <span class="font-mono text-xs text-slate-500">{e.created_at.format("%Y-%m-%d %H:%M").to_string()}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {role.can_manage_teams().then(|| {
                                let title = if role == Role::Manager { Msg::DashboardYourTeams } else { Msg::DashboardAllTeams };
                                teams_section(title, d.led_teams.clone())
                            })}
                            {(role == Role::Employee).then(|| teams_section(Msg::DashboardMyTeam, d.own_teams.clone()))}
                        }.into_any()
                }}
            </Loaded>
        </section>
    }
    .into_any()
}
