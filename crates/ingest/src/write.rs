//! Facts read from a report, written into a case's TOML files without disturbing what a
//! person wrote: comments, order and formatting are kept (`toml_edit`), a value the case
//! already states differently is a conflict left alone unless overwriting is asked for,
//! and a figure that fails the report's own arithmetic (`dudao_verify`) is withheld.
//! Where each written fact was read goes to `sources.toml`.
//!
//! The result is a [`Plan`]: every fact's outcome and the case's files after the change,
//! already loaded once as a case — so a plan that would leave an invalid case is refused
//! before anything is written.

use std::path::Path;

use dudao_model::{Amount, CaseFact, CaseFiles, Finding, InputError, Origin, SOURCES_FILE, Severity, case_facts, parse_case};
use rust_decimal::Decimal;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use crate::{Extract, Extracted};

/// What happens to one fact read from the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Written: the case did not state it.
    Added,
    /// The case states the same value (at the precision either prints).
    Same {
        /// Where the case states it.
        origin: Origin,
    },
    /// The case states another value, and it is kept.
    Conflict {
        /// The case's value.
        value: String,
        /// Where the case states it.
        origin: Origin,
    },
    /// The case stated another value; overwriting was asked for.
    Overwritten {
        /// The case's former value.
        value: String,
        /// Where the case stated it.
        origin: Origin,
    },
    /// Not written: the report's own arithmetic fails on it.
    Withheld {
        /// The finding of `verify`.
        finding: String,
    },
}

/// One fact and what happens to it.
#[derive(Debug)]
pub struct Change<'a> {
    /// The fact as read.
    pub fact: &'a Extract,
    /// What happens to it.
    pub outcome: Outcome,
}

/// Ingesting a report into a case: every fact's outcome, and the files to write.
#[derive(Debug)]
pub struct Plan<'a> {
    /// Every fact read, in the report's order.
    pub changes: Vec<Change<'a>>,
    /// The files that change (relative path and new text), in path order; empty when the
    /// case already says everything the report does.
    pub files: Vec<(String, String)>,
}

/// Why a report cannot go into a case.
#[derive(Debug)]
pub enum Refusal {
    /// The report is another company's.
    OtherCompany {
        /// The case's stock code.
        case: String,
        /// The report's.
        report: String,
    },
    /// Neither the report nor the case says which company it is.
    Unidentified(String),
    /// The case as it stands, or as it would be, does not load.
    Case(InputError),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::OtherCompany { case, report } => {
                write!(f, "报告是股票代码 {report} 的公司的，案卷是 {case} 的：请确认文件与案卷是否对应，案卷未改动")
            }
            Refusal::Unidentified(what) => write!(f, "{what}：无法确定报告属于哪家公司，案卷未改动"),
            Refusal::Case(e) => e.fmt(f),
        }
    }
}

/// Plans writing `extracted` into the case whose files are `case` (empty for a new case)
/// in folder `dir`; `overwrite` replaces values the case states differently.
pub fn plan<'a>(extracted: &'a Extracted, dir: &Path, case: &CaseFiles, overwrite: bool) -> Result<Plan<'a>, Refusal> {
    let document = extracted.document.as_str();
    let facts = case_facts(dir, case).map_err(Refusal::Case)?;
    let stated = Stated::new(&facts);
    identify(&extracted.facts, &stated)?;
    let mut files = Files::default();
    let mut changes = Vec::with_capacity(extracted.facts.len());
    let mut sources = Vec::new();
    for fact in &extracted.facts {
        let path = stated.resolve(&fact.path);
        let outcome = match (withheld(fact, &extracted.findings), stated.fact(&path)) {
            (Some(finding), _) => Outcome::Withheld { finding },
            (None, None) => Outcome::Added,
            (None, Some(c)) if same_value(&c.value, &fact.value) => Outcome::Same { origin: c.origin.clone() },
            (None, Some(c)) if overwrite => Outcome::Overwritten { value: c.value.clone(), origin: c.origin.clone() },
            (None, Some(c)) => Outcome::Conflict { value: c.value.clone(), origin: c.origin.clone() },
        };
        let written = match &outcome {
            Outcome::Added | Outcome::Overwritten { .. } => {
                files.set(case, &fact.path, &fact.value).map_err(|message| Refusal::Case(InputError::in_file(dir.join(file_of(&fact.path)), message)))?;
                true
            }
            // A value typed by hand exactly as the report prints it gets the report as source.
            Outcome::Same { .. } => extracted.confirms_same && stated.fact(&path).is_some_and(|c| c.value == fact.value),
            Outcome::Conflict { .. } | Outcome::Withheld { .. } => false,
        };
        if written {
            sources.push(fact);
        }
        changes.push(Change { fact, outcome });
    }
    let mut after = case.clone();
    for (file, doc) in &files.docs {
        after.set(file, text_of(case, file, doc));
    }
    if !sources.is_empty() {
        record_sources(&mut after, &sources, document, dir)?;
    }
    parse_case(dir, &after).map_err(Refusal::Case)?;
    let files: Vec<(String, String)> =
        after.iter().filter(|(path, text)| case.get(path) != Some(*text)).map(|(path, text)| (path.to_owned(), text.to_owned())).collect();
    Ok(Plan { changes, files })
}

/// Records in `sources.toml` where each of `facts` was read, keyed by the path
/// `dudao facts` lists (known once the facts are in the case).
fn record_sources(after: &mut CaseFiles, facts: &[&Extract], document: &str, dir: &Path) -> Result<(), Refusal> {
    let facts_after = case_facts(dir, after).map_err(Refusal::Case)?;
    let listed = Stated::new(&facts_after);
    let mut files = Files::default();
    let sources_doc = files.doc(after, SOURCES_FILE).map_err(|m| Refusal::Case(InputError::in_file(dir.join(SOURCES_FILE), m)))?;
    for fact in facts {
        let path = listed.resolve(&fact.path);
        let mut entry = InlineTable::new();
        entry.insert("document", document.into());
        if let Some(page) = fact.at.page {
            entry.insert("page", i64::from(page).into());
        }
        entry.insert("line", i64::from(fact.at.line).into());
        entry.insert("value", fact.value.as_str().into());
        let unchanged = sources_doc.get(&path).and_then(Item::as_inline_table).is_some_and(|old| old.to_string().trim() == entry.to_string().trim());
        if !unchanged {
            sources_doc.insert(&path, Item::Value(Value::InlineTable(entry)));
        }
    }
    let text = text_of(after, SOURCES_FILE, sources_doc);
    after.set(SOURCES_FILE, text);
    Ok(())
}

/// The report must be the case's company: the same stock code, or a code where the case
/// has none yet.
fn identify(facts: &[Extract], stated: &Stated) -> Result<(), Refusal> {
    let code = "company.company.stock_code";
    let report = facts.iter().find(|f| f.path == code).map(|f| f.value.clone());
    let case = stated.fact(code).map(|c| c.value.clone());
    match (case, report) {
        (Some(case), Some(report)) if case != report => Err(Refusal::OtherCompany { case, report }),
        (None, None) => Err(Refusal::Unidentified("报告中未找到股票代码，案卷也未写明 company.toml 的 stock_code".to_owned())),
        _ => Ok(()),
    }
}

/// The finding of `verify` that puts `fact` in doubt: an error stated on the fact's line,
/// or computed from the fact's figure (a term that prints it).
fn withheld(fact: &Extract, findings: &[Finding]) -> Option<String> {
    let bare = |text: &str| -> String {
        let text = text.split('（').next().unwrap_or_default();
        text.trim_start_matches(['+', '−', '-', ' ']).trim_end_matches(['%', '万', '亿']).to_owned()
    };
    let figure = bare(&fact.value);
    let at = |o: &Origin| o.page == fact.at.page && o.line == fact.at.line;
    let computed_from = |f: &Finding| f.computation.as_ref().is_some_and(|c| c.terms.iter().any(|t| bare(t) == figure));
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .find(|f| f.evidence.iter().any(at) || (figure.starts_with(|c: char| c.is_ascii_digit()) && computed_from(f)))
        .map(|f| f.message.clone())
}

/// The facts a case states, by the path `dudao facts` lists them under.
struct Stated<'a> {
    list: &'a [CaseFact],
    by_path: std::collections::HashMap<&'a str, &'a CaseFact>,
}

impl<'a> Stated<'a> {
    fn new(list: &'a [CaseFact]) -> Stated<'a> {
        Stated { list, by_path: list.iter().map(|c| (c.path.as_str(), c)).collect() }
    }

    fn fact(&self, path: &str) -> Option<&'a CaseFact> {
        self.by_path.get(path).copied()
    }

    /// The path `dudao facts` lists for `path`: a record named by its fields
    /// (`events.announcements[id=annual-report-2019].date`) becomes its index
    /// (`events.announcements[3].date`) where the case has it.
    fn resolve(&self, path: &str) -> String {
        let parts = segments(path);
        let Some((at, array, fields)) = parts.iter().enumerate().find_map(|(i, s)| match step(s) {
            Step::Record(name, fields) => Some((i, name, fields)),
            _ => None,
        }) else {
            return path.to_owned();
        };
        let Some(((first_key, first_value), others)) = fields.split_first() else { return path.to_owned() };
        let prefix = parts[..at].iter().chain([&array]).copied().collect::<Vec<_>>().join(".");
        let first = format!("].{first_key}");
        // Records whose first field matches, in the case's order; then the other fields.
        let found = self.list.iter().find_map(|c| {
            let index = c.path.strip_prefix(&prefix)?.strip_prefix('[')?.strip_suffix(&first)?;
            let matches =
                c.value == *first_value && others.iter().all(|(key, value)| self.fact(&format!("{prefix}[{index}].{key}")).is_some_and(|f| f.value == *value));
            matches.then(|| index.to_owned())
        });
        match found {
            Some(index) => std::iter::once(format!("{prefix}[{index}]")).chain(parts[at + 1..].iter().map(|s| (*s).to_owned())).collect::<Vec<_>>().join("."),
            None => path.to_owned(),
        }
    }
}

/// A path's segments: split at dots outside brackets, so a name in a record's fields may
/// hold dots (`MORGAN STANLEY & CO. INTERNATIONAL PLC`).
fn segments(path: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0u32, 0);
    for (i, c) in path.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                out.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&path[start..]);
    out
}

/// One segment of a path.
enum Step<'a> {
    /// `revenue`, `2019`.
    Key(&'a str),
    /// `representatives[1]`: an item of an array.
    Index(&'a str, usize),
    /// `holdings[holder=王云富;date=2019-12-31]`: the record of an array of tables with
    /// those fields.
    Record(&'a str, Vec<(&'a str, &'a str)>),
}

fn step(segment: &str) -> Step<'_> {
    let Some((name, selector)) = segment.strip_suffix(']').and_then(|s| s.split_once('[')) else { return Step::Key(segment) };
    match selector.parse() {
        Ok(index) => Step::Index(name, index),
        Err(_) => Step::Record(name, selector.split(';').filter_map(|pair| pair.split_once('=')).collect()),
    }
}

/// The case file a path is written in: its first segment.
fn file_of(path: &str) -> String {
    format!("{}.toml", path.split('.').next().unwrap_or_default())
}

/// The case's TOML files being edited, parsed once each.
#[derive(Default)]
struct Files {
    docs: std::collections::BTreeMap<String, DocumentMut>,
}

impl Files {
    fn doc(&mut self, case: &CaseFiles, file: &str) -> Result<&mut DocumentMut, String> {
        match self.docs.entry(file.to_owned()) {
            std::collections::btree_map::Entry::Occupied(doc) => Ok(doc.into_mut()),
            std::collections::btree_map::Entry::Vacant(slot) => {
                let doc = case.get(file).unwrap_or_default().parse::<DocumentMut>().map_err(|e| format!("不是有效的 TOML：{}", e.message()))?;
                Ok(slot.insert(doc))
            }
        }
    }

    /// Writes `value` at `path` (`financials.2019.revenue`, `company.sponsor.representatives[1]`,
    /// `events.announcements[annual-report-2019].date`), creating tables and records.
    fn set(&mut self, case: &CaseFiles, path: &str, value: &str) -> Result<(), String> {
        let file = file_of(path);
        let doc = self.doc(case, &file)?;
        let parts = segments(path);
        let Some((last, tables)) = parts[1..].split_last() else { return Err(format!("无法写入 {path}")) };
        let mut table = doc.as_table_mut();
        let mut new_year = false;
        for segment in tables {
            match step(segment) {
                Step::Record(array, fields) => table = record_table(table, array, &fields)?,
                Step::Key(key) => {
                    new_year |= !table.contains_key(key) && key.parse::<i16>().is_ok();
                    // Implicit: a table holding only tables (a project's `years`) gets no
                    // header of its own.
                    let item = table.entry(key).or_insert_with(|| {
                        let mut new = Table::new();
                        new.set_implicit(true);
                        Item::Table(new)
                    });
                    table = item.as_table_mut().ok_or_else(|| format!("{key} 应为表"))?;
                }
                Step::Index(..) => return Err(format!("无法写入 {path}：数组中的表应以字段指明")),
            }
        }
        match step(last) {
            Step::Index(key, index) => {
                let item = table.entry(key).or_insert_with(|| Item::Value(Value::Array(Array::new())));
                let array = item.as_array_mut().ok_or_else(|| format!("{key} 应为数组"))?;
                let new = typed(key, value)?;
                let len = array.len();
                match array.get_mut(index) {
                    Some(old) => replace(old, new),
                    None if index == len => array.push(new),
                    None => return Err(format!("{path} 的序号超出数组长度")),
                }
            }
            Step::Key(key) => match table.get_mut(key).and_then(Item::as_value_mut) {
                Some(old) => replace(old, typed(key, value)?),
                None => {
                    table.insert(key, Item::Value(typed(key, value)?));
                }
            },
            Step::Record(..) => return Err(format!("无法写入 {path}：末段应为字段名")),
        }
        if new_year {
            order_years(doc);
        }
        Ok(())
    }
}

/// The table of the record of `array` with `fields`, appended (with those fields) if the
/// case lacks it.
fn record_table<'t>(table: &'t mut Table, array: &str, fields: &[(&str, &str)]) -> Result<&'t mut Table, String> {
    let item = table.entry(array).or_insert_with(|| Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    let records = item.as_array_of_tables_mut().ok_or_else(|| format!("{array} 应为 [[{array}]] 表数组"))?;
    let written = |item: &Item| item.as_value().map(|v| v.as_str().map_or_else(|| v.to_string().trim().to_owned(), str::to_owned));
    let matches = |record: &Table| fields.iter().all(|(key, value)| record.get(key).and_then(written).as_deref() == Some(*value));
    let found = records.iter().position(matches);
    let index = match found {
        Some(i) => i,
        None => {
            let mut record = Table::new();
            for (key, value) in fields {
                record.insert(key, Item::Value(typed(key, value)?));
            }
            records.push(record);
            records.len() - 1
        }
    };
    records.get_mut(index).ok_or_else(|| format!("{array} 的记录不存在"))
}

/// Replaces a value keeping what surrounds it (a person's comment after it).
fn replace(old: &mut Value, mut new: Value) {
    *new.decor_mut() = old.decor().clone();
    *old = new;
}

/// A value as the case format types it: dates bare, years as integers, all else quoted
/// (figures as strings, so no digit is lost).
fn typed(key: &str, text: &str) -> Result<Value, String> {
    match key {
        "date" | "end" | "start" | "listing_date" | "made" | "until" => {
            text.parse::<toml_edit::Datetime>().map(Value::from).map_err(|_| format!("{key} 应为日期，读到 {text}"))
        }
        "year" => text.parse::<i64>().map(Value::from).map_err(|_| format!("{key} 应为年份，读到 {text}")),
        "bought_on_market" => text.parse::<bool>().map(Value::from).map_err(|_| format!("{key} 应为 true 或 false，读到 {text}")),
        _ => Ok(Value::from(text)),
    }
}

/// Fiscal-year tables newest first, as the case format writes them.
fn order_years(doc: &mut DocumentMut) {
    let mut years: Vec<String> = doc.iter().filter(|(k, _)| k.parse::<i16>().is_ok()).map(|(k, _)| k.to_owned()).collect();
    years.sort_by(|a, b| b.cmp(a));
    for (position, year) in years.iter().enumerate() {
        if let Some(table) = doc.get_mut(year).and_then(Item::as_table_mut) {
            table.set_position(Some(position as isize));
        }
    }
}

/// The text of an edited file; a file ingest creates opens with a comment saying what it
/// holds and where it came from.
fn text_of(case: &CaseFiles, file: &str, doc: &DocumentMut) -> String {
    match case.get(file) {
        Some(_) => doc.to_string(),
        None => header(file) + &doc.to_string(),
    }
}

/// The opening comment of a file ingest creates.
fn header(file: &str) -> String {
    let what = match file {
        "company.toml" => "公司、保荐机构与股本",
        "financials.toml" => "主要财务数据（金额单位为元，注明“万”“亿”者除外；比率以 % 结尾）",
        "events.toml" => "公告与股份变动",
        "shareholders.toml" => "股东持股（前十名股东，董事、监事和高级管理人员）",
        "commitments.toml" => "承诺事项（承诺方、类型、内容、期限与履行情况）",
        "funds.toml" => "募集资金（募投项目的承诺投资、本年度与累计投入；发行、专户与台账由保荐机构补充）",
        SOURCES_FILE => "每项事实取自哪份文件的哪一页哪一行（由 dudao ingest 维护；dudao facts 据此列示来源）",
        _ => "案卷事实",
    };
    format!("# {what}\n# 由 dudao ingest 自上市公司定期报告写入，请核对。\n\n")
}

/// Whether two written values agree: figures within half the last digit of the coarser
/// of the two (`17,948.11万` and `179,481,073.74`), anything else as text.
fn same_value(a: &str, b: &str) -> bool {
    let figure = |text: &str| -> Option<(Decimal, Decimal)> {
        let amount = Amount::parse(text.trim().trim_end_matches('%')).ok()?;
        Some((amount.yuan(), Decimal::new(5, amount.scale() + 1) * amount.unit().factor()))
    };
    match (figure(a), figure(b)) {
        (Some((x, tx)), Some((y, ty))) => (x - y).abs() <= tx.max(ty),
        _ => a.trim() == b.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_agree_at_the_precision_either_prints() {
        assert!(same_value("117,530.10万", "1,175,301,034.32"));
        assert!(!same_value("117,530.20万", "1,175,301,034.32"));
        assert!(same_value("7.64%", "7.64%"));
        assert!(!same_value("129,465,020.86", "129,465,020.68"));
        assert!(same_value("四方科技", " 四方科技"));
    }

    #[test]
    fn records_by_id_become_the_listed_index() {
        let stated =
            |path: &str, value: &str| CaseFact { path: path.to_owned(), value: value.to_owned(), origin: Origin::at_line("events.toml", 1), source: None };
        let facts = [
            stated("events.announcements[0].id", "q3-2019"),
            stated("events.announcements[1].id", "annual-report-2019"),
            stated("company.total_shares[0].date", "2019-12-31"),
        ];
        let case = Stated::new(&facts);
        let case_path = |path: &str, case: &Stated| case.resolve(path);
        assert_eq!(case_path("events.announcements[id=annual-report-2019].date", &case), "events.announcements[1].date");
        assert_eq!(case_path("events.announcements[id=annual-report-2020].date", &case), "events.announcements[id=annual-report-2020].date");
        assert_eq!(case_path("company.total_shares[date=2019-12-31].shares", &case), "company.total_shares[0].shares");
        assert_eq!(case_path("company.sponsor.representatives[1]", &case), "company.sponsor.representatives[1]");
        let facts = [
            stated("shareholders.holdings[0].holder", "A. B. Co."),
            stated("shareholders.holdings[0].date", "2018-12-31"),
            stated("shareholders.holdings[1].holder", "A. B. Co."),
            stated("shareholders.holdings[1].date", "2019-12-31"),
        ];
        let holders = Stated::new(&facts);
        assert_eq!(case_path("shareholders.holdings[holder=A. B. Co.;date=2019-12-31].shares", &holders), "shareholders.holdings[1].shares");
        assert_eq!(
            segments("shareholders.holdings[holder=A. B. Co.;date=2019-12-31].shares"),
            ["shareholders", "holdings[holder=A. B. Co.;date=2019-12-31]", "shares"]
        );
    }
}
