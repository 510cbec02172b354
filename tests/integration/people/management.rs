//! Managing people: the last-admin rule, HR's reach, deactivation, stage changes and the list.

use super::*;

#[sqlx::test]
async fn the_last_active_admin_cannot_be_removed(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let me = app.user_id("admin@demo.test").await;
    // Demoting oneself as the only admin.
    let res = app.patch_as(&admin, &format!("/api/v1/users/{me}"), json!({"role": "hr"})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "last_admin");
    // Deactivating oneself.
    let res = app.post_as(&admin, &format!("/api/v1/users/{me}/deactivate"), json!({})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "self");

    // With a second admin the first may step down; then the second is the last.
    let bob_id = app.user_id("bob@demo.test").await;
    let res = app.patch_as(&admin, &format!("/api/v1/users/{bob_id}"), json!({"role": "admin"})).await;
    res.assert_status(StatusCode::OK);
    let res = app.patch_as(&admin, &format!("/api/v1/users/{me}"), json!({"role": "employee"})).await;
    res.assert_status(StatusCode::OK);
    let bob = app.login("bob@demo.test").await;
    let res = app.patch_as(&bob, &format!("/api/v1/users/{bob_id}"), json!({"role": "manager"})).await;
    res.assert_status(StatusCode::CONFLICT);
    let admins: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users u JOIN organizations o ON o.id = u.organization_id
          WHERE o.slug = 'demo' AND u.role = 'admin' AND u.active",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(admins, 1);
    assert!(app.audit_count_for("user.updated", &me.to_string()).await >= 1);
}

#[sqlx::test]
async fn hr_manages_employees_and_managers_but_not_admins_or_hr(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let res = app
        .post_as(&hr, "/api/v1/users", json!({"email": "new.admin@demo.test", "displayName": "New", "role": "admin"}))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "forbidden_role");
    let alice = app.user_id("alice@demo.test").await;
    let res = app.patch_as(&hr, &format!("/api/v1/users/{alice}"), json!({"role": "hr"})).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.patch_as(&hr, &format!("/api/v1/users/{alice}"), json!({"role": "manager"})).await;
    res.assert_status(StatusCode::OK);
    let admin = app.user_id("admin@demo.test").await;
    let res = app.patch_as(&hr, &format!("/api/v1/users/{admin}"), json!({"displayName": "X"})).await;
    res.assert_status(StatusCode::FORBIDDEN);
    let res = app.post_as(&hr, &format!("/api/v1/users/{admin}/password-link"), json!({})).await;
    res.assert_status(StatusCode::FORBIDDEN);

    // Another organization's admin sees none of it.
    let other = app.login("admin@other.test").await;
    for (method, uri) in [
        (Method::GET, format!("/api/v1/users/{alice}")),
        (Method::PATCH, format!("/api/v1/users/{alice}")),
        (Method::POST, format!("/api/v1/users/{alice}/deactivate")),
        (Method::POST, format!("/api/v1/users/{alice}/password-link")),
    ] {
        let res = app.call_as(method.clone(), &other, &uri, json!({"displayName": "X"})).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {uri}");
    }
    // And a taken e-mail (in any organization) is a field error.
    let res = app
        .post_as(&hr, "/api/v1/users", json!({"email": "erin@other.test", "displayName": "Erin", "role": "employee"}))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "taken");
}

#[sqlx::test]
async fn deactivation_signs_out_at_the_next_request_and_keeps_records(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let alice_session = app.login("alice@demo.test").await;
    assert_eq!(app.get_as(&alice_session, "/api/v1/users/me").await.status, StatusCode::OK);
    let alice = app.user_id("alice@demo.test").await;
    let res = app.post_as(&admin, &format!("/api/v1/users/{alice}/deactivate"), json!({})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["active"], false);
    assert_eq!(app.get_as(&alice_session, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
    let page = app.get_as(&alice_session, "/goals").await;
    page.assert_status(StatusCode::SEE_OTHER);
    // Records stay; she cannot sign in again until reactivated.
    let still: i64 =
        sqlx::query_scalar("SELECT count(*) FROM users WHERE id = $1").bind(alice).fetch_one(&app.pool).await.unwrap();
    assert_eq!(still, 1);
    let res = app
        .post_as("", "/api/v1/auth/login", json!({"email": "alice@demo.test", "password": crate::common::PASSWORD}))
        .await;
    res.assert_status(StatusCode::UNAUTHORIZED);
    let res = app.post_as(&admin, &format!("/api/v1/users/{alice}/reactivate"), json!({})).await;
    res.assert_status(StatusCode::OK);
    app.login("alice@demo.test").await;
    assert_eq!(app.audit_count_for("user.deactivated", &alice.to_string()).await, 1);
    assert_eq!(app.audit_count_for("user.reactivated", &alice.to_string()).await, 1);

    // A manager who leads a team is not deactivated until the team has another manager.
    let ken = app.user_id("ken@demo.test").await;
    let res = app.post_as(&admin, &format!("/api/v1/users/{ken}/deactivate"), json!({})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "manages_teams");
}

#[sqlx::test]
async fn a_stage_change_shows_its_effect_and_sends_a_submitted_sheet_back(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    // Stage 4 is 80 / 20 / 10: a submitted sheet that meets it.
    let res = app
        .put_as(
            &employee,
            "/api/v1/goal-sheets/current",
            json!({"goals": [
                {"category": "quantitative", "title": "Revenue", "weight": 80},
                {"category": "qualitative", "title": "Project", "weight": 20},
                {"category": "competency", "title": "Mentoring", "weight": 10},
            ]}),
        )
        .await;
    res.assert_status(StatusCode::OK);
    let res = app.post_as(&employee, "/api/v1/goal-sheets/current/submit", json!({})).await;
    res.assert_status(StatusCode::OK);

    let hr = app.login("hr@demo.test").await;
    let emi = app.user_id("employee@demo.test").await;
    let six = stage_id(&app, 6).await;
    let preview = app.get_as(&hr, &format!("/api/v1/users/{emi}/stage-change?stageId={six}")).await;
    preview.assert_status(StatusCode::OK);
    let preview = preview.json();
    assert_eq!(preview["before"]["weightConfig"]["quantitative"], 80.0);
    assert_eq!(preview["after"]["weightConfig"]["quantitative"], 100.0);
    assert_eq!(preview["after"]["weightConfig"]["qualitative"], 0.0);
    assert_eq!(preview["sheet"]["status"], "submitted");
    assert_eq!(preview["sheet"]["needsRebalancing"], true);
    assert_eq!(preview["sheet"]["backToDraft"], true);
    // Previewing changes nothing.
    let sheet = app.get_as(&employee, "/api/v1/goal-sheets/current").await.json();
    assert_eq!(sheet["status"], "submitted");

    let res = app.patch_as(&hr, &format!("/api/v1/users/{emi}"), json!({"stageId": six})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["stage"]["number"], 6);
    let sheet = app.get_as(&employee, "/api/v1/goal-sheets/current").await.json();
    assert_eq!(sheet["status"], "draft");
    assert_eq!(sheet["stageNote"], json!({"fromStage": 4, "toStage": 6}));
    assert_eq!(sheet["budget"]["quantitative"], 100.0);
    assert_eq!(sheet["stage"]["number"], 6);

    // Rebalanced and submitted again, the note is gone.
    let res = app
        .put_as(
            &employee,
            "/api/v1/goal-sheets/current",
            json!({"goals": [
                {"category": "quantitative", "title": "Revenue", "weight": 100},
                {"category": "competency", "title": "Mentoring", "weight": 10},
            ]}),
        )
        .await;
    res.assert_status(StatusCode::OK);
    let res = app.post_as(&employee, "/api/v1/goal-sheets/current/submit", json!({})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["stageNote"], Value::Null);

    // The stage table counts people per stage and the open sheets a weight change touches.
    let stages = app.get_as(&hr, "/api/v1/stages").await.json();
    let six = stages["items"].as_array().unwrap().iter().find(|s| s["number"] == 6).unwrap().clone();
    assert_eq!(six["people"], 4);
    assert_eq!(six["openSheets"], 1);
}

#[sqlx::test]
async fn the_people_list_sorts_and_filters_by_status(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let by_stage = app.get_as(&admin, "/api/v1/users?sort=stage&order=desc").await.json();
    let numbers: Vec<i64> =
        by_stage["items"].as_array().unwrap().iter().map(|u| u["stage"]["number"].as_i64().unwrap()).collect();
    let mut sorted = numbers.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(numbers, sorted);
    let res = app.get_as(&admin, "/api/v1/users?sort=password&order=up").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.json();
    let fields: Vec<&str> =
        body["error"]["details"].as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"sort") && fields.contains(&"order"), "{fields:?}");

    let carol = app.user_id("carol@demo.test").await;
    app.post_as(&admin, &format!("/api/v1/users/{carol}/deactivate"), json!({})).await;
    let inactive = app.get_as(&admin, "/api/v1/users?status=inactive").await.json();
    assert_eq!(inactive["total"], 1);
    assert_eq!(inactive["items"][0]["email"], "carol@demo.test");
    let active = app.get_as(&admin, "/api/v1/users?status=active").await.json();
    assert_eq!(active["total"], 8);
    // The person object carries team and manager.
    let dave = &app.get_as(&admin, "/api/v1/users?q=dave").await.json()["items"][0];
    assert_eq!(dave["teamName"], "Sales");
    assert_eq!(dave["managerName"], "Ken Watanabe");
}
