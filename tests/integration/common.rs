//! A test client over the real router: requests with cookies, JSON helpers, sign-in shortcuts.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use merit::config::Config;
use merit::domain::{ConflictReason, FieldError};
use serde_json::Value;
use sqlx::PgPool;
use tower::ServiceExt;

pub const PASSWORD: &str = "merit-demo";
pub const HOST: &str = "merit.test";

pub struct TestApp {
    pub router: Router,
    pub pool: PgPool,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn location(&self) -> Option<String> {
        self.headers.get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned())
    }

    /// The session cookie this response sets, as `name=value` for the next request.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("merit.sid="))
            .map(|v| v.split(';').next().unwrap().to_owned())
    }

    /// The field errors of a 422 body, typed as the server wrote them.
    #[track_caller]
    pub fn field_errors(&self) -> Vec<FieldError> {
        serde_json::from_value(self.json()["error"]["details"].clone())
            .unwrap_or_else(|e| panic!("no field errors ({e}): {}", self.text()))
    }

    /// The fields the errors of a 422 body name, in their order.
    #[track_caller]
    pub fn error_fields(&self) -> Vec<String> {
        self.field_errors().into_iter().map(|e| e.field).collect()
    }

    /// The reason of a 409 body.
    #[track_caller]
    pub fn conflict_reason(&self) -> ConflictReason {
        serde_json::from_value(self.json()["error"]["details"]["reason"].clone())
            .unwrap_or_else(|e| panic!("no conflict reason ({e}): {}", self.text()))
    }

    /// Fails the test, showing the body, unless the status is `expected`.
    #[track_caller]
    pub fn assert_status(&self, expected: StatusCode) {
        assert_eq!(self.status, expected, "{}", self.text());
    }

    /// The `error.code` of an API error body.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }

    /// The `error.message` of an API error body.
    pub fn error_message(&self) -> String {
        self.json()["error"]["message"].as_str().unwrap_or_default().to_owned()
    }
}

pub struct Req {
    method: Method,
    uri: String,
    headers: Vec<(String, String)>,
    body: Body,
}

impl Req {
    pub fn new(method: Method, uri: &str) -> Req {
        Req { method, uri: uri.to_owned(), headers: vec![("host".into(), HOST.into())], body: Body::empty() }
    }

    pub fn get(uri: &str) -> Req {
        Req::new(Method::GET, uri)
    }

    pub fn post(uri: &str) -> Req {
        Req::new(Method::POST, uri)
    }

    pub fn header(mut self, name: &str, value: &str) -> Req {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn cookie(self, cookie: &str) -> Req {
        self.header("cookie", cookie)
    }

    pub fn json(mut self, value: Value) -> Req {
        self.body = Body::from(value.to_string());
        self.header("content-type", "application/json")
    }

    /// A raw body; set its content type with [`Req::header`].
    pub fn body(mut self, bytes: Vec<u8>) -> Req {
        let length = bytes.len().to_string();
        self.body = Body::from(bytes);
        self.header("content-length", &length)
    }

    pub fn form(mut self, fields: &[(&str, &str)]) -> Req {
        let encoded = serde_urlencoded_pairs(fields);
        self.body = Body::from(encoded);
        self.header("content-type", "application/x-www-form-urlencoded")
    }
}

fn serde_urlencoded_pairs(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| -> String {
                s.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                        _ => format!("%{b:02X}"),
                    })
                    .collect()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub fn test_config() -> Config {
    let mut config = Config::for_database("postgres://unused");
    // Tests name the client address with X-Forwarded-For.
    config.proxy_hops = 1;
    config
}

impl TestApp {
    pub async fn new(pool: PgPool) -> TestApp {
        TestApp::with_config(pool, test_config()).await
    }

    pub async fn with_config(pool: PgPool, config: Config) -> TestApp {
        merit::seed::load_demo(&pool).await.expect("demo data loads");
        TestApp::over(pool, config)
    }

    /// Over the demo people and teams only, without cycles or competitions: for tests about
    /// accounts, sessions and requests, which need nothing more.
    pub async fn people_only(pool: PgPool) -> TestApp {
        merit::seed::load_people(&pool).await.expect("demo people load");
        TestApp::over(pool, test_config())
    }

    fn over(pool: PgPool, config: Config) -> TestApp {
        let options = leptos::config::LeptosOptions::builder().output_name("merit").build();
        let state = merit::web::state(pool.clone(), config, options);
        TestApp { router: merit::web::router(state), pool }
    }

    pub async fn send(&self, req: Req) -> TestResponse {
        let mut builder = Request::builder().method(req.method).uri(req.uri);
        for (name, value) in req.headers {
            builder = builder.header(name, value);
        }
        let response = self.router.clone().oneshot(builder.body(req.body).unwrap()).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        TestResponse { status: parts.status, headers: parts.headers, body }
    }

    /// Signs in through the API and returns the session cookie.
    pub async fn login(&self, email: &str) -> String {
        let res = self
            .send(Req::post("/api/v1/auth/login").json(serde_json::json!({"email": email, "password": PASSWORD})))
            .await;
        assert_eq!(res.status, StatusCode::OK, "sign-in as {email}: {}", res.text());
        res.session_cookie().expect("sign-in sets the session cookie")
    }

    pub async fn get_as(&self, cookie: &str, uri: &str) -> TestResponse {
        self.send(Req::get(uri).cookie(cookie)).await
    }

    /// A JSON request as the holder of `cookie`.
    pub async fn call_as(&self, method: Method, cookie: &str, uri: &str, body: Value) -> TestResponse {
        self.send(Req::new(method, uri).cookie(cookie).json(body)).await
    }

    /// A JSON `POST` as the holder of `cookie`.
    pub async fn post_as(&self, cookie: &str, uri: &str, body: Value) -> TestResponse {
        self.call_as(Method::POST, cookie, uri, body).await
    }

    /// A JSON `PATCH` as the holder of `cookie`.
    pub async fn patch_as(&self, cookie: &str, uri: &str, body: Value) -> TestResponse {
        self.call_as(Method::PATCH, cookie, uri, body).await
    }

    /// A JSON `PUT` as the holder of `cookie`.
    pub async fn put_as(&self, cookie: &str, uri: &str, body: Value) -> TestResponse {
        self.call_as(Method::PUT, cookie, uri, body).await
    }

    /// The service context of `email` at this moment, for calling services directly.
    pub async fn ctx_for(&self, email: &str) -> merit::ctx::Ctx {
        let id = self.user_id(email).await;
        let mut conn = self.pool.acquire().await.unwrap();
        let user = merit::users::service::user_by_id(&mut conn, id).await.unwrap().unwrap();
        merit::ctx::Ctx::new(user.actor(), Some("test".into()))
    }

    pub async fn user_id(&self, email: &str) -> uuid::Uuid {
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&self.pool).await.unwrap()
    }

    /// Audit rows of this action about this entity.
    pub async fn audit_count_for(&self, action: &str, entity_id: &str) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM audit_logs WHERE action = $1 AND entity_id = $2::uuid")
            .bind(action)
            .bind(entity_id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    pub async fn audit_count(&self, action: &str) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM audit_logs WHERE action = $1")
            .bind(action)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}
