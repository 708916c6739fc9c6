//! Contract: holiday notices entered at run time (D2).

use super::fixture::build;
use crate::Store;

pub async fn the_newest_notice_of_a_year_is_in_force_and_history_is_kept(store: &dyn Store) {
    let f = build(store).await;
    assert!(store.calendar_notices().await.expect("notices").is_empty());
    let first = "#year 2027\n2027-01-01\tholiday\t元旦\n".to_owned();
    let other = "#year 2028\n2028-01-01\tholiday\t元旦\n".to_owned();
    store
        .save_calendar_notices(
            Some(f.dongsheng_user.id),
            &[(2027, first), (2028, other.clone())],
        )
        .await
        .expect("save");
    let corrected = "#year 2027\n2027-01-01\tholiday\t元旦\n2027-01-02\tholiday\t元旦\n".to_owned();
    store
        .save_calendar_notices(None, &[(2027, corrected.clone())])
        .await
        .expect("save");
    let in_force = store.calendar_notices().await.expect("notices");
    assert_eq!(
        in_force.iter().map(|n| n.year).collect::<Vec<_>>(),
        [2027, 2028]
    );
    assert_eq!(
        in_force[0].notice, corrected,
        "the correction replaces the year"
    );
    assert_eq!(in_force[0].entered_by, "", "entered on the command line");
    assert_eq!(in_force[1].notice, other);
    assert_eq!(in_force[1].entered_by, "dongsheng 测试");
    assert_eq!(
        store.audit_count("calendar.import").await.expect("count"),
        3,
        "history: every import audited"
    );
}
