//! Pages need a signed-in user: visitors are sent to `/login?next=…` and come back after;
//! signed-in users who open `/login` go straight on to `next`. Server functions (all of them
//! act for someone) answer a visitor 401 before their arguments are even decoded.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::context::RequestContext;
use crate::domain::redirect::safe_next;

/// Pages anyone may see.
const PUBLIC_PAGES: &[&str] = &["/login", "/set-password"];

pub async fn require_sign_in(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // Server functions answer 401 themselves; only pages redirect.
    let is_page = !path.starts_with("/api/") && !PUBLIC_PAGES.contains(&path);
    let signed_in = req.extensions().get::<RequestContext>().is_some_and(|c| c.actor.is_some());
    if path == "/login" && signed_in {
        let query = req.uri().query().unwrap_or("");
        let next = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "next").map(|(_, v)| v.into_owned());
        return Redirect::to(next.as_deref().and_then(safe_next).unwrap_or("/")).into_response();
    }
    if super::error_format::is_server_fn(path) && !signed_in {
        return super::error_format::respond(path, crate::error::AppError::Unauthenticated);
    }
    if is_page && !signed_in {
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let next: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    next.run(req).await
}
