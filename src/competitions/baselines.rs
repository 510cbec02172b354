//! Baselines: what a participant's score should be compared with. For each answer-key version
//! Merit scores three prediction files of its own — a constant (the prior), seeded random
//! predictions, and the answers themselves (perfect) — exactly as it scores a submission, and
//! shows them beside both boards as labelled reference rows that are never ranked.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::PgConnection;
use uuid::Uuid;

use super::validation::{score, AnswerKey};
use super::{BaselineKind, BaselineScores};
use crate::domain::metrics::Metric;
use crate::error::AppResult;

/// The random baseline's seed: from the competition's id, the same for every key version.
pub fn seed(competition: Uuid) -> u64 {
    competition.as_u64_pair().0
}

/// A baseline's predictions for `truth` (all rows of the key, in its order).
///
/// - constant: the prior — the share of positives (AUC, log loss); the majority class
///   (accuracy); every row positive (F1, whose majority-class baseline of all negatives is
///   always 0); the mean (RMSE) or the median (MAE), each the best constant for its metric;
/// - random: uniform probabilities (AUC, log loss), labels drawn at the prior's rate (accuracy,
///   F1), or the answers shuffled (RMSE, MAE), from a ChaCha8 generator with the seed;
/// - perfect: the answers.
pub fn predictions(metric: Metric, truth: &[f64], kind: BaselineKind, seed: u64) -> Vec<f64> {
    let n = truth.len().max(1) as f64;
    let prior = truth.iter().sum::<f64>() / n;
    match kind {
        BaselineKind::Perfect => truth.to_vec(),
        BaselineKind::Constant => {
            let constant = match metric {
                Metric::Auc | Metric::LogLoss => prior,
                Metric::Accuracy => f64::from(prior >= 0.5),
                Metric::F1 => 1.0,
                Metric::Rmse => prior,
                Metric::Mae => median(truth),
            };
            vec![constant; truth.len()]
        }
        BaselineKind::Random => {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            match metric {
                Metric::Auc | Metric::LogLoss => truth.iter().map(|_| rng.gen::<f64>()).collect(),
                Metric::Accuracy | Metric::F1 => truth.iter().map(|_| f64::from(rng.gen_bool(prior))).collect(),
                Metric::Rmse | Metric::Mae => {
                    let mut shuffled = truth.to_vec();
                    shuffled.shuffle(&mut rng);
                    shuffled
                }
            }
        }
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The three baselines scored against a key (one that cannot be scored, e.g. a sum that
/// overflows, is left out).
pub fn score_all(metric: Metric, key: &AnswerKey, seed: u64) -> Vec<BaselineScores> {
    BaselineKind::ALL
        .iter()
        .copied()
        .filter_map(|kind| {
            let scores = score(metric, key, &predictions(metric, &key.values, kind, seed)).ok()?;
            Some(BaselineScores { kind, score: scores.overall, public: scores.public, private: scores.private })
        })
        .collect()
}

/// Stores a key version's baselines (again: nothing changes).
pub async fn store(
    conn: &mut PgConnection,
    organization: Uuid,
    competition: Uuid,
    version: i32,
    baselines: &[BaselineScores],
) -> AppResult<()> {
    let seed = seed(competition);
    for b in baselines {
        sqlx::query!(
            "INSERT INTO competition_baselines
                 (organization_id, competition_id, key_version, name, score, public_score, private_score, seed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            organization,
            competition,
            version,
            b.kind.as_str(),
            b.score,
            b.public,
            b.private,
            seed as i64,
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The stored baselines of a key version, in the order constant, random, perfect.
pub async fn of(conn: &mut PgConnection, competition: Uuid, version: i32) -> AppResult<Vec<BaselineScores>> {
    let rows = sqlx::query!(
        "SELECT name, score, public_score, private_score FROM competition_baselines
          WHERE competition_id = $1 AND key_version = $2",
        competition,
        version,
    )
    .fetch_all(conn)
    .await?;
    let mut out: Vec<BaselineScores> = rows
        .into_iter()
        .filter_map(|r| {
            let kind = BaselineKind::parse(&r.name)?;
            Some(BaselineScores { kind, score: r.score, public: r.public_score, private: r.private_score })
        })
        .collect();
    out.sort_by_key(|b| b.kind);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_baseline_is_what_it_says() {
        let truth = [1.0, 0.0, 0.0, 1.0, 0.0];
        assert_eq!(predictions(Metric::LogLoss, &truth, BaselineKind::Constant, 1), vec![0.4; 5]);
        assert_eq!(predictions(Metric::Accuracy, &truth, BaselineKind::Constant, 1), vec![0.0; 5]);
        assert_eq!(predictions(Metric::F1, &truth, BaselineKind::Constant, 1), vec![1.0; 5]);
        assert_eq!(predictions(Metric::Auc, &truth, BaselineKind::Perfect, 1), truth.to_vec());
        let reals = [3.0, 1.0, 10.0, 2.0];
        assert_eq!(predictions(Metric::Mae, &reals, BaselineKind::Constant, 1), vec![2.5; 4]);
        assert_eq!(predictions(Metric::Rmse, &reals, BaselineKind::Constant, 1), vec![4.0; 4]);
        // Random: the same for the same seed, different for another, in range.
        let a = predictions(Metric::Auc, &truth, BaselineKind::Random, 7);
        assert_eq!(a, predictions(Metric::Auc, &truth, BaselineKind::Random, 7));
        assert_ne!(a, predictions(Metric::Auc, &truth, BaselineKind::Random, 8));
        assert!(a.iter().all(|p| (0.0..1.0).contains(p)));
        let mut shuffled = predictions(Metric::Rmse, &reals, BaselineKind::Random, 7);
        shuffled.sort_by(f64::total_cmp);
        assert_eq!(shuffled, vec![1.0, 2.0, 3.0, 10.0]);
    }
}
