//! The sponsor's announcements to participants.

use super::*;

/// Announcements, newest first.
/// The fields the announcement list sorts by.
pub const ANNOUNCEMENT_SORTS: &[&str] = &["createdAt"];

/// One page of the competition's announcements, newest first unless `sort` says oldest first.
pub async fn announcements(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<Page<Announcement>> {
    let mut conn = pool.acquire().await?;
    load(&mut conn, ctx, id).await?;
    announcements_of(&mut conn, id, sort.is_some_and(|s| !s.descending), page).await
}

pub(in crate::competitions) async fn announcements_of(
    conn: &mut PgConnection,
    id: Uuid,
    oldest_first: bool,
    page: PageRequest,
) -> AppResult<Page<Announcement>> {
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM competition_announcements WHERE competition_id = $1"#,
        id,
    )
    .fetch_one(&mut *conn)
    .await?;
    let items = sqlx::query_as!(
        Announcement,
        r#"SELECT a.id, a.body, u.display_name AS author_name,
                  a.created_at AS "created_at: DateTime<Utc>"
             FROM competition_announcements a JOIN users u ON u.id = a.author_id
            WHERE a.competition_id = $1
            ORDER BY CASE WHEN $4 THEN a.created_at END, a.created_at DESC, a.id LIMIT $2 OFFSET $3"#,
        id,
        page.limit(),
        page.offset(),
        oldest_first,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Page::new(items, total, page))
}

pub async fn announce(pool: &PgPool, ctx: &Ctx, id: Uuid, body: &str) -> AppResult<Announcement> {
    let mut tx = pool.begin().await?;
    let c = sponsor_only(&mut tx, ctx, id, false).await?;
    let body = body.trim();
    if !fits(body, competition_settings::MAX_ANNOUNCEMENT_CHARS) {
        return Err(AppError::validation(
            "body",
            FieldCode::Required,
            format!("body is required (at most {} characters)", competition_settings::MAX_ANNOUNCEMENT_CHARS),
        ));
    }
    let announcement = sqlx::query_as!(
        Announcement,
        r#"WITH a AS (INSERT INTO competition_announcements (organization_id, competition_id, author_id, body)
                      VALUES ($1, $2, $3, $4) RETURNING id, body, author_id, created_at)
           SELECT a.id AS "id!", a.body AS "body!", u.display_name AS author_name,
                  a.created_at AS "created_at!: DateTime<Utc>"
             FROM a JOIN users u ON u.id = a.author_id"#,
        ctx.organization_id(),
        id,
        ctx.user_id(),
        body,
    )
    .fetch_one(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "competition.announce",
        "competition",
        id,
        json!({ "announcementId": announcement.id, "body": body }),
    )
    .await?;
    // Every participant sees it as unread until they open the Overview tab.
    let excerpt: String = body.chars().take(140).collect();
    let link = format!("/competitions/{}", c.slug);
    let data = json!({ "competition": c.title, "excerpt": excerpt });
    let notice = Notice { kind: NotificationKind::Announcement, subject: id, link: &link, data };
    notify_participants(&mut tx, ctx, id, notice).await?;
    tx.commit().await?;
    Ok(announcement)
}
