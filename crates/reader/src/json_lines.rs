//! Annual reports as JSON lines, the form of the SMP2023 financial annual-report dataset
//! (11,588 reports were published so): one object per line of the PDF's text,
//! `{"page": 11, "allrow": 201, "type": "excel", "inside": "['营业收入', '276,809', …]"}`.
//! `type` says what the line is: `text` (a line of running text), `excel` (a table row,
//! whose cells are written as the text of a Python list), `页眉` and `页脚` (the running
//! header and footer, not content).
//!
//! A line is located by its page and its place among that page's objects (every type
//! counts), as a reader counts the lines of a printed page. Consecutive table rows of one
//! width form a table; a blank text line between rows of one page ends it, and a page
//! break does not (a table continued on the next page is one table, its repeated header a
//! new one). The rows go through the same grid as HTML tables, so a header over two rows is
//! joined per column and a row of years starts a new table.

use crate::grid::{Budget, MAX_CELLS, RawCell, RawRow, tables_of_rows};
use crate::layout::{Item, lay_out};
use crate::model::{Document, Location, Unit};
use crate::text::{TEXT, positioned};
use crate::value::unit_statement;
use crate::{ReadError, Start};

/// The rows of the table being read, and where it stands.
struct Run {
    rows: Vec<RawRow>,
    width: usize,
    /// The page of the last row.
    page: u32,
    /// A blank text line has come after the last row on its page.
    gap: bool,
}

/// Reads JSON lines (a part of a file starting at `start`) into a document.
pub(crate) fn read_json_lines(input: &str, start: Start) -> Result<Document, ReadError> {
    let mut items: Vec<Item> = Vec::new();
    let mut run = Run { rows: Vec::new(), width: 0, page: 0, gap: false };
    let mut unit: Option<Unit> = None;
    let mut budget = Budget { copies: input.len().max(1 << 20), positions: MAX_CELLS + input.len() / 4 };
    let (mut page, mut on_page, mut pages) = (0u32, 0u32, 0u32);
    let flush = |run: &mut Run, unit: &mut Option<Unit>, items: &mut Vec<Item>, budget: &mut Budget| {
        if !run.rows.is_empty() {
            let rows = std::mem::take(&mut run.rows);
            items.extend(tables_of_rows(rows, unit.take(), budget).into_iter().map(Item::Table));
        }
        run.gap = false;
    };
    for (index, raw) in input.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let file_line = Some(Location { page: None, line: start.lines + index as u32 + 1 });
        let object = JsonLine::parse(trimmed).map_err(|message| ReadError { at: file_line, message })?;
        if object.page == page {
            on_page += 1;
        } else {
            (page, on_page) = (object.page, 1);
        }
        pages = pages.max(page);
        let at = Location { page: Some(page), line: on_page };
        match object.kind.as_str() {
            "页眉" | "页脚" => {}
            "text" if object.inside.trim().is_empty() => run.gap |= !run.rows.is_empty() && run.page == page,
            "text" => {
                flush(&mut run, &mut unit, &mut items, &mut budget);
                if let Some(stated) = unit_statement(&object.inside) {
                    unit = Some(stated);
                }
                items.extend(positioned(&object.inside, at).into_iter().map(Item::Line));
            }
            "excel" => {
                let cells = python_list(&object.inside).ok_or_else(|| ReadError {
                    at: file_line,
                    message: "字段 inside 不是表格行：excel 行的 inside 应为 Python 列表文本，如 \"['营业收入', '276,809']\"".to_owned(),
                })?;
                if cells.is_empty() {
                    continue;
                }
                let ends_run = run.width != cells.len() || (run.gap && run.page == page);
                if !run.rows.is_empty() && ends_run {
                    flush(&mut run, &mut unit, &mut items, &mut budget);
                }
                run.width = cells.len();
                run.page = page;
                run.gap = false;
                let cells = cells.into_iter().map(|text| RawCell { text, lines: Vec::new(), at, rows: 1, columns: 1 }).collect();
                run.rows.push(RawRow { cells, line: on_page });
            }
            other => {
                return Err(ReadError { at: file_line, message: format!("字段 type 为“{other}”：应为 text、excel、页眉 或 页脚") });
            }
        }
    }
    flush(&mut run, &mut unit, &mut items, &mut budget);
    Ok(lay_out(items, TEXT, pages.max(start.pages)))
}

/// One line of the dataset.
struct JsonLine {
    page: u32,
    kind: String,
    inside: String,
}

impl JsonLine {
    fn parse(line: &str) -> Result<JsonLine, String> {
        let object: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            format!(
                "第 {} 列：不是有效的 JSON（{e}）：每行应为一个 {{\"page\": 页码, \"allrow\": 行号, \"type\": \"text\", \"inside\": \"该行文本\"}} 对象",
                e.column()
            )
        })?;
        let page = object
            .get("page")
            .and_then(serde_json::Value::as_u64)
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| "缺少字段 page，或其不是 1 至 100000 的整数页码".to_owned())?;
        let text = |key: &str| object.get(key).and_then(serde_json::Value::as_str).map(str::to_owned);
        let kind = text("type").ok_or_else(|| "缺少字符串字段 type（text、excel、页眉 或 页脚）".to_owned())?;
        let inside = text("inside").ok_or_else(|| "缺少字符串字段 inside（该行的文本）".to_owned())?;
        Ok(JsonLine { page: page as u32, kind, inside })
    }
}

/// The strings of a Python list literal as Python prints one (`['营业收入', "it's", None]`),
/// `None` read as an empty cell; `None` for anything else.
fn python_list(text: &str) -> Option<Vec<String>> {
    let mut chars = text.trim().chars().peekable();
    let mut out = Vec::new();
    if chars.next()? != '[' {
        return None;
    }
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next()? {
            ']' if out.is_empty() => break,
            quote @ ('\'' | '"') => {
                let mut cell = String::new();
                loop {
                    match chars.next()? {
                        c if c == quote => break,
                        '\\' => cell.push(escaped(&mut chars)?),
                        c => cell.push(c),
                    }
                }
                out.push(cell);
            }
            'N' => {
                for expected in "one".chars() {
                    (chars.next()? == expected).then_some(())?;
                }
                out.push(String::new());
            }
            _ => return None,
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next()? {
            ',' => {}
            ']' => break,
            _ => return None,
        }
    }
    chars.all(char::is_whitespace).then_some(out)
}

/// The character a backslash escape of a Python string stands for.
fn escaped(chars: &mut impl Iterator<Item = char>) -> Option<char> {
    let hex = |chars: &mut dyn Iterator<Item = char>, digits: usize| -> Option<char> {
        let code: String = chars.take(digits).collect();
        (code.len() == digits).then_some(())?;
        char::from_u32(u32::from_str_radix(&code, 16).ok()?)
    };
    Some(match chars.next()? {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'x' => hex(chars, 2)?,
        'u' => hex(chars, 4)?,
        'U' => hex(chars, 8)?,
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use crate::model::Table;

    fn tables(doc: &Document) -> Vec<&Table> {
        doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn python_lists_as_python_prints_them() {
        assert_eq!(python_list("['营业收入', '276,809', '']").unwrap(), ["营业收入", "276,809", ""]);
        assert_eq!(python_list(r#"["it's", 'a\\b', None, '\u4e2d']"#).unwrap(), ["it's", "a\\b", "", "中"]);
        assert_eq!(python_list("[]").unwrap(), Vec::<String>::new());
        assert!(python_list("['a' 'b']").is_none() && python_list("['a'").is_none() && python_list("营业收入").is_none());
    }

    /// Lines of the 邮储银行 2019 report (tests/fixtures/annual-reports), shortened.
    const BANK: &str = r#"{"page": 11, "allrow": 196, "type": "text", "inside": ""}
{"page": 11, "allrow": 197, "type": "text", "inside": "主要财务数据"}
{"page": 11, "allrow": 198, "type": "text", "inside": "人民币百万元，另有标注除外"}
{"page": 11, "allrow": 199, "type": "excel", "inside": "['项目', '2019年', '2018年', '2017年']"}
{"page": 11, "allrow": 200, "type": "excel", "inside": "['年度经营业绩', '', '', '']"}
{"page": 11, "allrow": 201, "type": "excel", "inside": "['营业收入', '276,809', '260,995', '224,572']"}
{"page": 11, "allrow": 202, "type": "text", "inside": ""}
{"page": 11, "allrow": 203, "type": "页脚", "inside": "10"}
{"page": 12, "allrow": 204, "type": "text", "inside": ""}
{"page": 12, "allrow": 205, "type": "excel", "inside": "['经营活动产生的现金流量净额', '26,443', '184,505', '(399,348)']"}
{"page": 12, "allrow": 206, "type": "text", "inside": ""}
{"page": 12, "allrow": 207, "type": "excel", "inside": "['项目', '2019年12月31日', '2018年12月31日', '2017年12月31日']"}
{"page": 12, "allrow": 208, "type": "excel", "inside": "['资产总额', '10,216,706', '9,516,211', '9,012,551']"}
"#;

    #[test]
    fn rows_form_tables_across_a_page_break_and_headers_and_footers_are_not_content() {
        let doc = read_json_lines(BANK, Start::WHOLE).unwrap();
        let t = tables(&doc);
        assert_eq!(t.len(), 2, "{:#?}", doc.blocks);
        assert_eq!(t[0].header, ["项目", "2019年", "2018年", "2017年"]);
        assert_eq!(t[0].unit, Some(Unit::Million));
        let labels: Vec<&str> = t[0].rows.iter().map(|r| r.label()).collect();
        assert_eq!(labels, ["年度经营业绩", "营业收入", "经营活动产生的现金流量净额"]);
        assert_eq!(t[0].rows[1].at, Location { page: Some(11), line: 6 });
        assert_eq!(t[0].rows[2].at, Location { page: Some(12), line: 2 });
        assert_eq!(t[0].rows[2].cells[3].value.number().unwrap().value.to_string(), "-399348");
        // A blank line between rows of one page ends a table.
        assert_eq!(t[1].header[1], "2019年12月31日");
        assert_eq!(doc.pages, 12);
        assert!(doc.blocks.iter().all(|b| !matches!(b, Block::Paragraph(p) if p.text.contains("10"))), "the footer is not text");
    }

    #[test]
    fn a_broken_line_is_refused_with_its_line() {
        let error = read_json_lines(
            "{\"page\": 1, \"allrow\": 0, \"type\": \"text\", \"inside\": \"a\"}\n{\"page\": 1, \"type\": \"excel\", \"inside\": \"['a'\"}\n",
            Start::WHOLE,
        )
        .unwrap_err();
        assert_eq!(error.at, Some(Location { page: None, line: 2 }));
        assert!(error.message.contains("Python 列表"), "{}", error.message);
        let error = read_json_lines("{\"page\": 1, \"type\": \"图片\", \"inside\": \"\"}\n", Start::WHOLE).unwrap_err();
        assert!(error.message.contains("图片"), "{}", error.message);
        let error = read_json_lines("{\"page\": 1, \"type\": \"text\", \"inside\": \"a\"\n", Start::WHOLE).unwrap_err();
        assert!(error.message.contains("不是有效的 JSON"), "{}", error.message);
    }
}
