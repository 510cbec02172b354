//! Server functions, one file per feature: the pages load their data through them and the
//! islands call them for changes. They sit apart from both so that neither imports the other.

pub mod audit;
pub mod competitions;
pub mod cycles;
pub mod dashboard;
pub mod goals;
pub mod nominations;
pub mod notifications;
pub mod people;
pub mod periods;
pub mod stage_weights;
pub mod team_goals;
pub mod teams;
