//! Creating, sweeping and dropping `jiekang_test_*` databases through an admin connection.
//!
//! Each call opens its own admin connection: every `#[tokio::test]` has its own
//! runtime, and a connection must not outlive the runtime it was made on.

use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};

use super::{STALE_AFTER, TestError};

const PREFIX: &str = "jiekang_test_";

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// When the test database `name` was created, from its name.
fn created_at(name: &str) -> Option<u64> {
    name.strip_prefix(PREFIX)?.split('_').next()?.parse().ok()
}

/// `url` with its database replaced by `name`; the query string is kept.
pub(crate) fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// Create a new empty test database; returns its name. Sweeps stale ones first.
///
/// With `icu_locale`, the database's default collation is that ICU locale
/// (PostgreSQL 15+ built with ICU); `Ok(None)` means the server cannot do that.
pub(crate) async fn create(
    admin_url: &str,
    icu_locale: Option<&str>,
) -> Result<Option<String>, TestError> {
    let mut admin = PgConnection::connect(admin_url).await.map_err(|e| {
        TestError::new(format!(
            "cannot connect to the test server {admin_url}: {e}"
        ))
    })?;
    sweep_stale(&mut admin).await;
    let name = format!("{PREFIX}{}_{:016x}", unix_now(), rand::random::<u64>());
    // template0: nobody is ever connected to it (CREATE DATABASE from template1 fails
    // while anyone is), and it lets us ask for UTF-8 whatever the server default is.
    let utf8 = format!(r#"CREATE DATABASE "{name}" TEMPLATE template0 ENCODING 'UTF8'"#);
    let created = match icu_locale {
        Some(locale)
            if locale
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            let icu = format!("{utf8} LOCALE_PROVIDER icu ICU_LOCALE '{locale}'");
            sqlx::raw_sql(&icu)
                .execute(&mut admin)
                .await
                .is_ok()
                .then_some(name)
        }
        Some(locale) => return Err(TestError::new(format!("not an ICU locale: {locale:?}"))),
        None => {
            if let Err(first) = sqlx::raw_sql(&utf8).execute(&mut admin).await {
                // a server whose locale cannot hold UTF-8: the C locale always can
                let c_locale = format!("{utf8} LC_COLLATE 'C' LC_CTYPE 'C'");
                sqlx::raw_sql(&c_locale)
                    .execute(&mut admin)
                    .await
                    .map_err(|e| {
                        TestError::new(format!("cannot create a test database: {first}; {e}"))
                    })?;
            }
            Some(name)
        }
    };
    let _ = admin.close().await;
    Ok(created)
}

/// Drop test databases left behind by killed test processes. Others may be sweeping
/// at the same time, so failures are ignored.
async fn sweep_stale(admin: &mut PgConnection) {
    let names: Vec<String> = sqlx::query_scalar(
        r"SELECT datname FROM pg_database WHERE datname LIKE 'jiekang\_test\_%'",
    )
    .fetch_all(&mut *admin)
    .await
    .unwrap_or_default();
    let cutoff = unix_now().saturating_sub(STALE_AFTER.as_secs());
    for name in names {
        if created_at(&name).is_some_and(|t| t < cutoff) {
            let _ = drop_on(admin, &name).await;
        }
    }
}

/// Drop a database, ending its connections first.
async fn drop_on(admin: &mut PgConnection, name: &str) -> Result<(), TestError> {
    if !name.starts_with(PREFIX) || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(TestError::new(format!("not a test database: {name:?}")));
    }
    let force = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
    if sqlx::raw_sql(&force).execute(&mut *admin).await.is_ok() {
        return Ok(());
    }
    // before PostgreSQL 13 there is no FORCE: end the connections by hand
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
        .bind(name)
        .execute(&mut *admin)
        .await?;
    sqlx::raw_sql(&format!(r#"DROP DATABASE IF EXISTS "{name}""#))
        .execute(&mut *admin)
        .await?;
    Ok(())
}

pub(crate) async fn drop(admin_url: &str, name: &str) -> Result<(), TestError> {
    let mut admin = PgConnection::connect(admin_url).await?;
    let dropped = drop_on(&mut admin, name).await;
    let _ = admin.close().await;
    dropped
}

/// [`drop`] from synchronous code (a `Drop` impl, maybe inside a runtime): on a new
/// thread with its own runtime, waited for.
pub(crate) fn drop_blocking(admin_url: &str, name: &str) -> Result<(), TestError> {
    let (admin_url, name) = (admin_url.to_owned(), name.to_owned());
    let worker = std::thread::Builder::new()
        .name("drop-test-db".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(drop(&admin_url, &name))
        })?;
    worker
        .join()
        .map_err(|_| TestError::new("the drop thread panicked"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_of_a_url() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(with_database("postgres://h:1", "x"), "postgres://h:1/x");
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres:///db?host=/run/postgresql", "x"),
            "postgres:///x?host=/run/postgresql"
        );
    }

    #[test]
    fn reads_the_creation_time_from_the_name() {
        assert_eq!(
            created_at("jiekang_test_1700000000_00ff"),
            Some(1_700_000_000)
        );
        assert_eq!(created_at("jiekang_prod"), None);
        assert_eq!(created_at("jiekang_test_x_1"), None);
    }
}
