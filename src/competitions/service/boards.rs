//! The public and private leaderboards, by page or around the viewer.

use super::*;

/// A page of a board with the baselines' scores on it.
pub async fn leaderboard(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    board: Board,
    page: PageRequest,
) -> AppResult<Leaderboard> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    board_visible(&c, board)?;
    let rows = standings::page(&mut conn, &c, board, page).await?;
    let baselines = baselines_of(&mut conn, ctx, &c).await?.iter().map(|b| b.on(board)).collect();
    Ok(Leaderboard { page: rows, baselines })
}

/// The current key version's baselines. Keys uploaded before baselines existed get theirs
/// here, once.
pub(in crate::competitions) async fn baselines_of(
    conn: &mut PgConnection,
    ctx: &Ctx,
    c: &Competition,
) -> AppResult<Vec<BaselineScores>> {
    let stored = baselines::of(conn, c.id, c.answer_key_version).await?;
    if !stored.is_empty() || c.answer_key_version == 0 {
        return Ok(stored);
    }
    let Some((version, key)) = current_key(conn, c.id).await? else {
        return Ok(stored);
    };
    let (metric, seed) = (c.metric, baselines::seed(c.id));
    let scored = blocking(move || baselines::score_all(metric, &key, seed)).await?;
    baselines::store(conn, ctx.organization_id(), c.id, version, &scored).await?;
    Ok(scored)
}

/// The actor's row with up to five rows above and five below; empty when not on the board.
pub async fn around_me(pool: &PgPool, ctx: &Ctx, id: Uuid, board: Board) -> AppResult<Vec<LeaderboardRow>> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    board_visible(&c, board)?;
    standings::around(&mut conn, &c, board, ctx.user_id(), 5).await
}

