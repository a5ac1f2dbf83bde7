//! The facts of a case read out of a company's annual report, each with where it was
//! printed, and written into the case folder: `dudao ingest`.
//!
//! ```text
//! dudao_reader::Document ──extract──► Extracted { facts: [Extract { path: "financials.2019.revenue",
//!                        (+ verify)                 value: "1,175,301,034.32", at: 第 5 页第 29 行 }, …],
//!                                                 findings: the report's own arithmetic errors }
//!                        ──write::plan──► Plan { each fact added / same / conflict / withheld,
//!                                                the case files after, sources.toml }
//! ```
//!
//! Decisions:
//! - Paths and values are those of the case format (`docs/case-format.md`): a path names
//!   the file and key (`company.company.name`, `financials.2019.roe`), a value is written
//!   as a person would type it into the TOML (`"7.64%"`, `"12,000.00万"`).
//! - Key data are read by the same structure `verify` reads them by (year columns from
//!   the header, metrics by exact label from `dudao_model::METRICS`); nothing is guessed.
//! - A document without a key-data table is not a periodic report: an error, not an empty
//!   result.

use std::sync::LazyLock;

use dudao_model::{Finding, MetricKind, Severity, format_grouped, metric_of_label};
use dudao_reader::{Block, Document, Location, Number, Unit, Value};
use regex::Regex;

mod controllers;
mod excerpt;
mod funds;
mod identity;
mod rd;
mod start;
mod worklog;
mod write;

pub use excerpt::{Excerpt, excerpts};
pub use start::{Report, Started, start};
pub use write::{Change, Outcome, Plan, Refusal, plan};

/// One fact read from a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extract {
    /// Where it goes in the case: file stem, then keys (`financials.2019.revenue`).
    pub path: String,
    /// The value as the case format writes it.
    pub value: String,
    /// Where the report prints it.
    pub at: Location,
}

/// What could be read from a report.
#[derive(Debug)]
pub struct Extracted {
    /// The report's file name, as sources name it.
    pub document: String,
    /// The report's fiscal year (the first year of its key-data table).
    pub year: i16,
    /// The facts, in the order of the case files.
    pub facts: Vec<Extract>,
    /// The errors `dudao_verify` finds in the report's own arithmetic: a fact they
    /// concern is not written.
    pub findings: Vec<Finding>,
    /// Whether a fact the case already states exactly so takes this document as its source:
    /// an annual report confirms a figure typed by hand; a workbook exported from the case
    /// itself does not.
    pub confirms_same: bool,
}

/// Why nothing could be read.
#[derive(Debug, PartialEq, Eq)]
pub struct NotAReport(pub String);

impl std::fmt::Display for NotAReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads the facts of `doc`, a company's annual report, published under the file name
/// `document` (a name that starts with the disclosure date, `2020-04-16_…`, as CNINFO
/// names its downloads, gives the report's announcement its date).
pub fn extract(doc: &Document, document: &str) -> Result<Extracted, NotAReport> {
    match report_title(doc) {
        Some((Kind::HalfYear, at)) => {
            return Err(NotAReport(format!(
                "这是一份半年度报告（{at}）：半年度报告的期间数据尚不能写入案卷（financials.toml 只记录会计年度），请改用年度报告"
            )));
        }
        Some((Kind::Quarter, at)) => {
            return Err(NotAReport(format!("这是一份季度报告（{at}）：季度报告的期间数据尚不能写入案卷（financials.toml 只记录会计年度），请改用年度报告")));
        }
        Some((Kind::Annual, _)) | None => {}
    }
    let mut facts = identity::identity(doc);
    let year = key_data(doc, &mut facts)
        .ok_or_else(|| NotAReport("未找到“主要会计数据和财务指标”表（相邻两年的年份列，如“2019年 2018年”）：应为上市公司的年度报告".to_owned()))?;
    if let Some(code) = facts.iter().find(|f| f.path == "company.company.stock_code")
        && let Some(board) = board_of_code(&code.value)
    {
        let at = code.at;
        facts.push(Extract { path: "company.company.board".to_owned(), value: board.to_owned(), at });
    }
    let rd = rd::rd(doc, year, &facts);
    facts.extend(rd);
    facts.extend(total_shares(doc, year));
    facts.extend(controllers::controllers(doc));
    facts.extend(top_holders(doc, year));
    facts.extend(insiders(doc, year));
    facts.extend(commitments(doc));
    facts.extend(funds::projects(doc, year));
    facts.extend(announcement(doc, document, year));
    let findings = dudao_verify::verify(doc, document).findings.into_iter().filter(|f| f.severity == Severity::Error).collect();
    Ok(Extracted { document: document.to_owned(), year, facts, findings, confirms_same: true })
}

/// The total shares at the end of `year`: the `股份总数` row of the share-change table
/// (第六节), in its `本次变动后数量` column.
fn total_shares(doc: &Document, year: i16) -> Vec<Extract> {
    for block in &doc.blocks {
        let Block::Table(table) = block else { continue };
        let Some(after) = table.header.iter().position(|h| h.contains("本次变动后") && !h.contains("比例")) else { continue };
        let total = table.rows.iter().find(|r| r.label().contains("股份总数") && !r.uncertain);
        let Some(cell) = total.and_then(|r| r.cells.get(after)) else { continue };
        let Some(shares) = share_count(cell) else { continue };
        let record = format!("company.total_shares[date={year}-12-31]");
        return vec![
            Extract { path: format!("{record}.date"), value: format!("{year}-12-31"), at: cell.at },
            Extract { path: format!("{record}.shares"), value: shares, at: cell.at },
        ];
    }
    Vec::new()
}

/// A whole, non-negative share count in `cell`, grouped as the case format writes it.
fn share_count(cell: &dudao_reader::Cell) -> Option<String> {
    let Value::Number(n) = cell.value else { return None };
    (n.value.fract() == rust_decimal::Decimal::ZERO && !n.value.is_sign_negative()).then(|| format_grouped(n.value, 0))
}

/// The column of `texts` that satisfies `wanted`.
fn column(texts: &[&str], wanted: impl Fn(&str) -> bool) -> Option<usize> {
    texts.iter().position(|t| wanted(t))
}

/// Rows of the tables of `doc` under a header row that `columns` recognises (the table's
/// own header or a row inside it, as HTML grids print sub-headers), each with the columns
/// found; a run ends at the first row `columns` cannot read as data.
fn rows_under<C: Copy>(doc: &Document, columns: impl Fn(&[&str]) -> Option<C>, mut data: impl FnMut(&dudao_reader::Row, C) -> bool) {
    for block in &doc.blocks {
        let Block::Table(table) = block else { continue };
        let header: Vec<&str> = table.header.iter().map(|h| h.trim()).collect();
        let mut found = columns(&header);
        let mut read_any = false;
        for row in &table.rows {
            let texts: Vec<&str> = row.cells.iter().map(|c| c.text.trim()).collect();
            if let Some(c) = columns(&texts) {
                found = Some(c);
                continue;
            }
            let Some(c) = found else { continue };
            if !row.uncertain && data(row, c) {
                read_any = true;
            } else if read_any {
                return;
            }
        }
        if read_any {
            return;
        }
    }
}

/// The top-ten holders at the end of `year` (前十名股东持股情况): holder, shares, and the
/// percentage printed.
fn top_holders(doc: &Document, year: i16) -> Vec<Extract> {
    let columns = |texts: &[&str]| {
        let name = column(texts, |t| t.starts_with("股东名称"))?;
        let shares = column(texts, |t| (t.contains("期末持股数量") || t.starts_with("持股数量")) && !t.contains("限售"))?;
        Some((name, shares, column(texts, |t| t.contains("比例"))))
    };
    let mut out = Vec::new();
    let mut held = 0;
    rows_under(doc, columns, |row, (name, shares, percent)| {
        // The holders of preference shares (境外优先股) are another table's.
        if row.cells.iter().any(|c| c.text.contains("优先股")) {
            return false;
        }
        let holder = row.cells.get(name).map_or("", |c| c.text.trim());
        let (Some(cell), false) = (row.cells.get(shares), holder.is_empty() || held == 10) else { return false };
        let Some(count) = share_count(cell) else { return false };
        held += 1;
        let record = format!("shareholders.holdings[holder={holder};date={year}-12-31]");
        out.push(Extract { path: format!("{record}.shares"), value: count, at: cell.at });
        let stated = percent.and_then(|p| row.cells.get(p)).map(|c| (c.text.trim().trim_end_matches('%').to_owned(), c.at));
        if let Some((text, at)) = stated.filter(|(t, _)| dudao_model::Percent::parse(&format!("{t}%")).is_ok()) {
            out.push(Extract { path: format!("{record}.stated_percent"), value: format!("{text}%"), at });
        }
        true
    });
    out
}

/// The holdings of directors, supervisors and senior managers over `year`
/// (董事、监事和高级管理人员持股变动): name, position, shares at the start and end, and
/// the reason for a change where printed.
fn insiders(doc: &Document, year: i16) -> Vec<Extract> {
    let columns = |texts: &[&str]| {
        let name = column(texts, |t| t == "姓名")?;
        let role = column(texts, |t| t.starts_with("职务"))?;
        let opening = column(texts, |t| t.contains("期初持股数") || t.contains("年初持股数"))?;
        let closing = column(texts, |t| t.contains("期末持股数") || t.contains("年末持股数"))?;
        Some((name, role, opening, closing, column(texts, |t| t.contains("增减变动原因"))))
    };
    let mut out: Vec<Extract> = Vec::new();
    // The person of the row above and where their role is, for a second position set in a
    // row of its own under the same name (the name's cell spanning both rows).
    let mut above: Option<(String, usize)> = None;
    rows_under(doc, columns, |row, (name, role, opening, closing, reason)| {
        let text = |i: usize| row.cells.get(i).map_or("", |c| c.text.trim());
        let person = text(name);
        if row.cells.get(name).is_some_and(|c| c.covered) {
            let Some((_, at)) = above.as_ref().filter(|(who, _)| who == person) else { return false };
            let more = text(role).trim_end_matches('、');
            if !more.is_empty() && !out[*at].value.split('、').any(|r| r == more) {
                out[*at].value = format!("{}、{more}", out[*at].value);
            }
            return true;
        }
        let (Some(opening_cell), Some(closing_cell)) = (row.cells.get(opening), row.cells.get(closing)) else { return false };
        let (Some(opening_count), Some(closing_count)) = (share_count(opening_cell), share_count(closing_cell)) else { return false };
        // A person is named, with a position: a row whose position the reader could not place
        // (a PDF's text cells) or whose name ran into the next cell is not one to write.
        let named = (2..=6).contains(&person.chars().count()) && person.chars().all(|c| c > '\u{2E80}' || c == '·');
        if !named || person.contains("合计") || text(role).is_empty() {
            return false;
        }
        let record = format!("shareholders.insiders[name={person};year={year}]");
        above = Some((person.to_owned(), out.len()));
        // A position cut off at its cell's edge (`董事、`) is written as far as it is certain.
        out.push(Extract { path: format!("{record}.role"), value: text(role).trim_end_matches('、').to_owned(), at: row.at });
        out.push(Extract { path: format!("{record}.opening_shares"), value: opening_count, at: opening_cell.at });
        out.push(Extract { path: format!("{record}.closing_shares"), value: closing_count, at: closing_cell.at });
        if let Some(why) = reason.map(text).filter(|t| !t.is_empty() && !matches!(*t, "-" | "—" | "/" | "无")) {
            out.push(Extract { path: format!("{record}.reason"), value: why.to_owned(), at: row.at });
        }
        true
    });
    out
}

/// The commitments table (承诺事项履行情况): each commitment with who made it, on what
/// occasion, its type, content, date, period and how it is being kept. A commitment is
/// named by a digest of who and what, so the next year's report finds it again.
fn commitments(doc: &Document) -> Vec<Extract> {
    // The status column's header where it asks a question (是否及时严格履行), for its answers.
    let question = std::cell::RefCell::new(String::new());
    let columns = |texts: &[&str]| {
        let by = column(texts, |t| t == "承诺方")?;
        let content = column(texts, |t| t == "承诺内容")?;
        let occasion = column(texts, |t| t == "承诺事由" || t == "承诺背景");
        let category = column(texts, |t| t == "承诺类型");
        let made = column(texts, |t| t.starts_with("承诺时间"));
        let period = column(texts, |t| t.contains("承诺期限") || t == "承诺时间及期限");
        // 履行情况 as a report states it, or the answer to its question (是否及时严格履行).
        let status = column(texts, |t| t.contains("履行情况") || t.contains("严格履行"));
        let asks = status.is_some_and(|i| texts[i].starts_with("是否"));
        *question.borrow_mut() = if asks { status.map_or("", |i| texts[i]).to_owned() } else { String::new() };
        Some((by, content, occasion, category, made, period, status))
    };
    let mut out = Vec::new();
    let mut occasion_above = String::new();
    rows_under(doc, columns, |row, (by, content, occasion, category, made, period, status)| {
        let text = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).map_or("", |c| c.text.trim());
        if let Some(o) = Some(text(occasion)).filter(|o| !o.is_empty()) {
            occasion_above = o.to_owned();
        }
        // A yes/no column answering more than once (`是是是是`) shows several rows run
        // together where the source lost the lines between them (SMP2023 texts): whose
        // commitment each part is cannot be told, so none is written.
        let answers = |t: &str| t.chars().count() > 1 && t.chars().all(|c| matches!(c, '是' | '否'));
        if row.cells.iter().any(|c| answers(c.text.trim())) {
            return true;
        }
        let (who, what) = (text(Some(by)), text(Some(content)));
        // Rows of a group with no commitment (股改承诺 with empty cells) are skipped; the
        // table's closing rows (承诺是否按时履行 | 是 …) are not commitments.
        if who.is_empty() || what.chars().count() < 10 {
            return false;
        }
        let record = format!("commitments.commitments[id=report-{:08x}]", digest(&format!("{who}\n{what}")));
        let at = row.at;
        let mut add = |key: &str, value: String| out.push(Extract { path: format!("{record}.{key}"), value, at });
        add("by", who.to_owned());
        add("document", if occasion_above.is_empty() { "定期报告".to_owned() } else { occasion_above.clone() });
        add("content", what.to_owned());
        if let Some(date) = dates_in(text(made)).into_iter().next() {
            add("made", date);
        }
        for (key, i) in [("category", category), ("period", period)] {
            if !text(i).is_empty() {
                add(key, text(i).to_owned());
            }
        }
        let asked = question.borrow();
        match text(status) {
            "" => {}
            answer @ ("是" | "否") if !asked.is_empty() => add("status", format!("{asked}：{answer}")),
            stated => add("status", stated.to_owned()),
        }
        if let Some(end) = dates_in(text(period)).pop() {
            add("until", end);
        }
        true
    });
    out
}

/// The dates `text` names, in order, as the case format writes them: `2019 年 12 月 31 日`,
/// and `2017.4.26` or `2019/3/8` as tables print them (`2017.4.26-2020.4.26`, a period).
fn dates_in(text: &str) -> Vec<String> {
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{4})[./](\d{1,2})[./](\d{1,2})\b").unwrap());
    let mut found: Vec<(usize, String)> =
        LAST_DATE.captures_iter(text).chain(NUMERIC.captures_iter(text)).map(|c| (c.get(0).map_or(0, |m| m.start()), iso(&c))).collect();
    found.sort();
    found.into_iter().map(|(_, date)| date).collect()
}

/// FNV-1a over `text`: a short, stable name for a commitment.
fn digest(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash: u32, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193))
}

/// What a fact path means, in Chinese, for people reviewing an ingest:
/// `financials.2019.revenue` → `2019 年度 营业收入`.
pub fn fact_name(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("financials.")
        && let Some((year, key)) = rest.split_once('.')
        && let Some(metric) = dudao_model::METRICS.iter().find(|m| m.key == key)
    {
        return format!("{year} 年度 {}", metric.labels[0]);
    }
    if let Some(rest) = path.strip_prefix("financials.")
        && let Some((year, key)) = rest.split_once('.')
        && let Some((_, name)) = dudao_model::OTHER_FIGURES.iter().find(|(k, _)| *k == key)
    {
        return format!("{year} 年度 {name}");
    }
    if let Some(name) = record_name(path) {
        return name;
    }
    // What no form of the workbench edits.
    let named = [
        ("company.company.stock_code", "股票代码"),
        ("company.total_shares", "总股本"),
        ("shareholders.controllers", "控股股东、实际控制人"),
        ("shareholders.insiders", "董事、监事和高级管理人员持股"),
        ("funds.projects", "募集资金承诺项目"),
    ];
    named.iter().find(|(prefix, _)| path.starts_with(prefix)).map_or_else(|| path.to_owned(), |(_, name)| (*name).to_owned())
}

/// A record's field as the workbench's form names it (`company.sponsor.firm` → 保荐机构与保荐
/// 代表人：保荐机构名称), or a record of a list by its kind (`events.announcements[2]` → 公告
/// 与定期报告): one name for a fact in a form, a sheet and an ingest's preview.
fn record_name(path: &str) -> Option<String> {
    use dudao_model::records::{Home, KINDS, Shape};
    let (stem, rest) = path.split_once('.')?;
    let file = format!("{stem}.toml");
    KINDS.iter().filter(|k| matches!(k.home, Home::File(home) if home == file)).find_map(|kind| {
        let after = rest.strip_prefix(kind.array)?;
        match kind.shape {
            Shape::Table => {
                let field = kind.fields.iter().find(|f| after.strip_prefix('.') == Some(f.key))?;
                Some(format!("{}：{}", kind.name, field.label))
            }
            Shape::Array => (after.is_empty() || after.starts_with('[')).then(|| kind.name.to_owned()),
        }
    })
}

/// The board a stock code belongs to, by the exchanges' code ranges.
fn board_of_code(code: &str) -> Option<&'static str> {
    let prefix = code.get(..3)?;
    Some(match prefix {
        "688" | "689" => "star",
        "600" | "601" | "603" | "605" => "sse_main",
        "000" | "001" | "002" | "003" => "szse_main",
        "300" | "301" => "chinext",
        "920" | "430" | "830" | "831" | "832" | "833" | "834" | "835" | "836" | "837" | "838" | "839" | "870" | "871" | "872" | "873" => "bse",
        _ => return None,
    })
}

/// What kind of periodic report a title names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Annual,
    HalfYear,
    Quarter,
}

/// The report's title on its cover (`2019年年度报告`, `2020年半年度报告摘要`, `…第三季度报告全文`):
/// a line of the first blocks that is a title and nothing else, so a sentence of the body
/// that mentions another kind of report (`…与已披露季度报告、半年度报告相关财务指标…`)
/// is not taken for one.
fn report_title(doc: &Document) -> Option<(Kind, Location)> {
    static TITLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:\S{0,40}?)\d{4}\s*年\s*(?P<kind>年度|半年度|第[一二三四]季度|[一三]季度)报告(?:全文|摘要|正文)?$").unwrap());
    let kind_of = |text: &str| {
        let compact = dudao_reader::compact(text);
        TITLE.captures(&compact).map(|c| match &c["kind"] {
            "年度" => Kind::Annual,
            "半年度" => Kind::HalfYear,
            _ => Kind::Quarter,
        })
    };
    doc.blocks.iter().take(60).find_map(|block| match block {
        Block::Heading(h) => kind_of(&h.title).map(|k| (k, h.at)),
        Block::Paragraph(p) => p.source_lines().find_map(|(line, at)| kind_of(line).map(|k| (k, at))),
        Block::Table(_) => None,
    })
}

/// The annual report as an announcement of `events.toml` (its disclosure starts the
/// sponsor's clocks), where the file name gives its date.
fn announcement(doc: &Document, document: &str, year: i16) -> Vec<Extract> {
    static DATED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}_").unwrap());
    let Some(date) = DATED.find(document).map(|m| m.as_str().trim_end_matches('_').to_owned()).filter(|d| dudao_model::Date::parse(d).is_ok()) else {
        return Vec::new();
    };
    let Some((Kind::Annual, at)) = report_title(doc) else { return Vec::new() };
    let record = format!("events.announcements[id=annual-report-{year}]");
    [("date", date), ("title", format!("《{year}年年度报告》")), ("kind", "annual_report".to_owned()), ("year", year.to_string())]
        .into_iter()
        .map(|(key, value)| Extract { path: format!("{record}.{key}"), value, at })
        .collect()
}

/// Every key-data table's rows for the report's year and the year before.
fn key_data(doc: &Document, facts: &mut Vec<Extract>) -> Option<i16> {
    let mut report_year = None;
    for block in &doc.blocks {
        let Block::Table(table) = block else { continue };
        let Some(layout) = table.year_layout() else { continue };
        let (years, current) = (&layout.years, layout.years[0].1);
        let report = *report_year.get_or_insert(current);
        for (r, row) in table.rows.iter().enumerate() {
            let Some(metric) = metric_of_label(row.label()) else { continue };
            if row.uncertain {
                continue;
            }
            for &(column, year) in years.iter().take(2).filter(|(_, y)| *y >= report - 1) {
                let cell = &row.cells[column];
                let Value::Number(n) = cell.value else { continue };
                let value = match metric.kind {
                    MetricKind::Ratio => format!("{}%", format_grouped(n.value, n.scale)),
                    MetricKind::PerShare => format_grouped(n.value, n.scale),
                    MetricKind::Amount => amount_text(n, table.unit_of(r, column)),
                };
                let path = format!("financials.{year}.{}", metric.key);
                if !facts.iter().any(|f| f.path == path) {
                    facts.push(Extract { path, value, at: cell.at });
                }
            }
        }
    }
    report_year
}

/// An amount as the case format writes it: in 万 or 亿 as printed, in 元 otherwise
/// (千元 and 百万元, which the case format does not know, turned into exact 元).
pub(crate) fn amount_text(n: Number, unit: Option<Unit>) -> String {
    match unit {
        Some(Unit::TenThousand) => format!("{}万", format_grouped(n.value, n.scale)),
        Some(Unit::HundredMillion) => format!("{}亿", format_grouped(n.value, n.scale)),
        Some(Unit::Thousand) => format_grouped(n.value * Unit::Thousand.factor(), n.scale.saturating_sub(3)),
        Some(Unit::Million) => format_grouped(n.value * Unit::Million.factor(), n.scale.saturating_sub(6)),
        Some(Unit::Yuan) | None => format_grouped(n.value, n.scale),
    }
}

/// `2019 年 12 月 31 日` (spaces between as a PDF prints them).
pub(crate) static LAST_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").unwrap());

/// A date matched by [`LAST_DATE`], as the case format writes it: `2019-12-31`.
pub(crate) fn iso(date: &regex::Captures) -> String {
    format!("{}-{:0>2}-{:0>2}", &date[1], &date[2], &date[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fact_is_named_as_the_workbenchs_forms_name_it() {
        let names: Vec<String> = [
            "financials.2019.revenue",
            "company.company.name",
            "company.sponsor.firm",
            "company.supervision.end",
            "events.announcements[3].published",
            "shareholders.holdings[0].shares",
            "company.total_shares[0].shares",
            "events.nowhere",
        ]
        .into_iter()
        .map(fact_name)
        .collect();
        assert_eq!(
            names,
            [
                "2019 年度 营业收入",
                "公司基本信息：公司全称",
                "保荐机构与保荐代表人：保荐机构名称",
                "持续督导期间（不按上市日期推算时填写）：届满日",
                "公告与定期报告",
                "持股",
                "总股本",
                "events.nowhere",
            ]
        );
    }

    #[test]
    fn amounts_in_the_units_the_case_format_knows() {
        let n = |text: &str| dudao_reader::parse_number(text).unwrap();
        assert_eq!(amount_text(n("1,259.68"), Some(Unit::TenThousand)), "1,259.68万");
        assert_eq!(amount_text(n("0.84"), Some(Unit::HundredMillion)), "0.84亿");
        assert_eq!(amount_text(n("1,234.56"), Some(Unit::Thousand)), "1,234,560");
        assert_eq!(amount_text(n("-1,234.5678"), Some(Unit::Million)), "-1,234,567,800");
        assert_eq!(amount_text(n("335,693,624.77"), None), "335,693,624.77");
    }
}
