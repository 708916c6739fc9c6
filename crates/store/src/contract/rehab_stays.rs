//! Contract: CASE-5 — stays in a 戒毒康复场所: entry and exit recorded jointly on a case
//! of the scope, one running stay per case, dates checked, audited, a district's list.

use jiekang_domain::rehab_centre::StayEnd;

use super::cases::{executing, world};
use super::fixture::{Fixture, day};
use crate::model::{AuditFilter, PageRequest};
use crate::rehab_stays::*;
use crate::{Scope, Store, StoreError};

fn entry(on: &str, recorder: &str) -> NewStay {
    NewStay {
        place: "鄂尔多斯市戒毒康复场所".into(),
        agreement: "康复协议 2024-07".into(),
        entered_on: day(on),
        centre_recorder: recorder.into(),
    }
}

pub async fn a_stay_in_a_rehabilitation_centre_is_entered_and_left_jointly(store: &dyn Store) {
    let w = world(store).await;
    let f = &w.f;
    let case = executing(store, &w).await;
    let case_id = case.id.get();
    let jt = Fixture::scope_of(&f.jiaotong);
    let gy = Fixture::scope_of(&f.gongyuan);
    let today = day("2024-11-01");
    // out of scope: missing; bad facts: refused, nothing written
    assert!(matches!(
        store
            .enter_rehab_centre(
                &gy,
                f.gongyuan_user.id,
                case_id,
                &entry("2024-10-20", "王某"),
                today
            )
            .await,
        Err(StoreError::NotFound)
    ));
    for bad in [
        entry("2024-11-02", "王某"),
        entry("2024-09-01", "王某"),
        entry("2024-10-20", " "),
    ] {
        assert!(matches!(
            store
                .enter_rehab_centre(&jt, f.jiaotong_user.id, case_id, &bad, today)
                .await,
            Err(StoreError::Refused(_))
        ));
    }
    assert!(
        store
            .case_stays(&jt, case_id)
            .await
            .expect("none")
            .stays
            .is_empty()
    );
    assert!(matches!(
        store.case_stays(&gy, case_id).await,
        Err(StoreError::NotFound)
    ));
    let stay = store
        .enter_rehab_centre(
            &jt,
            f.jiaotong_user.id,
            case_id,
            &entry("2024-10-20", "王某"),
            today,
        )
        .await
        .expect("entered");
    assert_eq!(stay.entry_by, "jiaotong 测试");
    assert_eq!(stay.entry_centre_by, "王某");
    assert_eq!(stay.exited_on, None);
    // one running stay per case
    assert!(
        store
            .enter_rehab_centre(
                &jt,
                f.jiaotong_user.id,
                case_id,
                &entry("2024-10-21", "王某"),
                today
            )
            .await
            .is_err()
    );
    let exit = |on: &str, who: &str| StayExit {
        exited_on: day(on),
        end: StayEnd::Withdrawn,
        centre_recorder: who.into(),
    };
    assert!(matches!(
        store
            .exit_rehab_centre(
                &gy,
                f.gongyuan_user.id,
                stay.id,
                &exit("2024-10-30", "李某"),
                today
            )
            .await,
        Err(StoreError::NotFound)
    ));
    for bad in [
        exit("2024-10-19", "李某"),
        exit("2024-11-02", "李某"),
        exit("2024-10-30", ""),
    ] {
        assert!(matches!(
            store
                .exit_rehab_centre(&jt, f.jiaotong_user.id, stay.id, &bad, today)
                .await,
            Err(StoreError::Refused(_))
        ));
    }
    let left = store
        .exit_rehab_centre(
            &jt,
            f.jiaotong_user.id,
            stay.id,
            &exit("2024-10-30", "李某"),
            today,
        )
        .await
        .expect("exited");
    assert_eq!(left.exited_on, Some(day("2024-10-30")));
    assert_eq!(left.end, Some(StayEnd::Withdrawn));
    assert_eq!(left.exit_centre_by.as_deref(), Some("李某"));
    assert!(matches!(
        store
            .exit_rehab_centre(
                &jt,
                f.jiaotong_user.id,
                stay.id,
                &exit("2024-10-31", "李某"),
                today
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    // a new stay after the exit
    store
        .enter_rehab_centre(
            &jt,
            f.jiaotong_user.id,
            case_id,
            &entry("2024-10-31", "王某"),
            today,
        )
        .await
        .expect("again");
    let both = store.case_stays(&jt, case_id).await.expect("two");
    assert_eq!(both.stays.len(), 2);
    assert!(both.open && both.running().is_some());
    // the district's list; the other township's is empty
    let list = store
        .rehab_stays(&Fixture::scope_of(&f.dongsheng), PageRequest::first(1))
        .await
        .expect("list");
    assert_eq!(list.items.len(), 1);
    assert!(list.next_after.is_some());
    assert!(
        store
            .rehab_stays(&gy, PageRequest::first(10))
            .await
            .expect("none")
            .items
            .is_empty()
    );
    for (action, n) in [("case.rehab_entry", 2), ("case.rehab_exit", 1)] {
        let audited = store
            .audit_events(
                &Scope::system(),
                &AuditFilter {
                    action: Some(action.into()),
                    ..AuditFilter::default()
                },
                PageRequest::first(10),
            )
            .await
            .expect("audit");
        assert_eq!(audited.items.len(), n, "{action}");
    }
}
