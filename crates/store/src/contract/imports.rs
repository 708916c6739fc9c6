//! Contract: INFO-1, import — what the store adds for imports of legacy registers: holders
//! found by blind index (a number held elsewhere is never named), orders planned by
//! the rules and written with their keys in one transaction per batch, a second run
//! of the same file adding nothing, a killed run resumed, the import audited.

use chrono::NaiveDate;
use jiekang_domain::id_number::check_character;
use jiekang_domain::import::{Cell, RawFile, RawRow};

use super::fixture::{Fixture, build, day};
use crate::bulk::BulkActor;
use crate::imports::{Holder, ImportFile, plan, prepare, write_all};
use crate::model::{AuditFilter, PageRequest};
use crate::{Scope, Store};

const TODAY: &str = "2026-06-01";

fn id(seq: u32) -> String {
    let first17 = format!("15060219900102{seq:03}");
    format!("{first17}{}", check_character(&first17).expect("check"))
}

fn row(line: usize, cells: &[&str]) -> RawRow {
    RawRow {
        line,
        cells: cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text((*c).into())
                }
            })
            .collect(),
    }
}

/// Persons 1..=n at `unit`, each with a current order agreed on 2025-03-05 and a
/// negative test on 2025-04-10.
fn register(n: u32, unit: &str) -> RawFile {
    let mut f = RawFile::default();
    for i in 1..=n {
        let line = i as usize + 2;
        let number = format!("D{i}");
        f.persons.push(row(line, &[&id(i), "张三", unit]));
        f.orders.push(row(
            line,
            &[
                &id(i),
                unit,
                "社区戒毒",
                "",
                "东胜分局",
                &number,
                "2025-03-01",
                "2025-03-01",
                "2025-03-03",
                "2025-03-05",
                "2025-03-05",
                "",
            ],
        ));
        f.records.push(row(
            line,
            &[
                &id(i),
                &number,
                "检测",
                "2025-04-10",
                "阴性",
                "李强",
                "王芳",
                "",
            ],
        ));
    }
    f
}

fn actor(f: &Fixture) -> BulkActor {
    let u = &f.jiaotong_user;
    BulkActor {
        user_id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        unit_id: f.jiaotong.id,
        unit_path: f.jiaotong.path.clone(),
    }
}

fn file(rows: u64) -> ImportFile {
    ImportFile {
        name: "台账.xlsx".into(),
        sha256: "ab".repeat(32),
        rows,
    }
}

async fn import(store: &dyn Store, f: &Fixture, raw: &RawFile) -> (u64, u64, u64) {
    let today: NaiveDate = day(TODAY);
    let scope = Fixture::scope_of(&f.jiaotong);
    let mut prepared = prepare(store, &scope, raw, today).await.expect("prepare");
    assert!(prepared.errors().is_empty(), "{:?}", prepared.errors());
    let planned = plan(
        &mut prepared,
        &actor(f),
        jiekang_domain::calendar::HolidayCalendar::embedded(),
        today,
    );
    let out = write_all(
        store,
        &scope,
        &actor(f),
        &file(raw.rows() as u64),
        planned,
        0,
        &|_, _| {},
    )
    .await
    .expect("write");
    (out.written.persons, out.written.orders, out.written.skipped)
}

pub async fn an_import_is_planned_written_once_and_audited(store: &dyn Store) {
    let f = build(store).await;
    let raw = register(3, &f.community_a.code);
    assert_eq!(import(store, &f, &raw).await, (3, 3, 0));
    // the same file again: nothing added
    assert_eq!(import(store, &f, &raw).await, (0, 0, 6));
    let jt = Fixture::scope_of(&f.jiaotong);
    assert_eq!(store.count_persons(&jt).await.expect("count"), 3);
    // planned by the rules: windows from the agreement, the test fills its window,
    // closed untested windows are missed
    let page = store
        .persons(&jt, &Default::default(), PageRequest::first(50))
        .await
        .expect("persons");
    let cases = store
        .person_cases(&jt, page.items[0].id)
        .await
        .expect("cases");
    let file_of = store
        .case_file(&jt, f.jiaotong_user.id, cases[0].id.0)
        .await
        .expect("case");
    assert_eq!(file_of.case.state.code(), "executing");
    let windows = &file_of.windows;
    assert!(windows.iter().any(|w| w.done_on == Some(day("2025-04-10"))));
    assert!(windows.iter().any(|w| w.missed == Some(true)));
    // audited: who, which file, how many rows
    let audited = store
        .count_audit_events(
            &Scope::system(),
            &AuditFilter {
                action: Some("import.finished".into()),
                ..AuditFilter::default()
            },
        )
        .await
        .expect("audit");
    assert_eq!(audited, 2);
}

pub async fn a_number_held_elsewhere_is_refused_without_naming_its_holder(store: &dyn Store) {
    let f = build(store).await;
    // 公园街道 registers person 1 first
    let gy = Fixture::scope_of(&f.gongyuan);
    store
        .create_person(
            &gy,
            f.gongyuan_user.id,
            &super::fixture::new_person(&f.gongyuan, "李四", &id(1)),
        )
        .await
        .expect("held elsewhere");
    let jt = Fixture::scope_of(&f.jiaotong);
    let holders = store
        .import_holders(
            &jt,
            &[("resident_id".into(), id(1)), ("resident_id".into(), id(2))],
        )
        .await
        .expect("holders");
    assert_eq!(holders, vec![Holder::Elsewhere, Holder::Nobody]);
    let raw = register(2, &f.community_a.code);
    let prepared = prepare(store, &jt, &raw, day(TODAY))
        .await
        .expect("prepare");
    let errors = prepared.errors();
    assert!(errors.iter().any(|e| e.reason.contains("其他辖区")));
    assert!(
        errors.iter().all(|e| !e.reason.contains(&f.gongyuan.name)),
        "the holder is never named: {errors:?}"
    );
    // the orders and records of the refused person go with it; person 2 is clean
    assert_eq!(prepared.checked.persons.len(), 1);
    assert_eq!(prepared.checked.orders.len(), 1);
}

pub async fn a_killed_import_resumes_where_it_stopped(store: &dyn Store) {
    let f = build(store).await;
    let today = day(TODAY);
    let jt = Fixture::scope_of(&f.jiaotong);
    let raw = register(4, &f.community_a.code);
    // the first two persons with their orders were written before the kill
    let mut first = raw.clone();
    first.persons.truncate(2);
    first.orders.truncate(2);
    first.records.truncate(2);
    assert_eq!(import(store, &f, &first).await, (2, 2, 0));
    let mut prepared = prepare(store, &jt, &raw, today).await.expect("prepare");
    assert_eq!(prepared.done_persons.len(), 2);
    assert_eq!(prepared.done_orders.len(), 2);
    let planned = plan(
        &mut prepared,
        &actor(&f),
        jiekang_domain::calendar::HolidayCalendar::embedded(),
        today,
    );
    assert_eq!((planned.new_persons(), planned.new_orders()), (2, 2));
    assert_eq!(import(store, &f, &raw).await, (2, 2, 4));
    assert_eq!(store.count_persons(&jt).await.expect("count"), 4);
}
