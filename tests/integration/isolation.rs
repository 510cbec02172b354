//! Organizations never see each other's data.

use axum::http::StatusCode;
use sqlx::PgPool;

use crate::common::TestApp;

#[sqlx::test]
async fn other_organizations_admin_sees_only_their_people(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let other = app.login("admin@other.test").await;
    let list = app.get_as(&other, "/api/v1/users?pageSize=100").await;
    list.assert_status(StatusCode::OK);
    let body = list.json();
    assert_eq!(body["total"], 2);
    let emails: Vec<&str> = body["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
    assert_eq!(emails, ["erin@other.test", "admin@other.test"]);
    // Searching for a Demo person finds nobody.
    assert_eq!(app.get_as(&other, "/api/v1/users?q=demo.test").await.json()["total"], 0);

    let html = app.get_as(&other, "/people").await.text();
    assert!(!html.contains("@demo.test"));
}

#[sqlx::test]
async fn other_organizations_admin_sees_only_their_audit_log(pool: PgPool) {
    let app = TestApp::new(pool).await;
    app.login("admin@demo.test").await;
    let other = app.login("admin@other.test").await;
    let html = app.get_as(&other, "/admin/audit").await.text();
    assert!(html.contains("admin@other.test"));
    assert!(!html.contains("admin@demo.test"));
    assert!(!html.contains("Aiko Admin"));
}
