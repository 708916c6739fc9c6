//! Contract: free text sealed at rest — a person's free-text profile, the substances of a drug
//! test and an attachment's bytes are sealed at rest, read back as written, and
//! re-encrypted by a rotation. Each engine's tests supply its raw view of the database
//! (as for [`super::sealed::nothing_personal_is_stored_in_plain_text`]) and, for the
//! upgrade, turn sealed rows back into plain ones the way a database from before
//! migration 0016 holds them.

use std::future::Future;

use jiekang_domain::compliance::TestOutcome;

use super::cases::{World, executing, run, test_at, world};
use super::fixture::Fixture;
use super::sealed::drain;
use crate::cases::{CaseCommand, NewAttachment, PersonProfile};
use crate::sealed::Keyring;
use crate::{Scope, Store};

pub const FORMER_NAMES: &str = "张小某曾用名";
pub const HOUSEHOLD: &str = "内蒙古鄂尔多斯市东胜区户籍路17号";
pub const RESIDENCE: &str = "东胜区交通街道幸福小区3号楼";
pub const FAMILY: &str = "母亲王秀兰13700001111";
pub const SUBSTANCES_USED: &str = "甲基苯丙胺与海洛因史";
pub const PRIOR_ISOLATION: &str = "2018年于某强制隔离戒毒所";
/// What the drug test found.
pub const FOUND: &str = "吗啡可待因阳性检出";
pub const FILE_BYTES: &[u8] = b"%PDF-1.4 attachment-secret-content-C0FFEE";

/// Every sealed value of [`write_all`], as text.
pub fn secrets() -> Vec<String> {
    let mut all: Vec<String> = [
        FORMER_NAMES,
        HOUSEHOLD,
        RESIDENCE,
        FAMILY,
        SUBSTANCES_USED,
        PRIOR_ISOLATION,
        FOUND,
    ]
    .map(str::to_owned)
    .to_vec();
    all.push(String::from_utf8_lossy(FILE_BYTES).into_owned());
    all
}

pub fn profile() -> PersonProfile {
    PersonProfile {
        former_names: FORMER_NAMES.into(),
        ethnicity: "汉族".into(),
        phone: "13912345678".into(),
        household_address: HOUSEHOLD.into(),
        residence_address: RESIDENCE.into(),
        fixed_home: true,
        family_contacts: FAMILY.into(),
        substances: SUBSTANCES_USED.into(),
        first_use_on: None,
        addiction_assessed_on: None,
        prior_isolation: PRIOR_ISOLATION.into(),
    }
}

/// What [`write_all`] wrote, to read it back.
pub struct Written {
    w: World,
    pub person_id: i64,
    pub case_id: i64,
    pub attachment_id: i64,
}

impl Written {
    fn scope(&self) -> Scope {
        Fixture::scope_of(&self.w.f.jiaotong)
    }
}

/// A person with every free-text field, a positive drug test with its substances and
/// an attachment, written through the store.
pub async fn write_all(store: &dyn Store) -> Written {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = executing(store, &w).await;
    let person = store
        .person(&jt, w.f.jiaotong_user.id, case.person_id.get())
        .await
        .expect("person");
    store
        .update_person_profile(
            &jt,
            w.f.jiaotong_user.id,
            person.id,
            person.version,
            &profile(),
        )
        .await
        .expect("profile");
    let CaseCommand::Test(mut test) = test_at("2024-10-20 09:30", TestOutcome::Positive) else {
        unreachable!("a test command")
    };
    test.substances = FOUND.into();
    test.sample_a = "A-0001".into();
    test.sample_b = "B-0001".into();
    run(
        store,
        &jt,
        &w.police,
        &case,
        CaseCommand::Test(test),
        "2024-10-20",
    )
    .await
    .expect("positive test");
    let meta = store
        .add_attachment(
            &jt,
            w.f.jiaotong_user.id,
            case.id.get(),
            &NewAttachment {
                kind: "decision".into(),
                file_name: "决定书.pdf".into(),
                content_type: "application/pdf".into(),
                sha256: "00".into(),
                data: FILE_BYTES.to_vec(),
            },
        )
        .await
        .expect("attach");
    Written {
        person_id: person.id,
        case_id: case.id.get(),
        attachment_id: meta.id,
        w,
    }
}

/// Every value of [`write_all`] reads back as written.
pub async fn assert_reads_back(store: &dyn Store, written: &Written) {
    let scope = written.scope();
    assert_eq!(
        store
            .person_profile(&scope, written.person_id)
            .await
            .expect("profile"),
        profile()
    );
    let file = store
        .case_file(&scope, written.w.staff.id, written.case_id)
        .await
        .expect("case file");
    assert_eq!(file.tests.len(), 1);
    assert_eq!(file.tests[0].substances, FOUND);
    assert_eq!(
        file.tests[0].outcome, "positive",
        "the outcome stays readable"
    );
    let attachment = store
        .attachment(&scope, written.w.f.jiaotong_user.id, written.attachment_id)
        .await
        .expect("attachment");
    assert_eq!(attachment.data, FILE_BYTES);
    assert_eq!(attachment.meta.size, FILE_BYTES.len() as i64);
}

/// None of the sealed values is in `raw`, neither as text nor as the hex a raw view
/// may show bytes in.
pub fn assert_no_plain_text(raw: &str, when: &str) {
    assert!(raw.contains("决定书.pdf"), "the raw view sees the rows");
    for secret in secrets() {
        assert!(
            !raw.contains(&secret),
            "{when}: {secret} stored in plain text"
        );
        let hex = hex::encode(secret.as_bytes());
        assert!(
            !raw.contains(&hex),
            "{when}: {secret} stored in plain bytes"
        );
    }
}

/// Written, read back and never in plain text; a rotation re-encrypts every value
/// under the new key, after which they still read back with the old key retired.
pub async fn free_text_tests_and_attachments_are_sealed_rotated_and_read_back<F, Fut>(
    store: &dyn Store,
    everything: F,
) where
    F: Fn() -> Fut,
    Fut: Future<Output = String>,
{
    let written = write_all(store).await;
    assert_reads_back(store, &written).await;
    assert_no_plain_text(&everything().await, "written");
    let report = store.sealing_report().await.expect("report");
    assert!(report.all_under(1), "{report:?}");
    // ID number, phone, profile, substances, attachment
    assert_eq!(report.by_version.get(&1), Some(&5), "{report:?}");

    let rotated = Keyring::for_tests().rotated().expect("rotate");
    store.unlock(rotated.clone()).await.expect("unlock rotated");
    assert_eq!(drain(store, true).await, 0, "nothing left in plain text");
    // one person (ID number, phone and profile together), one test, one attachment
    assert_eq!(drain(store, false).await, 3);
    let report = store.sealing_report().await.expect("report");
    assert!(report.all_under(2), "{report:?}");
    assert_eq!(report.by_version.get(&2), Some(&5), "{report:?}");
    assert_eq!(
        drain(store, false).await,
        0,
        "a second pass has nothing to do"
    );

    store.unlock(rotated.retired()).await.expect("retired");
    assert_reads_back(store, &written).await;
    assert_no_plain_text(&everything().await, "rotated");
}

/// After the engine's test turned the values of [`write_all`] back into plain text
/// (`make_plain`, as before migration 0016): they read back all the same, the report
/// counts them, the upgrade pass seals them in batches and empties the plain columns.
pub async fn plain_text_left_by_an_upgrade_is_sealed<P, PFut, F, Fut>(
    store: &dyn Store,
    make_plain: P,
    everything: F,
) where
    P: FnOnce(i64, i64, i64) -> PFut,
    PFut: Future<Output = ()>,
    F: Fn() -> Fut,
    Fut: Future<Output = String>,
{
    let written = write_all(store).await;
    make_plain(written.person_id, written.case_id, written.attachment_id).await;
    let report = store.sealing_report().await.expect("report");
    assert_eq!(
        (
            report.plaintext_persons,
            report.plaintext_tests,
            report.plaintext_attachments
        ),
        (1, 1, 1),
        "{report:?}"
    );
    assert!(everything().await.contains(FAMILY), "plain before the pass");
    assert_reads_back(store, &written).await;
    // person, test, attachment; the ID number and phone were sealed already
    assert_eq!(drain(store, true).await, 3);
    let report = store.sealing_report().await.expect("report");
    assert!(report.all_under(1), "{report:?}");
    assert_eq!(report.by_version.get(&1), Some(&5), "{report:?}");
    assert_reads_back(store, &written).await;
    assert_no_plain_text(&everything().await, "sealed after the upgrade");
}
