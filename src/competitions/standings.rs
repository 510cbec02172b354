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

use quick_cache::sync::Cache;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Board, Competition, LeaderboardRow};
use crate::domain::{Page, PageRequest};
use crate::error::{AppError, AppResult};

/// The column prefix of a board.
fn prefix(board: Board) -> &'static str {
    match board {
        Board::Public => "public",
        Board::Private => "private",
    }
}

/// -1 when higher scores are better (the order is the negated score), 1 otherwise.
fn sign(c: &Competition) -> f64 {
    if c.metric.higher_is_better() {
        -1.0
    } else {
        1.0
    }
}

/// How many of `users` (everyone when `None`) are on the board.
async fn on_board(
    conn: &mut PgConnection,
    c: &Competition,
    users: Option<&[Uuid]>,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM competition_standings
          WHERE competition_id = $1 AND ($2::uuid[] IS NULL OR user_id = ANY($2))",
    )
    .bind(c.id)
    .bind(users)
    .fetch_one(conn)
    .await?)
}

/// Recomputes the standings of `users` (every participant when `None`) from their scored
/// submissions: a row for whoever has one, none for whoever has none left. Callers hold the
/// lock that serializes writes to those submissions (the enrollment row or the competition).
pub async fn refresh(
    conn: &mut PgConnection,
    c: &Competition,
    users: Option<&[Uuid]>,
) -> AppResult<()> {
    let before = on_board(conn, c, users).await?;
    sqlx::query(
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
    )
    .bind(c.id)
    .bind(users)
    .bind(sign(c))
    .execute(&mut *conn)
    .await?;
    let after = on_board(conn, c, users).await?;
    // A change by the difference: uploads of different people refresh concurrently, and each
    // sees only its own rows (a whole-board refresh holds the competition exclusively). The
    // inserted value is checked even when the row exists, hence GREATEST: a decrease always
    // finds its row.
    sqlx::query(
        "INSERT INTO competition_counts (competition_id, on_board, standings_version)
         VALUES ($1, GREATEST($2, 0), 1)
         ON CONFLICT (competition_id) DO UPDATE
            SET on_board = competition_counts.on_board + $2,
                standings_version = competition_counts.standings_version + 1",
    )
    .bind(c.id)
    .bind((after - before) as i32)
    .execute(conn)
    .await?;
    Ok(())
}

/// One more (`1`) or one fewer (`-1`) participant.
pub async fn count_participants(
    conn: &mut PgConnection,
    competition: Uuid,
    by: i32,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO competition_counts (competition_id, participants) VALUES ($1, GREATEST($2, 0))
         ON CONFLICT (competition_id) DO UPDATE SET participants = competition_counts.participants + $2",
    )
    .bind(competition)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// A whole board, ranked.
async fn rows(
    conn: &mut PgConnection,
    c: &Competition,
    board: Board,
) -> AppResult<Vec<LeaderboardRow>> {
    let b = prefix(board);
    let sql = format!(
        "SELECT row_number() OVER (ORDER BY st.{b}_order, st.{b}_at, st.user_id) AS rank,
                st.user_id, u.display_name, st.{b}_score AS score, st.{b}_at AS submitted_at,
                st.entries::int8 AS entries
           FROM competition_standings st JOIN users u ON u.id = st.user_id
          WHERE st.competition_id = $1
          ORDER BY rank"
    );
    Ok(sqlx::query_as(&sql).bind(c.id).fetch_all(conn).await?)
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
        let megabytes: u64 = std::env::var("MERIT_BOARD_CACHE_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64);
        Cache::with_weighter(256, megabytes << 20, RankedWeight)
    })
}

/// Competition, standings version, board.
type BoardKey = (Uuid, i64, Board);
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
/// changes the standings reads them with [`rank`] and [`all`].
async fn ranked(conn: &mut PgConnection, c: &Competition, board: Board) -> AppResult<Arc<Ranked>> {
    board_cache()
        .get_or_insert_async(&(c.id, c.standings_version, board), async {
            let rows = rows(conn, c, board).await?;
            let places = rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.user_id, i))
                .collect();
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

/// The whole board (for the rank moves of a rescoring).
pub async fn all(
    conn: &mut PgConnection,
    c: &Competition,
    board: Board,
) -> AppResult<Vec<LeaderboardRow>> {
    rows(conn, c, board).await
}

/// SQL for the rank of the standings row named `me` on a board: one more than the rows ahead
/// of it, read through the board's index.
pub fn rank_of_me(board: Board) -> String {
    let b = prefix(board);
    format!(
        "(1 + (SELECT count(*) FROM competition_standings o
                WHERE o.competition_id = me.competition_id
                  AND (o.{b}_order, o.{b}_at, o.user_id) < (me.{b}_order, me.{b}_at, me.user_id)))"
    )
}

/// `user`'s rank and best score on a board, if they are on it.
pub async fn rank(
    conn: &mut PgConnection,
    c: &Competition,
    board: Board,
    user: Uuid,
) -> AppResult<Option<(i64, f64)>> {
    let b = prefix(board);
    let sql = format!(
        "SELECT {rank}, me.{b}_score
           FROM competition_standings me WHERE me.competition_id = $1 AND me.user_id = $2",
        rank = rank_of_me(board)
    );
    Ok(sqlx::query_as(&sql)
        .bind(c.id)
        .bind(user)
        .fetch_optional(conn)
        .await?)
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

/// The best score on a board.
pub async fn best(
    conn: &mut PgConnection,
    c: &Competition,
    board: Board,
) -> AppResult<Option<f64>> {
    let b = prefix(board);
    let sql = format!(
        "SELECT {b}_score FROM competition_standings WHERE competition_id = $1
          ORDER BY {b}_order, {b}_at, user_id LIMIT 1"
    );
    Ok(sqlx::query_scalar(&sql)
        .bind(c.id)
        .fetch_optional(conn)
        .await?)
}
