//! Confidence bands in the background. Every change of a competition's standings bumps its
//! standings version; a worker of any instance then works out the paired bootstrap
//! ([`super::bootstrap`]) of the public board — and, once the deadline has passed, of the
//! private one — on the participants' best entries, and stores it for that version. Boards show
//! bands only while they are the standings version's, so nothing stale is ever shown and no
//! request waits for a bootstrap.
//!
//! Work is found from the versions themselves (no queue to lose): a competition whose bands
//! are not its standings version's. One instance works on a competition at a time (an advisory
//! lock held while it computes); a result whose standings changed meanwhile is dropped, and the
//! next round works out the new version.

use std::sync::Arc;
use std::time::Duration;

use sqlx::{PgConnection, PgPool};
use tokio::sync::Notify;
use uuid::Uuid;

use super::bootstrap::{self, Band, RESAMPLES};
use super::service::{blocking, current_key, load_in_organization, spec};
use super::validation::{validate_submission, AnswerKey};
use super::{baselines, standings, Board, Competition, CompetitionStatus};
use crate::error::AppResult;

/// How often an idle worker looks for boards whose bands are out of date.
const POLL: Duration = Duration::from_secs(2);

static WAKE: Notify = Notify::const_new();

/// Wakes this instance's worker (the standings just changed here).
pub fn wake() {
    WAKE.notify_one();
}

/// Works out the bands of every competition whose bands are out of date; answers how many
/// this worker stored.
pub async fn run_pending(pool: &PgPool) -> AppResult<usize> {
    let mut stored = 0;
    loop {
        let due = sqlx::query!(
            r#"SELECT c.id AS "id!", c.organization_id AS "organization_id!"
                 FROM competition_counts cc JOIN competitions_now c ON c.id = cc.competition_id
                WHERE cc.on_board > 0
                  AND (cc.bands_version IS DISTINCT FROM cc.standings_version
                       OR (c.effective_status = 'ended' AND NOT cc.bands_private))
                ORDER BY cc.competition_id LIMIT 50"#,
        )
        .fetch_all(pool)
        .await?;
        let mut progress = false;
        for row in due {
            if work_out(pool, row.organization_id, row.id).await? {
                stored += 1;
                progress = true;
            }
        }
        if !progress {
            return Ok(stored);
        }
    }
}

/// This instance's worker: woken by score changes here, polling for the rest. After a round
/// that stored bands it rests twice as long as the round took (at least [`POLL`]), so under a
/// stream of new scores on a large board it takes at most a third of one core, and the bands
/// lag the standings by about three rounds.
pub fn spawn_worker(pool: PgPool) {
    tokio::spawn(async move {
        loop {
            let started = std::time::Instant::now();
            match run_pending(&pool).await {
                Ok(0) => {}
                Ok(_) => tokio::time::sleep(POLL.max(started.elapsed() * 2)).await,
                Err(e) => tracing::warn!(error = ?e, "confidence bands failed; retrying"),
            }
            let _ = tokio::time::timeout(POLL, WAKE.notified()).await;
        }
    });
}

/// One competition's bands, unless another instance is working them out; answers whether
/// they were stored.
async fn work_out(pool: &PgPool, organization: Uuid, competition: Uuid) -> AppResult<bool> {
    let mut conn = pool.acquire().await?;
    let lock = format!("competition_bands:{competition}");
    let mine = sqlx::query_scalar!(r#"SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS "mine!""#, lock)
        .fetch_one(&mut *conn)
        .await?;
    if !mine {
        return Ok(false);
    }
    let result = compute_and_store(&mut conn, organization, competition).await;
    sqlx::query_scalar!("SELECT pg_advisory_unlock(hashtextextended($1, 0))", lock).fetch_one(&mut *conn).await?;
    result
}

async fn compute_and_store(conn: &mut PgConnection, organization: Uuid, competition: Uuid) -> AppResult<bool> {
    let started = std::time::Instant::now();
    let c = load_in_organization(conn, organization, competition).await?;
    // The private board is shown, and so worked out, once the competition has ended.
    let with_private = c.status == CompetitionStatus::Ended;
    let Some((_, key)) = current_key(conn, c.id).await? else {
        return Ok(false);
    };
    let mut boards = vec![(Board::Public, board_bands(conn, &c, &key, Board::Public).await?)];
    if with_private {
        boards.push((Board::Private, board_bands(conn, &c, &key, Board::Private).await?));
    }

    let mut tx = sqlx::Acquire::begin(&mut *conn).await?;
    let current = sqlx::query_scalar!(
        "SELECT standings_version FROM competition_counts WHERE competition_id = $1 FOR UPDATE",
        c.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if current != Some(c.standings_version) {
        // The standings changed meanwhile: the next round works out the new version.
        return Ok(false);
    }
    sqlx::query!("DELETE FROM competition_bands WHERE competition_id = $1", c.id).execute(&mut *tx).await?;
    for (board, rows) in &boards {
        let users: Vec<Uuid> = rows.iter().map(|(user, _)| *user).collect();
        let low: Vec<Option<f64>> = rows.iter().map(|(_, b)| b.interval.map(|i| i.low)).collect();
        let high: Vec<Option<f64>> = rows.iter().map(|(_, b)| b.interval.map(|i| i.high)).collect();
        let groups: Vec<Option<i32>> = rows.iter().map(|(_, b)| b.tie_group).collect();
        sqlx::query!(
            "INSERT INTO competition_bands (organization_id, competition_id, board, user_id, low, high, tie_group)
             SELECT $1, $2, $3, * FROM unnest($4::uuid[], $5::float8[], $6::float8[], $7::int4[])",
            organization,
            c.id,
            board.as_str(),
            &users,
            &low as &[Option<f64>],
            &high as &[Option<f64>],
            &groups as &[Option<i32>],
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "UPDATE competition_counts SET bands_version = $2, bands_private = $3 WHERE competition_id = $1",
        c.id,
        c.standings_version,
        with_private,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(
        competition = %c.id,
        version = c.standings_version,
        entries = boards[0].1.len(),
        private = with_private,
        ms = started.elapsed().as_millis() as u64,
        "confidence bands stored"
    );
    Ok(true)
}

/// The bands of one board, in its order, by participant.
async fn board_bands(
    conn: &mut PgConnection,
    c: &Competition,
    key: &Arc<AnswerKey>,
    board: Board,
) -> AppResult<Vec<(Uuid, Band)>> {
    // Each participant's best entry on this board, in the board's order (as the standings
    // choose it: the better score, then the earlier upload).
    let public = board == Board::Public;
    let best = sqlx::query!(
        r#"SELECT b.user_id AS "user_id!", b.id AS "id!" FROM (
              SELECT DISTINCT ON (s.user_id) s.user_id, s.id
                FROM competition_submissions s
               WHERE s.competition_id = $1 AND s.status = 'scored'
               ORDER BY s.user_id, CASE WHEN $2 THEN s.public_score ELSE s.private_score END * $3, s.created_at, s.id) b
             JOIN competition_standings st ON st.competition_id = $1 AND st.user_id = b.user_id
            ORDER BY CASE WHEN $2 THEN st.public_order ELSE st.private_order END,
                     CASE WHEN $2 THEN st.public_at ELSE st.private_at END, st.user_id"#,
        c.id,
        public,
        standings::sign(c),
    )
    .fetch_all(&mut *conn)
    .await?;
    let rows: Vec<usize> = (0..key.values.len()).filter(|&i| key.public[i] == public).collect();
    let truth: Vec<f64> = rows.iter().map(|&i| key.values[i]).collect();
    let mut entries = Vec::with_capacity(best.len());
    for entry in &best {
        let bytes = sqlx::query_scalar!("SELECT file_bytes FROM competition_submissions WHERE id = $1", entry.id)
            .fetch_one(&mut *conn)
            .await?;
        let (file_spec, key, rows) = (spec(c), Arc::clone(key), rows.clone());
        let predictions = blocking(move || {
            validate_submission(&bytes, &file_spec, &key)
                .predictions
                .map(|p| rows.iter().map(|&i| p[i]).collect::<Vec<f64>>())
        })
        .await?;
        // A best entry that no longer reads against the current key (a rescoring is under
        // way) leaves the board without bands until the rescoring is done.
        let Ok(predictions) = predictions else {
            return Ok(Vec::new());
        };
        entries.push(predictions);
    }
    let (metric, seed) = (c.metric, baselines::seed(c.id) ^ u64::from(!public));
    let bands = blocking(move || {
        let entries: Vec<&[f64]> = entries.iter().map(Vec::as_slice).collect();
        bootstrap::bands(metric, &truth, &entries, RESAMPLES, seed)
    })
    .await?;
    Ok(best.iter().map(|b| b.user_id).zip(bands).collect())
}
