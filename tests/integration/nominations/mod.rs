//! Nomination cycles: role gates, the window, scoring rules, four-eyes decisions, dense
//! rankings of approved nominations and exactly-once finalization.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::common::TestApp;

mod calibration;
mod cycles;
mod decisions;
mod finalize;
mod nominate;
mod rankings;

/// An HR-created cycle with criteria 0.6 / 0.4 over the given window, opened unless it is in the future.
pub(crate) async fn cycle(
    app: &TestApp,
    hr: &str,
    start: chrono::DateTime<Utc>,
    end: chrono::DateTime<Utc>,
) -> (String, Vec<String>) {
    let created = app
        .post_as(hr, "/api/v1/cycles", json!({"name": "Q4 awards", "description": "", "startAt": start, "endAt": end}))
        .await;
    created.assert_status(StatusCode::CREATED);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let mut criteria = Vec::new();
    for (name, weight) in [("Impact", 0.6), ("Teamwork", 0.4)] {
        let res =
            app.post_as(hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": name, "weight": weight})).await;
        res.assert_status(StatusCode::CREATED);
        criteria.push(res.json()["id"].as_str().unwrap().to_owned());
    }
    let opened = app.post_as(hr, &format!("/api/v1/cycles/{id}/open"), json!({})).await;
    opened.assert_status(StatusCode::OK);
    (id, criteria)
}

pub(crate) fn nomination(nominee: uuid::Uuid, criteria: &[String], scores: [i32; 2]) -> Value {
    json!({
        "nomineeId": nominee,
        "justification": "Shipped the launch",
        "scores": [
            {"criterionId": criteria[0], "score": scores[0]},
            {"criterionId": criteria[1], "score": scores[1], "comment": "helps everyone"},
        ],
    })
}

/// An open cycle whose window is now, with criteria 0.6 / 0.4.
pub(crate) async fn open_cycle(app: &TestApp, hr: &str) -> (String, Vec<String>) {
    let (start, end) = now_window();
    cycle(app, hr, start, end).await
}

pub(crate) fn now_window() -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    (Utc::now() - Duration::hours(1), Utc::now() + Duration::days(7))
}

// --- Hardening: reads that never write, what each role sees, one cycle at a time ----------

async fn open_cycle_with_pending(app: &TestApp, hr: &str) -> (String, Vec<String>) {
    let (id, criteria) = open_cycle(app, hr).await;
    // Pending nominations by three submitters about several nominees.
    let mut nominations = Vec::new();
    for submitter in ["hr@demo.test", "ken@demo.test", "manager@demo.test"] {
        let cookie = app.login(submitter).await;
        for nominee in ["alice@demo.test", "bob@demo.test", "carol@demo.test"] {
            let res = app
                .post_as(
                    &cookie,
                    &format!("/api/v1/cycles/{id}/nominations"),
                    nomination(app.user_id(nominee).await, &criteria, [4, 3]),
                )
                .await;
            res.assert_status(StatusCode::CREATED);
            nominations.push(res.json()["id"].as_str().unwrap().to_owned());
        }
    }
    (id, nominations)
}
