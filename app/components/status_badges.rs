//! Statuses and roles as coloured badges, the same on every page and island that shows them.

use leptos::prelude::*;

use super::{Badge, Tone};
use crate::competitions::{CompetitionRole, CompetitionStatus, SubmissionStatus};
use crate::domain::Locale;
use crate::i18n::{
    competition_role_msg, competition_status_msg, cycle_status_msg, nomination_status_msg,
    submission_status_msg,
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
    view! {
        <span data-testid="cycle-status" data-status=status.as_str()>
            <Badge tone=tone>{cycle_status_msg(status).text(locale)}</Badge>
        </span>
    }
}

#[component]
pub fn NominationStatusBadge(status: NominationStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        NominationStatus::Pending => Tone::Info,
        NominationStatus::Approved => Tone::Success,
        NominationStatus::Rejected => Tone::Danger,
    };
    view! {
        <span data-testid="nomination-status" data-status=status.as_str()>
            <Badge tone=tone>{nomination_status_msg(status).text(locale)}</Badge>
        </span>
    }
}

#[component]
pub fn CompetitionStatusBadge(status: CompetitionStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        CompetitionStatus::Draft => Tone::Neutral,
        CompetitionStatus::Active => Tone::Success,
        CompetitionStatus::Ended => Tone::Info,
    };
    view! {
        <span data-testid="competition-status" data-status=status.as_str()>
            <Badge tone=tone>{competition_status_msg(status).text(locale)}</Badge>
        </span>
    }
}

#[component]
pub fn RoleBadge(role: CompetitionRole, locale: Locale) -> impl IntoView {
    let tone = match role {
        CompetitionRole::Sponsor => Tone::Warning,
        CompetitionRole::Participant => Tone::Success,
        CompetitionRole::Viewer => Tone::Neutral,
    };
    view! {
        <span data-testid="competition-role" data-role=role.as_str()>
            <Badge tone=tone>{competition_role_msg(role).text(locale)}</Badge>
        </span>
    }
}

#[component]
pub fn SubmissionStatusBadge(status: SubmissionStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        SubmissionStatus::Scored => Tone::Success,
        SubmissionStatus::Invalid => Tone::Danger,
        SubmissionStatus::Invalidated => Tone::Warning,
    };
    view! {
        <span data-testid="submission-status" data-status=status.as_str()>
            <Badge tone=tone>{submission_status_msg(status).text(locale)}</Badge>
        </span>
    }
}
