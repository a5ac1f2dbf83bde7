//! Claims in tables, read by their structure: the key-data table's change column, the
//! quarterly table against the year, the non-recurring items against their total and
//! against the two profits, and every total, subtotal and total column against what it adds
//! up, by the rows' roles.

use dudao_model::{MetricKind, Severity, metric_of_label};
use dudao_reader::{Block, Cell, Column, Document, Number, Role, Row, Table, Unit, Value, compact};
use rust_decimal::Decimal;

use super::{Arithmetic, Context, Known, Out, checked_sum, judge, numbered, percent_change, show};

pub(super) fn tables(doc: &Document) -> impl Iterator<Item = &Table> {
    doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None })
}

/// A cell's figure in 元 (for money in a known unit) with its tolerance in the same.
pub(super) fn figure_of(table: &Table, row: usize, column: usize, number: Number) -> Known {
    let factor = table.unit_of(row, column).map_or(Decimal::ONE, |u| u.factor());
    let cell = &table.rows[row].cells[column];
    Known { value: number.value * factor, tolerance: number.half_unit() * factor, scale: number.scale, at: cell.at }
}

/// The change column of every key-data table (two year columns and a change column):
/// percent for amounts and per-share figures, percentage points for ratios, `不适用` on a
/// base that is not positive. Each row's figures are recorded for the claims after.
pub(super) fn change_columns(context: &mut Context) {
    for table in tables(context.doc) {
        let Some(layout) = table.year_layout() else { continue };
        let (a_column, current) = layout.years[0];
        let b_column = layout.years[1].0;
        context.facts.current_year.get_or_insert(current);
        for (r, row) in table.rows.iter().enumerate() {
            let Some(metric) = metric_of_label(row.label()) else { continue };
            if row.uncertain {
                continue;
            }
            for &(column, year) in &layout.years {
                if let Some(n) = row.cells[column].value.number() {
                    context.facts.metrics.entry((metric.key, year)).or_insert_with(|| figure_of(table, r, column, n));
                }
            }
            let Some(change) = layout.change else { continue };
            let (Some(a), Some(b)) = (row.cells[a_column].value.number(), row.cells[b_column].value.number()) else { continue };
            judge_change(&mut context.out, row.label(), metric.kind, a, b, &row.cells[change]);
        }
    }
}

/// What became of a claim checked: nothing to say, or a finding.
type Outcome = Option<(Severity, String, Arithmetic)>;

/// Checks a row's change cell against its two years, counting the claim when it has one.
fn judge_change(out: &mut Out, label: &str, kind: MetricKind, a: Number, b: Number, cell: &Cell) {
    let (ta, tb) = (a.half_unit(), b.half_unit());
    let quote = format!("{label} {} {} {}", show(a.value, a.scale), show(b.value, b.scale), cell.text);
    let mut claim = |outcome: Outcome| {
        out.count("verify.table-change");
        if let Some((severity, message, arithmetic)) = outcome {
            out.report("verify.table-change", severity, cell.at, quote.clone(), message, arithmetic);
        }
    };
    let terms = vec![show(a.value, a.scale), show(b.value, b.scale)];
    if kind == MetricKind::Ratio {
        // `增加3.88个百分点`, or a bare figure some filers print for the points.
        let (Value::Points(stated) | Value::Number(stated)) = cell.value else { return };
        if stated.percent {
            return;
        }
        let expected = a.value - b.value;
        let outcome = judge(expected, stated.value, stated.half_unit(), ta + tb).map(|severity| {
            let words = if expected < Decimal::ZERO { "减少" } else { "增加" };
            let message = format!(
                "{label}：{} − {} = {}，应为{words}{}个百分点，文中为{}",
                show(a.value, a.scale),
                show(b.value, b.scale),
                show(expected, stated.scale),
                show(expected.abs(), stated.scale),
                cell.text
            );
            let arithmetic = Arithmetic {
                terms: terms.clone(),
                computed: show(expected, stated.scale),
                stated: show(stated.value, stated.scale),
                tolerance: stated.half_unit() + ta + tb,
            };
            (severity, message, arithmetic)
        });
        claim(outcome);
        return;
    }
    match cell.value {
        Value::NotApplicable if b.value > Decimal::ZERO => {
            let expected = (a.value - b.value) / b.value * Decimal::ONE_HUNDRED;
            let message = format!("{label}：上年数 {} 为正，应列示增减比例 {}%，文中为不适用", show(b.value, b.scale), show(expected, 2));
            let arithmetic = Arithmetic { terms, computed: show(expected, 2), stated: "不适用".into(), tolerance: Decimal::ZERO };
            claim(Some((Severity::Error, message, arithmetic)))
        }
        Value::NotApplicable => claim(None),
        Value::Number(c) => {
            if b.value.is_zero() {
                return;
            }
            // On a negative base some filers divide by its absolute value; either way the
            // figure must follow from the two years.
            let base = b.value.abs();
            let (expected, inherited) = percent_change(a.value, ta, b.value, tb);
            let severity = judge(expected, c.value, c.half_unit(), inherited);
            if b.value < Decimal::ZERO && severity.is_some() {
                let message = format!("{label}：上年数 {} 不为正，增减比例无意义，应列示不适用，文中为 {}", show(b.value, b.scale), cell.text);
                let arithmetic = Arithmetic { terms, computed: "不适用".into(), stated: show(c.value, c.scale), tolerance: Decimal::ZERO };
                claim(Some((Severity::Error, message, arithmetic)));
                return;
            }
            let outcome = severity.map(|severity| {
                let message = format!(
                    "{label}：({} − {}) ÷ {} × 100 = {}，文中为 {}",
                    show(a.value, a.scale),
                    show(b.value, b.scale),
                    show(base, b.scale),
                    show(expected, c.scale),
                    show(c.value, c.scale)
                );
                (
                    severity,
                    message,
                    Arithmetic { terms, computed: show(expected, c.scale), stated: show(c.value, c.scale), tolerance: c.half_unit() + inherited },
                )
            });
            claim(outcome);
        }
        _ => {}
    }
}

/// Quarterly figures add up to the year's figure in the key-data table.
pub(super) fn quarterly(context: &mut Context) {
    let Some(year) = context.facts.current_year else { return };
    for table in tables(context.doc) {
        let kinds = table.columns();
        let quarters: Vec<usize> = (1..=4).filter_map(|q| kinds.iter().position(|k| *k == Column::Quarter(q))).collect();
        if quarters.len() != 4 {
            continue;
        }
        let sums: Vec<QuarterSum> = if quarters[0] == 0 {
            unlabeled_quarters(context, table, &quarters, year)
        } else {
            table
                .rows
                .iter()
                .enumerate()
                .filter_map(|(r, row)| {
                    let metric = metric_of_label(row.label())?;
                    (metric.flow && metric.kind == MetricKind::Amount && !row.uncertain).then(|| quarter_sum(context, table, &quarters, year, r, metric.key))?
                })
                .map(|sum| QuarterSum { label: table.rows[sum.row].label().to_owned(), ..sum })
                .collect()
        };
        for sum in sums {
            let row = &table.rows[sum.row];
            let (annual, scale) = (sum.annual, sum.scale);
            // Figures in another unit than 元 say theirs; the sums are in 元.
            let unit = table.unit_of(sum.row, quarters[0]).filter(|u| *u != Unit::Yuan).map_or("", |u| u.name());
            let terms: Vec<String> = quarters.iter().map(|c| format!("{}{unit}", row.cells[*c].text)).collect();
            let yuan = if unit.is_empty() { "" } else { "元" };
            context.out.count("verify.quarterly");
            if let Some(severity) = judge(annual.value, sum.sum, Decimal::ZERO, sum.tolerance) {
                let message = format!(
                    "{}：四个季度合计 {} = {}{yuan}，与全年 {}{yuan} 不符（{year} 年度，见主要会计数据表{}）",
                    sum.label,
                    terms.join(" + "),
                    show(sum.sum, scale),
                    show(annual.value, scale),
                    annual.at
                );
                let quote = row.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" ");
                let arithmetic = Arithmetic { terms, computed: show(sum.sum, scale), stated: show(annual.value, scale), tolerance: sum.tolerance };
                context.out.report("verify.quarterly", severity, row.at, quote, message, arithmetic);
            }
        }
    }
}

/// A row of quarters summed, beside the year's figure it should make.
struct QuarterSum {
    row: usize,
    label: String,
    sum: Decimal,
    /// What the printed precision of the quarters and the year's figure allows.
    tolerance: Decimal,
    scale: u32,
    annual: Known,
}

/// Row `r`'s four quarters summed against metric `key`'s figure for `year`.
fn quarter_sum(context: &Context, table: &Table, quarters: &[usize], year: i16, r: usize, key: &str) -> Option<QuarterSum> {
    let annual = context.facts.metrics.get(&(key, year)).copied()?;
    let row = &table.rows[r];
    let figures: Vec<Known> = quarters.iter().map(|c| row.cells[*c].value.number().map(|n| figure_of(table, r, *c, n))).collect::<Option<_>>()?;
    let sum = checked_sum(figures.iter().map(|k| k.value))?;
    let tolerance = checked_sum(figures.iter().map(|k| k.tolerance))? + annual.tolerance;
    let scale = figures.iter().map(|k| k.scale).max().unwrap_or(2).max(annual.scale);
    Some(QuarterSum { row: r, label: String::new(), sum, tolerance, scale, annual })
}

/// The rows of the quarterly table the annual-report form prescribes, in its order
/// (《公开发行证券的公司信息披露内容与格式准则第2号》, 分季度主要财务指标).
const QUARTER_ROWS: [&str; 4] = ["revenue", "net_profit", "deducted_net_profit", "operating_cash_flow"];

/// A quarterly table printed without its row labels (the SMP2023 text of some reports
/// keeps only the figures): its rows are the form's, in the form's order, only when all
/// rows but one make their year's figure so — the order then stands confirmed, and the
/// one that does not is reported. Otherwise nothing is claimed.
fn unlabeled_quarters(context: &Context, table: &Table, quarters: &[usize], year: i16) -> Vec<QuarterSum> {
    if table.rows.len() != QUARTER_ROWS.len() || table.rows.iter().any(|r| r.uncertain) {
        return Vec::new();
    }
    let sums: Vec<QuarterSum> = match QUARTER_ROWS.iter().enumerate().map(|(r, key)| quarter_sum(context, table, quarters, year, r, key)).collect::<Option<_>>()
    {
        Some(sums) => sums,
        None => return Vec::new(),
    };
    let holding = sums.iter().filter(|s| judge(s.annual.value, s.sum, Decimal::ZERO, s.tolerance) != Some(Severity::Error)).count();
    if holding + 1 < sums.len() {
        return Vec::new();
    }
    sums.into_iter()
        .zip(QUARTER_ROWS)
        .map(|(sum, key)| {
            let name = dudao_model::METRICS.iter().find(|m| m.key == key).map_or(key, |m| m.labels[0]);
            QuarterSum { label: format!("{name}（表中未印行名，按年报格式第 {} 行）", sum.row + 1), ..sum }
        })
        .collect()
}

fn is_total(row: &Row) -> bool {
    row.role() == Role::Total
}

/// Whether a table is the non-recurring items table: its label column or the heading
/// before it says so.
fn is_nonrecurring(table: &Table, heading: &str) -> bool {
    table.header.first().is_some_and(|h| h.contains("非经常性损益")) || heading.contains("非经常性损益项目")
}

/// The tables of the document with the title of the heading before each.
fn tables_with_headings(doc: &Document) -> Vec<(&Table, String)> {
    let mut heading = String::new();
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => heading = h.title.clone(),
            Block::Table(t) => out.push((t, heading.clone())),
            Block::Paragraph(_) => {}
        }
    }
    out
}

/// Rows `body` of a table summed to row `total`, leaving out the rows in `excluded` (the
/// parts listed under a `其中：` row, as one reading of where that list ends).
struct Span {
    body: std::ops::Range<usize>,
    total: usize,
    excluded: std::ops::Range<usize>,
}

/// The sum of one column of a span's rows (a deduction subtracted, a part of the row above
/// left out), when every cell is a figure of the same kind as the total or a dash, and no
/// row is a subtotal of the rows after it (`3年以上` over `3至4年`, `5年以上`); `None`
/// otherwise. Returns the sum, what the printed precision allows, the terms and the widest
/// scale. Some filers print the deductions already negative, to be added: the sum as
/// printed is taken instead when it is the one that agrees with the total.
fn column_sum(table: &Table, span: &Span, column: usize, total: Number) -> Option<(Decimal, Decimal, Vec<String>, u32)> {
    let mut values: Vec<(Decimal, Decimal)> = Vec::new();
    let mut as_printed = Decimal::ZERO;
    let mut terms = Vec::new();
    let mut scale = total.scale;
    let total_unit = table.unit_of(span.total, column);
    for r in span.body.clone() {
        let row = &table.rows[r];
        let cell = &row.cells[column];
        if cell.covered || row.role() == Role::PartOfAbove || span.excluded.contains(&r) {
            continue;
        }
        let sign = if row.role() == Role::Deduction { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
        match cell.value {
            Value::Number(n) if n.percent == total.percent && table.unit_of(r, column) == total_unit => {
                values.push((sign * n.value, n.half_unit()));
                as_printed = as_printed.checked_add(n.value)?;
                scale = scale.max(n.scale);
                terms.push(if sign.is_sign_negative() { format!("−{}", cell.text) } else { cell.text.clone() });
            }
            Value::Dash => {}
            Value::Text if cell.text.trim().is_empty() => {}
            _ => return None,
        }
    }
    // A table of holders (`股东名称`) lists one holder a row: equal holdings one after another
    // (`96,000,000` twice, then `48,000,000` twice) are no breakdown of one another.
    let holders = table.header.first().is_some_and(|h| compact(h).starts_with("股东名称"));
    if values.len() < 2 || (!holders && has_subtotal(&values)) {
        return None;
    }
    let subtracted = checked_sum(values.iter().map(|(v, _)| *v))?;
    let inherited = checked_sum(values.iter().map(|(_, t)| *t))?;
    if (as_printed - total.value).abs() < (subtracted - total.value).abs() {
        let terms = terms.into_iter().map(|t| t.trim_start_matches('−').to_owned()).collect();
        return Some((as_printed, inherited, terms, scale));
    }
    Some((subtracted, inherited, terms, scale))
}

/// Whether some figure equals the sum of one or more of the figures right after it
/// (`3年以上` over `3至4年`, `5年以上`), or of two or more right before it (a net figure
/// under its gross and deduction, `归属于银行股东的权益` under its parts).
fn has_subtotal(values: &[(Decimal, Decimal)]) -> bool {
    let sums_to = |value: Decimal, tolerance: Decimal, terms: &mut dyn Iterator<Item = &(Decimal, Decimal)>, at_least: usize| {
        let (mut sum, mut allowance) = (Decimal::ZERO, tolerance);
        terms.enumerate().any(|(n, (v, t))| {
            let (Some(s), Some(a)) = (sum.checked_add(*v), allowance.checked_add(*t)) else { return false };
            (sum, allowance) = (s, a);
            n + 1 >= at_least && (sum - value).abs() <= allowance
        })
    };
    (0..values.len()).any(|i| {
        let (value, tolerance) = values[i];
        !value.is_zero() && (sums_to(value, tolerance, &mut values[i + 1..].iter(), 1) || sums_to(value, tolerance, &mut values[..i].iter().rev(), 2))
    })
}

/// Whether a column's figures add up: its header names an amount or a count (not a ratio
/// or a change), or, without a header, each of the span's rows has a figure, a dash or
/// nothing in it and most have a figure.
fn column_is_additive(table: &Table, span: &Span, column: usize) -> bool {
    let header = table.header.get(column).map_or("", |h| h.trim());
    let changes = ["增减", "变动", "同比"].iter().any(|w| header.contains(w));
    if changes || header.contains(['%', '％']) || header.contains("比例") || header.ends_with('率') {
        return false;
    }
    if !header.is_empty() {
        return true;
    }
    let cells = || span.body.clone().map(|r| &table.rows[r].cells[column]);
    let figures = cells().filter(|c| matches!(c.value, Value::Number(_))).count();
    let all_fit = cells().all(|c| matches!(c.value, Value::Number(_) | Value::Dash) || (c.value == Value::Text && c.text.trim().is_empty()));
    all_fit && figures >= 3 && figures * 3 >= span.body.len() * 2
}

/// Whether a row may be summed with the rows around it to a total below: not a total or
/// subtotal itself, no ledger line (加, 余额), and read with certainty.
fn summable_row(row: &Row) -> bool {
    let label = compact(row.label());
    !(row.uncertain
        || matches!(row.role(), Role::Total | Role::Subtotal | Role::Addition)
        || label.contains("合计")
        || label.contains("总计")
        || label.contains("余额"))
}

/// Whether a row has a figure in a column after the labels.
fn has_figure(row: &Row) -> bool {
    row.cells.iter().skip(1).any(|c| matches!(c.value, Value::Number(_)))
}

/// A row that opens a section of the table: no figures, and a label that says so
/// (`流动资产：`, `二、投资活动产生的现金流量：`).
fn is_section(row: &Row) -> bool {
    let label = compact(row.label());
    let across = row.cells.len() > 1 && row.cells.iter().skip(1).all(|c| c.covered);
    !has_figure(row) && (label.ends_with(['：', ':']) || numbered(&label) || across)
}

/// Whether row `r`, a total or subtotal, closes rows with figures above it (back to the
/// section's start) rather than being an item itself (`1年以内小计` over empty `其中` rows).
fn closes_rows_above(table: &Table, r: usize) -> bool {
    table.rows[..r]
        .iter()
        .rev()
        .take(SECTION_ROWS)
        .take_while(|row| !is_section(row))
        .find(|row| has_figure(row))
        .is_some_and(|row| !matches!(row.role(), Role::Total | Role::Subtotal))
}

/// The readings of the rows above total row `total`, back to the section's label (a row
/// without figures that says it opens a section, `流动资产：`) or the previous total or
/// subtotal.
fn spans_above(table: &Table, total: usize) -> Vec<Span> {
    let boundary = |r: usize| matches!(table.rows[r].role(), Role::Total | Role::Subtotal) && closes_rows_above(table, r);
    let mut start = total;
    while start > 0 && !is_section(&table.rows[start - 1]) && !boundary(start - 1) {
        if total - start == SECTION_ROWS {
            return Vec::new();
        }
        start -= 1;
    }
    readings(table, start..total, total)
}

/// No section of a disclosure's table runs longer than this many rows, nor a `其中：` list
/// longer than `LIST_ROWS`: past them no reading is made, so a hostile table cannot make
/// the readings grow with the square of its rows.
const SECTION_ROWS: usize = 300;
const LIST_ROWS: usize = 12;

/// The readings of each section below a total printed above its parts (`营业收入合计` over
/// `分行业`, `分产品`, `分地区`, each adding up to it), for a total row followed by a section.
fn sections_below(table: &Table, total: usize) -> Vec<Vec<Span>> {
    let first_of_its_section = table.rows[..total].iter().rev().take(SECTION_ROWS).take_while(|row| !is_section(row)).all(|row| !has_figure(row));
    if !first_of_its_section || !table.rows.get(total + 1).is_some_and(is_section) {
        return Vec::new();
    }
    let mut groups = Vec::new();
    let mut start = total + 2;
    while start <= table.rows.len() && start - total <= SECTION_ROWS {
        let end = (start..table.rows.len())
            .find(|r| is_section(&table.rows[*r]) || matches!(table.rows[*r].role(), Role::Total | Role::Subtotal))
            .unwrap_or(table.rows.len());
        groups.push(readings(table, start..end, total));
        if end == table.rows.len() || !is_section(&table.rows[end]) {
            break;
        }
        start = end + 1;
    }
    groups
}

/// The readings of rows `body` summed to row `total`: the rows as they stand and, where one
/// `其中：` row lists parts whose end the table does not mark, each place that list might end
/// (a label that runs `其中：` into the row's own, `其他应付款其中：应付利息`, opens such a list
/// after its row). None where a row cannot be summed, a row of figures has no label (the
/// reader lost its structure) or more than one such list is open.
fn readings(table: &Table, body: std::ops::Range<usize>, total: usize) -> Vec<Span> {
    let rows = &table.rows[body.clone()];
    let figures = rows.iter().filter(|r| has_figure(r)).count();
    let labelled = rows.iter().all(|r| !has_figure(r) || !r.label().is_empty());
    if figures < 2 || !labelled || !rows.iter().all(|r| summable_row(r) || (r.role() == Role::Subtotal && !has_figure(r))) {
        return Vec::new();
    }
    let list_starts: Vec<usize> = body
        .clone()
        .filter_map(|r| {
            let row = &table.rows[r];
            let run_in = compact(row.label()).get(3..).is_some_and(|rest| rest.contains("其中：") || rest.contains("其中:"));
            match row.role() {
                Role::PartsFollow => Some(r),
                _ if run_in => Some(r + 1),
                _ => None,
            }
        })
        .collect();
    let end = body.end;
    match list_starts.as_slice() {
        [] => vec![Span { body, total, excluded: 0..0 }],
        [list] => (*list..=end.min(*list + LIST_ROWS)).map(|stop| Span { body: body.clone(), total, excluded: *list..stop }).collect(),
        _ => Vec::new(),
    }
}

/// Checks the total rows of `table` column by column under `rule`: the last row against
/// the rows above when the whole table adds up to it, and every total or subtotal against
/// the rows of its own section.
fn check_total(out: &mut Out, rule: &'static str, table: &Table) {
    if table.header.iter().any(|h| holds_figure(h)) {
        return;
    }
    for total in 0..table.rows.len() {
        let role = table.rows[total].role();
        if !(role == Role::Total || role == Role::Subtotal) || table.rows[total].uncertain {
            continue;
        }
        let groups = if closes_rows_above(table, total) { vec![spans_above(table, total)] } else { sections_below(table, total) };
        for spans in groups.iter().filter(|s| !s.is_empty()) {
            check_spans(out, rule, table, spans);
        }
    }
}

/// Whether a header holds a figure (`42`, `金额3,000,000.00`, `200,000.00`): the reader took
/// a row for the header, and the table's top (where a sum starts) is lost.
fn holds_figure(header: &str) -> bool {
    dudao_reader::parse_number(header.trim()).is_some()
        || header.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).any(|t| t.contains([',', '.']) && dudao_reader::parse_number(t).is_some())
}

/// Checks one total against the readings of the rows it adds up, column by column.
fn check_spans(out: &mut Out, rule: &'static str, table: &Table, spans: &[Span]) {
    let total_row = &table.rows[spans[0].total];
    for column in 1..total_row.cells.len() {
        let Some(stated) = total_row.cells[column].value.number() else { continue };
        if !column_is_additive(table, &spans[0], column) {
            continue;
        }
        // Of the readings, the one closest to the total is judged: a wrong figure breaks them all.
        let sums: Vec<(Decimal, Decimal, Vec<String>, u32)> = spans.iter().filter_map(|span| column_sum(table, span, column, stated)).collect();
        let Some((sum, inherited, terms, widest)) = sums.into_iter().min_by_key(|(sum, ..)| (sum - stated.value).abs()) else { continue };
        // Whole numbers throughout are counts (patents, shares): exact.
        let exact = widest == 0;
        let scale = widest;
        out.count(rule);
        let allowance = if exact { Decimal::ZERO } else { inherited };
        let own = if exact { Decimal::ZERO } else { stated.half_unit() };
        if let Some(severity) = judge(sum, stated.value, own, allowance) {
            let header =
                table.header.get(column).map(String::as_str).filter(|h| !h.is_empty()).map_or_else(|| format!("第 {column} 列"), |h| format!("“{h}”列"));
            let message = format!("{}行{header}：{} = {}，文中为 {}", total_row.label(), terms.join(" + "), show(sum, scale), show(stated.value, scale));
            let quote = format!("{} {}", total_row.label(), total_row.cells[column].text);
            out.report(
                rule,
                severity,
                total_row.cells[column].at,
                quote,
                message,
                Arithmetic { terms, computed: show(sum, scale), stated: show(stated.value, scale), tolerance: own + allowance },
            );
        }
    }
}

/// The non-recurring items table: each year's items add up to its 合计; the totals are
/// recorded for the check against the two profits.
pub(super) fn nonrecurring(context: &mut Context) {
    for (table, heading) in tables_with_headings(context.doc) {
        if !is_nonrecurring(table, &heading) {
            continue;
        }
        check_total(&mut context.out, "verify.nonrecurring-total", table);
        // The totals stated, whether or not the items above could be summed.
        if let Some(last) = table.rows.last().filter(|r| is_total(r) && !r.uncertain) {
            for (column, kind) in table.columns().iter().enumerate() {
                if let (Column::Year(year), Some(n)) = (kind, last.cells.get(column).and_then(|c| c.value.number())) {
                    context.facts.nonrecurring.entry(*year).or_insert_with(|| figure_of(table, table.rows.len() - 1, column, n));
                }
            }
        }
    }
}

/// 归属于上市公司股东的净利润 − 扣除非经常性损益的净利润 = 非经常性损益合计, for every year
/// the document gives all three.
pub(super) fn nonrecurring_against_profit(context: &mut Context) {
    let totals: Vec<(i16, Known)> = context.facts.nonrecurring.iter().map(|(y, k)| (*y, *k)).collect();
    for (year, total) in totals {
        let (Some(profit), Some(deducted)) =
            (context.facts.metrics.get(&("net_profit", year)).copied(), context.facts.metrics.get(&("deducted_net_profit", year)).copied())
        else {
            continue;
        };
        context.out.count("verify.nonrecurring-profit");
        let expected = profit.value - deducted.value;
        let scale = total.scale;
        if let Some(severity) = judge(expected, total.value, total.tolerance, profit.tolerance + deducted.tolerance) {
            let message = format!(
                "{year} 年度非经常性损益合计：归属于上市公司股东的净利润 {} − 扣除非经常性损益的净利润 {} = {}（见{}、{}），文中为 {}",
                show(profit.value, profit.scale),
                show(deducted.value, deducted.scale),
                show(expected, scale),
                profit.at,
                deducted.at,
                show(total.value, scale)
            );
            context.out.report(
                "verify.nonrecurring-profit",
                severity,
                total.at,
                format!("合计 {}", show(total.value, scale)),
                message,
                Arithmetic {
                    terms: vec![show(profit.value, profit.scale), show(deducted.value, deducted.scale)],
                    computed: show(expected, scale),
                    stated: show(total.value, scale),
                    tolerance: total.tolerance + profit.tolerance + deducted.tolerance,
                },
            );
        }
    }
}

/// Any other table's totals: each total or subtotal row against the rows it adds up, and a
/// column headed 合计 or 总计 against the columns before it, row by row.
pub(super) fn total_rows(context: &mut Context) {
    for (table, heading) in tables_with_headings(context.doc) {
        if !is_nonrecurring(table, &heading) {
            check_total(&mut context.out, "verify.total-row", table);
            check_total_column(&mut context.out, "verify.total-row", table);
        }
    }
}

/// A column headed 合计 or 总计 beside the columns it adds up (`官方机构 | 同业及其他金融机构 |
/// 非同业私人机构 | 合计`), row by row: the columns before it with a header naming an amount
/// (not a change, a share or a ratio). A column of eliminations (`分部间抵销`) is subtracted
/// where that is the reading that agrees, as some print it positive.
fn check_total_column(out: &mut Out, rule: &'static str, table: &Table) {
    if table.header.iter().any(|h| holds_figure(h)) {
        return;
    }
    let Some(total) = table.header.iter().rposition(|h| matches!(&*compact(h), "合计" | "总计")) else { return };
    let excluded = ["增减", "变动", "同比", "比例", "占", "比重", "%", "％", "率", "余额", "期初", "期末"];
    let parts: Vec<usize> = (1..total).filter(|c| !table.header[*c].trim().is_empty() && !excluded.iter().any(|w| table.header[*c].contains(w))).collect();
    if parts.len() < 2 || parts.len() + 1 != total {
        return;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let Some(stated) = row.cells[total].value.number() else { continue };
        if row.uncertain || row.cells[total].covered {
            continue;
        }
        let unit = table.unit_of(r, total);
        let mut terms = Vec::new();
        let (mut signed, mut printed, mut allowance, mut scale, mut figures) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, stated.scale, 0);
        let readable = parts.iter().all(|c| {
            let cell = &row.cells[*c];
            match cell.value {
                Value::Number(n) if n.percent == stated.percent && table.unit_of(r, *c) == unit && !cell.covered => {
                    let sign = if table.header[*c].contains("抵销") { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
                    signed += sign * n.value;
                    printed += n.value;
                    allowance += n.half_unit();
                    scale = scale.max(n.scale);
                    figures += 1;
                    terms.push((sign, cell.text.trim().to_owned()));
                    true
                }
                Value::Dash => true,
                Value::Text => cell.text.trim().is_empty(),
                _ => false,
            }
        });
        if !readable || figures < 2 {
            continue;
        }
        let as_printed = (printed - stated.value).abs() < (signed - stated.value).abs();
        let sum = if as_printed { printed } else { signed };
        let terms: Vec<String> = terms.into_iter().map(|(sign, t)| if sign.is_sign_negative() && !as_printed { format!("−{t}") } else { t }).collect();
        let exact = scale == 0;
        let (own, allowance) = if exact { (Decimal::ZERO, Decimal::ZERO) } else { (stated.half_unit(), allowance) };
        out.count(rule);
        if let Some(severity) = judge(sum, stated.value, own, allowance) {
            let header = table.header[total].trim();
            let message = format!("{}行“{header}”列：{} = {}，文中为 {}", row.label(), terms.join(" + "), show(sum, scale), show(stated.value, scale));
            let quote = format!("{} {}", row.label(), row.cells[total].text);
            let arithmetic = Arithmetic { terms, computed: show(sum, scale), stated: show(stated.value, scale), tolerance: own + allowance };
            out.report(rule, severity, row.cells[total].at, quote, message, arithmetic);
        }
    }
}
