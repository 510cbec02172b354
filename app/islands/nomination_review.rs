//! The decision queue of a cycle: approve or reject (with a reason) pending nominations. Nobody
//! decides one they submitted or received; the server enforces the same.

use leptos::prelude::*;
use uuid::Uuid;

use super::hydrated_marker;
use crate::components::{form_action, FormError, NominationDecision, NominationStatusBadge, Toast};
use crate::domain::nominations::{points_text, MAX_NOTE_CHARS};
use crate::domain::Locale;
use crate::i18n::{tr, Msg};
use crate::nominations::{Nomination, NominationStatus};
use crate::server_fns::nominations::DecideNomination;

#[island]
pub fn NominationReview(nominations: Vec<Nomination>, me: Uuid, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let items = RwSignal::new(nominations);
    let toast_visible = RwSignal::new(false);
    let toast_message = RwSignal::new(String::new());
    let on_decided = Callback::new(move |n: Nomination| {
        let name = &n.nominee_name;
        toast_message.set(if n.status == NominationStatus::Approved {
            tr!(locale, decided_approved, name = name)
        } else {
            tr!(locale, decided_rejected, name = name)
        });
        toast_visible.set(true);
        items.update(|items| {
            if let Some(item) = items.iter_mut().find(|i| i.id == n.id) {
                *item = n;
            }
        });
    });
    let pending = move || items.get().into_iter().filter(|n| n.status == NominationStatus::Pending).collect::<Vec<_>>();
    let decided = move || items.get().into_iter().filter(|n| n.status != NominationStatus::Pending).collect::<Vec<_>>();
    view! {
        <div data-testid="nomination-review" data-hydrated=hydrated>
            <h2 class="mb-3 font-semibold text-slate-900">{Msg::PendingHeading.text(locale)}</h2>
            <Show when=move || !pending().is_empty()
                fallback=move || view! { <p class="text-sm text-slate-600" data-testid="pending-empty">{Msg::PendingEmpty.text(locale)}</p> }>
                <ul class="space-y-4">
                    <For each=pending key=|n| n.id let:n>
                        <PendingCard nomination=n me=me locale=locale on_decided=on_decided/>
                    </For>
                </ul>
            </Show>
            <Show when=move || !decided().is_empty()>
                <h2 class="mb-3 mt-10 font-semibold text-slate-900">{Msg::DecidedHeading.text(locale)}</h2>
                <ul class="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
                    <For each=decided key=|n| (n.id, n.status.as_str()) let:n>
                        <li class="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm" data-testid="decided-item" data-nominee=n.nominee_name.clone()>
                            <div>
                                <span class="font-medium text-slate-900">{n.nominee_name.clone()}</span>
                                <span class="text-slate-500">" · " {Msg::Submitter.text(locale)} " " {n.submitter_name.clone()}</span>
                                <NominationDecision nomination=n.clone() locale=locale/>
                            </div>
                            <span class="flex items-center gap-3">
                                <span class="tabular-nums">{points_text(n.weighted_score)}</span>
                                <NominationStatusBadge status=n.status locale=locale/>
                            </span>
                        </li>
                    </For>
                </ul>
            </Show>
            <Toast visible=toast_visible message=toast_message locale=locale/>
        </div>
    }
}

#[component]
fn PendingCard(nomination: Nomination, me: Uuid, locale: Locale, on_decided: Callback<Nomination>) -> impl IntoView {
    let id = nomination.id;
    let own = nomination.submitted_by == me || nomination.nominee_id == me;
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let action = form_action::<DecideNomination>(locale, error, move |n| on_decided.run(n));
    let busy = action.pending();
    let decide = move |approve: bool| {
        let text = reason.get_untracked().trim().to_owned();
        if !approve && text.is_empty() {
            error.set(Some(Msg::RejectReasonRequired.text(locale).to_owned()));
            return;
        }
        error.set(None);
        action.dispatch(DecideNomination { id, approve, note: Some(text).filter(|t| !t.is_empty()) });
    };
    let reason_id = format!("reason-{id}");
    let button = "rounded-md px-3 py-1.5 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-offset-2";
    view! {
        <li class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="review-item" data-nominee=nomination.nominee_name.clone()>
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <p class="font-semibold text-slate-900">{nomination.nominee_name.clone()}</p>
                    <p class="text-xs text-slate-500">{Msg::Submitter.text(locale)} " " {nomination.submitter_name.clone()} " · " {nomination.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</p>
                </div>
                <p class="text-sm">{Msg::WeightedScore.text(locale)} ": " <span class="font-semibold tabular-nums" data-testid="review-score">{points_text(nomination.weighted_score)}</span></p>
            </div>
            <p class="mt-3 whitespace-pre-line text-sm text-slate-700">{nomination.justification.clone()}</p>
            <ul class="mt-3 flex flex-wrap gap-2 text-xs text-slate-600">
                {nomination.scores.iter().map(|s| view! {
                    <li class="rounded bg-slate-100 px-2 py-1" title=s.comment.clone()>{format!("{}: {}", s.criterion_name, s.score)}</li>
                }).collect_view()}
            </ul>
            {if own {
                view! { <p class="mt-4 text-sm text-slate-500" data-testid="cannot-decide">{Msg::CannotDecideOwn.text(locale)}</p> }.into_any()
            } else {
                view! {
                    <div class="mt-4">
                        <label for=reason_id.clone() class="block text-sm font-medium text-slate-700">{Msg::DecisionNote.text(locale)}</label>
                        <textarea id=reason_id rows="2" maxlength=MAX_NOTE_CHARS.to_string() data-testid="decision-note-input"
                            class="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <FormError message=error testid="review-error" class="mt-2"/>
                        <div class="mt-3 flex gap-3">
                            <button type="button" data-testid="nomination-approve" disabled=move || busy.get() on:click=move |_| decide(true)
                                class=format!("{button} bg-emerald-600 text-white hover:bg-emerald-700 focus-visible:ring-emerald-500")>{Msg::Approve.text(locale)}</button>
                            <button type="button" data-testid="nomination-reject" disabled=move || busy.get() on:click=move |_| decide(false)
                                class=format!("{button} border border-rose-300 bg-rose-50 text-rose-800 hover:bg-rose-100 focus-visible:ring-rose-500")>{Msg::Reject.text(locale)}</button>
                        </div>
                    </div>
                }.into_any()
            }}
        </li>
    }
}
