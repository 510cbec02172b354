//! Goal sheets: an employee's weighted goals for the open evaluation period, checked against
//! their stage's budget, submitted to and approved or returned by their manager.

#[cfg(feature = "ssr")]
pub mod service;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::weights::{Budget, Category, Weight};
use crate::periods::PeriodStatus;
use crate::stages::StageBudget;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SheetStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl SheetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SheetStatus::Draft => "draft",
            SheetStatus::Submitted => "submitted",
            SheetStatus::Approved => "approved",
            SheetStatus::Returned => "returned",
        }
    }

    pub fn parse(value: &str) -> Option<SheetStatus> {
        [SheetStatus::Draft, SheetStatus::Submitted, SheetStatus::Approved, SheetStatus::Returned]
            .into_iter()
            .find(|s| s.as_str() == value)
    }

    /// Its owner may change it: a draft, or a sheet the manager returned.
    pub fn is_editable(self) -> bool {
        matches!(self, SheetStatus::Draft | SheetStatus::Returned)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GoalView {
    pub id: Uuid,
    pub category: Category,
    pub title: String,
    pub description: String,
    pub measure: String,
    #[cfg_attr(feature = "ssr", schema(value_type = f64))]
    pub weight: Weight,
    pub position: i32,
}

/// A goal sheet: `{id, periodId, status, goals, managerComment}` plus what a client needs to
/// check it (the budget it is held to and the stage's current one) and who owns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GoalSheet {
    /// `None` until the sheet is first saved.
    pub id: Option<Uuid>,
    pub period_id: Uuid,
    pub period_name: String,
    /// Only the open period's sheets change; the others are read-only.
    pub period_status: PeriodStatus,
    pub status: SheetStatus,
    pub goals: Vec<GoalView>,
    pub manager_comment: Option<String>,
    /// Set when a change of the owner's stage sent the submitted sheet back to draft; cleared
    /// when it is submitted again.
    pub stage_note: Option<StageNote>,
    /// The budget the saved weights were validated against (the legacy rule keeps it until the
    /// owner changes a weight); the stage's current budget for a new sheet.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub budget: Budget,
    pub stage: StageBudget,
    pub owner_id: Uuid,
    pub owner_name: String,
    pub updated_at: Option<DateTime<Utc>>,
}

/// `PUT /api/v1/goal-sheets/current` body: the whole sheet, saved atomically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SheetUpdate {
    pub goals: Vec<crate::domain::weights::GoalInput>,
}

/// `POST …/approve` and `…/return` body; returning needs a comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReviewInput {
    #[serde(default)]
    pub comment: Option<String>,
}

/// A team member's sheet as their manager's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamSheetRow {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub team_name: String,
    pub sheet_id: Option<Uuid>,
    pub status: Option<SheetStatus>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// Why a sheet went back to draft: its owner moved from one stage to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StageNote {
    pub from_stage: Option<i32>,
    pub to_stage: i32,
}

/// A period with the actor's sheet in it, for the period picker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PeriodSheet {
    pub period_id: Uuid,
    pub period_name: String,
    pub period_status: PeriodStatus,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub sheet_id: Option<Uuid>,
    pub status: Option<SheetStatus>,
}
