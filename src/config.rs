//! Server configuration, read once from the environment (every variable is in the README).

use std::time::Duration;

use anyhow::{bail, Context};

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    /// `production` logs JSON lines and expects real secrets; `development` logs readable lines.
    pub production: bool,
    /// Origins (scheme://host[:port]) whose state-changing requests are accepted, besides the
    /// request's own Host.
    pub allowed_origins: Vec<String>,
    /// 64+ bytes used to sign the session cookie; `None` means a throwaway demo key.
    pub session_key: Option<Vec<u8>>,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// Send cookies with `Secure` (set when Merit is served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Load the demo organizations and accounts at start-up when they are missing.
    pub demo_data: bool,
    pub throttle: ThrottleConfig,
    /// Largest accepted competition upload (prediction or answer-key file), in bytes.
    pub max_upload_bytes: usize,
}

/// Sign-in throttling: failures counted over a sliding window.
#[derive(Clone, Copy, Debug)]
pub struct ThrottleConfig {
    pub window: Duration,
    pub per_account: i64,
    pub per_address: i64,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_address: 20,
        }
    }
}

impl std::fmt::Debug for Config {
    // Hand-written so the database password and the cookie key never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("production", &self.production)
            .field("allowed_origins", &self.allowed_origins)
            .field("session_key", &self.session_key.as_ref().map(|_| "<set>"))
            .field("session_idle", &self.session_idle)
            .field("session_absolute", &self.session_absolute)
            .field("secure_cookies", &self.secure_cookies)
            .field("trust_proxy", &self.trust_proxy)
            .field("demo_data", &self.demo_data)
            .field("throttle", &self.throttle)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .finish_non_exhaustive()
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn flag(name: &str, default: bool) -> anyhow::Result<bool> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => bail!("{name} must be true or false, not {other:?}"),
    }
}

fn minutes(name: &str, default: u64) -> anyhow::Result<Duration> {
    let value = match var(name) {
        None => default,
        Some(v) => v
            .parse::<u64>()
            .with_context(|| format!("{name} must be a number of minutes"))?,
    };
    if value == 0 {
        bail!("{name} must be at least 1 minute");
    }
    Ok(Duration::from_secs(value * 60))
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        use base64::Engine;
        let database_url = var("DATABASE_URL").context("DATABASE_URL must be set")?;
        let production = matches!(var("MERIT_ENV").as_deref(), Some("production" | "prod"));
        let session_key = match var("MERIT_SESSION_KEY") {
            None => None,
            Some(encoded) => {
                let key = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .context("MERIT_SESSION_KEY must be base64")?;
                if key.len() < 64 {
                    bail!("MERIT_SESSION_KEY must decode to at least 64 bytes");
                }
                Some(key)
            }
        };
        let allowed_origins = var("MERIT_ALLOWED_ORIGINS")
            .map(|v| {
                v.split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_owned())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Config {
            database_url,
            production,
            allowed_origins,
            session_key,
            session_idle: minutes("MERIT_SESSION_IDLE_MINUTES", 120)?,
            session_absolute: minutes("MERIT_SESSION_ABSOLUTE_MINUTES", 12 * 60)?,
            secure_cookies: flag("MERIT_SECURE_COOKIES", false)?,
            trust_proxy: flag("MERIT_TRUST_PROXY", false)?,
            demo_data: flag("MERIT_DEMO", false)?,
            throttle: ThrottleConfig::default(),
            max_upload_bytes: match var("MERIT_MAX_UPLOAD_BYTES") {
                None => crate::competitions::validation::DEFAULT_MAX_BYTES,
                Some(v) => v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .context("MERIT_MAX_UPLOAD_BYTES must be a positive number of bytes")?,
            },
        })
    }

    /// A configuration for tests and tools: development mode, defaults everywhere.
    pub fn for_database(database_url: impl Into<String>) -> Config {
        Config {
            database_url: database_url.into(),
            production: false,
            allowed_origins: Vec::new(),
            session_key: None,
            session_idle: Duration::from_secs(120 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            secure_cookies: false,
            trust_proxy: false,
            demo_data: false,
            throttle: ThrottleConfig::default(),
            max_upload_bytes: crate::competitions::validation::DEFAULT_MAX_BYTES,
        }
    }
}
