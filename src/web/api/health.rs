//! Liveness, readiness (database reachable) and Prometheus metrics.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;

use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
}

/// The process is up.
#[utoipa::path(get, path = "/api/health/live", tag = "health", responses((status = 200, body = Health)))]
pub async fn live() -> Json<Health> {
    Json(Health { status: "ok", database: None })
}

/// The database answers within two seconds (else 503).
#[utoipa::path(
    get, path = "/api/health/ready", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Health))
)]
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let ping = sqlx::query_scalar!("SELECT 1 AS ping").fetch_one(&state.pool);
    match tokio::time::timeout(Duration::from_secs(2), ping).await {
        Ok(Ok(_)) => (StatusCode::OK, Json(Health { status: "ok", database: Some("up") })),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check: database error");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database: Some("down") }))
        }
        Err(_) => {
            tracing::warn!("readiness check: database timed out");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database: Some("down") }))
        }
    }
}

/// Whether a `/metrics` request may read: with `MERIT_METRICS_TOKEN` set it must bring the
/// token as a bearer; without one, metrics are open in development and off in production.
fn metrics_allowed(config: &crate::config::Config, authorization: Option<&str>) -> Result<(), crate::error::AppError> {
    use crate::error::AppError;
    match &config.metrics_token {
        Some(token) => {
            let given = authorization.and_then(|v| v.strip_prefix("Bearer ")).unwrap_or("");
            // Constant-time: the comparison must not tell how much of a guess was right.
            if bool::from(subtle::ConstantTimeEq::ct_eq(given.as_bytes(), token.as_bytes())) {
                Ok(())
            } else {
                Err(AppError::Unauthenticated)
            }
        }
        None if config.production => Err(AppError::NotFound),
        None => Ok(()),
    }
}

/// Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> axum::response::Response {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    if let Err(refused) = metrics_allowed(&state.config, authorization) {
        return refused.into_response();
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}
