//! Integration tests: the real router against a real PostgreSQL, a fresh database per test
//! (`#[sqlx::test]` applies `migrations/` to it), demo data loaded by the same seed as the server.

mod audit;
mod auth;
mod clock;
mod common;
mod competitions;
mod goals;
mod health;
mod home;
mod import;
mod isolation;
mod nominations;
mod notifications;
mod openapi;
mod pages;
mod people;
mod periods;
mod races;
mod record_chain;
mod rescoring;
mod routes;
mod security;
mod sorting;
mod stages;
mod standings;
mod uploads;
mod users;
