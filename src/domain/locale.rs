//! The two languages Merit speaks, and how a browser's preference picks one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Ja,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ja => "ja",
        }
    }

    pub fn parse(value: &str) -> Option<Locale> {
        match value.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Locale::En),
            "ja" => Some(Locale::Ja),
            _ => None,
        }
    }

    /// The other language, for the one-click switch in the header.
    pub fn other(self) -> Locale {
        match self {
            Locale::En => Locale::Ja,
            Locale::Ja => Locale::En,
        }
    }

    /// Picks the supported language the browser ranks highest (RFC 9110 `Accept-Language`);
    /// English when none is supported.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for item in header.split(',') {
            let mut parts = item.trim().split(';');
            let tag = parts.next().unwrap_or("").trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(locale) = Locale::parse(primary) {
                if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                    best = Some((quality, locale));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_highest_supported() {
        let cases = [
            ("ja-JP,ja;q=0.9,en;q=0.8", Locale::Ja),
            ("en-US,en;q=0.9,ja;q=0.8", Locale::En),
            ("fr-FR,ja;q=0.5", Locale::Ja),
            ("fr-FR,de", Locale::En),
            ("en;q=0.2, ja;q=0.7", Locale::Ja),
            ("ja;q=0", Locale::En),
            ("", Locale::En),
            // A quality that is not a number counts as 1; spaces around parts are allowed.
            ("en;q=abc, ja;q=0.9", Locale::En),
            (" ja ; q=0.4 ,en;q=0.3", Locale::Ja),
            ("*", Locale::En),
            ("JA-jp", Locale::Ja),
        ];
        for (header, expected) in cases {
            assert_eq!(Locale::from_accept_language(header), expected, "{header:?}");
        }
    }

    #[test]
    fn locales_round_trip_through_text_and_json() {
        for locale in [Locale::En, Locale::Ja] {
            assert_eq!(Locale::parse(locale.as_str()), Some(locale));
            assert_eq!(locale.other().other(), locale);
            let json = serde_json::to_string(&locale).unwrap();
            assert_eq!(json, format!("\"{}\"", locale.as_str()));
        }
        assert_eq!(Locale::default(), Locale::En);
    }

    #[test]
    fn parse_and_other() {
        assert_eq!(Locale::parse(" JA "), Some(Locale::Ja));
        assert_eq!(Locale::parse("de"), None);
        assert_eq!(Locale::En.other(), Locale::Ja);
    }
}
