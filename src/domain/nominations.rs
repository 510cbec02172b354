//! Nomination rules (DESIGN §7): criterion weights that sum to 1.0 and weighted scores. Exact
//! arithmetic: weights in thousandths, scores as integers. (Nominees' totals are kept and
//! dense-ranked in PostgreSQL: `nominations::service::compute`.)

use crate::domain::FieldCode;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

/// Characters a cycle's or a criterion's name may have (at least one that is not a space).
pub const MAX_NAME_CHARS: usize = 200;
/// Characters a cycle's description may have.
pub const MAX_CYCLE_DESCRIPTION_CHARS: usize = 4000;
/// Characters a criterion's description, a score's comment or a rejection's reason may have.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Characters a nomination's justification may have (at least one that is not a space).
pub const MAX_JUSTIFICATION_CHARS: usize = 4000;
/// Scores are whole numbers inside these bounds; each cycle picks its scale within them.
pub const SCALE_BOUNDS: RangeInclusive<i32> = 0..=100;
/// The scale of a cycle that names none.
pub const DEFAULT_SCALE: (i32, i32) = (1, 5);

/// A cycle's or a criterion's name: not blank, at most [`MAX_NAME_CHARS`].
pub fn name_is_valid(name: &str) -> bool {
    !name.trim().is_empty() && name.chars().count() <= MAX_NAME_CHARS
}

/// A scale from `min` to `max`: at least two points, inside [`SCALE_BOUNDS`].
pub fn scale_is_valid(min: i32, max: i32) -> bool {
    SCALE_BOUNDS.contains(&min) && SCALE_BOUNDS.contains(&max) && min < max
}

/// A criterion weight in (0, 1] with at most three decimals, held as thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "f64", try_from = "f64")]
pub struct CriterionWeight(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionWeightError {
    NotANumber,
    OutOfRange,
    TooManyDecimals,
}

impl CriterionWeightError {
    pub fn code(self) -> FieldCode {
        match self {
            CriterionWeightError::NotANumber => FieldCode::NotANumber,
            CriterionWeightError::OutOfRange => FieldCode::OutOfRange,
            CriterionWeightError::TooManyDecimals => FieldCode::TooManyDecimals,
        }
    }
}

impl std::fmt::Display for CriterionWeightError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CriterionWeightError::NotANumber => "weight must be a number",
            CriterionWeightError::OutOfRange => "weight must be above 0 and at most 1",
            CriterionWeightError::TooManyDecimals => "weight may have at most three decimals",
        })
    }
}

/// Sums may differ from 1.0 by at most this (in thousandths): "1.0 to 0.001".
pub const SUM_TOLERANCE: i64 = 1;

impl CriterionWeight {
    pub const fn from_thousandths(thousandths: i64) -> CriterionWeight {
        CriterionWeight(thousandths)
    }

    pub const fn thousandths(self) -> i64 {
        self.0
    }

    pub fn from_f64(value: f64) -> Result<CriterionWeight, CriterionWeightError> {
        if !value.is_finite() || value <= 0.0 || value > 1.0 {
            return Err(CriterionWeightError::OutOfRange);
        }
        let scaled = value * 1000.0;
        if (scaled - scaled.round()).abs() > 1e-6 {
            return Err(CriterionWeightError::TooManyDecimals);
        }
        // What is stored is thousandths: a weight that rounds to none is no weight at all.
        match scaled.round() as i64 {
            0 => Err(CriterionWeightError::OutOfRange),
            thousandths => Ok(CriterionWeight(thousandths)),
        }
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// What a person typed: `0.6`, `.25`, `1`; surrounding spaces are ignored.
    pub fn parse(text: &str) -> Result<CriterionWeight, CriterionWeightError> {
        let text = text.trim();
        let valid = !text.is_empty()
            && text.chars().all(|c| c.is_ascii_digit() || c == '.')
            && text.matches('.').count() <= 1
            && text != ".";
        if !valid {
            return Err(CriterionWeightError::NotANumber);
        }
        let value: f64 = text.parse().map_err(|_| CriterionWeightError::NotANumber)?;
        CriterionWeight::from_f64(value)
    }
}

impl From<CriterionWeight> for f64 {
    fn from(w: CriterionWeight) -> f64 {
        w.as_f64()
    }
}

impl TryFrom<f64> for CriterionWeight {
    type Error = CriterionWeightError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        CriterionWeight::from_f64(value)
    }
}

/// The sum of the active criteria's weights, in thousandths (1000 = 100 %).
pub fn weights_sum(weights: impl IntoIterator<Item = CriterionWeight>) -> i64 {
    weights.into_iter().map(|w| w.0).sum()
}

/// How the weights compare with 1.0: the badge's met / under / over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SumState {
    Met,
    Under,
    Over,
}

impl SumState {
    pub fn as_str(self) -> &'static str {
        match self {
            SumState::Met => "met",
            SumState::Under => "under",
            SumState::Over => "over",
        }
    }
}

pub fn sum_state(sum_thousandths: i64) -> SumState {
    if (sum_thousandths - 1000).abs() <= SUM_TOLERANCE {
        SumState::Met
    } else if sum_thousandths < 1000 {
        SumState::Under
    } else {
        SumState::Over
    }
}

/// A nomination's weighted score Σ weight × score, in thousandths of a point.
pub fn weighted_score(scores: impl IntoIterator<Item = (CriterionWeight, i32)>) -> i64 {
    scores.into_iter().map(|(w, s)| w.0 * i64::from(s)).sum()
}

/// Thousandths of a point as people read them: `9.5`, `8`, `7.25`.
pub fn format_points(thousandths: i64) -> String {
    let sign = if thousandths < 0 { "-" } else { "" };
    let abs = thousandths.abs();
    let (whole, fraction) = (abs / 1000, abs % 1000);
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{fraction:03}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// Points held as a float (as the API carries them) in the same notation, to the thousandth.
pub fn points_text(points: f64) -> String {
    format_points((points * 1000.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_not_blank_and_at_most_two_hundred_characters() {
        assert!(name_is_valid("Impact"));
        assert!(name_is_valid(&"é".repeat(MAX_NAME_CHARS)));
        assert!(!name_is_valid(&"é".repeat(MAX_NAME_CHARS + 1)));
        assert!(!name_is_valid(""));
        assert!(!name_is_valid(" \t\n"));
    }

    #[test]
    fn scales_have_two_points_at_least_within_zero_and_a_hundred() {
        assert!(scale_is_valid(DEFAULT_SCALE.0, DEFAULT_SCALE.1));
        assert!(scale_is_valid(0, 100));
        assert!(scale_is_valid(0, 1));
        assert!(!scale_is_valid(3, 3));
        assert!(!scale_is_valid(5, 1));
        assert!(!scale_is_valid(-1, 5));
        assert!(!scale_is_valid(1, 101));
    }

    #[test]
    fn typed_weights_parse() {
        use CriterionWeightError::{NotANumber, OutOfRange, TooManyDecimals};
        let cases: [(&str, Result<i64, CriterionWeightError>); 10] = [
            (" 0.6 ", Ok(600)),
            (".25", Ok(250)),
            ("1", Ok(1000)),
            ("", Err(NotANumber)),
            ("-0.5", Err(NotANumber)),
            ("1e-1", Err(NotANumber)),
            ("0", Err(OutOfRange)),
            ("1.5", Err(OutOfRange)),
            ("0.1234", Err(TooManyDecimals)),
            ("0.125", Ok(125)),
        ];
        for (text, expected) in cases {
            let parsed = CriterionWeight::parse(text).map(CriterionWeight::thousandths);
            assert_eq!(parsed, expected, "{text:?}");
        }
    }

    #[test]
    fn a_weight_that_rounds_to_nothing_is_out_of_range() {
        // Found by the fuzz run: 1.2e-38 passed as a weight of 0 and reached the database.
        for tiny in [1.1754943508222875e-38, 1e-12, 1e-10] {
            assert_eq!(CriterionWeight::from_f64(tiny), Err(CriterionWeightError::OutOfRange), "{tiny}");
        }
        assert_eq!(CriterionWeight::from_f64(0.001).unwrap().thousandths(), 1);
    }

    #[test]
    fn weights_parse_and_sum() {
        assert_eq!(CriterionWeight::from_f64(0.6).unwrap().thousandths(), 600);
        assert_eq!(CriterionWeight::from_f64(1.0).unwrap().thousandths(), 1000);
        assert_eq!(CriterionWeight::from_f64(0.0), Err(CriterionWeightError::OutOfRange));
        assert_eq!(CriterionWeight::from_f64(1.2), Err(CriterionWeightError::OutOfRange));
        assert_eq!(CriterionWeight::from_f64(0.3333), Err(CriterionWeightError::TooManyDecimals));
        let w = |t| CriterionWeight::from_thousandths(t);
        assert_eq!(sum_state(weights_sum([w(600), w(400)])), SumState::Met);
        assert_eq!(sum_state(weights_sum([w(333), w(333), w(333)])), SumState::Met);
        assert_eq!(sum_state(weights_sum([w(500), w(350)])), SumState::Under);
        assert_eq!(sum_state(weights_sum([w(600), w(600)])), SumState::Over);
    }

    #[test]
    fn weighted_scores_are_exact() {
        let w = |t| CriterionWeight::from_thousandths(t);
        assert_eq!(weighted_score([(w(600), 5), (w(400), 4)]), 4600);
        assert_eq!(format_points(4600), "4.6");
        assert_eq!(format_points(9500), "9.5");
        assert_eq!(format_points(8000), "8");
        assert_eq!(format_points(7250), "7.25");
    }
}
