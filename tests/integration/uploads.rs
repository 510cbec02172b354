//! Hostile uploads: rights and size are checked before a body is read, wide or long CSV lines
//! stay cheap, invalid files have their own limit, and every file problem is a clear 400.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use merit::domain::ConflictReason;
use serde_json::{json, Value};
use sqlx::PgPool;
use tower::ServiceExt;

use crate::common::{TestApp, TestResponse, HOST};
use crate::competitions::{
    activate, active, codes, csv, csv_with, draft, enroll, ids, input, labels, perfect, put_key, submit,
};

const MB: usize = 1024 * 1024;

/// A multipart body of `total` bytes produced lazily, counting how many bytes were pulled.
fn endless_body(total: usize) -> (Body, Arc<AtomicUsize>) {
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = pulled.clone();
    let head =
        b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\nid,prediction\n".to_vec();
    let stream = futures_util::stream::unfold(0usize, move |sent| {
        let counter = counter.clone();
        let head = head.clone();
        async move {
            if sent >= total {
                return None;
            }
            let chunk = if sent == 0 { head } else { b"r01,0.5\n".repeat(8 * 1024) };
            counter.fetch_add(chunk.len(), Ordering::SeqCst);
            Some((Ok::<_, std::io::Error>(Bytes::from(chunk.clone())), sent + chunk.len()))
        }
    });
    (Body::from_stream(stream), pulled)
}

async fn send_endless(
    app: &TestApp,
    cookie: &str,
    method: Method,
    uri: &str,
    total: usize,
    content_length: Option<usize>,
) -> (TestResponse, usize) {
    let (body, pulled) = endless_body(total);
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", HOST)
        .header("cookie", cookie)
        .header("content-type", "multipart/form-data; boundary=b");
    if let Some(length) = content_length {
        request = request.header("content-length", length.to_string());
    }
    let response = app.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let (parts, body) = response.into_parts();
    let res = TestResponse {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes().to_vec(),
    };
    (res, pulled.load(Ordering::SeqCst))
}

async fn submission_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM competition_submissions").fetch_one(&app.pool).await.unwrap()
}

#[sqlx::test]
async fn uploads_are_refused_before_their_body_is_read(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let bob = app.login("bob@demo.test").await;
    let outsider = app.login("admin@other.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;
    let rows_before = submission_rows(&app).await;
    let missing = uuid::Uuid::new_v4();
    let cases = [
        // Another organization, a competition that does not exist.
        (&outsider, Method::POST, format!("/api/v1/competitions/{missing}/submissions"), StatusCode::NOT_FOUND),
        (&outsider, Method::POST, format!("/api/v1/competitions/{id}/submissions"), StatusCode::NOT_FOUND),
        (&outsider, Method::PUT, format!("/api/v1/competitions/{id}/answer-key"), StatusCode::NOT_FOUND),
        // A viewer who is not enrolled, the sponsor submitting, a participant uploading a key.
        (&bob, Method::POST, format!("/api/v1/competitions/{id}/submissions"), StatusCode::FORBIDDEN),
        (&sponsor, Method::POST, format!("/api/v1/competitions/{id}/submissions"), StatusCode::FORBIDDEN),
        (&alice, Method::PUT, format!("/api/v1/competitions/{id}/answer-key"), StatusCode::FORBIDDEN),
    ];
    for (cookie, method, uri, expected) in cases {
        let (res, pulled) = send_endless(&app, cookie, method.clone(), &uri, 80 * MB, None).await;
        assert_eq!(res.status, expected, "{method} {uri}: {}", res.text());
        assert!(res.json()["error"]["code"].is_string());
        assert!(pulled < MB, "{method} {uri} read {pulled} bytes before refusing");
    }
    // Signed out: 401 without reading.
    let (res, pulled) = send_endless(
        &app,
        "merit.sid=nothing",
        Method::POST,
        &format!("/api/v1/competitions/{id}/submissions"),
        80 * MB,
        None,
    )
    .await;
    res.assert_status(StatusCode::UNAUTHORIZED);
    assert!(pulled < MB);

    // A participant announcing more than the cap gets 413 at once.
    let uri = format!("/api/v1/competitions/{id}/submissions");
    let (res, pulled) = send_endless(&app, &alice, Method::POST, &uri, 80 * MB, Some(80 * MB)).await;
    res.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.error_code(), "PAYLOAD_TOO_LARGE");
    assert_eq!(res.json()["error"]["details"]["limit"], 50 * MB);
    assert!(pulled < MB, "read {pulled} bytes");
    // An upload that does not announce its length is refused before it is read too.
    let (res, pulled) = send_endless(&app, &alice, Method::POST, &uri, 80 * MB, None).await;
    res.assert_status(StatusCode::LENGTH_REQUIRED);
    assert_eq!(res.error_code(), "LENGTH_REQUIRED");
    assert!(pulled < MB, "read {pulled} bytes");
    // One that announces less than it sends is read only as far as it announced.
    let (res, pulled) = send_endless(&app, &alice, Method::POST, &uri, 80 * MB, Some(2 * MB)).await;
    assert!(res.status.is_client_error(), "{}", res.status);
    assert!(pulled < 4 * MB, "read {pulled} bytes");
    assert_eq!(submission_rows(&app).await, rows_before, "nothing is stored");
}

fn error_of(res: &TestResponse, code: &str) -> Value {
    res.json()["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {}", res.text()))
        .clone()
}

#[sqlx::test]
async fn wide_headers_and_long_lines_stay_small(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;

    let mut wide = ",".repeat(3 * MB);
    wide.push_str("id,prediction\nr01,0.5\n");
    let res = submit(&app, &alice, &id, &wide).await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(codes(&res), vec!["TOO_MANY_COLUMNS"]);
    assert!(res.body.len() < 16 * 1024, "answer of {} bytes", res.body.len());

    let long_id = "x".repeat(2 * MB);
    let res = submit(&app, &alice, &id, &format!("id,prediction\n{long_id},0.5\n")).await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(codes(&res).contains(&"LINE_TOO_LONG".to_owned()), "{}", res.text());
    assert_eq!(error_of(&res, "LINE_TOO_LONG")["lines"], json!([2]));
    assert!(res.body.len() < 16 * 1024, "answer of {} bytes", res.body.len());

    // What is kept of the invalid uploads is small too.
    let stored: Vec<(i32, i32)> = sqlx::query_as(
        "SELECT octet_length(validation_errors::text), octet_length(file_bytes)
           FROM competition_submissions WHERE status = 'invalid'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored.len(), 2);
    for (errors, bytes) in stored {
        assert!(errors < 16 * 1024, "{errors} bytes of errors stored");
        assert_eq!(bytes, 0);
    }
    let listed = app.get_as(&alice, &format!("/api/v1/competitions/{id}/submissions")).await;
    assert!(listed.body.len() < 32 * 1024);
}

#[sqlx::test]
async fn invalid_uploads_have_their_own_generous_daily_limit(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = active(&app, &sponsor, 2).await;
    enroll(&app, &alice, &id).await;
    for i in 0..50 {
        let res = submit(&app, &alice, &id, "id,prediction\nnope,x\n").await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "invalid upload {i}");
    }
    let res = submit(&app, &alice, &id, "id,prediction\nnope,x\n").await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.json()["error"]["details"]["limit"], 50);
    assert_eq!(res.json()["error"]["details"]["used"], 50);
    // Valid files keep their own quota.
    let good = csv(&perfect(&labels()));
    assert_eq!(submit(&app, &alice, &id, &good).await.status, StatusCode::CREATED);
    let invalid: i64 = sqlx::query_scalar("SELECT count(*) FROM competition_submissions WHERE status = 'invalid'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(invalid, 50);
}

#[sqlx::test]
async fn sample_files_cannot_carry_spreadsheet_formulas(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = draft(&app, &sponsor, 5).await;
    let evil = ["=HYPERLINK(\"http://evil.example\")", "@SUM(1)", "+cmd", "-2"];
    let mut rows: Vec<(String, String)> = ids().into_iter().zip(labels()).map(|(id, t)| (id, t.to_string())).collect();
    for (i, bad) in evil.iter().enumerate() {
        rows[i].0 = format!("\"{}\"", bad.replace('"', "\"\""));
    }
    let key = put_key(&app, &sponsor, &id, &csv_with("id", "prediction", &rows)).await;
    key.assert_status(StatusCode::OK);
    activate(&app, &sponsor, &id).await;
    let sample = app.get_as(&alice, &format!("/api/v1/competitions/{id}/sample-submission.csv")).await;
    let text = sample.text();
    for line in text.lines().skip(1) {
        let cell = line.trim_start_matches('"');
        assert!(!cell.starts_with(['=', '+', '-', '@']), "a formula reaches the spreadsheet: {line}");
    }
    assert!(text.contains("'=HYPERLINK"), "{text}");
    // The sample, as downloaded, is still a valid submission.
    enroll(&app, &alice, &id).await;
    let res = submit(&app, &alice, &id, &text).await;
    res.assert_status(StatusCode::CREATED);
}

#[sqlx::test]
async fn keys_need_rows_in_both_parts(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let id = draft(&app, &sponsor, 5).await;
    let res = put_key(&app, &sponsor, &id, "id,prediction\nr01,1\n").await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(codes(&res).contains(&"KEY_PART_EMPTY".to_owned()), "{}", res.text());
    // A regression key with one row: the same.
    let mut body = input(5);
    body["metric"] = json!("rmse");
    let created = app.post_as(&sponsor, "/api/v1/competitions", body).await;
    let rmse = created.json()["id"].as_str().unwrap().to_owned();
    let res = put_key(&app, &sponsor, &rmse, "id,prediction\nr01,3.5\n").await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(codes(&res), vec!["KEY_PART_EMPTY"]);
    // Nothing to activate with.
    let activated = app.post_as(&sponsor, &format!("/api/v1/competitions/{rmse}/activate"), json!({})).await;
    activated.assert_status(StatusCode::CONFLICT);
}

#[sqlx::test]
async fn the_public_private_split_needs_a_server_secret(pool: PgPool) {
    use merit::domain::metrics::in_public_part;
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let id = draft(&app, &sponsor, 5).await;
    let competition = uuid::Uuid::parse_str(&id).unwrap();
    let many: Vec<(String, String)> = (0..400).map(|i| (format!("k{i}"), (i % 2).to_string())).collect();
    let key = put_key(&app, &sponsor, &id, &csv_with("id", "prediction", &many)).await;
    key.assert_status(StatusCode::OK);
    let stored: Vec<(String, bool)> = sqlx::query_as(
        "SELECT r.row_id, r.is_public FROM competition_answer_rows r
           JOIN competition_answer_keys k ON k.id = r.answer_key_id
          WHERE k.competition_id = $1",
    )
    .bind(competition)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let guessed =
        stored.iter().filter(|(row, public)| in_public_part(competition.as_bytes(), row, 0.5) == *public).count();
    // Knowing the competition id and the row ids predicts the split no better than chance.
    assert!(guessed < 260, "{guessed} of 400 rows guessed from public data");
    let competition_json = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}")).await.text();
    assert!(!competition_json.to_lowercase().contains("salt"));
    assert!(!competition_json.to_lowercase().contains("secret"));

    // A competition made before the secret existed keeps the split it had.
    sqlx::query("UPDATE competitions SET split_secret = NULL WHERE id = $1")
        .bind(competition)
        .execute(&app.pool)
        .await
        .unwrap();
    let again = put_key(&app, &sponsor, &id, &csv_with("id", "prediction", &many)).await;
    again.assert_status(StatusCode::OK);
    let legacy: Vec<(String, bool)> = sqlx::query_as(
        "SELECT r.row_id, r.is_public FROM competition_answer_rows r
           JOIN competition_answer_keys k ON k.id = r.answer_key_id
          WHERE k.competition_id = $1 AND k.version = 2",
    )
    .bind(competition)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(legacy.iter().all(|(row, public)| in_public_part(competition.as_bytes(), row, 0.5) == *public));
}

#[sqlx::test]
async fn nul_bytes_and_infinite_scores_are_clear_file_errors(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;
    let mut file = csv(&perfect(&labels()));
    file.insert(file.find("r05").unwrap() + 3, '\0');
    let res = submit(&app, &alice, &id, &file).await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(codes(&res).contains(&"NUL_BYTES".to_owned()), "{}", res.text());
    let recorded: i64 = sqlx::query_scalar("SELECT count(*) FROM competition_submissions WHERE status = 'invalid'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(recorded, 1, "the invalid upload is kept with its errors");

    // Regression scores that overflow are refused, not stored as Infinity.
    let mut body = input(5);
    body["metric"] = json!("rmse");
    let created = app.post_as(&sponsor, "/api/v1/competitions", body).await;
    let rmse = created.json()["id"].as_str().unwrap().to_owned();
    let truth: Vec<f64> = (1..=40).map(f64::from).collect();
    assert_eq!(put_key(&app, &sponsor, &rmse, &csv(&truth)).await.status, StatusCode::OK);
    activate(&app, &sponsor, &rmse).await;
    enroll(&app, &alice, &rmse).await;
    let res = submit(&app, &alice, &rmse, &csv(&vec![1e200; 40])).await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(codes(&res), vec!["SCORE_NOT_FINITE"]);
    let infinite: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM competition_submissions WHERE status = 'scored' AND competition_id = $1::uuid",
    )
    .bind(&rmse)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(infinite, 0);
}

#[sqlx::test]
async fn long_ids_quoted_newlines_and_extra_columns(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = draft(&app, &sponsor, 5).await;
    let mut rows: Vec<(String, String)> = ids().into_iter().zip(labels()).map(|(id, t)| (id, t.to_string())).collect();
    rows[3].0 = "y".repeat(3000);
    let res = put_key(&app, &sponsor, &id, &csv_with("id", "prediction", &rows)).await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(codes(&res), vec!["ID_TOO_LONG"]);
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;
    let mut file = String::from("id,prediction,note\n");
    for (row, value) in ids().iter().zip(perfect(&labels())) {
        file.push_str(&format!("{row},{value},\"two\nlines\"\n"));
    }
    let res = submit(&app, &alice, &id, &file).await;
    res.assert_status(StatusCode::CREATED);
    let body = res.json();
    assert_eq!(body["rowCount"], 40, "quoted newlines are not rows");
    assert_eq!(body["warnings"][0]["code"], "EXTRA_COLUMNS");
    assert_eq!(body["warnings"][0]["examples"], json!(["note"]));
}

#[sqlx::test]
async fn a_submission_that_no_longer_scores_becomes_invalid_instead_of_failing_the_key(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let mut body = input(5);
    body["metric"] = json!("rmse");
    let created = app.post_as(&sponsor, "/api/v1/competitions", body).await;
    let id = created.json()["id"].as_str().unwrap().to_owned();
    // Answers and predictions both 1e154: every error is 0.
    assert_eq!(put_key(&app, &sponsor, &id, &csv(&[1e154; 40])).await.status, StatusCode::OK);
    activate(&app, &sponsor, &id).await;
    enroll(&app, &alice, &id).await;
    let res = submit(&app, &alice, &id, &csv(&[1e154; 40])).await;
    res.assert_status(StatusCode::CREATED);
    // A corrected key of -1e154: the squared errors overflow for that stored file.
    let key = put_key(&app, &sponsor, &id, &csv(&[-1e154; 40])).await;
    key.assert_status(StatusCode::OK);
    assert_eq!(key.json()["rescoring"]["total"], 1);
    merit::competitions::rescoring::run_pending(&app.pool).await.unwrap();
    let job = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/rescoring")).await.json();
    assert_eq!(job["noLongerScored"], 1);
    assert_eq!(job["rankMoves"][0]["after"], Value::Null);
    let mine = crate::competitions::my_submissions(&app, &alice, &id).await;
    assert_eq!(mine["items"][0]["status"], "invalid");
    assert_eq!(mine["items"][0]["validationErrors"][0]["code"], "SCORE_NOT_FINITE");
}

#[sqlx::test]
async fn with_both_quotas_used_an_upload_is_refused_before_it_is_read(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = active(&app, &sponsor, 1).await;
    enroll(&app, &alice, &id).await;
    assert_eq!(submit(&app, &alice, &id, &csv(&perfect(&labels()))).await.status, StatusCode::CREATED);
    let uri = format!("/api/v1/competitions/{id}/submissions");
    // One quota used, the other not: a file is still read (it may be invalid).
    for _ in 0..50 {
        let res = submit(&app, &alice, &id, "id,prediction\nnope,x\n").await;
        res.assert_status(StatusCode::BAD_REQUEST);
    }
    let (res, pulled) = send_endless(&app, &alice, Method::POST, &uri, 40 * MB, Some(40 * MB)).await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(pulled < MB, "read {pulled} bytes");
}

#[sqlx::test]
async fn a_stored_key_without_a_private_part_cannot_be_activated(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let id = draft(&app, &sponsor, 5).await;
    assert_eq!(put_key(&app, &sponsor, &id, &csv(&labels())).await.status, StatusCode::OK);
    // As a key stored before both parts were required could be.
    sqlx::query(
        "UPDATE competition_answer_rows r SET is_public = true FROM competition_answer_keys k
          WHERE k.id = r.answer_key_id AND k.competition_id = $1::uuid",
    )
    .bind(&id)
    .execute(&app.pool)
    .await
    .unwrap();
    let res = app.post_as(&sponsor, &format!("/api/v1/competitions/{id}/activate"), json!({})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.conflict_reason(), ConflictReason::KeyPartEmpty);
}

#[sqlx::test]
async fn stored_files_are_compressed_with_lz4(pool: PgPool) {
    // pglz, PostgreSQL's default, took a large share of a 1,000,000-row upload's time.
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    enroll(&app, &alice, &id).await;
    let mut file = String::from("id,prediction,note\n");
    for (row, value) in ids().iter().zip(perfect(&labels())) {
        file.push_str(&format!("{row},{value},{}\n", "padding ".repeat(40)));
    }
    let res = submit(&app, &alice, &id, &file).await;
    res.assert_status(StatusCode::CREATED);
    let sid: uuid::Uuid = res.json()["id"].as_str().unwrap().parse().unwrap();
    let method: Option<String> =
        sqlx::query_scalar("SELECT pg_column_compression(file_bytes) FROM competition_submissions WHERE id = $1")
            .bind(sid)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(method.as_deref(), Some("lz4"));
}
