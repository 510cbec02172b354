//! Signing in and out, through the API and the HTML form, and the sessions that result.

use super::*;

#[sqlx::test]
async fn api_sign_in_sets_a_session_that_identifies_the_user(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let res = api_login(&app, "ADMIN@demo.test ", PASSWORD, "10.0.0.1").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["email"], "admin@demo.test");
    let set_cookie = res.headers.get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let cookie = res.session_cookie().unwrap();
    let me = app.get_as(&cookie, "/api/v1/users/me").await;
    me.assert_status(StatusCode::OK);
    assert_eq!(me.json()["role"], "admin");
    assert!(me.json().get("passwordHash").is_none());
}

#[sqlx::test]
async fn wrong_password_and_unknown_account_get_the_same_answer(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let wrong = api_login(&app, "admin@demo.test", "nope", "10.0.0.2").await;
    let unknown = api_login(&app, "nobody@demo.test", PASSWORD, "10.0.0.2").await;
    for res in [&wrong, &unknown] {
        res.assert_status(StatusCode::UNAUTHORIZED);
        assert_eq!(res.error_code(), "UNAUTHENTICATED");
        assert_eq!(res.json()["error"]["message"], "Invalid email or password.");
        assert!(res.session_cookie().is_none());
    }
}

#[sqlx::test]
async fn sign_in_success_and_failure_are_audited(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    api_login(&app, "hr@demo.test", "wrong", "10.0.0.7").await;
    api_login(&app, "hr@demo.test", PASSWORD, "10.0.0.7").await;
    let hr = app.user_id("hr@demo.test").await;
    let rows: Vec<(String, Option<uuid::Uuid>, Option<uuid::Uuid>, serde_json::Value)> = sqlx::query_as(
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
    let app = TestApp::people_only(pool).await;
    // Even signing in again as the same person on the same browser renews the id.
    let before = app.login("admin@demo.test").await;
    let res =
        app.post_as(&before, "/api/v1/auth/login", json!({"email": "admin@demo.test", "password": PASSWORD})).await;
    res.assert_status(StatusCode::OK);
    let after = res.session_cookie().expect("a new cookie");
    assert_ne!(before, after);
    // The old id no longer signs anyone in.
    assert_eq!(app.get_as(&before, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get_as(&after, "/api/v1/users/me").await.status, StatusCode::OK);
}

#[sqlx::test]
async fn sign_out_ends_the_session_and_is_audited(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let cookie = app.login("manager@demo.test").await;
    let res = app.send(Req::post("/api/v1/auth/logout").cookie(&cookie)).await;
    res.assert_status(StatusCode::NO_CONTENT);
    assert_eq!(app.get_as(&cookie, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.audit_count("auth.signed_out").await, 1);

    let cookie = app.login("manager@demo.test").await;
    let form = app.send(Req::post("/auth/logout").cookie(&cookie)).await;
    form.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(form.location().as_deref(), Some("/login"));
    assert_eq!(app.get_as(&cookie, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn form_sign_in_redirects_to_local_next_only(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let form = |next: &str| {
        Req::post("/auth/login").form(&[("email", "admin@demo.test"), ("password", PASSWORD), ("next", next)])
    };
    let ok = app.send(form("/admin/audit?page=2")).await;
    ok.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(ok.location().as_deref(), Some("/admin/audit?page=2"));
    assert!(ok.session_cookie().is_some());
    for evil in ["https://evil.example/", "//evil.example", "/\\evil.example"] {
        let res = app.send(form(evil)).await;
        assert_eq!(res.location().as_deref(), Some("/"), "next={evil}");
    }
    let wrong = app
        .send(Req::post("/auth/login").form(&[("email", "admin@demo.test"), ("password", "x"), ("next", "/people")]))
        .await;
    assert_eq!(wrong.location().as_deref(), Some("/login?error=invalid&next=%2Fpeople"));
    assert!(wrong.session_cookie().is_none());
}

#[sqlx::test]
async fn sessions_end_after_their_absolute_lifetime(pool: PgPool) {
    let mut config = crate::common::test_config();
    config.session_absolute = std::time::Duration::ZERO;
    let app = TestApp::with_config(pool, config).await;
    let cookie = app.login("admin@demo.test").await;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(app.get_as(&cookie, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn deactivated_users_cannot_sign_in_and_lose_their_session(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let cookie = app.login("bob@demo.test").await;
    sqlx::query("UPDATE users SET active = false WHERE email = 'bob@demo.test'").execute(&app.pool).await.unwrap();
    assert_eq!(app.get_as(&cookie, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api_login(&app, "bob@demo.test", PASSWORD, "10.0.0.8").await.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn signing_in_over_another_users_session_gets_a_fresh_id(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let carol = app.login("carol@demo.test").await;
    // REST: Dave signs in on the browser Carol used.
    let res = app.post_as(&carol, "/api/v1/auth/login", json!({"email": "dave@demo.test", "password": PASSWORD})).await;
    res.assert_status(StatusCode::OK);
    let dave = res.session_cookie().expect("a new session cookie");
    assert_ne!(carol, dave, "the session id must change");
    assert_eq!(
        app.get_as(&carol, "/api/v1/users/me").await.status,
        StatusCode::UNAUTHORIZED,
        "Carol's old id must not authenticate anyone"
    );
    assert_eq!(app.get_as(&dave, "/api/v1/users/me").await.json()["email"], "dave@demo.test");
    // The form does the same.
    let res = app
        .send(Req::post("/auth/login").cookie(&dave).form(&[("email", "carol@demo.test"), ("password", PASSWORD)]))
        .await;
    let carol_again = res.session_cookie().expect("a new session cookie");
    assert_ne!(carol_again, dave);
    assert_eq!(app.get_as(&dave, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn over_long_e_mails_are_refused_before_anything_is_written(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let before_audit = count(&app, "SELECT count(*) FROM audit_logs").await;
    for length in [255, 5_000, 1_900_000] {
        let email = format!("{}@demo.test", "a".repeat(length));
        let res = api_login(&app, &email, "wrong", "10.0.1.1").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{length}");
        assert_eq!(res.json()["error"]["details"][0]["field"], "email");
        let form = app
            .send(
                Req::post("/auth/login")
                    .header("x-forwarded-for", "10.0.1.1")
                    .form(&[("email", &email), ("password", "wrong")]),
            )
            .await;
        assert_eq!(form.status, StatusCode::SEE_OTHER, "{length}");
        assert!(form.location().unwrap().starts_with("/login?error=invalid"));
    }
    assert_eq!(count(&app, "SELECT count(*) FROM login_attempts").await, 0);
    assert_eq!(count(&app, "SELECT count(*) FROM audit_logs").await, before_audit);
}

#[sqlx::test]
async fn request_ids_are_echoed_only_when_short_and_plain(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let id_of =
        |res: &crate::common::TestResponse| res.headers.get("x-request-id").unwrap().to_str().unwrap().to_owned();
    let good = app.send(Req::get("/api/health/live").header("x-request-id", "client-42.a_b")).await;
    assert_eq!(id_of(&good), "client-42.a_b");
    for bad in ["x".repeat(200), "<script>alert(1)</script>".into(), "a b".into()] {
        let res = app
            .send(
                Req::post("/api/v1/auth/login")
                    .header("x-request-id", &bad)
                    .header("x-forwarded-for", "10.0.1.2")
                    .json(json!({"email": "hr@demo.test", "password": "wrong"})),
            )
            .await;
        let echoed = id_of(&res);
        assert_ne!(echoed, bad);
        assert!(uuid::Uuid::parse_str(&echoed).is_ok(), "{echoed}");
    }
    let stored: Vec<Option<String>> =
        sqlx::query_scalar("SELECT request_id FROM audit_logs WHERE action LIKE 'auth.%'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 3);
    for id in stored {
        assert!(uuid::Uuid::parse_str(&id.unwrap()).is_ok());
    }
}

#[sqlx::test]
async fn an_anonymous_language_switch_keeps_no_session(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    for _ in 0..5 {
        let res = app.send(Req::post("/auth/locale").form(&[("lang", "ja"), ("next", "/login")])).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert!(res.session_cookie().is_none());
    }
    assert_eq!(count(&app, "SELECT count(*) FROM tower_sessions.session").await, 0);
    let res = app.send(Req::post("/auth/locale").form(&[("lang", "ja"), ("next", "/login")])).await;
    let lang = res
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("merit.lang="))
        .expect("a language cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(lang, "merit.lang=ja");
    let page = app.get_as(&lang, "/login").await;
    assert!(page.text().contains("lang=\"ja\""), "the page is in Japanese");
}

#[sqlx::test]
async fn api_activity_keeps_a_session_alive(pool: PgPool) {
    let mut config = crate::common::test_config();
    config.session_idle = std::time::Duration::from_secs(4);
    let app = TestApp::with_config(pool, config).await;
    let cookie = app.login("employee@demo.test").await;
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
        let res = app.get_as(&cookie, "/api/v1/users/me").await;
        assert_eq!(res.status, StatusCode::OK, "active API use keeps the session");
    }
    tokio::time::sleep(std::time::Duration::from_millis(4_500)).await;
    assert_eq!(
        app.get_as(&cookie, "/api/v1/users/me").await.status,
        StatusCode::UNAUTHORIZED,
        "idle for longer than the limit ends it"
    );
}
