//! A draft cycle's weighted criteria: adding one, editing one, or replacing the whole set.

use super::*;

pub(super) fn name_required() -> FieldError {
    FieldError::new(
        "name",
        FieldCode::Required,
        format!("name is required (at most {} characters)", rules::MAX_NAME_CHARS),
    )
}

/// A note (a criterion's description, a comment, a reason) over [`rules::MAX_NOTE_CHARS`].
pub(super) fn too_long(field: &str) -> FieldError {
    FieldError::new(field, FieldCode::TooLong, format!("{field} is at most {} characters", rules::MAX_NOTE_CHARS))
}

fn check_criterion(input: &CriterionInput) -> Result<CriterionWeight, Vec<FieldError>> {
    let mut errors = Vec::new();
    if !rules::name_is_valid(&input.name) {
        errors.push(name_required());
    }
    if input.description.chars().count() > rules::MAX_NOTE_CHARS {
        errors.push(too_long("description"));
    }
    let weight = CriterionWeight::from_f64(input.weight).map_err(|e| {
        errors.push(FieldError::new("weight", e.code(), e.to_string()));
    });
    match weight {
        Ok(w) if errors.is_empty() => Ok(w),
        _ => Err(errors),
    }
}

/// Audits a criterion change, reads the criterion back and commits.
async fn finish_criterion(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    ctx: &Ctx,
    cycle_id: Uuid,
    criterion_id: Uuid,
    action: &str,
    payload: serde_json::Value,
) -> AppResult<Criterion> {
    writer::record_change(&mut tx, ctx, action, "nomination_criterion", criterion_id, payload).await?;
    let criterion =
        criteria_of(&mut tx, cycle_id).await?.into_iter().find(|c| c.id == criterion_id).ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(criterion)
}

/// Stores a checked criterion of a draft at `position`; active unless it says otherwise.
async fn insert_criterion(
    conn: &mut PgConnection,
    ctx: &Ctx,
    cycle_id: Uuid,
    input: &CriterionInput,
    weight: CriterionWeight,
    position: usize,
) -> AppResult<Uuid> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO nomination_criteria (organization_id, cycle_id, name, description, weight, is_active, position)
         VALUES ($1, $2, $3, $4, $5::bigint / 1000.0, $6, $7) RETURNING id",
        ctx.organization_id(),
        cycle_id,
        input.name.trim(),
        input.description.trim(),
        weight.thousandths(),
        input.is_active.unwrap_or(true),
        position as i32,
    )
    .fetch_one(conn)
    .await?)
}

/// Adds a criterion to a draft cycle.
pub async fn add_criterion(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid, input: &CriterionInput) -> AppResult<Criterion> {
    ctx.require(runs_cycles)?;
    let weight = check_criterion(input).map_err(AppError::Validation)?;
    let mut tx = pool.begin().await?;
    let cycle = held_in_status(&mut tx, ctx, cycle_id, CycleStatus::Draft).await?;
    let id = insert_criterion(&mut tx, ctx, cycle_id, input, weight, cycle.criteria.len()).await?;
    finish_criterion(tx, ctx, cycle_id, id, "criterion.created", json!({ "cycle": cycle_id, "input": input })).await
}

/// Edits (or with `isActive: false` deactivates) a criterion of a draft cycle.
pub async fn update_criterion(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    criterion_id: Uuid,
    input: &CriterionInput,
) -> AppResult<Criterion> {
    ctx.require(runs_cycles)?;
    let weight = check_criterion(input).map_err(AppError::Validation)?;
    let mut tx = pool.begin().await?;
    let cycle = held_in_status(&mut tx, ctx, cycle_id, CycleStatus::Draft).await?;
    let before = cycle.criteria.iter().find(|c| c.id == criterion_id).cloned().ok_or(AppError::NotFound)?;
    sqlx::query!(
        "UPDATE nomination_criteria SET name = $2, description = $3, weight = $4::bigint / 1000.0,
                is_active = $5, updated_at = now() WHERE id = $1",
        criterion_id,
        input.name.trim(),
        input.description.trim(),
        weight.thousandths(),
        input.is_active.unwrap_or(before.is_active),
    )
    .execute(&mut *tx)
    .await?;
    finish_criterion(tx, ctx, cycle_id, criterion_id, "criterion.updated", json!({ "before": before, "after": input }))
        .await
}

/// The active criteria's weights add up to 1.0: what opening a cycle needs, and what a set
/// replaced in one go must meet.
pub(super) fn check_weights_sum(weights: impl IntoIterator<Item = CriterionWeight>) -> AppResult<()> {
    let sum = weights_sum(weights);
    if sum_state(sum) == SumState::Met {
        return Ok(());
    }
    Err(AppError::validation(
        "criteria",
        FieldCode::WeightsSum,
        format!("active criteria weights add up to {:.3}, not 1.0", sum as f64 / 1000.0),
    ))
}

/// Replaces a draft cycle's whole set of criteria (`PUT …/criteria`): every item is checked
/// (errors name `criteria[i].field`), the active weights together must add up to 1.0, and the
/// list's order becomes the criteria's order. All or nothing, with one audit row.
pub async fn replace_criteria(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    input: &CriteriaSet,
) -> AppResult<Vec<Criterion>> {
    ctx.require(runs_cycles)?;
    let mut errors = Vec::new();
    let mut weights = Vec::with_capacity(input.criteria.len());
    if input.criteria.is_empty() {
        errors.push(FieldError::new("criteria", FieldCode::Required, "at least one criterion is required"));
    }
    for (i, criterion) in input.criteria.iter().enumerate() {
        match check_criterion(criterion) {
            Ok(weight) => weights.push(weight),
            Err(found) => errors.extend(found.into_iter().map(|mut e| {
                e.field = format!("criteria[{i}].{}", e.field);
                e
            })),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let active = input.criteria.iter().map(|c| c.is_active.unwrap_or(true));
    check_weights_sum(weights.iter().zip(active).filter(|(_, active)| *active).map(|(w, _)| *w))?;

    let mut tx = pool.begin().await?;
    let cycle = held_in_status(&mut tx, ctx, cycle_id, CycleStatus::Draft).await?;
    // A draft has no nominations, so nothing refers to the criteria it had.
    sqlx::query!("DELETE FROM nomination_criteria WHERE cycle_id = $1", cycle_id).execute(&mut *tx).await?;
    for (position, (criterion, weight)) in input.criteria.iter().zip(&weights).enumerate() {
        insert_criterion(&mut tx, ctx, cycle_id, criterion, *weight, position).await?;
    }
    let payload = json!({ "before": cycle.criteria, "after": input.criteria });
    writer::record_change(&mut tx, ctx, "criteria.replaced", "nomination_cycle", cycle_id, payload).await?;
    let criteria = criteria_of(&mut tx, cycle_id).await?;
    tx.commit().await?;
    Ok(criteria)
}
