//! Units (ORG-1) on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/units.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Units;
use sqlx::{Sqlite as Db, SqliteConnection as Conn};

use crate::SqliteStore;

/// SQLite has one writer, so the write transaction itself keeps a unit from changing
/// under a check: no row locks.
const FOR_SHARE: &str = "";
const FOR_UPDATE: &str = "";

include!("../../store/engine-sql/units.rs");

#[async_trait]
impl Units for SqliteStore {
    async fn units(&self, scope: &Scope) -> StoreResult<Vec<Unit>> {
        list(&self.read, scope).await
    }
    async fn unit(&self, scope: &Scope, id: i64) -> StoreResult<Unit> {
        get(&self.read, scope, id).await
    }
    async fn unit_by_code(&self, scope: &Scope, code: &str) -> StoreResult<Unit> {
        get_by_code(&self.read, scope, code).await
    }
    async fn create_root_unit(
        &self,
        scope: &Scope,
        code: &str,
        name: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<Unit> {
        create_root(&self.write, scope, code, name, valid_from).await
    }
    async fn create_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUnit,
    ) -> StoreResult<Unit> {
        create(&self.write, scope, actor, new).await
    }
    async fn rename_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        name: &str,
        version: i64,
    ) -> StoreResult<Unit> {
        rename(&self.write, scope, actor, id, name, version).await
    }
    async fn retire_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        valid_to: NaiveDate,
        version: i64,
    ) -> StoreResult<Unit> {
        retire(&self.write, scope, actor, id, valid_to, version).await
    }
}
