//! Cross-origin refusal for every state-changing route.

use super::*;

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

/// CORS is off unless origins are configured; then only those origins may read the API with
/// credentials (preflight and answer), and they may write; any other origin is still refused.
#[sqlx::test]
async fn cors_answers_only_configured_origins_with_credentials(pool: PgPool) {
    let preflight = |origin: &str| {
        Req::new(Method::OPTIONS, "/api/v1/users/me")
            .header("origin", origin)
            .header("access-control-request-method", "PATCH")
            .header("access-control-request-headers", "content-type")
    };
    let allow =
        |res: &TestResponse| res.headers.get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_owned());

    // Off by default: no CORS headers for anyone.
    let plain = TestApp::new(pool.clone()).await;
    assert_eq!(allow(&plain.send(preflight("https://app.example")).await), None);
    let cookie = plain.login("employee@demo.test").await;
    let read = plain.send(Req::get("/api/v1/users/me").cookie(&cookie).header("origin", "https://app.example")).await;
    assert_eq!(allow(&read), None);

    let mut config = test_config();
    config.cors_origins = vec!["https://app.example".to_owned()];
    let app = TestApp::with_config(pool, config).await;
    let ok = app.send(preflight("https://app.example")).await;
    assert!(ok.status.is_success(), "{}", ok.status);
    assert_eq!(allow(&ok).as_deref(), Some("https://app.example"));
    assert_eq!(ok.headers["access-control-allow-credentials"], "true");
    let methods = ok.headers["access-control-allow-methods"].to_str().unwrap().to_owned();
    assert!(methods.contains("PATCH") && methods.contains("DELETE"), "{methods}");
    assert_eq!(allow(&app.send(preflight("https://evil.example")).await), None);

    let cookie = app.login("employee@demo.test").await;
    let read = app.send(Req::get("/api/v1/users/me").cookie(&cookie).header("origin", "https://app.example")).await;
    read.assert_status(StatusCode::OK);
    assert_eq!(allow(&read).as_deref(), Some("https://app.example"));
    assert_eq!(read.headers["access-control-allow-credentials"], "true");
    let foreign = app.send(Req::get("/api/v1/users/me").cookie(&cookie).header("origin", "https://evil.example")).await;
    assert_eq!(allow(&foreign), None, "the browser keeps the answer from another origin");

    // The configured origin may write with the cookie; the Origin check still refuses others.
    let write = |origin: &str| {
        Req::new(Method::PATCH, "/api/v1/users/me")
            .cookie(&cookie)
            .header("origin", origin)
            .json(serde_json::json!({"locale": "ja"}))
    };
    let written = app.send(write("https://app.example")).await;
    written.assert_status(StatusCode::OK);
    assert_eq!(allow(&written).as_deref(), Some("https://app.example"));
    app.send(write("https://evil.example")).await.assert_status(StatusCode::FORBIDDEN);
}
