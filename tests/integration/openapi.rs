//! The OpenAPI document is valid OpenAPI 3 and lists every endpoint.

use axum::http::StatusCode;
use sqlx::PgPool;

use crate::common::{Req, TestApp};

#[sqlx::test]
async fn openapi_document_is_valid_and_complete(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let res = app.send(Req::get("/api/v1/openapi.json")).await;
    res.assert_status(StatusCode::OK);
    let spec = oas3::from_json(res.text()).expect("a valid OpenAPI 3.1 document");
    assert!(spec.openapi.starts_with("3."));
    let paths = spec.paths.expect("paths");
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/users/me",
        "/api/v1/users",
        "/api/health/live",
        "/api/health/ready",
        "/api/v1/stages",
        "/api/v1/stages/{id}",
        "/api/v1/stages/{id}/weights",
        "/api/v1/stages/{id}/weight-history",
        "/api/v1/goal-sheets/current",
        "/api/v1/goal-sheets/current/submit",
        "/api/v1/goal-sheets/{id}/approve",
        "/api/v1/goal-sheets/{id}/return",
        "/api/v1/cycles",
        "/api/v1/cycles/{id}",
        "/api/v1/cycles/{id}/criteria",
        "/api/v1/cycles/{id}/open",
        "/api/v1/cycles/{id}/close",
        "/api/v1/cycles/{id}/finalize",
        "/api/v1/cycles/{id}/nominations",
        "/api/v1/cycles/{id}/rankings",
        "/api/v1/nominations/{id}/approve",
        "/api/v1/nominations/{id}/reject",
        "/api/v1/competitions",
        "/api/v1/competitions/{id}",
        "/api/v1/competitions/{id}/answer-key",
        "/api/v1/competitions/{id}/activate",
        "/api/v1/competitions/{id}/enroll",
        "/api/v1/competitions/{id}/enrollment",
        "/api/v1/competitions/{id}/submissions",
        "/api/v1/competitions/{id}/submissions/{sid}",
        "/api/v1/competitions/{id}/leaderboard",
        "/api/v1/competitions/{id}/leaderboard/around-me",
        "/api/v1/competitions/{id}/admin/stats",
        "/api/v1/competitions/{id}/admin/participants",
        "/api/v1/competitions/{id}/admin/submissions",
        "/api/v1/competitions/{id}/admin/submissions/{sid}",
        "/api/v1/competitions/{id}/admin/announce",
    ] {
        assert!(paths.contains_key(path), "{path} missing from the OpenAPI document");
    }
    let json = res.json();
    assert!(json["components"]["schemas"]["ErrorBody"].is_object());
    // Every $ref points at a schema that exists.
    let text = res.text();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(json["components"]["schemas"][name].is_object(), "dangling $ref {name}");
    }
    // Every error answer says what it means and carries the error format.
    for (path, operations) in json["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                if !status.starts_with('4') {
                    continue;
                }
                let place = format!("{method} {path} {status}");
                assert!(!response["description"].as_str().unwrap_or("").is_empty(), "{place} has no description");
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody",
                    "{place} does not answer in the error format"
                );
            }
        }
    }
}

/// `/api/docs` is a browsable reference that needs no internet: the page and every script,
/// style and image it names come from Merit, and it reads Merit's own OpenAPI document.
#[sqlx::test]
async fn the_api_reference_is_served_by_merit_itself(pool: PgPool) {
    let app = TestApp::people_only(pool).await;
    let bare = app.send(Req::get("/api/docs")).await;
    assert!(bare.status.is_redirection(), "{}", bare.status);
    assert_eq!(bare.headers["location"], "/api/docs/");
    let page = app.send(Req::get("/api/docs/")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text();
    // Every asset the page names is relative (Merit's own) and is served.
    let mut assets = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for rest in html.split(attribute).skip(1) {
            let target = rest.split('"').next().unwrap();
            assert!(!target.contains("://") && !target.starts_with("//"), "{target} is not Merit's own");
            assets.push(target.trim_start_matches("./").to_owned());
        }
    }
    assert!(assets.iter().any(|a| a.ends_with(".js")) && assets.iter().any(|a| a.ends_with(".css")), "{assets:?}");
    for asset in &assets {
        let res = app.send(Req::get(&format!("/api/docs/{asset}"))).await;
        res.assert_status(StatusCode::OK);
        let text = res.text();
        if asset.ends_with("swagger-initializer.js") {
            assert!(text.contains("/api/v1/openapi.json"), "{text}");
            assert!(!text.contains("https://"), "no online validator or document: {text}");
        }
    }
    assert!(assets.iter().any(|a| a.ends_with("swagger-initializer.js")), "{assets:?}");
    assert_eq!(app.send(Req::get("/api/docs/missing.js")).await.status, StatusCode::NOT_FOUND);
}
