//! HR's cycle tools: the "new cycle" form, and the editor of one cycle — its details and
//! criteria while draft, a live weights badge that must read 100% before opening, and the
//! open / close / finalize steps, each confirmed first.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use super::hydrated_marker;
use crate::components::CycleStatusBadge;
use crate::components::{leaving_action, server_call, Badge, FormError, Modal, Toast, Tone};
use crate::domain::nominations::{self as rules, format_points, sum_state, CriterionWeight, SumState};
use crate::domain::Locale;
use crate::i18n::{tr, Msg};
use crate::nominations::{Criterion, CriterionInput, Cycle, CycleInput, CyclePatch, CycleStatus};
use crate::server_fns::cycles::{AddCriterion, CreateCycle, CycleStep, StepCycle, UpdateCriterion, UpdateCycle};

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-slate-50 disabled:text-slate-500";
const LABEL: &str = "block text-sm font-medium text-slate-700";
const PRIMARY: &str = "rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2";
const SECONDARY: &str = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";

/// The first instant of a `YYYY-MM-DD` day (UTC).
fn day_start(text: &str) -> Option<DateTime<Utc>> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc())
}

/// The last second of a `YYYY-MM-DD` day (UTC): the window includes the whole last day.
fn day_end(text: &str) -> Option<DateTime<Utc>> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(23, 59, 59)).map(|d| d.and_utc())
}

fn day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// The value of a check, clearing `error`; or `None`, showing the check's message in `error`.
fn shown<T>(checked: Result<T, Msg>, error: RwSignal<Option<String>>, locale: Locale) -> Option<T> {
    match checked {
        Ok(value) => {
            error.set(None);
            Some(value)
        }
        Err(msg) => {
            error.set(Some(msg.text(locale).to_owned()));
            None
        }
    }
}

/// The cycle's fields as typed, checked like the server does before sending.
struct Details {
    name: String,
    description: String,
    start_at: DateTime<Utc>,
    end_at: DateTime<Utc>,
    scale_min: i32,
    scale_max: i32,
}

#[derive(Clone, Copy)]
struct DetailFields {
    name: RwSignal<String>,
    description: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    scale_min: RwSignal<String>,
    scale_max: RwSignal<String>,
}

impl DetailFields {
    fn new(name: &str, description: &str, start: String, end: String, scale: (i32, i32)) -> Self {
        DetailFields {
            name: RwSignal::new(name.to_owned()),
            description: RwSignal::new(description.to_owned()),
            start: RwSignal::new(start),
            end: RwSignal::new(end),
            scale_min: RwSignal::new(scale.0.to_string()),
            scale_max: RwSignal::new(scale.1.to_string()),
        }
    }

    fn check(&self) -> Result<Details, Msg> {
        let name = self.name.get_untracked().trim().to_owned();
        if !rules::name_is_valid(&name) {
            return Err(Msg::ErrNameRequired);
        }
        let (Some(start_at), Some(end_at)) =
            (day_start(&self.start.get_untracked()), day_end(&self.end.get_untracked()))
        else {
            return Err(Msg::ErrEndBeforeStart);
        };
        if end_at <= start_at {
            return Err(Msg::ErrEndBeforeStart);
        }
        let (Ok(scale_min), Ok(scale_max)) = (
            self.scale_min.get_untracked().trim().parse::<i32>(),
            self.scale_max.get_untracked().trim().parse::<i32>(),
        ) else {
            return Err(Msg::ErrScale);
        };
        if !rules::scale_is_valid(scale_min, scale_max) {
            return Err(Msg::ErrScale);
        }
        Ok(Details {
            name,
            description: self.description.get_untracked().trim().to_owned(),
            start_at,
            end_at,
            scale_min,
            scale_max,
        })
    }

    /// The form's inputs; `enabled` false shows them read-only.
    fn view(self, locale: Locale, enabled: Signal<bool>) -> impl IntoView {
        let text = move |id: &'static str, label: Msg, value: RwSignal<String>, kind: &'static str| {
            view! {
                <div>
                    <label for=id class=LABEL>{label.text(locale)}</label>
                    <input id=id type=kind data-testid=id class=INPUT disabled=move || !enabled.get()
                        prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                </div>
            }
        };
        view! {
            <div class="grid gap-4 sm:grid-cols-2">
                <div class="sm:col-span-2">{text("cycle-name", Msg::CycleName, self.name, "text")}</div>
                <div class="sm:col-span-2">
                    <label for="cycle-description" class=LABEL>{Msg::CycleDescription.text(locale)}</label>
                    <textarea id="cycle-description" rows="3" maxlength="4000" data-testid="cycle-description-input" class=INPUT
                        disabled=move || !enabled.get()
                        prop:value=move || self.description.get() on:input=move |ev| self.description.set(event_target_value(&ev))></textarea>
                </div>
                {text("cycle-start", Msg::CycleStart, self.start, "date")}
                {text("cycle-end", Msg::CycleEnd, self.end, "date")}
                {text("cycle-scale-min", Msg::ScaleMin, self.scale_min, "number")}
                {text("cycle-scale-max", Msg::ScaleMax, self.scale_max, "number")}
            </div>
        }
    }
}

/// "New cycle": a modal form; on success the editor of the new draft opens.
#[island]
pub fn CycleCreateForm(locale: Locale, today: NaiveDate) -> impl IntoView {
    let hydrated = hydrated_marker();
    let open = RwSignal::new(false);
    let fields =
        DetailFields::new("", "", today.to_string(), (today + chrono::Days::new(30)).to_string(), rules::DEFAULT_SCALE);
    let error = RwSignal::new(None::<String>);
    let (action, busy) = leaving_action::<CreateCycle>(locale, error, |cycle| {
        let _ = window().location().set_href(&format!("/admin/cycles/{}", cycle.id));
    });
    let create = move || {
        let Some(details) = shown(fields.check(), error, locale) else {
            return;
        };
        let input = CycleInput {
            name: details.name,
            description: details.description,
            start_at: details.start_at,
            end_at: details.end_at,
            scale_min: Some(details.scale_min),
            scale_max: Some(details.scale_max),
        };
        action.dispatch(CreateCycle { input });
    };
    view! {
        <div data-hydrated=hydrated data-testid="cycle-create">
            <button type="button" class=PRIMARY data-testid="cycle-new" on:click=move |_| open.set(true)>{Msg::NewCycle.text(locale)}</button>
            <Modal open=open locale=locale testid="cycle-form" title=Signal::derive(move || Msg::NewCycle.text(locale).to_owned())>
                <form class="space-y-4" novalidate on:submit=move |ev| { ev.prevent_default(); create(); }>
                    {fields.view(locale, Signal::derive(|| true))}
                    <FormError message=error testid="cycle-error"/>
                    <div class="flex justify-end gap-2">
                        <button type="button" class=SECONDARY on:click=move |_| open.set(false)>{Msg::Cancel.text(locale)}</button>
                        <button type="submit" class=PRIMARY data-testid="cycle-create-submit" disabled=move || busy.get()>{Msg::CreateCycle.text(locale)}</button>
                    </div>
                </form>
            </Modal>
        </div>
    }
}

/// One criterion as edited: the saved version and the typed values.
#[derive(Clone, Copy)]
struct CriterionFields {
    saved: RwSignal<Criterion>,
    name: RwSignal<String>,
    weight: RwSignal<String>,
    description: RwSignal<String>,
}

impl CriterionFields {
    fn new(c: Criterion) -> Self {
        CriterionFields {
            name: RwSignal::new(c.name.clone()),
            weight: RwSignal::new(c.weight.to_string()),
            description: RwSignal::new(c.description.clone()),
            saved: RwSignal::new(c),
        }
    }

    fn id(&self) -> Uuid {
        self.saved.with_untracked(|c| c.id)
    }

    /// The weight counted in the live sum: the typed one when it parses, for active criteria.
    fn live_weight(&self) -> i64 {
        if !self.saved.with(|c| c.is_active) {
            return 0;
        }
        CriterionWeight::parse(&self.weight.get()).map(CriterionWeight::thousandths).unwrap_or(0)
    }

    fn dirty(&self) -> bool {
        self.saved.with(|c| {
            c.name != self.name.get()
                || c.description != self.description.get()
                || CriterionWeight::parse(&self.weight.get()).map(CriterionWeight::as_f64) != Ok(c.weight)
        })
    }

    fn input(&self, is_active: bool) -> Result<CriterionInput, Msg> {
        let name = self.name.get_untracked().trim().to_owned();
        if !rules::name_is_valid(&name) {
            return Err(Msg::ErrNameRequired);
        }
        let weight = CriterionWeight::parse(&self.weight.get_untracked()).map_err(|_| Msg::ErrCriterionWeight)?;
        Ok(CriterionInput {
            name,
            description: self.description.get_untracked().trim().to_owned(),
            weight: weight.as_f64(),
            is_active: Some(is_active),
        })
    }
}

#[island]
pub fn CycleEditor(cycle: Cycle, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let cycle_id = cycle.id;
    let current = RwSignal::new(cycle.clone());
    let is_draft = Signal::derive(move || current.with(|c| c.status == CycleStatus::Draft));
    let details = DetailFields::new(
        &cycle.name,
        &cycle.description,
        day(cycle.start_at),
        day(cycle.end_at),
        (cycle.scale_min, cycle.scale_max),
    );
    let rows = RwSignal::new(cycle.criteria.iter().cloned().map(CriterionFields::new).collect::<Vec<_>>());
    let new_row = CriterionFields::new(Criterion {
        id: Uuid::nil(),
        name: String::new(),
        description: String::new(),
        weight: 0.0,
        is_active: true,
        position: 0,
    });
    new_row.weight.set(String::new());

    let toast_visible = RwSignal::new(false);
    let toast_message = RwSignal::new(String::new());
    let notify = move |message: String| {
        toast_message.set(message);
        toast_visible.set(true);
    };
    let details_error = RwSignal::new(None::<String>);
    let criteria_error = RwSignal::new(None::<String>);
    let step_error = RwSignal::new(None::<String>);
    let details_action = server_call::<UpdateCycle>(move |result| match result {
        Ok(saved) => {
            current.set(saved);
            notify(Msg::CycleSaved.text(locale).to_owned());
        }
        Err(e) => details_error.set(Some(e.message(locale).to_owned())),
    });
    let row_action = server_call::<UpdateCriterion>(move |result| match result {
        Ok(saved) => {
            if let Some(row) = rows.with(|rows| rows.iter().find(|r| r.id() == saved.id).copied()) {
                row.weight.set(saved.weight.to_string());
                row.name.set(saved.name.clone());
                row.description.set(saved.description.clone());
                row.saved.set(saved);
            }
            notify(Msg::CycleSaved.text(locale).to_owned());
        }
        Err(e) => criteria_error.set(Some(e.message(locale).to_owned())),
    });
    let add_action = server_call::<AddCriterion>(move |result| match result {
        Ok(saved) => {
            rows.update(|rows| rows.push(CriterionFields::new(saved)));
            new_row.name.set(String::new());
            new_row.weight.set(String::new());
            new_row.description.set(String::new());
        }
        Err(e) => criteria_error.set(Some(e.message(locale).to_owned())),
    });
    let step_action = server_call::<StepCycle>(move |result| match result {
        Ok(cycle) => {
            let done = match cycle.status {
                CycleStatus::Closed => Msg::CycleClosed,
                CycleStatus::Finalized => Msg::CycleFinalized,
                _ => Msg::CycleOpened,
            };
            current.set(cycle);
            notify(done.text(locale).to_owned());
        }
        Err(e) => step_error.set(Some(e.message(locale).to_owned())),
    });
    let busy = Signal::derive(move || {
        details_action.pending().get()
            || row_action.pending().get()
            || add_action.pending().get()
            || step_action.pending().get()
    });

    let sum = Memo::new(move |_| rows.with(|rows| rows.iter().map(|r| r.live_weight()).sum::<i64>()));
    let state = Memo::new(move |_| sum_state(sum.get()));
    let dirty = Memo::new(move |_| rows.with(|rows| rows.iter().any(|r| r.dirty())));

    let save_details = move || {
        let Some(d) = shown(details.check(), details_error, locale) else {
            return;
        };
        let patch = CyclePatch {
            name: Some(d.name),
            description: Some(d.description),
            start_at: Some(d.start_at),
            end_at: Some(d.end_at),
            scale_min: Some(d.scale_min),
            scale_max: Some(d.scale_max),
        };
        details_action.dispatch(UpdateCycle { id: cycle_id, patch });
    };

    let save_row = move |row: CriterionFields, is_active: bool| {
        let Some(input) = shown(row.input(is_active), criteria_error, locale) else {
            return;
        };
        row_action.dispatch(UpdateCriterion { id: cycle_id, criterion_id: row.id(), input });
    };

    let add_row = move || {
        let Some(input) = shown(new_row.input(true), criteria_error, locale) else {
            return;
        };
        add_action.dispatch(AddCriterion { id: cycle_id, input });
    };

    let confirm_open = RwSignal::new(false);
    let pending_step = RwSignal::new(None::<CycleStep>);
    let ask = move |step: CycleStep| {
        step_error.set(None);
        pending_step.set(Some(step));
        confirm_open.set(true);
    };
    let run_step = move || {
        let Some(step) = pending_step.get_untracked() else {
            return;
        };
        confirm_open.set(false);
        step_action.dispatch(StepCycle { id: cycle_id, step });
    };
    let confirm_text = move || {
        let name = current.with(|c| c.name.clone());
        pending_step
            .get()
            .map(|step| {
                let cycle = &name;
                match step {
                    CycleStep::Open => tr!(locale, confirm_open, cycle = cycle),
                    CycleStep::Close => tr!(locale, confirm_close, cycle = cycle),
                    CycleStep::Finalize => tr!(locale, confirm_finalize, cycle = cycle),
                }
            })
            .unwrap_or_default()
    };

    let status = move || current.with(|c| c.status);
    let section = "rounded-xl border border-slate-200 bg-white p-6 shadow-sm";
    view! {
        <div class="space-y-8" data-testid="cycle-editor" data-hydrated=hydrated>
            <div class="flex flex-wrap items-start justify-between gap-4">
                <h1 class="flex items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
                    <span data-testid="cycle-title">{move || current.with(|c| c.name.clone())}</span>
                    {move || view! { <CycleStatusBadge status=status() locale=locale/> }}
                </h1>
                <div class="flex flex-wrap items-center gap-3">
                    <a href=format!("/nominations/{cycle_id}") class="text-sm font-medium text-indigo-700 hover:underline">{Msg::ViewCycle.text(locale)}</a>
                    {move || (status() != CycleStatus::Draft).then(|| view! {
                        <a href=format!("/nominations/{cycle_id}/leaderboard") class="text-sm font-medium text-indigo-700 hover:underline" data-testid="leaderboard-link">{Msg::Leaderboard.text(locale)}</a>
                    })}
                    {move || match status() {
                        CycleStatus::Draft => view! {
                            <button type="button" class=PRIMARY data-testid="cycle-open"
                                disabled=move || busy.get() || state.get() != SumState::Met || dirty.get()
                                on:click=move |_| ask(CycleStep::Open)>{Msg::OpenCycle.text(locale)}</button>
                        }.into_any(),
                        CycleStatus::Open => view! {
                            <button type="button" class=PRIMARY data-testid="cycle-close" disabled=move || busy.get()
                                on:click=move |_| ask(CycleStep::Close)>{Msg::CloseCycle.text(locale)}</button>
                        }.into_any(),
                        CycleStatus::Closed => view! {
                            <button type="button" class=PRIMARY data-testid="cycle-finalize" disabled=move || busy.get()
                                on:click=move |_| ask(CycleStep::Finalize)>{Msg::FinalizeCycle.text(locale)}</button>
                        }.into_any(),
                        CycleStatus::Finalized => ().into_any(),
                    }}
                </div>
            </div>
            <FormError message=step_error testid="cycle-step-error"/>
            {move || (!is_draft.get()).then(|| view! { <p class="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="cycle-locked">{Msg::CriteriaLocked.text(locale)}</p> })}

            <section class=section>
                <h2 class="mb-4 font-semibold text-slate-900">{Msg::CycleDetails.text(locale)}</h2>
                <form class="space-y-4" novalidate on:submit=move |ev| { ev.prevent_default(); save_details(); }>
                    {details.view(locale, is_draft)}
                    <FormError message=details_error testid="cycle-error"/>
                    <Show when=move || is_draft.get()>
                        <div class="flex justify-end">
                            <button type="submit" class=PRIMARY data-testid="cycle-save" disabled=move || busy.get()>{Msg::Save.text(locale)}</button>
                        </div>
                    </Show>
                </form>
            </section>

            <section class=section>
                <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
                    <h2 class="font-semibold text-slate-900">{Msg::Criteria.text(locale)}</h2>
                    <span data-testid="criteria-sum" data-state=move || state.get().as_str()>
                        {move || {
                            let tone = match state.get() {
                                SumState::Met => Tone::Success,
                                SumState::Under => Tone::Warning,
                                SumState::Over => Tone::Danger,
                            };
                            // Read here, not inside the children: a component's children render untracked.
                            let text = tr!(locale, criteria_sum, sum = format_points(sum.get() * 100));
                            view! { <Badge tone=tone>{text}</Badge> }
                        }}
                    </span>
                </div>
                <p class="mb-4 text-sm text-slate-600">{Msg::CriteriaSumHelp.text(locale)}</p>
                <Show when=move || rows.with(|r| !r.is_empty())
                    fallback=move || view! { <p class="mb-4 text-sm text-slate-600">{Msg::NoCriteria.text(locale)}</p> }>
                    <ul class="mb-6 space-y-3">
                        <For each=move || rows.get() key=|r| r.id() let:row>
                            <CriterionRow row=row editable=is_draft busy=busy locale=locale on_save=Callback::new(move |active: bool| save_row(row, active))/>
                        </For>
                    </ul>
                </Show>
                <FormError message=criteria_error testid="criterion-error" class="mb-4"/>
                <Show when=move || is_draft.get()>
                    <form class="grid gap-3 rounded-lg border border-dashed border-slate-300 p-4 sm:grid-cols-6" novalidate
                        on:submit=move |ev| { ev.prevent_default(); add_row(); }>
                        <div class="sm:col-span-2">
                            <label for="new-criterion-name" class=LABEL>{Msg::CriterionName.text(locale)}</label>
                            <input id="new-criterion-name" data-testid="new-criterion-name" class=INPUT
                                prop:value=move || new_row.name.get() on:input=move |ev| new_row.name.set(event_target_value(&ev))/>
                        </div>
                        <div>
                            <label for="new-criterion-weight" class=LABEL>{Msg::CriterionWeightInput.text(locale)}</label>
                            <input id="new-criterion-weight" data-testid="new-criterion-weight" inputmode="decimal" class=format!("{INPUT} tabular-nums")
                                prop:value=move || new_row.weight.get() on:input=move |ev| new_row.weight.set(event_target_value(&ev))/>
                        </div>
                        <div class="sm:col-span-2">
                            <label for="new-criterion-description" class=LABEL>{Msg::CriterionDescription.text(locale)}</label>
                            <input id="new-criterion-description" data-testid="new-criterion-description" class=INPUT
                                prop:value=move || new_row.description.get() on:input=move |ev| new_row.description.set(event_target_value(&ev))/>
                        </div>
                        <div class="flex items-end">
                            <button type="submit" class=PRIMARY data-testid="criterion-add" disabled=move || busy.get()>{Msg::AddCriterion.text(locale)}</button>
                        </div>
                    </form>
                </Show>
            </section>

            <Modal open=confirm_open locale=locale testid="confirm-dialog" title=Signal::derive(move || Msg::ConfirmTitle.text(locale).to_owned())>
                <p class="text-sm text-slate-700" data-testid="confirm-text">{confirm_text}</p>
                <div class="mt-6 flex justify-end gap-2">
                    <button type="button" class=SECONDARY on:click=move |_| confirm_open.set(false)>{Msg::Cancel.text(locale)}</button>
                    <button type="button" class=PRIMARY data-testid="confirm-yes" on:click=move |_| run_step()>{Msg::ConfirmYes.text(locale)}</button>
                </div>
            </Modal>
            <Toast visible=toast_visible message=toast_message locale=locale/>
        </div>
    }
}

#[component]
fn CriterionRow(
    row: CriterionFields,
    editable: Signal<bool>,
    busy: Signal<bool>,
    locale: Locale,
    on_save: Callback<bool>,
) -> impl IntoView {
    let id = row.id();
    let active = move || row.saved.with(|c| c.is_active);
    let weight_invalid = move || CriterionWeight::parse(&row.weight.get()).is_err();
    let (name_id, weight_id, description_id) =
        (format!("criterion-name-{id}"), format!("criterion-weight-{id}"), format!("criterion-description-{id}"));
    view! {
        <li class="grid gap-3 rounded-lg border border-slate-200 p-4 sm:grid-cols-6" data-testid="criterion-row"
            data-active=move || active().to_string()>
            <div class="sm:col-span-2">
                <label for=name_id.clone() class=LABEL>{Msg::CriterionName.text(locale)}</label>
                <input id=name_id data-testid="criterion-name" class=INPUT disabled=move || !editable.get()
                    prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev))/>
            </div>
            <div>
                <label for=weight_id.clone() class=LABEL>{Msg::CriterionWeightInput.text(locale)}</label>
                <input id=weight_id data-testid="criterion-weight" inputmode="decimal" class=format!("{INPUT} tabular-nums")
                    disabled=move || !editable.get()
                    aria-invalid=move || weight_invalid().then_some("true")
                    prop:value=move || row.weight.get() on:input=move |ev| row.weight.set(event_target_value(&ev))/>
            </div>
            <div class="sm:col-span-2">
                <label for=description_id.clone() class=LABEL>{Msg::CriterionDescription.text(locale)}</label>
                <input id=description_id data-testid="criterion-description" class=INPUT disabled=move || !editable.get()
                    prop:value=move || row.description.get() on:input=move |ev| row.description.set(event_target_value(&ev))/>
            </div>
            <div class="flex flex-wrap items-end gap-2">
                {move || if active() {
                    view! { <Badge tone=Tone::Success>{Msg::ActiveLabel.text(locale)}</Badge> }.into_any()
                } else {
                    view! { <Badge tone=Tone::Neutral>{Msg::InactiveLabel.text(locale)}</Badge> }.into_any()
                }}
                <Show when=move || editable.get()>
                    <button type="button" class=SECONDARY data-testid="criterion-save"
                        disabled=move || busy.get() || !row.dirty()
                        on:click=move |_| on_save.run(active())>{Msg::Save.text(locale)}</button>
                    <button type="button" class=SECONDARY data-testid="criterion-toggle" disabled=move || busy.get()
                        on:click=move |_| on_save.run(!active())>
                        {move || if active() { Msg::Deactivate.text(locale) } else { Msg::Activate.text(locale) }}
                    </button>
                </Show>
            </div>
        </li>
    }
}
