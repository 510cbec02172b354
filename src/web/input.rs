//! Refuses text PostgreSQL cannot store: a NUL character anywhere in an API request's path,
//! query or JSON/form body is a 422 before any handler sees it (forms under `/auth/` check
//! their own fields and answer with the page's message).

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use super::error_format::respond;
use crate::domain::FieldError;
use crate::error::AppError;

/// The largest body checked here; bigger ones are refused by the body limit anyway.
const MAX_CHECKED_BODY: usize = 2 * 1024 * 1024;

fn nul_error(field: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(
        field,
        "nul_character",
        "text must not contain NUL characters",
    )])
}

/// Whether a JSON document holds a NUL in any string (keys included).
fn json_has_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(json_has_nul),
        serde_json::Value::Object(map) => {
            map.iter().any(|(k, v)| k.contains('\0') || json_has_nul(v))
        }
        _ => false,
    }
}

fn body_has_nul(content_type: &str, bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    if content_type.starts_with("application/json") {
        // Only a `\u0000` escape can decode to NUL; parse to tell it from an escaped backslash.
        bytes.windows(6).any(|w| w == b"\\u0000")
            && serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|v| json_has_nul(&v))
    } else {
        bytes.windows(3).any(|w| w == b"%00")
    }
}

pub async fn refuse_nul(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if !path.starts_with("/api/") {
        return next.run(req).await;
    }
    if path.contains("%00") {
        return respond(&path, nul_error("path"));
    }
    if req.uri().query().is_some_and(|q| q.contains("%00")) {
        return respond(&path, nul_error("query"));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let checked = content_type.starts_with("application/json")
        || content_type.starts_with("application/x-www-form-urlencoded");
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if !checked || length.is_some_and(|n| n > MAX_CHECKED_BODY) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_CHECKED_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return respond(&path, AppError::PayloadTooLarge(Some(MAX_CHECKED_BODY))),
    };
    if body_has_nul(&content_type, &bytes) {
        return respond(&path, nul_error("body"));
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::body_has_nul;

    #[test]
    fn nul_is_found_however_it_is_written() {
        let json = "application/json";
        assert!(body_has_nul(json, br#"{"title":"a\u0000b"}"#));
        assert!(body_has_nul(json, br#"{"a\u0000":1}"#));
        assert!(!body_has_nul(json, br#"{"title":"a\\u0000b"}"#));
        assert!(!body_has_nul(json, br#"{"title":"plain"}"#));
        let form = "application/x-www-form-urlencoded";
        assert!(body_has_nul(form, b"q=a%00b"));
        assert!(!body_has_nul(form, b"q=a%2500b"));
        assert!(body_has_nul(form, b"q=a\0b"));
    }
}
