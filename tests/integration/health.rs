//! Health endpoints and Prometheus metrics.

use axum::http::StatusCode;
use sqlx::PgPool;

use crate::common::{Req, TestApp};

#[sqlx::test]
async fn live_and_ready_when_the_database_is_up(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let live = app.send(Req::get("/api/health/live")).await;
    live.assert_status(StatusCode::OK);
    let ready = app.send(Req::get("/api/health/ready")).await;
    ready.assert_status(StatusCode::OK);
    assert_eq!(ready.json()["database"], "up");
}

#[sqlx::test]
async fn ready_is_503_when_the_database_is_gone(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    app.pool.close().await;
    let ready = app.send(Req::get("/api/health/ready")).await;
    ready.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.json()["database"], "down");
    assert_eq!(app.send(Req::get("/api/health/live")).await.status, StatusCode::OK);
}

#[sqlx::test]
async fn requests_get_503_not_500_while_the_database_is_gone(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let cookie = app.login("employee@demo.test").await;
    app.pool.close().await;
    for req in [
        Req::get("/api/v1/users/me").cookie(&cookie),
        Req::get("/api/v1/competitions").cookie(&cookie),
        Req::post("/api/v1/auth/login").json(serde_json::json!({"email": "hr@demo.test", "password": "x"})),
    ] {
        let res = app.send(req).await;
        res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.error_code(), "SERVICE_UNAVAILABLE");
        assert!(res.headers.contains_key("retry-after"));
    }
}

#[sqlx::test]
async fn metrics_count_requests_by_route_and_status(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    app.send(Req::get("/api/v1/users")).await;
    let metrics = app.send(Req::get("/metrics")).await;
    metrics.assert_status(StatusCode::OK);
    let text = metrics.text();
    assert!(
        text.lines().any(|l| l.starts_with("http_requests_total")
            && l.contains("route=\"/api/v1/users\"")
            && l.contains("status=\"401\"")),
        "{text}"
    );
    assert!(text.contains("http_request_duration_seconds_bucket"));
}
