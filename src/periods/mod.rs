//! Evaluation periods: goal sheets belong to one. At most one period of an organization is open
//! (its sheets are the ones people edit and managers review); closing a period makes its sheets
//! read-only. Admins keep them (`/admin/periods`).

#[cfg(feature = "ssr")]
pub mod service;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// planning → open → closed (a closed period may open again while no other is open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PeriodStatus {
    Planning,
    Open,
    Closed,
}

impl PeriodStatus {
    pub const ALL: [PeriodStatus; 3] = [PeriodStatus::Planning, PeriodStatus::Open, PeriodStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodStatus::Planning => "planning",
            PeriodStatus::Open => "open",
            PeriodStatus::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<PeriodStatus> {
        PeriodStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub id: Uuid,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: PeriodStatus,
    /// Goal sheets saved in it.
    pub sheets: i64,
}

/// `POST /api/v1/periods`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PeriodInput {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}
