//! The page frame: header with role-aware navigation, language switch and user menu; page
//! headings; and the role guard that shows the 403 page.

use leptos::prelude::*;

use crate::domain::Role;
use crate::i18n::{role_msg, tr, Msg};
use crate::session::session;

struct NavItem {
    href: &'static str,
    label: Msg,
    testid: &'static str,
    visible: fn(Role) -> bool,
}

const NAV: &[NavItem] = &[
    NavItem { href: "/", label: Msg::NavDashboard, testid: "nav-dashboard", visible: |_| true },
    NavItem { href: "/goals", label: Msg::NavGoals, testid: "nav-goals", visible: |_| true },
    NavItem {
        href: "/team/goals",
        label: Msg::NavTeamGoals,
        testid: "nav-team-goals",
        visible: Role::can_manage_teams,
    },
    NavItem { href: "/nominations", label: Msg::NavNominations, testid: "nav-nominations", visible: |_| true },
    NavItem { href: "/competitions", label: Msg::NavCompetitions, testid: "nav-competitions", visible: |_| true },
    NavItem { href: "/admin/people", label: Msg::NavPeople, testid: "nav-people", visible: Role::can_list_users },
    NavItem { href: "/admin", label: Msg::NavAdmin, testid: "nav-admin", visible: Role::can_administer },
];

fn is_current(href: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    if href == "/" {
        path == "/"
    } else {
        path == href || path.starts_with(&format!("{href}/"))
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let nav = s.user.as_ref().map(|user| {
        let links = NAV
            .iter()
            .filter(|item| (item.visible)(user.role))
            .map(|item| {
                let current = is_current(item.href, &s.path);
                view! {
                    <a
                        href=item.href
                        data-testid=item.testid
                        aria-current=current.then_some("page")
                        class=if current {
                            "rounded-md bg-indigo-50 px-3 py-2 text-sm font-medium text-indigo-700"
                        } else {
                            "rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                        }
                    >
                        {item.label.text(locale)}
                    </a>
                }
            })
            .collect_view();
        view! {
            <nav aria-label=Msg::NavMain.text(locale) class="flex items-center gap-1">
                {links}
            </nav>
        }
    });
    let unread = s.unread;
    let user_menu = s.user.as_ref().map(|user| {
        let bell_label = tr!(locale, bell_label, count = unread.to_string());
        view! {
            <div class="flex items-center gap-3">
                <a href="/notifications" data-testid="notification-bell" data-unread=unread aria-label=bell_label.clone() title=bell_label
                    aria-current=is_current("/notifications", &s.path).then_some("page")
                    class="relative rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                    <svg aria-hidden="true" viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="1.8">
                        <path stroke-linecap="round" stroke-linejoin="round" d="M14.857 17.082a23.848 23.848 0 0 0 5.454-1.31A8.967 8.967 0 0 1 18 9.75V9A6 6 0 0 0 6 9v.75a8.967 8.967 0 0 1-2.312 6.022c1.733.64 3.56 1.085 5.455 1.31m5.714 0a24.255 24.255 0 0 1-5.714 0m5.714 0a3 3 0 1 1-5.714 0"/>
                    </svg>
                    {(unread > 0).then(|| view! {
                        <span class="absolute -right-0.5 -top-0.5 grid h-4 min-w-4 place-items-center rounded-full bg-rose-600 px-1 text-[10px] font-semibold text-white"
                            data-testid="unread-count">{if unread > 99 { "99+".to_owned() } else { unread.to_string() }}</span>
                    })}
                </a>
                <div data-testid="user-menu" class="hidden text-right sm:block">
                    <span class="sr-only">{Msg::SignedInAs.text(locale)}</span>
                    <a href="/profile" data-testid="nav-profile" class="text-sm font-medium text-slate-900 hover:underline">{user.display_name.clone()}</a>
                    <p class="text-xs text-slate-500">
                        {user.email.clone()} " · " {role_msg(user.role).text(locale)}
                    </p>
                </div>
                <form method="post" action="/auth/logout">
                    <button
                        type="submit"
                        data-testid="logout"
                        class="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                    >
                        {Msg::SignOut.text(locale)}
                    </button>
                </form>
            </div>
        }
    });
    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
            {Msg::SkipToContent.text(locale)}
        </a>
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex h-16 max-w-6xl items-center gap-6 px-4">
                <a href="/" class="flex items-center gap-2 text-lg font-bold tracking-tight text-indigo-700">
                    <span aria-hidden="true" class="grid h-8 w-8 place-items-center rounded-lg bg-indigo-600 text-white">"M"</span>
                    {Msg::AppName.text(locale)}
                </a>
                {nav}
                <div class="ml-auto flex items-center gap-3">
                    <form method="post" action="/auth/locale">
                        <input type="hidden" name="lang" value=locale.other().as_str()/>
                        <input type="hidden" name="next" value=s.path.clone()/>
                        <button
                            type="submit"
                            data-testid="lang-switch"
                            lang=locale.other().as_str()
                            aria-label=Msg::SwitchLanguageLabel.text(locale)
                            class="rounded-md px-2 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                        >
                            {Msg::SwitchLanguage.text(locale)}
                        </button>
                    </form>
                    {user_menu}
                </div>
            </div>
        </header>
    }
}

#[component]
pub fn PageHeader(title: Msg, #[prop(optional)] intro: Option<Msg>) -> impl IntoView {
    let locale = session().locale;
    view! {
        <div class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight text-slate-900">{title.text(locale)}</h1>
            {intro.map(|m| view! { <p class="mt-1 text-sm text-slate-600">{m.text(locale)}</p> })}
        </div>
    }
}

/// Sets the HTTP status of the page being rendered (server only).
pub fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(_code))
    {
        options.set_status(status);
    }
}

/// Renders `children` when the signed-in user's role passes `allow`, else the 403 page.
#[component]
pub fn Guarded(allow: fn(Role) -> bool, children: ChildrenFn) -> impl IntoView {
    match session().role() {
        Some(role) if allow(role) => children().into_any(),
        _ => {
            set_status(403);
            view! { <super::Forbidden/> }.into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn current_link_matches_sections_not_prefixes_of_names() {
        assert!(is_current("/", "/?x=1"));
        assert!(!is_current("/", "/people"));
        assert!(is_current("/team/goals", "/team/goals/123"));
        assert!(!is_current("/goals", "/team/goals"));
        assert!(is_current("/admin", "/admin/audit?page=2"));
        assert!(!is_current("/admin", "/administrator"));
    }
}
