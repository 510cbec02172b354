//! `/admin/audit`: the organization's audit log with filters and pagination (admins only).

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::audit::AuditFilter;
use crate::components::{Guarded, LoadError, PageHeader, Pagination};
use crate::domain::Role;
use crate::i18n::{tr, Msg};
use crate::islands::AuditTable;
use crate::server_fns::audit::{list_audit, verify_audit, AuditListing};
use crate::session::session;

fn date(value: Option<String>) -> Option<NaiveDate> {
    value.and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok())
}

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_administer>
            <AuditContent/>
        </Guarded>
    }
}

#[component]
fn AuditContent() -> impl IntoView {
    let locale = session().locale;
    let query = use_query_map().get_untracked();
    let get = |key: &str| query.get(key).filter(|v| !v.trim().is_empty());
    let filter = AuditFilter {
        actor: get("actor"),
        action: get("action"),
        entity_type: get("entity"),
        from: date(get("from")),
        to: date(get("to")),
    };
    let page = get("page").and_then(|p| p.parse::<i64>().ok());
    let params: Vec<(String, String)> =
        ["actor", "action", "entity", "from", "to"].iter().filter_map(|k| get(k).map(|v| (k.to_string(), v))).collect();
    let listing = Resource::new(|| (), {
        let filter = filter.clone();
        move |_| {
            let f = filter.clone();
            list_audit(f.actor, f.action, f.entity_type, f.from, f.to, page)
        }
    });
    let input = "mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
    let label = "block text-xs font-medium text-slate-600";
    let option = |value: &str, current: &Option<String>| {
        let selected = current.as_deref() == Some(value);
        view! { <option value=value.to_owned() selected=selected>{value.to_owned()}</option> }
    };
    let verify = query.get("verify").is_some();
    view! {
        <PageHeader title=Msg::AuditTitle intro=Msg::AuditIntro/>
        <RecordCheck verify=verify/>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new({
                let filter = filter.clone();
                let params = params.clone();
                async move {
                    match listing.await {
                        Err(error) => view! { <LoadError error=error/> }.into_any(),
                        Ok(AuditListing { page, actions, entity_types }) => {
                            let pages = page.page_count();
                            view! {
                                <form method="get" action="/admin/audit" class="mb-5 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-6" data-testid="audit-filters">
                                    <div class="sm:col-span-2">
                                        <label class=label for="f-actor">{Msg::AuditFilterActor.text(locale)}</label>
                                        <input id="f-actor" name="actor" type="search" class=input value=filter.actor.clone().unwrap_or_default()/>
                                    </div>
                                    <div>
                                        <label class=label for="f-action">{Msg::AuditFilterAction.text(locale)}</label>
                                        <select id="f-action" name="action" class=input>
                                            <option value="">{Msg::AuditFilterAny.text(locale)}</option>
                                            {actions.iter().map(|a| option(a, &filter.action)).collect_view()}
                                        </select>
                                    </div>
                                    <div>
                                        <label class=label for="f-entity">{Msg::AuditFilterEntity.text(locale)}</label>
                                        <select id="f-entity" name="entity" class=input>
                                            <option value="">{Msg::AuditFilterAny.text(locale)}</option>
                                            {entity_types.iter().map(|e| option(e, &filter.entity_type)).collect_view()}
                                        </select>
                                    </div>
                                    <div>
                                        <label class=label for="f-from">{Msg::AuditFilterFrom.text(locale)}</label>
                                        <input id="f-from" name="from" type="date" class=input value=filter.from.map(|d| d.to_string()).unwrap_or_default()/>
                                    </div>
                                    <div>
                                        <label class=label for="f-to">{Msg::AuditFilterTo.text(locale)}</label>
                                        <input id="f-to" name="to" type="date" class=input value=filter.to.map(|d| d.to_string()).unwrap_or_default()/>
                                    </div>
                                    <div class="flex items-end gap-2 sm:col-span-6">
                                        <button type="submit" class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                                            {Msg::FilterApply.text(locale)}
                                        </button>
                                        <a href="/admin/audit" class="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100">{Msg::FilterReset.text(locale)}</a>
                                    </div>
                                </form>
                                <AuditTable entries=page.items locale=locale/>
                                <Pagination locale=locale path="/admin/audit" params=params page=page.page pages=pages total=page.total capped=page.total_capped/>
                            }
                            .into_any()
                        }
                    }
                }
            })}
        </Suspense>
    }
}

/// The "verify the record" button (a plain GET, so it works before the page's scripts load) and,
/// once pressed, what the walk over the organization's hash chain found.
#[component]
fn RecordCheck(verify: bool) -> impl IntoView {
    let locale = session().locale;
    let result = verify.then(|| Resource::new(|| (), |_| verify_audit()));
    view! {
        <section class="mb-5 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="record-check-heading">
            <div class="flex flex-wrap items-center justify-between gap-3">
                <div>
                    <h2 id="record-check-heading" class="font-semibold text-slate-900">{Msg::AuditVerifyHeading.text(locale)}</h2>
                    <p class="text-sm text-slate-600">{Msg::AuditVerifyIntro.text(locale)}</p>
                </div>
                <form method="get" action="/admin/audit">
                    <input type="hidden" name="verify" value="1"/>
                    <button type="submit" data-testid="audit-verify"
                        class="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                        {Msg::AuditVerifyButton.text(locale)}
                    </button>
                </form>
            </div>
            {result.map(|result| view! {
                <Suspense fallback=move || view! { <p class="mt-3 text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
                    {move || Suspend::new(async move {
                        match result.await {
                            Err(error) => view! { <LoadError error=error/> }.into_any(),
                            Ok(v) => match v.broken {
                                None => view! {
                                    <p class="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
                                        role="status" data-testid="audit-verification" data-intact="true">
                                        {tr!(locale, audit_verify_intact, links = v.links.to_string())}
                                    </p>
                                }.into_any(),
                                Some(b) => view! {
                                    <div class="mt-3 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900"
                                        role="alert" data-testid="audit-verification" data-intact="false">
                                        <p class="font-semibold">{Msg::AuditVerifyBroken.text(locale)}</p>
                                        <p>{break_text(b.reason, locale)}</p>
                                        <p class="break-all font-mono text-xs">
                                            {tr!(locale, audit_verify_where, link = b.seq.to_string(), table = b.table.clone(),
                                                row = b.row_id.map(|r| r.to_string()).unwrap_or_else(|| "—".into()))}
                                        </p>
                                    </div>
                                }.into_any(),
                            },
                        }
                    })}
                </Suspense>
            })}
        </section>
    }
}

fn break_text(reason: crate::audit::Break, locale: crate::domain::Locale) -> &'static str {
    use crate::audit::Break;
    match reason {
        Break::ContentChanged => Msg::BreakContentChanged,
        Break::RowMissing => Msg::BreakRowMissing,
        Break::LinkMissing => Msg::BreakLinkMissing,
        Break::OutOfOrder => Msg::BreakOutOfOrder,
        Break::LinkForged => Msg::BreakLinkForged,
        Break::Unlinked => Msg::BreakUnlinked,
        Break::HeadMissing => Msg::BreakHeadMissing,
    }
    .text(locale)
}
