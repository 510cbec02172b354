//! The JSON REST API under `/api/v1`, plus health and metrics. Handlers authenticate, decode,
//! call one service and encode; the OpenAPI document is generated from their annotations.

pub mod audit;
pub mod auth;
pub mod competitions;
pub mod extract;
pub mod goals;
pub mod health;
pub mod nominations;
pub mod notifications;
pub mod openapi;
pub mod periods;
pub mod responses;
pub mod stages;
pub mod teams;
pub mod upload;
pub mod users;

use axum::routing::get;
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// Every documented route with its OpenAPI entry, declared once: the router and the document
/// come from the same list, so neither can miss what the other has.
pub fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(users::set_password))
        .routes(routes!(users::me, users::update_me))
        .routes(routes!(users::change_password))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::import_people))
        .routes(routes!(users::export))
        .routes(routes!(users::get, users::update))
        .routes(routes!(users::deactivate))
        .routes(routes!(users::reactivate))
        .routes(routes!(users::password_link))
        .routes(routes!(users::stage_change))
        .routes(routes!(teams::list, teams::create))
        .routes(routes!(teams::update, teams::delete))
        .routes(routes!(teams::set_members))
        .routes(routes!(periods::list, periods::create))
        .routes(routes!(periods::open))
        .routes(routes!(periods::close))
        .routes(routes!(periods::goal_sheet))
        .routes(routes!(stages::list, stages::create))
        .routes(routes!(stages::get))
        .routes(routes!(stages::update_weights))
        .routes(routes!(stages::history))
        .routes(routes!(goals::current, goals::save))
        .routes(routes!(goals::mine))
        .routes(routes!(goals::submit))
        .routes(routes!(goals::approve))
        .routes(routes!(goals::return_sheet))
        .routes(routes!(nominations::list, nominations::create))
        .routes(routes!(nominations::get, nominations::update))
        .routes(routes!(nominations::add_criterion, nominations::replace_criteria))
        .routes(routes!(nominations::update_criterion))
        .routes(routes!(nominations::open))
        .routes(routes!(nominations::close))
        .routes(routes!(nominations::finalize))
        .routes(routes!(nominations::nominations, nominations::nominate))
        .routes(routes!(nominations::rankings))
        .routes(routes!(nominations::rankings_csv))
        .routes(routes!(nominations::archive))
        .routes(routes!(nominations::archive_csv))
        .routes(routes!(nominations::calibration))
        .routes(routes!(nominations::approve))
        .routes(routes!(nominations::reject))
        .routes(routes!(audit::verification))
        .routes(routes!(competitions::list, competitions::create))
        .routes(routes!(competitions::get, competitions::update))
        // Uploads read their own body with their own cap (see `limits` and the handlers).
        .routes(routes!(competitions::answer_key))
        .routes(routes!(competitions::rescoring))
        .routes(routes!(competitions::my_submissions, competitions::submit))
        .routes(routes!(competitions::activate))
        .routes(routes!(competitions::enroll, competitions::unenroll))
        .routes(routes!(competitions::enrollment))
        .routes(routes!(competitions::submission))
        .routes(routes!(competitions::leaderboard))
        .routes(routes!(competitions::around_me))
        .routes(routes!(competitions::announcements))
        .routes(routes!(competitions::sample))
        .routes(routes!(competitions::submission_file))
        .routes(routes!(competitions::receipt))
        .routes(routes!(competitions::answer_key_file))
        .routes(routes!(competitions::stats))
        .routes(routes!(competitions::shakeup))
        .routes(routes!(competitions::participants))
        .routes(routes!(competitions::admin_submissions))
        .routes(routes!(competitions::invalidate))
        .routes(routes!(competitions::announce))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::read))
        .routes(routes!(notifications::read_all))
        .routes(routes!(health::live))
        .routes(routes!(health::ready))
}

/// The REST API, the OpenAPI document, health and metrics.
pub fn routes() -> Router<AppState> {
    let (router, _) = documented().split_for_parts();
    router
        .route("/api/v1/openapi.json", get(openapi::document))
        .merge(openapi::reference())
        .route("/api/v1/{*rest}", axum::routing::any(not_found))
        .route("/metrics", get(health::metrics))
}

/// Unknown API paths answer in the JSON error format, not with the HTML 404 page.
async fn not_found() -> crate::error::AppError {
    crate::error::AppError::NotFound
}
