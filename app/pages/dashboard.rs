//! `/`: the home page, per role: what to do next. Everyone sees their goal sheet's state with
//! the next step (a returned sheet with the manager's comment and the way to fix it), the open
//! nomination cycles and their deadlines, and the competitions they are in with rank and its
//! movement; managers the sheets waiting for their review; hr and admins the nominations
//! waiting for a decision and the people without a stage; admins the recent activity.

use leptos::prelude::*;

use crate::components::{Badge, Loaded, RankMoved, Tone};
use crate::domain::{Locale, Role};
use crate::format::utc_text;
use crate::home::{Home, NextStep};
use crate::i18n::{role_msg, sheet_status_msg, tr, Msg};
use crate::islands::LocalTime;
use crate::server_fns::dashboard::load_dashboard;
use crate::session::session;

const CARD: &str = "rounded-xl border border-slate-200 bg-white p-5 shadow-sm";
const LINK: &str = "font-medium text-indigo-700 hover:underline";

fn next_msg(next: NextStep) -> Msg {
    match next {
        NextStep::Start => Msg::NextStart,
        NextStep::CompleteBudget => Msg::NextComplete,
        NextStep::Submit => Msg::NextSubmit,
        NextStep::AwaitReview => Msg::NextAwait,
        NextStep::FixReturned => Msg::NextReturned,
        NextStep::Done => Msg::NextDone,
    }
}

fn next_tone(next: NextStep) -> Tone {
    match next {
        NextStep::FixReturned => Tone::Danger,
        NextStep::Done => Tone::Success,
        NextStep::AwaitReview => Tone::Info,
        _ => Tone::Warning,
    }
}

/// A titled card with `empty` when there is nothing in it.
fn card(title: Msg, testid: &'static str, locale: Locale, body: Option<AnyView>, empty: Msg) -> impl IntoView {
    view! {
        <section class=CARD data-testid=testid>
            <h2 class="mb-3 font-semibold text-slate-900">{title.text(locale)}</h2>
            {body.unwrap_or_else(|| view! { <p class="text-sm text-slate-600">{empty.text(locale)}</p> }.into_any())}
        </section>
    }
}

fn sheet_card(home: &Home, locale: Locale) -> impl IntoView {
    let body = home.sheet.clone().map(|sheet| {
        let fix = sheet.next == NextStep::FixReturned;
        view! {
            <div data-next=format!("{:?}", sheet.next) data-testid="home-sheet-state">
                <p class="flex flex-wrap items-center gap-2 text-sm text-slate-700">
                    <span>{sheet.period_name.clone()}</span>
                    <Badge tone=next_tone(sheet.next)>{sheet_status_msg(sheet.status).text(locale)}</Badge>
                </p>
                <p class="mt-2 text-sm text-slate-900">{next_msg(sheet.next).text(locale)}</p>
                {sheet.manager_comment.clone().filter(|_| fix).map(|comment| view! {
                    <blockquote class="mt-3 rounded-lg border-l-4 border-rose-400 bg-rose-50 p-3 text-sm text-slate-800" data-testid="home-sheet-comment">
                        <p class="text-xs font-medium text-rose-800">{Msg::HomeCommentLabel.text(locale)}</p>
                        <p class="mt-1 whitespace-pre-line">{comment}</p>
                    </blockquote>
                })}
                <a href="/goals" data-testid="home-sheet-action"
                    class="mt-4 inline-block rounded-lg bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">
                    {if fix { Msg::HomeFixSheet.text(locale) } else { Msg::HomeOpenSheet.text(locale) }}
                </a>
            </div>
        }
        .into_any()
    });
    card(Msg::HomeSheetHeading, "home-sheet", locale, body, Msg::HomeNoSheet)
}

fn lists(home: &Home, role: Role, locale: Locale) -> impl IntoView {
    let cycles = (!home.open_cycles.is_empty()).then(|| {
        view! {
            <ul class="divide-y divide-slate-100 text-sm">
                {home.open_cycles.iter().map(|c| view! {
                    <li class="flex flex-wrap items-baseline justify-between gap-2 py-2" data-testid="home-cycle">
                        <a href=format!("/nominations/{}", c.id) class=LINK>{c.name.clone()}</a>
                        <span class="text-xs text-slate-500">{Msg::DeadlineLabel.text(locale)} ": "
                            <LocalTime iso=c.end_at.to_rfc3339() fallback=utc_text(c.end_at) locale=locale/></span>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let competitions = (!home.competitions.is_empty()).then(|| {
        view! {
            <ul class="divide-y divide-slate-100 text-sm">
                {home.competitions.iter().map(|c| {
                    view! {
                        <li class="flex flex-wrap items-baseline justify-between gap-2 py-2" data-testid="home-competition" data-rank=c.rank>
                            <a href=format!("/competitions/{}", c.slug) class=LINK>
                                {c.title.clone()}
                                {(c.unread_announcements > 0).then(|| view! {
                                    <span class="ml-2 rounded-full bg-rose-50 px-2 py-0.5 text-xs text-rose-700">{Msg::NewAnnouncements.text(locale)}</span>
                                })}
                            </a>
                            <span class="tabular-nums text-slate-700">
                                {c.rank.map_or_else(|| "—".to_owned(), |rank| tr!(locale, rank_of, rank = rank.to_string(), count = c.ranked.to_string()))}
                                <RankMoved rank=c.rank seen_rank=c.seen_rank locale=locale/>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let waiting = (!home.waiting_sheets.is_empty()).then(|| {
        view! {
            <ul class="divide-y divide-slate-100 text-sm">
                {home.waiting_sheets.iter().map(|s| view! {
                    <li class="flex flex-wrap items-baseline justify-between gap-2 py-2" data-testid="home-waiting-sheet">
                        <a href=format!("/team/goals/{}", s.sheet_id) class=LINK>{s.owner_name.clone()}</a>
                        <span class="text-xs text-slate-500">{s.team_name.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let pending = (!home.pending_nominations.is_empty()).then(|| {
        view! {
            <ul class="divide-y divide-slate-100 text-sm">
                {home.pending_nominations.iter().map(|p| view! {
                    <li class="flex flex-wrap items-baseline justify-between gap-2 py-2" data-testid="home-pending">
                        <a href=format!("/nominations/{}/review", p.cycle_id) class=LINK>{p.cycle_name.clone()}</a>
                        <span class="tabular-nums text-slate-700">{tr!(locale, home_pending_count, count = p.pending.to_string())}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let without_stage = home.people_without_stage.map(|count| {
        view! {
            <p class="mt-3 text-sm" data-testid="home-without-stage" data-count=count>
                {if count > 0 {
                    view! { <a href="/admin/people" class=LINK>{tr!(locale, home_without_stage, count = count.to_string())}</a> }.into_any()
                } else {
                    view! { <span class="text-slate-600">{Msg::HomeAllStaged.text(locale)}</span> }.into_any()
                }}
            </p>
        }
    });
    view! {
        {card(Msg::HomeCyclesHeading, "home-cycles", locale, cycles, Msg::HomeNoCycles)}
        {card(Msg::HomeCompetitionsHeading, "home-competitions", locale, competitions, Msg::HomeNoCompetitions)}
        {role.can_manage_teams().then(|| card(Msg::HomeWaitingHeading, "home-waiting", locale, waiting, Msg::HomeNoWaiting))}
        {role.can_list_users().then(|| view! {
            <section class=CARD data-testid="home-hr">
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::HomePendingHeading.text(locale)}</h2>
                {pending.unwrap_or_else(|| view! { <p class="text-sm text-slate-600">{Msg::HomeNoPending.text(locale)}</p> }.into_any())}
                {without_stage}
            </section>
        })}
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
    let shortcut = "block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";
    view! {
        <section data-testid=format!("dashboard-{}", role.as_str())>
            <div class="flex flex-wrap items-center gap-3">
                <h1 class="text-2xl font-semibold tracking-tight text-slate-900">
                    {tr!(locale, dashboard_welcome, name = user.display_name)}
                </h1>
                <Badge tone=Tone::Info>{role_msg(role).text(locale)}</Badge>
            </div>
            <p class="mt-1 text-sm text-slate-600">{intro.text(locale)}</p>
            <Loaded data=data let:d error_class="mt-6">
                {{
                    let home = d.home.clone();
                    view! {
                        <div class="mt-6 grid gap-4 lg:grid-cols-2">
                            {sheet_card(&home, locale)}
                            {lists(&home, role, locale)}
                        </div>
                        {role.can_administer().then(|| view! {
                            <div class="mt-6 grid gap-4 sm:grid-cols-2">
                                <a href="/admin/audit" class=shortcut><h2 class="font-semibold text-slate-900">{Msg::AuditTitle.text(locale)}</h2><p class="mt-1 text-sm text-slate-600">{Msg::DashboardOpenAudit.text(locale)}</p></a>
                                <a href="/people" class=shortcut><h2 class="font-semibold text-slate-900">{Msg::PeopleTitle.text(locale)}</h2><p class="mt-1 text-sm text-slate-600">{Msg::DashboardOpenPeople.text(locale)}</p></a>
                            </div>
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
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
    .into_any()
}
