//! The sponsor's Admin tab: settings, answer key, rescoring, statistics, announcements and
//! submissions.

use super::*;
use crate::competitions::Shakeup;

/// A bar chart as inline SVG: one bar per value, labels under the first and last bar.
#[component]
fn BarChart(title: Msg, bars: Vec<(String, i64)>, locale: Locale, testid: &'static str) -> impl IntoView {
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let (width, height) = (560.0_f64, 160.0_f64);
    let slot = width / bars.len().max(1) as f64;
    let first = bars.first().map(|(l, _)| l.clone()).unwrap_or_default();
    let last = bars.last().map(|(l, _)| l.clone()).unwrap_or_default();
    view! {
        <figure class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid=testid>
            <figcaption class="mb-2 text-sm font-medium text-slate-900">{title.text(locale)}</figcaption>
            <svg viewBox=format!("0 0 {width} {}", height + 20.0) class="h-44 w-full" role="img" aria-label=title.text(locale)>
                {bars.iter().enumerate().map(|(i, (label, value))| {
                    let h = (*value as f64 / max as f64) * (height - 14.0);
                    let x = i as f64 * slot + slot * 0.1;
                    view! {
                        <g data-testid="chart-bar" data-value=*value>
                            <title>{format!("{label}: {value}")}</title>
                            <rect x=x y=height - h width=slot * 0.8 height=h rx="2" class="fill-indigo-500"/>
                            {(*value > 0).then(|| view! {
                                <text x=x + slot * 0.4 y=height - h - 3.0 text-anchor="middle" class="fill-slate-600 text-[10px]">{*value}</text>
                            })}
                        </g>
                    }
                }).collect_view()}
                <text x="0" y=height + 16.0 class="fill-slate-500 text-[11px]">{first}</text>
                <text x=width y=height + 16.0 text-anchor="end" class="fill-slate-500 text-[11px]">{last}</text>
            </svg>
        </figure>
    }
}

/// Where the latest rescoring stands, in a sentence.
fn rescoring_text(r: &Rescoring, locale: Locale) -> String {
    let (version, total) = (r.version.to_string(), r.total.to_string());
    match r.status {
        RescoringStatus::Pending | RescoringStatus::Running => {
            tr!(locale, rescoring_running, version = version, done = r.done.to_string(), total = total)
        }
        RescoringStatus::Done => tr!(
            locale,
            rescoring_done,
            version = version,
            total = total,
            invalid = r.no_longer_scored.to_string(),
            moves = r.rank_moves.len().to_string()
        ),
        RescoringStatus::Superseded => {
            tr!(locale, rescoring_superseded, version = version)
        }
    }
}

#[component]
pub(super) fn AdminTab(data: CompetitionView, locale: Locale) -> impl IntoView {
    let Some(admin) = data.admin.clone() else {
        return view! { <p></p> }.into_any();
    };
    let c = data.competition.clone();
    let stats = admin.stats.clone();
    let base = format!("/competitions/{}", c.slug);
    let submission_pages = admin.submissions.page_count();
    let mut admin_params = vec![("tab".to_owned(), "admin".to_owned())];
    if let Some(status) = admin.filter {
        admin_params.push(("status".to_owned(), status.as_str().to_owned()));
    }
    if let Some((user, _)) = &admin.user_filter {
        admin_params.push(("user".to_owned(), user.to_string()));
    }
    let participant_pages = admin.participants.page_count();
    let filtered_name = admin.user_filter.as_ref().map(|(_, name)| name.clone());
    let user_query = admin.user_filter.as_ref().map(|(user, _)| format!("&user={user}")).unwrap_or_default();
    let per_day: Vec<(String, i64)> =
        stats.per_day.iter().map(|d| (d.day.format("%m-%d").to_string(), d.count)).collect();
    let distribution: Vec<(String, i64)> =
        stats.distribution.iter().map(|b| (format!("{:.3}", b.from), b.count)).collect();
    let last_to = stats.distribution.last().map(|b| format!("{:.3}", b.to));
    let stat = |label: Msg, value: String, testid: &'static str| stat_tile(label.text(locale), value, testid);
    let participant_headers =
        [Msg::ParticipantColumn, Msg::EnrolledColumn, Msg::EntriesColumn, Msg::StatBest, Msg::Actions]
            .iter()
            .map(|m| m.text(locale).to_owned())
            .collect();
    let submission_headers =
        [Msg::SubmittedColumn, Msg::ParticipantColumn, Msg::FieldStatus, Msg::ScoreColumn, Msg::Actions]
            .iter()
            .map(|m| m.text(locale).to_owned())
            .collect();
    let key_text = if c.answer_key_version > 0 {
        tr!(
            locale,
            answer_key_info_text,
            version = c.answer_key_version.to_string(),
            rows = c.answer_key_rows.to_string(),
            public = c.answer_key_public_rows.to_string()
        )
    } else {
        Msg::NoKeyYet.text(locale).to_owned()
    };
    view! {
        <div class="space-y-10" data-testid="admin-panel">
            <section class="grid gap-6 lg:grid-cols-2">
                <div class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                    <h2 class="mb-3 font-semibold text-slate-900">{Msg::SettingsHeading.text(locale)}</h2>
                    <CompetitionSettingsForm competition=c.clone() locale=locale/>
                </div>
                <div class="space-y-6">
                    <div class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                        <h2 class="mb-2 font-semibold text-slate-900">{Msg::AnswerKeyHeading.text(locale)}</h2>
                        <p class="mb-3 text-sm text-slate-700" data-testid="answer-key-info" data-version=c.answer_key_version>{key_text}</p>
                        {(c.answer_key_version > 0).then(|| view! {
                            <p class="mb-3 flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="answer-key-versions">
                                {Msg::AnswerKeyVersions.text(locale)}
                                {(1..=c.answer_key_version).rev().map(|version| view! {
                                    <a href=format!("/api/v1/competitions/{}/answer-key/versions/{version}/file", c.id) download=""
                                        class="rounded-md border border-slate-300 px-2 py-0.5 font-medium text-indigo-700 hover:bg-slate-50"
                                        data-testid="answer-key-download">{tr!(locale, answer_key_version_link, version = version.to_string())}</a>
                                }).collect_view()}
                            </p>
                        })}
                        {admin.rescoring.clone().filter(|r| r.total > 0).map(|r| view! {
                            <p class="mb-3 rounded-lg bg-slate-50 p-3 text-sm text-slate-700" role="status"
                                data-testid="rescoring-progress" data-status=r.status.as_str()>
                                {rescoring_text(&r, locale)}
                            </p>
                        })}
                        {(c.status != CompetitionStatus::Ended).then(|| view! {
                            <FileUpload url=format!("/api/v1/competitions/{}/answer-key", c.id) kind=UploadKind::AnswerKey locale=locale/>
                        })}
                        {(c.status == CompetitionStatus::Draft).then(|| view! {
                            <div class="mt-4 border-t border-slate-100 pt-4">
                                <p class="mb-2 text-sm text-slate-600">{Msg::ActivateHint.text(locale)}</p>
                                <ActivateButton competition_id=c.id locale=locale/>
                            </div>
                        })}
                    </div>
                    <div class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                        <h2 class="mb-3 font-semibold text-slate-900">{Msg::AnnounceHeading.text(locale)}</h2>
                        <AnnounceForm competition_id=c.id locale=locale/>
                    </div>
                </div>
            </section>
            <section>
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::StatsHeading.text(locale)}</h2>
                <dl class="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-6">
                    {stat(Msg::ParticipantsLabel, stats.participants.to_string(), "stat-participants")}
                    {stat(Msg::StatSubmissions, stats.submissions.to_string(), "stat-submissions")}
                    {stat(Msg::StatScored, stats.scored.to_string(), "stat-scored")}
                    {stat(Msg::StatInvalid, stats.invalid.to_string(), "stat-invalid")}
                    {stat(Msg::StatInvalidated, stats.invalidated.to_string(), "stat-invalidated")}
                    {stat(Msg::StatBest, stats.best_score.map(score_text).unwrap_or_else(|| "—".into()), "stat-best")}
                </dl>
                <div class="grid gap-4 lg:grid-cols-2">
                    <BarChart title=Msg::ChartPerDay bars=per_day locale=locale testid="chart-per-day"/>
                    {if distribution.is_empty() {
                        view! { <p class="text-sm text-slate-600">{Msg::ChartEmpty.text(locale)}</p> }.into_any()
                    } else {
                        let mut bars = distribution;
                        if let (Some(last), Some(to)) = (bars.last_mut(), last_to) {
                            last.0 = format!("{} – {to}", last.0);
                        }
                        view! { <BarChart title=Msg::ChartDistribution bars=bars locale=locale testid="chart-distribution"/> }.into_any()
                    }}
                </div>
            </section>
            {admin.shakeup.clone().map(|report| view! { <ShakeupSection report=report locale=locale/> })}
            <section>
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::ParticipantsHeading.text(locale)}</h2>
                <Table caption=Msg::ParticipantsHeading.text(locale) headers=participant_headers testid="admin-participants">
                    {admin.participants.items.iter().map(|p| view! {
                        <tr data-testid="participant-row">
                            <td class="px-4 py-2.5">{p.display_name.clone()} <span class="block text-xs text-slate-500">{p.email.clone()}</span></td>
                            <td class="px-4 py-2.5 text-slate-600"><LocalTime iso=p.enrolled_at.to_rfc3339() fallback=utc_text(p.enrolled_at) locale=locale/></td>
                            <td class="px-4 py-2.5 tabular-nums">{p.submissions}</td>
                            <td class="px-4 py-2.5 tabular-nums">{p.best_score.map(score_text).unwrap_or_else(|| "—".into())}</td>
                            <td class="px-4 py-2.5">
                                <a href=format!("/competitions/{}?tab=admin&user={}#all-submissions", c.slug, p.user_id) class="font-medium text-indigo-700 hover:underline"
                                    data-testid="participant-submissions-link">{Msg::ParticipantSubmissionsLink.text(locale)}</a>
                            </td>
                        </tr>
                    }).collect_view()}
                </Table>
                {(participant_pages > 1).then(|| view! {
                    <Pagination locale=locale path=base.clone() params=vec![("tab".to_owned(), "admin".to_owned())] param="participants"
                        page=admin.participants.page pages=participant_pages total=admin.participants.total/>
                })}
            </section>
            <section>
                <div class="mb-3 flex flex-wrap items-center justify-between gap-3">
                    <h2 class="font-semibold text-slate-900" id="all-submissions">
                        {match filtered_name.clone() {
                            Some(name) => tr!(locale, submissions_of, name = name),
                            None => Msg::AllSubmissionsHeading.text(locale).to_owned(),
                        }}
                        {filtered_name.is_some().then(|| view! {
                            <a href=format!("{base}?tab=admin#all-submissions") class="ml-3 text-sm font-medium text-indigo-700 hover:underline"
                                data-testid="show-all-submissions">{Msg::ShowAllSubmissions.text(locale)}</a>
                        })}
                    </h2>
                    <nav class="flex gap-1 text-sm" data-testid="submission-filter">
                        {[None, Some(SubmissionStatus::Scored), Some(SubmissionStatus::Invalid), Some(SubmissionStatus::Invalidated)].into_iter().map(|status| {
                            let current = status == admin.filter;
                            let href = match status {
                                None => format!("{base}?tab=admin{user_query}"),
                                Some(s) => format!("{base}?tab=admin&status={}{user_query}", s.as_str()),
                            };
                            let label = status.map_or(Msg::FilterAll, submission_status_msg);
                            let class = if current { "rounded-md bg-indigo-50 px-2 py-1 font-semibold text-indigo-700" } else { "rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100" };
                            view! { <a href=href class=class aria-current=current.then_some("page")>{label.text(locale)}</a> }
                        }).collect_view()}
                    </nav>
                </div>
                <Table caption=Msg::AllSubmissionsHeading.text(locale) headers=submission_headers testid="admin-submissions">
                    {admin.submissions.items.iter().map(|s| view! {
                        <tr data-testid="admin-submission-row" data-status=s.status.as_str() data-name=s.display_name.clone() data-id=s.id.to_string()>
                            <td class="px-4 py-2.5 text-slate-600"><LocalTime iso=s.submitted_at.to_rfc3339() fallback=utc_text(s.submitted_at) locale=locale/></td>
                            <td class="px-4 py-2.5">{s.display_name.clone()}</td>
                            <td class="px-4 py-2.5">
                                <SubmissionStatusBadge status=s.status locale=locale/>
                                {s.invalidation_reason.clone().map(|r| view! { <p class="mt-1 text-xs text-amber-800">{r}</p> })}
                            </td>
                            <td class="px-4 py-2.5 tabular-nums">{s.score.map(score_text).unwrap_or_else(|| "—".into())}</td>
                            <td class="px-4 py-2.5">
                                <div class="flex flex-wrap items-center gap-3">
                                    {(s.status != SubmissionStatus::Invalid).then(|| view! {
                                        <a href=format!("/api/v1/competitions/{}/submissions/{}/file", c.id, s.id) download=s.file_name.clone()
                                            class="text-sm font-medium text-indigo-700 hover:underline" data-testid="admin-download-submission">
                                            {Msg::DownloadAction.text(locale)}
                                        </a>
                                    })}
                                    {(s.status == SubmissionStatus::Scored).then(|| view! {
                                        <InvalidateButton competition_id=c.id submission_id=s.id locale=locale/>
                                    })}
                                </div>
                            </td>
                        </tr>
                    }).collect_view()}
                </Table>
                {(submission_pages > 1).then(|| view! {
                    <Pagination locale=locale path=base.clone() params=admin_params.clone() page=admin.submissions.page pages=submission_pages total=admin.submissions.total/>
                })}
            </section>
        </div>
    }
    .into_any()
}

/// How the ranks moved from the public to the private board (after the deadline).
#[component]
fn ShakeupSection(report: Shakeup, locale: Locale) -> impl IntoView {
    let stat = |label: Msg, value: String, testid: &'static str| stat_tile(label.text(locale), value, testid);
    let headers = [Msg::ParticipantColumn, Msg::ShakeupPublicRank, Msg::ShakeupPrivateRank, Msg::ShakeupPlaces]
        .iter()
        .map(|m| m.text(locale).to_owned())
        .collect();
    let moved = format!("{} / {}", report.moved, report.participants);
    view! {
        <section data-testid="shakeup">
            <h2 class="mb-1 font-semibold text-slate-900">{Msg::ShakeupHeading.text(locale)}</h2>
            <p class="mb-3 text-sm text-slate-600">{Msg::ShakeupIntro.text(locale)}</p>
            <dl class="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-3">
                {stat(Msg::ShakeupSpearman, report.spearman.map(|r| format!("{r:.3}")).unwrap_or_else(|| "—".into()), "shakeup-spearman")}
                {stat(Msg::ShakeupMoved, moved, "shakeup-moved")}
                {stat(Msg::ShakeupMeanMove, format!("{:.2}", report.mean_move), "shakeup-mean-move")}
            </dl>
            {if report.biggest_moves.is_empty() {
                view! { <p class="text-sm text-slate-600">{Msg::ShakeupNone.text(locale)}</p> }.into_any()
            } else {
                view! {
                    <Table caption=Msg::ShakeupHeading.text(locale) headers=headers testid="shakeup-moves">
                        {report.biggest_moves.iter().map(|m| view! {
                            <tr data-testid="shakeup-move" data-places=m.places>
                                <td class="px-4 py-2.5">{m.display_name.clone()}</td>
                                <td class="px-4 py-2.5 tabular-nums">{m.public_rank}</td>
                                <td class="px-4 py-2.5 tabular-nums">{m.private_rank}</td>
                                <td class="px-4 py-2.5 tabular-nums">{if m.places > 0 { format!("+{}", m.places) } else { m.places.to_string() }}</td>
                            </tr>
                        }).collect_view()}
                    </Table>
                }.into_any()
            }}
        </section>
    }
}

/// One figure of the sponsor's statistics: a label over its value.
fn stat_tile(label: &'static str, value: String, testid: &'static str) -> impl IntoView {
    view! {
        <div class="rounded-lg border border-slate-200 bg-white px-4 py-3" data-testid=testid>
            <dt class="text-xs text-slate-500">{label}</dt>
            <dd class="text-lg font-semibold tabular-nums text-slate-900">{value}</dd>
        </div>
    }
}
