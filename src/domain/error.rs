//! Error codes of the JSON error format (DESIGN §4), shared so pages can translate them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    ValidationError,
    Conflict,
    RateLimitExceeded,
    PayloadTooLarge,
    LengthRequired,
    MethodNotAllowed,
    UnsupportedMediaType,
    ServiceUnavailable,
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 12] = [
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::ValidationError,
        ErrorCode::Conflict,
        ErrorCode::RateLimitExceeded,
        ErrorCode::PayloadTooLarge,
        ErrorCode::LengthRequired,
        ErrorCode::MethodNotAllowed,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::ServiceUnavailable,
        ErrorCode::Internal,
    ];

    /// The HTTP status every adapter answers this code with (the one mapping).
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::ValidationError => 422,
            ErrorCode::Conflict => 409,
            ErrorCode::RateLimitExceeded => 429,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::LengthRequired => 411,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::ServiceUnavailable => 503,
            ErrorCode::Internal => 500,
        }
    }

    /// The code of an HTTP error status, for answers the router made before any handler ran.
    pub fn from_http_status(status: u16) -> ErrorCode {
        match status {
            401 => ErrorCode::Unauthenticated,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            409 => ErrorCode::Conflict,
            411 => ErrorCode::LengthRequired,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            400 | 422 => ErrorCode::ValidationError,
            429 => ErrorCode::RateLimitExceeded,
            408 | 503 | 504 => ErrorCode::ServiceUnavailable,
            _ => ErrorCode::Internal,
        }
    }
}

/// Why a change conflicts with the current state: the `reason` of a `CONFLICT` error's details,
/// which pages translate (`i18n::conflict_msg` names every one, so a new reason cannot go
/// untranslated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    DuplicateNomination,
    OutsideWindow,
    CycleStatus,
    AlreadyDecided,
    ShareLocked,
    CompetitionStatus,
    PrivateHidden,
    NoAnswerKey,
    DeadlinePassed,
    KeyIdsChanged,
    CompetitionEnded,
    SubmissionStatus,
    KeyPartEmpty,
    LastAdmin,
    ManagesTeams,
    /// Deactivating oneself.
    #[serde(rename = "self")]
    DeactivateSelf,
    Inactive,
    TeamNotEmpty,
    PeriodStatus,
    PeriodOpen,
    PeriodClosed,
}

impl ConflictReason {
    pub const ALL: [ConflictReason; 21] = [
        ConflictReason::DuplicateNomination,
        ConflictReason::OutsideWindow,
        ConflictReason::CycleStatus,
        ConflictReason::AlreadyDecided,
        ConflictReason::ShareLocked,
        ConflictReason::CompetitionStatus,
        ConflictReason::PrivateHidden,
        ConflictReason::NoAnswerKey,
        ConflictReason::DeadlinePassed,
        ConflictReason::KeyIdsChanged,
        ConflictReason::CompetitionEnded,
        ConflictReason::SubmissionStatus,
        ConflictReason::KeyPartEmpty,
        ConflictReason::LastAdmin,
        ConflictReason::ManagesTeams,
        ConflictReason::DeactivateSelf,
        ConflictReason::Inactive,
        ConflictReason::TeamNotEmpty,
        ConflictReason::PeriodStatus,
        ConflictReason::PeriodOpen,
        ConflictReason::PeriodClosed,
    ];

    /// The reason as the error's details carry it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictReason::DuplicateNomination => "duplicate_nomination",
            ConflictReason::OutsideWindow => "outside_window",
            ConflictReason::CycleStatus => "cycle_status",
            ConflictReason::AlreadyDecided => "already_decided",
            ConflictReason::ShareLocked => "share_locked",
            ConflictReason::CompetitionStatus => "competition_status",
            ConflictReason::PrivateHidden => "private_hidden",
            ConflictReason::NoAnswerKey => "no_answer_key",
            ConflictReason::DeadlinePassed => "deadline_passed",
            ConflictReason::KeyIdsChanged => "key_ids_changed",
            ConflictReason::CompetitionEnded => "competition_ended",
            ConflictReason::SubmissionStatus => "submission_status",
            ConflictReason::KeyPartEmpty => "key_part_empty",
            ConflictReason::LastAdmin => "last_admin",
            ConflictReason::ManagesTeams => "manages_teams",
            ConflictReason::DeactivateSelf => "self",
            ConflictReason::Inactive => "inactive",
            ConflictReason::TeamNotEmpty => "team_not_empty",
            ConflictReason::PeriodStatus => "period_status",
            ConflictReason::PeriodOpen => "period_open",
            ConflictReason::PeriodClosed => "period_closed",
        }
    }

    pub fn parse(value: &str) -> Option<ConflictReason> {
        ConflictReason::ALL.into_iter().find(|r| r.as_str() == value)
    }
}

/// What is wrong with one input field: the `code` of a [`FieldError`], stable for API clients
/// and the key pages translate it by (`i18n::field_error_msg` names every one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    AfterTo,
    AllZero,
    BeforeStart,
    Expired,
    ForbiddenRole,
    InPast,
    Inactive,
    Invalid,
    InvalidColumn,
    InvalidDate,
    InvalidJson,
    InvalidScale,
    Limit,
    Manager,
    Member,
    Missing,
    Multipart,
    NoOpenPeriod,
    NoStage,
    NotAManager,
    NotANumber,
    NotAnInteger,
    NulCharacter,
    OutOfRange,
    OutOfScale,
    OverBudget,
    Required,
    SameAsId,
    SelfNomination,
    Taken,
    TooLong,
    TooManyDecimals,
    TooManyGoals,
    TooShort,
    UnderBudget,
    Used,
    Unknown,
    WeightsSum,
    Wrong,
    ZeroBudgetCategory,
}

impl FieldCode {
    pub const ALL: [FieldCode; 40] = [
        FieldCode::AfterTo,
        FieldCode::AllZero,
        FieldCode::BeforeStart,
        FieldCode::Expired,
        FieldCode::ForbiddenRole,
        FieldCode::InPast,
        FieldCode::Inactive,
        FieldCode::Invalid,
        FieldCode::InvalidColumn,
        FieldCode::InvalidDate,
        FieldCode::InvalidJson,
        FieldCode::InvalidScale,
        FieldCode::Limit,
        FieldCode::Manager,
        FieldCode::Member,
        FieldCode::Missing,
        FieldCode::Multipart,
        FieldCode::NoOpenPeriod,
        FieldCode::NoStage,
        FieldCode::NotAManager,
        FieldCode::NotANumber,
        FieldCode::NotAnInteger,
        FieldCode::NulCharacter,
        FieldCode::OutOfRange,
        FieldCode::OutOfScale,
        FieldCode::OverBudget,
        FieldCode::Required,
        FieldCode::SameAsId,
        FieldCode::SelfNomination,
        FieldCode::Taken,
        FieldCode::TooLong,
        FieldCode::TooManyDecimals,
        FieldCode::TooManyGoals,
        FieldCode::TooShort,
        FieldCode::UnderBudget,
        FieldCode::Used,
        FieldCode::Unknown,
        FieldCode::WeightsSum,
        FieldCode::Wrong,
        FieldCode::ZeroBudgetCategory,
    ];

    /// The code as the JSON error format writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldCode::AfterTo => "after_to",
            FieldCode::AllZero => "all_zero",
            FieldCode::BeforeStart => "before_start",
            FieldCode::Expired => "expired",
            FieldCode::ForbiddenRole => "forbidden_role",
            FieldCode::InPast => "in_past",
            FieldCode::Inactive => "inactive",
            FieldCode::Invalid => "invalid",
            FieldCode::InvalidColumn => "invalid_column",
            FieldCode::InvalidDate => "invalid_date",
            FieldCode::InvalidJson => "invalid_json",
            FieldCode::InvalidScale => "invalid_scale",
            FieldCode::Limit => "limit",
            FieldCode::Manager => "manager",
            FieldCode::Member => "member",
            FieldCode::Missing => "missing",
            FieldCode::Multipart => "multipart",
            FieldCode::NoOpenPeriod => "no_open_period",
            FieldCode::NoStage => "no_stage",
            FieldCode::NotAManager => "not_a_manager",
            FieldCode::NotANumber => "not_a_number",
            FieldCode::NotAnInteger => "not_an_integer",
            FieldCode::NulCharacter => "nul_character",
            FieldCode::OutOfRange => "out_of_range",
            FieldCode::OutOfScale => "out_of_scale",
            FieldCode::OverBudget => "over_budget",
            FieldCode::Required => "required",
            FieldCode::SameAsId => "same_as_id",
            FieldCode::SelfNomination => "self_nomination",
            FieldCode::Taken => "taken",
            FieldCode::TooLong => "too_long",
            FieldCode::TooManyDecimals => "too_many_decimals",
            FieldCode::TooManyGoals => "too_many_goals",
            FieldCode::TooShort => "too_short",
            FieldCode::UnderBudget => "under_budget",
            FieldCode::Used => "used",
            FieldCode::Unknown => "unknown",
            FieldCode::WeightsSum => "weights_sum",
            FieldCode::Wrong => "wrong",
            FieldCode::ZeroBudgetCategory => "zero_budget_category",
        }
    }
}

/// `code == "wire_name"` for code enums with an `as_str`: tests and clients compare codes
/// with their wire names.
#[macro_export]
macro_rules! compares_with_wire_name {
    ($($code:ty),+) => {$(
        impl PartialEq<&str> for $code {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    )+};
}

compares_with_wire_name!(FieldCode);

/// One problem with one input field: `code` is stable for clients and translation,
/// `message` is the English text for API users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: FieldCode,
    pub message: String,
}

/// Both values when both checks passed, else every field error of the two.
pub fn both<A, B>(a: Result<A, FieldError>, b: Result<B, FieldError>) -> Result<(A, B), Vec<FieldError>> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(a.err().into_iter().chain(b.err()).collect()),
    }
}

impl FieldError {
    pub fn new(field: &str, code: FieldCode, message: impl Into<String>) -> FieldError {
        FieldError { field: field.to_owned(), code, message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_comes_back_from_its_own_status() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_http_status(code.http_status()), code);
        }
    }

    #[test]
    fn every_code_has_an_error_status_of_its_own() {
        let mut statuses: Vec<u16> = ErrorCode::ALL.iter().map(|c| c.http_status()).collect();
        assert!(statuses.iter().all(|s| (400..600).contains(s)));
        statuses.sort_unstable();
        statuses.dedup();
        assert_eq!(statuses.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn statuses_without_a_code_of_their_own_map_to_the_nearest() {
        assert_eq!(ErrorCode::from_http_status(400), ErrorCode::ValidationError);
        assert_eq!(ErrorCode::from_http_status(408), ErrorCode::ServiceUnavailable);
        assert_eq!(ErrorCode::from_http_status(504), ErrorCode::ServiceUnavailable);
        for other in [200, 302, 418, 502, 599] {
            assert_eq!(ErrorCode::from_http_status(other), ErrorCode::Internal, "{other}");
        }
    }

    #[test]
    fn codes_are_written_in_screaming_snake_case() {
        let json = serde_json::to_string(&ErrorCode::RateLimitExceeded).unwrap();
        assert_eq!(json, "\"RATE_LIMIT_EXCEEDED\"");
        let back: ErrorCode = serde_json::from_str("\"VALIDATION_ERROR\"").unwrap();
        assert_eq!(back, ErrorCode::ValidationError);
    }

    #[test]
    fn conflict_reasons_are_written_as_their_wire_names() {
        for reason in ConflictReason::ALL {
            assert_eq!(ConflictReason::parse(reason.as_str()), Some(reason));
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.as_str()));
        }
        assert_eq!(ConflictReason::DeactivateSelf.as_str(), "self");
        assert_eq!(ConflictReason::parse("unheard_of"), None);
    }

    #[test]
    fn both_keeps_every_error_of_the_two() {
        let bad = |field: &str| Err::<(), _>(FieldError::new(field, FieldCode::Invalid, "x"));
        assert_eq!(both(Ok::<_, FieldError>(1), Ok::<_, FieldError>("a")), Ok((1, "a")));
        let fields = |r: Result<((), ()), Vec<FieldError>>| -> Vec<String> {
            r.unwrap_err().into_iter().map(|e| e.field).collect()
        };
        assert_eq!(fields(both(bad("sort"), bad("order"))), ["sort", "order"]);
        assert_eq!(fields(both(Ok(()), bad("order"))), ["order"]);
        assert_eq!(fields(both(bad("sort"), Ok(()))), ["sort"]);
    }

    #[test]
    fn field_codes_are_written_as_their_wire_names() {
        for code in FieldCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<FieldCode>(&json).unwrap(), code);
        }
        assert_eq!(FieldCode::ZeroBudgetCategory, "zero_budget_category");
    }

    #[test]
    fn a_field_error_keeps_its_field_code_and_message() {
        let error = FieldError::new("name", FieldCode::Required, "name is required");
        assert_eq!(
            (error.field.as_str(), error.code.as_str(), error.message.as_str()),
            ("name", "required", "name is required")
        );
    }
}
