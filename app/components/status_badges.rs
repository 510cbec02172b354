//! Statuses and roles as coloured badges, the same on every page and island that shows them.

use leptos::prelude::*;

use super::{Badge, Tone};
use crate::competitions::{CompetitionRole, CompetitionStatus, SubmissionStatus};
use crate::domain::{Locale, RankMovement};
use crate::i18n::{
    competition_role_msg, competition_status_msg, cycle_status_msg, nomination_status_msg, submission_status_msg, tr,
};
use crate::nominations::{CycleStatus, NominationStatus};

/// The cycle's status as a coloured badge.
#[component]
pub fn CycleStatusBadge(status: CycleStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        CycleStatus::Draft => Tone::Neutral,
        CycleStatus::Open => Tone::Success,
        CycleStatus::Closed => Tone::Warning,
        CycleStatus::Finalized => Tone::Info,
    };
    view! { <Labelled testid="cycle-status" status=status.as_str() tone=tone text=cycle_status_msg(status).text(locale)/> }
}

#[component]
pub fn NominationStatusBadge(status: NominationStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        NominationStatus::Pending => Tone::Info,
        NominationStatus::Approved => Tone::Success,
        NominationStatus::Rejected => Tone::Danger,
    };
    view! { <Labelled testid="nomination-status" status=status.as_str() tone=tone text=nomination_status_msg(status).text(locale)/> }
}

#[component]
pub fn CompetitionStatusBadge(status: CompetitionStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        CompetitionStatus::Draft => Tone::Neutral,
        CompetitionStatus::Active => Tone::Success,
        CompetitionStatus::Ended => Tone::Info,
    };
    view! { <Labelled testid="competition-status" status=status.as_str() tone=tone text=competition_status_msg(status).text(locale)/> }
}

#[component]
pub fn RoleBadge(role: CompetitionRole, locale: Locale) -> impl IntoView {
    let tone = match role {
        CompetitionRole::Sponsor => Tone::Warning,
        CompetitionRole::Participant => Tone::Success,
        CompetitionRole::Viewer => Tone::Neutral,
    };
    view! { <Labelled testid="competition-role" role=role.as_str() tone=tone text=competition_role_msg(role).text(locale)/> }
}

#[component]
pub fn SubmissionStatusBadge(status: SubmissionStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        SubmissionStatus::Scored => Tone::Success,
        SubmissionStatus::Invalid => Tone::Danger,
        SubmissionStatus::Invalidated => Tone::Warning,
    };
    view! { <Labelled testid="submission-status" status=status.as_str() tone=tone text=submission_status_msg(status).text(locale)/> }
}

/// A badge wrapped in the element tests and styles find it by: its `data-testid` and the
/// value it shows as `data-status` (or `data-role`).
#[component]
fn Labelled(
    testid: &'static str,
    #[prop(optional)] status: Option<&'static str>,
    #[prop(optional)] role: Option<&'static str>,
    tone: Tone,
    text: &'static str,
) -> impl IntoView {
    view! {
        <span data-testid=testid data-status=status data-role=role>
            <Badge tone=tone>{text}</Badge>
        </span>
    }
}

/// "▲ 2 since your last visit" / "▼ 1 since your last visit", or nothing when the rank did not move.
#[component]
pub fn RankMoved(rank: Option<i64>, seen_rank: Option<i64>, locale: Locale) -> impl IntoView {
    RankMovement::between(rank, seen_rank).map(|moved| {
        let (text, class) = match moved {
            RankMovement::Up(places) => {
                (tr!(locale, rank_up, places = places.to_string()), "ml-2 text-xs font-medium text-emerald-700")
            }
            RankMovement::Down(places) => {
                (tr!(locale, rank_down, places = places.to_string()), "ml-2 text-xs font-medium text-rose-700")
            }
        };
        view! { <span class=class data-testid="rank-movement" data-moved=moved.direction()>{text}</span> }
    })
}
