//! Competition metrics (DESIGN §8), computed like scikit-learn: AUC-ROC (tied predictions count
//! one half, as `roc_auc_score`), accuracy, log loss (probabilities clipped to
//! [1e-15, 1 − 1e-15]), binary F1, RMSE and MAE. Also the answer-key rules and the deterministic
//! public/private split of rows.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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
    pub const ALL: [Metric; 6] = [
        Metric::Auc,
        Metric::Accuracy,
        Metric::LogLoss,
        Metric::F1,
        Metric::Rmse,
        Metric::Mae,
    ];

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

    /// The score over all rows, over the rows where `public` holds and over the others, in
    /// one pass (for AUC, one sort): `[all, public, private]`.
    pub fn score_parts(
        self,
        truth: &[f64],
        predictions: &[f64],
        public: &[bool],
    ) -> Result<[f64; 3], MetricError> {
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
        Ok([
            tallies[0].finish(self)?,
            tallies[1].finish(self)?,
            tallies[2].finish(self)?,
        ])
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
            Metric::Accuracy => self.correct += u64::from(t == p),
            Metric::LogLoss => {
                let p = p.clamp(LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS);
                self.sum += if t == 1.0 { -p.ln() } else { -(1.0 - p).ln() };
            }
            Metric::F1 => match (t == 1.0, p == 1.0) {
                (true, true) => self.tp += 1,
                (false, true) => self.fp += 1,
                (true, false) => self.fn_ += 1,
                (false, false) => {}
            },
            Metric::Rmse => self.sum += (t - p) * (t - p),
            Metric::Mae => self.sum += (t - p).abs(),
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
            let key = if bits >> 63 == 1 {
                !bits
            } else {
                bits | 1 << 63
            };
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
            MetricError::NotFinite => {
                "the score is not a finite number: the predictions are too large to score"
            }
        })
    }
}

impl std::error::Error for MetricError {}

/// Whether a row belongs to the public part of the leaderboard: SHA-256 of the competition's
/// split key and the row's id, read as a number in [0, 1), below the public share. Stable across
/// versions and machines, so a row never moves between parts. The key is a secret kept on the
/// server (32 random bytes per competition), so nobody can work the split out from public data.
pub fn in_public_part(split_key: &[u8], row_id: &str, public_share: f64) -> bool {
    let digest = Sha256::new()
        .chain_update(split_key)
        .chain_update(row_id.as_bytes())
        .finalize();
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
                write!(
                    f,
                    "line {line}: {value:?} is not a valid answer for this metric"
                )
            }
            KeyProblem::SingleClass { part } => write!(
                f,
                "the {part} part of the key needs both classes (0 and 1) for AUC"
            ),
            KeyProblem::EmptyPart { part } => write!(
                f,
                "the {part} part of the key has no rows; add rows or change the public share"
            ),
        }
    }
}

/// Checks the split of a key for a metric: each part needs rows, and for AUC both classes.
/// `rows` are (value, is_public).
pub fn check_key_parts(
    metric: Metric,
    rows: impl IntoIterator<Item = (f64, bool)>,
) -> Vec<KeyProblem> {
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
mod tests {
    use super::*;
    use uuid::Uuid;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn matches_scikit_learn_on_the_committed_fixtures() {
        let fixtures: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/metrics/sklearn.json"))
                .unwrap();
        let cases = fixtures["cases"].as_array().unwrap();
        assert!(cases.len() >= 13);
        for case in cases {
            let metric = Metric::parse(case["metric"].as_str().unwrap()).unwrap();
            let floats = |key: &str| -> Vec<f64> {
                case[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect()
            };
            let got = metric
                .score(&floats("truth"), &floats("predictions"))
                .unwrap();
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
        assert_eq!(
            Metric::Auc.score(&[1.0, 1.0], &[0.2, 0.3]),
            Err(MetricError::SingleClass)
        );
    }

    #[test]
    fn the_other_metrics() {
        let truth = [1.0, 0.0, 1.0, 1.0];
        assert_eq!(
            Metric::Accuracy.score(&truth, &[1.0, 1.0, 1.0, 0.0]),
            Ok(0.5)
        );
        // tp 2, fp 1, fn 1 → 4 / 6
        assert!(close(
            Metric::F1.score(&truth, &[1.0, 1.0, 1.0, 0.0]).unwrap(),
            2.0 / 3.0
        ));
        assert_eq!(Metric::F1.score(&[0.0, 0.0], &[0.0, 0.0]), Ok(0.0));
        assert!(close(
            Metric::Rmse.score(&[1.0, 2.0], &[2.0, 4.0]).unwrap(),
            (2.5f64).sqrt()
        ));
        assert_eq!(Metric::Mae.score(&[1.0, 2.0], &[2.0, 4.0]), Ok(1.5));
        let certain_miss = Metric::LogLoss.score(&[1.0], &[0.0]).unwrap();
        assert!(close(certain_miss, -(LOG_LOSS_EPS).ln()));
        assert_eq!(Metric::Mae.score(&[], &[]), Err(MetricError::Empty));
        assert_eq!(
            Metric::Mae.score(&[1.0], &[]),
            Err(MetricError::LengthMismatch)
        );
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
        let public = (0..10_000)
            .filter(|i| in_public_part(competition.as_bytes(), &i.to_string(), 0.3))
            .count();
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
        assert_eq!(
            check_key_parts(Metric::Auc, rows.iter().copied()),
            vec![KeyProblem::SingleClass { part: "private" }]
        );
        assert!(check_key_parts(Metric::Rmse, rows.iter().copied()).is_empty());
        assert_eq!(check_key_parts(Metric::Auc, []), vec![KeyProblem::Empty]);
    }

    #[test]
    fn every_metric_needs_rows_in_both_parts() {
        let one_row = [(3.5, true)];
        assert_eq!(
            check_key_parts(Metric::Rmse, one_row.iter().copied()),
            vec![KeyProblem::EmptyPart { part: "private" }]
        );
        assert_eq!(
            check_key_parts(Metric::Auc, [(1.0, false)]),
            vec![
                KeyProblem::EmptyPart { part: "public" },
                KeyProblem::SingleClass { part: "private" }
            ]
        );
    }

    #[test]
    fn scores_that_overflow_are_refused() {
        let truth = [1.0, 2.0];
        assert_eq!(
            Metric::Rmse.score(&truth, &[1e200, 1e200]),
            Err(MetricError::NotFinite)
        );
        assert_eq!(
            Metric::Mae.score(&truth, &[f64::MAX, f64::MAX]),
            Err(MetricError::NotFinite)
        );
        assert!(Metric::Rmse.score(&truth, &[1e150, 1e150]).is_ok());
    }

    #[test]
    fn a_secret_key_gives_a_split_nobody_can_compute() {
        let competition = Uuid::from_u128(42);
        let secret = [7u8; 32];
        let differ = (0..1_000)
            .filter(|i| {
                let id = i.to_string();
                in_public_part(&secret, &id, 0.5)
                    != in_public_part(competition.as_bytes(), &id, 0.5)
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
                (0u8..2, 0u8..12, any::<bool>())
                    .prop_map(|(t, p, public)| (f64::from(t), f64::from(p) / 11.0, public)),
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
}
