use super::*;
use uuid::Uuid;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

#[test]
fn matches_scikit_learn_on_the_committed_fixtures() {
    let fixtures: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/fixtures/metrics/sklearn.json")).unwrap();
    let cases = fixtures["cases"].as_array().unwrap();
    assert!(cases.len() >= 13);
    for case in cases {
        let metric = Metric::parse(case["metric"].as_str().unwrap()).unwrap();
        let floats =
            |key: &str| -> Vec<f64> { case[key].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect() };
        let got = metric.score(&floats("truth"), &floats("predictions")).unwrap();
        let want = case["expected"].as_f64().unwrap();
        assert!(close(got, want), "{}: {got} vs {want}", case["name"]);
    }
}

#[test]
fn auc_counts_ties_one_half() {
    let truth = [0.0, 0.0, 1.0, 1.0];
    assert_eq!(Metric::Auc.score(&truth, &[0.1, 0.4, 0.35, 0.8]), Ok(0.75));
    assert_eq!(Metric::Auc.score(&truth, &[0.5; 4]), Ok(0.5));
    assert_eq!(Metric::Auc.score(&truth, &[0.9, 0.8, 0.2, 0.1]), Ok(0.0));
    assert_eq!(Metric::Auc.score(&truth, &[0.1, 0.2, 0.8, 0.9]), Ok(1.0));
    assert_eq!(Metric::Auc.score(&[1.0, 1.0], &[0.2, 0.3]), Err(MetricError::SingleClass));
}

#[test]
fn the_other_metrics() {
    let truth = [1.0, 0.0, 1.0, 1.0];
    assert_eq!(Metric::Accuracy.score(&truth, &[1.0, 1.0, 1.0, 0.0]), Ok(0.5));
    // tp 2, fp 1, fn 1 → 4 / 6
    assert!(close(Metric::F1.score(&truth, &[1.0, 1.0, 1.0, 0.0]).unwrap(), 2.0 / 3.0));
    assert_eq!(Metric::F1.score(&[0.0, 0.0], &[0.0, 0.0]), Ok(0.0));
    assert!(close(Metric::Rmse.score(&[1.0, 2.0], &[2.0, 4.0]).unwrap(), (2.5f64).sqrt()));
    assert_eq!(Metric::Mae.score(&[1.0, 2.0], &[2.0, 4.0]), Ok(1.5));
    let certain_miss = Metric::LogLoss.score(&[1.0], &[0.0]).unwrap();
    assert!(close(certain_miss, -(LOG_LOSS_EPS).ln()));
    assert_eq!(Metric::Mae.score(&[], &[]), Err(MetricError::Empty));
    assert_eq!(Metric::Mae.score(&[1.0], &[]), Err(MetricError::LengthMismatch));
}

#[test]
fn direction_and_kinds() {
    assert!(Metric::Auc.better(0.9, 0.8));
    assert!(Metric::Rmse.better(0.1, 0.2));
    assert!(Metric::LogLoss.prediction_kind().accepts(0.0));
    assert!(!Metric::Auc.prediction_kind().accepts(1.01));
    assert!(!Metric::Rmse.prediction_kind().accepts(f64::NAN));
    assert!(!Metric::F1.prediction_kind().accepts(0.5));
    for m in Metric::ALL {
        assert_eq!(Metric::parse(m.as_str()), Some(m));
    }
}

#[test]
fn the_split_is_stable_and_near_the_share() {
    let competition = Uuid::from_u128(42);
    let public = (0..10_000).filter(|i| in_public_part(competition.as_bytes(), &i.to_string(), 0.3)).count();
    assert!((2_800..3_200).contains(&public), "{public}");
    // The same inputs always give the same answer; another competition another split.
    assert_eq!(
        in_public_part(competition.as_bytes(), "row-7", 0.3),
        in_public_part(competition.as_bytes(), "row-7", 0.3)
    );
    let other = Uuid::from_u128(43);
    let moved = (0..1_000)
        .filter(|i| {
            in_public_part(competition.as_bytes(), &i.to_string(), 0.5)
                != in_public_part(other.as_bytes(), &i.to_string(), 0.5)
        })
        .count();
    assert!(moved > 300, "{moved}");
    assert!(!in_public_part(competition.as_bytes(), "x", 0.0));
    assert!(in_public_part(competition.as_bytes(), "x", 1.0));
}

#[test]
fn auc_keys_need_both_classes_in_both_parts() {
    let rows = [(0.0, true), (1.0, true), (1.0, false), (1.0, false)];
    assert_eq!(check_key_parts(Metric::Auc, rows.iter().copied()), vec![KeyProblem::SingleClass { part: "private" }]);
    assert!(check_key_parts(Metric::Rmse, rows.iter().copied()).is_empty());
    assert_eq!(check_key_parts(Metric::Auc, []), vec![KeyProblem::Empty]);
}

#[test]
fn every_metric_needs_rows_in_both_parts() {
    let one_row = [(3.5, true)];
    assert_eq!(check_key_parts(Metric::Rmse, one_row.iter().copied()), vec![KeyProblem::EmptyPart { part: "private" }]);
    assert_eq!(
        check_key_parts(Metric::Auc, [(1.0, false)]),
        vec![KeyProblem::EmptyPart { part: "public" }, KeyProblem::SingleClass { part: "private" }]
    );
}

#[test]
fn scores_that_overflow_are_refused() {
    let truth = [1.0, 2.0];
    assert_eq!(Metric::Rmse.score(&truth, &[1e200, 1e200]), Err(MetricError::NotFinite));
    assert_eq!(Metric::Mae.score(&truth, &[f64::MAX, f64::MAX]), Err(MetricError::NotFinite));
    assert!(Metric::Rmse.score(&truth, &[1e150, 1e150]).is_ok());
}

#[test]
fn a_secret_key_gives_a_split_nobody_can_compute() {
    let competition = Uuid::from_u128(42);
    let secret = [7u8; 32];
    let differ = (0..1_000)
        .filter(|i| {
            let id = i.to_string();
            in_public_part(&secret, &id, 0.5) != in_public_part(competition.as_bytes(), &id, 0.5)
        })
        .count();
    assert!((400..600).contains(&differ), "{differ}");
}

mod parts {
    //! All three scores from one pass equal each part scored on its own; AUC equals a
    //! brute-force count over every (positive, negative) pair.
    use super::*;
    use proptest::prelude::*;

    /// Twice the Mann–Whitney U by comparing every pair, and the AUC from it.
    fn brute_auc(truth: &[f64], predictions: &[f64]) -> Result<f64, MetricError> {
        let (mut twice_u, mut positives, mut negatives) = (0u128, 0u64, 0u64);
        for (i, &t) in truth.iter().enumerate() {
            if t == 1.0 {
                positives += 1;
                for (j, &u) in truth.iter().enumerate() {
                    if u == 0.0 {
                        twice_u += match predictions[i].total_cmp(&predictions[j]) {
                            std::cmp::Ordering::Greater => 2,
                            std::cmp::Ordering::Equal => 1,
                            std::cmp::Ordering::Less => 0,
                        };
                    }
                }
            } else {
                negatives += 1;
            }
        }
        if truth.is_empty() {
            return Err(MetricError::Empty);
        }
        if positives == 0 || negatives == 0 {
            return Err(MetricError::SingleClass);
        }
        Ok(twice_u as f64 / (2.0 * positives as f64 * negatives as f64))
    }

    fn rows() -> impl Strategy<Value = Vec<(f64, f64, bool)>> {
        // Few distinct predictions, so ties are common.
        proptest::collection::vec(
            (0u8..2, 0u8..12, any::<bool>()).prop_map(|(t, p, public)| (f64::from(t), f64::from(p) / 11.0, public)),
            0..60,
        )
    }

    proptest! {
        #[test]
        fn one_pass_equals_each_part_alone(rows in rows()) {
            let truth: Vec<f64> = rows.iter().map(|r| r.0).collect();
            let predictions: Vec<f64> = rows.iter().map(|r| r.1).collect();
            let public: Vec<bool> = rows.iter().map(|r| r.2).collect();
            let part = |want: bool| -> (Vec<f64>, Vec<f64>) {
                rows.iter().filter(|r| r.2 == want).map(|r| (r.0, r.1)).unzip()
            };
            let (pt, pp) = part(true);
            let (qt, qp) = part(false);
            for metric in Metric::ALL {
                let alone = [
                    metric.score(&truth, &predictions),
                    metric.score(&pt, &pp),
                    metric.score(&qt, &qp),
                ];
                match metric.score_parts(&truth, &predictions, &public) {
                    Ok(scores) => {
                        for (got, want) in scores.iter().zip(&alone) {
                            prop_assert_eq!(Ok(*got), *want, "{}", metric);
                        }
                    }
                    Err(e) => prop_assert!(alone.contains(&Err(e)), "{}: {:?}", metric, e),
                }
                if metric == Metric::Auc {
                    prop_assert_eq!(alone[0], brute_auc(&truth, &predictions));
                    prop_assert_eq!(alone[1], brute_auc(&pt, &pp));
                }
            }
        }
    }
}

#[test]
fn the_arithmetic_of_each_part_gives_its_score_to_the_last_digit() {
    // A reproducible spread of values with ties and the extremes.
    let mut state = 42u64;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let n = 997;
    let labels: Vec<f64> = (0..n).map(|i| f64::from(i % 3 == 0)).collect();
    let probabilities: Vec<f64> =
        (0..n).map(|i| if i % 50 == 0 { 1.0 } else { (next() * 100.0).round() / 100.0 }).collect();
    let guesses: Vec<f64> = probabilities.iter().map(|p| f64::from(*p > 0.5)).collect();
    let reals: Vec<f64> = (0..n).map(|_| (next() - 0.5) * 1e3).collect();
    let public: Vec<bool> = (0..n).map(|i| i % 7 < 3).collect();
    for metric in Metric::ALL {
        let (truth, predictions) = match metric {
            Metric::Auc | Metric::LogLoss => (&labels, &probabilities),
            Metric::Accuracy | Metric::F1 => (&labels, &guesses),
            Metric::Rmse | Metric::Mae => (&reals, &probabilities),
        };
        let scores = metric.score_parts(truth, predictions, &public).unwrap();
        let parts = metric.arithmetic_parts(truth, predictions, &public).unwrap();
        for (score, part) in scores.iter().zip(&parts) {
            assert_eq!(part.score.to_bits(), score.to_bits(), "{metric}");
            assert_eq!(part.recompute(metric).to_bits(), score.to_bits(), "{metric}: {}", part.formula);
            assert!(part.formula.ends_with(&format!("= {score}")), "{}", part.formula);
        }
        assert_eq!(parts[0].rows, n as u64);
        assert_eq!(parts[1].rows + parts[2].rows, n as u64);
    }
    // AUC's rank sum on a hand-checked case: predictions 0.1 0.4 0.35 0.8 for 0 0 1 1 rank the
    // positives 2 and 4 → R₊ = 6, (6 − 3) / 4 = 0.75.
    let public = [true, false, true, false];
    let [all, _, _] = Metric::Auc.arithmetic_parts(&[0.0, 0.0, 1.0, 1.0], &[0.1, 0.4, 0.35, 0.8], &public).unwrap();
    assert_eq!(all.terms, Terms::RankSum { positives: 2, negatives: 2, rank_sum: 6.0 });
    assert_eq!(all.score, 0.75);
}
