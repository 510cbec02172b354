//! Goal sheets: budgets on save and submit, the legacy rule, the no-stage error, manager review.

use axum::http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use merit::domain::FieldCode;

use crate::common::{Req, TestApp, TestResponse};

pub(crate) fn goal(category: &str, title: &str, weight: f64) -> Value {
    json!({"category": category, "title": title, "description": "", "measure": "", "weight": weight})
}

pub(crate) async fn put(app: &TestApp, cookie: &str, goals: Vec<Value>) -> TestResponse {
    app.put_as(cookie, "/api/v1/goal-sheets/current", json!({"goals": goals})).await
}

pub(crate) async fn submit(app: &TestApp, cookie: &str) -> TestResponse {
    app.send(Req::post("/api/v1/goal-sheets/current/submit").cookie(cookie)).await
}

/// A stage-4 sheet (80/20/10) that meets every budget.
fn full_stage4() -> Vec<Value> {
    vec![
        goal("quantitative", "Revenue", 40.0),
        goal("quantitative", "Margin", 40.0),
        goal("qualitative", "Launch PJ", 20.0),
        goal("competency", "Coaching", 10.0),
    ]
}

#[track_caller]
fn codes(res: &TestResponse) -> Vec<(String, FieldCode)> {
    res.field_errors().into_iter().map(|e| (e.field, e.code)).collect()
}

#[sqlx::test]
async fn a_new_sheet_is_empty_and_held_to_the_stage_budget(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("employee@demo.test").await;
    let sheet = app.get_as(&cookie, "/api/v1/goal-sheets/current").await;
    sheet.assert_status(StatusCode::OK);
    let body = sheet.json();
    assert!(body["id"].is_null());
    assert_eq!(body["status"], "draft");
    assert_eq!(body["goals"], json!([]));
    assert_eq!(body["budget"]["quantitative"], 80.0);
    assert!(body["periodId"].is_string());
}

#[sqlx::test]
async fn over_budget_saves_are_refused_and_under_budget_drafts_kept(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("employee@demo.test").await;
    let over =
        put(&app, &cookie, vec![goal("quantitative", "Revenue", 50.0), goal("quantitative", "Margin", 31.0)]).await;
    over.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&over), [("goals.quantitative".to_owned(), FieldCode::OverBudget)]);
    // Refused whole: no sheet was created.
    let sheets: i64 = sqlx::query_scalar("SELECT count(*) FROM goal_sheets").fetch_one(&app.pool).await.unwrap();
    assert_eq!(sheets, 0);

    let under = put(&app, &cookie, vec![goal("quantitative", "Revenue", 40.0)]).await;
    under.assert_status(StatusCode::OK);
    assert_eq!(under.json()["goals"].as_array().unwrap().len(), 1);
    assert_eq!(app.get_as(&cookie, "/api/v1/goal-sheets/current").await.json()["goals"][0]["weight"], 40.0);

    let early = submit(&app, &cookie).await;
    early.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(codes(&early).contains(&("goals.quantitative".to_owned(), FieldCode::UnderBudget)));

    assert_eq!(put(&app, &cookie, full_stage4()).await.status, StatusCode::OK);
    let submitted = submit(&app, &cookie).await;
    submitted.assert_status(StatusCode::OK);
    assert_eq!(submitted.json()["status"], "submitted");
    // Submitted sheets are read-only for their owner.
    assert_eq!(put(&app, &cookie, full_stage4()).await.status, StatusCode::CONFLICT);
    assert_eq!(app.audit_count("goal_sheet.submitted").await, 1);
}

#[sqlx::test]
async fn tampered_goals_get_the_same_errors_as_the_form(pool: PgPool) {
    let app = TestApp::new(pool).await;
    // Dave is on stage 6: qualitative goals are not evaluated (0%).
    let cookie = app.login("dave@demo.test").await;
    let res = put(
        &app,
        &cookie,
        vec![goal("qualitative", "PJ", 5.0), goal("quantitative", "", 33.333), goal("competency", "x", 120.0)],
    )
    .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let found = codes(&res);
    for expected in [
        ("goals[0].weight", FieldCode::ZeroBudgetCategory),
        ("goals[1].title", FieldCode::Required),
        ("goals[1].weight", FieldCode::TooManyDecimals),
        ("goals[2].weight", FieldCode::OutOfRange),
        ("goals.qualitative", FieldCode::OverBudget),
    ] {
        assert!(found.contains(&(expected.0.to_owned(), expected.1)), "{expected:?} not in {found:?}");
    }
    let bad_category = app
        .put_as(
            &cookie,
            "/api/v1/goal-sheets/current",
            json!({"goals": [{"category": "bonus", "title": "x", "weight": 1}]}),
        )
        .await;
    bad_category.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}

#[sqlx::test]
async fn legacy_sheets_keep_their_budget_until_a_weight_changes(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    assert_eq!(put(&app, &employee, full_stage4()).await.status, StatusCode::OK);

    // The admin moves stage 4 to 85/15/10.
    let admin = app.login("admin@demo.test").await;
    let stages = app.get_as(&admin, "/api/v1/stages").await.json();
    let s4 = stages["items"].as_array().unwrap().iter().find(|s| s["number"] == 4).unwrap().clone();
    let res = app.patch_as(&admin, &format!("/api/v1/stages/{}/weights", s4["id"].as_str().unwrap()), json!({"quantitativeWeight": 85, "qualitativeWeight": 15, "competencyWeight": 10, "version": s4["version"]}))
        .await;
    res.assert_status(StatusCode::OK);

    // The saved sheet is still held to 80/20/10: renaming a goal keeps it valid.
    let sheet = app.get_as(&employee, "/api/v1/goal-sheets/current").await.json();
    assert_eq!(sheet["budget"]["quantitative"], 80.0);
    assert_eq!(sheet["stage"]["weightConfig"]["quantitative"], 85.0);
    let mut renamed = full_stage4();
    renamed[0]["title"] = json!("Revenue (renamed)");
    assert_eq!(put(&app, &employee, renamed).await.status, StatusCode::OK);

    // Changing a weight brings in the current budget: 20% qualitative is now over 15%.
    let mut moved = full_stage4();
    moved[0]["weight"] = json!(45.0);
    let res = put(&app, &employee, moved).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(codes(&res).contains(&("goals.qualitative".to_owned(), FieldCode::OverBudget)));

    let rebalanced = vec![
        goal("quantitative", "Revenue", 45.0),
        goal("quantitative", "Margin", 40.0),
        goal("qualitative", "Launch PJ", 15.0),
        goal("competency", "Coaching", 10.0),
    ];
    let ok = put(&app, &employee, rebalanced).await;
    ok.assert_status(StatusCode::OK);
    assert_eq!(ok.json()["budget"]["quantitative"], 85.0);
    assert_eq!(submit(&app, &employee).await.status, StatusCode::OK);
}

#[sqlx::test]
async fn users_without_a_stage_cannot_create_goals(pool: PgPool) {
    let app = TestApp::new(pool).await;
    sqlx::query("UPDATE users SET stage_id = NULL WHERE email = 'alice@demo.test'").execute(&app.pool).await.unwrap();
    let cookie = app.login("alice@demo.test").await;
    for res in [
        app.get_as(&cookie, "/api/v1/goal-sheets/current").await,
        put(&app, &cookie, vec![goal("quantitative", "x", 10.0)]).await,
    ] {
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            res.json()["error"]["details"][0]["message"],
            "User must be assigned to a stage before creating goals"
        );
    }
}

async fn submitted_sheet(app: &TestApp, email: &str) -> String {
    let cookie = app.login(email).await;
    // Stage 3 (bob): 70/30/10.
    let goals =
        vec![goal("quantitative", "Sales", 70.0), goal("qualitative", "PJ", 30.0), goal("competency", "Growth", 10.0)];
    assert_eq!(put(app, &cookie, goals).await.status, StatusCode::OK);
    let res = submit(app, &cookie).await;
    res.assert_status(StatusCode::OK);
    res.json()["id"].as_str().unwrap().to_owned()
}

#[sqlx::test]
async fn only_the_employees_manager_approves_or_returns(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sheet = submitted_sheet(&app, "bob@demo.test").await;
    let uri = format!("/api/v1/goal-sheets/{sheet}/approve");
    let approve = |cookie: String| app.send(Req::post(&uri).cookie(&cookie));
    // Ken manages Sales, not Bob's team; HR and admins are not Bob's manager either.
    for email in ["ken@demo.test", "hr@demo.test", "admin@demo.test", "bob@demo.test", "alice@demo.test"] {
        let cookie = app.login(email).await;
        assert_eq!(approve(cookie).await.status, StatusCode::FORBIDDEN, "{email}");
    }
    let other = app.login("admin@other.test").await;
    assert_eq!(approve(other).await.status, StatusCode::NOT_FOUND);

    let manager = app.login("manager@demo.test").await;
    let no_comment = app.post_as(&manager, &format!("/api/v1/goal-sheets/{sheet}/return"), json!({})).await;
    no_comment.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let returned = app
        .post_as(&manager, &format!("/api/v1/goal-sheets/{sheet}/return"), json!({"comment": "Sharpen the PJ goal"}))
        .await;
    returned.assert_status(StatusCode::OK);
    assert_eq!(returned.json()["status"], "returned");

    // Bob sees the comment, edits and submits again; then the manager approves.
    let bob = app.login("bob@demo.test").await;
    let mine = app.get_as(&bob, "/api/v1/goal-sheets/current").await.json();
    assert_eq!(mine["status"], "returned");
    assert_eq!(mine["managerComment"], "Sharpen the PJ goal");
    let goals = vec![
        goal("quantitative", "Sales", 70.0),
        goal("qualitative", "PJ: ship v2", 30.0),
        goal("competency", "Growth", 10.0),
    ];
    assert_eq!(put(&app, &bob, goals.clone()).await.status, StatusCode::OK);
    assert_eq!(submit(&app, &bob).await.status, StatusCode::OK);
    let manager = app.login("manager@demo.test").await;
    let approved = approve(manager.clone()).await;
    approved.assert_status(StatusCode::OK);
    assert_eq!(approved.json()["status"], "approved");
    // Approved is final: no second decision, no more edits.
    assert_eq!(approve(manager).await.status, StatusCode::CONFLICT);
    let bob = app.login("bob@demo.test").await;
    assert_eq!(put(&app, &bob, goals).await.status, StatusCode::CONFLICT);
    assert_eq!(app.audit_count("goal_sheet.returned").await, 1);
    assert_eq!(app.audit_count("goal_sheet.approved").await, 1);
}
