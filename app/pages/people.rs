//! `/people`: the organization's people with search, role filter and pagination (admins, HR).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::LoadError;
use crate::app::error::PageError;
use crate::components::{Guarded, PageHeader, Pagination};
use crate::domain::{Page, Role};
use crate::i18n::{role_msg, Msg};
use crate::islands::PeopleTable;
use crate::session::session;
use crate::users::UserView;

#[server(endpoint = "people/list")]
pub async fn list_people(
    q: Option<String>,
    role: Option<String>,
    page: Option<i64>,
) -> Result<Page<UserView>, PageError> {
    use crate::domain::PageRequest;
    use crate::error::AppError;
    use crate::users::{service, UserFilter};
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let role = match role.filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(
            Role::parse(&r)
                .ok_or_else(|| AppError::validation("role", "invalid", "unknown role"))?,
        ),
    };
    let request = PageRequest::parse(page, None).map_err(AppError::Validation)?;
    Ok(service::list(&state.pool, &ctx, &UserFilter { role, q }, request).await?)
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_list_users>
            <PeopleContent/>
        </Guarded>
    }
}

#[component]
fn PeopleContent() -> impl IntoView {
    let locale = session().locale;
    let query = use_query_map().get_untracked();
    let get = |key: &str| query.get(key).filter(|v| !v.trim().is_empty());
    let (q, role) = (get("q"), get("role"));
    let page = get("page").and_then(|p| p.parse::<i64>().ok());
    let params: Vec<(String, String)> = ["q", "role"]
        .iter()
        .filter_map(|k| get(k).map(|v| (k.to_string(), v)))
        .collect();
    let people = Resource::new(|| (), {
        let (q, role) = (q.clone(), role.clone());
        move |_| list_people(q.clone(), role.clone(), page)
    });
    let input = "mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
    view! {
        <PageHeader title=Msg::PeopleTitle intro=Msg::PeopleIntro/>
        <form method="get" action="/people" class="mb-5 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
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
            <button type="submit" class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                {Msg::FilterApply.text(locale)}
            </button>
        </form>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new({
                let params = params.clone();
                async move {
                    match people.await {
                        Err(error) => view! { <LoadError error=error/> }.into_any(),
                        Ok(page) => {
                            let pages = page.page_count();
                            view! {
                                <PeopleTable people=page.items locale=locale/>
                                <Pagination locale=locale path="/people" params=params page=page.page pages=pages total=page.total/>
                            }
                            .into_any()
                        }
                    }
                }
            })}
        </Suspense>
    }
}
