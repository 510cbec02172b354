//! Score receipts: for every metric the receipt's arithmetic gives the stored scores to the last
//! digit, `merit score` run with the receipt's command on the two files prints the same digits
//! and SHA-256, the private part stays hidden from participants until the deadline, and only the
//! owner and the sponsor see a receipt.

use sha2::{Digest, Sha256};

use super::*;

/// Reproducible, awkward numbers (a linear congruential generator), so the sums have long digits.
fn noise(seed: u64, n: usize) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

/// The key and the predictions for a metric: labels and probabilities (with a few ties and
/// the extremes 0 and 1 for log loss), labels and labels, or real values.
fn files_for(metric: &str) -> (Vec<f64>, Vec<f64>) {
    let truth = labels();
    let unit = noise(7, ROWS);
    match metric {
        "auc" | "logloss" => {
            let mut p: Vec<f64> = unit.iter().zip(&truth).map(|(u, t)| (0.35 * t + 0.65 * u * 0.9).min(1.0)).collect();
            p[3] = p[4]; // a tie across classes
            p[5] = 0.0;
            p[6] = 1.0;
            (truth, p)
        }
        "accuracy" | "f1" => (truth, unit.iter().map(|u| if *u > 0.4 { 1.0 } else { 0.0 }).collect()),
        _ => {
            let truth: Vec<f64> = noise(11, ROWS).iter().map(|u| (u - 0.5) * 173.3).collect();
            let p = truth.iter().zip(&unit).map(|(t, u)| t + (u - 0.5) * 9.7).collect();
            (truth, p)
        }
    }
}

/// Works a score out of a receipt part's terms alone, as a reader of the receipt would.
fn from_terms(metric: &str, part: &Value) -> f64 {
    let terms = &part["terms"];
    let n = part["rows"].as_u64().unwrap() as f64;
    let int = |k: &str| terms[k].as_u64().unwrap_or_else(|| panic!("{k} in {terms}"));
    match metric {
        "auc" => {
            assert_eq!(terms["kind"], "rankSum");
            let (p, q) = (int("positives") as f64, int("negatives") as f64);
            (terms["rankSum"].as_f64().unwrap() - p * (p + 1.0) / 2.0) / (p * q)
        }
        "accuracy" => {
            assert_eq!(terms["kind"], "confusion");
            (int("truePositives") + int("trueNegatives")) as f64 / n
        }
        "f1" => {
            assert_eq!(terms["kind"], "confusion");
            let tp = int("truePositives");
            (2 * tp) as f64 / (2 * tp + int("falsePositives") + int("falseNegatives")) as f64
        }
        "rmse" => (terms["sum"].as_f64().unwrap() / n).sqrt(),
        _ => terms["sum"].as_f64().unwrap() / n,
    }
}

/// Runs `merit score` with a receipt's command, the two files in a temporary directory under the
/// names the command uses; answers its output.
fn run_score_command(command: &str, files: &[(&str, &str)]) -> String {
    let words = shlex::split(command).expect("a shell command");
    assert_eq!(&words[..2], ["merit", "score"]);
    let dir = std::env::temp_dir().join(format!("merit-receipt-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, contents) in files {
        std::fs::write(dir.join(name), contents).unwrap();
    }
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_merit")).args(&words[1..]).current_dir(&dir).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "merit score failed: {stdout}{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// The value after `label` on its line of `merit score`'s output, up to the first space.
fn printed<'a>(output: &'a str, label: &str) -> &'a str {
    let line = output.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("{label} in {output}"));
    line[label.len()..].split_whitespace().next().unwrap()
}

#[derive(sqlx::FromRow)]
struct Stored {
    score: Option<f64>,
    public_score: Option<f64>,
    private_score: Option<f64>,
}

#[sqlx::test]
async fn every_metric_s_receipt_reproduces_the_stored_score_to_the_last_digit(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    for metric in ["auc", "accuracy", "logloss", "f1", "rmse", "mae"] {
        let mut settings = input(5);
        settings["metric"] = json!(metric);
        settings["title"] = json!(format!("Receipt {metric}"));
        let created = app.post_as(&sponsor, "/api/v1/competitions", settings).await;
        created.assert_status(StatusCode::CREATED);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        let (truth, predictions) = files_for(metric);
        let key = csv(&truth);
        put_key(&app, &sponsor, &id, &key).await.assert_status(StatusCode::OK);
        activate(&app, &sponsor, &id).await;
        enroll(&app, &alice, &id).await;
        let contents = csv(&predictions);
        let made = submit(&app, &alice, &id, &contents).await;
        made.assert_status(StatusCode::CREATED);
        let sid = made.json()["id"].as_str().unwrap().to_owned();
        let stored: Stored = sqlx::query_as(
            "SELECT score, public_score, private_score FROM competition_submissions WHERE id = $1::text::uuid",
        )
        .bind(&sid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        let uri = format!("/api/v1/competitions/{id}/submissions/{sid}/receipt");

        let theirs = app.get_as(&sponsor, &uri).await.json();
        // The participant's receipt: before the deadline without the private part (nor the
        // overall one, which would give it away) or the split key.
        let mine = app.get_as(&alice, &uri).await;
        mine.assert_status(StatusCode::OK);
        let mine = mine.json();
        assert_eq!(mine["metric"], metric);
        assert_eq!(mine["metricVersion"], "merit-metrics/1");
        assert_eq!(mine["keyVersion"], 1);
        assert_eq!(mine["reproduced"], true, "{metric}");
        assert_eq!(mine["fileSha256"], format!("{:x}", Sha256::digest(contents.as_bytes())));
        assert_eq!(mine["rows"]["overall"], ROWS);
        assert_eq!(mine["rows"]["public"].as_u64().unwrap() + mine["rows"]["private"].as_u64().unwrap(), ROWS as u64);
        assert!(mine["arithmetic"]["private"].is_null(), "hidden before the deadline");
        assert!(mine["arithmetic"]["overall"].is_null(), "overall minus public would give the private score");
        assert_eq!(mine["splitKeyIncluded"], false);
        assert!(mine["command"].as_str().unwrap().contains("--split-key SPLIT_KEY"));
        for (receipt, part, want) in [(&mine, "public", stored.public_score), (&theirs, "overall", stored.score)] {
            let arithmetic = &receipt["arithmetic"][part];
            let want = want.unwrap();
            assert_eq!(arithmetic["score"].as_f64().unwrap().to_bits(), want.to_bits(), "{metric} {part}");
            assert_eq!(from_terms(metric, arithmetic).to_bits(), want.to_bits(), "{metric} {part}: {arithmetic}");
            let formula = arithmetic["formula"].as_str().unwrap();
            assert!(formula.ends_with(&format!("= {want}")), "{formula}");
        }

        // The sponsor's receipt has every part and the split key; `merit score` agrees.
        let private = &theirs["arithmetic"]["private"];
        assert_eq!(private["score"].as_f64().unwrap().to_bits(), stored.private_score.unwrap().to_bits());
        assert_eq!(from_terms(metric, private).to_bits(), stored.private_score.unwrap().to_bits());
        assert_eq!(theirs["splitKeyIncluded"], true);
        let key_file = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/answer-key/versions/1/file")).await;
        assert_eq!(theirs["keySha256"], format!("{:x}", Sha256::digest(&key_file.body)));
        let key_name = format!("{}-answer-key-v1.csv", created_slug(&app, &sponsor, &id).await);
        let output = run_score_command(
            theirs["command"].as_str().unwrap(),
            &[(&key_name, &key_file.text()), ("predictions.csv", &contents)],
        );
        assert_eq!(printed(&output, "score (all rows):"), stored.score.unwrap().to_string(), "{output}");
        assert_eq!(printed(&output, "public score:"), stored.public_score.unwrap().to_string());
        assert_eq!(printed(&output, "private score:"), stored.private_score.unwrap().to_string());
        assert_eq!(printed(&output, "answer key sha256:"), theirs["keySha256"].as_str().unwrap());
        assert_eq!(printed(&output, "submission sha256:"), theirs["fileSha256"].as_str().unwrap());
        let formula = theirs["arithmetic"]["overall"]["formula"].as_str().unwrap();
        assert!(output.contains(&format!("arithmetic (all rows): {formula}")), "{output}");
    }
}

async fn created_slug(app: &TestApp, cookie: &str, id: &str) -> String {
    app.get_as(cookie, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned()
}

#[sqlx::test]
async fn only_the_owner_and_the_sponsor_see_a_receipt_and_invalid_uploads_have_none(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    let sid = submit(&app, &alice, &id, &csv(&perfect(&labels()))).await.json()["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/competitions/{id}/submissions/{sid}/receipt");
    let receipt = app.get_as(&sponsor, &uri).await.json();
    let overall = &receipt["arithmetic"]["overall"];
    assert_eq!(overall["score"], 1.0);
    // 20 positives ranked 21..40: R₊ = 610, (610 − 20 × 21 / 2) / (20 × 20) = 1.
    assert_eq!(overall["terms"]["rankSum"], 610.0);
    assert_eq!(overall["formula"], "AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ × n₋) = (610 − 20 × 21 / 2) / (20 × 20) = 1");
    let mine = app.get_as(&alice, &uri).await.json();
    assert!(mine["arithmetic"]["overall"].is_null() && mine["arithmetic"]["public"]["score"] == 1.0);

    let bob = enrolled(&app, "bob@demo.test", &id).await;
    let carol = app.login("carol@demo.test").await;
    let other = app.login("admin@other.test").await;
    for who in [&bob, &carol, &other] {
        let denied = app.get_as(who, &uri).await;
        denied.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(denied.error_code(), "NOT_FOUND");
    }
    app.send(Req::get(&uri)).await.assert_status(StatusCode::UNAUTHORIZED);

    submit(&app, &alice, &id, "id,prediction\nr01,0.5\n").await.assert_status(StatusCode::BAD_REQUEST);
    let mine = app.get_as(&alice, &format!("/api/v1/competitions/{id}/submissions")).await.json();
    let invalid = mine["items"][0]["id"].as_str().unwrap();
    app.get_as(&alice, &format!("/api/v1/competitions/{id}/submissions/{invalid}/receipt"))
        .await
        .assert_status(StatusCode::NOT_FOUND);

    // The page shows the formula with its numbers, in the user's language.
    let slug = created_slug(&app, &alice, &id).await;
    let page = format!("/competitions/{slug}/submissions/{sid}/receipt");
    let html = app.get_as(&sponsor, &page).await.text();
    assert!(html.contains("(610 − 20 × 21 / 2) / (20 × 20) = 1"), "the formula with its numbers");
    let html = app.get_as(&alice, &page).await.text();
    assert!(html.contains("Score receipt") && html.contains("merit score --metric auc"));
    assert!(!html.contains("(610 − 20 × 21 / 2)"), "all rows stay hidden from the participant");
    assert_eq!(html.matches(r#"data-testid="receipt-hidden""#).count(), 2);
}
