//! `/admin/people` (also `/people`): the organization's people for admins and HR — searched,
//! filtered, sorted and paged on the server — with an editor to add a person, change their
//! role, stage, team and language, see what a stage change does before saving it, deactivate
//! and reactivate them, and make a set-password link.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::components::{Guarded, LoadError, PageHeader, Pagination};
use crate::domain::Role;
use crate::i18n::{role_msg, Msg};
use crate::islands::PeopleTable;
use crate::server_fns::people::{list_people, PeoplePageData};
use crate::session::session;

#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_list_users>
            <PeopleContent/>
        </Guarded>
    }
}

/// The columns people sort by, with their heading.
const SORTABLE: [(&str, Msg); 8] = [
    ("name", Msg::FieldName),
    ("email", Msg::FieldEmail),
    ("role", Msg::FieldRole),
    ("stage", Msg::FieldStage),
    ("team", Msg::FieldTeam),
    ("manager", Msg::FieldManager),
    ("status", Msg::FieldStatus),
    ("lastSignInAt", Msg::FieldLastSignIn),
];

#[component]
fn PeopleContent() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let path = s.path.split('?').next().unwrap_or("/admin/people").to_owned();
    let actor = s.user.clone();
    let query = use_query_map().get_untracked();
    let get = |key: &str| query.get(key).filter(|v| !v.trim().is_empty());
    let (q, role, status) = (get("q"), get("role"), get("status"));
    let (sort, order) = (get("sort"), get("order"));
    let page = get("page").and_then(|p| p.parse::<i64>().ok());
    let filters: Vec<(String, String)> =
        ["q", "role", "status"].iter().filter_map(|k| get(k).map(|v| (k.to_string(), v))).collect();
    let mut params = filters.clone();
    params.extend(["sort", "order"].iter().filter_map(|k| get(k).map(|v| (k.to_string(), v))));
    let data = Resource::new(|| (), {
        let (q, role, status, sort, order) = (q.clone(), role.clone(), status.clone(), sort.clone(), order.clone());
        move |_| list_people(q.clone(), role.clone(), status.clone(), sort.clone(), order.clone(), page)
    });
    // Each heading links to its sort; the current one flips the order.
    let headings: Vec<(String, String, Option<String>)> = SORTABLE
        .iter()
        .map(|(field, label)| {
            let current = sort.as_deref().unwrap_or("name") == *field;
            let descending = order.as_deref() == Some("desc");
            let next_order = if current && !descending { "desc" } else { "asc" };
            let mut link: Vec<String> =
                filters.iter().map(|(k, v)| format!("{k}={}", form_urlencoded_value(v))).collect();
            link.push(format!("sort={field}"));
            link.push(format!("order={next_order}"));
            let aria = current.then(|| if descending { "descending" } else { "ascending" }.to_owned());
            (label.text(locale).to_owned(), format!("{path}?{}", link.join("&")), aria)
        })
        .collect();
    let input = "mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
    let action = path.clone();
    view! {
        <PageHeader title=Msg::PeopleTitle intro=Msg::PeopleIntro/>
        <div class="mb-4 flex flex-wrap gap-2">
            <a href="/admin/people/import" data-testid="people-import-link"
                class="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
                {Msg::PeopleImport.text(locale)}
            </a>
            <a href="/api/v1/users/export.csv" data-testid="people-export-link" download="people.csv"
                class="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
                {Msg::PeopleExport.text(locale)}
            </a>
            <a href="/admin/teams" class="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
                {Msg::TeamsTitle.text(locale)}
            </a>
        </div>
        <form method="get" action=action class="mb-5 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <div class="min-w-64 flex-1">
                <label for="p-q" class="block text-xs font-medium text-slate-600">{Msg::PeopleSearch.text(locale)}</label>
                <input id="p-q" name="q" type="search" class=input value=q.clone().unwrap_or_default() data-testid="people-search"/>
            </div>
            <div>
                <label for="p-role" class="block text-xs font-medium text-slate-600">{Msg::FieldRole.text(locale)}</label>
                <select id="p-role" name="role" class=input>
                    <option value="">{Msg::PeopleAllRoles.text(locale)}</option>
                    {Role::ALL
                        .iter()
                        .map(|r| view! {
                            <option value=r.as_str() selected=role.as_deref() == Some(r.as_str())>{role_msg(*r).text(locale)}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div>
                <label for="p-status" class="block text-xs font-medium text-slate-600">{Msg::FieldStatus.text(locale)}</label>
                <select id="p-status" name="status" class=input data-testid="people-status-filter">
                    <option value="">{Msg::PeopleAllStatuses.text(locale)}</option>
                    <option value="active" selected=status.as_deref() == Some("active")>{Msg::StatusActive.text(locale)}</option>
                    <option value="inactive" selected=status.as_deref() == Some("inactive")>{Msg::StatusInactive.text(locale)}</option>
                </select>
            </div>
            <button type="submit" class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                {Msg::FilterApply.text(locale)}
            </button>
        </form>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new({
                let (params, headings, path, actor) =
                    (params.clone(), headings.clone(), path.clone(), actor.clone());
                async move {
                    match data.await {
                        Err(error) => view! { <LoadError error=error/> }.into_any(),
                        Ok(PeoplePageData { people, options }) => {
                            let pages = people.page_count();
                            let (actor_id, actor_role) = actor
                                .map(|a| (a.user_id, a.role))
                                .unwrap_or((Uuid::nil(), Role::Employee));
                            view! {
                                <PeopleTable
                                    people=people.items
                                    headings=headings
                                    options=options
                                    actor_id=actor_id
                                    actor_role=actor_role
                                    locale=locale
                                />
                                <Pagination locale=locale path=path params=params page=people.page pages=pages total=people.total/>
                            }
                            .into_any()
                        }
                    }
                }
            })}
        </Suspense>
    }
}

/// A query value as it goes into a link.
fn form_urlencoded_value(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
