//! The home page: what each person should do next. An employee sees their goal sheet's state
//! with the next step (and a returned sheet's comment), the open nomination cycles and their
//! deadlines, and the competitions they are in with rank and its movement; a manager also the
//! sheets waiting for their review; hr the nominations waiting for a decision; an admin the
//! people without a stage.

#[cfg(feature = "ssr")]
pub mod service;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::goals::SheetStatus;

/// What the owner of a goal sheet does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextStep {
    /// No goals yet.
    Start,
    /// A draft whose weights do not meet the stage's budget yet.
    CompleteBudget,
    /// A draft that meets the budget: submit it.
    Submit,
    /// Submitted: the manager reviews it.
    AwaitReview,
    /// Returned with the manager's comment: fix and submit again.
    FixReturned,
    /// Approved: nothing to do.
    Done,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetSummary {
    pub period_name: String,
    pub status: SheetStatus,
    pub next: NextStep,
    pub manager_comment: Option<String>,
    pub goals: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CycleDeadline {
    pub id: Uuid,
    pub name: String,
    pub end_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyCompetition {
    pub slug: String,
    pub title: String,
    pub deadline: DateTime<Utc>,
    pub rank: Option<i64>,
    /// The rank at the last visit of the competition page.
    pub seen_rank: Option<i64>,
    pub ranked: i64,
    pub unread_announcements: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitingSheet {
    pub sheet_id: Uuid,
    pub owner_name: String,
    pub team_name: String,
    pub submitted_at: Option<DateTime<Utc>>,
}

pub use crate::nominations::PendingNominations;

/// Everything the home page shows; the parts a role does not have are empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Home {
    /// The sheet of the open period (none without an open period or a stage).
    pub sheet: Option<SheetSummary>,
    pub open_cycles: Vec<CycleDeadline>,
    pub competitions: Vec<MyCompetition>,
    /// Managers: submitted sheets of their teams.
    pub waiting_sheets: Vec<WaitingSheet>,
    /// hr and admins: cycles with nominations waiting for a decision.
    pub pending_nominations: Vec<PendingNominations>,
    /// hr and admins: active people without a stage (they cannot set goals).
    pub people_without_stage: Option<i64>,
}
