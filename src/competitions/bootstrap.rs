//! Confidence bands and statistical ties on a board, by a paired bootstrap over the board's rows.
//!
//! Each resample draws the board's rows with replacement — one draw shared by every entry, so
//! two entries are compared on the same rows (paired) — and scores every entry on it, as row
//! weights (a row drawn three times weighs 3). An entry's 95 % interval is the 2.5th to 97.5th
//! percentile of its resampled scores. Two neighbours on the board are statistically tied when
//! the 95 % interval of their paired difference does not lie wholly on the side of the official
//! order: the difference is not significant. Ties chain, so a run of neighbours each tied to
//! the next forms one group.
//!
//! Weighted scores are the metrics' own definitions with each row counted as often as it was
//! drawn; with every weight 1 they are the official scores to the last digit (tested).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Interval;
use crate::domain::metrics::Metric;

/// Resamples per board.
pub const RESAMPLES: usize = 1_000;

/// Entries scored together: their resampled scores are held at once.
const BLOCK: usize = 256;

/// The intervals' two-sided error rate (95 % intervals).
const ALPHA: f64 = 0.05;

/// An entry's interval and its group of statistically tied neighbours (numbered from 1 down the
/// board; `None` when it is tied with neither neighbour).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub interval: Option<Interval>,
    pub tie_group: Option<i32>,
}

/// The bands of a board's entries, listed best first: `truth` holds the board's rows and each
/// entry its predictions on them, in the same order.
///
/// Entries are scored in blocks, each on the same resamples (the generator starts again from
/// the seed), so memory stays bounded by the block whatever the board's length.
pub fn bands(metric: Metric, truth: &[f64], entries: &[&[f64]], resamples: usize, seed: u64) -> Vec<Band> {
    let mut intervals = Vec::with_capacity(entries.len());
    let mut tied = Vec::with_capacity(entries.len().saturating_sub(1));
    let mut start = 0;
    while start < entries.len() {
        let end = (start + BLOCK).min(entries.len());
        // One entry past the block: the pair across its edge.
        let scores = resampled(metric, truth, &entries[start..(end + 1).min(entries.len())], resamples, seed);
        intervals.extend(scores[..end - start].iter().map(|s| percentile_interval(s.clone())));
        tied.extend(scores.windows(2).map(|pair| !significant(metric, &pair[0], &pair[1])));
        start = end;
    }
    let mut groups = vec![None; entries.len()];
    let mut next = 0;
    for (i, &tie) in tied.iter().enumerate() {
        if tie {
            if groups[i].is_none() {
                next += 1;
                groups[i] = Some(next);
            }
            groups[i + 1] = groups[i];
        }
    }
    intervals.into_iter().zip(groups).map(|(interval, tie_group)| Band { interval, tie_group }).collect()
}

/// The 95 % interval of `better`'s score minus `worse`'s over paired resamples of the rows.
pub fn difference(
    metric: Metric,
    truth: &[f64],
    better: &[f64],
    worse: &[f64],
    resamples: usize,
    seed: u64,
) -> Option<Interval> {
    let scores = resampled(metric, truth, &[better, worse], resamples, seed);
    percentile_interval(differences(&scores[0], &scores[1]))
}

/// Whether `better` beats `worse` significantly: their difference's interval lies wholly on
/// `better`'s side of zero.
fn significant(metric: Metric, better: &[f64], worse: &[f64]) -> bool {
    match percentile_interval(differences(better, worse)) {
        Some(i) if metric.higher_is_better() => i.low > 0.0,
        Some(i) => i.high < 0.0,
        None => false,
    }
}

/// Paired differences over the resamples where both scores exist.
fn differences(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).filter(|d| d.is_finite()).collect()
}

/// Each entry's score on each resample (`NaN` where the metric is undefined on it, such as an
/// AUC over a resample of one class).
fn resampled(metric: Metric, truth: &[f64], entries: &[&[f64]], resamples: usize, seed: u64) -> Vec<Vec<f64>> {
    let prepared: Vec<Prepared> = entries.iter().map(|p| Prepared::new(metric, truth, p)).collect();
    let mut scores = vec![Vec::with_capacity(resamples); entries.len()];
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = truth.len();
    let mut weights = vec![0u32; n];
    for _ in 0..resamples {
        weights.fill(0);
        for _ in 0..n {
            weights[rng.gen_range(0..n)] += 1;
        }
        for (entry, out) in prepared.iter().zip(scores.iter_mut()) {
            out.push(entry.score(metric, &weights));
        }
    }
    scores
}

/// The 2.5th and 97.5th percentiles (linear between order statistics) of the finite values;
/// `None` when fewer than half the resamples gave one.
fn percentile_interval(mut values: Vec<f64>) -> Option<Interval> {
    let total = values.len();
    values.retain(|v| v.is_finite());
    if values.is_empty() || values.len() * 2 < total {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    Some(Interval { low: quantile(&values, ALPHA / 2.0), high: quantile(&values, 1.0 - ALPHA / 2.0) })
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let below = h.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (h - below as f64) * (sorted[above] - sorted[below])
}

/// A row's part in accuracy and F1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    TruePositive,
    FalsePositive,
    FalseNegative,
    TrueNegative,
}

/// An entry's predictions prepared once for scoring under many weightings.
enum Prepared {
    /// AUC: the rows ordered by prediction, lowest first, and where each block of equal
    /// predictions ends in that order.
    Ranked { order: Vec<u32>, ends: Vec<u32>, positive: Vec<bool> },
    /// Accuracy and F1: each row's outcome.
    Outcomes(Vec<Outcome>),
    /// Log loss, RMSE and MAE: each row's term of the sum.
    Losses(Vec<f64>),
}

impl Prepared {
    fn new(metric: Metric, truth: &[f64], predictions: &[f64]) -> Prepared {
        match metric {
            Metric::Auc => {
                let mut order: Vec<u32> = (0..predictions.len() as u32).collect();
                order.sort_unstable_by(|&a, &b| predictions[a as usize].total_cmp(&predictions[b as usize]));
                let mut ends = Vec::new();
                for i in 1..order.len() {
                    if predictions[order[i] as usize] != predictions[order[i - 1] as usize] {
                        ends.push(i as u32);
                    }
                }
                if !order.is_empty() {
                    ends.push(order.len() as u32);
                }
                Prepared::Ranked { order, ends, positive: truth.iter().map(|&t| t == 1.0).collect() }
            }
            Metric::Accuracy | Metric::F1 => Prepared::Outcomes(
                truth
                    .iter()
                    .zip(predictions)
                    .map(|(&t, &p)| match (t == 1.0, p == 1.0) {
                        (true, true) => Outcome::TruePositive,
                        (false, true) => Outcome::FalsePositive,
                        (true, false) => Outcome::FalseNegative,
                        (false, false) => Outcome::TrueNegative,
                    })
                    .collect(),
            ),
            Metric::LogLoss | Metric::Rmse | Metric::Mae => {
                Prepared::Losses(truth.iter().zip(predictions).map(|(&t, &p)| metric.row_loss(t, p)).collect())
            }
        }
    }

    /// The score with row `i` counted `weights[i]` times; `NaN` where undefined.
    fn score(&self, metric: Metric, weights: &[u32]) -> f64 {
        match self {
            // Twice the Mann–Whitney U over the weighted rows, as the official AUC counts it.
            Prepared::Ranked { order, ends, positive } => {
                let (mut twice_u, mut negatives_below, mut positives) = (0.0, 0.0, 0.0);
                let mut start = 0;
                for &end in ends {
                    let (mut p, mut n) = (0.0, 0.0);
                    for &row in &order[start as usize..end as usize] {
                        let w = f64::from(weights[row as usize]);
                        if positive[row as usize] {
                            p += w;
                        } else {
                            n += w;
                        }
                    }
                    twice_u += 2.0 * p * negatives_below + p * n;
                    negatives_below += n;
                    positives += p;
                    start = end;
                }
                if positives == 0.0 || negatives_below == 0.0 {
                    f64::NAN
                } else {
                    twice_u / (2.0 * positives * negatives_below)
                }
            }
            Prepared::Outcomes(outcomes) => {
                let mut counts = [0.0; 4];
                for (&o, &w) in outcomes.iter().zip(weights) {
                    counts[o as usize] += f64::from(w);
                }
                let [tp, fp, fn_, tn] = counts;
                if metric == Metric::F1 {
                    let denominator = 2.0 * tp + fp + fn_;
                    if denominator == 0.0 {
                        0.0
                    } else {
                        2.0 * tp / denominator
                    }
                } else {
                    let rows = tp + fp + fn_ + tn;
                    if rows == 0.0 {
                        f64::NAN
                    } else {
                        (tp + tn) / rows
                    }
                }
            }
            Prepared::Losses(losses) => {
                let (mut sum, mut rows) = (0.0, 0.0);
                for (&l, &w) in losses.iter().zip(weights) {
                    if w > 0 {
                        sum += f64::from(w) * l;
                        rows += f64::from(w);
                    }
                }
                let mean = if rows == 0.0 { f64::NAN } else { sum / rows };
                if metric == Metric::Rmse {
                    mean.sqrt()
                } else {
                    mean
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const METRICS: [Metric; 6] =
        [Metric::Auc, Metric::Accuracy, Metric::LogLoss, Metric::F1, Metric::Rmse, Metric::Mae];

    /// A truth and predictions for `metric` over `n` rows, from `seed`, with ties.
    fn case(metric: Metric, n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let truth: Vec<f64> = (0..n)
            .map(|_| match metric {
                Metric::Rmse | Metric::Mae => (rng.gen_range(-50.0..50.0_f64) * 4.0).round() / 4.0,
                _ => f64::from(rng.gen_bool(0.4)),
            })
            .collect();
        let predictions = truth
            .iter()
            .map(|&t| match metric {
                Metric::Auc | Metric::LogLoss => ((0.3 * t + rng.gen::<f64>() * 0.7) * 20.0).round() / 20.0,
                Metric::Accuracy | Metric::F1 => {
                    if rng.gen_bool(0.8) {
                        t
                    } else {
                        1.0 - t
                    }
                }
                Metric::Rmse | Metric::Mae => t + rng.gen_range(-3.0..3.0),
            })
            .collect();
        (truth, predictions)
    }

    #[test]
    fn every_weight_one_gives_the_official_score_to_the_last_digit() {
        for metric in METRICS {
            let (truth, predictions) = case(metric, 997, 7);
            let prepared = Prepared::new(metric, &truth, &predictions);
            let official = metric.score(&truth, &predictions).unwrap();
            assert_eq!(prepared.score(metric, &vec![1; truth.len()]).to_bits(), official.to_bits(), "{metric}");
        }
    }

    #[test]
    fn weights_count_rows_that_many_times() {
        for metric in METRICS {
            let (truth, predictions) = case(metric, 300, 11);
            let weights: Vec<u32> = (0..truth.len() as u32).map(|i| i % 4).collect();
            let (mut t, mut p) = (Vec::new(), Vec::new());
            for (i, &w) in weights.iter().enumerate() {
                for _ in 0..w {
                    t.push(truth[i]);
                    p.push(predictions[i]);
                }
            }
            let weighted = Prepared::new(metric, &truth, &predictions).score(metric, &weights);
            let repeated = metric.score(&t, &p).unwrap();
            assert!((weighted - repeated).abs() <= 1e-12 * repeated.abs().max(1.0), "{metric}: {weighted} {repeated}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_bands_and_another_seed_others() {
        let (truth, a) = case(Metric::Auc, 400, 1);
        let (_, b) = case(Metric::Auc, 400, 2);
        let entries = [a.as_slice(), b.as_slice()];
        let first = bands(Metric::Auc, &truth, &entries, 200, 42);
        assert_eq!(first, bands(Metric::Auc, &truth, &entries, 200, 42));
        assert_ne!(first, bands(Metric::Auc, &truth, &entries, 200, 43));
        for (band, p) in first.iter().zip(entries) {
            let i = band.interval.unwrap();
            let score = Metric::Auc.score(&truth, p).unwrap();
            assert!(i.low < score && score < i.high, "{i:?} holds {score}");
        }
    }

    #[test]
    fn neighbours_apart_by_chance_are_tied_and_a_clear_lead_is_not() {
        let truth: Vec<f64> = (0..400).map(|i| f64::from(i % 2 == 0)).collect();
        let perfect = truth.clone();
        // Two entries each wrong on a different 1 row in 200 and 1 in 190: not distinguishable.
        let flip = |every: usize| -> Vec<f64> {
            truth.iter().enumerate().map(|(i, &t)| if i % every == 0 { 1.0 - t } else { t }).collect()
        };
        let (near_a, near_b) = (flip(200), flip(190));
        let wrong = flip(2).iter().zip(&truth).map(|(&p, &t)| if t == 1.0 { 0.0 } else { p }).collect::<Vec<_>>();
        let entries = [perfect.as_slice(), near_a.as_slice(), near_b.as_slice(), wrong.as_slice()];
        let groups: Vec<Option<i32>> =
            bands(Metric::Accuracy, &truth, &entries, RESAMPLES, 5).iter().map(|b| b.tie_group).collect();
        assert_eq!(groups, vec![Some(1), Some(1), Some(1), None]);
        // Equal scores are always tied; the lower-is-better side is read the other way round.
        let (truth, p) = case(Metric::Rmse, 300, 3);
        let worse: Vec<f64> = p.iter().map(|v| v + 5.0).collect();
        let groups: Vec<Option<i32>> =
            bands(Metric::Rmse, &truth, &[&p, &p, &worse], 300, 9).iter().map(|b| b.tie_group).collect();
        assert_eq!(groups, vec![Some(1), Some(1), None]);
    }

    #[test]
    fn a_long_board_in_blocks_is_the_board_at_once() {
        let (truth, _) = case(Metric::Mae, 60, 4);
        // 600 entries, each a little worse than the one before, some equal: ties across the
        // blocks' edges too.
        let entries: Vec<Vec<f64>> =
            (0..600).map(|k| truth.iter().map(|t| t + f64::from(k / 3) * 0.01).collect()).collect();
        let slices: Vec<&[f64]> = entries.iter().map(Vec::as_slice).collect();
        let blocked = bands(Metric::Mae, &truth, &slices, 50, 8);
        let scores = resampled(Metric::Mae, &truth, &slices, 50, 8);
        for (i, band) in blocked.iter().enumerate() {
            assert_eq!(band.interval, percentile_interval(scores[i].clone()), "entry {i}");
            if i + 1 < slices.len() {
                let tied = !significant(Metric::Mae, &scores[i], &scores[i + 1]);
                assert_eq!(tied, band.tie_group.is_some() && band.tie_group == blocked[i + 1].tie_group, "pair {i}");
            }
        }
        assert!(blocked.iter().filter(|b| b.tie_group.is_some()).count() >= 600 / 3 * 2, "equal entries tie");
    }

    #[test]
    fn intervals_of_a_true_difference_cover_it_at_the_nominal_rate() {
        // Two classifiers right on each row independently with chance 0.80 and 0.75: the true
        // difference of their accuracies is 0.05. Over many simulated boards the 95 % interval
        // of the paired difference must hold it 95 % ± 3 % of the time.
        let (boards, rows) = (500, 200);
        let mut rng = ChaCha8Rng::seed_from_u64(2026);
        let mut covered = 0;
        for board in 0..boards {
            let truth: Vec<f64> = (0..rows).map(|_| f64::from(rng.gen_bool(0.5))).collect();
            let guess = |chance: f64, rng: &mut ChaCha8Rng| -> Vec<f64> {
                truth.iter().map(|&t| if rng.gen_bool(chance) { t } else { 1.0 - t }).collect()
            };
            let (a, b) = (guess(0.80, &mut rng), guess(0.75, &mut rng));
            let i = difference(Metric::Accuracy, &truth, &a, &b, RESAMPLES, board).unwrap();
            covered += usize::from(i.low <= 0.05 && 0.05 <= i.high);
        }
        let rate = covered as f64 / boards as f64;
        println!("coverage {rate} over {boards} boards");
        assert!((0.92..=0.98).contains(&rate), "coverage {rate}");
    }

    #[test]
    fn undefined_resamples_are_left_out_and_too_few_give_no_interval() {
        // One positive in 400 rows: most resamples still hold it, so an interval exists.
        let mut truth = vec![0.0; 400];
        truth[0] = 1.0;
        let p: Vec<f64> = (0..400).map(|i| f64::from(i) / 400.0).collect();
        assert!(bands(Metric::Auc, &truth, &[&p], 200, 1)[0].interval.is_some());
        // No positive at all: AUC never exists.
        assert_eq!(bands(Metric::Auc, &[0.0; 10], &[&[0.5; 10]], 50, 1)[0].interval, None);
        assert_eq!(percentile_interval(vec![f64::NAN, f64::NAN, 1.0]), None);
    }
}
