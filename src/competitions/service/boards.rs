//! The public and private leaderboards, by page or around the viewer.

use super::*;

pub async fn leaderboard(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    board: Board,
    page: PageRequest,
) -> AppResult<Page<LeaderboardRow>> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    board_visible(&c, board)?;
    standings::page(&mut conn, &c, board, page).await
}

/// The actor's row with up to five rows above and five below; empty when not on the board.
pub async fn around_me(pool: &PgPool, ctx: &Ctx, id: Uuid, board: Board) -> AppResult<Vec<LeaderboardRow>> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    board_visible(&c, board)?;
    standings::around(&mut conn, &c, board, ctx.user_id(), 5).await
}
