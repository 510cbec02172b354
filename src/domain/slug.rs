//! Slugs: the readable ASCII part of a URL or a name that people type (`churn-prediction-2026`),
//! made the same way for competitions and organizations.

/// The longest slug, in characters.
pub const MAX_SLUG_CHARS: usize = 60;

/// `text`'s ASCII letters and digits, lower-cased, in words joined by `-`, whole words up to
/// [`MAX_SLUG_CHARS`] (a first word longer than that is cut); `fallback` when `text` has no
/// ASCII letter or digit at all.
pub fn slugify(text: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.is_empty() {
            slug.extend(word.chars().take(MAX_SLUG_CHARS).map(|c| c.to_ascii_lowercase()));
            continue;
        }
        if slug.len() + 1 + word.len() > MAX_SLUG_CHARS {
            break;
        }
        slug.push('-');
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        fallback.to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_are_ascii_words_and_text_without_them_gets_the_fallback() {
        for (text, fallback, slug) in [
            ("Churn Prediction 2026!", "x", "churn-prediction-2026"),
            ("  --Hello__World--  ", "x", "hello-world"),
            ("Acme Corp.", "org", "acme-corp"),
            ("  株式会社 Acme  ", "org", "acme"),
            ("解約予測", "competition", "competition"),
            ("株式会社", "org", "org"),
            ("", "org", "org"),
            ("--- !!!", "org", "org"),
        ] {
            assert_eq!(slugify(text, fallback), slug, "{text:?}");
        }
    }

    #[test]
    fn long_text_keeps_whole_words_and_a_long_first_word_is_cut() {
        let words = "alpha ".repeat(20);
        let slug = slugify(&words, "x");
        assert!(slug.len() <= MAX_SLUG_CHARS, "{slug}");
        assert!(slug.split('-').all(|w| w == "alpha"), "{slug}");
        assert_eq!(slugify(&"A".repeat(70), "x"), "a".repeat(MAX_SLUG_CHARS));
    }

    proptest! {
        #[test]
        fn every_slug_is_short_lower_case_ascii_words(text in "\\PC{0,120}") {
            let slug = slugify(&text, "fallback");
            prop_assert!(slug.len() <= MAX_SLUG_CHARS);
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
    }
}
