//! Creating a competition (its creator becomes the sponsor, its slug is made from the title)
//! and editing its settings while it runs.

use super::*;
use crate::domain::slug::slugify;

/// Slugs that name pages of their own under `/competitions/`.
const RESERVED_SLUGS: &[&str] = &["new"];

pub async fn create(pool: &PgPool, ctx: &Ctx, input: &CompetitionInput) -> AppResult<Competition> {
    let mut errors = Vec::new();
    errors.extend(competition_settings::check_title(&input.title));
    errors.extend(competition_settings::check_description(&input.description));
    errors.extend(competition_settings::check_deadline(input.deadline, ctx.now));
    let metric = Metric::parse(input.metric.trim());
    if metric.is_none() {
        errors.push(FieldError::new(
            "metric",
            FieldCode::Invalid,
            "metric must be auc, accuracy, logloss, f1, rmse or mae",
        ));
    }
    errors.extend(competition_settings::check_columns(&input.id_column, &input.prediction_column));
    let limit = input.daily_submission_limit.unwrap_or(competition_settings::DEFAULT_DAILY_LIMIT);
    errors.extend(competition_settings::check_daily_limit(limit));
    let share = input.public_share.unwrap_or(competition_settings::DEFAULT_PUBLIC_SHARE);
    errors.extend(competition_settings::check_public_share(share));
    let Some(metric) = metric.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = pool.begin().await?;
    // One creation at a time per organization, so two identical titles get distinct slugs.
    crate::db::lock_scope(&mut tx, "competition-slug", ctx.organization_id()).await?;
    let base = slugify(&input.title, "competition");
    let taken = sqlx::query_scalar!(
        "SELECT slug FROM competitions WHERE organization_id = $1 AND (slug = $2 OR slug LIKE $2 || '-%')",
        ctx.organization_id(),
        &base,
    )
    .fetch_all(&mut *tx)
    .await?;
    let slug = (1..)
        .filter(|n| !(*n == 1 && RESERVED_SLUGS.contains(&base.as_str())))
        .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
        .find(|s| !taken.contains(s))
        .expect("some suffix is free");
    let split_secret: [u8; 32] = rand::random();
    let id = sqlx::query_scalar!(
        "INSERT INTO competitions (organization_id, slug, title, description, deadline, metric,
                                   id_column, prediction_column, daily_submission_limit, public_share,
                                   sponsor_id, split_secret)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::float8::numeric(3,2), $11, $12) RETURNING id",
        ctx.organization_id(),
        &slug,
        input.title.trim(),
        &input.description,
        input.deadline as _,
        metric.as_str(),
        input.id_column.trim(),
        input.prediction_column.trim(),
        limit,
        share,
        ctx.user_id(),
        &split_secret[..],
    )
    .fetch_one(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.create",
        "competition",
        id,
        json!({ "input": input, "slug": slug }),
    )
    .await?;
    let mut c = load(&mut tx, ctx, id).await?;
    c.user_context = Some(user_context(&mut tx, ctx, &c, Ranks::Counted).await?);
    tx.commit().await?;
    Ok(c)
}

pub async fn update(pool: &PgPool, ctx: &Ctx, id: Uuid, patch: &CompetitionPatch) -> AppResult<Competition> {
    let mut tx = pool.begin().await?;
    let before = sponsor_only(&mut tx, ctx, id, true).await?;
    let mut errors = Vec::new();
    if let Some(title) = &patch.title {
        errors.extend(competition_settings::check_title(title));
    }
    if let Some(description) = &patch.description {
        errors.extend(competition_settings::check_description(description));
    }
    if let Some(deadline) = patch.deadline {
        errors.extend(competition_settings::check_deadline(deadline, ctx.now));
    }
    if let Some(limit) = patch.daily_submission_limit {
        errors.extend(competition_settings::check_daily_limit(limit));
    }
    if let Some(share) = patch.public_share {
        errors.extend(competition_settings::check_public_share(share));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    if before.status == CompetitionStatus::Ended && patch.deadline.is_some() {
        // The private board is out; reopening would let people tune to it.
        return Err(AppError::conflict(
            ConflictReason::CompetitionEnded,
            "The competition has ended and its private results are shown; the deadline cannot move.",
        ));
    }
    if patch.public_share.is_some_and(|s| (s - before.public_share).abs() > 1e-9) && before.answer_key_version > 0 {
        return Err(AppError::conflict(
            ConflictReason::ShareLocked,
            "The public share decides the split of the answer key; it cannot change once a key is uploaded.",
        ));
    }
    sqlx::query!(
        "UPDATE competitions SET title = COALESCE($2, title), description = COALESCE($3, description),
                deadline = COALESCE($4, deadline),
                daily_submission_limit = COALESCE($5, daily_submission_limit),
                public_share = COALESCE($6::float8::numeric(3,2), public_share),
                updated_at = now()
          WHERE id = $1",
        id,
        patch.title.as_deref().map(str::trim),
        patch.description.as_deref(),
        patch.deadline as _,
        patch.daily_submission_limit,
        patch.public_share,
    )
    .execute(&mut *tx)
    .await?;
    let mut after = load(&mut tx, ctx, id).await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.update",
        "competition",
        id,
        json!({ "before": before, "after": after }),
    )
    .await?;
    after.user_context = Some(user_context(&mut tx, ctx, &after, Ranks::Counted).await?);
    tx.commit().await?;
    Ok(after)
}

pub(in crate::competitions) fn spec(c: &Competition) -> FileSpec {
    FileSpec { metric: c.metric, id_column: c.id_column.clone(), prediction_column: c.prediction_column.clone() }
}
