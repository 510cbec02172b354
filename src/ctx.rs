//! The context every service call starts from: the acting user, the request it serves, and
//! the moment it is served.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::Actor;
use crate::error::AppError;

/// What a service needs to know about the caller; adapters build it, services check it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub request_id: Option<String>,
    /// "Now" for every time rule of the call (windows, deadlines, today's limits): read once,
    /// so one call never sees two different moments, and set by tests to any moment they need.
    pub now: DateTime<Utc>,
}

impl Ctx {
    pub fn new(actor: Actor, request_id: Option<String>) -> Ctx {
        Ctx { actor, request_id, now: Utc::now() }
    }

    /// The same caller at another moment: the clock seam of the time rules.
    pub fn at(self, now: DateTime<Utc>) -> Ctx {
        Ctx { now, ..self }
    }

    pub fn organization_id(&self) -> Uuid {
        self.actor.organization_id
    }

    pub fn user_id(&self) -> Uuid {
        self.actor.user_id
    }

    /// Fails with 403 unless `allowed` holds for the actor's role.
    pub fn require(&self, allowed: impl FnOnce(crate::domain::Role) -> bool) -> Result<(), AppError> {
        if allowed(self.actor.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}
