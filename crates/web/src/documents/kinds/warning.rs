//! N10 — 告诫书: the warning a minor breach asks for, on paper. One warning record's
//! notice names the refusals, evasions and unauthorised absences it answers (those
//! after the previous warning, up to its own day), who warned and how, and leaves the
//! lines for the person to sign that it was read to them; without a record it lists
//! every warning of the case.

use chrono::NaiveDate;
use jiekang_domain::documents::DocumentKind;
use jiekang_store::cases::CaseEvent;

use super::{Ctx, decision, doc, one, person_fields};
use crate::documents::model::{BLANK_DATE, Block, Doc, cn_date, or_dash};
use crate::error::AppError;

/// The breaches one warning answers: after `since` (the previous warning) up to `until`.
fn breaches(ctx: &Ctx, since: Option<NaiveDate>, until: NaiveDate) -> Vec<Vec<String>> {
    let f = &ctx.data.file;
    let after = |on: NaiveDate| since.is_none_or(|s| on > s) && on <= until;
    let mut rows: Vec<(NaiveDate, Vec<String>)> = f
        .tests
        .iter()
        .filter(|t| t.outcome.counts_toward_breach() && after(t.tested_on))
        .map(|t| {
            (
                t.tested_on,
                vec![
                    cn_date(t.tested_on),
                    format!("检测:{}", t.outcome.label_zh()),
                ],
            )
        })
        .collect();
    rows.extend(
        f.events
            .iter()
            .filter(|e| e.kind == "absence" && after(e.occurred_on))
            .map(|e| {
                (
                    e.occurred_on,
                    vec![cn_date(e.occurred_on), or_dash(&e.summary)],
                )
            }),
    );
    rows.sort_by_key(|r| r.0);
    rows.into_iter().map(|r| r.1).collect()
}

/// N10 — one warning's 告诫书, or the list of every warning.
pub fn warning(ctx: &Ctx, record: Option<i64>) -> Result<Doc, AppError> {
    let f = &ctx.data.file;
    let c = &f.case;
    let mut all: Vec<&CaseEvent> = f.events.iter().filter(|e| e.kind == "warning").collect();
    all.sort_by_key(|e| (e.occurred_on, e.id));
    if all.is_empty() {
        return Err(super::not_yet("document-not-yet-warning"));
    }
    let chosen = one(&all, record, |e| e.id)?;
    let on = chosen.first().map_or(c.decided_on, |e| e.occurred_on);
    let measure = c.measure_label();
    let mut d = doc(ctx, DocumentKind::Warning, "告诫书".to_owned(), on, record);
    let mut b = person_fields(ctx, "被告诫人");
    match (record, chosen.first()) {
        (Some(_), Some(w)) => {
            let previous = all
                .iter()
                .filter(|p| (p.occurred_on, p.id) < (w.occurred_on, w.id))
                .map(|p| p.occurred_on)
                .max();
            b.push(Block::para(format!(
                "{}:你依据{}在{}执行{measure}。执行期间你有下列违反{measure}协议的情形。依照《戒毒条例》和{measure}协议的规定,现对你予以告诫。你应当严格履行协议,按要求接受检测,未经批准不得擅自离开执行地;再有违反协议情形的,将依法报告公安机关处理。",
                c.person_name,
                decision(ctx),
                c.unit_name
            )));
            let rows = breaches(ctx, previous, w.occurred_on);
            b.push(Block::heading("违反协议情形"));
            if rows.is_empty() {
                b.push(Block::para(or_dash(&w.note)));
            } else {
                b.push(Block::table(&["日期", "情形"], rows));
            }
            b.push(Block::field("告诫日期", cn_date(w.occurred_on)));
            b.push(Block::field("告诫方式", w.summary.clone()));
            b.push(Block::field("告诫人", or_dash(&w.collected_by)));
            if !w.note.trim().is_empty() {
                b.push(Block::field("备注", w.note.trim()));
            }
            b.push(Block::Signatures(vec![
                "告诫人(签名):__________________".to_owned(),
                format!("{}(盖章)", ctx.office),
                cn_date(w.occurred_on),
            ]));
            b.push(Block::CutLine);
            b.push(Block::heading("被告诫人确认"));
            b.push(Block::para(
                "以上告诫内容已向我宣读(或本人已阅读),我已知悉。",
            ));
            b.push(Block::Signatures(vec![
                "被告诫人(签名):__________________".to_owned(),
                format!("日期:{BLANK_DATE}"),
            ]));
        }
        _ => {
            let rows = chosen
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
            b.push(Block::table(&["日期", "方式", "告诫人", "备注"], rows));
            b.push(Block::Signatures(vec![
                format!("{}(盖章)", ctx.office),
                format!("日期:{BLANK_DATE}"),
            ]));
        }
    }
    d.blocks = b;
    Ok(d)
}
