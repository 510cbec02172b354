//! Competition metrics (DESIGN §8), computed like scikit-learn: AUC-ROC (tied predictions count
//! one half, as `roc_auc_score`), accuracy, log loss (probabilities clipped to
//! [1e-15, 1 − 1e-15]), binary F1, RMSE and MAE. Also the answer-key rules and the deterministic
//! public/private split of rows.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

mod arithmetic;

pub use self::arithmetic::{Arithmetic, Terms, METRIC_VERSION};

/// Log loss clips probabilities to `[EPS, 1 − EPS]` so that a confident miss costs a finite amount.
pub const LOG_LOSS_EPS: f64 = 1e-15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    Auc,
    Accuracy,
    LogLoss,
    F1,
    Rmse,
    Mae,
}

/// What a value in an answer key or a prediction file may be, for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// 0 or 1.
    Label,
    /// A probability in [0, 1].
    Probability,
    /// Any finite number.
    Real,
}

impl ValueKind {
    pub fn accepts(self, value: f64) -> bool {
        match self {
            ValueKind::Label => value == 0.0 || value == 1.0,
            ValueKind::Probability => (0.0..=1.0).contains(&value),
            ValueKind::Real => value.is_finite(),
        }
    }

    /// For messages: `0 or 1`, `between 0 and 1`, `a finite number`.
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Label => "0 or 1",
            ValueKind::Probability => "a probability between 0 and 1",
            ValueKind::Real => "a finite number",
        }
    }
}

impl Metric {
    pub const ALL: [Metric; 6] =
        [Metric::Auc, Metric::Accuracy, Metric::LogLoss, Metric::F1, Metric::Rmse, Metric::Mae];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Auc => "auc",
            Metric::Accuracy => "accuracy",
            Metric::LogLoss => "logloss",
            Metric::F1 => "f1",
            Metric::Rmse => "rmse",
            Metric::Mae => "mae",
        }
    }

    pub fn parse(value: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.as_str() == value)
    }

    /// AUC, accuracy and F1 grow with quality; losses and errors shrink.
    pub fn higher_is_better(self) -> bool {
        matches!(self, Metric::Auc | Metric::Accuracy | Metric::F1)
    }

    /// True when `a` is a strictly better score than `b`.
    pub fn better(self, a: f64, b: f64) -> bool {
        if self.higher_is_better() {
            a > b
        } else {
            a < b
        }
    }

    /// What the answer key holds.
    pub fn truth_kind(self) -> ValueKind {
        match self {
            Metric::Rmse | Metric::Mae => ValueKind::Real,
            _ => ValueKind::Label,
        }
    }

    /// What a prediction may be.
    pub fn prediction_kind(self) -> ValueKind {
        match self {
            Metric::Auc | Metric::LogLoss => ValueKind::Probability,
            Metric::Accuracy | Metric::F1 => ValueKind::Label,
            Metric::Rmse | Metric::Mae => ValueKind::Real,
        }
    }

    /// Scores predictions against the truth, row by row (same length, values already checked).
    pub fn score(self, truth: &[f64], predictions: &[f64]) -> Result<f64, MetricError> {
        if truth.len() != predictions.len() {
            return Err(MetricError::LengthMismatch);
        }
        let mut tally = [Tally::default()];
        if self == Metric::Auc {
            auc_tallies(truth, predictions, None, &mut tally);
        } else {
            for (&t, &p) in truth.iter().zip(predictions) {
                tally[0].add(self, t, p);
            }
        }
        tally[0].finish(self)
    }

    /// One row's term of the sum behind log loss (its loss), RMSE (its squared error) and MAE
    /// (its absolute error); 0 for the other metrics, which count rather than sum.
    pub fn row_loss(self, t: f64, p: f64) -> f64 {
        match self {
            Metric::LogLoss => {
                let p = p.clamp(LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS);
                if t == 1.0 {
                    -p.ln()
                } else {
                    -(1.0 - p).ln()
                }
            }
            Metric::Rmse => (t - p) * (t - p),
            Metric::Mae => (t - p).abs(),
            Metric::Auc | Metric::Accuracy | Metric::F1 => 0.0,
        }
    }

    /// The score over all rows, over the rows where `public` holds and over the others, in
    /// one pass (for AUC, one sort): `[all, public, private]`.
    pub fn score_parts(self, truth: &[f64], predictions: &[f64], public: &[bool]) -> Result<[f64; 3], MetricError> {
        let tallies = self.tally_parts(truth, predictions, public)?;
        Ok([tallies[0].finish(self)?, tallies[1].finish(self)?, tallies[2].finish(self)?])
    }

    /// [`Metric::score_parts`] with the arithmetic behind each score (the receipt): the same
    /// tallies, so each [`Arithmetic::score`] is the scored number to the last digit.
    pub fn arithmetic_parts(
        self,
        truth: &[f64],
        predictions: &[f64],
        public: &[bool],
    ) -> Result<[Arithmetic; 3], MetricError> {
        let tallies = self.tally_parts(truth, predictions, public)?;
        Ok([tallies[0].arithmetic(self)?, tallies[1].arithmetic(self)?, tallies[2].arithmetic(self)?])
    }

    fn tally_parts(self, truth: &[f64], predictions: &[f64], public: &[bool]) -> Result<[Tally; 3], MetricError> {
        if truth.len() != predictions.len() || truth.len() != public.len() {
            return Err(MetricError::LengthMismatch);
        }
        let mut tallies = [Tally::default(); 3];
        if self == Metric::Auc {
            auc_tallies(truth, predictions, Some(public), &mut tallies);
        } else {
            for ((&t, &p), &public) in truth.iter().zip(predictions).zip(public) {
                tallies[0].add(self, t, p);
                tallies[if public { 1 } else { 2 }].add(self, t, p);
            }
        }
        Ok(tallies)
    }
}

/// What a metric adds up over a set of rows.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    rows: u64,
    /// Sum of the per-row losses (log loss, squared or absolute errors), in row order.
    sum: f64,
    correct: u64,
    tp: u64,
    fp: u64,
    fn_: u64,
    /// AUC: positives, negatives and twice the Mann–Whitney U (an integer).
    positives: u64,
    negatives: u64,
    twice_u: u128,
}

impl Tally {
    fn add(&mut self, metric: Metric, t: f64, p: f64) {
        self.rows += 1;
        match metric {
            Metric::Auc => {}
            Metric::Accuracy | Metric::F1 => {
                self.correct += u64::from(t == p);
                match (t == 1.0, p == 1.0) {
                    (true, true) => self.tp += 1,
                    (false, true) => self.fp += 1,
                    (true, false) => self.fn_ += 1,
                    (false, false) => {}
                }
            }
            Metric::LogLoss | Metric::Rmse | Metric::Mae => self.sum += metric.row_loss(t, p),
        }
    }

    fn finish(&self, metric: Metric) -> Result<f64, MetricError> {
        if self.rows == 0 {
            return Err(MetricError::Empty);
        }
        let rows = self.rows as f64;
        let score = match metric {
            // The chance that a random positive is scored above a random negative, ties
            // counting one half: equal to scikit-learn's trapezoid over the ROC curve, computed
            // exactly (U is a sum of halves) and divided once.
            Metric::Auc => {
                if self.positives == 0 || self.negatives == 0 {
                    return Err(MetricError::SingleClass);
                }
                self.twice_u as f64 / (2.0 * self.positives as f64 * self.negatives as f64)
            }
            Metric::Accuracy => self.correct as f64 / rows,
            Metric::LogLoss | Metric::Mae => self.sum / rows,
            Metric::Rmse => (self.sum / rows).sqrt(),
            // Binary F1 of the positive class; 0 when there is nothing to be right about
            // (scikit-learn's `zero_division` default).
            Metric::F1 => {
                let denominator = 2 * self.tp + self.fp + self.fn_;
                if denominator == 0 {
                    0.0
                } else {
                    (2 * self.tp) as f64 / denominator as f64
                }
            }
        };
        // Finite predictions can still overflow a sum (1e200² is infinite): no such score ranks.
        if score.is_finite() {
            Ok(score)
        } else {
            Err(MetricError::NotFinite)
        }
    }
}

/// AUC over all rows (`tallies[0]`) and, with `public`, over each part (`tallies[1]`,
/// `tallies[2]`), from one sort of the predictions: walking them from the lowest, each block
/// of tied predictions adds, per part, its positives × the negatives below it plus half its
/// positives × its own negatives to U.
fn auc_tallies(truth: &[f64], predictions: &[f64], public: Option<&[bool]>, tallies: &mut [Tally]) {
    // Sort keys that order like `f64::total_cmp`, with the row beside them.
    let mut order: Vec<(u64, u32)> = predictions
        .iter()
        .enumerate()
        .map(|(row, p)| {
            let bits = p.to_bits();
            let key = if bits >> 63 == 1 { !bits } else { bits | 1 << 63 };
            (key, row as u32)
        })
        .collect();
    order.sort_unstable_by_key(|&(key, _)| key);
    let mut start = 0;
    while start < order.len() {
        let value = predictions[order[start].1 as usize];
        let (mut positives, mut negatives) = ([0u64; 3], [0u64; 3]);
        let mut end = start;
        while end < order.len() && predictions[order[end].1 as usize] == value {
            let row = order[end].1 as usize;
            let positive = truth[row] == 1.0;
            let mut count = |group: usize| {
                positives[group] += u64::from(positive);
                negatives[group] += u64::from(!positive);
            };
            count(0);
            if let Some(public) = public {
                count(if public[row] { 1 } else { 2 });
            }
            end += 1;
        }
        for (group, tally) in tallies.iter_mut().enumerate() {
            let (p, n) = (u128::from(positives[group]), u128::from(negatives[group]));
            tally.twice_u += 2 * p * u128::from(tally.negatives) + p * n;
            tally.positives += positives[group];
            tally.negatives += negatives[group];
            tally.rows += positives[group] + negatives[group];
        }
        start = end;
    }
}

impl std::fmt::Display for Metric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricError {
    Empty,
    LengthMismatch,
    /// AUC is undefined when the truth has only one class.
    SingleClass,
    /// The arithmetic overflowed: the predictions are too large to score.
    NotFinite,
}

impl std::fmt::Display for MetricError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MetricError::Empty => "there are no rows to score",
            MetricError::LengthMismatch => "truth and predictions differ in length",
            MetricError::SingleClass => "AUC needs both classes (0 and 1) in the answers",
            MetricError::NotFinite => "the score is not a finite number: the predictions are too large to score",
        })
    }
}

impl std::error::Error for MetricError {}

/// Whether a row belongs to the public part of the leaderboard: SHA-256 of the competition's
/// split key and the row's id, read as a number in [0, 1), below the public share. Stable across
/// versions and machines, so a row never moves between parts. The key is a secret kept on the
/// server (32 random bytes per competition), so nobody can work the split out from public data.
pub fn in_public_part(split_key: &[u8], row_id: &str, public_share: f64) -> bool {
    let digest = Sha256::new().chain_update(split_key).chain_update(row_id.as_bytes()).finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let unit = (u64::from_be_bytes(first) >> 11) as f64 / (1u64 << 53) as f64;
    unit < public_share
}

/// A problem with an answer key as uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    DuplicateId {
        id: String,
        line: u64,
    },
    InvalidValue {
        line: u64,
        value: String,
    },
    /// AUC needs both classes in each part: `part` is `public` or `private`.
    SingleClass {
        part: &'static str,
    },
    /// Every part needs rows, or its leaderboard has nothing to score.
    EmptyPart {
        part: &'static str,
    },
}

impl std::fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyProblem::Empty => f.write_str("the answer key has no rows"),
            KeyProblem::DuplicateId { id, line } => {
                write!(f, "line {line}: id {id:?} appears more than once")
            }
            KeyProblem::InvalidValue { line, value } => {
                write!(f, "line {line}: {value:?} is not a valid answer for this metric")
            }
            KeyProblem::SingleClass { part } => {
                write!(f, "the {part} part of the key needs both classes (0 and 1) for AUC")
            }
            KeyProblem::EmptyPart { part } => {
                write!(f, "the {part} part of the key has no rows; add rows or change the public share")
            }
        }
    }
}

/// Checks the split of a key for a metric: each part needs rows, and for AUC both classes.
/// `rows` are (value, is_public).
pub fn check_key_parts(metric: Metric, rows: impl IntoIterator<Item = (f64, bool)>) -> Vec<KeyProblem> {
    // Per part (public, private): rows, a zero seen, a one seen.
    let mut seen = [(0u64, false, false); 2];
    for (value, public) in rows {
        let part = &mut seen[usize::from(!public)];
        part.0 += 1;
        part.1 |= value == 0.0;
        part.2 |= value == 1.0;
    }
    if seen[0].0 + seen[1].0 == 0 {
        return vec![KeyProblem::Empty];
    }
    let mut problems = Vec::new();
    for (part, (rows, zeros, ones)) in ["public", "private"].into_iter().zip(seen) {
        if rows == 0 {
            problems.push(KeyProblem::EmptyPart { part });
        } else if metric == Metric::Auc && !(zeros && ones) {
            problems.push(KeyProblem::SingleClass { part });
        }
    }
    problems
}

#[cfg(test)]
mod tests;
