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
