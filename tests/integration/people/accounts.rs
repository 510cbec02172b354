//! Accounts: adding a person who sets a password and signs in, set-password links, one's own
//! password, and the first admin of an empty database.

use super::*;

#[sqlx::test]
async fn an_admin_adds_a_person_who_sets_a_password_and_signs_in(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let team: Value = app.get_as(&admin, "/api/v1/teams").await.json()[0].clone();
    let res = app
        .post_as(
            &admin,
            "/api/v1/users",
            json!({
                "email": " Nao.Mori@Demo.test ",
                "displayName": "Nao Mori",
                "role": "employee",
                "stageId": stage_id(&app, 6).await,
                "teamId": team["id"],
                "locale": "ja",
            }),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let nao = res.json();
    assert_eq!(nao["email"], "nao.mori@demo.test");
    assert_eq!(nao["stage"]["number"], 6);
    assert_eq!(nao["teamId"], team["id"]);
    assert_eq!(nao["managerId"], team["managerId"]);
    assert_eq!(nao["active"], true);
    assert_eq!(nao["lastSignInAt"], Value::Null);
    assert_eq!(nao["hasPassword"], false);
    let id = nao["id"].as_str().unwrap();
    assert_eq!(app.audit_count_for("user.created", id).await, 1);

    // No password yet: signing in fails like any wrong password.
    let res = app
        .post_as("", "/api/v1/auth/login", json!({"email": "nao.mori@demo.test", "password": "anything at all"}))
        .await;
    res.assert_status(StatusCode::UNAUTHORIZED);

    let res = app.post_as(&admin, &format!("/api/v1/users/{id}/password-link"), json!({})).await;
    res.assert_status(StatusCode::CREATED);
    let link = res.json();
    assert!(link["url"].as_str().unwrap().starts_with("http://127.0.0.1:3000/set-password?token="));
    let token = token_of(&link);
    // Only the hash is stored.
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM password_links WHERE token_hash = sha256(convert_to($1, 'UTF8'))")
            .bind(&token)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored, 1);
    let plain: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM password_links WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'",
    )
    .bind(&token)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(plain, 0);

    // The same length rule as sign-in.
    let res = app.post_as("", "/api/v1/auth/set-password", json!({"token": token, "password": "short"})).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "too_short");

    let res = app
        .post_as("", "/api/v1/auth/set-password", json!({"token": token, "password": "a perfectly long password"}))
        .await;
    res.assert_status(StatusCode::OK);
    let cookie = res.session_cookie().expect("signed in");
    let me = app.get_as(&cookie, "/api/v1/users/me").await.json();
    assert_eq!(me["email"], "nao.mori@demo.test");
    assert_eq!(me["stage"]["weightConfig"]["quantitative"], 100.0);
    assert!(me["lastSignInAt"].is_string());

    // Used once: the second use is refused and changes nothing.
    let res = app
        .post_as("", "/api/v1/auth/set-password", json!({"token": token, "password": "another long password"}))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "used");
    let res = app
        .post_as(
            "",
            "/api/v1/auth/login",
            json!({"email": "nao.mori@demo.test", "password": "a perfectly long password"}),
        )
        .await;
    res.assert_status(StatusCode::OK);
}

#[sqlx::test]
async fn expired_unknown_and_retired_links_are_refused(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let alice = app.user_id("alice@demo.test").await;
    let uri = format!("/api/v1/users/{alice}/password-link");
    let first = token_of(&app.post_as(&admin, &uri, json!({})).await.json());
    let second = token_of(&app.post_as(&admin, &uri, json!({})).await.json());
    let set = |token: String| {
        let app = &app;
        async move {
            app.post_as(
                "",
                "/api/v1/auth/set-password",
                json!({"token": token, "password": "a perfectly long password"}),
            )
            .await
        }
    };
    // A newer link retires the older one.
    let res = set(first).await;
    assert_eq!(res.json()["error"]["details"][0]["code"], "used");
    // Past 72 hours it has expired.
    sqlx::query("UPDATE password_links SET expires_at = now() - interval '1 second' WHERE user_id = $1")
        .bind(alice)
        .execute(&app.pool)
        .await
        .unwrap();
    let res = set(second).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "expired");
    let res = set("not-a-link".into()).await;
    assert_eq!(res.json()["error"]["details"][0]["code"], "invalid");
    // Nothing changed: the demo password still works.
    app.login("alice@demo.test").await;
    let expires: chrono::DateTime<chrono::Utc> = sqlx::query_scalar(
        "SELECT expires_at + interval '1 second' FROM password_links WHERE user_id = $1 ORDER BY created_at LIMIT 1",
    )
    .bind(alice)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(expires < chrono::Utc::now() + chrono::Duration::hours(72));
}

#[sqlx::test]
async fn changing_ones_password_ends_the_other_sessions(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let laptop = app.login("employee@demo.test").await;
    let phone = app.login("employee@demo.test").await;
    let res = app
        .post_as(
            &laptop,
            "/api/v1/users/me/password",
            json!({"currentPassword": "wrong", "newPassword": "a brand new password"}),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["field"], "currentPassword");
    let res = app
        .post_as(
            &laptop,
            "/api/v1/users/me/password",
            json!({"currentPassword": crate::common::PASSWORD, "newPassword": "a brand new password"}),
        )
        .await;
    res.assert_status(StatusCode::NO_CONTENT);
    let laptop = res.session_cookie().unwrap_or(laptop);
    assert_eq!(app.get_as(&laptop, "/api/v1/users/me").await.status, StatusCode::OK);
    assert_eq!(app.get_as(&phone, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
    let res = app
        .post_as("", "/api/v1/auth/login", json!({"email": "employee@demo.test", "password": "a brand new password"}))
        .await;
    res.assert_status(StatusCode::OK);

    // The profile: name and language.
    let res = app.patch_as(&laptop, "/api/v1/users/me", json!({"displayName": "Emi S.", "locale": "ja"})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["displayName"], "Emi S.");
    assert_eq!(res.json()["locale"], "ja");
    assert_eq!(app.audit_count("user.profile_updated").await, 1);
}

#[sqlx::test]
async fn the_first_admin_of_an_empty_database(pool: PgPool) {
    // No demo data: the command line makes the organization and its admin.
    let args = merit::users::cli::CreateArgs {
        organization: "Acme Corp.".into(),
        email: "Admin@Acme.example".into(),
        name: "Ada Admin".into(),
    };
    let made = merit::users::cli::create_first_admin(&pool, &args).await.expect("created");
    let org: (String, String) = sqlx::query_as("SELECT name, slug FROM organizations WHERE id = $1")
        .bind(made.organization_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(org, ("Acme Corp.".into(), "acme-corp".into()));
    let stages: i64 = sqlx::query_scalar("SELECT count(*) FROM stages WHERE organization_id = $1")
        .bind(made.organization_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stages, 9);
    let open: i64 =
        sqlx::query_scalar("SELECT count(*) FROM evaluation_periods WHERE organization_id = $1 AND status = 'open'")
            .bind(made.organization_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(open, 1);
    // Twice is refused: the e-mail has an account.
    assert!(merit::users::cli::create_first_admin(&pool, &args).await.is_err());

    let app = TestApp::new(pool).await;
    let res = app
        .post_as(
            "",
            "/api/v1/auth/set-password",
            json!({"token": made.token, "password": "the first admin's password"}),
        )
        .await;
    res.assert_status(StatusCode::OK);
    let cookie = res.session_cookie().unwrap();
    let me = app.get_as(&cookie, "/api/v1/users/me").await.json();
    assert_eq!(me["role"], "admin");
    assert_eq!(me["email"], "admin@acme.example");
    let people = app.get_as(&cookie, "/api/v1/users").await.json();
    assert_eq!(people["total"], 1);
}
