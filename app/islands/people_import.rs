//! The import box: uploads the chosen CSV to `/api/v1/users/import` as a dry run and shows the
//! preview; when the preview has no problems, the same file is applied.

use leptos::prelude::*;

use super::hydrated_marker;
use crate::domain::{ErrorCode, Locale};
use crate::i18n::{error_msg, import_error_msg, role_msg, tr, Msg};
use crate::users::{ImportError, ImportReport};

/// What the last upload answered. (Built in the browser only.)
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Report(ImportReport),
    Rejected(Vec<ImportError>),
    Failed(String),
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn outcome(status: u16, body: &str, locale: Locale) -> Outcome {
    if (200..300).contains(&status) {
        return serde_json::from_str(body)
            .map(Outcome::Report)
            .unwrap_or_else(|_| Outcome::Failed(Msg::ErrInternal.text(locale).into()));
    }
    let error: Option<serde_json::Value> =
        serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| v.get("error").cloned());
    let code = error.as_ref().and_then(|e| serde_json::from_value::<ErrorCode>(e["code"].clone()).ok());
    if status == 422 {
        if let Some(errors) =
            error.as_ref().and_then(|e| serde_json::from_value::<Vec<ImportError>>(e["details"].clone()).ok())
        {
            return Outcome::Rejected(errors);
        }
    }
    let code = code.unwrap_or(if status == 413 { ErrorCode::PayloadTooLarge } else { ErrorCode::Internal });
    let msg = if code == ErrorCode::PayloadTooLarge { Msg::ImportTooLarge } else { error_msg(code) };
    Outcome::Failed(msg.text(locale).into())
}

/// One problem as a line of the list: where, then what, in the user's language.
pub fn problem_text(error: &ImportError, locale: Locale) -> String {
    let place = match (error.line, error.column.as_str()) {
        (0, "") => String::new(),
        (line, "") => tr!(locale, import_at_line, line = line.to_string()),
        (line, column) => tr!(locale, import_at_line_column, line = line.to_string(), column = column),
    };
    let what = import_error_msg(error.code).text(locale);
    if place.is_empty() {
        what.to_owned()
    } else {
        format!("{place}: {what}")
    }
}

fn errors_list(errors: Vec<ImportError>, locale: Locale) -> impl IntoView {
    view! {
        <ul class="mt-2 list-disc space-y-1 pl-5" data-testid="import-errors">
            {errors
                .into_iter()
                .map(|e| view! {
                    <li data-code=e.code.as_str() data-line=e.line.to_string()>
                        {problem_text(&e, locale)}
                        <span class="text-rose-700/80">" — " {e.message.clone()}</span>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

#[island]
pub fn PeopleImport(locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let progress = RwSignal::new(None::<u32>);
    let result = RwSignal::new(None::<Outcome>);
    let send = move |dry_run: bool| {
        #[cfg(feature = "hydrate")]
        {
            let Some(file) = super::xhr::chosen_file(input) else {
                result.set(Some(Outcome::Failed(Msg::ChooseFileFirst.text(locale).into())));
                return;
            };
            result.set(None);
            progress.set(Some(0));
            let url = format!("/api/v1/users/import?dryRun={dry_run}");
            let done = move |status: u16, body: String| {
                progress.set(None);
                result.set(Some(outcome(status, &body, locale)));
            };
            if super::xhr::send(&url, "POST", &file, progress, done).is_err() {
                progress.set(None);
                result.set(Some(Outcome::Failed(Msg::ErrInternal.text(locale).into())));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (dry_run, input);
    };
    let report = move |report: ImportReport| {
        let applied = report.applied;
        let clean = report.errors.is_empty();
        let (creates, updates) = (report.creates.len(), report.updates.len());
        let unchanged = report.unchanged;
        let summary = if applied {
            tr!(locale, import_applied, creates = creates, updates = updates, unchanged = unchanged)
        } else {
            let errors = report.errors.len();
            tr!(locale, import_preview, creates = creates, updates = updates, unchanged = unchanged, errors = errors)
        };
        let creates = report.creates.clone();
        let updates = report.updates.clone();
        let teams = report.new_teams.clone();
        view! {
            <div class="space-y-4" data-testid="import-report" data-applied=applied.to_string()>
                <p role="status" data-testid="import-summary"
                    class=if clean { "rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" } else { "rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" }>
                    {summary}
                </p>
                {(!report.errors.is_empty()).then(|| view! {
                    <div class="rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm text-rose-900" role="alert">
                        <p class="font-semibold">{Msg::ImportFixFirst.text(locale)}</p>
                        {errors_list(report.errors.clone(), locale)}
                    </div>
                })}
                {(!teams.is_empty()).then(|| view! {
                    <p class="text-sm text-slate-700" data-testid="import-new-teams">{tr!(locale, import_new_teams, teams = teams.join(", "))}</p>
                })}
                {(!creates.is_empty()).then(|| view! {
                    <section>
                        <h2 class="text-sm font-semibold text-slate-900">{Msg::ImportCreates.text(locale)}</h2>
                        <ul class="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm" data-testid="import-creates">
                            {creates.into_iter().map(|c| view! {
                                <li class="px-3 py-1.5">
                                    <span class="font-medium">{c.display_name}</span> " · " {c.email} " · " {role_msg(c.role).text(locale)}
                                    {c.stage.map(|s| format!(" · {} {s}", Msg::FieldStage.text(locale)))}
                                    {c.team.map(|t| format!(" · {t}"))}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                {(!updates.is_empty()).then(|| view! {
                    <section>
                        <h2 class="text-sm font-semibold text-slate-900">{Msg::ImportUpdates.text(locale)}</h2>
                        <ul class="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm" data-testid="import-updates">
                            {updates.into_iter().map(|u| view! {
                                <li class="px-3 py-1.5">
                                    <span class="font-medium">{u.email}</span>
                                    {u.changes.into_iter().map(|c| view! {
                                        <span class="ml-2 text-slate-600">{format!("{}: {} → {}", c.field, if c.from.is_empty() { "—".into() } else { c.from }, if c.to.is_empty() { "—".into() } else { c.to })}</span>
                                    }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                {(clean && !applied && report.creates.len() + report.updates.len() + report.team_managers.len() > 0).then(|| view! {
                    <button type="button" data-testid="import-apply" on:click=move |_| send(false)
                        disabled=move || progress.get().is_some()
                        class="rounded-md bg-emerald-600 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-700 disabled:opacity-50">
                        {Msg::ImportApply.text(locale)}
                    </button>
                })}
                {applied.then(|| view! {
                    <a href="/admin/people" data-testid="import-done" class="inline-block text-sm font-medium text-indigo-700 hover:underline">{Msg::ImportOpenPeople.text(locale)}</a>
                })}
            </div>
        }
    };
    view! {
        <div class="space-y-4" data-hydrated=hydrated data-testid="import-box">
            <form class="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
                on:submit=move |ev| { ev.prevent_default(); send(true); }>
                <label class="block text-sm font-medium text-slate-700" for="import-file">{Msg::CsvFile.text(locale)}</label>
                <input id="import-file" type="file" accept=".csv,text/csv" node_ref=input data-testid="import-file"
                    on:change=move |_| result.set(None)
                    class="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:font-medium file:text-indigo-700"/>
                <button type="submit" data-testid="import-preview" disabled=move || progress.get().is_some()
                    class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-50">
                    {Msg::ImportPreviewAction.text(locale)}
                </button>
                {move || progress.get().map(|pct| view! {
                    <p class="text-xs text-slate-600" data-testid="import-progress">{tr!(locale, uploading, pct = pct.to_string())}</p>
                })}
            </form>
            {move || result.get().map(|r| match r {
                Outcome::Report(r) => report(r).into_any(),
                Outcome::Rejected(errors) => view! {
                    <div class="rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm text-rose-900" role="alert" data-testid="import-rejected">
                        <p class="font-semibold">{Msg::ImportRejected.text(locale)}</p>
                        {errors_list(errors, locale)}
                    </div>
                }.into_any(),
                Outcome::Failed(message) => view! {
                    <p class="rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900" role="alert" data-testid="import-error">{message}</p>
                }.into_any(),
            })}
        </div>
    }
}
