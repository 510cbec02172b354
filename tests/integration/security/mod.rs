//! Cross-origin refusal for every state-changing route, and request ids.

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::common::{test_config, Req, TestApp, TestResponse, PASSWORD};

mod errors;
mod hardening;
mod origins;

/// Every state-changing route Merit has: REST, forms and server functions.
fn state_changing() -> Vec<Req> {
    vec![
        Req::post("/api/v1/auth/login").json(json!({"email": "admin@demo.test", "password": PASSWORD})),
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

// --- Hardening: hostile text, error statuses, headers, metrics, limits ----------------------

fn is_json_error(res: &TestResponse) -> bool {
    res.headers.get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"))
        && res.json()["error"]["code"].is_string()
}

/// Log output written into memory, for a test to read.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
