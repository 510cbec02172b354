//! The shake-up of a competition: how far the private ranks moved from the public ones once
//! the private board is revealed. A large shake-up says the public board was a poor guide
//! (too few public rows, or entries fitted to them).

/// Spearman's rank correlation of the two boards' ranks, given as (public, private) per
/// participant, each board ranking everyone 1..n without ties: 1 − 6 Σ d² / (n (n² − 1)).
/// `None` with fewer than two participants.
pub fn spearman(ranks: &[(i64, i64)]) -> Option<f64> {
    let n = ranks.len() as f64;
    if ranks.len() < 2 {
        return None;
    }
    let squares: f64 = ranks.iter().map(|&(public, private)| ((public - private) as f64).powi(2)).sum();
    Some(1.0 - 6.0 * squares / (n * (n * n - 1.0)))
}

/// The indices of the `count` biggest moves (by places moved, either way; on equal moves the
/// better private rank first).
pub fn biggest_moves(ranks: &[(i64, i64)], count: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..ranks.len()).filter(|&i| ranks[i].0 != ranks[i].1).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse((ranks[i].0 - ranks[i].1).abs()), ranks[i].1));
    order.truncate(count);
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_order_is_one_and_the_reverse_minus_one() {
        assert_eq!(spearman(&[(1, 1), (2, 2), (3, 3)]), Some(1.0));
        assert_eq!(spearman(&[(1, 3), (2, 2), (3, 1)]), Some(-1.0));
        assert_eq!(spearman(&[(1, 1)]), None);
        // Two neighbours swap among four: Σ d² = 2, ρ = 1 − 12 / 60.
        assert_eq!(spearman(&[(1, 2), (2, 1), (3, 3), (4, 4)]), Some(0.8));
    }

    #[test]
    fn the_biggest_moves_come_first_and_no_move_is_none() {
        let ranks = [(1, 3), (2, 1), (3, 2), (4, 4), (5, 8), (6, 5), (7, 6), (8, 7)];
        assert_eq!(biggest_moves(&ranks, 3), vec![4, 0, 1]);
        assert!(biggest_moves(&[(1, 1), (2, 2)], 10).is_empty());
    }
}
