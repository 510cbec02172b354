//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Merit API", version = "1", description = "Goals, recognition and competitions. Session-cookie auth: sign in with POST /api/v1/auth/login."),
    paths(
        super::auth::login,
        super::auth::logout,
        super::users::me,
        super::users::list,
        super::stages::list,
        super::stages::create,
        super::stages::get,
        super::stages::update_weights,
        super::stages::history,
        super::goals::current,
        super::goals::save,
        super::goals::submit,
        super::goals::approve,
        super::goals::return_sheet,
        super::nominations::list,
        super::nominations::create,
        super::nominations::get,
        super::nominations::update,
        super::nominations::add_criterion,
        super::nominations::update_criterion,
        super::nominations::open,
        super::nominations::close,
        super::nominations::finalize,
        super::nominations::nominations,
        super::nominations::rankings_csv,
        super::nominations::nominate,
        super::nominations::approve,
        super::nominations::reject,
        super::nominations::rankings,
        super::competitions::list,
        super::competitions::create,
        super::competitions::get,
        super::competitions::update,
        super::competitions::answer_key,
        super::competitions::activate,
        super::competitions::enroll,
        super::competitions::unenroll,
        super::competitions::enrollment,
        super::competitions::my_submissions,
        super::competitions::submit,
        super::competitions::submission,
        super::competitions::leaderboard,
        super::competitions::around_me,
        super::competitions::announcements,
        super::competitions::sample,
        super::competitions::stats,
        super::competitions::participants,
        super::competitions::admin_submissions,
        super::competitions::invalidate,
        super::competitions::announce,
        super::health::live,
        super::health::ready,
    ),
    tags(
        (name = "auth", description = "Sign-in and sign-out"),
        (name = "users", description = "People of the organization"),
        (name = "stages", description = "Stage weight budgets and their history"),
        (name = "goals", description = "Goal sheets and their review"),
        (name = "nominations", description = "Recognition cycles, nominations, decisions and rankings"),
        (name = "competitions", description = "Internal competitions: enrollment, prediction uploads, leaderboards and the sponsor's tools"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
