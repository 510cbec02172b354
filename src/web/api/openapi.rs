//! The OpenAPI 3 document, generated from the handlers' annotations as the router registers
//! them (see [`super::documented`]).

use std::sync::OnceLock;

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    components(schemas(crate::error::ErrorBody)),
    info(title = "Merit API", version = "1", description = "Goals, recognition and competitions. Session-cookie auth: sign in with POST /api/v1/auth/login."),
    tags(
        (name = "auth", description = "Sign-in and sign-out"),
        (name = "users", description = "People of the organization: profiles, administration, set-password links, import and export"),
        (name = "teams", description = "Teams, their managers and members"),
        (name = "periods", description = "Evaluation periods (one open at a time)"),
        (name = "stages", description = "Stage weight budgets and their history"),
        (name = "goals", description = "Goal sheets and their review"),
        (name = "nominations", description = "Recognition cycles, nominations, decisions and rankings"),
        (name = "competitions", description = "Internal competitions: enrollment, prediction uploads, leaderboards and the sponsor's tools"),
        (name = "audit", description = "The tamper-evident record: verifying its hash chain"),
        (name = "notifications", description = "The reader's in-app notifications and marking them read"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

/// The whole document: the title and tags here, the paths from the router.
pub fn whole() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| super::documented().into_openapi())
}

pub async fn document() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(whole())
}

/// The browsable reference at `/api/docs/`: Swagger UI, whose files are built into Merit
/// (nothing is fetched from the internet), reading the document above. No online validator.
pub fn reference<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    let config = utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"]).validator_url("none");
    utoipa_swagger_ui::SwaggerUi::new("/api/docs").config(config).into()
}
