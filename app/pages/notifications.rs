//! `/notifications`: the signed-in person's notifications, newest first, unread ones marked.
//! Opening one marks it read and goes to what it is about; both are plain form posts, so they
//! work before (and without) the page's scripts.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::{page_number, Loaded, PageHeader, Pagination};
use crate::domain::Locale;
use crate::format::utc_text;
use crate::i18n::{tr, Msg};
use crate::islands::LocalTime;
use crate::notifications::{Notification, NotificationKind};
use crate::server_fns::notifications::list_notifications;
use crate::session::session;

/// A notification's sentence in the reader's language, from the data it carries.
pub fn notification_text(n: &Notification, locale: Locale) -> String {
    let field = |name: &str| match &n.data[name] {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    match n.kind {
        NotificationKind::SheetReturned => {
            tr!(locale, n_sheet_returned, period = field("period"), comment = field("comment"))
        }
        NotificationKind::SheetApproved => tr!(locale, n_sheet_approved, period = field("period")),
        NotificationKind::NominationDecided if field("decision") == "rejected" => {
            tr!(locale, n_nomination_rejected, nominee = field("nominee"), reason = field("reason"))
        }
        NotificationKind::NominationDecided => tr!(locale, n_nomination_approved, nominee = field("nominee")),
        NotificationKind::CycleFinalized => tr!(locale, n_cycle_finalized, cycle = field("cycle")),
        NotificationKind::Announcement => {
            tr!(locale, n_announcement, competition = field("competition"), excerpt = field("excerpt"))
        }
        NotificationKind::RankLost => tr!(
            locale,
            n_rank_lost,
            competition = field("competition"),
            rank = field("rank"),
            previous = field("previousRank")
        ),
        NotificationKind::RescoringFinished => {
            tr!(locale, n_rescoring_finished, competition = field("competition"), version = field("version"))
        }
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let locale = session().locale;
    let page = page_number(use_query_map().get_untracked().get("page"));
    let data = Resource::new(|| (), move |_| list_notifications(page));
    view! {
        <div class="flex flex-wrap items-start justify-between gap-4">
            <PageHeader title=Msg::NotificationsTitle intro=Msg::NotificationsIntro/>
            <form method="post" action="/notifications/read-all">
                <button type="submit" data-testid="mark-all-read"
                    class="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
                    {Msg::MarkAllRead.text(locale)}
                </button>
            </form>
        </div>
        <Loaded data=data let:list>
            {if list.page.items.is_empty() {
                view! { <p class="text-sm text-slate-600" data-testid="notifications-empty">{Msg::NotificationsEmpty.text(locale)}</p> }.into_any()
            } else {
                let (page, pages, total) = (list.page.page, list.page.page_count(), list.page.total);
                view! {
                    <ul class="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="notification-list">
                        {list.page.items.into_iter().map(|n| {
                            let unread = n.read_at.is_none();
                            view! {
                                <li class=if unread { "flex items-start gap-3 bg-indigo-50/60 p-4" } else { "flex items-start gap-3 p-4" }
                                    data-testid="notification" data-kind=n.kind.as_str() data-unread=unread.to_string()>
                                    <span aria-hidden="true" class=if unread { "mt-1.5 h-2 w-2 shrink-0 rounded-full bg-indigo-600" } else { "mt-1.5 h-2 w-2 shrink-0" }></span>
                                    <div class="min-w-0 flex-1">
                                        {unread.then(|| view! { <span class="sr-only">{Msg::UnreadLabel.text(locale)} ": "</span> })}
                                        <p class="break-words text-sm text-slate-900" data-testid="notification-text">{notification_text(&n, locale)}</p>
                                        <p class="mt-1 text-xs text-slate-500"><LocalTime iso=n.created_at.to_rfc3339() fallback=utc_text(n.created_at) locale=locale/></p>
                                    </div>
                                    <form method="post" action=format!("/notifications/{}/open", n.id)>
                                        <button type="submit" data-testid="open-notification"
                                            class="rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-100">
                                            {Msg::OpenNotification.text(locale)}
                                        </button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(pages > 1).then(|| view! { <Pagination locale=locale path="/notifications" params=vec![] page=page pages=pages total=total/> })}
                }.into_any()
            }}
        </Loaded>
    }
}
