//! Finalizing exactly once into a frozen history, and the history's CSV export and its rights.

use super::*;

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
    assert_eq!(shown["total"], 1);
    let shown = shown["items"][0].clone();
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
    assert_eq!(finalized["total"], 1);
    assert_eq!(finalized["items"][0]["name"], "FY2026 H1 Recognition");
    let id = finalized["items"][0]["id"].as_str().unwrap();

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
    let open_id = open["items"][0]["id"].as_str().unwrap();
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

/// The archive of a finalized cycle: every nomination with its justification, submitter, status
/// and criterion scores as frozen, on the API, on the page and in the CSV; hr and admins only.
#[sqlx::test]
async fn finalized_archive_shows_frozen_nominations_to_hr_and_admins_only(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let (hr, manager) = (app.login("hr@demo.test").await, app.login("manager@demo.test").await);
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let emi = app.user_id("employee@demo.test").await;
    let mut body = nomination(emi, &criteria, [5, 4]);
    body["justification"] = json!("=Led the migration, 移行を主導");
    let nid = app.post_as(&manager, &format!("/api/v1/cycles/{id}/nominations"), body).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post_as(&hr, &format!("/api/v1/nominations/{nid}/approve"), json!({})).await.assert_status(StatusCode::OK);

    // No archive before finalization.
    let early = app.get_as(&hr, &format!("/api/v1/cycles/{id}/archive")).await;
    early.assert_status(StatusCode::CONFLICT);
    assert_eq!(early.error_code(), "CONFLICT");
    app.post_as(&hr, &format!("/api/v1/cycles/{id}/close"), json!({})).await.assert_status(StatusCode::OK);
    app.post_as(&hr, &format!("/api/v1/cycles/{id}/finalize"), json!({})).await.assert_status(StatusCode::OK);

    // Later edits to the live rows do not reach the archive.
    sqlx::query("UPDATE users SET display_name = 'Renamed' WHERE email = 'manager@demo.test'")
        .execute(&app.pool)
        .await
        .unwrap();
    let archive = app.get_as(&hr, &format!("/api/v1/cycles/{id}/archive")).await;
    archive.assert_status(StatusCode::OK);
    let archive = archive.json();
    assert_eq!(archive["cycle"]["status"], "finalized");
    assert_eq!(archive["rankings"][0]["nomineeName"], "Emi Suzuki");
    let n = &archive["nominations"][0];
    assert_eq!(archive["nominations"].as_array().map(Vec::len), Some(1));
    assert_eq!(n["nominationId"], nid.as_str());
    assert_eq!(n["submitterName"], "Mika Sato", "the submitter as frozen: {n}");
    assert_eq!(n["justification"], "=Led the migration, 移行を主導");
    assert_eq!(n["status"], "approved");
    assert_eq!(n["scores"].as_array().map(Vec::len), Some(2));
    assert_eq!(n["scores"][0]["score"], 5);

    let csv = app.get_as(&hr, &format!("/api/v1/cycles/{id}/archive.csv")).await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.headers["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    let text = csv.text();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let first = "Impact";
    assert_eq!(
        &header[..10],
        [
            "rank",
            "nominee_id",
            "nominee",
            "nominee_total",
            "nomination_id",
            "submitter_id",
            "submitter",
            "status",
            "weighted_score",
            "justification"
        ]
    );
    assert_eq!(header[10], format!("{first} score"));
    assert_eq!(header[11], format!("{first} comment"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "1");
    assert_eq!(&rows[0][2], "Emi Suzuki");
    assert_eq!(&rows[0][6], "Mika Sato");
    assert_eq!(&rows[0][9], "'=Led the migration, 移行を主導", "a formula is escaped");
    assert_eq!(&rows[0][10], "5");

    // The page lists the same frozen nomination for hr.
    let page = app.get_as(&hr, &format!("/nominations/history/{id}")).await;
    page.assert_status(StatusCode::OK);
    let html = page.text();
    assert!(html.contains("=Led the migration, 移行を主導") && html.contains("Mika Sato"), "{html}");

    // Employees and managers read the ranking, not the archive; other organizations see nothing.
    for who in ["employee@demo.test", "manager@demo.test"] {
        let session = app.login(who).await;
        for uri in [format!("/api/v1/cycles/{id}/archive"), format!("/api/v1/cycles/{id}/archive.csv")] {
            let denied = app.get_as(&session, &uri).await;
            denied.assert_status(StatusCode::FORBIDDEN);
            assert_eq!(denied.error_code(), "FORBIDDEN");
        }
    }
    let other = app.login("admin@other.test").await;
    assert_eq!(app.get_as(&other, &format!("/api/v1/cycles/{id}/archive")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get_as(&other, &format!("/api/v1/cycles/{id}/archive.csv")).await.status, StatusCode::NOT_FOUND);
}
