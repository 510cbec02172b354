//! The audit table: rows rendered on the server, a drawer with an entry's details on click.

use leptos::prelude::*;

use super::hydrated_marker;
use crate::audit::AuditEntry;
use crate::components::{Drawer, Table};
use crate::domain::Locale;
use crate::i18n::Msg;

fn when(entry: &AuditEntry) -> String {
    entry.created_at.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn actor(entry: &AuditEntry, locale: Locale) -> String {
    match (&entry.actor_name, &entry.actor_email) {
        (Some(name), Some(email)) => format!("{name} <{email}>"),
        _ => Msg::AuditSystem.text(locale).to_owned(),
    }
}

#[island]
pub fn AuditTable(entries: Vec<AuditEntry>, locale: Locale) -> impl IntoView {
    let open = RwSignal::new(false);
    let selected = RwSignal::new(None::<AuditEntry>);
    let hydrated = hydrated_marker();
    let headers = [Msg::AuditWhen, Msg::AuditActor, Msg::AuditAction, Msg::AuditEntity, Msg::AuditDetails]
        .iter()
        .map(|m| m.text(locale).to_owned())
        .collect();
    let empty = entries.is_empty();
    let rows = entries
        .into_iter()
        .map(|entry| {
            let (time, who) = (when(&entry), actor(&entry, locale));
            let (action, entity) = (entry.action.clone(), entry.entity_type.clone());
            view! {
                <tr class="hover:bg-slate-50" data-testid="audit-row">
                    <td class="whitespace-nowrap px-4 py-2.5 font-mono text-xs text-slate-600">{time}</td>
                    <td class="px-4 py-2.5 text-slate-800">{who}</td>
                    <td class="px-4 py-2.5"><code class="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{action}</code></td>
                    <td class="px-4 py-2.5 text-slate-600">{entity}</td>
                    <td class="px-4 py-2.5">
                        <button
                            type="button"
                            data-testid="audit-row-details"
                            class="rounded text-sm font-medium text-indigo-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                            on:click=move |_| {
                                selected.set(Some(entry.clone()));
                                open.set(true);
                            }
                        >
                            {Msg::AuditShowDetails.text(locale)}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let details = move || {
        selected.get().map(|entry| {
            let payload = serde_json::to_string_pretty(&entry.payload).unwrap_or_default();
            view! {
                <dl class="space-y-3 text-sm">
                    <div><dt class="font-medium text-slate-500">{Msg::AuditWhen.text(locale)}</dt><dd>{when(&entry)}</dd></div>
                    <div><dt class="font-medium text-slate-500">{Msg::AuditActor.text(locale)}</dt><dd>{actor(&entry, locale)}</dd></div>
                    <div><dt class="font-medium text-slate-500">{Msg::AuditAction.text(locale)}</dt><dd><code>{entry.action.clone()}</code></dd></div>
                    <div><dt class="font-medium text-slate-500">{Msg::AuditEntity.text(locale)}</dt>
                        <dd>{entry.entity_type.clone()} " " <span class="font-mono text-xs text-slate-500">{entry.entity_id.map(|id| id.to_string())}</span></dd></div>
                    <div><dt class="font-medium text-slate-500">{Msg::AuditRequestId.text(locale)}</dt><dd class="font-mono text-xs">{entry.request_id.clone()}</dd></div>
                    <div><dt class="font-medium text-slate-500">{Msg::AuditPayload.text(locale)}</dt>
                        <dd><pre data-testid="audit-payload" class="mt-1 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">{payload}</pre></dd></div>
                </dl>
            }
        })
    };
    view! {
        <div data-testid="audit-details" data-hydrated=hydrated>
            <Table caption=Msg::AuditTitle.text(locale) headers=headers testid="audit-table">
                {rows}
            </Table>
            {empty.then(|| view! { <p class="mt-4 text-sm text-slate-600" data-testid="audit-empty">{Msg::AuditEmpty.text(locale)}</p> })}
            <Drawer open=open title=Msg::AuditEntryTitle.text(locale).to_owned() locale=locale>
                {details}
            </Drawer>
        </div>
    }
}
