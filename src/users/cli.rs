//! `merit admin …`: what an operator does before anyone can sign in. `create` makes an
//! organization (default stages, an open period for this year) and its first admin, and prints
//! a one-time set-password link; `link` prints a new link for an existing account (an admin
//! who lost their password, with no other admin to ask).

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::writer::{self, Event, Origin};
use crate::domain::people::{check_person_name, MAX_ORGANIZATION_NAME_CHARS};
use crate::domain::slug::slugify;
use crate::domain::text::fits;
use crate::domain::text::without_nul;
use crate::domain::{Email, FieldCode, FieldError};
use crate::error::{AppError, AppResult};

#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Create an organization and its first admin; prints a set-password link (72 hours).
    Create(CreateArgs),
    /// Print a new set-password link for an existing account (retires its unused links).
    Link(LinkArgs),
}

#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The organization's name, e.g. "Acme".
    #[arg(long)]
    pub organization: String,
    /// The admin's e-mail address (they sign in with it).
    #[arg(long)]
    pub email: String,
    /// The admin's name as Merit shows it.
    #[arg(long)]
    pub name: String,
}

#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    #[arg(long)]
    pub email: String,
}

/// What `create` made.
#[derive(Debug, Clone)]
pub struct FirstAdmin {
    pub organization_id: Uuid,
    pub user_id: Uuid,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Creates the organization (its defaults come from the database trigger: stages 1–9 and an
/// open period for this year) and its first admin, without a password, plus their link.
pub async fn create_first_admin(pool: &PgPool, args: &CreateArgs) -> AppResult<FirstAdmin> {
    let mut errors = Vec::new();
    let organization = args.organization.trim();
    if !fits(organization, MAX_ORGANIZATION_NAME_CHARS) {
        errors.push(FieldError::new(
            "organization",
            FieldCode::Required,
            format!("an organization name is required (at most {MAX_ORGANIZATION_NAME_CHARS} characters)"),
        ));
    } else if let Err(e) = without_nul("organization", organization) {
        errors.push(e);
    }
    let name = args.name.trim();
    if let Some(error) = check_person_name("name", name) {
        errors.push(error);
    } else if let Err(e) = without_nul("name", name) {
        errors.push(e);
    }
    let email = Email::parse(&args.email);
    if email.is_none() {
        errors.push(FieldError::new("email", FieldCode::Invalid, "enter an e-mail address like name@example.com"));
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('merit-admin-create'))").execute(&mut *tx).await?;
    let taken =
        sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS "taken!""#, email.as_str())
            .fetch_one(&mut *tx)
            .await?;
    if taken {
        return Err(AppError::validation(
            "email",
            FieldCode::Taken,
            "this e-mail address already has an account (use `merit admin link` for a new link)",
        ));
    }
    let same_name = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM organizations WHERE lower(name) = lower($1)) AS "taken!""#,
        organization,
    )
    .fetch_one(&mut *tx)
    .await?;
    if same_name {
        return Err(AppError::validation(
            "organization",
            FieldCode::Taken,
            "an organization with this name exists; its admins add people in Merit",
        ));
    }
    let base = slugify(organization, "org");
    let taken_slugs =
        sqlx::query_scalar!("SELECT slug FROM organizations WHERE slug = $1 OR slug LIKE $1 || '-%'", &base)
            .fetch_all(&mut *tx)
            .await?;
    let slug = (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
        .find(|s| !taken_slugs.contains(s))
        .unwrap_or(base);
    let organization_id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)",
        organization_id,
        organization,
        &slug,
    )
    .execute(&mut *tx)
    .await?;
    let user_id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO users (id, organization_id, email, display_name, password_hash, role)
         VALUES ($1, $2, $3, $4, NULL, 'admin')",
        user_id,
        organization_id,
        email.as_str(),
        name,
    )
    .execute(&mut *tx)
    .await?;
    let (token, expires_at) = super::passwords::issue(&mut tx, organization_id, user_id, None).await?;
    let origin =
        Origin { organization_id: Some(organization_id), actor_user_id: None, request_id: Some("merit admin create") };
    let event = Event {
        action: "organization.created",
        entity_type: "organization",
        entity_id: Some(organization_id),
        payload: json!({ "name": organization, "slug": slug, "admin": email.as_str() }),
    };
    writer::record(&mut tx, origin, event).await?;
    tx.commit().await?;
    Ok(FirstAdmin { organization_id, user_id, token, expires_at })
}

/// A new link for the account with this e-mail, for an operator at the command line.
pub async fn new_link(pool: &PgPool, email: &str) -> AppResult<(String, DateTime<Utc>)> {
    let email = Email::parse(email).ok_or_else(|| {
        AppError::validation("email", FieldCode::Invalid, "enter an e-mail address like name@example.com")
    })?;
    let mut tx = pool.begin().await?;
    let user = sqlx::query!("SELECT id, organization_id, active FROM users WHERE email = $1", email.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| (row.id, row.organization_id, row.active));
    let Some((user, organization, active)) = user else {
        return Err(AppError::validation("email", FieldCode::Unknown, "no account has this e-mail address"));
    };
    if !active {
        return Err(AppError::validation("email", FieldCode::Inactive, "this account is deactivated"));
    }
    let (token, expires_at) = super::passwords::issue(&mut tx, organization, user, None).await?;
    let origin =
        Origin { organization_id: Some(organization), actor_user_id: None, request_id: Some("merit admin link") };
    let event = Event {
        action: "user.password_link_created",
        entity_type: "user",
        entity_id: Some(user),
        payload: json!({ "expiresAt": expires_at, "by": "command line" }),
    };
    writer::record(&mut tx, origin, event).await?;
    tx.commit().await?;
    Ok((token, expires_at))
}

fn report(error: &AppError) {
    match error {
        AppError::Validation(fields) => {
            for field in fields {
                eprintln!("error: {}: {}", field.field, field.message);
            }
        }
        other => eprintln!("error: {other:#}"),
    }
}

/// Runs `merit admin …` against `DATABASE_URL` (migrating it first, as the server does).
pub fn run(command: AdminCommand) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async move {
        // Only what the command needs: the database and the address links point at.
        let base = crate::config::public_url(|name| std::env::var(name).ok())?;
        let pool = crate::db::command_pool(true).await?;
        let outcome = match &command {
            AdminCommand::Create(args) => create_first_admin(&pool, args).await.map(|made| {
                println!("Created {} with its first admin {}.", args.organization.trim(), args.email.trim());
                (made.token, made.expires_at)
            }),
            AdminCommand::Link(args) => new_link(&pool, &args.email).await,
        };
        match outcome {
            Ok((token, expires_at)) => {
                println!(
                    "Open this link to set the password (once, until {} UTC):",
                    expires_at.format("%Y-%m-%d %H:%M")
                );
                println!("{}", super::passwords::link_url(&base, &token));
                Ok(ExitCode::SUCCESS)
            }
            Err(error) => {
                report(&error);
                Ok(ExitCode::FAILURE)
            }
        }
    })
}
