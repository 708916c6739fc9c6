//! Persons, their cases and records, hand-overs and the work queues (pages).

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::pages;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    documents(t)
        .get(
            "/persons",
            Permission(Action::PersonsRead),
            pages::persons::list,
        )
        .get(
            "/persons/export.xlsx",
            Permission(Action::PersonsRead),
            pages::persons::export,
        )
        .get(
            "/persons/new",
            Permission(Action::PersonsWrite),
            pages::persons::new_form,
        )
        .post(
            "/persons/new",
            Permission(Action::PersonsWrite),
            pages::persons::create,
        )
        .get(
            "/persons/{id}",
            Permission(Action::PersonsRead),
            pages::persons::show,
        )
        .get(
            "/persons/emergency",
            Permission(Action::PersonsRead),
            pages::emergency::show,
        )
        .post(
            "/persons/emergency",
            Permission(Action::PersonsRead),
            pages::emergency::open,
        )
        .get(
            "/persons/{id}/profile",
            Permission(Action::PersonsWrite),
            pages::persons::profile_form,
        )
        .post(
            "/persons/{id}/profile",
            Permission(Action::PersonsWrite),
            pages::persons::profile_save,
        )
        .get(
            "/persons/{id}/cases/new",
            Permission(Action::CasesWrite),
            pages::cases::new_form,
        )
        .post(
            "/persons/{id}/cases/new",
            Permission(Action::CasesWrite),
            pages::cases::create,
        )
        .get(
            "/cases/{id}",
            Permission(Action::PersonsRead),
            pages::cases::show,
        )
        .post(
            "/cases/{id}/steps",
            Permission(Action::CasesWrite),
            pages::cases::step,
        )
        // --- CASE-7, D6, N6: risk classes and caseloads ---
        .post(
            "/cases/{id}/assessments",
            Permission(Action::RiskAssess),
            pages::cases::assess,
        )
        .post(
            "/cases/{id}/assignment",
            Permission(Action::CasesAssign),
            pages::cases::assign,
        )
        .get(
            "/my-persons",
            Permission(Action::PersonsRead),
            pages::mine::list,
        )
        .get(
            "/my-persons/export.xlsx",
            Permission(Action::PersonsRead),
            pages::mine::export,
        )
        .post(
            "/cases/{id}/steps/confirm",
            Permission(Action::CasesWrite),
            pages::cases::confirm_step,
        )
        .post(
            "/cases/{id}/tests",
            Permission(Action::CasesWrite),
            pages::cases::test,
        )
        .post(
            "/cases/{id}/records",
            Permission(Action::CasesWrite),
            pages::cases::record,
        )
        .post(
            "/cases/{id}/attachments",
            Permission(Action::CasesWrite),
            pages::cases::upload,
        )
        .get(
            "/attachments/{id}",
            Permission(Action::PersonsRead),
            pages::cases::download,
        )
        .post(
            "/handovers/{id}/receive",
            Permission(Action::CasesWrite),
            pages::cases::receive_handover,
        )
        .get(
            "/queues",
            Permission(Action::PersonsRead),
            pages::queues::show,
        )
        .get(
            "/queues/export.xlsx",
            Permission(Action::PersonsRead),
            pages::queues::export,
        )
}

/// INFO-1 — the printed documents of a case, each as a page for the browser's print and
/// as a PDF written by the server; reading one is reading the case's archive.
fn documents(t: Table) -> Table {
    use crate::documents as d;
    use Access::*;
    let read = || Permission(Action::PersonsRead);
    t.get("/cases/{id}/agreement", read(), d::agreement)
        .get("/cases/{id}/agreement.pdf", read(), d::agreement_pdf)
        .get("/cases/{id}/report-notice", read(), d::report_notice)
        .get(
            "/cases/{id}/report-notice.pdf",
            read(),
            d::report_notice_pdf,
        )
        .get("/cases/{id}/test-record", read(), d::test_record)
        .get("/cases/{id}/test-record.pdf", read(), d::test_record_pdf)
        .get("/cases/{id}/talk-record", read(), d::talk_record)
        .get("/cases/{id}/talk-record.pdf", read(), d::talk_record_pdf)
        .get("/cases/{id}/leave-approval", read(), d::leave_approval)
        .get(
            "/cases/{id}/leave-approval.pdf",
            read(),
            d::leave_approval_pdf,
        )
        .get("/cases/{id}/release-notice", read(), d::release_notice)
        .get(
            "/cases/{id}/release-notice.pdf",
            read(),
            d::release_notice_pdf,
        )
        .get("/cases/{id}/referral", read(), d::referral)
        .get("/cases/{id}/referral.pdf", read(), d::referral_pdf)
        .get("/cases/{id}/transfer-letter", read(), d::transfer_letter)
        .get(
            "/cases/{id}/transfer-letter.pdf",
            read(),
            d::transfer_letter_pdf,
        )
        .get("/cases/{id}/warning-notice", read(), d::warning_notice)
        .get(
            "/cases/{id}/warning-notice.pdf",
            read(),
            d::warning_notice_pdf,
        )
        .get("/cases/{id}/archive", read(), d::archive)
        .get("/cases/{id}/archive.pdf", read(), d::archive_pdf)
}
