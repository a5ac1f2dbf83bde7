//! R&D spending (研发投入) and its share of revenue, from the report's R&D table, in either
//! of the two forms the exchanges prescribe:
//! - a table of years (the SZSE form, `研发投入金额（元） | 2019年 | 2018年 | 变动比例`): each
//!   year's figure, for the report's year and the one before;
//! - the SSE form's 研发投入情况表, one column of the report's year (`本期费用化研发投入`,
//!   `本期资本化研发投入`, `研发投入合计`, `研发投入总额占营业收入比例（%）`), known by its
//!   `本期费用化研发投入` row.
//!
//! The capitalised part (资本化) is not read: no document dudao writes shows it, so the case
//! format has no place for it.

use dudao_model::format_grouped;
use dudao_reader::{Block, Column, Document, Table, Value, compact};

use crate::{Extract, amount_text};

/// Labels of the year's R&D spending, units stripped.
const SPENDING: &[&str] = &["研发投入金额", "研发投入合计", "研发投入总额"];

/// The row of the SSE form's table that says a column is the report's year.
const SSE_FORM: &str = "本期费用化研发投入";

/// `label` without its unit (`研发投入金额（元）`, `研发投入总额占营业收入比例（%）`).
fn bare(label: &str) -> String {
    let mut text = compact(label).into_owned();
    if let Some(open) = text.rfind(['（', '(']).filter(|open| text[*open..].chars().count() <= 5 && text.ends_with(['）', ')'])) {
        text.truncate(open);
    }
    text
}

/// What a row of an R&D table states: `rd_spending` or `rd_intensity`.
fn key_of(label: &str, sse_form: bool) -> Option<&'static str> {
    let label = bare(label);
    if SPENDING.contains(&label.as_str())
        // The SSE form prints `本期资本化研发投入` without a figure where nothing was
        // capitalised; its label then runs into the total's on the line below.
        || (sse_form && label.strip_suffix("研发投入合计").is_some_and(|before| before.starts_with("本期") && before.ends_with("研发投入")))
    {
        return Some("rd_spending");
    }
    dudao_model::metric_of_label(&label).filter(|m| m.key == "rd_intensity").map(|m| m.key)
}

/// The year's R&D facts of `doc` for `year` (and the year before, where a table of years
/// prints it), skipping paths `facts` holds already.
pub(crate) fn rd(doc: &Document, year: i16, facts: &[Extract]) -> Vec<Extract> {
    let mut out: Vec<Extract> = Vec::new();
    for block in &doc.blocks {
        let Block::Table(table) = block else { continue };
        for (path, value, at) in rows(table, year) {
            if !facts.iter().chain(&out).any(|f| f.path == path) {
                out.push(Extract { path, value, at });
            }
        }
    }
    out
}

/// The R&D facts of one table.
fn rows(table: &Table, year: i16) -> Vec<(String, String, dudao_reader::Location)> {
    let sse_form = table.rows.iter().any(|r| compact(r.label()).starts_with(SSE_FORM));
    let years: Vec<(usize, i16)> = table
        .columns()
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Column::Year(y) if *y == year || *y == year - 1 => Some((i, *y)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        if row.uncertain {
            continue;
        }
        let Some(key) = key_of(row.label(), sse_form) else { continue };
        // The SSE form's one figure is the report year's; a table of years gives each year's.
        let columns: Vec<(usize, i16)> = if !years.is_empty() {
            years.clone()
        } else if sse_form {
            row.cells.iter().enumerate().skip(1).find(|(_, c)| matches!(c.value, Value::Number(_))).map(|(i, _)| vec![(i, year)]).unwrap_or_default()
        } else {
            Vec::new()
        };
        for (column, y) in columns {
            let Some(cell) = row.cells.get(column) else { continue };
            let Value::Number(n) = cell.value else { continue };
            let value = match key {
                "rd_intensity" => format!("{}%", format_grouped(n.value, n.scale)),
                _ if n.percent || n.value.is_sign_negative() => continue,
                _ => amount_text(n, table.unit_of(r, column)),
            };
            out.push((format!("financials.{y}.{key}"), value, cell.at));
        }
    }
    out
}
