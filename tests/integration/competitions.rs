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
    let activated = app.post_as(sponsor, &format!("/api/v1/competitions/{id}/activate"), json!({})).await;
    activated.assert_status(StatusCode::OK);
    assert_eq!(activated.json()["status"], "active");
    id
}

/// Activates a draft that has a key, as its sponsor.
pub(crate) async fn activate(app: &TestApp, sponsor: &str, id: &str) {
    let activated = app.post_as(sponsor, &format!("/api/v1/competitions/{id}/activate"), json!({})).await;
    activated.assert_status(StatusCode::OK);
}

pub(crate) async fn enroll(app: &TestApp, cookie: &str, id: &str) {
    let res = app.post_as(cookie, &format!("/api/v1/competitions/{id}/enroll"), json!({})).await;
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

#[sqlx::test]
async fn role_gates_viewers_sponsors_and_admin_endpoints(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let manager = app.login("manager@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    let good = csv(&perfect(&labels()));

    // A viewer (signed in, not enrolled) cannot submit.
    let context = app.get_as(&alice, &format!("/api/v1/competitions/{id}/enrollment")).await;
    assert_eq!(context.json()["role"], "viewer");
    let viewer = submit(&app, &alice, &id, &good).await;
    viewer.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(viewer.error_code(), "FORBIDDEN");

    // The sponsor cannot enroll, nor submit.
    let sponsor_enroll = app.post_as(&sponsor, &format!("/api/v1/competitions/{id}/enroll"), json!({})).await;
    sponsor_enroll.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(submit(&app, &sponsor, &id, &good).await.status, StatusCode::FORBIDDEN);
    let context = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/enrollment")).await;
    assert_eq!(context.json()["role"], "sponsor");

    enroll(&app, &alice, &id).await;
    let scored = submit(&app, &alice, &id, &good).await;
    scored.assert_status(StatusCode::CREATED);
    let sid = scored.json()["id"].as_str().unwrap().to_owned();

    // Neither a participant nor another member (a manager) may use the sponsor's endpoints.
    for cookie in [&alice, &manager] {
        for path in ["admin/stats", "admin/participants", "admin/submissions"] {
            let res = app.get_as(cookie, &format!("/api/v1/competitions/{id}/{path}")).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}: {}", res.text());
            assert_eq!(res.error_code(), "FORBIDDEN");
        }
        let invalidate = app
            .patch_as(
                cookie,
                &format!("/api/v1/competitions/{id}/admin/submissions/{sid}"),
                json!({"status": "invalidated", "reason": "cheating"}),
            )
            .await;
        invalidate.assert_status(StatusCode::FORBIDDEN);
        let announce =
            app.post_as(cookie, &format!("/api/v1/competitions/{id}/admin/announce"), json!({"body": "Hello"})).await;
        announce.assert_status(StatusCode::FORBIDDEN);
        let key = put_key(&app, cookie, &id, &csv(&labels())).await;
        key.assert_status(StatusCode::FORBIDDEN);
        let activate = app.post_as(cookie, &format!("/api/v1/competitions/{id}/activate"), json!({})).await;
        activate.assert_status(StatusCode::FORBIDDEN);
        let edit = app.patch_as(cookie, &format!("/api/v1/competitions/{id}"), json!({"title": "Mine now"})).await;
        edit.assert_status(StatusCode::FORBIDDEN);
    }

    // Nothing of that happened: still one scored submission, key version 1, no announcement.
    let status: String = sqlx::query_scalar("SELECT status FROM competition_submissions WHERE id = $1::uuid")
        .bind(&sid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "scored");
    let competition = app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json();
    assert_eq!(competition["title"], "Test churn");
    assert_eq!(competition["answerKeyVersion"], 1);
    assert_eq!(competition["userContext"]["role"], "participant");
    let announcements = app.get_as(&alice, &format!("/api/v1/competitions/{id}/announcements")).await.json();
    assert_eq!(announcements["items"].as_array().unwrap().len(), 0);
    assert_eq!(announcements["total"], 0);

    // The sponsor may.
    let stats = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/stats")).await;
    stats.assert_status(StatusCode::OK);
    assert_eq!(stats.json()["participants"], 1);
    assert_eq!(stats.json()["scored"], 1);
    let participants = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/participants")).await;
    participants.assert_status(StatusCode::OK);
    assert_eq!(participants.json()["items"][0]["email"], "alice@demo.test");
    let all = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/submissions")).await;
    all.assert_status(StatusCode::OK);
    assert_eq!(all.json()["total"], 1);
    let announce =
        app.post_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/announce"), json!({"body": "Welcome"})).await;
    announce.assert_status(StatusCode::CREATED);
    let edit = app.patch_as(&sponsor, &format!("/api/v1/competitions/{id}"), json!({"title": "Renamed churn"})).await;
    edit.assert_status(StatusCode::OK);
    assert_eq!(edit.json()["title"], "Renamed churn");

    // Leaving keeps the submission on the board, but ends the right to submit.
    let left = app.send(Req::new(Method::DELETE, &format!("/api/v1/competitions/{id}/enroll")).cookie(&alice)).await;
    left.assert_status(StatusCode::OK);
    assert_eq!(left.json()["role"], "viewer");
    assert_eq!(board(&app, &alice, &id).await.len(), 1);
    assert_eq!(submit(&app, &alice, &id, &good).await.status, StatusCode::FORBIDDEN);
}

#[sqlx::test]
async fn twenty_parallel_uploads_respect_the_daily_limit(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;

    let app = Arc::new(app);
    let good = csv(&perfect(&labels()));
    let mut uploads = tokio::task::JoinSet::new();
    for _ in 0..20 {
        uploads.spawn(send_file(
            app.router.clone(),
            alice.clone(),
            Method::POST,
            format!("/api/v1/competitions/{id}/submissions"),
            good.clone(),
        ));
    }
    let mut responses = Vec::new();
    while let Some(res) = uploads.join_next().await {
        responses.push(res.unwrap());
    }
    let created = responses.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let limited: Vec<&TestResponse> = responses.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).collect();
    assert_eq!(
        (created, limited.len()),
        (5, 15),
        "statuses: {:?}",
        responses.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let tomorrow = (Utc::now() + Duration::days(1)).date_naive();
    for res in &limited {
        let error = &res.json()["error"];
        assert_eq!(error["code"], "RATE_LIMIT_EXCEEDED");
        assert_eq!(error["details"]["limit"], 5);
        assert_eq!(error["details"]["used"], 5);
        let resets: DateTime<Utc> = error["details"]["resetsAt"].as_str().unwrap().parse().unwrap();
        assert_eq!(resets.date_naive(), tomorrow, "the next UTC midnight");
        assert_eq!(resets.time(), chrono::NaiveTime::MIN);
        assert!(res.headers.contains_key("retry-after"));
    }

    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM competition_submissions WHERE competition_id = $1::uuid AND status = 'scored'",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored, 5);
    let mine = my_submissions(&app, &alice, &id).await;
    assert_eq!(mine["total"], 5);
    assert!(mine["items"].as_array().unwrap().iter().all(|s| s["status"] == "scored" && s["score"] == 1.0));
    let context = app.get_as(&alice, &format!("/api/v1/competitions/{id}/enrollment")).await.json();
    assert_eq!(context["submissionsToday"], 5);
    assert_eq!(context["submissionsLimit"], 5);
    let entries = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard")).await.json();
    assert_eq!(entries["total"], 1);
    assert_eq!(entries["items"][0]["entries"], 5);
}

#[sqlx::test]
async fn invalid_files_are_kept_but_do_not_count(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let bob = app.login("bob@demo.test").await;
    let id = active(&app, &sponsor, 2).await;
    enroll(&app, &alice, &id).await;
    enroll(&app, &bob, &id).await;

    let wrong_header = csv(&perfect(&labels())).replacen("prediction", "probability", 1);
    let not_numbers = csv(&perfect(&labels())).replace(",0.1\n", ",low\n");
    let invalid = [(wrong_header, "MISSING_COLUMN"), (not_numbers, "NOT_A_NUMBER"), ("\n\n".to_owned(), "EMPTY_FILE")];
    for (contents, code) in &invalid {
        let res = submit(&app, &alice, &id, contents).await;
        res.assert_status(StatusCode::BAD_REQUEST);
        assert_eq!(res.error_code(), "VALIDATION_ERROR");
        assert_eq!(codes(&res), vec![code.to_string()], "{}", res.text());
    }
    let good = csv(&perfect(&labels()));
    for n in 1..=2 {
        let res = submit(&app, &alice, &id, &good).await;
        assert_eq!(res.status, StatusCode::CREATED, "valid upload {n}: {}", res.text());
        assert_eq!(res.json()["status"], "scored");
    }
    let third = submit(&app, &alice, &id, &good).await;
    third.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(third.json()["error"]["details"]["limit"], 2);
    assert_eq!(third.json()["error"]["details"]["used"], 2);

    // The history shows the invalid files with their errors, newest first.
    let mine = my_submissions(&app, &alice, &id).await;
    assert_eq!(mine["total"], 5, "{mine}");
    let items = mine["items"].as_array().unwrap();
    let statuses: Vec<&str> = items.iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["scored", "scored", "invalid", "invalid", "invalid"]);
    let error_codes: Vec<&str> =
        items[2..].iter().map(|s| s["validationErrors"][0]["code"].as_str().unwrap()).collect();
    assert_eq!(error_codes, ["EMPTY_FILE", "NOT_A_NUMBER", "MISSING_COLUMN"]);
    assert!(items[2..].iter().all(|s| s["score"].is_null()));
    let not_a_number = &items[3];
    assert_eq!(not_a_number["validationErrors"][0]["count"], 20);
    assert_eq!(not_a_number["validationErrors"][0]["examples"][0], "low");

    // One submission reads the same; another participant cannot read it.
    let sid = not_a_number["id"].as_str().unwrap();
    let one = app.get_as(&alice, &format!("/api/v1/competitions/{id}/submissions/{sid}")).await;
    one.assert_status(StatusCode::OK);
    assert_eq!(one.json()["status"], "invalid");
    assert_eq!(one.json()["validationErrors"][0]["code"], "NOT_A_NUMBER");
    let other = app.get_as(&bob, &format!("/api/v1/competitions/{id}/submissions/{sid}")).await;
    other.assert_status(StatusCode::NOT_FOUND);

    let context = app.get_as(&alice, &format!("/api/v1/competitions/{id}/enrollment")).await.json();
    assert_eq!(context["submissionsToday"], 2);
    // The sponsor's filter finds the invalid ones.
    let alice_id = app.user_id("alice@demo.test").await;
    let filtered = app
        .get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/submissions?userId={alice_id}&status=invalid"))
        .await;
    filtered.assert_status(StatusCode::OK);
    assert_eq!(filtered.json()["total"], 3);
    let stats = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/stats")).await.json();
    assert_eq!((stats["scored"].as_i64(), stats["invalid"].as_i64()), (Some(2), Some(3)));
}

#[sqlx::test]
async fn a_file_broken_several_ways_reports_every_problem(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;

    let broken = "id,prediction\n\
                  r01,abc\n\
                  r02,1.5\n\
                  r03,0.5\n\
                  r03,0.4\n\
                  zz99,0.3\n\
                  r04,NaN\n";
    let res = submit(&app, &alice, &id, broken).await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(res.error_code(), "VALIDATION_ERROR");
    let details = res.json()["error"]["details"].clone();
    let find = |code: &str| -> Value {
        details
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing from {details}"))
            .clone()
    };
    let not_a_number = find("NOT_A_NUMBER");
    assert_eq!(not_a_number["count"], 1);
    assert_eq!(not_a_number["lines"], json!([2]));
    assert_eq!(not_a_number["examples"], json!(["abc"]));
    let out_of_range = find("VALUE_OUT_OF_RANGE");
    assert_eq!(out_of_range["count"], 2);
    assert_eq!(out_of_range["lines"], json!([3, 7]));
    let duplicates = find("DUPLICATE_IDS");
    assert_eq!(duplicates["count"], 1);
    assert_eq!(duplicates["lines"], json!([5]));
    assert_eq!(duplicates["examples"], json!(["r03"]));
    let unknown = find("UNKNOWN_IDS");
    assert_eq!(unknown["lines"], json!([6]));
    assert_eq!(unknown["examples"], json!(["zz99"]));
    let missing = find("MISSING_IDS");
    assert_eq!(missing["count"], 36, "r05..r40 have no row");
    let examples = missing["examples"].as_array().unwrap();
    assert_eq!(examples.len(), 10, "at most ten examples");
    assert_eq!(examples[0], "r05");
    for d in details.as_array().unwrap() {
        assert!(!d["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(details.as_array().unwrap().len(), 5, "{details}");

    // Stored as invalid with the same errors.
    let mine = my_submissions(&app, &alice, &id).await;
    assert_eq!(mine["items"][0]["status"], "invalid");
    assert_eq!(mine["items"][0]["validationErrors"], details);
}

#[sqlx::test]
async fn the_deadline_closes_submissions_and_opens_the_private_board(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;
    let good = csv(&perfect(&labels()));
    let first = submit(&app, &alice, &id, &good).await;
    first.assert_status(StatusCode::CREATED);
    assert!(first.json()["privateScore"].is_null(), "hidden until the deadline");

    let private = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard?board=private")).await;
    private.assert_status(StatusCode::CONFLICT);
    let around = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard/around-me?board=private")).await;
    around.assert_status(StatusCode::CONFLICT);

    sqlx::query(
        "UPDATE competitions SET starts_at = now() - interval '2 days', deadline = now() - interval '1 hour'
          WHERE id = $1::uuid",
    )
    .bind(&id)
    .execute(&app.pool)
    .await
    .unwrap();

    let late = submit(&app, &alice, &id, &good).await;
    late.assert_status(StatusCode::CONFLICT);
    // The private results are out: the sponsor cannot reopen it by moving the deadline.
    let reopen = app
        .patch_as(
            &sponsor,
            &format!("/api/v1/competitions/{id}"),
            json!({ "deadline": Utc::now() + Duration::days(3) }),
        )
        .await;
    reopen.assert_status(StatusCode::CONFLICT);
    assert_eq!(reopen.conflict_reason(), ConflictReason::CompetitionEnded);
    assert_eq!(late.error_code(), "CONFLICT");
    assert_eq!(late.conflict_reason(), ConflictReason::DeadlinePassed);
    let competition = app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json();
    assert_eq!(competition["status"], "ended");
    let ended = app.get_as(&alice, "/api/v1/competitions?status=ended").await.json();
    assert!(ended["items"].as_array().unwrap().iter().any(|c| c["id"] == id.as_str()));

    let private = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard?board=private")).await;
    private.assert_status(StatusCode::OK);
    let private = private.json();
    assert_eq!(private["total"], 1);
    assert_eq!(private["items"][0]["displayName"], "Alice Baker");
    assert_eq!(private["items"][0]["score"], 1.0);
    let around = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard/around-me?board=private")).await;
    around.assert_status(StatusCode::OK);
    assert_eq!(around.json().as_array().unwrap().len(), 1);
    let mine = my_submissions(&app, &alice, &id).await;
    assert_eq!(mine["total"], 1, "the late upload was not stored");
    assert_eq!(mine["items"][0]["privateScore"], 1.0);
    // Nobody joins an ended competition.
    let bob = app.login("bob@demo.test").await;
    let join = app.post_as(&bob, &format!("/api/v1/competitions/{id}/enroll"), json!({})).await;
    join.assert_status(StatusCode::CONFLICT);
}

#[sqlx::test]
async fn invalidation_recomputes_the_ranks(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let bob = app.login("bob@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;
    enroll(&app, &bob, &id).await;

    let mediocre = submit(&app, &bob, &id, &csv(&[0.5; ROWS])).await;
    mediocre.assert_status(StatusCode::CREATED);
    assert_eq!(mediocre.json()["score"], 0.5);
    assert_eq!(mediocre.json()["rank"], 1);
    assert!(mediocre.json()["previousRank"].is_null());
    let leader = submit(&app, &alice, &id, &csv(&perfect(&labels()))).await;
    leader.assert_status(StatusCode::CREATED);
    assert_eq!(leader.json()["rank"], 1);
    let sid = leader.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(board(&app, &bob, &id).await, [("Alice Baker".to_owned(), 1, 1.0), ("Bob Chen".to_owned(), 2, 0.5)]);

    let uri = format!("/api/v1/competitions/{id}/admin/submissions/{sid}");
    let no_reason = app.patch_as(&sponsor, &uri, json!({"status": "invalidated", "reason": "  "})).await;
    no_reason.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let done = app.patch_as(&sponsor, &uri, json!({"status": "invalidated", "reason": "Used the test labels"})).await;
    done.assert_status(StatusCode::OK);
    assert_eq!(done.json()["status"], "invalidated");

    assert_eq!(board(&app, &bob, &id).await, [("Bob Chen".to_owned(), 1, 0.5)]);
    let bob_context = app.get_as(&bob, &format!("/api/v1/competitions/{id}/enrollment")).await.json();
    assert_eq!(bob_context["rank"], 1);
    let alice_context = app.get_as(&alice, &format!("/api/v1/competitions/{id}/enrollment")).await.json();
    assert!(alice_context["rank"].is_null());
    assert_eq!(alice_context["submissionsToday"], 1, "it still counted that day");

    // Alice sees it, with the reason, in her history.
    let mine = my_submissions(&app, &alice, &id).await;
    assert_eq!(mine["items"][0]["id"], sid.as_str());
    assert_eq!(mine["items"][0]["status"], "invalidated");
    assert_eq!(mine["items"][0]["invalidationReason"], "Used the test labels");
    assert!(mine["items"][0]["invalidatedAt"].is_string());

    // Only a scored submission can be invalidated; the action is audited.
    let again = app.patch_as(&sponsor, &uri, json!({"status": "invalidated", "reason": "again"})).await;
    again.assert_status(StatusCode::CONFLICT);
    assert_eq!(app.audit_count_for("competition.submission_invalidate", &sid).await, 1);
    let filtered =
        app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/submissions?status=invalidated")).await.json();
    assert_eq!(filtered["total"], 1);

    // A better upload brings Alice back on top.
    let back = submit(&app, &alice, &id, &csv(&perfect(&labels()))).await;
    assert_eq!(back.json()["rank"], 1);
    assert!(back.json()["previousRank"].is_null());
    assert_eq!(board(&app, &bob, &id).await[1].0, "Bob Chen");
}

#[sqlx::test]
async fn ties_go_to_whoever_reached_the_score_first(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let bob = app.login("bob@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;
    enroll(&app, &bob, &id).await;

    // Bob first: the earlier upload wins even though "Alice" sorts before "Bob".
    let same = csv(&perfect(&labels()));
    let first = submit(&app, &bob, &id, &same).await;
    first.assert_status(StatusCode::CREATED);
    let second = submit(&app, &alice, &id, &same).await;
    second.assert_status(StatusCode::CREATED);
    assert_eq!(second.json()["rank"], 2);
    assert_eq!(board(&app, &alice, &id).await, [("Bob Chen".to_owned(), 1, 1.0), ("Alice Baker".to_owned(), 2, 1.0)]);
    // A later equal score does not move Alice ahead: her best is still the one reached later.
    let again = submit(&app, &alice, &id, &same).await;
    assert_eq!(again.json()["rank"], 2);
    assert_eq!(again.json()["previousRank"], 2);

    // The paginated envelope.
    let page = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard?page=2&pageSize=1")).await;
    page.assert_status(StatusCode::OK);
    let page = page.json();
    assert_eq!(page["total"], 2);
    assert_eq!(page["page"], 2);
    assert_eq!(page["pageSize"], 1);
    assert_eq!(page["hasMore"], false);
    let row = &page["items"][0];
    assert_eq!(row["rank"], 2);
    assert_eq!(row["userId"], app.user_id("alice@demo.test").await.to_string());
    assert_eq!(row["displayName"], "Alice Baker");
    assert_eq!(row["entries"], 2);
    assert!(row["submittedAt"].is_string());
    let around = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard/around-me")).await.json();
    let ranks: Vec<i64> = around.as_array().unwrap().iter().map(|r| r["rank"].as_i64().unwrap()).collect();
    assert_eq!(ranks, [1, 2]);
}

#[sqlx::test]
async fn another_organization_sees_nothing(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let demo: String =
        sqlx::query_scalar("SELECT id::text FROM competitions WHERE title = 'Customer churn prediction'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let alice = app.login("alice@demo.test").await;
    assert_eq!(app.get_as(&alice, &format!("/api/v1/competitions/{demo}")).await.status, StatusCode::OK);

    let erin = app.login("erin@other.test").await;
    let other_admin = app.login("admin@other.test").await;
    for cookie in [&erin, &other_admin] {
        for path in [
            "",
            "/leaderboard",
            "/leaderboard/around-me",
            "/enrollment",
            "/submissions",
            "/announcements",
            "/sample-submission.csv",
            "/admin/stats",
            "/admin/participants",
            "/admin/submissions",
        ] {
            let res = app.get_as(cookie, &format!("/api/v1/competitions/{demo}{path}")).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}: {}", res.text());
            assert_eq!(res.error_code(), "NOT_FOUND");
            assert!(!res.text().contains("churn"), "{path} leaked: {}", res.text());
        }
        let join = app.post_as(cookie, &format!("/api/v1/competitions/{demo}/enroll"), json!({})).await;
        join.assert_status(StatusCode::NOT_FOUND);
        let upload = submit(&app, cookie, &demo, "id,prediction\nC0001,0.5\n").await;
        upload.assert_status(StatusCode::NOT_FOUND);
        let key = put_key(&app, cookie, &demo, "id,prediction\nC0001,1\n").await;
        key.assert_status(StatusCode::NOT_FOUND);
        let listed = app.get_as(cookie, "/api/v1/competitions").await.json();
        assert!(!listed["items"].as_array().unwrap().iter().any(|c| c["id"] == demo.as_str()));
    }
    let enrolled: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM competition_enrollments e JOIN users u ON u.id = e.user_id
          WHERE u.email LIKE '%@other.test'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(enrolled, 0);
}

#[sqlx::test]
async fn a_new_answer_key_rescores_every_submission(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let bob = app.login("bob@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;
    enroll(&app, &bob, &id).await;

    let truth = labels();
    let alice_upload = submit(&app, &alice, &id, &csv(&perfect(&truth))).await;
    assert_eq!(alice_upload.json()["score"], 1.0);
    let alice_sid = alice_upload.json()["id"].as_str().unwrap().to_owned();
    let bob_upload = submit(&app, &bob, &id, &csv(&inverted(&truth))).await;
    assert_eq!(bob_upload.json()["score"], 0.0);
    assert_eq!(board(&app, &alice, &id).await, [("Alice Baker".to_owned(), 1, 1.0), ("Bob Chen".to_owned(), 2, 0.0)]);

    // Version 2: the same ids, every label flipped.
    let flipped: Vec<f64> = truth.iter().map(|t| 1.0 - t).collect();
    let v2 = put_key(&app, &sponsor, &id, &csv(&flipped)).await;
    v2.assert_status(StatusCode::OK);
    let v2 = v2.json();
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["rowCount"], ROWS);
    assert_eq!(v2["rescoring"]["total"], 2);
    assert_eq!(v2["rescoring"]["status"], "pending");
    // The background worker rescores the stored files and records the rank moves at the end.
    assert_eq!(merit::competitions::rescoring::run_pending(&app.pool).await.unwrap(), 1);
    let job = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/rescoring")).await;
    job.assert_status(StatusCode::OK);
    let job = job.json();
    assert_eq!((job["status"].as_str(), job["done"].as_i64()), (Some("done"), Some(2)));
    let moves: Vec<(String, i64, i64)> = job["rankMoves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (m["displayName"].as_str().unwrap().to_owned(), m["before"].as_i64().unwrap(), m["after"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(moves, [("Bob Chen".to_owned(), 2, 1), ("Alice Baker".to_owned(), 1, 2)]);
    let rescored = app.get_as(&alice, &format!("/api/v1/competitions/{id}/submissions/{alice_sid}")).await.json();
    assert_eq!(rescored["score"], 0.0, "rescored against version 2");
    assert_eq!(board(&app, &alice, &id).await, [("Bob Chen".to_owned(), 1, 1.0), ("Alice Baker".to_owned(), 2, 0.0)]);
    let version: i32 = sqlx::query_scalar("SELECT answer_key_version FROM competition_submissions WHERE id = $1::uuid")
        .bind(&alice_sid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(version, 2);
    // New uploads are scored against version 2 as well.
    let fresh = submit(&app, &alice, &id, &csv(&perfect(&truth))).await;
    assert_eq!(fresh.json()["score"], 0.0);

    // An active competition's key keeps its ids.
    let mut other_ids: Vec<(String, String)> =
        ids().into_iter().zip(&truth).map(|(id, t)| (id, t.to_string())).collect();
    other_ids[39].0 = "x40".into();
    let changed = put_key(&app, &sponsor, &id, &csv_with("id", "prediction", &other_ids)).await;
    changed.assert_status(StatusCode::CONFLICT);
    assert_eq!(changed.conflict_reason(), ConflictReason::KeyIdsChanged);

    // For AUC each part needs both classes: a single 0 leaves the other part all 1s.
    let mut one_zero = vec![1.0; ROWS];
    one_zero[0] = 0.0;
    let single = put_key(&app, &sponsor, &id, &csv(&one_zero)).await;
    single.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(single.error_code(), "VALIDATION_ERROR");
    assert!(single.text().contains("both classes"), "{}", single.text());

    let competition = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}")).await.json();
    assert_eq!(competition["answerKeyVersion"], 2, "refused keys left no version");
    assert_eq!(app.audit_count_for("competition.answer_key_upload", &id).await, 2);
}

#[sqlx::test]
async fn creation_is_validated_and_activation_needs_a_key(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;

    let mut bad = input(5);
    bad["metric"] = json!("precision");
    bad["deadline"] = json!(Utc::now() - Duration::days(1));
    bad["publicShare"] = json!(1.5);
    let res = app.post_as(&sponsor, "/api/v1/competitions", bad).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "VALIDATION_ERROR");
    let fields: Vec<String> = res.json()["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap().to_owned())
        .collect();
    for field in ["metric", "deadline", "publicShare"] {
        assert!(fields.iter().any(|f| f == field), "{field} not in {fields:?}");
    }
    let mut limit = input(5);
    limit["dailySubmissionLimit"] = json!(0);
    assert_eq!(app.post_as(&sponsor, "/api/v1/competitions", limit).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    let id = draft(&app, &sponsor, 5).await;
    // A draft is its sponsor's alone.
    assert_eq!(app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.status, StatusCode::NOT_FOUND);
    let activate_uri = format!("/api/v1/competitions/{id}/activate");
    let early = app.post_as(&sponsor, &activate_uri, json!({})).await;
    early.assert_status(StatusCode::CONFLICT);
    assert_eq!(early.conflict_reason(), ConflictReason::NoAnswerKey);

    // A key with one class only is refused, even in a draft.
    let all_ones = put_key(&app, &sponsor, &id, &csv(&[1.0; ROWS])).await;
    all_ones.assert_status(StatusCode::BAD_REQUEST);
    let still = app.post_as(&sponsor, &activate_uri, json!({})).await;
    assert_eq!(still.conflict_reason(), ConflictReason::NoAnswerKey);

    let key = put_key(&app, &sponsor, &id, &csv(&labels())).await;
    key.assert_status(StatusCode::OK);
    let activated = app.post_as(&sponsor, &activate_uri, json!({})).await;
    activated.assert_status(StatusCode::OK);
    assert_eq!(activated.json()["status"], "active");
    let twice = app.post_as(&sponsor, &activate_uri, json!({})).await;
    twice.assert_status(StatusCode::CONFLICT);
    assert_eq!(app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.status, StatusCode::OK);
}

#[sqlx::test]
async fn the_sample_submission_lists_every_id(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let mut body = input(5);
    body["idColumn"] = json!("customer_id");
    body["predictionColumn"] = json!("churn");
    let created = app.post_as(&sponsor, "/api/v1/competitions", body).await;
    created.assert_status(StatusCode::CREATED);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let rows: Vec<(String, String)> = ids().into_iter().zip(labels()).map(|(id, t)| (id, t.to_string())).collect();
    let key = put_key(&app, &sponsor, &id, &csv_with("customer_id", "churn", &rows)).await;
    key.assert_status(StatusCode::OK);
    activate(&app, &sponsor, &id).await;

    let sample = app.get_as(&alice, &format!("/api/v1/competitions/{id}/sample-submission.csv")).await;
    sample.assert_status(StatusCode::OK);
    assert!(sample.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = sample.text();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("customer_id,churn"));
    let listed: Vec<String> = lines.map(|line| line.split(',').next().unwrap().to_owned()).collect();
    assert_eq!(listed, ids());

    // The sample itself is a valid submission.
    enroll(&app, &alice, &id).await;
    let res = submit(&app, &alice, &id, &text).await;
    res.assert_status(StatusCode::CREATED);
    assert_eq!(res.json()["score"], 0.5);
}

#[sqlx::test]
async fn slugs_avoid_the_create_page_and_lists_are_paginated(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let mut slugs = Vec::new();
    for title in ["New", "New", "Churn!", "churn"] {
        let mut body = input(5);
        body["title"] = json!(title);
        let created = app.post_as(&sponsor, "/api/v1/competitions", body).await;
        created.assert_status(StatusCode::CREATED);
        slugs.push(created.json()["slug"].as_str().unwrap().to_owned());
    }
    assert_eq!(slugs, ["new-2", "new-3", "churn", "churn-2"]);

    let first = app.get_as(&sponsor, "/api/v1/competitions?status=draft&pageSize=3").await.json();
    assert_eq!(first["total"], 4, "{first}");
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    assert_eq!(first["hasMore"], true);
    let second = app.get_as(&sponsor, "/api/v1/competitions?status=draft&pageSize=3&page=2").await.json();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["hasMore"], false);
    // The search reads titles and descriptions (all of these say "churn").
    let searched = app.get_as(&sponsor, "/api/v1/competitions?q=churn").await.json();
    assert_eq!(searched["total"], 5, "{searched}");
    let customer = app.get_as(&sponsor, "/api/v1/competitions?q=CUSTOMER").await.json();
    assert_eq!(customer["total"], 1, "{customer}");
    assert_eq!(customer["items"][0]["slug"], "customer-churn-prediction");
    let bad = app.get_as(&sponsor, "/api/v1/competitions?status=open").await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}
