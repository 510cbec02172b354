//! `/api/v1/audit/verification`: whether the organization's tamper-evident record is intact
//! (admins), the same check as `merit audit verify` and the audit page's button.

use axum::Json;

use super::extract::Api;
use super::responses::{Forbidden, Reply, Unauthorized};
use crate::audit::{chain, Verification};

/// Walks the organization's hash chain (its audit rows and finalization snapshots) and reports
/// the first link that does not hold, if any.
#[utoipa::path(
    get, path = "/api/v1/audit/verification", tag = "audit",
    responses((status = 200, body = Verification), Unauthorized, Forbidden)
)]
pub async fn verification(Api { pool, ctx }: Api) -> Reply<Verification> {
    Ok(Json(chain::verify_organization(&pool, &ctx).await?))
}
