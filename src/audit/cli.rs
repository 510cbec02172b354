//! `merit audit verify`: walks every hash chain of the record (each organization's audit rows
//! and finalization snapshots, and the audit rows without an organization) and exits 0 when
//! they are intact, 1 with the first broken row's id and organization when not.

use std::process::ExitCode;

use super::chain;

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check that no audit row or finalization snapshot was edited, deleted or reordered.
    Verify,
}

pub fn run(command: AuditCommand) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async move {
        // Read only: the schema is left as it is (run `merit migrate` first on an older database).
        let pool = crate::db::command_pool(false).await?;
        match command {
            AuditCommand::Verify => {
                let verification = chain::verify(&pool, None).await?;
                match &verification.broken {
                    None => {
                        println!(
                            "The record is intact: {} links in {} chains.",
                            verification.links, verification.chains
                        );
                        Ok(ExitCode::SUCCESS)
                    }
                    Some(broken) => {
                        let organization =
                            broken.organization_id.map_or_else(|| "none".to_owned(), |id| id.to_string());
                        let row = broken.row_id.map_or_else(|| "-".to_owned(), |id| id.to_string());
                        println!("The record is BROKEN: {}.", broken.reason.as_str());
                        println!("  organization: {organization}");
                        println!(
                            "  row:          {row} ({})",
                            if broken.table.is_empty() { "-" } else { &broken.table }
                        );
                        println!("  link:         {}", broken.seq);
                        println!("  links verified before it: {}", verification.links);
                        Ok(ExitCode::FAILURE)
                    }
                }
            }
        }
    })
}
