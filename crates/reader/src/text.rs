//! Text sources: plain text (pages split at form feeds, as `pdftotext` writes them),
//! Markdown (pipe tables read as they are written), and JSON pages (one object per line).
//! Words are placed by display column (a Chinese character is two columns wide), so a
//! table laid out with spaces is read by the same geometry as a PDF's.

use crate::layout::{Geometry, Item, Line, Word, drop_running_lines, is_cjk, lay_out};
use crate::model::{Cell, Document, Location, Row, Table};
use crate::value::parse_value;
use crate::{ReadError, Start};

/// Two spaces or more separate cells in text.
pub(crate) const TEXT: Geometry = Geometry { cell_gap: 2.0, slack: 1.0, exact: false };

/// A line longer than this is cut into pieces of this many characters, so one huge line
/// costs no more than many short ones.
const MAX_LINE_CHARS: usize = 4_000;

/// Plain text; pages split at form feeds when there are any (in the whole file, for a part).
pub(crate) fn read_text(input: &str, start: Start) -> Document {
    let paged = start.paged.unwrap_or_else(|| input.contains('\u{c}'));
    let mut pages: Vec<Vec<Line>> = Vec::new();
    let mut file_line = start.lines;
    // Lines of a disclosure average some 40 bytes: one allocation for most documents.
    let typical_lines = input.len() / 40 + 1;
    for (page_index, page) in input.split('\u{c}').enumerate() {
        let mut raws = Vec::with_capacity(if paged { 64 } else { typical_lines });
        for (index, raw) in page.lines().enumerate() {
            file_line += 1;
            let at = if paged {
                Location { page: Some(start.pages + page_index as u32 + 1), line: index as u32 + 1 }
            } else {
                Location { page: None, line: file_line }
            };
            raws.push((raw, at));
        }
        pages.push(placed(&raws));
    }
    if paged {
        drop_running_lines(&mut pages);
    }
    let count = if paged { start.pages + pages.len() as u32 } else { 0 };
    lay_out(pages.into_iter().flatten().map(Item::Line).collect(), TEXT, count)
}

/// The lines of one page (or of a text without pages), placed in display columns or, where
/// its figures stand better in columns so, in one column per character. Text laid out with
/// spaces counts a Chinese character two columns wide when laid out for display
/// (`pdftotext -layout`) and one wide when laid out character by character (as pdfplumber
/// and converters like it do); the lines with figures tell which, and the others follow.
fn placed(raws: &[(&str, Location)]) -> Vec<Line> {
    /// Lines weighed at most: a page's tables tell within a few hundred rows.
    const WEIGHED: usize = 400;
    let mut lines = Vec::with_capacity(raws.len());
    let (mut by_display, mut by_character) = (Alignment::default(), Alignment::default());
    for (raw, at) in raws {
        let start = lines.len();
        lines.extend(positioned(raw, *at));
        // Only a row laid out in columns (cells apart by two spaces or more) with Chinese in
        // it can tell the two placings apart.
        let row = by_display.lines < WEIGHED && raw.contains("  ") && raw.contains(is_cjk);
        if row && lines[start..].iter().map(|l| figure_edges(l).count()).sum::<usize>() >= 2 {
            by_display.weigh(&lines[start..]);
            by_character.weigh(&positioned_as(raw, *at, 1.0));
        }
    }
    if by_character.lines >= 2 && by_character.aligned > by_display.aligned {
        return raws.iter().flat_map(|(raw, at)| positioned_as(raw, *at, 1.0)).collect();
    }
    lines
}

/// How well a placing puts figures in columns, over the lines weighed so far: how many
/// figures share a left or right edge with a figure of the line before.
#[derive(Default)]
struct Alignment {
    previous: Vec<(f32, f32)>,
    aligned: usize,
    lines: usize,
}

impl Alignment {
    fn weigh(&mut self, lines: &[Line]) {
        for line in lines {
            let edges: Vec<(f32, f32)> = figure_edges(line).collect();
            self.aligned += edges.iter().filter(|(x0, x1)| self.previous.iter().any(|(a, b)| (a - x0).abs() < 0.5 || (b - x1).abs() < 0.5)).count();
            self.previous = edges;
            self.lines += 1;
        }
    }
}

/// The extents of the figures of a line.
fn figure_edges(line: &Line) -> impl Iterator<Item = (f32, f32)> + '_ {
    line.words.iter().filter(|w| crate::value::parse_number(&w.text).is_some()).map(|w| (w.x0, w.x1))
}

/// The words of one line of text with their display columns (none for a blank line, which
/// no later step reads); an over-long line is read as several lines at the same location,
/// so one huge line costs no more than many short ones.
pub(crate) fn positioned(raw: &str, at: Location) -> Vec<Line> {
    positioned_as(raw, at, 2.0)
}

/// The words of one line placed with a Chinese character `cjk` columns wide.
fn positioned_as(raw: &str, at: Location, cjk: f32) -> Vec<Line> {
    let mut out = Vec::new();
    let mut words = Vec::new();
    let mut column = 0f32;
    let mut current = String::new();
    let mut start = 0f32;
    for (index, c) in raw.chars().enumerate() {
        if index > 0 && index % MAX_LINE_CHARS == 0 {
            if !current.is_empty() {
                words.push(Word { text: std::mem::take(&mut current), x0: start, x1: column, y0: 0.0, y1: 0.0 });
            }
            if !words.is_empty() {
                out.push(Line { words: std::mem::take(&mut words), at });
            }
            column = 0.0;
        }
        if c.is_whitespace() || c == '\u{3000}' {
            if !current.is_empty() {
                words.push(Word { text: std::mem::take(&mut current), x0: start, x1: column, y0: 0.0, y1: 0.0 });
            }
            column += if c == '\u{3000}' {
                2.0
            } else if c == '\t' {
                4.0
            } else {
                1.0
            };
        } else {
            if current.is_empty() {
                start = column;
            }
            current.push(c);
            column += if is_cjk(c) { cjk } else { 1.0 };
        }
    }
    if !current.is_empty() {
        words.push(Word { text: current, x0: start, x1: column, y0: 0.0, y1: 0.0 });
    }
    if !words.is_empty() {
        out.push(Line { words, at });
    }
    out
}

/// Markdown: pipe tables as tables, heading marks and emphasis dropped, the rest as text.
pub(crate) fn read_markdown(input: &str, start: Start) -> Document {
    let mut items = Vec::new();
    let mut table: Option<Table> = None;
    for (index, raw) in input.lines().enumerate() {
        let at = Location { page: None, line: start.lines + index as u32 + 1 };
        let trimmed = raw.trim();
        if trimmed.starts_with('|') {
            let cells: Vec<String> = trimmed.trim_matches('|').split('|').map(|c| c.trim().replace("<br>", "").replace("**", "")).collect();
            if cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
                continue;
            }
            match table.as_mut() {
                None => table = Some(Table { header: cells, rows: Vec::new(), unit: None, at }),
                Some(t) => {
                    let width = t.header.len().max(cells.len());
                    let mut row: Vec<Cell> =
                        cells.into_iter().map(|text| Cell { value: parse_value(&text), text, at, span: (1, 1), covered: false, lines: Vec::new() }).collect();
                    row.resize_with(width, || Cell { at, span: (1, 1), ..Cell::default() });
                    t.rows.push(Row { cells: row, at, uncertain: false });
                }
            }
            continue;
        }
        if let Some(t) = table.take() {
            items.push(Item::Table(t));
        }
        let text = trimmed.trim_start_matches('#').replace("**", "").replace("<br>", " ");
        items.extend(positioned(&text, at).into_iter().map(Item::Line));
    }
    if let Some(t) = table.take() {
        items.push(Item::Table(t));
    }
    lay_out(items, TEXT, 0)
}

/// One JSON object per line, `{"page": N, "text": "…"}`; lines starting with `#` or `=`
/// and blank lines are comments. Page texts are laid out as text, pages in order.
pub(crate) fn read_json_pages(input: &str, start: Start) -> Result<Document, ReadError> {
    let mut pages: Vec<(u32, String)> = Vec::new();
    for (index, raw) in input.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('=') {
            continue;
        }
        let at = Some(Location { page: None, line: start.lines + index as u32 + 1 });
        let object: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| ReadError {
            at,
            message: format!("第 {} 列：不是有效的 JSON（{e}）：每行应为一个 {{\"page\": 页码, \"text\": \"该页文本\"}} 对象", e.column()),
        })?;
        let text = object
            .get("text")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| ReadError { at, message: "缺少字符串字段 text（该页文本）".into() })?;
        let page = match object.get("page") {
            Some(p) => p
                .as_u64()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| ReadError { at, message: format!("字段 page 应为 1 至 100000 的整数页码，文中为 {p}") })? as u32,
            None => pages.last().map_or(start.pages, |(n, _)| *n) + 1,
        };
        pages.push((page, text.to_owned()));
    }
    let mut lines: Vec<Vec<Line>> = pages
        .iter()
        .map(|(page, text)| placed(&text.lines().enumerate().map(|(i, raw)| (raw, Location { page: Some(*page), line: i as u32 + 1 })).collect::<Vec<_>>()))
        .collect();
    drop_running_lines(&mut lines);
    let count = pages.iter().map(|(n, _)| *n).max().unwrap_or(0);
    Ok(lay_out(lines.into_iter().flatten().map(Item::Line).collect(), TEXT, count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use crate::layout::join_text;

    fn tables(doc: &Document) -> Vec<&Table> {
        doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn columns_in_display_width() {
        let line = &positioned("营业收入  1,175.00   -4.49", Location::default())[0];
        assert_eq!(join_text(line.words.iter().map(|w| w.text.as_str())), "营业收入1,175.00 -4.49");
        assert_eq!((line.words[1].x0, line.words[1].x1), (10.0, 18.0));
    }

    #[test]
    fn a_layout_table_with_a_wrapped_label_and_a_short_row() {
        let text = "\
(一) 主要会计数据
                                     单位：元 币种：人民币
                         本期比上年
 主要会计数据   2020年    同期增减(%)    2019年
营业收入        1,581.48    40.39      1,126.35
归属于上市公司股东的  406.57    83.76        221.94
净利润
稀释每股收益（元／股）                       0.66
";
        let doc = read_text(text, Start::WHOLE);
        let t = tables(&doc);
        assert_eq!(t.len(), 1, "{:#?}", doc.blocks);
        let t = t[0];
        assert_eq!(t.header, ["主要会计数据", "2020年", "本期比上年同期增减(%)", "2019年"]);
        assert_eq!(t.unit, Some(crate::Unit::Yuan));
        assert_eq!(t.rows[1].label(), "归属于上市公司股东的净利润");
        assert_eq!(t.rows[1].cells[2].text, "83.76");
        assert_eq!(t.rows[2].cells[3].text, "0.66");
        assert_eq!(t.rows[2].cells[1].text, "");
        assert_eq!(t.rows[1].at.line, 6);
    }

    #[test]
    fn json_pages_locate_by_page_and_line_and_refuse_bad_lines() {
        let doc =
            read_json_pages("# comment\n{\"page\": 7, \"text\": \"七、 财务\\n营业收入  1,000.00  900.00\\n利润  10.00  9.00\"}\n", Start::WHOLE).unwrap();
        let t = tables(&doc)[0];
        assert_eq!(t.rows[0].at, Location { page: Some(7), line: 2 });
        let error = read_json_pages("{\"page\": 1, \"text\": \"a\"}\n{\"page\": 2, \"text\": \n", Start::WHOLE).unwrap_err();
        assert_eq!(error.at, Some(Location { page: None, line: 2 }));
        assert!(error.message.contains("不是有效的 JSON"), "{}", error.message);
    }

    #[test]
    fn markdown_pipe_tables() {
        let doc = read_markdown("单位：元\n\n| 项目 | 2023年 | 2022年 |\n| --- | ---: | ---: |\n| 营业收入 | 110.00 | 100.00 |\n", Start::WHOLE);
        let t = tables(&doc)[0];
        assert_eq!(t.header, ["项目", "2023年", "2022年"]);
        assert_eq!(t.rows[0].cells[1].value.number().unwrap().value.to_string(), "110.00");
        assert_eq!(t.unit, Some(crate::Unit::Yuan));
    }
}
