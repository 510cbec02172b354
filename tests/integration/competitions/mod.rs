//! Competitions: role gates, the daily limit under parallel uploads, invalid files that do not
//! count, every validation problem at once, the deadline, invalidation, ties to the earliest,
//! organization isolation and answer-key rescoring.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use http_body_util::BodyExt;
use merit::domain::ConflictReason;
use serde_json::{json, Value};
use sqlx::PgPool;
use tower::ServiceExt;

use crate::common::{Req, TestApp, TestResponse, HOST};

mod bands;
mod baselines;
mod boards;
mod files;
mod gates;
mod lifecycle;
mod receipts;
mod submissions;

pub(crate) const ROWS: usize = 40;

/// The key's ids: r01..r40.
pub(crate) fn ids() -> Vec<String> {
    (1..=ROWS).map(|i| format!("r{i:02}")).collect()
}

/// Alternating labels 1, 0, 1, 0, …: both classes in the public and the private part.
pub(crate) fn labels() -> Vec<f64> {
    (1..=ROWS).map(|i| (i % 2) as f64).collect()
}

/// A CSV with the given header and rows.
pub(crate) fn csv_with(id_column: &str, value_column: &str, rows: &[(String, String)]) -> String {
    let mut out = format!("{id_column},{value_column}\n");
    for (id, value) in rows {
        out.push_str(&format!("{id},{value}\n"));
    }
    out
}

/// `id,prediction` with one value per key id, in key order.
pub(crate) fn csv(values: &[f64]) -> String {
    let rows: Vec<(String, String)> = ids().into_iter().zip(values).map(|(id, v)| (id, v.to_string())).collect();
    csv_with("id", "prediction", &rows)
}

/// Predictions that rank every positive above every negative of `truth` (AUC 1).
pub(crate) fn perfect(truth: &[f64]) -> Vec<f64> {
    truth.iter().map(|t| 0.1 + 0.8 * t).collect()
}

/// Predictions that rank every negative above every positive of `truth` (AUC 0).
fn inverted(truth: &[f64]) -> Vec<f64> {
    truth.iter().map(|t| 0.9 - 0.8 * t).collect()
}

pub(crate) fn multipart_body(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----merit-test-boundary-5b1f0c";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Sends a CSV as the multipart field `file` (owned arguments, so it can run in a task).
pub(crate) async fn send_file(
    router: Router,
    cookie: String,
    method: Method,
    uri: String,
    contents: String,
) -> TestResponse {
    let (content_type, body) = multipart_body("predictions.csv", contents.as_bytes());
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", HOST)
        .header("cookie", cookie)
        .header("content-type", content_type)
        .header("content-length", body.len().to_string())
        .body(Body::from(body))
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    TestResponse {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes().to_vec(),
    }
}

pub(crate) async fn submit(app: &TestApp, cookie: &str, id: &str, contents: &str) -> TestResponse {
    send_file(
        app.router.clone(),
        cookie.to_owned(),
        Method::POST,
        format!("/api/v1/competitions/{id}/submissions"),
        contents.to_owned(),
    )
    .await
}

pub(crate) async fn put_key(app: &TestApp, cookie: &str, id: &str, contents: &str) -> TestResponse {
    send_file(
        app.router.clone(),
        cookie.to_owned(),
        Method::PUT,
        format!("/api/v1/competitions/{id}/answer-key"),
        contents.to_owned(),
    )
    .await
}

pub(crate) fn input(limit: i32) -> Value {
    json!({
        "title": "Test churn",
        "description": "Predict **churn**.",
        "deadline": Utc::now() + Duration::days(7),
        "metric": "auc",
        "idColumn": "id",
        "predictionColumn": "prediction",
        "dailySubmissionLimit": limit,
        "publicShare": 0.5,
    })
}

/// A draft AUC competition sponsored by `sponsor`; answers its id.
pub(crate) async fn draft(app: &TestApp, sponsor: &str, limit: i32) -> String {
    let created = app.post_as(sponsor, "/api/v1/competitions", input(limit)).await;
    created.assert_status(StatusCode::CREATED);
    let body = created.json();
    assert_eq!(body["status"], "draft");
    body["id"].as_str().unwrap().to_owned()
}

/// An active AUC competition over r01..r40 with alternating labels (key version 1).
pub(crate) async fn active(app: &TestApp, sponsor: &str, limit: i32) -> String {
    let id = draft(app, sponsor, limit).await;
    let key = put_key(app, sponsor, &id, &csv(&labels())).await;
    key.assert_status(StatusCode::OK);
    assert_eq!(key.json()["version"], 1);
    assert_eq!(activate(app, sponsor, &id).await["status"], "active");
    id
}

/// Moves the competition's deadline an hour into the past (started two days ago): it has ended.
pub(crate) async fn end_now(app: &TestApp, id: &str) {
    sqlx::query(
        "UPDATE competitions SET starts_at = now() - interval '2 days', deadline = now() - interval '1 hour'
          WHERE id = $1::uuid",
    )
    .bind(id)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// Activates a draft that has a key, as its sponsor; answers the competition.
pub(crate) async fn activate(app: &TestApp, sponsor: &str, id: &str) -> Value {
    let uri = format!("/api/v1/competitions/{id}/activate");
    let activated = app.post_as(sponsor, &uri, json!({})).await;
    activated.assert_status(StatusCode::OK);
    activated.json()
}

/// The usual stage: the demo employee sponsors an active competition with this daily limit,
/// and Alice has enrolled.
pub(crate) struct Arena {
    pub app: TestApp,
    pub sponsor: String,
    pub alice: String,
    pub id: String,
}

impl Arena {
    pub(crate) async fn new(pool: PgPool, limit: i32) -> Arena {
        let app = TestApp::new(pool).await;
        let sponsor = app.login("employee@demo.test").await;
        let alice = app.login("alice@demo.test").await;
        let id = active(&app, &sponsor, limit).await;
        enroll(&app, &alice, &id).await;
        Arena { app, sponsor, alice, id }
    }
}

/// Signs `email` in and enrolls them; answers their cookie.
pub(crate) async fn enrolled(app: &TestApp, email: &str, id: &str) -> String {
    let cookie = app.login(email).await;
    enroll(app, &cookie, id).await;
    cookie
}

pub(crate) async fn enroll(app: &TestApp, cookie: &str, id: &str) {
    let uri = format!("/api/v1/competitions/{id}/enroll");
    let res = app.post_as(cookie, &uri, json!({})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["role"], "participant");
}

/// The codes of an error's details: field codes of a 422, or the validation codes of a file.
pub(crate) fn codes(res: &TestResponse) -> Vec<String> {
    res.json()["error"]["details"]
        .as_array()
        .unwrap_or_else(|| panic!("details are a list: {}", res.text()))
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// The public leaderboard as (display name, rank, score).
pub(crate) async fn board(app: &TestApp, cookie: &str, id: &str) -> Vec<(String, i64, f64)> {
    let res = app.get_as(cookie, &format!("/api/v1/competitions/{id}/leaderboard")).await;
    res.assert_status(StatusCode::OK);
    res.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["displayName"].as_str().unwrap().to_owned(), r["rank"].as_i64().unwrap(), r["score"].as_f64().unwrap())
        })
        .collect()
}

pub(crate) async fn my_submissions(app: &TestApp, cookie: &str, id: &str) -> Value {
    let res = app.get_as(cookie, &format!("/api/v1/competitions/{id}/submissions?pageSize=100")).await;
    res.assert_status(StatusCode::OK);
    res.json()
}
