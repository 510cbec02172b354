//! Cells of CSV files people open in spreadsheet programs: text that starts like a formula
//! (`=`, `+`, `-`, `@`, tab, carriage return) would run as one (CSV injection, OWASP), so such
//! cells are written with a leading `'`, which spreadsheets show as text. Files Merit reads back
//! (a sample submission) have the mark removed again.

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as written to a CSV export: formula-like text gets a leading `'`.
pub fn escape_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A cell as read back: the `'` that [`escape_formula`] added is dropped.
pub fn unescape_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_become_text_and_plain_text_stays() {
        assert_eq!(escape_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_formula("@SUM(1)"), "'@SUM(1)");
        assert_eq!(escape_formula("-2"), "'-2");
        assert_eq!(escape_formula("Aiko"), "Aiko");
        assert_eq!(unescape_formula("'+cmd"), "+cmd");
        assert_eq!(unescape_formula("'quoted"), "'quoted");
        assert_eq!(unescape_formula("r01"), "r01");
    }

    proptest! {
        #[test]
        fn reading_back_what_was_written_gives_the_original(text in ".{0,40}") {
            let written = escape_formula(&text);
            prop_assert!(!written.starts_with(FORMULA_STARTS));
            // An original that itself starts with `'` + formula is the one ambiguous case.
            if !(text.starts_with('\'') && text[1..].starts_with(FORMULA_STARTS)) {
                prop_assert_eq!(unescape_formula(&written), text.as_str());
            }
        }
    }
}
