//! `/api/v1/notifications`: the reader's own notifications, newest first, with the unread count;
//! marking one or all as read.

use axum::Json;
use uuid::Uuid;

use super::extract::{Api, ApiPath, RawQuery};
use super::responses::{Invalid, NotFound, Reply, Unauthorized};
use crate::domain::FieldCode;
use crate::error::AppError;
use crate::notifications::{service, MarkedRead, Notification, NotificationPage};

/// A page of the reader's notifications and how many are unread; `unread=true` lists only those.
#[utoipa::path(
    get, path = "/api/v1/notifications", tag = "notifications",
    params(("unread" = Option<bool>, Query, description = "true: only the unread ones"),
           ("sort" = Option<String>, Query, description = "createdAt (default: newest first)"),
           ("order" = Option<String>, Query, description = "asc (default) or desc"),
           ("page" = Option<u32>, Query), ("pageSize" = Option<u32>, Query)),
    responses((status = 200, body = NotificationPage), Unauthorized, Invalid)
)]
pub async fn list(Api { pool, ctx }: Api, query: RawQuery) -> Reply<NotificationPage> {
    let page = query.page_request()?;
    let unread = match query.get("unread") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(AppError::validation("unread", FieldCode::Invalid, "unread must be true or false")),
    };
    let sort = query.sort(service::NOTIFICATION_SORTS)?;
    Ok(Json(service::list(&pool, &ctx, unread, sort, page).await?))
}

/// Marks one notification as read (again is fine); someone else's is not found.
#[utoipa::path(
    post, path = "/api/v1/notifications/{id}/read", tag = "notifications", params(("id" = Uuid, Path)),
    responses((status = 200, body = Notification), Unauthorized, NotFound)
)]
pub async fn read(Api { pool, ctx }: Api, ApiPath(id): ApiPath<Uuid>) -> Reply<Notification> {
    Ok(Json(service::mark_read(&pool, &ctx, id).await?))
}

/// Marks every notification of the reader as read.
#[utoipa::path(
    post, path = "/api/v1/notifications/read-all", tag = "notifications",
    responses((status = 200, body = MarkedRead), Unauthorized)
)]
pub async fn read_all(Api { pool, ctx }: Api) -> Reply<MarkedRead> {
    Ok(Json(service::mark_all_read(&pool, &ctx).await?))
}
