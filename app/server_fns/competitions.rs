//! The competition pages' server functions: thin adapters over `competitions::service`, called
//! by the pages and the competition islands alike.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::error::PageError;
use crate::competitions::{
    Announcement, Competition, CompetitionInput, CompetitionPatch, CompetitionView, Receipt, Submission,
};
#[cfg(feature = "ssr")]
use crate::competitions::{CompetitionStatus, SubmissionStatus};
use crate::domain::Page;

/// The page's own actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompetitionCommand {
    Enroll,
    Unenroll,
    Activate,
}

#[server(endpoint = "competitions/list")]
pub async fn list_competitions(
    status: Option<String>,
    q: Option<String>,
    page: u32,
) -> Result<Page<Competition>, PageError> {
    use crate::domain::PageRequest;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let statuses: Vec<CompetitionStatus> = status.as_deref().and_then(CompetitionStatus::parse).into_iter().collect();
    let page = PageRequest { page: page.max(1), page_size: crate::competitions::view::PAGE_SIZE };
    Ok(crate::competitions::service::list(&state.pool, &ctx, &statuses, q.as_deref(), None, page).await?)
}

/// What the competition page was asked for: `?around=me`, `?page=` (of the tab's main list)
/// and, on the Admin tab, `?status=` and `?user=` of the submissions and `?participants=`, the
/// page of the participant list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    pub around: bool,
    pub page: u32,
    pub status: Option<String>,
    pub user: Option<Uuid>,
    pub participants: u32,
    /// The Overview tab is the one shown.
    pub overview: bool,
}

#[server(endpoint = "competitions/page")]
pub async fn competition_page(slug: String, query: PageQuery) -> Result<CompetitionView, PageError> {
    use crate::competitions::view::{competition_view, ViewRequest};
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let request = ViewRequest {
        around: query.around,
        page: query.page,
        status: query.status.as_deref().and_then(SubmissionStatus::parse),
        user: query.user,
        participants_page: query.participants,
        overview: query.overview,
        max_upload_bytes: state.config.max_upload_bytes,
    };
    Ok(competition_view(&state.pool, &ctx, &slug, &request).await?)
}

/// The receipt page: the competition and the submission's score receipt.
#[server(endpoint = "competitions/receipt")]
pub async fn submission_receipt(slug: String, submission_id: Uuid) -> Result<(Competition, Receipt), PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::competitions::service::receipt_by_slug(&state.pool, &ctx, &slug, submission_id).await?)
}

#[server(endpoint = "competitions/create")]
pub async fn create_competition(input: CompetitionInput) -> Result<Competition, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::competitions::service::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "competitions/update")]
pub async fn update_competition(id: Uuid, patch: CompetitionPatch) -> Result<Competition, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::competitions::service::update(&state.pool, &ctx, id, &patch).await?)
}

#[server(endpoint = "competitions/act")]
pub async fn competition_action(id: Uuid, action: CompetitionCommand) -> Result<(), PageError> {
    use crate::competitions::service;
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    match action {
        CompetitionCommand::Enroll => {
            service::enroll(&state.pool, &ctx, id).await?;
        }
        CompetitionCommand::Unenroll => {
            service::unenroll(&state.pool, &ctx, id).await?;
        }
        CompetitionCommand::Activate => {
            service::activate(&state.pool, &ctx, id).await?;
        }
    }
    Ok(())
}

#[server(endpoint = "competitions/invalidate")]
pub async fn invalidate_submission(id: Uuid, submission_id: Uuid, reason: String) -> Result<Submission, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::competitions::service::invalidate(&state.pool, &ctx, id, submission_id, &reason).await?)
}

#[server(endpoint = "competitions/announce")]
pub async fn announce_competition(id: Uuid, body: String) -> Result<Announcement, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::competitions::service::announce(&state.pool, &ctx, id, &body).await?)
}
