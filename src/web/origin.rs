//! Refuses state-changing requests sent from another site's pages (CSRF defence for forms,
//! server functions and the REST API alike).

use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;
use crate::state::AppState;

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

/// An Origin is Merit's own when it names the scheme and host the request was sent to, or one
/// of the configured origins (e.g. the public URL behind a proxy).
fn is_own_origin(origin: &str, scheme: &str, host: Option<&str>, allowed: &[String]) -> bool {
    let origin = origin.trim_end_matches('/');
    if allowed.iter().any(|a| a == origin) {
        return true;
    }
    let Some(host) = host else { return false };
    origin.strip_prefix(scheme).and_then(|rest| rest.strip_prefix("://")) == Some(host)
}

/// The scheme the browser used: what a trusted proxy says, else HTTPS when cookies are marked
/// Secure (Merit is served over HTTPS), else HTTP.
fn site_scheme<'a>(headers: &'a axum::http::HeaderMap, config: &crate::config::Config) -> &'a str {
    let forwarded = (config.proxy_hops > 0)
        .then(|| headers.get("x-forwarded-proto"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(str::trim)
        .filter(|v| matches!(*v, "http" | "https"));
    forwarded.unwrap_or(if config.secure_cookies { "https" } else { "http" })
}

pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_safe(req.method()) {
        let headers = req.headers();
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let refused = match headers.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("null")) {
            Some(origin) => {
                let config = &state.config;
                // Origins trusted with CORS and credentials may write too.
                let cors = config.cors_origins.iter().any(|o| o == origin.trim_end_matches('/'));
                !cors && !is_own_origin(origin, site_scheme(headers, config), host, &config.allowed_origins)
            }
            // Browsers that send no Origin still say where a request came from.
            None => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site"),
        };
        if refused {
            tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-origin request refused");
            return super::error_format::respond(req.uri().path(), AppError::Forbidden);
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::is_own_origin;

    #[test]
    fn own_host_and_configured_origins_pass() {
        assert!(is_own_origin("http://127.0.0.1:3000", "http", Some("127.0.0.1:3000"), &[]));
        assert!(is_own_origin("https://merit.example", "https", Some("merit.example"), &[]));
        assert!(is_own_origin(
            "https://merit.example",
            "http",
            Some("10.0.0.5:3000"),
            &["https://merit.example".into()]
        ));
    }

    #[test]
    fn other_sites_are_refused() {
        assert!(!is_own_origin("http://evil.example", "http", Some("127.0.0.1:3000"), &[]));
        assert!(!is_own_origin("null", "http", Some("127.0.0.1:3000"), &[]));
        assert!(!is_own_origin("http://127.0.0.1:3000.evil.example", "http", Some("127.0.0.1:3000"), &[]));
        assert!(!is_own_origin("http://127.0.0.1:3000", "http", None, &[]));
        // The other scheme is another origin.
        assert!(!is_own_origin("https://127.0.0.1:3000", "http", Some("127.0.0.1:3000"), &[]));
    }
}
