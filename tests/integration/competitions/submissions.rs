//! Uploads: the daily limit under parallel uploads, invalid files that do not count, every
//! validation problem at once.

use super::*;

#[sqlx::test]
async fn twenty_parallel_uploads_respect_the_daily_limit(pool: PgPool) {
    let Arena { app, alice, id, .. } = Arena::new(pool, 5).await;

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
        // The daily quota says what it is, not the sign-in throttle's "too many attempts".
        assert!(res.error_message().starts_with("Daily submission limit reached"), "{}", res.text());
        assert_eq!(error["details"]["scope"], "daily");
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
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 2).await;
    let bob = enrolled(&app, "bob@demo.test", &id).await;

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
    let Arena { app, alice, id, .. } = Arena::new(pool, 5).await;

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
