//! Who the report is about and who supervises it: the company's name, short name and code,
//! the sponsor and its representatives, the end of the supervision period.
//!
//! They are printed as labels and values, laid out every way: a label cell beside its value
//! (`公司的中文名称 | 浙江海翔药业股份有限公司`), a row of labels over a row of values
//! (`保荐机构名称 | … | 保荐代表人姓名` over `华泰联合证券有限责任公司 | … | 王杰秋、唐逸凡`), a
//! line of text (`名称  中信证券股份有限公司`), or one run of labels and values in a single
//! cell (`股票简称： 邮储银行股票代码： 601658股份登记处：…`), or a sentence
//! (`保荐机构华泰联合证券有限责任公司…保荐代表人王杰秋、唐逸凡，…`). A value runs from its label to
//! the next label known here, so it is never read with the label after it glued on.

use std::sync::LazyLock;

use dudao_reader::{Block, Document, Location, Table, compact};
use regex::Regex;

use crate::{Extract, LAST_DATE, iso};

/// Labels and the case paths they fill; `None` for labels known only so that a value
/// before them ends there. Longer labels first, so `签字的保荐代表人姓名` is not read as
/// `保荐代表人姓名`.
const LABELS: &[(&str, Option<&str>)] = &[
    ("公司的中文名称", Some("company.company.name")),
    ("法定中文名称", Some("company.company.name")),
    ("公司的中文简称", Some("company.company.short_name")),
    ("A股股票简称", Some("company.company.short_name")),
    ("股票简称", Some("company.company.short_name")),
    ("A股简称", Some("company.company.short_name")),
    ("A股股票代码", Some("company.company.stock_code")),
    ("股票代码", Some("company.company.stock_code")),
    ("A股代码", Some("company.company.stock_code")),
    ("签字的保荐代表人姓名", Some("company.sponsor.representatives")),
    ("保荐代表人姓名", Some("company.sponsor.representatives")),
    ("签字保荐代表人", Some("company.sponsor.representatives")),
    ("签字保荐人", Some("company.sponsor.representatives")),
    ("保荐代表人", Some("company.sponsor.representatives")),
    ("持续督导的期间", Some("company.supervision.end")),
    ("持续督导期间", Some("company.supervision.end")),
    ("持续督导保荐机构", Some("company.sponsor.firm")),
    ("保荐机构名称", Some("company.sponsor.firm")),
    ("保荐机构", Some("company.sponsor.firm")),
    ("保荐人", Some("company.sponsor.firm")),
    ("名称", Some("company.sponsor.firm")),
    ("保荐机构办公地址", None),
    ("办公地址", None),
    ("股票上市交易所", None),
    ("股份登记处", None),
    ("变更前股票简称", None),
    ("股票种类", None),
    ("联系电话", None),
    ("传真", None),
    ("电子信箱", None),
    ("签字会计师姓名", None),
    ("签字会计师", None),
    ("登载年度报告的", None),
    ("法定英文名称", None),
    ("公司的外文名称", None),
    ("公司的外文名称缩写", None),
    ("法定代表人", None),
];

/// The longest line of text read for labels (some 300 Chinese characters).
const MAX_LINE_BYTES: usize = 900;

/// A securities firm's name: a value of the bare label `名称` is the sponsor's only if it is
/// one (the auditor's is another `名称`).
static SECURITIES_FIRM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"证券(?:股份)?有限(?:责任)?公司$").unwrap());

/// A row of the share overview (公司股票简况) with its cells run together: kind, exchange,
/// short name, code (`A股上海证券交易所青岛港601298.SH`).
static SHARE_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^A股\s*(?:上海证券交易所|深圳证券交易所|北京证券交易所)\s*(?P<short>[^\s\d]{2,8}?)\s*(?P<code>\d{6})(?:\.S[HZ])?(?:\s|$|不适用|—|-)").unwrap()
});

/// A six-digit stock code after `股票代码` in the share overview (`…股票代码变更前股票简称A股上海证券交易所四方科技603339…`).
static STOCK_CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"股票代码\D{0,40}?(?P<code>\d{6})(?:\D|$)").unwrap());

/// `2017.2.28` as a period's end is printed in some reports.
static DOTTED_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})\.(\d{1,2})\.(\d{1,2})").unwrap());

/// A sentence saying when the company itself listed on a mainland exchange
/// (`本行…并于2019年12月10日于上交所主板上市`, `公司A股普通股于…在上海证券交易所上市`): the
/// company (公司, 本公司, 本行) is the subject, right after a clause break, so a holder's or
/// another issuer's listing (`上港集团…于2006年…上市`) is not taken; a listing on two
/// exchanges at once (`分别在香港联合交易所和上海证券交易所上市`) names no one date.
static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[，。；：,;\s])(?:本公司|公司|本行)(?:A股普通股|A股股票|A股|股票)?\s*(?:于\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*首次公开发行[^。；，]{0,40}?股\s*并\s*)?于\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:在|于)\s*(?:上海证券交易所|深圳证券交易所|北京证券交易所|上交所|深交所|北交所)\s*(?:主板|科创板|创业板)?\s*(?:挂牌)?上市",
    )
    .unwrap()
});

/// The label `text` is, with its colon: `持续督导保荐机构：` → its entry.
fn label_of(text: &str) -> Option<(&'static str, Option<&'static str>)> {
    let text = compact(text);
    let text = text.trim_end_matches(['：', ':']);
    LABELS.iter().find(|(label, _)| *label == text).copied()
}

/// The labelled values in one run of text (`股票简称： 邮储银行股票代码： 601658…`): each known
/// label followed by a colon, or starting the text, with what follows it up to the next:
/// `(path, label, value)`.
fn runs(text: &str) -> Vec<(&'static str, &'static str, String)> {
    let text = compact(text);
    let mut found: Vec<(usize, usize, &'static str, Option<&'static str>)> = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let hit = LABELS.iter().find(|(label, _)| rest.starts_with(label) && (at == 0 || rest[label.len()..].starts_with(['：', ':'])));
        match hit {
            Some((label, path)) => {
                found.push((at, at + label.len(), label, *path));
                at += label.len();
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    let mut out = Vec::new();
    for (i, (_, end, label, path)) in found.iter().enumerate() {
        let Some(path) = path else { continue };
        let until = found.get(i + 1).map_or(text.len(), |next| next.0);
        let value = text[*end..until].trim_start_matches(['：', ':']).to_owned();
        out.push((*path, *label, value));
    }
    out
}

/// The identity facts of `doc`.
pub(crate) fn identity(doc: &Document) -> Vec<Extract> {
    let mut found = Found::default();
    for block in &doc.blocks {
        match block {
            Block::Table(table) => table_identity(table, &mut found),
            Block::Paragraph(p) => {
                for (line, at) in p.source_lines() {
                    // Labels and their values are short lines; a longer one is prose that
                    // names none, and reading it label by label would cost its length squared.
                    if line.len() > MAX_LINE_BYTES {
                        continue;
                    }
                    // A line that starts with a label, or holds one where text laid out in
                    // columns ran a side label into it (`报告期内名称中信证券股份有限公司`).
                    for (label, _) in LABELS.iter().filter(|(_, path)| path.is_some()) {
                        if let Some(index) = line.find(label) {
                            for (path, label, value) in runs(&line[index..]) {
                                found.add(path, label, &value, at);
                            }
                        }
                    }
                }
                if let Some(date) = LISTED.captures(&p.text).and_then(|c| c.name("date"))
                    && let Some(day) = LAST_DATE.captures(date.as_str())
                {
                    found.add("company.company.listing_date", "上市", &iso(&day), p.location_at(date.start()));
                }
                if let Some(code) = STOCK_CODE.captures(&p.text).and_then(|c| c.name("code")) {
                    found.add("company.company.stock_code", "股票代码", code.as_str(), p.location_at(code.start()));
                }
            }
            Block::Heading(_) => {}
        }
    }
    // The case names a sponsor with its representatives: a firm printed without them (in
    // the auditor-hiring table, `保荐人 东北证券股份有限公司`) cannot be written alone.
    if !found.facts.iter().any(|f| f.path.starts_with("company.sponsor.representatives")) {
        found.facts.retain(|f| f.path != "company.sponsor.firm");
    }
    found.facts
}

/// The labels and values of a table: beside each other, over each other, or run together
/// in a cell; and the share overview's A-share row.
fn table_identity(table: &Table, found: &mut Found) {
    let mut grid: Vec<Vec<(&str, Location)>> = vec![table.header.iter().map(|h| (h.as_str(), table.at)).collect()];
    grid.extend(table.rows.iter().map(|r| r.cells.iter().filter(|c| !c.covered).map(|c| (c.text.as_str(), c.at)).collect()));
    for (r, row) in grid.iter().enumerate() {
        let labels_row = row.iter().filter(|(t, _)| !t.trim().is_empty()).all(|(t, _)| label_of(t).is_some());
        for (c, (text, at)) in row.iter().enumerate() {
            if let Some((label, Some(path))) = label_of(text) {
                // Beside: the next cell, if it is not a label itself; over: the cell below,
                // in a row of labels only.
                let beside = row.get(c + 1).filter(|(t, _)| label_of(t).is_none());
                let below = grid.get(r + 1).and_then(|next| next.get(c)).filter(|_| labels_row && row.len() > 1);
                if let Some((value, at)) = beside.or(below) {
                    if let Some((_, _, value)) = runs(&format!("{label}：{value}")).into_iter().next() {
                        found.add(path, label, &value, *at);
                    }
                    for (path, label, value) in runs(value) {
                        found.add(path, label, &value, *at);
                    }
                }
            } else if text.len() <= MAX_LINE_BYTES * 4 && (text.contains('：') || text.contains(':')) {
                for (path, label, value) in runs(text) {
                    found.add(path, label, &value, *at);
                }
            }
            if let Some(share) = SHARE_ROW.captures(&compact(text)) {
                found.add("company.company.short_name", "股票简称", &share["short"], *at);
                found.add("company.company.stock_code", "股票代码", &share["code"], *at);
            }
        }
    }
}

/// The facts found so far: the first of each path wins.
#[derive(Default)]
struct Found {
    facts: Vec<Extract>,
}

impl Found {
    /// Adds the value read for `path` after `label`, cleaned as the path needs.
    fn add(&mut self, path: &str, label: &str, value: &str, at: Location) {
        let value = value.trim().trim_end_matches(['。', '；', ';']);
        if value.is_empty() || self.facts.iter().any(|f| f.path == path || f.path.starts_with(&format!("{path}["))) {
            return;
        }
        match path {
            "company.company.name" => {
                // `中国邮政储蓄银行股份有限公司（中文简称“中国邮政储蓄银行”）`: the name before the note.
                let name = value.split(['（', '(']).next().unwrap_or(value);
                if name.ends_with("公司") || name.ends_with("银行") {
                    self.push(path, name, at);
                }
            }
            "company.company.stock_code" => {
                let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
                if digits.len() == 6 {
                    self.push(path, &digits, at);
                }
            }
            "company.company.short_name" => {
                if (2..=8).contains(&value.chars().count()) && !value.chars().any(|c| c.is_ascii_digit()) {
                    self.push(path, value, at);
                }
            }
            // A list in the case: one fact per name, as `dudao facts` lists them.
            "company.sponsor.representatives" => {
                // In prose the names end the clause (`保荐代表人王杰秋、唐逸凡，…`).
                let value = value.split(['，', '。', '；', ';', '（', '(']).next().unwrap_or(value).trim_start_matches(['为', '是']);
                let names: Vec<&str> = value.split(['、', ',', ' ', '和']).map(str::trim).filter(|n| !n.is_empty()).collect();
                if names.iter().all(|n| (2..=4).contains(&n.chars().count()) && n.chars().all(|c| c > '\u{2E80}')) {
                    self.facts.extend(names.iter().enumerate().map(|(i, name)| Extract { path: format!("{path}[{i}]"), value: (*name).to_owned(), at }));
                }
            }
            "company.supervision.end" => {
                let mut dates: Vec<String> = LAST_DATE.captures_iter(value).map(|d| iso(&d)).collect();
                if dates.is_empty() {
                    dates = DOTTED_DATE.captures_iter(value).map(|d| iso(&d)).collect();
                }
                // `2016年5月19日-2019年12月31日`: a period printed whole gives its start too.
                if let [start, .., _] = dates.as_slice()
                    && !self.facts.iter().any(|f| f.path == "company.supervision.start")
                {
                    self.push("company.supervision.start", start, at);
                }
                if let Some(end) = dates.last() {
                    self.push(path, end, at);
                }
            }
            "company.sponsor.firm" => {
                // The bare `名称` and `保荐人` name an auditor or adviser as often: a securities firm only.
                let specific = matches!(label, "持续督导保荐机构" | "保荐机构名称" | "保荐机构");
                // In prose the name runs on into the sentence (`保荐机构华泰联合证券有限责任公司均发表了…`).
                let firm = value.split(['（', '(']).next().unwrap_or(value);
                let firm = firm.find("公司").map_or(firm, |end| &firm[..end + "公司".len()]);
                if (specific && firm.ends_with("公司")) || SECURITIES_FIRM.is_match(firm) {
                    self.push(path, firm, at);
                }
            }
            _ => self.push(path, value, at),
        }
    }

    fn push(&mut self, path: &str, value: &str, at: Location) {
        self.facts.push(Extract { path: path.to_owned(), value: value.to_owned(), at });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sponsor_named_in_a_sentence() {
        let text = "公司独立董事和保荐机构华泰联合证券有限责任公司均发表了同意意见，其保荐代表人为王杰秋、唐逸凡。".to_owned();
        let doc = Document { blocks: vec![Block::Paragraph(dudao_reader::Paragraph { text, lines: vec![(0, Location::default())] })], pages: 0 };
        let found = identity(&doc);
        let facts: Vec<(&str, &str)> = found.iter().map(|f| (f.path.as_str(), f.value.as_str())).collect();
        assert_eq!(
            facts,
            [
                ("company.sponsor.representatives[0]", "王杰秋"),
                ("company.sponsor.representatives[1]", "唐逸凡"),
                ("company.sponsor.firm", "华泰联合证券有限责任公司")
            ]
        );
    }

    #[test]
    fn a_value_ends_at_the_next_label() {
        let found = runs("股票上市交易所： 上海证券交易所股票简称： 邮储银行股票代码： 601658股份登记处： 中国证券登记结算有限责任公司");
        let values: Vec<(&str, &str)> = found.iter().map(|(p, _, v)| (*p, v.as_str())).collect();
        assert_eq!(values, [("company.company.short_name", "邮储银行"), ("company.company.stock_code", "601658")]);
    }
}
