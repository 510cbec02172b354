//! The signed-in person acting on Merit: who, in which organization, with which role.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Locale, Role};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Uuid,
    pub organization_id: Uuid,
    pub role: Role,
    pub email: String,
    pub display_name: String,
    /// The saved language preference, if the person ever chose one.
    pub locale: Option<Locale>,
}
