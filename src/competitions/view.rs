//! The competition page as one use case: everything a visit shows (the competition with the
//! viewer's standing, announcements, a page of the board, the viewer's submissions and, for the
//! sponsor, the Admin tab) read on one connection, loading the competition once.
//!
//! Each part applies the same rules as its own endpoint in [`super::service`]; this only saves
//! the repeated loads and connection checkouts that made the page a dozen round trips.

use sqlx::PgPool;

use super::service::{
    announcements_of, board_visible, load_by_slug, own_submissions, participants_of, stats_of, submissions_page,
};
use super::{rescoring, standings, Board, CompetitionView, SponsorView};
use crate::ctx::Ctx;
use crate::domain::{Page, PageRequest};
use crate::error::AppResult;

/// Rows per page of the competition pages' lists (the board, submissions, competitions).
pub const PAGE_SIZE: u32 = 25;

/// What the visitor asked the page for.
#[derive(Debug, Clone, Default)]
pub struct ViewRequest {
    /// The rows around the viewer instead of a page of the board.
    pub around: bool,
    /// 1-based page of the board and of the submission lists.
    pub page: u32,
    /// The sponsor's filter of the submission list.
    pub status: Option<super::SubmissionStatus>,
    /// The upload limit the page tells the uploader about.
    pub max_upload_bytes: usize,
}

/// The competition page of `slug`; not found for another organization's or someone else's draft.
pub async fn competition_view(
    pool: &PgPool,
    ctx: &Ctx,
    slug: &str,
    request: &ViewRequest,
) -> AppResult<CompetitionView> {
    let mut conn = pool.acquire().await?;
    let conn = &mut *conn;
    let competition = load_by_slug(conn, ctx, slug).await?;
    let c = &competition;
    let page = PageRequest { page: request.page.max(1), page_size: PAGE_SIZE };
    let first = PageRequest { page: 1, page_size: 100 };
    let board = if request.around {
        let rows = standings::around(conn, c, Board::Public, ctx.user_id(), 5).await?;
        Page::of_all(rows, first)
    } else {
        standings::page(conn, c, Board::Public, page).await?
    };
    let private_board = if board_visible(c, Board::Private).is_ok() {
        Some(standings::page(conn, c, Board::Private, page).await?)
    } else {
        None
    };
    let admin = if c.sponsor_id == ctx.user_id() {
        let statuses: Vec<_> = request.status.into_iter().collect();
        Some(SponsorView {
            stats: stats_of(conn, c).await?,
            participants: participants_of(conn, c, first).await?,
            submissions: submissions_page(conn, c, None, &statuses, page).await?,
            filter: request.status,
            rescoring: rescoring::latest(conn, c.id).await?,
        })
    } else {
        None
    };
    Ok(CompetitionView {
        description_html: super::markdown::to_html(&c.description),
        announcements: announcements_of(conn, c.id, first).await?.items,
        board,
        private_board,
        submissions: own_submissions(conn, ctx, c, page).await?,
        admin,
        max_upload_bytes: request.max_upload_bytes,
        competition,
    })
}
