//! N3 — 报到通知书 with its receipt (回执): the person is told where and by when to
//! report; the receipt, cut off and signed, comes back to the office.

use jiekang_domain::documents::DocumentKind;

use super::{Ctx, decision, doc, person_fields};
use crate::documents::model::{BLANK_DATE, Block, Doc, cn_date, cn_date_or_blank};

pub fn report_notice(ctx: &Ctx) -> Doc {
    let c = &ctx.data.file.case;
    let measure = c.measure_label();
    let issued = c.notified_on.unwrap_or(c.decided_on);
    let mut d = doc(
        ctx,
        DocumentKind::ReportNotice,
        "报到通知书".to_owned(),
        issued,
        None,
    );
    let by = c.report_deadline.map_or_else(
        || "收到本通知书之日起15日内".to_owned(),
        |d| format!("{}前", cn_date(d)),
    );
    let years = c
        .decided_years
        .map_or_else(String::new, |y| format!(",期限{y}年"));
    let mut b = person_fields(ctx, "被通知人");
    b.push(Block::para(format!(
        "{}:根据{}(决定日期{}),对你执行{measure}{years}。请你于{by},持本通知书和身份证件到{}({})报到,签订{measure}协议。",
        c.person_name,
        decision(ctx),
        cn_date(c.decided_on),
        ctx.office,
        c.unit_name,
    )));
    b.push(Block::para(format!(
        "无正当理由逾期不报到的,视为拒绝接受{measure},将报告公安机关依法处理。"
    )));
    b.push(Block::Signatures(vec![
        format!("{}(盖章)", ctx.office),
        cn_date(issued),
    ]));
    b.push(Block::CutLine);
    b.push(Block::heading("回执"));
    b.push(Block::para(format!(
        "{}:本人{}已于{}收到《报到通知书》({}),知悉应于{by}到执行地报到。",
        ctx.office, c.person_name, BLANK_DATE, d.number
    )));
    b.push(Block::Signatures(vec![
        "被通知人(签名):__________________".to_owned(),
        "送达人(签名):__________________".to_owned(),
        format!("日期:{}", cn_date_or_blank(None)),
    ]));
    d.blocks = b;
    d
}
