//! Sums: ledgers of 加/减 rows to a closing balance, a statement's steps (a numbered row,
//! its 加/减 rows, the next numbered row), and parts that add up to a stated combined
//! percentage.

use std::sync::LazyLock;

use dudao_reader::{Block, Location, Number, Role, Value};
use regex::Regex;
use rust_decimal::Decimal;

use super::{Arithmetic, Context, Facts, Out, checked_sum, half_unit, judge, numbered, show};
use crate::scan::{Figure, figures, parse_number};
use crate::stream::Stream;

/// A ledger row: its label and its one figure.
struct Line {
    label: String,
    figure: Number,
    at: Location,
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

/// Ledgers: tables of `label amount` rows with 加/减 rows between the opening and closing
/// balances. A raised-funds ledger carries two balances, the special account and cash
/// management, and money moving between them (赎回, 购买) counts on both.
pub(super) fn ledger(context: &mut Context) {
    for block in &context.doc.blocks {
        let Block::Table(table) = block else { continue };
        if table.rows.iter().any(|r| r.uncertain) {
            continue;
        }
        let lines: Option<Vec<Line>> = table
            .rows
            .iter()
            .map(|r| {
                let figures: Vec<Number> = r.cells[1..].iter().filter_map(|c| c.value.number()).collect();
                let figure = *figures.last()?;
                (figures.len() == 1).then(|| Line { label: r.label().to_owned(), figure, at: r.at })
            })
            .collect();
        if let Some(lines) = lines {
            check_ledger(context, &lines);
        }
    }
}

fn check_ledger(context: &mut Context, run: &[Line]) {
    let Some(first_move) = run.iter().position(|l| l.sign().is_some()) else { return };
    let last_move = run.iter().rposition(|l| l.sign().is_some()).unwrap_or(first_move);
    let (opening, moves, closing) = (&run[..first_move], &run[first_move..=last_move], &run[last_move + 1..]);
    // A ledger runs from balances to balances; `减：所得税影响额` above a 合计 is not one.
    let balance = |l: &Line| l.label.contains("余额");
    if !opening.iter().any(balance) || !closing.iter().any(balance) {
        return;
    }
    // The balances the ledger keeps: the special account and cash management where both
    // appear, else one.
    let is_cash = |l: &Line| l.label.contains("现金管理");
    let two = opening.iter().any(is_cash) && opening.iter().any(|l| !is_cash(l));
    let balances: Vec<bool> = if two { vec![false, true] } else { vec![false] };
    for cash in balances {
        let belongs = |l: &Line| !two || is_cash(l) == cash;
        let Some(open) = opening.iter().find(|l| belongs(l) && balance(l)) else { continue };
        let Some(close) = closing.iter().find(|l| belongs(l) && balance(l)) else { continue };
        let mut expected = open.figure.value;
        let mut allowance = open.figure.half_unit();
        let mut how = show(open.figure.value, open.figure.scale);
        let mut terms = vec![how.clone()];
        for m in moves {
            let sign = m.sign().unwrap_or(Decimal::ONE);
            let transfer = m.label.contains("现金管理") && (m.label.contains("赎回") || m.label.contains("购买"));
            let effect = match (cash, transfer) {
                (false, _) => sign,
                (true, true) => -sign,
                (true, false) => continue,
            };
            let Some(next) = expected.checked_add(effect * m.figure.value) else { return };
            expected = next;
            allowance += m.figure.half_unit();
            let term = format!("{} {}", if effect > Decimal::ZERO { "+" } else { "−" }, show(m.figure.value, m.figure.scale));
            how += &format!(" {term}");
            terms.push(term);
        }
        context.out.count("verify.ledger");
        let scale = close.figure.scale;
        if let Some(severity) = judge(expected, close.figure.value, close.figure.half_unit(), allowance) {
            let label = close.label.trim();
            let message = format!("{label}：{how} = {}，文中为 {}", show(expected, scale), show(close.figure.value, scale));
            let arithmetic =
                Arithmetic { terms, computed: show(expected, scale), stated: show(close.figure.value, scale), tolerance: close.figure.half_unit() + allowance };
            context.out.report("verify.ledger", severity, close.at, format!("{label} {}", show(close.figure.value, scale)), message, arithmetic);
        }
    }
}

/// A statement's steps: a numbered row, the 加：/减： rows right after it, and the next
/// numbered row, their result (`三、营业利润` + `加：营业外收入` − `减：营业外支出` =
/// `四、利润总额`), column by column. Where the deductions are printed negative, to be added,
/// the sum as printed is the one taken when it is the one that agrees.
pub(super) fn steps(context: &mut Context) {
    for block in &context.doc.blocks {
        let Block::Table(table) = block else { continue };
        let rows = &table.rows;
        for start in 0..rows.len() {
            if !numbered(rows[start].label()) || rows[start].uncertain {
                continue;
            }
            let moves = rows[start + 1..].iter().take_while(|r| matches!(r.role(), Role::Addition | Role::Deduction)).count();
            let result = start + 1 + moves;
            if moves == 0 || result >= rows.len() || !numbered(rows[result].label()) || rows[start..=result].iter().any(|r| r.uncertain) {
                continue;
            }
            for column in 1..rows[start].cells.len() {
                let (Some(from), Some(to)) = (rows[start].cells[column].value.number(), rows[result].cells[column].value.number()) else { continue };
                let mut signed = from.value;
                let mut printed = from.value;
                let mut allowance = from.half_unit();
                let mut terms = vec![show(from.value, from.scale)];
                let mut any = false;
                for step in &rows[start + 1..result] {
                    let cell = &step.cells[column];
                    let value = match cell.value {
                        Value::Number(n) if n.percent == from.percent => n,
                        Value::Dash => continue,
                        Value::Text if cell.text.trim().is_empty() => continue,
                        _ => {
                            any = false;
                            break;
                        }
                    };
                    any = true;
                    let sign = if step.role() == Role::Deduction { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
                    let (Some(s), Some(p)) = (signed.checked_add(sign * value.value), printed.checked_add(value.value)) else { return };
                    (signed, printed) = (s, p);
                    allowance += value.half_unit();
                    terms.push(format!("{} {}", if sign.is_sign_negative() { "−" } else { "+" }, show(value.value, value.scale)));
                }
                if !any {
                    continue;
                }
                let expected = if (printed - to.value).abs() < (signed - to.value).abs() { printed } else { signed };
                context.out.count("verify.ledger");
                if let Some(severity) = judge(expected, to.value, to.half_unit(), allowance) {
                    let label = rows[result].label();
                    let scale = to.scale;
                    let message = format!("{label}：{} = {}，文中为 {}", terms.join(" "), show(expected, scale), show(to.value, scale));
                    let arithmetic =
                        Arithmetic { terms, computed: show(expected, scale), stated: show(to.value, scale), tolerance: to.half_unit() + allowance };
                    let cell = &rows[result].cells[column];
                    context.out.report("verify.ledger", severity, cell.at, format!("{label} {}", cell.text), message, arithmetic);
                }
            }
        }
    }
}

/// `合计24.80%`, `合计持有…24.80%`: the combined percentage.
static COMBINED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"合计(?:持有|持股比例为?)?(?P<x>\d+\.\d+)%").unwrap());

/// A combined percentage against the parts stated just before it: the percentages of the
/// nearest earlier sentences that have any (a change in 个百分点 is not a part).
pub(super) fn combined_percent(doc: &Stream, _: &mut Facts, out: &mut Out) {
    let all = figures(&doc.text);
    for claim in COMBINED.captures_iter(&doc.text) {
        let whole = claim.get(0).unwrap();
        let Some((stated, scale)) = parse_number(&claim["x"]) else { continue };
        let percents_in = |from: usize, to: usize| -> Vec<&Figure> {
            all[all.partition_point(|f| f.start < from)..all.partition_point(|f| f.end <= to)]
                .iter()
                .filter(|f| f.percent)
                .filter(|f| !doc.text[f.end..].starts_with("个百分点"))
                .collect()
        };
        // The claim's own sentence first, then up to three sentences back, stopping at the
        // first one without percentages once some are found.
        let sentence_start = doc.text[..whole.start()].rfind('。').map_or(0, |i| i + '。'.len_utf8());
        let mut parts = percents_in(sentence_start, whole.start());
        let mut end = sentence_start;
        for _ in 0..3 {
            let body = doc.text[..end].strip_suffix('。').unwrap_or(&doc.text[..end]);
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
        let Some(sum) = checked_sum(parts.iter().map(|f| f.value)) else { continue };
        let allowance: Decimal = parts.iter().map(|f| f.tolerance()).sum();
        out.count("verify.combined-percent");
        if let Some(severity) = judge(sum, stated, half_unit(scale), allowance) {
            let terms: Vec<String> = parts.iter().map(|f| format!("{}%", show(f.value, f.scale))).collect();
            let message = format!("合计比例：{} = {}%，文中为 {}%", terms.join(" + "), show(sum, scale), show(stated, scale));
            let arithmetic = Arithmetic { terms, computed: show(sum, scale), stated: show(stated, scale), tolerance: half_unit(scale) + allowance };
            out.report_prose(doc, "verify.combined-percent", severity, (whole.start(), whole.end()), message, arithmetic);
        }
    }
}
