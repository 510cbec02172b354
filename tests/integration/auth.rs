//! Sign-in, throttling, sign-out and sessions, through the API and the HTML form.

use axum::http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::common::{Req, TestApp, PASSWORD};

async fn api_login(
    app: &TestApp,
    email: &str,
    password: &str,
    ip: &str,
) -> crate::common::TestResponse {
    app.send(
        Req::post("/api/v1/auth/login")
            .header("x-forwarded-for", ip)
            .json(json!({"email": email, "password": password})),
    )
    .await
}

#[sqlx::test]
async fn api_sign_in_sets_a_session_that_identifies_the_user(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = api_login(&app, "ADMIN@demo.test ", PASSWORD, "10.0.0.1").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["email"], "admin@demo.test");
    let set_cookie = res
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let cookie = res.session_cookie().unwrap();
    let me = app.get_as(&cookie, "/api/v1/users/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["role"], "admin");
    assert!(me.json().get("passwordHash").is_none());
}

#[sqlx::test]
async fn wrong_password_and_unknown_account_get_the_same_answer(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let wrong = api_login(&app, "admin@demo.test", "nope", "10.0.0.2").await;
    let unknown = api_login(&app, "nobody@demo.test", PASSWORD, "10.0.0.2").await;
    for res in [&wrong, &unknown] {
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert_eq!(res.error_code(), "UNAUTHENTICATED");
        assert_eq!(res.json()["error"]["message"], "Invalid email or password.");
        assert!(res.session_cookie().is_none());
    }
}

#[sqlx::test]
async fn sixth_wrong_password_within_the_window_is_429_until_it_passes(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for attempt in 1..=5 {
        let res = api_login(&app, "employee@demo.test", "wrong", "10.0.0.3").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let sixth = api_login(&app, "employee@demo.test", "wrong", "10.0.0.3").await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.error_code(), "RATE_LIMIT_EXCEEDED");
    let details = &sixth.json()["error"]["details"];
    assert_eq!(details["limit"], 5);
    assert_eq!(details["used"], 5);
    assert!(details["resetsAt"].as_str().is_some());
    assert!(sixth.headers.get("retry-after").is_some());

    // Even the right password waits, and from another address too: the account is throttled.
    let right = api_login(&app, "employee@demo.test", PASSWORD, "10.9.9.9").await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.audit_count("auth.sign_in_throttled").await, 2);

    // Other accounts are not affected.
    assert_eq!(
        api_login(&app, "alice@demo.test", PASSWORD, "10.0.0.3")
            .await
            .status,
        StatusCode::OK
    );

    // Once the window has passed, sign-in works again.
    sqlx::query("UPDATE login_attempts SET created_at = created_at - interval '16 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        api_login(&app, "employee@demo.test", PASSWORD, "10.0.0.3")
            .await
            .status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn a_successful_sign_in_restarts_the_account_count(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for _ in 0..4 {
        api_login(&app, "bob@demo.test", "wrong", "10.0.0.4").await;
    }
    assert_eq!(
        api_login(&app, "bob@demo.test", PASSWORD, "10.0.0.4")
            .await
            .status,
        StatusCode::OK
    );
    for _ in 0..4 {
        assert_eq!(
            api_login(&app, "bob@demo.test", "wrong", "10.0.0.4")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        api_login(&app, "bob@demo.test", PASSWORD, "10.0.0.4")
            .await
            .status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn twenty_failures_from_one_address_throttle_that_address(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for i in 0..20 {
        let res = api_login(&app, &format!("guess{i}@demo.test"), "wrong", "10.0.0.5").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = api_login(&app, "carol@demo.test", PASSWORD, "10.0.0.5").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.json()["error"]["details"]["limit"], 20);
    assert_eq!(
        api_login(&app, "carol@demo.test", PASSWORD, "10.0.0.6")
            .await
            .status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn sign_in_success_and_failure_are_audited(pool: PgPool) {
    let app = TestApp::new(pool).await;
    api_login(&app, "hr@demo.test", "wrong", "10.0.0.7").await;
    api_login(&app, "hr@demo.test", PASSWORD, "10.0.0.7").await;
    let hr = app.user_id("hr@demo.test").await;
    let rows: Vec<(
        String,
        Option<uuid::Uuid>,
        Option<uuid::Uuid>,
        serde_json::Value,
    )> = sqlx::query_as(
        "SELECT action, actor_user_id, organization_id, payload FROM audit_logs
          WHERE action LIKE 'auth.%' ORDER BY created_at",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, "auth.sign_in_failed");
    assert_eq!(rows[0].3["email"], "hr@demo.test");
    assert!(rows[0].3.get("password").is_none());
    assert_eq!(rows[1].0, "auth.signed_in");
    assert_eq!(rows[1].1, Some(hr));
    assert!(rows[1].2.is_some());
}

#[sqlx::test]
async fn session_id_is_renewed_at_sign_in(pool: PgPool) {
    let app = TestApp::new(pool).await;
    // Choosing a language while signed out starts an anonymous session.
    let anon = app
        .send(Req::post("/auth/locale").form(&[("lang", "ja"), ("next", "/login")]))
        .await;
    let before = anon.session_cookie().expect("anonymous session");
    let res = app
        .send(
            Req::post("/api/v1/auth/login")
                .cookie(&before)
                .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let after = res.session_cookie().expect("a new cookie");
    assert_ne!(before, after);
    // The old id no longer signs anyone in.
    assert_eq!(
        app.get_as(&before, "/api/v1/users/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_as(&after, "/api/v1/users/me").await.status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn sign_out_ends_the_session_and_is_audited(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("manager@demo.test").await;
    let res = app
        .send(Req::post("/api/v1/auth/logout").cookie(&cookie))
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get_as(&cookie, "/api/v1/users/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.audit_count("auth.signed_out").await, 1);

    let cookie = app.login("manager@demo.test").await;
    let form = app.send(Req::post("/auth/logout").cookie(&cookie)).await;
    assert_eq!(form.status, StatusCode::SEE_OTHER);
    assert_eq!(form.location().as_deref(), Some("/login"));
    assert_eq!(
        app.get_as(&cookie, "/api/v1/users/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[sqlx::test]
async fn form_sign_in_redirects_to_local_next_only(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let form = |next: &str| {
        Req::post("/auth/login").form(&[
            ("email", "admin@demo.test"),
            ("password", PASSWORD),
            ("next", next),
        ])
    };
    let ok = app.send(form("/admin/audit?page=2")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location().as_deref(), Some("/admin/audit?page=2"));
    assert!(ok.session_cookie().is_some());
    for evil in ["https://evil.example/", "//evil.example", "/\\evil.example"] {
        let res = app.send(form(evil)).await;
        assert_eq!(res.location().as_deref(), Some("/"), "next={evil}");
    }
    let wrong = app
        .send(Req::post("/auth/login").form(&[
            ("email", "admin@demo.test"),
            ("password", "x"),
            ("next", "/people"),
        ]))
        .await;
    assert_eq!(
        wrong.location().as_deref(),
        Some("/login?error=invalid&next=%2Fpeople")
    );
    assert!(wrong.session_cookie().is_none());
}

#[sqlx::test]
async fn form_sign_in_shows_the_throttle_message(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let attempt = || {
        Req::post("/auth/login").form(&[
            ("email", "dave@demo.test"),
            ("password", "wrong"),
            ("next", ""),
        ])
    };
    for _ in 0..5 {
        app.send(attempt()).await;
    }
    let res = app.send(attempt()).await;
    let location = res.location().unwrap();
    assert!(
        location.starts_with("/login?error=throttled&until="),
        "{location}"
    );
    let page = app.send(Req::get(&location)).await;
    assert!(
        page.text().contains("Too many failed sign-in attempts"),
        "{}",
        page.text()
    );
}

#[sqlx::test]
async fn sessions_end_after_their_absolute_lifetime(pool: PgPool) {
    let mut config = crate::common::test_config();
    config.session_absolute = std::time::Duration::ZERO;
    let app = TestApp::with_config(pool, config).await;
    let cookie = app.login("admin@demo.test").await;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(
        app.get_as(&cookie, "/api/v1/users/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[sqlx::test]
async fn deactivated_users_cannot_sign_in_and_lose_their_session(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("bob@demo.test").await;
    sqlx::query("UPDATE users SET active = false WHERE email = 'bob@demo.test'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.get_as(&cookie, "/api/v1/users/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        api_login(&app, "bob@demo.test", PASSWORD, "10.0.0.8")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
