//! Refuses text PostgreSQL cannot store: a NUL character anywhere in an API request's path,
//! query or body (whatever its content type says) is a 422 before any handler sees it. Forms
//! under `/auth/` check their own fields and answer with the page's message; pages check what
//! they read from their address in the services ([`crate::domain::text`]); uploads are CSV
//! files, whose NUL bytes the file checks report.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use super::error_format::respond;
use super::limits::{announced_length, is_upload, MAX_BODY_BYTES};
use crate::domain::text::nul_error;
use crate::error::AppError;

/// Whether a JSON document holds a NUL in any string (keys included).
fn json_has_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(json_has_nul),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}

/// A raw NUL byte, a `\u0000` that decodes to one in JSON, or a `%00` in anything else
/// (server functions read URL-encoded arguments whatever the content type says).
fn body_has_nul(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    if let Ok(json) = serde_json::from_slice::<serde_json::Value>(bytes) {
        return json_has_nul(&json);
    }
    bytes.windows(3).any(|w| w == b"%00")
}

pub async fn refuse_nul(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if !path.starts_with("/api/") {
        return next.run(req).await;
    }
    if path.contains("%00") {
        return respond(&path, AppError::Validation(vec![nul_error("path")]));
    }
    if req.uri().query().is_some_and(|q| q.contains("%00")) {
        return respond(&path, AppError::Validation(vec![nul_error("query")]));
    }
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/"));
    let oversized = announced_length(&req).is_some_and(|n| n > MAX_BODY_BYTES as u64);
    if is_upload(req.method(), &path) || multipart || oversized {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return respond(&path, AppError::PayloadTooLarge(Some(MAX_BODY_BYTES))),
    };
    if body_has_nul(&bytes) {
        return respond(&path, AppError::Validation(vec![nul_error("body")]));
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::body_has_nul;

    #[test]
    fn nul_is_found_however_it_is_written() {
        assert!(body_has_nul(br#"{"title":"a\u0000b"}"#));
        assert!(body_has_nul(br#"{"a\u0000":1}"#));
        assert!(!body_has_nul(br#"{"title":"a\\u0000b"}"#));
        assert!(!body_has_nul(br#"{"title":"plain"}"#));
        assert!(!body_has_nul(br#"{"title":"100%00 sure"}"#), "JSON text is read as JSON");
        assert!(body_has_nul(b"q=a%00b"));
        assert!(!body_has_nul(b"q=a%2500b"));
        assert!(body_has_nul(b"q=a\0b"));
    }
}
