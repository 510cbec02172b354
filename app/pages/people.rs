//! `/admin/people` (also `/people`): the organization's people for admins and HR — searched,
//! filtered, sorted and paged on the server — with an editor to add a person, change their
//! role, stage, team and language, see what a stage change does before saving it, deactivate
//! and reactivate them, and make a set-password link.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::LoadError;
use crate::app::error::PageError;
use crate::components::{Guarded, PageHeader, Pagination};
use crate::domain::{Page, Role};
use crate::i18n::{role_msg, Msg};
use crate::islands::PeopleTable;
use crate::session::session;
use crate::users::{PasswordLink, PersonInput, PersonPatch, StageChangePreview, UserView};

/// What the person editor offers: the stages and teams of the organization.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PeopleOptions {
    pub stages: Vec<(Uuid, i32, String)>,
    pub teams: Vec<(Uuid, String)>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PeoplePageData {
    pub people: Page<UserView>,
    pub options: PeopleOptions,
}

#[server(endpoint = "people/list")]
pub async fn list_people(
    q: Option<String>,
    role: Option<String>,
    status: Option<String>,
    sort: Option<String>,
    order: Option<String>,
    page: Option<i64>,
) -> Result<PeoplePageData, PageError> {
    use crate::domain::{PageRequest, Sort};
    use crate::error::AppError;
    use crate::users::{service, UserFilter, PEOPLE_SORTS};
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let role = match role.filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(
            Role::parse(&r)
                .ok_or_else(|| AppError::validation("role", "invalid", "unknown role"))?,
        ),
    };
    let active = match status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some("active") => Some(true),
        Some("inactive") => Some(false),
        Some(_) => return Err(AppError::validation("status", "invalid", "unknown status").into()),
    };
    let sort = Sort::parse(sort.as_deref(), order.as_deref(), PEOPLE_SORTS)
        .map_err(AppError::Validation)?;
    let request = PageRequest::parse(page, None).map_err(AppError::Validation)?;
    let filter = UserFilter { role, q, active };
    let people = service::list(&state.pool, &ctx, &filter, sort, request).await?;
    let stages = crate::stages::service::all(&state.pool, &ctx)
        .await?
        .into_iter()
        .map(|s| (s.id, s.number, s.name))
        .collect();
    let teams = crate::teams::service::list(&state.pool, &ctx)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    Ok(PeoplePageData {
        people,
        options: PeopleOptions { stages, teams },
    })
}

#[server(endpoint = "people/create")]
pub async fn create_person(input: PersonInput) -> Result<UserView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::users::people::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "people/update")]
pub async fn update_person(id: Uuid, patch: PersonPatch) -> Result<UserView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::users::people::update(&state.pool, &ctx, id, &patch).await?)
}

#[server(endpoint = "people/set-active")]
pub async fn set_person_active(id: Uuid, active: bool) -> Result<UserView, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(if active {
        crate::users::people::reactivate(&state.pool, &ctx, id).await?
    } else {
        crate::users::people::deactivate(&state.pool, &ctx, id).await?
    })
}

#[server(endpoint = "people/password-link")]
pub async fn create_password_link(id: Uuid) -> Result<PasswordLink, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(
        crate::users::passwords::create_link(&state.pool, &ctx, id, &state.config.public_url)
            .await?,
    )
}

#[server(endpoint = "people/stage-change")]
pub async fn preview_stage_change(id: Uuid, stage: Uuid) -> Result<StageChangePreview, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::users::people::preview_stage_change(&state.pool, &ctx, id, stage).await?)
}

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
    let path = s
        .path
        .split('?')
        .next()
        .unwrap_or("/admin/people")
        .to_owned();
    let actor = s.user.clone();
    let query = use_query_map().get_untracked();
    let get = |key: &str| query.get(key).filter(|v| !v.trim().is_empty());
    let (q, role, status) = (get("q"), get("role"), get("status"));
    let (sort, order) = (get("sort"), get("order"));
    let page = get("page").and_then(|p| p.parse::<i64>().ok());
    let filters: Vec<(String, String)> = ["q", "role", "status"]
        .iter()
        .filter_map(|k| get(k).map(|v| (k.to_string(), v)))
        .collect();
    let mut params = filters.clone();
    params.extend(
        ["sort", "order"]
            .iter()
            .filter_map(|k| get(k).map(|v| (k.to_string(), v))),
    );
    let data = Resource::new(|| (), {
        let (q, role, status, sort, order) = (
            q.clone(),
            role.clone(),
            status.clone(),
            sort.clone(),
            order.clone(),
        );
        move |_| {
            list_people(
                q.clone(),
                role.clone(),
                status.clone(),
                sort.clone(),
                order.clone(),
                page,
            )
        }
    });
    // Each heading links to its sort; the current one flips the order.
    let headings: Vec<(String, String, Option<String>)> = SORTABLE
        .iter()
        .map(|(field, label)| {
            let current = sort.as_deref().unwrap_or("name") == *field;
            let descending = order.as_deref() == Some("desc");
            let next_order = if current && !descending {
                "desc"
            } else {
                "asc"
            };
            let mut link: Vec<String> = filters
                .iter()
                .map(|(k, v)| format!("{k}={}", form_urlencoded_value(v)))
                .collect();
            link.push(format!("sort={field}"));
            link.push(format!("order={next_order}"));
            let aria = current.then(|| {
                if descending {
                    "descending"
                } else {
                    "ascending"
                }
                .to_owned()
            });
            (
                label.text(locale).to_owned(),
                format!("{path}?{}", link.join("&")),
                aria,
            )
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
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
