//! `/competitions` (list with status filter and search), `/competitions/new` and
//! `/competitions/:slug` with its tabs: Overview, Data, Leaderboard, Submissions and (for the
//! sponsor) Admin. Tabs are links (`?tab=`), so a tab keeps its place when the page reloads after
//! enrolling or any other change of mode.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::LoadError;
use crate::app::error::PageError;
use crate::competitions::{
    Announcement, Competition, CompetitionInput, CompetitionPatch, CompetitionRole,
    CompetitionStatus, CompetitionView, LeaderboardRow, Rescoring, RescoringStatus, Submission,
    SubmissionStatus, UserContext,
};
use crate::components::{Badge, PageHeader, Pagination, Table, Tone};
use crate::domain::metrics::{Metric, ValueKind};
use crate::domain::{Locale, Page};
use crate::i18n::{competition_role_msg, competition_status_msg, submission_status_msg, tr, Msg};
use crate::islands::{
    ActivateButton, AnnounceForm, CompetitionCreateForm, CompetitionSettingsForm, EnrollButton,
    FileUpload, InvalidateButton, LocalTime, UploadKind,
};
use crate::session::session;

/// The page's own actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompetitionCommand {
    Enroll,
    Unenroll,
    Activate,
}

#[server(endpoint = "competitions/list")]
pub async fn list_competitions(
    status: Option<String>,
    q: Option<String>,
    page: u32,
) -> Result<Page<Competition>, PageError> {
    use crate::domain::PageRequest;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let statuses: Vec<CompetitionStatus> = status
        .as_deref()
        .and_then(CompetitionStatus::parse)
        .into_iter()
        .collect();
    let page = PageRequest {
        page: page.max(1),
        page_size: crate::competitions::view::PAGE_SIZE,
    };
    Ok(
        crate::competitions::service::list(&state.pool, &ctx, &statuses, q.as_deref(), page)
            .await?,
    )
}

/// What the competition page was asked for: `?around=me`, `?page=` (of the tab's main list)
/// and, on the Admin tab, `?status=` of the submissions.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageQuery {
    pub around: bool,
    pub page: u32,
    pub status: Option<String>,
}

#[server(endpoint = "competitions/page")]
pub async fn competition_page(
    slug: String,
    query: PageQuery,
) -> Result<CompetitionView, PageError> {
    use crate::competitions::view::{competition_view, ViewRequest};
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let request = ViewRequest {
        around: query.around,
        page: query.page,
        status: query.status.as_deref().and_then(SubmissionStatus::parse),
        max_upload_bytes: state.config.max_upload_bytes,
    };
    Ok(competition_view(&state.pool, &ctx, &slug, &request).await?)
}

#[server(endpoint = "competitions/create")]
pub async fn create_competition(input: CompetitionInput) -> Result<Competition, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::competitions::service::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "competitions/update")]
pub async fn update_competition(
    id: Uuid,
    patch: CompetitionPatch,
) -> Result<Competition, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::competitions::service::update(&state.pool, &ctx, id, &patch).await?)
}

#[server(endpoint = "competitions/act")]
pub async fn competition_action(id: Uuid, action: CompetitionCommand) -> Result<(), PageError> {
    use crate::competitions::service;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    match action {
        CompetitionCommand::Enroll => {
            service::enroll(&state.pool, &ctx, id).await?;
        }
        CompetitionCommand::Unenroll => {
            service::unenroll(&state.pool, &ctx, id).await?;
        }
        CompetitionCommand::Activate => {
            service::activate(&state.pool, &ctx, id).await?;
        }
    }
    Ok(())
}

#[server(endpoint = "competitions/invalidate")]
pub async fn invalidate_submission(
    id: Uuid,
    submission_id: Uuid,
    reason: String,
) -> Result<Submission, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(
        crate::competitions::service::invalidate(&state.pool, &ctx, id, submission_id, &reason)
            .await?,
    )
}

#[server(endpoint = "competitions/announce")]
pub async fn announce_competition(id: Uuid, body: String) -> Result<Announcement, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::competitions::service::announce(&state.pool, &ctx, id, &body).await?)
}

/// `?page=` as a page number (1 when missing or not a number).
fn page_number(value: Option<String>) -> u32 {
    value
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// A score as participants read it: five decimals.
pub fn score_text(score: f64) -> String {
    format!("{score:.5}")
}

fn metric_name(metric: Metric) -> &'static str {
    match metric {
        Metric::Auc => "AUC-ROC",
        Metric::Accuracy => "Accuracy",
        Metric::LogLoss => "Log loss",
        Metric::F1 => "F1",
        Metric::Rmse => "RMSE",
        Metric::Mae => "MAE",
    }
}

fn utc_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[component]
pub fn CompetitionStatusBadge(status: CompetitionStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        CompetitionStatus::Draft => Tone::Neutral,
        CompetitionStatus::Active => Tone::Success,
        CompetitionStatus::Ended => Tone::Info,
    };
    view! {
        <span data-testid="competition-status" data-status=status.as_str()>
            <Badge tone=tone>{competition_status_msg(status).text(locale)}</Badge>
        </span>
    }
}

#[component]
fn RoleBadge(role: CompetitionRole, locale: Locale) -> impl IntoView {
    let tone = match role {
        CompetitionRole::Sponsor => Tone::Warning,
        CompetitionRole::Participant => Tone::Success,
        CompetitionRole::Viewer => Tone::Neutral,
    };
    view! {
        <span data-testid="competition-role" data-role=role.as_str()>
            <Badge tone=tone>{competition_role_msg(role).text(locale)}</Badge>
        </span>
    }
}

#[component]
fn SubmissionStatusBadge(status: SubmissionStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        SubmissionStatus::Scored => Tone::Success,
        SubmissionStatus::Invalid => Tone::Danger,
        SubmissionStatus::Invalidated => Tone::Warning,
    };
    view! {
        <span data-testid="submission-status" data-status=status.as_str()>
            <Badge tone=tone>{submission_status_msg(status).text(locale)}</Badge>
        </span>
    }
}

#[component]
pub fn CompetitionsPage() -> impl IntoView {
    let locale = session().locale;
    let query = use_query_map().get_untracked();
    let status = query.get("status").filter(|s| !s.is_empty());
    let q = query.get("q").filter(|s| !s.is_empty());
    let page = page_number(query.get("page"));
    let params: Vec<(String, String)> = [("status", &status), ("q", &q)]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_owned(), v)))
        .collect();
    let (status_arg, q_arg) = (status.clone(), q.clone());
    let competitions = Resource::new(
        || (),
        move |_| list_competitions(status_arg.clone(), q_arg.clone(), page),
    );
    let option = move |value: &'static str, label: Msg| {
        let selected = status.as_deref() == Some(value) || (value.is_empty() && status.is_none());
        view! { <option value=value selected=selected>{label.text(locale)}</option> }
    };
    view! {
        <div class="flex flex-wrap items-start justify-between gap-4">
            <PageHeader title=Msg::CompetitionsTitle intro=Msg::CompetitionsIntro/>
            <a href="/competitions/new" data-testid="new-competition"
                class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">
                {Msg::NewCompetition.text(locale)}
            </a>
        </div>
        <form method="get" action="/competitions" class="mb-6 flex flex-wrap items-end gap-3" data-testid="competition-filter">
            <label class="text-sm">
                <span class="block text-slate-600">{Msg::FieldStatus.text(locale)}</span>
                <select name="status" class="mt-1 rounded-lg border-slate-300 text-sm">
                    {option("", Msg::FilterAll)}
                    {option("active", Msg::CompStatusActive)}
                    {option("ended", Msg::CompStatusEnded)}
                    {option("draft", Msg::CompStatusDraft)}
                </select>
            </label>
            <label class="text-sm">
                <span class="block text-slate-600">{Msg::SearchLabel.text(locale)}</span>
                <input type="search" name="q" value=q.unwrap_or_default() class="mt-1 rounded-lg border-slate-300 text-sm"/>
            </label>
            <button type="submit" class="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50">
                {Msg::FilterApply.text(locale)}
            </button>
        </form>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || {
                let params = params.clone();
                Suspend::new(async move {
                match competitions.await {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(list) if list.items.is_empty() => view! {
                        <p class="text-sm text-slate-600" data-testid="competitions-empty">{Msg::CompetitionsEmpty.text(locale)}</p>
                    }.into_any(),
                    Ok(list) => {
                        let (page, pages, total) = (list.page, list.page_count(), list.total);
                        view! {
                            <ul class="grid gap-4 sm:grid-cols-2">
                                {list.items.into_iter().map(|c| view! { <CompetitionCard competition=c locale=locale/> }).collect_view()}
                            </ul>
                            {(pages > 1).then(|| view! { <Pagination locale=locale path="/competitions" params=params page=page pages=pages total=total/> })}
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
}

#[component]
fn CompetitionCard(competition: Competition, locale: Locale) -> impl IntoView {
    let c = competition;
    let role = c
        .user_context
        .as_ref()
        .map_or(CompetitionRole::Viewer, |u| u.role);
    view! {
        <li data-testid="competition-card" data-slug=c.slug.clone() data-status=c.status.as_str()
            class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <div class="flex items-start justify-between gap-3">
                <a href=format!("/competitions/{}", c.slug) class="font-semibold text-slate-900 hover:text-indigo-700">{c.title.clone()}</a>
                <span class="flex shrink-0 gap-1">
                    <CompetitionStatusBadge status=c.status locale=locale/>
                    <RoleBadge role=role locale=locale/>
                </span>
            </div>
            <dl class="mt-3 grid grid-cols-3 gap-2 text-xs text-slate-600">
                <div><dt>{Msg::MetricLabel.text(locale)}</dt><dd class="font-medium text-slate-900">{metric_name(c.metric)}</dd></div>
                <div><dt>{Msg::ParticipantsLabel.text(locale)}</dt><dd class="font-medium text-slate-900 tabular-nums">{c.participant_count}</dd></div>
                <div><dt>{Msg::DeadlineLabel.text(locale)}</dt><dd class="font-medium text-slate-900"><LocalTime iso=c.deadline.to_rfc3339() fallback=utc_text(c.deadline) locale=locale/></dd></div>
            </dl>
        </li>
    }
}

#[component]
pub fn NewCompetitionPage() -> impl IntoView {
    let locale = session().locale;
    let deadline = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    view! {
        <a href="/competitions" class="text-sm font-medium text-indigo-700 hover:underline">"← " {Msg::CompetitionsTitle.text(locale)}</a>
        <div class="mt-4">
            <PageHeader title=Msg::NewCompetition intro=Msg::NewCompetitionIntro/>
            <CompetitionCreateForm locale=locale default_deadline=deadline/>
        </div>
    }
}

/// The tabs of the competition page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Data,
    Leaderboard,
    Submissions,
    Admin,
}

impl Tab {
    fn parse(value: &str) -> Tab {
        match value {
            "data" => Tab::Data,
            "leaderboard" => Tab::Leaderboard,
            "submissions" => Tab::Submissions,
            "admin" => Tab::Admin,
            _ => Tab::Overview,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Data => "data",
            Tab::Leaderboard => "leaderboard",
            Tab::Submissions => "submissions",
            Tab::Admin => "admin",
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Tab::Overview => "tab-overview",
            Tab::Data => "tab-data",
            Tab::Leaderboard => "tab-leaderboard",
            Tab::Submissions => "submit-tab",
            Tab::Admin => "admin-tab",
        }
    }

    fn label(self) -> Msg {
        match self {
            Tab::Overview => Msg::TabOverview,
            Tab::Data => Msg::TabData,
            Tab::Leaderboard => Msg::TabLeaderboard,
            Tab::Submissions => Msg::TabSubmissions,
            Tab::Admin => Msg::TabAdmin,
        }
    }
}

#[component]
pub fn CompetitionPage() -> impl IntoView {
    let locale = session().locale;
    let slug = use_params_map()
        .get_untracked()
        .get("slug")
        .unwrap_or_default();
    let query = use_query_map().get_untracked();
    let tab = Tab::parse(query.get("tab").as_deref().unwrap_or(""));
    let around = query.get("around").as_deref() == Some("me");
    let request = PageQuery {
        around,
        page: page_number(query.get("page")),
        status: query.get("status").filter(|s| !s.is_empty()),
    };
    let data = Resource::new(
        || (),
        move |_| competition_page(slug.clone(), request.clone()),
    );
    view! {
        <a href="/competitions" class="text-sm font-medium text-indigo-700 hover:underline">"← " {Msg::CompetitionsTitle.text(locale)}</a>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <div class="mt-4"><LoadError error=error/></div> }.into_any(),
                    Ok(data) => view! { <CompetitionView data=data tab=tab around=around locale=locale/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CompetitionView(data: CompetitionView, tab: Tab, around: bool, locale: Locale) -> impl IntoView {
    let c = data.competition.clone();
    let context = c.user_context.clone().unwrap_or(UserContext {
        role: CompetitionRole::Viewer,
        enrolled_at: None,
        best_score: None,
        rank: None,
        submissions_today: 0,
        submissions_limit: c.daily_submission_limit,
        resets_at: chrono::Utc::now(),
    });
    let sponsor = context.role == CompetitionRole::Sponsor;
    let tab = if tab == Tab::Admin && !sponsor {
        Tab::Overview
    } else {
        tab
    };
    let mut tabs = vec![Tab::Overview, Tab::Data, Tab::Leaderboard, Tab::Submissions];
    if sponsor {
        tabs.push(Tab::Admin);
    }
    let base = format!("/competitions/{}", c.slug);
    let action = match (context.role, c.status) {
        (CompetitionRole::Viewer, CompetitionStatus::Active) => Some((c.id, false)),
        (CompetitionRole::Participant, CompetitionStatus::Active) => Some((c.id, true)),
        _ => None,
    };
    view! {
        <div class="mt-4 flex flex-wrap items-start justify-between gap-4" data-testid="competition-header" data-slug=c.slug.clone()>
            <div>
                <h1 class="text-2xl font-bold tracking-tight text-slate-900">{c.title.clone()}</h1>
                <p class="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
                    <CompetitionStatusBadge status=c.status locale=locale/>
                    <RoleBadge role=context.role locale=locale/>
                    {(context.role == CompetitionRole::Participant).then(|| view! {
                        <span data-testid="enrolled-badge"><Badge tone=Tone::Success>{Msg::EnrolledBadge.text(locale)}</Badge></span>
                    })}
                    <span>{Msg::MetricLabel.text(locale)} ": " {metric_name(c.metric)}</span>
                    <span>"· " {Msg::SponsorLabel.text(locale)} ": " {c.sponsor_name.clone()}</span>
                    <span>"· " {Msg::DeadlineLabel.text(locale)} ": " <LocalTime iso=c.deadline.to_rfc3339() fallback=utc_text(c.deadline) locale=locale/></span>
                </p>
            </div>
            {action.map(|(id, enrolled)| view! { <EnrollButton competition_id=id enrolled=enrolled locale=locale/> })}
        </div>
        <nav class="mt-6 flex gap-1 border-b border-slate-200" aria-label=Msg::TabOverview.text(locale)>
            {tabs.into_iter().map(|t| {
                let current = t == tab;
                let class = if current {
                    "-mb-px border-b-2 border-indigo-600 px-4 py-2 text-sm font-semibold text-indigo-700"
                } else {
                    "px-4 py-2 text-sm font-medium text-slate-600 hover:text-slate-900"
                };
                view! {
                    <a href=format!("{base}?tab={}", t.as_str()) class=class data-testid=t.testid()
                        aria-current=current.then_some("page")>{t.label().text(locale)}</a>
                }
            }).collect_view()}
        </nav>
        <section class="mt-6" data-testid="tab-panel" data-tab=tab.as_str()>
            {match tab {
                Tab::Overview => view! { <OverviewTab data=data.clone() locale=locale/> }.into_any(),
                Tab::Data => view! { <DataTab data=data.clone() locale=locale/> }.into_any(),
                Tab::Leaderboard => view! { <LeaderboardTab data=data.clone() around=around locale=locale/> }.into_any(),
                Tab::Submissions => view! { <SubmissionsTab data=data.clone() context=context.clone() locale=locale/> }.into_any(),
                Tab::Admin => view! { <AdminTab data=data.clone() locale=locale/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn OverviewTab(data: CompetitionView, locale: Locale) -> impl IntoView {
    view! {
        <div class="grid gap-8 lg:grid-cols-3">
            <article class="markdown max-w-none lg:col-span-2" data-testid="competition-description" inner_html=data.description_html.clone()></article>
            <aside>
                <h2 class="font-semibold text-slate-900">{Msg::AnnouncementsHeading.text(locale)}</h2>
                {if data.announcements.is_empty() {
                    view! { <p class="mt-2 text-sm text-slate-600">{Msg::NoAnnouncements.text(locale)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-2 space-y-3">
                            {data.announcements.iter().map(|a| view! {
                                <li class="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="announcement">
                                    <p class="whitespace-pre-line text-slate-800">{a.body.clone()}</p>
                                    <p class="mt-1 text-xs text-slate-500">{a.author_name.clone()} " · "
                                        <LocalTime iso=a.created_at.to_rfc3339() fallback=utc_text(a.created_at) locale=locale/></p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p class="mt-4 text-xs text-slate-500">{Msg::LocalTimeNote.text(locale)}</p>
            </aside>
        </div>
    }
}

#[component]
fn DataTab(data: CompetitionView, locale: Locale) -> impl IntoView {
    let c = &data.competition;
    let kind = match c.metric.prediction_kind() {
        ValueKind::Probability => Msg::KindProbability,
        ValueKind::Label => Msg::KindLabel,
        ValueKind::Real => Msg::KindReal,
    };
    let direction = if c.higher_is_better {
        Msg::HigherIsBetter
    } else {
        Msg::LowerIsBetter
    };
    let rows = c.answer_key_rows.to_string();
    let share = format!("{:.0}", c.public_share * 100.0);
    let mb = format!("{:.0}", data.max_upload_bytes as f64 / (1024.0 * 1024.0));
    let limit = c.daily_submission_limit.to_string();
    let example = format!(
        "{},{}\n{},{}\n…",
        c.id_column,
        c.prediction_column,
        "1001",
        match kind {
            Msg::KindLabel => "1",
            Msg::KindReal => "42.0",
            _ => "0.73",
        }
    );
    view! {
        <div class="max-w-3xl space-y-4 text-sm text-slate-700" data-testid="data-tab">
            <h2 class="text-base font-semibold text-slate-900">{Msg::DataFormatHeading.text(locale)}</h2>
            {if c.answer_key_rows == 0 {
                view! { <p>{Msg::NoKeyYet.text(locale)}</p> }.into_any()
            } else {
                view! {
                    <p>{tr(locale, Msg::DataFormatText, &[("id", &c.id_column), ("prediction", &c.prediction_column), ("rows", &rows)])}</p>
                }.into_any()
            }}
            <p>{kind.text(locale)} " " {metric_name(c.metric)} ": " {direction.text(locale)}</p>
            <pre class="rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100">{example}</pre>
            <p>{tr(locale, Msg::PublicShareText, &[("share", &share)])}</p>
            <p>{tr(locale, Msg::MaxFileSize, &[("mb", &mb), ("limit", &limit)])}</p>
            {(c.answer_key_rows > 0).then(|| view! {
                <a href=format!("/api/v1/competitions/{}/sample-submission.csv", c.id) data-testid="sample-download"
                    class="inline-block rounded-lg border border-slate-300 bg-white px-3 py-2 font-medium text-indigo-700 hover:bg-slate-50">
                    {Msg::DownloadSample.text(locale)}
                </a>
            })}
        </div>
    }
}

#[component]
fn BoardTable(
    rows: Vec<LeaderboardRow>,
    me: Uuid,
    locale: Locale,
    testid: &'static str,
) -> impl IntoView {
    let headers = [
        Msg::RankColumn,
        Msg::ParticipantColumn,
        Msg::ScoreColumn,
        Msg::EntriesColumn,
        Msg::SubmittedColumn,
    ]
    .iter()
    .map(|m| m.text(locale).to_owned())
    .collect();
    view! {
        <Table caption=Msg::TabLeaderboard.text(locale) headers=headers testid=testid>
            {rows.into_iter().map(|row| {
                let mine = row.user_id == me;
                let class = if mine { "bg-indigo-50" } else { "" };
                view! {
                    <tr data-testid="leaderboard-row" data-rank=row.rank data-name=row.display_name.clone()
                        data-me=mine.to_string() class=class>
                        <td class="px-4 py-2.5 font-semibold tabular-nums">{row.rank}</td>
                        <td class="px-4 py-2.5">{row.display_name.clone()}</td>
                        <td class="px-4 py-2.5 tabular-nums" data-testid="leaderboard-score">{score_text(row.score)}</td>
                        <td class="px-4 py-2.5 tabular-nums">{row.entries}</td>
                        <td class="px-4 py-2.5 text-slate-600"><LocalTime iso=row.submitted_at.to_rfc3339() fallback=utc_text(row.submitted_at) locale=locale/></td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}

#[component]
fn LeaderboardTab(data: CompetitionView, around: bool, locale: Locale) -> impl IntoView {
    let me = session().user.map(|u| u.user_id).unwrap_or_default();
    let c = &data.competition;
    let base = format!("/competitions/{}?tab=leaderboard", c.slug);
    let (toggle_href, toggle_label) = if around {
        (base.clone(), Msg::ShowAll)
    } else {
        (format!("{base}&around=me"), Msg::AroundMe)
    };
    let board = data.board.clone();
    let pages = board
        .page_count()
        .max(data.private_board.as_ref().map_or(0, |b| b.page_count()));
    let (page, total) = (board.page, board.total);
    let board = board.items;
    let leaderboard_params = vec![("tab".to_owned(), "leaderboard".to_owned())];
    let path = format!("/competitions/{}", c.slug);
    view! {
        <div class="space-y-8">
            <div>
                <div class="mb-3 flex items-center justify-between gap-3">
                    <h2 class="font-semibold text-slate-900">{Msg::PublicBoard.text(locale)}</h2>
                    <a href=toggle_href data-testid="around-me-toggle" data-active=around.to_string()
                        class="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
                        {toggle_label.text(locale)}
                    </a>
                </div>
                {if board.is_empty() {
                    let msg = if around { Msg::NotRanked } else { Msg::BoardEmpty };
                    view! { <p class="text-sm text-slate-600" data-testid="leaderboard-empty">{msg.text(locale)}</p> }.into_any()
                } else {
                    view! { <BoardTable rows=board me=me locale=locale testid="public-leaderboard"/> }.into_any()
                }}
            </div>
            <div>
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::PrivateBoard.text(locale)}</h2>
                {match data.private_board.clone().map(|b| b.items) {
                    None => view! { <p class="text-sm text-slate-600" data-testid="private-hidden">{Msg::PrivateAfterDeadline.text(locale)}</p> }.into_any(),
                    Some(rows) if rows.is_empty() => view! { <p class="text-sm text-slate-600">{Msg::BoardEmpty.text(locale)}</p> }.into_any(),
                    Some(rows) => view! { <BoardTable rows=rows me=me locale=locale testid="private-leaderboard"/> }.into_any(),
                }}
            </div>
            {(!around && pages > 1).then(|| view! { <Pagination locale=locale path=path params=leaderboard_params page=page pages=pages total=total/> })}
        </div>
    }
}

#[component]
fn SubmissionsTab(data: CompetitionView, context: UserContext, locale: Locale) -> impl IntoView {
    let c = &data.competition;
    let open = c.status == CompetitionStatus::Active;
    let left = (i64::from(context.submissions_limit) - context.submissions_today).max(0);
    let upload = match context.role {
        CompetitionRole::Sponsor => view! { <p class="text-sm text-slate-600">{Msg::SponsorCannotSubmit.text(locale)}</p> }.into_any(),
        CompetitionRole::Viewer => view! { <p class="text-sm text-slate-600" data-testid="join-to-submit">{Msg::JoinToSubmit.text(locale)}</p> }.into_any(),
        CompetitionRole::Participant if !open => view! { <p class="text-sm text-slate-600">{Msg::SubmissionsClosed.text(locale)}</p> }.into_any(),
        CompetitionRole::Participant => view! {
            <div class="space-y-3">
                <p class="text-sm text-slate-700" data-testid="quota-remaining" data-left=left>
                    {tr(locale, Msg::QuotaRemaining, &[
                        ("left", &left.to_string()),
                        ("limit", &context.submissions_limit.to_string()),
                        ("time", &context.resets_at.format("%Y-%m-%d %H:%M").to_string()),
                    ])}
                </p>
                <FileUpload url=format!("/api/v1/competitions/{}/submissions", c.id) kind=UploadKind::Submission locale=locale/>
            </div>
        }.into_any(),
    };
    let headers = [
        Msg::SubmittedColumn,
        Msg::FileColumn,
        Msg::FieldStatus,
        Msg::ScoreColumn,
    ]
    .iter()
    .map(|m| m.text(locale).to_owned())
    .collect();
    let (page, pages, total) = (
        data.submissions.page,
        data.submissions.page_count(),
        data.submissions.total,
    );
    let history = data.submissions.items.clone();
    let history_params = vec![("tab".to_owned(), "submissions".to_owned())];
    let path = format!("/competitions/{}", c.slug);
    view! {
        <div class="space-y-8">
            <div class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::UploadHeading.text(locale)}</h2>
                {upload}
            </div>
            <div>
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::YourSubmissions.text(locale)}</h2>
                {if history.is_empty() {
                    view! { <p class="text-sm text-slate-600">{Msg::NoSubmissions.text(locale)}</p> }.into_any()
                } else {
                    view! {
                        <Table caption=Msg::YourSubmissions.text(locale) headers=headers testid="my-submissions">
                            {history.into_iter().map(|s| view! {
                                <tr data-testid="history-row" data-status=s.status.as_str()>
                                    <td class="px-4 py-2.5 text-slate-600"><LocalTime iso=s.submitted_at.to_rfc3339() fallback=utc_text(s.submitted_at) locale=locale/></td>
                                    <td class="px-4 py-2.5">{s.file_name.clone()}</td>
                                    <td class="px-4 py-2.5">
                                        <SubmissionStatusBadge status=s.status locale=locale/>
                                        {s.invalidation_reason.clone().map(|reason| view! {
                                            <p class="mt-1 text-xs text-amber-800" data-testid="invalidation-reason">{tr(locale, Msg::InvalidatedBecause, &[("reason", &reason)])}</p>
                                        })}
                                        {(!s.validation_errors.is_empty()).then(|| view! {
                                            <ul class="mt-1 list-disc pl-4 text-xs text-rose-700">
                                                {s.validation_errors.iter().map(|e| view! { <li data-code=e.code.as_str()>{validation_text(e, locale)}</li> }).collect_view()}
                                            </ul>
                                        })}
                                    </td>
                                    <td class="px-4 py-2.5 tabular-nums">{s.score.map(score_text).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }).collect_view()}
                        </Table>
                        {(pages > 1).then(|| view! { <Pagination locale=locale path=path params=history_params page=page pages=pages total=total/> })}
                    }.into_any()
                }}
            </div>
        </div>
    }
}

/// One validation problem in the user's language, with its lines and examples.
pub fn validation_text(error: &crate::competitions::ValidationError, locale: Locale) -> String {
    let mut text = tr(
        locale,
        crate::i18n::validation_code_msg(error.code),
        &[("count", &error.count.to_string())],
    );
    if !error.lines.is_empty() {
        let lines: Vec<String> = error.lines.iter().map(u64::to_string).collect();
        text.push(' ');
        text.push_str(&tr(locale, Msg::ValLines, &[("lines", &lines.join(", "))]));
    }
    if !error.examples.is_empty() {
        text.push(' ');
        text.push_str(&tr(
            locale,
            Msg::ValExamples,
            &[("examples", &error.examples.join(", "))],
        ));
    }
    text
}

/// A bar chart as inline SVG: one bar per value, labels under the first and last bar.
#[component]
fn BarChart(
    title: Msg,
    bars: Vec<(String, i64)>,
    locale: Locale,
    testid: &'static str,
) -> impl IntoView {
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
        RescoringStatus::Pending | RescoringStatus::Running => tr(
            locale,
            Msg::RescoringRunning,
            &[
                ("version", &version),
                ("done", &r.done.to_string()),
                ("total", &total),
            ],
        ),
        RescoringStatus::Done => tr(
            locale,
            Msg::RescoringDone,
            &[
                ("version", &version),
                ("total", &total),
                ("invalid", &r.no_longer_scored.to_string()),
                ("moves", &r.rank_moves.len().to_string()),
            ],
        ),
        RescoringStatus::Superseded => {
            tr(locale, Msg::RescoringSuperseded, &[("version", &version)])
        }
    }
}

#[component]
fn AdminTab(data: CompetitionView, locale: Locale) -> impl IntoView {
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
    let per_day: Vec<(String, i64)> = stats
        .per_day
        .iter()
        .map(|d| (d.day.format("%m-%d").to_string(), d.count))
        .collect();
    let distribution: Vec<(String, i64)> = stats
        .distribution
        .iter()
        .map(|b| (format!("{:.3}", b.from), b.count))
        .collect();
    let last_to = stats.distribution.last().map(|b| format!("{:.3}", b.to));
    let stat = |label: Msg, value: String, testid: &'static str| {
        view! {
            <div class="rounded-lg border border-slate-200 bg-white px-4 py-3" data-testid=testid>
                <dt class="text-xs text-slate-500">{label.text(locale)}</dt>
                <dd class="text-lg font-semibold tabular-nums text-slate-900">{value}</dd>
            </div>
        }
    };
    let participant_headers = [
        Msg::ParticipantColumn,
        Msg::EnrolledColumn,
        Msg::EntriesColumn,
        Msg::StatBest,
    ]
    .iter()
    .map(|m| m.text(locale).to_owned())
    .collect();
    let submission_headers = [
        Msg::SubmittedColumn,
        Msg::ParticipantColumn,
        Msg::FieldStatus,
        Msg::ScoreColumn,
        Msg::Actions,
    ]
    .iter()
    .map(|m| m.text(locale).to_owned())
    .collect();
    let key_text = if c.answer_key_version > 0 {
        tr(
            locale,
            Msg::AnswerKeyInfoText,
            &[
                ("version", &c.answer_key_version.to_string()),
                ("rows", &c.answer_key_rows.to_string()),
                ("public", &c.answer_key_public_rows.to_string()),
            ],
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
            <section>
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::ParticipantsHeading.text(locale)}</h2>
                <Table caption=Msg::ParticipantsHeading.text(locale) headers=participant_headers testid="admin-participants">
                    {admin.participants.items.iter().map(|p| view! {
                        <tr data-testid="participant-row">
                            <td class="px-4 py-2.5">{p.display_name.clone()} <span class="block text-xs text-slate-500">{p.email.clone()}</span></td>
                            <td class="px-4 py-2.5 text-slate-600"><LocalTime iso=p.enrolled_at.to_rfc3339() fallback=utc_text(p.enrolled_at) locale=locale/></td>
                            <td class="px-4 py-2.5 tabular-nums">{p.submissions}</td>
                            <td class="px-4 py-2.5 tabular-nums">{p.best_score.map(score_text).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }).collect_view()}
                </Table>
            </section>
            <section>
                <div class="mb-3 flex flex-wrap items-center justify-between gap-3">
                    <h2 class="font-semibold text-slate-900">{Msg::AllSubmissionsHeading.text(locale)}</h2>
                    <nav class="flex gap-1 text-sm" data-testid="submission-filter">
                        {[None, Some(SubmissionStatus::Scored), Some(SubmissionStatus::Invalid), Some(SubmissionStatus::Invalidated)].into_iter().map(|status| {
                            let current = status == admin.filter;
                            let href = match status {
                                None => format!("{base}?tab=admin"),
                                Some(s) => format!("{base}?tab=admin&status={}", s.as_str()),
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
                                {(s.status == SubmissionStatus::Scored).then(|| view! {
                                    <InvalidateButton competition_id=c.id submission_id=s.id locale=locale/>
                                })}
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
