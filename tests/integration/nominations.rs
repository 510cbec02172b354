//! Nomination cycles: role gates, the window, scoring rules, four-eyes decisions, dense
//! rankings of approved nominations and exactly-once finalization.

use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::common::{Req, TestApp};

/// An HR-created cycle with criteria 0.6 / 0.4 over the given window, opened unless it is in the future.
async fn cycle(
    app: &TestApp,
    hr: &str,
    start: chrono::DateTime<Utc>,
    end: chrono::DateTime<Utc>,
) -> (String, Vec<String>) {
    let created = app
        .post_as(hr, "/api/v1/cycles", json!({"name": "Q4 awards", "description": "", "startAt": start, "endAt": end}))
        .await;
    created.assert_status(StatusCode::CREATED);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let mut criteria = Vec::new();
    for (name, weight) in [("Impact", 0.6), ("Teamwork", 0.4)] {
        let res =
            app.post_as(hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": name, "weight": weight})).await;
        res.assert_status(StatusCode::CREATED);
        criteria.push(res.json()["id"].as_str().unwrap().to_owned());
    }
    let opened = app.post_as(hr, &format!("/api/v1/cycles/{id}/open"), json!({})).await;
    opened.assert_status(StatusCode::OK);
    (id, criteria)
}

pub(crate) fn nomination(nominee: uuid::Uuid, criteria: &[String], scores: [i32; 2]) -> Value {
    json!({
        "nomineeId": nominee,
        "justification": "Shipped the launch",
        "scores": [
            {"criterionId": criteria[0], "score": scores[0]},
            {"criterionId": criteria[1], "score": scores[1], "comment": "helps everyone"},
        ],
    })
}

/// An open cycle whose window is now, with criteria 0.6 / 0.4.
pub(crate) async fn open_cycle(app: &TestApp, hr: &str) -> (String, Vec<String>) {
    let (start, end) = now_window();
    cycle(app, hr, start, end).await
}

fn now_window() -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    (Utc::now() - Duration::hours(1), Utc::now() + Duration::days(7))
}

#[sqlx::test]
async fn cycle_rules_role_gates_and_audit(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager, employee) =
        (app.login("hr@demo.test").await, app.login("manager@demo.test").await, app.login("employee@demo.test").await);
    let (start, end) = now_window();
    for cookie in [&manager, &employee] {
        let res = app.post_as(cookie, "/api/v1/cycles", json!({"name": "x", "startAt": start, "endAt": end})).await;
        res.assert_status(StatusCode::FORBIDDEN);
    }
    let bad = app
        .post_as(
            &hr,
            "/api/v1/cycles",
            json!({"name": "", "startAt": end, "endAt": start, "scaleMin": 5, "scaleMax": 1}),
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let created =
        app.post_as(&hr, "/api/v1/cycles", json!({"name": "Awards", "startAt": start, "endAt": end})).await.json();
    assert_eq!(created["status"], "draft");
    assert_eq!((created["scaleMin"].as_i64(), created["scaleMax"].as_i64()), (Some(1), Some(5)));
    let id = created["id"].as_str().unwrap();
    app.post_as(&hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": "Impact", "weight": 0.6})).await;
    let second = app
        .post_as(&hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": "Teamwork", "weight": 0.3}))
        .await
        .json();
    let bad_weight =
        app.post_as(&hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": "x", "weight": 1.5})).await;
    bad_weight.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let blocked = app.post_as(&hr, &format!("/api/v1/cycles/{id}/open"), json!({})).await;
    blocked.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blocked.json()["error"]["details"][0]["code"], "weights_sum");
    let fixed = app
        .send(
            Req::new(Method::PATCH, &format!("/api/v1/cycles/{id}/criteria/{}", second["id"].as_str().unwrap()))
                .cookie(&hr)
                .json(json!({"name": "Teamwork", "weight": 0.4})),
        )
        .await;
    fixed.assert_status(StatusCode::OK);
    assert_eq!(app.post_as(&hr, &format!("/api/v1/cycles/{id}/open"), json!({})).await.status, StatusCode::OK);

    // Criteria and settings change only while draft.
    let late = app.post_as(&hr, &format!("/api/v1/cycles/{id}/criteria"), json!({"name": "x", "weight": 0.1})).await;
    late.assert_status(StatusCode::CONFLICT);
    let patch = app
        .send(Req::new(Method::PATCH, &format!("/api/v1/cycles/{id}")).cookie(&hr).json(json!({"name": "Renamed"})))
        .await;
    patch.assert_status(StatusCode::CONFLICT);
    // Finalizing needs a closed cycle.
    assert_eq!(
        app.post_as(&hr, &format!("/api/v1/cycles/{id}/finalize"), json!({})).await.status,
        StatusCode::CONFLICT
    );

    for action in ["cycle.created", "criterion.created", "criterion.updated", "cycle.opened"] {
        assert!(app.audit_count(action).await >= 1, "{action} not audited");
    }
}

#[sqlx::test]
async fn nominations_follow_the_rules(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager, employee) =
        (app.login("hr@demo.test").await, app.login("manager@demo.test").await, app.login("employee@demo.test").await);
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let uri = format!("/api/v1/cycles/{id}/nominations");
    let emi = app.user_id("employee@demo.test").await;
    let mika = app.user_id("manager@demo.test").await;

    assert_eq!(app.post_as(&employee, &uri, nomination(mika, &criteria, [5, 5])).await.status, StatusCode::FORBIDDEN);
    let own = app.post_as(&manager, &uri, nomination(mika, &criteria, [5, 5])).await;
    own.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(own.json()["error"]["details"][0]["field"], "nomineeId");
    let out_of_scale = app.post_as(&manager, &uri, nomination(emi, &criteria, [6, 0])).await;
    out_of_scale.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let details = out_of_scale.json()["error"]["details"].clone();
    let fields: Vec<&str> = details.as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["scores[0].score", "scores[1].score"]);
    let missing = app
        .post_as(
            &manager,
            &uri,
            json!({"nomineeId": emi, "justification": "x", "scores": [{"criterionId": criteria[0], "score": 3}]}),
        )
        .await;
    missing.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let ok = app.post_as(&manager, &uri, nomination(emi, &criteria, [5, 4])).await;
    ok.assert_status(StatusCode::CREATED);
    let body = ok.json();
    assert_eq!(body["status"], "pending");
    assert_eq!(body["weightedScore"], 4.6);
    let duplicate = app.post_as(&manager, &uri, nomination(emi, &criteria, [1, 1])).await;
    duplicate.assert_status(StatusCode::CONFLICT);

    // Four eyes: not the submitter, not the nominee; pending only; rejections need a reason.
    let nid = body["id"].as_str().unwrap();
    assert_eq!(
        app.post_as(&manager, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let no_reason = app.post_as(&hr, &format!("/api/v1/nominations/{nid}/reject"), json!({})).await;
    no_reason.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let approved = app.post_as(&hr, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await;
    approved.assert_status(StatusCode::OK);
    assert_eq!(approved.json()["status"], "approved");
    assert_eq!(
        app.post_as(&hr, &format!("/api/v1/nominations/{nid}/reject"), json!({"reason": "late"})).await.status,
        StatusCode::CONFLICT
    );

    // Deciders see all nominations; an employee sees only their own (none).
    assert_eq!(app.get_as(&hr, &uri).await.json().as_array().unwrap().len(), 1);
    assert_eq!(app.get_as(&employee, &uri).await.json().as_array().unwrap().len(), 0);
    // Rankings are for HR until finalized.
    assert_eq!(app.get_as(&employee, &format!("/api/v1/cycles/{id}/rankings")).await.status, StatusCode::FORBIDDEN);

    // Another organization cannot see or touch any of it.
    let other = app.login("admin@other.test").await;
    assert_eq!(app.get_as(&other, &format!("/api/v1/cycles/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post_as(&other, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_as(&other, &format!("/api/v1/cycles/{id}/close"), json!({})).await.status,
        StatusCode::NOT_FOUND
    );

    for action in ["nomination.submitted", "nomination.approved"] {
        assert_eq!(app.audit_count_for(action, nid).await, 1, "{action}");
    }
}

#[sqlx::test]
async fn nominations_are_accepted_only_inside_the_window(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager) = (app.login("hr@demo.test").await, app.login("manager@demo.test").await);
    let emi = app.user_id("employee@demo.test").await;
    for (start, end) in [
        (Utc::now() + Duration::days(1), Utc::now() + Duration::days(2)),
        (Utc::now() - Duration::days(2), Utc::now() - Duration::days(1)),
    ] {
        let (id, criteria) = cycle(&app, &hr, start, end).await;
        let res = app
            .post_as(&manager, &format!("/api/v1/cycles/{id}/nominations"), nomination(emi, &criteria, [3, 3]))
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "window {start}..{end}");
    }
}

#[sqlx::test]
async fn rankings_count_approved_nominations_and_share_ties(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let uri = format!("/api/v1/cycles/{id}/nominations");
    let submitters = [app.login("manager@demo.test").await, app.login("ken@demo.test").await];
    // alice 5/5 (5.0) from both managers = 10; bob 5/5 + 5/5 = 10 (tie); carol 3/3 = 3; dave rejected.
    let mut ids = Vec::new();
    for (email, scores) in [
        ("alice@demo.test", [5, 5]),
        ("bob@demo.test", [5, 5]),
        ("carol@demo.test", [3, 3]),
        ("dave@demo.test", [5, 5]),
    ] {
        let nominee = app.user_id(email).await;
        for (i, submitter) in submitters.iter().enumerate() {
            if email == "carol@demo.test" && i == 1 {
                continue;
            }
            let res = app.post_as(submitter, &uri, nomination(nominee, &criteria, scores)).await;
            res.assert_status(StatusCode::CREATED);
            ids.push((email, res.json()["id"].as_str().unwrap().to_owned()));
        }
    }
    for (email, nid) in &ids {
        let (action, body) = if *email == "dave@demo.test" {
            ("reject", json!({"reason": "not this time"}))
        } else {
            ("approve", json!({}))
        };
        assert_eq!(app.post_as(&hr, &format!("/api/v1/nominations/{nid}/{action}"), body).await.status, StatusCode::OK);
    }
    let ranking = app.get_as(&hr, &format!("/api/v1/cycles/{id}/rankings")).await.json();
    let rows: Vec<(String, f64, i64, i64)> = ranking["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["nomineeName"].as_str().unwrap().to_owned(),
                r["total"].as_f64().unwrap(),
                r["approvedCount"].as_i64().unwrap(),
                r["rank"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Alice Baker".to_owned(), 10.0, 2, 1),
            ("Bob Chen".to_owned(), 10.0, 2, 1),
            ("Carol Ito".to_owned(), 3.0, 1, 2),
        ]
    );
    assert_eq!(ranking["total"], 3);
}

#[sqlx::test]
async fn finalization_happens_exactly_once_and_is_frozen(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager) = (app.login("hr@demo.test").await, app.login("manager@demo.test").await);
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let emi = app.user_id("employee@demo.test").await;
    let nid = app
        .post_as(&manager, &format!("/api/v1/cycles/{id}/nominations"), nomination(emi, &criteria, [5, 4]))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post_as(&hr, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await;
    assert_eq!(app.post_as(&hr, &format!("/api/v1/cycles/{id}/close"), json!({})).await.status, StatusCode::OK);

    let uri = format!("/api/v1/cycles/{id}/finalize");
    let (a, b) = tokio::join!(app.post_as(&hr, &uri, json!({})), app.post_as(&hr, &uri, json!({})));
    assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(a.json(), b.json());
    let count = |table: &'static str| {
        let (pool, id) = (app.pool.clone(), id.clone());
        async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT count(*) FROM {table} WHERE cycle_id = $1::uuid"))
                .bind(&id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(count("nomination_history_rankings").await, 1);
    assert_eq!(count("nomination_history_nominations").await, 1);
    assert_eq!(app.audit_count_for("cycle.finalized", &id).await, 1);
    // The snapshot holds the nomination as the API showed it.
    let shown = app.get_as(&hr, &format!("/api/v1/cycles/{id}/nominations")).await.json();
    let shown = shown.as_array().unwrap()[0].clone();
    let (nominee, submitter, status, weighted, scores): (String, String, String, f64, Value) = sqlx::query_as(
        "SELECT nominee_name, submitter_name, status, weighted_score::float8, scores
               FROM nomination_history_nominations WHERE nomination_id = $1::uuid",
    )
    .bind(&nid)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (nominee.as_str(), submitter.as_str(), status.as_str()),
        (shown["nomineeName"].as_str().unwrap(), shown["submitterName"].as_str().unwrap(), "approved")
    );
    assert_eq!(weighted, shown["weightedScore"].as_f64().unwrap());
    assert_eq!(scores, shown["scores"]);

    let third = app.post_as(&hr, &uri, json!({})).await;
    assert_eq!(third.json(), a.json());
    assert_eq!(count("nomination_history_rankings").await, 1);

    // Later changes to people do not rewrite the snapshot, which everyone may now read.
    sqlx::query("UPDATE users SET display_name = 'Renamed' WHERE email = 'employee@demo.test'")
        .execute(&app.pool)
        .await
        .unwrap();
    let employee = app.login("employee@demo.test").await;
    let results = app.get_as(&employee, &format!("/api/v1/cycles/{id}/rankings")).await.json();
    assert_eq!(results["items"][0]["nomineeName"], "Emi Suzuki");
    assert_eq!(results["items"][0]["total"], 4.6);
    assert_eq!(results["items"][0]["rank"], 1);
}

/// The demo's finalized cycle: its frozen ranking (with a shared rank), the CSV export and who
/// may read what.
#[sqlx::test]
async fn demo_history_csv_export_and_its_rights(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let employee = app.login("employee@demo.test").await;
    let finalized = app.get_as(&employee, "/api/v1/cycles?status=finalized").await.json();
    let finalized = finalized.as_array().unwrap();
    assert_eq!(finalized.len(), 1);
    assert_eq!(finalized[0]["name"], "FY2026 H1 Recognition");
    let id = finalized[0]["id"].as_str().unwrap();

    let ranking = app.get_as(&employee, &format!("/api/v1/cycles/{id}/rankings")).await.json();
    let rows: Vec<(String, i64, f64)> = ranking["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["nomineeName"].as_str().unwrap().to_owned(), r["rank"].as_i64().unwrap(), r["total"].as_f64().unwrap())
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Alice Baker".into(), 1, 4.5),
            ("Emi Suzuki".into(), 1, 4.5),
            ("Carol Ito".into(), 2, 4.1),
            ("Dave Kim".into(), 3, 3.1),
        ],
        "the rejected nomination (Bob) does not count"
    );
    // Pages of the frozen ranking come from the snapshot and keep the ranks of the whole.
    for (page, (name, rank, _)) in rows.iter().enumerate() {
        let one =
            app.get_as(&employee, &format!("/api/v1/cycles/{id}/rankings?page={}&pageSize=1", page + 1)).await.json();
        assert_eq!((one["total"].as_i64(), one["page"].as_i64()), (Some(4), Some(page as i64 + 1)));
        assert_eq!(one["items"][0]["nomineeName"], name.as_str());
        assert_eq!(one["items"][0]["rank"], *rank);
    }
    let past = app.get_as(&employee, &format!("/api/v1/cycles/{id}/rankings?page=5&pageSize=1")).await.json();
    assert_eq!(past["items"].as_array().map(Vec::len), Some(0));

    let csv = app.get_as(&employee, &format!("/api/v1/cycles/{id}/rankings.csv")).await;
    csv.assert_status(StatusCode::OK);
    assert_eq!(csv.headers["content-type"].to_str().unwrap(), "text/csv; charset=utf-8");
    assert!(csv.headers["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert!(csv.body.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 byte-order mark");
    let text = csv.text();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "rank,nominee_id,nominee,total,approved_nominations");
    assert_eq!(lines.len(), 5);
    assert!(lines[1].starts_with("1,") && lines[1].ends_with(",Alice Baker,4.5,1"));
    assert!(lines[3].ends_with(",Carol Ito,4.1,1"));

    // The open demo cycle: employees neither see nor export its live results; HR does.
    let open = app.get_as(&employee, "/api/v1/cycles?status=open").await.json();
    let open_id = open[0]["id"].as_str().unwrap();
    let hidden = app.get_as(&employee, &format!("/api/v1/cycles/{open_id}/rankings.csv")).await;
    hidden.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(hidden.error_code(), "FORBIDDEN");
    let hr = app.login("hr@demo.test").await;
    let live = app.get_as(&hr, &format!("/api/v1/cycles/{open_id}/rankings.csv")).await;
    live.assert_status(StatusCode::OK);
    assert!(live.text().contains(",Dave Kim,3.4,1"), "{}", live.text());

    // Another organization gets a 404 for the export, like for everything else.
    let other = app.login("admin@other.test").await;
    assert_eq!(app.get_as(&other, &format!("/api/v1/cycles/{id}/rankings.csv")).await.status, StatusCode::NOT_FOUND);
}

/// Conflicts carry a machine-readable reason (pages translate it).
#[sqlx::test]
async fn conflicts_name_their_reason(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager) = (app.login("hr@demo.test").await, app.login("manager@demo.test").await);
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let uri = format!("/api/v1/cycles/{id}/nominations");
    let emi = app.user_id("employee@demo.test").await;
    let first = app.post_as(&manager, &uri, nomination(emi, &criteria, [4, 4])).await;
    first.assert_status(StatusCode::CREATED);
    let again = app.post_as(&manager, &uri, nomination(emi, &criteria, [3, 3])).await;
    again.assert_status(StatusCode::CONFLICT);
    assert_eq!(again.json()["error"]["details"]["reason"], "duplicate_nomination");
    let nid = first.json()["id"].as_str().unwrap().to_owned();
    app.post_as(&hr, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await;
    let twice = app.post_as(&hr, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await;
    twice.assert_status(StatusCode::CONFLICT);
    assert_eq!(twice.json()["error"]["details"]["reason"], "already_decided");
    assert_eq!(twice.json()["error"]["details"]["status"], "approved");
    let early = app.post_as(&hr, &format!("/api/v1/cycles/{id}/finalize"), json!({})).await;
    early.assert_status(StatusCode::CONFLICT);
    assert_eq!(early.json()["error"]["details"]["reason"], "cycle_status");
    assert_eq!(early.json()["error"]["details"]["needs"], "closed");
}

/// The nomination pages render for the right people, with the hooks the browser tests use.
#[sqlx::test]
async fn nomination_pages_render_by_role(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager, employee) =
        (app.login("hr@demo.test").await, app.login("manager@demo.test").await, app.login("employee@demo.test").await);
    let open = app.get_as(&employee, "/api/v1/cycles?status=open").await.json();
    let open_id = open[0]["id"].as_str().unwrap().to_owned();

    let list = app.get_as(&manager, "/nominations").await;
    list.assert_status(StatusCode::OK);
    let html = list.text();
    assert!(html.contains("FY2026 H2 Recognition"));
    assert!(html.contains("data-testid=\"nominate-button\""));
    assert!(html.contains("data-testid=\"cycle-row\""));
    let html = app.get_as(&employee, "/nominations").await.text();
    assert!(html.contains("FY2026 H1 Recognition"));
    assert!(!html.contains("data-testid=\"nominate-button\""));

    let form = app.get_as(&manager, &format!("/nominations/{open_id}/nominate")).await;
    form.assert_status(StatusCode::OK);
    let html = form.text();
    assert_eq!(html.matches("data-testid=\"criterion-score\"").count(), 2);
    for hook in ["nominee-select", "nomination-total", "nomination-submit"] {
        assert!(html.contains(&format!("data-testid=\"{hook}\"")), "{hook}");
    }
    assert!(!html.contains("Mika Sato (manager@demo.test)"), "no self-nomination");
    assert_eq!(app.get_as(&employee, &format!("/nominations/{open_id}/nominate")).await.status, StatusCode::FORBIDDEN);

    let review = app.get_as(&hr, &format!("/nominations/{open_id}/review")).await.text();
    assert_eq!(review.matches("data-testid=\"review-item\"").count(), 2);
    assert_eq!(
        app.get_as(&employee, &format!("/nominations/{open_id}/leaderboard")).await.status,
        StatusCode::FORBIDDEN
    );
    let board = app.get_as(&hr, &format!("/nominations/{open_id}/leaderboard")).await;
    board.assert_status(StatusCode::OK);
    assert!(board.text().contains("data-rank=\"1\""));

    let history = app.get_as(&employee, "/nominations/history").await;
    history.assert_status(StatusCode::OK);
    let html = history.text();
    assert_eq!(html.matches("data-testid=\"leaderboard-row\"").count(), 4);
    assert!(html.contains("data-tied=\"true\""));

    assert_eq!(app.get_as(&manager, "/admin/cycles").await.status, StatusCode::FORBIDDEN);
    let admin = app.get_as(&hr, "/admin/cycles").await;
    admin.assert_status(StatusCode::OK);
    assert!(admin.text().contains("data-testid=\"cycle-new\""));
    let missing = app.get_as(&hr, &format!("/admin/cycles/{}", uuid::Uuid::new_v4())).await;
    missing.assert_status(StatusCode::NOT_FOUND);
}

// --- Hardening: reads that never write, what each role sees, one cycle at a time ----------

async fn open_cycle_with_pending(app: &TestApp, hr: &str) -> (String, Vec<String>) {
    let (id, criteria) = open_cycle(app, hr).await;
    // Pending nominations by three submitters about several nominees.
    let mut nominations = Vec::new();
    for submitter in ["hr@demo.test", "ken@demo.test", "manager@demo.test"] {
        let cookie = app.login(submitter).await;
        for nominee in ["alice@demo.test", "bob@demo.test", "carol@demo.test"] {
            let res = app
                .post_as(
                    &cookie,
                    &format!("/api/v1/cycles/{id}/nominations"),
                    nomination(app.user_id(nominee).await, &criteria, [4, 3]),
                )
                .await;
            res.assert_status(StatusCode::CREATED);
            nominations.push(res.json()["id"].as_str().unwrap().to_owned());
        }
    }
    (id, nominations)
}

#[sqlx::test]
async fn reading_rankings_never_writes_and_never_fails(pool: PgPool) {
    let app = std::sync::Arc::new(TestApp::new(pool).await);
    let hr = app.login("hr@demo.test").await;
    let admin = app.login("admin@demo.test").await;
    let (id, nominations) = open_cycle_with_pending(&app, &hr).await;
    for nid in &nominations[..4] {
        let res = app.post_as(&admin, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await;
        res.assert_status(StatusCode::OK);
    }
    let stored = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT (SELECT count(*) FROM nomination_history_rankings)
                  + (SELECT count(*) FROM nomination_history_nominations)
                  + (SELECT count(*) FROM nomination_decisions)",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    let before = stored().await;
    let mut reads = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let (app, hr, id) = (app.clone(), hr.clone(), id.clone());
        reads.spawn(async move { app.get_as(&hr, &format!("/api/v1/cycles/{id}/rankings")).await.status });
    }
    while let Some(status) = reads.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
    assert_eq!(stored().await, before, "reading rankings wrote rows");

    // Finalizing while people read: every answer is a success.
    let closed = app.post_as(&hr, &format!("/api/v1/cycles/{id}/close"), json!({})).await;
    closed.assert_status(StatusCode::OK);
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (app, hr, id) = (app.clone(), hr.clone(), id.clone());
        calls.spawn(async move {
            if i == 5 {
                app.send(Req::post(&format!("/api/v1/cycles/{id}/finalize")).cookie(&hr).json(json!({}))).await.status
            } else {
                app.get_as(&hr, &format!("/api/v1/cycles/{id}/rankings")).await.status
            }
        });
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
}

#[sqlx::test]
async fn managers_see_only_the_nominations_they_may_act_on(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let admin = app.login("admin@demo.test").await;
    let manager = app.login("manager@demo.test").await;
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let mika = app.user_id("manager@demo.test").await;
    // HR nominates the manager herself; Ken nominates Alice and HR approves it.
    let about_her =
        app.post_as(&hr, &format!("/api/v1/cycles/{id}/nominations"), nomination(mika, &criteria, [5, 5])).await;
    about_her.assert_status(StatusCode::CREATED);
    let ken = app.login("ken@demo.test").await;
    let decided = app
        .post_as(
            &ken,
            &format!("/api/v1/cycles/{id}/nominations"),
            nomination(app.user_id("alice@demo.test").await, &criteria, [3, 3]),
        )
        .await;
    let decided_id = decided.json()["id"].as_str().unwrap().to_owned();
    let res = app.post_as(&admin, &format!("/api/v1/nominations/{decided_id}/approve"), json!({})).await;
    res.assert_status(StatusCode::OK);
    // A pending one she may decide, and her own.
    let pending = app
        .post_as(
            &ken,
            &format!("/api/v1/cycles/{id}/nominations"),
            nomination(app.user_id("bob@demo.test").await, &criteria, [2, 2]),
        )
        .await;
    let pending_id = pending.json()["id"].as_str().unwrap().to_owned();
    let own = app
        .post_as(
            &manager,
            &format!("/api/v1/cycles/{id}/nominations"),
            nomination(app.user_id("carol@demo.test").await, &criteria, [4, 4]),
        )
        .await;
    let own_id = own.json()["id"].as_str().unwrap().to_owned();

    let listed = app.get_as(&manager, &format!("/api/v1/cycles/{id}/nominations")).await;
    listed.assert_status(StatusCode::OK);
    let body = listed.json();
    let items = body.as_array().or_else(|| body["items"].as_array()).unwrap().clone();
    let ids: Vec<&str> = items.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&pending_id.as_str()), "pending ones she may decide");
    assert!(ids.contains(&own_id.as_str()), "her own");
    assert!(!ids.contains(&decided_id.as_str()), "others' decided nominations rebuild the ranking");
    assert!(
        !items.iter().any(|n| n["nomineeId"] == mika.to_string()),
        "nominations about herself stay hidden: {items:?}"
    );
    // HR sees everything.
    let all = app.get_as(&hr, &format!("/api/v1/cycles/{id}/nominations")).await.json();
    let all = all.as_array().or_else(|| all["items"].as_array()).unwrap().len();
    assert_eq!(all, 4);
}

/// The running totals the approvals keep give the same ranking as adding up every approved
/// nomination from scratch, page by page: totals, approval counts, dense ranks shared by equal
/// totals, ties listed by name.
#[sqlx::test]
async fn live_rankings_from_running_totals_equal_a_recomputation(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let (id, criteria) = open_cycle(&app, &hr).await;
    let uri = format!("/api/v1/cycles/{id}/nominations");
    let submitters = [app.login("manager@demo.test").await, app.login("ken@demo.test").await];
    let nominees = ["alice@demo.test", "bob@demo.test", "carol@demo.test", "dave@demo.test", "employee@demo.test"];
    // Scores and decisions from a fixed pseudo-random sequence: ties and rejections happen.
    let mut state = 7u64;
    let mut next = |n: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    // nominee → (total in thousandths, approvals)
    let mut expected: std::collections::HashMap<uuid::Uuid, (i64, i64)> = Default::default();
    for email in nominees {
        let nominee = app.user_id(email).await;
        for submitter in &submitters {
            let scores = [1 + next(5) as i32, 1 + next(5) as i32];
            let res = app.post_as(submitter, &uri, nomination(nominee, &criteria, scores)).await;
            res.assert_status(StatusCode::CREATED);
            let nid = res.json()["id"].as_str().unwrap().to_owned();
            let approve = next(10) < 7;
            let (action, body) =
                if approve { ("approve", json!({})) } else { ("reject", json!({"reason": "not this time"})) };
            let decided = app.post_as(&hr, &format!("/api/v1/nominations/{nid}/{action}"), body).await;
            decided.assert_status(StatusCode::OK);
            if approve {
                let entry = expected.entry(nominee).or_default();
                entry.0 += i64::from(600 * scores[0] + 400 * scores[1]);
                entry.1 += 1;
            }
        }
    }
    let names: std::collections::HashMap<uuid::Uuid, String> =
        sqlx::query_as("SELECT id, display_name FROM users").fetch_all(&app.pool).await.unwrap().into_iter().collect();
    let mut want: Vec<(String, i64, i64)> =
        expected.iter().map(|(nominee, &(total, count))| (names[nominee].clone(), total, count)).collect();
    want.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut rank = 0;
    let mut previous = None;
    let want: Vec<(String, i64, i64, i64)> = want
        .into_iter()
        .map(|(name, total, count)| {
            if previous != Some(total) {
                rank += 1;
                previous = Some(total);
            }
            (name, total, count, rank)
        })
        .collect();

    let mut got = Vec::new();
    for page in 1..=want.len().div_ceil(2) {
        let res = app.get_as(&hr, &format!("/api/v1/cycles/{id}/rankings?page={page}&pageSize=2")).await;
        res.assert_status(StatusCode::OK);
        let body = res.json();
        assert_eq!(body["total"], want.len());
        got.extend(body["items"].as_array().unwrap().iter().map(|r| {
            (
                r["nomineeName"].as_str().unwrap().to_owned(),
                (r["total"].as_f64().unwrap() * 1000.0).round() as i64,
                r["approvedCount"].as_i64().unwrap(),
                r["rank"].as_i64().unwrap(),
            )
        }));
    }
    assert_eq!(got, want);

    // The kept totals are exactly a from-scratch sum over the approved nominations.
    let drift: i64 = sqlx::query_scalar(
        "WITH kept AS (SELECT nominee_id, total, approved_count FROM nomination_totals
                        WHERE cycle_id = $1::uuid),
              fresh AS (SELECT n.nominee_id, (sum(c.weight * s.score) * 1000)::bigint AS total,
                               count(DISTINCT n.id)::int AS approved_count
                          FROM nominations n JOIN nomination_scores s ON s.nomination_id = n.id
                          JOIN nomination_criteria c ON c.id = s.criterion_id
                         WHERE n.cycle_id = $1::uuid AND n.status = 'approved' GROUP BY n.nominee_id)
         SELECT count(*) FROM ((SELECT * FROM kept EXCEPT SELECT * FROM fresh)
                               UNION ALL (SELECT * FROM fresh EXCEPT SELECT * FROM kept)) d",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(drift, 0);
}
