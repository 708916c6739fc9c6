//! Contract: a transfer lands in a community of the receiving unit (CASE-4), and the
//! sending office keeps a stub of the case it ran up to the acceptance.

use super::*;
use crate::Refusal;
use crate::contract::fixture::child;
use crate::model::Unit;

/// The message id of a refusal, if it is one.
fn refusal_id(err: &StoreError) -> Option<&'static str> {
    match err {
        StoreError::Refused(Refusal::Message { id, .. }) => Some(id),
        _ => None,
    }
}

fn transfer_to(unit: &Unit, on: &str) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step: Step::RequestTransfer,
        on: day(on),
        note: "务工".into(),
        transfer_to_unit_id: Some(unit.id),
        served_on: None,
    })
}

fn accept_into(unit: Option<&Unit>, on: &str) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step: Step::AcceptTransfer,
        on: day(on),
        note: String::new(),
        transfer_to_unit_id: unit.map(|u| u.id),
        served_on: None,
    })
}

/// J1's executing case at 某社区 (交通街道), its transfer to 公园街道 requested on
/// 2025-09-26; 公园街道 has two communities.
async fn requested(store: &dyn Store, w: &World) -> (Case, Unit, Unit) {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let park = child(store, &w.f.gongyuan, "150602002001", "公园社区").await;
    let lake = child(store, &w.f.gongyuan, "150602002002", "湖滨社区").await;
    let case = executing(store, w).await;
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        transfer_to(&w.f.gongyuan, "2025-09-26"),
        "2025-09-26",
    )
    .await
    .expect("request");
    (case, park, lake)
}

pub async fn accepting_a_township_transfer_places_the_case_in_one_of_its_communities(
    store: &dyn Store,
) {
    let w = world(store).await;
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let (case, park, _lake) = requested(store, &w).await;
    let accept = |unit: Option<&Unit>| accept_into(unit, "2025-09-26");
    // a township with communities must choose one
    let err = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        accept(None),
        "2025-09-26",
    )
    .await
    .expect_err("no community");
    assert_eq!(
        refusal_id(&err),
        Some("store-transfer-community-required"),
        "{err:?}"
    );
    // … one of its own: not the sender's community, not the township itself
    for other in [&w.f.community_a, &w.f.gongyuan] {
        let err = run(
            store,
            &gy,
            &w.f.gongyuan_user,
            &case,
            accept(Some(other)),
            "2025-09-26",
        )
        .await
        .expect_err("not under the receiver");
        assert_eq!(
            refusal_id(&err),
            Some("store-transfer-community-not-under-receiver"),
            "{err:?}"
        );
    }
    let unchanged = store
        .case_file(&gy, w.f.gongyuan_user.id, case.id.get())
        .await
        .expect("still pending");
    assert_eq!(unchanged.case.state, "transfer_pending");
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        accept(Some(&park)),
        "2025-09-26",
    )
    .await
    .expect("accept");
    assert_eq!(case.state, "notified");
    assert_eq!(case.unit_id, park.id);
    assert_eq!(case.unit_path, park.path);
    assert_eq!(case.report_deadline, Some(day("2025-10-11")));
    // the community's staff now hold the case and the person
    let staff = user(store, &park, "park.staff", Role::CommunityStaff).await;
    let ps = Fixture::scope_of(&park);
    let file = store
        .case_file(&ps, staff.id, case.id.get())
        .await
        .expect("community staff read");
    assert!(!file.as_receiver);
    assert!(
        file.events
            .iter()
            .any(|e| e.kind == "accept_transfer" && e.summary.contains("交由 公园社区 执行"))
    );
    store
        .person(&ps, staff.id, case.person_id.get())
        .await
        .expect("the person moved to the community");
    let due = store
        .queue(&ps, QueueKind::Transfers, day("2025-09-26"), None, 50)
        .await
        .expect("queue");
    assert!(due.items.is_empty(), "nothing left to accept");
}

pub async fn a_transfer_to_a_community_needs_no_choice(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let park = child(store, &w.f.gongyuan, "150602002001", "公园社区").await;
    let case = executing(store, &w).await;
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        transfer_to(&park, "2025-09-26"),
        "2025-09-26",
    )
    .await
    .expect("request");
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        accept_into(None, "2025-09-26"),
        "2025-09-26",
    )
    .await
    .expect("accept");
    assert_eq!(case.unit_id, park.id);
    assert_eq!(case.unit_path, park.path);
}

pub async fn the_sending_office_keeps_a_stub_up_to_the_acceptance(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let (case, park, _) = requested(store, &w).await;
    // while the transfer is pending the sender still holds the case: no stub yet
    assert!(matches!(
        store
            .transferred_case(&jt, w.f.jiaotong_user.id, case.id.get())
            .await,
        Err(StoreError::NotFound)
    ));
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        accept_into(Some(&park), "2025-09-28"),
        "2025-09-28",
    )
    .await
    .expect("accept");
    let ps = Fixture::scope_of(&park);
    // the receiver's work after the acceptance: a report-in the same day, a test later
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::ReportIn, "2025-09-28"),
        "2025-09-28",
    )
    .await
    .expect("report in");
    run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::SignAgreement, "2025-09-30"),
        "2025-09-30",
    )
    .await
    .expect("agreement");
    // the sender no longer opens the case itself …
    assert!(matches!(
        store
            .case_file(&jt, w.f.jiaotong_user.id, case.id.get())
            .await,
        Err(StoreError::NotFound)
    ));
    // … but its stub, audited like any case read
    let reads = store
        .audit_count("case.read_transferred")
        .await
        .expect("count");
    let stub = store
        .transferred_case(&jt, w.f.jiaotong_user.id, case.id.get())
        .await
        .expect("stub");
    assert_eq!(
        store
            .audit_count("case.read_transferred")
            .await
            .expect("count"),
        reads + 1
    );
    assert_eq!(stub.case_id, case.id);
    assert_eq!(stub.person_name, "张某");
    assert_eq!(stub.placed_unit_id.get(), park.id);
    assert_eq!(stub.placed_unit_name, "公园社区");
    assert_eq!(stub.from_unit_id.get(), w.f.community_a.id);
    assert_eq!(stub.requested_on, day("2025-09-26"));
    assert_eq!(stub.accepted_on, day("2025-09-28"));
    assert_eq!(
        stub.events.first().map(|e| e.kind.as_str()),
        Some("accept_transfer"),
        "the acceptance is the newest entry shown"
    );
    assert!(stub.events.iter().any(|e| e.kind == "request_transfer"));
    assert!(
        stub.events.iter().any(|e| e.kind == "report_in"),
        "its own report-in"
    );
    assert!(
        stub.events
            .iter()
            .all(|e| e.occurred_on <= stub.accepted_on)
    );
    let report_ins = stub.events.iter().filter(|e| e.kind == "report_in").count();
    assert_eq!(report_ins, 1, "the receiver's report-in stays hidden");
    assert!(
        !stub
            .events
            .iter()
            .any(|e| e.kind == "sign_agreement" && e.occurred_on > day("2025-09-28"))
    );
    // the sending community's staff keep the stub too
    let staff = store
        .transferred_case(
            &Fixture::scope_of(&w.f.community_a),
            w.staff.id,
            case.id.get(),
        )
        .await
        .expect("sending community");
    assert_eq!(staff.events.len(), stub.events.len());
    // a third unit learns nothing
    let sl = Fixture::scope_of(&w.f.shulinzhao);
    let other = user(store, &w.f.shulinzhao, "slz", Role::TownshipOffice).await;
    for scope in [&sl, &Fixture::scope_of(&w.f.dalate)] {
        assert!(matches!(
            store.transferred_case(scope, other.id, case.id.get()).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.case_file(scope, other.id, case.id.get()).await,
            Err(StoreError::NotFound)
        ));
    }
    // the receiver reads the whole case, with everything after the acceptance
    let file = store
        .case_file(&ps, w.f.gongyuan_user.id, case.id.get())
        .await
        .expect("receiver");
    assert!(file.events.len() > stub.events.len());
}

pub async fn a_refused_transfer_leaves_no_stub(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let (case, _, _) = requested(store, &w).await;
    run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::RefuseTransfer, "2025-09-27"),
        "2025-09-27",
    )
    .await
    .expect("refuse");
    assert!(matches!(
        store
            .transferred_case(&jt, w.f.jiaotong_user.id, case.id.get())
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .case_file(&jt, w.f.jiaotong_user.id, case.id.get())
        .await
        .expect("still the sender's");
}
