//! The calibration view: z-scores per nominator on a hand-computed example, raw scores kept for
//! a nominator with fewer than three nominations, who moves two places or more, the rights and
//! the statuses, and that the official ranking does not change.

use super::*;

#[sqlx::test]
async fn z_scores_per_nominator_on_a_hand_computed_example(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let admin = app.login("admin@demo.test").await;
    let (id, criteria) = open_cycle(&app, &hr).await;
    let uri = format!("/api/v1/cycles/{id}/nominations");
    // Strict Mika gives 1, 2, 3; generous Ken gives 3, 4, 5; Hiro (HR) nominates once, a 4.
    // Both criteria get the same score, so each weighted score is that score.
    let plan = [
        ("manager@demo.test", "alice@demo.test", 1),
        ("manager@demo.test", "bob@demo.test", 2),
        ("manager@demo.test", "carol@demo.test", 3),
        ("ken@demo.test", "dave@demo.test", 3),
        ("ken@demo.test", "employee@demo.test", 4),
        ("ken@demo.test", "admin@demo.test", 5),
        ("hr@demo.test", "ken@demo.test", 4),
    ];
    for (submitter, nominee, score) in plan {
        let cookie = app.login(submitter).await;
        let made = app.post_as(&cookie, &uri, nomination(app.user_id(nominee).await, &criteria, [score, score])).await;
        made.assert_status(StatusCode::CREATED);
        let nid = made.json()["id"].as_str().unwrap().to_owned();
        let decider = if submitter == "hr@demo.test" { &admin } else { &hr };
        app.post_as(decider, &format!("/api/v1/nominations/{nid}/approve"), json!({}))
            .await
            .assert_status(StatusCode::OK);
    }
    let calibration = format!("/api/v1/cycles/{id}/calibration");
    // Open: nothing settled yet.
    app.get_as(&hr, &calibration).await.assert_status(StatusCode::CONFLICT);
    app.post_as(&hr, &format!("/api/v1/cycles/{id}/close"), json!({})).await.assert_status(StatusCode::OK);
    let official_before = app.get_as(&hr, &format!("/api/v1/cycles/{id}/rankings")).await.json();

    let res = app.get_as(&hr, &calibration).await;
    res.assert_status(StatusCode::OK);
    let c = res.json();
    // Every score: 1 1 2 2 3 3 3 3 4 4 5 5 4 4 → mean 22/7, population spread √(76/49).
    let (mean, spread) = (22.0 / 7.0, (76.0f64 / 49.0).sqrt());
    assert!((c["mean"].as_f64().unwrap() - mean).abs() < 1e-12, "{}", c["mean"]);
    assert!((c["spread"].as_f64().unwrap() - spread).abs() < 1e-12);
    assert_eq!(c["minNominations"], 3);
    let nominator =
        |name: &str| c["nominators"].as_array().unwrap().iter().find(|n| n["name"] == name).unwrap().clone();
    let mika = nominator("Mika Sato");
    assert_eq!(
        (mika["nominations"].as_u64(), mika["mean"].as_f64(), mika["standardized"].as_bool()),
        (Some(3), Some(2.0), Some(true))
    );
    assert!((mika["spread"].as_f64().unwrap() - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert_eq!(nominator("Ken Watanabe")["mean"], 4.0);
    let hiro = nominator("Hiro Tanaka (HR)");
    assert_eq!(hiro["standardized"], false, "one nomination: kept raw");

    // Mika's 3 and Ken's 5 are both z = +√(3/2): the same calibrated score, mean + z × spread.
    let z = 1.5f64.sqrt();
    let nomination_of = |nominee: &str| {
        let nominee_id =
            c["nominees"].as_array().unwrap().iter().find(|n| n["name"] == nominee).unwrap()["nomineeId"].clone();
        c["nominations"].as_array().unwrap().iter().find(|n| n["nomineeId"] == nominee_id).unwrap().clone()
    };
    for nominee in ["Carol Ito", "Aiko Admin"] {
        let n = nomination_of(nominee);
        for score in n["scores"].as_array().unwrap() {
            assert!((score["z"].as_f64().unwrap() - z).abs() < 1e-12, "{nominee}: {score}");
            assert!((score["calibrated"].as_f64().unwrap() - (mean + z * spread)).abs() < 1e-12);
        }
    }
    let hiros = nomination_of("Ken Watanabe");
    assert_eq!(hiros["scores"][0]["z"], Value::Null);
    assert_eq!(hiros["scores"][0]["calibrated"], 4.0);

    // Both rankings side by side, in the official order.
    let nominees: Vec<(String, i64, i64, i64, bool)> = c["nominees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["name"].as_str().unwrap().to_owned(),
                n["rawRank"].as_i64().unwrap(),
                n["calibratedRank"].as_i64().unwrap(),
                n["moved"].as_i64().unwrap(),
                n["notable"].as_bool().unwrap(),
            )
        })
        .collect();
    let want = [
        ("Aiko Admin", 1, 1, 0, false),
        ("Emi Suzuki", 2, 3, -1, false),
        ("Ken Watanabe", 2, 2, 0, false),
        ("Carol Ito", 3, 1, 2, true),
        ("Dave Kim", 3, 4, -1, false),
        ("Bob Chen", 4, 3, 1, false),
        ("Alice Baker", 5, 4, 1, false),
    ];
    assert_eq!(nominees, want.map(|(n, a, b, m, x)| (n.to_owned(), a, b, m, x)));

    // The official ranking is untouched.
    assert_eq!(app.get_as(&hr, &format!("/api/v1/cycles/{id}/rankings")).await.json(), official_before);

    // hr and admins only; others' organizations do not see the cycle.
    for email in ["manager@demo.test", "employee@demo.test"] {
        let cookie = app.login(email).await;
        app.get_as(&cookie, &calibration).await.assert_status(StatusCode::FORBIDDEN);
    }
    let other = app.login("admin@other.test").await;
    app.get_as(&other, &calibration).await.assert_status(StatusCode::NOT_FOUND);

    // The page, in Japanese too.
    let page = app.get_as(&hr, &format!("/nominations/{id}/calibration")).await;
    page.assert_status(StatusCode::OK);
    let html = page.text();
    assert!(html.contains(r#"data-notable="true""#) && html.contains("Carol Ito"));
    app.patch_as(&hr, "/api/v1/users/me", json!({"locale": "ja"})).await.assert_status(StatusCode::OK);
    let html = app.get_as(&hr, &format!("/nominations/{id}/calibration")).await.text();
    assert!(html.contains("補正後の順位"), "Japanese headings");
}
