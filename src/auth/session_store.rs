//! The session store: tower-sessions' PostgreSQL store, noting when the database fails so the
//! bare 500 the session layer answers with can be told apart as a 503 ([`Outages`]).

use std::sync::Arc;

use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};
use tower_sessions_sqlx_store::PostgresStore;

use crate::db::Outages;

#[derive(Debug, Clone)]
pub struct Store {
    inner: PostgresStore,
    outages: Arc<Outages>,
}

impl Store {
    pub fn new(pool: sqlx::PgPool, outages: Arc<Outages>) -> Store {
        Store { inner: PostgresStore::new(pool), outages }
    }

    fn noted<T>(&self, result: Result<T>) -> Result<T> {
        if let Err(Error::Backend(_)) = &result {
            self.outages.record();
        }
        result
    }
}

#[async_trait::async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let result = self.inner.create(record).await;
        self.noted(result)
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let result = self.inner.save(record).await;
        self.noted(result)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let result = self.inner.load(id).await;
        self.noted(result)
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let result = self.inner.delete(id).await;
        self.noted(result)
    }
}
