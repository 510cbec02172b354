//! R2, races hold: the rules that must survive parallel requests, each tried for several rounds
//! of concurrent calls. `MERIT_STRESS_ROUNDS` sets the rounds (default 3 in the test command;
//! `scripts/reliability-races.sh` runs 100). A single violation fails the test.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;
use tokio::task::JoinSet;

use crate::common::{Req, TestApp, TestResponse, PASSWORD};
use crate::competitions::{active, csv, enroll, labels, perfect, send_file};

/// The app under test, without the general rate limit (rounds of concurrent calls would reach
/// it; the rules tried here must hold on their own).
async fn unlimited(pool: PgPool) -> Arc<TestApp> {
    let mut config = crate::common::test_config();
    config.rate_limit_per_minute = 1_000_000;
    Arc::new(TestApp::with_config(pool, config).await)
}

fn rounds() -> usize {
    std::env::var("MERIT_STRESS_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3)
}

async fn all(set: &mut JoinSet<TestResponse>) -> Vec<TestResponse> {
    let mut out = Vec::new();
    while let Some(res) = set.join_next().await {
        out.push(res.unwrap());
    }
    out
}

fn count(responses: &[TestResponse], status: StatusCode) -> usize {
    responses.iter().filter(|r| r.status == status).count()
}

#[sqlx::test]
async fn the_daily_quota_admits_exactly_the_limit(pool: PgPool) {
    let app = unlimited(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let good = csv(&perfect(&labels()));
    let participants = ["alice@demo.test", "bob@demo.test", "carol@demo.test", "dave@demo.test"];
    for round in 0..rounds() {
        // A fresh participant-and-competition pair each round: every quota starts empty.
        let id = active(&app, &sponsor, 3).await;
        let who = app.login(participants[round % participants.len()]).await;
        enroll(&app, &who, &id).await;
        let mut uploads = JoinSet::new();
        for _ in 0..12 {
            uploads.spawn(send_file(
                app.router.clone(),
                who.clone(),
                Method::POST,
                format!("/api/v1/competitions/{id}/submissions"),
                good.clone(),
            ));
        }
        let responses = all(&mut uploads).await;
        assert_eq!(
            (count(&responses, StatusCode::CREATED), count(&responses, StatusCode::TOO_MANY_REQUESTS)),
            (3, 9),
            "round {round}"
        );
    }
}

#[sqlx::test]
async fn one_stage_version_lets_exactly_one_edit_through(pool: PgPool) {
    let app = unlimited(pool).await;
    let admin = app.login("admin@demo.test").await;
    for round in 0..rounds() {
        let list = app.get_as(&admin, "/api/v1/stages").await.json();
        let stage = list["items"][round % 9].clone();
        let id = stage["id"].as_str().unwrap().to_owned();
        let mut edits = JoinSet::new();
        for i in 0..8 {
            let (app, admin, id, version) = (app.clone(), admin.clone(), id.clone(), stage["version"].clone());
            edits.spawn(async move {
                let body = json!({
                    "quantitativeWeight": 50 + i, "qualitativeWeight": 50 - i,
                    "competencyWeight": 10, "version": version
                });
                app.patch_as(&admin, &format!("/api/v1/stages/{id}/weights"), body).await
            });
        }
        let responses = all(&mut edits).await;
        assert_eq!(
            (count(&responses, StatusCode::OK), count(&responses, StatusCode::CONFLICT)),
            (1, 7),
            "round {round}"
        );
    }
}

#[sqlx::test]
async fn finalizing_and_deciding_never_interleave(pool: PgPool) {
    let app = unlimited(pool).await;
    let hr = app.login("hr@demo.test").await;
    let admin = app.login("admin@demo.test").await;
    let nominators = [app.login("ken@demo.test").await, app.login("manager@demo.test").await];
    let nominees = [
        app.user_id("alice@demo.test").await,
        app.user_id("bob@demo.test").await,
        app.user_id("carol@demo.test").await,
    ];
    for round in 0..rounds() {
        let (id, criteria) = crate::nominations::open_cycle(&app, &hr).await;
        let mut nominations = Vec::new();
        for nominator in &nominators {
            for nominee in nominees {
                let res = app
                    .post_as(
                        nominator,
                        &format!("/api/v1/cycles/{id}/nominations"),
                        crate::nominations::nomination(nominee, &criteria, [4, 3]),
                    )
                    .await;
                res.assert_status(StatusCode::CREATED);
                nominations.push(res.json()["id"].as_str().unwrap().to_owned());
            }
        }
        let closed = app.post_as(&hr, &format!("/api/v1/cycles/{id}/close"), json!({})).await;
        closed.assert_status(StatusCode::OK);
        let mut calls = JoinSet::new();
        for (i, nid) in nominations.iter().enumerate() {
            let (app2, admin, nid) = (app.clone(), admin.clone(), nid.clone());
            calls.spawn(async move {
                app2.send(Req::post(&format!("/api/v1/nominations/{nid}/approve")).cookie(&admin).json(json!({}))).await
            });
            if i == nominations.len() / 2 {
                let (app2, hr, id) = (app.clone(), hr.clone(), id.clone());
                calls.spawn(async move {
                    app2.send(Req::post(&format!("/api/v1/cycles/{id}/finalize")).cookie(&hr).json(json!({}))).await
                });
            }
        }
        for res in all(&mut calls).await {
            assert!(
                res.status == StatusCode::OK || res.status == StatusCode::CONFLICT,
                "round {round}: {} {}",
                res.status,
                res.text()
            );
        }
        let mismatched: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM nominations n
               JOIN nomination_history_nominations h ON h.nomination_id = n.id
              WHERE n.cycle_id = $1::uuid AND n.status <> h.status",
        )
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(mismatched, 0, "round {round}: live and frozen statuses differ");
    }
}

#[sqlx::test]
async fn parallel_enrollment_makes_one_participant(pool: PgPool) {
    let app = unlimited(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let who = app.login("alice@demo.test").await;
    for round in 0..rounds() {
        let id = active(&app, &sponsor, 5).await;
        let mut calls = JoinSet::new();
        for _ in 0..10 {
            let (app, who, id) = (app.clone(), who.clone(), id.clone());
            calls
                .spawn(async move { app.post_as(&who, &format!("/api/v1/competitions/{id}/enroll"), json!({})).await });
        }
        let responses = all(&mut calls).await;
        assert_eq!(count(&responses, StatusCode::OK), 10, "round {round}");
        let rows: i64 =
            sqlx::query_scalar("SELECT count(*) FROM competition_enrollments WHERE competition_id = $1::uuid")
                .bind(&id)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(rows, 1, "round {round}");
    }
}

#[sqlx::test]
async fn parallel_sign_ins_never_pass_the_throttle(pool: PgPool) {
    let app = unlimited(pool).await;
    for round in 0..rounds() {
        let ip = format!("10.77.{}.{}", round / 250, round % 250 + 1);
        let mut calls = JoinSet::new();
        for i in 0..30 {
            let (app, ip) = (app.clone(), ip.clone());
            // Guesses at one account and at unknown ones, from one address.
            let email = if i % 2 == 0 { "carol@demo.test".to_owned() } else { format!("guess{round}-{i}@demo.test") };
            calls.spawn(async move {
                app.send(
                    Req::post("/api/v1/auth/login")
                        .header("x-forwarded-for", &ip)
                        .json(json!({"email": email, "password": "wrong"})),
                )
                .await
            });
        }
        let responses = all(&mut calls).await;
        let checked = count(&responses, StatusCode::UNAUTHORIZED);
        assert_eq!(checked + count(&responses, StatusCode::TOO_MANY_REQUESTS), 30, "round {round}");
        let carol: i64 =
            sqlx::query_scalar("SELECT count(*) FROM login_attempts WHERE ip = $1 AND email = 'carol@demo.test'")
                .bind(&ip)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert!(checked <= 20, "round {round}: {checked} checks from one address");
        assert!(carol <= 5, "round {round}: {carol} checks of one account from one address");
        // The owner, elsewhere, is not locked out.
        let owner = app
            .send(
                Req::post("/api/v1/auth/login")
                    .header("x-forwarded-for", "192.0.2.200")
                    .json(json!({"email": "carol@demo.test", "password": PASSWORD})),
            )
            .await;
        assert_eq!(owner.status, StatusCode::OK, "round {round}");
    }
}
