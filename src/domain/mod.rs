//! Pure domain rules shared by the server and the browser islands: no I/O, no framework types.

pub mod actor;
pub mod calendar;
pub mod calibration;
pub mod competition_settings;
pub mod email;
pub mod error;
pub mod locale;
pub mod metrics;
pub mod network;
pub mod nominations;
pub mod pagination;
pub mod password;
pub mod people;
pub mod rank_movement;
pub mod redirect;
pub mod role;
pub mod shakeup;
pub mod slug;
pub mod spreadsheet;
pub mod text;
pub mod weights;

pub use actor::Actor;
pub use email::Email;
pub use error::{ConflictReason, ErrorCode, FieldCode, FieldError};
pub use locale::Locale;
pub use pagination::{Page, PageRequest, Sort};
pub use rank_movement::RankMovement;
pub use role::Role;
