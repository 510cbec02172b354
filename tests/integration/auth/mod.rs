//! Sign-in, throttling, sign-out and sessions, through the API and the HTML form.

use axum::http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::common::{Req, TestApp, PASSWORD};

mod sessions;
mod throttle;

async fn api_login(app: &TestApp, email: &str, password: &str, ip: &str) -> crate::common::TestResponse {
    app.send(
        Req::post("/api/v1/auth/login")
            .header("x-forwarded-for", ip)
            .json(json!({"email": email, "password": password})),
    )
    .await
}

// --- Hardening: sessions, throttling and what anonymous callers can make Merit write ---------

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}
