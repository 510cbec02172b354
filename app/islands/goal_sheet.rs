//! The goal sheet editor: three category sections with live budget badges, even re-split on
//! adding a goal, "fill remaining", save draft and submit. The budget rules are the shared
//! domain ones, so the badges say exactly what the server will.

use leptos::prelude::*;

use super::hydrated_marker;
use crate::components::{server_call, Badge, Toast, Tone};
use crate::domain::weights::{
    category_status, effective_budget, even_split, fill_remaining, BudgetState, Category, GoalInput, Weight,
};
use crate::domain::Locale;
use crate::goals::{GoalSheet, SheetStatus};
use crate::i18n::{category_msg, category_short_msg, sheet_status_msg, tr, Msg};
use crate::server_fns::goals::{SaveGoalSheet, SubmitGoalSheet};
use crate::stages::Stage;

/// One goal being edited; its fields are signals so inputs bind to them directly.
#[derive(Clone, Copy)]
struct GoalRow {
    key: u64,
    category: Category,
    title: RwSignal<String>,
    description: RwSignal<String>,
    measure: RwSignal<String>,
    weight: RwSignal<String>,
}

impl GoalRow {
    fn new(key: u64, category: Category, title: &str, description: &str, measure: &str, weight: Weight) -> GoalRow {
        GoalRow {
            key,
            category,
            title: RwSignal::new(title.to_owned()),
            description: RwSignal::new(description.to_owned()),
            measure: RwSignal::new(measure.to_owned()),
            weight: RwSignal::new(weight.to_string()),
        }
    }

    /// The typed weight; text that is not a valid weight counts as nothing towards the budget.
    fn weight_value(&self) -> Weight {
        Weight::parse(&self.weight.get()).unwrap_or(Weight::ZERO)
    }

    fn input(&self) -> GoalInput {
        GoalInput {
            category: self.category,
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            measure: self.measure.get_untracked(),
            weight: Weight::parse(&self.weight.get_untracked()).map(Weight::as_f64).unwrap_or(-1.0),
        }
    }
}

fn status_tone(status: SheetStatus) -> Tone {
    match status {
        SheetStatus::Draft => Tone::Neutral,
        SheetStatus::Submitted => Tone::Info,
        SheetStatus::Approved => Tone::Success,
        SheetStatus::Returned => Tone::Warning,
    }
}

#[island]
pub fn GoalSheetEditor(sheet: GoalSheet, stages: Vec<Stage>, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let next_key = StoredValue::new(sheet.goals.len() as u64);
    let rows = RwSignal::new(
        sheet
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| GoalRow::new(i as u64, g.category, &g.title, &g.description, &g.measure, g.weight))
            .collect::<Vec<_>>(),
    );
    let status = RwSignal::new(sheet.status);
    let comment = RwSignal::new(sheet.manager_comment.clone());
    let sheet_budget = RwSignal::new(sheet.budget);
    let current_budget = sheet.stage.weight_config;
    let stage_name = sheet.stage.name.clone();
    // The legacy rule: the saved sheet keeps its budget until a weight changes here.
    let weights_touched = RwSignal::new(false);
    let budget = Memo::new(move |_| effective_budget(sheet_budget.get(), current_budget, weights_touched.get()));
    // Only the open period's sheet changes; earlier ones are read.
    let period_open = sheet.period_status == crate::periods::PeriodStatus::Open;
    let editable = Memo::new(move |_| period_open && status.get().is_editable());
    let stage_note = RwSignal::new(sheet.stage_note.clone());
    let statuses = Memo::new(move |_| {
        let rows = rows.get();
        let b = budget.get();
        Category::ALL
            .map(|c| category_status(c, b.get(c), rows.iter().filter(|r| r.category == c).map(|r| r.weight_value())))
    });
    let all_met = Memo::new(move |_| statuses.get().iter().all(|s| s.state == BudgetState::Met));
    let inputs_valid = Memo::new(move |_| {
        rows.get().iter().all(|r| !r.title.get().trim().is_empty() && Weight::parse(&r.weight.get()).is_ok())
    });
    let none_over = Memo::new(move |_| statuses.get().iter().all(|s| s.state != BudgetState::Over));
    let can_save = Memo::new(move |_| editable.get() && none_over.get() && inputs_valid.get());
    let can_submit = Memo::new(move |_| can_save.get() && all_met.get());
    let error = RwSignal::new(None::<String>);
    let toast_visible = RwSignal::new(false);
    let toast_message = RwSignal::new(String::new());
    let show_toast = move |message: String| {
        toast_message.set(message);
        toast_visible.set(true);
    };

    // Tell the person once every budget is met while they edit.
    let complete_message = {
        let stage_name = stage_name.clone();
        move || {
            let b = budget.get_untracked();
            tr!(
                locale,
                allocation_complete,
                stage = stage_name,
                q = b.quantitative.to_string(),
                ql = b.qualitative.to_string()
            )
        }
    };
    let was_met = StoredValue::new(all_met.get_untracked());
    Effect::new(move |_| {
        let met = all_met.get();
        if met && !was_met.get_value() && editable.get_untracked() {
            show_toast(complete_message());
        }
        was_met.set_value(met);
    });

    let resplit = move |category: Category| {
        let b = budget.get_untracked().get(category);
        let list = rows.get_untracked();
        let in_category: Vec<&GoalRow> = list.iter().filter(|r| r.category == category).collect();
        for (row, weight) in in_category.iter().zip(even_split(b, in_category.len())) {
            row.weight.set(weight.to_string());
        }
    };
    let add_goal = move |category: Category| {
        weights_touched.set(true);
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|rows| rows.push(GoalRow::new(key, category, "", "", "", Weight::ZERO)));
        resplit(category);
    };
    let remove_goal = move |key: u64| {
        weights_touched.set(true);
        rows.update(|rows| rows.retain(|r| r.key != key));
    };
    let fill = move |key: u64| {
        weights_touched.set(true);
        let list = rows.get_untracked();
        let Some(row) = list.iter().find(|r| r.key == key) else {
            return;
        };
        let others = list.iter().filter(|r| r.category == row.category && r.key != key).map(|r| r.weight_value());
        row.weight.set(fill_remaining(budget.get_untracked().get(row.category), others).to_string());
    };

    let apply_saved = move |saved: GoalSheet| {
        status.set(saved.status);
        comment.set(saved.manager_comment.clone());
        stage_note.set(saved.stage_note.clone());
        sheet_budget.set(saved.budget);
        weights_touched.set(false);
    };
    // Submitting saves the goals first, then submits the saved sheet.
    let submit_after_save = StoredValue::new(false);
    let submit_action = server_call::<SubmitGoalSheet>(move |result| match result {
        Ok(saved) => {
            apply_saved(saved);
            show_toast(Msg::SheetSubmitted.text(locale).to_owned());
        }
        Err(e) => error.set(Some(e.message(locale).to_owned())),
    });
    let save_action = server_call::<SaveGoalSheet>(move |result| match result {
        Ok(_) if submit_after_save.get_value() => {
            submit_action.dispatch(SubmitGoalSheet {});
        }
        Ok(saved) => {
            apply_saved(saved);
            show_toast(Msg::DraftSaved.text(locale).to_owned());
        }
        Err(e) => error.set(Some(e.message(locale).to_owned())),
    });
    let busy = Signal::derive(move || save_action.pending().get() || submit_action.pending().get());
    let save = move |then_submit: bool| {
        error.set(None);
        submit_after_save.set_value(then_submit);
        let goals: Vec<GoalInput> = rows.get_untracked().iter().map(GoalRow::input).collect();
        save_action.dispatch(SaveGoalSheet { goals });
    };
    let save_draft = move |_| save(false);
    let submit = move |_| save(true);

    let stage_table = stages
        .iter()
        .map(|s| {
            view! {
                <tr>
                    <td class="px-2 py-1">{s.name.clone()}</td>
                    <td class="px-2 py-1 text-right tabular-nums">{s.quantitative_weight.to_string()}</td>
                    <td class="px-2 py-1 text-right tabular-nums">{if s.qualitative_weight == Weight::ZERO { "-".to_owned() } else { s.qualitative_weight.to_string() }}</td>
                    <td class="px-2 py-1 text-right tabular-nums">{s.competency_weight.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let input = "block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-slate-50 disabled:text-slate-500";
    let small_button = "rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";

    let section = move |category: Category, index: usize| {
        let in_category = move || rows.get().into_iter().filter(|r| r.category == category).collect::<Vec<_>>();
        let status_of = move || statuses.get()[index];
        let zero_budget = move || budget.get().get(category) == Weight::ZERO;
        let badge_state = move || status_of().state.as_str();
        let badge_class = move || match status_of().state {
            BudgetState::Met => "bg-emerald-50 text-emerald-800 ring-emerald-200",
            BudgetState::Under => "bg-amber-50 text-amber-800 ring-amber-200",
            BudgetState::Over => "bg-rose-50 text-rose-800 ring-rose-200",
        };
        let badge_text = move || {
            let s = status_of();
            tr!(
                locale,
                budget_badge,
                category = category_msg(category).text(locale),
                allocated = s.allocated.to_string(),
                budget = s.budget.to_string()
            )
        };
        let helper = move || {
            let s = status_of();
            let name = category_short_msg(category).text(locale);
            match s.state {
                BudgetState::Under => {
                    Some(tr!(locale, helper_remaining, remaining = s.remaining().to_string(), category = name))
                }
                BudgetState::Over => {
                    Some(tr!(locale, helper_over, over = (s.allocated - s.budget).to_string(), category = name))
                }
                BudgetState::Met => None,
            }
        };
        view! {
            <section class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid=format!("goal-section-{}", category.as_str())
                aria-disabled=move || zero_budget().then_some("true")>
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <h2 class="text-lg font-semibold text-slate-900">{category_msg(category).text(locale)}</h2>
                    <span data-testid=format!("budget-badge-{}", category.as_str()) data-state=badge_state
                        class=move || format!("inline-flex items-center rounded-full px-2.5 py-1 text-xs font-semibold tabular-nums ring-1 ring-inset {}", badge_class())>
                        {badge_text}
                    </span>
                </div>
                {move || if zero_budget() {
                    view! {
                        <p class="mt-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600" id=format!("goal-zero-{}", category.as_str())
                            data-testid=format!("goal-zero-{}", category.as_str())>
                            {tr!(locale, zero_budget, category = category_short_msg(category).text(locale))}
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <p class="mt-2 min-h-5 text-sm text-amber-800" data-testid=format!("goal-helper-{}", category.as_str())>{helper}</p>
                    }.into_any()
                }}
                <div class="mt-3 space-y-3">
                    {move || if editable.get() {
                        view! {
                            <For each=in_category key=|r| r.key let:row>
                            <div class="grid gap-3 rounded-lg border border-slate-100 bg-slate-50/60 p-3 md:grid-cols-12" data-testid="goal-row">
                                <div class="md:col-span-4">
                                    <label class="text-xs font-medium text-slate-600" for=format!("goal-title-{}", row.key)>{Msg::GoalTitle.text(locale)}</label>
                                    <input id=format!("goal-title-{}", row.key) type="text" class=input data-testid="goal-title" maxlength="200"
                                        bind:value=row.title/>
                                </div>
                                <div class="md:col-span-3">
                                    <label class="text-xs font-medium text-slate-600" for=format!("goal-measure-{}", row.key)>{Msg::GoalMeasure.text(locale)}</label>
                                    <input id=format!("goal-measure-{}", row.key) type="text" class=input data-testid="goal-measure" maxlength="1000"
                                        bind:value=row.measure/>
                                </div>
                                <div class="md:col-span-2">
                                    <label class="text-xs font-medium text-slate-600" for=format!("goal-weight-{}", row.key)>{Msg::GoalWeight.text(locale)}</label>
                                    <input id=format!("goal-weight-{}", row.key) type="text" inputmode="decimal" class=format!("{input} text-right tabular-nums") data-testid="goal-weight"
                                        prop:value=move || row.weight.get()
                                        on:input=move |ev| { weights_touched.set(true); row.weight.set(event_target_value(&ev)); }
                                        aria-invalid=move || Weight::parse(&row.weight.get()).is_err().then_some("true")
                                       />
                                </div>
                                <div class="flex items-end gap-2 md:col-span-3">
                                    <button type="button" class=small_button data-testid="goal-fill-remaining"
                                        on:click=move |_| fill(row.key)>{Msg::FillRemaining.text(locale)}</button>
                                    <button type="button" class=small_button data-testid="goal-remove"
                                        on:click=move |_| remove_goal(row.key)>{Msg::RemoveGoal.text(locale)}</button>
                                </div>
                                <div class="md:col-span-12">
                                    <label class="text-xs font-medium text-slate-600" for=format!("goal-description-{}", row.key)>{Msg::GoalDescription.text(locale)}</label>
                                    <textarea id=format!("goal-description-{}", row.key) rows="2" class=input maxlength="4000"
                                        bind:value=row.description></textarea>
                                </div>
                            </div>
                            </For>
                        }.into_any()
                    } else {
                        // Submitted, approved or in a closed period: text, not dead inputs.
                        in_category().into_iter().map(|row| view! {
                            <div class="grid gap-2 rounded-lg border border-slate-100 bg-slate-50/60 p-3 md:grid-cols-12" data-testid="goal-row" data-read-only="true">
                                <div class="md:col-span-9">
                                    <p class="font-medium text-slate-900" data-testid="goal-title-text">{row.title.get()}</p>
                                    {(!row.measure.get().is_empty()).then(|| view! {
                                        <p class="mt-0.5 text-sm text-slate-600"><span class="text-xs text-slate-500">{Msg::GoalMeasure.text(locale)} ": "</span>{row.measure.get()}</p>
                                    })}
                                </div>
                                <p class="text-right font-semibold tabular-nums text-slate-900 md:col-span-3" data-testid="goal-weight-text">{format!("{}%", row.weight.get())}</p>
                                {(!row.description.get().is_empty()).then(|| view! {
                                    <p class="whitespace-pre-line text-sm text-slate-700 md:col-span-12">{row.description.get()}</p>
                                })}
                            </div>
                        }).collect_view().into_any()
                    }}
                </div>
                {move || editable.get().then(|| view! {
                    <button type="button" class="mt-3 rounded-md border border-dashed border-indigo-300 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:opacity-50"
                        data-testid=format!("goal-add-{}", category.as_str())
                        // Why it is disabled, on hover and for screen readers (DESIGN: the stage 6+ tooltip).
                        title=move || zero_budget().then(|| tr!(locale, zero_budget, category = category_short_msg(category).text(locale)))
                        aria-describedby=move || zero_budget().then(|| format!("goal-zero-{}", category.as_str()))
                        disabled=zero_budget
                        on:click=move |_| add_goal(category)>
                        "+ " {Msg::AddGoal.text(locale)}
                    </button>
                })}
            </section>
        }
    };

    view! {
        <div data-testid="goal-sheet" data-hydrated=hydrated class="space-y-5">
            <div class="flex flex-wrap items-center gap-3">
                <p class="text-sm text-slate-600">{tr!(locale, goals_intro, period = sheet.period_name, stage = stage_name)}</p>
                <span data-testid="goal-status" data-status=move || status.get().as_str()>
                    {move || view! { <Badge tone=status_tone(status.get())>{sheet_status_msg(status.get()).text(locale)}</Badge> }}
                </span>
                <details class="relative ml-auto text-sm">
                    <summary class="cursor-pointer rounded-md px-2 py-1 font-medium text-indigo-700 hover:bg-indigo-50" data-testid="stage-table-toggle">{Msg::StageTable.text(locale)}</summary>
                    <div class="absolute right-0 z-20 mt-2 w-72 rounded-lg border border-slate-200 bg-white p-3 shadow-lg" data-testid="stage-table-popover">
                        <table class="w-full text-xs">
                            <thead><tr class="text-slate-500">
                                <th class="px-2 py-1 text-left">{Msg::StageColumn.text(locale)}</th>
                                <th class="px-2 py-1 text-right">"定量"</th>
                                <th class="px-2 py-1 text-right">"定性"</th>
                                <th class="px-2 py-1 text-right">"コンピテンシー"</th>
                            </tr></thead>
                            <tbody>{stage_table}</tbody>
                        </table>
                    </div>
                </details>
            </div>
            {move || comment.get().map(|c| view! {
                <div class="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="goal-comment">
                    <p class="font-medium">{Msg::ManagerComment.text(locale)}</p>
                    <p class="mt-1 whitespace-pre-line">{c}</p>
                </div>
            })}
            {move || stage_note.get().map(|note| {
                let from = note.from_stage.map(|s| s.to_string()).unwrap_or_else(|| "—".into());
                view! {
                    <div role="status" class="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="stage-note">
                        {tr!(locale, stage_note, from = from, to = note.to_stage.to_string())}
                    </div>
                }
            })}
            {move || (!editable.get()).then(|| view! {
                <p class="text-sm text-slate-600" data-testid="sheet-read-only">
                    {if period_open { Msg::SheetReadOnly } else { Msg::SheetPeriodClosed }.text(locale)}
                </p>
            })}
            {section(Category::Quantitative, 0)}
            {section(Category::Qualitative, 1)}
            {section(Category::Competency, 2)}
            {move || error.get().map(|message| view! {
                <p role="alert" class="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="goal-error">{message}</p>
            })}
            <div class="flex flex-wrap items-center justify-end gap-3">
                {move || (editable.get() && !all_met.get()).then(|| view! { <p class="text-sm text-slate-500">{Msg::SubmitHint.text(locale)}</p> })}
                {move || editable.get().then(|| view! {
                    <button type="button" data-testid="goal-save-draft" on:click=save_draft
                        disabled=move || !can_save.get() || busy.get()
                        class="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                        {Msg::SaveDraft.text(locale)}
                    </button>
                    <button type="button" data-testid="goal-submit" on:click=submit
                        disabled=move || !can_submit.get() || busy.get()
                        class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                        {Msg::Submit.text(locale)}
                    </button>
                })}
            </div>
            <Toast visible=toast_visible message=toast_message locale=locale/>
        </div>
    }
}
