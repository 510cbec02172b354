//! Every file problem is a clear 400: formulas, keys without both parts, NUL bytes, infinite
//! scores, long ids, quoted newlines, extra columns, and keys that no longer score a submission.

use super::*;

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
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
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
