//! The one shared state every handler, server function and middleware reads.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use metrics_exporter_prometheus::PrometheusHandle;
use sqlx::PgPool;

use crate::config::Config;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    pub metrics: PrometheusHandle,
    pub rate_limits: Arc<crate::web::rate_limit::Limiter>,
    pub upload_budget: Arc<crate::web::limits::UploadBudget>,
    pub outages: Arc<crate::db::Outages>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
