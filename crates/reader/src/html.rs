//! HTML disclosures, such as the annual reports cninfo serves as HTML: `<h>` and `<p>`
//! elements one per paragraph or heading, `<br/>` between them, and `<table border="1">`
//! with `rowspan`/`colspan`.
//!
//! The markup is parsed by `tl`, then walked in document order by our own iterative
//! walks: `tl`'s `inner_text` and friends recurse once per nesting level, which a file of
//! a hundred thousand unclosed tags would turn into a stack overflow. `tl` closes an
//! element only on its exact end tag, so an unclosed `<td>` holds the cells after it as
//! children; the table walk therefore reads cells as a flat sequence of `<tr>`/`<td>`
//! events, which gives the same rows for well-formed and broken markup. For the same
//! reason `tl` names `<br/>` `br/` and never closes it, so a cninfo file is a few thousand
//! levels deep; and an unclosed element inside a table would make the rest of the file
//! part of the table, so a table is cut at its `</table>` as found in the source.
//! A `<script>`, `<style>` or `<title>` is skipped up to its end tag in the source too.
//! Before parsing, a `<` that cannot open a tag (`COD<500mg/L` in a cninfo cell) is
//! escaped, as a browser reads it: `tl` would take it for an element that never closes.
//!
//! Tables become a dense grid (a spanning cell repeated, `covered`, in every position it
//! covers); a table split at a page break (cninfo writes two tables) is joined again. The leading rows without figures are the header; a later row of years without
//! figures (`2019年末 2018年末 …` after the income rows) starts a new table, as the
//! annual report's layout means it.

use crate::grid::{Budget, MAX_CELLS, RawCell, RawRow, join_continued_tables, tables_of_rows};
use crate::layout::is_cjk;
use crate::model::{Block, Document, Heading, Location, Paragraph, Unit};
use crate::value::{heading_of, unit_statement};
use std::borrow::Cow;
use tl::{HTMLTag, Node, NodeHandle, Parser};

/// A `rowspan` larger than this is read as this: no disclosure table is taller, and an
/// absurd span must not allocate.
const MAX_ROW_SPAN: usize = 1_000;
/// A `colspan` larger than this is read as this.
const MAX_COL_SPAN: usize = 100;

/// Reads an HTML disclosure: headings, paragraphs and tables in document order.
pub fn read_html(input: &str) -> Document {
    let input = &*escape_stray_angles(input);
    let Ok(dom) = tl::parse(input, tl::ParserOptions::default()) else {
        return Document::default();
    };
    let mut reader = Reader {
        parser: dom.parser(),
        source: Source::new(input),
        blocks: Vec::new(),
        text: TextBuilder::default(),
        headings: Vec::new(),
        unit: None,
        budget: Budget { copies: input.len().max(1 << 20), positions: MAX_CELLS + input.len() / 4 },
        table_ends: None,
        closers: Vec::new(),
        resume_at: 0,
    };
    reader.walk(dom.children());
    reader.flush();
    Document { blocks: join_continued_tables(reader.blocks), pages: 0 }
}

/// `input` with each `<` that cannot start a tag (not followed by a letter, `/` or `!`)
/// written `&lt;`, and each processing instruction (`<?xml …?>`) blanked; newlines are
/// kept, so every line number is the input's.
fn escape_stray_angles(input: &str) -> Cow<'_, str> {
    let bytes = input.as_bytes();
    let opens_tag = |at: usize| bytes.get(at + 1).is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!'));
    let mut angles = input.match_indices('<').map(|(at, _)| at).filter(|at| !opens_tag(*at)).peekable();
    if angles.peek().is_none() {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len() + 64);
    let mut copied = 0;
    for at in angles {
        if at < copied {
            continue;
        }
        out.push_str(&input[copied..at]);
        if bytes.get(at + 1) == Some(&b'?') {
            let end = input[at..].find('>').map_or(input.len(), |i| at + i + 1);
            out.extend(input[at..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
            copied = end;
        } else {
            out.push_str("&lt;");
            copied = at + 1;
        }
    }
    out.push_str(&input[copied..]);
    Cow::Owned(out)
}

/// Where each `<table` of the source ends: `(offset of <table, offset of its </table)`,
/// by counting nesting in the source text; a table never closed ends with the input.
fn table_ends(input: &str) -> Vec<(usize, usize)> {
    let bytes = input.as_bytes();
    let named = |at: usize| {
        bytes.get(at..at + 5).is_some_and(|name| name.eq_ignore_ascii_case(b"table"))
            && bytes.get(at + 5).is_none_or(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')))
    };
    let mut ends = Vec::new();
    let mut open = Vec::new();
    for (at, _) in input.match_indices('<') {
        if named(at + 1) {
            open.push(ends.len());
            ends.push((at, input.len()));
        } else if bytes.get(at + 1) == Some(&b'/')
            && named(at + 2)
            && let Some(index) = open.pop()
        {
            ends[index].1 = at;
        }
    }
    ends
}

/// The input, to turn the byte slices `tl` hands out into offsets and lines.
struct Source<'a> {
    input: &'a str,
    /// Byte offset at which each line starts (saturated at `u32::MAX`, which keeps the
    /// list sorted and half the size of `usize` offsets).
    line_starts: Vec<u32>,
}

impl<'a> Source<'a> {
    fn new(input: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(input.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)));
        Source { input, line_starts }
    }

    /// Where `bytes` (a slice of the input) starts in the input.
    fn offset_of(&self, bytes: &[u8]) -> Option<usize> {
        let offset = (bytes.as_ptr() as usize).checked_sub(self.input.as_ptr() as usize)?;
        (offset.checked_add(bytes.len())? <= self.input.len()).then_some(offset)
    }

    /// The 1-based line of byte `offset`.
    fn line_at(&self, offset: usize) -> u32 {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        u32::try_from(self.line_starts.partition_point(|start| *start <= offset)).unwrap_or(u32::MAX)
    }

    /// The line of a tag's `<`.
    fn line_of_tag(&self, tag: &HTMLTag<'_>) -> u32 {
        self.offset_of(tag.raw().as_bytes()).map_or(1, |offset| self.line_at(offset))
    }

    /// Where a node starts in the input (`None` for a node `tl` made up, never seen).
    fn offset_of_node(&self, node: &Node<'_>) -> Option<usize> {
        match node {
            Node::Tag(tag) => self.offset_of(tag.raw().as_bytes()),
            Node::Raw(bytes) | Node::Comment(bytes) => self.offset_of(bytes.as_bytes()),
        }
    }

    /// A text node's text (borrowed from the input) and its first line.
    fn text_of<'b>(&'b self, bytes: &'b tl::Bytes<'_>) -> (Cow<'b, str>, u32) {
        let raw = bytes.as_bytes();
        match self.offset_of(raw).and_then(|offset| Some((self.input.get(offset..offset + raw.len())?, offset))) {
            Some((text, offset)) => (text.into(), self.line_at(offset)),
            None => (String::from_utf8_lossy(raw), 1),
        }
    }
}

/// What an element means to the walk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not content: `script`, `style`, `title`.
    Skip,
    /// `<br>`: a line break within a paragraph.
    Break,
    /// `<table>`.
    Table,
    /// `<tr>`.
    TableRow,
    /// `<td>`, `<th>`.
    TableCell,
    /// An element that starts a block of its own; `Some(n)` for `<hn>`.
    Block(Option<u8>),
    /// Anything else: its text runs on with the text around it.
    Inline,
}

fn kind_of(tag: &HTMLTag<'_>) -> Kind {
    // `tl` reads `<br/>` as an element named `br/`.
    let name = tag.name().as_bytes();
    let name = name.strip_suffix(b"/").unwrap_or(name);
    let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
    if let [h, digit @ b'1'..=b'6'] = name
        && h.eq_ignore_ascii_case(&b'h')
    {
        return Kind::Block(Some(digit - b'0'));
    }
    if ["script", "style", "title", "template"].into_iter().any(is) {
        Kind::Skip
    } else if is("br") {
        Kind::Break
    } else if is("table") {
        Kind::Table
    } else if is("tr") {
        Kind::TableRow
    } else if is("td") || is("th") {
        Kind::TableCell
    } else if [
        // `h` is cninfo's own element for a paragraph or a heading.
        "h",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "body",
        "html",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "blockquote",
        "pre",
        "center",
        "form",
        "fieldset",
        "address",
        "figure",
        "figcaption",
        "caption",
        "hr",
        "thead",
        "tbody",
        "tfoot",
    ]
    .into_iter()
    .any(is)
    {
        Kind::Block(None)
    } else {
        Kind::Inline
    }
}

/// Text as it is read: entities decoded, whitespace collapsed, the space between Chinese
/// and a figure dropped, and the source line of each stretch kept.
#[derive(Default)]
struct TextBuilder {
    text: String,
    lines: Vec<(usize, Location)>,
    /// The whitespace seen since the last character.
    space: Gap,
    /// The line of the last character (0 before the first).
    line: u32,
    /// A bare line break is a wrap, joined without a space: cninfo's converter wraps
    /// cells at a fixed width, mid-word and mid-figure (`30,000,000.0⏎0`).
    join_wraps: bool,
}

/// Whitespace between two characters.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Gap {
    #[default]
    None,
    /// Line breaks only.
    Wrap,
    /// A space, a tab, `&nbsp;`, `<br>`, a cell boundary.
    Space,
}

impl TextBuilder {
    /// A builder for a table cell's text.
    fn for_cell() -> Self {
        TextBuilder { join_wraps: true, ..TextBuilder::default() }
    }

    /// Appends `raw` (markup text, entities not decoded) that starts on `line`.
    fn push(&mut self, raw: &str, mut line: u32) {
        let mut rest = raw;
        while let Some(c) = rest.chars().next() {
            let (decoded, length) = if c == '&' { decode_entity(rest).unwrap_or(('&', 1)) } else { (c, c.len_utf8()) };
            rest = &rest[length..];
            if c == '\n' {
                line = line.saturating_add(1);
            }
            self.push_char(decoded, line);
        }
    }

    fn push_char(&mut self, c: char, line: u32) {
        if c.is_whitespace() {
            self.space = match (c, self.space) {
                ('\n' | '\r', Gap::None) => Gap::Wrap,
                ('\n' | '\r', gap) => gap,
                _ => Gap::Space,
            };
            return;
        }
        if matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}') {
            return;
        }
        let gap = std::mem::take(&mut self.space);
        if (gap == Gap::Space || gap == Gap::Wrap && !self.join_wraps)
            && let Some(last) = self.text.chars().next_back()
            && !is_cjk(last)
            && !is_cjk(c)
        {
            self.text.push(' ');
        }
        if line != self.line || self.lines.is_empty() {
            self.lines.push((self.text.len(), Location { page: None, line }));
            self.line = line;
        }
        self.text.push(c);
    }

    /// A line break or a cell boundary: a space where one is kept.
    fn soft_break(&mut self) {
        self.space = Gap::Space;
    }

    fn take(&mut self) -> Paragraph {
        let taken = std::mem::replace(self, TextBuilder { join_wraps: self.join_wraps, ..TextBuilder::default() });
        Paragraph { text: taken.text, lines: taken.lines }
    }
}

/// The character an entity at the start of `s` stands for, and the entity's length.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    // The longest entity decoded is `&#x10FFFF;` (10 bytes); `;` is ASCII, so `end` is a
    // character boundary.
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..end];
    let c = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        char::from_u32(code).filter(|c| *c != '\0').unwrap_or('\u{FFFD}')
    } else {
        match name {
            "nbsp" | "NBSP" => '\u{A0}',
            "amp" | "AMP" => '&',
            "lt" | "LT" => '<',
            "gt" | "GT" => '>',
            "quot" | "QUOT" => '"',
            "apos" => '\'',
            "ensp" => '\u{2002}',
            "emsp" => '\u{2003}',
            "thinsp" => '\u{2009}',
            "middot" => '·',
            "mdash" => '—',
            "ndash" => '–',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "hellip" => '…',
            "yen" => '¥',
            "times" => '×',
            "divide" => '÷',
            "plusmn" => '±',
            "permil" => '‰',
            "deg" => '°',
            "bull" => '•',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// The document walk's state.
struct Reader<'p, 'a> {
    parser: &'p Parser<'a>,
    source: Source<'a>,
    blocks: Vec<Block>,
    /// The text of the block being read.
    text: TextBuilder,
    /// The open block elements, innermost last: `Some(n)` for `<hn>`.
    headings: Vec<Option<u8>>,
    /// The unit a statement (`单位：元`) gave for the next table.
    unit: Option<Unit>,
    /// What the tables' grids may still take.
    budget: Budget,
    /// Where the tables of the source end, found when a table first needs it.
    table_ends: Option<Vec<(usize, usize)>>,
    /// For skipped elements by name: the offset a search for `</name` started from and
    /// where the end tag it found ends, so each search goes on where the last one stopped.
    closers: Vec<(Vec<u8>, usize, Option<usize>)>,
    /// Nodes before this offset were read as part of a table: `tl` may hold what follows
    /// a table inside it, so the walk goes on into the table but skips them.
    resume_at: usize,
}

/// The children of a node being walked: the document's top nodes or an element's.
#[derive(Clone, Copy)]
enum Children<'p, 'a> {
    Top(&'p [NodeHandle]),
    // The element itself: `tl` lends its children only for as long as a temporary.
    Of(&'p HTMLTag<'a>),
}

impl Children<'_, '_> {
    fn get(self, index: usize) -> Option<NodeHandle> {
        match self {
            Children::Top(handles) => handles.get(index).copied(),
            Children::Of(tag) => tag.children().top().get(index).copied(),
        }
    }
}

/// A node whose children are being walked.
struct Frame<'p, 'a> {
    children: Children<'p, 'a>,
    next: usize,
    /// The element is a block: its text is flushed when it ends.
    block: bool,
}

impl<'p, 'a> Reader<'p, 'a> {
    fn walk(&mut self, top: &'p [NodeHandle]) {
        let parser = self.parser;
        let mut stack = vec![Frame { children: Children::Top(top), next: 0, block: false }];
        while let Some(frame) = stack.last_mut() {
            let Some(handle) = frame.children.get(frame.next) else {
                if stack.pop().is_some_and(|f| f.block) {
                    self.flush();
                    self.headings.pop();
                }
                continue;
            };
            frame.next += 1;
            let node = handle.get(parser);
            if let Some(node) = node
                && self.source.offset_of_node(node).is_some_and(|at| at < self.resume_at)
            {
                if let Node::Tag(tag) = node {
                    stack.push(Frame { children: Children::Of(tag), next: 0, block: false });
                }
                continue;
            }
            match node {
                Some(Node::Raw(bytes)) => {
                    let (text, line) = self.source.text_of(bytes);
                    self.text.push(&text, line);
                }
                Some(Node::Tag(tag)) => match kind_of(tag) {
                    // Script text may hold `<` that `tl` takes for elements never closed,
                    // putting what follows inside the script: skip by the source instead.
                    Kind::Skip => {
                        self.resume_at = self.resume_at.max(self.skipped_end(tag));
                        stack.push(Frame { children: Children::Of(tag), next: 0, block: false });
                    }
                    // `tl` holds all that follows an unclosed `<br/>` inside it.
                    Kind::Break => {
                        self.text.soft_break();
                        stack.push(Frame { children: Children::Of(tag), next: 0, block: false });
                    }
                    Kind::Table => {
                        self.flush();
                        self.resume_at = self.resume_at.max(self.table(tag));
                        stack.push(Frame { children: Children::Of(tag), next: 0, block: false });
                    }
                    // A block; a table part outside a table is read as one, so its text is kept.
                    kind @ (Kind::Block(_) | Kind::TableRow | Kind::TableCell) => {
                        self.flush();
                        self.headings.push(if let Kind::Block(heading) = kind { heading } else { None });
                        stack.push(Frame { children: Children::Of(tag), next: 0, block: true });
                    }
                    Kind::Inline => stack.push(Frame { children: Children::Of(tag), next: 0, block: false }),
                },
                Some(Node::Comment(_)) | None => {}
            }
        }
    }

    /// Ends the block being read: a heading if it reads as one or is an `<hn>`, else a
    /// paragraph; a unit statement also sets the unit of the next table.
    fn flush(&mut self) {
        let paragraph = self.text.take();
        let Some(&(_, at)) = paragraph.lines.first() else {
            return;
        };
        if let Some(unit) = unit_statement(&paragraph.text) {
            self.unit = Some(unit);
        }
        let tag_level = self.headings.last().copied().flatten();
        let block = if let Some(heading) = heading_of(&paragraph.text, at) {
            Block::Heading(heading)
        } else if let Some(level) = tag_level {
            Block::Heading(Heading { numbering: None, title: paragraph.text, level: level.min(4), at })
        } else {
            Block::Paragraph(paragraph)
        };
        self.blocks.push(block);
    }

    /// Reads a table; returns the offset where it ends.
    fn table(&mut self, tag: &'p HTMLTag<'a>) -> usize {
        let unit = self.unit.take();
        let end = self.table_end(tag);
        let raw = read_cells(self.parser, &self.source, tag, end);
        self.blocks.extend(tables_of_rows(raw, unit, &mut self.budget).into_iter().map(Block::Table));
        end
    }

    /// Where a skipped element ends: after its end tag if `tl` matched one, else after the
    /// next `</name` in the source, else (never closed) after its start tag, so that its
    /// content is read rather than the rest of the file lost.
    fn skipped_end(&mut self, tag: &HTMLTag<'_>) -> usize {
        let raw = tag.raw().as_bytes();
        let Some(start) = self.source.offset_of(raw) else {
            return 0;
        };
        let name = tag.name().as_bytes().to_ascii_lowercase();
        let end_tag = [b"</", name.as_slice(), b">"].concat();
        if raw.len() > end_tag.len() && raw[raw.len() - end_tag.len()..].eq_ignore_ascii_case(&end_tag) {
            return start + raw.len();
        }
        let input = self.source.input;
        let index = match self.closers.iter().position(|(n, ..)| *n == name) {
            Some(index) => index,
            None => {
                self.closers.push((name.clone(), usize::MAX, None));
                self.closers.len() - 1
            }
        };
        let (_, from, found) = &mut self.closers[index];
        // An earlier search from at or before `start` stands if it found nothing or found
        // an end tag after `start`.
        if !(*from <= start && found.is_none_or(|at| at > start)) {
            *from = start;
            *found = input[start..]
                .match_indices("</")
                .map(|(at, _)| start + at)
                .find(|at| input.as_bytes().get(at + 2..at + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(&name)))
                .map(|at| input[at..].find('>').map_or(input.len(), |gt| at + gt + 1));
        }
        found.unwrap_or(start + raw.len())
    }

    /// Where a table ends: at its end tag if `tl` matched one, else at the `</table>` the
    /// source's nesting gives.
    fn table_end(&mut self, tag: &HTMLTag<'_>) -> usize {
        let raw = tag.raw().as_bytes();
        let Some(start) = self.source.offset_of(raw) else {
            return self.source.input.len();
        };
        const END: &[u8] = b"</table>";
        if raw.len() > END.len() && raw[raw.len() - END.len()..].eq_ignore_ascii_case(END) {
            return start + raw.len() - END.len();
        }
        let ends = self.table_ends.get_or_insert_with(|| table_ends(self.source.input));
        ends.binary_search_by_key(&start, |(at, _)| *at).map_or(self.source.input.len(), |i| ends[i].1)
    }
}

/// A node of the table being walked.
struct TableFrame<'p, 'a> {
    children: Children<'p, 'a>,
    next: usize,
    /// Ending this node ends a nested table (read as text of the cell around it).
    nested_table: bool,
    /// Ending this node ends the cell with this number, if still open.
    cell: Option<usize>,
}

/// The rows and cells of a table in document order, whether or not its tags are closed.
fn read_cells<'p>(parser: &'p Parser<'_>, source: &Source<'_>, table: &'p HTMLTag<'_>, end: usize) -> Vec<RawRow> {
    let mut rows: Vec<RawRow> = Vec::new();
    // The open cell: its number, text, location and spans.
    let mut open: Option<(usize, TextBuilder, Location, usize, usize)> = None;
    let mut cells_seen = 0usize;
    let mut nested = 0usize;
    let close = |open: &mut Option<(usize, TextBuilder, Location, usize, usize)>, rows: &mut Vec<RawRow>| {
        if let Some((_, mut text, at, span_rows, span_columns)) = open.take()
            && let Some(row) = rows.last_mut()
        {
            let taken = text.take();
            let lines = taken.lines.into_iter().filter(|(offset, _)| *offset > 0).collect();
            row.cells.push(RawCell { text: taken.text, lines, at, rows: span_rows, columns: span_columns });
        }
    };
    let mut stack = vec![TableFrame { children: Children::Of(table), next: 0, nested_table: false, cell: None }];
    while let Some(frame) = stack.last_mut() {
        let Some(handle) = frame.children.get(frame.next) else {
            if let Some(ended) = stack.pop() {
                if ended.nested_table {
                    nested = nested.saturating_sub(1);
                }
                if ended.cell.is_some() && open.as_ref().map(|o| o.0) == ended.cell {
                    close(&mut open, &mut rows);
                }
            }
            continue;
        };
        frame.next += 1;
        let node = handle.get(parser);
        // Nodes come in source order: from the table's end on, none is the table's.
        if node.and_then(|n| source.offset_of_node(n)).is_some_and(|at| at >= end) {
            break;
        }
        let tag = match node {
            Some(Node::Raw(bytes)) => {
                if let Some((_, text, ..)) = open.as_mut() {
                    let (raw, line) = source.text_of(bytes);
                    text.push(&raw, line);
                }
                continue;
            }
            Some(Node::Tag(tag)) => tag,
            Some(Node::Comment(_)) | None => continue,
        };
        let mut next = TableFrame { children: Children::Of(tag), next: 0, nested_table: false, cell: None };
        let kind = kind_of(tag);
        match kind {
            Kind::Skip => continue,
            Kind::Break => {
                if let Some((_, text, ..)) = open.as_mut() {
                    text.soft_break();
                }
            }
            // A table inside a cell is read as the cell's text: its rows and cells only
            // separate words.
            _ if nested > 0 || (kind == Kind::Table && open.is_some()) => {
                if kind == Kind::Table {
                    nested += 1;
                    next.nested_table = true;
                }
                if let (Some((_, text, ..)), Kind::Table | Kind::TableRow | Kind::TableCell | Kind::Block(_)) = (open.as_mut(), kind) {
                    text.soft_break();
                }
            }
            Kind::TableRow => {
                close(&mut open, &mut rows);
                rows.push(RawRow { cells: Vec::new(), line: source.line_of_tag(tag) });
            }
            Kind::TableCell => {
                close(&mut open, &mut rows);
                let line = source.line_of_tag(tag);
                if rows.is_empty() {
                    rows.push(RawRow { cells: Vec::new(), line });
                }
                cells_seen += 1;
                let at = Location { page: None, line };
                open = Some((cells_seen, TextBuilder::for_cell(), at, span(tag, "rowspan", MAX_ROW_SPAN), span(tag, "colspan", MAX_COL_SPAN)));
                next.cell = Some(cells_seen);
            }
            // Paragraphs within a cell are its lines.
            Kind::Block(_) => {
                if let Some((_, text, ..)) = open.as_mut() {
                    text.soft_break();
                }
            }
            // A table directly in a table (no cell around it): its rows are the outer
            // table's, as a browser would show them.
            Kind::Table | Kind::Inline => {}
        }
        stack.push(next);
    }
    close(&mut open, &mut rows);
    rows
}

/// A `rowspan`/`colspan` attribute: 1 when absent, unreadable or 0 (which HTML reads as
/// "to the end", a reach no disclosure uses), at most `max`.
fn span(tag: &HTMLTag<'_>, name: &str, max: usize) -> usize {
    let Some(value) = tag.attributes().iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).and_then(|(_, value)| value) else {
        return 1;
    };
    let digits = value.trim();
    let digits = &digits[..digits.bytes().take_while(u8::is_ascii_digit).count()];
    // More digits than fit are an absurd span: the maximum.
    let n = if digits.is_empty() { 1 } else { digits.parse::<usize>().unwrap_or(max) };
    n.clamp(1, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Row, Table, Value};

    fn tables(doc: &Document) -> Vec<&Table> {
        doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    fn number(cell: &Cell) -> String {
        cell.value.number().map(|n| n.value.to_string()).unwrap_or_default()
    }

    #[test]
    fn a_table_split_at_a_page_break_is_one_table() {
        let html = "<table><tr><td>项目</td><td>名称</td><td>金额</td></tr>\
            <tr><td>甲</td><td>血管栓</td><td>1.00</td></tr></table>\
            <table><tr><td></td><td>塞</td><td></td></tr><tr><td>乙</td><td>支架</td><td>2.00</td></tr>\
            <tr><td>合计</td><td></td><td>3.00</td></tr></table>";
        let doc = read_html(html);
        let found = tables(&doc);
        assert_eq!(found.len(), 1, "{found:#?}");
        let labels: Vec<&str> = found[0].rows.iter().map(Row::label).collect();
        assert_eq!(labels, ["甲", "乙", "合计"]);
        assert_eq!(found[0].rows[0].cells[1].text, "血管栓塞");
    }

    #[test]
    fn spans_make_a_dense_grid_and_a_joined_header() {
        let html = "<h>六、主要会计数据</h>\n<table>\n<tr><td rowspan=\"2\">项目</td><td colspan=\"2\">2019 年</td><td rowspan=2>增减</td></tr>\n\
                    <tr><td>金额</td><td>占比</td></tr>\n<tr><td>营业收入（元）</td><td>1,259.68</td><td>10.07%</td><td>-3.57</td></tr>\n\
                    <tr><td rowspan=\"2\">其中&nbsp;:</td><td>(26,701)</td><td>不适用</td><td>—</td></tr>\n<tr><td>5</td><td colspan=2>6</td></tr>\n</table>";
        let doc = read_html(html);
        let Block::Heading(h) = &doc.blocks[0] else { panic!("{:?}", doc.blocks) };
        assert_eq!((h.numbering.as_deref(), h.title.as_str(), h.at.line), (Some("六、"), "主要会计数据", 1));
        let t = tables(&doc);
        assert_eq!(t.len(), 1);
        let t = t[0];
        assert_eq!(t.header, ["项目", "2019年金额", "2019年占比", "增减"]);
        assert_eq!(t.at, Location { page: None, line: 3 });
        assert_eq!(t.rows.len(), 3);
        let labels: Vec<&str> = t.rows.iter().map(Row::label).collect();
        assert_eq!(labels, ["营业收入（元）", "其中:", "其中:"]);
        let first = &t.rows[0];
        assert_eq!((number(&first.cells[1]), first.cells[1].value.number().unwrap().scale), ("1259.68".into(), 2));
        assert!(first.cells[2].value.number().unwrap().percent);
        assert_eq!(number(&first.cells[3]), "-3.57");
        assert_eq!(first.at.line, 5);
        let second = &t.rows[1];
        assert_eq!(number(&second.cells[1]), "-26701");
        assert_eq!(second.cells[2].value, Value::NotApplicable);
        assert_eq!(second.cells[3].value, Value::Dash);
        assert_eq!(second.cells[0].span, (2, 1));
        let third = &t.rows[2];
        assert!(third.cells[0].covered && third.cells[0].text == "其中:" && third.cells[0].at.line == 6);
        assert!(!third.cells[1].covered && number(&third.cells[1]) == "5");
        assert!(!third.cells[2].covered && third.cells[2].span == (1, 2));
        assert!(third.cells[3].covered && number(&third.cells[3]) == "6");
        assert!(t.rows.iter().all(|r| r.cells.len() == 4));
    }

    #[test]
    fn a_row_of_years_mid_table_starts_a_new_table() {
        let html = "<table border=\"1\"><tr>\n<td> </td><td>2019 年</td><td>2018 年</td><td>本年比上年增减</td></tr>\n\
                    <tr><td>营业收入（元）</td><td>2,941,412,770.30</td><td>2,718,608,796.51</td><td>8.20%</td></tr>\n\
                    <tr><td> </td><td>2019 年末</td><td>2018 年末</td><td>本年末比上年末增减</td></tr>\n\
                    <tr><td>总资产（元）</td><td>6,747,198,664.47</td><td>7,035,373,344.57</td><td>-4.10%</td></tr>\n</table>";
        let doc = read_html(html);
        let t = tables(&doc);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].header, ["", "2019年", "2018年", "本年比上年增减"]);
        assert_eq!(t[0].rows.len(), 1);
        assert_eq!(t[0].rows[0].label(), "营业收入（元）");
        assert_eq!(t[1].header, ["", "2019年末", "2018年末", "本年末比上年末增减"]);
        assert_eq!(t[1].rows[0].label(), "总资产（元）");
        assert_eq!(number(&t[1].rows[0].cells[2]), "7035373344.57");
        assert_eq!((t[0].at.line, t[1].at.line), (2, 4));
    }

    #[test]
    fn a_unit_statement_applies_to_the_next_table_only() {
        let html = "<p>单位：元</p><br/><table><tr><td>项目</td><td>本期</td></tr><tr><td>收入</td><td>1.00</td></tr></table>\
                    <p>说明&amp;注释&lt;1&gt; &#21512;&#x8BA1; A&nbsp;&nbsp;B</p><table><tr><td>项目</td><td>本期</td></tr><tr><td>收入</td><td>1.00</td></tr></table>";
        let doc = read_html(html);
        let Block::Paragraph(p) = &doc.blocks[0] else { panic!() };
        assert_eq!(p.text, "单位：元");
        let t = tables(&doc);
        assert_eq!((t[0].unit, t[1].unit), (Some(Unit::Yuan), None));
        let Block::Paragraph(p) = &doc.blocks[2] else { panic!() };
        assert_eq!(p.text, "说明&注释<1>合计A B");
    }

    #[test]
    fn paragraphs_breaks_and_lines() {
        let html = "<body>前言\n<div>第一行<br>second line<span> 2019 </span>年\n续</div><p>（一） 概述</p><h2>Summary</h2></body>";
        let doc = read_html(html);
        let texts: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.clone(),
                Block::Heading(h) => format!("#{}{}", h.level, h.title),
                Block::Table(_) => "table".into(),
            })
            .collect();
        assert_eq!(texts, ["前言", "第一行second line 2019年续", "#3概述", "#2Summary"]);
        let Block::Paragraph(p) = &doc.blocks[1] else { panic!() };
        assert_eq!(p.location_at(0).line, 2);
        assert_eq!(p.location_at(p.text.find('续').unwrap()).line, 3);
    }

    #[test]
    fn garbage_does_not_panic() {
        let inputs = [
            "<table><tr><td rowspan=999999>1<td colspan=0>",
            "<table><tr><td rowspan=99999999999999999999999>1<td colspan=-3>2</table>",
            "<table><td colspan=100 rowspan=1000>x</td><tr><td>1<tr><td colspan=100 rowspan=1000>y",
            "<table></table><table><tr></tr></table>",
            "<p>unclosed <b>bold <table><tr><td><table><tr><td>inner</td></tr></table>outer<td>2",
            "<<<>>></ ><!-- <p>& &# &#x; &#99999999; &#0; &unknown; &",
            "<div><div><div><p>a</P></DIV>",
            "<script>if (a<b) {}<style><title><script></script",
            "",
            "<",
            "</table></tr></td>",
        ];
        for input in inputs {
            let _ = read_html(input);
        }
        let deep = "<div><td>".repeat(50_000) + "text";
        let _ = read_html(&deep);
        let long = "<p>".to_owned() + &"营业收入 1,234.56 ".repeat(200_000);
        let doc = read_html(&long);
        assert_eq!(doc.blocks.len(), 1);
        let wide = "<table><tr>".to_owned() + &"<td colspan=100>1</td>".repeat(2_000) + "</tr></table>";
        assert!(tables(&read_html(&wide)).is_empty(), "over the cell limit: skipped");
    }

    #[test]
    fn spans_on_every_cell_of_many_tables_stay_within_the_documents_budget() {
        // What a fuzzer made of a real report, writ large: colspans of 100 on every cell of
        // 100 tables, each at the per-table limit, together 10 million positions from 4 MB.
        let table = "<table>".to_owned() + &"<tr><td colspan=100>营业收入</td></tr>\n".repeat(1_000) + "</table>\n";
        let html = table.repeat(100);
        let doc = read_html(&html);
        let positions: usize = tables(&doc).iter().map(|t| (t.rows.len() + 1) * 100).sum();
        assert!(positions <= MAX_CELLS + html.len() / 4, "{positions} positions from {} bytes", html.len());
        assert!(!tables(&doc).is_empty(), "the first tables are read");
    }

    #[test]
    fn a_stray_angle_or_an_unclosed_element_does_not_swallow_what_follows() {
        let html = "<?xml version=\"1.0\"?>\n<table><tr><td>标准</td><td>数量</td></tr><tr><td>COD<500m\ng/L</td><td>1</td></tr></table>\n\
                    <p>之后</p><table><tr><td>项目<span>甲</td><td>金额</td></tr><tr><td>乙</td><td>2,000,000.0\n0</td></tr></table><h>七、其后</h>";
        let doc = read_html(html);
        let t = tables(&doc);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows[0].label(), "COD<500mg/L");
        assert_eq!(t[0].rows[0].cells[0].at.line, 2);
        assert_eq!(t[1].header, ["项目甲", "金额"]);
        assert_eq!(t[1].rows.len(), 1);
        assert_eq!(number(&t[1].rows[0].cells[1]), "2000000.00", "a figure wrapped in its cell is joined");
        assert!(matches!(&doc.blocks[1], Block::Paragraph(p) if p.text == "之后" && p.lines[0].1.line == 4));
        assert!(matches!(doc.blocks.last(), Some(Block::Heading(h)) if h.title == "其后"));
    }

    #[test]
    fn scripts_are_skipped_without_losing_what_follows() {
        let html = "<script>if (a<b && c) { x = '</p>'; }</script><p>正文</p><style>p{}</style><p>其后</p>";
        let doc = read_html(html);
        let texts: Vec<&str> = doc.blocks.iter().filter_map(|b| if let Block::Paragraph(p) = b { Some(p.text.as_str()) } else { None }).collect();
        assert_eq!(texts, ["正文", "其后"]);
    }

    #[test]
    fn nested_tables_are_cell_text_and_unclosed_cells_are_siblings() {
        let html = "<table><tr><td>项目<td>金额<tr><td>甲<table><tr><td>内</td><td>表</td></tr></table></td><td>1.00</table>";
        let t = read_html(html);
        let t = tables(&t);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].header, ["项目", "金额"]);
        assert_eq!(t[0].rows[0].label(), "甲内表");
        assert_eq!(number(&t[0].rows[0].cells[1]), "1.00");
    }
}
