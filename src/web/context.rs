//! Per-request context: who is signed in, which language, the request id and client address.
//! Built once by middleware and read by pages, server functions and REST handlers alike.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use std::net::{IpAddr, SocketAddr};

use crate::app::session::{Flash, SessionInfo};
use crate::auth::AuthSession;
use crate::ctx::Ctx;
use crate::domain::{Actor, Locale};
use crate::error::AppError;
use crate::state::AppState;

/// Session keys Merit stores besides axum-login's own.
pub const SIGNED_IN_AT: &str = "merit.signed_in_at";
pub const FLASH: &str = "merit.flash";
/// When a signed-in session last had its idle expiry pushed back.
pub const SEEN_AT: &str = "merit.seen_at";
/// The cookie that remembers a language choice (no session needed).
pub const LOCALE_COOKIE: &str = "merit.lang";

/// `Set-Cookie` value for a language choice, kept for a year.
pub fn locale_cookie(locale: Locale, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", locale.as_str())
}

/// The language a `merit.lang` cookie names, if any.
fn cookie_locale(req: &Request) -> Option<Locale> {
    req.headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LOCALE_COOKIE)
        .and_then(|(_, value)| Locale::parse(value))
}

#[derive(Debug, Clone)]
pub struct RequestContext {
    pub request_id: Option<String>,
    pub actor: Option<Actor>,
    pub locale: Locale,
    pub ip: String,
    pub flash: Option<Flash>,
    pub path: String,
    pub demo: bool,
    pub unread: i64,
}

impl RequestContext {
    pub fn ctx(&self) -> Option<Ctx> {
        self.actor.clone().map(|actor| Ctx::new(actor, self.request_id.clone()))
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
            demo: self.demo,
            unread: self.unread,
        }
    }
}

/// The id set by the request-id layer (echoed from the client or generated).
pub fn request_id(req: &Request) -> Option<String> {
    req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// The client's address: the peer, or behind `hops` trusted proxies the `X-Forwarded-For`
/// entry the outermost proxy wrote (the `hops`-th from the right). Entries to its left were
/// sent by the client and prove nothing; an entry that is not an IP address is not believed.
pub fn client_ip(peer: Option<IpAddr>, forwarded_for: &[&str], hops: usize) -> String {
    let peer = || peer.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    if hops == 0 {
        return peer();
    }
    let entries: Vec<&str> =
        forwarded_for.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|e| !e.is_empty()).collect();
    let Some(entry) = entries.len().checked_sub(hops).and_then(|i| entries.get(i)).or(entries.first()) else {
        return peer();
    };
    let bare = entry.trim_start_matches('[').split(']').next().unwrap_or(entry);
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => peer(),
    }
}

fn request_ip(req: &Request, hops: usize) -> String {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let forwarded: Vec<&str> =
        req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    client_ip(peer, &forwarded, hops)
}

/// The user id of a response, for the request log line.
#[derive(Clone, Copy, Debug)]
pub struct ResponseUser(pub uuid::Uuid);

/// Resolves the signed-in user (ending sessions past their absolute lifetime), the language
/// (saved preference, then the session's choice, then `Accept-Language`) and a pending flash.
pub async fn resolve(State(state): State<AppState>, mut auth: AuthSession, mut req: Request, next: Next) -> Response {
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
    if actor.is_some() {
        keep_alive(&auth, state.config.session_idle).await;
    }
    let chosen_locale = cookie_locale(&req);
    let browser_locale = || {
        req.headers()
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Locale::from_accept_language)
            .unwrap_or_default()
    };
    let locale = actor.as_ref().and_then(|a| a.locale).or(chosen_locale).unwrap_or_else(browser_locale);
    let path = req.uri().path().to_owned();
    // A flash belongs to the next page, not to assets or API calls made meanwhile.
    let is_page = req.method() == axum::http::Method::GET && !path.starts_with("/api/") && !path.starts_with("/pkg/");
    let flash = if is_page { auth.session.remove::<Flash>(FLASH).await.ok().flatten() } else { None };
    // The header's bell counts unread notifications on every page.
    let unread = match &actor {
        Some(actor) if is_page => {
            let ctx = Ctx::new(actor.clone(), None);
            crate::notifications::service::unread_count(&state.pool, &ctx).await.unwrap_or_else(|e| {
                tracing::warn!(error = %e, "could not count unread notifications");
                0
            })
        }
        _ => 0,
    };
    let context = RequestContext {
        request_id: request_id(&req),
        actor: actor.clone(),
        locale,
        ip: request_ip(&req, state.config.proxy_hops),
        flash,
        path: req.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or(path),
        demo: state.config.demo_data,
        unread,
    };
    req.extensions_mut().insert(context);
    let mut response = next.run(req).await;
    if let Some(actor) = actor {
        response.extensions_mut().insert(ResponseUser(actor.user_id));
    }
    response
}

/// Pushes a signed-in session's idle expiry back. Saving the session is what moves it, so it is
/// saved when a good part of the idle time has passed since the last push (at most once a
/// minute): API and server-function users stay signed in while they work.
async fn keep_alive(auth: &AuthSession, idle: std::time::Duration) {
    let every = (idle.as_secs() / 4).clamp(1, 60) as i64;
    let now = Utc::now().timestamp();
    let seen: Option<i64> = auth.session.get(SEEN_AT).await.ok().flatten();
    if seen.is_none_or(|t| now - t >= every) {
        if let Err(e) = auth.session.insert(SEEN_AT, now).await {
            tracing::warn!(error = %e, "could not extend a session");
        }
    }
}

/// For server functions: the app state and the signed-in actor, or 401.
pub fn server_fn_ctx() -> Result<(AppState, Ctx), AppError> {
    let state = leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState missing from the Leptos context")))?;
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request parts missing from the Leptos context")))?;
    let context = parts
        .extensions
        .get::<RequestContext>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request context missing")))?;
    Ok((state, context.require_ctx()?))
}

/// Gives pages the session info of the request they render.
/// Also hands Leptos the request's script nonce, the one its Content-Security-Policy names.
pub fn provide_session_info() {
    if let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() {
        if let Some(context) = parts.extensions.get::<RequestContext>() {
            leptos::prelude::provide_context(context.session_info());
        }
        if let Some(super::headers::CspNonce(nonce)) = parts.extensions.get() {
            leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce.as_str()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::client_ip;

    #[test]
    fn the_outermost_trusted_proxy_names_the_client() {
        let peer = Some("192.0.2.1".parse().unwrap());
        assert_eq!(client_ip(peer, &["1.1.1.1, 10.0.0.9"], 1), "10.0.0.9");
        assert_eq!(client_ip(peer, &["1.1.1.1, 10.0.0.9, 10.0.0.8"], 2), "10.0.0.9");
        assert_eq!(client_ip(peer, &["1.1.1.1", "10.0.0.9"], 1), "10.0.0.9");
        assert_eq!(client_ip(peer, &["[2001:db8::1]"], 1), "2001:db8::1");
        // Not trusted, not an address, or absent: the peer.
        assert_eq!(client_ip(peer, &["10.0.0.9"], 0), "192.0.2.1");
        assert_eq!(client_ip(peer, &["10.0.0.9, <script>"], 1), "192.0.2.1");
        assert_eq!(client_ip(peer, &[], 1), "192.0.2.1");
        assert_eq!(client_ip(None, &[], 1), "unknown");
    }
}
