//! Tables of text in a PDF — the commitments (承诺事项履行情况), the officers' holdings
//! (董事、监事和高级管理人员持股变动): cells of words rather than figures, wrapped over several
//! lines, rows of different heights, a row broken by a page. The layout step finds tables by
//! their figures; such a table it reads as prose or as many small tables. Here a table is
//! found by its header and read by its columns and by the rules between its rows, which a
//! PDF's text does not carry but its word boxes show:
//!
//! - **Header**: lines of short pieces of text (no figure, no sentence) naming at least four
//!   columns. A header cell's wrapped lines stand one under another, so the words of all
//!   header lines, clustered where they overlap horizontally, are the columns.
//! - **Body**: the lines below, over page breaks (a header repeated on the next page is
//!   skipped), as long as every word stands in one column and the columns keep a gap between
//!   them: prose across the page, a heading, a `□适用` box or a unit statement ends it.
//! - **Cells**: a column's words on one line are a fragment; fragments one under another
//!   are one cell where the gap between them is the gap between a paragraph's lines — the
//!   smallest gap the table shows, after whole blank lines. A rule between two rows, with the
//!   cells' padding, widens the gap: a table that shows no gap wider than its lines' (no cell
//!   wraps, or rows are not told apart) is not read here.
//! - **Rows**: cells that overlap vertically are one row. Where a column holds two cells of
//!   such a row, the row is rows whose cells a merged cell spans (a `承诺背景` over several
//!   commitments, a name over a person's two positions): the gap the columns agree on is
//!   the rule between them.
//! - **Checks**: a table sets each cell at the top of its row or in its middle (a merged cell
//!   in the middle of the rows it spans; blank lines at a cell's end count). A row with a cell
//!   elsewhere, or whose rows the columns do not agree on, is `uncertain`.
//! - **Page breaks**: the first row of a page that lacks a cell every other row has (the
//!   `承诺类型`, a name) is the rest of the row above, cut by the break.

use crate::layout::{Line, Word, join_text};
use crate::model::{Cell, Location, Row, Table, Value};
use crate::value::{has_year, heading_of, parse_value, unit_statement};

/// A text table: the lines it was read from (`start..end` of the lines given) and the table.
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub table: Table,
}

/// The most characters a piece of a header line has (`如未能及时履行应说明`, `报告期内从公`):
/// a longer piece is a cell's text.
const HEADER_PIECE: usize = 12;
/// The fewest columns whose headers make a text table.
const MIN_COLUMNS: usize = 4;
/// The most lines a header has (narrow columns wrap a header cell over a dozen lines).
const MAX_HEADER_LINES: usize = 24;
/// How far (points) a word may touch a column it does not stand in.
const TOUCH: f32 = 0.5;

/// The text tables among `lines` (a PDF's, in reading order, running headers dropped), in
/// order and not overlapping; `cell_gap` is the gap that separates two pieces of a line.
pub(crate) fn find(lines: &[Line], cell_gap: f32) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let floor = found.last().map_or(0, |f: &Found| f.end);
        match read_at(lines, i, floor, cell_gap) {
            Ok(table) => {
                i = table.end;
                found.push(table);
            }
            Err(next) => i = next.max(i + 1),
        }
    }
    found
}

/// A column's words on one body line.
struct Fragment {
    text: String,
    y0: f32,
    y1: f32,
    at: Location,
    page: u32,
    /// The index of its line.
    line: usize,
    /// How many of its words are figures that cannot be a count or a date's part (grouped,
    /// with decimals, a percentage).
    figures: usize,
}

/// A cell as found: its fragments in a column, top to bottom.
#[derive(Clone)]
struct Block {
    column: usize,
    fragments: Vec<usize>,
    y0: f32,
    y1: f32,
    page: u32,
}

/// One row on one page (a row of a group, or the group): its cells by column, as block
/// indexes, with the number of parts a merged cell spans.
#[derive(Clone)]
struct Part {
    cells: Vec<Option<(usize, usize)>>,
    /// The part whose merged cell covers this position.
    covered: Vec<Option<usize>>,
    top: f32,
    bottom: f32,
    page: u32,
    group: usize,
}

/// What the table's gaps between lines are.
struct Gaps {
    /// The height of a line's words.
    height: f32,
    /// The gap between two lines of one cell.
    line: f32,
    /// The widest gap still within a cell; a rule between rows makes it wider.
    within: f32,
    /// The narrowest gap seen between two rows.
    rule: f32,
}

impl Gaps {
    fn pitch(&self) -> f32 {
        self.height + self.line
    }

    /// Whether fragments `a` and `b`, one under the other in a column, are one cell: the
    /// gap of a paragraph's lines, with at most two blank lines between.
    fn same_cell(&self, a: &Fragment, b: &Fragment) -> bool {
        if a.page != b.page {
            return false;
        }
        let gap = b.y0 - a.y1;
        if gap <= self.within {
            return true;
        }
        let blank = ((gap - self.line) / self.pitch()).round();
        let rest = gap - blank * self.pitch();
        (1.0..=2.0).contains(&blank) && rest <= self.within && rest >= self.line - 0.5
    }
}

/// Reads the text table whose header has a line of several pieces at line `i` (not before
/// line `floor`), or says where to look next.
fn read_at(lines: &[Line], i: usize, floor: usize, cell_gap: f32) -> Result<Found, usize> {
    header_pieces(&lines[i], cell_gap).filter(|n| *n >= 2).ok_or(i + 1)?;
    // The header: lines of short text close under one another, from the first line of a
    // header cell that wraps (`本期比上期` over `同期增减（%）`).
    let close = |upper: &Line, lower: &Line| upper.at.page == lower.at.page && top_of(lower) - bottom_of(upper) < 0.8 * height_of(lower);
    let mut first = i;
    while first > floor && close(&lines[first - 1], &lines[first]) && header_pieces(&lines[first - 1], cell_gap).is_some() {
        first -= 1;
    }
    let mut last = i;
    let mut bottom = lines[first..=i].iter().map(bottom_of).fold(f32::MIN, f32::max);
    while let Some(next) = lines.get(last + 1) {
        let close = next.at.page == lines[i].at.page && top_of(next) - bottom < 0.8 * height_of(next);
        if !close || header_pieces(next, cell_gap).is_none() {
            break;
        }
        last += 1;
        bottom = bottom.max(bottom_of(next));
    }
    // More lines than a header has are rows of short text: the layout step's.
    if last - first >= MAX_HEADER_LINES {
        return Err(last + 1);
    }
    // Header lines that are the body's first (short text in every column, a row of its own)
    // go to the body.
    loop {
        match read_with_header(lines, first, last) {
            Ok(found) => return Ok(found),
            Err(Retry::Header(shorter)) if shorter >= first && shorter < last => last = shorter,
            Err(Retry::Header(_)) => return Err(last + 1),
            Err(Retry::After(next)) => return Err(next),
        }
    }
}

/// Why a header read no table.
enum Retry {
    /// The header ends at this line: those below it are the body's.
    Header(usize),
    /// There is no table; look again from this line.
    After(usize),
}

/// Reads the text table of header lines `i..=j`.
fn read_with_header(lines: &[Line], i: usize, j: usize) -> Result<Found, Retry> {
    let bottom = lines[i..=j].iter().map(bottom_of).fold(f32::MIN, f32::max);
    let header_words: Vec<&Word> = lines[i..=j].iter().flat_map(|l| l.words.iter()).collect();
    let columns = clusters(&unspanned(&header_words));
    // A header of years (`2019年 2018年`) heads a table of figures by year: the layout step's.
    if columns.len() < MIN_COLUMNS || lines[i..=j].iter().any(|l| has_year(&text_of(l))) {
        return Err(Retry::After(j + 1));
    }
    let height = median(header_words.iter().map(|w| w.y1 - w.y0).collect()).ok_or(Retry::After(j + 1))?;
    let header_texts: Vec<String> = lines[i..=j].iter().map(text_of).collect();
    // The body: lines whose every word stands in one column, the gaps between columns kept.
    let mut free: Vec<(f32, f32)> = columns.windows(2).map(|w| (w[0].1, w[1].0)).collect();
    let mut body: Vec<usize> = Vec::new();
    let mut k = j + 1;
    let mut last: Option<(u32, f32)> = lines.get(i).map(|l| (l.at.page.unwrap_or(0), bottom));
    while k < lines.len() {
        let line = &lines[k];
        let page = line.at.page.unwrap_or(0);
        match last {
            Some((p, b)) if p == page => {
                if top_of(line) - b > 3.0 * height {
                    break;
                }
            }
            _ => {
                // A new page may repeat the header.
                let repeated = header_texts.iter().enumerate().all(|(n, t)| lines.get(k + n).is_some_and(|l| l.at.page == line.at.page && &text_of(l) == t));
                if repeated {
                    k += header_texts.len();
                    last = None;
                    continue;
                }
            }
        }
        if ends_table(line, columns[0].1) {
            break;
        }
        let mut trial = free.clone();
        if !fits(line, &columns, &mut trial) {
            break;
        }
        free = trial;
        body.push(k);
        last = Some((page, bottom_of(line)));
        k += 1;
    }
    let mut end = body.last().map_or(j + 1, |b| b + 1);
    if body.len() < 2 {
        return Err(Retry::After(j + 1));
    }
    // Each word to its column; each column's words on a line, a fragment.
    let mut fragments: Vec<Fragment> = Vec::new();
    let mut by_column: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    for &b in &body {
        let line = &lines[b];
        let mut words: Vec<Vec<&Word>> = vec![Vec::new(); columns.len()];
        for word in &line.words {
            words[column_of(word, &columns, &free)].push(word);
        }
        for (c, mut ws) in words.into_iter().enumerate() {
            if ws.is_empty() {
                continue;
            }
            ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let y0 = ws.iter().map(|w| w.y0).fold(f32::MAX, f32::min);
            let y1 = ws.iter().map(|w| w.y1).fold(f32::MIN, f32::max);
            by_column[c].push(fragments.len());
            let figures = ws.iter().filter(|w| matches!(parse_value(&w.text), Value::Number(n) if n.scale > 0 || n.percent || w.text.contains(','))).count();
            fragments.push(Fragment {
                text: join_text(ws.iter().map(|w| w.text.as_str())),
                y0,
                y1,
                at: line.at,
                page: line.at.page.unwrap_or(0),
                line: b,
                figures,
            });
        }
    }
    let gaps = gaps_of(&fragments, &by_column).ok_or(Retry::After(end))?;
    let as_fragment = |word: &Word, line: usize| Fragment {
        text: String::new(),
        y0: word.y0,
        y1: word.y1,
        at: lines[line].at,
        page: lines[line].at.page.unwrap_or(0),
        line,
        figures: 0,
    };
    // The last header line is the first line of a body cell (a paragraph's gap below it).
    let starts_body = lines[j].words.iter().any(|word| {
        let Some(c) = cluster_of(word, &columns) else { return false };
        by_column[c].first().is_some_and(|f| gaps.same_cell(&as_fragment(word, j), &fragments[*f]))
    });
    if starts_body {
        return Err(Retry::Header(j.saturating_sub(1)));
    }
    // A header line below a rule in every column it has a word in starts a row of the body.
    let row_start = (i + 1..=j).find(|k| {
        lines[*k].words.iter().all(|word| {
            let Some(c) = cluster_of(word, &columns) else { return false };
            let above =
                lines[i..*k].iter().enumerate().flat_map(|(n, l)| l.words.iter().map(move |w| (i + n, w))).filter(|(_, w)| cluster_of(w, &columns) == Some(c));
            let nearest = above.max_by(|a, b| a.1.y1.total_cmp(&b.1.y1));
            nearest.is_some_and(|(n, w)| !gaps.same_cell(&as_fragment(w, n), &as_fragment(word, *k)) && w.y1 < word.y0)
        })
    });
    if let Some(k) = row_start {
        return Err(Retry::Header(k - 1));
    }
    let mut reading = rows_of(&fragments, blocks_of(&fragments, &by_column, &gaps), &gaps, columns.len(), bottom);
    // Lines after the table with text in the first column only (`其他说明`, `无`) are not its rows.
    while reading.parts.last().is_some_and(|part| part.cells.iter().skip(1).all(Option::is_none) && part.covered.iter().all(Option::is_none)) {
        let part = reading.parts.pop().expect("some");
        let first = part.cells.iter().flatten().flat_map(|(b, _)| reading.blocks[*b].fragments.iter()).map(|f| fragments[*f].line).min();
        end = end.min(first.unwrap_or(end));
    }
    if reading.parts.len() < 2 || !text_table(&reading, &fragments) {
        return Err(Retry::After(end));
    }
    // Each column's header, a header over several columns (`持股比例(%)` over `直接`, `间接`)
    // heading each of them.
    let header = (0..columns.len())
        .map(|c| {
            let mut words: Vec<&&Word> = header_words.iter().filter(|w| cluster_of(w, &columns).map_or(overlaps(w, columns[c]), |k| k == c)).collect();
            words.sort_by(|a, b| (a.y0 + a.y1).total_cmp(&(b.y0 + b.y1)).then(a.x0.total_cmp(&b.x0)));
            join_text(words.iter().map(|w| w.text.as_str()))
        })
        .collect();
    let rows = (0..reading.parts.len()).map(|p| row_of(&reading, p, &fragments)).collect();
    Ok(Found { start: i, end, table: Table { header, rows, unit: None, at: lines[i].at } })
}

/// The number of pieces of a header line (text only, each short, no sentence), or `None`.
fn header_pieces(line: &Line, cell_gap: f32) -> Option<usize> {
    let mut pieces: Vec<Vec<&str>> = Vec::new();
    let mut last_x1 = f32::MIN;
    for word in &line.words {
        if pieces.is_empty() || word.x0 - last_x1 >= cell_gap {
            pieces.push(Vec::new());
        }
        pieces.last_mut().expect("pushed").push(&word.text);
        last_x1 = word.x1;
    }
    let short = |piece: &Vec<&str>| {
        let text = join_text(piece.iter().copied());
        text.chars().count() <= HEADER_PIECE && parse_value(&text) == Value::Text && !text.contains(['。', '，', '；', '：', ':', '□', '√'])
    };
    (!pieces.is_empty() && pieces.iter().all(short)).then_some(pieces.len())
}

/// Whether `line` ends a table whatever its columns: a `□适用` box, a unit statement, or a
/// numbered heading standing at the table's left (`left`: the first column's header's right).
fn ends_table(line: &Line, left: f32) -> bool {
    let text = text_of(line);
    let boxed = ["□适用", "√适用", "□不适用", "√不适用", "□是", "√是"].iter().any(|b| text.contains(b));
    let heading = line.words.first().is_some_and(|w| w.x0 < left) && heading_of(&text, line.at).is_some();
    boxed || unit_statement(&text).is_some() || heading
}

/// Whether every word of `line` stands in at most one column, the gaps between columns
/// (`free`, narrowed by the words placed) left open.
fn fits(line: &Line, columns: &[(f32, f32)], free: &mut [(f32, f32)]) -> bool {
    for word in &line.words {
        let over: Vec<usize> = (0..columns.len()).filter(|c| overlaps(word, columns[*c])).collect();
        match over[..] {
            [] => {}
            [c] => {
                if c > 0 {
                    free[c - 1].1 = free[c - 1].1.min(word.x0);
                }
                if c + 1 < columns.len() {
                    free[c].0 = free[c].0.max(word.x1);
                }
            }
            _ => return false,
        }
    }
    free.iter().all(|(lo, hi)| lo < hi)
}

fn overlaps(word: &Word, column: (f32, f32)) -> bool {
    word.x0 < column.1 - TOUCH && word.x1 > column.0 + TOUCH
}

/// The column a body word stands in: the one it overlaps, else the side of the gap between
/// columns it stands on.
fn column_of(word: &Word, columns: &[(f32, f32)], free: &[(f32, f32)]) -> usize {
    if let Some(c) = (0..columns.len()).find(|c| overlaps(word, columns[*c])) {
        return c;
    }
    let Some(k) = (0..free.len()).find(|k| word.x0 >= columns[*k].1 - TOUCH && word.x1 <= columns[*k + 1].0 + TOUCH) else {
        return if word.x1 <= columns[0].0 + TOUCH { 0 } else { columns.len() - 1 };
    };
    // Right of the gap's free part, or else nearer its right side than its left.
    let (lo, hi) = free[k];
    let right = word.x0 >= hi - TOUCH || (word.x1 > lo + TOUCH && word.x0 - lo >= hi - word.x1);
    if right { k + 1 } else { k }
}

/// The header column a header word is in.
fn cluster_of(word: &Word, columns: &[(f32, f32)]) -> Option<usize> {
    columns.iter().position(|c| word.x0 >= c.0 - TOUCH && word.x1 <= c.1 + TOUCH)
}

/// The header words but those over several columns (`质押或冻结情况` over `股份状态` and
/// `数量`, a title over the whole header): a word is over several columns where the other
/// words under or over it stand apart.
fn unspanned<'a>(words: &[&'a Word]) -> Vec<&'a Word> {
    words
        .iter()
        .copied()
        .filter(|w| {
            let under: Vec<&Word> =
                words.iter().copied().filter(|o| !std::ptr::eq(*o, *w) && (o.y0 - w.y0).abs() > 1.0 && o.x0 < w.x1 - TOUCH && o.x1 > w.x0 + TOUCH).collect();
            clusters(&under).len() < 2
        })
        .collect()
}

/// The horizontal extents of `words` where they overlap, left to right.
fn clusters(words: &[&Word]) -> Vec<(f32, f32)> {
    let mut extents: Vec<(f32, f32)> = words.iter().map(|w| (w.x0, w.x1)).collect();
    extents.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in extents {
        match out.last_mut() {
            Some(last) if x0 < last.1 - TOUCH => last.1 = last.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

/// The gaps between a table's lines: the smallest shared by a fifth of the gaps under a
/// line's height (a paragraph's lines), and a wider one (a rule between rows) seen too;
/// `None` where the table shows no such pair.
fn gaps_of(fragments: &[Fragment], by_column: &[Vec<usize>]) -> Option<Gaps> {
    let height = median(fragments.iter().map(|f| f.y1 - f.y0).collect())?;
    let mut small: Vec<f32> = Vec::new();
    for column in by_column {
        for pair in column.windows(2) {
            let (a, b) = (&fragments[pair[0]], &fragments[pair[1]]);
            let gap = b.y0 - a.y1;
            if a.page == b.page && gap > -0.5 && gap < height {
                small.push(gap);
            }
        }
    }
    small.sort_by(f32::total_cmp);
    let enough = (small.len() / 5).max(2);
    let line = *small.iter().enumerate().find(|(n, v)| small[*n..].iter().take_while(|w| **w <= **v + 0.2).count() >= enough)?.1;
    let widest_line = small.iter().copied().filter(|g| *g <= line + 0.2).fold(line, f32::max);
    let rule = small.iter().copied().find(|g| *g > line + 0.25 && *g < line + 0.4 * height)?;
    Some(Gaps { height, line, within: (widest_line + rule) / 2.0, rule })
}

/// Each column's fragments joined into cells, in the order of the columns and then down.
fn blocks_of(fragments: &[Fragment], by_column: &[Vec<usize>], gaps: &Gaps) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (column, ids) in by_column.iter().enumerate() {
        let mut current: Option<Block> = None;
        for &id in ids {
            let f = &fragments[id];
            match current.as_mut() {
                Some(block) if gaps.same_cell(&fragments[*block.fragments.last().expect("never empty")], f) => {
                    block.fragments.push(id);
                    block.y1 = block.y1.max(f.y1);
                }
                _ => {
                    blocks.extend(current.take());
                    current = Some(Block { column, fragments: vec![id], y0: f.y0, y1: f.y1, page: f.page });
                }
            }
        }
        blocks.extend(current);
    }
    blocks
}

/// A table's rows as read: the parts that are rows, continued rows joined; the cells
/// (blocks) they name; whether each group of rows is uncertain.
struct Reading {
    parts: Vec<Part>,
    blocks: Vec<Block>,
    uncertain: Vec<bool>,
}

/// The rows of the table. `header_bottom` is where the header ends on the first page.
fn rows_of(fragments: &[Fragment], mut blocks: Vec<Block>, gaps: &Gaps, width: usize, header_bottom: f32) -> Reading {
    let mut pages: Vec<u32> = blocks.iter().map(|b| b.page).collect();
    pages.sort_unstable();
    pages.dedup();
    let mut parts: Vec<Part> = Vec::new();
    let mut uncertain: Vec<bool> = Vec::new();
    for &page in &pages {
        // Groups: blocks that overlap vertically.
        let mut ids: Vec<usize> = (0..blocks.len()).filter(|b| blocks[*b].page == page).collect();
        ids.sort_by(|a, b| blocks[*a].y0.total_cmp(&blocks[*b].y0));
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut reach = f32::MIN;
        for id in ids {
            if groups.is_empty() || blocks[id].y0 >= reach {
                groups.push(Vec::new());
            }
            reach = reach.max(blocks[id].y1);
            groups.last_mut().expect("pushed").push(id);
        }
        for members in groups {
            let group = uncertain.len();
            let (group_parts, sure) = split_group(&members, &mut blocks, fragments, width, group);
            uncertain.push(!sure);
            let base = parts.len();
            parts.extend(group_parts.into_iter().map(|mut part| {
                part.covered.iter_mut().flatten().for_each(|origin| *origin += base);
                part
            }));
        }
    }
    // Every cell stands at its row's top or in its middle, or in the middle of rows it spans;
    // blank lines at a row's end (the gap to the next row wider than a rule) may take it lower.
    let tolerance = 0.3 * gaps.height;
    let spare = |gap: f32| (gap - gaps.rule - 0.5).max(0.0);
    let first_page = pages.first().copied();
    let above: Vec<f32> = (0..parts.len())
        .map(|p| match p.checked_sub(1).map(|q| &parts[q]) {
            Some(q) if q.page == parts[p].page => spare(parts[p].top - q.bottom),
            _ if Some(parts[p].page) == first_page => spare(parts[p].top - header_bottom),
            _ => 0.0,
        })
        .collect();
    let below: Vec<f32> =
        (0..parts.len()).map(|p| parts.get(p + 1).filter(|q| q.page == parts[p].page).map_or(0.0, |q| spare(q.top - parts[p].bottom))).collect();
    for p in 0..parts.len() {
        for c in 0..width {
            let Some((b, span)) = parts[p].cells[c] else { continue };
            let last = p + span - 1;
            let block = &blocks[b];
            let placed = |a: usize, z: usize| {
                let (top, bottom) = (parts[a].top, parts[z].bottom);
                let off = (block.y0 + block.y1) / 2.0 - (top + bottom) / 2.0;
                (block.y0 - top).abs() <= tolerance || (off >= -tolerance - above[a] / 2.0 && off <= tolerance + below[z] / 2.0)
            };
            if placed(p, last) {
                continue;
            }
            // A merged cell of rows before or after this one (a 承诺背景 in the middle of the
            // commitments it spans, its text all within the first).
            let page = parts[p].page;
            let start = (0..=p).rev().take_while(|q| parts[*q].page == page).last().unwrap_or(p);
            let stop = (p..parts.len()).take_while(|q| parts[*q].page == page).last().unwrap_or(p);
            let open = |a: usize, z: usize| (a..=z).all(|q| q == p || (parts[q].cells[c].is_none() && parts[q].covered[c].is_none()));
            let spanned = (start..=p).rev().find_map(|a| (last.max(a + 1)..=stop).find(|z| placed(a, *z) && open(a, *z)).map(|z| (a, z)));
            let Some((a, z)) = spanned else {
                uncertain[parts[p].group] = true;
                continue;
            };
            parts[p..=last].iter_mut().for_each(|q| q.covered[c] = None);
            parts[p].cells[c] = None;
            parts[a].cells[c] = Some((b, z - a + 1));
            parts[a + 1..=z].iter_mut().for_each(|q| q.covered[c] = Some(a));
        }
    }
    // The first row of a page that lacks a cell every other row has continues the row above.
    let first_of_page: Vec<bool> = (0..parts.len()).map(|p| p > 0 && parts[p].page != parts[p - 1].page).collect();
    let groups = uncertain.len();
    let mut has = vec![vec![false; width]; groups];
    for part in &parts {
        for (c, has) in has[part.group].iter_mut().enumerate() {
            *has |= part.cells[c].is_some() || part.covered[c].is_some();
        }
    }
    let candidate_groups: Vec<usize> = (0..parts.len()).filter(|p| first_of_page[*p]).map(|p| parts[p].group).collect();
    let whole: Vec<usize> = (0..groups).filter(|g| !candidate_groups.contains(g)).collect();
    let key: Vec<usize> = (0..width).filter(|c| whole.iter().all(|g| has[*g][*c])).collect();
    let mut size = vec![0usize; groups];
    for part in &parts {
        size[part.group] += 1;
    }
    let mut out: Vec<Part> = Vec::new();
    // Where each part went: its own row, or the row it continues.
    let mut moved: Vec<usize> = Vec::with_capacity(parts.len());
    for (p, part) in parts.into_iter().enumerate() {
        let continues = first_of_page[p] && key.iter().any(|c| !has[part.group][*c]);
        if first_of_page[p] && key.is_empty() {
            uncertain[part.group] = true;
        }
        moved.push(if continues && !out.is_empty() { out.len() - 1 } else { out.len() });
        let Some(previous) = out.last_mut().filter(|_| continues) else {
            out.push(part);
            continue;
        };
        // A row cut by the break is one part on each page: a cell merged across the break, or
        // rows of a group going on after the cut one, are not read with certainty.
        let merged = (0..width).any(|c| part.covered[c].is_some() || (part.cells[c].is_some() && previous.covered[c].is_some()));
        let (group, previous_group) = (part.group, previous.group);
        if merged || size[group] > 1 {
            uncertain[group] = true;
            uncertain[previous_group] = true;
        }
        // The continued row takes this part's fragments after its own, column by column.
        for c in 0..width {
            let Some((b, _)) = part.cells[c] else { continue };
            match previous.cells[c] {
                Some((a, _)) => {
                    let rest = blocks[b].fragments.clone();
                    blocks[a].fragments.extend(rest);
                }
                None => previous.cells[c] = Some((b, 1)),
            }
        }
        uncertain[previous_group] |= uncertain[group];
    }
    for part in &mut out {
        part.covered.iter_mut().flatten().for_each(|origin| *origin = moved[*origin]);
    }
    Reading { parts: out, blocks, uncertain }
}

/// The parts of one group of blocks: one row, or rows where columns hold several cells (the
/// gaps they agree on are the rules between them; a cell across a rule is merged), and
/// whether they are certain.
fn split_group(members: &[usize], blocks: &mut Vec<Block>, fragments: &[Fragment], width: usize, group: usize) -> (Vec<Part>, bool) {
    let page = blocks[members[0]].page;
    let mut by_column: Vec<Vec<usize>> = vec![Vec::new(); width];
    for &m in members {
        by_column[blocks[m].column].push(m);
    }
    for ids in &mut by_column {
        ids.sort_by(|a, b| blocks[*a].y0.total_cmp(&blocks[*b].y0));
    }
    // The rules: the gaps between a column's cells, those that overlap being one rule.
    let mut gaps: Vec<(f32, f32)> = Vec::new();
    for ids in &by_column {
        for pair in ids.windows(2) {
            gaps.push((blocks[pair[0]].y1, blocks[pair[1]].y0));
        }
    }
    gaps.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut sure = true;
    let mut rules: Vec<(f32, f32, f32)> = Vec::new(); // (from, to, narrowest gap)
    for (lo, hi) in gaps {
        match rules.last_mut() {
            Some(rule) if lo < rule.1 => {
                if hi <= rule.0 {
                    sure = false;
                }
                *rule = (rule.0.max(lo), rule.1.min(hi), rule.2.min(hi - lo));
            }
            _ => rules.push((lo, hi, hi - lo)),
        }
    }
    if rules.iter().any(|r| r.0 >= r.1) {
        sure = false;
        rules.clear();
    }
    // A cell across a rule is merged where its own lines there are closer than the rule's;
    // otherwise it is two cells the gaps did not tell apart.
    let mut i = 0;
    let mut all: Vec<usize> = members.to_vec();
    while i < all.len() {
        let b = all[i];
        i += 1;
        for rule in &rules {
            let block = &blocks[b];
            if !(block.y0 < rule.0 && block.y1 > rule.1) {
                continue;
            }
            let straddles = block.fragments.iter().any(|f| fragments[*f].y0 < rule.0 && fragments[*f].y1 > rule.1);
            let above: Vec<usize> = block.fragments.iter().copied().filter(|f| fragments[*f].y1 <= rule.1).collect();
            let below: Vec<usize> = block.fragments.iter().copied().filter(|f| fragments[*f].y0 >= rule.0).collect();
            let inner = match (above.last(), below.first()) {
                (Some(a), Some(z)) => fragments[*z].y0 - fragments[*a].y1,
                _ => f32::MAX,
            };
            if straddles || inner < rule.2 - 0.15 {
                continue;
            }
            // Split it at the rule.
            let upper = Block { column: block.column, fragments: above.clone(), y0: block.y0, y1: fragments[*above.last().expect("some")].y1, page };
            let lower = Block { column: block.column, fragments: below.clone(), y0: fragments[below[0]].y0, y1: block.y1, page };
            blocks[b] = upper;
            blocks.push(lower);
            all.push(blocks.len() - 1);
            i -= 1;
            break;
        }
    }
    // Parts between the rules.
    let bounds: Vec<f32> = rules.iter().map(|r| (r.0 + r.1) / 2.0).collect();
    let count = bounds.len() + 1;
    let mut parts: Vec<Part> =
        (0..count).map(|_| Part { cells: vec![None; width], covered: vec![None; width], top: f32::MAX, bottom: f32::MIN, page, group }).collect();
    let index_of = |y: f32| bounds.iter().filter(|b| **b < y).count();
    for &b in &all {
        let block = &blocks[b];
        let (first, last) = (index_of(block.y0), index_of(block.y1));
        if parts[first].cells[block.column].is_some() || parts[first].covered[block.column].is_some() {
            sure = false;
            let (a, _) = parts[first].cells[block.column].unwrap_or((b, 1));
            let moved = block.fragments.clone();
            if a != b {
                blocks[a].fragments.extend(moved);
            }
            continue;
        }
        parts[first].cells[block.column] = Some((b, last - first + 1));
        parts[first + 1..=last].iter_mut().for_each(|q| q.covered[block.column] = Some(first));
        if first == last {
            parts[first].top = parts[first].top.min(block.y0);
            parts[first].bottom = parts[first].bottom.max(block.y1);
        }
    }
    // A part of merged cells only is a rule the gaps made up; its extent, the rules around it.
    let (top, bottom) = all.iter().fold((f32::MAX, f32::MIN), |(t, b), id| (t.min(blocks[*id].y0), b.max(blocks[*id].y1)));
    for (q, part) in parts.iter_mut().enumerate() {
        if part.top > part.bottom {
            sure = false;
            part.top = if q == 0 { top } else { rules[q - 1].1 };
            part.bottom = if q + 1 == count { bottom } else { rules[q].0 };
        }
    }
    (parts, sure)
}

/// Whether `reading` is a table of text read as one: some row certain of a cell of text
/// wrapped over lines outside the first column (which the reading by figures cannot join),
/// and no cell of two figures, one under the other or side by side (a figure does not wrap
/// and a column holds one: that would be rows or columns not told apart).
fn text_table(reading: &Reading, fragments: &[Fragment]) -> bool {
    let figure = |f: &usize| matches!(parse_value(&fragments[*f].text), Value::Number(_));
    let cells = || reading.parts.iter().flat_map(|part| part.cells.iter().flatten().map(move |(b, _)| (part, &reading.blocks[*b])));
    let stacked = cells().any(|(_, block)| block.fragments.iter().filter(|f| figure(f)).count() >= 2);
    let side_by_side = fragments.iter().any(|f| f.figures >= 2);
    let wrapped = cells().any(|(part, block)| {
        let text = join_text(block.fragments.iter().map(|f| fragments[*f].text.as_str()));
        !reading.uncertain[part.group] && block.column > 0 && block.fragments.len() >= 2 && parse_value(&text) == Value::Text
    });
    wrapped && !stacked && !side_by_side
}

/// The row of part `p`: its cells' fragments joined, a merged cell repeated (`covered`) in
/// the rows it spans below its first.
fn row_of(reading: &Reading, p: usize, fragments: &[Fragment]) -> Row {
    let (part, blocks) = (&reading.parts[p], &reading.blocks);
    let cell_of = |b: usize, span: usize| -> Cell {
        let ids = &blocks[b].fragments;
        let mut text = fragments[ids[0]].text.clone();
        let mut lines = Vec::new();
        for f in &ids[1..] {
            // A cell's lines run on: Chinese, and a figure or a date cut anywhere (`2020/12/2` /
            // `9`, `2017.4.26-` / `2020.4.26`); Latin words were cut at a space (`H7N9` / `rBac`).
            let next = fragments[*f].text.trim();
            let (last, first) = (text.chars().next_back().unwrap_or(' '), next.chars().next().unwrap_or(' '));
            if last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric() && !(last.is_ascii_digit() && first.is_ascii_digit()) {
                text.push(' ');
            }
            lines.push((text.len(), fragments[*f].at));
            text.push_str(next);
        }
        let at = fragments[ids[0]].at;
        Cell { value: parse_value(&text), text, at, span: (u16::try_from(span).unwrap_or(u16::MAX), 1), covered: false, lines }
    };
    let at = part
        .cells
        .iter()
        .flatten()
        .flat_map(|(b, _)| blocks[*b].fragments.first())
        .min_by(|a, b| fragments[**a].y0.total_cmp(&fragments[**b].y0))
        .map_or_else(Location::default, |f| fragments[*f].at);
    let cells = (0..part.cells.len())
        .map(|c| match (part.cells[c], part.covered[c]) {
            (Some((b, span)), _) => cell_of(b, span),
            (None, Some(origin)) => match reading.parts.get(origin).and_then(|o| o.cells[c]).filter(|_| origin < p) {
                Some((b, span)) => Cell { covered: true, ..cell_of(b, span) },
                None => Cell { at, ..Cell::default() },
            },
            (None, None) => Cell { at, ..Cell::default() },
        })
        .collect();
    Row { cells, at, uncertain: reading.uncertain[part.group] }
}

fn median(mut values: Vec<f32>) -> Option<f32> {
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}

fn top_of(line: &Line) -> f32 {
    line.words.iter().map(|w| w.y0).fold(f32::MAX, f32::min)
}

fn bottom_of(line: &Line) -> f32 {
    line.words.iter().map(|w| w.y1).fold(f32::MIN, f32::max)
}

fn height_of(line: &Line) -> f32 {
    bottom_of(line) - top_of(line)
}

fn text_of(line: &Line) -> String {
    join_text(line.words.iter().map(|w| w.text.as_str()))
}

#[cfg(test)]
mod tests {
    use crate::model::{Block, Document, Table};
    use crate::pdf::read_bbox;

    /// A PDF's words as `pdftotext -bbox-layout` gives them: pages of `(x0, x1, y0, text)`,
    /// each word 10 points high.
    fn pdf(pages: &[Vec<(f32, f32, f32, &str)>]) -> Document {
        let mut xhtml = String::from("<doc>\n");
        for words in pages {
            xhtml += "<page width=\"595\" height=\"842\">\n";
            for (x0, x1, y0, text) in words {
                xhtml += &format!("<word xMin=\"{x0}\" yMin=\"{y0}\" xMax=\"{x1}\" yMax=\"{}\">{text}</word>\n", y0 + 10.0);
            }
            xhtml += "</page>\n";
        }
        read_bbox(&(xhtml + "</doc>")).unwrap()
    }

    fn tables(doc: &Document) -> Vec<&Table> {
        doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    fn texts(table: &Table) -> Vec<Vec<&str>> {
        table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect()
    }

    /// Lines of a cell are 15 points apart (a gap of 5), rows 15.5 (a rule's half point more);
    /// the short cells stand in the middle of their row, the content at its top.
    #[test]
    fn commitments_centred_wrapped_and_broken_by_a_page() {
        let header = |y: f32| {
            vec![
                (10.0, 40.0, y, "承诺背景"),
                (50.0, 80.0, y, "承诺类型"),
                (90.0, 120.0, y, "承诺方"),
                (200.0, 240.0, y, "承诺内容"),
                (300.0, 340.0, y, "是否及时"),
                (300.0, 340.0, y + 7.0, "严格履行"),
            ]
        };
        let mut first = vec![(10.0, 200.0, 40.0, "二、承诺事项履行情况"), (10.0, 60.0, 55.0, "√适用"), (70.0, 120.0, 55.0, "□不适用")];
        first.extend(header(75.0));
        first.extend([
            // Row 1: three lines of content, the short cells (and 承诺背景) on the middle one.
            (130.0, 290.0, 97.5, "本公司承诺招股说明书不存在"),
            (130.0, 290.0, 112.5, "虚假记载、误导性陈述或者重大"),
            (10.0, 40.0, 112.5, "与首次公开"),
            (50.0, 80.0, 112.5, "其他"),
            (90.0, 120.0, 112.5, "公司"),
            (300.0, 310.0, 112.5, "是"),
            (130.0, 290.0, 127.5, "遗漏。"),
            (10.0, 40.0, 127.5, "发行相关的"),
            (10.0, 40.0, 142.5, "承诺"),
            // Row 2: two lines, short cells between them.
            (130.0, 290.0, 143.0, "自上市之日起36个月内不转让"),
            (50.0, 80.0, 150.5, "股份限售"),
            (90.0, 120.0, 150.5, "黄杰"),
            (300.0, 310.0, 150.5, "是"),
            (130.0, 290.0, 158.0, "所持股份。"),
            // Row 3: two lines here, the rest on the next page.
            (130.0, 290.0, 173.5, "本人及本人控制的其他企业将"),
            (50.0, 80.0, 181.0, "解决同业竞争"),
            (90.0, 120.0, 181.0, "黄杰"),
            (300.0, 310.0, 181.0, "是"),
            (130.0, 290.0, 188.5, "不从事与公司构成竞争的"),
        ]);
        let second = vec![
            (130.0, 290.0, 40.0, "业务，避免同业竞争。"),
            // Row 4: one line.
            (130.0, 290.0, 55.5, "公司将严格履行上述承诺事项。"),
            (50.0, 80.0, 55.5, "其他"),
            (90.0, 120.0, 55.5, "公司"),
            (300.0, 310.0, 55.5, "是"),
            (10.0, 300.0, 90.0, "三、报告期内资金被占用情况及清欠进展情况"),
        ];
        let doc = pdf(&[first, second]);
        let found = tables(&doc);
        assert_eq!(found.len(), 1, "{:#?}", doc.blocks);
        let table = found[0];
        assert_eq!(table.header, ["承诺背景", "承诺类型", "承诺方", "承诺内容", "是否及时严格履行"]);
        assert_eq!(
            texts(table),
            [
                ["与首次公开发行相关的承诺", "其他", "公司", "本公司承诺招股说明书不存在虚假记载、误导性陈述或者重大遗漏。", "是"],
                ["与首次公开发行相关的承诺", "股份限售", "黄杰", "自上市之日起36个月内不转让所持股份。", "是"],
                ["", "解决同业竞争", "黄杰", "本人及本人控制的其他企业将不从事与公司构成竞争的业务，避免同业竞争。", "是"],
                ["", "其他", "公司", "公司将严格履行上述承诺事项。", "是"],
            ]
        );
        assert!(table.rows.iter().all(|r| !r.uncertain));
        // The 承诺背景 stands across the rule between the first two rows: it spans both.
        assert_eq!((table.rows[0].cells[0].span, table.rows[1].cells[0].covered), ((2, 1), true));
        // A row is where its first line is; a cell's lines are each where they were printed.
        assert_eq!((table.rows[2].at.page, table.rows[2].at.line), (Some(1), 11));
        let content = &table.rows[2].cells[3];
        assert_eq!(content.lines.iter().map(|(_, at)| (at.page, at.line)).collect::<Vec<_>>(), [(Some(1), 13), (Some(2), 1)]);
        assert_eq!(&content.text[content.lines[1].0..], "业务，避免同业竞争。");
    }

    /// The officers' holdings: cells at the top of their rows, a position and a date wrapped,
    /// one person's two positions in rows of their own under the name and holdings that span
    /// both (set in their middle).
    #[test]
    fn officers_top_aligned_with_a_name_over_two_positions() {
        let words = vec![
            (10.0, 30.0, 60.0, "姓名"),
            (50.0, 80.0, 60.0, "职务"),
            (100.0, 140.0, 54.0, "任期起始"),
            (110.0, 130.0, 67.0, "日期"),
            (160.0, 200.0, 60.0, "年初持股数"),
            (210.0, 250.0, 60.0, "年末持股数"),
            // 张三: 13 points a line (a gap of 3), 13.5 between rows.
            (10.0, 30.0, 80.5, "张三"),
            (50.0, 80.0, 80.5, "董事、总"),
            (100.0, 140.0, 80.5, "2019年5"),
            (170.0, 200.0, 80.5, "1,000"),
            (220.0, 250.0, 80.5, "1,000"),
            (50.0, 60.0, 93.5, "裁"),
            (100.0, 140.0, 93.5, "月21日"),
            // 李四: two positions, a row each; the name and holdings in the middle of both.
            (50.0, 80.0, 107.0, "董事会秘"),
            (100.0, 140.0, 107.0, "2019年8"),
            (50.0, 60.0, 120.0, "书"),
            (100.0, 140.0, 120.0, "月21日"),
            (10.0, 30.0, 126.75, "李四"),
            (190.0, 200.0, 126.75, "0"),
            (220.0, 250.0, 126.75, "300,000"),
            (50.0, 80.0, 133.5, "副总裁"),
            (100.0, 140.0, 133.5, "2020年8"),
            (100.0, 140.0, 146.5, "月13日"),
            (10.0, 30.0, 160.0, "合计"),
            (50.0, 60.0, 160.0, "/"),
            (100.0, 110.0, 160.0, "/"),
            (170.0, 200.0, 160.0, "1,000"),
            (220.0, 250.0, 160.0, "301,000"),
        ];
        let doc = pdf(&[words]);
        let found = tables(&doc);
        assert_eq!(found.len(), 1, "{:#?}", doc.blocks);
        let table = found[0];
        assert_eq!(table.header, ["姓名", "职务", "任期起始日期", "年初持股数", "年末持股数"]);
        assert_eq!(
            texts(table),
            [
                ["张三", "董事、总裁", "2019年5月21日", "1,000", "1,000"],
                ["李四", "董事会秘书", "2019年8月21日", "0", "300,000"],
                ["李四", "副总裁", "2020年8月13日", "0", "300,000"],
                ["合计", "/", "/", "1,000", "301,000"],
            ]
        );
        let (first, second) = (&table.rows[1].cells, &table.rows[2].cells);
        assert_eq!((first[0].span, first[0].covered, second[0].covered, second[1].covered), ((2, 1), false, true, false));
        assert_eq!(first[4].value.number().unwrap().value.to_string(), "300000");
        assert!(table.rows.iter().all(|r| !r.uncertain));
    }

    /// A table of figures, none wrapped, stays the layout step's (its rows are told apart by
    /// their figures, and its gaps show no rule).
    #[test]
    fn a_table_of_figures_is_left_to_the_layout() {
        let mut words = vec![(10.0, 30.0, 60.0, "项目"), (100.0, 140.0, 60.0, "本期金额"), (160.0, 200.0, 60.0, "上期金额"), (210.0, 250.0, 60.0, "变动比例")];
        for (n, label) in ["营业收入", "营业成本", "销售费用"].iter().enumerate() {
            let y = 75.0 + 13.5 * n as f32;
            words.extend([(10.0, 50.0, y, *label), (100.0, 140.0, y, "1,000.00"), (160.0, 200.0, y, "900.00"), (220.0, 250.0, y, "11.11")]);
        }
        let doc = pdf(&[words]);
        let found = tables(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].header, ["项目", "本期金额", "上期金额", "变动比例"]);
        assert_eq!(found[0].rows.len(), 3);
    }
}
