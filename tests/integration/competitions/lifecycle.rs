//! A competition from creation to a new answer key: validation, activation, the sample file,
//! slugs, rescoring, and another organization that sees none of it.

use super::*;

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
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let bob = enrolled(&app, "bob@demo.test", &id).await;

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
    let fields = res.error_fields();
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
