//! Security headers on every answer: a Content-Security-Policy whose script nonce is fresh per
//! request (Leptos puts the same nonce on the scripts it writes), no sniffing, no framing, a
//! referrer policy, and HSTS in production. Static files say how long they may be cached.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// The nonce of this request's scripts, for the page renderer.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

fn new_nonce() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The policy for an HTML page: scripts only from Merit or carrying the nonce, wasm allowed to
/// compile, styles from Merit (style attributes allowed: Markdown tables align columns with
/// them), images and connections to Merit only, no plugins, frames, foreign forms or `<base>`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self'; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The API reference (`/api/docs/`, Swagger UI): its scripts and styles are Merit's own files,
/// but it draws its icons as `data:` images and sets inline styles as it renders.
const REFERENCE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// For everything that is not a page (JSON, CSV, files): nothing may run or load.
const DATA_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// How long a static file may be cached. Files under `/pkg/` carry a hash of their content in
/// their name when the build hashes them (`hash-files`, the release set-up), so they never change
/// and a repeat visit asks for nothing; without hashes they are revalidated each time. Other
/// files of the site (the icon) may be kept a day.
pub fn static_cache_control(path: &str, hashed_names: bool) -> Option<&'static str> {
    if let Some(file) = path.strip_prefix("/pkg/") {
        // `merit.<hash>.wasm`: only a name with a hash in it may be kept for good.
        Some(if hashed_names && file.split('.').count() >= 3 {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        })
    } else if path == "/favicon.svg" {
        Some("public, max-age=86400")
    } else {
        None
    }
}

pub async fn secure(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let cache = static_cache_control(req.uri().path(), state.leptos_options.hash_files);
    let reference = req.uri().path().starts_with("/api/docs");
    let mut response = next.run(req).await;
    if let Some(cache) = cache.filter(|_| response.status().is_success()) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    let policy = match (is_html, reference) {
        (true, true) => REFERENCE_POLICY.to_owned(),
        (true, false) => page_policy(&nonce),
        (false, _) => DATA_POLICY.to_owned(),
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    if state.config.production {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::static_cache_control;

    #[test]
    fn hashed_files_are_immutable_and_the_rest_revalidates() {
        assert_eq!(static_cache_control("/pkg/merit.abc123.wasm", true), Some("public, max-age=31536000, immutable"));
        assert_eq!(static_cache_control("/pkg/merit.wasm", false), Some("no-cache"));
        // Hashing configured but the build did not hash: the plain name must revalidate.
        assert_eq!(static_cache_control("/pkg/merit.wasm", true), Some("no-cache"));
        assert_eq!(static_cache_control("/favicon.svg", true), Some("public, max-age=86400"));
        assert_eq!(static_cache_control("/competitions", true), None);
        assert_eq!(static_cache_control("/api/v1/users", true), None);
    }
}
