//! Teams and evaluation periods: a manager's team and review rights follow team changes at
//! once; one period is open at a time; closing a period makes its sheets read-only, and the
//! employee still reads them.

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::common::TestApp;

#[sqlx::test]
async fn team_changes_move_review_rights_at_once(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let ken = app.login("ken@demo.test").await;
    let ken_id = app.user_id("ken@demo.test").await;
    let alice = app.user_id("alice@demo.test").await;

    // Alice (Product, under Mika) submits a sheet.
    let alice_session = app.login("alice@demo.test").await;
    let saved = app
        .put_as(
            &alice_session,
            "/api/v1/goal-sheets/current",
            json!({"goals": [
                {"category": "quantitative", "title": "Q", "weight": 70},
                {"category": "qualitative", "title": "P", "weight": 30},
                {"category": "competency", "title": "C", "weight": 10},
            ]}),
        )
        .await;
    saved.assert_status(StatusCode::OK);
    let sheet = saved.json()["id"].as_str().unwrap().to_owned();
    let res = app.post_as(&alice_session, "/api/v1/goal-sheets/current/submit", json!({})).await;
    res.assert_status(StatusCode::OK);
    let approve = format!("/api/v1/goal-sheets/{sheet}/approve");
    assert_eq!(app.post_as(&ken, &approve, json!({})).await.status, StatusCode::FORBIDDEN);

    // A new team under Ken, with Alice in it: she leaves Product.
    let res = app.post_as(&hr, "/api/v1/teams", json!({"name": "Growth", "managerId": ken_id})).await;
    res.assert_status(StatusCode::CREATED);
    let growth = res.json()["id"].as_str().unwrap().to_owned();
    let res = app.put_as(&hr, &format!("/api/v1/teams/{growth}/members"), json!({"userIds": [alice]})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["members"][0]["email"], "alice@demo.test");
    let teams = app.get_as(&hr, "/api/v1/teams").await.json();
    let product = teams.as_array().unwrap().iter().find(|t| t["name"] == "Product").unwrap();
    assert!(!product["members"].as_array().unwrap().iter().any(|m| m["email"] == "alice@demo.test"));

    // Ken now sees and reviews her; Mika no longer does.
    let team_sheets = app.get_as(&ken, "/team/goals").await;
    assert!(team_sheets.text().contains("Alice Baker"));
    let mika = app.login("manager@demo.test").await;
    assert_eq!(app.post_as(&mika, &approve, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post_as(&ken, &approve, json!({})).await.status, StatusCode::OK);

    // Renaming, a manager who is a member, deleting a team with members, then empty.
    let res = app.patch_as(&hr, &format!("/api/v1/teams/{growth}"), json!({"name": "Growth & Sales"})).await;
    assert_eq!(res.json()["name"], "Growth & Sales");
    let res = app.patch_as(&hr, &format!("/api/v1/teams/{growth}"), json!({"managerId": alice})).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call_as(Method::DELETE, &hr, &format!("/api/v1/teams/{growth}"), json!({})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "team_not_empty");
    app.put_as(&hr, &format!("/api/v1/teams/{growth}/members"), json!({"userIds": []})).await;
    let res = app.call_as(Method::DELETE, &hr, &format!("/api/v1/teams/{growth}"), json!({})).await;
    res.assert_status(StatusCode::NO_CONTENT);
    for action in ["team.created", "team.members_set", "team.updated", "team.deleted"] {
        assert!(app.audit_count(action).await >= 1, "{action}");
    }
    // An employee cannot lead a team; another organization's team is not found.
    let res = app.post_as(&hr, "/api/v1/teams", json!({"name": "X", "managerId": alice})).await;
    assert_eq!(res.json()["error"]["details"][0]["code"], "not_a_manager");
    let other = app.login("admin@other.test").await;
    let product_id = product["id"].as_str().unwrap();
    let res = app.patch_as(&other, &format!("/api/v1/teams/{product_id}"), json!({"name": "Mine"})).await;
    res.assert_status(StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn one_period_is_open_and_a_closed_one_is_read_only(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let employee = app.login("employee@demo.test").await;
    let periods = app.get_as(&admin, "/api/v1/periods").await.json();
    let current = periods[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(periods[0]["status"], "open");

    // A sheet in the current period, submitted for review.
    let saved = app
        .put_as(
            &employee,
            "/api/v1/goal-sheets/current",
            json!({"goals": [
                {"category": "quantitative", "title": "Q", "weight": 80},
                {"category": "qualitative", "title": "P", "weight": 20},
                {"category": "competency", "title": "C", "weight": 10},
            ]}),
        )
        .await;
    let sheet = saved.json()["id"].as_str().unwrap().to_owned();
    app.post_as(&employee, "/api/v1/goal-sheets/current/submit", json!({})).await;

    let res = app
        .post_as(&admin, "/api/v1/periods", json!({"name": "FY2099", "startsOn": "2099-01-01", "endsOn": "2099-12-31"}))
        .await;
    res.assert_status(StatusCode::CREATED);
    assert_eq!(res.json()["status"], "planning");
    let next = res.json()["id"].as_str().unwrap().to_owned();
    let res = app
        .post_as(&admin, "/api/v1/periods", json!({"name": "FY2099", "startsOn": "2099-01-01", "endsOn": "2099-12-31"}))
        .await;
    assert_eq!(res.json()["error"]["details"][0]["code"], "taken");
    let res = app
        .post_as(
            &admin,
            "/api/v1/periods",
            json!({"name": "Backwards", "startsOn": "2099-12-31", "endsOn": "2099-01-01"}),
        )
        .await;
    assert_eq!(res.json()["error"]["details"][0]["code"], "before_start");

    // Two open periods: never.
    let res = app.post_as(&admin, &format!("/api/v1/periods/{next}/open"), json!({})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "period_open");

    let res = app.post_as(&admin, &format!("/api/v1/periods/{current}/close"), json!({})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["status"], "closed");
    // Read-only: no review, no edit (there is no open period to edit in).
    let manager = app.login("manager@demo.test").await;
    let res = app.post_as(&manager, &format!("/api/v1/goal-sheets/{sheet}/approve"), json!({})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "period_closed");
    let res = app.put_as(&employee, "/api/v1/goal-sheets/current", json!({"goals": []})).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "no_open_period");

    // The next period opens; the employee starts a new sheet and still reads the old one.
    let res = app.post_as(&admin, &format!("/api/v1/periods/{next}/open"), json!({})).await;
    res.assert_status(StatusCode::OK);
    let fresh = app.get_as(&employee, "/api/v1/goal-sheets/current").await.json();
    assert_eq!(fresh["periodName"], "FY2099");
    assert_eq!(fresh["goals"], json!([]));
    let old = app.get_as(&employee, &format!("/api/v1/periods/{current}/goal-sheet")).await;
    old.assert_status(StatusCode::OK);
    let old = old.json();
    assert_eq!(old["status"], "submitted");
    assert_eq!(old["periodStatus"], "closed");
    assert_eq!(old["goals"].as_array().unwrap().len(), 3);
    let mine = app.get_as(&employee, "/api/v1/goal-sheets/mine").await.json();
    let names: Vec<&str> = mine.as_array().unwrap().iter().map(|p| p["periodName"].as_str().unwrap()).collect();
    assert_eq!(names, ["FY2099", periods[0]["name"].as_str().unwrap()]);
    // Someone without a sheet in the old period: 404.
    let alice = app.login("alice@demo.test").await;
    assert_eq!(
        app.get_as(&alice, &format!("/api/v1/periods/{current}/goal-sheet")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.audit_count("period.opened").await, 1);
    assert_eq!(app.audit_count("period.closed").await, 1);
    // Only admins change periods.
    let hr = app.login("hr@demo.test").await;
    let res = app.post_as(&hr, &format!("/api/v1/periods/{next}/close"), json!({})).await;
    res.assert_status(StatusCode::FORBIDDEN);
}
