//! Approve or return a team member's submitted goal sheet, with a comment.

use leptos::prelude::*;
use uuid::Uuid;

use super::hydrated_marker;
use crate::components::{form_action, Badge, FormError, Tone};
use crate::domain::Locale;
use crate::goals::SheetStatus;
use crate::i18n::{sheet_status_msg, Msg};
use crate::server_fns::team_goals::DecideSheet;

#[island]
pub fn SheetReview(sheet_id: Uuid, status: SheetStatus, comment: Option<String>, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let status = RwSignal::new(status);
    let comment = RwSignal::new(comment.unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let action = form_action::<DecideSheet>(locale, error, move |sheet| status.set(sheet.status));
    let busy = action.pending();
    let decide = move |approve: bool| {
        if !approve && comment.get_untracked().trim().is_empty() {
            error.set(Some(Msg::CommentRequired.text(locale).to_owned()));
            return;
        }
        error.set(None);
        let comment = Some(comment.get_untracked()).filter(|c| !c.trim().is_empty());
        action.dispatch(DecideSheet { id: sheet_id, approve, comment });
    };
    let pending = move || status.get() == SheetStatus::Submitted;
    let button = "rounded-md px-4 py-2 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-offset-2";
    view! {
        <section class="mt-8 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="sheet-review" data-hydrated=hydrated>
            <p class="flex items-center gap-2 text-sm">
                {Msg::FieldStatus.text(locale)}
                <span data-testid="goal-status" data-status=move || status.get().as_str()>
                    {move || {
                        let tone = match status.get() {
                            SheetStatus::Approved => Tone::Success,
                            SheetStatus::Returned => Tone::Warning,
                            _ => Tone::Info,
                        };
                        view! { <Badge tone=tone>{sheet_status_msg(status.get()).text(locale)}</Badge> }
                    }}
                </span>
            </p>
            <label for="review-comment" class="mt-4 block text-sm font-medium text-slate-700">{Msg::CommentLabel.text(locale)}</label>
            <textarea id="review-comment" rows="3" maxlength="2000" data-testid="sheet-comment" bind:value=comment
                disabled=move || !pending()
                class="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-slate-50"></textarea>
            {move || (!pending()).then(|| view! { <p class="mt-2 text-sm text-slate-500">{Msg::ReviewNotSubmitted.text(locale)}</p> })}
            <FormError message=error testid="review-error" class="mt-2"/>
            <div class="mt-4 flex gap-3">
                <button type="button" data-testid="sheet-approve" disabled=move || !pending() || busy.get() on:click=move |_| decide(true)
                    class=format!("{button} bg-emerald-600 text-white hover:bg-emerald-700 focus-visible:ring-emerald-500")>{Msg::Approve.text(locale)}</button>
                <button type="button" data-testid="sheet-return" disabled=move || !pending() || busy.get() on:click=move |_| decide(false)
                    class=format!("{button} border border-amber-300 bg-amber-50 text-amber-900 hover:bg-amber-100 focus-visible:ring-amber-500")>{Msg::Return.text(locale)}</button>
            </div>
        </section>
    }
}
