//! The arithmetic behind a score, as a score receipt shows it: the few numbers a metric adds up
//! over the rows and the formula that turns them into the score, with those numbers filled in.
//! Every number is written in its shortest exact form, so the formula read back gives the score
//! to the last digit.

use serde::{Deserialize, Serialize};

use super::{Metric, MetricError, Tally};

/// The version of Merit's metric implementations. It changes whenever the arithmetic of any
/// metric changes, so a receipt says which arithmetic produced its number.
pub const METRIC_VERSION: &str = "merit-metrics/1";

/// How a score was computed over one set of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Arithmetic {
    /// Rows scored.
    pub rows: u64,
    pub terms: Terms,
    /// The formula, then the same with the numbers filled in, then the score.
    pub formula: String,
    pub score: f64,
}

/// What a metric adds up over the rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Terms {
    /// AUC: the positives, the negatives and the sum of the positives' ranks among all
    /// predictions (ascending, tied predictions sharing their mean rank).
    RankSum { positives: u64, negatives: u64, rank_sum: f64 },
    /// Accuracy and F1: the confusion matrix (1 is the positive class).
    Confusion { true_positives: u64, false_positives: u64, false_negatives: u64, true_negatives: u64 },
    /// RMSE: the sum of squared errors; MAE: of absolute errors; log loss: of the rows' losses
    /// (probabilities clipped to [1e-15, 1 − 1e-15]). Added in row order.
    Sum { sum: f64 },
}

impl Tally {
    pub(super) fn arithmetic(&self, metric: Metric) -> Result<Arithmetic, MetricError> {
        let score = self.finish(metric)?;
        let n = self.rows;
        let (terms, formula) = match metric {
            Metric::Auc => {
                let (p, q) = (self.positives, self.negatives);
                // Twice the rank sum is an integer: 2U plus p(p + 1).
                let twice_rank_sum = self.twice_u + u128::from(p) * (u128::from(p) + 1);
                let rank_sum = twice_rank_sum as f64 / 2.0;
                (
                    Terms::RankSum { positives: p, negatives: q, rank_sum },
                    format!(
                        "AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ × n₋) = ({rank_sum} − {p} × {} / 2) / ({p} × {q}) = {score}",
                        p + 1
                    ),
                )
            }
            Metric::Accuracy | Metric::F1 => {
                let (tp, fp, fn_) = (self.tp, self.fp, self.fn_);
                let tn = n - tp - fp - fn_;
                let terms = Terms::Confusion {
                    true_positives: tp,
                    false_positives: fp,
                    false_negatives: fn_,
                    true_negatives: tn,
                };
                let formula = if metric == Metric::Accuracy {
                    format!("accuracy = (TP + TN) / n = ({tp} + {tn}) / {n} = {score}")
                } else {
                    format!("F1 = 2·TP / (2·TP + FP + FN) = 2 × {tp} / (2 × {tp} + {fp} + {fn_}) = {score}")
                };
                (terms, formula)
            }
            Metric::Rmse => {
                let sum = self.sum;
                (Terms::Sum { sum }, format!("RMSE = √(Σ(y − ŷ)² / n) = √({sum} / {n}) = {score}"))
            }
            Metric::Mae => {
                let sum = self.sum;
                (Terms::Sum { sum }, format!("MAE = Σ|y − ŷ| / n = {sum} / {n} = {score}"))
            }
            Metric::LogLoss => {
                let sum = self.sum;
                (Terms::Sum { sum }, format!("log loss = −Σ(y·ln p + (1 − y)·ln(1 − p)) / n = {sum} / {n} = {score}"))
            }
        };
        Ok(Arithmetic { rows: n, terms, formula, score })
    }
}

impl Arithmetic {
    /// The score worked out again from the terms alone, as anyone reading the receipt would:
    /// equal to [`Arithmetic::score`] bit for bit when the receipt is right.
    pub fn recompute(&self, metric: Metric) -> f64 {
        let n = self.rows as f64;
        match (&self.terms, metric) {
            (Terms::RankSum { positives, negatives, rank_sum }, _) => {
                let (p, q) = (*positives as f64, *negatives as f64);
                (rank_sum - p * (p + 1.0) / 2.0) / (p * q)
            }
            (Terms::Confusion { true_positives, false_positives, false_negatives, .. }, Metric::F1) => {
                let denominator = 2 * true_positives + false_positives + false_negatives;
                if denominator == 0 {
                    0.0
                } else {
                    (2 * true_positives) as f64 / denominator as f64
                }
            }
            (Terms::Confusion { true_positives, true_negatives, .. }, _) => {
                (true_positives + true_negatives) as f64 / n
            }
            (Terms::Sum { sum }, Metric::Rmse) => (sum / n).sqrt(),
            (Terms::Sum { sum }, _) => sum / n,
        }
    }
}
