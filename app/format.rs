//! Values as users read them, shared by pages and islands: scores, validation problems, cycle
//! windows and criterion weights.

use crate::domain::nominations::{format_points, CriterionWeight};
use crate::domain::Locale;
use crate::i18n::tr;
use crate::nominations::Cycle;

/// A score as participants read it: five decimals.
pub fn score_text(score: f64) -> String {
    format!("{score:.5}")
}

/// One validation problem in the user's language, with its lines and examples.
pub fn validation_text(error: &crate::competitions::ValidationError, locale: Locale) -> String {
    let mut text = crate::i18n::validation_code_text(error.code, locale, error.count);
    if !error.lines.is_empty() {
        let lines: Vec<String> = error.lines.iter().map(u64::to_string).collect();
        text.push(' ');
        text.push_str(&tr!(locale, val_lines, lines = lines.join(", ")));
    }
    if !error.examples.is_empty() {
        text.push(' ');
        text.push_str(&tr!(locale, val_examples, examples = error.examples.join(", ")));
    }
    text
}

/// `2026-04-01 – 2026-09-30 (UTC)`.
pub fn window_text(cycle: &Cycle, locale: Locale) -> String {
    tr!(
        locale,
        cycle_window,
        start = cycle.start_at.format("%Y-%m-%d").to_string(),
        end = cycle.end_at.format("%Y-%m-%d").to_string()
    )
}

/// A criterion weight as a percentage: `60%`.
pub fn weight_percent(weight: f64) -> String {
    let thousandths = CriterionWeight::from_f64(weight).map(CriterionWeight::thousandths).unwrap_or(0);
    format!("{}%", format_points(thousandths * 100))
}

/// A time as UTC text, shown until the browser puts it in local time.
pub fn utc_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::competitions::{ValidationCode, ValidationError};

    #[test]
    fn scores_show_five_decimals() {
        assert_eq!(score_text(0.123456), "0.12346");
        assert_eq!(score_text(1.0), "1.00000");
    }

    #[test]
    fn weights_show_as_percentages_without_trailing_zeros() {
        assert_eq!(weight_percent(0.6), "60%");
        assert_eq!(weight_percent(0.125), "12.5%");
        assert_eq!(weight_percent(1.0), "100%");
        // A weight no criterion could have reads as nothing rather than as a wrong number.
        assert_eq!(weight_percent(f64::NAN), "0%");
    }

    #[test]
    fn a_validation_problem_names_its_lines_and_examples_in_each_language() {
        let error = ValidationError {
            code: ValidationCode::NotANumber,
            message: String::new(),
            count: 2,
            lines: vec![3, 7],
            examples: vec!["abc".into(), "n/a".into()],
        };
        let en = validation_text(&error, Locale::En);
        assert!(en.ends_with(" Lines: 3, 7 Examples: abc, n/a"), "{en}");
        let ja = validation_text(&error, Locale::Ja);
        assert!(ja.ends_with(" 行: 3, 7 例: abc, n/a"), "{ja}");
        let bare = ValidationError { lines: vec![], examples: vec![], ..error };
        assert!(!validation_text(&bare, Locale::En).contains("Lines"));
    }
}
