//! Answer keys: the parsed key of each version in a bounded cache, uploading a new version
//! (which queues the rescoring of every stored submission), the rescoring's progress,
//! activation, and the sample file participants start from.

use super::*;

/// The version number of the competition's current key (0 without one).
pub(super) async fn current_version(conn: &mut PgConnection, competition: Uuid) -> AppResult<i32> {
    Ok(sqlx::query_scalar!(
        r#"SELECT coalesce(max(version), 0) AS "version!" FROM competition_answer_keys
            WHERE competition_id = $1"#,
        competition,
    )
    .fetch_one(conn)
    .await?)
}

/// Parsed answer keys by key id, shared by every request of this process. A key version never
/// changes once stored, so a cached key is never stale, with any number of instances; the cache
/// is bounded by the keys' size (`MERIT_KEY_CACHE_MB`, 256 MiB by default) and drops the least
/// recently used.
fn key_cache() -> &'static quick_cache::sync::Cache<Uuid, Arc<AnswerKey>, KeyWeight> {
    static CACHE: std::sync::OnceLock<quick_cache::sync::Cache<Uuid, Arc<AnswerKey>, KeyWeight>> =
        std::sync::OnceLock::new();
    CACHE.get_or_init(|| {
        let megabytes: u64 = std::env::var("MERIT_KEY_CACHE_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
        quick_cache::sync::Cache::with_weighter(64, megabytes << 20, KeyWeight)
    })
}

#[derive(Clone)]
struct KeyWeight;

impl quick_cache::Weighter<Uuid, Arc<AnswerKey>> for KeyWeight {
    fn weight(&self, _: &Uuid, key: &Arc<AnswerKey>) -> u64 {
        key.bytes() as u64
    }
}

/// A stored key version, from the cache or read once from PostgreSQL (three arrays in one row).
pub(in crate::competitions) async fn stored_key(conn: &mut PgConnection, key_id: Uuid) -> AppResult<Arc<AnswerKey>> {
    key_cache()
        .get_or_insert_async(&key_id, async {
            let stored = sqlx::query!(
                r#"SELECT coalesce(array_agg(row_id ORDER BY position), '{}') AS "ids!",
                          coalesce(array_agg(value ORDER BY position), '{}') AS "values!",
                          coalesce(array_agg(is_public ORDER BY position), '{}') AS "public!"
                     FROM competition_answer_rows WHERE answer_key_id = $1"#,
                key_id,
            )
            .fetch_one(&mut *conn)
            .await?;
            let (ids, values, public) = (stored.ids, stored.values, stored.public);
            let key = blocking(move || {
                let rows = ids.iter().zip(values).zip(public);
                AnswerKey::from_rows(rows.map(|((id, value), public)| (id, value, public)))
            })
            .await?;
            Ok::<_, AppError>(Arc::new(key))
        })
        .await
}

/// The competition's current key version (its number, id and rows), if it has one.
pub(in crate::competitions) async fn current_key(
    conn: &mut PgConnection,
    competition: Uuid,
) -> AppResult<Option<(i32, Arc<AnswerKey>)>> {
    let Some(latest) = sqlx::query!(
        "SELECT id, version FROM competition_answer_keys WHERE competition_id = $1 ORDER BY version DESC LIMIT 1",
        competition,
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some((latest.version, stored_key(conn, latest.id).await?)))
}

/// Runs CPU-heavy file work off the async threads.
pub(in crate::competitions) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| AppError::Internal(anyhow::Error::new(e)))
}

/// The competition's baselines on `key`, worked out off the async threads.
pub(in crate::competitions) async fn baselines_for(
    c: &Competition,
    key: Arc<AnswerKey>,
) -> AppResult<Vec<BaselineScores>> {
    let (metric, seed) = (c.metric, baselines::seed(c.id));
    blocking(move || baselines::score_all(metric, &key, seed)).await
}

/// The key a competition's split hashes row ids with: its secret, or (made before there were
/// secrets) its id, so existing splits never move.
async fn split_key(conn: &mut PgConnection, competition: Uuid) -> AppResult<Vec<u8>> {
    let secret =
        sqlx::query_scalar!("SELECT split_secret FROM competitions WHERE id = $1", competition).fetch_one(conn).await?;
    Ok(secret.unwrap_or_else(|| competition.as_bytes().to_vec()))
}

fn not_ended(c: &Competition) -> AppResult<()> {
    if c.status == CompetitionStatus::Ended {
        return Err(AppError::conflict(
            ConflictReason::CompetitionEnded,
            "The competition has ended; its answer key is final.",
        ));
    }
    Ok(())
}

/// Whether the actor may upload an answer key now (the sponsor, before the end): checked before
/// the adapter reads the file, so nobody else can make Merit read one.
pub async fn may_upload_answer_key(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<()> {
    let mut conn = pool.acquire().await?;
    not_ended(&sponsor_only(&mut conn, ctx, id, false).await?)
}

/// Uploads an answer key (sponsor): in a draft it becomes the next version; in an active
/// competition a new version must keep the same ids, and every submission is rescored.
pub async fn upload_answer_key(pool: &PgPool, ctx: &Ctx, id: Uuid, upload: Upload) -> AppResult<AnswerKeyInfo> {
    async fn parse(
        c: &Competition,
        split_key: Vec<u8>,
        bytes: Arc<Vec<u8>>,
        room: Arc<Option<Room>>,
    ) -> AppResult<AnswerKey> {
        let file_spec = spec(c);
        let share = c.public_share;
        blocking(move || {
            let _room = room;
            let split = Split { key: &split_key, public_share: share };
            AnswerKey::parse(&bytes, &file_spec, split)
        })
        .await?
        .map_err(AppError::InvalidFile)
    }
    // Read the file before taking the competition lock, which submissions wait on.
    let (before, key_bytes) = {
        let mut conn = pool.acquire().await?;
        let c = sponsor_only(&mut conn, ctx, id, false).await?;
        let key_bytes = split_key(&mut conn, id).await?;
        (c, key_bytes)
    };
    not_ended(&before)?;
    let bytes = Arc::new(upload.bytes);
    let room = Arc::new(upload.room);
    // The key and its baselines are worked out before the lock is taken (submissions wait on it).
    let scored = async |c: &Competition, key: AnswerKey| -> AppResult<(Arc<AnswerKey>, Vec<BaselineScores>)> {
        let key = Arc::new(key);
        let scores = baselines_for(c, key.clone()).await?;
        Ok((key, scores))
    };
    let (mut key, mut baseline_scores) =
        scored(&before, parse(&before, key_bytes.clone(), bytes.clone(), room.clone()).await?).await?;
    let mut tx = pool.begin().await?;
    let c = sponsor_only(&mut tx, ctx, id, true).await?;
    not_ended(&c)?;
    if c.public_share != before.public_share {
        // The split changed meanwhile (a draft's share was edited).
        (key, baseline_scores) = scored(&c, parse(&c, key_bytes, bytes, room).await?).await?;
    }
    let previous = current_key(&mut tx, c.id).await?;
    if let Some((_, old)) = &previous {
        // Both keys' ids are unique, so the same count and every new id among the old ones
        // means the same ids.
        let same_ids = old.len() == key.len() && key.ids().all(|id| old.row(id).is_some());
        if c.status == CompetitionStatus::Active && !same_ids {
            return Err(AppError::conflict(
                ConflictReason::KeyIdsChanged,
                "A new version of an active competition's key must keep the same ids; only the answers may change.",
            ));
        }
    }
    let version = previous.as_ref().map_or(1, |(v, _)| v + 1);
    let public_rows = key.public.iter().filter(|p| **p).count() as i32;
    let key_id = sqlx::query_scalar!(
        "INSERT INTO competition_answer_keys (organization_id, competition_id, version, row_count, public_rows, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        ctx.organization_id(),
        c.id,
        version,
        key.len() as i32,
        public_rows,
        ctx.user_id(),
    )
    .fetch_one(&mut *tx)
    .await?;
    let positions: Vec<i32> = (0..key.len() as i32).collect();
    let ids: Vec<&str> = key.ids().collect();
    sqlx::query!(
        "INSERT INTO competition_answer_rows (organization_id, answer_key_id, position, row_id, value, is_public)
         SELECT $6, $1, * FROM UNNEST($2::int[], $3::text[], $4::float8[], $5::bool[])",
        key_id,
        &positions,
        &ids as _,
        &key.values,
        &key.public,
        ctx.organization_id(),
    )
    .execute(&mut *tx)
    .await?;
    baselines::store(&mut tx, ctx.organization_id(), c.id, version, &baseline_scores).await?;

    // The stored submissions are rescored by the background worker (`rescoring`), one file at a
    // time and without this lock; uploads score against the new version from now on.
    let rescoring = rescoring::queue(&mut tx, &c, ctx.user_id(), key_id, version).await?;
    let info = AnswerKeyInfo { version, row_count: positions.len() as i32, public_rows, rescoring };
    writer::record_change(
        &mut tx,
        ctx,
        "competition.answer_key_upload",
        "competition",
        c.id,
        json!({ "version": version, "rows": info.row_count, "publicRows": public_rows, "fileName": upload.file_name, "toRescore": info.rescoring.total }),
    )
    .await?;
    tx.commit().await?;
    key_cache().insert(key_id, key);
    rescoring::wake();
    Ok(info)
}

/// The latest rescoring of the competition's stored submissions (sponsor).
pub async fn rescoring(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Option<Rescoring>> {
    let mut conn = pool.acquire().await?;
    sponsor_only(&mut conn, ctx, id, false).await?;
    rescoring::latest(&mut conn, id).await
}

/// Everyone whose rank changed between two boards, including those no longer on the board.
pub(in crate::competitions) fn rank_moves(before: &[LeaderboardRow], after: &[LeaderboardRow]) -> Vec<RankMove> {
    let ranks = |rows: &[LeaderboardRow]| -> HashMap<Uuid, i64> { rows.iter().map(|r| (r.user_id, r.rank)).collect() };
    let (was, is) = (ranks(before), ranks(after));
    let mut moves: Vec<RankMove> = after
        .iter()
        .filter(|row| was.get(&row.user_id) != Some(&row.rank))
        .map(|row| RankMove {
            user_id: row.user_id,
            display_name: row.display_name.clone(),
            before: was.get(&row.user_id).copied(),
            after: Some(row.rank),
        })
        .collect();
    moves.extend(before.iter().filter(|row| !is.contains_key(&row.user_id)).map(|row| RankMove {
        user_id: row.user_id,
        display_name: row.display_name.clone(),
        before: Some(row.rank),
        after: None,
    }));
    moves
}

pub async fn activate(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Competition> {
    let mut tx = pool.begin().await?;
    let c = sponsor_only(&mut tx, ctx, id, true).await?;
    if c.status != CompetitionStatus::Draft {
        return Err(AppError::conflict(
            ConflictReason::CompetitionStatus,
            format!("The competition is {}; only a draft can be activated.", c.status.as_str()),
        ));
    }
    if c.answer_key_version == 0 {
        return Err(AppError::conflict(
            ConflictReason::NoAnswerKey,
            "Upload a valid answer key before activating the competition.",
        ));
    }
    if c.deadline <= ctx.now {
        return Err(AppError::conflict(
            ConflictReason::DeadlinePassed,
            "The deadline has passed; move it before activating.",
        ));
    }
    // Keys stored before every key needed rows in both parts may still lack them.
    let parts: Vec<(f64, bool)> = sqlx::query!(
        "SELECT r.value, r.is_public FROM competition_answer_rows r
           JOIN competition_answer_keys k ON k.id = r.answer_key_id
          WHERE k.competition_id = $1 AND k.version = $2",
        id,
        c.answer_key_version,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|part| (part.value, part.is_public))
    .collect();
    if let Some(problem) = crate::domain::metrics::check_key_parts(c.metric, parts).first() {
        return Err(AppError::conflict(
            ConflictReason::KeyPartEmpty,
            format!("The answer key cannot be scored: {problem}. Upload a new version."),
        ));
    }
    sqlx::query!("UPDATE competitions SET status = 'active', starts_at = now(), updated_at = now() WHERE id = $1", id)
        .execute(&mut *tx)
        .await?;
    writer::record_change(&mut tx, ctx, "competition.activate", "competition", id, json!({})).await?;
    let mut c = load(&mut tx, ctx, id).await?;
    c.user_context = Some(user_context(&mut tx, ctx, &c, Ranks::Counted).await?);
    tx.commit().await?;
    Ok(c)
}

/// A file in the expected format with every id of the key and a neutral prediction, for the
/// Data tab's download; it is a valid submission as it is.
pub async fn sample_csv(pool: &PgPool, ctx: &Ctx, id: Uuid) -> AppResult<Vec<u8>> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    let key = current_key(&mut conn, id).await?.map(|(_, key)| key);
    let neutral = match c.metric {
        Metric::Auc | Metric::LogLoss => "0.5",
        Metric::Accuracy | Metric::F1 => "0",
        Metric::Rmse | Metric::Mae => "0.0",
    };
    let ids = key.iter().flat_map(|key| key.ids());
    two_column_csv(&c, ids.map(|row_id| (row_id, neutral.to_owned())))
}
