//! Cross-origin refusal for every state-changing route, and request ids.

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::common::{Req, TestApp, PASSWORD};

/// Every state-changing route Merit has: REST, forms and server functions.
fn state_changing() -> Vec<Req> {
    vec![
        Req::post("/api/v1/auth/login")
            .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        Req::post("/api/v1/auth/logout"),
        Req::post("/auth/login").form(&[("email", "admin@demo.test"), ("password", PASSWORD)]),
        Req::post("/auth/logout"),
        Req::post("/auth/locale").form(&[("lang", "ja")]),
        Req::post("/api/people/list").form(&[]),
        Req::post("/api/audit/list").form(&[]),
        Req::post("/api/dashboard/load").form(&[]),
        Req::new(Method::PUT, "/api/v1/users/me"),
        Req::new(Method::DELETE, "/api/v1/users"),
    ]
}

#[sqlx::test]
async fn foreign_origins_are_refused_everywhere(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("admin@demo.test").await;
    for req in state_changing() {
        let res = app
            .send(req.cookie(&cookie).header("origin", "http://evil.example"))
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(res.error_code(), "FORBIDDEN");
    }
    // Nothing happened: still signed in, no sign-in was attempted.
    assert_eq!(
        app.get_as(&cookie, "/api/v1/users/me").await.status,
        StatusCode::OK
    );
    let attempts: i64 = sqlx::query_scalar("SELECT count(*) FROM login_attempts")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(attempts, 1);
}

#[sqlx::test]
async fn cross_site_fetch_metadata_is_refused_without_origin(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app
        .send(
            Req::post("/auth/login")
                .header("sec-fetch-site", "cross-site")
                .form(&[("email", "a@b.c"), ("password", "x")]),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[sqlx::test]
async fn own_origin_and_api_clients_without_origin_pass(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let own = app
        .send(
            Req::post("/api/v1/auth/login")
                .header("origin", &format!("http://{}", crate::common::HOST))
                .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let curl = app
        .send(
            Req::post("/api/v1/auth/login")
                .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(curl.status, StatusCode::OK);
    // Reads are never refused: a cross-origin GET cannot change anything.
    let read = app
        .send(Req::get("/api/health/live").header("origin", "http://evil.example"))
        .await;
    assert_eq!(read.status, StatusCode::OK);
}

#[sqlx::test]
async fn request_ids_are_echoed_or_generated(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let echoed = app
        .send(Req::get("/api/health/live").header("x-request-id", "abc-123"))
        .await;
    assert_eq!(echoed.headers.get("x-request-id").unwrap(), "abc-123");
    let generated = app.send(Req::get("/api/v1/users")).await;
    let id = generated
        .headers
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[sqlx::test]
async fn audit_rows_carry_the_request_id(pool: PgPool) {
    let app = TestApp::new(pool).await;
    app.send(
        Req::post("/api/v1/auth/login")
            .header("x-request-id", "req-42")
            .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
    )
    .await;
    let request_id: Option<String> =
        sqlx::query_scalar("SELECT request_id FROM audit_logs WHERE action = 'auth.signed_in'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(request_id.as_deref(), Some("req-42"));
}
