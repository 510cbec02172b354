//! Maintained standings: each participant's best public and private score, when they first
//! reached it and their number of scored entries, kept in `competition_standings` by the same
//! transaction that scores, invalidates or rescores a submission. Boards, ranks and stats read
//! it through its indexes instead of recomputing every participant's best over all submissions.
//!
//! Ranks are distinct: a better score first, on equal scores whoever reached it first, then
//! the user id. `*_order` is the score turned so that smaller is better for every metric.
//!
//! `competition_counts` keeps how many are enrolled and how many are on the board, by atomic
//! increments, so no read counts thousands of rows, and a standings version bumped with every
//! change: pages and the API read a board from an in-memory copy of that version ([`page`],
//! [`around`]), so a rank far down the board costs no counting.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use quick_cache::sync::Cache;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Baseline, BaselineScores, Board, Competition, Interval, LeaderboardRow};
use crate::domain::{Page, PageRequest};
use crate::error::{AppError, AppResult};

/// -1 when higher scores are better (the order is the negated score), 1 otherwise.
pub(super) fn sign(c: &Competition) -> f64 {
    if c.metric.higher_is_better() {
        -1.0
    } else {
        1.0
    }
}

/// How many of `users` (everyone when `None`) are on the board.
async fn on_board(conn: &mut PgConnection, c: &Competition, users: Option<&[Uuid]>) -> AppResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM competition_standings
          WHERE competition_id = $1 AND ($2::uuid[] IS NULL OR user_id = ANY($2))"#,
        c.id,
        users as _,
    )
    .fetch_one(conn)
    .await?)
}

/// Recomputes the standings of `users` (every participant when `None`) from their scored
/// submissions: a row for whoever has one, none for whoever has none left. Callers hold the
/// lock that serializes writes to those submissions (the enrollment row or the competition).
pub async fn refresh(conn: &mut PgConnection, c: &Competition, users: Option<&[Uuid]>) -> AppResult<()> {
    let before = on_board(conn, c, users).await?;
    sqlx::query!(
        "WITH scored AS (
            SELECT id, user_id, organization_id, public_score, private_score, created_at
              FROM competition_submissions
             WHERE competition_id = $1 AND status = 'scored' AND ($2::uuid[] IS NULL OR user_id = ANY($2))),
         best_public AS (
            SELECT DISTINCT ON (user_id) user_id, organization_id, public_score, public_score * $3 AS o, created_at
              FROM scored ORDER BY user_id, public_score * $3, created_at, id),
         best_private AS (
            SELECT DISTINCT ON (user_id) user_id, private_score, private_score * $3 AS o, created_at
              FROM scored ORDER BY user_id, private_score * $3, created_at, id),
         entries AS (SELECT user_id, count(*) AS n FROM scored GROUP BY user_id),
         gone AS (
            DELETE FROM competition_standings st
             WHERE st.competition_id = $1 AND ($2::uuid[] IS NULL OR st.user_id = ANY($2))
               AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.user_id = st.user_id))
         INSERT INTO competition_standings (competition_id, user_id, organization_id, public_score, public_order,
                                            public_at, private_score, private_order, private_at, entries)
         SELECT $1, p.user_id, p.organization_id, p.public_score, p.o, p.created_at,
                q.private_score, q.o, q.created_at, e.n
           FROM best_public p JOIN best_private q USING (user_id) JOIN entries e USING (user_id)
         ON CONFLICT (competition_id, user_id) DO UPDATE
            SET public_score = EXCLUDED.public_score, public_order = EXCLUDED.public_order,
                public_at = EXCLUDED.public_at, private_score = EXCLUDED.private_score,
                private_order = EXCLUDED.private_order, private_at = EXCLUDED.private_at,
                entries = EXCLUDED.entries",
        c.id,
        users as _,
        sign(c),
    )
    .execute(&mut *conn)
    .await?;
    let after = on_board(conn, c, users).await?;
    // A change by the difference: uploads of different people refresh concurrently, and each
    // sees only its own rows (a whole-board refresh holds the competition exclusively). The
    // inserted value is checked even when the row exists, hence GREATEST: a decrease always
    // finds its row.
    sqlx::query!(
        "INSERT INTO competition_counts (competition_id, on_board, standings_version)
         VALUES ($1, GREATEST($2, 0), 1)
         ON CONFLICT (competition_id) DO UPDATE
            SET on_board = competition_counts.on_board + $2,
                standings_version = competition_counts.standings_version + 1",
        c.id,
        (after - before) as i32,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// One more (`1`) or one fewer (`-1`) participant.
pub async fn count_participants(conn: &mut PgConnection, competition: Uuid, by: i32) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO competition_counts (competition_id, participants) VALUES ($1, GREATEST($2, 0))
         ON CONFLICT (competition_id) DO UPDATE SET participants = competition_counts.participants + $2",
        competition,
        by,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A whole board, ranked, with each row's confidence band when the stored bands are the
/// standings version's.
async fn rows(conn: &mut PgConnection, c: &Competition, board: Board) -> AppResult<Vec<LeaderboardRow>> {
    let with_bands = c.bands_current(board);
    // One query per board: the ORDER BY must name the board's own columns to use its index.
    macro_rules! ranked_rows {
        ($sql:literal) => {
            sqlx::query!($sql, c.id, with_bands)
                .fetch_all(conn)
                .await?
                .into_iter()
                .map(|r| LeaderboardRow {
                    rank: r.rank,
                    user_id: r.user_id,
                    display_name: r.display_name,
                    score: r.score,
                    submitted_at: r.submitted_at,
                    entries: r.entries,
                    interval: r.low.zip(r.high).map(|(low, high)| Interval { low, high }),
                    tie_group: r.tie_group,
                })
                .collect()
        };
    }
    Ok(match board {
        Board::Public => ranked_rows!(
            r#"SELECT row_number() OVER (ORDER BY st.public_order, st.public_at, st.user_id) AS "rank!",
                      st.user_id, u.display_name, st.public_score AS score,
                      st.public_at AS "submitted_at: DateTime<Utc>", st.entries::int8 AS "entries!",
                      b.low AS "low?", b.high AS "high?", b.tie_group AS "tie_group?"
                 FROM competition_standings st JOIN users u ON u.id = st.user_id
                 LEFT JOIN competition_bands b
                        ON $2 AND b.competition_id = st.competition_id AND b.board = 'public' AND b.user_id = st.user_id
                WHERE st.competition_id = $1
                ORDER BY 1"#
        ),
        Board::Private => ranked_rows!(
            r#"SELECT row_number() OVER (ORDER BY st.private_order, st.private_at, st.user_id) AS "rank!",
                      st.user_id, u.display_name, st.private_score AS score,
                      st.private_at AS "submitted_at: DateTime<Utc>", st.entries::int8 AS "entries!",
                      b.low AS "low?", b.high AS "high?", b.tie_group AS "tie_group?"
                 FROM competition_standings st JOIN users u ON u.id = st.user_id
                 LEFT JOIN competition_bands b
                        ON $2 AND b.competition_id = st.competition_id AND b.board = 'private' AND b.user_id = st.user_id
                WHERE st.competition_id = $1
                ORDER BY 1"#
        ),
    })
}

/// A whole ranked board as one version of the standings left it, kept in memory.
struct Ranked {
    rows: Vec<LeaderboardRow>,
    /// Each participant's place in `rows`.
    places: HashMap<Uuid, usize>,
}

/// The ranked boards read by pages and the API, per competition, standings version and board,
/// bounded by size (`MERIT_BOARD_CACHE_MB`, 64 by default). A version is never reused, so a
/// copy is right for as long as the competition row says that version (every instance reads
/// it with the competition), and several instances need no coordination.
fn board_cache() -> &'static BoardCache {
    static CACHE: OnceLock<BoardCache> = OnceLock::new();
    CACHE.get_or_init(|| {
        let megabytes: u64 = std::env::var("MERIT_BOARD_CACHE_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
        Cache::with_weighter(256, megabytes << 20, RankedWeight)
    })
}

/// Competition, standings version, whether its bands had arrived, board.
type BoardKey = (Uuid, i64, bool, Board);
type BoardCache = Cache<BoardKey, Arc<Ranked>, RankedWeight>;

#[derive(Clone)]
struct RankedWeight;

impl quick_cache::Weighter<BoardKey, Arc<Ranked>> for RankedWeight {
    fn weight(&self, _: &BoardKey, board: &Arc<Ranked>) -> u64 {
        let per_row = size_of::<LeaderboardRow>() + 48; // and its place
        let names: usize = board.rows.iter().map(|r| r.display_name.len()).sum();
        (board.rows.len() * per_row + names + 64) as u64
    }
}

/// The ranked board of the competition's standings version: from memory, or read once (one
/// reader per version and board; others wait for it). Read paths only: a transaction that
/// changes the standings reads them with [`public_rank`] and [`public_board`].
async fn ranked(conn: &mut PgConnection, c: &Competition, board: Board) -> AppResult<Arc<Ranked>> {
    board_cache()
        .get_or_insert_async(&(c.id, c.standings_version, c.bands_current(board), board), async {
            let rows = rows(conn, c, board).await?;
            let places = rows.iter().enumerate().map(|(i, r)| (r.user_id, i)).collect();
            Ok::<_, AppError>(Arc::new(Ranked { rows, places }))
        })
        .await
}

/// One page of a board.
pub async fn page(
    conn: &mut PgConnection,
    c: &Competition,
    board: Board,
    request: PageRequest,
) -> AppResult<Page<LeaderboardRow>> {
    let ranked = ranked(conn, c, board).await?;
    let items = ranked
        .rows
        .iter()
        .skip(usize::try_from(request.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(request.limit()).unwrap_or(0))
        .cloned()
        .collect();
    Ok(Page::new(items, ranked.rows.len() as i64, request))
}

/// The baselines on a board of the competition's standings version, each placed after the
/// participants scoring at least as well (the board is in score order, best first).
pub async fn baselines_on(
    conn: &mut PgConnection,
    c: &Competition,
    board: Board,
    stored: &[BaselineScores],
) -> AppResult<Vec<Baseline>> {
    let ranked = ranked(conn, c, board).await?;
    Ok(stored
        .iter()
        .map(|b| {
            let score = b.on(board);
            let ahead = ranked.rows.partition_point(|r| !c.metric.better(score, r.score));
            Baseline { name: b.kind, score, ahead: ahead as i64 }
        })
        .collect())
}

/// Everyone's scored entries: the sum of the standings' counts, which the standings keep in the
/// transaction that scores or removes an entry (counting the submissions cost 45 ms a page at
/// 200,000 entries).
pub async fn entries(conn: &mut PgConnection, c: &Competition) -> AppResult<i64> {
    Ok(ranked(conn, c, Board::Public).await?.rows.iter().map(|r| r.entries).sum())
}

/// A whole board of the competition's standings version (read paths).
pub async fn whole(conn: &mut PgConnection, c: &Competition, board: Board) -> AppResult<Vec<LeaderboardRow>> {
    Ok(ranked(conn, c, board).await?.rows.clone())
}

/// The whole public board (for the rank moves of a rescoring).
pub async fn public_board(conn: &mut PgConnection, c: &Competition) -> AppResult<Vec<LeaderboardRow>> {
    rows(conn, c, Board::Public).await
}

/// `user`'s rank and best score on the public board, if they are on it, as this transaction
/// sees it (`public_rank` in the migrations counts the rows ahead through the board's index).
pub async fn public_rank(conn: &mut PgConnection, c: &Competition, user: Uuid) -> AppResult<Option<(i64, f64)>> {
    let row = sqlx::query!(
        r#"SELECT public_rank(me) AS "rank!", me.public_score
             FROM competition_standings me WHERE me.competition_id = $1 AND me.user_id = $2"#,
        c.id,
        user,
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.rank, r.public_score)))
}

/// `user`'s rank and best score on the board of the competition's standings version, if they
/// are on it.
pub async fn rank_on_board(
    conn: &mut PgConnection,
    c: &Competition,
    board: Board,
    user: Uuid,
) -> AppResult<Option<(i64, f64)>> {
    let ranked = ranked(conn, c, board).await?;
    Ok(ranked.places.get(&user).map(|&place| {
        let row = &ranked.rows[place];
        (row.rank, row.score)
    }))
}

/// `user`'s row with up to `around` rows above and below; empty when not on the board.
pub async fn around(
    conn: &mut PgConnection,
    c: &Competition,
    board: Board,
    user: Uuid,
    around: usize,
) -> AppResult<Vec<LeaderboardRow>> {
    let ranked = ranked(conn, c, board).await?;
    let Some(&place) = ranked.places.get(&user) else {
        return Ok(Vec::new());
    };
    let from = place.saturating_sub(around);
    let to = (place + around + 1).min(ranked.rows.len());
    Ok(ranked.rows[from..to].to_vec())
}

/// The best score on the public board.
pub async fn best_public(conn: &mut PgConnection, c: &Competition) -> AppResult<Option<f64>> {
    Ok(sqlx::query_scalar!(
        "SELECT public_score FROM competition_standings WHERE competition_id = $1
          ORDER BY public_order, public_at, user_id LIMIT 1",
        c.id,
    )
    .fetch_optional(conn)
    .await?)
}
