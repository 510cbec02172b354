//! Database access: the pool, migrations, and how domain enums are stored as text.

use std::time::Duration;

use sqlx::postgres::{PgArgumentBuffer, PgPoolOptions, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Encode, PgPool, Postgres, Type};

use crate::competitions::{CompetitionStatus, SubmissionStatus};
use crate::domain::metrics::Metric;
use crate::domain::weights::{Category, Weight};
use crate::domain::{Locale, Role};
use crate::goals::SheetStatus;
use crate::nominations::{CycleStatus, NominationStatus};
use crate::periods::PeriodStatus;

/// When the database last failed a request, for the layers (sessions, sign-in) that can only
/// answer a failure with a bare 500: the error format turns those into 503 while it is recent.
#[derive(Debug, Default)]
pub struct Outages {
    last_millis: std::sync::atomic::AtomicI64,
}

impl Outages {
    pub fn record(&self) {
        let now = chrono::Utc::now().timestamp_millis();
        self.last_millis.store(now, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether a failure was recorded within `window`.
    pub fn recent(&self, window: Duration) -> bool {
        let last = self.last_millis.load(std::sync::atomic::Ordering::Relaxed);
        last > 0 && chrono::Utc::now().timestamp_millis() - last <= window.as_millis() as i64
    }
}

/// Serializes one kind of change (`scope`) within an organization until the transaction ends.
pub async fn lock_scope(conn: &mut sqlx::PgConnection, scope: &str, organization: uuid::Uuid) -> sqlx::Result<()> {
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2::uuid::text))", scope, organization)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn connect(database_url: &str) -> anyhow::Result<PgPool> {
    Ok(PgPoolOptions::new().max_connections(20).acquire_timeout(Duration::from_secs(3)).connect(database_url).await?)
}

/// Applies the pending migrations. sqlx holds a PostgreSQL advisory lock while it does, so
/// several instances starting at once apply each migration once.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    sqlx::migrate!("./migrations").run(pool).await?;
    Ok(())
}

/// The database of a command-line command (`merit migrate`, `merit admin`, `merit audit`): the
/// pool to DATABASE_URL, with the migrations applied when `migrated` (a check such as
/// `merit audit verify` only reads, so it also runs under a read-only role).
pub async fn command_pool(migrated: bool) -> anyhow::Result<PgPool> {
    let database_url = std::env::var("DATABASE_URL").map_err(|_| anyhow::anyhow!("DATABASE_URL must be set"))?;
    let pool = connect(&database_url).await?;
    if migrated {
        migrate(&pool).await?;
    }
    Ok(pool)
}

/// `merit migrate`: brings `DATABASE_URL` to this build's schema, for an upgrade step (a
/// Kubernetes Job, a release script) run before the new instances start.
pub fn migrate_command() -> anyhow::Result<std::process::ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        command_pool(true).await?;
        let migrator = sqlx::migrate!("./migrations");
        match migrator.iter().last() {
            Some(latest) => println!("The database is at migration {} ({}).", latest.version, latest.description),
            None => println!("There are no migrations."),
        }
        Ok(std::process::ExitCode::SUCCESS)
    })
}

/// Stores a domain enum as its lowercase text, decoding strictly so a bad row is an error.
macro_rules! text_enum {
    ($ty:ty, $what:literal) => {
        impl Type<Postgres> for $ty {
            fn type_info() -> PgTypeInfo {
                <&str as Type<Postgres>>::type_info()
            }
            fn compatible(ty: &PgTypeInfo) -> bool {
                <&str as Type<Postgres>>::compatible(ty)
            }
        }
        impl<'r> Decode<'r, Postgres> for $ty {
            fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as Decode<Postgres>>::decode(value)?;
                <$ty>::parse(text).ok_or_else(|| format!("unknown {} {text:?}", $what).into())
            }
        }
        impl Encode<'_, Postgres> for $ty {
            fn encode_by_ref(
                &self,
                buf: &mut PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as Encode<Postgres>>::encode(self.as_str(), buf)
            }
        }
    };
}

text_enum!(Role, "role");
text_enum!(Locale, "locale");
text_enum!(Category, "goal category");
text_enum!(SheetStatus, "goal sheet status");
text_enum!(CycleStatus, "nomination cycle status");
text_enum!(NominationStatus, "nomination status");
text_enum!(CompetitionStatus, "competition status");
text_enum!(SubmissionStatus, "submission status");
text_enum!(Metric, "metric");
text_enum!(PeriodStatus, "evaluation period status");

/// Weights are NUMERIC(5,2) columns read as `(column * 100)::bigint` and written as
/// `$n::bigint / 100.0`, so Rust holds them exactly as hundredths without a decimal type.
impl Type<Postgres> for Weight {
    fn type_info() -> PgTypeInfo {
        <i64 as Type<Postgres>>::type_info()
    }
}
impl<'r> Decode<'r, Postgres> for Weight {
    fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(Weight::from_hundredths(<i64 as Decode<Postgres>>::decode(value)?))
    }
}
impl Encode<'_, Postgres> for Weight {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as Encode<Postgres>>::encode(self.hundredths(), buf)
    }
}
