//! A competition's settings: its title, description, deadline and file columns, how many scored
//! uploads a participant may make per day, and which share of the answer key's rows the public
//! board scores. Their defaults, limits and checks live here once, for the sponsor's form, the
//! server and `merit score`. (The table's CHECK constraints hold the same ranges in PostgreSQL.)

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};

use super::{FieldCode, FieldError};

/// Scored uploads per participant per day when the sponsor names no other number.
pub const DEFAULT_DAILY_LIMIT: i32 = 5;
pub const DAILY_LIMIT_RANGE: RangeInclusive<i32> = 1..=100;
/// Share of the key's rows on the public board when the sponsor names no other share.
pub const DEFAULT_PUBLIC_SHARE: f64 = 0.3;
/// Whole hundredths only: both boards must keep rows, and the share is stored as numeric(3,2).
pub const PUBLIC_SHARE_RANGE: RangeInclusive<f64> = 0.01..=0.99;

/// The longest title, description and column name, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_COLUMN_CHARS: usize = 100;
/// The longest announcement, and the longest reason for invalidating a submission.
pub const MAX_ANNOUNCEMENT_CHARS: usize = 4000;
pub const MAX_INVALIDATION_REASON_CHARS: usize = 1000;

/// Why a title cannot be kept: blank or too long.
pub fn check_title(title: &str) -> Option<FieldError> {
    (title.trim().is_empty() || title.chars().count() > MAX_TITLE_CHARS).then(|| {
        FieldError::new(
            "title",
            FieldCode::Required,
            format!("title is required (at most {MAX_TITLE_CHARS} characters)"),
        )
    })
}

/// Why a description cannot be kept: too long.
pub fn check_description(description: &str) -> Option<FieldError> {
    (description.chars().count() > MAX_DESCRIPTION_CHARS).then(|| {
        FieldError::new(
            "description",
            FieldCode::TooLong,
            format!("description is at most {MAX_DESCRIPTION_CHARS} characters"),
        )
    })
}

/// Why a deadline cannot be kept at `now`: outside the calendar Merit keeps, or not ahead.
pub fn check_deadline(deadline: DateTime<Utc>, now: DateTime<Utc>) -> Option<FieldError> {
    super::calendar::check_in_range("deadline", deadline).or_else(|| {
        (deadline <= now).then(|| FieldError::new("deadline", FieldCode::InPast, "deadline must be in the future"))
    })
}

fn check_column(field: &str, value: &str) -> Option<FieldError> {
    let bad = value.trim().is_empty() || value.chars().count() > MAX_COLUMN_CHARS || value.contains([',', '"', '\n']);
    bad.then(|| {
        FieldError::new(
            field,
            FieldCode::InvalidColumn,
            format!("{field} must be a column name of 1–{MAX_COLUMN_CHARS} characters without commas or quotes"),
        )
    })
}

/// Why the id and prediction column names cannot be kept: each must be a plain CSV header
/// cell, and they must differ.
pub fn check_columns(id_column: &str, prediction_column: &str) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = check_column("idColumn", id_column)
        .into_iter()
        .chain(check_column("predictionColumn", prediction_column))
        .collect();
    if id_column.trim() == prediction_column.trim() {
        errors.push(FieldError::new(
            "predictionColumn",
            FieldCode::SameAsId,
            "predictionColumn must differ from idColumn",
        ));
    }
    errors
}

/// Why a daily limit cannot be kept, as the `dailySubmissionLimit` field's error.
pub fn check_daily_limit(limit: i32) -> Option<FieldError> {
    (!DAILY_LIMIT_RANGE.contains(&limit)).then(|| {
        FieldError::new(
            "dailySubmissionLimit",
            FieldCode::OutOfRange,
            format!(
                "dailySubmissionLimit must be between {} and {}",
                DAILY_LIMIT_RANGE.start(),
                DAILY_LIMIT_RANGE.end()
            ),
        )
    })
}

/// Why a public share cannot be kept, as the `publicShare` field's error.
pub fn check_public_share(share: f64) -> Option<FieldError> {
    let hundredths = share * 100.0;
    let whole_hundredths = (hundredths - hundredths.round()).abs() <= 1e-9;
    (!PUBLIC_SHARE_RANGE.contains(&share) || !whole_hundredths).then(|| {
        FieldError::new(
            "publicShare",
            FieldCode::OutOfRange,
            format!(
                "publicShare must be between {} and {} with at most two decimals",
                PUBLIC_SHARE_RANGE.start(),
                PUBLIC_SHARE_RANGE.end()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(errors: impl IntoIterator<Item = FieldError>) -> Vec<(String, String)> {
        errors.into_iter().map(|e| (e.field, e.code.as_str().to_owned())).collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.to_owned(), code.to_owned())
    }

    #[test]
    fn titles_are_required_and_at_most_two_hundred_characters() {
        assert_eq!(check_title("Churn 2026"), None);
        assert_eq!(check_title(&"題".repeat(MAX_TITLE_CHARS)), None);
        for bad in ["", "   ", &"x".repeat(MAX_TITLE_CHARS + 1)] {
            assert_eq!(codes(check_title(bad)), [pair("title", "required")]);
        }
        assert_eq!(check_description(&"x".repeat(MAX_DESCRIPTION_CHARS)), None);
        assert_eq!(codes(check_description(&"x".repeat(MAX_DESCRIPTION_CHARS + 1))), [pair("description", "too_long")]);
    }

    #[test]
    fn deadlines_lie_ahead_within_the_calendar() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let now = at("2026-11-30T12:00:00Z");
        assert_eq!(check_deadline(at("2026-11-30T12:00:01Z"), now), None);
        assert_eq!(codes(check_deadline(now, now)), [pair("deadline", "in_past")]);
        assert_eq!(
            codes(check_deadline(at("9999-12-31T23:59:59Z") + chrono::Duration::days(1), now)),
            [pair("deadline", "out_of_range")]
        );
    }

    #[test]
    fn columns_are_plain_header_cells_that_differ() {
        assert!(check_columns("id", "target").is_empty());
        assert_eq!(codes(check_columns(" id ", "id")), [pair("predictionColumn", "same_as_id")]);
        assert_eq!(
            codes(check_columns("a,b", "say \"hi\"")),
            [pair("idColumn", "invalid_column"), pair("predictionColumn", "invalid_column")]
        );
        assert_eq!(
            codes(check_columns("", &"p".repeat(MAX_COLUMN_CHARS + 1))),
            [pair("idColumn", "invalid_column"), pair("predictionColumn", "invalid_column")]
        );
        assert!(check_columns("line\nbreak", "p").len() == 1);
    }

    proptest::proptest! {
        #[test]
        fn every_whole_hundredth_inside_the_range_is_a_share(k in 1u32..=99) {
            proptest::prop_assert_eq!(check_public_share(f64::from(k) / 100.0), None);
        }
    }

    #[test]
    fn the_defaults_are_within_their_ranges() {
        assert_eq!(check_daily_limit(DEFAULT_DAILY_LIMIT), None);
        assert_eq!(check_public_share(DEFAULT_PUBLIC_SHARE), None);
    }

    #[test]
    fn daily_limits_from_one_to_a_hundred() {
        for ok in [1, 2, 99, 100] {
            assert_eq!(check_daily_limit(ok), None, "{ok}");
        }
        for bad in [i32::MIN, -1, 0, 101, i32::MAX] {
            let error = check_daily_limit(bad).expect("refused");
            assert_eq!((error.field.as_str(), error.code.as_str()), ("dailySubmissionLimit", "out_of_range"));
            assert_eq!(error.message, "dailySubmissionLimit must be between 1 and 100");
        }
    }

    #[test]
    fn public_shares_in_whole_hundredths_strictly_inside_zero_and_one() {
        for ok in [0.01, 0.1, 0.3, 0.57, 0.99] {
            assert_eq!(check_public_share(ok), None, "{ok}");
        }
        for bad in [0.0, 0.005, 0.255, 0.999, 1.0, -0.3, f64::NAN, f64::INFINITY] {
            let error = check_public_share(bad).expect("refused");
            assert_eq!((error.field.as_str(), error.code.as_str()), ("publicShare", "out_of_range"));
            assert_eq!(error.message, "publicShare must be between 0.01 and 0.99 with at most two decimals");
        }
    }
}
