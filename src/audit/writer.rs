//! Appends audit rows inside the caller's transaction, so the row exists exactly when the change does.

use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::ctx::Ctx;
use crate::error::AppResult;

/// What happened, to which entity, with which data (before/after or the input).
pub struct Event<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<Uuid>,
    pub payload: Value,
}

/// Who did it. Sign-in attempts happen before there is a [`Ctx`], so this is separate.
pub struct Origin<'a> {
    pub organization_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub request_id: Option<&'a str>,
}

impl<'a> From<&'a Ctx> for Origin<'a> {
    fn from(ctx: &'a Ctx) -> Self {
        Origin {
            organization_id: Some(ctx.organization_id()),
            actor_user_id: Some(ctx.user_id()),
            request_id: ctx.request_id.as_deref(),
        }
    }
}

pub async fn record(conn: &mut PgConnection, origin: Origin<'_>, event: Event<'_>) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO audit_logs
             (id, organization_id, actor_user_id, action, entity_type, entity_id, payload, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        Uuid::new_v4(),
        origin.organization_id,
        origin.actor_user_id,
        event.action,
        event.entity_type,
        event.entity_id,
        event.payload,
        origin.request_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// [`record`] for the common case: the acting user changed one entity.
pub async fn record_change(
    conn: &mut PgConnection,
    ctx: &Ctx,
    action: &str,
    entity_type: &str,
    id: Uuid,
    payload: Value,
) -> AppResult<()> {
    record(conn, Origin::from(ctx), Event { action, entity_type, entity_id: Some(id), payload }).await
}

/// Many [`record_change`]s in one statement, for bulk use cases (an import): each entry is
/// (action, entity type, entity id, payload).
pub async fn record_many(conn: &mut PgConnection, ctx: &Ctx, entries: &[(&str, &str, Uuid, Value)]) -> AppResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let column = |f: fn(&(&str, &str, Uuid, Value)) -> String| entries.iter().map(f).collect::<Vec<_>>();
    sqlx::query!(
        "INSERT INTO audit_logs
             (id, organization_id, actor_user_id, action, entity_type, entity_id, payload, request_id)
         SELECT gen_random_uuid(), $1, $2, action, entity_type, entity_id, payload, $3
           FROM unnest($4::text[], $5::text[], $6::uuid[], $7::jsonb[])
             AS t(action, entity_type, entity_id, payload)",
        ctx.organization_id(),
        ctx.user_id(),
        ctx.request_id.as_deref(),
        &column(|e| e.0.to_owned()),
        &column(|e| e.1.to_owned()),
        &entries.iter().map(|e| e.2).collect::<Vec<_>>(),
        &entries.iter().map(|e| e.3.clone()).collect::<Vec<_>>(),
    )
    .execute(conn)
    .await?;
    Ok(())
}
