//! A cycle's dense-ranked results, live from the running totals or as finalized, by page,
//! as history and as CSV.

use super::*;

/// The live ranking, all of it or one page: the running totals dense-ranked, highest first;
/// equal totals share a rank, the next total takes the next rank (9.5, 9.5, 8 → 1, 1, 2), and
/// within a rank nominees are listed by name.
pub(super) async fn compute(
    conn: &mut PgConnection,
    cycle_id: Uuid,
    page: Option<PageRequest>,
) -> AppResult<Vec<RankingRow>> {
    Ok(sqlx::query_as!(
        RankingRow,
        r#"SELECT t.nominee_id, u.display_name AS nominee_name,
                  t.total::float8 / 1000 AS "total!", t.approved_count,
                  dense_rank() OVER (ORDER BY t.total DESC)::int AS "rank!"
             FROM nomination_totals t JOIN users u ON u.id = t.nominee_id
            WHERE t.cycle_id = $1
            ORDER BY t.total DESC, u.display_name, t.nominee_id
            LIMIT $2 OFFSET $3"#,
        cycle_id,
        page.map(|p| p.limit()),
        page.map_or(0, |p| p.offset()),
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The frozen ranking of a finalized cycle, all of it or one page.
pub(super) async fn history_rankings(
    conn: &mut PgConnection,
    cycle_id: Uuid,
    page: Option<PageRequest>,
) -> AppResult<Vec<RankingRow>> {
    Ok(sqlx::query_as!(
        RankingRow,
        r#"SELECT nominee_id, nominee_name, total::float8 AS "total!", approved_count, rank
             FROM nomination_history_rankings WHERE cycle_id = $1 ORDER BY rank, nominee_name, nominee_id
            LIMIT $2 OFFSET $3"#,
        cycle_id,
        page.map(|p| p.limit()),
        page.map_or(0, |p| p.offset()),
    )
    .fetch_all(conn)
    .await?)
}

/// The cycle's ranking: live for HR and admins while open or closed, the frozen snapshot for
/// everyone once finalized. Reading never writes.
pub async fn rankings(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<RankingRow>> {
    let mut conn = pool.acquire().await?;
    let cycle = load_cycle(&mut conn, ctx, cycle_id, Hold::Read).await?;
    if !cycle.status.results_visible_to(ctx.actor.role) {
        return Err(AppError::Forbidden);
    }
    match cycle.status {
        CycleStatus::Finalized => history_rankings(&mut conn, cycle_id, None).await,
        CycleStatus::Draft => Ok(Vec::new()),
        _ => compute(&mut conn, cycle_id, None).await,
    }
}

/// A page of the cycle's ranking, with the rights of [`rankings`]: a finalized cycle's page is
/// read from the snapshot alone (an index range, whatever the number of nominees).
pub async fn rankings_page(
    pool: &PgPool,
    ctx: &Ctx,
    cycle_id: Uuid,
    request: PageRequest,
) -> AppResult<Page<RankingRow>> {
    let mut conn = pool.acquire().await?;
    let cycle = load_cycle(&mut conn, ctx, cycle_id, Hold::Read).await?;
    if !cycle.status.results_visible_to(ctx.actor.role) {
        return Err(AppError::Forbidden);
    }
    match cycle.status {
        CycleStatus::Finalized => {
            let total = sqlx::query_scalar!(
                r#"SELECT count(*) AS "count!" FROM nomination_history_rankings WHERE cycle_id = $1"#,
                cycle_id,
            )
            .fetch_one(&mut *conn)
            .await?;
            let rows = history_rankings(&mut conn, cycle_id, Some(request)).await?;
            Ok(Page::new(rows, total, request))
        }
        CycleStatus::Draft => Ok(Page::of_all(Vec::new(), request)),
        _ => {
            let total = sqlx::query_scalar!(
                r#"SELECT count(*) AS "count!" FROM nomination_totals WHERE cycle_id = $1"#,
                cycle_id,
            )
            .fetch_one(&mut *conn)
            .await?;
            let rows = compute(&mut conn, cycle_id, Some(request)).await?;
            Ok(Page::new(rows, total, request))
        }
    }
}

/// Finalized cycles, newest first, each with the ranking frozen when it was finalized.
pub async fn history(pool: &PgPool, ctx: &Ctx) -> AppResult<Vec<CycleResults>> {
    let cycles = list(pool, ctx, &[CycleStatus::Finalized]).await?;
    let mut conn = pool.acquire().await?;
    let mut results = Vec::with_capacity(cycles.len());
    for cycle in cycles {
        let rankings = history_rankings(&mut conn, cycle.id, None).await?;
        results.push(CycleResults { cycle, rankings });
    }
    Ok(results)
}

/// The cycle's ranking as CSV (rank, nominee, total, approved nominations), with the same rights
/// as [`rankings`]. Starts with a UTF-8 byte-order mark so spreadsheet programs read Japanese
/// names correctly.
pub async fn rankings_csv(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<u8>> {
    // Drafts stay hidden (404) from those who do not run cycles, as everywhere.
    get(pool, ctx, cycle_id).await?;
    let rows = rankings(pool, ctx, cycle_id).await?;
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let write = |out: &mut csv::Writer<Vec<u8>>, record: [String; 5]| {
        out.write_record(record).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))
    };
    write(&mut out, ["rank", "nominee_id", "nominee", "total", "approved_nominations"].map(str::to_owned))?;
    for row in &rows {
        write(
            &mut out,
            [
                row.rank.to_string(),
                row.nominee_id.to_string(),
                escape_formula(&row.nominee_name).into_owned(),
                row.total_text(),
                row.approved_count.to_string(),
            ],
        )?;
    }
    let bytes = out.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    Ok(bytes)
}
