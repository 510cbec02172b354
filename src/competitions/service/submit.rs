//! Submitting predictions: checked and scored before any lock, stored under the daily limit,
//! and ranked in the same transaction.

use super::*;

/// The competition, when the actor may submit to it now: enrolled (not the sponsor), active and
/// before the deadline. With `lock`, takes the competition row `FOR SHARE` and the
/// enrollment row `FOR UPDATE`, which serializes one participant's uploads.
async fn may_submit(conn: &mut PgConnection, ctx: &Ctx, id: Uuid, lock: bool) -> AppResult<Competition> {
    let c = if lock { load_locked(conn, ctx, id, false).await? } else { load(conn, ctx, id).await? };
    if c.sponsor_id == ctx.user_id() {
        return Err(AppError::Forbidden);
    }
    if enrolled_at(conn, id, ctx.user_id(), lock).await?.is_none() {
        return Err(AppError::Forbidden);
    }
    if c.status == CompetitionStatus::Ended || c.deadline <= ctx.now {
        return Err(AppError::conflict(
            ConflictReason::DeadlinePassed,
            "The deadline has passed; submissions are closed.",
        ));
    }
    if c.status != CompetitionStatus::Active || c.starts_at > ctx.now {
        return Err(AppError::conflict(
            ConflictReason::CompetitionStatus,
            "The competition is not accepting submissions.",
        ));
    }
    Ok(c)
}

/// Whether the actor may upload predictions now: checked before the adapter reads the file, so
/// nobody who could not submit can make Merit read one.
pub async fn may_submit_now(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<()> {
    let mut conn = pool.acquire().await?;
    let c = may_submit(&mut conn, ctx, id, false).await?;
    // With both of today's quotas used up, no file could be accepted: say so before it is read.
    let used = used_today(&mut conn, ctx, id).await?;
    let limit = i64::from(c.daily_submission_limit);
    if used >= limit && invalid_today(&mut conn, ctx, id).await? >= INVALID_UPLOADS_PER_DAY {
        let scope = Some(LimitScope::Daily);
        return Err(AppError::RateLimited(RateLimit { limit, used, resets_at: next_midnight(ctx.now), scope }));
    }
    Ok(())
}

/// Invalid uploads the participant made today (UTC).
async fn invalid_today(conn: &mut PgConnection, ctx: &Ctx, competition: Uuid) -> AppResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM competition_submissions
            WHERE competition_id = $1 AND user_id = $2 AND status = 'invalid' AND created_at >= $3"#,
        competition,
        ctx.user_id(),
        today_start(ctx.now) as _,
    )
    .fetch_one(conn)
    .await?)
}

/// A prediction file and the memory reserved for it, kept together while it is checked.
struct Held {
    bytes: Vec<u8>,
    _room: Option<Room>,
}

/// Validates and scores a prediction file against a key, off the async threads. Hands the file
/// back with what the check found.
async fn check_file(
    c: &Competition,
    key: Arc<AnswerKey>,
    held: Held,
) -> AppResult<(Held, Checked, Option<crate::competitions::validation::Scores>)> {
    let file_spec = spec(c);
    let metric = c.metric;
    blocking(move || {
        let mut checked = validate_submission(&held.bytes, &file_spec, &key);
        let scores = match &checked.predictions {
            Ok(predictions) => match score(metric, &key, predictions) {
                Ok(scores) => Some(scores),
                Err(e) => {
                    checked.predictions = Err(vec![score_problem(e)]);
                    None
                }
            },
            Err(_) => None,
        };
        (held, checked, scores)
    })
    .await
}

fn next_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    today_start(now) + Duration::days(1)
}

/// Uploads predictions (participant, active competition, before the deadline). Invalid files
/// are kept with their errors, answered with 400 and counted against their own generous daily
/// limit; valid ones count against the daily limit. Both hold under parallel uploads because
/// each counts and writes under the enrollment row lock.
pub async fn submit(pool: &PgPool, ctx: &Ctx, id: Uuid, upload: Upload) -> AppResult<Submission> {
    // The file is checked and scored before any lock is taken, so parallel uploads of one
    // participant (and the sponsor's tools) wait only for the short write at the end.
    let (c, version, key) = {
        let mut conn = pool.acquire().await?;
        let c = may_submit(&mut conn, ctx, id, false).await?;
        let (version, key) = current_key(&mut conn, id)
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("active competition {id} has no key")))?;
        (c, version, key)
    };
    let Upload { file_name, bytes, room } = upload;
    let held = Held { bytes, _room: room };
    let (mut held, mut checked, mut scores) = check_file(&c, key, held).await?;

    let mut tx = pool.begin().await?;
    let c = may_submit(&mut tx, ctx, id, true).await?;
    // Only the version is compared under the lock; the key is read again only if it changed.
    let current = current_version(&mut tx, id).await?;
    let version = if current == version {
        version
    } else {
        // A new key version arrived meanwhile; score against the version that is current now.
        let (current, key) = current_key(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("active competition {id} has no key")))?;
        (held, checked, scores) = check_file(&c, key, held).await?;
        current
    };
    let bytes = held.bytes;
    let size = bytes.len().min(i32::MAX as usize) as i32;
    let rows = checked.rows.min(i32::MAX as u64) as i32;
    let file_name: String = file_name.chars().take(255).collect();
    let warnings = serde_json::to_value(&checked.warnings).map_err(anyhow::Error::new)?;
    let sid = Uuid::new_v4();
    match (checked.predictions, scores) {
        (Ok(_), Some(scores)) => {
            let used = used_today(&mut tx, ctx, id).await?;
            let limit = i64::from(c.daily_submission_limit);
            if used >= limit {
                return Err(AppError::RateLimited(RateLimit {
                    limit,
                    used,
                    resets_at: next_midnight(ctx.now),
                    scope: Some(LimitScope::Daily),
                }));
            }
            let previous_rank = standings::public_rank(&mut tx, &c, ctx.user_id()).await?.map(|(rank, _)| rank);
            sqlx::query!(
                "INSERT INTO competition_submissions (id, organization_id, competition_id, user_id, file_name, file_bytes,
                        size_bytes, row_count, status, score, public_score, private_score, counts_toward_limit,
                        answer_key_version, warnings)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'scored', $9, $10, $11, true, $12, $13)",
                sid,
                ctx.organization_id(),
                id,
                ctx.user_id(),
                &file_name,
                &bytes,
                size,
                rows,
                scores.overall,
                scores.public,
                scores.private,
                version,
                &warnings,
            )
            .execute(&mut *tx)
            .await?;
            standings::refresh(&mut tx, &c, Some(&[ctx.user_id()])).await?;
            let rank = standings::public_rank(&mut tx, &c, ctx.user_id()).await?.map(|(rank, _)| rank);
            // Whoever this entry overtook lost a place: those now between its new and old rank.
            if let Some(rank) = rank.filter(|rank| previous_rank.is_none_or(|previous| *rank < previous)) {
                let link = format!("/competitions/{}?tab=leaderboard", c.slug);
                notify_overtaken(&mut tx, ctx, id, &link, &c.title, rank, previous_rank).await?;
            }
            writer::record_change(&mut tx, ctx, "competition.submit", "competition_submission", sid,
                json!({ "competitionId": id, "fileName": file_name, "publicScore": scores.public, "rank": rank, "previousRank": previous_rank })).await?;
            let mut submission = load_submission(&mut tx, &c, sid).await?;
            hide_private(&c, &mut submission);
            submission.rank = rank;
            submission.previous_rank = previous_rank;
            tx.commit().await?;
            bands::wake();
            Ok(submission)
        }
        (predictions, _) => {
            let errors = predictions.err().unwrap_or_default();
            let invalid_today = invalid_today(&mut tx, ctx, id).await?;
            if invalid_today >= INVALID_UPLOADS_PER_DAY {
                return Err(AppError::RateLimited(RateLimit {
                    limit: INVALID_UPLOADS_PER_DAY,
                    used: invalid_today,
                    resets_at: next_midnight(ctx.now),
                    scope: Some(LimitScope::Invalid),
                }));
            }
            sqlx::query!(
                "INSERT INTO competition_submissions (id, organization_id, competition_id, user_id, file_name, file_bytes,
                        size_bytes, row_count, status, validation_errors, counts_toward_limit, answer_key_version, warnings)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'invalid', $9, false, $10, $11)",
                sid,
                ctx.organization_id(),
                id,
                ctx.user_id(),
                &file_name,
                // Only valid files are ever read again (rescoring); an invalid one keeps its
                // errors, which are short by construction (counts, ten lines, ten examples).
                &Vec::<u8>::new(),
                size,
                rows,
                serde_json::to_value(&errors).map_err(anyhow::Error::new)?,
                version,
                &warnings,
            )
            .execute(&mut *tx)
            .await?;
            let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
            writer::record_change(
                &mut tx,
                ctx,
                "competition.submission_invalid",
                "competition_submission",
                sid,
                json!({ "competitionId": id, "fileName": file_name, "codes": codes }),
            )
            .await?;
            tx.commit().await?;
            Err(AppError::InvalidFile(errors))
        }
    }
}
