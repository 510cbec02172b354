//! `GET /api/v1/users/me` and `GET /api/v1/users` (admins and HR).

use axum::extract::State;
use axum::Json;

use super::extract::{ApiCtx, RawQuery};
use crate::domain::{FieldError, Page, PageRequest, Role};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use crate::users::{service, MeView, UserFilter, UserView};

/// The signed-in user, with their stage and its weight budget.
#[utoipa::path(
    get, path = "/api/v1/users/me", tag = "users",
    responses(
        (status = 200, body = MeView),
        (status = 401, body = ErrorBody),
    )
)]
pub async fn me(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<MeView>, AppError> {
    Ok(Json(service::me_with_stage(&state.pool, &ctx).await?))
}

/// The organization's people, sorted by name.
#[utoipa::path(
    get, path = "/api/v1/users", tag = "users",
    params(
        ("page" = Option<i64>, Query, description = "1-based page number"),
        ("pageSize" = Option<i64>, Query, description = "Items per page, 1–100 (default 25)"),
        ("role" = Option<Role>, Query, description = "Only this role"),
        ("q" = Option<String>, Query, description = "Matches name or e-mail"),
    ),
    responses(
        (status = 200, body = Page<UserView>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    query: RawQuery,
) -> Result<Json<Page<UserView>>, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let (page, page_size) = (
        query.int("page", &mut errors),
        query.int("pageSize", &mut errors),
    );
    let role = query.get("role").and_then(|r| {
        let parsed = Role::parse(r);
        if parsed.is_none() {
            errors.push(FieldError::new(
                "role",
                "invalid",
                "role must be admin, hr, manager or employee",
            ));
        }
        parsed
    });
    let request = PageRequest::parse(page, page_size).unwrap_or_else(|mut e| {
        errors.append(&mut e);
        PageRequest::default()
    });
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let filter = UserFilter {
        role,
        q: query.get("q").map(str::to_owned),
    };
    Ok(Json(
        service::list(&state.pool, &ctx, &filter, request).await?,
    ))
}
