//! Reading answer keys and prediction files: the CSV is read once, record by record into
//! fixed buffers ([`super::csv_reader`]), and every problem is collected (with counts, first
//! lines and short examples) instead of stopping at the first. Nothing a file says is kept in
//! full: messages name at most ten columns, examples are cut to 100 characters.

use std::hash::BuildHasher;

use hashbrown::hash_table::{self, HashTable};

use super::csv_reader::{Record, Records, MAX_COLUMNS, MAX_RECORD_BYTES};
use super::{ValidationCode, ValidationError, EXAMPLES};
use crate::domain::metrics::{check_key_parts, in_public_part, KeyProblem, Metric, MetricError};
use crate::domain::spreadsheet::unescape_formula;

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

/// A checked answer key: ids in file order, their true values and their part of the split.
///
/// The ids live in one buffer (no allocation per row) and are found through a table hashed
/// with foldhash, a fast non-cryptographic hash seeded per process. Each table entry holds the
/// id's place in the buffer as well as its row, so a lookup reads the table and the id only.
#[derive(Clone)]
pub struct AnswerKey {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<u32>,
    pub values: Vec<f64>,
    pub public: Vec<bool>,
    index: HashTable<Entry>,
    hasher: foldhash::fast::RandomState,
}

/// An id's start in the buffer (32 bits), its length in bytes (10) and its row (22).
#[derive(Clone, Copy)]
struct Entry(u64);

impl Entry {
    fn new(start: usize, len: usize, row: usize) -> Entry {
        debug_assert!(start < 1 << 32 && len < 1 << 10 && row < 1 << 22);
        Entry((start as u64) << 32 | (len as u64) << 22 | row as u64)
    }

    fn row(self) -> usize {
        (self.0 & ((1 << 22) - 1)) as usize
    }

    fn id(self, text: &str) -> &str {
        let start = (self.0 >> 32) as usize;
        let len = ((self.0 >> 22) & ((1 << 10) - 1)) as usize;
        &text[start..start + len]
    }
}

/// Row `row`'s id in a buffer of ids that end at `ends`.
fn id_at<'t>(text: &'t str, ends: &[u32], row: usize) -> &'t str {
    let start = if row == 0 { 0 } else { ends[row - 1] as usize };
    &text[start..ends[row] as usize]
}

// Ids are at most `MAX_ID_CHARS` characters (4 bytes each at most) and keys at most
// `MAX_KEY_ROWS` rows: both fit their bits.
const _: () = assert!(MAX_ID_CHARS * 4 < 1 << 10 && MAX_KEY_ROWS < 1 << 22);

impl PartialEq for AnswerKey {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
            && self.public == other.public
            && self.len() == other.len()
            && self.ids().eq(other.ids())
    }
}

impl std::fmt::Debug for AnswerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerKey")
            .field("rows", &self.len())
            .finish_non_exhaustive()
    }
}

impl AnswerKey {
    fn with_capacity(rows: usize) -> AnswerKey {
        AnswerKey {
            text: String::new(),
            ends: Vec::with_capacity(rows),
            values: Vec::with_capacity(rows),
            public: Vec::with_capacity(rows),
            index: HashTable::with_capacity(rows),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    /// Adds a row; false (and nothing added) when the id is already there.
    fn push(&mut self, id: &str, value: f64, public: bool) -> bool {
        let hash = self.hasher.hash_one(id);
        let text = &self.text;
        let hasher = &self.hasher;
        match self
            .index
            .entry(hash, |e| e.id(text) == id, |e| hasher.hash_one(e.id(text)))
        {
            hash_table::Entry::Occupied(_) => return false,
            hash_table::Entry::Vacant(slot) => {
                slot.insert(Entry::new(self.text.len(), id.len(), self.ends.len()));
            }
        }
        self.text.push_str(id);
        self.ends.push(self.text.len() as u32);
        self.values.push(value);
        self.public.push(public);
        true
    }

    /// Puts each row in its part of the split, on every core (a SHA-256 per row).
    fn split(&mut self, split: Split<'_>) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = self.len().div_ceil(threads).max(1 << 14);
        let (text, ends) = (&self.text, &self.ends);
        std::thread::scope(|scope| {
            for (i, part) in self.public.chunks_mut(chunk).enumerate() {
                scope.spawn(move || {
                    for (j, public) in part.iter_mut().enumerate() {
                        let id = id_at(text, ends, i * chunk + j);
                        *public = in_public_part(split.key, id, split.public_share);
                    }
                });
            }
        });
    }

    /// A key from stored rows (id, value, is_public), as the database keeps them.
    pub fn from_rows<S: AsRef<str>>(rows: impl IntoIterator<Item = (S, f64, bool)>) -> AnswerKey {
        let rows = rows.into_iter();
        let mut key = AnswerKey::with_capacity(rows.size_hint().0);
        for (id, value, public) in rows {
            key.push(id.as_ref(), value, public);
        }
        key
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of a row.
    pub fn id(&self, row: usize) -> &str {
        id_at(&self.text, &self.ends, row)
    }

    /// The ids in row order.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|row| self.id(row))
    }

    /// The row of an id.
    pub fn row(&self, id: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        self.index
            .find(hash, |e| e.id(&self.text) == id)
            .map(|e| e.row())
    }

    /// Roughly what the key holds in memory, for a cache's budget.
    pub fn bytes(&self) -> usize {
        self.text.capacity() + self.len() * (4 + 8 + 1) + self.index.capacity() * 9
    }

    /// Reads a key file with the competition's id and prediction columns: ids unique and short,
    /// values valid for the metric, rows in both parts of the split, and for AUC both classes
    /// in each part.
    pub fn parse(
        bytes: &[u8],
        spec: &FileSpec,
        split: Split<'_>,
    ) -> Result<AnswerKey, Vec<ValidationError>> {
        let mut problems = Problems::default();
        // One row per line at most: counting them first spares the table its regrowing.
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let mut key = AnswerKey::with_capacity(lines.min(MAX_KEY_ROWS + 1));
        key.text
            .reserve(bytes.len().min(MAX_KEY_ROWS * MAX_ID_CHARS));
        let kind = spec.metric.truth_kind();
        read_rows(bytes, spec, &mut problems, |problems, line, id, value| {
            if key.len() >= MAX_KEY_ROWS {
                problems.stop(
                    ValidationCode::TooManyRows,
                    format!("the answer key has more than {MAX_KEY_ROWS} rows"),
                    Vec::new(),
                );
                return;
            }
            // A valid row is added unless its id is there already; an invalid one is only
            // checked for that.
            match value {
                Value::Number(v) if kind.accepts(v) => {
                    if !key.push(id, v, false) {
                        problems.add(ValidationCode::DuplicateIds, line, id);
                    }
                }
                Value::Number(v) => {
                    if key.row(id).is_some() {
                        problems.add(ValidationCode::DuplicateIds, line, id);
                    }
                    problems.add(ValidationCode::ValueOutOfRange, line, &v.to_string());
                }
                Value::NotANumber(text) => {
                    if key.row(id).is_some() {
                        problems.add(ValidationCode::DuplicateIds, line, id);
                    }
                    problems.add(ValidationCode::NotANumber, line, text);
                }
            }
        });
        key.split(split);
        if problems.is_empty() {
            let parts = key.values.iter().copied().zip(key.public.iter().copied());
            for problem in check_key_parts(spec.metric, parts) {
                let (code, part) = match problem {
                    KeyProblem::EmptyPart { part } => (ValidationCode::KeyPartEmpty, part),
                    KeyProblem::SingleClass { part } => (ValidationCode::ValueOutOfRange, part),
                    _ => continue,
                };
                let message = match code {
                    ValidationCode::KeyPartEmpty => format!(
                        "the {part} part of the answer key has no rows, so its leaderboard could \
                         score nothing; add rows or change the public share"
                    ),
                    _ => format!(
                        "the {part} part of the answer key needs both classes (0 and 1) for AUC; \
                         add rows or change the public share"
                    ),
                };
                problems.push(ValidationError {
                    code,
                    message,
                    count: 1,
                    lines: Vec::new(),
                    examples: vec![part.to_owned()],
                });
            }
        }
        problems.finish(kind, "answer")?;
        key.text.shrink_to_fit();
        Ok(key)
    }
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
        let found = if next < key.len() && key.id(next) == id {
            Some(next)
        } else {
            key.row(id)
        };
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
    Ok(Scores {
        overall,
        public,
        private,
    })
}

/// A scoring failure as the file problem it is for whoever uploaded the file.
pub fn score_problem(error: MetricError) -> ValidationError {
    let code = match error {
        MetricError::NotFinite => ValidationCode::ScoreNotFinite,
        _ => ValidationCode::ValueOutOfRange,
    };
    ValidationError {
        code,
        message: error.to_string(),
        count: 1,
        lines: Vec::new(),
        examples: Vec::new(),
    }
}

enum Value<'a> {
    Number(f64),
    NotANumber(&'a str),
}

/// At most `EXAMPLE_CHARS` characters of a file's text.
fn example(text: &str) -> String {
    text.chars().take(EXAMPLE_CHARS).collect()
}

/// Errors collected per code, with counts and the first lines and examples.
#[derive(Default)]
struct Problems {
    found: Vec<(ValidationCode, u64, Vec<u64>, Vec<String>)>,
    extra: Vec<ValidationError>,
    /// Nothing row-level can be said (no id column, empty or too large file).
    stopped: bool,
}

impl Problems {
    fn add(&mut self, code: ValidationCode, line: u64, text: &str) {
        let index = match self.found.iter().position(|(c, ..)| *c == code) {
            Some(index) => index,
            None => {
                self.found.push((code, 0, Vec::new(), Vec::new()));
                self.found.len() - 1
            }
        };
        let (_, count, lines, examples) = &mut self.found[index];
        *count += 1;
        if line > 0 && lines.len() < EXAMPLES {
            lines.push(line);
        }
        if !text.is_empty() && examples.len() < EXAMPLES {
            examples.push(example(text));
        }
    }

    fn push(&mut self, error: ValidationError) {
        self.extra.push(error);
    }

    fn is_empty(&self) -> bool {
        self.found.is_empty() && self.extra.is_empty()
    }

    fn finish(
        self,
        kind: crate::domain::metrics::ValueKind,
        what: &str,
    ) -> Result<(), Vec<ValidationError>> {
        if self.is_empty() {
            return Ok(());
        }
        let mut errors = self.extra;
        for (code, count, lines, examples) in self.found {
            let message = match code {
                ValidationCode::NotANumber => format!("{count} {what} value(s) are not numbers"),
                ValidationCode::ValueOutOfRange => {
                    format!("{count} {what} value(s) are not {}", kind.describe())
                }
                ValidationCode::DuplicateIds => format!("{count} row(s) repeat an id"),
                ValidationCode::UnknownIds => {
                    format!("{count} row(s) have ids that are not in the answer key")
                }
                ValidationCode::MissingIds => {
                    format!("{count} id(s) of the answer key have no row")
                }
                ValidationCode::NotUtf8 => format!("{count} line(s) are not valid UTF-8"),
                ValidationCode::NulBytes => format!("{count} line(s) contain NUL bytes"),
                ValidationCode::LineTooLong => format!(
                    "{count} row(s) hold more than {} KiB of text",
                    MAX_RECORD_BYTES / 1024
                ),
                ValidationCode::TooManyColumns => {
                    format!("{count} row(s) have more than {MAX_COLUMNS} columns")
                }
                ValidationCode::IdTooLong => {
                    format!("{count} id(s) are longer than {MAX_ID_CHARS} characters")
                }
                other => other.as_str().to_owned(),
            };
            errors.push(ValidationError {
                code,
                message,
                count,
                lines,
                examples,
            });
        }
        Err(errors)
    }

    fn stop(&mut self, code: ValidationCode, message: String, examples: Vec<String>) {
        self.stopped = true;
        self.extra.push(ValidationError {
            code,
            message,
            count: 1,
            lines: Vec::new(),
            examples,
        });
    }
}

/// What reading a file found besides its rows.
struct Summary {
    rows: u64,
    warnings: Vec<ValidationError>,
}

/// A header cell as a column name: trimmed, without a spreadsheet's text mark.
fn column_name(cell: &[u8]) -> String {
    unescape_formula(String::from_utf8_lossy(cell).trim()).to_owned()
}

/// At most ten column names, each cut short, for a message.
fn some_columns(names: &[String]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(10)
        .map(|n| n.chars().take(40).collect())
        .collect();
    if names.len() > 10 {
        shown.push(format!("… ({} in all)", names.len()));
    }
    shown.join(", ")
}

/// Reads the CSV once: the size cap first, then the header, then each record's id and value.
/// `row(problems, line, id, value)` sees every data record with a usable id; ids and values are
/// trimmed, and an id keeps no spreadsheet text mark.
fn read_rows(
    bytes: &[u8],
    spec: &FileSpec,
    problems: &mut Problems,
    mut row: impl FnMut(&mut Problems, u64, &str, Value<'_>),
) -> Summary {
    let mut summary = Summary {
        rows: 0,
        warnings: Vec::new(),
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        problems.stop(
            ValidationCode::EmptyFile,
            "the file is empty".into(),
            Vec::new(),
        );
        return summary;
    }
    let mut records = Records::new(bytes);
    let header: Vec<String> = match records.next() {
        None => {
            problems.stop(
                ValidationCode::EmptyFile,
                "the file is empty".into(),
                Vec::new(),
            );
            return summary;
        }
        Some((_, Record::TooWide)) => {
            problems.stop(
                ValidationCode::TooManyColumns,
                format!("the header has more than {MAX_COLUMNS} columns"),
                Vec::new(),
            );
            return summary;
        }
        Some((_, Record::TooLong)) => {
            problems.stop(
                ValidationCode::LineTooLong,
                format!(
                    "the header holds more than {} KiB of text",
                    MAX_RECORD_BYTES / 1024
                ),
                Vec::new(),
            );
            return summary;
        }
        Some((_, Record::Fields(fields))) if fields.has_nul() => {
            problems.stop(
                ValidationCode::NulBytes,
                "the header contains NUL bytes".into(),
                Vec::new(),
            );
            return summary;
        }
        Some((_, Record::Fields(fields))) => fields.iter().map(column_name).collect(),
    };
    let find = |name: &str| header.iter().position(|h| h == name);
    let (id_col, value_col) = (find(&spec.id_column), find(&spec.prediction_column));
    let missing: Vec<String> = [
        (id_col, &spec.id_column),
        (value_col, &spec.prediction_column),
    ]
    .into_iter()
    .filter(|(col, _)| col.is_none())
    .map(|(_, name)| name.clone())
    .collect();
    if !missing.is_empty() {
        problems.stop(
            ValidationCode::MissingColumn,
            format!(
                "the header needs the column(s) {}; it has {}",
                missing.join(", "),
                some_columns(&header)
            ),
            missing,
        );
        return summary;
    }
    let (id_col, value_col) = (id_col.unwrap_or(0), value_col.unwrap_or(0));
    let extra: Vec<String> = header
        .iter()
        .enumerate()
        .filter(|(i, name)| *i != id_col && *i != value_col && !name.is_empty())
        .map(|(_, name)| name.clone())
        .collect();
    if !extra.is_empty() {
        summary.warnings.push(ValidationError {
            code: ValidationCode::ExtraColumns,
            message: format!(
                "{} column(s) besides {} and {} were ignored: {}",
                extra.len(),
                spec.id_column,
                spec.prediction_column,
                some_columns(&extra)
            ),
            count: extra.len() as u64,
            lines: Vec::new(),
            examples: extra.iter().take(EXAMPLES).map(|n| example(n)).collect(),
        });
    }
    while let Some((line, record)) = records.next() {
        if problems.stopped {
            break;
        }
        let fields = match record {
            Record::TooLong => {
                summary.rows += 1;
                problems.add(ValidationCode::LineTooLong, line, "");
                continue;
            }
            Record::TooWide => {
                summary.rows += 1;
                problems.add(ValidationCode::TooManyColumns, line, "");
                continue;
            }
            Record::Fields(fields) if fields.is_blank() => continue,
            Record::Fields(fields) => fields,
        };
        summary.rows += 1;
        if fields.has_nul() {
            problems.add(ValidationCode::NulBytes, line, "");
            continue;
        }
        let field = |i: usize| fields.get(i).unwrap_or(b"");
        let (id, text) = match (
            std::str::from_utf8(field(id_col)),
            std::str::from_utf8(field(value_col)),
        ) {
            (Ok(id), Ok(text)) => (unescape_formula(id.trim()), text.trim()),
            _ => {
                let raw: Vec<u8> = fields
                    .iter()
                    .flat_map(|f| f.iter().copied().chain([b',']))
                    .collect();
                problems.add(
                    ValidationCode::NotUtf8,
                    line,
                    &String::from_utf8_lossy(&raw),
                );
                continue;
            }
        };
        if id.len() > MAX_ID_CHARS && id.chars().count() > MAX_ID_CHARS {
            problems.add(ValidationCode::IdTooLong, line, id);
            continue;
        }
        let value = match text.parse::<f64>() {
            Ok(v) => Value::Number(v),
            Err(_) => Value::NotANumber(text),
        };
        row(problems, line, id, value);
    }
    if summary.rows == 0 {
        problems.stop(
            ValidationCode::EmptyFile,
            "the file has a header but no rows".into(),
            Vec::new(),
        );
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn spec(metric: Metric) -> FileSpec {
        FileSpec {
            metric,
            id_column: "id".into(),
            prediction_column: "target".into(),
        }
    }

    fn split(competition: &Uuid, public_share: f64) -> Split<'_> {
        Split {
            key: competition.as_bytes(),
            public_share,
        }
    }

    fn key() -> AnswerKey {
        AnswerKey::from_rows(
            ["a", "b", "c", "d", "e"]
                .iter()
                .zip([0.0, 1.0, 0.0, 1.0, 1.0])
                .map(|(id, v)| (id.to_string(), v, true)),
        )
    }

    fn codes(errors: &[ValidationError]) -> Vec<&'static str> {
        let mut codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
        codes.sort();
        codes
    }

    #[test]
    fn a_good_file_comes_back_in_key_order() {
        let file = b"\xEF\xBB\xBFtarget,id\n0.9,e\n0.1,a\n0.8,b\n0.2,c\n0.7,d\n";
        let predictions = validate_submission(file, &spec(Metric::Auc), &key())
            .predictions
            .unwrap();
        assert_eq!(predictions, vec![0.1, 0.8, 0.2, 0.7, 0.9]);
    }

    #[test]
    fn a_file_broken_in_many_ways_reports_each_problem_once_with_lines() {
        let file = b"id,target\na,0.5\na,0.4\nb,high\nc,1.5\nzz,0.3\nyy,NaN\n";
        let errors = validate_submission(file, &spec(Metric::Auc), &key())
            .predictions
            .unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![
                "DUPLICATE_IDS",
                "MISSING_IDS",
                "NOT_A_NUMBER",
                "UNKNOWN_IDS",
                "VALUE_OUT_OF_RANGE"
            ]
        );
        let by = |code: &str| errors.iter().find(|e| e.code.as_str() == code).unwrap();
        assert_eq!(by("DUPLICATE_IDS").lines, vec![3]);
        assert_eq!(by("NOT_A_NUMBER").lines, vec![4]);
        assert_eq!(by("NOT_A_NUMBER").examples, vec!["high"]);
        assert_eq!(by("VALUE_OUT_OF_RANGE").count, 2, "1.5 and NaN");
        assert_eq!(by("UNKNOWN_IDS").examples, vec!["zz", "yy"]);
        assert_eq!(by("MISSING_IDS").count, 2);
        assert_eq!(by("MISSING_IDS").examples, vec!["d", "e"]);
    }

    #[test]
    fn missing_columns_empty_files_size_and_encoding() {
        let errors = validate_submission(b"ident,score\nq,1\n", &spec(Metric::Auc), &key())
            .predictions
            .unwrap_err();
        assert_eq!(codes(&errors), vec!["MISSING_COLUMN"]);
        assert_eq!(errors[0].examples, vec!["id", "target"]);
        for empty in [&b""[..], b"  \n", b"id,target\n"] {
            let errors = validate_submission(empty, &spec(Metric::Auc), &key())
                .predictions
                .unwrap_err();
            assert_eq!(codes(&errors), vec!["EMPTY_FILE"]);
        }
        let errors = validate_submission(
            b"id,target\na,0.1\nb,0.\xff9\nc,0.2\nd,0.3\ne,0.4\n",
            &spec(Metric::Auc),
            &key(),
        )
        .predictions
        .unwrap_err();
        assert_eq!(codes(&errors), vec!["MISSING_IDS", "NOT_UTF8"]);
        assert_eq!(
            errors
                .iter()
                .find(|e| e.code == ValidationCode::NotUtf8)
                .unwrap()
                .lines,
            vec![3]
        );
    }

    #[test]
    fn labels_metrics_want_zero_or_one() {
        let errors = validate_submission(
            b"id,target\na,0\nb,1\nc,0.5\nd,1\ne,0\n",
            &spec(Metric::Accuracy),
            &key(),
        )
        .predictions
        .unwrap_err();
        assert_eq!(codes(&errors), vec!["VALUE_OUT_OF_RANGE"]);
        assert!(errors[0].message.contains("0 or 1"));
    }

    #[test]
    fn keys_are_checked_and_split() {
        let competition = &Uuid::from_u128(7);
        let mut file = String::from("id,target\n");
        for i in 0..200 {
            file.push_str(&format!("r{i},{}\n", i % 2));
        }
        let key =
            AnswerKey::parse(file.as_bytes(), &spec(Metric::Auc), split(competition, 0.3)).unwrap();
        assert_eq!(key.len(), 200);
        let public = key.public.iter().filter(|p| **p).count();
        assert!((30..90).contains(&public), "{public}");

        let errors = AnswerKey::parse(
            b"id,target\na,1\na,0\nb,2\nc,x\n",
            &spec(Metric::Auc),
            split(competition, 0.3),
        )
        .unwrap_err();
        assert_eq!(
            codes(&errors),
            vec!["DUPLICATE_IDS", "NOT_A_NUMBER", "VALUE_OUT_OF_RANGE"]
        );
        // One class only: AUC is undefined, so the key is refused.
        let errors = AnswerKey::parse(
            b"id,target\na,1\nb,1\nc,1\n",
            &spec(Metric::Auc),
            split(competition, 0.5),
        )
        .unwrap_err();
        assert!(errors
            .iter()
            .all(|e| e.message.contains("both classes") || e.code == ValidationCode::KeyPartEmpty));
        // Regression keys take any finite number.
        let mut regression = String::from("id,target\n");
        for i in 0..20 {
            regression.push_str(&format!("r{i},{}\n", f64::from(i) * -3.5e3));
        }
        assert!(AnswerKey::parse(
            regression.as_bytes(),
            &spec(Metric::Rmse),
            split(competition, 0.5)
        )
        .is_ok());
    }

    #[test]
    fn a_large_key_is_split_row_by_row_as_one_thread_would() {
        let competition = &Uuid::from_u128(9);
        let mut file = String::from("id,target\n");
        for i in 0..40_000 {
            file.push_str(&format!("id-{i},{}\n", i % 2));
        }
        let key =
            AnswerKey::parse(file.as_bytes(), &spec(Metric::Auc), split(competition, 0.3)).unwrap();
        assert_eq!(key.len(), 40_000);
        for (row, id) in key.ids().enumerate() {
            assert_eq!(
                key.public[row],
                in_public_part(competition.as_bytes(), id, 0.3)
            );
            assert_eq!(key.row(id), Some(row));
        }
        assert_eq!(key.row("id-40000"), None);
    }

    #[test]
    fn hostile_files_stay_small_and_clear() {
        let spec = spec(Metric::Auc);
        let mut wide = ",".repeat(MAX_COLUMNS * 40);
        wide.push_str("id,target\na,1\n");
        let errors = validate_submission(wide.as_bytes(), &spec, &key())
            .predictions
            .unwrap_err();
        assert_eq!(codes(&errors), vec!["TOO_MANY_COLUMNS"]);
        assert!(errors[0].message.len() < 200);

        let mut file = String::from("id,target\n");
        file.push_str(&"x".repeat(MAX_RECORD_BYTES + 1));
        file.push_str(",0.5\na,0.1\nb\0,0.2\n");
        file.push_str(&format!("{},0.3\n", "y".repeat(MAX_ID_CHARS + 1)));
        let errors = validate_submission(file.as_bytes(), &spec, &key())
            .predictions
            .unwrap_err();
        let by = |code: &str| errors.iter().find(|e| e.code.as_str() == code).unwrap();
        assert_eq!(by("LINE_TOO_LONG").lines, vec![2]);
        assert_eq!(by("NUL_BYTES").lines, vec![4]);
        assert_eq!(by("ID_TOO_LONG").lines, vec![5]);
        assert_eq!(by("ID_TOO_LONG").examples[0].chars().count(), 100);

        // A header of many names is named in part.
        let names: Vec<String> = (0..200).map(|i| format!("column{i}")).collect();
        let file = format!("{}\na,1\n", names.join(","));
        let errors = validate_submission(file.as_bytes(), &spec, &key())
            .predictions
            .unwrap_err();
        assert!(
            errors[0].message.contains("(200 in all)"),
            "{}",
            errors[0].message
        );
        assert!(errors[0].message.len() < 600);
    }

    #[test]
    fn rows_warnings_and_spreadsheet_marks() {
        let file = b"id,target,note\na,0.1,\"x\ny\"\nb,0.8,\nc,0.2,\nd,0.7,\ne,0.9,\n";
        let checked = validate_submission(file, &spec(Metric::Auc), &key());
        assert_eq!(checked.rows, 5);
        assert!(checked.predictions.is_ok(), "{:?}", checked.predictions);
        assert_eq!(checked.warnings[0].code, ValidationCode::ExtraColumns);
        assert_eq!(checked.warnings[0].examples, vec!["note"]);
        // A spreadsheet's text mark before a formula character is not part of the id.
        let marked = b"id,target\n'=a,0.1\n";
        let key = AnswerKey::from_rows([("=a".to_owned(), 1.0, true)]);
        assert_eq!(
            validate_submission(marked, &spec(Metric::Auc), &key).predictions,
            Ok(vec![0.1])
        );
    }

    #[test]
    fn scores_cover_all_rows_and_each_part() {
        let key = AnswerKey::from_rows(vec![
            ("a", 0.0, true),
            ("b", 1.0, true),
            ("c", 0.0, false),
            ("d", 1.0, false),
        ]);
        let s = score(Metric::Auc, &key, &[0.2, 0.8, 0.9, 0.1]).unwrap();
        assert_eq!((s.public, s.private), (1.0, 0.0));
        assert_eq!(s.overall, 0.25);
    }

    mod hostile {
        //! R3: whatever bytes arrive, reading them never panics, never reports more than it
        //! should keep, and never counts more rows than the file has lines.
        use super::*;
        use proptest::prelude::*;

        /// Files that look like CSV more often than random bytes do.
        fn file() -> impl Strategy<Value = Vec<u8>> {
            let cell = prop_oneof![
                "[a-z0-9]{0,6}".prop_map(String::into_bytes),
                Just(b"0.5".to_vec()),
                Just(b"\"quoted\nnewline\"".to_vec()),
                Just(b"\"unclosed".to_vec()),
                Just(vec![0u8]),
                Just(vec![0xff, 0xfe]),
                Just(b"NaN".to_vec()),
                Just(b"1e308".to_vec()),
                Just(vec![b'x'; MAX_RECORD_BYTES + 10]),
                Just(vec![b','; MAX_COLUMNS + 10]),
            ];
            let line =
                prop::collection::vec(cell, 0..6).prop_map(|cells| cells.join(&b',')[..].to_vec());
            let structured = (
                any::<bool>(),
                prop::collection::vec(line, 0..20),
                prop_oneof![
                    Just(b"\n".to_vec()),
                    Just(b"\r\n".to_vec()),
                    Just(b"\r".to_vec())
                ],
            )
                .prop_map(|(bom, lines, newline)| {
                    let mut out = if bom {
                        b"\xEF\xBB\xBF".to_vec()
                    } else {
                        Vec::new()
                    };
                    out.extend_from_slice(b"id,target");
                    out.extend_from_slice(&newline);
                    out.extend(lines.join(&newline[..]));
                    out
                });
            prop_oneof![structured, prop::collection::vec(any::<u8>(), 0..2048)]
        }

        fn bounded(errors: &[ValidationError]) {
            assert!(serde_json::to_string(errors).unwrap().len() < 16 * 1024);
            for e in errors {
                assert!(e.lines.len() <= EXAMPLES && e.examples.len() <= EXAMPLES);
                assert!(e.examples.iter().all(|x| x.chars().count() <= 100));
                assert!(e.message.chars().count() < 1000, "{}", e.message);
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn any_prediction_file_is_read_safely(bytes in file()) {
                let spec = spec(Metric::Auc);
                let checked = validate_submission(&bytes, &spec, &key());
                let lines = bytes.iter().filter(|b| **b == b'\n' || **b == b'\r').count() as u64;
                prop_assert!(checked.rows <= lines + 1);
                bounded(&checked.warnings);
                if let Err(errors) = &checked.predictions {
                    prop_assert!(!errors.is_empty());
                    bounded(errors);
                }
            }

            #[test]
            fn any_answer_key_is_read_safely(bytes in file()) {
                let spec = spec(Metric::Rmse);
                let competition = Uuid::from_u128(9);
                if let Err(errors) = AnswerKey::parse(&bytes, &spec, split(&competition, 0.5)) {
                    bounded(&errors);
                }
            }
        }
    }
}
