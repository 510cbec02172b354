//! Nominating and deciding: the scoring rules, four-eyes decisions, what a manager may see and
//! act on, and the pages each role gets.

use super::*;

#[sqlx::test]
async fn nominations_follow_the_rules(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager, employee) =
        (app.login("hr@demo.test").await, app.login("manager@demo.test").await, app.login("employee@demo.test").await);
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let uri = format!("/api/v1/cycles/{id}/nominations");
    let emi = app.user_id("employee@demo.test").await;
    let mika = app.user_id("manager@demo.test").await;

    assert_eq!(app.post_as(&employee, &uri, nomination(mika, &criteria, [5, 5])).await.status, StatusCode::FORBIDDEN);
    let own = app.post_as(&manager, &uri, nomination(mika, &criteria, [5, 5])).await;
    own.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(own.json()["error"]["details"][0]["field"], "nomineeId");
    let out_of_scale = app.post_as(&manager, &uri, nomination(emi, &criteria, [6, 0])).await;
    out_of_scale.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let details = out_of_scale.json()["error"]["details"].clone();
    let fields: Vec<&str> = details.as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["scores[0].score", "scores[1].score"]);
    let missing = app
        .post_as(
            &manager,
            &uri,
            json!({"nomineeId": emi, "justification": "x", "scores": [{"criterionId": criteria[0], "score": 3}]}),
        )
        .await;
    missing.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let ok = app.post_as(&manager, &uri, nomination(emi, &criteria, [5, 4])).await;
    ok.assert_status(StatusCode::CREATED);
    let body = ok.json();
    assert_eq!(body["status"], "pending");
    assert_eq!(body["weightedScore"], 4.6);
    let duplicate = app.post_as(&manager, &uri, nomination(emi, &criteria, [1, 1])).await;
    duplicate.assert_status(StatusCode::CONFLICT);

    // Four eyes: not the submitter, not the nominee; pending only; rejections need a reason.
    let nid = body["id"].as_str().unwrap();
    assert_eq!(
        app.post_as(&manager, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let no_reason = app.post_as(&hr, &format!("/api/v1/nominations/{nid}/reject"), json!({})).await;
    no_reason.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let approved = app.post_as(&hr, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await;
    approved.assert_status(StatusCode::OK);
    assert_eq!(approved.json()["status"], "approved");
    assert_eq!(
        app.post_as(&hr, &format!("/api/v1/nominations/{nid}/reject"), json!({"reason": "late"})).await.status,
        StatusCode::CONFLICT
    );

    // Deciders see all nominations; an employee sees only their own (none).
    assert_eq!(app.get_as(&hr, &uri).await.json()["total"], 1);
    assert_eq!(app.get_as(&employee, &uri).await.json()["total"], 0);
    // Rankings are for HR until finalized.
    assert_eq!(app.get_as(&employee, &format!("/api/v1/cycles/{id}/rankings")).await.status, StatusCode::FORBIDDEN);

    // Another organization cannot see or touch any of it.
    let other = app.login("admin@other.test").await;
    assert_eq!(app.get_as(&other, &format!("/api/v1/cycles/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post_as(&other, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_as(&other, &format!("/api/v1/cycles/{id}/close"), json!({})).await.status,
        StatusCode::NOT_FOUND
    );

    for action in ["nomination.submitted", "nomination.approved"] {
        assert_eq!(app.audit_count_for(action, nid).await, 1, "{action}");
    }
}

/// The nomination pages render for the right people, with the hooks the browser tests use.
#[sqlx::test]
async fn nomination_pages_render_by_role(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager, employee) =
        (app.login("hr@demo.test").await, app.login("manager@demo.test").await, app.login("employee@demo.test").await);
    let open = app.get_as(&employee, "/api/v1/cycles?status=open").await.json();
    let open_id = open["items"][0]["id"].as_str().unwrap().to_owned();

    let list = app.get_as(&manager, "/nominations").await;
    list.assert_status(StatusCode::OK);
    let html = list.text();
    assert!(html.contains("FY2026 H2 Recognition"));
    assert!(html.contains("data-testid=\"nominate-button\""));
    assert!(html.contains("data-testid=\"cycle-row\""));
    let html = app.get_as(&employee, "/nominations").await.text();
    assert!(html.contains("FY2026 H1 Recognition"));
    assert!(!html.contains("data-testid=\"nominate-button\""));

    let form = app.get_as(&manager, &format!("/nominations/{open_id}/nominate")).await;
    form.assert_status(StatusCode::OK);
    let html = form.text();
    assert_eq!(html.matches("data-testid=\"criterion-score\"").count(), 2);
    for hook in ["nominee-select", "nomination-total", "nomination-submit"] {
        assert!(html.contains(&format!("data-testid=\"{hook}\"")), "{hook}");
    }
    assert!(!html.contains("Mika Sato (manager@demo.test)"), "no self-nomination");
    assert_eq!(app.get_as(&employee, &format!("/nominations/{open_id}/nominate")).await.status, StatusCode::FORBIDDEN);

    let review = app.get_as(&hr, &format!("/nominations/{open_id}/review")).await.text();
    assert_eq!(review.matches("data-testid=\"review-item\"").count(), 2);
    assert_eq!(
        app.get_as(&employee, &format!("/nominations/{open_id}/leaderboard")).await.status,
        StatusCode::FORBIDDEN
    );
    let board = app.get_as(&hr, &format!("/nominations/{open_id}/leaderboard")).await;
    board.assert_status(StatusCode::OK);
    assert!(board.text().contains("data-rank=\"1\""));

    let history = app.get_as(&employee, "/nominations/history").await;
    history.assert_status(StatusCode::OK);
    let html = history.text();
    assert_eq!(html.matches("data-testid=\"leaderboard-row\"").count(), 4);
    assert!(html.contains("data-tied=\"true\""));

    assert_eq!(app.get_as(&manager, "/admin/cycles").await.status, StatusCode::FORBIDDEN);
    let admin = app.get_as(&hr, "/admin/cycles").await;
    admin.assert_status(StatusCode::OK);
    assert!(admin.text().contains("data-testid=\"cycle-new\""));
    let missing = app.get_as(&hr, &format!("/admin/cycles/{}", uuid::Uuid::new_v4())).await;
    missing.assert_status(StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn managers_see_only_the_nominations_they_may_act_on(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let admin = app.login("admin@demo.test").await;
    let manager = app.login("manager@demo.test").await;
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let mika = app.user_id("manager@demo.test").await;
    // HR nominates the manager herself; Ken nominates Alice and HR approves it.
    let about_her =
        app.post_as(&hr, &format!("/api/v1/cycles/{id}/nominations"), nomination(mika, &criteria, [5, 5])).await;
    about_her.assert_status(StatusCode::CREATED);
    let ken = app.login("ken@demo.test").await;
    let decided = app
        .post_as(
            &ken,
            &format!("/api/v1/cycles/{id}/nominations"),
            nomination(app.user_id("alice@demo.test").await, &criteria, [3, 3]),
        )
        .await;
    let decided_id = decided.json()["id"].as_str().unwrap().to_owned();
    let res = app.post_as(&admin, &format!("/api/v1/nominations/{decided_id}/approve"), json!({})).await;
    res.assert_status(StatusCode::OK);
    // A pending one she may decide, and her own.
    let pending = app
        .post_as(
            &ken,
            &format!("/api/v1/cycles/{id}/nominations"),
            nomination(app.user_id("bob@demo.test").await, &criteria, [2, 2]),
        )
        .await;
    let pending_id = pending.json()["id"].as_str().unwrap().to_owned();
    let own = app
        .post_as(
            &manager,
            &format!("/api/v1/cycles/{id}/nominations"),
            nomination(app.user_id("carol@demo.test").await, &criteria, [4, 4]),
        )
        .await;
    let own_id = own.json()["id"].as_str().unwrap().to_owned();

    let listed = app.get_as(&manager, &format!("/api/v1/cycles/{id}/nominations")).await;
    listed.assert_status(StatusCode::OK);
    let body = listed.json();
    let items = body["items"].as_array().unwrap().clone();
    let ids: Vec<&str> = items.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&pending_id.as_str()), "pending ones she may decide");
    assert!(ids.contains(&own_id.as_str()), "her own");
    assert!(!ids.contains(&decided_id.as_str()), "others' decided nominations rebuild the ranking");
    assert!(
        !items.iter().any(|n| n["nomineeId"] == mika.to_string()),
        "nominations about herself stay hidden: {items:?}"
    );
    // HR sees everything.
    let all = app.get_as(&hr, &format!("/api/v1/cycles/{id}/nominations")).await.json();
    assert_eq!((all["total"].as_i64(), all["items"].as_array().unwrap().len()), (Some(4), 4));
    // Paged like every other list.
    let second = app.get_as(&hr, &format!("/api/v1/cycles/{id}/nominations?page=2&pageSize=3")).await.json();
    assert_eq!((second["page"].as_i64(), second["pageSize"].as_i64()), (Some(2), Some(3)));
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    let bad = app.get_as(&hr, &format!("/api/v1/cycles/{id}/nominations?pageSize=0")).await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}
