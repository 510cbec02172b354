//! The sponsor's view: statistics and the participant list.

use super::*;

pub async fn stats(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<CompetitionStats> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    stats_of(&mut conn, &c).await
}

pub(in crate::competitions) async fn stats_of(conn: &mut PgConnection, c: &Competition) -> AppResult<CompetitionStats> {
    let id = c.id;
    let counts = sqlx::query!(
        r#"SELECT count(*) AS "submissions!", count(*) FILTER (WHERE status = 'scored') AS "scored!",
                  count(*) FILTER (WHERE status = 'invalid') AS "invalid!",
                  count(*) FILTER (WHERE status = 'invalidated') AS "invalidated!"
             FROM competition_submissions WHERE competition_id = $1"#,
        id,
    )
    .fetch_one(&mut *conn)
    .await?;
    let today = Utc::now().date_naive();
    let per_day = sqlx::query_as!(
        DayCount,
        r#"SELECT d::date AS "day!: chrono::NaiveDate", count(s.id) AS "count!"
             FROM generate_series($2::date - 13, $2::date, interval '1 day') d
             LEFT JOIN competition_submissions s
               ON s.competition_id = $1 AND (s.created_at AT TIME ZONE 'UTC')::date = d::date
            GROUP BY d ORDER BY d"#,
        id,
        today as _,
    )
    .fetch_all(&mut *conn)
    .await?;
    let scores: Vec<f64> = sqlx::query_scalar!(
        "SELECT public_score FROM competition_submissions WHERE competition_id = $1 AND status = 'scored'",
        id,
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .flatten()
    .collect();
    let best_score = standings::best_public(conn, c).await?;
    Ok(CompetitionStats {
        participants: c.participant_count,
        submissions: counts.submissions,
        scored: counts.scored,
        invalid: counts.invalid,
        invalidated: counts.invalidated,
        best_score,
        per_day,
        distribution: histogram(&scores, 10),
    })
}

pub async fn participants(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<Page<Participant>> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    participants_of(&mut conn, &c, sort, page).await
}

pub(in crate::competitions) async fn participants_of(
    conn: &mut PgConnection,
    c: &Competition,
    sort: Option<Sort>,
    page: PageRequest,
) -> AppResult<Page<Participant>> {
    let id = c.id;
    // The best score is the highest or, for error metrics, the lowest.
    let items = sqlx::query_as!(
        Participant,
        r#"SELECT e.user_id, u.display_name, u.email, e.enrolled_at AS "enrolled_at: DateTime<Utc>",
                  count(s.id) AS "submissions!",
                  CASE WHEN $4 THEN max(s.public_score) FILTER (WHERE s.status = 'scored')
                       ELSE min(s.public_score) FILTER (WHERE s.status = 'scored') END AS best_score,
                  max(s.created_at) AS "last_submitted_at: DateTime<Utc>"
             FROM competition_enrollments e JOIN users u ON u.id = e.user_id
             LEFT JOIN competition_submissions s ON s.competition_id = e.competition_id AND s.user_id = e.user_id
            WHERE e.competition_id = $1
            GROUP BY e.user_id, u.display_name, u.email, e.enrolled_at
            ORDER BY CASE WHEN $5 = 'enrolledAt' AND NOT $6 THEN e.enrolled_at END ASC,
                     CASE WHEN $5 = 'enrolledAt' AND $6 THEN e.enrolled_at END DESC,
                     CASE WHEN $5 = 'name' AND NOT $6 THEN u.display_name END ASC,
                     CASE WHEN $5 = 'name' AND $6 THEN u.display_name END DESC,
                     CASE WHEN $5 = 'submissions' AND NOT $6 THEN count(s.id) END ASC,
                     CASE WHEN $5 = 'submissions' AND $6 THEN count(s.id) END DESC,
                     CASE WHEN $5 = 'bestScore' AND NOT $6 THEN CASE WHEN $4 THEN max(s.public_score) FILTER (WHERE s.status = 'scored') ELSE min(s.public_score) FILTER (WHERE s.status = 'scored') END END ASC NULLS LAST,
                     CASE WHEN $5 = 'bestScore' AND $6 THEN CASE WHEN $4 THEN max(s.public_score) FILTER (WHERE s.status = 'scored') ELSE min(s.public_score) FILTER (WHERE s.status = 'scored') END END DESC NULLS LAST,
                     CASE WHEN $5 = 'lastSubmittedAt' AND NOT $6 THEN max(s.created_at) END ASC NULLS LAST,
                     CASE WHEN $5 = 'lastSubmittedAt' AND $6 THEN max(s.created_at) END DESC NULLS LAST,
                     e.enrolled_at, u.display_name LIMIT $2 OFFSET $3"#,
        id,
        page.limit(),
        page.offset(),
        c.metric.higher_is_better(),
        sort.map_or("enrolledAt", |s| s.field),
        sort.is_some_and(|s| s.descending),
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Page::new(items, c.participant_count, page))
}
