//! What a page knows about the request it renders: the signed-in user, the language, a flash.
//! The server provides it per request; pages read it with [`session`].

use serde::{Deserialize, Serialize};

use crate::domain::{Actor, Locale, Role};

/// A one-time notice shown as a toast on the next page, set by form handlers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flash {
    SignedIn,
    LocaleChanged,
    PasswordSet,
    PasswordChanged,
    ProfileSaved,
}

#[derive(Debug, Clone, Default)]
pub struct SessionInfo {
    pub user: Option<Actor>,
    pub locale: Locale,
    pub flash: Option<Flash>,
    /// Path and query of the page, for the language switch to come back to.
    pub path: String,
    /// Demo mode: the sign-in page may name the demo accounts.
    pub demo: bool,
    /// The signed-in user's unread notifications (the bell's number).
    pub unread: i64,
}

impl SessionInfo {
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }
}

/// The current request's session info (defaults outside a request, e.g. in islands).
pub fn session() -> SessionInfo {
    leptos::prelude::use_context::<SessionInfo>().unwrap_or_default()
}
