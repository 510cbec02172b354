//! E-mail addresses as Merit stores them: trimmed and lower-cased, checked once.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` shapes up to 254 characters; anything else is not an address.
    pub fn parse(raw: &str) -> Option<Email> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() || value.len() > 254 || value.chars().any(char::is_whitespace) {
            return None;
        }
        let (local, domain) = value.split_once('@')?;
        if local.is_empty() || domain.is_empty() || domain.contains('@') {
            return None;
        }
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return None;
        }
        Some(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_spaces() {
        assert_eq!(Email::parse("  Admin@Demo.Test ").unwrap().as_str(), "admin@demo.test");
    }

    #[test]
    fn addresses_up_to_254_characters() {
        let at_limit = format!("{}@demo.test", "a".repeat(244));
        assert_eq!(at_limit.len(), 254);
        assert!(Email::parse(&at_limit).is_some());
        assert!(Email::parse(&format!("a{at_limit}")).is_none());
    }

    #[test]
    fn an_address_is_written_as_its_plain_text() {
        let email = Email::parse("Aiko@Demo.Test").unwrap();
        assert_eq!(email.to_string(), "aiko@demo.test");
        assert_eq!(serde_json::to_string(&email).unwrap(), "\"aiko@demo.test\"");
        assert_eq!(Email::parse("ÅSA@Demo.Test").unwrap().as_str(), "åsa@demo.test");
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for bad in ["", "admin", "@demo.test", "admin@", "a@b", "a b@demo.test", "a@@demo.test", "a@demo."] {
            assert!(Email::parse(bad).is_none(), "{bad} should be rejected");
        }
    }
}
