//! INFO-1 — the printed documents: built from the recorded data, numbered, naming the
//! township's office, as a page and as the server's PDF with an embedded font subset;
//! read through the scope (another township gets 404) and audited; never a planned
//! test date (D4).

use axum::http::StatusCode;
use chrono::NaiveDateTime;
use jiekang_domain::breach::WarningManner;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::permission::Role;
use jiekang_domain::records::{Sample, TestKind};
use jiekang_store::Scope;
use jiekang_store::cases::{CaseCommand, NewDrugTest};
use jiekang_store::model::{AuditFilter, PageRequest};

use crate::fixtures::{ZHANG_ID, day, executing};
use crate::harness::{App, PASSWORD};

/// Every document route of a case, page and PDF.
const KINDS: &[&str] = &[
    "agreement",
    "report-notice",
    "test-record",
    "talk-record",
    "leave-approval",
    "release-notice",
    "referral",
    "transfer-letter",
    "warning-notice",
    "archive",
];

/// A subset font's name in a PDF: six capitals and '+'.
fn has_font_subset(pdf: &[u8]) -> bool {
    let text = String::from_utf8_lossy(pdf);
    text.contains("/FontFile")
        && text.split("/BaseFont/").skip(1).any(|s| {
            let b = s.as_bytes();
            b.len() > 7 && b[..6].iter().all(u8::is_ascii_uppercase) && b[6] == b'+'
        })
}

pub async fn printed_documents_are_numbered_scoped_audited_and_keep_planned_dates_secret(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.gongyuan.id, "gy", Role::TownshipOffice).await;
    let case = executing(&app, &f).await;
    let id = case.id.get();
    app.clock.set(day("2024-10-20"));
    // a test with its A/B sample numbers and two testers
    app.store
        .apply_case_command(
            &Scope::system(),
            f.jiaotong_user.id,
            Role::TownshipOffice,
            id,
            case.version,
            &CaseCommand::Test(NewDrugTest {
                tested_at: NaiveDateTime::parse_from_str("2024-10-15 09:30", "%Y-%m-%d %H:%M")
                    .expect("time"),
                kind: TestKind::OnSite,
                sample: Some(Sample::Urine),
                outcome: TestOutcome::Negative,
                substances: String::new(),
                tester_1: "王警官".into(),
                tester_2: "李干事".into(),
                sample_a: "A-2024-0015".into(),
                sample_b: "B-2024-0015".into(),
                planned: true,
                female_tester_present: false,
                note: String::new(),
            }),
            HolidayCalendar::embedded(),
            day("2024-10-20"),
        )
        .await
        .expect("test");
    let file = app
        .store
        .case_file(&Scope::system(), f.jiaotong_user.id, id)
        .await
        .expect("file");
    let test = file.tests[0].id;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let gy = app.login("gy", PASSWORD).await.ok().expect("login");

    // The case page links the documents that exist, and each test's record.
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    for href in ["agreement", "report-notice", "test-record", "agreement.pdf"] {
        assert!(
            page.body.contains(&format!("/cases/{id}/{href}\"")),
            "{href}"
        );
    }
    assert!(page.body.contains(&format!("test-record?record={test}")));
    assert!(!page.body.contains(&format!("/cases/{id}/release-notice")));

    // The agreement: 甲方 the township's office, 乙方 with ID number, numbered.
    let a = app.get(&format!("/cases/{id}/agreement"), Some(&jt)).await;
    assert_eq!(a.status, StatusCode::OK);
    for text in [
        "社区戒毒协议",
        "戒康协〔2024〕",
        "甲方(执行地):</strong>交通街道社区戒毒社区康复工作办公室",
        "乙方(社区戒毒人员)",
        ZHANG_ID,
        "甲方(盖章)",
        "乙方(签名)",
        "工作小组",
    ] {
        assert!(a.body.contains(text), "{text}: {}", a.body);
    }
    let n = app
        .get(&format!("/cases/{id}/report-notice"), Some(&jt))
        .await;
    assert!(
        n.body.contains("报到通知书")
            && n.body.contains("回执")
            && n.body.contains("戒康报〔2024〕")
    );
    let t = app
        .get(&format!("/cases/{id}/test-record?record={test}"), Some(&jt))
        .await;
    for text in [
        "A-2024-0015",
        "B-2024-0015",
        "王警官",
        "李干事",
        "阴性",
        "被检测人(签名)",
    ] {
        assert!(t.body.contains(text), "{text}: {}", t.body);
    }
    assert!(
        t.body
            .contains(&format!("戒康检〔2024〕{id:06}-{test:04}号"))
    );
    // another test's id is no record of this case
    let other = app
        .get(&format!("/cases/{id}/test-record?record=999999"), Some(&jt))
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // not released, not referred, not transferred: a clear refusal, no empty paper
    for kind in [
        "release-notice",
        "referral",
        "transfer-letter",
        "warning-notice",
    ] {
        let r = app.get(&format!("/cases/{id}/{kind}"), Some(&jt)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{kind}");
    }

    // N10: a written warning recorded on the case prints as its 告诫书, linked from the
    // timeline; the archive cover lists it with the test in its contents.
    let version = file.case.version;
    app.store
        .apply_case_command(
            &Scope::system(),
            f.jiaotong_user.id,
            Role::TownshipOffice,
            id,
            version,
            &CaseCommand::Warning {
                on: day("2024-10-18"),
                by: "李干事".into(),
                manner: WarningManner::Written,
                note: "未按约定时间到社区报告".into(),
            },
            HolidayCalendar::embedded(),
            day("2024-10-20"),
        )
        .await
        .expect("warning");
    let file = app
        .store
        .case_file(&Scope::system(), f.jiaotong_user.id, id)
        .await
        .expect("file");
    let warning = file.last_warning().expect("warning recorded").id;
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(
        page.body
            .contains(&format!("warning-notice?record={warning}"))
    );
    assert!(page.body.contains(&format!("/cases/{id}/archive\"")));
    let w = app
        .get(
            &format!("/cases/{id}/warning-notice?record={warning}"),
            Some(&jt),
        )
        .await;
    assert_eq!(w.status, StatusCode::OK);
    for text in [
        "告诫书",
        &format!("戒康诫〔2024〕{id:06}-{warning:04}号"),
        "被告诫人",
        ZHANG_ID,
        "告诫(书面告诫)",
        "李干事",
        "未按约定时间到社区报告",
        "被告诫人(签名)",
        "交通街道社区戒毒社区康复工作办公室",
    ] {
        assert!(w.body.contains(text), "{text}: {}", w.body);
    }
    let cover = app.get(&format!("/cases/{id}/archive"), Some(&jt)).await;
    assert_eq!(cover.status, StatusCode::OK);
    for text in [
        "社区戒毒人员档案",
        &format!("戒康档〔{}〕{id:06}号", file.case.decided_on.format("%Y")),
        "卷内目录",
        "社区戒毒决定书",
        "社区戒毒协议",
        "吸毒检测记录",
        "2024年10月15日",
        "告诫书",
        "2024年10月18日",
        "立卷人(签名)",
    ] {
        assert!(cover.body.contains(text), "{text}: {}", cover.body);
    }

    // D4: no document shows a planned test date, in any form.
    let planned: Vec<String> = file
        .windows
        .iter()
        .flat_map(|w| {
            [
                w.planned_on.format("%Y-%m-%d").to_string(),
                w.planned_on.format("%Y年%-m月%-d日").to_string(),
            ]
        })
        .collect();
    for kind in KINDS {
        let r = app.get(&format!("/cases/{id}/{kind}"), Some(&jt)).await;
        for p in &planned {
            assert!(
                !r.body.contains(p.as_str()),
                "{kind} shows the planned date {p}"
            );
        }
    }

    // The PDFs: written by the server, with the used glyphs of the CJK font embedded.
    for kind in [
        "agreement",
        "report-notice",
        "test-record",
        "talk-record",
        "leave-approval",
        "warning-notice",
        "archive",
    ] {
        let (status, pdf) = app.get_bytes(&format!("/cases/{id}/{kind}.pdf"), &jt).await;
        assert_eq!(status, StatusCode::OK, "{kind}");
        assert!(pdf.starts_with(b"%PDF"), "{kind}");
        assert!(has_font_subset(&pdf), "{kind}: no embedded font subset");
        assert!(pdf.len() < 300_000, "{kind}: {} bytes", pdf.len());
    }

    // Another township: every document answers like a missing case.
    for kind in KINDS {
        for path in [
            format!("/cases/{id}/{kind}"),
            format!("/cases/{id}/{kind}.pdf"),
        ] {
            let r = app.get(&path, Some(&gy)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        }
    }

    // Every document read is audited, naming the document.
    let trail = app
        .store
        .audit_events(
            &Scope::system(),
            &AuditFilter {
                action: Some("case.document".into()),
                ..AuditFilter::default()
            },
            PageRequest::first(100),
        )
        .await
        .expect("audit");
    assert!(trail.items.iter().any(|r| r.detail == "agreement"));
    assert!(
        trail
            .items
            .iter()
            .any(|r| r.detail == format!("test-record {test}"))
    );
    assert!(
        trail
            .items
            .iter()
            .all(|r| r.person_id == Some(case.person_id.get()))
    );
}
