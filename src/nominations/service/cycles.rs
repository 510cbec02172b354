//! Creating and editing a cycle while it is a draft, and moving it through its statuses:
//! open (its criteria weigh 100 %) and closed.

use super::*;

fn check_cycle_fields(
    name: &str,
    description: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    scale: (i32, i32),
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if !rules::name_is_valid(name) {
        errors.push(name_required());
    }
    if description.chars().count() > rules::MAX_CYCLE_DESCRIPTION_CHARS {
        errors.push(FieldError::new(
            "description",
            FieldCode::TooLong,
            format!("description is at most {} characters", rules::MAX_CYCLE_DESCRIPTION_CHARS),
        ));
    }
    errors.extend(check_in_range("startAt", start));
    errors.extend(check_in_range("endAt", end));
    if end <= start {
        errors.push(FieldError::new("endAt", FieldCode::BeforeStart, "endAt must be after startAt"));
    }
    if !rules::scale_is_valid(scale.0, scale.1) {
        errors.push(FieldError::new(
            "scaleMax",
            FieldCode::InvalidScale,
            format!(
                "the scale needs {} ≤ scaleMin < scaleMax ≤ {}",
                rules::SCALE_BOUNDS.start(),
                rules::SCALE_BOUNDS.end()
            ),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub async fn create(pool: &PgPool, ctx: &Ctx, input: &CycleInput) -> AppResult<Cycle> {
    ctx.require(runs_cycles)?;
    let scale = (input.scale_min.unwrap_or(rules::DEFAULT_SCALE.0), input.scale_max.unwrap_or(rules::DEFAULT_SCALE.1));
    check_cycle_fields(&input.name, &input.description, input.start_at, input.end_at, scale)
        .map_err(AppError::Validation)?;
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO nomination_cycles (organization_id, name, description, start_at, end_at, scale_min, scale_max, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        ctx.organization_id(),
        input.name.trim(),
        input.description.trim(),
        input.start_at as _,
        input.end_at as _,
        scale.0,
        scale.1,
        ctx.user_id(),
    )
    .fetch_one(&mut *tx)
    .await?;
    writer::record_change(&mut tx, ctx, "cycle.created", "nomination_cycle", id, json!(input)).await?;
    let cycle = load_cycle(&mut tx, ctx, id, Hold::Read).await?;
    tx.commit().await?;
    Ok(cycle)
}

/// 409 for a cycle that is not in the status a step needs.
/// The cycle, held alone for the rest of the transaction, when it is in `status`.
pub(super) async fn held_in_status(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    status: CycleStatus,
) -> AppResult<Cycle> {
    let cycle = load_cycle(conn, ctx, id, Hold::Exclusive).await?;
    if cycle.status != status {
        return Err(not_in_status(&cycle, status.as_str()));
    }
    Ok(cycle)
}

pub(super) fn not_in_status(cycle: &Cycle, wanted: &str) -> AppError {
    AppError::conflict_with(
        ConflictReason::CycleStatus,
        format!("The cycle is {}; this needs it {wanted}.", cycle.status.as_str()),
        json!({ "status": cycle.status, "needs": wanted }),
    )
}

pub async fn update(pool: &PgPool, ctx: &Ctx, id: Uuid, patch: &CyclePatch) -> AppResult<Cycle> {
    ctx.require(runs_cycles)?;
    let mut tx = pool.begin().await?;
    let before = held_in_status(&mut tx, ctx, id, CycleStatus::Draft).await?;
    let name = patch.name.clone().unwrap_or_else(|| before.name.clone());
    let description = patch.description.clone().unwrap_or_else(|| before.description.clone());
    let start = patch.start_at.unwrap_or(before.start_at);
    let end = patch.end_at.unwrap_or(before.end_at);
    let scale = (patch.scale_min.unwrap_or(before.scale_min), patch.scale_max.unwrap_or(before.scale_max));
    check_cycle_fields(&name, &description, start, end, scale).map_err(AppError::Validation)?;
    sqlx::query!(
        "UPDATE nomination_cycles SET name = $2, description = $3, start_at = $4, end_at = $5,
                scale_min = $6, scale_max = $7, updated_at = now() WHERE id = $1",
        id,
        name.trim(),
        description.trim(),
        start as _,
        end as _,
        scale.0,
        scale.1,
    )
    .execute(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "cycle.updated",
        "nomination_cycle",
        id,
        json!({ "before": before, "patch": patch }),
    )
    .await?;
    let cycle = load_cycle(&mut tx, ctx, id, Hold::Read).await?;
    tx.commit().await?;
    Ok(cycle)
}

fn active_weights(cycle: &Cycle) -> Vec<CriterionWeight> {
    cycle.criteria.iter().filter(|c| c.is_active).filter_map(|c| CriterionWeight::from_f64(c.weight).ok()).collect()
}

async fn transition(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    from: CycleStatus,
    to: CycleStatus,
    action: &str,
) -> AppResult<Cycle> {
    ctx.require(runs_cycles)?;
    let mut tx = pool.begin().await?;
    let cycle = held_in_status(&mut tx, ctx, id, from).await?;
    if to == CycleStatus::Open {
        check_weights_sum(active_weights(&cycle))?;
    }
    sqlx::query!("UPDATE nomination_cycles SET status = $2, updated_at = now() WHERE id = $1", id, to.as_str())
        .execute(&mut *tx)
        .await?;
    writer::record_change(
        &mut tx,
        ctx,
        action,
        "nomination_cycle",
        id,
        json!({ "from": from.as_str(), "to": to.as_str() }),
    )
    .await?;
    let cycle = load_cycle(&mut tx, ctx, id, Hold::Read).await?;
    tx.commit().await?;
    Ok(cycle)
}

/// Opens a draft cycle whose active criteria weights sum to 1.0.
pub async fn open(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Cycle> {
    transition(pool, ctx, id, CycleStatus::Draft, CycleStatus::Open, "cycle.opened").await
}

pub async fn close(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Cycle> {
    transition(pool, ctx, id, CycleStatus::Open, CycleStatus::Closed, "cycle.closed").await
}
