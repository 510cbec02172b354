//! Server-rendered pages: guards, role-aware navigation, language choice, error pages.

use axum::http::StatusCode;
use sqlx::PgPool;

use crate::common::{Req, TestApp};

#[sqlx::test]
async fn signed_out_visitors_are_sent_to_login_with_next(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for (path, next) in [("/", "%2F"), ("/people?q=a", "%2Fpeople%3Fq%3Da"), ("/admin", "%2Fadmin")] {
        let res = app.send(Req::get(path)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.location(), Some(format!("/login?next={next}")));
    }
    let login = app.send(Req::get("/login")).await;
    login.assert_status(StatusCode::OK);
    let html = login.text();
    for hook in ["login-email", "login-password", "login-submit", "lang-switch"] {
        assert!(html.contains(&format!("data-testid=\"{hook}\"")), "{hook} missing");
    }
    assert!(!html.contains("data-testid=\"user-menu\""));
}

#[sqlx::test]
async fn each_role_sees_its_dashboard_and_navigation(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for (email, role, admin_nav, people_nav) in [
        ("admin@demo.test", "admin", true, true),
        ("hr@demo.test", "hr", false, true),
        ("manager@demo.test", "manager", false, false),
        ("employee@demo.test", "employee", false, false),
    ] {
        let cookie = app.login(email).await;
        let res = app.get_as(&cookie, "/").await;
        assert_eq!(res.status, StatusCode::OK, "{email}");
        let html = res.text();
        assert!(html.contains(&format!("data-testid=\"dashboard-{role}\"")), "{email}");
        assert!(html.contains("data-testid=\"user-menu\""));
        assert!(html.contains("data-testid=\"logout\""));
        assert!(html.contains(email));
        assert_eq!(html.contains("data-testid=\"nav-admin\""), admin_nav, "{email}");
        assert_eq!(html.contains("data-testid=\"nav-people\""), people_nav, "{email}");
        assert!(html.contains("data-testid=\"nav-goals\""));
        assert_eq!(html.contains("data-testid=\"nav-team-goals\""), role != "employee", "{email}");
    }
}

#[sqlx::test]
async fn managers_see_their_review_queue_on_the_home_page(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("manager@demo.test").await;
    let html = app.get_as(&cookie, "/").await.text();
    assert!(html.contains("data-testid=\"home-waiting\""));
    assert!(!html.contains("Carol"), "Sales is Ken's team");
    let employee = app.login("employee@demo.test").await;
    assert!(!app.get_as(&employee, "/").await.text().contains("data-testid=\"home-waiting\""));
}

#[sqlx::test]
async fn pages_need_the_right_role(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    for path in ["/people", "/admin", "/admin/audit"] {
        let res = app.get_as(&employee, path).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        assert!(res.text().contains("data-testid=\"forbidden\""));
    }
    let hr = app.login("hr@demo.test").await;
    let people = app.get_as(&hr, "/people?role=manager").await;
    people.assert_status(StatusCode::OK);
    assert!(people.text().contains("ken@demo.test"));
    assert!(!people.text().contains("alice@demo.test"));
    assert_eq!(app.get_as(&hr, "/admin/audit").await.status, StatusCode::FORBIDDEN);
}

#[sqlx::test]
async fn unknown_pages_are_404(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("admin@demo.test").await;
    let res = app.get_as(&cookie, "/no-such-page").await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert!(res.text().contains("data-testid=\"not-found\""));
}

#[sqlx::test]
async fn language_follows_the_browser_then_the_users_choice(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let ja = app.send(Req::get("/login").header("accept-language", "ja-JP,ja;q=0.9,en;q=0.5")).await;
    assert!(ja.text().contains("<html lang=\"ja\""));
    assert!(ja.text().contains("Merit にログイン"));
    let en = app.send(Req::get("/login").header("accept-language", "en-US")).await;
    assert!(en.text().contains("<html lang=\"en\""));

    let cookie = app.login("hr@demo.test").await;
    let switch = app.send(Req::post("/auth/locale").cookie(&cookie).form(&[("lang", "ja"), ("next", "/")])).await;
    switch.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(switch.location().as_deref(), Some("/"));
    // Remembered on the user, whatever the browser says, in a new session too.
    let cookie = app.login("hr@demo.test").await;
    let page = app.send(Req::get("/").cookie(&cookie).header("accept-language", "en-US")).await;
    assert!(page.text().contains("<html lang=\"ja\""));
    assert!(page.text().contains("ダッシュボード"));
    let saved: Option<String> =
        sqlx::query_scalar("SELECT locale FROM users WHERE email = 'hr@demo.test'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(saved.as_deref(), Some("ja"));
    assert_eq!(app.audit_count("user.locale_changed").await, 1);
}

#[sqlx::test]
async fn a_signed_in_visit_to_login_goes_to_next(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("admin@demo.test").await;
    let res = app.get_as(&cookie, "/login?next=%2Fpeople").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location().as_deref(), Some("/people"));
}

#[sqlx::test]
async fn goal_pages_render_for_their_roles(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let goals = app.get_as(&employee, "/goals").await;
    goals.assert_status(StatusCode::OK);
    let html = goals.text();
    for hook in ["budget-badge-quantitative", "goal-add-quantitative", "goal-save-draft", "goal-submit", "goal-status"]
    {
        assert!(html.contains(&format!("data-testid=\"{hook}\"")), "{hook} missing");
    }
    assert!(html.contains("Quantitative: 0 / 80% allocated"));
    assert_eq!(app.get_as(&employee, "/team/goals").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get_as(&employee, "/admin/stage-weights").await.status, StatusCode::FORBIDDEN);

    // Stage 6 has no qualitative budget: the section says so, in Japanese too.
    let dave = app.login("dave@demo.test").await;
    let ja = app.send(Req::get("/goals").cookie(&dave).header("accept-language", "ja")).await.text();
    assert!(ja.contains("定性目標はこのステージでは評価対象外 (0%)"));

    let admin = app.login("admin@demo.test").await;
    let stages = app.get_as(&admin, "/admin/stage-weights").await;
    stages.assert_status(StatusCode::OK);
    let html = stages.text();
    assert!(html.contains("data-testid=\"stage-row-4\""));
    assert!(html.contains("data-testid=\"stage-edit-9\""));

    let manager = app.login("manager@demo.test").await;
    let team = app.get_as(&manager, "/team/goals").await.text();
    assert!(team.contains("employee@demo.test"));
    assert!(!team.contains("carol@demo.test"));
}
