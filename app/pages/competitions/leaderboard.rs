//! The Leaderboard tab: the public board, the sponsor's private board, and the rows around one's own.

use super::*;
use crate::competitions::{Baseline, BaselineKind};

/// A line of a board: a participant's row or a baseline's reference row.
enum Line {
    Row(LeaderboardRow),
    Baseline(Baseline),
}

/// The board's rows with each baseline in its place: after the participants ranked ahead of
/// it. The rows are consecutive ranks of the board (a page, or the rows around the viewer); a
/// baseline is shown when its place touches them, so one that falls between two pages shows
/// at the foot of the first and at the head of the next.
fn with_baselines(rows: Vec<LeaderboardRow>, baselines: &[Baseline], metric: Metric) -> Vec<Line> {
    let (Some(first), Some(last)) = (rows.first().map(|r| r.rank), rows.last().map(|r| r.rank)) else {
        return rows.into_iter().map(Line::Row).collect();
    };
    let mut placed: Vec<(usize, Baseline)> = baselines
        .iter()
        .filter(|b| (first - 1..=last).contains(&b.ahead))
        .map(|b| ((b.ahead - (first - 1)) as usize, *b))
        .collect();
    // Better scores first among those placed before the same row.
    let order = |score: f64| if metric.higher_is_better() { -score } else { score };
    placed.sort_by(|a, b| a.0.cmp(&b.0).then(order(a.1.score).total_cmp(&order(b.1.score))));
    let mut lines = Vec::with_capacity(rows.len() + placed.len());
    let mut pending = placed.into_iter().peekable();
    for (i, row) in rows.into_iter().enumerate() {
        while let Some((_, b)) = pending.next_if(|(at, _)| *at == i) {
            lines.push(Line::Baseline(b));
        }
        lines.push(Line::Row(row));
    }
    lines.extend(pending.map(|(_, b)| Line::Baseline(b)));
    lines
}

fn baseline_label(b: &Baseline) -> Msg {
    match b.name {
        BaselineKind::Constant => Msg::BaselineConstant,
        BaselineKind::Random => Msg::BaselineRandom,
        BaselineKind::Perfect => Msg::BaselinePerfect,
    }
}

#[component]
fn BoardTable(
    rows: Vec<LeaderboardRow>,
    baselines: Vec<Baseline>,
    metric: Metric,
    me: Uuid,
    locale: Locale,
    testid: &'static str,
) -> impl IntoView {
    let headers = [Msg::RankColumn, Msg::ParticipantColumn, Msg::ScoreColumn, Msg::EntriesColumn, Msg::SubmittedColumn]
        .iter()
        .map(|m| m.text(locale).to_owned())
        .collect();
    view! {
        <Table caption=Msg::TabLeaderboard.text(locale) headers=headers testid=testid>
            {with_baselines(rows, &baselines, metric).into_iter().map(|line| {
                let row = match line {
                    Line::Baseline(b) => return view! {
                        <tr data-testid="baseline-row" data-baseline=b.name.as_str() class="bg-slate-50 text-slate-600">
                            <td class="px-4 py-2.5"><Badge tone=Tone::Neutral>{Msg::BaselineBadge.text(locale)}</Badge></td>
                            <td class="px-4 py-2.5 italic">{baseline_label(&b).text(locale)}</td>
                            <td class="px-4 py-2.5 tabular-nums" data-testid="baseline-score">{score_text(b.score)}</td>
                            <td class="px-4 py-2.5">"—"</td>
                            <td class="px-4 py-2.5">"—"</td>
                        </tr>
                    }.into_any(),
                    Line::Row(row) => row,
                };
                let mine = row.user_id == me;
                let class = if mine { "bg-indigo-50" } else { "" };
                // A statistically tied group: a bar down its rows' left edge and a marker.
                let rank_class = if row.tie_group.is_some() {
                    "border-l-4 border-amber-400 px-4 py-2.5 font-semibold tabular-nums"
                } else {
                    "border-l-4 border-transparent px-4 py-2.5 font-semibold tabular-nums"
                };
                view! {
                    <tr data-testid="leaderboard-row" data-rank=row.rank data-name=row.display_name.clone()
                        data-me=mine.to_string() data-tie-group=row.tie_group class=class>
                        <td class=rank_class>
                            {row.rank}
                            {row.tie_group.map(|_| view! {
                                <span data-testid="tie-marker" title=Msg::TiedLabel.text(locale)
                                    class="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                                    {Msg::TiedMarker.text(locale)}
                                </span>
                            })}
                        </td>
                        <td class="px-4 py-2.5">{row.display_name.clone()}</td>
                        <td class="px-4 py-2.5 tabular-nums" data-testid="leaderboard-score">
                            {score_text(row.score)}
                            {row.interval.map(|i| view! {
                                <span class="block text-xs text-slate-600" data-testid="score-interval">
                                    {format!("{} – {}", score_text(i.low), score_text(i.high))}
                                </span>
                            })}
                        </td>
                        <td class="px-4 py-2.5 tabular-nums">{row.entries}</td>
                        <td class="px-4 py-2.5 text-slate-600"><LocalTime iso=row.submitted_at.to_rfc3339() fallback=utc_text(row.submitted_at) locale=locale/></td>
                    </tr>
                }.into_any()
            }).collect_view()}
        </Table>
    }
}

#[component]
pub(super) fn LeaderboardTab(data: CompetitionView, around: bool, locale: Locale) -> impl IntoView {
    let me = session().user.map(|u| u.user_id).unwrap_or_default();
    let c = &data.competition;
    let base = format!("/competitions/{}?tab=leaderboard", c.slug);
    let (toggle_href, toggle_label) =
        if around { (base.clone(), Msg::ShowAll) } else { (format!("{base}&around=me"), Msg::AroundMe) };
    let board = data.board.clone();
    let pages = board.page_count().max(data.private_board.as_ref().map_or(0, |b| b.page_count()));
    let (page, total) = (board.page, board.total);
    let metric = c.metric;
    let (public_baselines, private_baselines) =
        (data.baselines.clone(), data.private_baselines.clone().unwrap_or_default());
    let has_baselines = !data.baselines.is_empty();
    let board = board.items;
    // The bands arrive in the background after each change of the standings.
    let bands_note = (!board.is_empty()).then(|| {
        if board.iter().any(|r| r.interval.is_some()) {
            view! { <p class="text-xs text-slate-600" data-testid="bands-note">{Msg::BandsNote.text(locale)}</p> }
        } else {
            view! { <p class="text-xs text-slate-600" data-testid="bands-pending">{Msg::BandsPending.text(locale)}</p> }
        }
    });
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
                    view! { <BoardTable rows=board baselines=public_baselines metric=metric me=me locale=locale testid="public-leaderboard"/> }.into_any()
                }}
            </div>
            <div>
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::PrivateBoard.text(locale)}</h2>
                {match data.private_board.clone().map(|b| b.items) {
                    None => view! { <p class="text-sm text-slate-600" data-testid="private-hidden">{Msg::PrivateAfterDeadline.text(locale)}</p> }.into_any(),
                    Some(rows) if rows.is_empty() => view! { <p class="text-sm text-slate-600">{Msg::BoardEmpty.text(locale)}</p> }.into_any(),
                    Some(rows) => view! {
                        <BoardTable rows=rows baselines=private_baselines metric=metric
                            me=me locale=locale testid="private-leaderboard"/>
                    }.into_any(),
                }}
            </div>
            {has_baselines.then(|| view! { <p class="text-xs text-slate-500" data-testid="baselines-note">{Msg::BaselinesNote.text(locale)}</p> })}
            {bands_note}
            {(!around && pages > 1).then(|| view! { <Pagination locale=locale path=path params=leaderboard_params page=page pages=pages total=total/> })}
        </div>
    }
}
