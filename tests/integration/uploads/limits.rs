//! Rights, sizes and quotas are checked before a body is read; wide or long lines stay cheap;
//! stored files are compressed.

use super::*;

#[sqlx::test]
async fn uploads_are_refused_before_their_body_is_read(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let bob = app.login("bob@demo.test").await;
    let outsider = app.login("admin@other.test").await;
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

#[sqlx::test]
async fn wide_headers_and_long_lines_stay_small(pool: PgPool) {
    let Arena { app, alice, id, .. } = Arena::new(pool, 5).await;

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
    let Arena { app, alice, id, .. } = Arena::new(pool, 2).await;
    for i in 0..50 {
        let res = submit(&app, &alice, &id, "id,prediction\nnope,x\n").await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "invalid upload {i}");
    }
    let res = submit(&app, &alice, &id, "id,prediction\nnope,x\n").await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.json()["error"]["details"]["limit"], 50);
    assert_eq!(res.json()["error"]["details"]["used"], 50);
    assert_eq!(res.json()["error"]["details"]["scope"], "invalid");
    assert!(res.error_message().starts_with("Daily limit of invalid uploads reached"), "{}", res.text());
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
async fn with_both_quotas_used_an_upload_is_refused_before_it_is_read(pool: PgPool) {
    let Arena { app, alice, id, .. } = Arena::new(pool, 1).await;
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
async fn stored_files_are_compressed_with_lz4(pool: PgPool) {
    // pglz, PostgreSQL's default, took a large share of a 1,000,000-row upload's time.
    let Arena { app, alice, id, .. } = Arena::new(pool, 5).await;
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
