//! Hostile uploads: rights and size are checked before a body is read, wide or long CSV lines
//! stay cheap, invalid files have their own limit, and every file problem is a clear 400.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use merit::domain::ConflictReason;
use serde_json::{json, Value};
use sqlx::PgPool;
use tower::ServiceExt;

use crate::common::{TestApp, TestResponse, HOST};
use crate::competitions::{
    activate, active, codes, csv, csv_with, draft, enroll, ids, input, labels, perfect, put_key, submit, Arena,
};

mod files;
mod limits;

const MB: usize = 1024 * 1024;

/// A multipart body of `total` bytes produced lazily, counting how many bytes were pulled.
fn endless_body(total: usize) -> (Body, Arc<AtomicUsize>) {
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = pulled.clone();
    let head =
        b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\nid,prediction\n".to_vec();
    let stream = futures_util::stream::unfold(0usize, move |sent| {
        let counter = counter.clone();
        let head = head.clone();
        async move {
            if sent >= total {
                return None;
            }
            let chunk = if sent == 0 { head } else { b"r01,0.5\n".repeat(8 * 1024) };
            counter.fetch_add(chunk.len(), Ordering::SeqCst);
            Some((Ok::<_, std::io::Error>(Bytes::from(chunk.clone())), sent + chunk.len()))
        }
    });
    (Body::from_stream(stream), pulled)
}

async fn send_endless(
    app: &TestApp,
    cookie: &str,
    method: Method,
    uri: &str,
    total: usize,
    content_length: Option<usize>,
) -> (TestResponse, usize) {
    let (body, pulled) = endless_body(total);
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", HOST)
        .header("cookie", cookie)
        .header("content-type", "multipart/form-data; boundary=b");
    if let Some(length) = content_length {
        request = request.header("content-length", length.to_string());
    }
    let response = app.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let (parts, body) = response.into_parts();
    let res = TestResponse {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes().to_vec(),
    };
    (res, pulled.load(Ordering::SeqCst))
}

async fn submission_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM competition_submissions").fetch_one(&app.pool).await.unwrap()
}

fn error_of(res: &TestResponse, code: &str) -> Value {
    res.json()["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {}", res.text()))
        .clone()
}
