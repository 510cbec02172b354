//! Rescoring as a background job: workers of several instances never rescore a file twice
//! (a claim whose lease ran out writes nothing more), a restarted worker resumes where the
//! last one left off, and uploads keep working while a job runs.

use axum::http::StatusCode;
use merit::competitions::rescoring::{self, Step};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::TestApp;
use crate::competitions::{active, csv, enroll, labels, perfect, put_key, submit};
use crate::standings::PARTICIPANTS;

/// An active competition with two scored files from each participant and a second key version
/// queued (labels flipped): twelve files to rescore.
async fn queued(app: &TestApp) -> (String, String, Vec<String>) {
    let sponsor = app.login("employee@demo.test").await;
    let id = active(app, &sponsor, 5).await;
    let truth = labels();
    let mut cookies = Vec::new();
    for (i, email) in PARTICIPANTS.iter().enumerate() {
        let cookie = app.login(email).await;
        enroll(app, &cookie, &id).await;
        for file in 0..2 {
            let noisy: Vec<f64> = perfect(&truth)
                .iter()
                .enumerate()
                .map(|(row, p)| if (row + i + file) % 5 == 0 { 1.0 - p } else { *p })
                .collect();
            let res = submit(app, &cookie, &id, &csv(&noisy)).await;
            res.assert_status(StatusCode::CREATED);
        }
        cookies.push(cookie);
    }
    let flipped: Vec<f64> = truth.iter().map(|t| 1.0 - t).collect();
    let res = put_key(app, &sponsor, &id, &csv(&flipped)).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["rescoring"]["total"], 12);
    assert_eq!(res.json()["rescoring"]["status"], "pending");
    (id, sponsor, cookies)
}

/// (status, done, total, claims) of the competition's job for version 2.
async fn job(pool: &PgPool, id: &str) -> (String, i32, i32, i32) {
    sqlx::query_as(
        "SELECT status, done, total, claims FROM competition_rescoring_jobs
          WHERE competition_id = $1 AND version = 2",
    )
    .bind(Uuid::parse_str(id).unwrap())
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Stored files still scored against version 1.
async fn stale(pool: &PgPool, id: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM competition_submissions
          WHERE competition_id = $1 AND status IN ('scored', 'invalidated') AND answer_key_version < 2",
    )
    .bind(Uuid::parse_str(id).unwrap())
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn finish_audit_rows(pool: &PgPool, id: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM audit_logs WHERE action = 'competition.rescoring_finish' AND entity_id = $1",
    )
    .bind(Uuid::parse_str(id).unwrap())
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test]
async fn a_stalled_worker_is_taken_over_and_writes_nothing_more(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (id, _, _) = queued(&app).await;

    let first = rescoring::claim(&app.pool).await.unwrap().expect("a job");
    assert_eq!(rescoring::step(&app.pool, &first).await.unwrap(), Step::Rescored);
    assert_eq!(rescoring::step(&app.pool, &first).await.unwrap(), Step::Rescored);
    // While its lease holds, nobody else can take the job.
    assert!(rescoring::claim(&app.pool).await.unwrap().is_none());

    // The first worker stalls (or its instance dies) past its lease; another instance takes over.
    sqlx::query("UPDATE competition_rescoring_jobs SET lease_until = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    let second = rescoring::claim(&app.pool).await.unwrap().expect("taken over");
    assert_ne!(first.token, second.token);
    assert_eq!(job(&app.pool, &id).await, ("running".into(), 2, 12, 2));

    // The stalled worker wakes up: whatever it scored, it writes nothing.
    assert_eq!(rescoring::step(&app.pool, &first).await.unwrap(), Step::Lost);
    assert_eq!(job(&app.pool, &id).await.1, 2);

    // The new worker resumes after the two files already done and finishes.
    let mut rescored = 0;
    loop {
        match rescoring::step(&app.pool, &second).await.unwrap() {
            Step::Rescored => rescored += 1,
            Step::Finished => break,
            Step::Lost => panic!("the current claim was lost"),
        }
    }
    assert_eq!(rescored, 10, "each file exactly once");
    assert_eq!(job(&app.pool, &id).await, ("done".into(), 12, 12, 2));
    assert_eq!(stale(&app.pool, &id).await, 0);
    assert_eq!(finish_audit_rows(&app.pool, &id).await, 1);
    // Finished jobs are not claimed again.
    assert!(rescoring::claim(&app.pool).await.unwrap().is_none());
    assert_eq!(rescoring::step(&app.pool, &first).await.unwrap(), Step::Lost);
}

#[sqlx::test]
async fn workers_of_several_instances_rescore_each_file_exactly_once(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (id, _, _) = queued(&app).await;

    // Four instances, each with its own pool, race for the job; meanwhile leases keep running
    // out, so claims change hands while files are being scored.
    let options = (*app.pool.connect_options()).clone();
    let mut workers = Vec::new();
    for _ in 0..4 {
        let pool = PgPoolOptions::new().max_connections(3).connect_with(options.clone()).await.unwrap();
        workers.push(tokio::spawn(async move {
            let (mut rescored, mut finished) = (0, 0);
            for _ in 0..200 {
                let Some(claim) = rescoring::claim(&pool).await.unwrap() else {
                    tokio::task::yield_now().await;
                    continue;
                };
                loop {
                    match rescoring::step(&pool, &claim).await.unwrap() {
                        Step::Rescored => rescored += 1,
                        Step::Finished => {
                            finished += 1;
                            break;
                        }
                        Step::Lost => break,
                    }
                }
            }
            (rescored, finished)
        }));
    }
    let thief = {
        let pool = app.pool.clone();
        tokio::spawn(async move {
            for _ in 0..40 {
                sqlx::query(
                    "UPDATE competition_rescoring_jobs SET lease_until = now() - interval '1 second'
                      WHERE status = 'running'",
                )
                .execute(&pool)
                .await
                .unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(3)).await;
            }
        })
    };
    let (mut rescored, mut finished) = (0, 0);
    for worker in workers {
        let (r, f) = worker.await.unwrap();
        rescored += r;
        finished += f;
    }
    thief.await.unwrap();
    let (status, done, total, claims) = job(&app.pool, &id).await;
    assert_eq!(status, "done");
    assert_eq!((rescored, finished), (12, 1), "claims: {claims}");
    assert_eq!((done, total), (12, 12));
    assert_eq!(stale(&app.pool, &id).await, 0);
    assert_eq!(finish_audit_rows(&app.pool, &id).await, 1);
}

#[sqlx::test]
async fn uploads_work_while_a_rescoring_runs(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (id, sponsor, cookies) = queued(&app).await;
    let claim = rescoring::claim(&app.pool).await.unwrap().unwrap();
    assert_eq!(rescoring::step(&app.pool, &claim).await.unwrap(), Step::Rescored);

    // Mid-job, an upload is scored against the new version at once (labels flipped: the
    // perfect file for version 1 is the worst for version 2).
    let res = submit(&app, &cookies[0], &id, &csv(&perfect(&labels()))).await;
    res.assert_status(StatusCode::CREATED);
    assert_eq!(res.json()["score"], 0.0);
    let progress = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/rescoring")).await.json();
    assert_eq!((progress["status"].as_str(), progress["done"].as_i64()), (Some("running"), Some(1)));

    while rescoring::step(&app.pool, &claim).await.unwrap() == Step::Rescored {}
    // The worker left the new upload alone: twelve files rescored, the thirteenth was never stale.
    assert_eq!(job(&app.pool, &id).await, ("done".into(), 12, 12, 1));
    assert_eq!(stale(&app.pool, &id).await, 0);

    // The Admin tab shows where it stands.
    let slug =
        app.get_as(&sponsor, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned();
    let page = app.get_as(&sponsor, &format!("/competitions/{slug}?tab=admin")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.text().contains("data-testid=\"rescoring-progress\" data-status=\"done\""), "{}", page.text());
}
