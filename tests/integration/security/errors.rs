//! Hostile values get the right error everywhere: NUL characters, impossible dates, and the
//! status and JSON shape of every error.

use super::*;

#[sqlx::test]
async fn nul_characters_are_a_422_everywhere(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let employee = app.login("employee@demo.test").await;
    let api = [
        Req::get("/api/v1/users?q=a%00b").cookie(&admin),
        Req::get("/api/v1/competitions?q=%00").cookie(&employee),
        Req::post("/api/v1/competitions").cookie(&employee).json(json!({
            "title": "a\u{0}b", "deadline": "2099-01-01T00:00:00Z", "metric": "auc"
        })),
        Req::new(Method::PUT, "/api/v1/goal-sheets/current").cookie(&employee).json(json!({
            "goals": [{"category": "quantitative", "title": "x\u{0}", "weight": "10"}]
        })),
        Req::post("/api/v1/auth/login").json(json!({"email": "a\u{0}@demo.test", "password": "x"})),
    ];
    for req in api {
        let res = app.send(req).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(is_json_error(&res), "{}", res.text());
    }
    // Server functions answer in their own JSON format, with the right status.
    let res = app.send(Req::post("/api/people/list").cookie(&admin).form(&[("q", "a\0b")])).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["code"], "VALIDATION_ERROR");
    // Whatever the body claims to be.
    let sneaky = [
        Req::post("/api/v1/competitions")
            .cookie(&employee)
            .header("content-type", "application/merge-patch+json")
            .body(br#"{"title":"a\u0000b","deadline":"2099-01-01T00:00:00Z","metric":"auc"}"#.to_vec()),
        Req::post("/api/competitions/create")
            .cookie(&employee)
            .header("content-type", "text/plain")
            .body(b"input[title]=a%00b&input[deadline]=2099-01-01T00:00:00Z&input[metric]=auc".to_vec()),
        Req::post(&format!("/api/v1/goal-sheets/{}/approve", uuid::Uuid::new_v4()))
            .cookie(&admin)
            .body(br#"{"comment":"a\u0000"}"#.to_vec()),
    ];
    for req in sneaky {
        let res = app.send(req).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Pages read text from their address too.
    let page = app.get_as(&employee, "/competitions/a%00b").await;
    page.assert_status(StatusCode::NOT_FOUND);
    let page = app.get_as(&employee, "/competitions?q=a%00b").await;
    assert_eq!(page.status, StatusCode::OK, "the page says what is wrong");
    assert!(page.text().contains("NUL"), "{}", page.text());
    let page = app.get_as(&admin, "/people?q=a%00b").await;
    assert!(!page.status.is_server_error(), "{}", page.status);
    // The sign-in form goes back to the page with its message.
    let form = app.send(Req::post("/auth/login").form(&[("email", "a\0@demo.test"), ("password", "x")])).await;
    form.assert_status(StatusCode::SEE_OTHER);
    assert!(form.location().unwrap().starts_with("/login?error=invalid"));
}

#[sqlx::test]
async fn server_functions_answer_with_the_status_of_their_error(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let forbidden = app.send(Req::post("/api/audit/list").cookie(&employee).form(&[])).await;
    forbidden.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(forbidden.json()["code"], "FORBIDDEN");
    let missing = app
        .send(
            Req::post("/api/team-goals/get")
                .cookie(&app.login("manager@demo.test").await)
                .form(&[("id", &uuid::Uuid::new_v4().to_string())]),
        )
        .await;
    missing.assert_status(StatusCode::NOT_FOUND);
    let elsewhere = app
        .send(
            Req::post("/api/competitions/announce")
                .cookie(&employee)
                .form(&[("id", &uuid::Uuid::new_v4().to_string()), ("body", "Hello")]),
        )
        .await;
    elsewhere.assert_status(StatusCode::NOT_FOUND);
    let invalid = app
        .send(Req::post("/api/competitions/create").cookie(&employee).form(&[
            ("input[title]", ""),
            ("input[deadline]", "2099-01-01T00:00:00Z"),
            ("input[metric]", "auc"),
        ]))
        .await;
    invalid.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.json()["fields"][0]["field"], "title");
    let bad_uuid = app.send(Req::post("/api/team-goals/get").cookie(&employee).form(&[("id", "not-a-uuid")])).await;
    bad_uuid.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_uuid.json()["code"], "VALIDATION_ERROR");
    let unsigned = app.send(Req::post("/api/audit/list").form(&[])).await;
    unsigned.assert_status(StatusCode::UNAUTHORIZED);
    // Bodies over the cap: 413, not 500.
    let huge = "x".repeat(3 * 1024 * 1024);
    let big = app.send(Req::post("/api/people/list").cookie(&employee).form(&[("q", &huge)])).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", &big.text()[..200.min(big.text().len())]);
}

#[sqlx::test]
async fn every_api_error_is_json_with_the_right_status(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let cases = [
        (Req::get("/api/v1/competitions/not-a-uuid").cookie(&employee), StatusCode::NOT_FOUND),
        (Req::get("/api/v1/cycles/123").cookie(&employee), StatusCode::NOT_FOUND),
        (Req::new(Method::DELETE, "/api/v1/users/me").cookie(&employee), StatusCode::METHOD_NOT_ALLOWED),
        (Req::post("/api/v1/auth/login").header("content-type", "text/plain"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (Req::post("/auth/login").header("content-type", "application/json"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            Req::get("/api/v1/users?page=9223372036854775807").cookie(&app.login("admin@demo.test").await),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (req, expected) in cases {
        let res = app.send(req).await;
        assert_eq!(res.status, expected, "{}", res.text());
        assert!(is_json_error(&res), "not the JSON error format: {}", res.text());
    }
    let page = app.get_as(&app.login("hr@demo.test").await, "/api/v1/users?page=9223372036854775807").await;
    let message = page.json()["error"]["details"][0]["message"].as_str().unwrap().to_owned();
    assert!(!message.contains("1 or more"), "{message}");
    // A body too large for a JSON endpoint.
    let big = app.post_as(&employee, "/api/v1/competitions", json!({ "title": "x".repeat(3 * 1024 * 1024) })).await;
    big.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(is_json_error(&big));
}

#[sqlx::test]
async fn dates_outside_any_calendar_are_422(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let hr = app.login("hr@demo.test").await;
    for deadline in ["-5000-01-01T00:00:00Z", "+275000-01-01T00:00:00Z", "10000-01-01T00:00:00Z"] {
        let res = app
            .post_as(
                &employee,
                "/api/v1/competitions",
                json!({
                    "title": "Far", "deadline": deadline, "metric": "auc"
                }),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{deadline}: {}", res.text());
        let res = app
            .post_as(
                &hr,
                "/api/v1/cycles",
                json!({
                    "name": "Far", "startAt": "2026-01-01T00:00:00Z", "endAt": deadline
                }),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{deadline}: {}", res.text());
    }
    // A start far in the past passes "end after start" and used to reach PostgreSQL.
    let res = app
        .post_as(
            &hr,
            "/api/v1/cycles",
            json!({
                "name": "Far", "startAt": "-5000-01-01T00:00:00Z", "endAt": "2026-12-31T00:00:00Z"
            }),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["field"], "startAt");
    let admin = app.login("admin@demo.test").await;
    let res = app.send(Req::post("/api/audit/list").cookie(&admin).form(&[("from", "-5000-01-01")])).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}
