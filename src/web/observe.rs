//! One log line and Prometheus samples per request: request id, method, route, status, latency,
//! user id when known.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::context::{request_id, ResponseUser};

/// The process-wide recorder, installed once however many routers tests build.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".into()),
                    &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
                )
                .expect("static bucket list is valid")
                .build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed");
            }
            handle
        })
        .clone()
}

/// Metric labels take the standard methods only: each made-up method would otherwise add series
/// that live as long as the process.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The span a request's log lines are written in, named by its request id (set by the layer
/// outside this one), so an internal error's line can be matched to the request that caused it.
pub fn request_span(req: &Request) -> tracing::Span {
    let id = request_id(req).unwrap_or_default();
    tracing::info_span!("request", request_id = %id)
}

pub async fn observe(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = method_label(req.method()).to_owned();
    let req_method = req.method().clone();
    let path = req.uri().path().to_owned();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_else(|| {
        if path.starts_with("/pkg/") {
            "/pkg/*".into()
        } else {
            "unmatched".into()
        }
    });
    let request_id = request_id(&req).unwrap_or_default();
    let response = next.run(req).await;
    let latency = start.elapsed();
    let status = response.status().as_u16();
    let labels = [("method", method.clone()), ("route", route), ("status", status.to_string())];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(latency.as_secs_f64());
    let user_id = response.extensions().get::<ResponseUser>().map(|u| u.0.to_string());
    tracing::info!(
        request_id = %request_id,
        method = %req_method,
        path = %path,
        status,
        latency_ms = latency.as_secs_f64() * 1000.0,
        user_id = user_id.as_deref().unwrap_or("-"),
        "request"
    );
    response
}
