//! Sums: ledgers of 加/减 lines to a closing balance, totals rows of tables, and parts
//! that add up to a stated combined percentage.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::{Discrepancy, Facts, discrepancy, judge, show};
use crate::scan::{Figure, figures, half_unit, parse_number};
use crate::text::Document;

/// A ledger line: an optional date, a label, an amount.
static LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<label>(?:\d{4}年\d{1,2}月\d{1,2}日)?[^\d。；;|]{2,60}?) ?(?P<x>-?[\d,]+\.\d+)").unwrap());

struct Line {
    label: String,
    value: Decimal,
    scale: u32,
    start: usize,
    end: usize,
}

impl Line {
    fn sign(&self) -> Option<Decimal> {
        let label = self.label.trim_start();
        if label.starts_with("加：") || label.starts_with("加:") {
            Some(Decimal::ONE)
        } else if label.starts_with("减：") || label.starts_with("减:") {
            Some(Decimal::NEGATIVE_ONE)
        } else {
            None
        }
    }
}

/// Ledgers: runs of adjacent `label amount` lines with 加/减 lines between the opening
/// and closing balances. A raised-funds ledger carries two balances, the special account
/// and cash management, and money moving between them (赎回, 购买) counts on both.
pub(super) fn ledger(doc: &Document, _: &mut Facts) -> Vec<Discrepancy> {
    let mut out = Vec::new();
    for (from, to) in ledger_windows(&doc.stream) {
        let lines: Vec<Line> = LINE
            .captures_iter(&doc.stream[from..to])
            .filter_map(|c| {
                let (value, scale) = parse_number(&c["x"])?;
                let whole = c.get(0).unwrap();
                Some(Line { label: c["label"].to_owned(), value, scale, start: from + whole.start(), end: from + whole.end() })
            })
            .collect();
        let mut run_start = 0;
        for i in 1..=lines.len() {
            let adjacent = i < lines.len() && doc.stream[lines[i - 1].end..lines[i].start].trim().is_empty();
            if !adjacent {
                out.extend(check_ledger(doc, &lines[run_start..i]));
                run_start = i;
            }
        }
    }
    out
}

/// The stretches of `stream` around 加：/减： lines, merged where they overlap: ledgers are
/// only looked for there (the line pattern is costly to run over a whole document).
fn ledger_windows(stream: &str) -> Vec<(usize, usize)> {
    const REACH: usize = 900;
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for (at, _) in stream.match_indices("加：").chain(stream.match_indices("减：")) {
        let mut from = at.saturating_sub(REACH);
        let mut to = (at + REACH).min(stream.len());
        while !stream.is_char_boundary(from) {
            from -= 1;
        }
        while !stream.is_char_boundary(to) {
            to += 1;
        }
        windows.push((from, to));
    }
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in windows {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

fn check_ledger(doc: &Document, run: &[Line]) -> Vec<Discrepancy> {
    let Some(first_move) = run.iter().position(|l| l.sign().is_some()) else { return Vec::new() };
    let last_move = run.iter().rposition(|l| l.sign().is_some()).unwrap_or(first_move);
    let (opening, moves, closing) = (&run[..first_move], &run[first_move..=last_move], &run[last_move + 1..]);
    if opening.is_empty() || closing.is_empty() {
        return Vec::new();
    }
    // The balances the ledger keeps: the special account and cash management where both
    // appear, else one.
    let is_cash = |l: &Line| l.label.contains("现金管理");
    let two = opening.iter().any(is_cash) && opening.iter().any(|l| !is_cash(l));
    let balances: Vec<bool> = if two { vec![false, true] } else { vec![false] };
    let mut out = Vec::new();
    for cash in balances {
        let belongs = |l: &Line| !two || is_cash(l) == cash;
        let Some(open) = opening.iter().find(|l| belongs(l)) else { continue };
        let Some(close) = closing.iter().find(|l| belongs(l)) else { continue };
        let mut expected = open.value;
        let mut allowance = half_unit(open.scale);
        let mut how = show(open.value, open.scale);
        for m in moves {
            let sign = m.sign().unwrap_or(Decimal::ONE);
            let transfer = m.label.contains("现金管理") && (m.label.contains("赎回") || m.label.contains("购买"));
            let effect = match (cash, transfer) {
                (false, _) => sign,
                (true, true) => -sign,
                (true, false) => continue,
            };
            expected += effect * m.value;
            allowance += half_unit(m.scale);
            how += &format!(" {} {}", if effect > Decimal::ZERO { "+" } else { "−" }, show(m.value, m.scale));
        }
        if let Some(severity) = judge(expected, close.value, half_unit(close.scale), allowance) {
            let label = close.label.trim();
            out.push(discrepancy(doc, "verify.ledger", severity, (close.start, close.end), format!(
                "{label}：{how} = {}，文中为 {}", show(expected, close.scale), show(close.value, close.scale)
            )));
        }
    }
    out
}

/// Totals rows (`合计` right after a table's last figures): each column of the rows above
/// it, right-aligned, adds up to the total.
pub(super) fn total_rows(doc: &Document, _: &mut Facts) -> Vec<Discrepancy> {
    let all = figures(&doc.stream);
    let mut out = Vec::new();
    for (at, _) in doc.stream.match_indices("合计") {
        // The row's figures follow the word directly; the rows above end right before it.
        let totals: Vec<&Figure> = following(&all, &doc.stream, at + "合计".len());
        let Some(previous) = all.partition_point(|f| f.end <= at).checked_sub(1) else { continue };
        if totals.is_empty() || !doc.stream[all[previous].end..at].trim().is_empty() {
            continue;
        }
        let rows = rows_above(&all, &doc.stream, previous, totals.len());
        if rows.len() < 2 {
            continue;
        }
        for (column, total) in totals.iter().enumerate() {
            let offset = totals.len() - column;
            let cells: Vec<&Figure> = rows.iter().map(|r| r[r.len() - offset]).collect();
            let sum: Decimal = cells.iter().map(|f| f.value).sum();
            let scale = cells.iter().map(|f| f.scale).max().unwrap_or(0).max(total.scale);
            // A column of whole numbers is a count (patents, shares): exact, no rounding.
            let (own, allowance) = if scale == 0 {
                (Decimal::ZERO, Decimal::ZERO)
            } else {
                (total.tolerance(), cells.iter().map(|f| f.tolerance()).sum())
            };
            if let Some(severity) = judge(sum, total.value, own, allowance) {
                let terms: Vec<String> = cells.iter().map(|f| show(f.value, f.scale)).collect();
                out.push(discrepancy(doc, "verify.total-row", severity, (at, total.end), format!(
                    "合计行第 {} 列：{} = {}，文中为 {}",
                    column + 1, terms.join(" + "), show(sum, scale), show(total.value, total.scale)
                )));
            }
        }
    }
    out
}

/// The figures that follow byte `at` with only spaces between them.
fn following<'a>(all: &'a [Figure], stream: &str, at: usize) -> Vec<&'a Figure> {
    let mut out = Vec::new();
    let mut cursor = at;
    for f in &all[all.partition_point(|f| f.start < at)..] {
        if !stream[cursor..f.start].trim().is_empty() {
            break;
        }
        out.push(f);
        cursor = f.end;
    }
    out
}

/// The table rows ending at figure `last`, newest last: each a label of two or more
/// characters followed by at least `width` figures; stops at a sentence end or a shorter row.
fn rows_above<'a>(all: &'a [Figure], stream: &str, last: usize, width: usize) -> Vec<Vec<&'a Figure>> {
    let mut rows = Vec::new();
    let mut end = last + 1;
    while end > 0 {
        let mut start = end - 1;
        while start > 0 && stream[all[start - 1].end..all[start].start].trim().is_empty() {
            start -= 1;
        }
        let label_start = if start == 0 { 0 } else { all[start - 1].end };
        let label = stream[label_start..all[start].start].trim();
        if end - start < width || label.chars().count() < 2 || label.contains('。') {
            break;
        }
        rows.push(all[start..end].iter().collect());
        end = start;
    }
    rows.reverse();
    rows
}

/// `合计24.80%`, `合计持有…24.80%`: the combined percentage.
static COMBINED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"合计(?:持有|持股比例为?)?(?P<x>\d+\.\d+)%").unwrap());

/// A combined percentage against the parts stated just before it: the percentages of the
/// nearest earlier sentences that have any (a change in 个百分点 is not a part).
pub(super) fn combined_percent(doc: &Document, _: &mut Facts) -> Vec<Discrepancy> {
    let all = figures(&doc.stream);
    let mut out = Vec::new();
    for claim in COMBINED.captures_iter(&doc.stream) {
        let whole = claim.get(0).unwrap();
        let Some((stated, scale)) = parse_number(&claim["x"]) else { continue };
        let percents_in = |from: usize, to: usize| -> Vec<&Figure> {
            all[all.partition_point(|f| f.start < from)..all.partition_point(|f| f.end <= to)]
                .iter()
                .filter(|f| f.percent)
                .filter(|f| !doc.stream[f.end..].starts_with("个百分点"))
                .collect()
        };
        // The claim's own sentence first, then up to three sentences back, stopping at the
        // first one without percentages once some are found.
        let sentence_start = doc.stream[..whole.start()].rfind('。').map_or(0, |i| i + '。'.len_utf8());
        let mut parts = percents_in(sentence_start, whole.start());
        let mut end = sentence_start;
        for _ in 0..3 {
            let body = doc.stream[..end].strip_suffix('。').unwrap_or(&doc.stream[..end]);
            if body.is_empty() {
                break;
            }
            let start = body.rfind('。').map_or(0, |i| i + '。'.len_utf8());
            let found = percents_in(start, end);
            if found.is_empty() && !parts.is_empty() {
                break;
            }
            parts.splice(0..0, found);
            end = start;
        }
        if parts.len() < 2 {
            continue;
        }
        let sum: Decimal = parts.iter().map(|f| f.value).sum();
        let allowance: Decimal = parts.iter().map(|f| f.tolerance()).sum();
        if let Some(severity) = judge(sum, stated, half_unit(scale), allowance) {
            let terms: Vec<String> = parts.iter().map(|f| format!("{}%", show(f.value, f.scale))).collect();
            out.push(discrepancy(doc, "verify.combined-percent", severity, (whole.start(), whole.end()), format!(
                "合计比例：{} = {}%，文中为 {}%", terms.join(" + "), show(sum, scale), show(stated, scale)
            )));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Form;
    use dudao_model::Severity;

    #[test]
    fn raised_funds_ledger_keeps_two_balances() {
        let doc = Document::new(
            "项目金额 2022年12月31日专户余额 1,259.68 2022年12月31日现金管理余额 6,000.00 加：利息收入 21.13 \
             减：募投项目支出 2,273.24 加：现金管理赎回 1,000.00 2023年12月31日专户余额 7.58 2023年12月31日现金管理余额 5,000.00",
            Form::Text,
        );
        let found = ledger(&doc, &mut Facts::default());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(found[0].message, "2023年12月31日专户余额：1,259.68 + 21.13 − 2,273.24 + 1,000.00 = 7.57，文中为 7.58；差异在列示精度的四舍五入误差范围内");
    }
}
