//! A competition's submission settings: how many scored uploads a participant may make per day,
//! and which share of the answer key's rows the public board scores. Their defaults and ranges
//! live here once, for the sponsor's form, the server and `merit score`. (The table's CHECK
//! constraints hold the same ranges in PostgreSQL.)

use std::ops::RangeInclusive;

use super::FieldError;

/// Scored uploads per participant per day when the sponsor names no other number.
pub const DEFAULT_DAILY_LIMIT: i32 = 5;
pub const DAILY_LIMIT_RANGE: RangeInclusive<i32> = 1..=100;
/// Share of the key's rows on the public board when the sponsor names no other share.
pub const DEFAULT_PUBLIC_SHARE: f64 = 0.3;
/// Whole hundredths only: both boards must keep rows, and the share is stored as numeric(3,2).
pub const PUBLIC_SHARE_RANGE: RangeInclusive<f64> = 0.01..=0.99;

/// Why a daily limit cannot be kept, as the `dailySubmissionLimit` field's error.
pub fn check_daily_limit(limit: i32) -> Option<FieldError> {
    (!DAILY_LIMIT_RANGE.contains(&limit)).then(|| {
        FieldError::new(
            "dailySubmissionLimit",
            "out_of_range",
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
            "out_of_range",
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
            assert_eq!(
                (error.field.as_str(), error.code.as_str()),
                ("dailySubmissionLimit", "out_of_range")
            );
            assert_eq!(
                error.message,
                "dailySubmissionLimit must be between 1 and 100"
            );
        }
    }

    #[test]
    fn public_shares_in_whole_hundredths_strictly_inside_zero_and_one() {
        for ok in [0.01, 0.1, 0.3, 0.57, 0.99] {
            assert_eq!(check_public_share(ok), None, "{ok}");
        }
        for bad in [0.0, 0.005, 0.255, 0.999, 1.0, -0.3, f64::NAN, f64::INFINITY] {
            let error = check_public_share(bad).expect("refused");
            assert_eq!(
                (error.field.as_str(), error.code.as_str()),
                ("publicShare", "out_of_range")
            );
            assert_eq!(
                error.message,
                "publicShare must be between 0.01 and 0.99 with at most two decimals"
            );
        }
    }
}
