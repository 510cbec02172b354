//! `/api/v1/users`: one's own profile and password; the people list and its administration
//! (admins and HR): create, edit, deactivate, reactivate, set-password links, stage-change
//! previews, import and export as CSV.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use uuid::Uuid;

use super::extract::{Api, ApiCtx, ApiJson, ApiPath, RawQuery};
use super::responses::{created, Attachment, Created, Download, Forbidden, Invalid, NotFound, Reply, Unauthorized};
use super::upload;
use crate::auth::AuthSession;
use crate::domain::{FieldCode, FieldError, Page, PageRequest, Role, Sort};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use crate::users::{
    import, passwords, people, service, ImportReport, MeView, PasswordChange, PasswordLink, PersonInput, PersonPatch,
    ProfilePatch, StageChangePreview, UserFilter, UserView, PEOPLE_SORTS,
};
use crate::web::context::RequestContext;

/// The signed-in user, with their stage and its weight budget.
#[utoipa::path(
    get, path = "/api/v1/users/me", tag = "users",
    responses((status = 200, body = MeView), Unauthorized)
)]
pub async fn me(Api { pool, ctx }: Api) -> Reply<MeView> {
    Ok(Json(service::me_with_stage(&pool, &ctx).await?))
}

/// Changes one's own name or language.
#[utoipa::path(
    patch, path = "/api/v1/users/me", tag = "users",
    request_body = ProfilePatch,
    responses((status = 200, body = UserView), Unauthorized, Invalid)
)]
pub async fn update_me(Api { pool, ctx }: Api, ApiJson(body): ApiJson<ProfilePatch>) -> Reply<UserView> {
    Ok(Json(passwords::update_profile(&pool, &ctx, &body).await?))
}

/// Changes one's own password (the current one is required). Every other session of the user
/// ends; this one continues.
#[utoipa::path(
    post, path = "/api/v1/users/me/password", tag = "users",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"), Unauthorized,
        (status = 422, description = "Wrong current password or a new one that is too short", body = ErrorBody),
    )
)]
pub async fn change_password(
    Api { pool, ctx }: Api,
    mut auth: AuthSession,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    let user = passwords::change_password(&pool, &ctx, &body).await?;
    crate::web::forms::start_session(&mut auth, user.into()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organization's people (admins and HR), filtered, sorted and paged.
#[utoipa::path(
    get, path = "/api/v1/users", tag = "users",
    params(
        ("page" = Option<i64>, Query, description = "1-based page number"),
        ("pageSize" = Option<i64>, Query, description = "Items per page, 1–100 (default 25)"),
        ("role" = Option<Role>, Query, description = "Only this role"),
        ("q" = Option<String>, Query, description = "Matches name or e-mail"),
        ("status" = Option<String>, Query, description = "active or inactive (default: both)"),
        ("sort" = Option<String>, Query, description = "name (default), email, role, stage, team, manager, status, lastSignInAt, createdAt"),
        ("order" = Option<String>, Query, description = "asc (default) or desc"),
    ),
    responses((status = 200, body = Page<UserView>), Unauthorized, Forbidden, Invalid)
)]
pub async fn list(Api { pool, ctx }: Api, query: RawQuery) -> Reply<Page<UserView>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let (page, page_size) = (query.int("page", &mut errors), query.int("pageSize", &mut errors));
    let role = query.get("role").and_then(|r| {
        let parsed = Role::parse(r);
        if parsed.is_none() {
            errors.push(FieldError::new("role", FieldCode::Invalid, "role must be admin, hr, manager or employee"));
        }
        parsed
    });
    let active = match query.get("status") {
        None => None,
        Some("active") => Some(true),
        Some("inactive") => Some(false),
        Some(_) => {
            errors.push(FieldError::new("status", FieldCode::Invalid, "status must be active or inactive"));
            None
        }
    };
    let sort = Sort::parse(query.get("sort"), query.get("order"), PEOPLE_SORTS).unwrap_or_else(|mut e| {
        errors.append(&mut e);
        Sort::default_of(PEOPLE_SORTS)
    });
    let request = PageRequest::parse(page, page_size).unwrap_or_else(|mut e| {
        errors.append(&mut e);
        PageRequest::default()
    });
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let filter = UserFilter { role, q: query.get("q").map(str::to_owned), active };
    Ok(Json(service::list(&pool, &ctx, &filter, sort, request).await?))
}

/// Adds a person (admins; HR for employees and managers). They have no password until they
/// use a set-password link.
#[utoipa::path(
    post, path = "/api/v1/users", tag = "users",
    request_body = PersonInput,
    responses(
        (status = 201, body = UserView), Unauthorized, Forbidden,
        (status = 422, description = "Invalid fields, a taken e-mail or a role the actor may not give", body = ErrorBody),
    )
)]
pub async fn create(Api { pool, ctx }: Api, ApiJson(body): ApiJson<PersonInput>) -> Created<UserView> {
    let user = people::create(&pool, &ctx, &body).await?;
    Ok(created(user))
}

#[utoipa::path(
    get, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserView), Unauthorized, Forbidden, NotFound)
)]
pub async fn get(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<UserView> {
    Ok(Json(people::get(&pool, &ctx, id).await?))
}

/// Edits a person: what is given changes, `null` clears stage, team or language. A stage
/// change moves their open goal sheet to the new budget (see `stage-change`).
#[utoipa::path(
    patch, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path)),
    request_body = PersonPatch,
    responses(
        (status = 200, body = UserView), Unauthorized, Forbidden, NotFound,
        (status = 409, description = "The last active admin, or a person who leads teams", body = ErrorBody),
        Invalid,
    )
)]
pub async fn update(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<PersonPatch>,
) -> Reply<UserView> {
    Ok(Json(people::update(&pool, &ctx, id, &body).await?))
}

/// Deactivates a person: they are signed out at their next request; their records stay.
#[utoipa::path(
    post, path = "/api/v1/users/{id}/deactivate", tag = "users",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = UserView), Unauthorized, Forbidden, NotFound,
        (status = 409, description = "Oneself, the last active admin, or a person who leads teams", body = ErrorBody),
    )
)]
pub async fn deactivate(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<UserView> {
    Ok(Json(people::deactivate(&pool, &ctx, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/users/{id}/reactivate", tag = "users",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserView), Unauthorized, Forbidden, NotFound)
)]
pub async fn reactivate(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<UserView> {
    Ok(Json(people::reactivate(&pool, &ctx, id).await?))
}

/// A one-time link (72 hours) with which the person sets their password; shown once.
#[utoipa::path(
    post, path = "/api/v1/users/{id}/password-link", tag = "users",
    params(("id" = Uuid, Path)),
    responses(
        (status = 201, body = PasswordLink), Unauthorized, Forbidden, NotFound,
        (status = 409, description = "The person is deactivated", body = ErrorBody),
    )
)]
pub async fn password_link(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Created<PasswordLink> {
    let link = passwords::create_link(&state.pool, &ctx, id, &state.config.public_url).await?;
    Ok(created(link))
}

/// What moving the person to `stageId` would do, before it is saved: the budgets before and
/// after and whether their open sheet would need rebalancing or go back to draft.
#[utoipa::path(
    get, path = "/api/v1/users/{id}/stage-change", tag = "users",
    params(("id" = Uuid, Path), ("stageId" = Uuid, Query)),
    responses((status = 200, body = StageChangePreview), Unauthorized, Forbidden, NotFound, Invalid)
)]
pub async fn stage_change(
    Api { pool, ctx }: Api,
    ApiPath(id): ApiPath<Uuid>,
    query: RawQuery,
) -> Reply<StageChangePreview> {
    let stage = query
        .get("stageId")
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or_else(|| AppError::validation("stageId", FieldCode::Required, "stageId must be a stage's id"))?;
    Ok(Json(people::preview_stage_change(&pool, &ctx, id, stage).await?))
}

/// Imports people from CSV (multipart `file`, at most 5 MB and 50,000 rows; columns
/// `email,name,role,stage,team,manager_email`). `dryRun=true` (the default) previews; `false`
/// applies every row or, when any row has a problem, none (422 with the same errors).
#[utoipa::path(
    post, path = "/api/v1/users/import", tag = "users",
    params(("dryRun" = Option<bool>, Query, description = "true (default): preview only")),
    request_body(content_type = "multipart/form-data", description = "The CSV as the field `file`"),
    responses(
        (status = 200, body = ImportReport), Unauthorized, Forbidden,
        (status = 411, body = ErrorBody, description = "The upload has no Content-Length"),
        (status = 413, body = ErrorBody, description = "PAYLOAD_TOO_LARGE; details = {limit}"),
        (status = 422, description = "The file has problems: nothing was imported", body = ErrorBody),
    )
)]
pub async fn import_people(
    State(state): State<AppState>,
    ApiCtx(ctx): ApiCtx,
    query: RawQuery,
    request: Request,
) -> Reply<ImportReport> {
    ctx.require(Role::can_list_users)?;
    let dry_run = match query.get("dryRun") {
        None | Some("true") => true,
        Some("false") => false,
        Some(_) => return Err(AppError::validation("dryRun", FieldCode::Invalid, "dryRun must be true or false")),
    };
    // The rows, the organization's people and the plan take a few times the file.
    let file = upload::receive(&state, &ctx, request, import::MAX_IMPORT_BYTES, 4).await?;
    let report = import::import(&state.pool, &ctx, &file.bytes, dry_run).await?;
    drop(file);
    Ok(Json(report))
}

/// Every person in the import's columns (re-importing it changes nothing).
#[utoipa::path(
    get, path = "/api/v1/users/export.csv", tag = "users",
    responses((status = 200, content_type = "text/csv", body = String), Unauthorized, Forbidden)
)]
pub async fn export(Api { pool, ctx }: Api) -> Download {
    Ok(Attachment::csv("people.csv", import::export_csv(&pool, &ctx).await?))
}

/// Sets the password with a set-password link's token and signs in.
#[utoipa::path(
    post, path = "/api/v1/auth/set-password", tag = "auth",
    request_body = crate::users::SetPasswordInput,
    responses(
        (status = 200, description = "Password set and signed in", body = UserView),
        (status = 422, description = "A password that is too short, or a link that is unknown, used or expired", body = ErrorBody),
    )
)]
pub async fn set_password(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Extension(context): Extension<RequestContext>,
    ApiJson(body): ApiJson<crate::users::SetPasswordInput>,
) -> Result<Response, AppError> {
    let user = passwords::set_password(&state.pool, &body.token, &body.password, context.request_id.as_deref()).await?;
    let user = crate::web::forms::start_session(&mut auth, user.into()).await?;
    let ctx = crate::ctx::Ctx::new(user.actor.clone(), None);
    let view = service::me(&state.pool, &ctx).await?;
    let mut response = Json(view).into_response();
    response.extensions_mut().insert(crate::web::context::ResponseUser(user.actor.user_id));
    Ok(response)
}
