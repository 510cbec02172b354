//! The public and private leaderboards, by page or around the viewer.

use super::*;
use crate::domain::shakeup;

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
    let stored = baselines_of(&mut conn, ctx, &c).await?;
    let baselines = standings::baselines_on(&mut conn, &c, board, &stored).await?;
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
    let scored = baselines_for(c, key).await?;
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

/// The shake-up between the public and the private board, for the sponsor once the private
/// board is out.
pub async fn shakeup(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Shakeup> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    board_visible(&c, Board::Private)?;
    shakeup_of(&mut conn, &c).await
}

/// The shake-up of `c`, whose private board is out (the caller checked who is asking).
pub(in crate::competitions) async fn shakeup_of(conn: &mut PgConnection, c: &Competition) -> AppResult<Shakeup> {
    let public = standings::whole(conn, c, Board::Public).await?;
    let private = standings::whole(conn, c, Board::Private).await?;
    let private_rank: HashMap<Uuid, i64> = private.iter().map(|r| (r.user_id, r.rank)).collect();
    let on_both: Vec<&LeaderboardRow> = public.iter().filter(|r| private_rank.contains_key(&r.user_id)).collect();
    let ranks: Vec<(i64, i64)> = on_both.iter().map(|r| (r.rank, private_rank[&r.user_id])).collect();
    let total_move: i64 = ranks.iter().map(|(public, private)| (public - private).abs()).sum();
    Ok(Shakeup {
        participants: ranks.len() as i64,
        spearman: shakeup::spearman(&ranks),
        moved: ranks.iter().filter(|(public, private)| public != private).count() as i64,
        mean_move: if ranks.is_empty() { 0.0 } else { total_move as f64 / ranks.len() as f64 },
        biggest_moves: shakeup::biggest_moves(&ranks, 10)
            .into_iter()
            .map(|i| ShakeupMove {
                user_id: on_both[i].user_id,
                display_name: on_both[i].display_name.clone(),
                public_rank: ranks[i].0,
                private_rank: ranks[i].1,
                places: ranks[i].0 - ranks[i].1,
            })
            .collect(),
    })
}
