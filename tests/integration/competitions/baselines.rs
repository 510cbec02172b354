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

/// Puts `scores.len()` people on the board directly (public and private score alike), Alice
/// first with `scores[0]`, the others new colleagues of hers.
async fn board_of(app: &TestApp, id: &str, scores: &[f64]) {
    let others = scores.len() as i32 - 1;
    sqlx::query(
        "INSERT INTO users (id, organization_id, email, display_name, password_hash, role)
         SELECT gen_random_uuid(), organization_id, 'b' || n || '@demo.test', 'Board ' || n, password_hash, 'employee'
           FROM users, generate_series(1, $1) n WHERE email = 'alice@demo.test'",
    )
    .bind(others)
    .execute(&app.pool)
    .await
    .unwrap();
    // Alice, then the others in e-mail order, each a second later than the one before.
    sqlx::query(
        "INSERT INTO competition_standings (competition_id, user_id, organization_id, public_score, public_order,
                                            public_at, private_score, private_order, private_at, entries)
         SELECT $1::uuid, u.id, u.organization_id, s.score, -s.score, now() + s.n * interval '1 second',
                s.score, -s.score, now() + s.n * interval '1 second', 1
           FROM (SELECT id, organization_id, row_number() OVER (ORDER BY email <> 'alice@demo.test', email) AS n
                   FROM users WHERE email = 'alice@demo.test' OR email LIKE 'b%@demo.test') u
           JOIN unnest($2::float8[]) WITH ORDINALITY s(score, n) ON s.n = u.n",
    )
    .bind(id)
    .bind(scores)
    .execute(&app.pool)
    .await
    .unwrap();
    // The counts and the version the standings' use cases keep, kept by hand here.
    sqlx::query(
        "UPDATE competition_counts SET on_board = $2, standings_version = standings_version + 1
          WHERE competition_id = $1::uuid",
    )
    .bind(id)
    .bind(scores.len() as i32)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// The baselines on a page of the board named by `testid`, by name, each with the rank of the
/// participant row just above it (0 at the top).
fn placed(html: &str, testid: &str) -> Vec<(String, i64)> {
    let start = html.find(&format!(r#"data-testid="{testid}""#)).expect(testid);
    let end = html[start..].find("</table>").map_or(html.len(), |e| start + e);
    let mut above = 0;
    let mut found = Vec::new();
    for part in html[start..end].split("<tr").skip(1) {
        if let Some(at) = part.find(r#"data-baseline=""#) {
            let name = &part[at + 15..];
            found.push((name[..name.find('"').unwrap()].to_owned(), above));
        } else if let Some(at) = part.find(r#"data-rank=""#) {
            let rank = &part[at + 11..];
            above = rank[..rank.find('"').unwrap()].parse().unwrap();
        }
    }
    found
}

#[sqlx::test]
async fn a_baseline_between_two_pages_is_shown_on_both_and_one_below_everyone_around_the_viewer(pool: PgPool) {
    let Arena { app, alice, id, .. } = Arena::new(pool, 5).await;
    // 25 people above chance (one page) and 5 below it: the constant baseline (AUC 0.5) falls
    // exactly between the two pages.
    let mut scores: Vec<f64> = (0..25).map(|i| 0.99 - f64::from(i) * 0.01).collect();
    scores.extend([0.45, 0.4, 0.35, 0.3, 0.25]);
    board_of(&app, &id, &scores).await;

    let board = app.get_as(&alice, &format!("/api/v1/competitions/{id}/leaderboard")).await.json();
    let ahead = |name: &str| {
        board["baselines"].as_array().unwrap().iter().find(|b| b["name"] == name).unwrap()["ahead"].clone()
    };
    assert_eq!(ahead("perfect"), 0, "{board}");
    assert_eq!(ahead("constant"), 25, "{board}");

    let slug =
        app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned();
    let page = |n: u32| format!("/competitions/{slug}?tab=leaderboard&page={n}");
    let first = placed(&app.get_as(&alice, &page(1)).await.text(), "public-leaderboard");
    assert!(first.contains(&("perfect".to_owned(), 0)), "{first:?}");
    assert!(first.contains(&("constant".to_owned(), 25)), "at the foot of the first page: {first:?}");
    let second = placed(&app.get_as(&alice, &page(2)).await.text(), "public-leaderboard");
    assert!(second.contains(&("constant".to_owned(), 0)), "at the head of the second page: {second:?}");
    assert!(!second.iter().any(|(name, _)| name == "perfect"), "{second:?}");

    // After the deadline, around the viewer: the private board is its first page, where the
    // constant baseline is below everyone once everyone beats chance.
    sqlx::query(
        "UPDATE competition_standings SET private_score = 0.9, private_order = -0.9 WHERE competition_id = $1::uuid",
    )
    .bind(&id)
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM competition_standings WHERE competition_id = $1::uuid AND public_score < 0.5")
        .bind(&id)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE competition_counts SET on_board = 25, standings_version = standings_version + 1 WHERE competition_id = $1::uuid",
    )
    .bind(&id)
    .execute(&app.pool)
    .await
    .unwrap();
    end_now(&app, &id).await;
    let html = app.get_as(&alice, &format!("/competitions/{slug}?tab=leaderboard&around=me")).await.text();
    let private = placed(&html, "private-leaderboard");
    assert!(private.contains(&("constant".to_owned(), 25)), "below everyone: {private:?}");
    let public = placed(&html, "public-leaderboard");
    assert!(public.contains(&("perfect".to_owned(), 0)), "Alice is first, so the window starts the board: {public:?}");
}
