//! `/nominations` and its sub-pages: the cycles, one cycle with my nominations, the nominate
//! form, the decision queue, the leaderboard and the history of finalized cycles.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{id_param, with_id};
use crate::components::{
    Badge, CycleStatusBadge, Guarded, LoadError, Loaded, NominationDecision, NominationStatusBadge, PageHeader,
    Pagination, Table, Tone,
};
use crate::domain::nominations::points_text;
use crate::domain::{ErrorCode, Locale, Role};
use crate::format::{weight_percent, window_text};
use crate::i18n::{cycle_status_msg, tr, Msg};
use crate::islands::{NominateForm, NominationReview};
use crate::nominations::{ArchivedNomination, Cycle, CycleArchive, CycleResults, CycleStatus, RankingRow};
use crate::server_fns::nominations::{
    cycle_overview, leaderboard, list_cycles, nomination_archive, nomination_form, nomination_history, review_queue,
    CyclePageData, CycleRanking, CycleWith, NominateData,
};
use crate::session::session;

/// Whether a cycle's leaderboard has something to show this role (drafts have no results).
pub fn sees_leaderboard(role: Role, status: CycleStatus) -> bool {
    status != CycleStatus::Draft && status.results_visible_to(role)
}

/// The links of a cycle a role may follow: nominate, its details (when `details`), review and
/// the leaderboard.
#[component]
fn CycleLinks(cycle: Cycle, role: Role, locale: Locale, #[prop(optional)] details: bool) -> impl IntoView {
    let id = cycle.id;
    let status = cycle.status;
    view! {
        <div class="flex flex-wrap items-center gap-3">
            {(status == CycleStatus::Open && role.can_nominate()).then(|| view! {
                <a href=format!("/nominations/{id}/nominate") class=PRIMARY_LINK data-testid="nominate-button">{Msg::Nominate.text(locale)}</a>
            })}
            {details.then(|| view! { <a href=format!("/nominations/{id}") class=LINK>{Msg::ViewCycle.text(locale)}</a> })}
            {(role.can_nominate() && matches!(status, CycleStatus::Open | CycleStatus::Closed)).then(|| view! {
                <a href=format!("/nominations/{id}/review") class=LINK data-testid="review-link">{Msg::ReviewNominations.text(locale)}</a>
            })}
            {sees_leaderboard(role, status).then(|| view! {
                <a href=format!("/nominations/{id}/leaderboard") class=LINK data-testid="leaderboard-link">{Msg::Leaderboard.text(locale)}</a>
            })}
            {(role.can_run_cycles() && matches!(status, CycleStatus::Closed | CycleStatus::Finalized)).then(|| view! {
                <a href=format!("/nominations/{id}/calibration") class=LINK data-testid="calibration-link">{Msg::CalibrationLink.text(locale)}</a>
            })}
        </div>
    }
}

const LINK: &str = "text-sm font-medium text-indigo-700 hover:underline";
const PRIMARY_LINK: &str = "inline-flex items-center rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2";

fn loading(locale: Locale) -> impl IntoView {
    view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }
}

fn back_link(locale: Locale) -> impl IntoView {
    view! { <a href="/nominations" class=LINK>"← " {Msg::BackToNominations.text(locale)}</a> }
}

#[component]
pub fn NominationsPage() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let role = s.role().unwrap_or(Role::Employee);
    let cycles = Resource::new(|| (), |_| list_cycles());
    view! {
        <div class="flex flex-wrap items-start justify-between gap-4">
            <PageHeader title=Msg::NominationsTitle intro=Msg::NominationsIntro/>
            <div class="flex gap-3">
                <a href="/nominations/history" class=LINK data-testid="nominations-history-link">{Msg::NominationHistory.text(locale)}</a>
                {role.can_run_cycles().then(|| view! {
                    <a href="/admin/cycles" class=LINK data-testid="manage-cycles-link">{Msg::ManageCycles.text(locale)}</a>
                })}
            </div>
        </div>
        <Loaded data=cycles let:cycles>
            {if cycles.is_empty() {
                view! { <p class="text-sm text-slate-600">{Msg::CyclesEmpty.text(locale)}</p> }.into_any()
            } else {
                let order = [CycleStatus::Open, CycleStatus::Draft, CycleStatus::Closed, CycleStatus::Finalized];
                order.into_iter().filter_map(|status| {
                    let group: Vec<Cycle> = cycles.iter().filter(|c| c.status == status).cloned().collect();
                    (!group.is_empty()).then(|| view! { <CycleGroup status=status cycles=group role=role locale=locale/> })
                }).collect_view().into_any()
            }}
        </Loaded>
    }
}

#[component]
fn CycleGroup(status: CycleStatus, cycles: Vec<Cycle>, role: Role, locale: Locale) -> impl IntoView {
    let headers = [Msg::CycleColumn, Msg::WindowColumn, Msg::Criteria, Msg::Actions]
        .iter()
        .map(|m| m.text(locale).to_owned())
        .collect();
    view! {
        <section class="mb-8" data-testid=format!("cycles-{}", status.as_str())>
            <h2 class="mb-2 font-semibold text-slate-900">{cycle_status_msg(status).text(locale)}</h2>
            <Table caption=cycle_status_msg(status).text(locale) headers=headers>
                {cycles.into_iter().map(|cycle| {
                    let id = cycle.id;
                    let criteria = cycle.criteria.iter().filter(|c| c.is_active).map(|c| format!("{} {}", c.name, weight_percent(c.weight))).collect::<Vec<_>>().join(" · ");
                    view! {
                        <tr data-testid="cycle-row" data-status=cycle.status.as_str() data-name=cycle.name.clone()>
                            <td class="px-4 py-2.5">
                                <a href=format!("/nominations/{id}") class="font-medium text-slate-900 hover:underline">{cycle.name.clone()}</a>
                            </td>
                            <td class="px-4 py-2.5 text-slate-600 whitespace-nowrap">{window_text(&cycle, locale)}</td>
                            <td class="px-4 py-2.5 text-slate-600">{criteria}</td>
                            <td class="px-4 py-2.5"><CycleLinks cycle=cycle.clone() role=role locale=locale details=true/></td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </section>
    }
}

/// The cycle's active criteria in position order, with weights.
#[component]
pub fn CriteriaList(cycle: Cycle, locale: Locale) -> impl IntoView {
    let headers = [Msg::CriterionName, Msg::CriterionWeight, Msg::CriterionDescription]
        .iter()
        .map(|m| m.text(locale).to_owned())
        .collect();
    view! {
        <Table caption=Msg::Criteria.text(locale) headers=headers testid="criteria">
            {cycle.criteria.into_iter().filter(|c| c.is_active).map(|c| view! {
                <tr data-testid="criterion-row">
                    <td class="px-4 py-2.5 font-medium text-slate-900">{c.name}</td>
                    <td class="px-4 py-2.5 tabular-nums">{weight_percent(c.weight)}</td>
                    <td class="px-4 py-2.5 text-slate-600">{c.description}</td>
                </tr>
            }).collect_view()}
        </Table>
    }
}

#[component]
pub fn CyclePage() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let role = s.role().unwrap_or(Role::Employee);
    let id = id_param();
    let data = Resource::new(|| (), move |_| with_id(id, cycle_overview));
    view! {
        {back_link(locale)}
        <Loaded data=data let:data error_class="mt-4">
            {{
                let CyclePageData { cycle, mine } = data;
                let scale = tr!(locale, scale_info, min = cycle.scale_min.to_string(), max = cycle.scale_max.to_string());
                let headers = [Msg::Nominee, Msg::WeightedScore, Msg::FieldStatus, Msg::DecisionColumn].iter().map(|m| m.text(locale).to_owned()).collect();
                view! {
                    <div class="mt-4 flex flex-wrap items-start justify-between gap-4">
                        <div>
                            <h1 class="flex items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
                                {cycle.name.clone()} <CycleStatusBadge status=cycle.status locale=locale/>
                            </h1>
                            <p class="mt-1 text-sm text-slate-600">{window_text(&cycle, locale)} " · " {scale}</p>
                        </div>
                        <CycleLinks cycle=cycle.clone() role=role locale=locale/>
                    </div>
                    <p class="mt-4 whitespace-pre-line text-sm text-slate-700" data-testid="cycle-description">{cycle.description.clone()}</p>
                    <h2 class="mb-2 mt-6 font-semibold text-slate-900">{Msg::Criteria.text(locale)}</h2>
                    <CriteriaList cycle=cycle.clone() locale=locale/>
                    {role.can_nominate().then(|| view! {
                        <h2 class="mb-2 mt-8 font-semibold text-slate-900">{Msg::MyNominations.text(locale)}</h2>
                        {if mine.is_empty() {
                            view! { <p class="text-sm text-slate-600" data-testid="my-nominations-empty">{Msg::MyNominationsEmpty.text(locale)}</p> }.into_any()
                        } else {
                            view! {
                                <Table caption=Msg::MyNominations.text(locale) headers=headers testid="my-nominations">
                                    {mine.into_iter().map(|n| view! {
                                        <tr data-testid="my-nomination" data-nominee=n.nominee_name.clone()>
                                            <td class="px-4 py-2.5 font-medium text-slate-900">{n.nominee_name.clone()}</td>
                                            <td class="px-4 py-2.5 tabular-nums">{points_text(n.weighted_score)}</td>
                                            <td class="px-4 py-2.5"><NominationStatusBadge status=n.status locale=locale/></td>
                                            <td class="px-4 py-2.5"><NominationDecision nomination=n.clone() locale=locale/></td>
                                        </tr>
                                    }).collect_view()}
                                </Table>
                            }.into_any()
                        }}
                    })}
                }.into_any()
            }}
        </Loaded>
    }
}

#[component]
pub fn NominatePage() -> impl IntoView {
    let locale = session().locale;
    let id = id_param();
    view! {
        <Guarded allow=Role::can_nominate>
            {back_link(locale)}
            <Loaded data=Resource::new(|| (), move |_| with_id(id, nomination_form)) let:data error_class="mt-4">
                {{
                    let NominateData { cycle, candidates } = data;
                    let title = tr!(locale, nominate_title, cycle = cycle.name);
                    let body = if cycle.status == CycleStatus::Open {
                        view! { <NominateForm cycle=cycle.clone() candidates=candidates locale=locale/> }.into_any()
                    } else {
                        view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="not-nominating">{Msg::NotNominating.text(locale)}</p> }.into_any()
                    };
                    view! {
                        <h1 class="mt-4 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
                        <p class="mt-1 mb-6 text-sm text-slate-600">{window_text(&cycle, locale)}</p>
                        {body}
                    }.into_any()
                }}
            </Loaded>
        </Guarded>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let me = s.user.as_ref().map(|u| u.user_id).unwrap_or_default();
    let id = id_param();
    view! {
        <Guarded allow=Role::can_nominate>
            {back_link(locale)}
            <Loaded data=Resource::new(|| (), move |_| with_id(id, review_queue)) let:data error_class="mt-4">
                {{
                    let CycleWith { cycle, items } = data;
                    view! {
                            <h1 class="mt-4 flex items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
                                {tr!(locale, review_cycle_title, cycle = cycle.name)}
                                <CycleStatusBadge status=cycle.status locale=locale/>
                            </h1>
                            <p class="mt-1 mb-6 text-sm text-slate-600">{Msg::ReviewCycleIntro.text(locale)}</p>
                            <NominationReview nominations=items me=me locale=locale/>
                        }.into_any()
                }}
            </Loaded>
        </Guarded>
    }
}

/// Ranks, nominees, totals; shared ranks marked, the top three highlighted.
#[component]
pub fn RankingTable(rows: Vec<RankingRow>, locale: Locale) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="text-sm text-slate-600" data-testid="leaderboard-empty">{Msg::LeaderboardEmpty.text(locale)}</p> }.into_any();
    }
    let headers = [Msg::RankColumn, Msg::Nominee, Msg::TotalColumn, Msg::ApprovedColumn]
        .iter()
        .map(|m| m.text(locale).to_owned())
        .collect();
    let shared = |rank: i32| rows.iter().filter(|r| r.rank == rank).count() > 1;
    let lines: Vec<_> = rows.iter().map(|r| (r.clone(), shared(r.rank))).collect();
    view! {
        <Table caption=Msg::Leaderboard.text(locale) headers=headers testid="leaderboard">
            {lines.into_iter().map(|(row, tied)| {
                let highlight = match row.rank {
                    1 => "bg-amber-50 font-semibold",
                    2 => "bg-slate-100 font-semibold",
                    3 => "bg-orange-50 font-semibold",
                    _ => "",
                };
                let medal = match row.rank {
                    1 => "🥇 ",
                    2 => "🥈 ",
                    3 => "🥉 ",
                    _ => "",
                };
                view! {
                    <tr data-testid="leaderboard-row" data-rank=row.rank data-top=(row.rank <= 3).then_some("true") data-tied=tied.then_some("true") class=highlight>
                        <td class="px-4 py-2.5 tabular-nums whitespace-nowrap">
                            <span aria-hidden="true">{medal}</span>
                            <span data-testid="leaderboard-rank">{row.rank}</span>
                            {tied.then(|| view! { " " <Badge tone=Tone::Neutral>{Msg::Tied.text(locale)}</Badge> })}
                        </td>
                        <td class="px-4 py-2.5 text-slate-900" data-testid="leaderboard-nominee">{row.nominee_name.clone()}</td>
                        <td class="px-4 py-2.5 tabular-nums" data-testid="leaderboard-total">{row.total_text()}</td>
                        <td class="px-4 py-2.5 tabular-nums">{row.approved_count}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }.into_any()
}

#[component]
pub fn LeaderboardPage() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let role = s.role().unwrap_or(Role::Employee);
    let id = id_param();
    let page = use_query_map().get_untracked().get("page").and_then(|p| p.parse::<i64>().ok());
    let data = Resource::new(|| (), move |_| with_id(id, move |id| leaderboard(id, page)));
    view! {
        {back_link(locale)}
        <Suspense fallback=move || loading(locale)>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) if error.code == ErrorCode::Forbidden => {
                        crate::components::layout::set_status(error.code.http_status());
                        view! { <p role="alert" class="mt-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700" data-testid="leaderboard-hidden">{Msg::LeaderboardHidden.text(locale)}</p> }.into_any()
                    }
                    Err(error) => view! { <div class="mt-4"><LoadError error=error/></div> }.into_any(),
                    Ok(CycleRanking { cycle, page }) => {
                        let pages = page.page_count();
                        let path = format!("/nominations/{}/leaderboard", cycle.id);
                        let note = match cycle.finalized_at {
                            Some(at) => tr!(locale, leaderboard_final, date = at.format("%Y-%m-%d").to_string()),
                            None => Msg::LeaderboardLive.text(locale).to_owned(),
                        };
                        let csv = role.can_run_cycles() || cycle.status == CycleStatus::Finalized;
                        view! {
                            <div class="mt-4 flex flex-wrap items-start justify-between gap-4">
                                <div>
                                    <h1 class="flex items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
                                        {tr!(locale, leaderboard_title, cycle = cycle.name)}
                                        <CycleStatusBadge status=cycle.status locale=locale/>
                                    </h1>
                                    <p class="mt-1 text-sm text-slate-600" data-testid="leaderboard-note">{note}</p>
                                </div>
                                {csv.then(|| view! {
                                    <a href=format!("/api/v1/cycles/{}/rankings.csv", cycle.id) class=LINK data-testid="leaderboard-csv" download="">{Msg::DownloadCsv.text(locale)}</a>
                                })}
                            </div>
                            <div class="mt-6"><RankingTable rows=page.items locale=locale/></div>
                            {(pages > 1).then(|| view! {
                                <Pagination locale=locale path=path params=Vec::new() page=page.page pages=pages total=page.total/>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NominationHistoryPage() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let role = s.role().unwrap_or(Role::Employee);
    let data = Resource::new(|| (), |_| nomination_history());
    view! {
        {back_link(locale)}
        <div class="mt-4"><PageHeader title=Msg::HistoryPageTitle intro=Msg::HistoryPageIntro/></div>
        <Loaded data=data let:results>
            {if results.is_empty() {
                view! { <p class="text-sm text-slate-600">{Msg::HistoryEmptyCycles.text(locale)}</p> }.into_any()
            } else {
                results.into_iter().map(|CycleResults { cycle, rankings }| {
                        let finalized = cycle.finalized_at.map(|at| tr!(locale, finalized_on, date = at.format("%Y-%m-%d").to_string())).unwrap_or_default();
                        view! {
                            <section class="mb-10" data-testid="history-cycle" data-name=cycle.name.clone()>
                                <div class="mb-3 flex flex-wrap items-end justify-between gap-3">
                                    <div>
                                        <h2 class="text-lg font-semibold text-slate-900">{cycle.name.clone()}</h2>
                                        <p class="text-sm text-slate-600">{window_text(&cycle, locale)} " · " {finalized}</p>
                                    </div>
                                    <div class="flex flex-wrap gap-4">
                                        {role.can_run_cycles().then(|| view! {
                                            <a href=format!("/nominations/history/{}", cycle.id) class=LINK data-testid="history-archive">{Msg::ArchiveLink.text(locale)}</a>
                                        })}
                                        <a href=format!("/api/v1/cycles/{}/rankings.csv", cycle.id) class=LINK data-testid="history-csv" download="">{Msg::DownloadCsv.text(locale)}</a>
                                    </div>
                                </div>
                                <RankingTable rows=rankings locale=locale/>
                            </section>
                        }
                    }).collect_view().into_any()
            }}
        </Loaded>
    }
}

/// A finalized cycle's archive for hr and admins: the frozen ranking, then each nominee's
/// nominations with submitter, status, justification and criterion scores as frozen.
#[component]
pub fn NominationArchivePage() -> impl IntoView {
    let locale = session().locale;
    let id = id_param();
    view! {
        <a href="/nominations/history" class=LINK>"← " {Msg::HistoryPageTitle.text(locale)}</a>
        <Guarded allow=Role::can_run_cycles>
            {
                let data = Resource::new(|| (), move |_| with_id(id, nomination_archive));
                view! { <Loaded data=data let:archive>{archive_view(archive, locale)}</Loaded> }
            }
        </Guarded>
    }
}

fn archive_view(archive: CycleArchive, locale: Locale) -> impl IntoView {
    let CycleArchive { cycle, rankings, nominations } = archive;
    let finalized = cycle
        .finalized_at
        .map(|at| tr!(locale, finalized_on, date = at.format("%Y-%m-%d").to_string()))
        .unwrap_or_default();
    // Nominations arrive ranked nominees first; group them by nominee, keeping that order.
    let mut groups: Vec<(ArchivedNomination, Vec<ArchivedNomination>)> = Vec::new();
    for n in nominations {
        match groups.last_mut() {
            Some((first, list)) if first.nominee_id == n.nominee_id => list.push(n),
            _ => groups.push((n.clone(), vec![n])),
        }
    }
    let empty = groups.is_empty();
    let standing = |nominee: uuid::Uuid| rankings.iter().find(|r| r.nominee_id == nominee).cloned();
    let sections = groups
        .into_iter()
        .map(|(first, list)| {
            let ranked = standing(first.nominee_id);
            let heading = tr!(locale, archive_nominee_heading, name = first.nominee_name.clone(), count = list.len().to_string());
            view! {
                <section class="mt-8" data-testid="archive-nominee" data-nominee=first.nominee_name.clone()>
                    <h2 class="flex flex-wrap items-baseline gap-3 text-lg font-semibold text-slate-900">
                        {match &ranked {
                            Some(r) => view! { <span class="tabular-nums text-slate-500">"#" {r.rank}</span> }.into_any(),
                            None => view! { <Badge tone=Tone::Neutral>{Msg::ArchiveNotRanked.text(locale)}</Badge> }.into_any(),
                        }}
                        <span>{heading}</span>
                        {ranked.map(|r| view! { <span class="text-sm font-normal text-slate-600">{Msg::TotalColumn.text(locale)} ": " <span class="tabular-nums">{r.total_text()}</span></span> })}
                    </h2>
                    <ul class="mt-3 space-y-3">
                        {list.into_iter().map(|n| archived_nomination(n, locale)).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="mt-4 flex flex-wrap items-start justify-between gap-4">
            <div>
                <h1 class="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
                    {tr!(locale, archive_title, cycle = cycle.name.clone())}
                    <CycleStatusBadge status=cycle.status locale=locale/>
                </h1>
                <p class="mt-1 text-sm text-slate-600">{window_text(&cycle, locale)} " · " {finalized}</p>
                <p class="mt-2 max-w-3xl text-sm text-slate-600">{Msg::ArchiveIntro.text(locale)}</p>
            </div>
            <div class="flex flex-wrap gap-4">
                <a href=format!("/nominations/{}/calibration", cycle.id) class=LINK data-testid="calibration-link">{Msg::CalibrationLink.text(locale)}</a>
                <a href=format!("/api/v1/cycles/{}/archive.csv", cycle.id) class=LINK data-testid="archive-csv" download="">{Msg::ArchiveCsv.text(locale)}</a>
            </div>
        </div>
        <div class="mt-6"><RankingTable rows=rankings.clone() locale=locale/></div>
        {empty.then(|| view! { <p class="mt-6 text-sm text-slate-600" data-testid="archive-empty">{Msg::ArchiveEmpty.text(locale)}</p> })}
        {sections}
    }
}

fn archived_nomination(n: ArchivedNomination, locale: Locale) -> impl IntoView {
    let headers =
        [Msg::CriterionName, Msg::ScoreColumn, Msg::CommentLabel].iter().map(|m| m.text(locale).to_owned()).collect();
    view! {
        <li class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="archive-nomination" data-status=n.status.as_str()>
            <div class="flex flex-wrap items-start justify-between gap-3">
                <p class="text-sm text-slate-700">{Msg::Submitter.text(locale)} " " <span class="font-medium text-slate-900" data-testid="archive-submitter">{n.submitter_name.clone()}</span></p>
                <div class="flex items-center gap-3 text-sm">
                    <NominationStatusBadge status=n.status locale=locale/>
                    <span>{Msg::WeightedScore.text(locale)} ": " <span class="font-semibold tabular-nums">{points_text(n.weighted_score)}</span></span>
                </div>
            </div>
            <p class="mt-3 whitespace-pre-line break-words text-sm text-slate-700" data-testid="archive-justification">{n.justification.clone()}</p>
            {(!n.scores.is_empty()).then(|| view! {
                <div class="mt-3">
                    <Table caption=Msg::ScoreColumn.text(locale) headers=headers testid="archive-scores">
                        {n.scores.iter().map(|s| view! {
                            <tr>
                                <td class="px-4 py-2 text-slate-900">{s.criterion_name.clone()}</td>
                                <td class="px-4 py-2 tabular-nums">{s.score}</td>
                                <td class="px-4 py-2 whitespace-pre-line break-words text-slate-600">{s.comment.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </Table>
                </div>
            })}
        </li>
    }
}
