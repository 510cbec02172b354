//! Maintained standings equal a from-scratch recomputation after random sequences of
//! submissions, invalidations and answer-key rescorings (a property test: the sequences come
//! from a proptest strategy with a fixed seed), on a higher-is-better and a lower-is-better
//! metric, and the leaderboard API serves exactly them.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use merit::competitions::rescoring::{self, Step};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::TestApp;
use crate::competitions::{csv, enroll, labels, put_key, submit, ROWS};

pub(crate) const PARTICIPANTS: [&str; 6] =
    ["alice@demo.test", "bob@demo.test", "carol@demo.test", "dave@demo.test", "ken@demo.test", "manager@demo.test"];

#[derive(Debug, Clone)]
enum Op {
    /// A participant uploads one of a few prediction files (few, so equal scores happen).
    Submit { who: usize, file: u8 },
    /// The sponsor invalidates the n-th scored submission (modulo how many there are).
    Invalidate { nth: usize },
    /// The sponsor uploads a new answer key version; it queues the rescoring of every stored file.
    Rekey { variant: u8 },
    /// The background worker rescores up to `files` stored files (claiming a job if it holds none).
    Work { files: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..PARTICIPANTS.len(), 0u8..5).prop_map(|(who, file)| Op::Submit { who, file }),
        2 => (0usize..100).prop_map(|nth| Op::Invalidate { nth }),
        1 => (0u8..4).prop_map(|variant| Op::Rekey { variant }),
        2 => (1u8..6).prop_map(|files| Op::Work { files }),
    ]
}

/// Prediction file `file`: a mix of the labels and a fixed pattern, so files score differently
/// and some score the same.
fn predictions(file: u8) -> Vec<f64> {
    let truth = labels();
    (0..ROWS)
        .map(|i| {
            let noise = ((i * 7 + file as usize * 13) % 10) as f64 / 10.0;
            let skill = f64::from(file % 3) / 3.0;
            skill * truth[i] + (1.0 - skill) * noise
        })
        .collect()
}

/// Answer key variant: labels with some flipped, both classes in each part.
fn key(variant: u8) -> Vec<f64> {
    labels()
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i % 8 == usize::from(variant) % 8 && i >= 4 { 1.0 - l } else { l })
        .collect()
}

type Row = (i64, Uuid, f64, DateTime<Utc>, i64);

/// The board computed from the submissions alone, as Merit did before standings were kept.
async fn recomputed(pool: &PgPool, id: Uuid, column: &str, higher: bool) -> Vec<Row> {
    let order = if higher { "DESC" } else { "ASC" };
    sqlx::query_as(&format!(
        "WITH best AS (
            SELECT DISTINCT ON (s.user_id) s.user_id, s.{column} AS score, s.created_at AS at
              FROM competition_submissions s
             WHERE s.competition_id = $1 AND s.status = 'scored'
             ORDER BY s.user_id, s.{column} {order}, s.created_at ASC, s.id),
         entries AS (
            SELECT user_id, count(*) AS n FROM competition_submissions
             WHERE competition_id = $1 AND status = 'scored' GROUP BY user_id)
         SELECT row_number() OVER (ORDER BY b.score {order}, b.at ASC, b.user_id) AS rank,
                b.user_id, b.score, b.at, e.n
           FROM best b JOIN entries e USING (user_id) ORDER BY rank"
    ))
    .bind(id)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// The board as the maintained table has it.
async fn maintained(pool: &PgPool, id: Uuid, board: &str) -> Vec<Row> {
    sqlx::query_as(&format!(
        "SELECT row_number() OVER (ORDER BY {board}_order, {board}_at, user_id) AS rank,
                user_id, {board}_score, {board}_at, entries::int8
           FROM competition_standings WHERE competition_id = $1 ORDER BY rank"
    ))
    .bind(id)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// The public board as the API serves it, two rows a page: (rank, user).
async fn served_board(app: &TestApp, cookie: &str, id: &str) -> Vec<(i64, Uuid)> {
    let mut served = Vec::new();
    for page in 1.. {
        let res = app.get_as(cookie, &format!("/api/v1/competitions/{id}/leaderboard?page={page}&pageSize=2")).await;
        res.assert_status(StatusCode::OK);
        let body = res.json();
        for row in body["items"].as_array().unwrap() {
            served.push((row["rank"].as_i64().unwrap(), row["userId"].as_str().unwrap().parse::<Uuid>().unwrap()));
        }
        if body["hasMore"] != true {
            break;
        }
    }
    served
}

async fn run(app: &TestApp, metric: &str, ops: &[Op]) {
    let sponsor = app.login("employee@demo.test").await;
    let mut body = crate::competitions::input(100);
    body["metric"] = json!(metric);
    let created = app.post_as(&sponsor, "/api/v1/competitions", body).await;
    created.assert_status(StatusCode::CREATED);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let uuid: Uuid = id.parse().unwrap();
    assert_eq!(put_key(app, &sponsor, &id, &csv(&labels())).await.status, StatusCode::OK);
    let activated = app.post_as(&sponsor, &format!("/api/v1/competitions/{id}/activate"), json!({})).await;
    activated.assert_status(StatusCode::OK);
    let mut cookies = Vec::new();
    for email in PARTICIPANTS {
        let cookie = app.login(email).await;
        enroll(app, &cookie, &id).await;
        cookies.push(cookie);
    }
    let higher = metric == "auc";
    let mut held: Option<rescoring::Claim> = None;
    for (step, op) in ops.iter().enumerate() {
        match op {
            Op::Submit { who, file } => {
                let res = submit(app, &cookies[*who], &id, &csv(&predictions(*file))).await;
                assert_eq!(res.status, StatusCode::CREATED, "{op:?}: {}", res.text());
            }
            Op::Invalidate { nth } => {
                let scored: Vec<Uuid> = sqlx::query_scalar(
                    "SELECT id FROM competition_submissions WHERE competition_id = $1 AND status = 'scored'
                      ORDER BY created_at, id",
                )
                .bind(uuid)
                .fetch_all(&app.pool)
                .await
                .unwrap();
                if scored.is_empty() {
                    continue;
                }
                let sid = scored[nth % scored.len()];
                let res = app
                    .patch_as(
                        &sponsor,
                        &format!("/api/v1/competitions/{id}/admin/submissions/{sid}"),
                        json!({ "status": "invalidated", "reason": "property test" }),
                    )
                    .await;
                assert_eq!(res.status, StatusCode::OK, "{op:?}: {}", res.text());
            }
            Op::Rekey { variant } => {
                let res = put_key(app, &sponsor, &id, &csv(&key(*variant))).await;
                assert_eq!(res.status, StatusCode::OK, "{op:?}: {}", res.text());
            }
            Op::Work { files } => {
                for _ in 0..*files {
                    if held.is_none() {
                        held = rescoring::claim(&app.pool).await.unwrap();
                    }
                    let Some(claim) = &held else { break };
                    if rescoring::step(&app.pool, claim).await.unwrap() != Step::Rescored {
                        held = None;
                    }
                }
            }
        }
        for (board, column) in [("public", "public_score"), ("private", "private_score")] {
            assert_eq!(
                maintained(&app.pool, uuid, board).await,
                recomputed(&app.pool, uuid, column, higher).await,
                "{metric}, {board} board after step {step} ({op:?}) of {ops:?}"
            );
        }
        let (kept, counted): ((i32, i32), (i64, i64)) = (
            sqlx::query_as("SELECT participants, on_board FROM competition_counts WHERE competition_id = $1")
                .bind(uuid)
                .fetch_one(&app.pool)
                .await
                .unwrap(),
            sqlx::query_as(
                "SELECT (SELECT count(*) FROM competition_enrollments WHERE competition_id = $1),
                        (SELECT count(*) FROM competition_standings WHERE competition_id = $1)",
            )
            .bind(uuid)
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        );
        assert_eq!((i64::from(kept.0), i64::from(kept.1)), counted, "counts after step {step}");
        // The API's board (an in-memory copy per standings version) follows every step.
        let wanted: Vec<(i64, Uuid)> =
            recomputed(&app.pool, uuid, "public_score", higher).await.iter().map(|r| (r.0, r.1)).collect();
        assert_eq!(served_board(app, &sponsor, &id).await, wanted, "API board after step {step} ({op:?})");
    }
    // Whatever is still queued is rescored to the end: then every stored file scores against
    // the latest version, and the boards still equal a recomputation.
    while let Some(claim) = &held {
        if rescoring::step(&app.pool, claim).await.unwrap() != Step::Rescored {
            held = None;
        }
    }
    rescoring::run_pending(&app.pool).await.unwrap();
    let stale: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM competition_submissions s
          WHERE competition_id = $1 AND status IN ('scored', 'invalidated')
            AND answer_key_version < (SELECT max(version) FROM competition_answer_keys k WHERE k.competition_id = $1)",
    )
    .bind(uuid)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stale, 0, "files left on an older key version");
    for (board, column) in [("public", "public_score"), ("private", "private_score")] {
        assert_eq!(
            maintained(&app.pool, uuid, board).await,
            recomputed(&app.pool, uuid, column, higher).await,
            "{metric}, {board} board after the rescoring of {ops:?}"
        );
    }
    // The API pages through exactly the maintained board.
    let expected = recomputed(&app.pool, uuid, "public_score", higher).await;
    let wanted: Vec<(i64, Uuid)> = expected.iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(served_board(app, &sponsor, &id).await, wanted);
    // A new display name shows on the board at once, though the scores did not change.
    if let Some(&(_, leader)) = wanted.first() {
        let name = format!("Renamed {}", Uuid::new_v4().simple());
        sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
            .bind(&name)
            .bind(leader)
            .execute(&app.pool)
            .await
            .unwrap();
        let body =
            app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/leaderboard?page=1&pageSize=1")).await.json();
        assert_eq!(body["items"][0]["displayName"], name.as_str());
    }
    // Around-me and the context rank agree with it for every participant.
    for (k, cookie) in cookies.iter().enumerate() {
        let me = app.user_id(PARTICIPANTS[k]).await;
        let rank = expected.iter().find(|r| r.1 == me).map(|r| r.0);
        let context = app.get_as(cookie, &format!("/api/v1/competitions/{id}")).await.json();
        assert_eq!(context["userContext"]["rank"].as_i64(), rank);
        let around = app.get_as(cookie, &format!("/api/v1/competitions/{id}/leaderboard/around-me")).await.json();
        let ranks: Vec<i64> = around.as_array().unwrap().iter().map(|r| r["rank"].as_i64().unwrap()).collect();
        match rank {
            None => assert!(ranks.is_empty()),
            Some(r) => {
                let from = (r - 5).max(1);
                let to = (r + 5).min(expected.len() as i64);
                assert_eq!(ranks, (from..=to).collect::<Vec<_>>());
            }
        }
    }
}

#[sqlx::test]
async fn maintained_standings_equal_a_recomputation_after_any_sequence(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let mut runner = TestRunner::deterministic();
    let sequences = proptest::collection::vec(op(), 10..30);
    let rounds: usize = std::env::var("MERIT_STANDINGS_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(2);
    for _ in 0..rounds {
        for metric in ["auc", "rmse"] {
            let ops = sequences.new_tree(&mut runner).unwrap().current();
            run(&app, metric, &ops).await;
        }
    }
}
