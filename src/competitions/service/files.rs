//! Stored files to download: a submission's file (its owner and the sponsor) and each version
//! of the answer key (the sponsor), rebuilt from its stored rows in the key's own columns.

use super::*;

/// A file as it is downloaded: its name and bytes.
pub struct StoredFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The file a submission was made with. Its owner and the sponsor may download it; anyone else
/// learns nothing (404). Invalid uploads are not kept, so they have no file (404).
pub async fn submission_file(pool: &PgPool, ctx: &Ctx, id: Uuid, sid: Uuid) -> AppResult<StoredFile> {
    let mut conn = pool.acquire().await?;
    let c = load(&mut conn, ctx, id).await?;
    let stored = sqlx::query!(
        r#"SELECT user_id, file_name, file_bytes, status AS "status: SubmissionStatus"
             FROM competition_submissions WHERE id = $1 AND competition_id = $2"#,
        sid,
        c.id,
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if stored.user_id != ctx.user_id() && c.sponsor_id != ctx.user_id() {
        return Err(AppError::NotFound);
    }
    if stored.status == SubmissionStatus::Invalid {
        return Err(AppError::NotFound);
    }
    Ok(StoredFile { file_name: stored.file_name, bytes: stored.file_bytes })
}

/// One version of the answer key as a CSV in the competition's id and prediction columns, rows
/// in the uploaded order (sponsor only). Merit keeps a key as rows, so this is the file's
/// content, not its bytes: numbers are written in their shortest exact form.
pub async fn answer_key_file(pool: &PgPool, ctx: &Ctx, id: Uuid, version: i32) -> AppResult<StoredFile> {
    let mut conn = pool.acquire().await?;
    let c = sponsor_only(&mut conn, ctx, id, false).await?;
    let key_id = sqlx::query_scalar!(
        "SELECT id FROM competition_answer_keys WHERE competition_id = $1 AND version = $2",
        c.id,
        version,
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let key = stored_key(&mut conn, key_id).await?;
    Ok(StoredFile { file_name: format!("{}-answer-key-v{version}.csv", c.slug), bytes: key_csv(&c, &key)? })
}

/// A key version as the file the sponsor downloads (and the receipt hashes).
pub(super) fn key_csv(c: &Competition, key: &AnswerKey) -> AppResult<Vec<u8>> {
    let rows = key.ids().zip(key.values.iter()).map(|(row_id, value)| (row_id, value.to_string()));
    two_column_csv(c, rows)
}

/// A CSV with the competition's id and prediction columns as its header, then `rows`. Cells
/// that would start a spreadsheet formula are written as text (`'=…`); Merit reads them back
/// without the mark, so the file uploads as it was.
pub(super) fn two_column_csv<'a>(c: &Competition, rows: impl Iterator<Item = (&'a str, String)>) -> AppResult<Vec<u8>> {
    let io = |e: csv::Error| AppError::Internal(anyhow::Error::new(e));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([escape_formula(&c.id_column).as_bytes(), escape_formula(&c.prediction_column).as_bytes()])
        .map_err(io)?;
    for (row_id, value) in rows {
        writer.write_record([escape_formula(row_id).as_bytes(), value.as_bytes()]).map_err(io)?;
    }
    writer.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}
