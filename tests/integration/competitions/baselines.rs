//! Baselines: scored against the key when it is stored (so they are there on activation), shown
//! on both boards as labelled reference rows, never ranked, and worked out again for each new
//! key version.

use super::*;

fn baselines(board: &Value) -> Vec<(String, f64)> {
    board["baselines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["name"].as_str().unwrap().to_owned(), b["score"].as_f64().unwrap()))
        .collect()
}

/// Baselines stored for the competition, over all key versions.
async fn stored(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM competition_baselines WHERE competition_id = $1::text::uuid")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[sqlx::test]
async fn baselines_appear_on_activation_and_never_take_a_rank(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let uri = format!("/api/v1/competitions/{id}/leaderboard");
    let board = app.get_as(&alice, &uri).await.json();
    assert_eq!(board["total"], 0, "nobody has submitted: {board}");
    let found = baselines(&board);
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["constant", "random", "perfect"]);
    // AUC: a constant ranks nothing (0.5); the answers themselves rank everything (1).
    assert_eq!(found[0].1, 0.5);
    assert_eq!(found[2].1, 1.0);
    assert!(found[1].1 > 0.0 && found[1].1 < 1.0, "random: {}", found[1].1);

    // Alice does worse than chance: she is still first, the only ranked row.
    let worse: Vec<f64> = labels().iter().map(|t| 0.9 - 0.8 * t).collect();
    submit(&app, &alice, &id, &csv(&worse)).await.assert_status(StatusCode::CREATED);
    let board = app.get_as(&alice, &uri).await.json();
    assert_eq!(board["total"], 1);
    assert_eq!(board["items"][0]["rank"], 1);
    assert_eq!(board["items"].as_array().unwrap().len(), 1);
    assert_eq!(baselines(&board), found, "the same baselines, unranked");
    let mine = app.get_as(&alice, &format!("/api/v1/competitions/{id}/enrollment")).await.json();
    assert_eq!(mine["rank"], 1);

    // The page shows them as labelled rows around hers: perfect and constant above her (AUC 0),
    // none of them with a rank number.
    let slug =
        app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned();
    let html = app.get_as(&alice, &format!("/competitions/{slug}?tab=leaderboard")).await.text();
    for name in ["constant", "random", "perfect"] {
        assert!(html.contains(&format!(r#"data-baseline="{name}""#)), "{name} on the page");
    }
    let perfect = html.find(r#"data-baseline="perfect""#).unwrap();
    let constant = html.find(r#"data-baseline="constant""#).unwrap();
    let hers = html.find(r#"data-testid="leaderboard-row""#).unwrap();
    assert!(perfect < constant && constant < hers, "in score order");

    // A new key version (labels flipped) gets its own baselines.
    let flipped: Vec<f64> = labels().iter().map(|t| 1.0 - t).collect();
    put_key(&app, &sponsor, &id, &csv(&flipped)).await.assert_status(StatusCode::OK);
    assert_eq!(stored(&app, &id).await, 6, "three per key version");
}

#[sqlx::test]
async fn keys_stored_before_baselines_get_theirs_when_a_board_is_read(pool: PgPool) {
    let Arena { app, alice, id, .. } = Arena::new(pool, 5).await;
    sqlx::query("DELETE FROM competition_baselines WHERE competition_id = $1::text::uuid")
        .bind(&id)
        .execute(&app.pool)
        .await
        .unwrap();
    let board = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard")).await.json();
    assert_eq!(baselines(&board).len(), 3);
    assert_eq!(stored(&app, &id).await, 3);
}
