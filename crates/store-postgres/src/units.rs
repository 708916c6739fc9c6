//! Units (ORG-1) on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/units.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Units;
use sqlx::{PgConnection as Conn, Postgres as Db};

use crate::PgStore;

/// Several writers run at once: creating anything under a unit holds it `FOR SHARE`,
/// renaming or retiring it takes it `FOR UPDATE`, so neither slips past the other.
const FOR_SHARE: &str = " FOR SHARE";
const FOR_UPDATE: &str = " FOR UPDATE";

include!("../../store/engine-sql/units.rs");

#[async_trait]
impl Units for PgStore {
    async fn units(&self, scope: &Scope) -> StoreResult<Vec<Unit>> {
        list(&self.pool, scope).await
    }
    async fn unit(&self, scope: &Scope, id: i64) -> StoreResult<Unit> {
        get(&self.pool, scope, id).await
    }
    async fn unit_by_code(&self, scope: &Scope, code: &str) -> StoreResult<Unit> {
        get_by_code(&self.pool, scope, code).await
    }
    async fn create_root_unit(
        &self,
        scope: &Scope,
        code: &str,
        name: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<Unit> {
        create_root(&self.pool, scope, code, name, valid_from).await
    }
    async fn create_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUnit,
    ) -> StoreResult<Unit> {
        create(&self.pool, scope, actor, new).await
    }
    async fn rename_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        name: &str,
        version: i64,
    ) -> StoreResult<Unit> {
        rename(&self.pool, scope, actor, id, name, version).await
    }
    async fn retire_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        valid_to: NaiveDate,
        version: i64,
    ) -> StoreResult<Unit> {
        retire(&self.pool, scope, actor, id, valid_to, version).await
    }
}
