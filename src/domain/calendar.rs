//! The dates Merit accepts: years 1 to 9999, as a person types them and as every database and
//! browser can hold them (PostgreSQL stops at 4713 BC; chrono reads far beyond).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{FieldCode, FieldError};

pub const FIRST_YEAR: i32 = 1;
pub const LAST_YEAR: i32 = 9999;

pub fn date_in_range(date: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

/// A field error when `value` lies outside years 1–9999.
pub fn check_in_range(field: &str, value: DateTime<Utc>) -> Option<FieldError> {
    (!date_in_range(value.date_naive())).then(|| {
        FieldError::new(
            field,
            FieldCode::OutOfRange,
            format!("{field} must be a date between the years {FIRST_YEAR} and {LAST_YEAR}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_and_last_days_are_inside() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(date_in_range(day(FIRST_YEAR, 1, 1)));
        assert!(date_in_range(day(LAST_YEAR, 12, 31)));
        assert!(!date_in_range(day(0, 12, 31)));
        assert!(!date_in_range(day(LAST_YEAR + 1, 1, 1)));
    }

    #[test]
    fn years_one_to_9999_only() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert!(check_in_range("endAt", at("2026-12-01T00:00:00Z")).is_none());
        assert!(check_in_range("endAt", at("9999-12-31T23:59:59Z")).is_none());
        let far = check_in_range("endAt", at("-5000-01-01T00:00:00Z")).unwrap();
        assert_eq!((far.field.as_str(), far.code.as_str()), ("endAt", "out_of_range"));
        assert!(!date_in_range(NaiveDate::from_ymd_opt(12345, 1, 1).unwrap()));
    }
}
