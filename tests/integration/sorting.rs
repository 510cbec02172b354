//! Sorting: every list takes `?sort=<field>&order=asc|desc` on the fields it offers; `desc` is
//! `asc` reversed, and an unknown field or order is a 422 naming what is allowed.

use axum::http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::common::TestApp;
use crate::competitions::{csv, enrolled, labels, perfect, submit, Arena};

/// The values of `key` in the list's items.
async fn column(app: &TestApp, cookie: &str, uri: &str, key: &str) -> Vec<Value> {
    let res = app.get_as(cookie, uri).await;
    res.assert_status(StatusCode::OK);
    // Paginated envelopes and the few lists that are bare arrays (teams, periods).
    let body = res.json();
    let items = body["items"].as_array().or(body.as_array()).unwrap_or_else(|| panic!("{uri}: {}", res.text())).clone();
    // Items without the value (no score yet) come last either way.
    let values: Vec<Value> = items.iter().map(|i| i[key].clone()).collect();
    let present = values.iter().take_while(|v| !v.is_null()).count();
    assert!(values[present..].iter().all(Value::is_null), "{uri}: empty values last: {values:?}");
    values[..present].to_vec()
}

/// For each (field, JSON key): the list sorted descending is the ascending one reversed (as
/// values, so ties and collation do not matter; empty values last in both), and the list has at least two distinct values;
/// then a field it does not offer is refused, naming every field it does.
async fn check(app: &TestApp, cookie: &str, base: &str, fields: &[(&str, &str)]) {
    let join = if base.contains('?') { '&' } else { '?' };
    for (field, key) in fields {
        let asc = column(app, cookie, &format!("{base}{join}sort={field}&order=asc&pageSize=100"), key).await;
        let mut desc = column(app, cookie, &format!("{base}{join}sort={field}&order=desc&pageSize=100"), key).await;
        desc.reverse();
        assert_eq!(asc, desc, "{base} sort={field}");
        let mut distinct = asc.clone();
        distinct.dedup();
        assert!(distinct.len() >= 2, "{base} sort={field} sorts something: {asc:?}");
    }
    let bad = app.get_as(cookie, &format!("{base}{join}sort=bogus")).await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.error_code(), "VALIDATION_ERROR");
    let details = bad.json()["error"]["details"].clone();
    assert_eq!(details[0]["field"], "sort", "{base}: {details}");
    let message = details[0]["message"].as_str().unwrap().to_owned();
    for (field, _) in fields {
        assert!(message.contains(field), "{base}: '{message}' names {field}");
    }
    let order = app.get_as(cookie, &format!("{base}{join}order=sideways")).await;
    order.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(order.json()["error"]["details"][0]["field"], "order");
}

#[sqlx::test]
async fn the_organization_lists_sort_by_their_fields(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    // The demo people were all made in one transaction: the same createdAt, nothing to sort.
    check(&app, &hr, "/api/v1/users", &[("name", "displayName"), ("email", "email")]).await;
    check(&app, &hr, "/api/v1/cycles", &[("name", "name"), ("startAt", "startAt"), ("endAt", "endAt")]).await;
    check(&app, &hr, "/api/v1/competitions", &[("title", "title"), ("deadline", "deadline")]).await;
}

#[sqlx::test]
async fn the_competition_lists_sort_by_their_fields(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    // Scores that differ on any public split (the split hashes ids with a per-server secret):
    // Alice a perfect entry (AUC 1) and a constant one (0.5), Bob an inverted one (0); Carol none.
    submit(&app, &alice, &id, &csv(&perfect(&labels()))).await.assert_status(StatusCode::CREATED);
    submit(&app, &alice, &id, &csv(&vec![0.5; labels().len()])).await.assert_status(StatusCode::CREATED);
    let bob = enrolled(&app, "bob@demo.test", &id).await;
    let inverted: Vec<f64> = labels().iter().map(|t| 0.9 - 0.8 * t).collect();
    submit(&app, &bob, &id, &csv(&inverted)).await.assert_status(StatusCode::CREATED);
    enrolled(&app, "carol@demo.test", &id).await;

    check(
        &app,
        &sponsor,
        &format!("/api/v1/competitions/{id}/admin/participants"),
        &[
            ("name", "displayName"),
            ("enrolledAt", "enrolledAt"),
            ("submissions", "submissions"),
            ("bestScore", "bestScore"),
        ],
    )
    .await;
    check(
        &app,
        &sponsor,
        &format!("/api/v1/competitions/{id}/admin/submissions"),
        &[("submittedAt", "submittedAt"), ("score", "score")],
    )
    .await;
    check(
        &app,
        &alice,
        &format!("/api/v1/competitions/{id}/submissions"),
        &[("submittedAt", "submittedAt"), ("score", "score")],
    )
    .await;
}

#[sqlx::test]
async fn the_remaining_lists_sort_by_their_fields(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let admin = app.login("admin@demo.test").await;
    check(&app, &admin, "/api/v1/stages", &[("number", "number"), ("name", "name")]).await;
    check(&app, &admin, "/api/v1/teams", &[("name", "name"), ("manager", "managerName")]).await;
    // The demo has one period: plan the next one.
    let next = json!({"name": "FY2027", "startsOn": "2027-01-01", "endsOn": "2027-12-31"});
    app.post_as(&admin, "/api/v1/periods", next).await.assert_status(StatusCode::CREATED);
    check(&app, &admin, "/api/v1/periods", &[("startsOn", "startsOn"), ("name", "name"), ("status", "status")]).await;

    // Two announcements, a moment apart: Alice hears of both.
    for body in ["First", "Second"] {
        let res =
            app.post_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/announce"), json!({"body": body})).await;
        res.assert_status(StatusCode::CREATED);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    check(&app, &alice, &format!("/api/v1/competitions/{id}/announcements"), &[("createdAt", "createdAt")]).await;
    check(&app, &alice, "/api/v1/notifications", &[("createdAt", "createdAt")]).await;
    let oldest = app.get_as(&alice, &format!("/api/v1/competitions/{id}/announcements?sort=createdAt")).await.json();
    assert_eq!(oldest["items"][0]["body"], "First", "ascending is oldest first");
    let newest = app.get_as(&alice, &format!("/api/v1/competitions/{id}/announcements")).await.json();
    assert_eq!(newest["items"][0]["body"], "Second", "without sort: newest first");

    // The demo's open cycle has nominations by several people about several nominees.
    let hr = app.login("hr@demo.test").await;
    let open = app.get_as(&hr, "/api/v1/cycles?status=open").await.json();
    let cycle = open["items"][0]["id"].as_str().unwrap().to_owned();
    check(
        &app,
        &hr,
        &format!("/api/v1/cycles/{cycle}/nominations"),
        &[("nominee", "nomineeName"), ("weightedScore", "weightedScore"), ("status", "status")],
    )
    .await;
}
