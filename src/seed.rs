//! Demo data: two organizations with accounts for every role (demo-only password `merit-demo`),
//! and in "Demo" a finalized and an open nomination cycle, an active competition with scored
//! submissions and an ended one. Loaded once; a later start finds the
//! organizations and leaves what users changed alone.

use chrono::{Duration, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::writer::{self, Event, Origin};
use crate::auth::password;
use crate::ctx::Ctx;
use crate::domain::{Actor, Role};
use crate::nominations::{ApproveInput, CriterionInput, CycleInput, NominationInput, RejectInput, ScoreInput};

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
        ("Product", "manager@demo.test", &["employee@demo.test", "alice@demo.test", "bob@demo.test"]),
        ("Sales", "ken@demo.test", &["carol@demo.test", "dave@demo.test"]),
    ],
};

const OTHER: DemoOrg = DemoOrg {
    name: "Other",
    slug: "other",
    users: &[("admin@other.test", "Oscar Admin", Role::Admin, 6), ("erin@other.test", "Erin Other", Role::Employee, 3)],
    teams: &[],
};

/// The e-mail of every demo account (they all share the published demo password).
pub fn demo_emails() -> Vec<String> {
    [&DEMO, &OTHER].iter().flat_map(|org| org.users.iter().map(|(email, ..)| (*email).to_owned())).collect()
}

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

/// Loads only the demo organizations' people and teams, without cycles or competitions: the
/// smaller fixture for tests about accounts, sessions and requests.
pub async fn load_people(pool: &PgPool) -> anyhow::Result<usize> {
    let mut created = 0;
    for org in [&DEMO, &OTHER] {
        if create_org(pool, org).await?.is_some() {
            created += 1;
        }
    }
    Ok(created)
}

async fn load_org(pool: &PgPool, org: &DemoOrg) -> anyhow::Result<bool> {
    let Some(org_id) = create_org(pool, org).await? else {
        return Ok(false);
    };
    if org.slug == DEMO.slug {
        load_nominations(pool, org_id).await?;
        load_competitions(pool, org_id).await?;
    }
    Ok(true)
}

/// Creates the organization, its people and teams; `None` when it exists already.
async fn create_org(pool: &PgPool, org: &DemoOrg) -> anyhow::Result<Option<Uuid>> {
    let mut tx = pool.begin().await?;
    // Two servers starting at once must not both seed.
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended('merit-demo-seed', 0))").execute(&mut *tx).await?;
    let exists: bool =
        sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = $1) AS "exists!""#, org.slug)
            .fetch_one(&mut *tx)
            .await?;
    if exists {
        return Ok(None);
    }
    let org_id = Uuid::new_v4();
    sqlx::query!("INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)", org_id, org.name, org.slug)
        .execute(&mut *tx)
        .await?;
    let mut ids = std::collections::HashMap::new();
    for (email, name, role, stage) in org.users {
        let id = Uuid::new_v4();
        let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
        sqlx::query!(
            "INSERT INTO users (id, organization_id, email, display_name, password_hash, role, stage_id)
             VALUES ($1, $2, $3, $4, $5, $6,
                     (SELECT id FROM stages WHERE organization_id = $2 AND number = $7))",
            id,
            org_id,
            email,
            name,
            hash,
            role.as_str(),
            stage,
        )
        .execute(&mut *tx)
        .await?;
        ids.insert(*email, id);
    }
    for (team, manager, members) in org.teams {
        let team_id = Uuid::new_v4();
        sqlx::query!(
            "INSERT INTO teams (id, organization_id, name, manager_id) VALUES ($1, $2, $3, $4)",
            team_id,
            org_id,
            team,
            ids[manager],
        )
        .execute(&mut *tx)
        .await?;
        for member in *members {
            sqlx::query!(
                "INSERT INTO team_members (team_id, user_id, organization_id) VALUES ($1, $2, $3)",
                team_id,
                ids[member],
                org_id,
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    let origin = Origin { organization_id: Some(org_id), actor_user_id: None, request_id: None };
    let event = Event {
        action: "organization.demo_loaded",
        entity_type: "organization",
        entity_id: Some(org_id),
        payload: json!({ "name": org.name, "users": org.users.len(), "teams": org.teams.len() }),
    };
    writer::record(&mut tx, origin, event).await?;
    tx.commit().await?;
    tracing::info!(organization = org.name, "demo data loaded");
    Ok(Some(org_id))
}

/// A service context acting as the demo user with this e-mail.
async fn act_as(pool: &PgPool, org_id: Uuid, email: &str) -> anyhow::Result<Ctx> {
    let row = sqlx::query!(
        r#"SELECT id, role AS "role: Role", display_name FROM users
            WHERE organization_id = $1 AND email = $2"#,
        org_id,
        email,
    )
    .fetch_one(pool)
    .await?;
    Ok(Ctx::new(
        Actor {
            user_id: row.id,
            organization_id: org_id,
            role: row.role,
            email: email.to_owned(),
            display_name: row.display_name,
            locale: None,
        },
        Some("demo-seed".to_owned()),
    ))
}

/// (submitter, nominee, scores in criterion order, justification, approved or rejected)
type DemoNomination = (&'static str, &'static str, &'static [i32], &'static str, Option<bool>);

/// A demo nomination cycle, created and filled through the real services.
struct DemoCycle {
    name: &'static str,
    description: &'static str,
    /// The window, in days from now.
    window: (i64, i64),
    /// (name, description, weight)
    criteria: &'static [(&'static str, &'static str, f64)],
    nominations: &'static [DemoNomination],
}

const IMPACT: &str = "Results that mattered to customers or the business";
const TEAMWORK: &str = "Made the people around them better";

/// Finalized: Alice and Emi share the first rank; Bob's nomination is rejected.
const PAST_CYCLE: DemoCycle = DemoCycle {
    name: "FY2026 H1 Recognition",
    description: "Spring recognition: people whose work moved the company forward.",
    window: (-1, 1),
    criteria: &[
        ("Impact", IMPACT, 0.5),
        ("Collaboration", TEAMWORK, 0.3),
        ("Growth", "Learned and grew beyond the role", 0.2),
    ],
    nominations: &[
        (
            "manager@demo.test",
            "employee@demo.test",
            &[5, 4, 4],
            "Shipped the new onboarding flow a month early.",
            Some(true),
        ),
        (
            "hr@demo.test",
            "alice@demo.test",
            &[5, 4, 4],
            "Led the accessibility review of every product page.",
            Some(true),
        ),
        ("ken@demo.test", "carol@demo.test", &[4, 5, 3], "Opened three new accounts in the Kansai region.", Some(true)),
        ("ken@demo.test", "dave@demo.test", &[3, 4, 2], "Mentored two new sales hires.", Some(true)),
        ("manager@demo.test", "bob@demo.test", &[3, 3, 3], "Helped with the release.", Some(false)),
    ],
};

/// Open: one approved nomination and two pending.
const OPEN_CYCLE: DemoCycle = DemoCycle {
    name: "FY2026 H2 Recognition",
    description: "Autumn recognition. Nominate colleagues whose work stood out this half.",
    window: (-14, 45),
    criteria: &[("Impact", IMPACT, 0.6), ("Teamwork", TEAMWORK, 0.4)],
    nominations: &[
        ("ken@demo.test", "dave@demo.test", &[3, 4], "Closed the largest deal of the quarter.", Some(true)),
        ("hr@demo.test", "bob@demo.test", &[5, 3], "Rebuilt the release pipeline; deploys now take minutes.", None),
        ("manager@demo.test", "alice@demo.test", &[4, 5], "Organized the cross-team design reviews.", None),
    ],
};

/// Two nomination cycles through the real services (so every step is audited): a finalized one
/// with results, including a tie and a rejection, and an open one with a few nominations.
async fn load_nominations(pool: &PgPool, org_id: Uuid) -> anyhow::Result<()> {
    use crate::nominations::service as nominations;
    let hr = act_as(pool, org_id, "hr@demo.test").await?;
    let past = seed_cycle(pool, org_id, &hr, &PAST_CYCLE).await?;
    nominations::close(pool, &hr, past).await?;
    nominations::finalize(pool, &hr, past).await?;
    // The spring cycle ran months ago.
    let now = Utc::now();
    sqlx::query!(
        "UPDATE nomination_cycles SET start_at = $2, end_at = $3, finalized_at = $4 WHERE id = $1",
        past,
        (now - Duration::days(230)) as _,
        (now - Duration::days(50)) as _,
        (now - Duration::days(45)) as _,
    )
    .execute(pool)
    .await?;
    seed_cycle(pool, org_id, &hr, &OPEN_CYCLE).await?;
    Ok(())
}

/// Creates and opens the cycle as HR, then submits its nominations and decides them: HR
/// decides, or the Product manager when HR submitted.
async fn seed_cycle(pool: &PgPool, org_id: Uuid, hr: &Ctx, demo: &DemoCycle) -> anyhow::Result<Uuid> {
    use crate::nominations::service as nominations;
    let now = Utc::now();
    let cycle = nominations::create(
        pool,
        hr,
        &CycleInput {
            name: demo.name.into(),
            description: demo.description.into(),
            start_at: now + Duration::days(demo.window.0),
            end_at: now + Duration::days(demo.window.1),
            scale_min: None,
            scale_max: None,
        },
    )
    .await?;
    let mut criteria = Vec::new();
    for (name, description, weight) in demo.criteria {
        let input = CriterionInput {
            name: (*name).into(),
            description: (*description).into(),
            weight: *weight,
            is_active: None,
        };
        criteria.push(nominations::add_criterion(pool, hr, cycle.id, &input).await?.id);
    }
    nominations::open(pool, hr, cycle.id).await?;
    for (submitter, nominee, scores, justification, decision) in demo.nominations {
        let submitter = act_as(pool, org_id, submitter).await?;
        let input = NominationInput {
            nominee_id: act_as(pool, org_id, nominee).await?.user_id(),
            justification: (*justification).into(),
            scores: criteria
                .iter()
                .zip(scores.iter())
                .map(|(criterion_id, score)| ScoreInput { criterion_id: *criterion_id, score: *score, comment: None })
                .collect(),
        };
        let nomination = nominations::nominate(pool, &submitter, cycle.id, &input).await?;
        if let Some(approve) = decision {
            let decider = if submitter.user_id() == hr.user_id() {
                act_as(pool, org_id, "manager@demo.test").await?
            } else {
                hr.clone()
            };
            if *approve {
                nominations::approve(pool, &decider, nomination.id, &ApproveInput::default()).await?;
            } else {
                let reason = Some("Please describe the contribution in more detail.".into());
                nominations::reject(pool, &decider, nomination.id, &RejectInput { reason }).await?;
            }
        }
    }
    Ok(cycle.id)
}

/// A number in [0, 1) from a seed and an index (splitmix64), so demo data is the same each time.
fn unit(seed: u64, i: u64) -> f64 {
    let mut z = seed.wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// A demo competition: (title, description, metric, sponsor, rows, participants with a skill
/// and how many days ago they submitted).
struct DemoCompetition {
    title: &'static str,
    description: &'static str,
    metric: &'static str,
    sponsor: &'static str,
    rows: u64,
    entries: &'static [(&'static str, f64, i64)],
    ended: bool,
}

const ACTIVE_COMPETITION: DemoCompetition = DemoCompetition {
    title: "Customer churn prediction",
    description: "## Goal\n\nPredict which customers will **cancel** within 90 days.\n\n\
                  - One row per customer id\n- `prediction` is the probability of churn (0–1)\n\n\
                  Scored by AUC-ROC. 解約する確率を予測してください。",
    metric: "auc",
    sponsor: "manager@demo.test",
    rows: 300,
    entries: &[
        ("alice@demo.test", 0.25, 3),
        ("bob@demo.test", 0.15, 2),
        ("carol@demo.test", 0.35, 1),
        ("alice@demo.test", 0.4, 1),
        // Dave and Bob built the same model: a statistical tie on any public split.
        ("dave@demo.test", 0.15, 4),
    ],
    ended: false,
};

const ENDED_COMPETITION: DemoCompetition = DemoCompetition {
    title: "Delivery time estimation",
    description: "Estimate delivery time in hours for each order. Scored by RMSE (lower is better).",
    metric: "rmse",
    sponsor: "ken@demo.test",
    rows: 120,
    entries: &[("carol@demo.test", 0.6, 20), ("dave@demo.test", 0.8, 18), ("employee@demo.test", 0.4, 17)],
    ended: true,
};

fn demo_truth(c: &DemoCompetition, i: u64) -> f64 {
    match c.metric {
        "rmse" => (10.0 + 40.0 * unit(7, i)).round(),
        _ => f64::from(u8::from(unit(7, i) < 0.4)),
    }
}

fn csv_of(rows: impl Iterator<Item = (String, String)>) -> Vec<u8> {
    let mut out = String::from("id,prediction\n");
    for (id, value) in rows {
        out.push_str(&format!("{id},{value}\n"));
    }
    out.into_bytes()
}

/// Competitions through the real services: created, keyed and activated by their sponsor, with
/// participants enrolling and submitting; then moved back in time (the ended one past its deadline).
async fn load_competitions(pool: &PgPool, org_id: Uuid) -> anyhow::Result<()> {
    use crate::competitions::service::{self as competitions, Upload};
    use crate::competitions::CompetitionInput;
    for (n, demo) in [ACTIVE_COMPETITION, ENDED_COMPETITION].iter().enumerate() {
        let sponsor = act_as(pool, org_id, demo.sponsor).await?;
        let now = Utc::now();
        let c = competitions::create(
            pool,
            &sponsor,
            &CompetitionInput {
                title: demo.title.into(),
                description: demo.description.into(),
                deadline: now + Duration::days(30),
                metric: demo.metric.into(),
                id_column: "id".into(),
                prediction_column: "prediction".into(),
                daily_submission_limit: None,
                public_share: None,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo competition: {e:?}"))?;
        let ids: Vec<String> = (0..demo.rows).map(|i| format!("C{:04}", i + 1)).collect();
        let key = csv_of(ids.iter().enumerate().map(|(i, id)| (id.clone(), demo_truth(demo, i as u64).to_string())));
        let upload = |bytes: Vec<u8>| Upload { file_name: "demo.csv".into(), bytes, room: None };
        competitions::upload_answer_key(pool, &sponsor, c.id, upload(key))
            .await
            .map_err(|e| anyhow::anyhow!("demo answer key: {e:?}"))?;
        competitions::activate(pool, &sponsor, c.id).await.map_err(|e| anyhow::anyhow!("demo activation: {e:?}"))?;
        for (k, (email, skill, days_ago)) in demo.entries.iter().enumerate() {
            let who = act_as(pool, org_id, email).await?;
            competitions::enroll(pool, &who, c.id).await.map_err(|e| anyhow::anyhow!("demo enroll: {e:?}"))?;
            // Entries of one skill share their noise (the same model, the same predictions).
            let seed = 100 + (n * 100) as u64 + (skill * 100.0).round() as u64;
            let predictions = ids.iter().enumerate().map(|(i, id)| {
                let truth = demo_truth(demo, i as u64);
                let noise = unit(seed, i as u64);
                let value = match demo.metric {
                    "rmse" => truth + (noise - 0.5) * 30.0 * (1.0 - skill),
                    _ => skill * truth + (1.0 - skill) * noise,
                };
                (id.clone(), format!("{value:.4}"))
            });
            let s = competitions::submit(pool, &who, c.id, upload(csv_of(predictions)))
                .await
                .map_err(|e| anyhow::anyhow!("demo submission: {e:?}"))?;
            sqlx::query!(
                "UPDATE competition_submissions SET created_at = $2 WHERE id = $1",
                s.id,
                (now - Duration::days(*days_ago) - Duration::minutes(k as i64)) as _,
            )
            .execute(pool)
            .await?;
        }
        // The standings follow the back-dated submissions, as if they had come in then.
        let c =
            competitions::get(pool, &sponsor, c.id).await.map_err(|e| anyhow::anyhow!("demo competition: {e:?}"))?;
        crate::competitions::standings::refresh(&mut *pool.acquire().await?, &c, None)
            .await
            .map_err(|e| anyhow::anyhow!("demo standings: {e:?}"))?;
        if demo.ended {
            sqlx::query!(
                "UPDATE competitions SET starts_at = $2, deadline = $3 WHERE id = $1",
                c.id,
                (now - Duration::days(40)) as _,
                (now - Duration::days(10)) as _,
            )
            .execute(pool)
            .await?;
        } else {
            sqlx::query!("UPDATE competitions SET starts_at = $2 WHERE id = $1", c.id, (now - Duration::days(7)) as _)
                .execute(pool)
                .await?;
        }
        sqlx::query!(
            "UPDATE competition_enrollments SET enrolled_at = c.starts_at
               FROM competitions c WHERE c.id = competition_id AND competition_id = $1",
            c.id,
        )
        .execute(pool)
        .await?;
        if !demo.ended {
            competitions::announce(
                pool,
                &sponsor,
                c.id,
                "Welcome! The answer key covers 300 customers; 30% of them score the public leaderboard.",
            )
            .await
            .map_err(|e| anyhow::anyhow!("demo announcement: {e:?}"))?;
        }
    }
    Ok(())
}
