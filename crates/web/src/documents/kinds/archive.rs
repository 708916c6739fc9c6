//! INFO-1 — 一人一档: the cover of the person's case file (档案封面) and its contents
//! (卷内目录), from what is recorded: the person, the decision, the term, the office
//! keeping the file, and every paper the file holds so far with its number and date —
//! the same documents the case page links, plus the police decision and the attached
//! files. Tests are counted with their first and last day taken, never a planned day (D4).

use chrono::NaiveDate;
use jiekang_domain::case::CaseState;
use jiekang_domain::documents::{DocumentKind, document_number};

use super::{Ctx, decision, doc, person_fields};
use crate::documents::model::{BLANK_DATE, Block, Doc, cn_date, or_dash};
use crate::documents::year_of;

/// One line of the contents: the paper, its number, its day (or span), how many.
struct Entry {
    title: String,
    number: String,
    dated: String,
    count: usize,
}

impl Entry {
    fn of(ctx: &Ctx, kind: DocumentKind, title: &str, on: NaiveDate, count: usize) -> Entry {
        Entry {
            title: title.to_owned(),
            number: document_number(kind, year_of(on), ctx.data.file.case.id.get(), None),
            dated: cn_date(on),
            count,
        }
    }
}

/// The first and last of some days as one span (one day alone as itself).
fn span(days: impl Iterator<Item = NaiveDate>) -> Option<(NaiveDate, String)> {
    let days: Vec<NaiveDate> = days.collect();
    let first = days.iter().min().copied()?;
    let last = days.iter().max().copied().unwrap_or(first);
    let text = if first == last {
        cn_date(first)
    } else {
        format!("{}至{}", cn_date(first), cn_date(last))
    };
    Some((first, text))
}

/// The papers the file holds, in the order a file is bound: decision, notice,
/// agreement, the records of the work, then the papers that moved or closed the case.
fn contents(ctx: &Ctx) -> Vec<Entry> {
    let f = &ctx.data.file;
    let c = &f.case;
    let measure = c.measure_label();
    let mut out = vec![Entry {
        title: format!("{measure}决定书"),
        number: decision(ctx),
        dated: cn_date(c.decided_on),
        count: 1,
    }];
    if let Some(on) = c.notified_on {
        out.push(Entry::of(
            ctx,
            DocumentKind::ReportNotice,
            "报到通知书及回执",
            on,
            1,
        ));
    }
    if let Some(on) = c.agreement_on {
        out.push(Entry::of(
            ctx,
            DocumentKind::Agreement,
            &format!("{measure}协议"),
            on,
            1,
        ));
    }
    let mut records = |kind: DocumentKind, title: &str, days: Vec<NaiveDate>| {
        let count = days.len();
        if let Some((first, dated)) = span(days.into_iter()) {
            out.push(Entry {
                title: title.to_owned(),
                number: format!(
                    "{}等",
                    document_number(kind, year_of(first), c.id.get(), None)
                ),
                dated,
                count,
            });
        }
    };
    records(
        DocumentKind::TestRecord,
        "吸毒检测记录",
        f.tests.iter().map(|t| t.tested_on).collect(),
    );
    let of_kind = |kind: &str| -> Vec<NaiveDate> {
        f.events
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.occurred_on)
            .collect()
    };
    records(DocumentKind::TalkRecord, "谈话走访记录", of_kind("talk"));
    records(
        DocumentKind::LeaveApproval,
        "请假审批表",
        f.leaves
            .iter()
            .map(|l| l.requested_on.unwrap_or(l.from_on))
            .collect(),
    );
    records(DocumentKind::Warning, "告诫书", of_kind("warning"));
    if let Some(on) = f
        .handovers
        .iter()
        .filter(|h| h.kind == "transfer")
        .map(|h| h.sent_on)
        .max()
    {
        out.push(Entry::of(
            ctx,
            DocumentKind::TransferLetter,
            "变更执行地移交函",
            on,
            1,
        ));
    }
    if let Some(on) = of_kind("refer_to_police").into_iter().max() {
        out.push(Entry::of(
            ctx,
            DocumentKind::Referral,
            "严重违反协议移送函",
            on,
            1,
        ));
    }
    if let (CaseState::Expired, Some(on)) = (c.state, c.closed_on) {
        out.push(Entry::of(
            ctx,
            DocumentKind::ReleaseNotice,
            &format!("解除{measure}通知书及送达回执"),
            on,
            1,
        ));
    }
    for a in &f.attachments {
        out.push(Entry {
            title: format!("附件:{}", a.file_name),
            number: "—".to_owned(),
            dated: cn_date(jiekang_domain::clock::beijing_date(a.created_at)),
            count: 1,
        });
    }
    out
}

/// INFO-1 — the archive cover and its contents.
pub fn archive(ctx: &Ctx) -> Doc {
    let c = &ctx.data.file.case;
    let measure = c.measure_label();
    let opened = c.reported_on.unwrap_or(c.decided_on);
    let mut d = doc(
        ctx,
        DocumentKind::Archive,
        format!("{measure}人员档案"),
        c.decided_on,
        None,
    );
    let mut b = vec![Block::field("档案号", d.number.clone())];
    b.extend(person_fields(ctx, "姓名"));
    b.push(Block::field("措施", measure));
    b.push(Block::field("决定机关及文号", decision(ctx)));
    b.push(Block::field("决定日期", cn_date(c.decided_on)));
    b.push(Block::field(
        "报到日期",
        c.reported_on.map_or_else(|| "—".to_owned(), cn_date),
    ));
    b.push(Block::field(
        "期限",
        match (c.reported_on, c.term_end) {
            (Some(from), Some(end)) => format!("{}至{}", cn_date(from), cn_date(end)),
            _ => "—".to_owned(),
        },
    ));
    b.push(Block::field(
        "执行地",
        format!("{} {}", ctx.township, c.unit_name),
    ));
    b.push(Block::field("现状", c.state.label_zh()));
    b.push(Block::field("立卷单位", ctx.office.clone()));
    b.push(Block::field("立卷日期", cn_date(opened)));
    b.push(Block::field(
        "结卷日期",
        c.closed_on.map_or_else(|| "—".to_owned(), cn_date),
    ));
    b.push(Block::CutLine);
    b.push(Block::heading("卷内目录"));
    let rows = contents(ctx)
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.title,
                or_dash(&e.number),
                e.dated,
                e.count.to_string(),
            ]
        })
        .collect();
    b.push(Block::table(
        &["序号", "文件名称", "文号", "日期", "件数"],
        rows,
    ));
    b.push(Block::Signatures(vec![
        "立卷人(签名):__________________".to_owned(),
        "检查人(签名):__________________".to_owned(),
        format!("日期:{BLANK_DATE}"),
    ]));
    d.blocks = b;
    d
}
