//! Reading the file into rows: encoding, header, and every problem a row has on its own.

use super::*;

/// The line (1-based) of a byte offset, counted as the reader moves forward (blank lines too,
/// which the CSV reader skips without counting).
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter { bytes, offset: 0, line: 1 }
    }

    /// The line of the first byte at or after `offset` that does not end a line (a record's
    /// position may point at the blank lines before it).
    fn line_at(&mut self, offset: usize) -> u64 {
        let mut offset = offset.min(self.bytes.len());
        while offset < self.bytes.len() && matches!(self.bytes[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset > self.offset {
            self.line += self.bytes[self.offset..offset].iter().filter(|b| **b == b'\n').count() as u64;
            self.offset = offset;
        }
        self.line
    }
}

/// Reads the file into rows, reporting every problem a row has on its own (bad e-mail, empty
/// name, unknown role, duplicate e-mail) and every problem of the file as a whole.
pub(super) fn read_rows(bytes: &[u8], errors: &mut Vec<ImportError>) -> Vec<Row> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        errors.push(problem(
            line,
            "",
            ImportCode::NotUtf8,
            format!("the file is not UTF-8 text (line {line}); save it as \"CSV UTF-8\""),
        ));
        return Vec::new();
    }
    if bytes.contains(&0) {
        errors.push(problem(0, "", ImportCode::NulBytes, "the file contains NUL bytes; it is not a CSV text file"));
        return Vec::new();
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(_) => {
            errors.push(problem(1, "", ImportCode::Malformed, "the header line cannot be read as CSV"));
            return Vec::new();
        }
    };
    if headers.iter().all(String::is_empty) {
        errors.push(problem(
            1,
            "",
            ImportCode::EmptyFile,
            format!("the file is empty; its first line must be {}", COLUMNS.join(",")),
        ));
        return Vec::new();
    }
    let mut index = [0usize; 6];
    for (i, column) in COLUMNS.iter().enumerate() {
        match headers.iter().position(|h| h == column) {
            Some(at) => index[i] = at,
            None => errors.push(problem(
                1,
                column,
                ImportCode::MissingColumn,
                format!("the header has no {column} column (it needs {})", COLUMNS.join(",")),
            )),
        }
    }
    if !errors.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(bytes);
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        let line = lines.line_at(start);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                errors.push(problem(line, "", ImportCode::Malformed, "this line cannot be read as CSV"));
                continue;
            }
        }
        let line = record.position().map_or(line, |p| lines.line_at(p.byte() as usize));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_IMPORT_ROWS {
            errors.push(problem(
                line,
                "",
                ImportCode::TooManyRows,
                format!("an import takes at most {MAX_IMPORT_ROWS} people; split the file"),
            ));
            return Vec::new();
        }
        let field = |i: usize| unescape_formula(record.get(index[i]).unwrap_or("").trim()).trim().to_owned();
        let raw_email = field(0);
        let email = match Email::parse(&raw_email) {
            Some(email) => email.as_str().to_owned(),
            None => {
                let message = if raw_email.is_empty() {
                    "an e-mail address is required".to_owned()
                } else {
                    format!("\"{raw_email}\" is not an e-mail address")
                };
                errors.push(problem(line, "email", ImportCode::InvalidEmail, message));
                raw_email.to_lowercase()
            }
        };
        if !email.is_empty() {
            if let Some(first) = seen.get(&email) {
                errors.push(problem(
                    line,
                    "email",
                    ImportCode::DuplicateEmail,
                    format!("{email} is also on line {first}; each person appears once"),
                ));
            } else {
                seen.insert(email.clone(), line);
            }
        }
        let name = field(1);
        if !fits(&name, MAX_PERSON_NAME_CHARS) {
            errors.push(problem(
                line,
                "name",
                ImportCode::InvalidName,
                format!("a name is required (at most {MAX_PERSON_NAME_CHARS} characters)"),
            ));
        }
        let raw_role = field(2);
        let role = Role::parse(&raw_role.to_lowercase());
        if role.is_none() {
            errors.push(problem(
                line,
                "role",
                ImportCode::InvalidRole,
                format!("\"{raw_role}\" is not a role; use admin, hr, manager or employee"),
            ));
        }
        let team = field(4);
        if team.chars().count() > MAX_TEAM_NAME_CHARS {
            errors.push(problem(
                line,
                "team",
                ImportCode::InvalidTeam,
                format!("a team name has at most {MAX_TEAM_NAME_CHARS} characters"),
            ));
        }
        let manager_email = field(5);
        let manager_email = if manager_email.is_empty() {
            manager_email
        } else {
            match Email::parse(&manager_email) {
                Some(e) => e.as_str().to_owned(),
                None => {
                    errors.push(problem(
                        line,
                        "manager_email",
                        ImportCode::InvalidEmail,
                        format!("\"{manager_email}\" is not an e-mail address"),
                    ));
                    String::new()
                }
            }
        };
        rows.push(Row { line, email, name, role, stage: field(3), team, manager_email });
    }
    rows
}
