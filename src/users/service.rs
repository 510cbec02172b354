//! User queries and use cases: the records sign-in reads, one's own profile and language, and
//! the people list for admins and HR (filtered, sorted, paged).

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{MeView, StageRef, UserFilter, UserView};
use crate::audit::writer::{self, Event, Origin};
use crate::ctx::Ctx;
use crate::domain::{Locale, Page, PageRequest, Role, Sort};
use crate::error::{AppError, AppResult};

/// A user row with its password hash, for sign-in and the session only.
#[derive(Clone)]
pub struct UserRecord {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub email: String,
    pub display_name: String,
    /// `None` until the person sets a password (through a set-password link).
    pub password_hash: Option<String>,
    pub role: Role,
    pub locale: Option<Locale>,
    pub active: bool,
}

/// A user's record by the condition given (a string literal joined to the query at compile
/// time) and its bind parameter.
macro_rules! select_record {
    ($($rest:tt)*) => {
        sqlx::query_as!(
            UserRecord,
            r#"SELECT id, organization_id, email, display_name, password_hash, role AS "role: Role",
                      locale AS "locale: Locale", active
                 FROM users "# + $($rest)*
        )
    };
}

pub async fn user_by_email(conn: &mut PgConnection, email: &str) -> AppResult<Option<UserRecord>> {
    Ok(select_record!("WHERE email = $1", email).fetch_optional(conn).await?)
}

pub async fn user_by_id(conn: &mut PgConnection, id: Uuid) -> AppResult<Option<UserRecord>> {
    Ok(select_record!("WHERE id = $1", id).fetch_optional(conn).await?)
}

/// A row of the view `person_overview`: a person with their stage, team and manager.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    organization_id: Uuid,
    email: String,
    display_name: String,
    role: Role,
    locale: Option<Locale>,
    active: bool,
    created_at: DateTime<Utc>,
    last_signed_in_at: Option<DateTime<Utc>>,
    has_password: bool,
    stage_id: Option<Uuid>,
    stage_number: Option<i32>,
    stage_name: Option<String>,
    team_id: Option<Uuid>,
    team_name: Option<String>,
    manager_id: Option<Uuid>,
    manager_name: Option<String>,
}

impl From<UserRow> for UserView {
    fn from(row: UserRow) -> UserView {
        let stage = match (row.stage_id, row.stage_number, row.stage_name) {
            (Some(id), Some(number), Some(name)) => Some(StageRef { id, number, name }),
            _ => None,
        };
        UserView {
            id: row.id,
            organization_id: row.organization_id,
            email: row.email,
            display_name: row.display_name,
            role: row.role,
            locale: row.locale,
            active: row.active,
            created_at: row.created_at,
            stage,
            team_id: row.team_id,
            team_name: row.team_name,
            manager_id: row.manager_id,
            manager_name: row.manager_name,
            last_sign_in_at: row.last_signed_in_at,
            has_password: row.has_password,
        }
    }
}

/// A person of the actor's organization, or 404.
pub async fn view(conn: &mut PgConnection, ctx: &Ctx, id: Uuid) -> AppResult<UserView> {
    let row = sqlx::query_as!(
        UserRow,
        r#"SELECT id AS "id!", organization_id AS "organization_id!", email AS "email!",
                  display_name AS "display_name!", role AS "role!: Role",
                  locale AS "locale: Locale", active AS "active!",
                  created_at AS "created_at!: DateTime<Utc>",
                  last_signed_in_at AS "last_signed_in_at: DateTime<Utc>",
                  has_password AS "has_password!", stage_id, stage_number, stage_name,
                  team_id, team_name, manager_id, manager_name
             FROM person_overview u WHERE u.id = $1 AND u.organization_id = $2"#,
        id,
        ctx.organization_id(),
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(row.into())
}

/// The signed-in user's own profile.
pub async fn me(pool: &PgPool, ctx: &Ctx) -> AppResult<UserView> {
    let mut conn = pool.acquire().await?;
    view(&mut conn, ctx, ctx.user_id()).await
}

fn push_filters(query: &mut QueryBuilder<'_, Postgres>, ctx: &Ctx, filter: &UserFilter) -> AppResult<()> {
    query.push(" WHERE u.organization_id = ").push_bind(ctx.organization_id());
    if let Some(role) = filter.role {
        query.push(" AND u.role = ").push_bind(role.as_str());
    }
    if let Some(active) = filter.active {
        query.push(" AND u.active = ").push_bind(active);
    }
    push_person_search(query, "q", filter.q.as_deref())
}

/// `AND` a search of the person `u` by part of their e-mail or name, when `text` is given; a
/// `text` that is no search is a validation error on `field`.
pub(crate) fn push_person_search(
    query: &mut QueryBuilder<'_, Postgres>,
    field: &str,
    text: Option<&str>,
) -> AppResult<()> {
    let pattern = crate::domain::text::contains_pattern(field, text).map_err(|e| AppError::Validation(vec![e]))?;
    if let Some(pattern) = pattern {
        query
            .push(" AND (u.email ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR u.display_name ILIKE ")
            .push_bind(pattern)
            .push(")");
    }
    Ok(())
}

/// The column a sort field of [`super::PEOPLE_SORTS`] means.
fn sort_column(field: &str) -> &'static str {
    match field {
        "email" => "u.email",
        "role" => "u.role",
        "stage" => "u.stage_number",
        "team" => "u.team_name",
        "manager" => "u.manager_name",
        "status" => "u.active",
        "lastSignInAt" => "u.last_signed_in_at",
        "createdAt" => "u.created_at",
        _ => "u.display_name",
    }
}

/// The organization's people, for admins and HR.
pub async fn list(
    pool: &PgPool,
    ctx: &Ctx,
    filter: &UserFilter,
    sort: Sort,
    page: PageRequest,
) -> AppResult<Page<UserView>> {
    ctx.require(Role::can_list_users)?;
    let mut count = QueryBuilder::new("SELECT count(*) FROM users u");
    push_filters(&mut count, ctx, filter)?;
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let mut rows = QueryBuilder::new("SELECT * FROM person_overview u");
    push_filters(&mut rows, ctx, filter)?;
    // The column comes from a fixed list, never from the request's text.
    rows.push(format!(
        " ORDER BY {} {} NULLS LAST, u.display_name, u.id LIMIT ",
        sort_column(sort.field),
        sort.direction()
    ))
    .push_bind(page.limit())
    .push(" OFFSET ")
    .push_bind(page.offset());
    let items = rows.build_query_as::<UserRow>().fetch_all(pool).await?.into_iter().map(UserView::from).collect();
    Ok(Page::new(items, total, page))
}

/// The profile with the stage and its budget, for `GET /api/v1/users/me`.
pub async fn me_with_stage(pool: &PgPool, ctx: &Ctx) -> AppResult<MeView> {
    let user = me(pool, ctx).await?;
    let mut conn = pool.acquire().await?;
    let stage = match crate::goals::service::user_stage(&mut conn, ctx.organization_id(), ctx.user_id()).await {
        Ok(stage) => Some(stage),
        Err(AppError::Validation(_)) => None,
        Err(e) => return Err(e),
    };
    Ok(MeView { user, stage })
}

/// Remembers the user's language; audited like every change.
pub async fn set_locale(pool: &PgPool, ctx: &Ctx, locale: Locale) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let before = sqlx::query_scalar!(
        r#"SELECT locale AS "locale: Locale" FROM users
            WHERE id = $1 AND organization_id = $2 FOR UPDATE"#,
        ctx.user_id(),
        ctx.organization_id(),
    )
    .fetch_optional(&mut *tx)
    .await?;
    let before = before.ok_or(AppError::NotFound)?;
    if before == Some(locale) {
        return Ok(());
    }
    sqlx::query!("UPDATE users SET locale = $1, updated_at = now() WHERE id = $2", locale.as_str(), ctx.user_id())
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
