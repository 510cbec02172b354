//! People of an organization: the signed-in user's profile, the admin/HR list, language preference.

#[cfg(feature = "ssr")]
pub mod service;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Locale, Role};

/// A person as lists and the API show them (never the password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub locale: Option<Locale>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/v1/users/me`: the profile plus the stage and its budget (`stage.weightConfig`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MeView {
    #[serde(flatten)]
    pub user: UserView,
    pub stage: Option<crate::stages::StageBudget>,
}

/// Filters of the people list: `role` exact, `q` matches name or e-mail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub q: Option<String>,
}

/// A team as dashboards show it: its manager and members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamView {
    pub id: Uuid,
    pub name: String,
    pub manager_name: String,
    pub members: Vec<TeamMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    pub id: Uuid,
    pub display_name: String,
    pub email: String,
}
