//! argon2id hashing with the crate's default (OWASP-recommended) parameters, off the async threads.

use std::sync::OnceLock;

use anyhow::anyhow;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::{AppError, AppResult};

fn hash_blocking(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(anyhow!("hashing password: {e}")))
}

/// A hash of nothing anyone knows, verified against when the account does not exist so that
/// unknown and known e-mails take the same time.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("merit-timing-equaliser").unwrap_or_default())
}

pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| AppError::Internal(anyhow!("hashing task: {e}")))?
}

/// Verifies `password` against `stored`, or against a dummy hash when there is no account.
/// Returns false for a missing account whatever the password.
pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || {
        let exists = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| AppError::Internal(anyhow!("stored password hash is malformed: {e}")))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(exists && matches)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow!("verification task: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hash = hash("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse".into(), Some(hash.clone()))
            .await
            .unwrap());
        assert!(!verify("wrong".into(), Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn missing_account_never_verifies() {
        assert!(!verify("merit-timing-equaliser".into(), None).await.unwrap());
    }
}
