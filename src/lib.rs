//! Merit: goals with stage budgets, recognition nominations and internal competitions.
//!
//! `src/` holds the server (`web`), the services (one folder per feature) and the pure domain
//! rules; `app/` holds the Leptos UI, mounted here as modules of the same crate so pages, server
//! functions and islands share the domain types directly.

// Leptos view types nest deeply; the default limit is too small for the larger pages.
#![recursion_limit = "256"]

pub mod audit;
pub mod competitions;
pub mod domain;
pub mod goals;
pub mod home;
pub mod nominations;
pub mod notifications;
pub mod periods;
pub mod stages;
pub mod teams;
pub mod users;

#[path = "../app/mod.rs"]
pub mod app;
pub use app::{components, format, i18n, islands, pages, server_fns, session};

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod ctx;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod telemetry;
#[cfg(feature = "ssr")]
pub mod web;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
