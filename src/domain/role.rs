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

    /// DESIGN §1, one row per role: administer, list users, manage teams, run cycles, nominate.
    const RIGHTS: [(Role, [bool; 5]); 4] = [
        (Role::Admin, [true, true, true, true, true]),
        (Role::Hr, [false, true, true, true, true]),
        (Role::Manager, [false, false, true, false, true]),
        (Role::Employee, [false, false, false, false, false]),
    ];

    #[test]
    fn rights_follow_the_design_table() {
        for (role, expected) in RIGHTS {
            let actual = [
                role.can_administer(),
                role.can_list_users(),
                role.can_manage_teams(),
                role.can_run_cycles(),
                role.can_nominate(),
            ];
            assert_eq!(actual, expected, "{role}");
        }
    }

    #[test]
    fn every_right_a_role_has_its_more_powerful_roles_have_too() {
        for pair in RIGHTS.windows(2) {
            let ((stronger, more), (weaker, fewer)) = (pair[0], pair[1]);
            for (right, (has_more, has_fewer)) in more.iter().zip(fewer).enumerate() {
                assert!(*has_more || !has_fewer, "{weaker} has right {right} but {stronger} not");
            }
        }
    }

    #[test]
    fn roles_are_written_in_lower_case_everywhere() {
        for role in Role::ALL {
            assert_eq!(role.to_string(), role.as_str());
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), role);
        }
        assert!(serde_json::from_str::<Role>("\"ADMIN\"").is_err());
    }
}
