//! Key financial data tables: the change column of each row against its two years, and
//! quarterly figures against the year.

use std::sync::LazyLock;

use dudao_model::Severity;
use regex::Regex;
use rust_decimal::Decimal;

use super::{Discrepancy, Facts, Known, discrepancy, judge, metric_in, show};
use crate::scan::{half_unit, parse_number};
use crate::text::Document;

/// `2023年2022年本期比上年同期增减（%）2021年` (or the same with 年末): the year columns.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})年末? ?(\d{4})年末? ?本[期报][^（(]{0,12}?增减(?:变动幅度)?[（(]%[）)] ?(?:(\d{4})年末?)?").unwrap()
});

/// A row: label, current, prior, change (figure, 不适用 or percentage points), earlier.
static ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^ ?(?P<label>[^\d。；;|]{2,80}?) ?(?P<a>-?[\d,]+\.\d+) (?P<b>-?[\d,]+\.\d+) ?",
        r"(?P<c>不适用|(?P<dir>增加|减少)(?P<pp>-?\d+(?:\.\d+)?)个百分点|-?\d+(?:\.\d+)?)",
        r"(?: ?(?P<d>-?[\d,]+\.\d+))?"
    ))
    .unwrap()
});

/// Reads every key-data table: a header of year columns, then rows, each starting where
/// the previous one ended.
fn rows(doc: &Document, facts: &mut Facts, out: &mut Vec<Discrepancy>) {
    let stream = &doc.stream;
    let mut search_from = 0;
    while let Some(header) = HEADER.captures_at(stream, search_from) {
        let whole = header.get(0).unwrap();
        let year = |i: usize| header.get(i).and_then(|m| m.as_str().parse::<i16>().ok());
        let (current, prior, earlier) = (year(1), year(2), year(3));
        facts.current_year = facts.current_year.or(current);
        let mut at = whole.end();
        while let Some(row) = ROW.captures(&stream[at..]) {
            check_row(doc, facts, &row, at, (current, prior, earlier), out);
            at += row.get(0).unwrap().end();
        }
        search_from = at.max(whole.end());
    }
}

fn check_row(
    doc: &Document,
    facts: &mut Facts,
    row: &regex::Captures,
    base: usize,
    (current, prior, earlier): (Option<i16>, Option<i16>, Option<i16>),
    out: &mut Vec<Discrepancy>,
) {
    let label = row["label"].trim();
    let (Some((a, a_scale)), Some((b, b_scale))) = (parse_number(&row["a"]), parse_number(&row["b"])) else { return };
    let metric = metric_in(label).map(|(m, _)| m);
    let ratio = metric.map_or(label.contains('%') || label.ends_with('率'), |m| m.ratio);
    if let (Some(m), Some(cur), Some(pri)) = (metric, current, prior) {
        facts.metrics.insert((m.key, cur), Known { value: a, tolerance: half_unit(a_scale) });
        facts.metrics.insert((m.key, pri), Known { value: b, tolerance: half_unit(b_scale) });
        if let (Some(ear), Some(d)) = (earlier, row.name("d").and_then(|d| parse_number(d.as_str()))) {
            facts.metrics.insert((m.key, ear), Known { value: d.0, tolerance: half_unit(d.1) });
        }
    }
    let change = row.name("c").unwrap();
    let span = (base + row.name("label").unwrap().start(), base + change.end());
    let (ta, tb) = (half_unit(a_scale), half_unit(b_scale));
    let rule = "verify.table-change";
    if ratio {
        let Some(pp) = row.name("pp").and_then(|p| parse_number(p.as_str())) else {
            if change.as_str() != "不适用" {
                out.push(discrepancy(doc, rule, Severity::Error, span, format!("{label}为比率，增减应以“增加/减少X个百分点”列示，文中为 {}", change.as_str())));
            }
            return;
        };
        let stated = if &row["dir"] == "减少" { -pp.0 } else { pp.0 };
        let expected = a - b;
        if let Some(severity) = judge(expected, stated, half_unit(pp.1), ta + tb) {
            let words = if expected < Decimal::ZERO { "减少" } else { "增加" };
            out.push(discrepancy(doc, rule, severity, span, format!(
                "{label}：{} − {} = {}，应为{words}{}个百分点，文中为{}",
                show(a, a_scale), show(b, b_scale), show(expected, pp.1), show(expected.abs(), pp.1), change.as_str()
            )));
        }
        return;
    }
    match (change.as_str(), parse_number(change.as_str())) {
        ("不适用", _) if b > Decimal::ZERO => out.push(discrepancy(doc, rule, Severity::Error, span, format!(
            "{label}：上年数 {} 为正，应列示增减比例 {}%，文中为不适用",
            show(b, b_scale), show((a - b) / b * Decimal::ONE_HUNDRED, 2)
        ))),
        ("不适用", _) => {}
        (_, Some((c, c_scale))) if b <= Decimal::ZERO => out.push(discrepancy(doc, rule, Severity::Error, span, format!(
            "{label}：上年数 {} 不为正，增减比例无意义，应列示不适用，文中为 {}", show(b, b_scale), show(c, c_scale)
        ))),
        (_, Some((c, c_scale))) => {
            let expected = (a - b) / b * Decimal::ONE_HUNDRED;
            // How far the rounding of the two printed figures can move the percentage.
            let inherited = (Decimal::ONE_HUNDRED / b).abs() * ta + (Decimal::ONE_HUNDRED * a / (b * b)).abs() * tb;
            if let Some(severity) = judge(expected, c, half_unit(c_scale), inherited) {
                out.push(discrepancy(doc, rule, severity, span, format!(
                    "{label}：({} − {}) ÷ {} × 100 = {}，文中为 {}",
                    show(a, a_scale), show(b, b_scale), show(b, b_scale), show(expected, c_scale), show(c, c_scale)
                )));
            }
        }
        _ => {}
    }
}

/// Change columns of key-data tables; records each row's figures for the prose.
pub(super) fn change_columns(doc: &Document, facts: &mut Facts) -> Vec<Discrepancy> {
    let mut out = Vec::new();
    rows(doc, facts, &mut out);
    out
}

/// `第一季度…第四季度` headers, then rows of four figures.
static QUARTER_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第一季度(?:[（(][^）)]*[）)])? ?第二季度(?:[（(][^）)]*[）)])? ?第三季度(?:[（(][^）)]*[）)])? ?第四季度(?:[（(][^）)]*[）)])?").unwrap());

static QUARTER_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ?(?P<label>[^\d。；;|]{2,80}?) ?(?P<q1>-?[\d,]+\.\d+) (?P<q2>-?[\d,]+\.\d+) (?P<q3>-?[\d,]+\.\d+) (?P<q4>-?[\d,]+\.\d+)").unwrap()
});

/// Quarterly amounts add up to the year's figure in the key-data table.
pub(super) fn quarterly(doc: &Document, facts: &mut Facts) -> Vec<Discrepancy> {
    let mut out = Vec::new();
    let Some(year) = facts.current_year else { return out };
    for header in QUARTER_HEADER.find_iter(&doc.stream) {
        let mut at = header.end();
        while let Some(row) = QUARTER_ROW.captures(&doc.stream[at..]) {
            let base = at;
            let matched = row.get(0).unwrap();
            at += matched.end();
            let label = row["label"].trim();
            let Some((metric, _)) = metric_in(label) else { continue };
            let Some(annual) = facts.metrics.get(&(metric.key, year)).copied() else { continue };
            if metric.ratio || ["basic_eps", "diluted_eps", "deducted_eps", "net_assets", "total_assets"].contains(&metric.key) {
                continue;
            }
            let quarters: Vec<(Decimal, u32)> = ["q1", "q2", "q3", "q4"].iter().filter_map(|q| parse_number(&row[*q])).collect();
            let sum: Decimal = quarters.iter().map(|(v, _)| *v).sum();
            let inherited: Decimal = quarters.iter().map(|(_, s)| half_unit(*s)).sum();
            let scale = quarters.iter().map(|(_, s)| *s).max().unwrap_or(2);
            if let Some(severity) = judge(annual.value, sum, Decimal::ZERO, inherited + annual.tolerance) {
                let span = (base + row.name("label").unwrap().start(), base + matched.end());
                out.push(discrepancy(doc, "verify.quarterly", severity, span, format!(
                    "{label}：四个季度合计 {}，与全年 {} 不符（{year} 年度，见主要会计数据表）",
                    show(sum, scale), show(annual.value, scale)
                )));
            }
        }
    }
    out
}
