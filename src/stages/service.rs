//! Stage use cases: list and read (any member), edit weights, add a stage and read the history
//! (admins), each in one transaction with its audit row.

use serde_json::json;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

use super::{Stage, StageBudget, WeightChange, WeightsUpdate};
use crate::audit::writer::{self, Event, Origin};
use crate::ctx::Ctx;
use crate::domain::weights::{validate_stage_weights, Budget, Weight};
use crate::domain::FieldCode;
use crate::domain::{Page, PageRequest, Role};
use crate::error::{AppError, AppResult};

const STAGE_SELECT: &str = "
    SELECT s.id, s.number, s.name,
           (s.quantitative_weight * 100)::bigint AS quantitative_weight,
           (s.qualitative_weight * 100)::bigint AS qualitative_weight,
           (s.competency_weight * 100)::bigint AS competency_weight,
           s.version, s.updated_at,
           (SELECT u.display_name FROM stage_weight_history h LEFT JOIN users u ON u.id = h.actor_user_id
             WHERE h.stage_id = s.id ORDER BY h.changed_at DESC LIMIT 1) AS last_changed_by,
           (SELECT count(*) FROM users u WHERE u.stage_id = s.id AND u.active) AS people,
           (SELECT count(*) FROM goal_sheets gs
              JOIN evaluation_periods p ON p.id = gs.period_id AND p.status = 'open'
             WHERE gs.stage_id = s.id AND gs.status <> 'approved') AS open_sheets
      FROM stages s";

/// A stage of the organization with its current budget, or `None`.
pub async fn budget_of(
    conn: &mut PgConnection,
    organization_id: Uuid,
    stage_id: Uuid,
) -> AppResult<Option<StageBudget>> {
    let row = sqlx::query(
        "SELECT id, number, name, version,
                (quantitative_weight * 100)::bigint AS q, (qualitative_weight * 100)::bigint AS ql,
                (competency_weight * 100)::bigint AS c
           FROM stages WHERE id = $1 AND organization_id = $2",
    )
    .bind(stage_id)
    .bind(organization_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| StageBudget {
        id: row.get("id"),
        number: row.get("number"),
        name: row.get("name"),
        version: row.get("version"),
        weight_config: Budget {
            quantitative: Weight::from_hundredths(row.get("q")),
            qualitative: Weight::from_hundredths(row.get("ql")),
            competency: Weight::from_hundredths(row.get("c")),
        },
    }))
}

pub async fn list(pool: &PgPool, ctx: &Ctx, page: PageRequest) -> AppResult<Page<Stage>> {
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM stages WHERE organization_id = $1")
        .bind(ctx.organization_id())
        .fetch_one(pool)
        .await?;
    let sql =
        format!("{STAGE_SELECT} WHERE s.organization_id = $1 ORDER BY s.number LIMIT $2 OFFSET $3");
    let items = sqlx::query_as(&sql)
        .bind(ctx.organization_id())
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(pool)
        .await?;
    Ok(Page::new(items, total, page))
}

/// Every stage of the organization, for tables and the goal sheet's popover.
pub async fn all(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<Stage>> {
    Ok(list(
        pool,
        ctx,
        PageRequest {
            page: 1,
            page_size: 100,
        },
    )
    .await?
    .items)
}

pub async fn get(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Stage> {
    let sql = format!("{STAGE_SELECT} WHERE s.id = $1 AND s.organization_id = $2");
    sqlx::query_as(&sql)
        .bind(id)
        .bind(ctx.organization_id())
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
pub async fn update_weights(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    input: &WeightsUpdate,
) -> AppResult<Stage> {
    ctx.require(Role::can_administer)?;
    let mut tx = pool.begin().await?;
    let row = sqlx::query(
        "SELECT number, version,
                (quantitative_weight * 100)::bigint AS q, (qualitative_weight * 100)::bigint AS ql,
                (competency_weight * 100)::bigint AS c
           FROM stages WHERE id = $1 AND organization_id = $2 FOR UPDATE",
    )
    .bind(id)
    .bind(ctx.organization_id())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    // The stage exists for this admin; now what they sent, then whether it is still current.
    let after = validate_stage_weights(
        input.quantitative_weight,
        input.qualitative_weight,
        input.competency_weight,
    )
    .map_err(AppError::Validation)?;
    let number: i32 = row.get("number");
    let version: i32 = row.get("version");
    let before = Budget {
        quantitative: Weight::from_hundredths(row.get("q")),
        qualitative: Weight::from_hundredths(row.get("ql")),
        competency: Weight::from_hundredths(row.get("c")),
    };
    if version != input.version {
        drop(tx);
        let current = get(pool, ctx, id).await?;
        return Err(AppError::Conflict(
            "Someone else changed this stage first; here are its current weights.".into(),
            serde_json::to_value(current).ok(),
        ));
    }
    sqlx::query(
        "UPDATE stages SET quantitative_weight = $1::bigint / 100.0, qualitative_weight = $2::bigint / 100.0,
                competency_weight = $3::bigint / 100.0, version = version + 1, updated_at = now()
          WHERE id = $4",
    )
    .bind(after.quantitative)
    .bind(after.qualitative)
    .bind(after.competency)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO stage_weight_history
             (stage_id, organization_id, actor_user_id,
              quantitative_weight_before, qualitative_weight_before, competency_weight_before,
              quantitative_weight_after, qualitative_weight_after, competency_weight_after)
         VALUES ($1, $2, $3, $4::bigint / 100.0, $5::bigint / 100.0, $6::bigint / 100.0,
                 $7::bigint / 100.0, $8::bigint / 100.0, $9::bigint / 100.0)",
    )
    .bind(id)
    .bind(ctx.organization_id())
    .bind(ctx.user_id())
    .bind(before.quantitative)
    .bind(before.qualitative)
    .bind(before.competency)
    .bind(after.quantitative)
    .bind(after.qualitative)
    .bind(after.competency)
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
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 1))")
        .bind(ctx.organization_id())
        .execute(&mut *tx)
        .await?;
    let budget = Budget::NEW_STAGE;
    let (id, number): (Uuid, i32) = sqlx::query_as(
        "INSERT INTO stages (organization_id, number, name, quantitative_weight, qualitative_weight, competency_weight)
         SELECT $1, n, 'Stage ' || n, $2::bigint / 100.0, $3::bigint / 100.0, $4::bigint / 100.0
           FROM (SELECT coalesce(max(number), 0) + 1 AS n FROM stages WHERE organization_id = $1) next
         RETURNING id, number",
    )
    .bind(ctx.organization_id())
    .bind(budget.quantitative)
    .bind(budget.qualitative)
    .bind(budget.competency)
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
        entity_id: Some(id),
        payload: json!({ "stage": number, "weights": budget_json(&budget) }),
    };
    writer::record(&mut tx, Origin::from(ctx), event).await?;
    tx.commit().await?;
    get(pool, ctx, id).await
}

/// A stage's weight changes, newest first (admins).
pub async fn history(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    page: PageRequest,
) -> AppResult<Page<WeightChange>> {
    ctx.require(Role::can_administer)?;
    get(pool, ctx, id).await?;
    let total: i64 =
        sqlx::query_scalar("SELECT count(*) FROM stage_weight_history WHERE stage_id = $1")
            .bind(id)
            .fetch_one(pool)
            .await?;
    let rows = sqlx::query(
        "SELECT h.id, h.changed_at, u.display_name,
                (h.quantitative_weight_before * 100)::bigint AS qb, (h.qualitative_weight_before * 100)::bigint AS qlb,
                (h.competency_weight_before * 100)::bigint AS cb,
                (h.quantitative_weight_after * 100)::bigint AS qa, (h.qualitative_weight_after * 100)::bigint AS qla,
                (h.competency_weight_after * 100)::bigint AS ca
           FROM stage_weight_history h LEFT JOIN users u ON u.id = h.actor_user_id
          WHERE h.stage_id = $1 AND h.organization_id = $2
          ORDER BY h.changed_at DESC, h.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(id)
    .bind(ctx.organization_id())
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let w = |row: &sqlx::postgres::PgRow, col: &str| Weight::from_hundredths(row.get(col));
    let items = rows
        .iter()
        .map(|row| WeightChange {
            id: row.get("id"),
            changed_at: row.get("changed_at"),
            actor_name: row.get("display_name"),
            before: Budget {
                quantitative: w(row, "qb"),
                qualitative: w(row, "qlb"),
                competency: w(row, "cb"),
            },
            after: Budget {
                quantitative: w(row, "qa"),
                qualitative: w(row, "qla"),
                competency: w(row, "ca"),
            },
        })
        .collect();
    Ok(Page::new(items, total, page))
}
