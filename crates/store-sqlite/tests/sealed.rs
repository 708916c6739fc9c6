//! Issue #5 item 3 on SQLite, looking at the raw file: no ID number, phone or TOTP
//! secret in plain text anywhere in the database, and plain text left by an upgrade
//! sealed in batches; the same for profiles' free text, test substances and
//! attachments (security item 6).

use std::path::{Path, PathBuf};

use jiekang_store::Scope;
use jiekang_store::at_rest::SealedTable;
use jiekang_store::contract::at_rest;
use jiekang_store::contract::fixture::{Fixture, build};
use jiekang_store::prelude::*;
use jiekang_store::sealed::Keyring;
use jiekang_store_sqlite::SqliteStore;
use sqlx::sqlite::SqliteConnectOptions;

async fn fresh(dir: &Path) -> (SqliteStore, PathBuf) {
    let path = dir.join("sealed.db");
    let store = SqliteStore::connect(path.to_str().expect("utf-8 path"))
        .await
        .expect("connect");
    store.unlock(Keyring::for_tests()).await.expect("unlock");
    (store, path)
}

/// The database file and its write-ahead log, as text.
fn raw_text(path: &Path) -> String {
    let mut bytes = std::fs::read(path).expect("db file");
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(more) = std::fs::read(PathBuf::from(wal)) {
        bytes.extend(more);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn nothing_personal_is_stored_in_plain_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, path) = fresh(dir.path()).await;
    jiekang_store::contract::sealed::nothing_personal_is_stored_in_plain_text(&store, || {
        let path = path.clone();
        async move { raw_text(&path) }
    })
    .await;
}

#[tokio::test]
async fn plain_text_left_by_an_upgrade_is_sealed_in_batches_and_leaves_no_trace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, path) = fresh(dir.path()).await;
    let f = build(&store).await;
    // rows as a database from before migration 0009 holds them
    let options = SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options).await.expect("raw");
    for i in 0..25 {
        sqlx::query(
            "INSERT INTO persons (unit_id, unit_path, name, id_type, id_number, phone,
                created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, 'resident_id', ?4, ?5, '2024-01-01T00:00:00Z', ?6,
                '2024-01-01T00:00:00Z', ?6)",
        )
        .bind(f.gongyuan.id)
        .bind(&f.gongyuan.path)
        .bind(format!("旧{i}"))
        .bind(format!("1506021990010{i:04}X"))
        .bind(format!("1390000{i:04}"))
        .bind(f.gongyuan_user.id)
        .execute(&pool)
        .await
        .expect("legacy person");
    }
    sqlx::query(
        "INSERT INTO user_totp (user_id, secret, enabled_at) VALUES (?1, 'LEGACYSECRETBASE32AAAA', '2024-01-01T00:00:00Z')",
    )
    .bind(f.gongyuan_user.id)
    .execute(&pool)
    .await
    .expect("legacy secret");
    pool.close().await;
    let report = store.sealing_report().await.expect("report");
    assert_eq!(
        (report.plaintext_persons, report.plaintext_secrets),
        (25, 1)
    );

    // batches of 10: one transaction each, resumable from the last id
    let (mut sealed, mut last) = store
        .reseal(SealedTable::Persons, 0, 10, true)
        .await
        .expect("first batch");
    while let Some(after) = last {
        let (n, next) = store
            .reseal(SealedTable::Persons, after, 10, true)
            .await
            .expect("batch");
        sealed += n;
        last = next;
    }
    assert_eq!(sealed, 26);
    let report = store.sealing_report().await.expect("report");
    assert!(report.all_under(1), "{report:?}");

    let gy = Fixture::scope_of(&f.gongyuan);
    let page = store
        .persons(
            &gy,
            &jiekang_store::model::PersonFilter {
                id_number: Some("15060219900100007X".into()),
                ..Default::default()
            },
            jiekang_store::model::PageRequest::first(5),
        )
        .await
        .expect("found by the blind index");
    assert_eq!(page.items.len(), 1);
    let person = store
        .person(&gy, f.gongyuan_user.id, page.items[0].id)
        .await
        .expect("open");
    assert_eq!(person.id_number, "15060219900100007X");
    assert_eq!(
        store
            .person_profile(&gy, person.id)
            .await
            .expect("profile")
            .phone,
        "13900000007"
    );
    assert_eq!(
        store
            .second_factor(f.gongyuan_user.id)
            .await
            .expect("totp")
            .expect("kept")
            .secret,
        "LEGACYSECRETBASE32AAAA"
    );
    assert_eq!(
        store.count_persons(&Scope::system()).await.expect("count"),
        25
    );
    store.close().await;
    let raw = raw_text(&path);
    for gone in [
        "15060219900100007X",
        "13900000007",
        "LEGACYSECRETBASE32AAAA",
    ] {
        assert!(!raw.contains(gone), "{gone} still in the file");
    }
}

// --- Security item 6: free text, test substances and attachments ---

#[tokio::test]
async fn free_text_tests_and_attachments_are_sealed_rotated_and_read_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, path) = fresh(dir.path()).await;
    at_rest::free_text_tests_and_attachments_are_sealed_rotated_and_read_back(&store, || {
        let path = path.clone();
        async move { raw_text(&path) }
    })
    .await;
}

#[tokio::test]
async fn free_text_left_plain_by_an_upgrade_is_sealed_and_leaves_no_trace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, path) = fresh(dir.path()).await;
    let make_plain = |person: i64, case: i64, attachment: i64| {
        let path = path.clone();
        async move {
            // the rows as a database from before migration 0016 holds them
            let options = SqliteConnectOptions::new().filename(&path);
            let pool = sqlx::SqlitePool::connect_with(options).await.expect("raw");
            sqlx::query(
                "UPDATE persons SET former_names = ?1, household_address = ?2,
                    residence_address = ?3, family_contacts = ?4, substances = ?5,
                    prior_isolation = ?6, profile_sealed = NULL WHERE id = ?7",
            )
            .bind(at_rest::FORMER_NAMES)
            .bind(at_rest::HOUSEHOLD)
            .bind(at_rest::RESIDENCE)
            .bind(at_rest::FAMILY)
            .bind(at_rest::SUBSTANCES_USED)
            .bind(at_rest::PRIOR_ISOLATION)
            .bind(person)
            .execute(&pool)
            .await
            .expect("plain profile");
            sqlx::query(
                "UPDATE drug_tests SET substances = ?1, substances_sealed = NULL WHERE case_id = ?2",
            )
            .bind(at_rest::FOUND)
            .bind(case)
            .execute(&pool)
            .await
            .expect("plain substances");
            sqlx::query("UPDATE attachments SET data = ?1, data_sealed = NULL WHERE id = ?2")
                .bind(at_rest::FILE_BYTES)
                .bind(attachment)
                .execute(&pool)
                .await
                .expect("plain bytes");
            pool.close().await;
        }
    };
    at_rest::plain_text_left_by_an_upgrade_is_sealed(&store, make_plain, || {
        let path = path.clone();
        async move { raw_text(&path) }
    })
    .await;
}
