//! A decision is shown, not only recorded: who decided, when, the reason of a rejection and the
//! comment of an approval, to everyone who may see the nomination.

use super::*;
use crate::common::Req;

async fn nominate(app: &TestApp, cookie: &str, cycle: &str, criteria: &[String], nominee: &str) -> String {
    let body = nomination(app.user_id(nominee).await, criteria, [4, 3]);
    let res = app.post_as(cookie, &format!("/api/v1/cycles/{cycle}/nominations"), body).await;
    res.assert_status(StatusCode::CREATED);
    res.json()["id"].as_str().unwrap().to_owned()
}

async fn decider_name(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar("SELECT display_name FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[sqlx::test]
async fn the_submitter_sees_who_decided_when_and_why(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let (cycle, criteria) = open_cycle(&app, &hr).await;
    let manager = app.login("manager@demo.test").await;
    let rejected_id = nominate(&app, &manager, &cycle, &criteria, "alice@demo.test").await;
    let approved_id = nominate(&app, &manager, &cycle, &criteria, "bob@demo.test").await;
    let bare_id = nominate(&app, &manager, &cycle, &criteria, "carol@demo.test").await;
    let hr_id = app.user_id("hr@demo.test").await.to_string();
    let hr_name = decider_name(&app, "hr@demo.test").await;

    let before = Utc::now() - Duration::seconds(5);
    let rejected = app
        .post_as(&hr, &format!("/api/v1/nominations/{rejected_id}/reject"), json!({"reason": "  Too early  "}))
        .await;
    rejected.assert_status(StatusCode::OK);
    let rejected = rejected.json();
    assert_eq!(rejected["decidedBy"], hr_id.as_str());
    assert_eq!(rejected["deciderName"], hr_name.as_str());
    assert_eq!(rejected["decisionReason"], "Too early");
    assert!(rejected["decisionComment"].is_null());
    let at: chrono::DateTime<Utc> = rejected["decidedAt"].as_str().unwrap().parse().unwrap();
    assert!(at > before && at <= Utc::now(), "{at}");

    let approved = app
        .post_as(&hr, &format!("/api/v1/nominations/{approved_id}/approve"), json!({"comment": "Well deserved"}))
        .await;
    approved.assert_status(StatusCode::OK);
    assert_eq!(approved.json()["decisionComment"], "Well deserved");
    assert!(approved.json()["decisionReason"].is_null());

    // Approving needs no body at all, as before.
    let bare = app.send(Req::post(&format!("/api/v1/nominations/{bare_id}/approve")).cookie(&hr)).await;
    bare.assert_status(StatusCode::OK);
    assert!(bare.json()["decisionComment"].is_null());
    assert_eq!(bare.json()["decidedBy"], hr_id.as_str());
    let null_id = nominate(&app, &manager, &cycle, &criteria, "dave@demo.test").await;
    let null = app.post_as(&hr, &format!("/api/v1/nominations/{null_id}/approve"), Value::Null).await;
    null.assert_status(StatusCode::OK);

    // The submitter's list shows every decision; a pending nomination has none.
    let pending_id = nominate(&app, &manager, &cycle, &criteria, "employee@demo.test").await;
    let mine = app.get_as(&manager, &format!("/api/v1/cycles/{cycle}/nominations")).await.json();
    let find = |id: &str| mine["items"].as_array().unwrap().iter().find(|n| n["id"] == id).cloned().unwrap();
    assert_eq!(find(&rejected_id)["decisionReason"], "Too early");
    assert_eq!(find(&rejected_id)["deciderName"], hr_name.as_str());
    assert_eq!(find(&approved_id)["decisionComment"], "Well deserved");
    let pending = find(&pending_id);
    for field in ["decidedBy", "deciderName", "decidedAt", "decisionReason", "decisionComment"] {
        assert!(pending[field].is_null(), "{field}: {pending}");
    }
}

#[sqlx::test]
async fn a_comment_too_long_changes_nothing(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let (cycle, criteria) = open_cycle(&app, &hr).await;
    let manager = app.login("manager@demo.test").await;
    let id = nominate(&app, &manager, &cycle, &criteria, "alice@demo.test").await;

    let long = "x".repeat(2001);
    let res = app.post_as(&hr, &format!("/api/v1/nominations/{id}/approve"), json!({"comment": long})).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.field_errors()[0].field, "comment");
    let res = app.post_as(&hr, &format!("/api/v1/nominations/{id}/approve"), json!({"comment": 5})).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let status: String = sqlx::query_scalar("SELECT status FROM nominations WHERE id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "pending");
    assert_eq!(app.audit_count_for("nomination.approved", &id).await, 0);
}
