//! Teams: each has one manager (who reviews its members' goal sheets) and members; a person
//! belongs to at most one team. Admins and HR keep them (`/admin/teams`).

#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A team with its manager and members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamView {
    pub id: Uuid,
    pub name: String,
    pub manager_id: Uuid,
    pub manager_name: String,
    pub members: Vec<TeamMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    pub id: Uuid,
    pub display_name: String,
    pub email: String,
}

/// `POST /api/v1/teams`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamInput {
    pub name: String,
    pub manager_id: Uuid,
}

/// `PATCH /api/v1/teams/{id}`: what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamPatch {
    pub name: Option<String>,
    pub manager_id: Option<Uuid>,
}

/// `PUT /api/v1/teams/{id}/members`: the whole membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MembersInput {
    pub user_ids: Vec<Uuid>,
}
