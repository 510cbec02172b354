//! Compiles the texts in `locales/` into the `i18n` module (leptos_i18n), and rebuilds the
//! crate when a migration is added or changed: `sqlx::migrate!` embeds the `migrations/`
//! folder at compile time, and cargo does not otherwise watch it.
use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // Messages with placeholders are filled into strings (attributes, toasts), not views.
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("en")?.add_locale("ja")?.parse_options(options);
    let texts = TranslationsInfos::parse(config)?;
    texts.emit_diagnostics();
    texts.rerun_if_locales_changed();
    texts.generate_i18n_module(out)?;
    Ok(())
}
