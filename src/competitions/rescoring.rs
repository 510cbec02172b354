//! Rescoring as a background job. A new answer-key version queues a job in the upload's
//! transaction (with the public board as it was); a worker of any instance claims it
//! (`FOR UPDATE SKIP LOCKED`, then a lease renewed with every file) and rescores the stored
//! submissions one file at a time: it reads and scores a file holding no lock, then writes the
//! scores, the participant's standings and the job's progress in one short transaction. Uploads
//! keep working meanwhile (they score against the new version at once). When no file is left,
//! the rank moves against the board before are recorded and the job is done.
//!
//! The claim is a fencing token: a worker that stalled past its lease and was taken over
//! writes nothing more (its transaction finds the job no longer its own and rolls back), so
//! no file is rescored twice and a job is never run by two workers at once. A restart resumes
//! where the last committed file left off, once the lease has run out.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use tokio::sync::Notify;
use uuid::Uuid;

use super::service::{blocking, load_in_organization, rank_moves, spec, stored_key};
use super::standings;
use super::validation::{score, score_problem, validate_submission};
use super::{Competition, LeaderboardRow, RankMove, Rescoring, RescoringStatus};
use crate::audit::writer::{self, Event, Origin};
use crate::error::{AppError, AppResult};
use crate::notifications::service::{notify_in, Notice};
use crate::notifications::NotificationKind;

/// How long a claim holds without news from its worker (each rescored file renews it).
pub const LEASE: Duration = Duration::from_secs(30);

/// How often an idle worker looks for jobs queued by other instances.
const POLL: Duration = Duration::from_secs(2);

static WAKE: Notify = Notify::const_new();

/// Wakes this instance's worker (a job was just queued here).
pub fn wake() {
    WAKE.notify_one();
}

/// A rescoring job's public fields, with the condition that picks the job (checked at compile
/// time with it).
macro_rules! select_job {
    ($($rest:tt)*) => {
        sqlx::query_as!(
            JobRow,
            r#"SELECT j.version, j.status, j.total::int8 AS "total!", j.done::int8 AS "done!",
                      j.no_longer_scored::int8 AS "no_longer_scored!",
                      j.created_at AS "created_at: DateTime<Utc>",
                      j.finished_at AS "finished_at: DateTime<Utc>", k.rank_moves
                 FROM competition_rescoring_jobs j
                 JOIN competition_answer_keys k ON k.id = j.answer_key_id "# + $($rest)*
        )
    };
}

struct JobRow {
    version: i32,
    status: String,
    total: i64,
    done: i64,
    no_longer_scored: i64,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    rank_moves: serde_json::Value,
}

impl JobRow {
    fn into_rescoring(self) -> AppResult<Rescoring> {
        Ok(Rescoring {
            version: self.version,
            status: RescoringStatus::parse(&self.status)
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown job status {}", self.status)))?,
            total: self.total,
            done: self.done,
            no_longer_scored: self.no_longer_scored,
            rank_moves: serde_json::from_value::<Vec<RankMove>>(self.rank_moves).map_err(anyhow::Error::new)?,
            created_at: self.created_at,
            finished_at: self.finished_at,
        })
    }
}

/// Queues the rescoring of every stored submission against a new key version (in the upload's
/// transaction, which holds the competition lock): older open jobs are superseded, since this
/// one rescores everything again. With nothing to rescore the job is done at once.
pub(super) async fn queue(
    tx: &mut PgConnection,
    c: &Competition,
    uploaded_by: Uuid,
    key_id: Uuid,
    version: i32,
) -> AppResult<Rescoring> {
    sqlx::query!(
        "UPDATE competition_rescoring_jobs SET status = 'superseded', claim = NULL, lease_until = NULL,
                finished_at = now(), updated_at = now()
          WHERE competition_id = $1 AND status IN ('pending', 'running')",
        c.id,
    )
    .execute(&mut *tx)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM competition_submissions
          WHERE competition_id = $1 AND status IN ('scored', 'invalidated') AND answer_key_version < $2"#,
        c.id,
        version,
    )
    .fetch_one(&mut *tx)
    .await?;
    let board: Vec<LeaderboardRow> = if total > 0 { standings::public_board(&mut *tx, c).await? } else { Vec::new() };
    sqlx::query!(
        "INSERT INTO competition_rescoring_jobs
                (organization_id, competition_id, answer_key_id, version, status, total, board_before,
                 uploaded_by, finished_at)
         SELECT organization_id, id, $2, $3, CASE WHEN $4 = 0 THEN 'done' ELSE 'pending' END, $4, $5, $6,
                CASE WHEN $4 = 0 THEN now() END
           FROM competitions WHERE id = $1",
        c.id,
        key_id,
        version,
        total as i32,
        serde_json::to_value(&board).map_err(anyhow::Error::new)?,
        uploaded_by,
    )
    .execute(&mut *tx)
    .await?;
    job(tx, c.id, version).await
}

async fn job(conn: &mut PgConnection, competition: Uuid, version: i32) -> AppResult<Rescoring> {
    select_job!("WHERE j.competition_id = $1 AND j.version = $2", competition, version)
        .fetch_one(conn)
        .await?
        .into_rescoring()
}

/// The competition's latest rescoring, if a key version ever queued one (the caller checked
/// the actor may see it).
pub(super) async fn latest(conn: &mut PgConnection, competition: Uuid) -> AppResult<Option<Rescoring>> {
    select_job!("WHERE j.competition_id = $1 ORDER BY j.version DESC LIMIT 1", competition)
        .fetch_optional(conn)
        .await?
        .map(JobRow::into_rescoring)
        .transpose()
}

/// A job a worker holds: its rows and the fencing token of this claim.
#[derive(Debug, Clone)]
pub struct Claim {
    pub job: Uuid,
    pub token: Uuid,
    organization: Uuid,
    competition: Uuid,
    key_id: Uuid,
    version: i32,
}

/// What one step of a claimed job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// One stored file was rescored.
    Rescored,
    /// No file was left: the rank moves are recorded and the job is done.
    Finished,
    /// The job is no longer this claim's (its lease ran out and another worker took it, or a
    /// newer key version superseded it): nothing was written.
    Lost,
}

/// Claims the oldest job that is queued or whose worker's lease ran out.
pub async fn claim(pool: &PgPool) -> AppResult<Option<Claim>> {
    let token = Uuid::new_v4();
    let row = sqlx::query!(
        "UPDATE competition_rescoring_jobs
            SET status = 'running', claim = $1, lease_until = now() + $2 * interval '1 second',
                claims = claims + 1, started_at = coalesce(started_at, now()), updated_at = now()
          WHERE id = (SELECT id FROM competition_rescoring_jobs
                       WHERE status = 'pending' OR (status = 'running' AND lease_until < now())
                       ORDER BY created_at LIMIT 1
                       FOR UPDATE SKIP LOCKED)
         RETURNING id, organization_id, competition_id, answer_key_id, version",
        token,
        LEASE.as_secs_f64(),
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| Claim {
        job: row.id,
        token,
        organization: row.organization_id,
        competition: row.competition_id,
        key_id: row.answer_key_id,
        version: row.version,
    }))
}

/// Rescores the next stored file of a claimed job, or finishes the job when none is left.
pub async fn step(pool: &PgPool, claim: &Claim) -> AppResult<Step> {
    let next = sqlx::query!(
        "SELECT id, user_id FROM competition_submissions
          WHERE competition_id = $1 AND status IN ('scored', 'invalidated') AND answer_key_version < $2
          ORDER BY answer_key_version, created_at, id LIMIT 1",
        claim.competition,
        claim.version,
    )
    .fetch_optional(pool)
    .await?
    .map(|row| (row.id, row.user_id));
    let Some((sid, user)) = next else {
        return finish(pool, claim).await;
    };
    // Read and score with no lock held.
    let (c, key, bytes) = {
        let mut conn = pool.acquire().await?;
        let c = load_in_organization(&mut conn, claim.organization, claim.competition).await?;
        let key = stored_key(&mut conn, claim.key_id).await?;
        let bytes = sqlx::query_scalar!("SELECT file_bytes FROM competition_submissions WHERE id = $1", sid)
            .fetch_one(&mut *conn)
            .await?;
        (c, key, bytes)
    };
    let (file_spec, metric, scoring_key) = (spec(&c), c.metric, Arc::clone(&key));
    let outcome = blocking(move || {
        validate_submission(&bytes, &file_spec, &scoring_key)
            .predictions
            .and_then(|p| score(metric, &scoring_key, &p).map_err(|e| vec![score_problem(e)]))
    })
    .await?;

    // Write in the order uploads and invalidations lock: the competition, the participant's
    // enrollment, then the job row, whose claim must still be ours.
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT id FROM competitions WHERE id = $1 FOR SHARE", c.id).fetch_optional(&mut *tx).await?;
    sqlx::query!(
        "SELECT user_id FROM competition_enrollments WHERE competition_id = $1 AND user_id = $2 FOR UPDATE",
        c.id,
        user,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let still_ours = sqlx::query!(
        "SELECT id FROM competition_rescoring_jobs WHERE id = $1 AND claim = $2 AND status = 'running' FOR UPDATE",
        claim.job,
        claim.token,
    )
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    if !still_ours {
        return Ok(Step::Lost);
    }
    let lost_score = match outcome {
        Ok(scores) => {
            sqlx::query!(
                "UPDATE competition_submissions SET score = $2, public_score = $3, private_score = $4,
                        answer_key_version = $5, updated_at = now()
                  WHERE id = $1 AND answer_key_version < $5",
                sid,
                scores.overall,
                scores.public,
                scores.private,
                claim.version,
            )
            .execute(&mut *tx)
            .await?;
            0
        }
        Err(errors) => {
            // A file that no longer scores (its arithmetic overflows against the new answers,
            // say) becomes invalid with the reason, rather than failing the new key.
            sqlx::query!(
                "UPDATE competition_submissions SET status = 'invalid', score = NULL, public_score = NULL,
                        private_score = NULL, validation_errors = $2, answer_key_version = $3,
                        updated_at = now()
                  WHERE id = $1 AND answer_key_version < $3",
                sid,
                serde_json::to_value(&errors).map_err(anyhow::Error::new)?,
                claim.version,
            )
            .execute(&mut *tx)
            .await?;
            1
        }
    };
    standings::refresh(&mut tx, &c, Some(&[user])).await?;
    sqlx::query!(
        "UPDATE competition_rescoring_jobs
            SET done = done + 1, no_longer_scored = no_longer_scored + $2,
                lease_until = now() + $3 * interval '1 second', updated_at = now()
          WHERE id = $1",
        claim.job,
        lost_score,
        LEASE.as_secs_f64(),
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Step::Rescored)
}

/// Records the rank moves against the board before the version and marks the job done, with
/// an audit row in the uploader's name (the change is theirs, carried out in the background).
async fn finish(pool: &PgPool, claim: &Claim) -> AppResult<Step> {
    let mut tx = pool.begin().await?;
    let c = load_in_organization(&mut tx, claim.organization, claim.competition).await?;
    sqlx::query!("SELECT id FROM competitions WHERE id = $1 FOR SHARE", c.id).fetch_optional(&mut *tx).await?;
    let Some(job) = sqlx::query!(
        "SELECT board_before, uploaded_by, total, no_longer_scored FROM competition_rescoring_jobs
              WHERE id = $1 AND claim = $2 AND status = 'running' FOR UPDATE",
        claim.job,
        claim.token,
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Step::Lost);
    };
    let (before, uploaded_by) = (job.board_before, job.uploaded_by);
    let (total, no_longer_scored) = (job.total, job.no_longer_scored);
    let before: Vec<LeaderboardRow> = serde_json::from_value(before).map_err(anyhow::Error::new)?;
    // The board before is needed no more once the moves are recorded.
    sqlx::query!(
        "UPDATE competition_rescoring_jobs
            SET status = 'done', claim = NULL, lease_until = NULL, finished_at = now(),
                board_before = '[]', updated_at = now()
          WHERE id = $1",
        claim.job,
    )
    .execute(&mut *tx)
    .await?;
    let after = standings::public_board(&mut tx, &c).await?;
    let moves = rank_moves(&before, &after);
    let moves = serde_json::to_value(&moves).map_err(anyhow::Error::new)?;
    sqlx::query!(
        "UPDATE competition_answer_keys SET rank_moves = $2, updated_at = now() WHERE id = $1",
        claim.key_id,
        &moves,
    )
    .execute(&mut *tx)
    .await?;
    writer::record(
        &mut tx,
        Origin {
            organization_id: Some(claim.organization),
            actor_user_id: Some(uploaded_by),
            request_id: None,
        },
        Event {
            action: "competition.rescoring_finish",
            entity_type: "competition",
            entity_id: Some(c.id),
            payload: json!({ "version": claim.version, "rescored": total, "noLongerScored": no_longer_scored, "rankMoves": moves }),
        },
    )
    .await?;
    let link = format!("/competitions/{}?tab=admin", c.slug);
    let data = json!({ "competition": c.title, "version": claim.version, "rescored": total, "noLongerScored": no_longer_scored });
    let notice = Notice { kind: NotificationKind::RescoringFinished, subject: c.id, link: &link, data };
    notify_in(&mut tx, claim.organization, &[uploaded_by], notice).await?;
    tx.commit().await?;
    // Which instance ran the job shows in its log (the cluster test reads it).
    tracing::info!(competition = %c.id, version = claim.version, rescored = total, "rescoring finished");
    Ok(Step::Finished)
}

/// Runs jobs until none is left to claim; returns how many this worker finished.
pub async fn run_pending(pool: &PgPool) -> AppResult<usize> {
    let mut finished = 0;
    while let Some(claim) = claim(pool).await? {
        loop {
            match step(pool, &claim).await? {
                Step::Rescored => {}
                Step::Finished => {
                    finished += 1;
                    break;
                }
                Step::Lost => break,
            }
        }
    }
    Ok(finished)
}

/// This instance's worker: runs queued jobs, woken by uploads here and polling for the rest.
pub fn spawn_worker(pool: PgPool) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run_pending(&pool).await {
                tracing::warn!(error = ?e, "rescoring failed; retrying");
            }
            let _ = tokio::time::timeout(POLL, WAKE.notified()).await;
        }
    });
}
