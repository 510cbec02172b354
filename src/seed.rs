//! Demo data: two organizations with accounts for every role. Demo-only password `merit-demo`.
//! Loaded once; a later start finds the organizations and leaves what users changed alone.

use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::writer::{self, Event, Origin};
use crate::auth::password;
use crate::domain::Role;

/// The demo password, documented in the README as demo-only.
pub const DEMO_PASSWORD: &str = "merit-demo";

struct DemoOrg {
    name: &'static str,
    slug: &'static str,
    /// (e-mail, name, role, stage number)
    users: &'static [(&'static str, &'static str, Role, i32)],
    /// (team name, manager e-mail, member e-mails)
    teams: &'static [(&'static str, &'static str, &'static [&'static str])],
}

const DEMO: DemoOrg = DemoOrg {
    name: "Demo",
    slug: "demo",
    users: &[
        ("admin@demo.test", "Aiko Admin", Role::Admin, 7),
        ("hr@demo.test", "Hiro Tanaka (HR)", Role::Hr, 5),
        ("manager@demo.test", "Mika Sato", Role::Manager, 6),
        ("ken@demo.test", "Ken Watanabe", Role::Manager, 6),
        ("employee@demo.test", "Emi Suzuki", Role::Employee, 4),
        ("alice@demo.test", "Alice Baker", Role::Employee, 2),
        ("bob@demo.test", "Bob Chen", Role::Employee, 3),
        ("carol@demo.test", "Carol Ito", Role::Employee, 1),
        ("dave@demo.test", "Dave Kim", Role::Employee, 6),
    ],
    teams: &[
        (
            "Product",
            "manager@demo.test",
            &["employee@demo.test", "alice@demo.test", "bob@demo.test"],
        ),
        (
            "Sales",
            "ken@demo.test",
            &["carol@demo.test", "dave@demo.test"],
        ),
    ],
};

const OTHER: DemoOrg = DemoOrg {
    name: "Other",
    slug: "other",
    users: &[
        ("admin@other.test", "Oscar Admin", Role::Admin, 6),
        ("erin@other.test", "Erin Other", Role::Employee, 3),
    ],
    teams: &[],
};

/// Loads each demo organization that does not exist yet. Returns how many were created.
pub async fn load_demo(pool: &PgPool) -> anyhow::Result<usize> {
    let mut created = 0;
    for org in [&DEMO, &OTHER] {
        if load_org(pool, org).await? {
            created += 1;
        }
    }
    Ok(created)
}

async fn load_org(pool: &PgPool, org: &DemoOrg) -> anyhow::Result<bool> {
    let mut tx = pool.begin().await?;
    // Two servers starting at once must not both seed.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('merit-demo-seed', 0))")
        .execute(&mut *tx)
        .await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = $1)")
            .bind(org.slug)
            .fetch_one(&mut *tx)
            .await?;
    if exists {
        return Ok(false);
    }
    let org_id = Uuid::new_v4();
    sqlx::query("INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)")
        .bind(org_id)
        .bind(org.name)
        .bind(org.slug)
        .execute(&mut *tx)
        .await?;
    let mut ids = std::collections::HashMap::new();
    for (email, name, role, stage) in org.users {
        let id = Uuid::new_v4();
        let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
        sqlx::query(
            "INSERT INTO users (id, organization_id, email, display_name, password_hash, role, stage_id)
             VALUES ($1, $2, $3, $4, $5, $6,
                     (SELECT id FROM stages WHERE organization_id = $2 AND number = $7))",
        )
        .bind(id)
        .bind(org_id)
        .bind(email)
        .bind(name)
        .bind(hash)
        .bind(role)
        .bind(stage)
        .execute(&mut *tx)
        .await?;
        ids.insert(*email, id);
    }
    for (team, manager, members) in org.teams {
        let team_id = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO teams (id, organization_id, name, manager_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(team_id)
        .bind(org_id)
        .bind(team)
        .bind(ids[manager])
        .execute(&mut *tx)
        .await?;
        for member in *members {
            sqlx::query(
                "INSERT INTO team_members (team_id, user_id, organization_id) VALUES ($1, $2, $3)",
            )
            .bind(team_id)
            .bind(ids[member])
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        }
    }
    let origin = Origin {
        organization_id: Some(org_id),
        actor_user_id: None,
        request_id: None,
    };
    let event = Event {
        action: "organization.demo_loaded",
        entity_type: "organization",
        entity_id: Some(org_id),
        payload: json!({ "name": org.name, "users": org.users.len(), "teams": org.teams.len() }),
    };
    writer::record(&mut tx, origin, event).await?;
    tx.commit().await?;
    tracing::info!(organization = org.name, "demo data loaded");
    Ok(true)
}
