//! A finalized cycle's archive for hr and admins: the ranking and every nomination behind it as
//! they were frozen at finalization, on a page and as CSV.

use super::*;

/// The frozen ranking and nominations of a finalized cycle. hr and admins only (403 for others);
/// a cycle that is not finalized has no archive yet (409).
pub async fn archive(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<CycleArchive> {
    ctx.require(runs_cycles)?;
    let mut conn = pool.acquire().await?;
    let cycle = load_cycle(&mut conn, ctx, cycle_id, Hold::Read).await?;
    if cycle.status != CycleStatus::Finalized {
        return Err(not_in_status(&cycle, "finalized"));
    }
    let rankings = history_rankings(&mut conn, cycle_id, None).await?;
    let rows = sqlx::query!(
        r#"SELECT h.nomination_id, h.nominee_id, h.nominee_name, h.submitter_id, h.submitter_name,
                  h.justification, h.status, h.weighted_score::float8 AS "weighted_score!", h.scores
             FROM nomination_history_nominations h
             LEFT JOIN nomination_history_rankings r ON r.cycle_id = h.cycle_id AND r.nominee_id = h.nominee_id
            WHERE h.cycle_id = $1
            ORDER BY r.rank NULLS LAST, h.nominee_name, h.nominee_id,
                     h.weighted_score DESC, h.submitter_name, h.nomination_id"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let nominations = rows
        .into_iter()
        .map(|row| {
            let status = NominationStatus::parse(&row.status)
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown nomination status {}", row.status)))?;
            let scores: Vec<ScoreView> =
                serde_json::from_value(row.scores).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
            Ok(ArchivedNomination {
                nomination_id: row.nomination_id,
                nominee_id: row.nominee_id,
                nominee_name: row.nominee_name,
                submitter_id: row.submitter_id,
                submitter_name: row.submitter_name,
                justification: row.justification,
                status,
                weighted_score: row.weighted_score,
                scores,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(CycleArchive { cycle, rankings, nominations })
}

/// The archive as CSV, one row per nomination: the nominee's frozen rank and total, the
/// submitter, status, weighted score, justification, then a score and a comment column per
/// criterion in the cycle's order. Same rights as [`archive`]; starts with a UTF-8 byte-order
/// mark, and cells that would start a formula are escaped.
pub async fn archive_csv(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<u8>> {
    let archive = archive(pool, ctx, cycle_id).await?;
    let ranks: HashMap<Uuid, &RankingRow> = archive.rankings.iter().map(|r| (r.nominee_id, r)).collect();
    let criteria: Vec<(Uuid, String)> = archive.cycle.criteria.iter().map(|c| (c.id, c.name.clone())).collect();
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut header: Vec<String> = [
        "rank",
        "nominee_id",
        "nominee",
        "nominee_total",
        "nomination_id",
        "submitter_id",
        "submitter",
        "status",
        "weighted_score",
        "justification",
    ]
    .map(str::to_owned)
    .to_vec();
    for (_, name) in &criteria {
        header.push(escape_formula(&format!("{name} score")).into_owned());
        header.push(escape_formula(&format!("{name} comment")).into_owned());
    }
    let write = |out: &mut csv::Writer<Vec<u8>>, record: &[String]| {
        out.write_record(record).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))
    };
    write(&mut out, &header)?;
    for n in &archive.nominations {
        let ranked = ranks.get(&n.nominee_id);
        let mut record = vec![
            ranked.map(|r| r.rank.to_string()).unwrap_or_default(),
            n.nominee_id.to_string(),
            escape_formula(&n.nominee_name).into_owned(),
            ranked.map(|r| r.total_text()).unwrap_or_default(),
            n.nomination_id.to_string(),
            n.submitter_id.to_string(),
            escape_formula(&n.submitter_name).into_owned(),
            n.status.as_str().to_owned(),
            crate::domain::nominations::points_text(n.weighted_score),
            escape_formula(&n.justification).into_owned(),
        ];
        for (id, _) in &criteria {
            let score = n.scores.iter().find(|s| s.criterion_id == *id);
            record.push(score.map(|s| s.score.to_string()).unwrap_or_default());
            record.push(score.map(|s| escape_formula(&s.comment).into_owned()).unwrap_or_default());
        }
        write(&mut out, &record)?;
    }
    out.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))
}
