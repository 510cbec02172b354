//! Reading submissions (a participant's own, the sponsor's view of all) and invalidating one.

use super::*;

pub(super) async fn load_submission(conn: &mut PgConnection, c: &Competition, sid: Uuid) -> AppResult<Submission> {
    select_submissions!("WHERE s.id = $1 AND s.competition_id = $2", sid, c.id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Private scores stay hidden from participants until the deadline.
pub(super) fn hide_private(c: &Competition, s: &mut Submission) {
    if c.status != CompetitionStatus::Ended {
        s.private_score = None;
    }
}

/// A page of submissions of the competition: `user` narrows to one participant, `status` to
/// some statuses. Newest first unless `sort` says otherwise.
pub(in crate::competitions) async fn submissions_page(
    conn: &mut PgConnection,
    c: &Competition,
    user: Option<Uuid>,
    statuses: &[SubmissionStatus],
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<Page<Submission>> {
    let wanted: Vec<&str> = if statuses.is_empty() {
        SubmissionStatus::ALL.iter().map(|s| s.as_str()).collect()
    } else {
        statuses.iter().map(|s| s.as_str()).collect()
    };
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM competition_submissions s
            WHERE s.competition_id = $1 AND ($2::uuid IS NULL OR s.user_id = $2) AND s.status = ANY($3)"#,
        c.id,
        user,
        &wanted as _,
    )
    .fetch_one(&mut *conn)
    .await?;
    let items = select_submissions!(
        "WHERE s.competition_id = $1 AND ($2::uuid IS NULL OR s.user_id = $2) AND s.status = ANY($3)
          ORDER BY CASE WHEN $6 = 'score' AND NOT $7 THEN s.public_score END ASC NULLS LAST,
                   CASE WHEN $6 = 'score' AND $7 THEN s.public_score END DESC NULLS LAST,
                   CASE WHEN $6 = 'submittedAt' AND NOT $7 THEN s.created_at END ASC,
                   s.created_at DESC, s.id LIMIT $4 OFFSET $5",
        c.id,
        user,
        &wanted as _,
        page.limit(),
        page.offset(),
        sort.map(|s| s.field),
        sort.is_some_and(|s| s.descending),
    )
    .fetch_all(conn)
    .await?;
    Ok(Page::new(items, total, page))
}

/// The actor's own submissions, newest first.
pub async fn my_submissions(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<Page<Submission>> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    own_submissions(&mut conn, ctx, &c, sort, page).await
}

pub(in crate::competitions) async fn own_submissions(
    conn: &mut PgConnection,
    ctx: &Ctx,
    c: &Competition,
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<Page<Submission>> {
    let mut result = submissions_page(conn, c, Some(ctx.user_id()), &[], sort, page).await?;
    for s in &mut result.items {
        hide_private(c, s);
    }
    Ok(result)
}

/// One submission: its owner and the sponsor may read it.
pub async fn submission(pool: &PgPool, ctx: &Ctx, id: Uuid, sid: Uuid) -> AppResult<Submission> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    let mut s = load_submission(&mut conn, &c, sid).await?;
    if s.user_id != ctx.user_id() && c.sponsor_id != ctx.user_id() {
        return Err(AppError::NotFound);
    }
    if c.sponsor_id != ctx.user_id() {
        hide_private(&c, &mut s);
    }
    Ok(s)
}

/// The private board appears after the deadline.
pub(in crate::competitions) fn board_visible(c: &Competition, board: Board) -> AppResult<()> {
    if board == Board::Private && c.status != CompetitionStatus::Ended {
        return Err(AppError::conflict(
            ConflictReason::PrivateHidden,
            "The private leaderboard appears after the deadline.",
        ));
    }
    Ok(())
}

pub async fn admin_submissions(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    user: Option<Uuid>,
    statuses: &[SubmissionStatus],
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<Page<Submission>> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    submissions_page(&mut conn, &c, user, statuses, sort, page).await
}

/// Invalidates a scored submission (sponsor) with a reason; it leaves the leaderboard and its
/// owner sees the reason in their history.
pub async fn invalidate(pool: &PgPool, ctx: &Ctx, id: Uuid, sid: Uuid, reason: &str) -> AppResult<Submission> {
    let mut tx = pool.begin().await?;
    let c = sponsor_only(&mut tx, ctx, id, true).await?;
    let before = load_submission(&mut tx, &c, sid).await?;
    let reason = reason.trim();
    if !fits(reason, competition_settings::MAX_INVALIDATION_REASON_CHARS) {
        return Err(AppError::validation(
            "reason",
            FieldCode::Required,
            format!(
                "a reason is required (at most {} characters)",
                competition_settings::MAX_INVALIDATION_REASON_CHARS
            ),
        ));
    }
    if before.status != SubmissionStatus::Scored {
        return Err(AppError::conflict(
            ConflictReason::SubmissionStatus,
            format!("The submission is {}; only scored submissions can be invalidated.", before.status.as_str()),
        ));
    }
    let rank_before = standings::public_rank(&mut tx, &c, before.user_id).await?;
    sqlx::query!(
        "UPDATE competition_submissions SET status = 'invalidated', invalidated_by = $2, invalidated_at = now(),
                invalidation_reason = $3, updated_at = now() WHERE id = $1",
        sid,
        ctx.user_id(),
        reason,
    )
    .execute(&mut *tx)
    .await?;
    standings::refresh(&mut tx, &c, Some(&[before.user_id])).await?;
    let rank_after = standings::public_rank(&mut tx, &c, before.user_id).await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.submission_invalidate",
        "competition_submission",
        sid,
        json!({
            "competitionId": id, "userId": before.user_id, "reason": reason,
            "rankBefore": rank_before.map(|(rank, _)| rank),
            "rankAfter": rank_after.map(|(rank, _)| rank),
        }),
    )
    .await?;
    let after = load_submission(&mut tx, &c, sid).await?;
    tx.commit().await?;
    Ok(after)
}
