//! Recognition nominations: cycles with weighted criteria, nominations with per-criterion
//! scores, four-eyes decisions, dense-ranked results and their finalized snapshot.

#[cfg(feature = "ssr")]
pub mod service;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::calibration::{CalibratedNomination, CalibratedNominee, NominatorHabits};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CycleStatus {
    Draft,
    Open,
    Closed,
    Finalized,
}

impl CycleStatus {
    pub const ALL: [CycleStatus; 4] =
        [CycleStatus::Draft, CycleStatus::Open, CycleStatus::Closed, CycleStatus::Finalized];

    pub fn as_str(self) -> &'static str {
        match self {
            CycleStatus::Draft => "draft",
            CycleStatus::Open => "open",
            CycleStatus::Closed => "closed",
            CycleStatus::Finalized => "finalized",
        }
    }

    pub fn parse(value: &str) -> Option<CycleStatus> {
        CycleStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Results are live for HR and admins, and public once the cycle is finalized.
    pub fn results_visible_to(self, role: crate::domain::Role) -> bool {
        self == CycleStatus::Finalized || role.can_run_cycles()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum NominationStatus {
    Pending,
    Approved,
    Rejected,
}

impl NominationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NominationStatus::Pending => "pending",
            NominationStatus::Approved => "approved",
            NominationStatus::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<NominationStatus> {
        [NominationStatus::Pending, NominationStatus::Approved, NominationStatus::Rejected]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// In (0, 1], at most three decimals.
    pub weight: f64,
    pub is_active: bool,
    pub position: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Cycle {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub status: CycleStatus,
    pub scale_min: i32,
    pub scale_max: i32,
    pub finalized_at: Option<DateTime<Utc>>,
    pub criteria: Vec<Criterion>,
}

/// `POST /api/v1/cycles`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CycleInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    #[serde(default)]
    pub scale_min: Option<i32>,
    #[serde(default)]
    pub scale_max: Option<i32>,
}

/// `PATCH /api/v1/cycles/{id}` (draft cycles only): the fields to change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CyclePatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub start_at: Option<DateTime<Utc>>,
    pub end_at: Option<DateTime<Utc>>,
    pub scale_min: Option<i32>,
    pub scale_max: Option<i32>,
}

/// `POST /api/v1/cycles/{id}/criteria`; on edit, `isActive` may deactivate it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CriterionInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub weight: f64,
    #[serde(default)]
    pub is_active: Option<bool>,
}

/// `PUT /api/v1/cycles/{id}/criteria`: a draft's whole set of criteria, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CriteriaSet {
    pub criteria: Vec<CriterionInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScoreInput {
    pub criterion_id: Uuid,
    pub score: i32,
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST /api/v1/cycles/{id}/nominations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NominationInput {
    pub nominee_id: Uuid,
    pub justification: String,
    pub scores: Vec<ScoreInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScoreView {
    pub criterion_id: Uuid,
    pub criterion_name: String,
    pub score: i32,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Nomination {
    pub id: Uuid,
    pub cycle_id: Uuid,
    pub nominee_id: Uuid,
    pub nominee_name: String,
    pub submitted_by: Uuid,
    pub submitter_name: String,
    pub justification: String,
    pub status: NominationStatus,
    /// Σ weight × score over the active criteria.
    pub weighted_score: f64,
    pub scores: Vec<ScoreView>,
    pub created_at: DateTime<Utc>,
    /// Who decided it and when; `None` while pending.
    pub decided_by: Option<Uuid>,
    pub decider_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub decision_reason: Option<String>,
    /// What the approver added, if anything.
    pub decision_comment: Option<String>,
}

/// `POST /api/v1/nominations/{id}/reject`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RejectInput {
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/v1/nominations/{id}/approve`: the body is optional, and so is its comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApproveInput {
    #[serde(default)]
    pub comment: Option<String>,
}

/// One line of a cycle's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RankingRow {
    pub nominee_id: Uuid,
    pub nominee_name: String,
    pub total: f64,
    pub approved_count: i32,
    pub rank: i32,
}

impl RankingRow {
    /// The total as people read it (`9.5`, `8`, `7.25`).
    pub fn total_text(&self) -> String {
        crate::domain::nominations::points_text(self.total)
    }
}

/// Someone the actor may nominate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub id: Uuid,
    pub display_name: String,
    pub email: String,
}

/// A finalized cycle with its frozen results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CycleResults {
    pub cycle: Cycle,
    pub rankings: Vec<RankingRow>,
}

/// A cycle with nominations waiting for the reader's decision (the home page's reminder).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingNominations {
    pub cycle_id: Uuid,
    pub cycle_name: String,
    pub pending: i64,
}

/// One nomination as it was frozen when its cycle was finalized: names, justification, status
/// and criterion scores are copies, untouched by later changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ArchivedNomination {
    pub nomination_id: Uuid,
    pub nominee_id: Uuid,
    pub nominee_name: String,
    pub submitter_id: Uuid,
    pub submitter_name: String,
    pub justification: String,
    pub status: NominationStatus,
    pub weighted_score: f64,
    pub scores: Vec<ScoreView>,
}

/// The calibration view of a closed or finalized cycle (hr and admins): each nominator's
/// habits, each nomination's scores raw and standardized, and each nominee in the official raw
/// ranking beside the calibrated one (see [`crate::domain::calibration`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CycleCalibration {
    pub cycle: Cycle,
    /// Nominations a nominator needs before their scores are standardized.
    pub min_nominations: usize,
    /// Places a nominee must move to be pointed out.
    pub notable_move: i32,
    /// Mean and spread of every score in the cycle: the common scale.
    pub mean: f64,
    pub spread: f64,
    pub nominators: Vec<CalibrationNominator>,
    /// In the official order.
    pub nominees: Vec<CalibrationNominee>,
    pub nominations: Vec<CalibratedNomination>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CalibrationNominator {
    pub name: String,
    #[serde(flatten)]
    pub habits: NominatorHabits,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CalibrationNominee {
    pub name: String,
    #[serde(flatten)]
    pub ranks: CalibratedNominee,
}

/// A finalized cycle's archive (hr and admins): the frozen ranking and every nomination behind
/// it, ranked nominees first (by rank, then name), then those with no approved nomination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CycleArchive {
    pub cycle: Cycle,
    pub rankings: Vec<RankingRow>,
    pub nominations: Vec<ArchivedNomination>,
}
