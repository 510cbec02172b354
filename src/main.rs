//! The `merit` command: serves the application (the default), applies the migrations, sets up
//! an organization, scores a prediction file offline, or verifies the audit record. Everything
//! else lives in the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc rather than glibc's allocator: glibc keeps each password check's 19 MiB in the
/// arena of whichever thread ran it (resident memory grew by gigabytes under parallel sign-ins
/// and never came back); mimalloc returns such large blocks to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "merit", version, about = "Goals, recognition and competitions")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (configured by environment variables; see the README).
    Serve,
    /// Apply the database migrations to DATABASE_URL and exit (serve applies them too).
    Migrate,
    /// Validate and score a prediction file against an answer key, like a competition does.
    Score(merit::competitions::cli::ScoreArgs),
    /// Set up an organization: its first admin, or a new set-password link (see the README).
    Admin {
        #[command(subcommand)]
        command: merit::users::cli::AdminCommand,
    },
    /// Check the tamper-evident record (exit 1 at the first broken row).
    Audit {
        #[command(subcommand)]
        command: merit::audit::cli::AuditCommand,
    },
}

fn main() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        None | Some(Command::Serve) => {
            tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(merit::web::serve())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Migrate) => merit::db::migrate_command(),
        Some(Command::Score(args)) => merit::competitions::cli::run(args),
        Some(Command::Admin { command }) => merit::users::cli::run(command),
        Some(Command::Audit { command }) => merit::audit::cli::run(command),
    }
}
