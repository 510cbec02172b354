//! Confidence bands and statistical ties: worked out in the background for the standings as
//! they are (null until then, never on a request), deterministic, grouping entries the rows
//! cannot tell apart; the private board's after the deadline, and the sponsor's shake-up.

use super::*;

/// Which key rows are on the public board (the split is the server's secret; read it here).
async fn public_rows(app: &TestApp, id: &str) -> Vec<bool> {
    let rows: Vec<(String, bool)> = sqlx::query_as(
        "SELECT r.row_id, r.is_public FROM competition_answer_rows r
           JOIN competition_answer_keys k ON k.id = r.answer_key_id
          WHERE k.competition_id = $1::text::uuid ORDER BY r.row_id",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows.iter().map(|(row, _)| row.clone()).collect::<Vec<_>>(), ids());
    rows.into_iter().map(|(_, public)| public).collect()
}

/// A board row's name, tie group and interval, as the API gives them.
type RowBand = (String, Option<i64>, Option<(f64, f64)>);

fn bands(board: &Value) -> Vec<RowBand> {
    board["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let interval = (!r["interval"].is_null())
                .then(|| (r["interval"]["low"].as_f64().unwrap(), r["interval"]["high"].as_f64().unwrap()));
            (r["displayName"].as_str().unwrap().to_owned(), r["tieGroup"].as_i64(), interval)
        })
        .collect()
}

async fn work_out(app: &TestApp) -> usize {
    merit::competitions::bands::run_pending(&app.pool).await.unwrap()
}

/// Alice (right on every public row, wrong on every private one), Bob (a constant) and Carol
/// (right everywhere, after Alice) on a fresh competition whose demo neighbours' bands are done.
async fn three_entries(pool: PgPool) -> (Arena, String, String) {
    let arena = Arena::new(pool, 5).await;
    let Arena { app, alice, id, .. } = &arena;
    // The demo competitions' bands first, to count only this one's below.
    assert_eq!(work_out(app).await, 2);
    let public = public_rows(app, id).await;
    let truth = labels();
    let fitted: Vec<f64> =
        truth.iter().zip(&public).map(|(&t, &p)| if p { 0.1 + 0.8 * t } else { 0.9 - 0.8 * t }).collect();
    submit(app, alice, id, &csv(&fitted)).await.assert_status(StatusCode::CREATED);
    let bob = enrolled(app, "bob@demo.test", id).await;
    submit(app, &bob, id, &csv(&vec![0.5; ROWS])).await.assert_status(StatusCode::CREATED);
    let carol = enrolled(app, "carol@demo.test", id).await;
    submit(app, &carol, id, &csv(&perfect(&truth))).await.assert_status(StatusCode::CREATED);
    (arena, bob, carol)
}

#[sqlx::test]
async fn bands_arrive_in_the_background_and_group_entries_the_rows_cannot_tell_apart(pool: PgPool) {
    let (Arena { app, alice, id, .. }, bob, _) = three_entries(pool).await;
    let uri = format!("/api/v1/competitions/{id}/leaderboard");
    let before = bands(&app.get_as(&alice, &uri).await.json());
    assert_eq!(before.len(), 3);
    assert!(before.iter().all(|(_, group, interval)| group.is_none() && interval.is_none()), "{before:?}");
    let page = app.get_as(&alice, &format!("/competitions/{}?tab=leaderboard", slug(&app, &alice, &id).await)).await;
    assert!(page.text().contains("data-testid=\"bands-pending\""));

    assert_eq!(work_out(&app).await, 1);
    assert_eq!(work_out(&app).await, 0, "nothing is left to do for this version");
    let after = bands(&app.get_as(&alice, &uri).await.json());
    let names: Vec<&str> = after.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["Alice Baker", "Carol Ito", "Bob Chen"], "{after:?}");
    // Alice and Carol both rank every public row right: tied. Bob's 0.5 is clearly below.
    assert_eq!(after.iter().map(|(_, g, _)| *g).collect::<Vec<_>>(), [Some(1), Some(1), None]);
    assert_eq!(after[0].2, Some((1.0, 1.0)));
    assert_eq!(after[2].2, Some((0.5, 0.5)));
    let page = app.get_as(&alice, &format!("/competitions/{}?tab=leaderboard", slug(&app, &alice, &id).await)).await;
    let html = page.text();
    assert_eq!(html.matches("data-testid=\"tie-marker\"").count(), 2);
    assert!(html.contains("data-tie-group=\"1\"") && html.contains("data-testid=\"bands-note\""));

    // The same seed gives the same bands: worked out again from nothing, nothing changes.
    let boards = |pool: PgPool| async move {
        sqlx::query_as::<_, (String, String, Option<f64>, Option<f64>, Option<i32>)>(
            "SELECT board, user_id::text, low, high, tie_group FROM competition_bands ORDER BY 1, 2",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let stored = boards(app.pool.clone()).await;
    sqlx::query("UPDATE competition_counts SET bands_version = NULL WHERE competition_id = $1::uuid")
        .bind(&id)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(work_out(&app).await, 1);
    assert_eq!(boards(app.pool.clone()).await, stored);

    // A new score makes them out of date: the board shows none until they are worked out anew.
    submit(&app, &bob, &id, &csv(&vec![0.5; ROWS])).await.assert_status(StatusCode::CREATED);
    let stale = bands(&app.get_as(&alice, &uri).await.json());
    assert!(stale.iter().all(|(_, group, interval)| group.is_none() && interval.is_none()), "{stale:?}");
    work_out(&app).await;
    assert!(bands(&app.get_as(&alice, &uri).await.json()).iter().all(|(_, _, i)| i.is_some()));
}

#[sqlx::test]
async fn after_the_deadline_the_private_board_gets_bands_and_the_sponsor_a_shakeup(pool: PgPool) {
    let (Arena { app, sponsor, alice, id }, bob, _) = three_entries(pool).await;
    let uri = format!("/api/v1/competitions/{id}/leaderboard");
    // Before the deadline there is no private board and no shake-up.
    let shakeup = format!("/api/v1/competitions/{id}/shakeup");
    let early = app.get_as(&sponsor, &shakeup).await;
    early.assert_status(StatusCode::CONFLICT);
    assert_eq!(early.conflict_reason(), ConflictReason::PrivateHidden);
    let admin_tab = format!("/competitions/{}?tab=admin", slug(&app, &sponsor, &id).await);
    assert!(!app.get_as(&sponsor, &admin_tab).await.text().contains("data-testid=\"shakeup\""));

    // After it: the private board gets its own bands, and the sponsor sees the shake-up.
    end_now(&app, &id).await;
    assert_eq!(work_out(&app).await, 1, "the private board's turn");
    let private = bands(&app.get_as(&alice, &format!("{uri}?board=private")).await.json());
    let names: Vec<&str> = private.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["Carol Ito", "Bob Chen", "Alice Baker"]);
    assert!(private.iter().all(|(_, group, interval)| group.is_none() && interval.is_some()), "{private:?}");

    for other in [&alice, &bob] {
        app.get_as(other, &shakeup).await.assert_status(StatusCode::FORBIDDEN);
    }
    let report = app.get_as(&sponsor, &shakeup).await;
    report.assert_status(StatusCode::OK);
    let report = report.json();
    // Public 1 2 3 → private 3 1 2: Σd² = 4 + 1 + 1, ρ = 1 − 6 · 6 / (3 · 8) = −0.5.
    assert_eq!(report["participants"], 3);
    assert_eq!(report["spearman"], -0.5);
    assert_eq!(report["moved"], 3);
    assert!((report["meanMove"].as_f64().unwrap() - 4.0 / 3.0).abs() < 1e-12, "{report}");
    let moves: Vec<(&str, i64, i64, i64)> = report["biggestMoves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["displayName"].as_str().unwrap(),
                m["publicRank"].as_i64().unwrap(),
                m["privateRank"].as_i64().unwrap(),
                m["places"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(moves, [("Alice Baker", 1, 3, -2), ("Carol Ito", 2, 1, 1), ("Bob Chen", 3, 2, 1)]);
    // The sponsor's Admin tab shows the same report.
    let html = app.get_as(&sponsor, &admin_tab).await.text();
    assert!(html.contains("data-testid=\"shakeup\"") && html.contains("-0.500"), "{html}");
    assert_eq!(html.matches("data-testid=\"shakeup-move\"").count(), 3);
    assert!(html.contains("data-places=\"-2\""));
}

async fn slug(app: &TestApp, cookie: &str, id: &str) -> String {
    app.get_as(cookie, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned()
}

#[sqlx::test]
async fn the_demo_board_shows_a_tied_group(pool: PgPool) {
    // The browser journey opens the demo competition expecting one: keep the demo data so.
    let app = TestApp::new(pool).await;
    work_out(&app).await;
    let employee = app.login("employee@demo.test").await;
    let id: String = sqlx::query_scalar("SELECT id::text FROM competitions WHERE slug = 'customer-churn-prediction'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let board = bands(&app.get_as(&employee, &format!("/api/v1/competitions/{id}/leaderboard")).await.json());
    assert!(board.iter().all(|(_, _, interval)| interval.is_some()), "{board:?}");
    // Dave and Bob submitted the same predictions: tied on whatever rows are public.
    let group = |name: &str| board.iter().find(|(n, _, _)| n == name).unwrap().1;
    assert!(group("Dave Kim").is_some() && group("Dave Kim") == group("Bob Chen"), "{board:?}");
}
