//! The competition page as one use case: everything a visit shows (the competition with the
//! viewer's standing, announcements, a page of the board, the viewer's submissions and, for the
//! sponsor, the Admin tab) read on one connection, loading the competition once.
//!
//! Each part applies the same rules as its own endpoint in [`super::service`]; this only saves
//! the repeated loads and connection checkouts that made the page a dozen round trips.

use sqlx::PgPool;

use super::service::{
    announcements_of, baselines_of, board_visible, load_by_slug, own_submissions, participants_of, shakeup_of,
    stats_of, submissions_page,
};
use super::{rescoring, standings, Board, CompetitionRole, CompetitionView, SponsorView};
use crate::ctx::Ctx;
use crate::domain::{Page, PageRequest};
use crate::error::AppResult;
use crate::notifications::service::mark_read_about;
use crate::notifications::NotificationKind;

/// Rows per page of the competition pages' lists (the board, submissions, competitions).
pub const PAGE_SIZE: u32 = 25;

/// What the visitor asked the page for.
#[derive(Debug, Clone, Default)]
pub struct ViewRequest {
    /// The rows around the viewer instead of a page of the board.
    pub around: bool,
    /// 1-based page of the board and of the submission lists.
    pub page: u32,
    /// The sponsor's filters of the submission list: a status, one participant.
    pub status: Option<super::SubmissionStatus>,
    pub user: Option<uuid::Uuid>,
    /// 1-based page of the sponsor's participant list.
    pub participants_page: u32,
    /// The Overview tab is shown: its announcements are read.
    pub overview: bool,
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
    let mut competition = load_by_slug(conn, ctx, slug).await?;
    if let Some(context) = competition.user_context.as_mut() {
        if request.overview && context.unread_announcements > 0 {
            mark_read_about(conn, ctx, NotificationKind::Announcement, competition.id).await?;
            context.unread_announcements = 0;
        }
        // The rank seen now is the one the next visit measures its movement from.
        if context.role == CompetitionRole::Participant && context.rank != context.seen_rank {
            sqlx::query!(
                "UPDATE competition_enrollments SET seen_rank = $3 WHERE competition_id = $1 AND user_id = $2",
                competition.id,
                ctx.user_id(),
                context.rank.map(|rank| rank.min(i64::from(i32::MAX)) as i32),
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    let c = &competition;
    let entries = standings::entries(conn, c).await?;
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
    // Baselines are sent per board, the private one only once that board is visible.
    let stored = baselines_of(conn, ctx, c).await?;
    let baselines = standings::baselines_on(conn, c, Board::Public, &stored).await?;
    let private_baselines = match private_board {
        Some(_) => Some(standings::baselines_on(conn, c, Board::Private, &stored).await?),
        None => None,
    };
    let admin = if c.sponsor_id == ctx.user_id() {
        let statuses: Vec<_> = request.status.into_iter().collect();
        // Narrowed to one participant only when the id is a person of the organization.
        let user_filter = match request.user {
            Some(user) => sqlx::query_scalar!(
                "SELECT display_name FROM users WHERE id = $1 AND organization_id = $2",
                user,
                ctx.organization_id(),
            )
            .fetch_optional(&mut *conn)
            .await?
            .map(|name| (user, name)),
            None => None,
        };
        let participants = PageRequest { page: request.participants_page.max(1), page_size: 100 };
        Some(SponsorView {
            stats: stats_of(conn, c).await?,
            participants: participants_of(conn, c, None, participants).await?,
            submissions: submissions_page(conn, c, user_filter.as_ref().map(|(id, _)| *id), &statuses, None, page)
                .await?,
            filter: request.status,
            user_filter,
            rescoring: rescoring::latest(conn, c.id).await?,
            shakeup: if private_board.is_some() { Some(shakeup_of(conn, c).await?) } else { None },
        })
    } else {
        None
    };
    Ok(CompetitionView {
        description_html: super::markdown::to_html(&c.description),
        announcements: announcements_of(conn, c.id, false, first).await?.items,
        board,
        private_board,
        baselines,
        private_baselines,
        submissions: own_submissions(conn, ctx, c, None, page).await?,
        admin,
        max_upload_bytes: request.max_upload_bytes,
        entries,
        competition,
    })
}
