//! The context every service call starts from: the acting user and the request it serves.

use uuid::Uuid;

use crate::domain::Actor;
use crate::error::AppError;

/// What a service needs to know about the caller; adapters build it, services check it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub request_id: Option<String>,
}

impl Ctx {
    pub fn new(actor: Actor, request_id: Option<String>) -> Ctx {
        Ctx { actor, request_id }
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
