//! The periods of `/admin/periods`: a form to plan one, and a table with open and close.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::hydrated_marker;
use crate::components::{server_call, FormOutcome};
use crate::domain::{FieldCode, FieldError, Locale};
use crate::i18n::{field_error_text, period_status_msg, tr, Msg};
use crate::periods::{Period, PeriodInput, PeriodStatus};
use crate::server_fns::periods::{CreatePeriod, SetPeriodOpen};

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";

#[island]
pub fn PeriodsEditor(periods: Vec<Period>, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let periods = RwSignal::new(periods);
    let (name, starts, ends) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let field_error = move |field: &'static str| move || errors.with(|errors| field_error_text(errors, field, locale));
    let replace = move |period: Period| {
        periods.update(|all| match all.iter_mut().find(|p| p.id == period.id) {
            Some(p) => *p = period.clone(),
            None => all.insert(0, period.clone()),
        })
    };
    let create_action = server_call::<CreatePeriod>(move |result| match result {
        Ok(period) => {
            message.set(Some((true, tr!(locale, period_created, name = period.name))));
            name.set(String::new());
            replace(period);
        }
        Err(error) if !error.fields.is_empty() => errors.set(error.fields),
        Err(error) => message.set(Some((false, error.message(locale).to_owned()))),
    });
    let toggle_action = server_call::<SetPeriodOpen>(move |result| match result {
        Ok(changed) => {
            let name = &changed.name;
            let text = if changed.status == PeriodStatus::Open {
                tr!(locale, period_opened, name = name)
            } else {
                tr!(locale, period_closed, name = name)
            };
            message.set(Some((true, text)));
            replace(changed);
        }
        Err(error) => message.set(Some((false, error.message(locale).to_owned()))),
    });
    let busy = Signal::derive(move || create_action.pending().get() || toggle_action.pending().get());
    let create = move || {
        errors.set(Vec::new());
        message.set(None);
        let date = |text: String, field: &str| {
            NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| FieldError::new(field, FieldCode::InvalidDate, "enter a date"))
        };
        let (start, end) = (date(starts.get_untracked(), "startsOn"), date(ends.get_untracked(), "endsOn"));
        let (start, end) = match (start, end) {
            (Ok(s), Ok(e)) => (s, e),
            (s, e) => {
                errors.set(s.err().into_iter().chain(e.err()).collect());
                return;
            }
        };
        let input = PeriodInput { name: name.get_untracked(), starts_on: start, ends_on: end };
        create_action.dispatch(CreatePeriod { input });
    };
    let toggle = move |period: Period, open: bool| {
        message.set(None);
        toggle_action.dispatch(SetPeriodOpen { id: period.id, open });
    };
    let rows = move || {
        periods
            .get()
            .into_iter()
            .map(|period| {
                let action = match period.status {
                    PeriodStatus::Open => Some((false, Msg::PeriodClose, "period-close")),
                    _ => Some((true, Msg::PeriodOpen, "period-open")),
                };
                view! {
                    <tr data-testid="period-row" data-period=period.name.clone()>
                        <td class="px-4 py-2.5 font-medium text-slate-900">{period.name.clone()}</td>
                        <td class="px-4 py-2.5 text-slate-700">{period.starts_on.to_string()} " – " {period.ends_on.to_string()}</td>
                        <td class="px-4 py-2.5" data-testid="period-status">{period_status_msg(period.status).text(locale)}</td>
                        <td class="px-4 py-2.5 text-slate-700">{period.sheets}</td>
                        <td class="px-4 py-2.5">
                            {action.map(|(open, label, testid)| {
                                let period = period.clone();
                                view! {
                                    <button type="button" data-testid=testid disabled=move || busy.get()
                                        on:click=move |_| toggle(period.clone(), open)
                                        class="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50">
                                        {label.text(locale)}
                                    </button>
                                }
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="space-y-4" data-hydrated=hydrated data-testid="periods-editor">
            <FormOutcome message=message testid="periods"/>
            <form class="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-4" data-testid="period-create"
                on:submit=move |ev| { ev.prevent_default(); create(); }>
                <div>
                    <label class="block text-xs font-medium text-slate-600" for="period-name">{Msg::FieldName.text(locale)}</label>
                    <input id="period-name" class=INPUT required maxlength="100" placeholder="FY2027" data-testid="period-name"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="mt-1 text-xs text-rose-700">{field_error("name")}</p>
                </div>
                <div>
                    <label class="block text-xs font-medium text-slate-600" for="period-start">{Msg::FieldStartsOn.text(locale)}</label>
                    <input id="period-start" type="date" class=INPUT required data-testid="period-start"
                        prop:value=move || starts.get() on:input=move |ev| starts.set(event_target_value(&ev))/>
                    <p class="mt-1 text-xs text-rose-700">{field_error("startsOn")}</p>
                </div>
                <div>
                    <label class="block text-xs font-medium text-slate-600" for="period-end">{Msg::FieldEndsOn.text(locale)}</label>
                    <input id="period-end" type="date" class=INPUT required data-testid="period-end"
                        prop:value=move || ends.get() on:input=move |ev| ends.set(event_target_value(&ev))/>
                    <p class="mt-1 text-xs text-rose-700">{field_error("endsOn")}</p>
                </div>
                <div class="flex items-end">
                    <button type="submit" data-testid="period-submit" disabled=move || busy.get()
                        class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-50">
                        {Msg::PeriodCreate.text(locale)}
                    </button>
                </div>
            </form>
            <div class="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
                <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid="periods-table">
                    <caption class="sr-only">{Msg::PeriodsTitle.text(locale)}</caption>
                    <thead class="bg-slate-50">
                        <tr>
                            <th scope="col" class="px-4 py-2.5 text-left font-semibold text-slate-700">{Msg::FieldName.text(locale)}</th>
                            <th scope="col" class="px-4 py-2.5 text-left font-semibold text-slate-700">{Msg::PeriodDates.text(locale)}</th>
                            <th scope="col" class="px-4 py-2.5 text-left font-semibold text-slate-700">{Msg::FieldStatus.text(locale)}</th>
                            <th scope="col" class="px-4 py-2.5 text-left font-semibold text-slate-700">{Msg::PeriodSheets.text(locale)}</th>
                            <th scope="col" class="px-4 py-2.5 text-left font-semibold text-slate-700"><span class="sr-only">{Msg::PeriodActions.text(locale)}</span></th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
