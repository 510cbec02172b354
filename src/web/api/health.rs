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
    Json(Health {
        status: "ok",
        database: None,
    })
}

/// The database answers within two seconds (else 503).
#[utoipa::path(
    get, path = "/api/health/ready", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Health))
)]
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let ping = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.pool);
    match tokio::time::timeout(Duration::from_secs(2), ping).await {
        Ok(Ok(_)) => (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                database: Some("up"),
            }),
        ),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check: database error");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                    database: Some("down"),
                }),
            )
        }
        Err(_) => {
            tracing::warn!("readiness check: database timed out");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                    database: Some("down"),
                }),
            )
        }
    }
}

/// Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
