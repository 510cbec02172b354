//! The tamper-evident record: audit rows and finalization snapshots are links of their
//! organization's hash chain, made as their transaction commits. Verification (the API, the
//! audit page's button and `merit audit verify`) passes on an untouched database, stays intact
//! under concurrent writers, and points at the first row edited, deleted or reordered directly
//! in PostgreSQL.

use axum::http::StatusCode;
use serde_json::{json, Value};
use sqlx::{Connection, PgPool};
use uuid::Uuid;

use crate::common::TestApp;

/// The URL of this test's own database, for the `merit` command.
async fn database_url(pool: &PgPool) -> String {
    let name: String = sqlx::query_scalar("SELECT current_database()").fetch_one(pool).await.unwrap();
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let (server, _) = base.rsplit_once('/').expect("a database URL");
    format!("{server}/{name}")
}

/// Runs `merit audit verify` against the test's database: its exit code and output.
async fn merit_audit_verify(pool: &PgPool) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", database_url(pool).await)
        .env_remove("MERIT_DEMO")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap(), text)
}

/// Runs SQL as someone with the database's keys would: with triggers off (the append-only
/// guards too), on one connection.
async fn tamper(pool: &PgPool, statements: &[&str]) {
    let mut conn = pool.acquire().await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("SET LOCAL session_replication_role = replica").execute(&mut *tx).await.unwrap();
    for statement in statements {
        sqlx::query(statement).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn demo_organization(pool: &PgPool) -> Uuid {
    sqlx::query_scalar("SELECT organization_id FROM users WHERE email = 'admin@demo.test'")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// The id of the organization's `n`-th audit row in chain order.
async fn nth_audit_row(pool: &PgPool, organization: Uuid, n: i64) -> Uuid {
    sqlx::query_scalar(
        "SELECT row_id FROM record_chain WHERE chain_id = $1 AND table_name = 'audit_logs' ORDER BY seq OFFSET $2 LIMIT 1",
    )
    .bind(organization)
    .bind(n - 1)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn verification(app: &TestApp, admin: &str) -> Value {
    let res = app.get_as(admin, "/api/v1/audit/verification").await;
    res.assert_status(StatusCode::OK);
    res.json()
}

#[sqlx::test]
async fn an_untouched_record_verifies_and_an_edited_row_is_named(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let organization = demo_organization(&app.pool).await;
    let intact = verification(&app, &admin).await;
    assert_eq!(intact["broken"], Value::Null, "{intact}");
    let links: i64 = sqlx::query_scalar("SELECT count(*) FROM record_chain WHERE chain_id = $1")
        .bind(organization)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(links > 10, "the demo's audit rows and its finalized cycle are linked: {links}");
    assert_eq!(intact["links"], links);
    // Audit rows and the finalized demo cycle's snapshot rows are all in the chain.
    let snapshot_links: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM record_chain WHERE chain_id = $1 AND table_name LIKE 'nomination_history_%'",
    )
    .bind(organization)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(snapshot_links > 0);
    let (code, out) = merit_audit_verify(&app.pool).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("The record is intact"), "{out}");

    // Only admins ask.
    for email in ["hr@demo.test", "employee@demo.test"] {
        let cookie = app.login(email).await;
        app.get_as(&cookie, "/api/v1/audit/verification").await.assert_status(StatusCode::FORBIDDEN);
    }

    let edited = nth_audit_row(&app.pool, organization, 3).await;
    tamper(&app.pool, &[&format!("UPDATE audit_logs SET payload = '{{\"changed\": true}}' WHERE id = '{edited}'")])
        .await;
    let broken = verification(&app, &admin).await;
    assert_eq!(broken["broken"]["reason"], "contentChanged", "{broken}");
    assert_eq!(broken["broken"]["rowId"], edited.to_string());
    assert_eq!(broken["broken"]["organizationId"], organization.to_string());
    assert_eq!(broken["broken"]["table"], "audit_logs");
    let (code, out) = merit_audit_verify(&app.pool).await;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&edited.to_string()) && out.contains(&organization.to_string()), "{out}");

    // Another organization's chain is its own: its admin still sees it intact.
    let other = app.login("admin@other.test").await;
    assert_eq!(verification(&app, &other).await["broken"], Value::Null);

    // The page's button shows the same.
    let page = app.get_as(&admin, "/admin/audit?verify=1").await;
    page.assert_status(StatusCode::OK);
    let html = page.text();
    assert!(html.contains(r#"data-intact="false""#), "the page reports the break");
    assert!(html.contains(&edited.to_string()));
}

#[sqlx::test]
async fn a_deleted_row_and_a_deleted_link_are_found(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let organization = demo_organization(&app.pool).await;
    // The row alone: its link stands for nothing.
    let deleted = nth_audit_row(&app.pool, organization, 2).await;
    let seq: i64 = sqlx::query_scalar("SELECT seq FROM record_chain WHERE row_id = $1")
        .bind(deleted)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    tamper(&app.pool, &[&format!("DELETE FROM audit_logs WHERE id = '{deleted}'")]).await;
    let broken = verification(&app, &admin).await;
    assert_eq!(broken["broken"]["reason"], "rowMissing", "{broken}");
    assert_eq!(broken["broken"]["rowId"], deleted.to_string());
    assert_eq!(broken["broken"]["seq"], seq);

    // The row with its link: the next link no longer follows.
    tamper(&app.pool, &[&format!("DELETE FROM record_chain WHERE row_id = '{deleted}'")]).await;
    let next: Uuid = sqlx::query_scalar("SELECT row_id FROM record_chain WHERE chain_id = $1 AND seq = $2")
        .bind(organization)
        .bind(seq + 1)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let broken = verification(&app, &admin).await;
    assert_eq!(broken["broken"]["reason"], "linkMissing", "{broken}");
    assert_eq!(broken["broken"]["seq"], seq + 1);
    assert_eq!(broken["broken"]["rowId"], next.to_string());
    let (code, out) = merit_audit_verify(&app.pool).await;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&next.to_string()), "{out}");
}

#[sqlx::test]
async fn cutting_off_the_newest_rows_is_found(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let organization = demo_organization(&app.pool).await;
    let (seq, newest): (i64, Uuid) =
        sqlx::query_as("SELECT seq, row_id FROM record_chain WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1")
            .bind(organization)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    tamper(
        &app.pool,
        &[
            &format!("DELETE FROM audit_logs WHERE id = '{newest}'"),
            &format!("DELETE FROM record_chain WHERE row_id = '{newest}'"),
        ],
    )
    .await;
    let broken = verification(&app, &admin).await;
    assert_eq!(broken["broken"]["reason"], "linkMissing", "{broken}");
    assert_eq!(broken["broken"]["seq"], seq);
}

#[sqlx::test]
async fn a_row_moved_in_time_is_found(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let organization = demo_organization(&app.pool).await;
    let (a, b) = (nth_audit_row(&app.pool, organization, 4).await, nth_audit_row(&app.pool, organization, 5).await);
    // Moving the later row before the earlier one reorders the log as anyone reads it.
    tamper(
        &app.pool,
        &[&format!(
            "UPDATE audit_logs x SET created_at = y.created_at - interval '1 hour'
               FROM audit_logs y WHERE x.id = '{b}' AND y.id = '{a}'"
        )],
    )
    .await;
    let broken = verification(&app, &admin).await;
    assert_eq!(broken["broken"]["reason"], "contentChanged", "{broken}");
    assert_eq!(broken["broken"]["rowId"], b.to_string());
}

#[sqlx::test]
async fn swapped_links_are_found(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let organization = demo_organization(&app.pool).await;
    // Links 4 and 5 trade places (through a free number: each position is unique).
    let moved: Uuid = sqlx::query_scalar("SELECT row_id FROM record_chain WHERE chain_id = $1 AND seq = 5")
        .bind(organization)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let chain = format!("chain_id = '{organization}'");
    tamper(
        &app.pool,
        &[
            &format!("UPDATE record_chain SET seq = 1000000 WHERE {chain} AND seq = 4"),
            &format!("UPDATE record_chain SET seq = 4 WHERE {chain} AND seq = 5"),
            &format!("UPDATE record_chain SET seq = 5 WHERE {chain} AND seq = 1000000"),
        ],
    )
    .await;
    let broken = verification(&app, &admin).await;
    assert_eq!(broken["broken"]["reason"], "outOfOrder", "{broken}");
    assert_eq!(broken["broken"]["seq"], 4);
    assert_eq!(broken["broken"]["rowId"], moved.to_string());
}

#[sqlx::test]
async fn concurrent_writers_get_consecutive_links_and_snapshots_are_covered(pool: PgPool) {
    let app = std::sync::Arc::new(TestApp::new(pool).await);
    let organization = demo_organization(&app.pool).await;
    let mut cookies = Vec::new();
    for email in ["admin@demo.test", "hr@demo.test", "employee@demo.test", "manager@demo.test"] {
        cookies.push(app.login(email).await);
    }
    // Forty profile changes at once by four people, each with its audit row.
    let mut writes = tokio::task::JoinSet::new();
    for i in 0..40 {
        let (app, cookie) = (app.clone(), cookies[i % 4].clone());
        writes.spawn(async move {
            app.patch_as(&cookie, "/api/v1/users/me", json!({"displayName": format!("Person {i}")})).await
        });
    }
    while let Some(res) = writes.join_next().await {
        res.unwrap().assert_status(StatusCode::OK);
    }
    let admin = &cookies[0];
    let intact = verification(&app, admin).await;
    assert_eq!(intact["broken"], Value::Null, "{intact}");
    let (links, max_seq, rows): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT count(*), max(seq),
                (SELECT count(*) FROM audit_logs WHERE organization_id = $1)
              + (SELECT count(*) FROM nomination_history_nominations WHERE organization_id = $1)
              + (SELECT count(*) FROM nomination_history_rankings WHERE organization_id = $1)
           FROM record_chain WHERE chain_id = $1",
    )
    .bind(organization)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(Some(links), max_seq, "no gaps");
    assert_eq!(Some(links), rows, "every row is linked once");

    // A finalized result edited in place is found too.
    let ranking: Uuid = sqlx::query_scalar(
        "SELECT id FROM nomination_history_rankings WHERE organization_id = $1 ORDER BY rank DESC LIMIT 1",
    )
    .bind(organization)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    tamper(&app.pool, &[&format!("UPDATE nomination_history_rankings SET rank = rank + 1 WHERE id = '{ranking}'")])
        .await;
    let broken = verification(&app, admin).await;
    assert_eq!(broken["broken"]["reason"], "contentChanged", "{broken}");
    assert_eq!(broken["broken"]["table"], "nomination_history_rankings");
    assert_eq!(broken["broken"]["rowId"], ranking.to_string());
}

#[sqlx::test]
async fn a_chain_that_lost_its_head_or_all_its_links_is_found_and_writing_goes_on(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let other: Uuid = sqlx::query_scalar("SELECT organization_id FROM users WHERE email = 'admin@other.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let admin = app.login("admin@other.test").await;
    assert_eq!(verification(&app, &admin).await["broken"], Value::Null);

    // The head gone: the newest links can no longer be vouched for, and verification says so.
    tamper(&app.pool, &[&format!("DELETE FROM record_chain_heads WHERE chain_id = '{other}'")]).await;
    let broken = verification(&app, &admin).await;
    assert_eq!(broken["broken"]["reason"], "headMissing", "{broken}");
    assert_eq!(broken["broken"]["organizationId"], other.to_string());
    // Writing still works, and does not paper over the missing head.
    app.patch_as(&admin, "/api/v1/users/me", json!({"displayName": "Oscar Again"})).await.assert_status(StatusCode::OK);
    let still = verification(&app, &admin).await;
    assert_eq!(still["broken"]["reason"], "headMissing", "{still}");
    let (code, out) = merit_audit_verify(&app.pool).await;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&other.to_string()), "{out}");

    // Every row and link gone, the head kept: the chain is missing from its first link.
    let demo = demo_organization(&app.pool).await;
    let demo_admin = app.login("admin@demo.test").await;
    tamper(
        &app.pool,
        &[
            &format!("DELETE FROM audit_logs WHERE organization_id = '{demo}'"),
            &format!("DELETE FROM nomination_history_nominations WHERE organization_id = '{demo}'"),
            &format!("DELETE FROM nomination_history_rankings WHERE organization_id = '{demo}'"),
            &format!("DELETE FROM record_chain WHERE chain_id = '{demo}'"),
        ],
    )
    .await;
    let emptied = verification(&app, &demo_admin).await;
    assert_eq!(emptied["broken"]["reason"], "linkMissing", "{emptied}");
    assert_eq!(emptied["broken"]["seq"], 1);
    assert_eq!(emptied["broken"]["organizationId"], demo.to_string());
}
