//! The four-eyes decision on a nomination (never by its submitter), and the nominee's running
//! total an approval adds to.

use super::*;

/// Approves a pending nomination, with an optional comment the submitter and reviewers see.
pub async fn approve(pool: &PgPool, ctx: &Ctx, nomination_id: Uuid, input: &ApproveInput) -> AppResult<Nomination> {
    decide(pool, ctx, nomination_id, true, input.comment.as_deref()).await
}

/// Rejects a pending nomination; the reason is required and shown to the submitter.
pub async fn reject(pool: &PgPool, ctx: &Ctx, nomination_id: Uuid, input: &RejectInput) -> AppResult<Nomination> {
    decide(pool, ctx, nomination_id, false, input.reason.as_deref()).await
}

/// Open and closed cycles with pending nominations the reader may decide (not theirs, not about
/// them: the rule [`decide`] enforces), soonest deadline first. Empty for those who do not decide.
pub async fn awaiting_decision(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<PendingNominations>> {
    if !nominates(ctx.actor.role) {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as!(
        PendingNominations,
        r#"SELECT c.id AS cycle_id, c.name AS cycle_name, count(*) AS "pending!"
             FROM nominations n JOIN nomination_cycles c ON c.id = n.cycle_id
            WHERE n.organization_id = $1 AND n.status = 'pending' AND c.status IN ('open', 'closed')
              AND n.submitted_by <> $2 AND n.nominee_id <> $2
            GROUP BY c.id, c.name, c.end_at ORDER BY c.end_at, c.name"#,
        ctx.organization_id(),
        ctx.user_id(),
    )
    .fetch_all(pool)
    .await?)
}

/// Approves or rejects a pending nomination; never by its submitter or its nominee. `note` is
/// the approval's comment or the rejection's reason (required).
async fn decide(
    pool: &PgPool,
    ctx: &Ctx,
    nomination_id: Uuid,
    approve: bool,
    note: Option<&str>,
) -> AppResult<Nomination> {
    ctx.require(nominates)?;
    let mut tx = pool.begin().await?;
    let cycle_id = sqlx::query_scalar!(
        "SELECT cycle_id FROM nominations WHERE id = $1 AND organization_id = $2",
        nomination_id,
        ctx.organization_id(),
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    // The cycle first, then the nomination: the same order as everything else that holds both.
    let cycle_status = load_cycle(&mut tx, ctx, cycle_id, Hold::Shared).await?.status;
    let row = sqlx::query!(
        r#"SELECT nominee_id, submitted_by, status AS "status: NominationStatus"
             FROM nominations WHERE id = $1 FOR UPDATE"#,
        nomination_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    if row.submitted_by == ctx.user_id() || row.nominee_id == ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    let note = note.map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    let field = if approve { "comment" } else { "reason" };
    if !approve && note.is_none() {
        return Err(AppError::validation("reason", FieldCode::Required, "a reason is required to reject"));
    }
    if note.as_ref().is_some_and(|r| r.chars().count() > rules::MAX_NOTE_CHARS) {
        return Err(AppError::Validation(vec![too_long(field)]));
    }
    let status = row.status;
    if status != NominationStatus::Pending {
        return Err(AppError::conflict_with(
            ConflictReason::AlreadyDecided,
            format!("This nomination is already {}.", status.as_str()),
            json!({ "status": status }),
        ));
    }
    if cycle_status == CycleStatus::Finalized {
        return Err(AppError::conflict_with(
            ConflictReason::CycleStatus,
            "The cycle is finalized.",
            json!({ "status": cycle_status }),
        ));
    }
    let (new_status, decision) =
        if approve { (NominationStatus::Approved, "approve") } else { (NominationStatus::Rejected, "reject") };
    sqlx::query!(
        "UPDATE nominations SET status = $2, updated_at = now() WHERE id = $1",
        nomination_id,
        new_status.as_str(),
    )
    .execute(&mut *tx)
    .await?;
    if approve {
        add_to_total(&mut tx, nomination_id).await?;
    }
    let (reason, comment) = if approve { (None, note) } else { (note, None) };
    sqlx::query!(
        "INSERT INTO nomination_decisions (organization_id, nomination_id, actor_user_id, decision, reason, comment)
         VALUES ($1, $2, $3, $4, $5, $6)",
        ctx.organization_id(),
        nomination_id,
        ctx.user_id(),
        decision,
        reason.as_deref(),
        comment.as_deref(),
    )
    .execute(&mut *tx)
    .await?;
    let action = if approve { "nomination.approved" } else { "nomination.rejected" };
    writer::record_change(
        &mut tx,
        ctx,
        action,
        "nomination",
        nomination_id,
        json!({ "reason": reason, "comment": comment }),
    )
    .await?;
    let nomination =
        load_nominations(&mut tx, cycle_id, Some(nomination_id), Seen::All).await?.pop().ok_or(AppError::NotFound)?;
    // The submitter learns the decision; the nominee is not told who nominated them or why.
    let data = json!({
        "nominee": nomination.nominee_name, "decision": new_status.as_str(),
        "reason": nomination.decision_reason, "comment": nomination.decision_comment,
    });
    let link = format!("/nominations/{cycle_id}");
    let notice = Notice { kind: NotificationKind::NominationDecided, subject: nomination_id, link: &link, data };
    notify(&mut tx, ctx, &[nomination.submitted_by], notice).await?;
    tx.commit().await?;
    Ok(nomination)
}

/// Adds an approved nomination to its nominee's running total ([`compute`] reads them): its
/// weighted score (stored when it was made), in thousandths of a point, and one more approval.
/// The caller holds the nomination's row lock, so it is added once.
async fn add_to_total(conn: &mut PgConnection, nomination_id: Uuid) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO nomination_totals (cycle_id, nominee_id, organization_id, total, approved_count)
         SELECT n.cycle_id, n.nominee_id, n.organization_id, n.weighted_milli, 1
           FROM nominations n WHERE n.id = $1
         ON CONFLICT (cycle_id, nominee_id) DO UPDATE
            SET total = nomination_totals.total + EXCLUDED.total,
                approved_count = nomination_totals.approved_count + 1",
        nomination_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}
