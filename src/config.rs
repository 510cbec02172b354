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
    /// Origins (scheme://host[:port]) other sites' pages may call the API from with the session
    /// cookie (CORS with credentials); empty: CORS is off. They may also send state-changing
    /// requests.
    pub cors_origins: Vec<String>,
    /// 64+ bytes used to sign the session cookie; `None` means a throwaway demo key.
    pub session_key: Option<Vec<u8>>,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// Send cookies with `Secure` (set when Merit is served over HTTPS).
    pub secure_cookies: bool,
    /// Reverse proxies in front of Merit that append to `X-Forwarded-For`; the client address is
    /// the entry the outermost of them wrote. 0: the header is ignored.
    pub proxy_hops: usize,
    /// Load the demo organizations and accounts at start-up when they are missing.
    pub demo_data: bool,
    pub throttle: ThrottleConfig,
    /// Largest accepted competition upload (prediction or answer-key file), in bytes.
    pub max_upload_bytes: usize,
    /// Memory all uploads being read and checked at one time may take, in MiB.
    pub upload_memory_mib: u32,
    /// Requests per minute one signed-in user (or one address, signed out) may make to the API,
    /// server functions and form posts.
    pub rate_limit_per_minute: u32,
    /// How long a request may take before it is answered with 503.
    pub request_timeout: Duration,
    /// How long an upload may take (sending the file included).
    pub upload_timeout: Duration,
    /// Bearer token `/metrics` asks for; in production `/metrics` needs one.
    pub metrics_token: Option<String>,
    /// Where people reach Merit (`MERIT_PUBLIC_URL`), for the links Merit hands out; by default
    /// `http://` and the address the server listens on.
    pub public_url: String,
}

/// Requests per minute per user or address, unless `MERIT_RATE_LIMIT_PER_MINUTE` says otherwise.
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 600;
/// The address in `Leptos.toml`, when `LEPTOS_SITE_ADDR` does not say otherwise.
const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";

/// Sign-in throttling: failed attempts counted over a sliding window.
#[derive(Clone, Copy, Debug)]
pub struct ThrottleConfig {
    pub window: Duration,
    /// Failures for one account from one address (since the account's last success).
    pub per_account_and_address: i64,
    /// Failures from one address, whichever accounts they name.
    pub per_address: i64,
    /// Failures for one account from all addresses together (since its last success): a
    /// guesser spread over many addresses is slowed, while one address cannot lock the owner out.
    pub per_account: i64,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            window: Duration::from_secs(15 * 60),
            per_account_and_address: 5,
            per_address: 20,
            per_account: 50,
        }
    }
}

impl std::fmt::Debug for Config {
    // Hand-written so the database password and the cookie key never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("production", &self.production)
            .field("public_url", &self.public_url)
            .field("allowed_origins", &self.allowed_origins)
            .field("session_key", &self.session_key.as_ref().map(|_| "<set>"))
            .field("session_idle", &self.session_idle)
            .field("session_absolute", &self.session_absolute)
            .field("secure_cookies", &self.secure_cookies)
            .field("proxy_hops", &self.proxy_hops)
            .field("demo_data", &self.demo_data)
            .field("throttle", &self.throttle)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("upload_memory_mib", &self.upload_memory_mib)
            .field("rate_limit_per_minute", &self.rate_limit_per_minute)
            .field("request_timeout", &self.request_timeout)
            .field("upload_timeout", &self.upload_timeout)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

/// Reads variables through `lookup`, so tests can hand in their own environment.
struct Vars<F: Fn(&str) -> Option<String>>(F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn flag(&self, name: &str, default: bool) -> anyhow::Result<bool> {
        match self.get(name).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(other) => bail!("{name} must be true or false, not {other:?}"),
        }
    }

    fn number(&self, name: &str, default: u64, unit: &str) -> anyhow::Result<u64> {
        let value = match self.get(name) {
            None => default,
            Some(v) => v.parse::<u64>().with_context(|| format!("{name} must be a number of {unit}"))?,
        };
        if value == 0 {
            bail!("{name} must be at least 1");
        }
        Ok(value)
    }

    fn minutes(&self, name: &str, default: u64) -> anyhow::Result<Duration> {
        Ok(Duration::from_secs(self.number(name, default, "minutes")? * 60))
    }

    fn seconds(&self, name: &str, default: u64) -> anyhow::Result<Duration> {
        Ok(Duration::from_secs(self.number(name, default, "seconds")?))
    }
}

/// How `MERIT_SESSION_KEY` is made, for the message that asks for it.
const SESSION_KEY_HELP: &str = "set MERIT_SESSION_KEY to base64 of 64 random bytes, e.g. `openssl rand -base64 64`";

/// Where people reach Merit, for the links it hands out: `MERIT_PUBLIC_URL`, else `http://` and
/// the address the server listens on (`LEPTOS_SITE_ADDR`). The command line reads only this.
pub fn public_url(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<String> {
    Ok(match lookup("MERIT_PUBLIC_URL").filter(|v| !v.trim().is_empty()) {
        Some(url) => {
            let url = url.trim().trim_end_matches('/').to_owned();
            let scheme = url.starts_with("https://") || url.starts_with("http://");
            if !scheme || url.contains(['?', '#']) {
                bail!("MERIT_PUBLIC_URL must be an http(s) address like https://merit.example.com");
            }
            url
        }
        None => format!("http://{}", lookup("LEPTOS_SITE_ADDR").unwrap_or_else(|| DEFAULT_SITE_ADDR.to_owned())),
    })
}

/// `MERIT_CORS_ORIGINS`: exact origins, comma-separated. A wildcard cannot carry credentials and
/// a path is not an origin, so both are refused rather than silently ignored.
fn cors_origins(value: &str) -> anyhow::Result<Vec<String>> {
    value
        .split(',')
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .map(|origin| {
            let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
            match host {
                Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', '*', ' ']) => Ok(origin.to_owned()),
                _ => bail!(
                    "MERIT_CORS_ORIGINS lists exact origins like https://app.example.com (no path, no *); got {origin:?}"
                ),
            }
        })
        .collect()
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// The configuration from variables looked up by name (see the README's table).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        use base64::Engine;
        let vars = Vars(lookup);
        let database_url = vars.get("DATABASE_URL").context("DATABASE_URL must be set")?;
        let production = matches!(vars.get("MERIT_ENV").as_deref(), Some("production" | "prod"));
        let session_key = match vars.get("MERIT_SESSION_KEY") {
            None if production => {
                bail!("MERIT_SESSION_KEY is required in production: {SESSION_KEY_HELP}")
            }
            None => None,
            Some(encoded) => {
                let key = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .with_context(|| format!("MERIT_SESSION_KEY must be base64: {SESSION_KEY_HELP}"))?;
                if key.len() < 64 {
                    bail!("MERIT_SESSION_KEY must decode to at least 64 bytes: {SESSION_KEY_HELP}");
                }
                Some(key)
            }
        };
        let allowed_origins = vars
            .get("MERIT_ALLOWED_ORIGINS")
            .map(|v| {
                v.split(',').map(|o| o.trim().trim_end_matches('/').to_owned()).filter(|o| !o.is_empty()).collect()
            })
            .unwrap_or_default();
        let cors_origins = cors_origins(vars.get("MERIT_CORS_ORIGINS").as_deref().unwrap_or(""))?;
        let proxy_hops = match vars.get("MERIT_TRUST_PROXY").as_deref() {
            None | Some("0" | "false" | "no" | "off") => 0,
            Some("true" | "yes" | "on") => 1,
            Some(n) => n
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= 10)
                .context("MERIT_TRUST_PROXY must be false, true or the number of proxies (1–10)")?,
        };
        let metrics_token = vars.get("MERIT_METRICS_TOKEN");
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            bail!("MERIT_METRICS_TOKEN must be at least 16 characters");
        }
        let public_url = public_url(&vars.0)?;
        Ok(Config {
            public_url,
            database_url,
            production,
            allowed_origins,
            cors_origins,
            session_key,
            session_idle: vars.minutes("MERIT_SESSION_IDLE_MINUTES", 120)?,
            session_absolute: vars.minutes("MERIT_SESSION_ABSOLUTE_MINUTES", 12 * 60)?,
            // Production is served over HTTPS unless the operator says otherwise.
            secure_cookies: vars.flag("MERIT_SECURE_COOKIES", production)?,
            proxy_hops,
            demo_data: vars.flag("MERIT_DEMO", false)?,
            throttle: ThrottleConfig::default(),
            max_upload_bytes: match vars.get("MERIT_MAX_UPLOAD_BYTES") {
                None => crate::competitions::validation::DEFAULT_MAX_BYTES,
                Some(v) => v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .context("MERIT_MAX_UPLOAD_BYTES must be a positive number of bytes")?,
            },
            upload_memory_mib: u32::try_from(vars.number("MERIT_UPLOAD_MEMORY_MIB", 160, "MiB")?)
                .context("MERIT_UPLOAD_MEMORY_MIB is too large")?,
            rate_limit_per_minute: u32::try_from(vars.number(
                "MERIT_RATE_LIMIT_PER_MINUTE",
                u64::from(DEFAULT_RATE_LIMIT_PER_MINUTE),
                "requests",
            )?)
            .context("MERIT_RATE_LIMIT_PER_MINUTE is too large")?,
            request_timeout: vars.seconds("MERIT_REQUEST_TIMEOUT_SECONDS", 30)?,
            upload_timeout: vars.seconds("MERIT_UPLOAD_TIMEOUT_SECONDS", 300)?,
            metrics_token,
        })
    }

    /// A configuration for tests and tools: development mode, defaults everywhere.
    pub fn for_database(database_url: impl Into<String>) -> Config {
        Config {
            database_url: database_url.into(),
            production: false,
            allowed_origins: Vec::new(),
            cors_origins: Vec::new(),
            session_key: None,
            session_idle: Duration::from_secs(120 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            secure_cookies: false,
            proxy_hops: 0,
            demo_data: false,
            throttle: ThrottleConfig::default(),
            max_upload_bytes: crate::competitions::validation::DEFAULT_MAX_BYTES,
            upload_memory_mib: 160,
            rate_limit_per_minute: DEFAULT_RATE_LIMIT_PER_MINUTE,
            request_timeout: Duration::from_secs(30),
            upload_timeout: Duration::from_secs(300),
            metrics_token: None,
            public_url: format!("http://{DEFAULT_SITE_ADDR}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let vars: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .chain([("DATABASE_URL".to_owned(), "postgres://db/merit".to_owned())])
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";

    #[test]
    fn production_needs_a_session_key_and_says_how_to_make_one() {
        let error = config(&[("MERIT_ENV", "production")]).unwrap_err().to_string();
        assert!(error.contains("MERIT_SESSION_KEY"), "{error}");
        assert!(error.contains("openssl rand -base64 64"), "{error}");
        assert!(config(&[("MERIT_ENV", "production"), ("MERIT_SESSION_KEY", KEY)]).is_ok());
        let short = config(&[("MERIT_SESSION_KEY", "c2hvcnQ=")]).unwrap_err().to_string();
        assert!(short.contains("64 bytes"), "{short}");
    }

    #[test]
    fn production_cookies_are_secure_unless_turned_off() {
        let prod = config(&[("MERIT_ENV", "production"), ("MERIT_SESSION_KEY", KEY)]).unwrap();
        assert!(prod.secure_cookies);
        let plain =
            config(&[("MERIT_ENV", "production"), ("MERIT_SESSION_KEY", KEY), ("MERIT_SECURE_COOKIES", "0")]).unwrap();
        assert!(!plain.secure_cookies);
        assert!(!config(&[]).unwrap().secure_cookies);
    }

    #[test]
    fn cors_is_off_by_default_and_takes_exact_origins_only() {
        assert!(config(&[]).unwrap().cors_origins.is_empty());
        let two = config(&[("MERIT_CORS_ORIGINS", "https://app.example, http://localhost:5173/")]).unwrap();
        assert_eq!(two.cors_origins, ["https://app.example", "http://localhost:5173"]);
        for bad in ["*", "https://*.example", "app.example", "https://app.example/path", "https://"] {
            let error = config(&[("MERIT_CORS_ORIGINS", bad)]).unwrap_err().to_string();
            assert!(error.contains("MERIT_CORS_ORIGINS"), "{bad}: {error}");
        }
    }

    #[test]
    fn proxies_are_counted() {
        assert_eq!(config(&[]).unwrap().proxy_hops, 0);
        assert_eq!(config(&[("MERIT_TRUST_PROXY", "true")]).unwrap().proxy_hops, 1);
        assert_eq!(config(&[("MERIT_TRUST_PROXY", "2")]).unwrap().proxy_hops, 2);
        assert!(config(&[("MERIT_TRUST_PROXY", "many")]).is_err());
    }

    #[test]
    fn links_point_at_the_public_address() {
        let base = [("DATABASE_URL", "postgres://x")];
        assert_eq!(config(&base).unwrap().public_url, "http://127.0.0.1:3000");
        let listening = [("DATABASE_URL", "postgres://x"), ("LEPTOS_SITE_ADDR", "0.0.0.0:8080")];
        assert_eq!(config(&listening).unwrap().public_url, "http://0.0.0.0:8080");
        let public = [("DATABASE_URL", "postgres://x"), ("MERIT_PUBLIC_URL", "https://merit.example.com/")];
        assert_eq!(config(&public).unwrap().public_url, "https://merit.example.com");
        for bad in ["merit.example.com", "https://x/?a=1", "javascript:alert(1)"] {
            let vars = [("DATABASE_URL", "postgres://x"), ("MERIT_PUBLIC_URL", bad)];
            assert!(config(&vars).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_and_timeouts_have_defaults_and_refuse_zero() {
        let c = config(&[]).unwrap();
        assert_eq!(c.rate_limit_per_minute, DEFAULT_RATE_LIMIT_PER_MINUTE);
        assert_eq!(c.request_timeout, Duration::from_secs(30));
        assert!(config(&[("MERIT_REQUEST_TIMEOUT_SECONDS", "0")]).is_err());
        assert!(config(&[("MERIT_METRICS_TOKEN", "short")]).is_err());
    }
}
