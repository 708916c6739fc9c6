//! The papers that close or move a case: 解除通知书 with its delivery record (N12), the
//! 严重违反协议 referral letter to the police with its evidence (N9, CASE-6), and the
//! 变更执行地 hand-over letter (CASE-4, N11). Each exists only once its step was taken.

use jiekang_domain::case::CaseState;
use jiekang_domain::documents::DocumentKind;

use super::{Ctx, decision, doc, not_yet, person_fields};
use crate::documents::model::{BLANK_DATE, Block, Doc, cn_date, or_dash};
use crate::error::AppError;

/// N12 — the release on expiry, served on the person, with its delivery record.
pub fn release_notice(ctx: &Ctx) -> Result<Doc, AppError> {
    let c = &ctx.data.file.case;
    let (CaseState::Expired, Some(closed)) = (c.state, c.closed_on) else {
        return Err(not_yet("document-not-yet-release"));
    };
    let measure = c.measure_label();
    let mut d = doc(
        ctx,
        DocumentKind::ReleaseNotice,
        format!("解除{measure}通知书"),
        closed,
        None,
    );
    let mut b = person_fields(ctx, "被通知人");
    let from = c.reported_on.map_or_else(|| "—".to_owned(), cn_date);
    let end = c.term_end.map_or_else(|| "—".to_owned(), cn_date);
    b.push(Block::para(format!(
        "{}:你自{from}起依据{}执行{measure},至{end}期满。依照《中华人民共和国禁毒法》和《戒毒条例》的规定,决定自{}起解除{measure}。",
        c.person_name,
        decision(ctx),
        cn_date(closed),
    )));
    b.push(Block::para(
        "解除后,本通知书抄送作出决定的公安机关。你可继续自愿接受戒毒康复帮扶。",
    ));
    b.push(Block::Signatures(vec![
        format!("{}(盖章)", ctx.office),
        cn_date(closed),
    ]));
    b.push(Block::CutLine);
    b.push(Block::heading("送达回执"));
    b.push(Block::table(
        &[
            "送达文书",
            "受送达人",
            "送达时间",
            "送达地点",
            "送达人",
            "受送达人签名",
        ],
        vec![vec![
            format!("《解除{measure}通知书》{}", d.number),
            c.person_name.clone(),
            BLANK_DATE.to_owned(),
            String::new(),
            String::new(),
            String::new(),
        ]],
    ));
    b.push(Block::para("受送达人拒绝签收的,由送达人注明情况并签名。"));
    d.blocks = b;
    Ok(d)
}

/// N9, CASE-6 — the referral of a serious breach to the deciding police, with the
/// refusals, evasions, positives and unauthorised absences recorded as its evidence.
pub fn referral(ctx: &Ctx) -> Result<Doc, AppError> {
    let f = &ctx.data.file;
    let c = &f.case;
    let Some(referred) = f
        .events
        .iter()
        .filter(|e| e.kind == "refer_to_police")
        .max_by_key(|e| (e.occurred_on, e.id))
    else {
        return Err(not_yet("document-not-yet-referral"));
    };
    let measure = c.measure_label();
    let mut d = doc(
        ctx,
        DocumentKind::Referral,
        format!("关于{}严重违反{measure}协议的移送函", c.person_name),
        referred.occurred_on,
        None,
    );
    let mut b = vec![Block::para(format!("{}:", c.deciding_organ))];
    b.extend(person_fields(ctx, &format!("{measure}人员")));
    b.push(Block::para(format!(
        "该人员依据{}在{}执行{measure},执行期间有下列严重违反{measure}协议的情形(证据见下表)。依照《戒毒条例》的规定,现将有关情况和材料移送你局,请依法处理。",
        decision(ctx),
        c.unit_name
    )));
    let mut rows: Vec<(chrono::NaiveDate, Vec<String>)> = f
        .tests
        .iter()
        .filter(|t| t.outcome.counts_toward_breach() || t.outcome.needs_police_action())
        .map(|t| {
            (
                t.tested_on,
                vec![
                    cn_date(t.tested_on),
                    format!("检测:{}", t.outcome.label_zh()),
                    format!("{}、{}", or_dash(&t.tester_1), or_dash(&t.tester_2)),
                ],
            )
        })
        .collect();
    rows.extend(
        f.events
            .iter()
            .filter(|e| matches!(e.kind.as_str(), "absence" | "warning"))
            .map(|e| {
                (
                    e.occurred_on,
                    vec![
                        cn_date(e.occurred_on),
                        e.summary.clone(),
                        or_dash(&e.collected_by),
                    ],
                )
            }),
    );
    rows.sort_by_key(|r| r.0);
    b.push(Block::heading("证据清单"));
    if rows.is_empty() {
        b.push(Block::para(format!(
            "(见案件记录:{})",
            or_dash(&referred.summary)
        )));
    } else {
        b.push(Block::table(
            &["日期", "情形", "记录人/检测人"],
            rows.into_iter().map(|r| r.1).collect(),
        ));
    }
    let mut annexes = vec![format!("{measure}协议"), "检测记录".to_owned()];
    annexes.extend(f.attachments.iter().map(|a| a.file_name.clone()));
    b.push(Block::heading("附件"));
    b.push(Block::List(annexes));
    b.push(Block::Signatures(vec![
        format!("{}(盖章)", ctx.office),
        cn_date(referred.occurred_on),
    ]));
    d.blocks = b;
    Ok(d)
}

/// CASE-4, N11 — the hand-over of the case to the new execution place.
pub fn transfer_letter(ctx: &Ctx) -> Result<Doc, AppError> {
    let f = &ctx.data.file;
    let c = &f.case;
    let Some(h) = f.handovers.iter().find(|h| h.kind == "transfer") else {
        return Err(not_yet("document-not-yet-transfer"));
    };
    let measure = c.measure_label();
    let mut d = doc(
        ctx,
        DocumentKind::TransferLetter,
        "变更执行地移交函".to_owned(),
        h.sent_on,
        None,
    );
    let mut b = vec![Block::para(format!("{}:", h.to_unit_name))];
    b.extend(person_fields(ctx, &format!("{measure}人员")));
    b.push(Block::para(format!(
        "该人员依据{}执行{measure},因变更执行地,现将其{measure}档案材料移交你单位。请督促其自收到本函之日起15日内到你单位报到,并重新签订{measure}协议;执行期限连续计算。",
        decision(ctx)
    )));
    b.push(Block::field("移交日期", cn_date(h.sent_on)));
    b.push(Block::field("移交人", h.sent_by.clone()));
    if !h.note.trim().is_empty() {
        b.push(Block::field("说明", h.note.trim()));
    }
    b.push(Block::field(
        "接收日期",
        h.received_on.map_or_else(|| BLANK_DATE.to_owned(), cn_date),
    ));
    b.push(Block::Signatures(vec![
        format!("移交单位:{}(盖章)", ctx.office),
        "接收单位(签收盖章):__________________".to_owned(),
    ]));
    d.blocks = b;
    Ok(d)
}
