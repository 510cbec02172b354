//! The calibration view of a closed or finalized cycle, for hr and admins: the official raw
//! ranking beside one with each nominator's scores standardized (the arithmetic is in
//! [`crate::domain::calibration`]). It reads and never writes; the official result does not
//! change.

use super::*;
use crate::domain::calibration::{calibrate, ScoredNomination, MIN_NOMINATIONS, NOTABLE_MOVE};
use crate::nominations::{CalibrationNominator, CalibrationNominee, CycleCalibration};

/// hr and admins only (403); a cycle still open or in draft has no settled scores (409).
pub async fn calibration(pool: &PgPool, ctx: &Ctx, cycle_id: Uuid) -> AppResult<CycleCalibration> {
    ctx.require(runs_cycles)?;
    let mut conn = pool.acquire().await?;
    let cycle = load_cycle(&mut conn, ctx, cycle_id, Hold::Read).await?;
    let official = match cycle.status {
        CycleStatus::Finalized => history_rankings(&mut conn, cycle_id, None).await?,
        CycleStatus::Closed => compute(&mut conn, cycle_id, None).await?,
        _ => return Err(not_in_status(&cycle, "closed or finalized")),
    };
    // Every submitted nomination with its scores and their criteria's weights (fixed since the
    // cycle opened), and the nominators' names.
    let rows = sqlx::query!(
        r#"SELECT n.id, n.nominee_id, n.submitted_by, n.status, u.display_name AS nominator_name,
                  coalesce(array_agg(s.criterion_id ORDER BY c.position), '{}') AS "criteria!",
                  coalesce(array_agg(c.weight::float8 ORDER BY c.position), '{}') AS "weights!",
                  coalesce(array_agg(s.score ORDER BY c.position), '{}') AS "scores!"
             FROM nominations n
             JOIN users u ON u.id = n.submitted_by
             JOIN nomination_scores s ON s.nomination_id = n.id
             JOIN nomination_criteria c ON c.id = s.criterion_id
            WHERE n.cycle_id = $1
            GROUP BY n.id, u.display_name
            ORDER BY n.created_at, n.id"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let nominations: Vec<ScoredNomination> = rows
        .into_iter()
        .map(|row| {
            names.insert(row.submitted_by, row.nominator_name);
            ScoredNomination {
                nomination: row.id,
                nominee: row.nominee_id,
                nominator: row.submitted_by,
                approved: row.status == NominationStatus::Approved.as_str(),
                scores: row
                    .criteria
                    .into_iter()
                    .zip(row.weights)
                    .zip(row.scores)
                    .map(|((c, w), s)| (c, w, s))
                    .collect(),
            }
        })
        .collect();
    let ranked: Vec<(Uuid, f64, i32)> = official.iter().map(|r| (r.nominee_id, r.total, r.rank)).collect();
    let result = calibrate(&nominations, &ranked);
    let nominee_names: HashMap<Uuid, &str> = official.iter().map(|r| (r.nominee_id, r.nominee_name.as_str())).collect();
    Ok(CycleCalibration {
        cycle,
        min_nominations: MIN_NOMINATIONS,
        notable_move: NOTABLE_MOVE,
        mean: result.mean,
        spread: result.spread,
        nominators: result
            .nominators
            .into_iter()
            .map(|habits| CalibrationNominator { name: names.remove(&habits.nominator_id).unwrap_or_default(), habits })
            .collect(),
        nominees: result
            .nominees
            .into_iter()
            .map(|ranks| CalibrationNominee {
                name: nominee_names.get(&ranks.nominee_id).copied().unwrap_or_default().to_owned(),
                ranks,
            })
            .collect(),
        nominations: result.nominations,
    })
}
