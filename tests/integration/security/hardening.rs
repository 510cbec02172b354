//! Request ids in answers, audit rows and logs; security headers; production settings; rate
//! limits and timeouts; the metrics' size.

use super::*;

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
    let mut config = test_config();
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
async fn busy_clients_are_rate_limited_and_slow_requests_time_out(pool: PgPool) {
    let mut config = test_config();
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

    let mut config = test_config();
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
    let mut config = test_config();
    config.demo_data = false;
    let app = TestApp::with_config(pool.clone(), config).await;
    let page = app.send(Req::get("/login")).await.text();
    assert!(!page.contains("merit-demo"), "demo hint shown without demo mode");
    let mut config = test_config();
    config.demo_data = true;
    let demo = TestApp::with_config(pool, config).await;
    assert!(demo.send(Req::get("/login")).await.text().contains("merit-demo"));
}

#[sqlx::test]
async fn production_refuses_to_start_with_demo_accounts_and_demo_mode_off(pool: PgPool) {
    merit::seed::load_demo(&pool).await.unwrap();
    let mut config = test_config();
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
