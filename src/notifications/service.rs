//! Writing notifications inside the use cases that cause them, and the reader's own use cases:
//! their list, the unread count, marking one, all, or those about one subject as read.
//!
//! Reading is personal state, not a change to the organization's records, so marking as read
//! writes no audit row; the notifications themselves are written in the audited transaction of
//! the change they tell about.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{MarkedRead, Notification, NotificationKind, NotificationPage};
use crate::ctx::Ctx;
use crate::domain::{Page, PageRequest, Sort};
use crate::error::{AppError, AppResult};

/// What to tell: the kind, what it is about, the page that shows it and the text's data.
pub struct Notice<'a> {
    pub kind: NotificationKind,
    pub subject: Uuid,
    pub link: &'a str,
    pub data: Value,
}

/// Tells `recipients` (people of the actor's organization) about `notice`, in the caller's
/// transaction. The actor is never told about their own action.
pub async fn notify(conn: &mut PgConnection, ctx: &Ctx, recipients: &[Uuid], notice: Notice<'_>) -> AppResult<()> {
    let recipients: Vec<Uuid> = recipients.iter().copied().filter(|r| *r != ctx.user_id()).collect();
    notify_in(conn, ctx.organization_id(), &recipients, notice).await
}

/// Tells `recipients` of `organization` about `notice`, for work done in the background on
/// someone's behalf (a rescoring).
pub async fn notify_in(
    conn: &mut PgConnection,
    organization: Uuid,
    recipients: &[Uuid],
    notice: Notice<'_>,
) -> AppResult<()> {
    if recipients.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "INSERT INTO notifications (organization_id, user_id, kind, subject_id, link, data)
         SELECT $1, u.id, $3, $4, $5, $6 FROM users u WHERE u.id = ANY($2) AND u.organization_id = $1",
        organization,
        recipients,
        notice.kind.as_str(),
        notice.subject,
        notice.link,
        notice.data,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Tells every participant of a competition (but the actor) about `notice`, in one statement.
pub async fn notify_participants(
    conn: &mut PgConnection,
    ctx: &Ctx,
    competition: Uuid,
    notice: Notice<'_>,
) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO notifications (organization_id, user_id, kind, subject_id, link, data)
         SELECT e.organization_id, e.user_id, $3, $4, $5, $6 FROM competition_enrollments e
          WHERE e.competition_id = $1 AND e.organization_id = $2 AND e.user_id <> $7",
        competition,
        ctx.organization_id(),
        notice.kind.as_str(),
        notice.subject,
        notice.link,
        notice.data,
        ctx.user_id(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Tells the people ranked `after + 1 ..= until` on a competition's public board (or everyone
/// from `after + 1` on when `until` is `None`) that they lost a place; each one's new rank is
/// their place now. An unread "rank lost" of that competition is updated instead of repeated,
/// so a busy board leaves one notification per person until it is read. A new entrant tells at
/// most the first thousand it passed, which bounds the work one upload does.
pub async fn notify_overtaken(
    conn: &mut PgConnection,
    ctx: &Ctx,
    competition: Uuid,
    link: &str,
    title: &str,
    after: i64,
    until: Option<i64>,
) -> AppResult<()> {
    sqlx::query!(
        r#"INSERT INTO notifications (organization_id, user_id, kind, subject_id, link, data)
           SELECT $2, b.user_id, 'rank_lost', $1, $3,
                  jsonb_build_object('competition', $4::text, 'rank', b.rank, 'previousRank', b.rank - 1)
             FROM (SELECT s.user_id, row_number() OVER (ORDER BY s.public_order, s.public_at, s.user_id) AS rank
                     FROM competition_standings s WHERE s.competition_id = $1
                    ORDER BY s.public_order, s.public_at, s.user_id OFFSET $5 LIMIT least($6::bigint, 1000)) b
            WHERE b.user_id <> $7
           ON CONFLICT (user_id, subject_id) WHERE kind = 'rank_lost' AND read_at IS NULL
           DO UPDATE SET data = jsonb_set(EXCLUDED.data, '{previousRank}',
                                          coalesce(notifications.data -> 'previousRank', EXCLUDED.data -> 'previousRank')),
                         created_at = now(), updated_at = now()"#,
        competition,
        ctx.organization_id(),
        link,
        title,
        after,
        until.map(|until| until - after),
        ctx.user_id(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A stored notification as read from the table.
struct Row {
    id: Uuid,
    kind: String,
    subject_id: Uuid,
    link: String,
    data: Value,
    read_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl TryFrom<Row> for Notification {
    type Error = AppError;

    fn try_from(row: Row) -> AppResult<Notification> {
        let kind = NotificationKind::parse(&row.kind)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown notification kind {}", row.kind)))?;
        Ok(Notification {
            id: row.id,
            kind,
            subject_id: row.subject_id,
            link: row.link,
            data: row.data,
            read_at: row.read_at,
            created_at: row.created_at,
        })
    }
}

/// The reader's notifications, newest first, with the number unread.
/// The fields the notification list sorts by.
pub const NOTIFICATION_SORTS: &[&str] = &["createdAt"];

/// One page of the reader's notifications, newest first unless `sort` says oldest first.
pub async fn list(
    pool: &PgPool,
    ctx: &Ctx,
    unread_only: bool,
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<NotificationPage> {
    let oldest_first = sort.is_some_and(|s| !s.descending);
    let mut conn = pool.acquire().await?;
    let rows = sqlx::query!(
        r#"SELECT id, kind, subject_id, link, data, read_at AS "read_at: DateTime<Utc>",
                  created_at AS "created_at: DateTime<Utc>", count(*) OVER () AS "total!"
             FROM notifications WHERE user_id = $1 AND organization_id = $2 AND (NOT $3 OR read_at IS NULL)
            ORDER BY CASE WHEN $6 THEN created_at END, created_at DESC, id LIMIT $4 OFFSET $5"#,
        ctx.user_id(),
        ctx.organization_id(),
        unread_only,
        page.limit(),
        page.offset(),
        oldest_first,
    )
    .fetch_all(&mut *conn)
    .await?;
    let total = match rows.first() {
        Some(row) => row.total,
        None => count(&mut conn, ctx, unread_only).await?,
    };
    let items = rows
        .into_iter()
        .map(|row| {
            Notification::try_from(Row {
                id: row.id,
                kind: row.kind,
                subject_id: row.subject_id,
                link: row.link,
                data: row.data,
                read_at: row.read_at,
                created_at: row.created_at,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let unread = if unread_only { total } else { count(&mut conn, ctx, true).await? };
    Ok(NotificationPage { page: Page::new(items, total, page), unread })
}

async fn count(conn: &mut PgConnection, ctx: &Ctx, unread_only: bool) -> AppResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM notifications
            WHERE user_id = $1 AND organization_id = $2 AND (NOT $3 OR read_at IS NULL)"#,
        ctx.user_id(),
        ctx.organization_id(),
        unread_only,
    )
    .fetch_one(conn)
    .await?)
}

/// How many of the reader's notifications are unread (the bell's number).
pub async fn unread_count(pool: &PgPool, ctx: &Ctx) -> AppResult<i64> {
    let mut conn = pool.acquire().await?;
    count(&mut conn, ctx, true).await
}

/// Marks one of the reader's notifications as read; another person's is not found.
pub async fn mark_read(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Notification> {
    let row = sqlx::query_as!(
        Row,
        r#"UPDATE notifications SET read_at = coalesce(read_at, now()), updated_at = now()
            WHERE id = $1 AND user_id = $2 AND organization_id = $3
        RETURNING id, kind, subject_id, link, data, read_at AS "read_at: DateTime<Utc>",
                  created_at AS "created_at: DateTime<Utc>""#,
        id,
        ctx.user_id(),
        ctx.organization_id(),
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Notification::try_from(row)
}

/// Marks all of the reader's notifications as read.
pub async fn mark_all_read(pool: &PgPool, ctx: &Ctx) -> AppResult<MarkedRead> {
    let marked = sqlx::query!(
        "UPDATE notifications SET read_at = now(), updated_at = now()
          WHERE user_id = $1 AND organization_id = $2 AND read_at IS NULL",
        ctx.user_id(),
        ctx.organization_id(),
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(MarkedRead { marked: marked as i64, unread: 0 })
}

/// Marks the reader's unread notifications of `kind` about `subject` as read (opening a
/// competition's Overview reads its announcements); answers how many were unread.
pub async fn mark_read_about(
    conn: &mut PgConnection,
    ctx: &Ctx,
    kind: NotificationKind,
    subject: Uuid,
) -> AppResult<u64> {
    Ok(sqlx::query!(
        "UPDATE notifications SET read_at = now(), updated_at = now()
          WHERE user_id = $1 AND kind = $2 AND subject_id = $3 AND read_at IS NULL",
        ctx.user_id(),
        kind.as_str(),
        subject,
    )
    .execute(conn)
    .await?
    .rows_affected())
}
