//! Per-request context: who is signed in, which language, the request id and client address.
//! Built once by middleware and read by pages, server functions and REST handlers alike.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use std::net::SocketAddr;

use crate::app::session::{Flash, SessionInfo};
use crate::auth::AuthSession;
use crate::ctx::Ctx;
use crate::domain::{Actor, Locale};
use crate::error::AppError;
use crate::state::AppState;

/// Session keys Merit stores besides axum-login's own.
pub const SIGNED_IN_AT: &str = "merit.signed_in_at";
pub const LOCALE: &str = "merit.locale";
pub const FLASH: &str = "merit.flash";

#[derive(Debug, Clone)]
pub struct RequestContext {
    pub request_id: Option<String>,
    pub actor: Option<Actor>,
    pub locale: Locale,
    pub ip: String,
    pub flash: Option<Flash>,
    pub path: String,
}

impl RequestContext {
    pub fn ctx(&self) -> Option<Ctx> {
        self.actor
            .clone()
            .map(|actor| Ctx::new(actor, self.request_id.clone()))
    }

    pub fn require_ctx(&self) -> Result<Ctx, AppError> {
        self.ctx().ok_or(AppError::Unauthenticated)
    }

    pub fn session_info(&self) -> SessionInfo {
        SessionInfo {
            user: self.actor.clone(),
            locale: self.locale,
            flash: self.flash,
            path: self.path.clone(),
        }
    }
}

/// The id set by the request-id layer (echoed from the client or generated).
pub fn request_id(req: &Request) -> Option<String> {
    req.headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn client_ip(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The user id of a response, for the request log line.
#[derive(Clone, Copy, Debug)]
pub struct ResponseUser(pub uuid::Uuid);

/// Resolves the signed-in user (ending sessions past their absolute lifetime), the language
/// (saved preference, then the session's choice, then `Accept-Language`) and a pending flash.
pub async fn resolve(
    State(state): State<AppState>,
    mut auth: AuthSession,
    mut req: Request,
    next: Next,
) -> Response {
    let mut actor = auth.user.as_ref().map(|u| u.actor.clone());
    if actor.is_some() {
        let signed_in_at: Option<i64> = auth.session.get(SIGNED_IN_AT).await.ok().flatten();
        let max_age = state.config.session_absolute.as_secs() as i64;
        let expired = signed_in_at.is_none_or(|t| Utc::now().timestamp() - t > max_age);
        if expired {
            if let Err(e) = auth.logout().await {
                tracing::warn!(error = %e, "could not end an expired session");
            }
            actor = None;
        }
    }
    let session_locale: Option<Locale> = auth.session.get(LOCALE).await.ok().flatten();
    let browser_locale = || {
        req.headers()
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Locale::from_accept_language)
            .unwrap_or_default()
    };
    let locale = actor
        .as_ref()
        .and_then(|a| a.locale)
        .or(session_locale)
        .unwrap_or_else(browser_locale);
    let path = req.uri().path().to_owned();
    // A flash belongs to the next page, not to assets or API calls made meanwhile.
    let is_page = req.method() == axum::http::Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/");
    let flash = if is_page {
        auth.session.remove::<Flash>(FLASH).await.ok().flatten()
    } else {
        None
    };
    let context = RequestContext {
        request_id: request_id(&req),
        actor: actor.clone(),
        locale,
        ip: client_ip(&req, state.config.trust_proxy),
        flash,
        path: req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or(path),
    };
    req.extensions_mut().insert(context);
    let mut response = next.run(req).await;
    if let Some(actor) = actor {
        response
            .extensions_mut()
            .insert(ResponseUser(actor.user_id));
    }
    response
}

/// For server functions: the app state and the signed-in actor, or 401.
pub fn server_fn_ctx() -> Result<(AppState, Ctx), AppError> {
    let state = leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!("AppState missing from the Leptos context"))
    })?;
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>().ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!(
            "request parts missing from the Leptos context"
        ))
    })?;
    let context = parts
        .extensions
        .get::<RequestContext>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request context missing")))?;
    Ok((state, context.require_ctx()?))
}

/// Gives pages the session info of the request they render.
pub fn provide_session_info() {
    if let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() {
        if let Some(context) = parts.extensions.get::<RequestContext>() {
            leptos::prelude::provide_context(context.session_info());
        }
    }
}
