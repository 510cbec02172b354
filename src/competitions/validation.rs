//! Reading answer keys and prediction files: the CSV is read once, record by record, and every
//! problem is collected (with counts, first lines and examples) instead of stopping at the first.

use std::collections::HashMap;

use uuid::Uuid;

use super::{ValidationCode, ValidationError, EXAMPLES};
use crate::domain::metrics::{check_key_parts, is_public, KeyProblem, Metric, MetricError};

/// The default cap on an uploaded file.
pub const DEFAULT_MAX_BYTES: usize = 50 * 1024 * 1024;

/// What a competition expects of its files.
#[derive(Debug, Clone)]
pub struct FileSpec {
    pub metric: Metric,
    pub id_column: String,
    pub prediction_column: String,
    pub max_bytes: usize,
}

/// A checked answer key: ids in file order, their true values and their part of the split.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerKey {
    pub ids: Vec<String>,
    pub values: Vec<f64>,
    pub public: Vec<bool>,
    index: HashMap<String, usize>,
}

impl AnswerKey {
    /// A key from stored rows (id, value, is_public), as the database keeps them.
    pub fn from_rows(rows: impl IntoIterator<Item = (String, f64, bool)>) -> AnswerKey {
        let mut key = AnswerKey {
            ids: Vec::new(),
            values: Vec::new(),
            public: Vec::new(),
            index: HashMap::new(),
        };
        for (id, value, public) in rows {
            key.index.insert(id.clone(), key.ids.len());
            key.ids.push(id);
            key.values.push(value);
            key.public.push(public);
        }
        key
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Reads a key file with the competition's id and prediction columns: ids unique, values
    /// valid for the metric, and for AUC both classes in the public and the private part.
    pub fn parse(
        bytes: &[u8],
        spec: &FileSpec,
        competition: Uuid,
        public_share: f64,
    ) -> Result<AnswerKey, Vec<ValidationError>> {
        let mut problems = Problems::default();
        let mut rows: Vec<(String, f64, bool)> = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        let kind = spec.metric.truth_kind();
        read_rows(bytes, spec, &mut problems, |problems, line, id, value| {
            if let Some(id) = id {
                if seen.insert(id.to_owned(), line).is_some() {
                    problems.add(ValidationCode::DuplicateIds, line, id);
                }
            }
            let value = match value {
                Value::Number(v) if kind.accepts(v) => Some(v),
                Value::Number(v) => {
                    problems.add(ValidationCode::ValueOutOfRange, line, &v.to_string());
                    None
                }
                Value::NotANumber(text) => {
                    problems.add(ValidationCode::NotANumber, line, text);
                    None
                }
            };
            if let (Some(id), Some(value)) = (id, value) {
                rows.push((
                    id.to_owned(),
                    value,
                    is_public(competition, id, public_share),
                ));
            }
        });
        if problems.is_empty() {
            let parts: Vec<(f64, bool)> = rows.iter().map(|(_, v, p)| (*v, *p)).collect();
            for problem in check_key_parts(spec.metric, &parts) {
                if let KeyProblem::SingleClass { part } = problem {
                    problems.push(ValidationError {
                        code: ValidationCode::ValueOutOfRange,
                        message: format!(
                            "the {part} part of the answer key needs both classes (0 and 1) for AUC; \
                             add rows or change the public share"
                        ),
                        count: 1,
                        lines: Vec::new(),
                        examples: vec![part.to_owned()],
                    });
                }
            }
        }
        problems.finish(kind, "answer")?;
        Ok(AnswerKey::from_rows(rows))
    }
}

/// A prediction file checked against a key: the predictions in the key's row order.
pub fn validate_submission(
    bytes: &[u8],
    spec: &FileSpec,
    key: &AnswerKey,
) -> Result<Vec<f64>, Vec<ValidationError>> {
    let mut problems = Problems::default();
    let mut predictions = vec![f64::NAN; key.len()];
    let mut seen = vec![false; key.len()];
    let kind = spec.metric.prediction_kind();
    read_rows(bytes, spec, &mut problems, |problems, line, id, value| {
        let row = id.and_then(|id| match key.index.get(id) {
            Some(&row) if seen[row] => {
                problems.add(ValidationCode::DuplicateIds, line, id);
                None
            }
            Some(&row) => {
                seen[row] = true;
                Some(row)
            }
            None => {
                problems.add(ValidationCode::UnknownIds, line, id);
                None
            }
        });
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
        for (row, id) in key.ids.iter().enumerate() {
            if !seen[row] {
                problems.add(ValidationCode::MissingIds, 0, id);
            }
        }
    }
    problems.finish(kind, "prediction")?;
    Ok(predictions)
}

/// The score over all rows and over each part of the split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub overall: f64,
    pub public: f64,
    pub private: f64,
}

pub fn score(metric: Metric, key: &AnswerKey, predictions: &[f64]) -> Result<Scores, MetricError> {
    let part = |public: bool| {
        let (truth, predicted): (Vec<f64>, Vec<f64>) = key
            .values
            .iter()
            .zip(predictions)
            .zip(&key.public)
            .filter(|(_, p)| **p == public)
            .map(|((t, p), _)| (*t, *p))
            .unzip();
        metric.score(&truth, &predicted)
    };
    Ok(Scores {
        overall: metric.score(&key.values, predictions)?,
        public: part(true)?,
        private: part(false)?,
    })
}

enum Value<'a> {
    Number(f64),
    NotANumber(&'a str),
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
    fn add(&mut self, code: ValidationCode, line: u64, example: &str) {
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
        if examples.len() < EXAMPLES {
            examples.push(example.chars().take(100).collect());
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

/// Reads the CSV once: the size cap first, then the header, then each record's id and value.
/// `row(problems, line, id, value)` sees every data record; ids and values are trimmed.
fn read_rows(
    bytes: &[u8],
    spec: &FileSpec,
    problems: &mut Problems,
    mut row: impl FnMut(&mut Problems, u64, Option<&str>, Value<'_>),
) {
    if bytes.len() > spec.max_bytes {
        problems.stop(
            ValidationCode::FileTooLarge,
            format!(
                "the file has {} bytes; the limit is {}",
                bytes.len(),
                spec.max_bytes
            ),
            Vec::new(),
        );
        return;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        problems.stop(
            ValidationCode::EmptyFile,
            "the file is empty".into(),
            Vec::new(),
        );
        return;
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    // The header.
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        _ => {
            problems.stop(
                ValidationCode::EmptyFile,
                "the file is empty".into(),
                Vec::new(),
            );
            return;
        }
    }
    let header: Vec<String> = record
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_owned())
        .collect();
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
                header.join(", ")
            ),
            missing,
        );
        return;
    }
    let (id_col, value_col) = (id_col.unwrap_or(0), value_col.unwrap_or(0));
    let mut data_rows = 0u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.add(ValidationCode::NotANumber, line, &e.to_string());
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        data_rows += 1;
        let field = |i: usize| record.get(i).unwrap_or(b"");
        let (id, text) = match (
            std::str::from_utf8(field(id_col)),
            std::str::from_utf8(field(value_col)),
        ) {
            (Ok(id), Ok(text)) => (id.trim(), text.trim()),
            _ => {
                problems.add(
                    ValidationCode::NotUtf8,
                    line,
                    &String::from_utf8_lossy(record.as_slice()),
                );
                continue;
            }
        };
        let value = match text.parse::<f64>() {
            Ok(v) => Value::Number(v),
            Err(_) => Value::NotANumber(text),
        };
        row(problems, line, Some(id), value);
    }
    if data_rows == 0 {
        problems.stop(
            ValidationCode::EmptyFile,
            "the file has a header but no rows".into(),
            Vec::new(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(metric: Metric) -> FileSpec {
        FileSpec {
            metric,
            id_column: "id".into(),
            prediction_column: "target".into(),
            max_bytes: 10_000,
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
        let predictions = validate_submission(file, &spec(Metric::Auc), &key()).unwrap();
        assert_eq!(predictions, vec![0.1, 0.8, 0.2, 0.7, 0.9]);
    }

    #[test]
    fn a_file_broken_in_many_ways_reports_each_problem_once_with_lines() {
        let file = b"id,target\na,0.5\na,0.4\nb,high\nc,1.5\nzz,0.3\nyy,NaN\n";
        let errors = validate_submission(file, &spec(Metric::Auc), &key()).unwrap_err();
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
        let errors =
            validate_submission(b"ident,score\nq,1\n", &spec(Metric::Auc), &key()).unwrap_err();
        assert_eq!(codes(&errors), vec!["MISSING_COLUMN"]);
        assert_eq!(errors[0].examples, vec!["id", "target"]);
        for empty in [&b""[..], b"  \n", b"id,target\n"] {
            let errors = validate_submission(empty, &spec(Metric::Auc), &key()).unwrap_err();
            assert_eq!(codes(&errors), vec!["EMPTY_FILE"]);
        }
        let mut small = spec(Metric::Auc);
        small.max_bytes = 8;
        let errors = validate_submission(b"id,target\na,1\n", &small, &key()).unwrap_err();
        assert_eq!(codes(&errors), vec!["FILE_TOO_LARGE"]);
        let errors = validate_submission(
            b"id,target\na,0.1\nb,0.\xff9\nc,0.2\nd,0.3\ne,0.4\n",
            &spec(Metric::Auc),
            &key(),
        )
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
        .unwrap_err();
        assert_eq!(codes(&errors), vec!["VALUE_OUT_OF_RANGE"]);
        assert!(errors[0].message.contains("0 or 1"));
    }

    #[test]
    fn keys_are_checked_and_split() {
        let competition = Uuid::from_u128(7);
        let mut file = String::from("id,target\n");
        for i in 0..200 {
            file.push_str(&format!("r{i},{}\n", i % 2));
        }
        let key = AnswerKey::parse(file.as_bytes(), &spec(Metric::Auc), competition, 0.3).unwrap();
        assert_eq!(key.len(), 200);
        let public = key.public.iter().filter(|p| **p).count();
        assert!((30..90).contains(&public), "{public}");

        let errors = AnswerKey::parse(
            b"id,target\na,1\na,0\nb,2\nc,x\n",
            &spec(Metric::Auc),
            competition,
            0.3,
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
            competition,
            0.5,
        )
        .unwrap_err();
        assert!(errors.iter().all(|e| e.message.contains("both classes")));
        // Regression keys take any finite number.
        assert!(AnswerKey::parse(
            b"id,target\na,-3.5\nb,1e3\n",
            &spec(Metric::Rmse),
            competition,
            0.5
        )
        .is_ok());
    }

    #[test]
    fn scores_cover_all_rows_and_each_part() {
        let key = AnswerKey::from_rows(vec![
            ("a".into(), 0.0, true),
            ("b".into(), 1.0, true),
            ("c".into(), 0.0, false),
            ("d".into(), 1.0, false),
        ]);
        let s = score(Metric::Auc, &key, &[0.2, 0.8, 0.9, 0.1]).unwrap();
        assert_eq!((s.public, s.private), (1.0, 0.0));
        assert_eq!(s.overall, 0.25);
    }
}
