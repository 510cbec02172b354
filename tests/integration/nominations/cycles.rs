//! Cycles: HR's rules and role gates with their audit rows, the nomination window, and conflicts
//! that name their reason.

use super::*;

#[sqlx::test]
async fn cycle_rules_role_gates_and_audit(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager, employee) =
        (app.login("hr@demo.test").await, app.login("manager@demo.test").await, app.login("employee@demo.test").await);
    let (start, end) = now_window();
    for cookie in [&manager, &employee] {
        let res = app.post_as(cookie, "/api/v1/cycles", json!({"name": "x", "startAt": start, "endAt": end})).await;
        res.assert_status(StatusCode::FORBIDDEN);
    }
    let bad = app
        .post_as(
            &hr,
            "/api/v1/cycles",
            json!({"name": "", "startAt": end, "endAt": start, "scaleMin": 5, "scaleMax": 1}),
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let created =
        app.post_as(&hr, "/api/v1/cycles", json!({"name": "Awards", "startAt": start, "endAt": end})).await.json();
    assert_eq!(created["status"], "draft");
    assert_eq!((created["scaleMin"].as_i64(), created["scaleMax"].as_i64()), (Some(1), Some(5)));
    let id = created["id"].as_str().unwrap();
    app.post_as(&hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": "Impact", "weight": 0.6})).await;
    let second = app
        .post_as(&hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": "Teamwork", "weight": 0.3}))
        .await
        .json();
    let bad_weight =
        app.post_as(&hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": "x", "weight": 1.5})).await;
    bad_weight.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let blocked = app.post_as(&hr, &format!("/api/v1/cycles/{id}/open"), json!({})).await;
    blocked.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blocked.json()["error"]["details"][0]["code"], "weights_sum");
    let fixed = app
        .patch_as(
            &hr,
            &format!("/api/v1/cycles/{id}/criteria/{}", second["id"].as_str().unwrap()),
            json!({"name": "Teamwork", "weight": 0.4}),
        )
        .await;
    fixed.assert_status(StatusCode::OK);
    assert_eq!(app.post_as(&hr, &format!("/api/v1/cycles/{id}/open"), json!({})).await.status, StatusCode::OK);

    // Criteria and settings change only while draft.
    let late = app.post_as(&hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": "x", "weight": 0.1})).await;
    late.assert_status(StatusCode::CONFLICT);
    let patch = app.patch_as(&hr, &format!("/api/v1/cycles/{id}"), json!({"name": "Renamed"})).await;
    patch.assert_status(StatusCode::CONFLICT);
    // Finalizing needs a closed cycle.
    assert_eq!(
        app.post_as(&hr, &format!("/api/v1/cycles/{id}/finalize"), json!({})).await.status,
        StatusCode::CONFLICT
    );

    for action in ["cycle.created", "criterion.created", "criterion.updated", "cycle.opened"] {
        assert!(app.audit_count(action).await >= 1, "{action} not audited");
    }
}

#[sqlx::test]
async fn nominations_are_accepted_only_inside_the_window(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager) = (app.login("hr@demo.test").await, app.login("manager@demo.test").await);
    let emi = app.user_id("employee@demo.test").await;
    for (start, end) in [
        (Utc::now() + Duration::days(1), Utc::now() + Duration::days(2)),
        (Utc::now() - Duration::days(2), Utc::now() - Duration::days(1)),
    ] {
        let (id, criteria) = cycle(&app, &hr, start, end).await;
        let res = app
            .post_as(&manager, &format!("/api/v1/cycles/{id}/nominations"), nomination(emi, &criteria, [3, 3]))
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "window {start}..{end}");
    }
}

/// Conflicts carry a machine-readable reason (pages translate it).
#[sqlx::test]
async fn conflicts_name_their_reason(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager) = (app.login("hr@demo.test").await, app.login("manager@demo.test").await);
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let uri = format!("/api/v1/cycles/{id}/nominations");
    let emi = app.user_id("employee@demo.test").await;
    let first = app.post_as(&manager, &uri, nomination(emi, &criteria, [4, 4])).await;
    first.assert_status(StatusCode::CREATED);
    let again = app.post_as(&manager, &uri, nomination(emi, &criteria, [3, 3])).await;
    again.assert_status(StatusCode::CONFLICT);
    assert_eq!(again.json()["error"]["details"]["reason"], "duplicate_nomination");
    let nid = first.json()["id"].as_str().unwrap().to_owned();
    app.post_as(&hr, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await;
    let twice = app.post_as(&hr, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await;
    twice.assert_status(StatusCode::CONFLICT);
    assert_eq!(twice.json()["error"]["details"]["reason"], "already_decided");
    assert_eq!(twice.json()["error"]["details"]["status"], "approved");
    let early = app.post_as(&hr, &format!("/api/v1/cycles/{id}/finalize"), json!({})).await;
    early.assert_status(StatusCode::CONFLICT);
    assert_eq!(early.json()["error"]["details"]["reason"], "cycle_status");
    assert_eq!(early.json()["error"]["details"]["needs"], "closed");
}

#[sqlx::test]
async fn a_drafts_criteria_are_replaced_as_one_set(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let (start, end) = now_window();
    let draft = app.post_as(&hr, "/api/v1/cycles", json!({"name": "Set", "startAt": start, "endAt": end})).await.json();
    let id = draft["id"].as_str().unwrap();
    let uri = format!("/api/v1/cycles/{id}/criteria");
    app.post_as(&hr, &uri, json!({"name": "Old", "weight": 1.0})).await.assert_status(StatusCode::CREATED);
    let names = |cycle: Value| -> Vec<String> {
        cycle["criteria"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect()
    };

    let set = json!({"criteria": [
        {"name": "Impact", "weight": 0.6},
        {"name": "Teamwork", "description": "Helps others", "weight": 0.3},
        {"name": "Spare", "weight": 0.5, "isActive": false},
        {"name": "Craft", "weight": 0.1},
    ]});
    let replaced = app.put_as(&hr, &uri, set).await;
    replaced.assert_status(StatusCode::OK);
    let list = replaced.json();
    let got: Vec<(&str, f64, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["weight"].as_f64().unwrap(), c["isActive"].as_bool().unwrap()))
        .collect();
    assert_eq!(got, [("Impact", 0.6, true), ("Teamwork", 0.3, true), ("Spare", 0.5, false), ("Craft", 0.1, true)]);
    let cycle = app.get_as(&hr, &format!("/api/v1/cycles/{id}")).await.json();
    assert_eq!(names(cycle), ["Impact", "Teamwork", "Spare", "Craft"]);
    assert_eq!(app.audit_count_for("criteria.replaced", id).await, 1);

    // Checked together: active weights must add up to 1.0; every bad item is named; nothing changes.
    let over =
        app.put_as(&hr, &uri, json!({"criteria": [{"name": "A", "weight": 0.6}, {"name": "B", "weight": 0.5}]})).await;
    over.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(over.field_errors()[0].field, "criteria");
    let bad = app
        .put_as(&hr, &uri, json!({"criteria": [{"name": "", "weight": 0.5}, {"name": "B", "weight": 0.1234}]}))
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = bad.field_errors().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["criteria[0].name", "criteria[1].weight"]);
    let empty = app.put_as(&hr, &uri, json!({"criteria": []})).await;
    empty.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let cycle = app.get_as(&hr, &format!("/api/v1/cycles/{id}")).await.json();
    assert_eq!(names(cycle), ["Impact", "Teamwork", "Spare", "Craft"]);
    assert_eq!(app.audit_count_for("criteria.replaced", id).await, 1);

    // HR only, and only while draft.
    let manager = app.login("manager@demo.test").await;
    let one = json!({"criteria": [{"name": "Only", "weight": 1.0}]});
    app.put_as(&manager, &uri, one.clone()).await.assert_status(StatusCode::FORBIDDEN);
    app.post_as(&hr, &format!("/api/v1/cycles/{id}/open"), json!({})).await.assert_status(StatusCode::OK);
    app.put_as(&hr, &uri, one).await.assert_status(StatusCode::CONFLICT);
}
