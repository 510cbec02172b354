//! Verifying the tamper-evident record: every audit row and every finalization snapshot row is
//! a link of its organization's hash chain, made in PostgreSQL when its transaction commits
//! (migration `record_chain`). Verification walks each chain in order and stops at the first
//! link that does not hold: a row whose content changed, a row or link that is gone, links out
//! of order, a forged link hash, a row that was never linked, or a chain's head that is gone or
//! names a link that is not there.

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Break, BrokenLink, Verification};
use crate::ctx::Ctx;
use crate::domain::Role;
use crate::error::AppResult;

/// The chain of audit rows that belong to no organization.
pub const NO_ORGANIZATION: Uuid = Uuid::nil();

/// Verifies the actor's organization's chain (admins).
pub async fn verify_organization(pool: &PgPool, ctx: &Ctx) -> AppResult<Verification> {
    ctx.require(Role::can_administer)?;
    verify(pool, Some(ctx.organization_id())).await
}

/// Verifies one chain (`Some`: an organization's, or [`NO_ORGANIZATION`]) or every chain.
pub async fn verify(pool: &PgPool, chain: Option<Uuid>) -> AppResult<Verification> {
    let mut conn = pool.acquire().await?;
    let mut links = sqlx::query!(
        r#"SELECT l.chain_id, l.seq, l.table_name, l.row_id, l.content_sha256, l.previous_sha256,
                  l.row_sha256, h.seq AS "head_seq?", h.row_sha256 AS head_sha256,
                  sha256(CASE l.table_name
                      WHEN 'audit_logs' THEN
                          (SELECT audit_logs_content(a) FROM audit_logs a WHERE a.id = l.row_id)
                      WHEN 'nomination_history_nominations' THEN
                          (SELECT nomination_history_nominations_content(n)
                             FROM nomination_history_nominations n WHERE n.id = l.row_id)
                      ELSE (SELECT nomination_history_rankings_content(r)
                              FROM nomination_history_rankings r WHERE r.id = l.row_id)
                  END) AS current_sha256
             FROM record_chain l LEFT JOIN record_chain_heads h ON h.chain_id = l.chain_id
            WHERE $1::uuid IS NULL OR l.chain_id = $1
            ORDER BY l.chain_id, l.seq"#,
        chain,
    )
    .fetch(&mut *conn);

    let mut verification = Verification { chains: 0, links: 0, broken: None };
    let mut walking: Option<Walk> = None;
    let broken = |chain: Uuid, seq: i64, table: &str, row_id: Option<Uuid>, reason: Break| BrokenLink {
        organization_id: (chain != NO_ORGANIZATION).then_some(chain),
        seq,
        table: table.to_owned(),
        row_id,
        reason,
    };
    while let Some(link) = links.try_next().await? {
        if walking.as_ref().is_none_or(|w| w.chain != link.chain_id) {
            if let Some(done) = walking.take() {
                if let Some(b) = check_head(&done) {
                    verification.broken = Some(b);
                    return Ok(verification);
                }
            }
            verification.chains += 1;
            walking = Some(Walk {
                chain: link.chain_id,
                seq: 0,
                hash: Vec::new(),
                head: link.head_seq.map(|seq| (seq, link.head_sha256.clone())),
            });
        }
        let w = walking.as_mut().expect("set above");
        let at = |reason| Some(broken(link.chain_id, link.seq, &link.table_name, Some(link.row_id), reason));
        let previous = (w.seq > 0).then(|| w.hash.clone());
        let problem = if link.seq != w.seq + 1 {
            // A link is gone (its row with it, or moved): the chain skips from w.seq to here.
            at(Break::LinkMissing)
        } else if link.previous_sha256 != previous {
            at(Break::OutOfOrder)
        } else if link.row_sha256 != link_hash(previous.as_deref(), &link.content_sha256) {
            at(Break::LinkForged)
        } else {
            match &link.current_sha256 {
                None => at(Break::RowMissing),
                Some(current) if *current != link.content_sha256 => at(Break::ContentChanged),
                Some(_) => None,
            }
        };
        if problem.is_some() {
            verification.broken = problem;
            return Ok(verification);
        }
        verification.links += 1;
        w.seq = link.seq;
        w.hash = link.row_sha256;
    }
    drop(links);
    if let Some(done) = walking.take() {
        if let Some(b) = check_head(&done) {
            verification.broken = Some(b);
            return Ok(verification);
        }
    }
    verification.broken = match headless(&mut conn, chain).await? {
        Some(b) => Some(b),
        None => unlinked(&mut conn, chain).await?,
    };
    Ok(verification)
}

/// SHA-256(previous ‖ content), as the migration's `record_chain_append` computes it.
fn link_hash(previous: Option<&[u8]>, content: &[u8]) -> Vec<u8> {
    Sha256::new().chain_update(previous.unwrap_or_default()).chain_update(content).finalize().to_vec()
}

/// The chain being walked: its id, the last link checked (number and hash), and its head
/// (number and hash; `None` when the head row is gone).
struct Walk {
    chain: Uuid,
    seq: i64,
    hash: Vec<u8>,
    head: Option<(i64, Option<Vec<u8>>)>,
}

/// After the last link: the chain's head must name it, or links after it were removed. A head
/// that is gone is reported at the last link found, the last one that can be vouched for.
fn check_head(w: &Walk) -> Option<BrokenLink> {
    let at = |seq, reason| BrokenLink {
        organization_id: (w.chain != NO_ORGANIZATION).then_some(w.chain),
        seq,
        table: String::new(),
        row_id: None,
        reason,
    };
    match &w.head {
        None => Some(at(w.seq, Break::HeadMissing)),
        Some((seq, hash)) if *seq != w.seq || hash.as_deref() != Some(w.hash.as_slice()) => {
            Some(at(w.seq + 1, Break::LinkMissing))
        }
        Some(_) => None,
    }
}

/// A chain's head with no link at all: every link was removed, from the first on.
async fn headless(conn: &mut sqlx::PgConnection, chain: Option<Uuid>) -> AppResult<Option<BrokenLink>> {
    let orphan = sqlx::query_scalar!(
        r#"SELECT h.chain_id FROM record_chain_heads h
            WHERE ($1::uuid IS NULL OR h.chain_id = $1)
              AND NOT EXISTS (SELECT 1 FROM record_chain l WHERE l.chain_id = h.chain_id)
            ORDER BY h.chain_id LIMIT 1"#,
        chain,
    )
    .fetch_optional(conn)
    .await?;
    Ok(orphan.map(|chain| BrokenLink {
        organization_id: (chain != NO_ORGANIZATION).then_some(chain),
        seq: 1,
        table: String::new(),
        row_id: None,
        reason: Break::LinkMissing,
    }))
}

/// A chained table's row with no link: written around the chain (or its link deleted with the
/// head rewound).
async fn unlinked(conn: &mut sqlx::PgConnection, chain: Option<Uuid>) -> AppResult<Option<BrokenLink>> {
    let row = sqlx::query!(
        r#"SELECT t.table_name AS "table_name!", t.id AS "id!", t.organization_id FROM (
               SELECT 'audit_logs' AS table_name, id, organization_id FROM audit_logs
               UNION ALL SELECT 'nomination_history_nominations', id, organization_id FROM nomination_history_nominations
               UNION ALL SELECT 'nomination_history_rankings', id, organization_id FROM nomination_history_rankings
           ) t
           WHERE ($1::uuid IS NULL OR coalesce(t.organization_id, '00000000-0000-0000-0000-000000000000') = $1)
             AND NOT EXISTS (SELECT 1 FROM record_chain l WHERE l.table_name = t.table_name AND l.row_id = t.id)
           LIMIT 1"#,
        chain,
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| BrokenLink {
        organization_id: r.organization_id,
        seq: 0,
        table: r.table_name,
        row_id: Some(r.id),
        reason: Break::Unlinked,
    }))
}
