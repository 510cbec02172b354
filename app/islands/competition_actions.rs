//! The competition page's buttons and forms: join/leave, create, settings, activate, invalidate
//! a submission and post an announcement. Each calls one server function; on success the page
//! reloads (keeping its tab), on failure the message appears in the user's language.

use leptos::prelude::*;
use uuid::Uuid;

use super::hydrated_marker;
use crate::app::error::PageError;
use crate::competitions::{Competition, CompetitionInput, CompetitionPatch};
use crate::components::{leaving_action, FormError};
use crate::domain::competition_settings::{DEFAULT_DAILY_LIMIT, DEFAULT_PUBLIC_SHARE};
use crate::domain::metrics::Metric;
use crate::domain::Locale;
use crate::i18n::Msg;
use crate::server_fns::competitions::{
    AnnounceCompetition, CompetitionAction, CompetitionCommand, CreateCompetition, InvalidateSubmission,
    UpdateCompetition,
};
use leptos::server_fn::ServerFn;

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
const LABEL: &str = "block text-sm font-medium text-slate-700";
const PRIMARY: &str = "rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50";
const SECONDARY: &str = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50";

fn reload() {
    let _ = window().location().reload();
}

/// A server call after which the page reloads, keeping its tab.
fn reloading<S>(locale: Locale, error: RwSignal<Option<String>>) -> (ServerAction<S>, Signal<bool>)
where
    S: ServerFn<Error = PageError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    leaving_action::<S>(locale, error, |_| reload())
}

#[island]
pub fn EnrollButton(competition_id: Uuid, enrolled: bool, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let error = RwSignal::new(None::<String>);
    let (call, busy) = reloading::<CompetitionAction>(locale, error);
    let (action, label, testid, class) = if enrolled {
        (CompetitionCommand::Unenroll, Msg::UnenrollAction, "unenroll-button", SECONDARY)
    } else {
        (CompetitionCommand::Enroll, Msg::EnrollAction, "enroll-button", PRIMARY)
    };
    view! {
        <div data-hydrated=hydrated>
            <button type="button" class=class data-testid=testid disabled=move || busy.get()
                on:click=move |_| { error.set(None); call.dispatch(CompetitionAction { id: competition_id, action }); }>
                {label.text(locale)}
            </button>
            <FormError message=error testid="enroll-error" class="mt-2"/>
        </div>
    }
}

#[island]
pub fn ActivateButton(competition_id: Uuid, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let error = RwSignal::new(None::<String>);
    let (call, busy) = reloading::<CompetitionAction>(locale, error);
    let action = CompetitionCommand::Activate;
    view! {
        <div data-hydrated=hydrated>
            <button type="button" class=PRIMARY data-testid="activate-button" disabled=move || busy.get()
                on:click=move |_| { error.set(None); call.dispatch(CompetitionAction { id: competition_id, action }); }>
                {Msg::ActivateCompetition.text(locale)}
            </button>
            <FormError message=error testid="activate-error" class="mt-2"/>
        </div>
    }
}

#[island]
pub fn InvalidateButton(competition_id: Uuid, submission_id: Uuid, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let (call, busy) = reloading::<InvalidateSubmission>(locale, error);
    let confirm = move || {
        let text = reason.get_untracked();
        if text.trim().is_empty() {
            error.set(Some(Msg::ReasonRequired.text(locale).into()));
            return;
        }
        error.set(None);
        call.dispatch(InvalidateSubmission { id: competition_id, submission_id, reason: text });
    };
    view! {
        <div data-hydrated=hydrated>
            <Show when=move || open.get()
                fallback=move || view! {
                    <button type="button" class=SECONDARY data-testid="invalidate-button" on:click=move |_| open.set(true)>
                        {Msg::InvalidateAction.text(locale)}
                    </button>
                }>
                <form class="flex flex-wrap items-end gap-2" on:submit=move |ev| { ev.prevent_default(); confirm(); }>
                    <label class="text-xs">
                        <span class="block text-slate-600">{Msg::InvalidateReason.text(locale)}</span>
                        <input type="text" class="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm" data-testid="invalidate-reason"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class=PRIMARY data-testid="invalidate-confirm" disabled=move || busy.get()>
                        {Msg::InvalidateConfirm.text(locale)}
                    </button>
                    <button type="button" class=SECONDARY on:click=move |_| open.set(false)>{Msg::Cancel.text(locale)}</button>
                </form>
            </Show>
            <FormError message=error testid="invalidate-error" class="mt-2"/>
        </div>
    }
}

#[island]
pub fn AnnounceForm(competition_id: Uuid, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let (call, busy) = reloading::<AnnounceCompetition>(locale, error);
    view! {
        <form class="space-y-2" data-hydrated=hydrated data-testid="announce-form"
            on:submit=move |ev| {
                ev.prevent_default();
                error.set(None);
                call.dispatch(AnnounceCompetition { id: competition_id, body: body.get_untracked() });
            }>
            <label class=LABEL for="announce-body">{Msg::AnnounceBody.text(locale)}</label>
            <textarea id="announce-body" rows="3" class=INPUT data-testid="announce-body"
                prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            <button type="submit" class=PRIMARY data-testid="announce-submit" disabled=move || busy.get()>{Msg::PostAction.text(locale)}</button>
            <FormError message=error testid="announce-error" class="mt-2"/>
        </form>
    }
}

/// `YYYY-MM-DDTHH:MM` (a datetime-local value, read as UTC) to an instant.
fn parse_deadline(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok().map(|t| t.and_utc())
}

/// The daily limit and public share as typed; the server checks their ranges.
fn limit_and_share(limit: RwSignal<String>, share: RwSignal<String>) -> Result<(i32, f64), Msg> {
    let limit = limit.get_untracked().trim().parse::<i32>().map_err(|_| Msg::ErrDailyLimit)?;
    let share = share.get_untracked().trim().parse::<f64>().map_err(|_| Msg::ErrPublicShare)?;
    Ok((limit, share))
}

/// A labelled one-line input bound to a signal; its id is also its test id.
#[component]
fn TextField(
    id: &'static str,
    label: Msg,
    value: RwSignal<String>,
    kind: &'static str,
    locale: Locale,
) -> impl IntoView {
    view! {
        <div>
            <label class=LABEL for=id>{label.text(locale)}</label>
            <input id=id type=kind class=INPUT data-testid=id
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

fn deadline_error(locale: Locale) -> String {
    Msg::ErrDeadlinePast.text(locale).into()
}

#[island]
pub fn CompetitionCreateForm(locale: Locale, default_deadline: String) -> impl IntoView {
    let hydrated = hydrated_marker();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let deadline = RwSignal::new(default_deadline);
    let metric = RwSignal::new("auc".to_owned());
    let id_column = RwSignal::new("id".to_owned());
    let prediction_column = RwSignal::new("prediction".to_owned());
    let limit = RwSignal::new(DEFAULT_DAILY_LIMIT.to_string());
    let share = RwSignal::new(DEFAULT_PUBLIC_SHARE.to_string());
    let error = RwSignal::new(None::<String>);
    // A new competition opens on its admin tab.
    let (call, busy) = leaving_action::<CreateCompetition>(locale, error, |c| {
        let _ = window().location().set_href(&format!("/competitions/{}?tab=admin", c.slug));
    });
    let create = move || {
        let Some(deadline) = parse_deadline(&deadline.get_untracked()) else {
            error.set(Some(deadline_error(locale)));
            return;
        };
        let (limit, share) = match limit_and_share(limit, share) {
            Ok(typed) => typed,
            Err(msg) => {
                error.set(Some(msg.text(locale).into()));
                return;
            }
        };
        let input = CompetitionInput {
            title: title.get_untracked(),
            description: description.get_untracked(),
            deadline,
            metric: metric.get_untracked(),
            id_column: id_column.get_untracked(),
            prediction_column: prediction_column.get_untracked(),
            daily_submission_limit: Some(limit),
            public_share: Some(share),
        };
        error.set(None);
        call.dispatch(CreateCompetition { input });
    };
    view! {
        <form class="max-w-2xl space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-hydrated=hydrated
            data-testid="competition-create" novalidate on:submit=move |ev| { ev.prevent_default(); create(); }>
            <TextField id="competition-title" label=Msg::FieldTitle value=title kind="text" locale=locale/>
            <div>
                <label class=LABEL for="competition-description">{Msg::FieldDescriptionMd.text(locale)}</label>
                <textarea id="competition-description" rows="6" class=INPUT data-testid="competition-description-input"
                    prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <div class="grid gap-4 sm:grid-cols-2">
                <TextField id="competition-deadline" label=Msg::FieldDeadline value=deadline kind="datetime-local" locale=locale/>
                <div>
                    <label class=LABEL for="competition-metric">{Msg::MetricLabel.text(locale)}</label>
                    <select id="competition-metric" class=INPUT data-testid="competition-metric"
                        on:change=move |ev| metric.set(event_target_value(&ev))>
                        {Metric::ALL.iter().map(|m| view! { <option value=m.as_str() selected=m.as_str() == "auc">{m.as_str()}</option> }).collect_view()}
                    </select>
                </div>
                <TextField id="competition-id-column" label=Msg::FieldIdColumn value=id_column kind="text" locale=locale/>
                <TextField id="competition-prediction-column" label=Msg::FieldPredictionColumn value=prediction_column kind="text" locale=locale/>
                <TextField id="competition-limit" label=Msg::FieldDailyLimit value=limit kind="number" locale=locale/>
                <TextField id="competition-share" label=Msg::FieldPublicShare value=share kind="text" locale=locale/>
            </div>
            <FormError message=error testid="competition-error" class="mt-2"/>
            <button type="submit" class=PRIMARY data-testid="competition-create-submit" disabled=move || busy.get()>{Msg::CreateAction.text(locale)}</button>
        </form>
    }
}

#[island]
pub fn CompetitionSettingsForm(competition: Competition, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let title = RwSignal::new(competition.title.clone());
    let description = RwSignal::new(competition.description.clone());
    let deadline = RwSignal::new(competition.deadline.format("%Y-%m-%dT%H:%M").to_string());
    let limit = RwSignal::new(competition.daily_submission_limit.to_string());
    let share = RwSignal::new(competition.public_share.to_string());
    let error = RwSignal::new(None::<String>);
    let (call, busy) = reloading::<UpdateCompetition>(locale, error);
    let original_deadline = deadline.get_untracked();
    let id = competition.id;
    let save = move || {
        let typed = deadline.get_untracked();
        let new_deadline = if typed == original_deadline {
            None
        } else {
            match parse_deadline(&typed) {
                Some(d) => Some(d),
                None => {
                    error.set(Some(deadline_error(locale)));
                    return;
                }
            }
        };
        let (limit, share) = match limit_and_share(limit, share) {
            Ok(typed) => typed,
            Err(msg) => {
                error.set(Some(msg.text(locale).into()));
                return;
            }
        };
        let patch = CompetitionPatch {
            title: Some(title.get_untracked()),
            description: Some(description.get_untracked()),
            deadline: new_deadline,
            daily_submission_limit: Some(limit),
            public_share: Some(share),
        };
        error.set(None);
        call.dispatch(UpdateCompetition { id, patch });
    };
    view! {
        <form class="space-y-3" data-hydrated=hydrated data-testid="competition-settings" novalidate
            on:submit=move |ev| { ev.prevent_default(); save(); }>
            <TextField id="settings-title" label=Msg::FieldTitle value=title kind="text" locale=locale/>
            <div>
                <label class=LABEL for="settings-description">{Msg::FieldDescriptionMd.text(locale)}</label>
                <textarea id="settings-description" rows="5" class=INPUT data-testid="settings-description"
                    prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <div class="grid gap-3 sm:grid-cols-3">
                <TextField id="settings-deadline" label=Msg::FieldDeadline value=deadline kind="datetime-local" locale=locale/>
                <TextField id="settings-limit" label=Msg::FieldDailyLimit value=limit kind="number" locale=locale/>
                <TextField id="settings-share" label=Msg::FieldPublicShare value=share kind="text" locale=locale/>
            </div>
            <FormError message=error testid="settings-error" class="mt-2"/>
            <button type="submit" class=PRIMARY data-testid="settings-save" disabled=move || busy.get()>{Msg::Save.text(locale)}</button>
        </form>
    }
}
