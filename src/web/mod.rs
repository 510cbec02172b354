//! The HTTP server: one router for pages, server functions, form posts, the REST API, health and
//! metrics, wrapped in request ids, logging/metrics, the Origin check, sessions and sign-in.

pub mod api;
pub mod context;
pub mod cors;
pub mod error_format;
pub mod forms;
pub mod guard;
pub mod headers;
pub mod input;
pub mod limits;
pub mod observe;
pub mod origin;
pub mod rate_limit;
pub mod request_id;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use crate::app::{shell, App};
use crate::auth::Backend;
use crate::config::Config;
use crate::state::AppState;

/// Builds the state from a ready pool (migrations applied) and the configuration.
pub fn state(pool: sqlx::PgPool, config: Config, leptos_options: LeptosOptions) -> AppState {
    // The first sign-in for an unknown e-mail must not be the one that computes the dummy hash.
    crate::auth::password::warm_up();
    AppState {
        pool,
        rate_limits: Arc::new(rate_limit::Limiter::new(config.rate_limit_per_minute)),
        upload_budget: Arc::new(limits::UploadBudget::new(config.upload_memory_mib)),
        outages: Arc::default(),
        config: Arc::new(config),
        leptos_options,
        metrics: observe::metrics_handle(),
    }
}

fn session_key(config: &Config) -> Key {
    match &config.session_key {
        Some(bytes) => Key::from(bytes),
        None => {
            tracing::warn!(
                "MERIT_SESSION_KEY is not set: using a generated demo key; sessions end when the server restarts"
            );
            Key::generate()
        }
    }
}

/// The whole application as a router, ready for `axum::serve` or for tests' `oneshot`.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let store = crate::auth::session_store::Store::new(state.pool.clone(), state.outages.clone());
    let idle = time::Duration::seconds(config.session_idle.as_secs() as i64);
    let sessions = SessionManagerLayer::new(store)
        .with_name("merit.sid")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(idle))
        .with_signed(session_key(&config));
    let auth = AuthManagerLayerBuilder::new(
        Backend::new(state.pool.clone(), config.throttle, state.outages.clone()),
        sessions,
    )
    .build();

    let routes = generate_route_list(App);
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context::provide_session_info, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .route_layer(from_fn(guard::require_sign_in));

    Router::new()
        .merge(pages)
        .merge(forms::routes())
        .merge(match cors::layer(&state.config.cors_origins) {
            Some(cors) => api::routes().layer(cors),
            None => api::routes(),
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context::provide_session_info, shell))
        // Innermost first: each request meets these from the bottom up.
        .layer(from_fn_with_state(state.clone(), limits::apply))
        .layer(from_fn(input::refuse_nul))
        .layer(from_fn_with_state(state.clone(), rate_limit::limit))
        .layer(from_fn_with_state(state.clone(), context::resolve))
        .layer(auth)
        .layer(from_fn_with_state(state.clone(), origin::same_origin))
        .layer(from_fn_with_state(state.clone(), error_format::normalize))
        .layer(from_fn_with_state(state.clone(), headers::secure))
        // Pages, JSON and CSV compressed on the way out (quality 4: most of the gain for little
        // CPU); the built files are served already compressed (`--precompress`) and pass as they are.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(from_fn(observe::observe))
        // Inside the id layer: every log line the request causes is written in its span.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(observe::request_span)
                .on_request(())
                .on_response(())
                .on_body_chunk(())
                .on_eos(())
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(from_fn(request_id::drop_unacceptable))
        .with_state(state)
}

/// Deletes expired sessions and old sign-in attempts, and forgets idle rate-limit counters,
/// every few minutes.
fn spawn_housekeeping(state: AppState) {
    let (pool, rate_limits, upload_budget) =
        (state.pool.clone(), state.rate_limits.clone(), state.upload_budget.clone());
    use tower_sessions::session_store::ExpiredDeletion;
    tokio::spawn(async move {
        let store = PostgresStore::new(pool.clone());
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            rate_limits.forget_idle();
            upload_budget.forget_idle();
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions failed");
            }
            match pool.acquire().await {
                Ok(mut conn) => {
                    if let Err(e) = crate::auth::throttle::prune(&mut conn).await {
                        tracing::warn!(error = ?e, "pruning sign-in attempts failed");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "housekeeping could not reach the database"),
            }
        }
    });
}

/// Reads the configuration, prepares the database and serves until SIGINT/SIGTERM.
pub async fn serve() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    crate::telemetry::init(config.production);
    tracing::info!(?config, "starting Merit");
    let leptos_options = match leptos::config::get_configuration(Some("Leptos.toml")) {
        Ok(conf) => conf.leptos_options,
        Err(_) => leptos::config::get_configuration(None)?.leptos_options,
    };
    let pool = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&pool).await?;
    if config.demo_data {
        let created = crate::seed::load_demo(&pool).await?;
        tracing::info!(created, "demo data checked");
    }
    startup_checks(&pool, &config).await?;
    let addr = leptos_options.site_addr;
    let state = state(pool, config, leptos_options);
    spawn_housekeeping(state.clone());
    crate::competitions::rescoring::spawn_worker(state.pool.clone());
    crate::competitions::bands::spawn_worker(state.pool.clone());
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Refuses to serve a production site that would let anyone in with the demo password:
/// demo accounts may exist only while demo mode is on.
pub async fn startup_checks(pool: &sqlx::PgPool, config: &Config) -> anyhow::Result<()> {
    if config.demo_data {
        return Ok(());
    }
    let demo = sqlx::query_scalar!(
        "SELECT email FROM users WHERE email = ANY($1) AND active ORDER BY email LIMIT 3",
        crate::seed::demo_emails() as _,
    )
    .fetch_all(pool)
    .await?;
    if demo.is_empty() {
        return Ok(());
    }
    let message = format!(
        "demo accounts exist ({}…) while MERIT_DEMO is off; they sign in with the published demo \
         password. Start with MERIT_DEMO=1, or deactivate them (UPDATE users SET active = false \
         WHERE email LIKE '%@demo.test' OR email LIKE '%@other.test')",
        demo.join(", ")
    );
    if config.production {
        anyhow::bail!(message);
    }
    tracing::warn!("{message}");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_dummy_password_hash_is_ready_before_the_first_request() {
        let pool = sqlx::PgPool::connect_lazy("postgres://nobody@127.0.0.1:1/none").expect("a lazy pool");
        let options = leptos::config::LeptosOptions::builder().output_name("merit").build();
        super::state(pool, crate::config::Config::for_database("postgres://unused"), options);
        assert!(crate::auth::password::is_warm());
    }
}
