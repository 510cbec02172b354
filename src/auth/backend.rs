//! The axum-login backend: sessions remember a user id and re-load the user on each request.

use axum_login::{AuthUser, AuthnBackend, UserId};
use sqlx::PgPool;

use super::service::{self, SignIn};
use crate::config::ThrottleConfig;
use crate::domain::Actor;
use crate::error::AppError;
use crate::users::service::UserRecord;

/// The user kept in the session. The password hash is only used to end other sessions when the
/// password changes (`session_auth_hash`); `Debug` leaves it out.
#[derive(Clone)]
pub struct SessionUser {
    pub actor: Actor,
    password_hash: Option<String>,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser").field("actor", &self.actor).field("password_hash", &"<redacted>").finish()
    }
}

impl From<UserRecord> for SessionUser {
    fn from(user: UserRecord) -> Self {
        SessionUser { actor: user.actor(), password_hash: user.password_hash }
    }
}

impl AuthUser for SessionUser {
    type Id = uuid::Uuid;

    fn id(&self) -> Self::Id {
        self.actor.user_id
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_deref().unwrap_or_default().as_bytes()
    }
}

#[derive(Clone)]
pub struct Backend {
    pool: PgPool,
    throttle: ThrottleConfig,
    outages: std::sync::Arc<crate::db::Outages>,
}

impl Backend {
    pub fn new(pool: PgPool, throttle: ThrottleConfig, outages: std::sync::Arc<crate::db::Outages>) -> Backend {
        Backend { pool, throttle, outages }
    }
}

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = SignIn;
    type Error = AppError;

    async fn authenticate(&self, creds: Self::Credentials) -> Result<Option<Self::User>, Self::Error> {
        match service::sign_in(&self.pool, &self.throttle, creds).await {
            Ok(user) => Ok(Some(user.into())),
            Err(AppError::InvalidCredentials) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<Self::User>, Self::Error> {
        let user = service::active_user(&self.pool, *user_id).await;
        if let Err(AppError::Unavailable(_)) = &user {
            // axum-login answers this with a bare 500; the error format makes it a 503.
            self.outages.record();
        }
        Ok(user?.map(SessionUser::from))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;
