//! Claims between the columns of a table: in any table that compares two periods, a change
//! column (`同比增减`, `变动比例（%）`) against the current and prior figures of its row,
//! and a difference column (`增（减）额`, a fair-value table's `当期变动` of 期初 and 期末)
//! against their difference (the key-data table's
//! metric rows are `tables::change_columns`' and are left to it); and a column whose header
//! states its formula (`截至期末投资进度(3)＝(2)/(1)`) against the columns it names.

use dudao_model::{Severity, metric_of_label};
use dudao_reader::{Block, Column, Number, Table, Value, compact};
use rust_decimal::Decimal;

use super::tables::figure_of;
use super::{Arithmetic, Context, Facts, Introduced, judge, percent_change, show};

/// Which column of a table holds what.
struct Comparison {
    current: usize,
    prior: usize,
    /// The change in percent (or points, where a cell says `个百分点`).
    change: Option<usize>,
    /// The change as an amount.
    difference: Option<usize>,
}

/// A header naming the current period (`本期数`, `本年金额`, `本报告期`, a balance at the
/// end `期末余额`) or the prior one (`上年同期数`, `上期金额`, the opening `期初余额`):
/// `Some(true)` for the current, `Some(false)` for the prior.
fn period_of(header: &str) -> Option<bool> {
    let header = compact(header);
    if ["增减", "变动", "比例", "占", "比重", "说明", "原因"].iter().any(|w| header.contains(w)) {
        return None;
    }
    if ["本期", "本年", "本报告期", "报告期", "期末"].iter().any(|w| header.starts_with(w)) {
        return Some(true);
    }
    ["上年", "上期", "去年", "上年同期", "期初"].iter().any(|w| header.starts_with(w)).then_some(false)
}

/// A header of the opening balance (`期初余额`, `期初数`), which forms print before the
/// closing one.
fn is_opening(header: &str) -> bool {
    compact(header).starts_with("期初")
}

impl Comparison {
    /// The comparison columns of `table`, if it has two periods (two consecutive years, or
    /// this period and the last) and a change or difference column.
    fn of(table: &Table) -> Option<Comparison> {
        let columns = table.columns();
        let years: Vec<(usize, i16)> = columns.iter().enumerate().filter_map(|(i, c)| if let Column::Year(y) = c { Some((i, *y)) } else { None }).collect();
        let (current, prior) = match years.as_slice() {
            [(a, y), (b, z), ..] if *z == y - 1 => (*a, *b),
            _ => {
                let current = (1..table.header.len()).filter(|i| period_of(&table.header[*i]) == Some(true)).collect::<Vec<_>>();
                let prior = (1..table.header.len()).filter(|i| period_of(&table.header[*i]) == Some(false)).collect::<Vec<_>>();
                match (current.as_slice(), prior.as_slice()) {
                    ([a], [b]) => (*a, *b),
                    _ => return None,
                }
            }
        };
        let changes: Vec<usize> = (1..table.header.len())
            .filter(|i| {
                let h = compact(&table.header[*i]);
                (h.contains("增减") || h.contains("变动比例") || h.contains("变动幅度") || h.contains("变动率") || h == "变动（%）" || h == "变动(%)")
                    && !h.contains('额')
                    && !h.contains("原因")
                    && !h.contains("说明")
            })
            .collect();
        let differences: Vec<usize> = (1..table.header.len())
            .filter(|i| {
                let h = compact(&table.header[*i]);
                ["增（减）额", "增(减)额", "增减额", "变动额", "变动金额"].iter().any(|w| h.contains(w)) || h == "当期变动" || h == "本期变动"
            })
            .collect();
        let change = if let [c] = changes.as_slice() { Some(*c) } else { None };
        let difference = if let [d] = differences.as_slice() { Some(*d) } else { None };
        // The two periods come first, then what compares them: a change column between them
        // means the header was read out of place.
        let first = if is_opening(&table.header[prior]) { current } else { prior };
        if (current > prior && !is_opening(&table.header[prior])) || [change, difference].iter().flatten().any(|c| *c < first) {
            return None;
        }
        // Beside shares of a total (`占营业收入比重`), a change column may be the share's
        // change rather than the figure's: the table does not say which.
        let shares = (1..table.header.len()).any(|i| {
            let h = compact(&table.header[i]);
            Some(i) != change && ["占", "比重", "比例"].iter().any(|w| h.contains(w))
        });
        (!shares && (change.is_some() || difference.is_some())).then_some(Comparison { current, prior, change, difference })
    }
}

/// A row label naming a ratio, whose change some print in points and some in percent.
fn is_ratio(label: &str) -> bool {
    let label = compact(label);
    label.ends_with('率') || label.contains("比例") || label.contains("占比") || label.contains('%') || label.contains('％') || label.contains("比重")
}

/// Every comparison table's change and difference columns; its rows are kept for the
/// sentences that introduce it.
pub(super) fn changes(context: &mut Context) {
    for (index, block) in context.doc.blocks.iter().enumerate() {
        let Block::Table(table) = block else { continue };
        let Some(comparison) = Comparison::of(table) else { continue };
        if let Some(span) = context.prose.paragraphs_before(index) {
            introduce(&mut context.facts, table, &comparison, span);
        }
        let key_data = table.year_layout().is_some_and(|l| l.change.is_some());
        for (r, row) in table.rows.iter().enumerate() {
            if row.uncertain || (key_data && metric_of_label(row.label()).is_some()) {
                continue;
            }
            let (Some(a), Some(b)) = (row.cells[comparison.current].value.number(), row.cells[comparison.prior].value.number()) else { continue };
            if a.percent != b.percent || table.unit_of(r, comparison.current) != table.unit_of(r, comparison.prior) {
                continue;
            }
            if let Some(c) = comparison.change {
                change(context, row.label(), a, b, &row.cells[c]);
            }
            if let Some(d) = comparison.difference
                && let Some(stated) = row.cells[d].value.number()
                && table.unit_of(r, d) == table.unit_of(r, comparison.current)
                && !stated.percent
            {
                difference(context, row.label(), a, b, stated, &row.cells[d]);
            }
        }
    }
}

/// Keeps the rows of `table` that the key-data figures do not already give, for the
/// paragraphs at `span` before it.
fn introduce(facts: &mut Facts, table: &Table, comparison: &Comparison, span: (usize, usize)) {
    let base_year = match table.columns().get(comparison.prior) {
        Some(Column::Year(year)) => Some(*year),
        _ => None,
    };
    for (r, row) in table.rows.iter().enumerate() {
        let label = compact(row.label());
        let label = ["其中：", "其中:", "减：", "减:", "加：", "加:"].iter().fold(label.as_ref(), |l, p| l.strip_prefix(p).unwrap_or(l)).to_owned();
        if row.uncertain || label.chars().count() < 2 || metric_of_label(&label).is_some() || label.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let (Some(a), Some(b)) = (row.cells[comparison.current].value.number(), row.cells[comparison.prior].value.number()) else { continue };
        if a.percent != b.percent || table.unit_of(r, comparison.current) != table.unit_of(r, comparison.prior) {
            continue;
        }
        let figures = (figure_of(table, r, comparison.current, a), figure_of(table, r, comparison.prior, b));
        facts.introduced.push(Introduced { span, ratio: a.percent || is_ratio(&label), label, figures, base_year });
    }
}

const RULE: &str = "verify.change-column";

/// A change cell against its row's two figures: points for a ratio printed in points, else
/// percent of the prior figure (on a negative base, of it or of its absolute value, as
/// filers differ).
fn change(context: &mut Context, label: &str, a: Number, b: Number, cell: &dudao_reader::Cell) {
    let (ta, tb) = (a.half_unit(), b.half_unit());
    let terms = vec![show(a.value, a.scale), show(b.value, b.scale)];
    let quote = format!("{label} {} {} {}", terms[0], terms[1], cell.text);
    let out = &mut context.out;
    match cell.value {
        Value::Points(stated) => {
            let expected = a.value - b.value;
            out.count(RULE);
            if let Some(severity) = judge(expected, stated.value, stated.half_unit(), ta + tb) {
                let message = format!("{label}：{} − {} = {}个百分点，文中为{}", terms[0], terms[1], show(expected, stated.scale), cell.text);
                let arithmetic = Arithmetic {
                    terms,
                    computed: show(expected, stated.scale),
                    stated: show(stated.value, stated.scale),
                    tolerance: stated.half_unit() + ta + tb,
                };
                out.report(RULE, severity, cell.at, quote, message, arithmetic);
            }
        }
        Value::Number(stated) if !is_ratio(label) && !b.value.is_zero() && !a.percent => {
            let base = b.value.abs();
            let (expected, inherited) = percent_change(a.value, ta, b.value, tb);
            out.count(RULE);
            let severity = judge(expected, stated.value, stated.half_unit(), inherited);
            // On a negative base some divide by the base itself.
            let signed = (a.value - b.value) / b.value * Decimal::ONE_HUNDRED;
            if severity.is_none() || (b.value < Decimal::ZERO && judge(signed, stated.value, stated.half_unit(), inherited).is_none()) {
                return;
            }
            let severity = severity.unwrap_or(Severity::Error);
            let message = if b.value < Decimal::ZERO {
                format!(
                    "{label}：({} − ({})) ÷ {} × 100 = {}%，以上年数本身为分母则为 {}%，文中为 {}",
                    terms[0],
                    terms[1],
                    show(base, b.scale),
                    show(expected, stated.scale),
                    show(signed, stated.scale),
                    cell.text.trim()
                )
            } else {
                format!(
                    "{label}：({} − {}) ÷ {} × 100 = {}%，文中为 {}",
                    terms[0],
                    terms[1],
                    show(base, b.scale),
                    show(expected, stated.scale),
                    cell.text.trim()
                )
            };
            let arithmetic = Arithmetic {
                terms,
                computed: show(expected, stated.scale),
                stated: show(stated.value, stated.scale),
                tolerance: stated.half_unit() + inherited,
            };
            out.report(RULE, severity, cell.at, quote, message, arithmetic);
        }
        _ => {}
    }
}

/// A difference cell against its row's two figures.
fn difference(context: &mut Context, label: &str, a: Number, b: Number, stated: Number, cell: &dudao_reader::Cell) {
    let expected = a.value - b.value;
    let inherited = a.half_unit() + b.half_unit();
    context.out.count(RULE);
    if let Some(severity) = judge(expected, stated.value, stated.half_unit(), inherited) {
        let terms = vec![show(a.value, a.scale), show(b.value, b.scale)];
        let quote = format!("{label} {} {} {}", terms[0], terms[1], cell.text);
        let message = format!("{label}：{} − {} = {}，文中为 {}", terms[0], terms[1], show(expected, stated.scale), cell.text.trim());
        let arithmetic =
            Arithmetic { terms, computed: show(expected, stated.scale), stated: show(stated.value, stated.scale), tolerance: stated.half_unit() + inherited };
        context.out.report(RULE, severity, cell.at, quote, message, arithmetic);
    }
}

/// A column whose header states how it is computed from others marked `(1)`, `(2)`:
/// `截至期末投资进度(3)＝(2)/(1)`, `(3)=(1)-(2)`; or that the form defines so, a gross margin
/// beside its revenue and cost (`毛利率` = (`营业收入` − `营业成本`) ÷ `营业收入`, op `m`).
struct Formula {
    result: usize,
    left: usize,
    op: char,
    right: usize,
}

impl Formula {
    /// The formula columns of `table`.
    fn of(table: &Table) -> Vec<Formula> {
        let normal: Vec<String> =
            table.header.iter().map(|h| compact(h).replace('＝', "=").replace(['（'], "(").replace(['）'], ")").replace('×', "*")).collect();
        let marked = |n: &str| normal.iter().position(|h| !h.contains('=') && h.ends_with(&format!("({n})")));
        let mut out = Vec::new();
        let named = |name: &str| normal.iter().position(|h| h.trim_end_matches("(%)") == name);
        if let (Some(revenue), Some(cost), Some(margin)) = (named("营业收入"), named("营业成本"), named("毛利率")) {
            out.push(Formula { result: margin, left: revenue, op: 'm', right: cost });
        }
        for (result, header) in normal.iter().enumerate() {
            let Some((_, expression)) = header.split_once('=') else { continue };
            let Some(op) = expression.chars().find(|c| matches!(c, '/' | '-' | '+' | '*')) else { continue };
            let Some((a, b)) = expression.split_once(op) else { continue };
            let number = |t: &str| t.strip_prefix('(').and_then(|t| t.strip_suffix(')')).filter(|t| t.chars().all(|c| c.is_ascii_digit())).map(str::to_owned);
            let (Some(a), Some(b)) = (number(a), number(b)) else { continue };
            if let (Some(left), Some(right)) = (marked(&a), marked(&b)) {
                out.push(Formula { result, left, op, right });
            }
        }
        out
    }
}

/// Every formula column, row by row.
pub(super) fn formulas(context: &mut Context) {
    const RULE: &str = "verify.formula-column";
    for block in &context.doc.blocks {
        let Block::Table(table) = block else { continue };
        for formula in Formula::of(table) {
            for (r, row) in table.rows.iter().enumerate() {
                let (Some(a), Some(b), Some(stated)) =
                    (row.cells[formula.left].value.number(), row.cells[formula.right].value.number(), row.cells[formula.result].value.number())
                else {
                    continue;
                };
                if row.uncertain || a.percent || b.percent {
                    continue;
                }
                let (ha, hb) = (a.half_unit(), b.half_unit());
                let (expected, inherited) = match formula.op {
                    '/' if !b.value.is_zero() => {
                        let scale = if stated.percent { Decimal::ONE_HUNDRED } else { Decimal::ONE };
                        (a.value / b.value * scale, (ha / b.value.abs() + (a.value * hb / b.value / b.value).abs()) * scale)
                    }
                    'm' if a.value > Decimal::ZERO && table.unit_of(r, formula.left) == table.unit_of(r, formula.right) => {
                        let scale = if stated.percent || table.header[formula.result].contains('%') { Decimal::ONE_HUNDRED } else { Decimal::ONE };
                        let margin = (a.value - b.value) / a.value * scale;
                        (margin, ((hb / a.value) + ((b.value * ha) / (a.value * a.value)).abs()) * scale)
                    }
                    '-' | '+' if !stated.percent && table.unit_of(r, formula.left) == table.unit_of(r, formula.result) => {
                        (if formula.op == '-' { a.value - b.value } else { a.value + b.value }, ha + hb)
                    }
                    _ => continue,
                };
                context.out.count(RULE);
                if let Some(severity) = judge(expected, stated.value, stated.half_unit(), inherited) {
                    let cell = &row.cells[formula.result];
                    let terms = vec![show(a.value, a.scale), show(b.value, b.scale)];
                    let shown = |v: Decimal| format!("{}{}", show(v, stated.scale), if stated.percent { "%" } else { "" });
                    let how = if formula.op == 'm' {
                        format!("({} − {}) ÷ {}", terms[0], terms[1], terms[0])
                    } else {
                        format!("{} {} {}", terms[0], formula.op, terms[1])
                    };
                    let message =
                        format!("{}：“{}”为 {how} = {}，文中为 {}", row.label(), table.header[formula.result].trim(), shown(expected), cell.text.trim());
                    let quote = format!("{} {} {} {}", row.label(), row.cells[formula.left].text, row.cells[formula.right].text, cell.text);
                    let arithmetic = Arithmetic {
                        terms,
                        computed: show(expected, stated.scale),
                        stated: show(stated.value, stated.scale),
                        tolerance: stated.half_unit() + inherited,
                    };
                    context.out.report(RULE, severity, cell.at, quote, message, arithmetic);
                }
            }
        }
    }
}
