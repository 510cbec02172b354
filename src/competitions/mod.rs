//! Internal competitions (DESIGN §8): sponsors publish a hidden answer key; participants upload
//! CSV predictions that are validated, scored like scikit-learn and ranked.
//!
//! The file rules live in [`validation`] (answer keys and submissions, read once and checked
//! completely), the metrics in [`crate::domain::metrics`], the use cases in [`service`]; the
//! types here travel between the services, the REST API and the pages.

#[cfg(feature = "ssr")]
pub mod bands;
#[cfg(feature = "ssr")]
pub mod baselines;
#[cfg(feature = "ssr")]
pub mod bootstrap;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod csv_reader;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod rescoring;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod standings;
#[cfg(feature = "ssr")]
pub mod validation;
#[cfg(feature = "ssr")]
pub mod view;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::metrics::{Arithmetic, Metric};
use crate::domain::Page;

/// What can be wrong with an uploaded file; every problem found is reported at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ValidationCode {
    MissingColumn,
    NotANumber,
    ValueOutOfRange,
    DuplicateIds,
    UnknownIds,
    MissingIds,
    EmptyFile,
    FileTooLarge,
    NotUtf8,
    NulBytes,
    LineTooLong,
    TooManyColumns,
    IdTooLong,
    KeyPartEmpty,
    ScoreNotFinite,
    TooManyRows,
    /// A warning, not an error: columns besides the id and the prediction were ignored.
    ExtraColumns,
}

impl ValidationCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationCode::MissingColumn => "MISSING_COLUMN",
            ValidationCode::NotANumber => "NOT_A_NUMBER",
            ValidationCode::ValueOutOfRange => "VALUE_OUT_OF_RANGE",
            ValidationCode::DuplicateIds => "DUPLICATE_IDS",
            ValidationCode::UnknownIds => "UNKNOWN_IDS",
            ValidationCode::MissingIds => "MISSING_IDS",
            ValidationCode::EmptyFile => "EMPTY_FILE",
            ValidationCode::FileTooLarge => "FILE_TOO_LARGE",
            ValidationCode::NotUtf8 => "NOT_UTF8",
            ValidationCode::NulBytes => "NUL_BYTES",
            ValidationCode::LineTooLong => "LINE_TOO_LONG",
            ValidationCode::TooManyColumns => "TOO_MANY_COLUMNS",
            ValidationCode::IdTooLong => "ID_TOO_LONG",
            ValidationCode::KeyPartEmpty => "KEY_PART_EMPTY",
            ValidationCode::ScoreNotFinite => "SCORE_NOT_FINITE",
            ValidationCode::TooManyRows => "TOO_MANY_ROWS",
            ValidationCode::ExtraColumns => "EXTRA_COLUMNS",
        }
    }
}

/// One kind of problem in a file: how often it occurs, where first (1-based line numbers, at
/// most ten) and examples of the offending values or ids (at most ten).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ValidationError {
    pub code: ValidationCode,
    pub message: String,
    pub count: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

/// How many line numbers and examples an error keeps.
pub const EXAMPLES: usize = 10;

macro_rules! text_enum_impl {
    ($ty:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),* }
            }

            pub fn parse(value: &str) -> Option<$ty> {
                $ty::ALL.iter().copied().find(|s| s.as_str() == value)
            }
        }
    };
}

/// draft → active → ended (an active competition ends at its deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CompetitionStatus {
    Draft,
    Active,
    Ended,
}
text_enum_impl!(CompetitionStatus { Draft => "draft", Active => "active", Ended => "ended" });

/// A scored file counts; an invalid one is kept with its errors; a sponsor may invalidate a
/// scored one (it leaves the leaderboard but still counts against that day's limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SubmissionStatus {
    Scored,
    Invalid,
    Invalidated,
}
text_enum_impl!(SubmissionStatus { Scored => "scored", Invalid => "invalid", Invalidated => "invalidated" });

/// What the viewing user is to a competition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CompetitionRole {
    Sponsor,
    Participant,
    Viewer,
}
text_enum_impl!(CompetitionRole { Sponsor => "sponsor", Participant => "participant", Viewer => "viewer" });

/// Which leaderboard: public rows always, private rows once the deadline has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Board {
    Public,
    Private,
}
text_enum_impl!(Board { Public => "public", Private => "private" });

/// A reference row beside the leaderboards (never ranked): see [`baselines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum BaselineKind {
    Constant,
    Random,
    Perfect,
}
text_enum_impl!(BaselineKind { Constant => "constant", Random => "random", Perfect => "perfect" });

/// A baseline's scores over all rows and each part, as stored per key version.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BaselineScores {
    pub kind: BaselineKind,
    pub score: f64,
    pub public: f64,
    pub private: f64,
}

impl BaselineScores {
    pub fn on(&self, board: Board) -> f64 {
        if board == Board::Public {
            self.public
        } else {
            self.private
        }
    }
}

/// A baseline's score on one board, and its place there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Baseline {
    pub name: BaselineKind,
    pub score: f64,
    /// How many participants the board ranks ahead of it (those scoring at least as well): it
    /// sits between the rows ranked `ahead` and `ahead + 1`.
    pub ahead: i64,
}

/// A page of a leaderboard and the baselines on that board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Leaderboard {
    #[serde(flatten)]
    pub page: Page<LeaderboardRow>,
    /// Reference scores (constant, random, perfect): labelled rows, never ranked.
    pub baselines: Vec<Baseline>,
}

/// A competition as its members see it; `userContext` describes the viewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Competition {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    /// Markdown; raw HTML in it is shown as text.
    pub description: String,
    pub status: CompetitionStatus,
    pub starts_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "auc"))]
    pub metric: Metric,
    pub higher_is_better: bool,
    pub id_column: String,
    pub prediction_column: String,
    pub daily_submission_limit: i32,
    pub public_share: f64,
    pub sponsor_id: Uuid,
    pub sponsor_name: String,
    /// 0 until an answer key is uploaded.
    pub answer_key_version: i32,
    pub answer_key_rows: i32,
    /// Rows of the key on the public leaderboard.
    pub answer_key_public_rows: i32,
    pub participant_count: i64,
    /// Participants with a scored submission: the public leaderboard's length.
    pub ranked_count: i64,
    pub created_at: DateTime<Utc>,
    /// Changes with every change of the standings; names the in-memory copy of the boards.
    #[serde(skip)]
    pub standings_version: i64,
    /// Whether the stored confidence bands are this standings version's (public board, and
    /// the private one after the deadline).
    #[serde(skip)]
    pub bands_current: bool,
    #[serde(skip)]
    pub private_bands_current: bool,
    pub user_context: Option<UserContext>,
}

impl Competition {
    /// Whether `board`'s stored bands belong to the standings as they are.
    pub fn bands_current(&self, board: Board) -> bool {
        match board {
            Board::Public => self.bands_current,
            Board::Private => self.private_bands_current,
        }
    }
}

/// The viewer's standing in a competition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserContext {
    pub role: CompetitionRole,
    pub enrolled_at: Option<DateTime<Utc>>,
    /// Best public score among the viewer's scored submissions.
    pub best_score: Option<f64>,
    /// Rank on the public leaderboard.
    pub rank: Option<i64>,
    pub submissions_today: i64,
    pub submissions_limit: i32,
    /// When today's quota starts again (next UTC midnight).
    pub resets_at: DateTime<Utc>,
    /// The public rank when the viewer last opened the competition (its movement since).
    #[serde(default)]
    pub seen_rank: Option<i64>,
    /// Announcements the viewer has not read (until they open the Overview tab).
    #[serde(default)]
    pub unread_announcements: i64,
}

/// `POST /api/v1/competitions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompetitionInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub deadline: DateTime<Utc>,
    /// auc, accuracy, logloss, f1, rmse or mae.
    pub metric: String,
    #[serde(default = "default_id_column")]
    pub id_column: String,
    #[serde(default = "default_prediction_column")]
    pub prediction_column: String,
    #[serde(default)]
    pub daily_submission_limit: Option<i32>,
    #[serde(default)]
    pub public_share: Option<f64>,
}

fn default_id_column() -> String {
    "id".into()
}

fn default_prediction_column() -> String {
    "prediction".into()
}

/// `PATCH /api/v1/competitions/{id}`: what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompetitionPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deadline: Option<DateTime<Utc>>,
    pub daily_submission_limit: Option<i32>,
    pub public_share: Option<f64>,
}

/// One uploaded prediction file and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    pub id: Uuid,
    pub user_id: Uuid,
    pub display_name: String,
    pub file_name: String,
    pub size_bytes: i32,
    pub row_count: i32,
    pub status: SubmissionStatus,
    /// The public score (the private one stays hidden until the deadline).
    pub score: Option<f64>,
    pub private_score: Option<f64>,
    pub submitted_at: DateTime<Utc>,
    pub validation_errors: Vec<ValidationError>,
    /// What was accepted but worth knowing (e.g. ignored columns).
    #[serde(default)]
    pub warnings: Vec<ValidationError>,
    pub invalidated_at: Option<DateTime<Utc>>,
    pub invalidation_reason: Option<String>,
    /// For a fresh upload: the participant's public rank after it and before it.
    pub rank: Option<i64>,
    pub previous_rank: Option<i64>,
}

/// How a submission's score came about, for anyone to check: the exact inputs (the key version
/// and both files' SHA-256), the rows per part, and the arithmetic with its numbers. `merit
/// score` run on the two files prints the same numbers (`command`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub submission_id: Uuid,
    pub competition_id: Uuid,
    pub file_name: String,
    pub submitted_at: DateTime<Utc>,
    pub key_version: i32,
    /// SHA-256 (hex) of the key version's file as the sponsor downloads it.
    pub key_sha256: String,
    /// SHA-256 (hex) of the submitted file, byte for byte as uploaded.
    pub file_sha256: String,
    pub rows: ReceiptRows,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "auc"))]
    pub metric: Metric,
    pub metric_version: String,
    pub arithmetic: ReceiptArithmetic,
    /// The stored scores were worked out again from the two files and came out the same to the
    /// last digit.
    pub reproduced: bool,
    /// The `merit score` command that reproduces these numbers from the two files.
    pub command: String,
    /// The command needs the competition's secret split key for the public and private parts;
    /// only the sponsor's receipt fills it in (the overall score needs no split key).
    pub split_key_included: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReceiptRows {
    pub overall: u64,
    pub public: u64,
    pub private: u64,
}

/// The arithmetic per part. The private part, and the overall one (overall minus public would
/// give the private), stay hidden from participants until the deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReceiptArithmetic {
    pub overall: Option<Arithmetic>,
    pub public: Arithmetic,
    pub private: Option<Arithmetic>,
}

/// A row of a leaderboard: each participant's best score; ties go to whoever reached it first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LeaderboardRow {
    pub rank: i64,
    pub user_id: Uuid,
    pub display_name: String,
    pub score: f64,
    pub submitted_at: DateTime<Utc>,
    pub entries: i64,
    /// The score's 95 % confidence interval from a paired bootstrap over the board's rows;
    /// null until worked out for the standings as they are.
    #[serde(default)]
    pub interval: Option<Interval>,
    /// Rows sharing a number are statistically tied; null when tied with neither neighbour
    /// (or not worked out yet).
    #[serde(default)]
    pub tie_group: Option<i32>,
}

/// How far the private ranks moved from the public ones (the sponsor's view after the deadline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Shakeup {
    /// Participants on both boards.
    pub participants: i64,
    /// Spearman's rank correlation of the public and private ranks (1: nobody moved); null
    /// with fewer than two participants.
    pub spearman: Option<f64>,
    /// Participants whose private rank differs from their public one.
    pub moved: i64,
    /// Places moved, on average over everyone.
    pub mean_move: f64,
    /// The biggest moves, up to ten, the biggest first.
    pub biggest_moves: Vec<ShakeupMove>,
}

/// One participant's move from the public to the private board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ShakeupMove {
    pub user_id: Uuid,
    pub display_name: String,
    pub public_rank: i64,
    pub private_rank: i64,
    /// Places gained on the private board (negative: lost).
    pub places: i64,
}

/// A 95 % confidence interval of a score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Announcement {
    pub id: Uuid,
    pub body: String,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
}

/// `POST …/admin/announce`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnnounceInput {
    pub body: String,
}

/// `PATCH …/admin/submissions/{sid}`: invalidate with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvalidateInput {
    /// Must be `invalidated`.
    pub status: SubmissionStatus,
    pub reason: String,
}

/// An enrolled participant, for the sponsor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub enrolled_at: DateTime<Utc>,
    pub submissions: i64,
    pub best_score: Option<f64>,
    pub last_submitted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    pub day: NaiveDate,
    pub count: i64,
}

/// A bar of the score histogram: `[from, to)` (the last bar includes `to`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScoreBin {
    pub from: f64,
    pub to: f64,
    pub count: i64,
}

/// What the sponsor's dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompetitionStats {
    pub participants: i64,
    pub submissions: i64,
    pub scored: i64,
    pub invalid: i64,
    pub invalidated: i64,
    pub best_score: Option<f64>,
    /// The last 14 UTC days, oldest first.
    pub per_day: Vec<DayCount>,
    /// Public scores of scored submissions in ten bars.
    pub distribution: Vec<ScoreBin>,
}

/// How one participant's public rank moved when a new answer key rescored everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RankMove {
    pub user_id: Uuid,
    pub display_name: String,
    pub before: Option<i64>,
    pub after: Option<i64>,
}

/// `PUT …/answer-key` answers with the stored version and the rescoring it queued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AnswerKeyInfo {
    pub version: i32,
    pub row_count: i32,
    pub public_rows: i32,
    pub rescoring: Rescoring,
}

/// Where rescoring the stored submissions against a new key version stands: queued, running
/// in the background (any instance's worker), done, or superseded by a newer version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum RescoringStatus {
    Pending,
    Running,
    Done,
    Superseded,
}
text_enum_impl!(RescoringStatus { Pending => "pending", Running => "running", Done => "done", Superseded => "superseded" });

/// A rescoring job (`GET …/rescoring` answers with the latest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Rescoring {
    pub version: i32,
    pub status: RescoringStatus,
    /// Stored submissions to rescore, and how many are done.
    pub total: i64,
    pub done: i64,
    /// Stored submissions that no longer score against this version (they became invalid,
    /// with the reason).
    pub no_longer_scored: i64,
    /// How public ranks moved, recorded when the job finishes.
    pub rank_moves: Vec<RankMove>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Buckets scores into `bins` equal bars from the lowest to the highest score.
pub fn histogram(scores: &[f64], bins: usize) -> Vec<ScoreBin> {
    let (Some(min), Some(max)) = (scores.iter().copied().reduce(f64::min), scores.iter().copied().reduce(f64::max))
    else {
        return Vec::new();
    };
    let bins = bins.max(1);
    let width = if max > min { (max - min) / bins as f64 } else { 1.0 };
    let mut out: Vec<ScoreBin> = (0..bins)
        .map(|i| ScoreBin {
            from: min + width * i as f64,
            to: if i + 1 == bins { max.max(min + width) } else { min + width * (i + 1) as f64 },
            count: 0,
        })
        .collect();
    for &s in scores {
        let i = (((s - min) / width) as usize).min(bins - 1);
        out[i].count += 1;
    }
    out
}

/// Everything the competition page shows, read by [`view::competition_view`]; sections the
/// viewer may not see are empty.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompetitionView {
    pub competition: Competition,
    /// The description rendered from Markdown on the server (raw HTML escaped).
    pub description_html: String,
    pub announcements: Vec<Announcement>,
    /// The public leaderboard, a page of it or the rows around the viewer.
    pub board: Page<LeaderboardRow>,
    /// After the deadline.
    pub private_board: Option<Page<LeaderboardRow>>,
    /// The current key version's baselines on the public board, and on the private board once
    /// it is visible (never sent before).
    pub baselines: Vec<Baseline>,
    pub private_baselines: Option<Vec<Baseline>>,
    /// The viewer's own submissions.
    pub submissions: Page<Submission>,
    pub admin: Option<SponsorView>,
    pub max_upload_bytes: usize,
    /// Scored entries of everyone, for the header.
    pub entries: i64,
}

/// The Admin tab: what only the sponsor sees.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SponsorView {
    pub stats: CompetitionStats,
    /// A page of a hundred, in enrollment order.
    pub participants: Page<Participant>,
    pub submissions: Page<Submission>,
    /// The status the submissions are filtered by.
    pub filter: Option<SubmissionStatus>,
    /// The participant the submissions are narrowed to: their id and name.
    pub user_filter: Option<(Uuid, String)>,
    /// The latest rescoring against a new key version.
    pub rescoring: Option<Rescoring>,
    /// How the ranks moved from the public to the private board, once that is out.
    pub shakeup: Option<Shakeup>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_puts_every_score_in_one_bar() {
        let bins = histogram(&[0.0, 0.25, 0.5, 0.5, 1.0], 4);
        assert_eq!(bins.len(), 4);
        assert_eq!(bins.iter().map(|b| b.count).sum::<i64>(), 5);
        let counts: Vec<i64> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 1, 2, 1], "the maximum falls in the last bar");
        assert_eq!((bins[0].from, bins[3].to), (0.0, 1.0));
        assert!(histogram(&[], 10).is_empty());
        let same = histogram(&[0.8, 0.8], 10);
        assert_eq!(same[0].count, 2);
    }

    #[test]
    fn statuses_round_trip() {
        for s in CompetitionStatus::ALL {
            assert_eq!(CompetitionStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(SubmissionStatus::parse("invalidated"), Some(SubmissionStatus::Invalidated));
        assert_eq!(Board::parse("private"), Some(Board::Private));
        assert_eq!(Board::parse("x"), None);
    }
}
