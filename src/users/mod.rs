//! People of an organization: the signed-in user's profile, the people list and its
//! administration (create, edit, deactivate, stage changes and their effect on goal sheets),
//! bulk import and export as CSV, set-password links and one's own password.

#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod people;
#[cfg(feature = "ssr")]
pub mod service;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Locale, Role};

/// A person as lists and the API show them (never the password hash): their stage, their team
/// and its manager, whether they can sign in and when they last did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
    pub stage: Option<StageRef>,
    pub team_id: Option<Uuid>,
    pub team_name: Option<String>,
    pub manager_id: Option<Uuid>,
    pub manager_name: Option<String>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// Whether the person has set a password (otherwise they need a set-password link).
    pub has_password: bool,
}

/// A stage as a person's record names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StageRef {
    pub id: Uuid,
    pub number: i32,
    pub name: String,
}

/// `POST /api/v1/users`: a new person (no password yet: send them a set-password link).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonInput {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub stage_id: Option<Uuid>,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub locale: Option<Locale>,
}

/// Absent stays as it is; `null` clears (stage, team, language).
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// `PATCH /api/v1/users/{id}`: what is given changes; `null` clears stage, team or language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonPatch {
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Uuid>))]
    pub stage_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Uuid>))]
    pub team_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Locale>))]
    pub locale: Option<Option<Locale>>,
}

/// What moving a person to another stage does, shown before it is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StageChangePreview {
    pub before: Option<crate::stages::StageBudget>,
    pub after: crate::stages::StageBudget,
    /// Their sheet of the open period, if they have one.
    pub sheet: Option<SheetImpact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SheetImpact {
    pub sheet_id: Uuid,
    pub status: crate::goals::SheetStatus,
    /// Its weights do not meet the new budget: the owner must rebalance.
    pub needs_rebalancing: bool,
    /// It was submitted and will go back to draft, with a note the owner sees.
    pub back_to_draft: bool,
}

/// `POST /api/v1/users/{id}/password-link`: shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/auth/set-password`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SetPasswordInput {
    pub token: String,
    pub password: String,
}

/// `POST /api/v1/users/me/password`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// `PATCH /api/v1/users/me`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProfilePatch {
    pub display_name: Option<String>,
    pub locale: Option<Locale>,
}

/// The outcome of an import, previewed (dry run) or applied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub creates: Vec<ImportCreate>,
    pub updates: Vec<ImportUpdate>,
    pub unchanged: i64,
    pub errors: Vec<ImportError>,
    /// Teams the import makes.
    pub new_teams: Vec<String>,
    /// Existing teams the import gives another manager (`field` is the team, `from` and `to`
    /// the managers' e-mails).
    pub team_managers: Vec<FieldChange>,
    pub applied: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportCreate {
    pub line: u64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub stage: Option<i32>,
    pub team: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportUpdate {
    pub line: u64,
    pub email: String,
    pub changes: Vec<FieldChange>,
}

/// One field an import changes: its value before and after, as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub from: String,
    pub to: String,
}

/// What is wrong with a row (or the whole file) of a people import: stable for API clients, and
/// the key the import page translates it by (`i18n::import_error_msg` names every one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportCode {
    NotUtf8,
    NulBytes,
    Malformed,
    EmptyFile,
    MissingColumn,
    TooManyRows,
    InvalidEmail,
    DuplicateEmail,
    InvalidName,
    InvalidRole,
    InvalidTeam,
    UnknownStage,
    EmailTaken,
    TeamRequired,
    ManagerConflict,
    ManagerRequired,
    UnknownManager,
    ManagerInactive,
    NotAManager,
    ManagerInTeam,
    ForbiddenRole,
    LastAdmin,
    ManagesTeams,
}

impl ImportCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportCode::NotUtf8 => "not_utf8",
            ImportCode::NulBytes => "nul_bytes",
            ImportCode::Malformed => "malformed",
            ImportCode::EmptyFile => "empty_file",
            ImportCode::MissingColumn => "missing_column",
            ImportCode::TooManyRows => "too_many_rows",
            ImportCode::InvalidEmail => "invalid_email",
            ImportCode::DuplicateEmail => "duplicate_email",
            ImportCode::InvalidName => "invalid_name",
            ImportCode::InvalidRole => "invalid_role",
            ImportCode::InvalidTeam => "invalid_team",
            ImportCode::UnknownStage => "unknown_stage",
            ImportCode::EmailTaken => "email_taken",
            ImportCode::TeamRequired => "team_required",
            ImportCode::ManagerConflict => "manager_conflict",
            ImportCode::ManagerRequired => "manager_required",
            ImportCode::UnknownManager => "unknown_manager",
            ImportCode::ManagerInactive => "manager_inactive",
            ImportCode::NotAManager => "not_a_manager",
            ImportCode::ManagerInTeam => "manager_in_team",
            ImportCode::ForbiddenRole => "forbidden_role",
            ImportCode::LastAdmin => "last_admin",
            ImportCode::ManagesTeams => "manages_teams",
        }
    }
}

crate::compares_with_wire_name!(ImportCode);

/// A problem with one row (or the whole file, line 0) and column of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportError {
    pub line: u64,
    pub column: String,
    pub code: ImportCode,
    pub message: String,
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

/// Filters of the people list: `role` exact, `q` matches name or e-mail, `active` the status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub q: Option<String>,
    pub active: Option<bool>,
}

/// The fields the people list sorts by (`?sort=`), the first the default.
pub const PEOPLE_SORTS: &[&str] =
    &["name", "email", "role", "stage", "team", "manager", "status", "lastSignInAt", "createdAt"];
