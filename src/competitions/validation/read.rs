//! Reading a CSV once into ids and values, collecting every problem with counts, first lines
//! and short examples.

use super::*;

pub(super) enum Value<'a> {
    Number(f64),
    NotANumber(&'a str),
}

/// At most `EXAMPLE_CHARS` characters of a file's text.
pub(super) fn example(text: &str) -> String {
    text.chars().take(EXAMPLE_CHARS).collect()
}

/// Errors collected per code, with counts and the first lines and examples.
#[derive(Default)]
pub(super) struct Problems {
    pub(super) found: Vec<(ValidationCode, u64, Vec<u64>, Vec<String>)>,
    pub(super) extra: Vec<ValidationError>,
    /// Nothing row-level can be said (no id column, empty or too large file).
    pub(super) stopped: bool,
}

impl Problems {
    pub(super) fn add(&mut self, code: ValidationCode, line: u64, text: &str) {
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

    pub(super) fn push(&mut self, error: ValidationError) {
        self.extra.push(error);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.found.is_empty() && self.extra.is_empty()
    }

    pub(super) fn finish(
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
                ValidationCode::LineTooLong => {
                    format!("{count} row(s) hold more than {} KiB of text", MAX_RECORD_BYTES / 1024)
                }
                ValidationCode::TooManyColumns => {
                    format!("{count} row(s) have more than {MAX_COLUMNS} columns")
                }
                ValidationCode::IdTooLong => {
                    format!("{count} id(s) are longer than {MAX_ID_CHARS} characters")
                }
                other => other.as_str().to_owned(),
            };
            errors.push(ValidationError { code, message, count, lines, examples });
        }
        Err(errors)
    }

    pub(super) fn stop(&mut self, code: ValidationCode, message: String, examples: Vec<String>) {
        self.stopped = true;
        self.extra.push(ValidationError { code, message, count: 1, lines: Vec::new(), examples });
    }
}

/// What reading a file found besides its rows.
pub(super) struct Summary {
    pub(super) rows: u64,
    pub(super) warnings: Vec<ValidationError>,
}

/// A header cell as a column name: trimmed, without a spreadsheet's text mark.
pub(super) fn column_name(cell: &[u8]) -> String {
    unescape_formula(String::from_utf8_lossy(cell).trim()).to_owned()
}

/// At most ten column names, each cut short, for a message.
pub(super) fn some_columns(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(10).map(|n| n.chars().take(40).collect()).collect();
    if names.len() > 10 {
        shown.push(format!("… ({} in all)", names.len()));
    }
    shown.join(", ")
}

/// Reads the CSV once: the size cap first, then the header, then each record's id and value.
/// `row(problems, line, id, value)` sees every data record with a usable id; ids and values are
/// trimmed, and an id keeps no spreadsheet text mark.
pub(super) fn read_rows(
    bytes: &[u8],
    spec: &FileSpec,
    problems: &mut Problems,
    mut row: impl FnMut(&mut Problems, u64, &str, Value<'_>),
) -> Summary {
    let mut summary = Summary { rows: 0, warnings: Vec::new() };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        problems.stop(ValidationCode::EmptyFile, "the file is empty".into(), Vec::new());
        return summary;
    }
    let mut records = Records::new(bytes);
    let header: Vec<String> = match records.next() {
        None => {
            problems.stop(ValidationCode::EmptyFile, "the file is empty".into(), Vec::new());
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
                format!("the header holds more than {} KiB of text", MAX_RECORD_BYTES / 1024),
                Vec::new(),
            );
            return summary;
        }
        Some((_, Record::Fields(fields))) if fields.has_nul() => {
            problems.stop(ValidationCode::NulBytes, "the header contains NUL bytes".into(), Vec::new());
            return summary;
        }
        Some((_, Record::Fields(fields))) => fields.iter().map(column_name).collect(),
    };
    let find = |name: &str| header.iter().position(|h| h == name);
    let (id_col, value_col) = (find(&spec.id_column), find(&spec.prediction_column));
    let missing: Vec<String> = [(id_col, &spec.id_column), (value_col, &spec.prediction_column)]
        .into_iter()
        .filter(|(col, _)| col.is_none())
        .map(|(_, name)| name.clone())
        .collect();
    if !missing.is_empty() {
        problems.stop(
            ValidationCode::MissingColumn,
            format!("the header needs the column(s) {}; it has {}", missing.join(", "), some_columns(&header)),
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
        let (id, text) = match (std::str::from_utf8(field(id_col)), std::str::from_utf8(field(value_col))) {
            (Ok(id), Ok(text)) => (unescape_formula(id.trim()), text.trim()),
            _ => {
                let raw: Vec<u8> = fields.iter().flat_map(|f| f.iter().copied().chain([b','])).collect();
                problems.add(ValidationCode::NotUtf8, line, &String::from_utf8_lossy(&raw));
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
        problems.stop(ValidationCode::EmptyFile, "the file has a header but no rows".into(), Vec::new());
    }
    summary
}
