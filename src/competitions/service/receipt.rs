//! Score receipts: a scored submission's score worked out again from the stored file and the
//! key version it was scored against, with the arithmetic, both files' SHA-256 and the
//! `merit score` command that gives the same digits offline.

use sha2::{Digest, Sha256};
use sqlx::pool::PoolConnection;
use sqlx::Postgres;

use super::files::key_csv;
use super::*;
use crate::competitions::validation::arithmetic;
use crate::competitions::{Receipt, ReceiptArithmetic, ReceiptRows};
use crate::domain::metrics::METRIC_VERSION;

/// The receipt of a submission: for its owner and the sponsor (anyone else: 404, as for the
/// file). Invalid uploads were never scored and have none (404).
pub async fn receipt(pool: &PgPool, ctx: &Ctx, id: Uuid, sid: Uuid) -> AppResult<Receipt> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    receipt_of(conn, ctx, &c, sid).await
}

/// [`receipt`] for the receipt page, which names the competition by its slug: the competition
/// (for the page's frame) and the receipt.
pub async fn receipt_by_slug(pool: &PgPool, ctx: &Ctx, slug: &str, sid: Uuid) -> AppResult<(Competition, Receipt)> {
    let mut conn = pool.acquire().await?;
    let c = load_by_slug(&mut conn, ctx, slug).await?;
    let receipt = receipt_of(conn, ctx, &c, sid).await?;
    Ok((c, receipt))
}

/// The receipt of submission `sid` of the loaded competition `c`. The connection is let go
/// before the file is scored again.
async fn receipt_of(mut conn: PoolConnection<Postgres>, ctx: &Ctx, c: &Competition, sid: Uuid) -> AppResult<Receipt> {
    let stored = sqlx::query!(
        r#"SELECT s.user_id, s.file_name, s.file_bytes, s.score, s.public_score, s.private_score,
                  s.created_at AS "submitted_at: DateTime<Utc>", s.answer_key_version, k.id AS "key_id?",
                  c.split_secret
             FROM competition_submissions s
             JOIN competitions c ON c.id = s.competition_id
             LEFT JOIN competition_answer_keys k
                    ON k.competition_id = s.competition_id AND k.version = s.answer_key_version
            WHERE s.id = $1 AND s.competition_id = $2"#,
        sid,
        c.id,
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let sponsor = c.sponsor_id == ctx.user_id();
    if stored.user_id != ctx.user_id() && !sponsor {
        return Err(AppError::NotFound);
    }
    let (Some(key_id), Some(key_version), Some(overall), Some(public)) =
        (stored.key_id, stored.answer_key_version, stored.score, stored.public_score)
    else {
        return Err(AppError::NotFound);
    };
    let key = stored_key(&mut conn, key_id).await?;
    drop(conn);

    let spec = spec(c);
    let competition = c.clone();
    let file_bytes = stored.file_bytes;
    let (key_sha256, file_sha256, parts) = blocking(move || -> AppResult<_> {
        let key_file = key_csv(&competition, &key)?;
        let checked = validate_submission(&file_bytes, &spec, &key);
        let predictions = checked.predictions.map_err(|errors| {
            AppError::Internal(anyhow::anyhow!("a stored submission no longer validates: {errors:?}"))
        })?;
        let parts = arithmetic(spec.metric, &key, &predictions)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("a stored submission no longer scores: {e}")))?;
        Ok((format!("{:x}", Sha256::digest(&key_file)), format!("{:x}", Sha256::digest(&file_bytes)), parts))
    })
    .await??;
    let [all, public_part, private_part] = parts;
    let same = |stored: Option<f64>, worked_out: f64| stored.is_some_and(|s| s.to_bits() == worked_out.to_bits());
    let reproduced = same(Some(overall), all.score)
        && same(Some(public), public_part.score)
        && same(stored.private_score, private_part.score);
    // Overall minus public is private: both wait for the deadline, except for the sponsor.
    let show_private = c.status == CompetitionStatus::Ended || sponsor;
    let split = match (&stored.split_secret, sponsor) {
        (Some(secret), true) => SplitArg::Key(secret.iter().map(|b| format!("{b:02x}")).collect()),
        (Some(_), false) => SplitArg::Withheld,
        (None, _) => SplitArg::Competition(c.id),
    };
    let command = score_command(c, key_version, &stored.file_name, &split)?;
    Ok(Receipt {
        submission_id: sid,
        competition_id: c.id,
        file_name: stored.file_name,
        submitted_at: stored.submitted_at,
        key_version,
        key_sha256,
        file_sha256,
        rows: ReceiptRows { overall: all.rows, public: public_part.rows, private: private_part.rows },
        metric: c.metric,
        metric_version: METRIC_VERSION.to_owned(),
        arithmetic: ReceiptArithmetic {
            overall: show_private.then_some(all),
            public: public_part,
            private: show_private.then_some(private_part),
        },
        reproduced,
        command,
        split_key_included: !matches!(split, SplitArg::Withheld),
    })
}

/// How the command names the competition's public/private split.
enum SplitArg {
    /// The secret split key (the sponsor's receipt).
    Key(String),
    /// Participants do not get the secret: a placeholder.
    Withheld,
    /// A competition made before split keys hashes its id, which is no secret.
    Competition(Uuid),
}

/// The placeholder for the split key in a participant's command.
pub const SPLIT_KEY_PLACEHOLDER: &str = "SPLIT_KEY";

/// `merit score` with the competition's settings and the two files under their download names.
fn score_command(c: &Competition, key_version: i32, file_name: &str, split: &SplitArg) -> AppResult<String> {
    let key_file = format!("{}-answer-key-v{key_version}.csv", c.slug);
    let share = c.public_share.to_string();
    let competition = match split {
        SplitArg::Competition(id) => id.to_string(),
        _ => String::new(),
    };
    let mut words = vec![
        "merit",
        "score",
        "--metric",
        c.metric.as_str(),
        "--answers",
        &key_file,
        "--submission",
        file_name,
        "--id-column",
        &c.id_column,
        "--prediction-column",
        &c.prediction_column,
        "--public-share",
        &share,
    ];
    match split {
        SplitArg::Key(hex) => words.extend(["--split-key", hex]),
        SplitArg::Withheld => words.extend(["--split-key", SPLIT_KEY_PLACEHOLDER]),
        SplitArg::Competition(_) => words.extend(["--competition", &competition]),
    }
    shlex::try_join(words).map_err(|e| AppError::Internal(anyhow::anyhow!("cannot quote the score command: {e}")))
}
