//! Text as people type it: PostgreSQL cannot store a NUL character, so text holding one is
//! refused with a field error wherever it enters (search terms, names from an address).

use super::{FieldCode, FieldError};

pub fn nul_error(field: &str) -> FieldError {
    FieldError::new(field, FieldCode::NulCharacter, "text must not contain NUL characters")
}

/// Whether `text` holds something besides spaces, and at most `max` characters once trimmed:
/// the rule for every required name, note and message people type.
pub fn fits(text: &str, max: usize) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().count() <= max
}

/// `text` unless it holds a NUL character.
pub fn without_nul<'a>(field: &str, text: &'a str) -> Result<&'a str, FieldError> {
    if text.contains('\0') {
        Err(nul_error(field))
    } else {
        Ok(text)
    }
}

/// A search term as a `LIKE` pattern matching it anywhere: trimmed (none when empty), with
/// `%`, `_` and `\` typed by the person taken literally, and refused when it holds a NUL.
pub fn contains_pattern(field: &str, term: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(term) = term.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let term = without_nul(field, term)?;
    let escaped = term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    Ok(Some(format!("%{escaped}%")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_match_literally() {
        assert_eq!(contains_pattern("q", Some("  ")), Ok(None));
        assert_eq!(contains_pattern("q", None), Ok(None));
        assert_eq!(contains_pattern("q", Some(" 50%_off\\ ")), Ok(Some("%50\\%\\_off\\\\%".to_owned())));
        assert!(contains_pattern("q", Some("a\0")).is_err());
    }

    #[test]
    fn required_text_is_not_blank_and_fits_in_characters() {
        assert!(fits(" Aiko ", 4));
        assert!(fits(&"山".repeat(100), 100));
        assert!(!fits(&"山".repeat(101), 100));
        assert!(!fits(" \t ", 10));
    }

    #[test]
    fn search_terms_keep_other_scripts_as_typed() {
        assert_eq!(contains_pattern("q", Some(" 山田　太郎 ")), Ok(Some("%山田　太郎%".to_owned())));
        let error = contains_pattern("name", Some("x\0")).unwrap_err();
        assert_eq!((error.field.as_str(), error.code.as_str()), ("name", "nul_character"));
    }

    #[test]
    fn nul_is_refused_and_other_text_passes() {
        assert_eq!(without_nul("q", "Aiko"), Ok("Aiko"));
        assert_eq!(without_nul("q", "a\0").unwrap_err().code, "nul_character");
    }
}
