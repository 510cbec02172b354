//! User queries and use cases: profile, the admin/HR people list, teams, language preference.

use serde_json::json;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{MeView, TeamMember, TeamView, UserFilter, UserView};
use crate::audit::writer::{self, Event, Origin};
use crate::ctx::Ctx;
use crate::domain::{Locale, Page, PageRequest, Role};
use crate::error::{AppError, AppResult};

/// A user row with its password hash, for sign-in and the session only.
#[derive(Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub locale: Option<Locale>,
    pub active: bool,
}

const RECORD_COLUMNS: &str =
    "id, organization_id, email, display_name, password_hash, role, locale, active";

pub async fn user_by_email(conn: &mut PgConnection, email: &str) -> AppResult<Option<UserRecord>> {
    let sql = format!("SELECT {RECORD_COLUMNS} FROM users WHERE email = $1");
    Ok(sqlx::query_as(&sql)
        .bind(email)
        .fetch_optional(conn)
        .await?)
}

pub async fn user_by_id(conn: &mut PgConnection, id: Uuid) -> AppResult<Option<UserRecord>> {
    let sql = format!("SELECT {RECORD_COLUMNS} FROM users WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

const VIEW_COLUMNS: &str =
    "id, organization_id, email, display_name, role, locale, active, created_at";

/// The signed-in user's own profile.
pub async fn me(pool: &PgPool, ctx: &Ctx) -> AppResult<UserView> {
    let sql = format!("SELECT {VIEW_COLUMNS} FROM users WHERE id = $1 AND organization_id = $2");
    sqlx::query_as(&sql)
        .bind(ctx.user_id())
        .bind(ctx.organization_id())
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

fn push_filters(
    query: &mut QueryBuilder<'_, Postgres>,
    ctx: &Ctx,
    filter: &UserFilter,
) -> AppResult<()> {
    query
        .push(" WHERE organization_id = ")
        .push_bind(ctx.organization_id());
    if let Some(role) = filter.role {
        query.push(" AND role = ").push_bind(role.as_str());
    }
    if let Some(pattern) = crate::domain::text::contains_pattern("q", filter.q.as_deref())
        .map_err(|e| AppError::Validation(vec![e]))?
    {
        query
            .push(" AND (email ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR display_name ILIKE ")
            .push_bind(pattern)
            .push(")");
    }
    Ok(())
}

/// The organization's people, for admins and HR, sorted by name.
pub async fn list(
    pool: &PgPool,
    ctx: &Ctx,
    filter: &UserFilter,
    page: PageRequest,
) -> AppResult<Page<UserView>> {
    ctx.require(Role::can_list_users)?;
    let mut count = QueryBuilder::new("SELECT count(*) FROM users");
    push_filters(&mut count, ctx, filter)?;
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let mut rows = QueryBuilder::new(format!("SELECT {VIEW_COLUMNS} FROM users"));
    push_filters(&mut rows, ctx, filter)?;
    rows.push(" ORDER BY display_name, email LIMIT ")
        .push_bind(page.limit())
        .push(" OFFSET ")
        .push_bind(page.offset());
    let items = rows.build_query_as::<UserView>().fetch_all(pool).await?;
    Ok(Page::new(items, total, page))
}

/// Teams the actor manages (managers) or all teams of the organization (HR and admins).
pub async fn teams(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<TeamView>> {
    ctx.require(Role::can_manage_teams)?;
    let all = matches!(ctx.actor.role, Role::Admin | Role::Hr);
    let teams: Vec<(Uuid, String, String)> = sqlx::query_as(
        "SELECT t.id, t.name, m.display_name
           FROM teams t JOIN users m ON m.id = t.manager_id
          WHERE t.organization_id = $1 AND ($2 OR t.manager_id = $3)
          ORDER BY t.name",
    )
    .bind(ctx.organization_id())
    .bind(all)
    .bind(ctx.user_id())
    .fetch_all(pool)
    .await?;
    with_members(pool, ctx, teams).await
}

/// The teams the actor is a member of; anyone may see their own.
pub async fn member_teams(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<TeamView>> {
    let teams: Vec<(Uuid, String, String)> = sqlx::query_as(
        "SELECT t.id, t.name, m.display_name
           FROM teams t
           JOIN users m ON m.id = t.manager_id
           JOIN team_members tm ON tm.team_id = t.id
          WHERE t.organization_id = $1 AND tm.user_id = $2
          ORDER BY t.name",
    )
    .bind(ctx.organization_id())
    .bind(ctx.user_id())
    .fetch_all(pool)
    .await?;
    with_members(pool, ctx, teams).await
}

async fn with_members(
    pool: &PgPool,
    ctx: &Ctx,
    teams: Vec<(Uuid, String, String)>,
) -> AppResult<Vec<TeamView>> {
    let mut views = Vec::with_capacity(teams.len());
    for (id, name, manager_name) in teams {
        let members = sqlx::query_as::<_, TeamMember>(
            "SELECT u.id, u.display_name, u.email
               FROM team_members tm JOIN users u ON u.id = tm.user_id
              WHERE tm.team_id = $1 AND tm.organization_id = $2
              ORDER BY u.display_name",
        )
        .bind(id)
        .bind(ctx.organization_id())
        .fetch_all(pool)
        .await?;
        views.push(TeamView {
            id,
            name,
            manager_name,
            members,
        });
    }
    Ok(views)
}

/// The profile with the stage and its budget, for `GET /api/v1/users/me`.
pub async fn me_with_stage(pool: &PgPool, ctx: &Ctx) -> AppResult<MeView> {
    let user = me(pool, ctx).await?;
    let mut conn = pool.acquire().await?;
    let stage =
        match crate::goals::service::user_stage(&mut conn, ctx.organization_id(), ctx.user_id())
            .await
        {
            Ok(stage) => Some(stage),
            Err(AppError::Validation(_)) => None,
            Err(e) => return Err(e),
        };
    Ok(MeView { user, stage })
}

/// Remembers the user's language; audited like every change.
pub async fn set_locale(pool: &PgPool, ctx: &Ctx, locale: Locale) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let before: Option<Option<Locale>> = sqlx::query_scalar(
        "SELECT locale FROM users WHERE id = $1 AND organization_id = $2 FOR UPDATE",
    )
    .bind(ctx.user_id())
    .bind(ctx.organization_id())
    .fetch_optional(&mut *tx)
    .await?;
    let before = before.ok_or(AppError::NotFound)?;
    if before == Some(locale) {
        return Ok(());
    }
    sqlx::query("UPDATE users SET locale = $1, updated_at = now() WHERE id = $2")
        .bind(locale)
        .bind(ctx.user_id())
        .execute(&mut *tx)
        .await?;
    let event = Event {
        action: "user.locale_changed",
        entity_type: "user",
        entity_id: Some(ctx.user_id()),
        payload: json!({ "before": before, "after": locale }),
    };
    writer::record(&mut tx, Origin::from(ctx), event).await?;
    tx.commit().await?;
    Ok(())
}
