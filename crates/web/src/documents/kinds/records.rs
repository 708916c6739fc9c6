//! Records of the work, each a paper the staff and the person sign: 检测记录 (N20,
//! TEST-1: two testers, A/B sample numbers, the person's signature), 谈话/走访记录
//! (CASE-8) and 请假审批表 (N8). With a record id the paper is that record's; without
//! one it lists them all. No test window and no planned date is ever read here (D4).

use jiekang_domain::documents::DocumentKind;
use jiekang_domain::records::TalkKind;

use super::{Ctx, doc, one, person_fields};
use crate::documents::model::{BLANK_DATE, Block, Doc, cn_date, or_dash};
use crate::error::AppError;

/// N20 — one test's record, or the table of every test.
pub fn tests(ctx: &Ctx, record: Option<i64>) -> Result<Doc, AppError> {
    let f = &ctx.data.file;
    let tests = one(&f.tests, record, |t| t.id)?;
    let on = tests.first().map_or(f.case.decided_on, |t| t.tested_on);
    let mut d = doc(
        ctx,
        DocumentKind::TestRecord,
        "吸毒检测记录".to_owned(),
        on,
        record,
    );
    let mut b = person_fields(ctx, "被检测人");
    if let (Some(_), Some(t)) = (record, tests.first()) {
        let sample = t.sample.map_or("—", |s| s.label_zh());
        b.push(Block::field(
            "检测时间",
            t.tested_at.format("%Y年%-m月%-d日 %H:%M").to_string(),
        ));
        b.push(Block::field("检测方式", t.kind.label_zh()));
        b.push(Block::field("样本", sample));
        b.push(Block::field("A样编号", or_dash(&t.sample_a)));
        b.push(Block::field("B样编号", or_dash(&t.sample_b)));
        b.push(Block::field("检测结果", t.outcome.label_zh()));
        b.push(Block::field("检出物质", or_dash(&t.substances)));
        b.push(Block::field(
            "检测人",
            format!("{}、{}", or_dash(&t.tester_1), or_dash(&t.tester_2)),
        ));
        if !t.note.trim().is_empty() {
            b.push(Block::field("备注", t.note.trim()));
        }
        b.push(Block::Signatures(vec![
            "检测人(签名):__________________  __________________".to_owned(),
            "被检测人(签名):__________________".to_owned(),
            format!("日期:{}", cn_date(t.tested_on)),
        ]));
    } else {
        let rows = tests
            .iter()
            .map(|t| {
                vec![
                    t.tested_at.format("%Y-%m-%d %H:%M").to_string(),
                    format!(
                        "{}/{}",
                        t.kind.label_zh(),
                        t.sample.map_or("—", |s| s.label_zh())
                    ),
                    format!("{} / {}", or_dash(&t.sample_a), or_dash(&t.sample_b)),
                    t.outcome.label_zh().to_owned(),
                    format!("{}、{}", or_dash(&t.tester_1), or_dash(&t.tester_2)),
                    String::new(),
                ]
            })
            .collect::<Vec<_>>();
        if rows.is_empty() {
            b.push(Block::para("(尚无检测记录)"));
        } else {
            b.push(Block::table(
                &[
                    "检测时间",
                    "方式/样本",
                    "A/B样编号",
                    "结果",
                    "检测人",
                    "本人签名",
                ],
                rows,
            ));
        }
        b.push(Block::Signatures(vec![
            format!("{}(盖章)", ctx.office),
            format!("日期:{BLANK_DATE}"),
        ]));
    }
    d.blocks = b;
    Ok(d)
}

/// CASE-8 — one talk or visit, or all of them.
pub fn talks(ctx: &Ctx, record: Option<i64>) -> Result<Doc, AppError> {
    let f = &ctx.data.file;
    let all: Vec<_> = f
        .events
        .iter()
        .filter(|e| e.kind == "talk")
        .cloned()
        .collect();
    let talks = one(&all, record, |e| e.id)?;
    let on = talks.first().map_or(f.case.decided_on, |e| e.occurred_on);
    let title = match talks.first() {
        Some(e) if record.is_some() && e.summary == TalkKind::HomeVisit.label_zh() => "走访记录",
        _ => "谈话走访记录",
    };
    let mut d = doc(ctx, DocumentKind::TalkRecord, title.to_owned(), on, record);
    let mut b = person_fields(ctx, "谈话对象");
    if let (Some(_), Some(e)) = (record, talks.first()) {
        b.push(Block::field("日期", cn_date(e.occurred_on)));
        b.push(Block::field("方式", e.summary.clone()));
        b.push(Block::field("谈话人/走访人", or_dash(&e.collected_by)));
        b.push(Block::field("记录人", e.created_by.clone()));
        b.push(Block::heading("内容"));
        b.push(Block::para(or_dash(&e.note)));
        b.push(Block::Signatures(vec![
            "谈话人(签名):__________________".to_owned(),
            "谈话对象(签名):__________________".to_owned(),
            format!("日期:{}", cn_date(e.occurred_on)),
        ]));
    } else {
        let rows: Vec<Vec<String>> = talks
            .iter()
            .map(|e| {
                vec![
                    e.occurred_on.format("%Y-%m-%d").to_string(),
                    e.summary.clone(),
                    or_dash(&e.collected_by),
                    or_dash(&e.note),
                ]
            })
            .collect();
        if rows.is_empty() {
            b.push(Block::para("(尚无谈话走访记录)"));
        } else {
            b.push(Block::table(&["日期", "方式", "谈话人", "内容"], rows));
        }
        b.push(Block::Signatures(vec![
            format!("{}(盖章)", ctx.office),
            format!("日期:{BLANK_DATE}"),
        ]));
    }
    d.blocks = b;
    Ok(d)
}

/// N8 — one leave request's approval form, or every request's.
pub fn leaves(ctx: &Ctx, record: Option<i64>) -> Result<Doc, AppError> {
    let f = &ctx.data.file;
    let leaves = one(&f.leaves, record, |l| l.id)?;
    let on = leaves
        .first()
        .map_or(f.case.decided_on, |l| l.requested_on.unwrap_or(l.from_on));
    let mut d = doc(
        ctx,
        DocumentKind::LeaveApproval,
        "请假审批表".to_owned(),
        on,
        record,
    );
    let mut b = person_fields(ctx, "申请人");
    if leaves.is_empty() {
        b.push(Block::para("(尚无请假申请)"));
    }
    for l in leaves {
        let days = (l.to_on - l.from_on).num_days() + 1;
        b.push(Block::heading(&format!("请假申请({})", l.state_label())));
        b.push(Block::field(
            "申请日期",
            l.requested_on
                .map_or_else(|| BLANK_DATE.to_owned(), cn_date),
        ));
        b.push(Block::field("外出地点", or_dash(&l.destination)));
        b.push(Block::field("事由", or_dash(&l.reason)));
        b.push(Block::field(
            "期间",
            format!("{}至{},共{days}日", cn_date(l.from_on), cn_date(l.to_on)),
        ));
        b.push(Block::field(
            "审批意见",
            match l.decided_on {
                Some(on) => format!("{}({})", l.state_label(), cn_date(on)),
                None => "待审批".to_owned(),
            },
        ));
        if let Some(back) = l.returned_on {
            b.push(Block::field("返回日期", cn_date(back)));
        }
        b.push(Block::Signatures(vec![
            "申请人(签名):__________________".to_owned(),
            "社区意见(签名):__________________".to_owned(),
            format!("{}(盖章):__________________", ctx.office),
        ]));
    }
    d.blocks = b;
    Ok(d)
}
