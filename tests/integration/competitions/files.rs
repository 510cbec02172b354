//! Downloads: a submission's file for its owner and the sponsor only, each answer-key version
//! for the sponsor, never across organizations.

use super::*;

fn header<'a>(res: &'a TestResponse, name: &str) -> &'a str {
    res.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[sqlx::test]
async fn the_owner_and_the_sponsor_download_a_submission_as_uploaded(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let contents = csv(&perfect(&labels()));
    let made = submit(&app, &alice, &id, &contents).await;
    made.assert_status(StatusCode::CREATED);
    let sid = made.json()["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/competitions/{id}/submissions/{sid}/file");

    for who in [&alice, &sponsor] {
        let file = app.get_as(who, &uri).await;
        file.assert_status(StatusCode::OK);
        assert_eq!(file.text(), contents, "the bytes as uploaded");
        assert_eq!(header(&file, "content-type"), "text/csv; charset=utf-8");
        assert!(header(&file, "content-disposition").starts_with("attachment; filename=\"predictions.csv\""));
        assert_eq!(header(&file, "x-content-type-options"), "nosniff");
    }

    // Another participant, a colleague who is not enrolled, and other organizations learn nothing.
    let bob = enrolled(&app, "bob@demo.test", &id).await;
    let carol = app.login("carol@demo.test").await;
    let other = app.login("admin@other.test").await;
    for who in [&bob, &carol, &other] {
        let denied = app.get_as(who, &uri).await;
        denied.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(denied.error_code(), "NOT_FOUND");
    }
    // Under another competition's id the submission does not exist.
    let elsewhere = active(&app, &sponsor, 5).await;
    app.get_as(&alice, &format!("/api/v1/competitions/{elsewhere}/submissions/{sid}/file"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Not signed in: 401.
    app.send(Req::get(&uri)).await.assert_status(StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn an_invalid_upload_has_no_file_and_an_invalidated_one_keeps_it(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let invalid = submit(&app, &alice, &id, "id,prediction\nr01,0.5\n").await;
    invalid.assert_status(StatusCode::BAD_REQUEST);
    let mine = app.get_as(&alice, &format!("/api/v1/competitions/{id}/submissions")).await.json();
    let invalid_id = mine["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(mine["items"][0]["status"], "invalid");
    app.get_as(&alice, &format!("/api/v1/competitions/{id}/submissions/{invalid_id}/file"))
        .await
        .assert_status(StatusCode::NOT_FOUND);

    let contents = csv(&perfect(&labels()));
    let sid = submit(&app, &alice, &id, &contents).await.json()["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/competitions/{id}/admin/submissions/{sid}");
    app.patch_as(&sponsor, &uri, json!({"status": "invalidated", "reason": "copied"}))
        .await
        .assert_status(StatusCode::OK);
    let file = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/submissions/{sid}/file")).await;
    file.assert_status(StatusCode::OK);
    assert_eq!(file.text(), contents);
}

#[sqlx::test]
async fn the_sponsor_downloads_each_answer_key_version(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let id = draft(&app, &sponsor, 5).await;
    let first = csv(&labels());
    put_key(&app, &sponsor, &id, &first).await.assert_status(StatusCode::OK);
    // Version 2 flips every label and starts with a cell a spreadsheet would run as a formula.
    let mut rows: Vec<(String, String)> =
        ids().into_iter().zip(labels()).map(|(id, v)| (id, (1.0 - v).to_string())).collect();
    rows[0].0 = "=r01".to_owned();
    let second = csv_with("id", "prediction", &rows);
    put_key(&app, &sponsor, &id, &second).await.assert_status(StatusCode::OK);

    let slug =
        app.get_as(&sponsor, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned();
    for (version, expected) in [(1, first), (2, second.replacen("=r01", "'=r01", 1))] {
        let file = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/answer-key/versions/{version}/file")).await;
        file.assert_status(StatusCode::OK);
        assert_eq!(file.text(), expected, "version {version}");
        assert_eq!(header(&file, "content-type"), "text/csv; charset=utf-8");
        let name = format!("attachment; filename=\"{slug}-answer-key-v{version}.csv\"");
        assert!(header(&file, "content-disposition").starts_with(&name), "{}", header(&file, "content-disposition"));
    }
    // The downloaded file uploads again as the same key.
    let again = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/answer-key/versions/1/file")).await.text();
    let third = put_key(&app, &sponsor, &id, &again).await;
    third.assert_status(StatusCode::OK);
    assert_eq!(third.json()["rowCount"], 40);

    let missing = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/answer-key/versions/9/file")).await;
    missing.assert_status(StatusCode::NOT_FOUND);
    // A colleague never reads the key: the draft is hidden from them (404); once it is active the
    // key is a sponsor tool (403). Another organization cannot see the competition at all.
    let alice = app.login("alice@demo.test").await;
    let other = app.login("admin@other.test").await;
    let uri = format!("/api/v1/competitions/{id}/answer-key/versions/1/file");
    app.get_as(&alice, &uri).await.assert_status(StatusCode::NOT_FOUND);
    activate(&app, &sponsor, &id).await;
    app.get_as(&alice, &uri).await.assert_status(StatusCode::FORBIDDEN);
    app.get_as(&other, &uri).await.assert_status(StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn the_pages_link_every_file_and_the_sponsor_pages_through_participants(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let sid = submit(&app, &alice, &id, &csv(&perfect(&labels()))).await.json()["id"].as_str().unwrap().to_owned();
    let slug =
        app.get_as(&sponsor, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned();
    let file = format!("/api/v1/competitions/{id}/submissions/{sid}/file");
    let mine = app.get_as(&alice, &format!("/competitions/{slug}?tab=submissions")).await.text();
    assert!(mine.contains(&format!("href=\"{file}\"")), "the history links the file");

    // 104 more colleagues enroll: the participant list has two pages of a hundred.
    sqlx::query(
        "INSERT INTO users (id, organization_id, email, display_name, password_hash, role)
         SELECT gen_random_uuid(), organization_id, 'p' || n || '@demo.test', 'Person ' || n, password_hash, 'employee'
           FROM users, generate_series(1, 104) n WHERE email = 'alice@demo.test'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO competition_enrollments (organization_id, competition_id, user_id)
         SELECT organization_id, $1::uuid, id FROM users WHERE email LIKE 'p%@demo.test'",
    )
    .bind(&id)
    .execute(&app.pool)
    .await
    .unwrap();
    // The count the enrollment use case keeps, kept by hand for these direct inserts.
    sqlx::query("UPDATE competition_counts SET participants = participants + 104 WHERE competition_id = $1::uuid")
        .bind(&id)
        .execute(&app.pool)
        .await
        .unwrap();
    let admin = app.get_as(&sponsor, &format!("/competitions/{slug}?tab=admin")).await.text();
    assert!(admin.contains(&format!("href=\"{file}\"")), "the sponsor's list links the file");
    assert!(admin.contains(&format!("/api/v1/competitions/{id}/answer-key/versions/1/file")));
    assert_eq!(admin.matches("data-testid=\"participant-row\"").count(), 100);
    assert!(admin.contains("participants=2"), "a link to the second page of participants");
    let second = app.get_as(&sponsor, &format!("/competitions/{slug}?tab=admin&participants=2")).await.text();
    assert_eq!(second.matches("data-testid=\"participant-row\"").count(), 5);

    // Each participant links to their submissions: the list narrows to them.
    let alice_id = app.user_id("alice@demo.test").await;
    assert!(admin.contains(&format!("user={alice_id}")));
    let hers = app.get_as(&sponsor, &format!("/competitions/{slug}?tab=admin&user={alice_id}")).await.text();
    assert!(hers.contains("Submissions of Alice"), "the heading names her");
    assert_eq!(hers.matches("data-testid=\"admin-submission-row\"").count(), 1);
    let bob_id = app.user_id("bob@demo.test").await;
    let his = app.get_as(&sponsor, &format!("/competitions/{slug}?tab=admin&user={bob_id}")).await.text();
    assert_eq!(his.matches("data-testid=\"admin-submission-row\"").count(), 0);
}
