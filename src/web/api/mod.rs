//! The JSON REST API under `/api/v1`, plus health and metrics. Handlers authenticate, decode,
//! call one service and encode; the OpenAPI document is generated from their annotations.

pub mod auth;
pub mod competitions;
pub mod extract;
pub mod goals;
pub mod health;
pub mod nominations;
pub mod openapi;
pub mod stages;
pub mod users;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post, put};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/login", post(auth::login))
        .route("/api/v1/auth/logout", post(auth::logout))
        .route("/api/v1/users/me", get(users::me))
        .route("/api/v1/users", get(users::list))
        .route("/api/v1/stages", get(stages::list).post(stages::create))
        .route("/api/v1/stages/{id}", get(stages::get))
        .route("/api/v1/stages/{id}/weights", patch(stages::update_weights))
        .route("/api/v1/stages/{id}/weight-history", get(stages::history))
        .route(
            "/api/v1/goal-sheets/current",
            get(goals::current).put(goals::save),
        )
        .route("/api/v1/goal-sheets/current/submit", post(goals::submit))
        .route("/api/v1/goal-sheets/{id}/approve", post(goals::approve))
        .route("/api/v1/goal-sheets/{id}/return", post(goals::return_sheet))
        .route(
            "/api/v1/cycles",
            get(nominations::list).post(nominations::create),
        )
        .route(
            "/api/v1/cycles/{id}",
            get(nominations::get).patch(nominations::update),
        )
        .route(
            "/api/v1/cycles/{id}/criteria",
            post(nominations::add_criterion),
        )
        .route(
            "/api/v1/cycles/{id}/criteria/{criterion_id}",
            patch(nominations::update_criterion),
        )
        .route("/api/v1/cycles/{id}/open", post(nominations::open))
        .route("/api/v1/cycles/{id}/close", post(nominations::close))
        .route("/api/v1/cycles/{id}/finalize", post(nominations::finalize))
        .route(
            "/api/v1/cycles/{id}/nominations",
            get(nominations::nominations).post(nominations::nominate),
        )
        .route("/api/v1/cycles/{id}/rankings", get(nominations::rankings))
        .route(
            "/api/v1/cycles/{id}/rankings.csv",
            get(nominations::rankings_csv),
        )
        .route(
            "/api/v1/nominations/{id}/approve",
            post(nominations::approve),
        )
        .route("/api/v1/nominations/{id}/reject", post(nominations::reject))
        .route(
            "/api/v1/competitions",
            get(competitions::list).post(competitions::create),
        )
        .route(
            "/api/v1/competitions/{id}",
            get(competitions::get).patch(competitions::update),
        )
        // Uploads are capped by the handler (MERIT_MAX_UPLOAD_BYTES), which reports
        // FILE_TOO_LARGE in the file's error list rather than cutting the connection.
        .route(
            "/api/v1/competitions/{id}/answer-key",
            put(competitions::answer_key).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/competitions/{id}/submissions",
            get(competitions::my_submissions)
                .post(competitions::submit)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/competitions/{id}/activate",
            post(competitions::activate),
        )
        .route(
            "/api/v1/competitions/{id}/enroll",
            post(competitions::enroll).delete(competitions::unenroll),
        )
        .route(
            "/api/v1/competitions/{id}/enrollment",
            get(competitions::enrollment),
        )
        .route(
            "/api/v1/competitions/{id}/submissions/{sid}",
            get(competitions::submission),
        )
        .route(
            "/api/v1/competitions/{id}/leaderboard",
            get(competitions::leaderboard),
        )
        .route(
            "/api/v1/competitions/{id}/leaderboard/around-me",
            get(competitions::around_me),
        )
        .route(
            "/api/v1/competitions/{id}/announcements",
            get(competitions::announcements),
        )
        .route(
            "/api/v1/competitions/{id}/sample-submission.csv",
            get(competitions::sample),
        )
        .route(
            "/api/v1/competitions/{id}/admin/stats",
            get(competitions::stats),
        )
        .route(
            "/api/v1/competitions/{id}/admin/participants",
            get(competitions::participants),
        )
        .route(
            "/api/v1/competitions/{id}/admin/submissions",
            get(competitions::admin_submissions),
        )
        .route(
            "/api/v1/competitions/{id}/admin/submissions/{sid}",
            patch(competitions::invalidate),
        )
        .route(
            "/api/v1/competitions/{id}/admin/announce",
            post(competitions::announce),
        )
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/{*rest}", axum::routing::any(not_found))
        .route("/api/health/live", get(health::live))
        .route("/api/health/ready", get(health::ready))
        .route("/metrics", get(health::metrics))
}

/// Unknown API paths answer in the JSON error format, not with the HTML 404 page.
async fn not_found() -> crate::error::AppError {
    crate::error::AppError::NotFound
}
