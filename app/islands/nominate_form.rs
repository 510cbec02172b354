//! The nominate form: a nominee, one score per active criterion (in position order), the live
//! weighted total with the same arithmetic as the server, and a justification.

use leptos::prelude::*;

use super::hydrated_marker;
use crate::components::{form_action, FormError};
use crate::domain::nominations::MAX_JUSTIFICATION_CHARS;
use crate::domain::nominations::{format_points, weighted_score, CriterionWeight, MAX_NOTE_CHARS};
use crate::domain::text::fits;
use crate::domain::Locale;
use crate::format::weight_percent;
use crate::i18n::{tr, Msg};
use crate::nominations::{Candidate, Cycle, NominationInput, ScoreInput};
use crate::server_fns::nominations::SubmitNomination;

#[island]
pub fn NominateForm(cycle: Cycle, candidates: Vec<Candidate>, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let cycle_id = cycle.id;
    let (min, max) = (cycle.scale_min, cycle.scale_max);
    let criteria: Vec<_> = cycle.criteria.into_iter().filter(|c| c.is_active).collect();
    let nominee = RwSignal::new(String::new());
    let scores: Vec<RwSignal<String>> = criteria.iter().map(|_| RwSignal::new(String::new())).collect();
    let comments: Vec<RwSignal<String>> = criteria.iter().map(|_| RwSignal::new(String::new())).collect();
    let justification = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let action = {
        let (scores, comments) = (scores.clone(), comments.clone());
        form_action::<SubmitNomination>(locale, error, move |nomination| {
            done.set(Some(tr!(locale, nomination_submitted, name = nomination.nominee_name)));
            nominee.set(String::new());
            justification.set(String::new());
            scores.iter().chain(&comments).for_each(|s| s.set(String::new()));
        })
    };
    let busy = action.pending();

    let parse =
        move |text: String| -> Option<i32> { text.trim().parse::<i32>().ok().filter(|s| (min..=max).contains(s)) };
    let weights: Vec<CriterionWeight> = criteria
        .iter()
        .map(|c| CriterionWeight::from_f64(c.weight).unwrap_or(CriterionWeight::from_thousandths(0)))
        .collect();
    let total = {
        let scores = scores.clone();
        Memo::new(move |_| {
            weighted_score(weights.iter().zip(&scores).filter_map(|(w, s)| parse(s.get()).map(|score| (*w, score))))
        })
    };
    let complete = {
        let scores = scores.clone();
        Memo::new(move |_| scores.iter().all(|s| parse(s.get()).is_some()))
    };

    let submit = {
        let scores = scores.clone();
        let comments = comments.clone();
        let criteria = criteria.clone();
        move || {
            error.set(None);
            let Ok(nominee_id) = uuid::Uuid::parse_str(&nominee.get_untracked()) else {
                error.set(Some(Msg::NomineeRequired.text(locale).to_owned()));
                return;
            };
            let values: Option<Vec<i32>> = scores.iter().map(|s| parse(s.get_untracked())).collect();
            let Some(values) = values else {
                error.set(Some(Msg::ScoreMissing.text(locale).to_owned()));
                return;
            };
            let text = justification.get_untracked().trim().to_owned();
            if !fits(&text, MAX_JUSTIFICATION_CHARS) {
                error.set(Some(Msg::JustificationRequired.text(locale).to_owned()));
                return;
            }
            let input = NominationInput {
                nominee_id,
                justification: text,
                scores: criteria
                    .iter()
                    .zip(values)
                    .zip(&comments)
                    .map(|((c, score), comment)| ScoreInput {
                        criterion_id: c.id,
                        score,
                        comment: Some(comment.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
                    })
                    .collect(),
            };
            action.dispatch(SubmitNomination { cycle_id, input });
        }
    };

    let input_class = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
    let score_label = tr!(locale, score_label, min = min.to_string(), max = max.to_string());
    view! {
        <div data-testid="nominate-form" data-hydrated=hydrated>
            {move || done.get().map(|message| view! {
                <div role="status" class="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800" data-testid="nomination-success">
                    <p>{message}</p>
                    <p class="mt-2 flex gap-4">
                        <a href=format!("/nominations/{cycle_id}") class="font-medium underline">{Msg::MyNominations.text(locale)}</a>
                        <button type="button" class="font-medium underline" on:click=move |_| done.set(None)>{Msg::NominateAnother.text(locale)}</button>
                    </p>
                </div>
            })}
            <form class="space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" novalidate
                on:submit={
                    let submit = submit.clone();
                    move |ev| { ev.prevent_default(); submit(); }
                }>
                <div>
                    <label for="nominee" class="block text-sm font-medium text-slate-700">{Msg::Nominee.text(locale)}</label>
                    <select id="nominee" data-testid="nominee-select" class=input_class
                        prop:value=move || nominee.get()
                        on:change=move |ev| nominee.set(event_target_value(&ev))>
                        <option value="">{Msg::ChooseNominee.text(locale)}</option>
                        {candidates.iter().map(|c| view! {
                            <option value=c.id.to_string()>{format!("{} ({})", c.display_name, c.email)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="space-y-4">
                    <legend class="text-sm font-semibold text-slate-900">{Msg::Criteria.text(locale)}</legend>
                    {criteria.iter().zip(scores.iter().copied()).zip(comments.iter().copied()).enumerate().map(|(i, ((c, score), comment))| {
                        let score_id = format!("score-{i}");
                        let comment_id = format!("score-comment-{i}");
                        view! {
                            <div class="grid gap-3 rounded-lg border border-slate-200 p-4 sm:grid-cols-3" data-testid="criterion-field">
                                <div class="sm:col-span-3">
                                    <p class="font-medium text-slate-900">{c.name.clone()} <span class="ml-2 text-sm font-normal text-slate-500">{weight_percent(c.weight)}</span></p>
                                    <p class="text-xs text-slate-500">{c.description.clone()}</p>
                                </div>
                                <div>
                                    <label for=score_id.clone() class="block text-sm text-slate-700">{score_label.clone()}</label>
                                    <input id=score_id type="number" inputmode="numeric" min=min max=max step="1" required
                                        data-testid="criterion-score" data-criterion=c.id.to_string()
                                        class=format!("{input_class} tabular-nums")
                                        aria-invalid=move || (!score.get().trim().is_empty() && parse(score.get()).is_none()).then_some("true")
                                        prop:value=move || score.get()
                                        on:input=move |ev| score.set(event_target_value(&ev))/>
                                </div>
                                <div class="sm:col-span-2">
                                    <label for=comment_id.clone() class="block text-sm text-slate-700">{Msg::ScoreComment.text(locale)}</label>
                                    <input id=comment_id type="text" maxlength=MAX_NOTE_CHARS.to_string() class=input_class
                                        prop:value=move || comment.get()
                                        on:input=move |ev| comment.set(event_target_value(&ev))/>
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <p class="text-sm font-semibold text-slate-900" aria-live="polite">
                    <span data-testid="nomination-total" data-complete=move || complete.get().to_string()>
                        {move || tr!(locale, nomination_total, total = format_points(total.get()))}
                    </span>
                </p>
                <div>
                    <label for="justification" class="block text-sm font-medium text-slate-700">{Msg::Justification.text(locale)}</label>
                    <p class="text-xs text-slate-500">{Msg::JustificationHelp.text(locale)}</p>
                    <textarea id="justification" rows="4" maxlength=MAX_JUSTIFICATION_CHARS data-testid="nomination-justification" class=input_class
                        prop:value=move || justification.get()
                        on:input=move |ev| justification.set(event_target_value(&ev))></textarea>
                </div>
                <FormError message=error testid="nomination-error"/>
                <div class="flex justify-end">
                    <button type="submit" data-testid="nomination-submit" disabled=move || busy.get()
                        class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                        {Msg::SubmitNomination.text(locale)}
                    </button>
                </div>
            </form>
        </div>
    }
}
