//! The sponsor's view: statistics and the participant list.

use super::*;

pub async fn stats(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<CompetitionStats> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    stats_of(&mut conn, &c).await
}

pub(in crate::competitions) async fn stats_of(
    conn: &mut PgConnection,
    c: &Competition,
) -> AppResult<CompetitionStats> {
    let id = c.id;
    let (submissions, scored, invalid, invalidated): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE status = 'scored'), count(*) FILTER (WHERE status = 'invalid'),
                count(*) FILTER (WHERE status = 'invalidated')
           FROM competition_submissions WHERE competition_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let today = Utc::now().date_naive();
    let per_day: Vec<DayCount> = sqlx::query_as(
        "SELECT d::date AS day, count(s.id) AS count
           FROM generate_series($2::date - 13, $2::date, interval '1 day') d
           LEFT JOIN competition_submissions s
             ON s.competition_id = $1 AND (s.created_at AT TIME ZONE 'UTC')::date = d::date
          GROUP BY d ORDER BY d",
    )
    .bind(id)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let scores: Vec<f64> = sqlx::query_scalar(
        "SELECT public_score FROM competition_submissions WHERE competition_id = $1 AND status = 'scored'",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let best_score = standings::best(conn, c, Board::Public).await?;
    Ok(CompetitionStats {
        participants: c.participant_count,
        submissions,
        scored,
        invalid,
        invalidated,
        best_score,
        per_day,
        distribution: histogram(&scores, 10),
    })
}

pub async fn participants(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    page: PageRequest,
) -> AppResult<Page<Participant>> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    participants_of(&mut conn, &c, page).await
}

pub(in crate::competitions) async fn participants_of(
    conn: &mut PgConnection,
    c: &Competition,
    page: PageRequest,
) -> AppResult<Page<Participant>> {
    let id = c.id;
    let best = if c.metric.higher_is_better() {
        "max"
    } else {
        "min"
    };
    let items: Vec<Participant> = sqlx::query_as(&format!(
        "SELECT e.user_id, u.display_name, u.email, e.enrolled_at,
                count(s.id) AS submissions,
                {best}(s.public_score) FILTER (WHERE s.status = 'scored') AS best_score,
                max(s.created_at) AS last_submitted_at
           FROM competition_enrollments e JOIN users u ON u.id = e.user_id
           LEFT JOIN competition_submissions s ON s.competition_id = e.competition_id AND s.user_id = e.user_id
          WHERE e.competition_id = $1
          GROUP BY e.user_id, u.display_name, u.email, e.enrolled_at
          ORDER BY e.enrolled_at, u.display_name LIMIT $2 OFFSET $3"
    ))
    .bind(id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&mut *conn)
    .await?;
    Ok(Page::new(items, c.participant_count, page))
}
