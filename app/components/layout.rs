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
                            "whitespace-nowrap rounded-md bg-indigo-50 px-3 py-2 text-sm font-medium text-indigo-700 md:px-2.5"
                        } else {
                            "whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 md:px-2.5"
                        }
                    >
                        {item.label.text(locale)}
                    </a>
                }
            })
            .collect_view();
        view! {
            <nav aria-label=Msg::NavMain.text(locale) class="flex flex-col gap-1 md:flex-row md:items-center md:gap-0.5">
                {links}
            </nav>
        }
    });
    let unread = s.unread;
    let bell = s.user.as_ref().map(|_| {
        let bell_label = tr!(locale, bell_label, count = unread.to_string());
        let current = is_current("/notifications", &s.path);
        view! {
            <a href="/notifications" data-testid="notification-bell" data-unread=unread aria-label=bell_label.clone() title=bell_label
                aria-current=current.then_some("page")
                class=if current {
                    "relative order-2 ml-auto rounded-md bg-indigo-50 p-2 text-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 md:order-4 md:ml-0"
                } else {
                    "relative order-2 ml-auto rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 md:order-4 md:ml-0"
                }>
                <svg aria-hidden="true" viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="1.8">
                    <path stroke-linecap="round" stroke-linejoin="round" d="M14.857 17.082a23.848 23.848 0 0 0 5.454-1.31A8.967 8.967 0 0 1 18 9.75V9A6 6 0 0 0 6 9v.75a8.967 8.967 0 0 1-2.312 6.022c1.733.64 3.56 1.085 5.455 1.31m5.714 0a24.255 24.255 0 0 1-5.714 0m5.714 0a3 3 0 1 1-5.714 0"/>
                </svg>
                {(unread > 0).then(|| view! {
                    <span class="absolute -right-0.5 -top-0.5 grid h-4 min-w-4 place-items-center rounded-full bg-rose-600 px-1 text-[10px] font-semibold text-white"
                        data-testid="unread-count">{if unread > 99 { "99+".to_owned() } else { unread.to_string() }}</span>
                })}
            </a>
        }
    });
    let user_menu = s.user.as_ref().map(|user| {
        view! {
            <div data-testid="user-menu" class="min-w-0 md:max-w-40 md:text-right">
                <span class="sr-only">{Msg::SignedInAs.text(locale)}</span>
                <a href="/profile" data-testid="nav-profile" title=user.email.clone()
                    class="block truncate text-sm font-medium text-slate-900 hover:underline">{user.display_name.clone()}</a>
                <p class="truncate text-xs text-slate-500"><span class="md:hidden">{user.email.clone()} " · "</span>{role_msg(user.role).text(locale)}</p>
            </div>
            <form method="post" action="/auth/logout">
                <button
                    type="submit"
                    data-testid="logout"
                    class="whitespace-nowrap rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                    {Msg::SignOut.text(locale)}
                </button>
            </form>
        }
    });
    let signed_in = s.user.is_some();
    // Below 768 px the navigation and the account controls fold behind "Menu": a checkbox and
    // its label open them without any script, so the menu works before (and without) wasm.
    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
            {Msg::SkipToContent.text(locale)}
        </a>
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex min-h-16 max-w-6xl flex-wrap items-center gap-x-3 px-4 md:flex-nowrap md:gap-x-4">
                <a href="/" class="order-1 flex shrink-0 items-center gap-2 py-3 text-lg font-bold tracking-tight text-indigo-700">
                    <span aria-hidden="true" class="grid h-8 w-8 place-items-center rounded-lg bg-indigo-600 text-white">"M"</span>
                    {Msg::AppName.text(locale)}
                </a>
                {bell}
                <input type="checkbox" id="menu-toggle" class="peer sr-only" data-testid="menu-toggle"/>
                <label for="menu-toggle" data-testid="menu-button"
                    class=if signed_in { "order-3 cursor-pointer rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-500 md:hidden" } else { "order-3 ml-auto cursor-pointer rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-500 md:hidden" }>
                    <span aria-hidden="true">"☰ "</span>{Msg::NavMenu.text(locale)}
                </label>
                <div data-testid="menu-panel"
                    class="order-5 hidden w-full flex-col gap-3 border-t border-slate-100 py-3 peer-checked:flex md:order-3 md:flex md:w-auto md:min-w-0 md:flex-1 md:flex-row md:items-center md:border-0 md:py-0">
                    {nav}
                    <div class="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3 md:ml-auto md:flex-nowrap md:border-0 md:pt-0">
                        <form method="post" action="/auth/locale">
                            <input type="hidden" name="lang" value=locale.other().as_str()/>
                            <input type="hidden" name="next" value=s.path.clone()/>
                            <button
                                type="submit"
                                data-testid="lang-switch"
                                lang=locale.other().as_str()
                                aria-label=Msg::SwitchLanguageLabel.text(locale)
                                class="whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                            >
                                {Msg::SwitchLanguage.text(locale)}
                            </button>
                        </form>
                        {user_menu}
                    </div>
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
