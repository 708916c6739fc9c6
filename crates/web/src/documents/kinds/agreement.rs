//! N5, CASE-6 — 社区戒毒/社区康复协议: 甲方 the township's office, 乙方 the person with
//! ID number and addresses, the terms, the work group (N6) and the signature lines.

use jiekang_domain::documents::DocumentKind;

use super::{Ctx, decision, doc, person_fields};
use crate::documents::model::{BLANK_DATE, Block, Doc, cn_date};

pub fn agreement(ctx: &Ctx) -> Doc {
    let c = &ctx.data.file.case;
    let measure = c.measure_label();
    let on = c.agreement_on.or(c.reported_on).unwrap_or(c.decided_on);
    let mut d = doc(
        ctx,
        DocumentKind::Agreement,
        format!("{measure}协议"),
        on,
        None,
    );
    let from = c.reported_on.map_or_else(|| "报到之日".to_owned(), cn_date);
    let until = c
        .term_end
        .map_or_else(String::new, |end| format!(",至{}期满", cn_date(end)));
    let mut b = vec![
        Block::field("依据", decision(ctx)),
        Block::field("甲方(执行地)", ctx.office.clone()),
    ];
    b.extend(person_fields(ctx, &format!("乙方({measure}人员)")));
    b.push(Block::para(format!(
        "根据《中华人民共和国禁毒法》和《戒毒条例》,乙方自{from}起在{}执行{measure}{until}。双方约定如下:",
        c.unit_name
    )));
    b.push(Block::List(
        [
            "甲方为乙方提供戒毒知识辅导、教育劝诫,以及职业技能培训、职业指导、就学、就业、就医援助。",
            "乙方应当履行本协议,按照公安机关的要求定期接受检测;检测时间不预先告知。",
            "乙方离开执行地所在县(市、区、旗)3日以上的,须书面报告并经批准。",
            "乙方拒绝接受检测或逃避检测三次以上,擅自离开县域累计超过30日或三次以上的,属严重违反协议,由甲方报告公安机关依法处理。",
            "乙方吸食、注射毒品或严重违反协议的,公安机关可依法责令强制隔离戒毒。",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
    ));
    b.push(Block::heading("工作小组"));
    let members: Vec<String> = c
        .work_group
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if members.is_empty() {
        b.push(Block::para("(工作小组成员尚未登记)"));
    } else {
        b.push(Block::List(members));
    }
    let signed = c
        .agreement_on
        .map_or_else(|| BLANK_DATE.to_owned(), cn_date);
    b.push(Block::Signatures(vec![
        "甲方(盖章):__________________".to_owned(),
        "乙方(签名):__________________".to_owned(),
        "家属(签名):__________________".to_owned(),
        "工作小组成员(签名):__________________".to_owned(),
        format!("签订日期:{signed}"),
    ]));
    d.blocks = b;
    d
}
