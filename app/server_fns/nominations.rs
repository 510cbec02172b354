//! The nominations pages' server functions: thin adapters over the services, called by
//! the pages and the islands alike.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::error::PageError;
use crate::domain::Page;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::nominations::{Candidate, Cycle, CycleArchive, CycleResults, Nomination, NominationInput, RankingRow};

/// A cycle and the nominations the signed-in person submitted in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CyclePageData {
    pub cycle: Cycle,
    pub mine: Vec<Nomination>,
}

/// What the nominate form needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NominateData {
    pub cycle: Cycle,
    pub candidates: Vec<Candidate>,
}

/// A cycle with all its nominations (deciders) or the ranking.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CycleWith<T> {
    pub cycle: Cycle,
    pub items: Vec<T>,
}

/// A cycle and one page of its ranking.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CycleRanking {
    pub cycle: Cycle,
    pub page: Page<RankingRow>,
}

#[server(endpoint = "nominations/cycles")]
pub async fn list_cycles() -> Result<Vec<Cycle>, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::list(&state.pool, &ctx, &[]).await?)
}

#[server(endpoint = "nominations/overview")]
pub async fn cycle_overview(id: Uuid) -> Result<CyclePageData, PageError> {
    use crate::nominations::service;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let cycle = service::get(&state.pool, &ctx, id).await?;
    let me = ctx.user_id();
    let mine =
        service::nominations(&state.pool, &ctx, id).await?.into_iter().filter(|n| n.submitted_by == me).collect();
    Ok(CyclePageData { cycle, mine })
}

#[server(endpoint = "nominations/form")]
pub async fn nomination_form(id: Uuid) -> Result<NominateData, PageError> {
    use crate::nominations::service;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let candidates = service::candidates(&state.pool, &ctx).await?;
    let cycle = service::get(&state.pool, &ctx, id).await?;
    Ok(NominateData { cycle, candidates })
}

#[server(endpoint = "nominations/submit")]
pub async fn submit_nomination(cycle_id: Uuid, input: NominationInput) -> Result<Nomination, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::nominate(&state.pool, &ctx, cycle_id, &input).await?)
}

#[server(endpoint = "nominations/queue")]
pub async fn review_queue(id: Uuid) -> Result<CycleWith<Nomination>, PageError> {
    use crate::nominations::service;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    ctx.require(Role::can_nominate)?;
    let cycle = service::get(&state.pool, &ctx, id).await?;
    let items = service::nominations(&state.pool, &ctx, id).await?;
    Ok(CycleWith { cycle, items })
}

#[server(endpoint = "nominations/decide")]
/// `note` is the approval's comment, or the rejection's reason.
pub async fn decide_nomination(id: Uuid, approve: bool, note: Option<String>) -> Result<Nomination, PageError> {
    use crate::nominations::{service, ApproveInput, RejectInput};
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(if approve {
        service::approve(&state.pool, &ctx, id, &ApproveInput { comment: note }).await?
    } else {
        service::reject(&state.pool, &ctx, id, &RejectInput { reason: note }).await?
    })
}

#[server(endpoint = "nominations/leaderboard")]
pub async fn leaderboard(id: Uuid, page: Option<i64>) -> Result<CycleRanking, PageError> {
    use crate::domain::PageRequest;
    use crate::error::AppError;
    use crate::nominations::service;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let request = PageRequest::parse(page, None).map_err(AppError::Validation)?;
    let cycle = service::get(&state.pool, &ctx, id).await?;
    let page = service::rankings_page(&state.pool, &ctx, id, request).await?;
    Ok(CycleRanking { cycle, page })
}

/// A finalized cycle's frozen nominations (hr and admins).
#[server(endpoint = "nominations/archive")]
pub async fn nomination_archive(id: Uuid) -> Result<CycleArchive, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::archive(&state.pool, &ctx, id).await?)
}

/// A closed or finalized cycle's calibration view (hr and admins).
#[server(endpoint = "nominations/calibration")]
pub async fn cycle_calibration(id: Uuid) -> Result<crate::nominations::CycleCalibration, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::calibration(&state.pool, &ctx, id).await?)
}

#[server(endpoint = "nominations/history")]
pub async fn nomination_history() -> Result<Vec<CycleResults>, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::nominations::service::history(&state.pool, &ctx).await?)
}
