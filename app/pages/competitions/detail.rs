//! `/competitions/:slug`: the tabs, the page frame, and the Overview and Data tabs.

use super::*;

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
    let slug = use_params_map().get_untracked().get("slug").unwrap_or_default();
    let query = use_query_map().get_untracked();
    let tab = Tab::parse(query.get("tab").as_deref().unwrap_or(""));
    let around = query.get("around").as_deref() == Some("me");
    let request = PageQuery {
        around,
        page: page_number(query.get("page")),
        status: query.get("status").filter(|s| !s.is_empty()),
        user: query.get("user").and_then(|s| Uuid::parse_str(&s).ok()),
        participants: page_number(query.get("participants")),
        overview: tab == Tab::Overview,
    };
    let data = Resource::new(|| (), move |_| competition_page(slug.clone(), request.clone()));
    view! {
        <a href="/competitions" class="text-sm font-medium text-indigo-700 hover:underline">"← " {Msg::CompetitionsTitle.text(locale)}</a>
        <Loaded data=data let:data error_class="mt-4">
            {{
                view! { <CompetitionView data=data tab=tab around=around locale=locale/> }.into_any()
            }}
        </Loaded>
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
        seen_rank: None,
        unread_announcements: 0,
    });
    let unread = context.unread_announcements;
    let participant = context.role == CompetitionRole::Participant;
    let moved = crate::domain::RankMovement::between(context.rank, context.seen_rank).map(|m| m.direction());
    let stat = |label: &'static str, value: String, testid: &'static str| {
        view! {
            <div data-testid=testid>
                <dt class="text-xs text-slate-500">{label}</dt>
                <dd class="font-semibold tabular-nums text-slate-900">{value}</dd>
            </div>
        }
    };
    let sponsor = context.role == CompetitionRole::Sponsor;
    let tab = if tab == Tab::Admin && !sponsor { Tab::Overview } else { tab };
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
        <dl class="mt-4 flex flex-wrap gap-x-8 gap-y-2 text-sm" data-testid="competition-stats">
            {participant.then(|| view! {
                {stat(Msg::HeaderBest.text(locale), context.best_score.map(score_text).unwrap_or_else(|| "—".into()), "header-best")}
                <div data-testid="header-rank" data-rank=context.rank data-moved=moved>
                    <dt class="text-xs text-slate-500">{Msg::HeaderRank.text(locale)}</dt>
                    <dd class="font-semibold tabular-nums text-slate-900">
                        {match context.rank {
                            Some(rank) => tr!(locale, rank_of, rank = rank.to_string(), count = c.ranked_count.to_string()),
                            None => "—".to_owned(),
                        }}
                        <RankMoved rank=context.rank seen_rank=context.seen_rank locale=locale/>
                    </dd>
                </div>
            })}
            {stat(Msg::ParticipantsLabel.text(locale), c.participant_count.to_string(), "header-participants")}
            {stat(Msg::HeaderEntries.text(locale), data.entries.to_string(), "header-entries")}
        </dl>
        <nav class="mt-6 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-slate-200" aria-label=Msg::TabOverview.text(locale)>
            {tabs.into_iter().map(|t| {
                let current = t == tab;
                let class = if current {
                    "-mb-px border-b-2 border-indigo-600 px-4 py-2 text-sm font-semibold text-indigo-700"
                } else {
                    "px-4 py-2 text-sm font-medium text-slate-600 hover:text-slate-900"
                };
                view! {
                    <a href=format!("{base}?tab={}", t.as_str()) class=class data-testid=t.testid()
                        aria-current=current.then_some("page")>
                        {t.label().text(locale)}
                        {(t == Tab::Overview && unread > 0).then(|| view! {
                            <span class="ml-1.5 inline-block h-2 w-2 rounded-full bg-rose-500" data-testid="unread-marker"
                                title=Msg::NewAnnouncements.text(locale)></span>
                            <span class="sr-only">{Msg::NewAnnouncements.text(locale)}</span>
                        })}
                    </a>
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
    let direction = if c.higher_is_better { Msg::HigherIsBetter } else { Msg::LowerIsBetter };
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
                    <p>{tr!(locale, data_format_text, id = c.id_column, prediction = c.prediction_column, rows = rows)}</p>
                }.into_any()
            }}
            <p>{kind.text(locale)} " " {metric_name(c.metric)} ": " {direction.text(locale)}</p>
            <pre class="rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100">{example}</pre>
            <p>{tr!(locale, public_share_text, share = share)}</p>
            <p>{tr!(locale, max_file_size, mb = mb, limit = limit)}</p>
            {(c.answer_key_rows > 0).then(|| view! {
                <a href=format!("/api/v1/competitions/{}/sample-submission.csv", c.id) data-testid="sample-download"
                    class="inline-block rounded-lg border border-slate-300 bg-white px-3 py-2 font-medium text-indigo-700 hover:bg-slate-50">
                    {Msg::DownloadSample.text(locale)}
                </a>
            })}
        </div>
    }
}
