//! Logging set-up: JSON lines in production, readable lines in development.

use tracing_subscriber::{fmt, prelude::*, EnvFilter};

pub fn init(production: bool) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    // `try_init` because tests may build several servers in one process.
    let _ = if production {
        registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    // The request's span, for its `request_id`; not the whole stack of spans.
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init()
    } else {
        registry.with(fmt::layer().compact()).try_init()
    };
}
