//! The audit log: the writer's rows, the admins-only list with filters and pagination.

use axum::http::StatusCode;
use chrono::Utc;
use sqlx::PgPool;

use crate::common::{Req, TestApp};
use merit::audit::{service, AuditFilter};
use merit::domain::{PageRequest, Role};

#[sqlx::test]
async fn only_admins_read_the_audit_log(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for (email, allowed) in [("admin@demo.test", true), ("hr@demo.test", false), ("employee@demo.test", false)] {
        let ctx = app.ctx_for(email).await;
        let result = service::list(&app.pool, &ctx, &AuditFilter::default(), PageRequest::default()).await;
        assert_eq!(result.is_ok(), allowed, "{email}");
    }
}

#[sqlx::test]
async fn filters_and_pagination(pool: PgPool) {
    let app = TestApp::new(pool).await;
    // "Other" has no demo cycles, so its log holds only what this test does.
    for email in ["admin@other.test", "erin@other.test", "admin@other.test"] {
        app.login(email).await;
    }
    let admin = app.ctx_for("admin@other.test").await;
    assert_eq!(admin.actor.role, Role::Admin);
    let all = service::list(&app.pool, &admin, &AuditFilter::default(), PageRequest::default()).await.unwrap();
    // The demo load plus three sign-ins.
    assert_eq!(all.total, 4);
    assert!(all.items.windows(2).all(|w| w[0].created_at >= w[1].created_at), "newest first");

    let by_actor = AuditFilter { actor: Some("ERIN@other".into()), ..Default::default() };
    assert_eq!(service::list(&app.pool, &admin, &by_actor, PageRequest::default()).await.unwrap().total, 1);
    let by_action = AuditFilter { action: Some("auth.signed_in".into()), ..Default::default() };
    assert_eq!(service::list(&app.pool, &admin, &by_action, PageRequest::default()).await.unwrap().total, 3);
    let by_entity = AuditFilter { entity_type: Some("organization".into()), ..Default::default() };
    assert_eq!(service::list(&app.pool, &admin, &by_entity, PageRequest::default()).await.unwrap().total, 1);
    let today = Utc::now().date_naive();
    let today_only = AuditFilter { from: Some(today), to: Some(today), ..Default::default() };
    assert_eq!(service::list(&app.pool, &admin, &today_only, PageRequest::default()).await.unwrap().total, 4);
    let tomorrow = AuditFilter { from: today.succ_opt(), ..Default::default() };
    assert_eq!(service::list(&app.pool, &admin, &tomorrow, PageRequest::default()).await.unwrap().total, 0);
    let backwards = AuditFilter { from: today.succ_opt(), to: Some(today), ..Default::default() };
    assert!(service::list(&app.pool, &admin, &backwards, PageRequest::default()).await.is_err());

    let page =
        service::list(&app.pool, &admin, &AuditFilter::default(), PageRequest { page: 2, page_size: 3 }).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(!page.has_more);

    let (actions, entities) = service::facets(&app.pool, &admin).await.unwrap();
    assert!(actions.contains(&"auth.signed_in".to_owned()));
    assert!(entities.contains(&"user".to_owned()));
}

#[sqlx::test]
async fn audit_rows_cannot_be_changed(pool: PgPool) {
    let app = TestApp::new(pool).await;
    assert!(sqlx::query("UPDATE audit_logs SET action = 'x'").execute(&app.pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_logs").execute(&app.pool).await.is_err());
}

#[sqlx::test]
async fn audit_page_is_for_admins(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let signed_out = app.send(Req::get("/admin/audit?page=1")).await;
    signed_out.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(signed_out.location().as_deref(), Some("/login?next=%2Fadmin%2Faudit%3Fpage%3D1"));

    let admin = app.login("admin@demo.test").await;
    let page = app.get_as(&admin, "/admin/audit?action=auth.signed_in").await;
    page.assert_status(StatusCode::OK);
    let html = page.text();
    assert!(html.contains("data-testid=\"audit-table\""), "{html}");
    assert!(html.contains("auth.signed_in"));
    assert!(!html.contains("organization.demo_loaded</code>"), "filtered out");

    let employee = app.login("employee@demo.test").await;
    let forbidden = app.get_as(&employee, "/admin/audit").await;
    forbidden.assert_status(StatusCode::FORBIDDEN);
    assert!(forbidden.text().contains("data-testid=\"forbidden\""));
    assert!(!forbidden.text().contains("audit-table"));
}

#[sqlx::test]
async fn the_audit_server_function_refuses_non_admins(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let res = app.send(Req::post("/api/audit/list").cookie(&employee).form(&[])).await;
    assert!(res.status.is_client_error() || res.status.is_server_error());
    assert!(res.text().contains("FORBIDDEN"), "{}", res.text());
    assert!(!res.text().contains("auth.signed_in"));
}

/// A log larger than the count cap: the list says "10,000 and more" instead of counting every
/// row, keeps the next page reachable, counts exactly near its end, and the facets and the
/// admin's recent entries still read only what they show.
#[sqlx::test]
async fn a_long_log_is_counted_only_as_far_as_needed(pool: PgPool) {
    use merit::domain::pagination::COUNT_CAP;
    let app = TestApp::new(pool).await;
    let admin = app.ctx_for("admin@demo.test").await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_logs WHERE organization_id = $1")
        .bind(admin.organization_id())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO audit_logs (id, organization_id, actor_user_id, action, entity_type, entity_id, created_at)
         SELECT gen_random_uuid(), $1, $2, 'bulk.test', 'thing', gen_random_uuid(),
                now() - interval '1 day' - i * interval '1 second'
           FROM generate_series(1, $3) i",
    )
    .bind(admin.organization_id())
    .bind(admin.user_id())
    .bind(COUNT_CAP + 50)
    .execute(&app.pool)
    .await
    .unwrap();
    let all = before + COUNT_CAP + 50;
    let size = 100;
    let first = service::list(&app.pool, &admin, &AuditFilter::default(), PageRequest { page: 1, page_size: size })
        .await
        .unwrap();
    assert_eq!((first.total, first.total_capped, first.has_more), (COUNT_CAP, true, true));
    assert_eq!(first.items.len(), 100);
    assert!(first.page_count() >= 100);
    // The last page: counted up to one past it, so exactly.
    let last_page = ((all + i64::from(size) - 1) / i64::from(size)) as u32;
    let last =
        service::list(&app.pool, &admin, &AuditFilter::default(), PageRequest { page: last_page, page_size: size })
            .await
            .unwrap();
    assert_eq!((last.total, last.total_capped, last.has_more), (all, false, false));
    assert_eq!(last.items.len() as i64, all - i64::from(size) * i64::from(last_page - 1));
    // A filter narrow enough is counted exactly.
    let filter = AuditFilter { action: Some("auth.signed_in".into()), ..AuditFilter::default() };
    let narrow = service::list(&app.pool, &admin, &filter, PageRequest::default()).await.unwrap();
    assert!(!narrow.total_capped);

    // The facets walk the indexes: the same as reading every row.
    let (actions, entities) = service::facets(&app.pool, &admin).await.unwrap();
    let distinct = |column: &str| {
        let sql = format!("SELECT DISTINCT {column} FROM audit_logs WHERE organization_id = $1 ORDER BY 1");
        let pool = app.pool.clone();
        let org = admin.organization_id();
        async move { sqlx::query_scalar::<_, String>(&sql).bind(org).fetch_all(&pool).await.unwrap() }
    };
    assert_eq!(actions, distinct("action").await);
    assert_eq!(entities, distinct("entity_type").await);
    assert!(actions.contains(&"bulk.test".to_owned()) && actions.len() > 1);

    let recent = service::recent(&app.pool, &admin, 5).await.unwrap();
    assert_eq!(recent.len(), 5);
    assert!(recent.iter().all(|e| e.action != "bulk.test"), "the bulk rows are a day old");
    let employee = app.ctx_for("employee@demo.test").await;
    assert!(service::recent(&app.pool, &employee, 5).await.is_err());
}
