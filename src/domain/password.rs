//! What a new password must be (OWASP ASVS level 2): at least 12 characters, at most as many as
//! sign-in accepts, no composition rules. The set-password and change-password forms check it
//! as people type; the server checks it again.

use super::{FieldCode, FieldError};

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// The field error for `password` as a new password of `field`, if any.
pub fn check_new_password(field: &str, password: &str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(
            field,
            FieldCode::TooShort,
            format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(FieldError::new(
            field,
            FieldCode::TooLong,
            format!("a password has at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    if password.contains('\0') {
        return Err(super::text::nul_error(field));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_counted_not_bytes() {
        // Eleven characters are 33 bytes in Japanese: still too short.
        assert_eq!(check_new_password("password", "パスワードは十一文字").unwrap_err().code, "too_short");
        assert!(check_new_password("password", &"x".repeat(MIN_PASSWORD_CHARS)).is_ok());
        assert!(check_new_password("password", &"x".repeat(MIN_PASSWORD_CHARS - 1)).is_err());
        assert!(check_new_password("password", &"字".repeat(MAX_PASSWORD_CHARS)).is_ok());
    }

    #[test]
    fn a_nul_character_is_refused_under_the_field_named() {
        let error = check_new_password("newPassword", "twelve chars\0!").unwrap_err();
        assert_eq!((error.field.as_str(), error.code.as_str()), ("newPassword", "nul_character"));
    }

    #[test]
    fn twelve_characters_or_more_and_nothing_else_required() {
        assert!(check_new_password("password", "correct horse").is_ok());
        assert!(check_new_password("password", "パスワードは十二文字以上です").is_ok());
        assert_eq!(check_new_password("password", "short").unwrap_err().code, "too_short");
        assert_eq!(check_new_password("password", &"x".repeat(1025)).unwrap_err().code, "too_long");
    }
}
