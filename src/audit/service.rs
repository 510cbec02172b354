//! Reading the audit log: admins only, always within the actor's organization.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, QueryBuilder};

use super::{AuditEntry, AuditFilter};
use crate::ctx::Ctx;
use crate::domain::pagination::count_bound;
use crate::domain::text::without_nul;
use crate::domain::FieldCode;
use crate::domain::{Page, PageRequest, Role};
use crate::error::{AppError, AppResult};

fn push_filters(query: &mut QueryBuilder<'_, Postgres>, ctx: &Ctx, filter: &AuditFilter) -> AppResult<()> {
    query.push(" WHERE a.organization_id = ").push_bind(ctx.organization_id());
    crate::users::service::push_person_search(query, "actor", filter.actor.as_deref())?;
    if let Some(action) = filter.action.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let action = without_nul("action", action).map_err(|e| AppError::Validation(vec![e]))?;
        query.push(" AND a.action = ").push_bind(action.to_owned());
    }
    if let Some(entity) = filter.entity_type.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let entity = without_nul("entityType", entity).map_err(|e| AppError::Validation(vec![e]))?;
        query.push(" AND a.entity_type = ").push_bind(entity.to_owned());
    }
    if let Some(from) = filter.from {
        query.push(" AND a.created_at >= ").push_bind(from.and_hms_opt(0, 0, 0).map(|d| d.and_utc()));
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()) {
        query.push(" AND a.created_at < ").push_bind(to.and_hms_opt(0, 0, 0).map(|d| d.and_utc()));
    }
    Ok(())
}

pub async fn list(pool: &PgPool, ctx: &Ctx, filter: &AuditFilter, page: PageRequest) -> AppResult<Page<AuditEntry>> {
    ctx.require(Role::can_administer)?;
    for (field, date) in [("from", filter.from), ("to", filter.to)] {
        if date.is_some_and(|d| !crate::domain::calendar::date_in_range(d)) {
            return Err(AppError::validation(
                field,
                FieldCode::OutOfRange,
                format!("{field} must be a date between the years 1 and 9999"),
            ));
        }
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from > to {
            return Err(AppError::validation("from", FieldCode::AfterTo, "from must not be after to"));
        }
    }
    // The log grows without bound: it is counted up to the cap or just past the page asked
    // for (`totalCapped`), and the actor's name and e-mail are joined only to filter by them.
    let by_actor = filter.actor.as_deref().is_some_and(|a| !a.trim().is_empty());
    let mut count = QueryBuilder::new(if by_actor {
        "SELECT count(*) FROM (SELECT 1 FROM audit_logs a LEFT JOIN users u ON u.id = a.actor_user_id"
    } else {
        "SELECT count(*) FROM (SELECT 1 FROM audit_logs a"
    });
    push_filters(&mut count, ctx, filter)?;
    count.push(" LIMIT ").push_bind(count_bound(page)).push(") counted");
    let counted: i64 = count.build_query_scalar().fetch_one(pool).await?;

    let mut rows = QueryBuilder::new(
        "SELECT a.id, a.actor_user_id, u.display_name AS actor_name, u.email AS actor_email,
                a.action, a.entity_type, a.entity_id, a.payload, a.request_id, a.created_at
           FROM audit_logs a LEFT JOIN users u ON u.id = a.actor_user_id",
    );
    push_filters(&mut rows, ctx, filter)?;
    rows.push(" ORDER BY a.created_at DESC, a.id DESC LIMIT ")
        .push_bind(page.limit())
        .push(" OFFSET ")
        .push_bind(page.offset());
    let items = rows.build_query_as::<AuditEntry>().fetch_all(pool).await?;
    Ok(Page::counted_to(items, counted, page))
}

/// The organization's latest `n` entries (the admin's home page), without counting the log.
pub async fn recent(pool: &PgPool, ctx: &Ctx, n: i64) -> AppResult<Vec<AuditEntry>> {
    ctx.require(Role::can_administer)?;
    Ok(sqlx::query_as!(
        AuditEntry,
        r#"SELECT a.id, a.actor_user_id, u.display_name AS "actor_name?", u.email AS "actor_email?",
                  a.action, a.entity_type, a.entity_id, a.payload, a.request_id,
                  a.created_at AS "created_at: DateTime<Utc>"
             FROM audit_logs a LEFT JOIN users u ON u.id = a.actor_user_id
            WHERE a.organization_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2"#,
        ctx.organization_id(),
        n,
    )
    .fetch_all(pool)
    .await?)
}

/// Distinct actions and entity types seen in the organization, for the filter dropdowns. Each
/// walks its index from one value to the next (a loose index scan), so the cost follows the
/// number of distinct values, not the size of the log.
pub async fn facets(pool: &PgPool, ctx: &Ctx) -> AppResult<(Vec<String>, Vec<String>)> {
    ctx.require(Role::can_administer)?;
    let actions = sqlx::query_scalar!(
        r#"WITH RECURSIVE v AS (
            (SELECT action FROM audit_logs WHERE organization_id = $1 ORDER BY action LIMIT 1)
            UNION ALL
            SELECT (SELECT a.action FROM audit_logs a WHERE a.organization_id = $1 AND a.action > v.action
                     ORDER BY a.action LIMIT 1)
              FROM v WHERE v.action IS NOT NULL)
         SELECT action AS "action!" FROM v WHERE action IS NOT NULL ORDER BY 1"#,
        ctx.organization_id(),
    )
    .fetch_all(pool)
    .await?;
    let entities = sqlx::query_scalar!(
        r#"WITH RECURSIVE v AS (
            (SELECT entity_type FROM audit_logs WHERE organization_id = $1 ORDER BY entity_type LIMIT 1)
            UNION ALL
            SELECT (SELECT a.entity_type FROM audit_logs a WHERE a.organization_id = $1
                       AND a.entity_type > v.entity_type ORDER BY a.entity_type LIMIT 1)
              FROM v WHERE v.entity_type IS NOT NULL)
         SELECT entity_type AS "entity_type!" FROM v WHERE entity_type IS NOT NULL ORDER BY 1"#,
        ctx.organization_id(),
    )
    .fetch_all(pool)
    .await?;
    Ok((actions, entities))
}
