//! A report to a Word document a sponsor can sign and file: Word heading styles, real
//! tables whose columns are sized from header and content and whose header rows repeat on
//! every page, 宋体/黑体 with Times New Roman for Latin text, page numbers in the footer,
//! a page break where the Markdown has a rule (`---`), the signature page with a line for
//! each representative and room for the seal, and document properties (title, the
//! sponsor as author, the date made).

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, Header, LineSpacing, PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType, Table,
    TableBorders, TableCell, TableCellBorder, TableCellBorderPosition, TableRow, WidthType,
};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::html::markdown_options;
use crate::{RenderError, Report, Signature, Signers};

const BODY_FONT: &str = "宋体";
const HEADING_FONT: &str = "黑体";
const LATIN_FONT: &str = "Times New Roman";
/// Two characters of 12 pt, in twentieths of a point: the customary Chinese indent.
const FIRST_LINE_INDENT: i32 = 480;

/// Builds the Word file for `report`.
pub(crate) fn document(report: &Report) -> Result<Vec<u8>, RenderError> {
    let mut writer = Writer::default();
    for event in Parser::new_ext(&report.markdown, markdown_options()) {
        writer.event(event);
    }
    writer.close();
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("第 ").size(TABLE_HALF_POINTS))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" 页").size(TABLE_HALF_POINTS)),
    );
    let mut docx = Docx::new();
    if let Some(mark) = report.draft_mark() {
        let red = |text: &str| Run::new().add_text(text).size(TABLE_HALF_POINTS).color("B00000");
        docx = docx.header(Header::new().add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(red(&mark))));
    }
    docx = docx
        .default_fonts(RunFonts::new().east_asia(BODY_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT))
        .default_size(24)
        .default_line_spacing(LineSpacing::new().line(360).after(120))
        .add_style(heading_style(1, 32).align(AlignmentType::Center))
        .add_style(heading_style(2, 28))
        .add_style(heading_style(3, 24))
        .footer(footer);
    for block in writer.blocks.into_iter().chain(signature_page(&report.signature)) {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
        };
    }
    let mut bytes = Vec::new();
    docx.build().pack(Cursor::new(&mut bytes)).map_err(|e| RenderError::Docx(e.to_string()))?;
    finish_package(&bytes, report).map_err(|e| RenderError::Docx(e.to_string()))
}

/// The signature page: the statement on a new page, then for the representatives and each
/// further role the role and a borderless table with a line to sign above each name, then
/// the firm and the date, right-aligned, with room above for the seal.
fn signature_page(signature: &Signature) -> Vec<Block> {
    let plain = |text: &str| Paragraph::new().add_run(Run::new().add_text(text));
    let blank = || Block::Paragraph(Box::new(Paragraph::new()));
    let right = |text: &str| Block::Paragraph(Box::new(plain(text).align(AlignmentType::Right)));
    let mut page = vec![Block::Paragraph(Box::new(plain(&signature.statement).page_break_before(true)))];
    let representatives = Signers { role: signature.role.clone(), signers: signature.signers.clone() };
    for group in std::iter::once(&representatives).chain(&signature.others) {
        page.push(blank());
        page.push(Block::Paragraph(Box::new(plain(&format!("{}：", group.role)))));
        page.push(Block::Table(Box::new(signing_lines(&group.signers))));
    }
    page.extend([blank(), blank(), blank(), right(&signature.firm), blank(), right(&signature.date_line)]);
    page
}

/// A line to sign above each of `signers`' names, in a table without borders.
fn signing_lines(signers: &[String]) -> Table {
    let plain = |text: &str| Paragraph::new().add_run(Run::new().add_text(text));
    let line = TableCellBorder::new(TableCellBorderPosition::Bottom).border_type(BorderType::Single).size(6);
    // A line as long as each of two signers' (a quarter of the page), however many sign.
    let column = PAGE_TEXT_WIDTH / (2 * signers.len().max(2));
    let cells = |content: &dyn Fn(&str) -> TableCell| -> TableRow {
        TableRow::new(
            signers
                .iter()
                .flat_map(|name| [content(name), TableCell::new().clear_all_border().add_paragraph(Paragraph::new()).width(column, WidthType::Dxa)])
                .collect(),
        )
    };
    let lines = cells(&|_| TableCell::new().clear_all_border().set_border(line.clone()).add_paragraph(Paragraph::new()).width(column, WidthType::Dxa))
        .row_height(900.0);
    let names = cells(&|name| TableCell::new().clear_all_border().add_paragraph(plain(name).align(AlignmentType::Center)).width(column, WidthType::Dxa));
    let grid = vec![column; 2 * signers.len()];
    Table::new(vec![lines, names]).set_grid(grid).set_borders(TableBorders::with_empty()).width(column * 2 * signers.len(), WidthType::Dxa)
}

/// What docx-rs cannot say, said in the package it built: every table's first row
/// repeats as a header on each page (`w:tblHeader`), and the document properties name
/// the title, the sponsor as author and the date made (docx-rs writes `unknown` and
/// 1970-01-01).
fn finish_package(bytes: &[u8], report: &Report) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_owned();
        let replaced = match name.as_str() {
            "word/document.xml" => {
                let mut xml = String::new();
                entry.read_to_string(&mut xml)?;
                // A table's first row is its header (kept whole, or not, as any row).
                let kept =
                    xml.replace("</w:tblGrid><w:tr><w:trPr><w:cantSplit /></w:trPr>", "</w:tblGrid><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>");
                Some(kept.replace("</w:tblGrid><w:tr><w:trPr />", "</w:tblGrid><w:tr><w:trPr><w:tblHeader /></w:trPr>"))
            }
            "docProps/core.xml" => Some(core_properties(report)),
            _ => None,
        };
        match replaced {
            Some(text) => {
                out.start_file(name, options)?;
                out.write_all(text.as_bytes())?;
            }
            None => {
                drop(entry);
                out.raw_copy_file(archive.by_index_raw(i)?)?;
            }
        }
    }
    Ok(out.finish()?.into_inner())
}

fn core_properties(report: &Report) -> String {
    let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let made = format!("{}T00:00:00+08:00", dudao_model::Date::today_in_beijing());
    let (title, author) = (escape(&report.title), escape(&report.author));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>\
         <dc:language>zh-CN</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{made}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{made}</dcterms:modified>\
         <cp:revision>1</cp:revision></cp:coreProperties>"
    )
}

fn heading_style(level: usize, half_points: usize) -> Style {
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .bold()
        .size(half_points)
        .fonts(RunFonts::new().east_asia(HEADING_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT))
        .outline_lvl(level - 1)
}

enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The table being built: its column alignments, finished rows, the current row, and the
/// width of the header and of every body cell of each column (to share the page sensibly).
struct TableState {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<Paragraph>>,
    cells: Vec<Paragraph>,
    /// The longest cell of each finished row, and of the current one, in half-ems.
    row_units: Vec<usize>,
    longest_cell: usize,
    head_units: Vec<usize>,
    /// Each body cell's width in half-ems, and whether it holds words (CJK text) rather
    /// than a figure.
    body_units: Vec<Vec<(usize, bool)>>,
    cell_length: usize,
    cell_has_words: bool,
    in_head: bool,
    /// The current row has text that is not bold.
    row_plain: bool,
    /// Each finished row after the header is a sub-header (all its text bold: `| **主要会计数据**
    /// | **本报告期末** |`), which is kept with the row below it.
    sub_headers: Vec<bool>,
    /// The table's font size, in half-points.
    half_points: usize,
}

/// Text width of an A4 page with docx-rs's default margins (1701 left and right), in
/// twentieths of a point.
const PAGE_TEXT_WIDTH: usize = 8504;
/// Table text is 10.5 pt (五号), or 9 pt (小五) in a table of three or more figure
/// columns, as filings set their financial tables, so that figures fit beside their labels.
const TABLE_HALF_POINTS: usize = 21;
const FIGURE_TABLE_HALF_POINTS: usize = 18;
/// Left and right cell margins together, with a little slack.
const CELL_PADDING: usize = 260;

/// How many half-ems `text` takes: two for a CJK character, one for ASCII.
fn display_units(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// One column's measure: the least it may have and what it would take unwrapped, in
/// twips, and its weight in sharing what is left of the page.
struct Measure {
    least: usize,
    natural: usize,
    weight: usize,
}

impl TableState {
    fn new(alignments: Vec<Alignment>) -> TableState {
        let figure_columns = alignments.iter().filter(|a| **a == Alignment::Right).count();
        let half_points = if figure_columns >= 3 { FIGURE_TABLE_HALF_POINTS } else { TABLE_HALF_POINTS };
        TableState {
            half_points,
            alignments,
            rows: Vec::new(),
            cells: Vec::new(),
            row_units: Vec::new(),
            longest_cell: 0,
            head_units: Vec::new(),
            body_units: Vec::new(),
            cell_length: 0,
            cell_has_words: false,
            in_head: false,
            row_plain: false,
            sub_headers: Vec::new(),
        }
    }

    fn end_row(&mut self) {
        let plain = std::mem::take(&mut self.row_plain);
        self.sub_headers.push(!self.rows.is_empty() && !plain);
        self.rows.push(std::mem::take(&mut self.cells));
        self.row_units.push(std::mem::take(&mut self.longest_cell));
    }

    /// `units` half-ems of the table's font and the cell's margins, in twips.
    fn twips(&self, units: usize) -> usize {
        units * self.half_points * 5 + CELL_PADDING
    }

    /// A figure (right-aligned) column never wraps its figures (words in it, such as a
    /// sub-header row, are treated as a header); a header of up to four characters stays
    /// on one line and a longer one takes at most two; a text column
    /// keeps up to twelve characters a line where a cell is that long (a column of short
    /// answers with one long account is not squeezed to a few characters), and at least
    /// two. Text columns share what is left by their median cell, so one long account
    /// does not starve the column of standard wording (the work-item table's 工作内容 is
    /// the wider, as in filed reports).
    fn measure(&self, column: usize) -> Measure {
        let header_least = |units: usize| if units <= 8 { units } else { units.div_ceil(2) };
        let cells = self.body_units.get(column).map_or(&[][..], Vec::as_slice);
        let mut body: Vec<usize> = cells.iter().map(|(units, _)| *units).collect();
        body.sort_unstable();
        let longest = body.last().copied().unwrap_or(0);
        let median = body.get(body.len() / 2).copied().unwrap_or(0);
        let head = self.head_units.get(column).copied().unwrap_or(0);
        let figure = self.alignments.get(column) == Some(&Alignment::Right);
        let least = if figure {
            let words = cells.iter().filter(|(_, words)| *words).map(|(units, _)| header_least(*units));
            let figures = cells.iter().filter(|(_, words)| !*words).map(|(units, _)| *units);
            words.chain(figures).fold(header_least(head), usize::max)
        } else {
            header_least(head).max(longest.min(24)).max(4)
        };
        Measure { least: self.twips(least), natural: self.twips(longest.max(head)), weight: if figure { 0 } else { median.max(1) } }
    }

    fn widths(&self) -> Vec<usize> {
        let columns = self.head_units.len().max(self.body_units.len()).max(self.alignments.len());
        let measures: Vec<Measure> = (0..columns).map(|c| self.measure(c)).collect();
        let natural: usize = measures.iter().map(|m| m.natural).sum();
        let least: usize = measures.iter().map(|m| m.least).sum();
        let share = |amounts: &[usize], room: usize| -> Vec<usize> {
            let total = amounts.iter().sum::<usize>().max(1);
            amounts.iter().map(|a| room * a / total).collect()
        };
        if natural <= PAGE_TEXT_WIDTH {
            let spare = share(&measures.iter().map(|m| m.natural).collect::<Vec<_>>(), PAGE_TEXT_WIDTH - natural);
            return measures.iter().zip(spare).map(|(m, s)| m.natural + s).collect();
        }
        if least >= PAGE_TEXT_WIDTH {
            return share(&measures.iter().map(|m| m.least).collect::<Vec<_>>(), PAGE_TEXT_WIDTH);
        }
        // Each text column grows from its least by its weight, up to its natural width;
        // what a capped column does not need goes round again.
        let mut widths: Vec<usize> = measures.iter().map(|m| m.least).collect();
        let mut room = PAGE_TEXT_WIDTH - least;
        for _ in 0..columns {
            let open: Vec<usize> = (0..columns).filter(|&c| measures[c].weight > 0 && widths[c] < measures[c].natural).collect();
            if open.is_empty() || room == 0 {
                break;
            }
            let weights: Vec<usize> = open.iter().map(|&c| measures[c].weight).collect();
            let mut given = 0;
            for (&c, add) in open.iter().zip(share(&weights, room)) {
                let add = add.min(measures[c].natural - widths[c]);
                widths[c] += add;
                given += add;
            }
            room -= given;
            if given == 0 {
                break;
            }
        }
        let spare = share(&widths, room);
        widths.iter().zip(spare).map(|(w, s)| w + s).collect()
    }

    /// A row no longer than this (in half-ems of its longest cell) is kept on one page,
    /// so a label is never parted from its figures; a longer one (a long account of
    /// work) may break across pages.
    const KEPT_ROW_UNITS: usize = 200;

    fn finish(self) -> Table {
        let widths = self.widths();
        let rows = self
            .rows
            .into_iter()
            .zip(self.row_units)
            .zip(self.sub_headers)
            .map(|((cells, units), sub_header)| {
                let row = TableRow::new(
                    cells
                        .into_iter()
                        .enumerate()
                        // A sub-header never stands alone at a page's foot.
                        .map(|(i, p)| TableCell::new().add_paragraph(p.keep_next(sub_header)).width(widths.get(i).copied().unwrap_or(0), WidthType::Dxa))
                        .collect(),
                );
                if units <= Self::KEPT_ROW_UNITS { row.cant_split() } else { row }
            })
            .collect();
        Table::new(rows).set_grid(widths).width(PAGE_TEXT_WIDTH, WidthType::Dxa)
    }
}

#[derive(Default)]
struct Writer {
    blocks: Vec<Block>,
    paragraph: Option<Paragraph>,
    table: Option<TableState>,
    bold: bool,
    italic: bool,
    page_break_pending: bool,
    /// The open lists, innermost last: the next number of an ordered one, `None` for bullets.
    lists: Vec<Option<u64>>,
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                self.open(Paragraph::new().style(&format!("Heading{level}")));
            }
            Event::Start(Tag::Paragraph) if self.paragraph.is_none() => {
                let paragraph = if self.table.is_some() {
                    Paragraph::new()
                } else {
                    Paragraph::new().indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE_INDENT)), None, None)
                };
                self.open(paragraph);
            }
            Event::Start(Tag::List(first)) => self.lists.push(first),
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_owned(),
                };
                self.open(Paragraph::new().add_run(Run::new().add_text(marker)));
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => self.close(),
            Event::Start(Tag::Strong) => self.bold = true,
            Event::End(TagEnd::Strong) => self.bold = false,
            Event::Start(Tag::Emphasis) => self.italic = true,
            Event::End(TagEnd::Emphasis) => self.italic = false,
            Event::Start(Tag::Table(alignments)) => {
                self.close();
                // The line introducing a table (金额单位：人民币万元) stays on its page.
                if let Some(Block::Paragraph(paragraph)) = self.blocks.last_mut() {
                    let introduced = std::mem::take(paragraph.as_mut());
                    **paragraph = introduced.keep_next(true);
                }
                self.table = Some(TableState::new(alignments));
            }
            Event::Start(Tag::TableHead) => self.with_table(|t| t.in_head = true),
            Event::End(TagEnd::TableHead) => self.with_table(|t| {
                t.in_head = false;
                t.end_row();
            }),
            Event::End(TagEnd::TableRow) => self.with_table(TableState::end_row),
            Event::Start(Tag::TableCell) => {
                let column = self.table.as_ref().map_or(0, |t| t.cells.len());
                let paragraph = match self.table.as_ref().and_then(|t| t.alignments.get(column)) {
                    Some(Alignment::Right) => Paragraph::new().align(AlignmentType::Right),
                    Some(Alignment::Center) => Paragraph::new().align(AlignmentType::Center),
                    _ => Paragraph::new(),
                };
                self.paragraph = Some(paragraph);
            }
            Event::End(TagEnd::TableCell) => {
                let paragraph = self.paragraph.take().unwrap_or_default();
                self.with_table(|t| {
                    let column = t.cells.len();
                    let length = std::mem::take(&mut t.cell_length);
                    t.longest_cell = t.longest_cell.max(length);
                    let words = std::mem::take(&mut t.cell_has_words);
                    if t.in_head {
                        t.head_units.resize(t.head_units.len().max(column + 1), 0);
                        t.head_units[column] = length;
                    } else {
                        t.body_units.resize(t.body_units.len().max(column + 1), Vec::new());
                        t.body_units[column].push((length, words));
                    }
                    t.cells.push(paragraph);
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::Table(Box::new(t.finish())));
                }
            }
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::InlineHtml(html) if crate::templates::is_cell_break(&html) => {
                self.run(Run::new().add_break(BreakType::TextWrapping));
            }
            // HTML typed into a fact is its text.
            Event::Html(raw) | Event::InlineHtml(raw) => self.text(&raw),
            Event::HardBreak => self.run(Run::new().add_break(BreakType::TextWrapping)),
            Event::Rule => self.page_break_pending = true,
            _ => {}
        }
    }

    fn open(&mut self, paragraph: Paragraph) {
        self.close();
        let paragraph = if std::mem::take(&mut self.page_break_pending) { paragraph.page_break_before(true) } else { paragraph };
        self.paragraph = Some(paragraph);
    }

    fn close(&mut self) {
        if let Some(paragraph) = self.paragraph.take() {
            self.blocks.push(Block::Paragraph(Box::new(paragraph)));
        }
    }

    fn with_table(&mut self, f: impl FnOnce(&mut TableState)) {
        if let Some(table) = self.table.as_mut() {
            f(table);
        }
    }

    fn text(&mut self, text: &str) {
        let bold = self.bold;
        self.with_table(|t| {
            t.cell_length += display_units(text);
            t.cell_has_words |= !text.is_ascii();
            t.row_plain |= !bold && !text.trim().is_empty();
        });
        let in_head = self.table.as_ref().is_some_and(|t| t.in_head);
        for (piece, placeholder) in crate::gaps::placeholder_pieces(text) {
            let mut run = Run::new().add_text(piece);
            if let Some(table) = &self.table {
                run = run.size(table.half_points);
            }
            if self.bold || in_head {
                run = run.bold();
            }
            if self.italic {
                run = run.italic();
            }
            // A draft's gap is marked as a reviewer marks one: highlighted.
            if placeholder {
                run = run.highlight("yellow");
            }
            self.run(run);
        }
    }

    fn run(&mut self, run: Run) {
        if self.paragraph.is_none() {
            self.open(Paragraph::new());
        }
        self.paragraph = self.paragraph.take().map(|p| p.add_run(run));
    }
}
