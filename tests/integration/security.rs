//! Cross-origin refusal for every state-changing route, and request ids.

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::common::{Req, TestApp, PASSWORD};

/// Every state-changing route Merit has: REST, forms and server functions.
fn state_changing() -> Vec<Req> {
    vec![
        Req::post("/api/v1/auth/login").json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        Req::post("/api/v1/auth/logout"),
        Req::post("/auth/login").form(&[("email", "admin@demo.test"), ("password", PASSWORD)]),
        Req::post("/auth/logout"),
        Req::post("/auth/locale").form(&[("lang", "ja")]),
        Req::post("/api/people/list").form(&[]),
        Req::post("/api/audit/list").form(&[]),
        Req::post("/api/dashboard/load").form(&[]),
        Req::new(Method::PUT, "/api/v1/users/me"),
        Req::new(Method::DELETE, "/api/v1/users"),
    ]
}

#[sqlx::test]
async fn foreign_origins_are_refused_everywhere(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("admin@demo.test").await;
    for req in state_changing() {
        let res = app.send(req.cookie(&cookie).header("origin", "http://evil.example")).await;
        res.assert_status(StatusCode::FORBIDDEN);
        // Server functions answer in their own JSON shape, everything else in the API's.
        let body = res.json();
        let code = body["error"]["code"].as_str().or(body["code"].as_str());
        assert_eq!(code, Some("FORBIDDEN"), "{body}");
    }
    // Nothing happened: still signed in, no sign-in was attempted.
    assert_eq!(app.get_as(&cookie, "/api/v1/users/me").await.status, StatusCode::OK);
    let attempts: i64 = sqlx::query_scalar("SELECT count(*) FROM login_attempts").fetch_one(&app.pool).await.unwrap();
    assert_eq!(attempts, 1);
}

#[sqlx::test]
async fn cross_site_fetch_metadata_is_refused_without_origin(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app
        .send(
            Req::post("/auth/login")
                .header("sec-fetch-site", "cross-site")
                .form(&[("email", "a@b.c"), ("password", "x")]),
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
}

#[sqlx::test]
async fn own_origin_and_api_clients_without_origin_pass(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let own = app
        .send(
            Req::post("/api/v1/auth/login")
                .header("origin", &format!("http://{}", crate::common::HOST))
                .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        )
        .await;
    own.assert_status(StatusCode::OK);
    let curl =
        app.send(Req::post("/api/v1/auth/login").json(json!({"email": "admin@demo.test", "password": PASSWORD}))).await;
    curl.assert_status(StatusCode::OK);
    // Reads are never refused: a cross-origin GET cannot change anything.
    let read = app.send(Req::get("/api/health/live").header("origin", "http://evil.example")).await;
    read.assert_status(StatusCode::OK);
}

#[sqlx::test]
async fn request_ids_are_echoed_or_generated(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let echoed = app.send(Req::get("/api/health/live").header("x-request-id", "abc-123")).await;
    assert_eq!(echoed.headers.get("x-request-id").unwrap(), "abc-123");
    let generated = app.send(Req::get("/api/v1/users")).await;
    let id = generated.headers.get("x-request-id").unwrap().to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[sqlx::test]
async fn audit_rows_carry_the_request_id(pool: PgPool) {
    let app = TestApp::new(pool).await;
    app.send(
        Req::post("/api/v1/auth/login")
            .header("x-request-id", "req-42")
            .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
    )
    .await;
    let request_id: Option<String> =
        sqlx::query_scalar("SELECT request_id FROM audit_logs WHERE action = 'auth.signed_in'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(request_id.as_deref(), Some("req-42"));
}

// --- Hardening: hostile text, error statuses, headers, metrics, limits ----------------------

fn is_json_error(res: &crate::common::TestResponse) -> bool {
    res.headers.get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"))
        && res.json()["error"]["code"].is_string()
}

#[sqlx::test]
async fn nul_characters_are_a_422_everywhere(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let employee = app.login("employee@demo.test").await;
    let api = [
        Req::get("/api/v1/users?q=a%00b").cookie(&admin),
        Req::get("/api/v1/competitions?q=%00").cookie(&employee),
        Req::post("/api/v1/competitions").cookie(&employee).json(json!({
            "title": "a\u{0}b", "deadline": "2099-01-01T00:00:00Z", "metric": "auc"
        })),
        Req::new(Method::PUT, "/api/v1/goal-sheets/current").cookie(&employee).json(json!({
            "goals": [{"category": "quantitative", "title": "x\u{0}", "weight": "10"}]
        })),
        Req::post("/api/v1/auth/login").json(json!({"email": "a\u{0}@demo.test", "password": "x"})),
    ];
    for req in api {
        let res = app.send(req).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(is_json_error(&res), "{}", res.text());
    }
    // Server functions answer in their own JSON format, with the right status.
    let res = app.send(Req::post("/api/people/list").cookie(&admin).form(&[("q", "a\0b")])).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["code"], "VALIDATION_ERROR");
    // Whatever the body claims to be.
    let sneaky = [
        Req::post("/api/v1/competitions")
            .cookie(&employee)
            .header("content-type", "application/merge-patch+json")
            .body(br#"{"title":"a\u0000b","deadline":"2099-01-01T00:00:00Z","metric":"auc"}"#.to_vec()),
        Req::post("/api/competitions/create")
            .cookie(&employee)
            .header("content-type", "text/plain")
            .body(b"input[title]=a%00b&input[deadline]=2099-01-01T00:00:00Z&input[metric]=auc".to_vec()),
        Req::post(&format!("/api/v1/goal-sheets/{}/approve", uuid::Uuid::new_v4()))
            .cookie(&admin)
            .body(br#"{"comment":"a\u0000"}"#.to_vec()),
    ];
    for req in sneaky {
        let res = app.send(req).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Pages read text from their address too.
    let page = app.send(Req::get("/competitions/a%00b").cookie(&employee)).await;
    page.assert_status(StatusCode::NOT_FOUND);
    let page = app.send(Req::get("/competitions?q=a%00b").cookie(&employee)).await;
    assert_eq!(page.status, StatusCode::OK, "the page says what is wrong");
    assert!(page.text().contains("NUL"), "{}", page.text());
    let page = app.send(Req::get("/people?q=a%00b").cookie(&admin)).await;
    assert!(!page.status.is_server_error(), "{}", page.status);
    // The sign-in form goes back to the page with its message.
    let form = app.send(Req::post("/auth/login").form(&[("email", "a\0@demo.test"), ("password", "x")])).await;
    form.assert_status(StatusCode::SEE_OTHER);
    assert!(form.location().unwrap().starts_with("/login?error=invalid"));
}

#[sqlx::test]
async fn server_functions_answer_with_the_status_of_their_error(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let forbidden = app.send(Req::post("/api/audit/list").cookie(&employee).form(&[])).await;
    forbidden.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(forbidden.json()["code"], "FORBIDDEN");
    let missing = app
        .send(
            Req::post("/api/team-goals/get")
                .cookie(&app.login("manager@demo.test").await)
                .form(&[("id", &uuid::Uuid::new_v4().to_string())]),
        )
        .await;
    missing.assert_status(StatusCode::NOT_FOUND);
    let elsewhere = app
        .send(
            Req::post("/api/competitions/announce")
                .cookie(&employee)
                .form(&[("id", &uuid::Uuid::new_v4().to_string()), ("body", "Hello")]),
        )
        .await;
    elsewhere.assert_status(StatusCode::NOT_FOUND);
    let invalid = app
        .send(Req::post("/api/competitions/create").cookie(&employee).form(&[
            ("input[title]", ""),
            ("input[deadline]", "2099-01-01T00:00:00Z"),
            ("input[metric]", "auc"),
        ]))
        .await;
    invalid.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.json()["fields"][0]["field"], "title");
    let bad_uuid = app.send(Req::post("/api/team-goals/get").cookie(&employee).form(&[("id", "not-a-uuid")])).await;
    bad_uuid.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_uuid.json()["code"], "VALIDATION_ERROR");
    let unsigned = app.send(Req::post("/api/audit/list").form(&[])).await;
    unsigned.assert_status(StatusCode::UNAUTHORIZED);
    // Bodies over the cap: 413, not 500.
    let huge = "x".repeat(3 * 1024 * 1024);
    let big = app.send(Req::post("/api/people/list").cookie(&employee).form(&[("q", &huge)])).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", &big.text()[..200.min(big.text().len())]);
}

#[sqlx::test]
async fn every_api_error_is_json_with_the_right_status(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let cases = [
        (Req::get("/api/v1/competitions/not-a-uuid").cookie(&employee), StatusCode::NOT_FOUND),
        (Req::get("/api/v1/cycles/123").cookie(&employee), StatusCode::NOT_FOUND),
        (Req::new(Method::DELETE, "/api/v1/users/me").cookie(&employee), StatusCode::METHOD_NOT_ALLOWED),
        (Req::post("/api/v1/auth/login").header("content-type", "text/plain"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (Req::post("/auth/login").header("content-type", "application/json"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            Req::get("/api/v1/users?page=9223372036854775807").cookie(&app.login("admin@demo.test").await),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (req, expected) in cases {
        let res = app.send(req).await;
        assert_eq!(res.status, expected, "{}", res.text());
        assert!(is_json_error(&res), "not the JSON error format: {}", res.text());
    }
    let page =
        app.send(Req::get("/api/v1/users?page=9223372036854775807").cookie(&app.login("hr@demo.test").await)).await;
    let message = page.json()["error"]["details"][0]["message"].as_str().unwrap().to_owned();
    assert!(!message.contains("1 or more"), "{message}");
    // A body too large for a JSON endpoint.
    let big = app
        .send(Req::post("/api/v1/competitions").cookie(&employee).json(json!({ "title": "x".repeat(3 * 1024 * 1024) })))
        .await;
    big.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(is_json_error(&big));
}

#[sqlx::test]
async fn dates_outside_any_calendar_are_422(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let hr = app.login("hr@demo.test").await;
    for deadline in ["-5000-01-01T00:00:00Z", "+275000-01-01T00:00:00Z", "10000-01-01T00:00:00Z"] {
        let res = app
            .send(Req::post("/api/v1/competitions").cookie(&employee).json(json!({
                "title": "Far", "deadline": deadline, "metric": "auc"
            })))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{deadline}: {}", res.text());
        let res = app
            .send(Req::post("/api/v1/cycles").cookie(&hr).json(json!({
                "name": "Far", "startAt": "2026-01-01T00:00:00Z", "endAt": deadline
            })))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{deadline}: {}", res.text());
    }
    // A start far in the past passes "end after start" and used to reach PostgreSQL.
    let res = app
        .send(Req::post("/api/v1/cycles").cookie(&hr).json(json!({
            "name": "Far", "startAt": "-5000-01-01T00:00:00Z", "endAt": "2026-12-31T00:00:00Z"
        })))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["field"], "startAt");
    let admin = app.login("admin@demo.test").await;
    let res = app.send(Req::post("/api/audit/list").cookie(&admin).form(&[("from", "-5000-01-01")])).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}

#[sqlx::test]
async fn pages_carry_security_headers_and_a_script_nonce(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let page = app.send(Req::get("/login")).await;
    page.assert_status(StatusCode::OK);
    let header =
        |name: &str| page.headers.get(name).unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap().to_owned();
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("x-frame-options"), "DENY");
    assert!(header("referrer-policy").contains("origin"));
    let csp = header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("object-src 'none'"), "{csp}");
    let nonce =
        csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a script nonce").to_owned();
    assert!(!csp.contains("'unsafe-inline' 'unsafe-eval'"));
    let html = page.text();
    for script in html.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap();
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "a script without the nonce: <script{tag}>");
    }
    // Another page load, another nonce.
    let again = app.send(Req::get("/login")).await;
    assert_ne!(again.headers.get("content-security-policy").unwrap().to_str().unwrap(), csp);
    // JSON answers get nosniff too; HSTS only in production.
    let api = app.send(Req::get("/api/health/live")).await;
    assert_eq!(api.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(api.headers.get("strict-transport-security").is_none());
}

#[sqlx::test]
async fn production_mode_sends_hsts_secure_cookies_and_guards_metrics(pool: PgPool) {
    let mut config = crate::common::test_config();
    config.production = true;
    config.secure_cookies = true;
    config.metrics_token = Some("s3cret-token".into());
    let app = TestApp::with_config(pool, config).await;
    let live = app.send(Req::get("/api/health/live")).await;
    assert!(live.headers.get("strict-transport-security").unwrap().to_str().unwrap().contains("max-age="));
    let res =
        app.send(Req::post("/api/v1/auth/login").json(json!({"email": "admin@demo.test", "password": PASSWORD}))).await;
    let cookie = res.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert_eq!(app.send(Req::get("/metrics")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.send(Req::get("/metrics").header("authorization", "Bearer wrong")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let metrics = app.send(Req::get("/metrics").header("authorization", "Bearer s3cret-token")).await;
    metrics.assert_status(StatusCode::OK);
}

#[sqlx::test]
async fn made_up_methods_do_not_grow_the_metrics(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for i in 0..40 {
        let method = Method::from_bytes(format!("BREW{i}").as_bytes()).unwrap();
        app.send(Req::new(method, &format!("/nowhere/{i}"))).await;
    }
    let text = app.send(Req::get("/metrics")).await.text();
    assert!(!text.contains("BREW"), "unknown methods became labels");
    assert!(!text.contains("/nowhere"), "unknown paths became labels");
    assert!(text.contains("method=\"other\""));
}

#[sqlx::test]
async fn https_origins_are_not_the_http_site(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app
        .send(
            Req::post("/api/v1/auth/login")
                .header("origin", &format!("https://{}", crate::common::HOST))
                .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
}

#[sqlx::test]
async fn busy_clients_are_rate_limited_and_slow_requests_time_out(pool: PgPool) {
    let mut config = crate::common::test_config();
    config.rate_limit_per_minute = 20;
    let app = TestApp::with_config(pool.clone(), config).await;
    let mut limited = None;
    for i in 0..40 {
        let res = app.send(Req::get("/api/v1/users/me").header("x-forwarded-for", "10.9.0.1")).await;
        if res.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some((i, res));
            break;
        }
    }
    let (i, res) = limited.expect("the address is limited");
    assert!(i >= 20, "limited after {i}");
    assert!(is_json_error(&res));
    assert!(res.headers.get("retry-after").is_some());
    // Another address is not affected; health probes never are.
    assert_eq!(
        app.send(Req::get("/api/v1/users/me").header("x-forwarded-for", "10.9.0.2")).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.send(Req::get("/api/health/ready").header("x-forwarded-for", "10.9.0.1")).await.status,
        StatusCode::OK
    );

    let mut config = crate::common::test_config();
    // While every database connection is busy, a request that needs one times out with 503.
    config.request_timeout = std::time::Duration::from_millis(300);
    let slow = TestApp::with_config(pool.clone(), config).await;
    let mut held = Vec::new();
    while let Ok(Ok(conn)) = tokio::time::timeout(std::time::Duration::from_millis(200), pool.acquire()).await {
        held.push(conn);
    }
    let res = slow.send(Req::get("/api/health/ready")).await;
    drop(held);
    res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    assert!(is_json_error(&res));
}

#[sqlx::test]
async fn the_login_page_advertises_demo_accounts_only_in_demo_mode(pool: PgPool) {
    let mut config = crate::common::test_config();
    config.demo_data = false;
    let app = TestApp::with_config(pool.clone(), config).await;
    let page = app.send(Req::get("/login")).await.text();
    assert!(!page.contains("merit-demo"), "demo hint shown without demo mode");
    let mut config = crate::common::test_config();
    config.demo_data = true;
    let demo = TestApp::with_config(pool, config).await;
    assert!(demo.send(Req::get("/login")).await.text().contains("merit-demo"));
}

#[sqlx::test]
async fn production_refuses_to_start_with_demo_accounts_and_demo_mode_off(pool: PgPool) {
    merit::seed::load_demo(&pool).await.unwrap();
    let mut config = crate::common::test_config();
    config.production = true;
    config.demo_data = false;
    let refused = merit::web::startup_checks(&pool, &config).await.unwrap_err();
    assert!(refused.to_string().contains("demo"), "{refused}");
    config.demo_data = true;
    merit::web::startup_checks(&pool, &config).await.unwrap();
    config.production = false;
    config.demo_data = false;
    merit::web::startup_checks(&pool, &config).await.unwrap();
}

/// Log output written into memory, for a test to read.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[sqlx::test]
async fn log_lines_a_request_causes_carry_its_request_id(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
    let _default = tracing::subscriber::set_default(subscriber);
    // A cross-origin write is refused with a warning logged deep inside the stack.
    let res = app
        .send(
            Req::post("/api/v1/auth/login")
                .header("origin", "http://evil.example")
                .header("x-request-id", "trace-77")
                .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("cross-origin request refused"))
        .unwrap_or_else(|| panic!("no warning logged:\n{log}"));
    assert!(line.contains("request_id=trace-77"), "{line}");
}
