//! Stage weights: seeded defaults, admin-only edits, validation, optimistic locking, history.

use axum::http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::common::{Req, TestApp, TestResponse};

async fn stage(app: &TestApp, cookie: &str, number: i64) -> Value {
    let list = app.get_as(cookie, "/api/v1/stages").await.json();
    list["items"].as_array().unwrap().iter().find(|s| s["number"] == number).unwrap().clone()
}

async fn patch_weights(app: &TestApp, cookie: &str, id: &str, body: Value) -> TestResponse {
    app.patch_as(cookie, &format!("/api/v1/stages/{id}/weights"), body).await
}

#[sqlx::test]
async fn every_organization_starts_with_the_default_policy(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for email in ["employee@demo.test", "erin@other.test"] {
        let cookie = app.login(email).await;
        let list = app.get_as(&cookie, "/api/v1/stages").await;
        list.assert_status(StatusCode::OK);
        let body = list.json();
        assert_eq!(body["total"], 9);
        let weights: Vec<(i64, f64, f64, f64)> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["number"].as_i64().unwrap(),
                    s["quantitativeWeight"].as_f64().unwrap(),
                    s["qualitativeWeight"].as_f64().unwrap(),
                    s["competencyWeight"].as_f64().unwrap(),
                )
            })
            .collect();
        for (number, q, ql, c) in weights {
            let expected = merit::domain::weights::default_policy(number as i32);
            assert_eq!(
                (q, ql, c),
                (expected.quantitative.as_f64(), expected.qualitative.as_f64(), expected.competency.as_f64())
            );
        }
    }
}

#[sqlx::test]
async fn only_admins_edit_and_other_organizations_get_404(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let stage4 = stage(&app, &admin, 4).await;
    let id = stage4["id"].as_str().unwrap();
    let body = json!({"quantitativeWeight": 85, "qualitativeWeight": 15, "competencyWeight": 10, "version": stage4["version"]});
    for email in ["hr@demo.test", "manager@demo.test", "employee@demo.test"] {
        let cookie = app.login(email).await;
        let res = patch_weights(&app, &cookie, id, body.clone()).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{email}");
        assert_eq!(res.error_code(), "FORBIDDEN");
        assert_eq!(
            app.get_as(&cookie, &format!("/api/v1/stages/{id}/weight-history")).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let other = app.login("admin@other.test").await;
    assert_eq!(patch_weights(&app, &other, id, body.clone()).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get_as(&other, &format!("/api/v1/stages/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get_as(&other, &format!("/api/v1/stages/{id}/weight-history")).await.status, StatusCode::NOT_FOUND);

    let ok = patch_weights(&app, &admin, id, body).await;
    ok.assert_status(StatusCode::OK);
    let updated = ok.json();
    assert_eq!(updated["quantitativeWeight"], 85.0);
    assert_eq!(updated["version"], stage4["version"].as_i64().unwrap() + 1);
    assert_eq!(updated["lastChangedBy"], "Aiko Admin");

    let history = app.get_as(&admin, &format!("/api/v1/stages/{id}/weight-history")).await.json();
    assert_eq!(history["total"], 1);
    assert_eq!(history["items"][0]["before"]["quantitative"], 80.0);
    assert_eq!(history["items"][0]["after"]["quantitative"], 85.0);
    assert_eq!(app.audit_count("stage.weights_updated").await, 1);
    let metrics = app.send(Req::get("/metrics")).await.text();
    assert!(metrics.lines().any(|l| l.starts_with("stage_weight_updates_total{stage=\"4\"}")), "{metrics}");
}

#[sqlx::test]
async fn invalid_weights_are_422_with_field_details(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let s = stage(&app, &admin, 1).await;
    let id = s["id"].as_str().unwrap();
    let version = s["version"].clone();
    for (body, field, code) in [
        (
            json!({"quantitativeWeight": 120, "qualitativeWeight": 30, "competencyWeight": 10}),
            "quantitativeWeight",
            "out_of_range",
        ),
        (
            json!({"quantitativeWeight": 70, "qualitativeWeight": -1, "competencyWeight": 10}),
            "qualitativeWeight",
            "out_of_range",
        ),
        (
            json!({"quantitativeWeight": 70, "qualitativeWeight": 30, "competencyWeight": 33.333}),
            "competencyWeight",
            "too_many_decimals",
        ),
        (json!({"quantitativeWeight": 0, "qualitativeWeight": 0, "competencyWeight": 0}), "weights", "all_zero"),
    ] {
        let mut body = body;
        body["version"] = version.clone();
        let res = patch_weights(&app, &admin, id, body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(res.error_code(), "VALIDATION_ERROR");
        let detail = &res.json()["error"]["details"][0];
        assert_eq!((detail["field"].as_str().unwrap(), detail["code"].as_str().unwrap()), (field, code));
    }
    let missing = patch_weights(&app, &admin, id, json!({"quantitativeWeight": 70})).await;
    missing.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing changed.
    assert_eq!(stage(&app, &admin, 1).await["version"], version);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM stage_weight_history").fetch_one(&app.pool).await.unwrap();
    assert_eq!(rows, 0);
}

#[sqlx::test]
async fn a_stale_version_is_409_with_the_current_values(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let s = stage(&app, &admin, 2).await;
    let id = s["id"].as_str().unwrap();
    let first =
        json!({"quantitativeWeight": 60, "qualitativeWeight": 40, "competencyWeight": 10, "version": s["version"]});
    assert_eq!(patch_weights(&app, &admin, id, first).await.status, StatusCode::OK);
    let stale =
        json!({"quantitativeWeight": 75, "qualitativeWeight": 25, "competencyWeight": 10, "version": s["version"]});
    let res = patch_weights(&app, &admin, id, stale).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "CONFLICT");
    assert_eq!(res.json()["error"]["details"]["quantitativeWeight"], 60.0);
}

#[sqlx::test]
async fn concurrent_edits_with_one_version_let_exactly_one_through(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let s = stage(&app, &admin, 5).await;
    let id = s["id"].as_str().unwrap().to_owned();
    let a = json!({"quantitativeWeight": 90, "qualitativeWeight": 10, "competencyWeight": 10, "version": s["version"]});
    let b = json!({"quantitativeWeight": 50, "qualitativeWeight": 50, "competencyWeight": 10, "version": s["version"]});
    let (ra, rb) = tokio::join!(patch_weights(&app, &admin, &id, a), patch_weights(&app, &admin, &id, b));
    let mut statuses = [ra.status, rb.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM stage_weight_history").fetch_one(&app.pool).await.unwrap();
    assert_eq!(rows, 1);
}

#[sqlx::test]
async fn admins_add_stages_at_the_new_stage_policy(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let res = app.send(Req::post("/api/v1/stages").cookie(&admin)).await;
    res.assert_status(StatusCode::CREATED);
    let created = res.json();
    assert_eq!(created["number"], 10);
    assert_eq!(
        (created["quantitativeWeight"].as_f64(), created["qualitativeWeight"].as_f64()),
        (Some(70.0), Some(30.0))
    );
    let employee = app.login("employee@demo.test").await;
    assert_eq!(app.send(Req::post("/api/v1/stages").cookie(&employee)).await.status, StatusCode::FORBIDDEN);
}

#[sqlx::test]
async fn me_includes_the_stage_budget(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("employee@demo.test").await;
    let me = app.get_as(&cookie, "/api/v1/users/me").await.json();
    assert_eq!(me["email"], "employee@demo.test");
    assert_eq!(me["stage"]["number"], 4);
    // The stage's own field names, as on GET /stages.
    let config = &me["stage"]["weightConfig"];
    assert_eq!(config["quantitativeWeight"], 80.0);
    assert_eq!(config["qualitativeWeight"], 20.0);
    assert_eq!(config["competencyWeight"], 10.0);
    // The previous release's names stay for one release.
    assert_eq!(
        (&config["quantitative"], &config["qualitative"], &config["competency"]),
        (&json!(80.0), &json!(20.0), &json!(10.0))
    );
}

#[sqlx::test]
async fn a_stage_links_to_its_weight_history(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let id = stage(&app, &admin, 3).await["id"].as_str().unwrap().to_owned();
    let one = app.get_as(&admin, &format!("/api/v1/stages/{id}")).await.json();
    let link = one["links"]["weightHistory"].as_str().unwrap();
    assert_eq!(link, format!("/api/v1/stages/{id}/weight-history"));
    app.get_as(&admin, link).await.assert_status(StatusCode::OK);
    // Only where the reader may follow it.
    let employee = app.login("employee@demo.test").await;
    let seen = app.get_as(&employee, &format!("/api/v1/stages/{id}")).await.json();
    assert!(seen["links"]["weightHistory"].is_null(), "{seen}");
}

#[sqlx::test]
async fn history_rows_cannot_be_changed(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let s = stage(&app, &admin, 3).await;
    let body =
        json!({"quantitativeWeight": 65, "qualitativeWeight": 35, "competencyWeight": 10, "version": s["version"]});
    patch_weights(&app, &admin, s["id"].as_str().unwrap(), body).await;
    assert!(sqlx::query("UPDATE stage_weight_history SET quantitative_weight_after = 1")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM stage_weight_history").execute(&app.pool).await.is_err());
}
