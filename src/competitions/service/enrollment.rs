//! Joining and leaving a competition, and the viewer's standing in it.

use super::*;

pub async fn enroll(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserContext> {
    let mut tx = pool.begin().await?;
    let c = load(&mut tx, ctx, id).await?;
    if c.sponsor_id == ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    if c.status != CompetitionStatus::Active {
        return Err(AppError::conflict(
            ConflictReason::CompetitionStatus,
            format!("The competition is {}; enrollment needs it active.", c.status.as_str()),
        ));
    }
    let inserted = sqlx::query!(
        "INSERT INTO competition_enrollments (organization_id, competition_id, user_id)
         VALUES ($1, $2, $3) ON CONFLICT (competition_id, user_id) DO NOTHING",
        ctx.organization_id(),
        id,
        ctx.user_id(),
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    settle(tx, ctx, &c, inserted > 0, 1, "competition.enroll").await
}

/// Leaves a competition; submissions stay (and on the leaderboard).
pub async fn unenroll(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserContext> {
    let mut tx = pool.begin().await?;
    let c = load(&mut tx, ctx, id).await?;
    let deleted = sqlx::query!(
        "DELETE FROM competition_enrollments WHERE competition_id = $1 AND user_id = $2",
        id,
        ctx.user_id(),
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    settle(tx, ctx, &c, deleted > 0, -1, "competition.unenroll").await
}

/// After joining (`by` 1) or leaving (-1): when the enrollment `changed`, counts it and audits
/// it; answers the actor's standing as this transaction leaves it.
async fn settle(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    ctx: &Ctx,
    c: &Competition,
    changed: bool,
    by: i32,
    action: &str,
) -> AppResult<UserContext> {
    if changed {
        standings::count_participants(&mut tx, c.id, by).await?;
        writer::record_change(&mut tx, ctx, action, "competition", c.id, json!({})).await?;
    }
    let context = user_context(&mut tx, ctx, c, Ranks::Counted).await?;
    tx.commit().await?;
    Ok(context)
}

pub async fn enrollment(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<UserContext> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    user_context(&mut conn, ctx, &c, Ranks::FromBoard).await
}
