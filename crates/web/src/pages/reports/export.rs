//! `GET /reports/export.xlsx?period=…` — the report as Excel: a title row naming the
//! report, period, unit, who and when; per unit the five rates as percentages with
//! their numerators and denominators as numbers, then the counts; a last line says
//! whether the figures are frozen.

use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;

use super::view::{COUNTS, RATES, ratio};
use super::{PeriodQuery, chosen_period, load};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::export::{Cell as X, Title, download, workbook};
use crate::state::AppState;

const RATE_HEADS: [&str; 5] = ["报到率", "执行率", "管控率", "戒断巩固率", "复吸率"];

/// A figure's Chinese column head.
fn figure_zh(f: jiekang_domain::report::Figure) -> String {
    if let Some((_, _, zh)) = COUNTS.iter().find(|(c, _, _)| *c == f) {
        return (*zh).to_owned();
    }
    RATES
        .iter()
        .zip(RATE_HEADS)
        .find_map(|((_, num, den, _), head)| {
            (f == *num)
                .then(|| format!("{head}分子"))
                .or_else(|| (f == *den).then(|| format!("{head}分母")))
        })
        .unwrap_or_else(|| f.code().to_owned())
}

pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let period = chosen_period(&state, &q.period).ok_or(AppError::NotFound)?;
    let report = load(&state, actor, period).await?;
    let mut header: Vec<String> = vec!["单位".to_owned()];
    for head in RATE_HEADS {
        header.extend([
            head.to_owned(),
            format!("{head}分子"),
            format!("{head}分母"),
        ]);
    }
    header.extend(COUNTS.iter().map(|(_, _, zh)| (*zh).to_owned()));
    let mut rows: Vec<Vec<X>> = Vec::new();
    for row in &report.rows {
        let mut line = vec![X::from(row.unit_name.as_str())];
        for (_, num, den, _) in RATES {
            let r = ratio(&row.figures, num, den);
            line.extend([
                r.percent().map_or(X::Empty, |p| X::Ratio(p / 100.0)),
                X::Int(row.get(num)),
                X::Int(row.get(den)),
            ]);
        }
        line.extend(COUNTS.iter().map(|(f, _, _)| X::Int(row.get(*f))));
        rows.push(line);
    }
    let status = match &report.version {
        None => "本期尚未统计".to_owned(),
        Some(v) => format!(
            "{}:统计截至 {},统计于 {}(北京时间)",
            match v.kind {
                jiekang_store::reports::VersionKind::Running => "统计中,期末后冻结",
                _ => "已冻结",
            },
            v.as_of,
            crate::shown_time::minutes(&v.counted_at)
        ),
    };
    rows.push(vec![X::from(status)]);
    for c in &report.corrections {
        rows.push(vec![X::from(format!(
            "更正:{} 冻结数 {} → 更正数 {}",
            figure_zh(c.figure),
            c.frozen,
            c.corrected
        ))]);
    }
    let heads: Vec<&str> = header.iter().map(String::as_str).collect();
    let list = format!("报表 {}", period.label_zh());
    let bytes = workbook("报表", &Title::now(list, actor), &heads, &rows)?;
    crate::export::audit_export(
        &state,
        actor,
        "report.export",
        "report",
        actor.scope.unit_id(),
        format!("period={} rows={}", period.code(), report.rows.len()),
    )
    .await?;
    Ok(download(&format!("report-{}.xlsx", period.code()), bytes))
}
