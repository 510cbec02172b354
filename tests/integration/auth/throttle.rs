//! The sign-in throttle: per account and per address, under parallel guesses, behind a proxy,
//! for IPv6 networks, and as the login page shows it.

use super::*;

#[sqlx::test]
async fn sixth_wrong_password_within_the_window_is_429_until_it_passes(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
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
    let app = TestApp::people_only(pool).await;
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
    let app = TestApp::people_only(pool).await;
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
async fn form_sign_in_shows_the_throttle_message(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
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
async fn a_throttled_burst_writes_one_audit_row(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
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
    let app = std::sync::Arc::new(TestApp::people_only(pool).await);
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
    let app = TestApp::people_only(pool).await;
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
    let app = TestApp::people_only(pool).await;
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
    let app = TestApp::people_only(pool).await;
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
    let app = TestApp::people_only(pool).await;
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
    let app = TestApp::people_only(pool).await;
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
async fn the_throttle_time_on_the_login_page_cannot_be_made_up(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
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
