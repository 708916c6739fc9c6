//! Issue #5 item 3 on PostgreSQL, looking at the raw tables: no ID number, phone or
//! TOTP secret in plain text in any table, and plain text left by an upgrade sealed in
//! batches; the same for profiles' free text, test substances and attachments
//! (security item 6).

use jiekang_store::Scope;
use jiekang_store::at_rest::SealedTable;
use jiekang_store::contract::at_rest;
use jiekang_store::contract::fixture::{Fixture, build};
use jiekang_store::prelude::*;
use jiekang_store_postgres::testing::fresh_database;
use sqlx::PgPool;

/// Every row of every table of the database, as text (`bytea` shows as hex).
async fn raw_text(pool: &PgPool) -> String {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    let mut out = String::new();
    for table in tables {
        let rows: Option<String> = sqlx::query_scalar(&format!(
            "SELECT string_agg(t::text, E'\\n') FROM \"{table}\" t"
        ))
        .fetch_one(pool)
        .await
        .expect("rows");
        out.push_str(&rows.unwrap_or_default());
        out.push('\n');
    }
    out
}

#[tokio::test]
async fn nothing_personal_is_stored_in_plain_text() {
    let db = fresh_database().await;
    let pool = db.pool().clone();
    jiekang_store::contract::sealed::nothing_personal_is_stored_in_plain_text(&*db, || {
        let pool = pool.clone();
        async move { raw_text(&pool).await }
    })
    .await;
}

#[tokio::test]
async fn plain_text_left_by_an_upgrade_is_sealed_in_batches() {
    let db = fresh_database().await;
    let f = build(&*db).await;
    for i in 0..25 {
        sqlx::query(
            "INSERT INTO persons (unit_id, unit_path, name, id_type, id_number, phone,
                created_at, created_by, updated_at, updated_by)
             VALUES ($1, $2, $3, 'resident_id', $4, $5, now(), $6, now(), $6)",
        )
        .bind(f.gongyuan.id)
        .bind(&f.gongyuan.path)
        .bind(format!("旧{i}"))
        .bind(format!("1506021990010{i:04}X"))
        .bind(format!("1390000{i:04}"))
        .bind(f.gongyuan_user.id)
        .execute(db.pool())
        .await
        .expect("legacy person");
    }
    sqlx::query(
        "INSERT INTO user_totp (user_id, secret, enabled_at) VALUES ($1, 'LEGACYSECRETBASE32AAAA', now())",
    )
    .bind(f.gongyuan_user.id)
    .execute(db.pool())
    .await
    .expect("legacy secret");
    let report = db.sealing_report().await.expect("report");
    assert_eq!(
        (report.plaintext_persons, report.plaintext_secrets),
        (25, 1)
    );

    let (mut sealed, mut last) = db
        .reseal(SealedTable::Persons, 0, 10, true)
        .await
        .expect("first batch");
    while let Some(after) = last {
        let (n, next) = db
            .reseal(SealedTable::Persons, after, 10, true)
            .await
            .expect("batch");
        sealed += n;
        last = next;
    }
    assert_eq!(sealed, 26);
    assert!(db.sealing_report().await.expect("report").all_under(1));
    let gy = Fixture::scope_of(&f.gongyuan);
    let page = db
        .persons(
            &gy,
            &jiekang_store::model::PersonFilter {
                id_number: Some("15060219900100007x".into()),
                ..Default::default()
            },
            jiekang_store::model::PageRequest::first(5),
        )
        .await
        .expect("found by the blind index");
    assert_eq!(page.items.len(), 1);
    let person = db
        .person(&gy, f.gongyuan_user.id, page.items[0].id)
        .await
        .expect("open");
    assert_eq!(person.id_number, "15060219900100007X");
    assert_eq!(
        db.person_profile(&gy, person.id)
            .await
            .expect("profile")
            .phone,
        "13900000007"
    );
    assert_eq!(
        db.second_factor(f.gongyuan_user.id)
            .await
            .expect("totp")
            .expect("kept")
            .secret,
        "LEGACYSECRETBASE32AAAA"
    );
    assert_eq!(db.count_persons(&Scope::system()).await.expect("count"), 25);
    let raw = raw_text(db.pool()).await;
    for gone in [
        "15060219900100007X",
        "13900000007",
        "LEGACYSECRETBASE32AAAA",
    ] {
        assert!(!raw.contains(gone), "{gone} still in a table");
    }
}

// --- Security item 6: free text, test substances and attachments ---

#[tokio::test]
async fn free_text_tests_and_attachments_are_sealed_rotated_and_read_back() {
    let db = fresh_database().await;
    let pool = db.pool().clone();
    at_rest::free_text_tests_and_attachments_are_sealed_rotated_and_read_back(&*db, || {
        let pool = pool.clone();
        async move { raw_text(&pool).await }
    })
    .await;
}

#[tokio::test]
async fn free_text_left_plain_by_an_upgrade_is_sealed() {
    let db = fresh_database().await;
    let pool = db.pool().clone();
    let make_plain = |person: i64, case: i64, attachment: i64| {
        let pool = pool.clone();
        async move {
            // the rows as a database from before migration 0016 holds them
            sqlx::query(
                "UPDATE persons SET former_names = $1, household_address = $2,
                    residence_address = $3, family_contacts = $4, substances = $5,
                    prior_isolation = $6, profile_sealed = NULL WHERE id = $7",
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
                "UPDATE drug_tests SET substances = $1, substances_sealed = NULL WHERE case_id = $2",
            )
            .bind(at_rest::FOUND)
            .bind(case)
            .execute(&pool)
            .await
            .expect("plain substances");
            sqlx::query("UPDATE attachments SET data = $1, data_sealed = NULL WHERE id = $2")
                .bind(at_rest::FILE_BYTES)
                .bind(attachment)
                .execute(&pool)
                .await
                .expect("plain bytes");
        }
    };
    at_rest::plain_text_left_by_an_upgrade_is_sealed(&*db, make_plain, || {
        let pool = pool.clone();
        async move { raw_text(&pool).await }
    })
    .await;
}
