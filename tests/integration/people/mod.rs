//! People administration: adding and editing people, the last-admin rule, deactivation that
//! signs out at once, set-password links (single use, 72 hours), one's own password, stage
//! changes and their effect on goal sheets, and the first admin of an empty database.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::common::TestApp;

mod accounts;
mod management;

async fn stage_id(app: &TestApp, number: i32) -> String {
    sqlx::query_scalar::<_, uuid::Uuid>(
        "SELECT s.id FROM stages s JOIN organizations o ON o.id = s.organization_id
          WHERE o.slug = 'demo' AND s.number = $1",
    )
    .bind(number)
    .fetch_one(&app.pool)
    .await
    .unwrap()
    .to_string()
}

/// The token of a set-password link's URL.
fn token_of(link: &Value) -> String {
    let url = link["url"].as_str().unwrap();
    url.split("token=").nth(1).unwrap().to_owned()
}
