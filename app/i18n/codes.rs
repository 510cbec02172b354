//! Domain codes (statuses, roles, error and validation codes) to the messages that say them.

use super::{tr, Msg};
use crate::competitions::{CompetitionRole, CompetitionStatus, SubmissionStatus, ValidationCode};
use crate::domain::weights::Category;
use crate::domain::{ConflictReason, ErrorCode, FieldCode, Locale, Role};
use crate::goals::SheetStatus;
use crate::nominations::{CycleStatus, NominationStatus};
use crate::users::ImportCode;

/// What a problem of a people import means, by its code.
pub fn import_error_msg(code: ImportCode) -> Msg {
    use ImportCode as C;
    match code {
        C::NotUtf8 => Msg::ImpNotUtf8,
        C::NulBytes | C::Malformed => Msg::ImpMalformed,
        C::EmptyFile => Msg::ImpEmptyFile,
        C::MissingColumn => Msg::ImpMissingColumn,
        C::TooManyRows => Msg::ImpTooManyRows,
        C::InvalidEmail => Msg::ImpInvalidEmail,
        C::DuplicateEmail => Msg::ImpDuplicateEmail,
        C::InvalidName => Msg::ImpInvalidName,
        C::InvalidRole => Msg::ImpInvalidRole,
        C::InvalidTeam => Msg::ImpInvalidTeam,
        C::UnknownStage => Msg::ImpUnknownStage,
        C::EmailTaken => Msg::ImpEmailTaken,
        C::TeamRequired => Msg::ImpTeamRequired,
        C::ManagerConflict => Msg::ImpManagerConflict,
        C::ManagerRequired => Msg::ImpManagerRequired,
        C::UnknownManager => Msg::ImpUnknownManager,
        C::ManagerInactive => Msg::ImpManagerInactive,
        C::NotAManager => Msg::ImpNotAManager,
        C::ManagerInTeam => Msg::ImpManagerInTeam,
        C::ForbiddenRole => Msg::ImpForbiddenRole,
        C::LastAdmin => Msg::ImpLastAdmin,
        C::ManagesTeams => Msg::ImpManagesTeams,
    }
}

pub fn period_status_msg(status: crate::periods::PeriodStatus) -> Msg {
    use crate::periods::PeriodStatus;
    match status {
        PeriodStatus::Planning => Msg::PeriodPlanning,
        PeriodStatus::Open => Msg::PeriodIsOpen,
        PeriodStatus::Closed => Msg::PeriodIsClosed,
    }
}

pub fn role_msg(role: Role) -> Msg {
    match role {
        Role::Admin => Msg::RoleAdmin,
        Role::Hr => Msg::RoleHr,
        Role::Manager => Msg::RoleManager,
        Role::Employee => Msg::RoleEmployee,
    }
}

pub fn error_msg(code: ErrorCode) -> Msg {
    match code {
        ErrorCode::Unauthenticated => Msg::ErrUnauthenticated,
        ErrorCode::Forbidden => Msg::ErrForbidden,
        ErrorCode::NotFound => Msg::ErrNotFound,
        ErrorCode::ValidationError => Msg::ErrValidation,
        ErrorCode::Conflict => Msg::ErrConflict,
        ErrorCode::RateLimitExceeded => Msg::ErrRateLimited,
        ErrorCode::PayloadTooLarge => Msg::ErrTooLarge,
        ErrorCode::LengthRequired => Msg::ErrLengthRequired,
        ErrorCode::MethodNotAllowed => Msg::ErrMethodNotAllowed,
        ErrorCode::UnsupportedMediaType => Msg::ErrUnsupportedMediaType,
        ErrorCode::ServiceUnavailable => Msg::ErrUnavailable,
        ErrorCode::Internal => Msg::ErrInternal,
    }
}

/// What the first of `errors` about `field` says, in `locale`: the text under a form field.
pub fn field_error_text(errors: &[crate::domain::FieldError], field: &str, locale: Locale) -> Option<&'static str> {
    errors.iter().find(|e| e.field == field).map(|e| field_error_msg(&e.field, e.code).text(locale))
}

/// Field errors the pages know how to say; unknown codes fall back to the generic message.
pub fn field_error_msg(field: &str, code: FieldCode) -> Msg {
    use FieldCode as C;
    // Nomination fields first: their codes overlap with the goal sheet's.
    let score = field.starts_with("scores");
    match code {
        C::SelfNomination => return Msg::ErrSelfNomination,
        C::Unknown if field == "nomineeId" => return Msg::ErrUnknownPerson,
        C::OutOfScale => return Msg::ErrOutOfScale,
        C::Missing | C::Unknown if score => return Msg::ScoreMissing,
        C::TooLong if score => return Msg::TextTooLong,
        C::Required | C::TooLong if field == "justification" => return Msg::JustificationRequired,
        C::Required if field == "reason" => return Msg::RejectReasonRequired,
        C::WeightsSum => return Msg::ErrWeightsNotMet,
        C::OutOfRange | C::TooManyDecimals | C::NotANumber if field == "weight" => return Msg::ErrCriterionWeight,
        C::BeforeStart => return Msg::ErrEndBeforeStart,
        C::InvalidScale => return Msg::ErrScale,
        C::Required if field == "name" => return Msg::ErrNameRequired,
        C::InPast => return Msg::ErrDeadlinePast,
        C::Invalid if field == "metric" => return Msg::ErrMetric,
        C::InvalidColumn | C::SameAsId => return Msg::ErrColumnName,
        C::OutOfRange if field == "dailySubmissionLimit" => return Msg::ErrDailyLimit,
        C::OutOfRange if field == "publicShare" => return Msg::ErrPublicShare,
        C::Required if field == "body" => return Msg::ErrBodyRequired,
        C::NulCharacter => return Msg::ErrNulCharacter,
        C::Invalid if field == "email" => return Msg::ErrEmailInvalid,
        C::Taken if field == "email" => return Msg::ErrEmailTaken,
        C::Unknown if field == "email" => return Msg::ErrEmailUnknown,
        C::Required if field == "displayName" => return Msg::ErrNameRequired,
        C::ForbiddenRole => return Msg::ErrRoleForbidden,
        C::Unknown if field == "stageId" => return Msg::ErrUnknownStage,
        C::Unknown if field == "teamId" => return Msg::ErrUnknownTeam,
        C::Manager | C::Member => return Msg::ErrManagerInOwnTeam,
        C::Unknown if field == "managerId" || field.starts_with("userIds") => return Msg::ErrManagerInvalid,
        C::NotAManager => return Msg::ErrNotAManager,
        C::Taken => return Msg::ErrNameTaken,
        C::InvalidDate => return Msg::ErrDateInvalid,
        C::OutOfRange if field == "startsOn" || field == "endsOn" => return Msg::ErrDateInvalid,
        _ => {}
    }
    match code {
        C::OutOfRange if field == "page" || field == "pageSize" => Msg::ErrPageRange,
        C::AfterTo => Msg::ErrDateOrder,
        C::OutOfRange => Msg::WeightOutOfRange,
        C::TooManyDecimals => Msg::WeightTooManyDecimals,
        C::NotANumber => Msg::WeightNotANumber,
        C::AllZero => Msg::WeightsAllZero,
        C::NoStage => Msg::NoStage,
        C::NoOpenPeriod => Msg::NoOpenPeriod,
        C::Required => Msg::TitleRequired,
        C::TooLong => Msg::TextTooLong,
        C::OverBudget => Msg::OverBudgetError,
        C::UnderBudget => Msg::UnderBudgetError,
        C::ZeroBudgetCategory => Msg::ZeroBudgetError,
        C::TooManyGoals => Msg::TooManyGoals,
        // Codes the first match translates for their fields, and codes a page never sees
        // (request-format problems of the API): the generic text.
        C::BeforeStart
        | C::Expired
        | C::ForbiddenRole
        | C::InPast
        | C::Inactive
        | C::Invalid
        | C::InvalidColumn
        | C::InvalidDate
        | C::InvalidJson
        | C::InvalidScale
        | C::Limit
        | C::Manager
        | C::Member
        | C::Missing
        | C::Multipart
        | C::NotAManager
        | C::NotAnInteger
        | C::NulCharacter
        | C::OutOfScale
        | C::SameAsId
        | C::SelfNomination
        | C::Taken
        | C::TooShort
        | C::Used
        | C::Unknown
        | C::WeightsSum
        | C::Wrong => Msg::ErrValidation,
    }
}

/// The page text for a conflict, by the `reason` its details name.
pub fn conflict_msg(reason: ConflictReason) -> Msg {
    match reason {
        ConflictReason::DuplicateNomination => Msg::ErrDuplicateNomination,
        ConflictReason::OutsideWindow => Msg::ErrOutsideWindow,
        ConflictReason::CycleStatus => Msg::ErrCycleStatus,
        ConflictReason::AlreadyDecided => Msg::ErrAlreadyDecided,
        ConflictReason::ShareLocked => Msg::ErrShareLocked,
        ConflictReason::CompetitionStatus => Msg::ErrCompetitionStatus,
        ConflictReason::PrivateHidden => Msg::ErrCompetitionStatus,
        ConflictReason::NoAnswerKey => Msg::ErrNoAnswerKey,
        ConflictReason::DeadlinePassed => Msg::ErrDeadlinePassed,
        ConflictReason::KeyIdsChanged => Msg::ErrKeyIdsChanged,
        ConflictReason::CompetitionEnded => Msg::ErrCompetitionEnded,
        ConflictReason::SubmissionStatus => Msg::ErrSubmissionStatus,
        ConflictReason::KeyPartEmpty => Msg::ValKeyPartEmpty,
        ConflictReason::LastAdmin => Msg::ErrLastAdmin,
        ConflictReason::ManagesTeams => Msg::ErrManagesTeams,
        ConflictReason::DeactivateSelf => Msg::ErrDeactivateSelf,
        ConflictReason::Inactive => Msg::ErrPersonInactive,
        ConflictReason::TeamNotEmpty => Msg::ErrTeamNotEmpty,
        ConflictReason::PeriodStatus => Msg::ErrPeriodStatus,
        ConflictReason::PeriodOpen => Msg::ErrPeriodAlreadyOpen,
        ConflictReason::PeriodClosed => Msg::ErrPeriodClosed,
    }
}

pub fn cycle_status_msg(status: CycleStatus) -> Msg {
    match status {
        CycleStatus::Draft => Msg::CycleStatusDraft,
        CycleStatus::Open => Msg::CycleStatusOpen,
        CycleStatus::Closed => Msg::CycleStatusClosed,
        CycleStatus::Finalized => Msg::CycleStatusFinalized,
    }
}

pub fn nomination_status_msg(status: NominationStatus) -> Msg {
    match status {
        NominationStatus::Pending => Msg::NominationPending,
        NominationStatus::Approved => Msg::NominationApproved,
        NominationStatus::Rejected => Msg::NominationRejected,
    }
}

pub fn category_msg(category: Category) -> Msg {
    match category {
        Category::Quantitative => Msg::CategoryQuantitative,
        Category::Qualitative => Msg::CategoryQualitative,
        Category::Competency => Msg::CategoryCompetency,
    }
}

/// The category as a word inside a sentence (定量, quantitative).
pub fn category_short_msg(category: Category) -> Msg {
    match category {
        Category::Quantitative => Msg::CategoryQuantitativeShort,
        Category::Qualitative => Msg::CategoryQualitativeShort,
        Category::Competency => Msg::CategoryCompetencyShort,
    }
}

pub fn sheet_status_msg(status: SheetStatus) -> Msg {
    match status {
        SheetStatus::Draft => Msg::StatusDraft,
        SheetStatus::Submitted => Msg::StatusSubmitted,
        SheetStatus::Approved => Msg::StatusApproved,
        SheetStatus::Returned => Msg::StatusReturned,
    }
}

pub fn competition_status_msg(status: CompetitionStatus) -> Msg {
    match status {
        CompetitionStatus::Draft => Msg::CompStatusDraft,
        CompetitionStatus::Active => Msg::CompStatusActive,
        CompetitionStatus::Ended => Msg::CompStatusEnded,
    }
}

pub fn competition_role_msg(role: CompetitionRole) -> Msg {
    match role {
        CompetitionRole::Sponsor => Msg::CompRoleSponsor,
        CompetitionRole::Participant => Msg::CompRoleParticipant,
        CompetitionRole::Viewer => Msg::CompRoleViewer,
    }
}

pub fn submission_status_msg(status: SubmissionStatus) -> Msg {
    match status {
        SubmissionStatus::Scored => Msg::SubStatusScored,
        SubmissionStatus::Invalid => Msg::SubStatusInvalid,
        SubmissionStatus::Invalidated => Msg::SubStatusInvalidated,
    }
}

/// What a validation problem of an uploaded file says, for `count` rows, lines or ids.
pub fn validation_code_text(code: ValidationCode, locale: Locale, count: u64) -> String {
    match code {
        ValidationCode::MissingColumn => Msg::ValMissingColumn.text(locale).to_owned(),
        ValidationCode::NotANumber => tr!(locale, val_not_a_number, count = count),
        ValidationCode::ValueOutOfRange => tr!(locale, val_out_of_range, count = count),
        ValidationCode::DuplicateIds => tr!(locale, val_duplicate_ids, count = count),
        ValidationCode::UnknownIds => tr!(locale, val_unknown_ids, count = count),
        ValidationCode::MissingIds => tr!(locale, val_missing_ids, count = count),
        ValidationCode::EmptyFile => Msg::ValEmptyFile.text(locale).to_owned(),
        ValidationCode::FileTooLarge => Msg::ValTooLarge.text(locale).to_owned(),
        ValidationCode::NotUtf8 => Msg::ValNotUtf8.text(locale).to_owned(),
        ValidationCode::NulBytes => tr!(locale, val_nul_bytes, count = count),
        ValidationCode::LineTooLong => tr!(locale, val_line_too_long, count = count),
        ValidationCode::TooManyColumns => tr!(locale, val_too_many_columns, count = count),
        ValidationCode::IdTooLong => tr!(locale, val_id_too_long, count = count),
        ValidationCode::KeyPartEmpty => Msg::ValKeyPartEmpty.text(locale).to_owned(),
        ValidationCode::ScoreNotFinite => Msg::ValScoreNotFinite.text(locale).to_owned(),
        ValidationCode::TooManyRows => Msg::ValTooManyRows.text(locale).to_owned(),
        ValidationCode::ExtraColumns => tr!(locale, val_extra_columns, count = count),
    }
}
