//! CORS for the API, for the origins an operator names in `MERIT_CORS_ORIGINS` (a single-page
//! app or a tool on another host). Off when none are named: browsers then keep Merit's answers
//! from every other site, as before. Named origins get their answers with credentials (the
//! session cookie); the Origin check on writes (see [`super::origin`]) still refuses the rest.

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The layer for the API routes, or `None` when no origin is configured.
pub fn layer(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
            .allow_headers([
                header::CONTENT_TYPE,
                header::ACCEPT,
                header::ACCEPT_LANGUAGE,
                HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([header::CONTENT_DISPOSITION, header::LOCATION, HeaderName::from_static("x-request-id")])
            .max_age(std::time::Duration::from_secs(600)),
    )
}
