//! The notification list's server function: a thin adapter over the notifications service.

use leptos::prelude::*;

use crate::app::error::PageError;
use crate::notifications::NotificationPage;

#[server(endpoint = "notifications/list")]
pub async fn list_notifications(page: u32) -> Result<NotificationPage, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    let page = crate::domain::PageRequest { page: page.max(1), page_size: 25 };
    Ok(crate::notifications::service::list(&state.pool, &ctx, false, None, page).await?)
}
