//! From positioned lines (words with horizontal extents, from a PDF's word boxes or from
//! character columns of text) to headings, paragraphs and tables.
//!
//! A table is found where figures stand in columns: a line of two or more figures seeds
//! it; it grows over the lines of figures, label fragments and header pieces around it,
//! and stops at prose, headings, unit statements and `□适用` boxes. Page breaks do not end a
//! table (the running header and page number are dropped before this step).
//!
//! Two kinds of table geometry:
//! - **aligned** (a PDF's word boxes, or `pdftotext -layout` text with runs of spaces
//!   between columns): columns are the extents of the figures of the fullest rows; a
//!   shorter row's figures go to the column they overlap; header pieces and wrapped cell
//!   text go to the column under them; label lines go to the row they belong to, whether
//!   the table prints figures at the top or the middle of a wrapped label.
//! - **unaligned** (text with single spaces, cells wrapped one per line): the table's
//!   cells are read as one sequence, a row being a label and then as many figures as the
//!   table has value columns.

use crate::model::{Block, Cell, Document, Location, Paragraph, Row, Table, Unit, Value};
use crate::value::{has_year, heading_of, parse_value, unit_statement};

/// A word (a run of text without wide gaps) and its extent: horizontal, and vertical where
/// the source has positions (a PDF's word boxes; 0 for text).
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
}

/// A line of words, left to right.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub words: Vec<Word>,
    pub at: Location,
}

/// What the layout step reads: lines, or a table a reader already knows (Markdown).
pub(crate) enum Item {
    Line(Line),
    Table(Table),
}

/// How a source measures positions.
#[derive(Clone, Copy)]
pub(crate) struct Geometry {
    /// The smallest gap between two words that separates two cells.
    pub cell_gap: f32,
    /// How far a word may stick out of a column and still be in it.
    pub slack: f32,
    /// The source's positions are exact (a PDF): a figure placed by its position is sure.
    pub exact: bool,
}

/// No more lines than this are read for one table's header above its first figures.
const MAX_HEADER_LINES: usize = 10;

/// A piece of a line: one cell's worth of text, a figure, or a change in points still
/// waiting for its `个百分点` on the next line.
#[derive(Clone, Debug)]
struct Piece {
    text: String,
    x0: f32,
    x1: f32,
    value: Value,
    /// `增加3.88个百`: a change whose wording continues below.
    pending: bool,
}

impl Piece {
    fn is_value(&self) -> bool {
        self.value != Value::Text || self.pending
    }

    /// A figure that cannot be a bare count or year: grouped, with decimals, a percentage,
    /// a change in points, `不适用`.
    fn is_strong(&self) -> bool {
        match self.value {
            Value::Number(n) => n.scale > 0 || n.percent || self.text.contains(','),
            Value::Points(_) | Value::NotApplicable => true,
            Value::Dash | Value::Text => self.pending,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Blank,
    Unit(Unit),
    Heading,
    /// Prose, a `□适用` box or anything else that ends a table.
    Boundary,
    /// Figures after an optional label.
    Data,
    /// A short piece of text: a label line, a header piece, a wrapped cell.
    Fragment,
}

struct Parsed {
    line: Line,
    /// The line's words joined (layout spaces next to Chinese dropped).
    text: String,
    pieces: Vec<Piece>,
    kind: Kind,
}

impl Parsed {
    fn values(&self) -> impl Iterator<Item = &Piece> {
        self.pieces.iter().filter(|p| p.is_value())
    }
}

/// Lays out `items` into a document of `pages` pages.
pub(crate) fn lay_out(items: Vec<Item>, geometry: Geometry, pages: u32) -> Document {
    let items = if geometry.exact { with_text_tables(items, geometry) } else { items };
    let mut blocks = Vec::new();
    let mut lines: Vec<Parsed> = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Item::Line(line) => lines.push(parse_line(line, geometry)),
            Item::Table(mut table) => {
                // A table already read (Markdown) takes the unit stated on the line above it,
                // as a table found here does.
                if let Some(Kind::Unit(unit)) = lines.last().map(|p| &p.kind) {
                    table.unit = table.unit.or(Some(*unit));
                }
                blocks.extend(blocks_of(std::mem::take(&mut lines), geometry));
                blocks.push(Block::Table(table));
            }
        }
    }
    blocks.extend(blocks_of(lines, geometry));
    Document { blocks, pages }
}

/// A PDF's tables of text (`text_table`) in place of their lines, where the reading by
/// figures cannot hold them together: a table it reads as one table, all its lines taken,
/// is left to it.
fn with_text_tables(items: Vec<Item>, geometry: Geometry) -> Vec<Item> {
    if items.iter().any(|item| matches!(item, Item::Table(_))) {
        return items;
    }
    let lines: Vec<Line> = items
        .into_iter()
        .filter_map(|item| match item {
            Item::Line(line) => Some(line),
            Item::Table(_) => None,
        })
        .collect();
    let read_by_figures = |lines: &[Line]| {
        let parsed: Vec<Parsed> = lines.iter().cloned().map(|line| parse_line(line, geometry)).collect();
        matches!(blocks_of(parsed, geometry).as_slice(), [Block::Table(_)])
    };
    let found: Vec<crate::text_table::Found> =
        crate::text_table::find(&lines, geometry.cell_gap).into_iter().filter(|f| !read_by_figures(&lines[f.start..f.end])).collect();
    let mut found = found.into_iter().peekable();
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.into_iter().enumerate() {
        match found.peek() {
            Some(f) if i >= f.start => {
                if i + 1 == f.end {
                    out.push(Item::Table(found.next().expect("peeked").table));
                }
            }
            _ => out.push(Item::Line(line)),
        }
    }
    out
}

/// Joins pieces of text: a space only between two pieces that are not Chinese at the seam.
pub(crate) fn join_text<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if let (Some(last), Some(first)) = (out.chars().next_back(), part.chars().next())
            && !is_cjk(last)
            && !is_cjk(first)
        {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Chinese characters and full-width punctuation: no layout space is kept next to them.
pub(crate) fn is_cjk(c: char) -> bool {
    c >= '\u{2E80}' || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

fn parse_line(line: Line, geometry: Geometry) -> Parsed {
    let mut pieces = Vec::new();
    let mut chunk: Vec<&Word> = Vec::new();
    for word in &line.words {
        if let Some(last) = chunk.last()
            && word.x0 - last.x1 >= geometry.cell_gap
        {
            pieces.extend(pieces_of(&chunk));
            chunk.clear();
        }
        chunk.push(word);
    }
    pieces.extend(pieces_of(&chunk));
    let text = join_text(line.words.iter().map(|w| w.text.as_str()));
    let kind = classify(&text, line.at, &pieces);
    let mut line = line;
    // Keep only what the table steps read: a document is mostly prose, and its words and
    // pieces would triple the memory a read holds.
    match kind {
        Kind::Data => line.words = Vec::new(),
        Kind::Blank | Kind::Boundary | Kind::Unit(_) => {
            line.words = Vec::new();
            pieces = Vec::new();
        }
        Kind::Fragment | Kind::Heading => {}
    }
    Parsed { line, text, pieces, kind }
}

/// `增加3.88个百`, `减少13.74`, `增加 3.71 个`: a change in points cut by a line break.
fn pending_points(text: &str) -> bool {
    const DIRECTIONS: [&str; 6] = ["增加", "减少", "上升", "下降", "提高", "降低"];
    if !DIRECTIONS.iter().any(|w| text.trim_start().starts_with(w)) {
        return false;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(rest) = DIRECTIONS.iter().find_map(|w| compact.strip_prefix(w)) else { return false };
    let figure = rest.trim_end_matches(['个', '百', '分']);
    !figure.is_empty() && crate::value::parse_number(figure).is_some_and(|n| !n.percent)
}

/// The pieces of one chunk of words: the chunk whole when it is one figure, else each
/// figure word apart from the runs of text around it. A figure followed by a Chinese word
/// (`2019 年`, `2,273.24 万元`) is text.
fn pieces_of(chunk: &[&Word]) -> Vec<Piece> {
    let Some(first) = chunk.first() else { return Vec::new() };
    if let [word] = chunk {
        let value = parse_value(&word.text);
        let pending = value == Value::Text && pending_points(&word.text);
        return vec![Piece { text: word.text.clone(), x0: word.x0, x1: word.x1, value, pending }];
    }
    let x0 = first.x0;
    let x1 = chunk.last().map_or(x0, |w| w.x1);
    let text = join_text(chunk.iter().map(|w| w.text.as_str()));
    let value = parse_value(&text);
    if value != Value::Text {
        return vec![Piece { text, x0, x1, value, pending: false }];
    }
    if pending_points(&text) {
        return vec![Piece { text, x0, x1, value, pending: true }];
    }
    let mut out: Vec<Piece> = Vec::new();
    let mut run: Vec<&Word> = Vec::new();
    let flush = |run: &mut Vec<&Word>, out: &mut Vec<Piece>| {
        if let (Some(a), Some(b)) = (run.first(), run.last()) {
            out.push(Piece { text: join_text(run.iter().map(|w| w.text.as_str())), x0: a.x0, x1: b.x1, value: Value::Text, pending: false });
        }
        run.clear();
    };
    for (i, word) in chunk.iter().enumerate() {
        let value = parse_value(&word.text);
        let unit_follows = chunk.get(i + 1).is_some_and(|next| next.text.starts_with(is_cjk) && parse_value(&next.text) == Value::Text);
        if value != Value::Text && !unit_follows {
            flush(&mut run, &mut out);
            out.push(Piece { text: word.text.trim().to_owned(), x0: word.x0, x1: word.x1, value, pending: false });
        } else {
            run.push(word);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn classify(text: &str, at: Location, pieces: &[Piece]) -> Kind {
    if pieces.is_empty() {
        return Kind::Blank;
    }
    if let Some(unit) = unit_statement(text) {
        return Kind::Unit(unit);
    }
    if text.contains("□适用") || text.contains("√适用") || text.contains("□是") || text.contains("√是") {
        return Kind::Boundary;
    }
    let last_value = pieces.iter().rposition(Piece::is_value);
    let values = pieces.iter().filter(|p| p.is_value()).count();
    let strong = pieces.iter().filter(|p| p.is_strong()).count();
    // Text after the figures ends a row of figures, unless it is short cells of their own
    // (a holders' table ends its rows with `质押 境内自然人`, a restricted shares' table with
    // `首发上市前 2022.1.21`) after two figures or more.
    let trailing = last_value.map_or(&pieces[..0], |i| &pieces[i + 1..]);
    let short_cell = |p: &Piece| (p.text.chars().count() <= 8 || is_date(&p.text)) && !p.text.contains(['，', '；', '：']);
    let trailing_cells = values >= 2 && strong >= 1 && trailing.len() <= 3 && trailing.iter().all(short_cell);
    let trailing_text = !trailing.is_empty() && !trailing_cells;
    if !text.contains('。') && !trailing_text && (strong >= 1 || values >= 2) {
        return Kind::Data;
    }
    let numbered = text.starts_with(|c: char| matches!(c, '第' | '(' | '（') || "一二三四五六七八九十".contains(c));
    if numbered && heading_of(text, at).is_some() {
        return Kind::Heading;
    }
    if text.contains('。') || text.ends_with(['：', ':', '；']) {
        return Kind::Boundary;
    }
    Kind::Fragment
}

/// A date as a cell prints it: `2022.1.21`, `2020-01-21`, `2022年1月21日`.
fn is_date(text: &str) -> bool {
    let year = text.get(..4).is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()));
    year && text.chars().count() <= 11 && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '/' | '年' | '月' | '日'))
}

/// The blocks of a run of lines with no known table among them.
fn blocks_of(mut lines: Vec<Parsed>, geometry: Geometry) -> Vec<Block> {
    // A numbered line with no figures between two lines of figures is a row of the table
    // (`六、短期带薪缺勤`), not a heading that ends it.
    for i in 1..lines.len().saturating_sub(1) {
        if lines[i].kind == Kind::Heading {
            let before = lines[..i].iter().rev().find(|p| p.kind != Kind::Blank).is_some_and(|p| p.kind == Kind::Data);
            let after = lines[i + 1..].iter().find(|p| p.kind != Kind::Blank).is_some_and(|p| p.kind == Kind::Data);
            if before && after {
                lines[i].kind = Kind::Fragment;
            }
        }
    }
    let mut blocks = Vec::new();
    let mut used = vec![false; lines.len()];
    let mut tables: Vec<(usize, Vec<Table>)> = Vec::new();
    let mut i = 0;
    let mut floor = 0;
    while i < lines.len() {
        // Two figures on a line, or one with another line of figures a few label lines below.
        let next_is_data =
            lines[i + 1..].iter().filter(|p| p.kind != Kind::Blank).take(4).find(|p| p.kind != Kind::Fragment).is_some_and(|p| p.kind == Kind::Data);
        let seeds = lines[i].kind == Kind::Data && (lines[i].values().count() >= 2 || next_is_data);
        if !seeds {
            i += 1;
            continue;
        }
        // The header: fragments above, back to the previous boundary or table.
        let mut start = i;
        let mut header_lines = 0;
        while start > floor && header_lines < MAX_HEADER_LINES {
            match lines[start - 1].kind {
                Kind::Fragment => header_lines += 1,
                Kind::Blank => {}
                _ => break,
            }
            start -= 1;
        }
        while start < i && lines[start].kind == Kind::Blank {
            start += 1;
        }
        // The body: figures, fragments and blanks, to the next boundary.
        let mut end = i;
        while end < lines.len() && matches!(lines[end].kind, Kind::Data | Kind::Fragment | Kind::Blank) {
            end += 1;
        }
        let unit = lines[floor..start].iter().rev().find_map(|p| match p.kind {
            Kind::Unit(u) => Some(u),
            _ => None,
        });
        let (built, taken) = build_tables(&lines[start..end], geometry, unit);
        for index in taken {
            used[start + index] = true;
        }
        tables.push((start, built));
        floor = end.max(i + 1);
        i = floor;
    }
    // Everything not taken by a table: headings and paragraphs, in order, with the
    // tables at their first line.
    let mut paragraph = Paragraph::default();
    let mut next_table = tables.into_iter().peekable();
    for (index, parsed) in lines.iter().enumerate() {
        while next_table.peek().is_some_and(|(at, _)| *at <= index) {
            flush_paragraph(&mut paragraph, &mut blocks);
            let (_, built) = next_table.next().expect("peeked");
            blocks.extend(built.into_iter().map(Block::Table));
        }
        if used[index] {
            continue;
        }
        match parsed.kind {
            Kind::Blank => {}
            Kind::Heading => {
                flush_paragraph(&mut paragraph, &mut blocks);
                if let Some(heading) = heading_of(&parsed.text, parsed.line.at) {
                    blocks.push(Block::Heading(heading));
                }
            }
            _ => {
                let text = &parsed.text;
                if !paragraph.text.is_empty()
                    && let (Some(last), Some(first)) = (paragraph.text.chars().next_back(), text.chars().next())
                    && !is_cjk(last)
                    && !is_cjk(first)
                {
                    paragraph.text.push(' ');
                }
                paragraph.lines.push((paragraph.text.len(), parsed.line.at));
                paragraph.text.push_str(text);
                if text.ends_with(['。', '！', '？', '：']) {
                    flush_paragraph(&mut paragraph, &mut blocks);
                }
            }
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    for (_, built) in next_table {
        blocks.extend(built.into_iter().map(Block::Table));
    }
    blocks
}

fn flush_paragraph(paragraph: &mut Paragraph, blocks: &mut Vec<Block>) {
    if !paragraph.text.is_empty() {
        blocks.push(Block::Paragraph(std::mem::take(paragraph)));
    }
}

/// Tables from one region of lines (a header, then figures, maybe a second header within);
/// also the indexes of the lines they took.
fn build_tables(lines: &[Parsed], geometry: Geometry, unit: Option<Unit>) -> (Vec<Table>, Vec<usize>) {
    let aligned = is_aligned(lines, geometry.cell_gap);
    // Cut the region where a group of non-figure lines holds a year header after figures.
    let mut sections: Vec<std::ops::Range<usize>> = Vec::new();
    let mut section_start = 0;
    let mut seen_data = false;
    // Where the section's figures begin: the leftmost figure of its lines so far.
    let mut columns_left = f32::MAX;
    // Where a section is the same table continued on a new page.
    let mut continued: Vec<usize> = Vec::new();
    let mut last_page = None;
    let mut i = 0;
    while i < lines.len() {
        if lines[i].kind == Kind::Data {
            // Text laid out page by page sets each page's columns at its own offsets: a
            // table's rows on a new page are placed apart, then joined to it.
            let page = lines[i].line.at.page;
            if aligned && !geometry.exact && seen_data && last_page.is_some_and(|p| p != page) {
                let cut = (section_start..i).rev().take_while(|j| lines[*j].line.at.page == page).last().unwrap_or(i);
                sections.push(section_start..cut);
                continued.push(sections.len());
                section_start = cut;
                columns_left = f32::MAX;
            }
            last_page = Some(page);
            seen_data = true;
            columns_left = lines[i].values().map(|v| v.x0).fold(columns_left, f32::min);
            i += 1;
            continue;
        }
        let group_end = (i..lines.len()).find(|j| lines[*j].kind == Kind::Data).unwrap_or(lines.len());
        // A header of its own over the value columns (`项目 期末数 期初数`): two words or more
        // standing where the figures do.
        let new_header = || aligned && lines[i..group_end].iter().any(|p| p.line.words.iter().filter(|w| w.x0 > columns_left + geometry.slack).count() >= 2);
        if seen_data && group_end < lines.len() && (lines[i..group_end].iter().any(|p| has_year(&p.text)) || new_header()) {
            let cut = if aligned {
                (i..group_end).find(|j| lines[*j].line.words.iter().any(|w| w.x1 > columns_left + geometry.slack)).unwrap_or(i)
            } else {
                (i..group_end).find(|j| has_year(&lines[*j].text)).unwrap_or(i)
            };
            sections.push(section_start..cut);
            section_start = cut;
            seen_data = false;
            columns_left = f32::MAX;
        }
        i = group_end;
    }
    sections.push(section_start..lines.len());
    let mut tables: Vec<Table> = Vec::new();
    let mut taken = Vec::new();
    for (index, range) in sections.into_iter().enumerate() {
        let offset = range.start;
        let section = &lines[range];
        // Two years in one column's header: the figures stand in columns but the header
        // does not (a header set with single spaces); read the section as unaligned.
        let built = if aligned {
            aligned_table(section, geometry).filter(|(t, _)| t.header.iter().all(|h| split_header(h).iter().filter(|p| has_year(p)).count() < 2))
        } else {
            None
        };
        let built = built.or_else(|| unaligned_table(section));
        if let Some((mut table, used)) = built {
            table.unit = unit;
            taken.extend(used.into_iter().map(|u| u + offset));
            match tables.last_mut() {
                Some(previous) if continued.contains(&index) && continues_table(previous, &table) => {
                    let width = previous.header.len();
                    previous.rows.extend(table.rows.into_iter().map(|mut row| {
                        row.cells.truncate(width);
                        row
                    }));
                }
                _ => tables.push(table),
            }
        }
    }
    (tables, taken)
}

/// Whether `next`, read from a new page, is `previous` continued: no header of its own,
/// and its columns are the previous table's, or those and columns of dashes after them
/// (`/` under a reason or a date).
fn continues_table(previous: &Table, next: &Table) -> bool {
    let width = previous.header.len();
    let headerless = next.header.iter().all(String::is_empty);
    let extra_empty = next.rows.iter().all(|r| r.cells.iter().skip(width).all(|c| matches!(c.value, Value::Dash) || c.text.trim().is_empty()));
    headerless && next.header.len() >= width && extra_empty
}

/// Whether the figures of a region's lines are set apart by gaps of at least `gap`
/// (columns) rather than single spaces.
fn is_aligned(lines: &[Parsed], gap: f32) -> bool {
    let mut wide = 0;
    let mut narrow = 0;
    for p in lines.iter().filter(|p| p.kind == Kind::Data) {
        let values: Vec<&Piece> = p.values().collect();
        for pair in values.windows(2) {
            if pair[1].x0 - pair[0].x1 >= gap { wide += 1 } else { narrow += 1 }
        }
    }
    wide > narrow
}

/// A row being assembled.
#[derive(Default)]
struct Building {
    label: Vec<String>,
    cells: Vec<Option<Piece>>,
    at: Location,
    label_at: Option<Location>,
    uncertain: bool,
}

/// One table from an aligned section: columns from the figures, then header, rows and
/// labels by position.
fn aligned_table(section: &[Parsed], geometry: Geometry) -> Option<(Table, Vec<usize>)> {
    let data: Vec<usize> = (0..section.len()).filter(|i| section[*i].kind == Kind::Data).collect();
    let widest = data.iter().map(|i| section[*i].values().count()).max()?;
    if widest < 1 {
        return None;
    }
    let mut columns: Vec<(f32, f32)> = vec![(f32::MAX, f32::MIN); widest];
    for i in &data {
        let values: Vec<&Piece> = section[*i].values().collect();
        if values.len() == widest {
            for (column, piece) in columns.iter_mut().zip(values) {
                column.0 = column.0.min(piece.x0);
                column.1 = column.1.max(piece.x1);
            }
        }
    }
    // In exact geometry (a PDF) the fullest rows must agree on where each column is: where
    // two of them put their k-th figures side by side rather than one above the other, the
    // table has more columns than its fullest rows show (a column empty in every full row),
    // and no figure can be placed by position. Text laid out with spaces is too loose for
    // this test; its rows placed by overlap alone are uncertain already.
    let mut agreed: Vec<(f32, f32)> = vec![(f32::MIN, f32::MAX); widest];
    for i in &data {
        let values: Vec<&Piece> = section[*i].values().collect();
        if values.len() == widest {
            for (column, piece) in agreed.iter_mut().zip(values) {
                *column = (column.0.max(piece.x0), column.1.min(piece.x1));
            }
        }
    }
    let columns_disagree = geometry.exact && agreed.iter().any(|(x0, x1)| x0 > &(x1 + geometry.slack));
    let left = columns[0].0;
    let column_of = |x0: f32, x1: f32| -> (Option<usize>, bool) {
        let overlaps: Vec<(usize, f32)> =
            columns.iter().enumerate().map(|(k, c)| (k, x1.min(c.1 + geometry.slack) - x0.max(c.0 - geometry.slack))).filter(|(_, o)| *o > 0.0).collect();
        match overlaps.len() {
            1 => (Some(overlaps[0].0), true),
            0 => {
                let centre = (x0 + x1) / 2.0;
                let nearest = columns.iter().enumerate().min_by(|a, b| {
                    let da = (centre - (a.1.0 + a.1.1) / 2.0).abs();
                    let db = (centre - (b.1.0 + b.1.1) / 2.0).abs();
                    da.total_cmp(&db)
                });
                (nearest.map(|(k, _)| k), false)
            }
            _ => (overlaps.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|(k, _)| *k), false),
        }
    };
    // Columns no row holds a figure in (only dashes, `/` under a reason or a position): a
    // table's text columns, which text standing in them fills.
    let mut holds_figures = vec![false; widest];
    for i in &data {
        for piece in section[*i].values().filter(|p| p.value != Value::Dash) {
            if let (Some(k), _) = column_of(piece.x0, piece.x1) {
                holds_figures[k] = true;
            }
        }
    }
    // Header: the lines before the first figures, down to the last with a piece over the
    // value columns; label lines below it belong to the first row.
    let first_data = data[0];
    let header_end = (0..first_data).rev().find(|i| section[*i].line.words.iter().any(|w| w.x1 > left + geometry.slack)).map_or(0, |i| i + 1);
    let mut header = vec![Vec::<String>::new(); widest + 1];
    // Where each column's header words stand, so a word of a lower header line under one
    // of them (`增减(%)` under `本期比上年同期`) joins it even where it stands beside the figures.
    let mut header_extents: Vec<Vec<(f32, f32)>> = vec![Vec::new(); widest];
    let mut taken: Vec<usize> = Vec::new();
    for (i, parsed) in section[..header_end].iter().enumerate() {
        taken.push(i);
        // Word by word: a header set with single spaces is one piece across columns.
        for word in &parsed.line.words {
            let under_header = || header_extents.iter().position(|e| e.iter().any(|(x0, x1)| word.x0 < *x1 && *x0 < word.x1));
            if word.x1 <= left + geometry.slack {
                header[0].push(word.text.clone());
            } else if let (Some(k), _) = column_of(word.x0, word.x1)
                && columns[k].1 + geometry.slack >= word.x0
                && columns[k].0 - geometry.slack <= word.x1
            {
                header[k + 1].push(word.text.clone());
                header_extents[k].push((word.x0, word.x1));
            } else if let Some(k) = under_header() {
                header[k + 1].push(word.text.clone());
            }
        }
    }
    // Body: figure lines become rows; label lines between them are shared out.
    let mut rows: Vec<Building> = Vec::new();
    let mut runs: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, parsed) in section.iter().enumerate().skip(header_end) {
        match parsed.kind {
            Kind::Data => {
                let mut row = Building { cells: vec![None; widest], at: parsed.line.at, ..Building::default() };
                let values: Vec<&Piece> = parsed.values().collect();
                let full = values.len() == widest;
                let mut previous_column: Option<usize> = None;
                for (n, piece) in values.into_iter().enumerate() {
                    let (column, sure) = if full { (Some(n), true) } else { column_of(piece.x0, piece.x1) };
                    let Some(column) = column else { continue };
                    if previous_column.is_some_and(|p| p >= column) || row.cells[column].is_some() {
                        row.uncertain = true;
                        continue;
                    }
                    row.uncertain |= !sure && !geometry.exact;
                    previous_column = Some(column);
                    row.cells[column] = Some(piece.clone());
                }
                // Text standing in one text column, whose header names it, is that column's
                // cell (`董事长、总经理` under `职务`, `减持` under `增减变动原因`; the line's
                // first piece only if it starts inside the columns: it is the label), where the
                // positions are exact: a table of officers sets its text cells in columns that
                // rows of dashes (`合计 / / /`) make known.
                let mut in_columns = vec![false; parsed.pieces.len()];
                if geometry.exact {
                    for (n, piece) in parsed.pieces.iter().enumerate().filter(|(n, p)| !p.is_value() && (*n > 0 || p.x0 > left - geometry.slack)) {
                        // In one column: overlapping it alone, or standing in the gap
                        // between its neighbours (`董事` under a column known from its `/`).
                        let between = |k: usize| (k == 0 || columns[k - 1].1 < piece.x0) && columns.get(k + 1).is_none_or(|next| piece.x1 < next.0);
                        if let (Some(k), sure) = column_of(piece.x0, piece.x1)
                            && (sure || between(k))
                            && row.cells[k].is_none()
                            && !holds_figures[k]
                            && !header[k + 1].is_empty()
                        {
                            row.cells[k] = Some(piece.clone());
                            in_columns[n] = true;
                        }
                    }
                }
                // The label is the text before the last figure; short text cells after it
                // (`无 境内自然人`) are not the label's.
                let last_value = parsed.pieces.iter().rposition(Piece::is_value).unwrap_or(0);
                let own =
                    join_text(parsed.pieces[..last_value].iter().enumerate().filter(|(n, p)| !p.is_value() && !in_columns[*n]).map(|(_, p)| p.text.as_str()));
                // A figure wrapped under a lone minus sign in the row above: `-` / `1,522,916.90`.
                if own.is_empty()
                    && let Some(above) = rows.last_mut()
                    && runs.last().is_some_and(Vec::is_empty)
                    && row
                        .cells
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.is_some())
                        .all(|(k, _)| above.cells[k].as_ref().is_some_and(|c| c.value == Value::Dash && c.text == "-"))
                {
                    for (k, cell) in row.cells.iter().enumerate() {
                        if let (Some(cell), Some(top)) = (cell, above.cells[k].as_mut()) {
                            top.text = format!("-{}", cell.text);
                            top.value = parse_value(&top.text);
                        }
                    }
                    taken.push(i);
                    continue;
                }
                if !own.is_empty() {
                    row.label_at = Some(parsed.line.at);
                }
                row.label.push(own);
                rows.push(row);
                runs.push(Vec::new());
                taken.push(i);
            }
            Kind::Fragment => {
                let in_values = parsed.pieces.iter().any(|p| p.x1 > left + geometry.slack);
                if in_values {
                    // The rest of a wrapped cell (`分点` under `增加3.88个百`).
                    if let Some(row) = rows.last_mut() {
                        for piece in parsed.pieces.iter().filter(|p| p.x1 > left + geometry.slack) {
                            if let (Some(k), _) = column_of(piece.x0, piece.x1)
                                && let Some(cell) = row.cells[k].as_mut()
                                && cell.pending
                            {
                                cell.text = join_text([cell.text.as_str(), piece.text.as_str()].into_iter());
                                cell.value = parse_value(&cell.text);
                                cell.pending = cell.value == Value::Text && pending_points(&cell.text);
                            }
                        }
                    }
                }
                if parsed.pieces.iter().any(|p| p.x1 <= left + geometry.slack) {
                    runs.last_mut().expect("one run per row and one before").push(i);
                } else {
                    taken.push(i);
                }
            }
            _ => {}
        }
    }
    if rows.is_empty() {
        return None;
    }
    let label_of = |i: usize| join_text(section[i].pieces.iter().filter(|p| p.x1 <= left + geometry.slack).map(|p| p.text.as_str()));
    share_label_lines(section, &mut rows, &runs, &mut taken, label_of);
    let cells_of = |row: Building| -> Row {
        let label = join_text(row.label.iter().map(String::as_str));
        let mut cells = vec![Cell { text: label, value: Value::Text, at: row.label_at.unwrap_or(row.at), span: (1, 1), covered: false, lines: Vec::new() }];
        for piece in row.cells {
            cells.push(match piece {
                Some(p) => {
                    Cell { value: if p.pending { Value::Text } else { p.value }, text: p.text, at: row.at, span: (1, 1), covered: false, lines: Vec::new() }
                }
                None => Cell { at: row.at, span: (1, 1), ..Cell::default() },
            });
        }
        Row { cells, at: row.at, uncertain: row.uncertain || columns_disagree }
    };
    let at = section.first().map_or_else(Location::default, |p| p.line.at);
    let header = header.into_iter().map(|parts| join_text(parts.iter().map(String::as_str))).collect();
    taken.sort_unstable();
    Some((Table { header, rows: rows.into_iter().map(cells_of).collect(), unit: None, at }, taken))
}

/// Characters a label line cannot start with unless it continues the line above.
fn continues(label: &str) -> bool {
    label.starts_with(['的', '后', '和', '及', '与', '、', '）', ')', '益', '率', '额'])
}

/// Characters a label line cannot end with unless the line below continues it
/// (`归属于上市公司股东的`).
fn dangles(label: &str) -> bool {
    label.ends_with(['的', '和', '及', '与', '、', '（', '('])
}

/// Whether a label line ends a holder's name (`融资租赁有限公司`, `…证券投资基金`).
fn ends_name(label: &str) -> bool {
    ["有限公司", "有限责任公司", "投资基金", "有限合伙）", "有限合伙)", "信托计划", "管理计划"].iter().any(|end| label.ends_with(end))
}

/// Gives the label lines between figure lines to the rows they belong to. Where every
/// figure line has a label of its own, the table prints figures on a label's first line and
/// the lines below continue it; where some figure line has none, figures sit in the middle
/// of their label, as many label lines above as below.
fn share_label_lines(section: &[Parsed], rows: &mut [Building], runs: &[Vec<usize>], taken: &mut Vec<usize>, text: impl Fn(usize) -> String) {
    let centred = rows.iter().any(|r| r.label.iter().all(String::is_empty)) && runs.iter().any(|r| !r.is_empty());
    // A figure line whose own label continues a line above (`的净利润`) shows a table that
    // prints figures below a label's first line: there, of the label lines after a row, those
    // that continue it are its own and the first that could begin a label begins the next.
    let figures_below = !centred && rows.iter().any(|r| r.label.first().is_some_and(|l| continues(l)));
    let continuing = |run: &[usize]| run.iter().take_while(|i| continues(&text(**i))).count();
    let n = rows.len();
    let mut above = if centred { runs[0].len() } else { 0 };
    for k in 0..n {
        let run_before = &runs[k];
        let lines_above = above.min(run_before.len());
        let before: Vec<String> = run_before[run_before.len() - lines_above..].iter().map(|i| text(*i)).collect();
        taken.extend(&run_before[run_before.len() - lines_above..]);
        if !before.is_empty() {
            rows[k].label_at = section.get(run_before[run_before.len() - lines_above]).map(|p| p.line.at);
            rows[k].label.splice(0..0, before);
        }
        let run_after = &runs[k + 1];
        let below = if centred {
            lines_above.min(run_after.len())
        } else if figures_below {
            continuing(run_after).min(if k + 1 < n { run_after.len() } else { 3 })
        } else if k + 1 < n {
            let next_continues = rows[k + 1].label.first().is_some_and(|l| l.is_empty() || continues(l));
            let mut below = run_after.len().saturating_sub(usize::from(next_continues && !run_after.is_empty()));
            // A line left dangling goes on into the next row's label, with the lines after it.
            while below > 0 && dangles(&text(run_after[below - 1])) {
                below -= 1;
            }
            // A holder's name ends the label: the lines after it begin the next holder's,
            // whose figures stand in the middle of a longer name.
            if let Some(end) = run_after[..below].iter().position(|i| ends_name(&text(*i))) {
                below = end + 1;
            }
            below
        } else {
            run_after.iter().take_while(|i| section[**i].text.chars().count() <= 24).count().min(3)
        };
        rows[k].label.extend(run_after[..below].iter().map(|i| text(*i)));
        taken.extend(&run_after[..below]);
        if k + 1 < n {
            let rest = run_after.len() - below;
            if centred && rest != below && rows[k + 1].label.iter().all(String::is_empty) && rest > below + 1 {
                rows[k + 1].uncertain = true;
            }
            above = rest;
        }
    }
}

/// One table from an unaligned section: header pieces split at year and quarter names,
/// then the cells read in order, each row a label and as many figures as there are
/// value columns.
fn unaligned_table(section: &[Parsed]) -> Option<(Table, Vec<usize>)> {
    let first_data = section.iter().position(|p| p.kind == Kind::Data)?;
    let header_text = join_text(section[..first_data].iter().filter(|p| p.kind == Kind::Fragment).map(|p| p.text.as_str()));
    let widest = section.iter().filter(|p| p.kind == Kind::Data).map(|p| p.values().count()).max()?;
    let header_parts = split_header(&header_text);
    let width = widest;
    // Without years to cut at, a header of as many words as columns (`项目 金额`).
    let header_words: Vec<String> = section[..first_data].iter().flat_map(|p| p.line.words.iter().map(|w| w.text.clone())).collect();
    let header = if header_parts.len() == width + 1 {
        header_parts
    } else if header_words.len() == width + 1 {
        header_words
    } else {
        vec![String::new(); width + 1]
    };
    let mut taken: Vec<usize> = (0..first_data).collect();
    let mut rows: Vec<Row> = Vec::new();
    let mut label: Vec<String> = Vec::new();
    let mut label_at: Option<Location> = None;
    let mut values: Vec<Piece> = Vec::new();
    let mut value_at = Location::default();
    let mut pending_lines: Vec<usize> = Vec::new();
    let mut lost = false;
    for (i, parsed) in section.iter().enumerate().skip(first_data) {
        if !matches!(parsed.kind, Kind::Data | Kind::Fragment) {
            continue;
        }
        pending_lines.push(i);
        for piece in &parsed.pieces {
            if let Some(last) = values.last_mut()
                && last.pending
                && !piece.is_value()
            {
                last.text = join_text([last.text.as_str(), piece.text.as_str()].into_iter());
                last.value = parse_value(&last.text);
                last.pending = last.value == Value::Text && pending_points(&last.text);
                continue;
            }
            if piece.is_value() {
                if values.is_empty() {
                    value_at = parsed.line.at;
                }
                values.push(piece.clone());
            } else {
                if !values.is_empty() {
                    // Text after some figures but before the row is full: not a row we can
                    // read, and no sum over this table can be trusted.
                    lost = true;
                    values.clear();
                    label.clear();
                    label_at = None;
                }
                label_at.get_or_insert(parsed.line.at);
                label.push(piece.text.clone());
            }
            if values.len() == width && !values.last().is_some_and(|v| v.pending) {
                let mut cells = vec![Cell {
                    text: join_text(label.iter().map(String::as_str)),
                    value: Value::Text,
                    at: label_at.unwrap_or(value_at),
                    span: (1, 1),
                    covered: false,
                    lines: Vec::new(),
                }];
                cells.extend(values.drain(..).map(|p| Cell { text: p.text, value: p.value, at: value_at, span: (1, 1), covered: false, lines: Vec::new() }));
                rows.push(Row { cells, at: value_at, uncertain: false });
                label.clear();
                label_at = None;
                taken.append(&mut pending_lines);
            }
        }
    }
    if rows.is_empty() {
        return None;
    }
    lost |= !values.is_empty();
    for row in rows.iter_mut() {
        row.uncertain |= lost;
    }
    let at = section.first().map_or_else(Location::default, |p| p.line.at);
    Some((Table { header, rows, unit: None, at }, taken))
}

/// `主要会计数据2023年2022年本期比上年同期增减（%）2021年` → the label column's header and one
/// header per column, cut before and after each year (`2023年`, `2023年末`, `2023年度`,
/// `2023年金额`) and quarter (`第一季度（1-3月份）`).
fn split_header(text: &str) -> Vec<String> {
    let compact: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parts = vec![String::new()];
    let mut between = String::new();
    let flush = |between: &mut String, parts: &mut Vec<String>| {
        if !between.is_empty() {
            if parts.len() == 1 { parts[0] = std::mem::take(between) } else { parts.push(std::mem::take(between)) }
        }
    };
    let mut i = 0;
    while i < compact.len() {
        let year = compact.get(i..i + 5).is_some_and(|w| w[..4].iter().all(char::is_ascii_digit) && w[4] == '年');
        let quarter = compact[i] == '第' && compact.get(i + 2..i + 4).is_some_and(|w| w == ['季', '度']);
        if !(year || quarter) {
            between.push(compact[i]);
            i += 1;
            continue;
        }
        let mut end = i + if year { 5 } else { 4 };
        for suffix in [&['末'][..], &['度'], &['金', '额']] {
            if compact.get(end..end + suffix.len()).is_some_and(|w| w == suffix) {
                end += suffix.len();
            }
        }
        if quarter && compact.get(end).is_some_and(|c| matches!(c, '（' | '(')) {
            end = compact[end..].iter().position(|c| matches!(c, '）' | ')')).map_or(compact.len(), |p| end + p + 1);
        }
        flush(&mut between, &mut parts);
        parts.push(compact[i..end].iter().collect());
        i = end;
    }
    flush(&mut between, &mut parts);
    parts
}

/// Drops the lines every page repeats (the running header at the top, a running footer at
/// the bottom) and page numbers (`5 / 156`, `- 5 -`, a lone number) at the top or bottom of
/// each page. A line counts as running where it runs: the header's words printed as the
/// cover's title near a short page's bottom stay.
pub(crate) fn drop_running_lines(pages: &mut [Vec<Line>]) {
    let key = |line: &Line| -> String { line.words.iter().flat_map(|w| w.text.chars()).filter(|c| !c.is_whitespace()).collect() };
    let mut tops: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut bottoms: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in pages.iter() {
        for (edge, counts) in [(page.iter().take(2).collect::<Vec<_>>(), &mut tops), (page.iter().rev().take(2).collect(), &mut bottoms)] {
            let mut seen = std::collections::HashSet::new();
            for line in edge {
                let k = key(line);
                if !k.is_empty() && seen.insert(k.clone()) {
                    *counts.entry(k).or_default() += 1;
                }
            }
        }
    }
    let page_count = pages.len();
    let repeated = |counts: &std::collections::HashMap<String, usize>, k: &str| page_count >= 3 && counts.get(k).is_some_and(|n| *n * 2 >= page_count);
    for page in pages.iter_mut() {
        let n = page.len();
        let mut index = 0;
        page.retain(|line| {
            let (top, bottom) = (index < 2, index + 2 >= n);
            index += 1;
            let k = key(line);
            let running = (top && repeated(&tops, &k)) || (bottom && repeated(&bottoms, &k));
            !(running || ((top || bottom) && is_page_number(&k)))
        });
    }
}

fn is_page_number(compact: &str) -> bool {
    let bare = compact.trim_matches(['-', '—', '第', '页']);
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    digits(bare) || bare.split_once('/').is_some_and(|(a, b)| digits(a) && digits(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_split_at_years_and_quarters() {
        assert_eq!(
            split_header("主要会计数据 2023年 2022年 本期比上年 同期增减 （%） 2021年"),
            ["主要会计数据", "2023年", "2022年", "本期比上年同期增减（%）", "2021年"]
        );
        assert_eq!(
            split_header("2023年末 2022年末 本期末比上年同期末增减（%） 2021年末"),
            ["", "2023年末", "2022年末", "本期末比上年同期末增减（%）", "2021年末"]
        );
        assert_eq!(
            split_header("第一季度（1-3月份） 第二季度（4-6月份） 第三季度（7-9月份） 第四季度（10-12月份）"),
            ["", "第一季度（1-3月份）", "第二季度（4-6月份）", "第三季度（7-9月份）", "第四季度（10-12月份）"]
        );
    }

    #[test]
    fn page_numbers_and_changes_cut_by_a_line_break() {
        assert!(is_page_number("5/156") && is_page_number("15") && !is_page_number("2019年"));
        assert!(pending_points("增加3.88个百") && pending_points("减少13.74") && pending_points("增加 3.71 个"));
        assert!(!pending_points("增加") && !pending_points("增加3.88%"));
    }
}
