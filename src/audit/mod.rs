//! The audit log: one writer used by every mutating service, the admins' list of entries, and
//! the verification of the hash chain that makes the record tamper-evident ([`chain`]).

#[cfg(feature = "ssr")]
pub mod chain;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod writer;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One audit entry as the admin list and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: Uuid,
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub payload: serde_json::Value,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Filters of the audit list; all optional, combined with AND. Dates are inclusive UTC days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Matches the actor's e-mail or name, case-insensitively, by substring.
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The result of walking the hash chains: how many chains and links held, and the first link
/// that did not, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    pub chains: u64,
    pub links: u64,
    pub broken: Option<BrokenLink>,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.broken.is_none()
    }
}

/// Where a chain breaks: the organization (none for rows without one), the link's position, the
/// table and row it stands for, and what is wrong there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BrokenLink {
    pub organization_id: Option<Uuid>,
    /// The link's number in its chain (0 for a row that has no link; for a head that is gone,
    /// the last link found).
    pub seq: i64,
    /// `audit_logs`, `nomination_history_nominations` or `nomination_history_rankings` (empty
    /// when links at the chain's end are missing or its head is gone).
    pub table: String,
    pub row_id: Option<Uuid>,
    pub reason: Break,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Break {
    /// The row's content is not what was linked: it was edited.
    ContentChanged,
    /// The link stands for a row that is gone: it was deleted.
    RowMissing,
    /// Links are missing before this one (or after the last): rows were deleted with them.
    LinkMissing,
    /// The link does not follow the one before it: links were reordered.
    OutOfOrder,
    /// The link's own hash is not SHA-256(previous ‖ content): it was rewritten.
    LinkForged,
    /// A row that was never linked: written around the chain.
    Unlinked,
    /// The chain's head is gone, so links cut off its end could not be found.
    HeadMissing,
}

impl Break {
    pub fn as_str(self) -> &'static str {
        match self {
            Break::ContentChanged => "the row was edited after it was written",
            Break::RowMissing => "the row was deleted",
            Break::LinkMissing => "rows and their links are missing here",
            Break::OutOfOrder => "the rows are out of order",
            Break::LinkForged => "the link's hash was rewritten",
            Break::Unlinked => "the row was written around the chain",
            Break::HeadMissing => "the chain's head was deleted: its newest links cannot be vouched for",
        }
    }
}
