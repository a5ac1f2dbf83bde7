//! Claims on shares: the share-change table (股份变动情况表) — each kind's shares before,
//! plus the change (小计), make its shares after, and each kind's 比例 is its shares over
//! the 股份总数 — the holders' tables, whose 持股比例 is a holder's shares over the total
//! shares after the change; and a sentence that splits the total into its classes
//! (`总股本为6,491,100,000股，其中：A股股本5,392,075,000股，H股股本1,099,025,000股`).

use std::sync::LazyLock;

use dudao_reader::{Block, Number, Row, Table, Value, compact};
use regex::Regex;
use rust_decimal::Decimal;

use super::{Arithmetic, Context, Facts, Out, half_unit, judge, show};
use crate::scan::parse_number;
use crate::stream::Stream;

const RULE: &str = "verify.share-table";

/// Whole, non-negative shares in a cell; a dash is none.
fn shares(row: &Row, column: usize) -> Option<Decimal> {
    match row.cells.get(column)?.value {
        Value::Number(n) if n.scale == 0 && !n.percent && n.value >= Decimal::ZERO => Some(n.value),
        Value::Dash => Some(Decimal::ZERO),
        _ => None,
    }
}

/// A signed whole change in a cell (`+2,198,171,903`, `-68,875`); a dash is none.
fn change(row: &Row, column: usize) -> Option<Decimal> {
    match row.cells.get(column)?.value {
        Value::Number(n) if n.scale == 0 && !n.percent => Some(n.value),
        Value::Dash => Some(Decimal::ZERO),
        _ => None,
    }
}

/// A percentage (`72.57`, `1.68%`) or another figure in a cell.
fn percent(row: &Row, column: usize) -> Option<Number> {
    row.cells.get(column)?.value.number()
}

/// Every share-change table, then every holders' table against the total it gives.
pub(super) fn tables(context: &mut Context) {
    let mut total_after: Option<Decimal> = None;
    for block in &context.doc.blocks {
        let Block::Table(table) = block else { continue };
        if let Some(total) = share_change(table, &mut context.out) {
            total_after.get_or_insert(total);
        }
    }
    let Some(total) = total_after else { return };
    context.facts.total_shares = Some(total);
    for block in &context.doc.blocks {
        let Block::Table(table) = block else { continue };
        holders(table, total, &mut context.out);
    }
}

const PER_SHARE_RULE: &str = "verify.per-share";

/// A table that prints the share capital and the net assets per share side by side (the
/// effect of a share change on per-share figures): in the column whose 股本 is the year-end
/// total, 每股净资产 = 归属于上市公司股东的净资产 ÷ 股本. A column of another share count
/// follows a formula of its own (按原股本计算), and a company with other equity
/// instruments (优先股, 永续债) divides only its ordinary shareholders' part: neither is
/// claimed.
pub(super) fn per_share_net_assets(context: &mut Context) {
    let (Some(year), Some(total)) = (context.facts.current_year, context.facts.total_shares) else { return };
    let Some(equity) = context.facts.metrics.get(&("net_assets", year)).copied() else { return };
    let tables = || super::tables::tables(context.doc);
    let other_equity = tables()
        .flat_map(|t| &t.rows)
        .any(|row| compact(row.label()) == "其他权益工具" && row.cells.iter().skip(1).any(|c| c.value.number().is_some_and(|n| !n.value.is_zero())));
    if other_equity || total.is_zero() {
        return;
    }
    for table in tables() {
        let Some(capital) = table.rows.iter().find(|r| compact(r.label()).starts_with("股本") && !r.uncertain) else { continue };
        let Some(per_share) = table.rows.iter().find(|r| compact(r.label()).contains("每股净资产") && !r.uncertain) else { continue };
        for column in 1..table.header.len() {
            let Some(stated) = percent(per_share, column).filter(|n| !n.percent) else { continue };
            if shares(capital, column) != Some(total) {
                continue;
            }
            let computed = equity.value / total;
            context.out.count(PER_SHARE_RULE);
            if let Some(severity) = judge(computed, stated.value, stated.half_unit(), equity.tolerance / total) {
                let cell = &per_share.cells[column];
                let terms = vec![format!("{}（{}）", show(equity.value, equity.scale), equity.at), show(total, 0)];
                let message = format!(
                    "{}：归属于上市公司股东的净资产 {} ÷ 股本 {} 股 = {}，文中为 {}",
                    per_share.label(),
                    terms[0],
                    terms[1],
                    show(computed, stated.scale),
                    cell.text.trim()
                );
                let quote = format!("{} {} {}", per_share.label(), capital.cells[column].text, cell.text);
                let arithmetic = Arithmetic {
                    terms,
                    computed: show(computed, stated.scale),
                    stated: show(stated.value, stated.scale),
                    tolerance: stated.half_unit() + equity.tolerance / total,
                };
                context.out.report(PER_SHARE_RULE, severity, cell.at, quote, message, arithmetic);
            }
        }
    }
}

/// The share-change table: its quantity columns (`本次变动前数量`, `本次变动后数量`) each
/// with its 比例 column after it, the change's 小计 column, and the 股份总数 row. Returns
/// the total shares after the change.
fn share_change(table: &Table, out: &mut Out) -> Option<Decimal> {
    let header: Vec<String> = table.header.iter().map(|h| compact(h).into_owned()).collect();
    let before = header.iter().position(|h| h.contains("变动前") && h.contains("数量"))?;
    let after = header.iter().position(|h| h.contains("变动后") && h.contains("数量"))?;
    let subtotal = header.iter().position(|h| h.ends_with("小计"))?;
    let total_row = table.rows.iter().position(|r| compact(r.label()).contains("股份总数") && !r.uncertain)?;
    let ratio_of = |q: usize| header.get(q + 1).filter(|h| h.contains("比例")).map(|_| q + 1);
    let totals = (shares(&table.rows[total_row], before)?, shares(&table.rows[total_row], after)?);
    for row in table.rows.iter().filter(|r| !r.uncertain) {
        // Before + change = after.
        if let (Some(b), Some(c), Some(a)) = (shares(row, before), change(row, subtotal), shares(row, after))
            && !(b.is_zero() && c.is_zero() && a.is_zero())
        {
            out.count(RULE);
            if b + c != a {
                let cell = &row.cells[after];
                let terms = vec![show(b, 0), show(c, 0)];
                let message = format!("{}：变动前 {} + 本次变动 {} = {}，文中变动后为 {}", row.label(), terms[0], terms[1], show(b + c, 0), show(a, 0));
                let quote = format!("{} {} {} {}", row.label(), row.cells[before].text, row.cells[subtotal].text, cell.text);
                let arithmetic = Arithmetic { terms, computed: show(b + c, 0), stated: show(a, 0), tolerance: Decimal::ZERO };
                out.report(RULE, dudao_model::Severity::Error, cell.at, quote, message, arithmetic);
            }
        }
    }
    for (quantity, total) in [(before, totals.0), (after, totals.1)] {
        let Some(ratio) = ratio_of(quantity) else { continue };
        let rows: Vec<&Row> = table.rows.iter().enumerate().filter(|(r, row)| *r != total_row && !row.uncertain).map(|(_, row)| row).collect();
        check_ratios(out, &rows, quantity, ratio, total, "股份总数");
    }
    Some(totals.1)
}

/// The holders' table (前十名股东持股情况): its 持股比例 against the shares held over the total
/// shares; its header is the table's or a row of it.
fn holders(table: &Table, total: Decimal, out: &mut Out) {
    let find = |texts: &[String]| {
        let ratio = texts.iter().position(|t| t.contains("持股比例") || (t.contains("比例") && !t.contains("质押")))?;
        let quantity = texts.iter().position(|t| (t.contains("期末持股数量") || t == "持股数量" || t.starts_with("持股数量")) && !t.contains("限售"))?;
        Some((quantity, ratio))
    };
    let header: Vec<String> = table.header.iter().map(|h| compact(h).into_owned()).collect();
    let mut columns = find(&header);
    let quantity_named = header.iter().any(|t| t.contains("期末持股数量"));
    let mut rows: Vec<&Row> = Vec::new();
    for row in &table.rows {
        let texts: Vec<String> = row.cells.iter().map(|c| compact(&c.text).into_owned()).collect();
        if let Some(found) = find(&texts) {
            if columns.is_none() {
                rows.clear();
            }
            columns = Some(found);
            continue;
        }
        if (columns.is_some() || quantity_named) && !row.uncertain {
            rows.push(row);
        }
    }
    if let Some((quantity, ratio)) = columns.or_else(|| unnamed_ratio(&header, &rows)) {
        check_ratios(out, &rows, quantity, ratio, total, "总股本");
    }
}

/// A holders' table whose 持股比例 header was lost in conversion (`期末持股数量(%)` over two
/// columns, the second headed by nothing): the quantity column named, and right after it a
/// column without a header whose every cell is a percentage printed with two decimals.
fn unnamed_ratio(header: &[String], rows: &[&Row]) -> Option<(usize, usize)> {
    let quantity = header.iter().position(|t| t.contains("期末持股数量") && !t.contains("限售"))?;
    let ratio = quantity + 1;
    let percents = rows.iter().filter_map(|row| row.cells.get(ratio)).all(|cell| match cell.value {
        Value::Number(n) => n.scale == 2 && n.value < Decimal::ONE_HUNDRED && n.value >= Decimal::ZERO && !cell.text.contains(','),
        _ => false,
    });
    (header.get(ratio).is_some_and(String::is_empty) && !rows.is_empty() && percents).then_some((quantity, ratio))
}

/// Each row's percentage against its shares over `total`. A table where most rows disagree
/// states its percentages of another base (shares less those repurchased, one class only):
/// no claim is made on it. A percentage one unit of its last place off is a note, not an
/// error: filers adjust the last digit of one row so the rows add up to their total's
/// percentage (尾数调整).
fn check_ratios(out: &mut Out, rows: &[&Row], quantity: usize, ratio: usize, total: Decimal, base: &str) {
    if total.is_zero() {
        return;
    }
    let claims: Vec<(&Row, Decimal, Number, Decimal)> = rows
        .iter()
        .filter_map(|row| {
            let (held, stated) = (shares(row, quantity)?, percent(row, ratio)?);
            (!held.is_zero() && stated.value < Decimal::ONE_HUNDRED).then(|| (*row, held, stated, held / total * Decimal::ONE_HUNDRED))
        })
        .collect();
    let wrong = claims.iter().filter(|(.., stated, computed)| judge(*computed, stated.value, stated.half_unit(), Decimal::ZERO).is_some()).count();
    if claims.is_empty() || wrong * 2 > claims.len() {
        return;
    }
    for (row, held, stated, computed) in claims {
        out.count(RULE);
        if let Some(severity) = judge(computed, stated.value, stated.half_unit(), stated.half_unit()) {
            let cell = &row.cells[ratio];
            let terms = vec![show(held, 0), show(total, 0)];
            let message = format!("{}：{} ÷ {base} {} × 100 = {}%，文中为 {}", row.label(), terms[0], terms[1], show(computed, stated.scale), cell.text.trim());
            let quote = format!("{} {} {}", row.label(), row.cells[quantity].text, cell.text);
            let arithmetic = Arithmetic {
                terms,
                computed: show(computed, stated.scale),
                stated: show(stated.value, stated.scale),
                tolerance: stated.half_unit() * Decimal::TWO,
            };
            out.report(RULE, severity, cell.at, quote, message, arithmetic);
        }
    }
}

const CLASSES_RULE: &str = "verify.share-classes";

/// The total shares, and the `其中` that opens the list of its parts.
static CLASSES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:总股本|股份总数|总股数|股本总数)(?:为|是|增至|变更为)? ?(?P<total>[\d,]+) ?股[，,]其中[：:]?").unwrap());

/// One part of the list: its words, its shares, and the percentage it may state.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<label>[^，,；;。：:\d%]{1,16}?)(?:为)? ?(?P<n>[\d,]+) ?股(?:[，,]? ?占(?:比|总股本(?:的)?(?:比例)?)(?:为|约)? ?(?P<p>\d+(?:\.\d+)?) ?%)?(?P<sep>[，,；;、]|。|$)").unwrap()
});

/// Which class a part's words name, and the split it belongs to: `(split, class)`. Shares
/// are split either by where they are listed (A, B, H) or by restriction, and a list that
/// names classes of one split, each once, names the whole total.
fn class_of(label: &str) -> Option<(u8, u8)> {
    let label = compact(label);
    if label.contains("无限售") {
        Some((1, 1))
    } else if label.contains("限售") {
        Some((1, 0))
    } else if label.contains("A股") || label.contains("人民币普通股") {
        Some((0, 0))
    } else if label.contains("B股") || label.contains("境内上市外资股") {
        Some((0, 1))
    } else if label.contains("H股") || label.contains("境外上市外资股") {
        Some((0, 2))
    } else {
        None
    }
}

/// A total split into classes in a sentence: the parts add up to it when they are classes
/// of one split, each named once; each percentage stated is its part over the total.
pub(super) fn share_classes(doc: &Stream, _: &mut Facts, out: &mut Out) {
    for opening in CLASSES.captures_iter(&doc.text) {
        let whole = opening.get(0).unwrap();
        let Some((total, 0)) = parse_number(&opening["total"]) else { continue };
        if total.is_zero() {
            continue;
        }
        let mut parts = Vec::new();
        let mut at = whole.end();
        while let Some(part) = PART.captures(&doc.text[at..]) {
            let (Some(class), Some((n, 0))) = (class_of(&part["label"]), parse_number(&part["n"])) else { break };
            let end = at + part.get(0).unwrap().end();
            parts.push((class, n, part.name("p").map(|p| (p.as_str().to_owned(), at + p.end())), at));
            at = end;
            if matches!(part.name("sep").map(|s| s.as_str()), Some("。") | Some("") | None) {
                break;
            }
        }
        for (_, n, percent, start) in &parts {
            let Some((text, end)) = percent else { continue };
            let Some((p, scale)) = parse_number(text) else { continue };
            let computed = n / total * Decimal::ONE_HUNDRED;
            out.count(CLASSES_RULE);
            if let Some(severity) = judge(computed, p, half_unit(scale), Decimal::ZERO) {
                let terms = vec![format!("{} 股", show(*n, 0)), format!("总股本 {} 股", show(total, 0))];
                let message = format!("{} ÷ {} × 100 = {}%，文中为{}%", terms[0], terms[1], show(computed, scale), text);
                let arithmetic = Arithmetic { terms, computed: show(computed, scale), stated: show(p, scale), tolerance: half_unit(scale) };
                out.report_prose(doc, CLASSES_RULE, severity, (*start, *end), message, arithmetic);
            }
        }
        let splits: std::collections::BTreeSet<u8> = parts.iter().map(|((split, _), ..)| *split).collect();
        let classes: std::collections::BTreeSet<(u8, u8)> = parts.iter().map(|(class, ..)| *class).collect();
        if parts.len() < 2 || splits.len() != 1 || classes.len() != parts.len() {
            continue;
        }
        let sum: Decimal = parts.iter().map(|(_, n, ..)| n).sum();
        out.count(CLASSES_RULE);
        if sum != total {
            let terms: Vec<String> = parts.iter().map(|(_, n, ..)| format!("{} 股", show(*n, 0))).collect();
            let message = format!("其中各类股份 {} = {} 股，文中总股本为 {} 股", terms.join(" + "), show(sum, 0), show(total, 0));
            let arithmetic = Arithmetic { terms, computed: show(sum, 0), stated: show(total, 0), tolerance: Decimal::ZERO };
            // At the stated total, which the words before it may begin a line earlier.
            let stated = opening.name("total").unwrap().start();
            out.report_prose(doc, CLASSES_RULE, dudao_model::Severity::Error, (stated, at), message, arithmetic);
        }
    }
}
