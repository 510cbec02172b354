//! How far a participant's leaderboard rank moved since the rank they last saw: the competition
//! header and the home page say it the same way.

/// Places gained or lost (rank 1 is the top, so a smaller rank is a gain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankMovement {
    Up(i64),
    Down(i64),
}

impl RankMovement {
    /// `None` while either rank is unknown (no scored entry yet, or never seen) or nothing moved.
    pub fn between(now: Option<i64>, seen: Option<i64>) -> Option<RankMovement> {
        let (now, seen) = (now?, seen?);
        match now.cmp(&seen) {
            std::cmp::Ordering::Less => Some(RankMovement::Up(seen - now)),
            std::cmp::Ordering::Greater => Some(RankMovement::Down(now - seen)),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// `up` or `down`, for the page's `data-moved` attribute.
    pub fn direction(self) -> &'static str {
        match self {
            RankMovement::Up(_) => "up",
            RankMovement::Down(_) => "down",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RankMovement;

    #[test]
    fn a_smaller_rank_is_a_gain_and_a_larger_one_a_loss() {
        assert_eq!(RankMovement::between(Some(2), Some(5)), Some(RankMovement::Up(3)));
        assert_eq!(RankMovement::between(Some(4), Some(1)), Some(RankMovement::Down(3)));
        assert_eq!(RankMovement::Up(1).direction(), "up");
        assert_eq!(RankMovement::Down(1).direction(), "down");
    }

    #[test]
    fn nothing_moves_while_a_rank_is_unknown_or_unchanged() {
        assert_eq!(RankMovement::between(Some(3), Some(3)), None);
        assert_eq!(RankMovement::between(None, Some(3)), None);
        assert_eq!(RankMovement::between(Some(3), None), None);
    }
}
