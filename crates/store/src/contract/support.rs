//! Contract: WEL-1..7, JOB-1, N7 — the partner departments' and the community's records
//! on a case, their queues and JOB-1's figures, each in scope and audited.

use jiekang_domain::permission::Role;
use jiekang_domain::support::{ServiceKind, SupportKind, SupportStatus};

use super::cases::{executing, world};
use super::fixture::{Fixture, day, user};
use crate::model::PageRequest;
use crate::support::*;
use crate::{Scope, Store, StoreError};

fn dibao(on: &str) -> NewSupport {
    NewSupport {
        amount_fen: Some(60_000),
        income_fen: Some(30_000),
        line_fen: Some(85_000),
        fixed_income: Some(false),
        ..NewSupport::of(SupportKind::Dibao, day(on))
    }
}

fn decision(status: SupportStatus, on: &str) -> SupportDecision {
    SupportDecision {
        status,
        decided_on: day(on),
        amount_fen: None,
        outcome: "经审核".into(),
    }
}

async fn queue(
    store: &dyn Store,
    scope: &Scope,
    q: SupportQueue,
    today: &str,
) -> Vec<SupportQueueRow> {
    store
        .support_queue(scope, q, day(today), PageRequest::first(50))
        .await
        .expect("queue")
        .items
}

pub async fn partners_record_and_decide_in_scope_each_audited(store: &dyn Store) {
    let w = world(store).await;
    let case = executing(store, &w).await;
    let case_id = case.id.get();
    let mz = user(store, &w.f.dongsheng, "ds.mz", Role::CivilAffairs).await;
    let rs = user(store, &w.f.dongsheng, "ds.rs", Role::HumanResources).await;
    let ds = Fixture::scope_of(&w.f.dongsheng);
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let today = day("2025-11-01");
    // each department its own kinds; the police record none
    for (who, role, new) in [
        (rs.id, Role::HumanResources, dibao("2025-10-20")),
        (
            w.police.id,
            Role::CommunityPolice,
            NewSupport {
                subkind: ServiceKind::Counselling.code().into(),
                ..NewSupport::of(SupportKind::Service, day("2025-10-20"))
            },
        ),
        (
            mz.id,
            Role::CivilAffairs,
            NewSupport::of(SupportKind::Training, day("2025-10-20")),
        ),
    ] {
        let r = store
            .add_support(&ds, who, role, case_id, &new, today)
            .await;
        assert!(matches!(r, Err(StoreError::Refused(_))), "{role:?} {r:?}");
    }
    // never in the future; a case outside the scope is missing
    assert!(matches!(
        store
            .add_support(
                &ds,
                mz.id,
                Role::CivilAffairs,
                case_id,
                &dibao("2025-11-02"),
                today
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .add_support(
                &gy,
                mz.id,
                Role::CivilAffairs,
                case_id,
                &dibao("2025-10-20"),
                today
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.audit_count("support.recorded").await.expect("count"),
        0
    );
    let app = store
        .add_support(
            &ds,
            mz.id,
            Role::CivilAffairs,
            case_id,
            &dibao("2025-10-20"),
            today,
        )
        .await
        .expect("dibao");
    assert_eq!(app.status, SupportStatus::Pending);
    assert_eq!(app.kind, SupportKind::Dibao);
    assert_eq!(app.income_fen, Some(30_000));
    assert_eq!(app.fixed_income, Some(false));
    assert_eq!(app.created_by, "ds.mz 测试");
    // a service by the community worker is done when recorded
    let service = store
        .add_support(
            &jt,
            w.staff.id,
            Role::CommunityStaff,
            case_id,
            &NewSupport {
                subkind: ServiceKind::Counselling.code().into(),
                title: "心理咨询师王某".into(),
                outcome: "情绪稳定".into(),
                ..NewSupport::of(SupportKind::Service, day("2025-10-25"))
            },
            today,
        )
        .await
        .expect("service");
    assert_eq!(service.status, SupportStatus::Done);
    assert_eq!(
        store.audit_count("support.recorded").await.expect("count"),
        2
    );
    // the page: the minimal person and the records, newest first, audited
    let page = store.support_case(&ds, mz.id, case_id).await.expect("page");
    assert_eq!(page.person.name, "张某");
    assert_eq!(page.person.id_number_masked, "150602********1238");
    assert_eq!(page.person.reported_on, Some(day("2024-10-08")));
    assert_eq!(
        page.records.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![service.id, app.id]
    );
    assert_eq!(store.audit_count("support.read").await.expect("count"), 1);
    assert!(matches!(
        store.support_case(&gy, w.f.gongyuan_user.id, case_id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.audit_count("support.read").await.expect("count"), 1);
    // the decision: 民政's, granted or refused, dated between application and today
    assert!(matches!(
        store
            .decide_support(
                &ds,
                rs.id,
                Role::HumanResources,
                app.id,
                &decision(SupportStatus::Granted, "2025-10-30"),
                today
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .decide_support(
                &ds,
                mz.id,
                Role::CivilAffairs,
                app.id,
                &decision(SupportStatus::Done, "2025-10-30"),
                today
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .decide_support(
                &ds,
                mz.id,
                Role::CivilAffairs,
                app.id,
                &decision(SupportStatus::Granted, "2025-10-19"),
                today
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .decide_support(
                &gy,
                mz.id,
                Role::CivilAffairs,
                app.id,
                &decision(SupportStatus::Granted, "2025-10-30"),
                today
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let granted = store
        .decide_support(
            &ds,
            mz.id,
            Role::CivilAffairs,
            app.id,
            &SupportDecision {
                amount_fen: Some(55_000),
                ..decision(SupportStatus::Granted, "2025-10-30")
            },
            today,
        )
        .await
        .expect("grant");
    assert_eq!(granted.status, SupportStatus::Granted);
    assert_eq!(granted.amount_fen, Some(55_000));
    assert_eq!(granted.decided_on, Some(day("2025-10-30")));
    assert_eq!(granted.decided_by.as_deref(), Some("ds.mz 测试"));
    // decided once: a second decision is stale
    assert!(matches!(
        store
            .decide_support(
                &ds,
                mz.id,
                Role::CivilAffairs,
                app.id,
                &decision(SupportStatus::Refused, "2025-10-31"),
                today
            )
            .await,
        Err(StoreError::Stale)
    ));
    assert_eq!(
        store.audit_count("support.decided").await.expect("count"),
        1
    );
}

pub async fn the_queues_and_the_employment_rate_follow_the_records(store: &dyn Store) {
    let w = world(store).await;
    let case = executing(store, &w).await;
    let case_id = case.id.get();
    let mz = user(store, &w.f.dongsheng, "ds.mz", Role::CivilAffairs).await;
    let rs = user(store, &w.f.dongsheng, "ds.rs", Role::HumanResources).await;
    let ds = Fixture::scope_of(&w.f.dongsheng);
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    // WEL-1: report-in 2024-10-08, the year completes 2025-10-08
    assert!(
        queue(store, &ds, SupportQueue::DibaoYearSoon, "2025-08-01")
            .await
            .is_empty()
    );
    let soon = queue(store, &ds, SupportQueue::DibaoYearSoon, "2025-09-20").await;
    assert_eq!(soon.len(), 1);
    assert_eq!(soon[0].on, Some(day("2025-10-08")));
    assert_eq!(soon[0].person.id_number_masked, "150602********1238");
    assert_eq!(
        queue(store, &ds, SupportQueue::DibaoYearSoon, "2026-03-01")
            .await
            .len(),
        1
    );
    assert!(
        queue(store, &gy, SupportQueue::DibaoYearSoon, "2025-09-20")
            .await
            .is_empty()
    );
    // JOB-1: without job or training until some is recorded
    assert_eq!(
        queue(store, &ds, SupportQueue::WithoutJob, "2025-09-20")
            .await
            .len(),
        1
    );
    let f = store
        .employment_figures(&ds, day("2025-09-20"))
        .await
        .expect("figures");
    assert_eq!((f.under_measure, f.employed, f.trained), (1, 0, 0));
    store
        .add_support(
            &ds,
            rs.id,
            Role::HumanResources,
            case_id,
            &NewSupport {
                subkind: "public_welfare_post".into(),
                title: "东胜区环卫所".into(),
                ended_on: Some(day("2025-12-31")),
                ..NewSupport::of(SupportKind::Employment, day("2025-09-01"))
            },
            day("2025-09-20"),
        )
        .await
        .expect("employment");
    assert!(
        queue(store, &ds, SupportQueue::WithoutJob, "2025-09-20")
            .await
            .is_empty()
    );
    // after the job ends the person is back in the queue
    assert_eq!(
        queue(store, &ds, SupportQueue::WithoutJob, "2026-01-05")
            .await
            .len(),
        1
    );
    let f = store
        .employment_figures(&ds, day("2025-09-20"))
        .await
        .expect("figures");
    assert_eq!((f.under_measure, f.employed, f.trained), (1, 1, 0));
    assert_eq!(
        store
            .employment_figures(&gy, day("2025-09-20"))
            .await
            .expect("gy")
            .under_measure,
        0
    );
    // the pending queues: 民政's applications (the township sees them too), 人社's
    // registrations; decided ones leave
    let app = store
        .add_support(
            &ds,
            mz.id,
            Role::CivilAffairs,
            case_id,
            &dibao("2025-09-20"),
            day("2025-09-20"),
        )
        .await
        .expect("dibao");
    assert!(
        queue(store, &ds, SupportQueue::DibaoYearSoon, "2025-09-20")
            .await
            .is_empty()
    );
    for scope in [&ds, &jt] {
        let pending = queue(store, scope, SupportQueue::WelfarePending, "2025-09-20").await;
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].record_id, Some(app.id));
        assert_eq!(pending[0].kind, Some(SupportKind::Dibao));
        assert_eq!(pending[0].amount_fen, Some(60_000));
    }
    assert!(
        queue(store, &gy, SupportQueue::WelfarePending, "2025-09-20")
            .await
            .is_empty()
    );
    let reg = store
        .add_support(
            &ds,
            rs.id,
            Role::HumanResources,
            case_id,
            &NewSupport {
                amount_fen: Some(120_000),
                ..NewSupport::of(SupportKind::Unemployment, day("2025-09-20"))
            },
            day("2025-09-20"),
        )
        .await
        .expect("registration");
    assert_eq!(
        queue(store, &ds, SupportQueue::UnemploymentPending, "2025-09-20")
            .await
            .len(),
        1
    );
    assert_eq!(
        queue(store, &ds, SupportQueue::WelfarePending, "2025-09-20")
            .await
            .len(),
        1
    );
    store
        .decide_support(
            &ds,
            rs.id,
            Role::HumanResources,
            reg.id,
            &decision(SupportStatus::Done, "2025-09-21"),
            day("2025-09-21"),
        )
        .await
        .expect("followed up");
    assert!(
        queue(store, &ds, SupportQueue::UnemploymentPending, "2025-09-21")
            .await
            .is_empty()
    );
    store
        .decide_support(
            &ds,
            mz.id,
            Role::CivilAffairs,
            app.id,
            &decision(SupportStatus::Refused, "2025-09-21"),
            day("2025-09-21"),
        )
        .await
        .expect("refused");
    assert!(
        queue(store, &ds, SupportQueue::WelfarePending, "2025-09-21")
            .await
            .is_empty()
    );
}

/// WEL-3: low-rent housing waits for a granted 低保; WEL-7: hardship support during
/// methadone treatment waits for a treatment running now. Refused before, nothing written.
pub async fn housing_and_methadone_hardship_ask_for_their_preconditions(store: &dyn Store) {
    let w = world(store).await;
    let case = executing(store, &w).await;
    let case_id = case.id.get();
    let mz = user(store, &w.f.dongsheng, "ds.mz3", Role::CivilAffairs).await;
    let ds = Fixture::scope_of(&w.f.dongsheng);
    let today = day("2025-11-01");
    let housing = NewSupport::of(SupportKind::LowRentHousing, day("2025-10-25"));
    let refused = |r: Result<SupportRecord, StoreError>| matches!(r, Err(StoreError::Refused(_)));
    assert!(refused(
        store
            .add_support(&ds, mz.id, Role::CivilAffairs, case_id, &housing, today)
            .await
    ));
    assert!(refused(
        store
            .add_support(
                &ds,
                mz.id,
                Role::CivilAffairs,
                case_id,
                &NewSupport::of(SupportKind::MethadoneHardship, day("2025-10-25")),
                today
            )
            .await
    ));
    // an application alone is not enough: the 低保 must be granted
    let app = store
        .add_support(
            &ds,
            mz.id,
            Role::CivilAffairs,
            case_id,
            &dibao("2025-10-20"),
            today,
        )
        .await
        .expect("dibao");
    assert!(refused(
        store
            .add_support(&ds, mz.id, Role::CivilAffairs, case_id, &housing, today)
            .await
    ));
    store
        .decide_support(
            &ds,
            mz.id,
            Role::CivilAffairs,
            app.id,
            &decision(SupportStatus::Granted, "2025-10-22"),
            today,
        )
        .await
        .expect("granted");
    let granted = store
        .add_support(&ds, mz.id, Role::CivilAffairs, case_id, &housing, today)
        .await
        .expect("housing after the dibao");
    assert_eq!(granted.kind, SupportKind::LowRentHousing);
    assert_eq!(granted.status, SupportStatus::Pending);
    let recorded = store
        .support_case(&ds, mz.id, case_id)
        .await
        .expect("case")
        .records
        .len();
    assert_eq!(recorded, 2, "the refused ones wrote nothing");
}
