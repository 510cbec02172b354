//! Organization-wide roles and what each may do (DESIGN §1).

use serde::{Deserialize, Serialize};

/// A person's role in their organization. Ordered from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Hr,
    Manager,
    Employee,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Hr, Role::Manager, Role::Employee];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::Manager => "manager",
            Role::Employee => "employee",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// Listing the organization's people is for admins and HR.
    pub fn can_list_users(self) -> bool {
        matches!(self, Role::Admin | Role::Hr)
    }

    /// The audit log and the admin area are for admins only.
    pub fn can_administer(self) -> bool {
        self == Role::Admin
    }

    /// Managers, HR and admins lead teams or act for the whole organization.
    pub fn can_manage_teams(self) -> bool {
        matches!(self, Role::Admin | Role::Hr | Role::Manager)
    }

    /// HR and admins run nomination cycles and see live results.
    pub fn can_run_cycles(self) -> bool {
        matches!(self, Role::Admin | Role::Hr)
    }

    /// Managers, HR and admins nominate and decide nominations.
    pub fn can_nominate(self) -> bool {
        self.can_manage_teams()
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_every_role() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::parse("Admin"), None);
    }

    #[test]
    fn rights_follow_the_design_table() {
        assert!(Role::Admin.can_administer());
        assert!(!Role::Hr.can_administer());
        assert!(Role::Hr.can_list_users());
        assert!(!Role::Manager.can_list_users());
        assert!(Role::Manager.can_manage_teams());
        assert!(!Role::Employee.can_manage_teams());
    }
}
