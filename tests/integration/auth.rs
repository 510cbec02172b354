//! Sign-in, throttling, sign-out and sessions, through the API and the HTML form.

use axum::http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::common::{Req, TestApp, PASSWORD};

async fn api_login(app: &TestApp, email: &str, password: &str, ip: &str) -> crate::common::TestResponse {
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
    let app = TestApp::new(pool).await;
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
async fn sixth_wrong_password_within_the_window_is_429_until_it_passes(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for attempt in 1..=5 {
        let res = api_login(&app, "employee@demo.test", "wrong", "10.0.0.3").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let sixth = api_login(&app, "employee@demo.test", "wrong", "10.0.0.3").await;
    sixth.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.error_code(), "RATE_LIMIT_EXCEEDED");
    let details = &sixth.json()["error"]["details"];
    assert_eq!(details["limit"], 5);
    assert_eq!(details["used"], 5);
    assert!(details["resetsAt"].as_str().is_some());
    assert!(sixth.headers.get("retry-after").is_some());

    // Even the right password waits from that address; one audit row stands for the burst.
    let right = api_login(&app, "employee@demo.test", PASSWORD, "10.0.0.3").await;
    right.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.audit_count("auth.sign_in_throttled").await, 1);

    // Other accounts are not affected.
    assert_eq!(api_login(&app, "alice@demo.test", PASSWORD, "10.0.0.3").await.status, StatusCode::OK);

    // Once the window has passed, sign-in works again.
    sqlx::query("UPDATE login_attempts SET created_at = created_at - interval '16 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(api_login(&app, "employee@demo.test", PASSWORD, "10.0.0.3").await.status, StatusCode::OK);
}

#[sqlx::test]
async fn a_successful_sign_in_restarts_the_account_count(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for _ in 0..4 {
        api_login(&app, "bob@demo.test", "wrong", "10.0.0.4").await;
    }
    assert_eq!(api_login(&app, "bob@demo.test", PASSWORD, "10.0.0.4").await.status, StatusCode::OK);
    for _ in 0..4 {
        assert_eq!(api_login(&app, "bob@demo.test", "wrong", "10.0.0.4").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(api_login(&app, "bob@demo.test", PASSWORD, "10.0.0.4").await.status, StatusCode::OK);
}

#[sqlx::test]
async fn twenty_failures_from_one_address_throttle_that_address(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for i in 0..20 {
        let res = api_login(&app, &format!("guess{i}@demo.test"), "wrong", "10.0.0.5").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = api_login(&app, "carol@demo.test", PASSWORD, "10.0.0.5").await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.json()["error"]["details"]["limit"], 20);
    assert_eq!(api_login(&app, "carol@demo.test", PASSWORD, "10.0.0.6").await.status, StatusCode::OK);
}

#[sqlx::test]
async fn sign_in_success_and_failure_are_audited(pool: PgPool) {
    let app = TestApp::new(pool).await;
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
    let app = TestApp::new(pool).await;
    // Even signing in again as the same person on the same browser renews the id.
    let before = app.login("admin@demo.test").await;
    let res = app
        .send(
            Req::post("/api/v1/auth/login")
                .cookie(&before)
                .json(json!({"email": "admin@demo.test", "password": PASSWORD})),
        )
        .await;
    res.assert_status(StatusCode::OK);
    let after = res.session_cookie().expect("a new cookie");
    assert_ne!(before, after);
    // The old id no longer signs anyone in.
    assert_eq!(app.get_as(&before, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get_as(&after, "/api/v1/users/me").await.status, StatusCode::OK);
}

#[sqlx::test]
async fn sign_out_ends_the_session_and_is_audited(pool: PgPool) {
    let app = TestApp::new(pool).await;
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
    let app = TestApp::new(pool).await;
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
async fn form_sign_in_shows_the_throttle_message(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let attempt = || Req::post("/auth/login").form(&[("email", "dave@demo.test"), ("password", "wrong"), ("next", "")]);
    for _ in 0..5 {
        app.send(attempt()).await;
    }
    let res = app.send(attempt()).await;
    let location = res.location().unwrap();
    assert!(location.starts_with("/login?error=throttled&until="), "{location}");
    let page = app.send(Req::get(&location)).await;
    assert!(page.text().contains("Too many failed sign-in attempts"), "{}", page.text());
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
    let app = TestApp::new(pool).await;
    let cookie = app.login("bob@demo.test").await;
    sqlx::query("UPDATE users SET active = false WHERE email = 'bob@demo.test'").execute(&app.pool).await.unwrap();
    assert_eq!(app.get_as(&cookie, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api_login(&app, "bob@demo.test", PASSWORD, "10.0.0.8").await.status, StatusCode::UNAUTHORIZED);
}

// --- Hardening: sessions, throttling and what anonymous callers can make Merit write ---------

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

#[sqlx::test]
async fn signing_in_over_another_users_session_gets_a_fresh_id(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let carol = app.login("carol@demo.test").await;
    // REST: Dave signs in on the browser Carol used.
    let res = app
        .send(
            Req::post("/api/v1/auth/login")
                .cookie(&carol)
                .json(json!({"email": "dave@demo.test", "password": PASSWORD})),
        )
        .await;
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
    let app = TestApp::new(pool).await;
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
    let app = TestApp::new(pool).await;
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
async fn a_throttled_burst_writes_one_audit_row(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for _ in 0..5 {
        api_login(&app, "alice@demo.test", "wrong", "10.0.1.3").await;
    }
    for _ in 0..15 {
        let res = api_login(&app, "alice@demo.test", "wrong", "10.0.1.3").await;
        res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(app.audit_count("auth.sign_in_throttled").await, 1);
    // The row says how many attempts it stands for once the next burst starts after the window.
    sqlx::query("UPDATE login_attempts SET created_at = created_at - interval '16 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE sign_in_throttle_notices SET audited_at = audited_at - interval '16 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    for _ in 0..6 {
        api_login(&app, "alice@demo.test", "wrong", "10.0.1.3").await;
    }
    assert_eq!(app.audit_count("auth.sign_in_throttled").await, 2);
}

#[sqlx::test]
async fn parallel_guesses_from_one_address_get_at_most_the_limit_of_checks(pool: PgPool) {
    let app = std::sync::Arc::new(TestApp::new(pool).await);
    let mut tasks = Vec::new();
    for i in 0..60 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            api_login(&app, &format!("nobody{i}@demo.test"), "wrong", "10.0.1.4").await.status
        }));
    }
    let mut checked = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(checked, 20, "exactly the per-address limit of password checks");
    assert_eq!(count(&app, "SELECT count(*) FROM login_attempts WHERE ip = '10.0.1.4'").await, 20);
}

#[sqlx::test]
async fn guesses_from_one_address_do_not_lock_the_owner_out_elsewhere(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for _ in 0..5 {
        api_login(&app, "admin@demo.test", "wrong", "203.0.113.9").await;
    }
    let attacker = api_login(&app, "admin@demo.test", PASSWORD, "203.0.113.9").await;
    attacker.assert_status(StatusCode::TOO_MANY_REQUESTS);
    let owner = api_login(&app, "admin@demo.test", PASSWORD, "10.0.1.5").await;
    owner.assert_status(StatusCode::OK);
}

#[sqlx::test]
async fn guesses_spread_over_many_addresses_still_throttle_the_account(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for i in 0..50 {
        let res = api_login(&app, "hr@demo.test", "wrong", &format!("198.51.100.{i}")).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = api_login(&app, "hr@demo.test", "wrong", "198.51.100.200").await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.json()["error"]["details"]["limit"], 50);
}

#[sqlx::test]
async fn the_client_address_is_the_hop_the_trusted_proxy_saw(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let seen = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT payload->>'ip' FROM audit_logs WHERE action = 'auth.sign_in_failed'
                  ORDER BY created_at DESC LIMIT 1",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    for (forwarded, expected) in [
        ("1.1.1.1, 10.0.2.1", "10.0.2.1"),
        ("<script>x</script>, 10.0.2.2", "10.0.2.2"),
        ("10.0.2.3", "10.0.2.3"),
        ("2001:db8::7", "2001:db8::7"),
    ] {
        api_login(&app, "bob@demo.test", "wrong", forwarded).await;
        assert_eq!(seen(&app).await, expected, "X-Forwarded-For: {forwarded}");
    }
    // A last hop that is not an address is not believed.
    api_login(&app, "bob@demo.test", "wrong", "10.0.2.4, <script>").await;
    let ip = seen(&app).await;
    assert!(!ip.contains('<'), "{ip}");
}

#[sqlx::test]
async fn an_ipv6_network_counts_as_one_address(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for i in 1..=20 {
        let res = api_login(&app, &format!("v6-{i}@demo.test"), "wrong", &format!("2001:db8:5:6::{i:x}")).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = api_login(&app, "carol@demo.test", PASSWORD, "2001:db8:5:6:ffff::1").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "same /64");
    let other = api_login(&app, "carol@demo.test", PASSWORD, "2001:db8:5:7::1").await;
    assert_eq!(other.status, StatusCode::OK, "another /64");
}

#[sqlx::test]
async fn guessing_from_many_addresses_cannot_lock_the_owner_out_of_a_known_one(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let home = "10.0.5.1";
    assert_eq!(api_login(&app, "ken@demo.test", PASSWORD, home).await.status, StatusCode::OK);
    for i in 0..50 {
        let res = api_login(&app, "ken@demo.test", "wrong", &format!("198.51.100.{}", i % 10 + 1)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let stranger = api_login(&app, "ken@demo.test", PASSWORD, "198.51.100.77").await;
    assert_eq!(stranger.status, StatusCode::TOO_MANY_REQUESTS, "a new address waits");
    let owner = api_login(&app, "ken@demo.test", PASSWORD, home).await;
    owner.assert_status(StatusCode::OK);
}

#[sqlx::test]
async fn an_anonymous_language_switch_keeps_no_session(pool: PgPool) {
    let app = TestApp::new(pool).await;
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
    let page = app.send(Req::get("/login").cookie(&lang)).await;
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

#[sqlx::test]
async fn the_throttle_time_on_the_login_page_cannot_be_made_up(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let page = app.send(Req::get("/login?error=throttled&until=Call%20+1-555-0100%20to%20unlock")).await;
    let html = page.text();
    let alert = html
        .split("data-testid=\"login-error\"")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("the sign-in alert");
    assert!(!alert.contains("555-0100"), "{alert}");
    assert!(alert.contains("Too many failed sign-in attempts"), "{alert}");
}
