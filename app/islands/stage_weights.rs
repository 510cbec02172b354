//! The stage table with its editor modal and history drawer. The modal checks the weights with
//! the same rules as the server while the admin types.

use leptos::prelude::*;

use super::hydrated_marker;
use crate::components::{server_call, Drawer, Modal, Table, Toast};
use crate::domain::weights::{Budget, Weight, WeightError};
use crate::domain::{ErrorCode, Locale};
use crate::i18n::{tr, Msg};
use crate::server_fns::stage_weights::{CreateStage, StageHistory, UpdateStageWeights};
use crate::stages::{Stage, WeightChange, WeightsUpdate};

fn weight_error_msg(e: WeightError) -> Msg {
    match e {
        WeightError::NotANumber => Msg::WeightNotANumber,
        WeightError::OutOfRange => Msg::WeightOutOfRange,
        WeightError::TooManyDecimals => Msg::WeightTooManyDecimals,
    }
}

/// Qualitative 0 is shown as "-": the category is not evaluated at that stage.
fn show_weight(weight: Weight, dash_zero: bool) -> String {
    if dash_zero && weight == Weight::ZERO {
        "-".to_owned()
    } else {
        weight.to_string()
    }
}

fn budget_line(b: &Budget) -> String {
    format!("{} / {} / {}", b.quantitative, b.qualitative, b.competency)
}

#[island]
pub fn StageWeightsTable(stages: Vec<Stage>, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let rows = RwSignal::new(stages);
    let editing = RwSignal::new(None::<Stage>);
    let modal_open = RwSignal::new(false);
    let (quantitative, qualitative, competency) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let server_error = RwSignal::new(None::<String>);
    let toast_visible = RwSignal::new(false);
    let toast_message = RwSignal::new(String::new());

    let history_open = RwSignal::new(false);
    let history_stage = RwSignal::new(String::new());
    let history = RwSignal::new(None::<Result<Vec<WeightChange>, String>>);

    let parsed = Memo::new(move |_| {
        (Weight::parse(&quantitative.get()), Weight::parse(&qualitative.get()), Weight::parse(&competency.get()))
    });
    let budget = Memo::new(move |_| match parsed.get() {
        (Ok(q), Ok(ql), Ok(c)) => Some(Budget { quantitative: q, qualitative: ql, competency: c }),
        _ => None,
    });
    let all_zero =
        Memo::new(move |_| budget.get().is_some_and(|b| b.quantitative + b.qualitative + b.competency == Weight::ZERO));
    let valid = Memo::new(move |_| budget.get().is_some() && !all_zero.get());

    let open_editor = move |stage: Stage| {
        quantitative.set(stage.quantitative_weight.to_string());
        qualitative.set(stage.qualitative_weight.to_string());
        competency.set(stage.competency_weight.to_string());
        server_error.set(None);
        editing.set(Some(stage));
        modal_open.set(true);
    };
    let replace_row = move |stage: Stage| {
        rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|r| r.id == stage.id) {
                *row = stage;
            }
        })
    };
    let save_action = server_call::<UpdateStageWeights>(move |result| match result {
        Ok(saved) => {
            toast_message.set(tr!(locale, stage_saved, stage = saved.name));
            toast_visible.set(true);
            replace_row(saved);
            modal_open.set(false);
        }
        Err(error) if error.code == ErrorCode::Conflict => {
            // Show what is there now and let the admin decide again from it.
            if let Some(current) = error.current.and_then(|v| serde_json::from_value::<Stage>(v).ok()) {
                quantitative.set(current.quantitative_weight.to_string());
                qualitative.set(current.qualitative_weight.to_string());
                competency.set(current.competency_weight.to_string());
                editing.set(Some(current.clone()));
                replace_row(current);
            }
            server_error.set(Some(Msg::StageConflict.text(locale).to_owned()));
        }
        Err(error) => server_error.set(Some(error.message(locale).to_owned())),
    });
    let saving = save_action.pending();
    let save = move |_| {
        let (Some(stage), Some(b)) = (editing.get_untracked(), budget.get_untracked()) else {
            return;
        };
        let update = WeightsUpdate {
            quantitative_weight: b.quantitative.as_f64(),
            qualitative_weight: b.qualitative.as_f64(),
            competency_weight: b.competency.as_f64(),
            version: stage.version,
        };
        save_action.dispatch(UpdateStageWeights { id: stage.id, update });
    };
    let history_action = server_call::<StageHistory>(move |result| {
        history.set(Some(result.map(|p| p.items).map_err(|e| e.message(locale).to_owned())));
    });
    let open_history = move |stage: Stage| {
        history_stage.set(stage.name.clone());
        history.set(None);
        history_open.set(true);
        history_action.dispatch(StageHistory { id: stage.id });
    };
    let add_action = server_call::<CreateStage>(move |result| {
        toast_message.set(match result {
            Ok(stage) => {
                let text = tr!(locale, stage_saved, stage = stage.name);
                rows.update(|rows| rows.push(stage));
                text
            }
            Err(error) => error.message(locale).to_owned(),
        });
        toast_visible.set(true);
    });
    let add_stage = move |_| {
        add_action.dispatch(CreateStage {});
    };

    let headers = vec![
        Msg::StageColumn.text(locale).to_owned(),
        format!("定量 · {}", Msg::CategoryQuantitative.text(locale)),
        format!("定性 · {}", Msg::CategoryQualitative.text(locale)),
        format!("コンピテンシー · {}", Msg::CategoryCompetency.text(locale)),
        Msg::StagePeople.text(locale).to_owned(),
        Msg::LastChange.text(locale).to_owned(),
        Msg::Actions.text(locale).to_owned(),
    ];
    let button = "rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";
    let input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-right tabular-nums focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";

    let field = move |id: &'static str, label: String, value: RwSignal<String>, index: usize| {
        let error = move || {
            let p = parsed.get();
            let result = match index {
                0 => p.0,
                1 => p.1,
                _ => p.2,
            };
            result.err().map(|e| weight_error_msg(e).text(locale))
        };
        view! {
            <div>
                <label for=id class="block text-sm font-medium text-slate-700">{label}</label>
                <input id=id type="text" inputmode="decimal" class=input data-testid=id bind:value=value
                    aria-invalid=move || error().is_some().then_some("true")/>
                <p class="mt-1 min-h-4 text-xs text-rose-700">{error}</p>
            </div>
        }
    };

    view! {
        <div data-testid="stage-weights" data-hydrated=hydrated>
            <div class="mb-4 flex justify-end">
                <button type="button" class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
                    data-testid="stage-add" on:click=add_stage>
                    {Msg::AddStage.text(locale)}
                </button>
            </div>
            <Table caption=Msg::StageWeightsTitle.text(locale) headers=headers testid="stage-table">
                <For each=move || rows.get() key=|s| (s.id, s.version) let:stage>
                    {
                        let n = stage.number;
                        let last = match &stage.last_changed_by {
                            Some(name) => tr!(locale, last_change_by, when = stage.updated_at.format("%Y-%m-%d %H:%M").to_string(), name = name),
                            None => Msg::NeverChanged.text(locale).to_owned(),
                        };
                        let (for_edit, for_history) = (stage.clone(), stage.clone());
                        view! {
                            <tr data-testid=format!("stage-row-{n}") class="hover:bg-slate-50">
                                <td class="px-4 py-2.5 font-medium text-slate-900">{stage.name.clone()}</td>
                                <td class="px-4 py-2.5 tabular-nums" data-testid="stage-quantitative">{show_weight(stage.quantitative_weight, false)}</td>
                                <td class="px-4 py-2.5 tabular-nums" data-testid="stage-qualitative">{show_weight(stage.qualitative_weight, true)}</td>
                                <td class="px-4 py-2.5 tabular-nums" data-testid="stage-competency">{show_weight(stage.competency_weight, false)}</td>
                                <td class="px-4 py-2.5 tabular-nums" data-testid="stage-people">{stage.people}</td>
                                <td class="px-4 py-2.5 text-slate-600">{last}</td>
                                <td class="px-4 py-2.5">
                                    <div class="flex gap-2">
                                        <button type="button" class=button data-testid=format!("stage-edit-{n}")
                                            on:click=move |_| open_editor(for_edit.clone())>{Msg::Edit.text(locale)}</button>
                                        <button type="button" class=button data-testid=format!("stage-history-{n}")
                                            on:click=move |_| open_history(for_history.clone())>{Msg::History.text(locale)}</button>
                                    </div>
                                </td>
                            </tr>
                        }
                    }
                </For>
            </Table>

            <Modal open=modal_open locale=locale
                title=Signal::derive(move || editing.get().map(|s| tr!(locale, edit_stage_title, stage = s.name)).unwrap_or_default())>
                <form class="space-y-3" on:submit=move |ev| { ev.prevent_default(); if valid.get_untracked() { save(()); } }>
                    <p class="text-sm text-slate-600">{Msg::WeightsHelp.text(locale)}</p>
                    <p class="text-sm text-slate-700" data-testid="weight-reach">
                        {move || editing.get().map(|s| tr!(locale, stage_reach, people = s.people.to_string(), sheets = s.open_sheets.to_string()))}
                    </p>
                    <div class="grid grid-cols-3 items-end gap-3">
                        {field("weight-input-quantitative", format!("定量 · {}", Msg::CategoryQuantitative.text(locale)), quantitative, 0)}
                        {field("weight-input-qualitative", format!("定性 · {}", Msg::CategoryQualitative.text(locale)), qualitative, 1)}
                        {field("weight-input-competency", format!("コンピテンシー · {}", Msg::CategoryCompetency.text(locale)), competency, 2)}
                    </div>
                    <p class="text-sm tabular-nums text-slate-700" data-testid="weight-performance-total">
                        {move || budget.get().map(|b| tr!(locale, performance_total, total = b.performance_total().to_string()))}
                    </p>
                    {move || budget.get().filter(|b| !b.performance_total_is_100()).map(|_| view! {
                        <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="weight-warning">{Msg::PerformanceWarning.text(locale)}</p>
                    })}
                    {move || all_zero.get().then(|| view! { <p class="text-sm text-rose-700">{Msg::WeightsAllZero.text(locale)}</p> })}
                    {move || server_error.get().map(|message| view! {
                        <p role="alert" class="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="weight-error">{message}</p>
                    })}
                    <div class="flex justify-end gap-2 pt-2">
                        <button type="button" class=button on:click=move |_| modal_open.set(false)>{Msg::Cancel.text(locale)}</button>
                        <button type="submit" data-testid="weight-save"
                            disabled=move || !valid.get() || saving.get()
                            class="rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                            {Msg::Save.text(locale)}
                        </button>
                    </div>
                </form>
            </Modal>

            <Drawer open=history_open locale=locale testid="weight-history"
                title=Signal::derive(move || tr!(locale, history_title, stage = history_stage.get()))>
                {move || match history.get() {
                    None => view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }.into_any(),
                    Some(Err(message)) => view! { <p role="alert" class="text-sm text-rose-700">{message}</p> }.into_any(),
                    Some(Ok(changes)) if changes.is_empty() => view! { <p class="text-sm text-slate-600">{Msg::HistoryEmpty.text(locale)}</p> }.into_any(),
                    Some(Ok(changes)) => view! {
                        <ol class="space-y-3">
                            {changes.into_iter().map(|c| view! {
                                <li class="rounded-lg border border-slate-200 p-3 text-sm" data-testid="weight-history-entry">
                                    <p class="font-mono tabular-nums text-slate-900">{budget_line(&c.before)} " → " {budget_line(&c.after)}</p>
                                    <p class="mt-1 text-xs text-slate-500">{c.actor_name.clone().unwrap_or_default()} " · " {c.changed_at.format("%Y-%m-%d %H:%M UTC").to_string()}</p>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                }}
            </Drawer>
            <Toast visible=toast_visible message=toast_message locale=locale/>
        </div>
    }
}
