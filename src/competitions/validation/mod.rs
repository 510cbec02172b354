//! Reading answer keys and prediction files: the CSV is read once, record by record into
//! fixed buffers ([`super::csv_reader`]), and every problem is collected (with counts, first
//! lines and short examples) instead of stopping at the first. Nothing a file says is kept in
//! full: messages name at most ten columns, examples are cut to 100 characters.

use std::hash::BuildHasher;

use hashbrown::hash_table::{self, HashTable};

use super::csv_reader::{Record, Records, MAX_COLUMNS, MAX_RECORD_BYTES};
use super::{ValidationCode, ValidationError, EXAMPLES};
use crate::domain::metrics::{check_key_parts, in_public_part, Arithmetic, KeyProblem, Metric, MetricError};
use crate::domain::spreadsheet::unescape_formula;

mod answer_key;
mod read;
#[cfg(test)]
mod tests;

pub use self::answer_key::AnswerKey;
use self::read::{read_rows, Problems, Value};

/// The default cap on an uploaded file.
pub const DEFAULT_MAX_BYTES: usize = 50 * 1024 * 1024;
/// The longest row id, in characters.
pub const MAX_ID_CHARS: usize = 200;
/// Characters of a file's text kept in an example.
const EXAMPLE_CHARS: usize = 100;

/// What a competition expects of its files. (Their size is capped before they are read: by the
/// upload's announced length on the server, by the file's size in `merit score`.)
#[derive(Debug, Clone)]
pub struct FileSpec {
    pub metric: Metric,
    pub id_column: String,
    pub prediction_column: String,
}

/// The most rows an answer key may have: each is kept in memory while a key is checked and
/// while submissions are scored against it.
pub const MAX_KEY_ROWS: usize = 1_000_000;

/// How a competition's rows are split into the public and the private part.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The competition's secret split key (or, for competitions made before there was one, its id).
    pub key: &'a [u8],
    pub public_share: f64,
}

/// A prediction file read against a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The predictions in the key's row order, or every problem found.
    pub predictions: Result<Vec<f64>, Vec<ValidationError>>,
    /// Data rows in the file (a quoted line break does not start a row).
    pub rows: u64,
    /// What was accepted but is worth saying, e.g. columns that were ignored.
    pub warnings: Vec<ValidationError>,
}

/// Checks a prediction file against a key.
pub fn validate_submission(bytes: &[u8], spec: &FileSpec, key: &AnswerKey) -> Checked {
    let mut problems = Problems::default();
    let mut predictions = vec![f64::NAN; key.len()];
    let mut seen = vec![false; key.len()];
    let kind = spec.metric.prediction_kind();
    // Files usually follow the key's order: the row after the last one found is tried before
    // the hash table.
    let mut next = 0;
    let summary = read_rows(bytes, spec, &mut problems, |problems, line, id, value| {
        let found = if next < key.len() && key.id(next) == id { Some(next) } else { key.row(id) };
        let row = match found {
            Some(row) if seen[row] => {
                problems.add(ValidationCode::DuplicateIds, line, id);
                None
            }
            Some(row) => {
                seen[row] = true;
                next = row + 1;
                Some(row)
            }
            None => {
                problems.add(ValidationCode::UnknownIds, line, id);
                None
            }
        };
        match value {
            Value::Number(v) if kind.accepts(v) => {
                if let Some(row) = row {
                    predictions[row] = v;
                }
            }
            Value::Number(v) => problems.add(ValidationCode::ValueOutOfRange, line, &v.to_string()),
            Value::NotANumber(text) => problems.add(ValidationCode::NotANumber, line, text),
        }
    });
    if !problems.stopped {
        for (row, id) in key.ids().enumerate() {
            if !seen[row] {
                problems.add(ValidationCode::MissingIds, 0, id);
            }
        }
    }
    Checked {
        predictions: problems.finish(kind, "prediction").map(|()| predictions),
        rows: summary.rows,
        warnings: summary.warnings,
    }
}

/// The score over all rows and over each part of the split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub overall: f64,
    pub public: f64,
    pub private: f64,
}

pub fn score(metric: Metric, key: &AnswerKey, predictions: &[f64]) -> Result<Scores, MetricError> {
    let [overall, public, private] = metric.score_parts(&key.values, predictions, &key.public)?;
    Ok(Scores { overall, public, private })
}

/// The arithmetic behind [`score`] (the receipt), over all rows and each part.
pub fn arithmetic(metric: Metric, key: &AnswerKey, predictions: &[f64]) -> Result<[Arithmetic; 3], MetricError> {
    metric.arithmetic_parts(&key.values, predictions, &key.public)
}

/// A scoring failure as the file problem it is for whoever uploaded the file.
pub fn score_problem(error: MetricError) -> ValidationError {
    let code = match error {
        MetricError::NotFinite => ValidationCode::ScoreNotFinite,
        _ => ValidationCode::ValueOutOfRange,
    };
    ValidationError { code, message: error.to_string(), count: 1, lines: Vec::new(), examples: Vec::new() }
}
