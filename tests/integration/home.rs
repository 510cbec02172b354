//! The home page per role: the next step of one's goal sheet (a returned sheet's comment and
//! the way to fix it), what waits for a manager's review, what waits for hr.

use axum::http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::common::TestApp;
use crate::goals::{goal, put, submit};

#[sqlx::test]
async fn each_role_sees_what_to_do_next(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (bob, manager, hr) =
        (app.login("bob@demo.test").await, app.login("manager@demo.test").await, app.login("hr@demo.test").await);
    // Under budget: complete it.
    put(&app, &bob, vec![goal("quantitative", "Sales", 50.0)]).await.assert_status(StatusCode::OK);
    let home = app.get_as(&bob, "/").await.text();
    assert!(home.contains("data-next=\"CompleteBudget\""), "{home}");
    // Meets the budget: submit it.
    let goals =
        vec![goal("quantitative", "Sales", 70.0), goal("qualitative", "PJ", 30.0), goal("competency", "Growth", 10.0)];
    put(&app, &bob, goals).await.assert_status(StatusCode::OK);
    assert!(app.get_as(&bob, "/").await.text().contains("data-next=\"Submit\""));
    let sheet = submit(&app, &bob).await.json()["id"].as_str().unwrap().to_owned();
    assert!(app.get_as(&bob, "/").await.text().contains("data-next=\"AwaitReview\""));

    // The manager sees it waiting, linked to the review.
    let waiting = app.get_as(&manager, "/").await.text();
    assert!(waiting.contains(&format!("href=\"/team/goals/{sheet}\"")), "{waiting}");

    app.post_as(
        &manager,
        &format!("/api/v1/goal-sheets/{sheet}/return"),
        json!({"comment": "Make the PJ goal measurable"}),
    )
    .await
    .assert_status(StatusCode::OK);
    let home = app.get_as(&bob, "/").await.text();
    assert!(home.contains("data-next=\"FixReturned\""));
    assert!(home.contains("data-testid=\"home-sheet-comment\""));
    assert!(home.contains("Make the PJ goal measurable"));
    assert!(home.contains("Fix and resubmit"));
    assert!(!app.get_as(&manager, "/").await.text().contains(&format!("/team/goals/{sheet}")), "no longer waiting");

    // hr: people without a stage are counted; an employee sees no hr part.
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM users u JOIN organizations o ON o.id = u.organization_id WHERE o.slug = 'demo' AND u.stage_id IS NULL AND u.active")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let hr_home = app.get_as(&hr, "/").await.text();
    assert!(hr_home.contains(&format!("data-testid=\"home-without-stage\" data-count=\"{count}\"")), "{hr_home}");
    assert!(!home.contains("data-testid=\"home-hr\""));
    // Japanese too.
    app.patch_as(&bob, "/api/v1/users/me", json!({"locale": "ja"})).await.assert_status(StatusCode::OK);
    let ja = app.get_as(&bob, "/").await.text();
    assert!(ja.contains("修正して再提出"), "{ja}");
}
