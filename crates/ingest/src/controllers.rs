//! The controlling shareholder and the actual controller, from the sections the forms give
//! them (`(一) 控股股东情况` and `(二) 实际控制人情况` of the SSE form, `2、公司控股股东情况` and
//! `3、公司实际控制人及其一致行动人` of the SZSE form): the names under `名称` (a legal
//! person, up to `单位负责人或法定代表人`) or `姓名` (a natural person, up to `国籍`) where the
//! form's box says `√适用`, or in the column headed `控股股东名称`/`实际控制人姓名`.
//!
//! The case format's `[controllers]` states one relation for all its names
//! (`黄杰系公司的控股股东、实际控制人`): it is written only where the report names the same
//! people as both. Where they differ (a holding company controlled by a person), no sentence
//! of that form is true of both, and the fact is left for a person to state.

use std::sync::LazyLock;

use dudao_reader::{Block, Document, Location, compact};
use regex::Regex;

use crate::Extract;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Controlling,
    Actual,
}

/// The section a heading, or a short numbered line, opens; `Some(None)` for one that ends
/// the controllers' sections.
fn section_of(text: &str, heading: bool) -> Option<Option<Section>> {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\d+、|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])").unwrap());
    let text = compact(text);
    if text.chars().count() > 40 || !(heading || NUMBERED.is_match(&text)) {
        return None;
    }
    // `四、控股股东及实际控制人情况` only opens the two sections below it.
    if text.contains("控股股东及实际控制人") {
        Some(None)
    } else if text.contains("实际控制人情况") || text.contains("实际控制人及其一致行动人") {
        Some(Some(Section::Actual))
    } else if text.contains("控股股东情况") && !text.contains("实际控制人") {
        Some(Some(Section::Controlling))
    } else {
        Some(None)
    }
}

/// `法人√适用□不适用名称青岛港（集团）有限公司单位负责人或法定代表人…`, `自然人√适用□不适用姓名黄杰国籍中国…`.
static LEGAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"法人√适用□不适用(.*?)(?:\d自然人|$)").unwrap());
static NATURAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"自然人√适用□不适用(.*?)(?:\d公司不存在|$)").unwrap());
static LEGAL_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"名称(.{2,40}?)单位负责人或法定代表人").unwrap());
static NATURAL_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"姓名(.{2,20}?)国籍").unwrap());

/// A name as the forms print one: no digits, no sentence punctuation.
fn is_name(text: &str) -> bool {
    (2..=40).contains(&text.chars().count())
        && !text.chars().any(|c| c.is_ascii_digit() || "，。；：:、".contains(c))
        && !text.contains("情况")
        && !text.contains("职务")
}

/// The names of each section, with where the first was printed.
#[derive(Default)]
struct Named {
    names: Vec<String>,
    at: Option<Location>,
}

impl Named {
    fn add(&mut self, name: &str, at: Location) {
        if is_name(name) && !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_owned());
            self.at.get_or_insert(at);
        }
    }
}

/// `shareholders.controllers` where the report names the same people as controlling
/// shareholder and actual controller.
pub(crate) fn controllers(doc: &Document) -> Vec<Extract> {
    let (mut controlling, mut actual) = (Named::default(), Named::default());
    let mut section = None;
    for block in &doc.blocks {
        let opened = match block {
            Block::Heading(h) => section_of(&h.title, true),
            Block::Paragraph(p) => section_of(&p.text, false),
            Block::Table(_) => None,
        };
        if let Some(opened) = opened {
            section = opened;
            continue;
        }
        let Some(current) = section else { continue };
        let named = if current == Section::Controlling { &mut controlling } else { &mut actual };
        match block {
            Block::Paragraph(p) => {
                let text = compact(&p.text);
                for (part, name) in [(&*LEGAL, &*LEGAL_NAME), (&*NATURAL, &*NATURAL_NAME)] {
                    for applies in part.captures_iter(&text) {
                        for found in name.captures_iter(&applies[1]) {
                            named.add(&found[1], p.lines.first().map_or(Location::default(), |l| l.1));
                        }
                    }
                }
            }
            Block::Table(table) => {
                let header: Vec<String> = table.header.iter().map(|h| compact(h).into_owned()).collect();
                let wanted = |h: &str| ["控股股东名称", "控股股东姓名", "实际控制人名称", "实际控制人姓名"].contains(&h);
                let Some(column) = header.iter().position(|h| wanted(h)) else { continue };
                for row in &table.rows {
                    let Some(cell) = row.cells.get(column) else { break };
                    let name = compact(&cell.text);
                    if !is_name(&name) {
                        break;
                    }
                    named.add(&name, cell.at);
                }
            }
            Block::Heading(_) => {}
        }
    }
    let mut same = controlling.names.clone();
    same.sort();
    let mut others = actual.names.clone();
    others.sort();
    let (Some(at), false) = (controlling.at, same.is_empty() || same != others) else { return Vec::new() };
    let mut out: Vec<Extract> = controlling
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| Extract { path: format!("shareholders.controllers.names[{i}]"), value: name.clone(), at })
        .collect();
    out.push(Extract { path: "shareholders.controllers.relation".to_owned(), value: "控股股东、实际控制人".to_owned(), at });
    out
}
