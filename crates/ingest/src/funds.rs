//! The raised funds' projects of an annual report (募集资金承诺项目情况, the SZSE form's table
//! under 募集资金使用情况): each committed project's 承诺投资总额, 调整后投资总额, the year's
//! and the cumulative investment, the date it is ready, the year's benefit and the two
//! answers, as the records `funds.projects[name=…]` of `funds.toml`.
//!
//! Decisions:
//! - The table is found by the meaning of its header: a column of 承诺投资项目 and one of an
//!   investment total that is not the adjusted one, with the year's or the cumulative
//!   investment. An HTML converted from a PDF may move a wrapped header's characters into
//!   the cell beside (`是否已变更项目(含部分变更)募承` | `集资金诺投资总额`): each column is
//!   known by the words that stay together (`投资总额`, `调整后`, `累计投入`), never by a
//!   whole header.
//! - Only the projects of the 承诺投资项目 group are read. Its headings, its 小计 and the
//!   table's 合计 are not projects; the 超募资金投向 group is not read (the case keeps the
//!   over-raised funds' uses with their approvals, which the table does not print).
//! - A column is written only when its projects add up to the group's 小计 (or the 合计
//!   where there is none) within the printed rounding: a row lost or split by the reader
//!   would otherwise pass unnoticed. Without the commitments nothing is written.
//! - The year's figures (`years.YEAR`) are written only with the year's investment, which
//!   the case format requires of a year; the cumulative investment is the report's
//!   statement (`cumulative`), which dudao compares with the sum of the years where the
//!   case has them all.
//! - The 募集资金总体使用情况 table is not written: its 募集资金总额 is the net proceeds in
//!   one report and the projects' total in another, and the net proceeds belong to the
//!   offering, whose approval, price and fees the report does not print; its year's and
//!   cumulative use belong to a ledger whose opening balance and interest it does not
//!   print; its 尚未使用募集资金总额 includes the interest earned, unlike the case's
//!   `unused` (net proceeds − cumulative use).

use std::sync::LazyLock;

use dudao_reader::{Block, Cell, Document, Number, Row, Table, Unit, Value};
use regex::Regex;
use rust_decimal::Decimal;

use crate::{Extract, amount_text};

/// The columns of a projects table.
#[derive(Clone, Copy, Debug)]
struct Columns {
    name: usize,
    committed: usize,
    adjusted: Option<usize>,
    used: Option<usize>,
    cumulative: Option<usize>,
    ready: Option<usize>,
    benefit: Option<usize>,
    achieved: Option<usize>,
    feasibility: Option<usize>,
}

impl Columns {
    /// The columns of a header row, if it is the projects table's.
    fn of(header: &[&str]) -> Option<Columns> {
        let find = |wanted: &dyn Fn(&str) -> bool| header.iter().position(|h| wanted(h));
        let columns = Columns {
            name: find(&|h| h.starts_with("承诺投资项目"))?,
            committed: find(&|h| h.contains("投资总额") && !h.contains("调整后"))?,
            adjusted: find(&|h| h.contains("调整后投资总额")),
            used: find(&|h| (h.contains("本报告期投入") || h.contains("本年度投入")) && !h.contains("累计")),
            cumulative: find(&|h| h.contains("累计投入") && !h.contains("进度")),
            ready: find(&|h| h.contains("预定可使用状态")),
            benefit: find(&|h| (h.contains("本报告期实现的效益") || h.contains("本年度实现的效益")) && !h.contains("累计")),
            achieved: find(&|h| h.contains("是否达到预计效益")),
            feasibility: find(&|h| h.contains("可行性是否发生重大变化")),
        };
        (columns.used.is_some() || columns.cumulative.is_some()).then_some(columns)
    }

    /// The figure columns, each with its key in the case.
    fn figures(&self) -> [(Option<usize>, &'static str); 4] {
        [(Some(self.committed), "committed"), (self.adjusted, "adjusted"), (self.used, "used"), (self.cumulative, "cumulative")]
    }
}

/// The groups of the table's rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Committed,
    OverRaised,
}

/// One project row, with its row index in the table (for the cells' unit).
struct Project<'a> {
    name: String,
    row: &'a Row,
    index: usize,
}

/// The projects of the report's 募集资金承诺项目情况 table, for `year` (the report's).
pub(crate) fn projects(doc: &Document, year: i16) -> Vec<Extract> {
    for block in &doc.blocks {
        let Block::Table(table) = block else { continue };
        let header: Vec<&str> = table.header.iter().map(|h| h.trim()).collect();
        let mut columns = Columns::of(&header);
        let mut start = 0;
        if columns.is_none() {
            // A header printed as a row of the table.
            let found = table.rows.iter().enumerate().find_map(|(i, row)| {
                let texts: Vec<&str> = row.cells.iter().map(|c| c.text.trim()).collect();
                Columns::of(&texts).map(|c| (i + 1, c))
            });
            let Some((first, c)) = found else { continue };
            (start, columns) = (first, Some(c));
        }
        let Some(columns) = columns else { continue };
        let facts = read(table, start, columns, year);
        if !facts.is_empty() {
            return facts;
        }
    }
    Vec::new()
}

/// The facts of the table's project rows from row `start` on.
fn read(table: &Table, start: usize, columns: Columns, year: i16) -> Vec<Extract> {
    let mut group = Group::Committed;
    let mut projects = Vec::new();
    let mut total = None;
    for (index, row) in table.rows.iter().enumerate().skip(start) {
        let text = |i: usize| row.cells.get(i).map_or("", |c| c.text.trim());
        let label = text(columns.name);
        // A heading spans the row: the figure column repeats it.
        if !label.is_empty() && text(columns.committed) == label {
            if label.contains("超募资金投向") {
                group = Group::OverRaised;
            } else if label.contains("承诺投资项目") {
                group = Group::Committed;
            }
            continue;
        }
        if label.contains("合计") {
            total = total.or(Some((row, index)));
            break;
        }
        if label.contains("小计") {
            if group == Group::Committed && total.is_none() {
                total = Some((row, index));
            }
            continue;
        }
        if group != Group::Committed || row.uncertain {
            continue;
        }
        let named = !label.is_empty() && !label.contains(['[', ']', ';', '=']);
        if named && row.cells.get(columns.committed).and_then(figure).is_some() {
            projects.push(Project { name: label.to_owned(), row, index });
        }
    }
    if projects.is_empty() {
        return Vec::new();
    }
    // A column is written only where its rows add up to the printed total.
    let adds_up = |column: usize| match total.and_then(|(row, index)| Some((row.cells.get(column).and_then(figure)?, index))) {
        Some((printed, index)) => {
            let yuan = |n: Number, row: usize| n.value * unit_factor(table.unit_of(row, column));
            let terms: Vec<(Number, usize)> = projects.iter().filter_map(|p| Some((p.row.cells.get(column).and_then(figure)?, p.index))).collect();
            let sum: Decimal = terms.iter().map(|(n, row)| yuan(*n, *row)).sum();
            let tolerance: Decimal = terms.iter().map(|(n, row)| n.half_unit() * unit_factor(table.unit_of(*row, column))).sum::<Decimal>()
                + printed.half_unit() * unit_factor(table.unit_of(index, column));
            (sum - yuan(printed, index)).abs() <= tolerance
        }
        None => true,
    };
    let written: Vec<(usize, &str)> = columns.figures().into_iter().filter_map(|(c, key)| c.filter(|c| adds_up(*c)).map(|c| (c, key))).collect();
    if !written.iter().any(|(_, key)| *key == "committed") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for project in &projects {
        let record = format!("funds.projects[name={}]", project.name);
        let cell = |c: Option<usize>| c.and_then(|c| project.row.cells.get(c));
        let amount = |key: &str| {
            let (c, _) = written.iter().find(|(_, k)| *k == key)?;
            let cell = project.row.cells.get(*c)?;
            Some((amount_text(figure(cell)?, table.unit_of(project.index, *c)), cell))
        };
        let mut add = |key: String, value: String, cell: &Cell| out.push(Extract { path: format!("{record}.{key}"), value, at: cell.at });
        let Some((committed, at)) = amount("committed") else { continue };
        if let Some(name) = cell(Some(columns.name)) {
            add("name".into(), project.name.clone(), name);
        }
        add("committed".into(), committed, at);
        if let Some((adjusted, at)) = amount("adjusted") {
            add("adjusted".into(), adjusted, at);
        }
        if let Some((ready, at)) = cell(columns.ready).and_then(|c| ready_date(&c.text).map(|r| (r, c))) {
            add("ready".into(), ready, at);
        }
        // A year is written with the year's investment, which the case requires of it.
        let Some((used, at)) = amount("used") else { continue };
        let years = format!("years.{year}");
        add(format!("{years}.used"), used, at);
        if let Some((cumulative, at)) = amount("cumulative") {
            add(format!("{years}.cumulative"), cumulative, at);
        }
        let benefit = cell(columns.benefit).and_then(|c| {
            let unit = columns.benefit.and_then(|b| table.unit_of(project.index, b));
            let value = match figure(c) {
                Some(n) => amount_text(n, unit),
                None if without_note(&c.text) == "不适用" => "不适用".to_owned(),
                None => return None,
            };
            Some((value, c))
        });
        if let Some((benefit, at)) = benefit {
            add(format!("{years}.benefit"), benefit, at);
        }
        for (key, column) in [("achieved", columns.achieved), ("feasibility_changed", columns.feasibility)] {
            if let Some(c) = cell(column).filter(|c| matches!(without_note(&c.text).as_str(), "是" | "否" | "不适用")) {
                add(format!("{years}.{key}"), without_note(&c.text), c);
            }
        }
    }
    out
}

/// The factor of a table's unit to 元 (元 where none is stated).
fn unit_factor(unit: Option<Unit>) -> Decimal {
    unit.map_or(Decimal::ONE, Unit::factor)
}

/// A cell's text without its note marks (`[注]`, `（注1）`) and spaces.
fn without_note(text: &str) -> String {
    static NOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\[［(（]\s*注\s*\d*\s*[\]］)）]").unwrap());
    dudao_reader::compact(&NOTE.replace_all(text, "")).trim().to_owned()
}

/// The amount a cell prints (not a percentage), note marks aside.
fn figure(cell: &Cell) -> Option<Number> {
    let number = match cell.value {
        Value::Number(n) => Some(n),
        _ => dudao_reader::parse_number(&without_note(&cell.text)),
    };
    number.filter(|n| !n.percent)
}

/// A project's 达到预定可使用状态日期 as the case format writes it: `2019-07`,
/// `2020-12-31` or `不适用`; a cell saying anything else (`已完成`, `2019年7月部分投产`) is
/// not written.
fn ready_date(text: &str) -> Option<String> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$").unwrap());
    let text = without_note(text);
    if text == "不适用" {
        return Some(text);
    }
    let date = DATE.captures(&text)?;
    let (y, m) = (&date[1], date[2].parse::<u32>().ok().filter(|m| (1..=12).contains(m))?);
    let written = match date.get(3) {
        Some(d) => format!("{y}-{m:02}-{:0>2}", d.as_str()),
        None => format!("{y}-{m:02}"),
    };
    dudao_model::DayOrMonth::parse(&written).is_ok().then_some(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_dates_as_the_case_format_writes_them() {
        assert_eq!(ready_date("2019年7月[注]").as_deref(), Some("2019-07"));
        assert_eq!(ready_date("2020 年 12 月 31 日").as_deref(), Some("2020-12-31"));
        assert_eq!(ready_date("不适用").as_deref(), Some("不适用"));
        assert_eq!(ready_date("2019年7月部分投产"), None);
        assert_eq!(ready_date("2019年13月"), None);
        assert_eq!(ready_date("2019年2月30日"), None);
        assert_eq!(ready_date(""), None);
    }

    #[test]
    fn headers_known_by_the_words_that_stay_together() {
        // 海翔药业 2019: the HTML put 募承 into the cell before the commitment's.
        let header = [
            "承诺投资项目和超募资金投向",
            "是否已变更项目(含部分变更)募承",
            "集资金诺投资总额",
            "调整后投资总额(1)",
            "本报告期投入金额",
            "截至期末累计投入金额(2)",
            "截至期末投资进度(3)＝(2)/(1)",
            "项目达到预定可使用状态日期",
            "本报告期实现的效益",
            "是否达到预计效益",
            "项目可行性是否发生重大变化",
        ];
        let c = Columns::of(&header).unwrap();
        assert_eq!((c.name, c.committed, c.adjusted, c.used, c.cumulative), (0, 2, Some(3), Some(4), Some(5)));
        assert_eq!((c.ready, c.benefit, c.achieved, c.feasibility), (Some(7), Some(8), Some(9), Some(10)));
        // The changed projects' table is another's.
        assert!(Columns::of(&["变更后的项目", "对应的原承诺项目", "变更后项目拟投入募集资金总额(1)", "本报告期实际投入金额"]).is_none());
    }
}
