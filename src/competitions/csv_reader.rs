//! Reads an uploaded CSV record by record into fixed buffers (csv-core), so no file can make
//! Merit hold more than one bounded record at a time: a record longer than
//! [`MAX_RECORD_BYTES`] or wider than [`MAX_COLUMNS`] is reported by its line, not kept.
//!
//! A file without a single quote character — nearly every machine-written prediction file —
//! cannot hold a quoted field, so its records are split where they lie (at line breaks and
//! commas) and borrowed from the file instead of copied: the same records csv-core would give,
//! without its per-byte state machine and copy (a 1,000,000-row submission against a cached key:
//! 0.15–0.27 s through csv-core, 0.12 s this way).

/// Columns a record may have; an answer key or a prediction file needs two.
pub const MAX_COLUMNS: usize = 256;
/// Bytes of field data one record may hold.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// One record of the file, or why it could not be kept.
#[derive(Debug, PartialEq)]
pub enum Record<'r> {
    /// The fields of a record that fits, each as read (quotes removed, not trimmed).
    Fields(Fields<'r>),
    /// More than [`MAX_RECORD_BYTES`] of field data.
    TooLong,
    /// More than [`MAX_COLUMNS`] fields.
    TooWide,
}

/// The fields of one record.
#[derive(Debug, PartialEq)]
pub struct Fields<'r> {
    data: &'r [u8],
    ends: &'r [usize],
    /// Whether `data` is the record as it lies in the file, commas included (each field then
    /// starts one byte after the previous one's end), or csv-core's copy of the fields alone.
    raw: bool,
}

impl<'r> Fields<'r> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The field at `index`, or nothing when the record is shorter.
    pub fn get(&self, index: usize) -> Option<&'r [u8]> {
        let end = *self.ends.get(index)?;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1] + usize::from(self.raw),
        };
        Some(&self.data[start..end])
    }

    pub fn iter(&self) -> impl Iterator<Item = &'r [u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Every field is empty or whitespace (a blank line).
    pub fn is_blank(&self) -> bool {
        self.data.iter().all(|&b| b.is_ascii_whitespace() || (self.raw && b == b','))
    }

    /// Holds a NUL byte, which no text column in PostgreSQL can store.
    pub fn has_nul(&self) -> bool {
        self.data.contains(&0)
    }
}

/// The records of a file, in order, each with the (1-based) line it starts on.
pub struct Records<'a> {
    input: &'a [u8],
    position: usize,
    /// The line the next byte of `input` is on.
    line: u64,
    reader: csv_core::Reader,
    output: Vec<u8>,
    ends: Vec<usize>,
    /// No quote character anywhere: records are split where they lie.
    quote_free: bool,
}

impl<'a> Records<'a> {
    pub fn new(input: &'a [u8]) -> Records<'a> {
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        Records {
            input,
            position: 0,
            line: 1,
            reader: csv_core::Reader::new(),
            // One spare slot each: csv-core reports a full buffer before it looks at the next
            // byte, which may only end the record.
            output: vec![0; MAX_RECORD_BYTES + 1],
            ends: vec![0; MAX_COLUMNS + 1],
            quote_free: memchr::memchr(b'"', input).is_none(),
        }
    }

    /// The record at `position` of a file without quotes: up to the next line break, split at
    /// each comma, limits as csv-core's copy would meet them.
    fn next_unquoted(&mut self) -> Record<'_> {
        let rest = &self.input[self.position..];
        // One pass over the line's bytes: a prediction file's lines are a few bytes long, too
        // short for a vectorized search to pay for starting.
        let mut fields = 0;
        let mut end = rest.len();
        for (i, &byte) in rest.iter().enumerate() {
            match byte {
                b',' => {
                    if fields < MAX_COLUMNS {
                        self.ends[fields] = i;
                    }
                    fields += 1;
                }
                b'\n' | b'\r' => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let line = &rest[..end];
        self.position += end;
        if fields < MAX_COLUMNS {
            self.ends[fields] = line.len();
        }
        fields += 1;
        if fields > MAX_COLUMNS {
            Record::TooWide
        } else if line.len() - (fields - 1) > MAX_RECORD_BYTES {
            Record::TooLong
        } else {
            Record::Fields(Fields { data: line, ends: &self.ends[..fields], raw: true })
        }
    }

    /// Line breaks in `input[from..to]`: `\n`, `\r\n` (counted once) and a lone `\r`, as
    /// csv-core ends records.
    fn breaks(&self, from: usize, to: usize) -> u64 {
        (from..to)
            .filter(|&i| match self.input[i] {
                b'\n' => true,
                b'\r' => self.input.get(i + 1) != Some(&b'\n'),
                _ => false,
            })
            .count() as u64
    }

    /// The next record and the line it starts on; `None` at the end of the file.
    #[allow(clippy::should_implement_trait)] // a lending iterator: records borrow the buffers
    pub fn next(&mut self) -> Option<(u64, Record<'_>)> {
        // Line breaks between records belong to no record; skipping them here gives each
        // record the line it really starts on.
        while let Some(&byte) = self.input.get(self.position) {
            if byte != b'\n' && byte != b'\r' {
                break;
            }
            self.line += self.breaks(self.position, self.position + 1);
            self.position += 1;
        }
        if self.position >= self.input.len() {
            return None;
        }
        let start_line = self.line;
        if self.quote_free {
            return Some((start_line, self.next_unquoted()));
        }
        let (mut written, mut fields) = (0usize, 0usize);
        let (mut too_long, mut too_wide) = (false, false);
        loop {
            let rest = &self.input[self.position..];
            let (result, read, wrote, ended) =
                self.reader.read_record(rest, &mut self.output[written..], &mut self.ends[fields..]);
            self.line += self.breaks(self.position, self.position + read);
            self.position += read;
            written += wrote;
            fields += ended;
            match result {
                // All input is handed over at once: an empty rest next time says "end of file".
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    too_long = true;
                    written = 0;
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    too_wide = true;
                    fields = 0;
                }
                csv_core::ReadRecordResult::Record => break,
                csv_core::ReadRecordResult::End => {
                    if written == 0 && fields == 0 && !too_long && !too_wide {
                        return None;
                    }
                    break;
                }
            }
        }
        too_wide |= fields > MAX_COLUMNS;
        too_long |= written > MAX_RECORD_BYTES;
        let record = if too_wide {
            Record::TooWide
        } else if too_long {
            Record::TooLong
        } else {
            Record::Fields(Fields { data: &self.output[..written], ends: &self.ends[..fields], raw: false })
        };
        Some((start_line, record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Vec<(u64, Result<Vec<String>, &'static str>)> {
        read(Records::new(input))
    }

    /// The records csv-core gives, even for a file without quotes.
    fn through_csv_core(input: &[u8]) -> Vec<(u64, Result<Vec<String>, &'static str>)> {
        let mut records = Records::new(input);
        records.quote_free = false;
        read(records)
    }

    fn read(mut records: Records<'_>) -> Vec<(u64, Result<Vec<String>, &'static str>)> {
        let mut out = Vec::new();
        while let Some((line, record)) = records.next() {
            out.push((
                line,
                match record {
                    Record::Fields(f) => Ok(f.iter().map(|b| String::from_utf8_lossy(b).into_owned()).collect()),
                    Record::TooLong => Err("long"),
                    Record::TooWide => Err("wide"),
                },
            ));
        }
        out
    }

    fn row(items: &[&str]) -> Result<Vec<String>, &'static str> {
        Ok(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn records_know_the_line_they_start_on() {
        let file = b"\xEF\xBB\xBFid,p\r\na,\"x\ny\"\n\n\nb,2\nc,3";
        assert_eq!(
            all(file),
            vec![(1, row(&["id", "p"])), (2, row(&["a", "x\ny"])), (6, row(&["b", "2"])), (7, row(&["c", "3"])),]
        );
    }

    #[test]
    fn wide_and_long_records_are_reported_and_skipped() {
        let mut file = ",".repeat(MAX_COLUMNS * 10).into_bytes();
        file.extend_from_slice(b"\nshort,1\n");
        file.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES * 3));
        file.extend_from_slice(b",2\nlast,3\n");
        assert_eq!(
            all(&file),
            vec![(1, Err("wide")), (2, row(&["short", "1"])), (3, Err("long")), (4, row(&["last", "3"])),]
        );
    }

    #[test]
    fn exactly_at_the_limits_still_fits() {
        let wide = vec![""; MAX_COLUMNS].join(",");
        let records = all(wide.as_bytes());
        assert!(matches!(&records[0].1, Ok(f) if f.len() == MAX_COLUMNS));
        let long = "y".repeat(MAX_RECORD_BYTES);
        assert!(matches!(&all(long.as_bytes())[0].1, Ok(f) if f[0].len() == MAX_RECORD_BYTES));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_too() {
        let lines: Vec<u64> = all(b"id,p\ra,0.1\rb,x\r\nc,2\n").into_iter().map(|(line, _)| line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4]);
    }

    #[test]
    fn a_file_without_quotes_is_split_where_it_lies() {
        let file = b"id,p\r\n a , 0.5 ,\r\r\n,,\n \nlast,1";
        assert!(Records::new(file).quote_free);
        assert_eq!(all(file), through_csv_core(file));
        assert_eq!(
            all(file),
            vec![
                (1, row(&["id", "p"])),
                (2, row(&[" a ", " 0.5 ", ""])),
                (4, row(&["", "", ""])),
                (5, row(&[" "])),
                (6, row(&["last", "1"])),
            ]
        );
        let mut records = Records::new(b",, \t");
        assert!(matches!(records.next(), Some((1, Record::Fields(f))) if f.is_blank()));
    }

    proptest::proptest! {
        #[test]
        fn without_quotes_both_readers_give_the_same_records(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(",".to_owned()),
                    proptest::strategy::Just("\n".to_owned()),
                    proptest::strategy::Just("\r".to_owned()),
                    proptest::strategy::Just("\r\n".to_owned()),
                    "[a-z0-9 .\t\u{0}é-]{0,6}",
                    proptest::strategy::Just(",".repeat(MAX_COLUMNS - 1)),
                    proptest::strategy::Just(",".repeat(MAX_COLUMNS)),
                    proptest::strategy::Just("x".repeat(MAX_RECORD_BYTES)),
                ],
                0..24,
            )
        ) {
            let file = parts.concat().into_bytes();
            proptest::prop_assert_eq!(all(&file), through_csv_core(&file));
        }
    }

    #[test]
    fn empty_input_has_no_records() {
        assert!(all(b"").is_empty());
        assert!(all(b"\n\r\n").is_empty());
    }
}
