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
        let escaped =
            [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("@SUM(1)", "'@SUM(1)"), ("-2", "'-2"), ("Aiko", "Aiko")];
        for (text, written) in escaped {
            assert_eq!(escape_formula(text), written);
        }
        for (written, text) in [("'+cmd", "+cmd"), ("'quoted", "'quoted"), ("r01", "r01")] {
            assert_eq!(unescape_formula(written), text);
        }
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
