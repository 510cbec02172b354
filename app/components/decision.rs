//! A nomination's decision as its readers see it: who decided, when, and the rejection's
//! reason or the approval's comment.

use leptos::prelude::*;

use crate::domain::Locale;
use crate::i18n::{tr, Msg};
use crate::nominations::Nomination;

/// Nothing while the nomination is pending.
#[component]
pub fn NominationDecision(nomination: Nomination, locale: Locale) -> impl IntoView {
    let (Some(name), Some(at)) = (nomination.decider_name, nomination.decided_at) else {
        return ().into_any();
    };
    let by = tr!(locale, decided_by, name = name, date = at.format("%Y-%m-%d %H:%M UTC").to_string());
    let note = match (nomination.decision_reason, nomination.decision_comment) {
        (Some(reason), _) => Some((Msg::DecisionReason, reason)),
        (None, Some(comment)) => Some((Msg::DecisionComment, comment)),
        (None, None) => None,
    };
    view! {
        <div class="text-xs text-slate-600" data-testid="nomination-decision">
            <p>{by}</p>
            {note.map(|(label, text)| view! {
                <p class="mt-0.5 whitespace-pre-line text-slate-800" data-testid="decision-note">
                    <span class="font-medium">{label.text(locale)} ": "</span>{text}
                </p>
            })}
        </div>
    }
    .into_any()
}
