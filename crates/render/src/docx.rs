//! Markdown to a Word document a banker can open and edit: Word heading styles, real
//! tables, an East-Asian font, and a page break where the Markdown has a rule (`---`).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType, Table,
    TableCell, TableRow, WidthType,
};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::RenderError;
use crate::html::markdown_options;

const BODY_FONT: &str = "宋体";
const HEADING_FONT: &str = "黑体";
const LATIN_FONT: &str = "Times New Roman";
/// Two characters of 12 pt, in twentieths of a point: the customary Chinese indent.
const FIRST_LINE_INDENT: i32 = 480;

/// Builds the Word file for `markdown`.
pub(crate) fn document(markdown: &str, title: &str) -> Result<Vec<u8>, RenderError> {
    let mut writer = Writer::default();
    for event in Parser::new_ext(markdown, markdown_options()) {
        writer.event(event);
    }
    let mut docx = Docx::new()
        .default_fonts(RunFonts::new().east_asia(BODY_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT))
        .default_size(24)
        .default_line_spacing(LineSpacing::new().line(360).after(120))
        .add_style(heading_style(1, 32).align(AlignmentType::Center))
        .add_style(heading_style(2, 28))
        .add_style(heading_style(3, 24))
        .add_doc_var("dudao-title", title);
    for block in writer.blocks {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
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
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The table being built: its column alignments, finished rows, the current row, and the
/// longest text seen in each column (to share the page width sensibly).
struct TableState {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<Paragraph>>,
    cells: Vec<Paragraph>,
    longest: Vec<usize>,
    cell_length: usize,
    in_head: bool,
}

/// Text width of an A4 page with docx-rs's default margins (1701 left and right), in
/// twentieths of a point.
const PAGE_TEXT_WIDTH: usize = 8504;
/// Table text is 10.5 pt (五号); half an em of it, in twentieths of a point.
const TABLE_TWIPS_PER_UNIT: usize = 105;
const TABLE_FONT_HALF_POINTS: usize = 21;
/// The widest a figure column needs: 17 digits and separators of 10.5 pt.
const MAX_FIGURE_WIDTH: usize = 2100;
/// Left and right cell margins together, with a little slack.
const CELL_PADDING: usize = 260;

/// How many half-ems `text` takes: two for a CJK character, one for ASCII.
fn display_units(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

impl TableState {
    fn new(alignments: Vec<Alignment>) -> TableState {
        TableState { alignments, rows: Vec::new(), cells: Vec::new(), longest: Vec::new(), cell_length: 0, in_head: false }
    }

    fn end_row(&mut self) {
        self.rows.push(std::mem::take(&mut self.cells));
    }

    /// Each column gets the width of its longest body text where the page allows; when
    /// it does not, right-aligned (figure) columns keep theirs and the text columns share
    /// the rest, so figures never wrap. Headers may wrap.
    fn finish(self) -> Table {
        let natural: Vec<usize> = self.longest.iter().map(|units| units * TABLE_TWIPS_PER_UNIT + CELL_PADDING).collect();
        let is_figure = |i: usize| self.alignments.get(i) == Some(&Alignment::Right);
        let widths: Vec<usize> = if natural.iter().sum::<usize>() <= PAGE_TEXT_WIDTH {
            let spare = PAGE_TEXT_WIDTH - natural.iter().sum::<usize>();
            let total = natural.iter().sum::<usize>().max(1);
            natural.iter().map(|w| w + spare * w / total).collect()
        } else {
            // Figures first, but leave the text columns a fifth of the page.
            let figure: Vec<usize> = (0..natural.len()).map(|i| if is_figure(i) { natural[i].min(MAX_FIGURE_WIDTH) } else { 0 }).collect();
            let figures_total: usize = figure.iter().sum();
            let figures_room = figures_total.min(PAGE_TEXT_WIDTH * 4 / 5);
            let text_total: usize =
                natural.iter().enumerate().filter(|(i, _)| !is_figure(*i)).map(|(_, w)| w).sum::<usize>().max(1);
            let room = PAGE_TEXT_WIDTH - figures_room;
            natural
                .iter()
                .enumerate()
                .map(|(i, w)| if is_figure(i) { figure[i] * figures_room / figures_total.max(1) } else { room * w / text_total })
                .collect()
        };
        let rows = self
            .rows
            .into_iter()
            .map(|cells| {
                TableRow::new(
                    cells
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| {
                            TableCell::new().add_paragraph(p).width(widths.get(i).copied().unwrap_or(0), WidthType::Dxa)
                        })
                        .collect(),
                )
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
            Event::Start(Tag::Item) => self.open(Paragraph::new().add_run(Run::new().add_text("• "))),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => self.close(),
            Event::Start(Tag::Strong) => self.bold = true,
            Event::End(TagEnd::Strong) => self.bold = false,
            Event::Start(Tag::Emphasis) => self.italic = true,
            Event::End(TagEnd::Emphasis) => self.italic = false,
            Event::Start(Tag::Table(alignments)) => self.table = Some(TableState::new(alignments)),
            Event::Start(Tag::TableHead) => self.with_table(|t| t.in_head = true),
            Event::End(TagEnd::TableHead) => self.with_table(|t| {
                t.in_head = false;
                t.end_row();
            }),
            Event::End(TagEnd::TableRow) => self.with_table(TableState::end_row),
            Event::Start(Tag::TableCell) => {
                let column = self.table.as_ref().map_or(0, |t| t.cells.len());
                let right = self.table.as_ref().and_then(|t| t.alignments.get(column)) == Some(&Alignment::Right);
                let paragraph = if right { Paragraph::new().align(AlignmentType::Right) } else { Paragraph::new() };
                self.paragraph = Some(paragraph);
            }
            Event::End(TagEnd::TableCell) => {
                let paragraph = self.paragraph.take().unwrap_or_default();
                self.with_table(|t| {
                    let column = t.cells.len();
                    if t.longest.len() <= column {
                        t.longest.resize(column + 1, 0);
                    }
                    let length = std::mem::take(&mut t.cell_length);
                    if !t.in_head {
                        t.longest[column] = t.longest[column].max(length);
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
            self.blocks.push(Block::Paragraph(Box::new(paragraph)));
        }
    }

    fn with_table(&mut self, f: impl FnOnce(&mut TableState)) {
        if let Some(table) = self.table.as_mut() {
            f(table);
        }
    }

    fn text(&mut self, text: &str) {
        self.with_table(|t| t.cell_length += display_units(text));
        let in_head = self.table.as_ref().is_some_and(|t| t.in_head);
        let mut run = Run::new().add_text(text);
        if self.table.is_some() {
            run = run.size(TABLE_FONT_HALF_POINTS);
        }
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
