//! The parts of pages that react in the browser. Each marks itself `data-hydrated="true"` once
//! its wasm is active, so tests (and people debugging) can tell.

pub mod audit_table;
pub mod competition_actions;
pub mod competition_upload;
pub mod cycle_editor;
pub mod flash;
pub mod goal_sheet;
pub mod local_time;
pub mod nominate_form;
pub mod nomination_review;
pub mod people_import;
pub mod people_table;
pub mod periods_editor;
pub mod sheet_review;
pub mod stage_weights;
pub mod teams_editor;
#[cfg(feature = "hydrate")]
pub(crate) mod xhr;

pub use audit_table::AuditTable;
pub use competition_actions::{
    ActivateButton, AnnounceForm, CompetitionCreateForm, CompetitionSettingsForm, EnrollButton, InvalidateButton,
};
pub use competition_upload::{FileUpload, UploadKind};
pub use cycle_editor::{CycleCreateForm, CycleEditor};
pub use flash::FlashToast;
pub use goal_sheet::GoalSheetEditor;
pub use local_time::LocalTime;
pub use nominate_form::NominateForm;
pub use nomination_review::NominationReview;
pub use people_import::PeopleImport;
pub use people_table::PeopleTable;
pub use periods_editor::PeriodsEditor;
pub use sheet_review::SheetReview;
pub use stage_weights::StageWeightsTable;
pub use teams_editor::TeamsEditor;

use leptos::prelude::*;

/// A signal that turns true once the island runs in the browser.
pub fn hydrated_marker() -> Signal<&'static str> {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    Signal::derive(move || if hydrated.get() { "true" } else { "false" })
}
