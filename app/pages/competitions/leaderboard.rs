//! The Leaderboard tab: the public board, the sponsor's private board, and the rows around one's own.

use super::*;

#[component]
fn BoardTable(rows: Vec<LeaderboardRow>, me: Uuid, locale: Locale, testid: &'static str) -> impl IntoView {
    let headers = [Msg::RankColumn, Msg::ParticipantColumn, Msg::ScoreColumn, Msg::EntriesColumn, Msg::SubmittedColumn]
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
pub(super) fn LeaderboardTab(data: CompetitionView, around: bool, locale: Locale) -> impl IntoView {
    let me = session().user.map(|u| u.user_id).unwrap_or_default();
    let c = &data.competition;
    let base = format!("/competitions/{}?tab=leaderboard", c.slug);
    let (toggle_href, toggle_label) =
        if around { (base.clone(), Msg::ShowAll) } else { (format!("{base}&around=me"), Msg::AroundMe) };
    let board = data.board.clone();
    let pages = board.page_count().max(data.private_board.as_ref().map_or(0, |b| b.page_count()));
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
