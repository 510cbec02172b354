//! Dense rankings of approved nominations: ties share a rank, reading never writes, and the
//! running totals equal a recomputation.

use super::*;

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
                app.post_as(&hr, &format!("/api/v1/cycles/{id}/finalize"), json!({})).await.status
            } else {
                app.get_as(&hr, &format!("/api/v1/cycles/{id}/rankings")).await.status
            }
        });
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
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
