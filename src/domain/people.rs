//! The names people type for people, teams and organizations: their limits live here once, for
//! the forms, the services, the people import and the first-admin command.

use super::text::fits;
use super::{FieldCode, FieldError};

/// The longest person's name, in characters.
pub const MAX_PERSON_NAME_CHARS: usize = 200;
/// The longest organization name, in characters.
pub const MAX_ORGANIZATION_NAME_CHARS: usize = 200;
/// The longest team name, in characters.
pub const MAX_TEAM_NAME_CHARS: usize = 100;

/// Why a person's name cannot be kept, as `field`'s error.
pub fn check_person_name(field: &str, name: &str) -> Option<FieldError> {
    (!fits(name, MAX_PERSON_NAME_CHARS)).then(|| {
        FieldError::new(
            field,
            FieldCode::Required,
            format!("a name is required (at most {MAX_PERSON_NAME_CHARS} characters)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_not_blank_and_fit_their_limit_in_characters() {
        assert!(fits(" Aiko ", 4));
        assert!(fits(&"山".repeat(MAX_TEAM_NAME_CHARS), MAX_TEAM_NAME_CHARS));
        assert!(!fits(&"山".repeat(MAX_TEAM_NAME_CHARS + 1), MAX_TEAM_NAME_CHARS));
        assert!(!fits(" \t ", 10));
    }

    #[test]
    fn a_person_needs_a_name_of_at_most_two_hundred_characters() {
        assert_eq!(check_person_name("displayName", "Aiko Tanaka"), None);
        let error = check_person_name("displayName", &"x".repeat(201)).unwrap();
        assert_eq!((error.field.as_str(), error.code.as_str()), ("displayName", "required"));
        assert_eq!(error.message, "a name is required (at most 200 characters)");
        assert!(check_person_name("name", "").is_some());
    }
}
