//! `/competitions` (list with status filter and search), `/competitions/new` and
//! `/competitions/:slug` with its tabs: Overview, Data, Leaderboard, Submissions and (for the
//! sponsor) Admin. Tabs are links (`?tab=`), so a tab keeps its place when the page reloads after
//! enrolling or any other change of mode.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::competitions::{
    Competition, CompetitionRole, CompetitionStatus, CompetitionView, LeaderboardRow, Rescoring, RescoringStatus,
    SubmissionStatus, UserContext,
};
use crate::components::{
    page_number, Badge, CompetitionStatusBadge, LoadError, Loaded, PageHeader, Pagination, RankMoved, RoleBadge,
    SubmissionStatusBadge, Table, Tone,
};
use crate::domain::metrics::{Metric, ValueKind};
use crate::domain::Locale;
use crate::format::{score_text, utc_text, validation_text};
use crate::i18n::{submission_status_msg, tr, Msg};
use crate::islands::{
    ActivateButton, AnnounceForm, CompetitionCreateForm, CompetitionSettingsForm, EnrollButton, FileUpload,
    InvalidateButton, LocalTime, UploadKind,
};
use crate::server_fns::competitions::{competition_page, list_competitions, PageQuery};
use crate::session::session;

mod admin;
mod detail;
mod leaderboard;
mod receipt;
mod submissions;

use self::admin::AdminTab;
pub use self::detail::CompetitionPage;
use self::leaderboard::LeaderboardTab;
pub use self::receipt::ReceiptPage;
use self::submissions::SubmissionsTab;

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
    let competitions = Resource::new(|| (), move |_| list_competitions(status_arg.clone(), q_arg.clone(), page));
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
    let role = c.user_context.as_ref().map_or(CompetitionRole::Viewer, |u| u.role);
    let unread = c.user_context.as_ref().map_or(0, |u| u.unread_announcements);
    view! {
        <li data-testid="competition-card" data-slug=c.slug.clone() data-status=c.status.as_str()
            class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <div class="flex items-start justify-between gap-3">
                <a href=format!("/competitions/{}", c.slug) class="font-semibold text-slate-900 hover:text-indigo-700">
                    {c.title.clone()}
                    {(unread > 0).then(|| view! {
                        <span class="ml-2 inline-flex items-center rounded-full bg-rose-50 px-2 py-0.5 text-xs font-medium text-rose-700"
                            data-testid="unread-marker">{Msg::NewAnnouncements.text(locale)}</span>
                    })}
                </a>
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
    let deadline = (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%dT%H:%M").to_string();
    view! {
        <a href="/competitions" class="text-sm font-medium text-indigo-700 hover:underline">"← " {Msg::CompetitionsTitle.text(locale)}</a>
        <div class="mt-4">
            <PageHeader title=Msg::NewCompetition intro=Msg::NewCompetitionIntro/>
            <CompetitionCreateForm locale=locale default_deadline=deadline/>
        </div>
    }
}
