//! Reusable building blocks: layout, modal, drawer, toast, badge, table with pagination.

pub mod badge;
pub mod decision;
mod dialog;
pub mod drawer;
pub mod error_pages;
pub mod form;
pub mod layout;
pub mod loaded;
pub mod modal;
pub mod status_badges;
pub mod table;
pub mod toast;

pub use badge::{Badge, Tone};
pub use decision::NominationDecision;
pub use drawer::Drawer;
pub use error_pages::{Forbidden, NotFound};
pub use form::{form_action, leaving_action, server_call, FormError, FormOutcome};
pub use layout::{Guarded, Header, PageHeader};
pub use loaded::{LoadError, Loaded};
pub use modal::Modal;
pub use status_badges::{
    CompetitionStatusBadge, CycleStatusBadge, NominationStatusBadge, RankMoved, RoleBadge, SubmissionStatusBadge,
};
pub use table::{page_number, Pagination, Table};
pub use toast::Toast;
