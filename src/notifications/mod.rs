//! In-app notifications: what happened to a person's work while they were away — a goal sheet
//! returned or approved, a nomination decided, a cycle's results final, a competition
//! announcement, a rank lost on a leaderboard, a rescoring finished. Each is written in the
//! transaction of the change that causes it, read in the bell's list and marked as read.

#[cfg(feature = "ssr")]
pub mod service;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Page;

/// What a notification tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    SheetReturned,
    SheetApproved,
    NominationDecided,
    CycleFinalized,
    Announcement,
    RankLost,
    RescoringFinished,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::SheetReturned,
        NotificationKind::SheetApproved,
        NotificationKind::NominationDecided,
        NotificationKind::CycleFinalized,
        NotificationKind::Announcement,
        NotificationKind::RankLost,
        NotificationKind::RescoringFinished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::SheetReturned => "sheet_returned",
            NotificationKind::SheetApproved => "sheet_approved",
            NotificationKind::NominationDecided => "nomination_decided",
            NotificationKind::CycleFinalized => "cycle_finalized",
            NotificationKind::Announcement => "announcement",
            NotificationKind::RankLost => "rank_lost",
            NotificationKind::RescoringFinished => "rescoring_finished",
        }
    }

    pub fn parse(value: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// One notification of the reader. `data` carries what its text shows, by kind:
/// `period` and `comment` (sheets), `nominee`, `decision` and `reason` (nominations), `cycle`,
/// `competition` and `rank`/`previousRank` (rank lost), `version` (rescoring).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub subject_id: Uuid,
    /// The page that shows what it is about.
    pub link: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub data: serde_json::Value,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/v1/notifications`: a page of the reader's notifications, newest first, and how
/// many of all of them are unread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationPage {
    #[serde(flatten)]
    pub page: Page<Notification>,
    pub unread: i64,
}

/// `POST /api/v1/notifications/read-all` answers how many it marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MarkedRead {
    pub marked: i64,
    pub unread: i64,
}
