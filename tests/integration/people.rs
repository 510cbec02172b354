//! People administration: adding and editing people, the last-admin rule, deactivation that
//! signs out at once, set-password links (single use, 72 hours), one's own password, stage
//! changes and their effect on goal sheets, and the first admin of an empty database.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::common::{Req, TestApp};

async fn stage_id(app: &TestApp, number: i32) -> String {
    sqlx::query_scalar::<_, uuid::Uuid>(
        "SELECT s.id FROM stages s JOIN organizations o ON o.id = s.organization_id
          WHERE o.slug = 'demo' AND s.number = $1",
    )
    .bind(number)
    .fetch_one(&app.pool)
    .await
    .unwrap()
    .to_string()
}

/// The token of a set-password link's URL.
fn token_of(link: &Value) -> String {
    let url = link["url"].as_str().unwrap();
    url.split("token=").nth(1).unwrap().to_owned()
}

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
async fn the_last_active_admin_cannot_be_removed(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let me = app.user_id("admin@demo.test").await;
    // Demoting oneself as the only admin.
    let res = app.patch_as(&admin, &format!("/api/v1/users/{me}"), json!({"role": "hr"})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "last_admin");
    // Deactivating oneself.
    let res = app.post_as(&admin, &format!("/api/v1/users/{me}/deactivate"), json!({})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "self");

    // With a second admin the first may step down; then the second is the last.
    let bob_id = app.user_id("bob@demo.test").await;
    let res = app.patch_as(&admin, &format!("/api/v1/users/{bob_id}"), json!({"role": "admin"})).await;
    res.assert_status(StatusCode::OK);
    let res = app.patch_as(&admin, &format!("/api/v1/users/{me}"), json!({"role": "employee"})).await;
    res.assert_status(StatusCode::OK);
    let bob = app.login("bob@demo.test").await;
    let res = app.patch_as(&bob, &format!("/api/v1/users/{bob_id}"), json!({"role": "manager"})).await;
    res.assert_status(StatusCode::CONFLICT);
    let admins: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users u JOIN organizations o ON o.id = u.organization_id
          WHERE o.slug = 'demo' AND u.role = 'admin' AND u.active",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(admins, 1);
    assert!(app.audit_count_for("user.updated", &me.to_string()).await >= 1);
}

#[sqlx::test]
async fn hr_manages_employees_and_managers_but_not_admins_or_hr(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let res = app
        .post_as(&hr, "/api/v1/users", json!({"email": "new.admin@demo.test", "displayName": "New", "role": "admin"}))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "forbidden_role");
    let alice = app.user_id("alice@demo.test").await;
    let res = app.patch_as(&hr, &format!("/api/v1/users/{alice}"), json!({"role": "hr"})).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.patch_as(&hr, &format!("/api/v1/users/{alice}"), json!({"role": "manager"})).await;
    res.assert_status(StatusCode::OK);
    let admin = app.user_id("admin@demo.test").await;
    let res = app.patch_as(&hr, &format!("/api/v1/users/{admin}"), json!({"displayName": "X"})).await;
    res.assert_status(StatusCode::FORBIDDEN);
    let res = app.post_as(&hr, &format!("/api/v1/users/{admin}/password-link"), json!({})).await;
    res.assert_status(StatusCode::FORBIDDEN);

    // Another organization's admin sees none of it.
    let other = app.login("admin@other.test").await;
    for (method, uri) in [
        (Method::GET, format!("/api/v1/users/{alice}")),
        (Method::PATCH, format!("/api/v1/users/{alice}")),
        (Method::POST, format!("/api/v1/users/{alice}/deactivate")),
        (Method::POST, format!("/api/v1/users/{alice}/password-link")),
    ] {
        let res = app.send(Req::new(method.clone(), &uri).cookie(&other).json(json!({"displayName": "X"}))).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {uri}");
    }
    // And a taken e-mail (in any organization) is a field error.
    let res = app
        .post_as(&hr, "/api/v1/users", json!({"email": "erin@other.test", "displayName": "Erin", "role": "employee"}))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "taken");
}

#[sqlx::test]
async fn deactivation_signs_out_at_the_next_request_and_keeps_records(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let alice_session = app.login("alice@demo.test").await;
    assert_eq!(app.get_as(&alice_session, "/api/v1/users/me").await.status, StatusCode::OK);
    let alice = app.user_id("alice@demo.test").await;
    let res = app.post_as(&admin, &format!("/api/v1/users/{alice}/deactivate"), json!({})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["active"], false);
    assert_eq!(app.get_as(&alice_session, "/api/v1/users/me").await.status, StatusCode::UNAUTHORIZED);
    let page = app.get_as(&alice_session, "/goals").await;
    page.assert_status(StatusCode::SEE_OTHER);
    // Records stay; she cannot sign in again until reactivated.
    let still: i64 =
        sqlx::query_scalar("SELECT count(*) FROM users WHERE id = $1").bind(alice).fetch_one(&app.pool).await.unwrap();
    assert_eq!(still, 1);
    let res = app
        .post_as("", "/api/v1/auth/login", json!({"email": "alice@demo.test", "password": crate::common::PASSWORD}))
        .await;
    res.assert_status(StatusCode::UNAUTHORIZED);
    let res = app.post_as(&admin, &format!("/api/v1/users/{alice}/reactivate"), json!({})).await;
    res.assert_status(StatusCode::OK);
    app.login("alice@demo.test").await;
    assert_eq!(app.audit_count_for("user.deactivated", &alice.to_string()).await, 1);
    assert_eq!(app.audit_count_for("user.reactivated", &alice.to_string()).await, 1);

    // A manager who leads a team is not deactivated until the team has another manager.
    let ken = app.user_id("ken@demo.test").await;
    let res = app.post_as(&admin, &format!("/api/v1/users/{ken}/deactivate"), json!({})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["details"]["reason"], "manages_teams");
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
async fn a_stage_change_shows_its_effect_and_sends_a_submitted_sheet_back(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    // Stage 4 is 80 / 20 / 10: a submitted sheet that meets it.
    let res = app
        .send(Req::new(Method::PUT, "/api/v1/goal-sheets/current").cookie(&employee).json(json!({"goals": [
            {"category": "quantitative", "title": "Revenue", "weight": 80},
            {"category": "qualitative", "title": "Project", "weight": 20},
            {"category": "competency", "title": "Mentoring", "weight": 10},
        ]})))
        .await;
    res.assert_status(StatusCode::OK);
    let res = app.post_as(&employee, "/api/v1/goal-sheets/current/submit", json!({})).await;
    res.assert_status(StatusCode::OK);

    let hr = app.login("hr@demo.test").await;
    let emi = app.user_id("employee@demo.test").await;
    let six = stage_id(&app, 6).await;
    let preview = app.get_as(&hr, &format!("/api/v1/users/{emi}/stage-change?stageId={six}")).await;
    preview.assert_status(StatusCode::OK);
    let preview = preview.json();
    assert_eq!(preview["before"]["weightConfig"]["quantitative"], 80.0);
    assert_eq!(preview["after"]["weightConfig"]["quantitative"], 100.0);
    assert_eq!(preview["after"]["weightConfig"]["qualitative"], 0.0);
    assert_eq!(preview["sheet"]["status"], "submitted");
    assert_eq!(preview["sheet"]["needsRebalancing"], true);
    assert_eq!(preview["sheet"]["backToDraft"], true);
    // Previewing changes nothing.
    let sheet = app.get_as(&employee, "/api/v1/goal-sheets/current").await.json();
    assert_eq!(sheet["status"], "submitted");

    let res = app.patch_as(&hr, &format!("/api/v1/users/{emi}"), json!({"stageId": six})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["stage"]["number"], 6);
    let sheet = app.get_as(&employee, "/api/v1/goal-sheets/current").await.json();
    assert_eq!(sheet["status"], "draft");
    assert_eq!(sheet["stageNote"], json!({"fromStage": 4, "toStage": 6}));
    assert_eq!(sheet["budget"]["quantitative"], 100.0);
    assert_eq!(sheet["stage"]["number"], 6);

    // Rebalanced and submitted again, the note is gone.
    let res = app
        .send(Req::new(Method::PUT, "/api/v1/goal-sheets/current").cookie(&employee).json(json!({"goals": [
            {"category": "quantitative", "title": "Revenue", "weight": 100},
            {"category": "competency", "title": "Mentoring", "weight": 10},
        ]})))
        .await;
    res.assert_status(StatusCode::OK);
    let res = app.post_as(&employee, "/api/v1/goal-sheets/current/submit", json!({})).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["stageNote"], Value::Null);

    // The stage table counts people per stage and the open sheets a weight change touches.
    let stages = app.get_as(&hr, "/api/v1/stages").await.json();
    let six = stages["items"].as_array().unwrap().iter().find(|s| s["number"] == 6).unwrap().clone();
    assert_eq!(six["people"], 4);
    assert_eq!(six["openSheets"], 1);
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

#[sqlx::test]
async fn the_people_list_sorts_and_filters_by_status(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let by_stage = app.get_as(&admin, "/api/v1/users?sort=stage&order=desc").await.json();
    let numbers: Vec<i64> =
        by_stage["items"].as_array().unwrap().iter().map(|u| u["stage"]["number"].as_i64().unwrap()).collect();
    let mut sorted = numbers.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(numbers, sorted);
    let res = app.get_as(&admin, "/api/v1/users?sort=password&order=up").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.json();
    let fields: Vec<&str> =
        body["error"]["details"].as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"sort") && fields.contains(&"order"), "{fields:?}");

    let carol = app.user_id("carol@demo.test").await;
    app.post_as(&admin, &format!("/api/v1/users/{carol}/deactivate"), json!({})).await;
    let inactive = app.get_as(&admin, "/api/v1/users?status=inactive").await.json();
    assert_eq!(inactive["total"], 1);
    assert_eq!(inactive["items"][0]["email"], "carol@demo.test");
    let active = app.get_as(&admin, "/api/v1/users?status=active").await.json();
    assert_eq!(active["total"], 8);
    // The person object carries team and manager.
    let dave = &app.get_as(&admin, "/api/v1/users?q=dave").await.json()["items"][0];
    assert_eq!(dave["teamName"], "Sales");
    assert_eq!(dave["managerName"], "Ken Watanabe");
}
