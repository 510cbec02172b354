//! `GET /api/v1/users` and `/users/me`: rights per role, filters, pagination, error format.

use axum::http::StatusCode;
use sqlx::PgPool;

use crate::common::{Req, TestApp};

#[sqlx::test]
async fn rights_per_role(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for (email, expected) in [
        ("admin@demo.test", StatusCode::OK),
        ("hr@demo.test", StatusCode::OK),
        ("manager@demo.test", StatusCode::FORBIDDEN),
        ("employee@demo.test", StatusCode::FORBIDDEN),
    ] {
        let cookie = app.login(email).await;
        let res = app.get_as(&cookie, "/api/v1/users").await;
        assert_eq!(res.status, expected, "{email}");
        if expected == StatusCode::FORBIDDEN {
            assert_eq!(res.error_code(), "FORBIDDEN");
            assert!(res.json()["error"]["message"].as_str().is_some());
        }
        // Everyone may read their own profile.
        assert_eq!(app.get_as(&cookie, "/api/v1/users/me").await.status, StatusCode::OK);
    }
}

#[sqlx::test]
async fn signed_out_is_401_in_the_error_format(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for uri in ["/api/v1/users", "/api/v1/users/me"] {
        let res = app.send(Req::get(uri)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(res.error_code(), "UNAUTHENTICATED");
        assert_eq!(res.headers.get("content-type").unwrap(), "application/json");
    }
}

#[sqlx::test]
async fn list_paginates_filters_and_searches(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("hr@demo.test").await;
    let all = app.get_as(&cookie, "/api/v1/users").await.json();
    assert_eq!(all["total"], 9);
    assert_eq!(all["page"], 1);
    assert_eq!(all["pageSize"], 25);
    assert_eq!(all["hasMore"], false);

    let page2 = app.get_as(&cookie, "/api/v1/users?page=2&pageSize=4").await.json();
    assert_eq!(page2["items"].as_array().unwrap().len(), 4);
    assert_eq!(page2["hasMore"], true);
    let page3 = app.get_as(&cookie, "/api/v1/users?page=3&pageSize=4").await.json();
    assert_eq!(page3["items"].as_array().unwrap().len(), 1);
    assert_eq!(page3["hasMore"], false);

    let capped = app.get_as(&cookie, "/api/v1/users?pageSize=1000").await.json();
    assert_eq!(capped["pageSize"], 100);

    let managers = app.get_as(&cookie, "/api/v1/users?role=manager").await.json();
    assert_eq!(managers["total"], 2);
    assert!(managers["items"].as_array().unwrap().iter().all(|u| u["role"] == "manager"));

    let search = app.get_as(&cookie, "/api/v1/users?q=ALICE").await.json();
    assert_eq!(search["total"], 1);
    assert_eq!(search["items"][0]["email"], "alice@demo.test");

    // LIKE wildcards typed by a user are literal.
    assert_eq!(app.get_as(&cookie, "/api/v1/users?q=%25").await.json()["total"], 0);
}

#[sqlx::test]
async fn bad_query_values_are_422_with_field_details(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("admin@demo.test").await;
    let res = app.get_as(&cookie, "/api/v1/users?page=0&pageSize=abc&role=root").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "VALIDATION_ERROR");
    let fields = res.error_fields();
    assert_eq!(fields, ["pageSize", "role", "page"]);
}

#[sqlx::test]
async fn malformed_json_is_422_not_a_plain_text_error(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app.send(Req::post("/api/v1/auth/login").json(serde_json::json!({"email": 1}))).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "VALIDATION_ERROR");
    assert_eq!(res.json()["error"]["details"][0]["field"], "body");
}

#[sqlx::test]
async fn unknown_api_paths_are_404_json(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app.send(Req::get("/api/v1/nope")).await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(res.error_code(), "NOT_FOUND");
}
