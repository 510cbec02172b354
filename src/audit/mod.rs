//! The audit log: one writer used by every mutating service, and the admins' list of entries.

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
