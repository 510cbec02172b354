//! Leaderboards: the deadline and the private board, invalidation, ties to the earliest.

use super::*;

#[sqlx::test]
async fn the_deadline_closes_submissions_and_opens_the_private_board(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let good = csv(&perfect(&labels()));
    let first = submit(&app, &alice, &id, &good).await;
    first.assert_status(StatusCode::CREATED);
    assert!(first.json()["privateScore"].is_null(), "hidden until the deadline");

    let private = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard?board=private")).await;
    private.assert_status(StatusCode::CONFLICT);
    let around = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard/around-me?board=private")).await;
    around.assert_status(StatusCode::CONFLICT);

    end_now(&app, &id).await;

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
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let bob = enrolled(&app, "bob@demo.test", &id).await;

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
    assert_eq!(header_entries(&app, &bob, &id).await, "2");

    let uri = format!("/api/v1/competitions/{id}/admin/submissions/{sid}");
    let no_reason = app.patch_as(&sponsor, &uri, json!({"status": "invalidated", "reason": "  "})).await;
    no_reason.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let done = app.patch_as(&sponsor, &uri, json!({"status": "invalidated", "reason": "Used the test labels"})).await;
    done.assert_status(StatusCode::OK);
    assert_eq!(done.json()["status"], "invalidated");

    assert_eq!(board(&app, &bob, &id).await, [("Bob Chen".to_owned(), 1, 0.5)]);
    assert_eq!(header_entries(&app, &bob, &id).await, "1", "an invalidated entry is not counted");
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
    assert_eq!(header_entries(&app, &bob, &id).await, "2");
}

/// The scored entries the competition page's header counts.
async fn header_entries(app: &TestApp, cookie: &str, id: &str) -> String {
    let slug =
        app.get_as(cookie, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned();
    let html = app.get_as(cookie, &format!("/competitions/{slug}")).await.text();
    let stat = &html[html.find(r#"data-testid="header-entries""#).expect("the header counts entries")..];
    let value = &stat[stat.find("<dd").unwrap()..];
    value[value.find('>').unwrap() + 1..value.find("</dd>").unwrap()].to_owned()
}

#[sqlx::test]
async fn ties_go_to_whoever_reached_the_score_first(pool: PgPool) {
    let Arena { app, alice, id, .. } = Arena::new(pool, 5).await;
    let bob = enrolled(&app, "bob@demo.test", &id).await;

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
