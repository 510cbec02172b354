//! Request ids: a client's `X-Request-ID` is kept only when it is short and plain (it goes into
//! logs and the audit log); otherwise Merit makes its own.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// The longest request id echoed and stored.
pub const MAX_LEN: usize = 64;

pub fn is_acceptable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_LEN
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// Drops request ids that are not acceptable, so the id layer generates one instead.
pub async fn drop_unacceptable(mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let values: Vec<_> = headers.get_all("x-request-id").iter().collect();
    let keep = values.len() == 1 && values[0].to_str().is_ok_and(is_acceptable);
    if !values.is_empty() && !keep {
        req.headers_mut().remove("x-request-id");
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::is_acceptable;

    #[test]
    fn short_plain_ids_only() {
        assert!(is_acceptable("abc-123"));
        assert!(is_acceptable("0d1b6f7e-7a5c-4c1e-9a57-5d8f1c2b3a4e"));
        assert!(!is_acceptable(""));
        assert!(!is_acceptable(&"x".repeat(65)));
        assert!(!is_acceptable("<script>"));
        assert!(!is_acceptable("a b"));
    }
}
