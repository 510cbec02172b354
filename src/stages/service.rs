//! Stage use cases: list and read (any member), edit weights, add a stage and read the history
//! (admins), each in one transaction with its audit row.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{Stage, StageBudget, WeightChange, WeightsUpdate};
use crate::audit::writer::{self, Event, Origin};
use crate::ctx::Ctx;
use crate::domain::weights::{validate_stage_weights, Budget, Weight};
use crate::domain::FieldCode;
use crate::domain::{Page, PageRequest, Role, Sort};
use crate::error::{AppError, AppResult};

/// The columns of `stage_overview` as [`Stage`] holds them.
macro_rules! select_stage {
    ($($condition:tt)*) => {
        sqlx::query_as!(
            Stage,
            r#"SELECT id AS "id!", number AS "number!", name AS "name!",
                      quantitative_weight AS "quantitative_weight!: Weight",
                      qualitative_weight AS "qualitative_weight!: Weight",
                      competency_weight AS "competency_weight!: Weight",
                      version AS "version!", updated_at AS "updated_at!: DateTime<Utc>", last_changed_by,
                      people AS "people!", open_sheets AS "open_sheets!"
                 FROM stage_overview "# + $($condition)*
        )
    };
}

/// A stage of the organization with its current budget, or `None`.
pub async fn budget_of(
    conn: &mut PgConnection,
    organization_id: Uuid,
    stage_id: Uuid,
) -> AppResult<Option<StageBudget>> {
    let row = sqlx::query!(
        r#"SELECT id, number, name, version,
                  (quantitative_weight * 100)::bigint AS "q!: Weight",
                  (qualitative_weight * 100)::bigint AS "ql!: Weight",
                  (competency_weight * 100)::bigint AS "c!: Weight"
             FROM stages WHERE id = $1 AND organization_id = $2"#,
        stage_id,
        organization_id,
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| StageBudget {
        id: row.id,
        number: row.number,
        name: row.name,
        version: row.version,
        weight_config: Budget { quantitative: row.q, qualitative: row.ql, competency: row.c },
    }))
}

pub async fn list(pool: &PgPool, ctx: &Ctx, page: PageRequest) -> AppResult<Page<Stage>> {
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM stages WHERE organization_id = $1"#,
        ctx.organization_id(),
    )
    .fetch_one(pool)
    .await?;
    let items = select_stage!(
        "WHERE organization_id = $1 ORDER BY number LIMIT $2 OFFSET $3",
        ctx.organization_id(),
        page.limit(),
        page.offset(),
    )
    .fetch_all(pool)
    .await?;
    Ok(Page::new(items, total, page))
}

/// The fields the stage list sorts by.
pub const STAGE_SORTS: &[&str] = &["number", "name", "updatedAt"];

/// One page of the stages, by number unless `sort` says otherwise (an organization has a few
/// stages, so they are sorted in memory).
pub async fn list_sorted(pool: &PgPool, ctx: &Ctx, sort: Option<Sort>, page: PageRequest) -> AppResult<Page<Stage>> {
    let Some(sort) = sort else { return list(pool, ctx, page).await };
    let mut stages =
        select_stage!("WHERE organization_id = $1 ORDER BY number", ctx.organization_id()).fetch_all(pool).await?;
    sort.apply(&mut stages, |field, a, b| match field {
        "name" => a.name.cmp(&b.name),
        "updatedAt" => a.updated_at.cmp(&b.updated_at),
        _ => a.number.cmp(&b.number),
    });
    Ok(Page::of_all(stages, page))
}

/// Every stage of the organization, for tables and the goal sheet's popover.
pub async fn all(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<Stage>> {
    Ok(list(pool, ctx, PageRequest { page: 1, page_size: 100 }).await?.items)
}

pub async fn get(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Stage> {
    select_stage!("WHERE id = $1 AND organization_id = $2", id, ctx.organization_id())
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

fn budget_json(budget: &Budget) -> serde_json::Value {
    json!({
        "quantitativeWeight": budget.quantitative,
        "qualitativeWeight": budget.qualitative,
        "competencyWeight": budget.competency,
    })
}

/// Changes a stage's weights if nobody changed them since `input.version`: the stage, its
/// history row and the audit row are written together, or nothing is.
pub async fn update_weights(pool: &PgPool, ctx: &Ctx, id: Uuid, input: &WeightsUpdate) -> AppResult<Stage> {
    ctx.require(Role::can_administer)?;
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        r#"SELECT number, version,
                  (quantitative_weight * 100)::bigint AS "q!: Weight",
                  (qualitative_weight * 100)::bigint AS "ql!: Weight",
                  (competency_weight * 100)::bigint AS "c!: Weight"
             FROM stages WHERE id = $1 AND organization_id = $2 FOR UPDATE"#,
        id,
        ctx.organization_id(),
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    // The stage exists for this admin; now what they sent, then whether it is still current.
    let after = validate_stage_weights(input.quantitative_weight, input.qualitative_weight, input.competency_weight)
        .map_err(AppError::Validation)?;
    let number = row.number;
    let before = Budget { quantitative: row.q, qualitative: row.ql, competency: row.c };
    if row.version != input.version {
        drop(tx);
        let current = get(pool, ctx, id).await?;
        return Err(AppError::Conflict(
            "Someone else changed this stage first; here are its current weights.".into(),
            serde_json::to_value(current).ok(),
        ));
    }
    sqlx::query!(
        "UPDATE stages SET quantitative_weight = $1::bigint / 100.0, qualitative_weight = $2::bigint / 100.0,
                competency_weight = $3::bigint / 100.0, version = version + 1, updated_at = now()
          WHERE id = $4",
        after.quantitative.hundredths(),
        after.qualitative.hundredths(),
        after.competency.hundredths(),
        id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO stage_weight_history
             (stage_id, organization_id, actor_user_id,
              quantitative_weight_before, qualitative_weight_before, competency_weight_before,
              quantitative_weight_after, qualitative_weight_after, competency_weight_after)
         VALUES ($1, $2, $3, $4::bigint / 100.0, $5::bigint / 100.0, $6::bigint / 100.0,
                 $7::bigint / 100.0, $8::bigint / 100.0, $9::bigint / 100.0)",
        id,
        ctx.organization_id(),
        ctx.user_id(),
        before.quantitative.hundredths(),
        before.qualitative.hundredths(),
        before.competency.hundredths(),
        after.quantitative.hundredths(),
        after.qualitative.hundredths(),
        after.competency.hundredths(),
    )
    .execute(&mut *tx)
    .await?;
    let event = Event {
        action: "stage.weights_updated",
        entity_type: "stage",
        entity_id: Some(id),
        payload: json!({ "stage": number, "before": budget_json(&before), "after": budget_json(&after) }),
    };
    writer::record(&mut tx, Origin::from(ctx), event).await?;
    tx.commit().await?;
    tracing::info!(
        stage_id = %id,
        stage = number,
        before = %budget_json(&before),
        after = %budget_json(&after),
        actor = %ctx.user_id(),
        "stage weights updated"
    );
    metrics::counter!("stage_weight_updates_total", "stage" => number.to_string()).increment(1);
    get(pool, ctx, id).await
}

/// Adds the next stage, starting at 70/30/10.
pub async fn create(pool: &PgPool, ctx: &Ctx) -> AppResult<Stage> {
    ctx.require(Role::can_administer)?;
    let mut tx = pool.begin().await?;
    // Serializes concurrent additions so both do not pick the same number.
    crate::db::lock_scope(&mut tx, "stages", ctx.organization_id()).await?;
    let budget = Budget::NEW_STAGE;
    let created = sqlx::query!(
        "INSERT INTO stages (organization_id, number, name, quantitative_weight, qualitative_weight, competency_weight)
         SELECT $1, n, 'Stage ' || n, $2::bigint / 100.0, $3::bigint / 100.0, $4::bigint / 100.0
           FROM (SELECT coalesce(max(number), 0) + 1 AS n FROM stages WHERE organization_id = $1) next
         RETURNING id, number",
        ctx.organization_id(),
        budget.quantitative.hundredths(),
        budget.qualitative.hundredths(),
        budget.competency.hundredths(),
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.constraint().is_some() => {
            AppError::validation("number", FieldCode::Limit, "no more stages can be added")
        }
        _ => AppError::from(e),
    })?;
    let event = Event {
        action: "stage.created",
        entity_type: "stage",
        entity_id: Some(created.id),
        payload: json!({ "stage": created.number, "weights": budget_json(&budget) }),
    };
    writer::record(&mut tx, Origin::from(ctx), event).await?;
    tx.commit().await?;
    get(pool, ctx, created.id).await
}

/// A stage's weight changes, newest first (admins).
pub async fn history(pool: &PgPool, ctx: &Ctx, id: Uuid, page: PageRequest) -> AppResult<Page<WeightChange>> {
    ctx.require(Role::can_administer)?;
    get(pool, ctx, id).await?;
    let total = sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM stage_weight_history WHERE stage_id = $1"#, id)
        .fetch_one(pool)
        .await?;
    let rows = sqlx::query!(
        r#"SELECT h.id, h.changed_at AS "changed_at: DateTime<Utc>", u.display_name AS "display_name?",
                  (h.quantitative_weight_before * 100)::bigint AS "qb!: Weight",
                  (h.qualitative_weight_before * 100)::bigint AS "qlb!: Weight",
                  (h.competency_weight_before * 100)::bigint AS "cb!: Weight",
                  (h.quantitative_weight_after * 100)::bigint AS "qa!: Weight",
                  (h.qualitative_weight_after * 100)::bigint AS "qla!: Weight",
                  (h.competency_weight_after * 100)::bigint AS "ca!: Weight"
             FROM stage_weight_history h LEFT JOIN users u ON u.id = h.actor_user_id
            WHERE h.stage_id = $1 AND h.organization_id = $2
            ORDER BY h.changed_at DESC, h.id DESC LIMIT $3 OFFSET $4"#,
        id,
        ctx.organization_id(),
        page.limit(),
        page.offset(),
    )
    .fetch_all(pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|row| WeightChange {
            id: row.id,
            changed_at: row.changed_at,
            actor_name: row.display_name,
            before: Budget { quantitative: row.qb, qualitative: row.qlb, competency: row.cb },
            after: Budget { quantitative: row.qa, qualitative: row.qla, competency: row.ca },
        })
        .collect();
    Ok(Page::new(items, total, page))
}
