//! Calibrating nominators (the calibration view of a closed or finalized cycle): some
//! nominators score generously, some strictly. Each nominator's criterion scores are
//! standardized against their own scores in the cycle (z = (score − their mean) / their spread)
//! and put back on the cycle's common scale (everyone's mean + z × everyone's spread), so a
//! "4" from a strict nominator counts like what a typical nominator would have given. Nominees
//! are then ranked like the official ranking (the sum over approved nominations of
//! Σ weight × score, dense-ranked), and compared with it. The official result stays the raw
//! ranking; this view informs the review.
//!
//! A nominator with fewer than [`MIN_NOMINATIONS`] nominations has too few scores to tell their
//! habits from chance: their scores are kept raw and marked. Spreads are population standard
//! deviations over all the nominator's scores (every criterion, every nomination they submitted
//! in the cycle, whatever its decision).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Nominations a nominator needs before their scores are standardized.
pub const MIN_NOMINATIONS: usize = 3;
/// Places a nominee must move between the rankings to be pointed out.
pub const NOTABLE_MOVE: i32 = 2;

/// One submitted nomination: who nominated whom, whether it counts (approved), and its score
/// per criterion with the criterion's weight.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredNomination {
    pub nomination: Uuid,
    pub nominee: Uuid,
    pub nominator: Uuid,
    pub approved: bool,
    /// (criterion, weight, score)
    pub scores: Vec<(Uuid, f64, i32)>,
}

/// A nominator's habits in the cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NominatorHabits {
    pub nominator_id: Uuid,
    pub nominations: usize,
    /// Mean and population standard deviation of all the scores they gave.
    pub mean: f64,
    pub spread: f64,
    /// False when they have fewer than [`MIN_NOMINATIONS`] nominations: their scores stay raw.
    pub standardized: bool,
}

/// One criterion score, raw and standardized (`z` is absent where the scores stay raw).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CalibratedScore {
    pub criterion_id: Uuid,
    pub raw: i32,
    pub z: Option<f64>,
    /// The score on the cycle's common scale (the raw score where it stays raw).
    pub calibrated: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CalibratedNomination {
    pub nomination_id: Uuid,
    pub nominee_id: Uuid,
    pub nominator_id: Uuid,
    pub approved: bool,
    pub standardized: bool,
    /// Σ weight × score, raw and calibrated.
    pub raw_weighted: f64,
    pub calibrated_weighted: f64,
    pub scores: Vec<CalibratedScore>,
}

/// A nominee in both rankings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CalibratedNominee {
    pub nominee_id: Uuid,
    pub raw_total: f64,
    pub raw_rank: i32,
    pub calibrated_total: f64,
    pub calibrated_rank: i32,
    /// Places gained in the calibrated ranking (negative: lost).
    pub moved: i32,
    /// Moved by [`NOTABLE_MOVE`] places or more.
    pub notable: bool,
}

/// What the calibration found: everyone's mean and spread (the common scale), each
/// nominator's habits, each nomination's scores and each nominee in both rankings (in the
/// official order).
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub mean: f64,
    pub spread: f64,
    pub nominators: Vec<NominatorHabits>,
    pub nominations: Vec<CalibratedNomination>,
    pub nominees: Vec<CalibratedNominee>,
}

fn mean_and_spread(scores: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = scores.clone().count();
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = scores.clone().sum::<f64>() / n as f64;
    let variance = scores.map(|s| (s - mean) * (s - mean)).sum::<f64>() / n as f64;
    (mean, variance.sqrt())
}

/// Dense ranks of totals, highest first; totals within 1e-9 of each other share a rank (sums of
/// the same numbers in another order may differ in the last bits).
pub fn dense_ranks(totals: &[f64]) -> Vec<i32> {
    let mut order: Vec<usize> = (0..totals.len()).collect();
    order.sort_by(|&a, &b| totals[b].total_cmp(&totals[a]));
    let mut ranks = vec![0; totals.len()];
    let (mut rank, mut previous) = (0, 0.0);
    for i in order {
        if rank == 0 || previous - totals[i] > 1e-9 {
            rank += 1;
            previous = totals[i];
        }
        ranks[i] = rank;
    }
    ranks
}

/// Calibrates the cycle's nominations; `official` is the raw ranking as published (nominee,
/// total, rank), which sets the nominees and their order.
pub fn calibrate(nominations: &[ScoredNomination], official: &[(Uuid, f64, i32)]) -> Calibration {
    let all = nominations.iter().flat_map(|n| n.scores.iter().map(|s| f64::from(s.2)));
    let (mean, spread) = mean_and_spread(all);

    let mut by_nominator: HashMap<Uuid, Vec<&ScoredNomination>> = HashMap::new();
    for n in nominations {
        by_nominator.entry(n.nominator).or_default().push(n);
    }
    let mut nominators: Vec<NominatorHabits> = by_nominator
        .iter()
        .map(|(&nominator, theirs)| {
            let (m, s) = mean_and_spread(theirs.iter().flat_map(|n| n.scores.iter().map(|s| f64::from(s.2))));
            NominatorHabits {
                nominator_id: nominator,
                nominations: theirs.len(),
                mean: m,
                spread: s,
                standardized: theirs.len() >= MIN_NOMINATIONS,
            }
        })
        .collect();
    nominators.sort_by(|a, b| b.nominations.cmp(&a.nominations).then(a.nominator_id.cmp(&b.nominator_id)));
    let habits: HashMap<Uuid, &NominatorHabits> = nominators.iter().map(|h| (h.nominator_id, h)).collect();

    let calibrated: Vec<CalibratedNomination> = nominations
        .iter()
        .map(|n| {
            let h = habits[&n.nominator];
            let scores: Vec<CalibratedScore> = n
                .scores
                .iter()
                .map(|&(criterion, _, raw)| {
                    let raw_f = f64::from(raw);
                    if h.standardized {
                        // A nominator who gave every score alike expresses no differences: z = 0.
                        let z = if h.spread > 0.0 { (raw_f - h.mean) / h.spread } else { 0.0 };
                        CalibratedScore { criterion_id: criterion, raw, z: Some(z), calibrated: mean + z * spread }
                    } else {
                        CalibratedScore { criterion_id: criterion, raw, z: None, calibrated: raw_f }
                    }
                })
                .collect();
            let weighted = |value: &dyn Fn(&CalibratedScore) -> f64| -> f64 {
                n.scores.iter().zip(&scores).map(|(s, c)| s.1 * value(c)).sum()
            };
            CalibratedNomination {
                nomination_id: n.nomination,
                nominee_id: n.nominee,
                nominator_id: n.nominator,
                approved: n.approved,
                standardized: h.standardized,
                raw_weighted: weighted(&|c| f64::from(c.raw)),
                calibrated_weighted: weighted(&|c| c.calibrated),
                scores,
            }
        })
        .collect();

    let mut totals: HashMap<Uuid, f64> = official.iter().map(|&(nominee, _, _)| (nominee, 0.0)).collect();
    for n in calibrated.iter().filter(|n| n.approved) {
        if let Some(total) = totals.get_mut(&n.nominee_id) {
            *total += n.calibrated_weighted;
        }
    }
    let calibrated_totals: Vec<f64> = official.iter().map(|(nominee, _, _)| totals[nominee]).collect();
    let ranks = dense_ranks(&calibrated_totals);
    let nominees = official
        .iter()
        .zip(calibrated_totals.iter().zip(ranks))
        .map(|(&(nominee, raw_total, raw_rank), (&calibrated_total, calibrated_rank))| {
            let moved = raw_rank - calibrated_rank;
            CalibratedNominee {
                nominee_id: nominee,
                raw_total,
                raw_rank,
                calibrated_total,
                calibrated_rank,
                moved,
                notable: moved.abs() >= NOTABLE_MOVE,
            }
        })
        .collect();
    Calibration { mean, spread, nominators, nominations: calibrated, nominees }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn dense_ranks_share_equal_totals() {
        assert_eq!(dense_ranks(&[9.5, 8.0, 9.5, 7.0]), vec![1, 2, 1, 3]);
        assert_eq!(dense_ranks(&[0.1 + 0.2, 0.3]), vec![1, 1]);
    }

    #[test]
    fn a_strict_nominator_s_scores_count_like_everyone_s() {
        // One criterion of weight 1. Strict S gives 1, 2, 3; generous G gives 3, 4, 5; one
        // nomination by newcomer N (raw, marked).
        let one = |nomination: u128, nominee: u128, nominator: u128, score: i32| ScoredNomination {
            nomination: id(nomination),
            nominee: id(nominee),
            nominator: id(nominator),
            approved: true,
            scores: vec![(id(99), 1.0, score)],
        };
        let nominations = vec![
            one(1, 10, 100, 1),
            one(2, 11, 100, 2),
            one(3, 12, 100, 3),
            one(4, 13, 200, 3),
            one(5, 14, 200, 4),
            one(6, 15, 200, 5),
            one(7, 16, 300, 4),
        ];
        // The official ranking: totals are the raw scores.
        let official: Vec<(Uuid, f64, i32)> = vec![
            (id(15), 5.0, 1),
            (id(14), 4.0, 2),
            (id(16), 4.0, 2),
            (id(12), 3.0, 3),
            (id(13), 3.0, 3),
            (id(11), 2.0, 4),
            (id(10), 1.0, 5),
        ];
        let c = calibrate(&nominations, &official);
        // Everyone: 1 2 3 3 4 5 4 → mean 22/7, variance Σ(s − 22/7)²/7.
        let mean = 22.0 / 7.0;
        let spread =
            ([1.0f64, 2.0, 3.0, 3.0, 4.0, 5.0, 4.0].iter().map(|s| (s - mean).powi(2)).sum::<f64>() / 7.0).sqrt();
        assert!((c.mean - mean).abs() < 1e-12 && (c.spread - spread).abs() < 1e-12);
        // S: mean 2, spread √(2/3); G: mean 4, the same spread; N: too few.
        let s = c.nominators.iter().find(|h| h.nominator_id == id(100)).unwrap();
        assert_eq!((s.nominations, s.mean, s.standardized), (3, 2.0, true));
        assert!((s.spread - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
        let n = c.nominators.iter().find(|h| h.nominator_id == id(300)).unwrap();
        assert!(!n.standardized);
        // S's 3 and G's 5 are both z = +√(3/2): the same calibrated score.
        let z = |nomination: u128| {
            c.nominations.iter().find(|n| n.nomination_id == id(nomination)).unwrap().scores[0].clone()
        };
        assert!((z(3).z.unwrap() - 1.5f64.sqrt()).abs() < 1e-12);
        assert!((z(6).z.unwrap() - 1.5f64.sqrt()).abs() < 1e-12);
        assert!((z(3).calibrated - (mean + 1.5f64.sqrt() * spread)).abs() < 1e-12);
        assert_eq!(z(7).z, None);
        assert_eq!(z(7).calibrated, 4.0);
        // Calibrated: S's best (12) ties G's best (15) at the top: 12 moves from 3rd to 1st.
        let nominee = |n: u128| c.nominees.iter().find(|x| x.nominee_id == id(n)).unwrap().clone();
        assert_eq!(nominee(12).calibrated_rank, 1);
        assert_eq!(nominee(15).calibrated_rank, 1);
        assert_eq!(nominee(12).moved, 2);
        assert!(nominee(12).notable);
        // G's weakest (13, raw 3) falls to S's weakest (10, raw 1), both z = −√(3/2): last,
        // one place down (not notable); N's raw 4 is second.
        assert_eq!(nominee(13).calibrated_rank, 4);
        assert_eq!(nominee(10).calibrated_rank, 4);
        assert_eq!((nominee(13).moved, nominee(13).notable), (-1, false));
        assert_eq!(nominee(16).calibrated_rank, 2);
    }
}
