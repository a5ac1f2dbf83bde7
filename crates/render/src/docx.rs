//! Markdown to a Word document a banker can open and edit: Word heading styles, real
//! tables, an East-Asian font, and a page break where the Markdown has a rule (`---`).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::RenderError;
use crate::html::markdown_options;

const BODY_FONT: &str = "宋体";
const HEADING_FONT: &str = "黑体";
const LATIN_FONT: &str = "Times New Roman";

/// Builds the Word file for `markdown`.
pub(crate) fn document(markdown: &str, title: &str) -> Result<Vec<u8>, RenderError> {
    let mut writer = Writer::default();
    for event in Parser::new_ext(markdown, markdown_options()) {
        writer.event(event);
    }
    let mut docx = Docx::new()
        .default_fonts(RunFonts::new().east_asia(BODY_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT))
        .default_size(24)
        .add_style(heading_style(1, 32).align(AlignmentType::Center))
        .add_style(heading_style(2, 28))
        .add_style(heading_style(3, 24))
        .add_doc_var("dudao-title", title);
    for block in writer.blocks {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(p),
            Block::Table(t) => docx.add_table(t),
        };
    }
    let mut bytes = Vec::new();
    docx.build().pack(Cursor::new(&mut bytes)).map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(bytes)
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
    Paragraph(Paragraph),
    Table(Table),
}

/// The table being built: its column alignments, finished rows, and the current row.
struct TableState {
    alignments: Vec<Alignment>,
    rows: Vec<TableRow>,
    cells: Vec<TableCell>,
    in_head: bool,
}

#[derive(Default)]
struct Writer {
    blocks: Vec<Block>,
    paragraph: Option<Paragraph>,
    table: Option<TableState>,
    bold: bool,
    italic: bool,
    page_break_pending: bool,
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
                let paragraph = if self.table.is_some() { Paragraph::new() } else { Paragraph::new().first_line_chars(200) };
                self.open(paragraph);
            }
            Event::Start(Tag::Item) => self.open(Paragraph::new().add_run(Run::new().add_text("• "))),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => self.close(),
            Event::Start(Tag::Strong) => self.bold = true,
            Event::End(TagEnd::Strong) => self.bold = false,
            Event::Start(Tag::Emphasis) => self.italic = true,
            Event::End(TagEnd::Emphasis) => self.italic = false,
            Event::Start(Tag::Table(alignments)) => {
                self.table = Some(TableState { alignments, rows: Vec::new(), cells: Vec::new(), in_head: false });
            }
            Event::Start(Tag::TableHead) => self.with_table(|t| t.in_head = true),
            Event::End(TagEnd::TableHead) => self.with_table(|t| {
                t.in_head = false;
                t.rows.push(TableRow::new(std::mem::take(&mut t.cells)));
            }),
            Event::End(TagEnd::TableRow) => self.with_table(|t| t.rows.push(TableRow::new(std::mem::take(&mut t.cells)))),
            Event::Start(Tag::TableCell) => {
                let column = self.table.as_ref().map_or(0, |t| t.cells.len());
                let right = self.table.as_ref().and_then(|t| t.alignments.get(column)) == Some(&Alignment::Right);
                let paragraph = if right { Paragraph::new().align(AlignmentType::Right) } else { Paragraph::new() };
                self.paragraph = Some(paragraph);
            }
            Event::End(TagEnd::TableCell) => {
                let paragraph = self.paragraph.take().unwrap_or_default();
                self.with_table(|t| {
                    let cell = TableCell::new().add_paragraph(paragraph);
                    t.cells.push(cell);
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::Table(Table::new(t.rows).width(5000, WidthType::Pct)));
                }
            }
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::InlineHtml(html) if html.trim().eq_ignore_ascii_case("<br>") => {
                self.run(Run::new().add_break(BreakType::TextWrapping));
            }
            Event::HardBreak => self.run(Run::new().add_break(BreakType::TextWrapping)),
            Event::Rule => self.page_break_pending = true,
            _ => {}
        }
    }

    fn open(&mut self, paragraph: Paragraph) {
        self.close();
        let paragraph =
            if std::mem::take(&mut self.page_break_pending) { paragraph.page_break_before(true) } else { paragraph };
        self.paragraph = Some(paragraph);
    }

    fn close(&mut self) {
        if let Some(paragraph) = self.paragraph.take() {
            self.blocks.push(Block::Paragraph(paragraph));
        }
    }

    fn with_table(&mut self, f: impl FnOnce(&mut TableState)) {
        if let Some(table) = self.table.as_mut() {
            f(table);
        }
    }

    fn text(&mut self, text: &str) {
        let in_head = self.table.as_ref().is_some_and(|t| t.in_head);
        let mut run = Run::new().add_text(text);
        if self.bold || in_head {
            run = run.bold();
        }
        if self.italic {
            run = run.italic();
        }
        self.run(run);
    }

    fn run(&mut self, run: Run) {
        if self.paragraph.is_none() {
            self.open(Paragraph::new());
        }
        self.paragraph = self.paragraph.take().map(|p| p.add_run(run));
    }
}
