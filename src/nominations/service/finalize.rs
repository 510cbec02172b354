//! Finalizing a closed cycle: its rankings snapshotted into history, exactly once, in a few
//! set-based statements.

use super::*;

/// Finalizes a closed cycle once: recomputes the ranking, snapshots nominations and ranking into
/// history and marks the cycle finalized. Repeating it, even concurrently, changes nothing and
/// returns the same result.
pub async fn finalize(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<Vec<RankingRow>> {
    ctx.require(runs_cycles)?;
    let mut tx = pool.begin().await?;
    // The row lock makes a concurrent second call wait, then see "finalized".
    let cycle = load_cycle(&mut tx, ctx, cycle_id, Hold::Exclusive).await?;
    match cycle.status {
        CycleStatus::Finalized => {
            let rows = history_rankings(&mut tx, cycle_id, None).await?;
            tx.commit().await?;
            return Ok(rows);
        }
        CycleStatus::Closed => {}
        _ => return Err(not_in_status(&cycle, "closed")),
    }
    let rows = compute(&mut tx, cycle_id, None).await?;
    // The nominations are copied inside PostgreSQL, scores as the API shows them (`ScoreView`),
    // whatever their number.
    sqlx::query!(
        "INSERT INTO nomination_history_nominations
             (organization_id, cycle_id, nomination_id, nominee_id, nominee_name, submitter_id, submitter_name,
              justification, status, weighted_score, scores)
         SELECT $1, n.cycle_id, n.id, n.nominee_id, nu.display_name, n.submitted_by, su.display_name,
                n.justification, n.status, n.weighted_milli / 1000.0, coalesce(s.scores, '[]')
           FROM nominations n
           JOIN users nu ON nu.id = n.nominee_id
           JOIN users su ON su.id = n.submitted_by
           LEFT JOIN (
                SELECT s.nomination_id,
                       jsonb_agg(jsonb_build_object('criterionId', s.criterion_id, 'criterionName', c.name,
                                                    'score', s.score, 'comment', s.comment)
                                 ORDER BY c.position) AS scores
                  FROM nomination_scores s
                  JOIN nomination_criteria c ON c.id = s.criterion_id
                  JOIN nominations m ON m.id = s.nomination_id AND m.cycle_id = $2
                 GROUP BY s.nomination_id) s ON s.nomination_id = n.id
          WHERE n.cycle_id = $2",
        ctx.organization_id(),
        cycle_id,
    )
    .execute(&mut *tx)
    .await?;
    let columns = RankingColumns::of(&rows);
    sqlx::query!(
        "INSERT INTO nomination_history_rankings (organization_id, cycle_id, nominee_id, nominee_name, total, approved_count, rank)
         SELECT $1, $2, * FROM UNNEST($3::uuid[], $4::text[], $5::float8[], $6::int[], $7::int[])",
        ctx.organization_id(),
        cycle_id,
        &columns.nominees,
        &columns.names,
        &columns.totals,
        &columns.approved,
        &columns.ranks,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE nomination_cycles SET status = 'finalized', finalized_at = now(), updated_at = now() WHERE id = $1",
        cycle_id,
    )
    .execute(&mut *tx)
    .await?;
    writer::record_change(
        &mut tx,
        ctx,
        "cycle.finalized",
        "nomination_cycle",
        cycle_id,
        json!({ "nominees": rows.len() }),
    )
    .await?;
    // Everyone who nominated or was nominated (and approved) in the cycle hears the results are final.
    let involved = sqlx::query_scalar!(
        r#"SELECT submitted_by AS "user_id!" FROM nominations WHERE cycle_id = $1
           UNION SELECT nominee_id FROM nominations WHERE cycle_id = $1 AND status = 'approved'"#,
        cycle_id,
    )
    .fetch_all(&mut *tx)
    .await?;
    let link = format!("/nominations/{cycle_id}/leaderboard");
    let data = json!({ "cycle": cycle.name });
    notify(
        &mut tx,
        ctx,
        &involved,
        Notice { kind: NotificationKind::CycleFinalized, subject: cycle_id, link: &link, data },
    )
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Ranking rows as columns, for one `UNNEST` insert instead of one insert per row.
struct RankingColumns {
    nominees: Vec<Uuid>,
    names: Vec<String>,
    totals: Vec<f64>,
    approved: Vec<i32>,
    ranks: Vec<i32>,
}

impl RankingColumns {
    fn of(rows: &[RankingRow]) -> RankingColumns {
        RankingColumns {
            nominees: rows.iter().map(|r| r.nominee_id).collect(),
            names: rows.iter().map(|r| r.nominee_name.clone()).collect(),
            totals: rows.iter().map(|r| r.total).collect(),
            approved: rows.iter().map(|r| r.approved_count).collect(),
            ranks: rows.iter().map(|r| r.rank).collect(),
        }
    }
}
