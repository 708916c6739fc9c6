//! One builder per kind of document: recorded data in, a [`Doc`] out. Builders read the
//! case, its records and its person, never the test windows (planned dates, D4).

mod agreement;
mod archive;
mod closing;
mod notice;
mod records;
mod warning;

use chrono::NaiveDate;
use jiekang_domain::documents::{DocumentKind, document_number};

use super::Ctx;
use super::model::{Block, Doc, or_dash};
use crate::error::AppError;

/// Build `kind` for the case in `ctx`; `record` names one test, talk, leave or warning.
pub fn build(kind: DocumentKind, ctx: &Ctx, record: Option<i64>) -> Result<Doc, AppError> {
    match kind {
        DocumentKind::Agreement => Ok(agreement::agreement(ctx)),
        DocumentKind::ReportNotice => Ok(notice::report_notice(ctx)),
        DocumentKind::TestRecord => records::tests(ctx, record),
        DocumentKind::TalkRecord => records::talks(ctx, record),
        DocumentKind::LeaveApproval => records::leaves(ctx, record),
        DocumentKind::ReleaseNotice => closing::release_notice(ctx),
        DocumentKind::Referral => closing::referral(ctx),
        DocumentKind::TransferLetter => closing::transfer_letter(ctx),
        DocumentKind::Warning => warning::warning(ctx, record),
        DocumentKind::Archive => Ok(archive::archive(ctx)),
    }
}

/// A document with its number from the kind, the day it is dated and the record.
fn doc(ctx: &Ctx, kind: DocumentKind, title: String, on: NaiveDate, record: Option<i64>) -> Doc {
    Doc {
        title,
        number: document_number(
            kind,
            super::year_of(on),
            ctx.data.file.case.id.get(),
            record,
        ),
        office: ctx.office.clone(),
        blocks: Vec::new(),
    }
}

/// The person's identity as every document states it: name, sex, birth date, ID
/// number, 户籍地 and 现居住地.
fn person_fields(ctx: &Ctx, role: &str) -> Vec<Block> {
    let p = &ctx.data.person;
    let profile = &ctx.data.profile;
    vec![
        Block::field(role, p.name.clone()),
        Block::field(
            "性别",
            p.sex
                .map_or_else(|| "—".to_owned(), |s| s.label_zh().to_owned()),
        ),
        Block::field(
            "出生日期",
            p.birth_date
                .map_or_else(|| "—".to_owned(), super::model::cn_date),
        ),
        Block::field("身份证件号码", or_dash(&p.id_number)),
        Block::field("户籍地", or_dash(&profile.household_address)),
        Block::field("现居住地", or_dash(&profile.residence_address)),
    ]
}

/// The decision a document rests on: organ and number.
fn decision(ctx: &Ctx) -> String {
    let c = &ctx.data.file.case;
    format!("{}{}", c.deciding_organ, c.decision_number)
}

/// A document that does not exist yet for this case (no release, no referral …): a
/// clear refusal naming what is missing, not an empty paper.
fn not_yet(id: &'static str) -> AppError {
    AppError::Conflict(crate::i18n::msg(id))
}

/// One record a per-record document names, or 404 when the case has no such record.
fn one<T>(items: &[T], record: Option<i64>, id: impl Fn(&T) -> i64) -> Result<Vec<&T>, AppError> {
    match record {
        None => Ok(items.iter().collect()),
        Some(r) => items
            .iter()
            .find(|t| id(t) == r)
            .map(|t| vec![t])
            .ok_or(AppError::NotFound),
    }
}
