//! Bulk import of people: the dry-run preview, all-or-nothing apply, idempotent re-import,
//! refused files, and the export that imports back unchanged.

use axum::http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::common::{Req, TestApp, TestResponse};
use crate::competitions::multipart_body;

async fn import(app: &TestApp, cookie: &str, csv: &[u8], dry_run: bool) -> TestResponse {
    let (content_type, body) = multipart_body("people.csv", csv);
    app.send(
        Req::post(&format!("/api/v1/users/import?dryRun={dry_run}"))
            .cookie(cookie)
            .header("content-type", &content_type)
            .body(body),
    )
    .await
}

async fn people_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&app.pool).await.unwrap()
}

fn codes(report: &Value) -> Vec<(u64, String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const THREE: &str = "email,name,role,stage,team,manager_email\n\
    nao@demo.test,Nao Mori,employee,6,Design,ken@demo.test\n\
    rio@demo.test,Rio Abe,employee,12,Design,ken@demo.test\n\
    sam@demo.test,Sam Ueda,manager,3,,\n";

#[sqlx::test]
async fn a_preview_shows_creates_and_every_problem_then_applies_all_or_nothing(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let before = people_count(&app).await;

    let res = import(&app, &hr, THREE.as_bytes(), true).await;
    res.assert_status(StatusCode::OK);
    let report = res.json();
    assert_eq!(report["creates"].as_array().unwrap().len(), 3);
    assert_eq!(report["newTeams"], serde_json::json!(["Design"]));
    assert_eq!(codes(&report), vec![(3, "stage".into(), "unknown_stage".into())]);
    assert_eq!(report["applied"], false);

    // Applying it anyway: 422 with the same errors, and nothing written.
    let res = import(&app, &hr, THREE.as_bytes(), false).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "VALIDATION_ERROR");
    assert_eq!(res.json()["error"]["details"][0]["code"], "unknown_stage");
    assert_eq!(res.json()["error"]["details"][0]["line"], 3);
    assert_eq!(people_count(&app).await, before);
    let teams: i64 =
        sqlx::query_scalar("SELECT count(*) FROM teams WHERE name = 'Design'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(teams, 0);
    assert_eq!(app.audit_count("users.imported").await, 0);

    // Fixed, it applies: three people, a new team under Ken, one audit row each.
    let fixed = THREE.replace(",12,", ",2,");
    let res = import(&app, &hr, fixed.as_bytes(), false).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["applied"], true);
    assert_eq!(people_count(&app).await, before + 3);
    let nao: (Option<i32>, String, String) = sqlx::query_as(
        "SELECT s.number, t.name, m.email FROM users u
           JOIN stages s ON s.id = u.stage_id
           JOIN team_members tm ON tm.user_id = u.id JOIN teams t ON t.id = tm.team_id
           JOIN users m ON m.id = t.manager_id
          WHERE u.email = 'nao@demo.test'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(nao, (Some(6), "Design".into(), "ken@demo.test".into()));
    assert_eq!(app.audit_count("users.imported").await, 1);
    assert_eq!(app.audit_count("user.created").await, 3);
    assert_eq!(app.audit_count("team.created").await, 1);

    // The same file again changes nothing.
    let res = import(&app, &hr, fixed.as_bytes(), false).await;
    res.assert_status(StatusCode::OK);
    let again = res.json();
    assert_eq!(again["creates"].as_array().unwrap().len(), 0);
    assert_eq!(again["updates"].as_array().unwrap().len(), 0);
    assert_eq!(again["unchanged"], 3);
    assert_eq!(people_count(&app).await, before + 3);
    assert_eq!(app.audit_count("user.created").await, 3);
    assert_eq!(app.audit_count("user.updated").await, 0);

    // A changed row is an update with its fields, before and after.
    let moved = fixed.replace("Sam Ueda,manager,3", "Sam Ueda,manager,5");
    let report = import(&app, &hr, moved.as_bytes(), true).await.json();
    assert_eq!(report["updates"][0]["email"], "sam@demo.test");
    assert_eq!(report["updates"][0]["changes"], serde_json::json!([{"field": "stage", "from": "3", "to": "5"}]));
    assert_eq!(report["unchanged"], 2);
}

#[sqlx::test]
async fn rows_are_checked_against_the_organization(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let csv = "email,name,role,stage,team,manager_email\n\
        erin@other.test,Erin,employee,1,,\n\
        x@demo.test,X,boss,1,,\n\
        y@demo.test,Y,employee,1,Nowhere,\n\
        z@demo.test,Z,employee,1,Product,nobody@demo.test\n\
        x@demo.test,X again,employee,1,,\n\
        w@demo.test,W,admin,1,,\n\
        v@demo.test,V,employee,1,,dave@demo.test\n\
        u@demo.test,U,employee,1,Support,carol@demo.test\n";
    let res = import(&app, &hr, csv.as_bytes(), true).await;
    res.assert_status(StatusCode::OK);
    let found = codes(&res.json());
    for expected in [
        (2, "email", "email_taken"),
        (3, "role", "invalid_role"),
        (4, "manager_email", "manager_required"),
        (5, "manager_email", "unknown_manager"),
        (6, "email", "duplicate_email"),
        (7, "role", "forbidden_role"),
        (8, "manager_email", "team_required"),
        (9, "manager_email", "not_a_manager"),
    ] {
        let expected = (expected.0, expected.1.to_owned(), expected.2.to_owned());
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    // The last admin is not demoted by a file either.
    let admin = app.login("admin@demo.test").await;
    let demote = "email,name,role,stage,team,manager_email\nadmin@demo.test,Aiko Admin,hr,7,,\n";
    let found = codes(&import(&app, &admin, demote.as_bytes(), true).await.json());
    assert_eq!(found, vec![(2, "role".into(), "last_admin".into())]);
}

#[sqlx::test]
async fn files_that_cannot_be_imported_are_refused_whole(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let before = people_count(&app).await;

    let res = import(&app, &admin, b"email,name,role\na@demo.test,A,employee\n", false).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let columns: Vec<String> = res.json()["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["column"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(columns, ["stage", "team", "manager_email"]);

    let mut latin1 = b"email,name,role,stage,team,manager_email\n".to_vec();
    latin1.extend_from_slice(b"jose@demo.test,Jos\xe9,employee,1,,\n");
    let res = import(&app, &admin, &latin1, true).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(codes(&res.json()), vec![(2, "".into(), "not_utf8".into())]);

    let mut many = String::from("email,name,role,stage,team,manager_email\n");
    for i in 0..50_001 {
        many.push_str(&format!("p{i}@demo.test,P{i},employee,1,,\n"));
    }
    assert!(many.len() < 5 * 1024 * 1024);
    let res = import(&app, &admin, many.as_bytes(), false).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["details"][0]["code"], "too_many_rows");

    let huge = vec![b'a'; 5 * 1024 * 1024 + 1];
    let res = import(&app, &admin, &huge, true).await;
    res.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.error_code(), "PAYLOAD_TOO_LARGE");
    assert_eq!(people_count(&app).await, before);

    // A BOM (Excel's "CSV UTF-8") is fine.
    let bom = "\u{feff}email,name,role,stage,team,manager_email\nbom@demo.test,Bom,employee,1,,\n";
    let res = import(&app, &admin, bom.as_bytes(), false).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(people_count(&app).await, before + 1);
}

#[sqlx::test]
async fn the_export_imports_back_unchanged(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin@demo.test").await;
    let res = app.get_as(&admin, "/api/v1/users/export.csv").await;
    res.assert_status(StatusCode::OK);
    assert!(res.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = res.text();
    assert!(csv.starts_with("email,name,role,stage,team,manager_email\n"));
    assert!(csv.contains("dave@demo.test,Dave Kim,employee,6,Sales,ken@demo.test\n"), "{csv}");
    assert_eq!(csv.lines().count(), 10);
    let report = import(&app, &admin, csv.as_bytes(), false).await.json();
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["creates"], serde_json::json!([]));
    assert_eq!(report["updates"], serde_json::json!([]));
    assert_eq!(report["unchanged"], 9);
    // Only its own organization.
    assert!(!csv.contains("other.test"));
    let employee = app.login("employee@demo.test").await;
    assert_eq!(app.get_as(&employee, "/api/v1/users/export.csv").await.status, StatusCode::FORBIDDEN);
}
