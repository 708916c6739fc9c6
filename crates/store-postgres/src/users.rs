//! User accounts (ORG-3) on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/users.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Users;
use sqlx::{PgConnection as Conn, Postgres as Db};

use crate::PgStore;

include!("../../store/engine-sql/users.rs");

#[async_trait]
impl Users for PgStore {
    async fn create_user(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUser,
    ) -> StoreResult<User> {
        create(&self.pool, scope, actor, new).await
    }
    async fn users(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<User>> {
        list(&self.pool, scope, page).await
    }
    async fn user(&self, scope: &Scope, id: i64) -> StoreResult<User> {
        get(&self.pool, scope, id).await
    }
    async fn user_by_username(&self, scope: &Scope, username: &str) -> StoreResult<User> {
        get_by_username(&self.pool, scope, username).await
    }
    async fn set_user_disabled(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        disabled: bool,
    ) -> StoreResult<User> {
        set_disabled(&self.pool, scope, actor, id, disabled).await
    }
    async fn set_password(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<()> {
        set_password(&self.pool, scope, actor, id, password_hash, must_change).await
    }
    async fn reset_second_factor(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        user_id: i64,
    ) -> StoreResult<bool> {
        reset_second_factor(&self.pool, scope, actor, user_id).await
    }
}
