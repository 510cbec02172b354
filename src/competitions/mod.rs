//! Internal competitions (DESIGN §8): sponsors publish a hidden answer key; participants upload
//! CSV predictions that are validated, scored like scikit-learn and ranked.
//!
//! So far: the file rules — answer keys and submissions are read by [`validation`], scored with
//! the metrics of [`crate::domain::metrics`], split into public and private parts per row.

#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod validation;

use serde::{Deserialize, Serialize};

/// What can be wrong with an uploaded file; every problem found is reported at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ValidationCode {
    MissingColumn,
    NotANumber,
    ValueOutOfRange,
    DuplicateIds,
    UnknownIds,
    MissingIds,
    EmptyFile,
    FileTooLarge,
    NotUtf8,
}

impl ValidationCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationCode::MissingColumn => "MISSING_COLUMN",
            ValidationCode::NotANumber => "NOT_A_NUMBER",
            ValidationCode::ValueOutOfRange => "VALUE_OUT_OF_RANGE",
            ValidationCode::DuplicateIds => "DUPLICATE_IDS",
            ValidationCode::UnknownIds => "UNKNOWN_IDS",
            ValidationCode::MissingIds => "MISSING_IDS",
            ValidationCode::EmptyFile => "EMPTY_FILE",
            ValidationCode::FileTooLarge => "FILE_TOO_LARGE",
            ValidationCode::NotUtf8 => "NOT_UTF8",
        }
    }
}

/// One kind of problem in a file: how often it occurs, where first (1-based line numbers, at
/// most ten) and examples of the offending values or ids (at most ten).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationError {
    pub code: ValidationCode,
    pub message: String,
    pub count: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

/// How many line numbers and examples an error keeps.
pub const EXAMPLES: usize = 10;
