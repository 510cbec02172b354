//! Every error under `/api/` and `/auth/` leaves in the JSON error format with the status its code
//! names, whoever made it: a handler, a server function, an extractor, the router (405) or a
//! layer (413, 415, timeouts). Server functions keep their own JSON shape ([`PageError`]), which
//! the islands decode; everything else gets DESIGN §4's `{"error": {…}}`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::app::error::PageError;
use crate::domain::ErrorCode;
use crate::error::{AppError, ErrorBody, ErrorObject};
use crate::state::AppState;

/// Server functions live under `/api/` beside the REST API and the health checks.
pub fn is_server_fn(path: &str) -> bool {
    path.starts_with("/api/") && !path.starts_with("/api/v1/") && !path.starts_with("/api/health/")
}

fn speaks_json(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/auth/")
}

/// The answer to `error` for a request to `path`, in the format its caller reads.
pub fn respond(path: &str, error: AppError) -> Response {
    if !is_server_fn(path) {
        return error.into_response();
    }
    let status = error.status();
    let mut response = (status, Json(PageError::from(error))).into_response();
    set_retry_after(&mut response);
    response
}

fn set_retry_after(response: &mut Response) {
    if matches!(response.status(), StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS)
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// A body in the caller's error format for a bare status.
fn body_for(path: &str, code: ErrorCode) -> Body {
    let json = if is_server_fn(path) {
        serde_json::to_vec(&PageError { code, fields: Vec::new(), current: None })
    } else {
        serde_json::to_vec(&ErrorBody {
            error: ErrorObject { code, message: generic_message(code).to_owned(), details: None },
        })
    };
    Body::from(json.unwrap_or_default())
}

fn generic_message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::MethodNotAllowed => "This method is not allowed here.",
        ErrorCode::UnsupportedMediaType => "The request body has a content type this endpoint does not accept.",
        ErrorCode::PayloadTooLarge => "The request body is too large.",
        ErrorCode::LengthRequired => "Send the body with a Content-Length header.",
        ErrorCode::ServiceUnavailable => "Merit is busy or the request took too long; try again shortly.",
        ErrorCode::NotFound => "Not found.",
        ErrorCode::ValidationError => "The request is malformed.",
        ErrorCode::RateLimitExceeded => "Too many requests. Try again later.",
        ErrorCode::Unauthenticated => "Sign in to continue.",
        ErrorCode::Forbidden => "You do not have permission to do this.",
        ErrorCode::Conflict => "Conflict.",
        ErrorCode::Internal => "Something went wrong on our side.",
    }
}

/// The code a server function's error body names (bodies are small; a broken one is internal).
async fn server_fn_code(body: Body) -> (ErrorCode, axum::body::Bytes) {
    match axum::body::to_bytes(body, 1024 * 1024).await {
        Ok(bytes) => {
            let code = serde_json::from_slice::<PageError>(&bytes).map(|e| e.code).unwrap_or(ErrorCode::Internal);
            (code, bytes)
        }
        Err(_) => (ErrorCode::Internal, axum::body::Bytes::new()),
    }
}

/// Whether the database answers a ping within a second.
async fn database_answers(state: &AppState) -> bool {
    let ping = sqlx::query_scalar!("SELECT 1 AS ping").fetch_one(&state.pool);
    matches!(tokio::time::timeout(std::time::Duration::from_secs(1), ping).await, Ok(Ok(_)))
}

pub async fn normalize(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    // The session and sign-in layers answer a failure to load a session with a bare 500; their
    // store is the database, so when it failed just now or does not answer, that is a 503 like
    // any other.
    if response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && !response.headers().contains_key(header::CONTENT_TYPE)
        && (state.outages.recent(std::time::Duration::from_secs(5)) || !database_answers(&state).await)
    {
        *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    }
    if !speaks_json(&path) || response.status().as_u16() < 400 {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Server functions answer every error with 500; their body says what it was.
    if parts.headers.contains_key("serverfnerror") && parts.status == StatusCode::INTERNAL_SERVER_ERROR {
        let (code, bytes) = server_fn_code(body).await;
        parts.status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = Response::from_parts(parts, Body::from(bytes));
        set_retry_after(&mut response);
        return response;
    }
    let response = Response::from_parts(parts, body);
    if is_json(&response) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let code = ErrorCode::from_http_status(parts.status.as_u16());
    // 400s the router or an extractor made are malformed requests: the API says 422.
    if parts.status == StatusCode::BAD_REQUEST {
        parts.status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut response = Response::from_parts(parts, body_for(&path, code));
    set_retry_after(&mut response);
    response
}

#[cfg(test)]
mod tests {
    use super::is_server_fn;

    #[test]
    fn server_functions_are_told_apart_from_the_rest_api() {
        assert!(is_server_fn("/api/people/list"));
        assert!(!is_server_fn("/api/v1/users"));
        assert!(!is_server_fn("/api/health/ready"));
        assert!(!is_server_fn("/auth/login"));
    }
}
