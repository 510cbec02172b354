//! A checked answer key: ids in one buffer, found through a hash table.

use super::*;

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
        f.debug_struct("AnswerKey").field("rows", &self.len()).finish_non_exhaustive()
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
        match self.index.entry(hash, |e| e.id(text) == id, |e| hasher.hash_one(e.id(text))) {
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
        self.index.find(hash, |e| e.id(&self.text) == id).map(|e| e.row())
    }

    /// Roughly what the key holds in memory, for a cache's budget.
    pub fn bytes(&self) -> usize {
        self.text.capacity() + self.len() * (4 + 8 + 1) + self.index.capacity() * 9
    }

    /// Reads a key file with the competition's id and prediction columns: ids unique and short,
    /// values valid for the metric, rows in both parts of the split, and for AUC both classes
    /// in each part.
    pub fn parse(bytes: &[u8], spec: &FileSpec, split: Split<'_>) -> Result<AnswerKey, Vec<ValidationError>> {
        let mut problems = Problems::default();
        // One row per line at most: counting them first spares the table its regrowing.
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let mut key = AnswerKey::with_capacity(lines.min(MAX_KEY_ROWS + 1));
        key.text.reserve(bytes.len().min(MAX_KEY_ROWS * MAX_ID_CHARS));
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
