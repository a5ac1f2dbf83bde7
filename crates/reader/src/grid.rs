//! Tables given as rows of cells (HTML's `<tr>`/`<td>`, the rows of a dataset's JSON lines)
//! laid out as a dense grid honouring spans, then cut into tables: the leading rows
//! without figures are the header, a later row of years starts a new table, and a table
//! continued after a page break is joined to the one before it.

use crate::model::{Block, Cell, Location, Row, Table, Unit, Value};
use crate::value::{has_year, parse_value};

/// A table whose grid would hold more positions than this is skipped, so memory stays
/// bounded whatever the spans say.
pub(crate) const MAX_CELLS: usize = 100_000;

/// A cell as written: its text and where, and the spans it asks for (clamped).
pub(crate) struct RawCell {
    /// `(byte offset, location)` of each line of the text after the first.
    pub(crate) lines: Vec<(usize, Location)>,
    pub(crate) text: String,
    pub(crate) at: Location,
    pub(crate) rows: usize,
    pub(crate) columns: usize,
}

/// A row as written: its cells and the line of its `<tr>` (or first cell).
pub(crate) struct RawRow {
    pub(crate) cells: Vec<RawCell>,
    pub(crate) line: u32,
}

/// The tables of one table's rows as written (one table, or several where a row of years
/// starts another); none for an empty table or one beyond what the budget has left.
pub(crate) fn tables_of_rows(raw: Vec<RawRow>, unit: Option<Unit>, budget: &mut Budget) -> Vec<Table> {
    grid_of(raw, budget).map_or_else(Vec::new, |grid| tables_of(grid, unit))
}

/// A position of the grid: a cell, or a copy of the cell spanning it.
struct Slot {
    cell: Cell,
    /// The number of the cell written in the markup that this position shows.
    origin: usize,
}

/// What the grids of one document may take, so that spans cannot multiply memory or time
/// beyond the size of the input.
pub(crate) struct Budget {
    /// Bytes of text the copies of spanning cells may still take: a cell of huge text
    /// spanning many positions.
    pub(crate) copies: usize,
    /// Grid positions all tables may still have: each written cell costs some bytes of
    /// markup, so a real document's grids stay far below a quarter of its bytes, while
    /// spans of hundreds on every cell of hundreds of tables would not.
    pub(crate) positions: usize,
}

/// A table as a dense grid: every row as wide as the widest.
struct Grid {
    rows: Vec<Vec<Slot>>,
    /// Where each row is: its first own cell, else its `<tr>`.
    at: Vec<Location>,
}

/// Lays the cells out in a grid honouring their spans; `None` for an empty table, one over
/// `MAX_CELLS` positions, or one over what the document's budget has left.
fn grid_of(raw: Vec<RawRow>, budget: &mut Budget) -> Option<Grid> {
    let height = raw.len();
    if height == 0 || height > MAX_CELLS || raw.iter().map(|r| r.cells.len()).sum::<usize>() > MAX_CELLS {
        return None;
    }
    let lines: Vec<u32> = raw.iter().map(|r| r.line).collect();
    // Which cell (by number) each position shows, and whether it is a copy.
    let mut places: Vec<Vec<Option<(usize, bool)>>> = (0..height).map(|_| Vec::new()).collect();
    let mut cells: Vec<RawCell> = Vec::new();
    let mut width = 0usize;
    for (r, row) in raw.into_iter().enumerate() {
        let mut column = 0usize;
        for cell in row.cells {
            while places[r].get(column).is_some_and(Option::is_some) {
                column += 1;
            }
            // A span reaches no further than the table's last row, as in a browser.
            let rows = cell.rows.min(height - r);
            let columns = cell.columns;
            width = width.max(column + columns);
            if width.saturating_mul(height) > MAX_CELLS.min(budget.positions) {
                return None;
            }
            let number = cells.len();
            for (dr, place_row) in places[r..r + rows].iter_mut().enumerate() {
                if place_row.len() < column + columns {
                    place_row.resize(column + columns, None);
                }
                for (dc, place) in place_row[column..column + columns].iter_mut().enumerate() {
                    // Overlapping spans: the first cell keeps the position.
                    if place.is_none() {
                        *place = Some((number, dr > 0 || dc > 0));
                    }
                }
            }
            cells.push(RawCell { rows, ..cell });
            column += columns;
        }
    }
    budget.positions -= width * height;
    let mut grid = Grid { rows: Vec::new(), at: Vec::new() };
    for (r, place_row) in places.into_iter().enumerate() {
        // A `<tr>` with no cells and nothing spanning into it shows nothing.
        if place_row.iter().all(Option::is_none) {
            continue;
        }
        let own = place_row.iter().flatten().find(|(_, covered)| !covered).or(place_row.iter().flatten().next());
        let at = own.map_or(Location { page: None, line: lines[r] }, |(n, _)| cells[*n].at);
        let mut slots = Vec::with_capacity(width);
        for place in place_row.into_iter().chain(std::iter::repeat(None)).take(width) {
            slots.push(match place {
                Some((n, covered)) => {
                    let written = &cells[n];
                    let text = if !covered {
                        written.text.clone()
                    } else if let Some(left) = budget.copies.checked_sub(written.text.len()) {
                        budget.copies = left;
                        written.text.clone()
                    } else {
                        String::new()
                    };
                    let value = parse_value(&text);
                    let span = (u16::try_from(written.rows).unwrap_or(u16::MAX), u16::try_from(written.columns).unwrap_or(u16::MAX));
                    Slot {
                        cell: Cell { text, value, at: written.at, span, covered, lines: if covered { Vec::new() } else { written.lines.clone() } },
                        origin: n,
                    }
                }
                None => {
                    Slot { cell: Cell { text: String::new(), value: Value::Text, at, span: (1, 1), covered: false, lines: Vec::new() }, origin: usize::MAX }
                }
            });
        }
        grid.rows.push(slots);
        grid.at.push(at);
    }
    (!grid.rows.is_empty()).then_some(grid)
}

/// A figure, a change in points or `不适用` outside the label column: a body row's mark.
fn has_figure(row: &[Slot]) -> bool {
    row.iter().skip(1).any(|s| matches!(s.cell.value, Value::Number(_) | Value::Points(_) | Value::NotApplicable))
}

/// Whether a row without figures below the first header row is more header: it heads
/// some column (a row with only a label, `流动资产：`, is a section of the body) and is
/// not one cell across the table (`承诺投资项目`, a section label too).
fn continues_header(row: &[Slot]) -> bool {
    let heads_a_column = row.iter().skip(1).any(|s| !s.cell.text.is_empty());
    let across = row.iter().all(|s| s.origin == row[0].origin);
    heads_a_column && !across
}

/// A row without figures that names two years or more: the header of a table that goes
/// on in the same grid.
fn is_year_header(row: &[Slot]) -> bool {
    !has_figure(row) && row.iter().skip(1).filter(|s| !s.cell.covered && has_year(&s.cell.text)).count() >= 2
}

/// The grid as tables: header rows, then body rows, cut where a row of years starts again.
fn tables_of(grid: Grid, unit: Option<Unit>) -> Vec<Table> {
    let n = grid.rows.len();
    // Whether a row below each row has figures.
    let mut figures_after = vec![false; n];
    for r in (0..n.saturating_sub(1)).rev() {
        figures_after[r] = figures_after[r + 1] || has_figure(&grid.rows[r + 1]);
    }
    let mut tables = Vec::new();
    let mut start = 0;
    while start < n {
        let mut body_start = start;
        while body_start < n && !has_figure(&grid.rows[body_start]) && (body_start == start || continues_header(&grid.rows[body_start])) {
            body_start += 1;
        }
        if body_start == n {
            // No figures at all (a table of names or text): only the first row is a
            // header, so the rest stay rows rather than one run-on header.
            body_start = start + 1;
        }
        // A row of years starts a new table when figures follow it.
        let mut end = body_start;
        while end < n && !(end > start && is_year_header(&grid.rows[end]) && figures_after[end]) {
            end += 1;
        }
        tables.push(table_of(&grid, start, body_start, end, unit));
        start = end;
    }
    tables
}

/// Rows `start..body` as the header and `body..end` as the rows of one table.
fn table_of(grid: &Grid, start: usize, body: usize, end: usize, unit: Option<Unit>) -> Table {
    let width = grid.rows.first().map_or(0, Vec::len);
    let header_rows = &grid.rows[start..body];
    let header = (0..width)
        .map(|column| {
            let mut joined = String::new();
            let mut above = None;
            for row in header_rows {
                let slot = &row[column];
                // A cell spanning rows is read once, not once per row it covers.
                if !(slot.cell.covered && above == Some(slot.origin)) {
                    joined.push_str(&slot.cell.text);
                }
                above = Some(slot.origin);
            }
            joined
        })
        .collect();
    let rows = (body..end)
        .map(|r| {
            let cells: Vec<Cell> = grid.rows[r].iter().map(|s| s.cell.clone()).collect();
            let at = cells.iter().find(|c| matches!(c.value, Value::Number(_))).map_or(grid.at[r], |c| c.at);
            Row { cells, at, uncertain: false }
        })
        .collect();
    Table { header, rows, unit, at: grid.at[start] }
}

/// Joins a table to the one before it when it is that table's continuation after a page
/// break: right after it, with as many columns, and a "header" that is no header — only
/// the rest of the last row's wrapped cells (`栓` / `塞`) or nothing.
pub(crate) fn join_continued_tables(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let (Some(Block::Table(previous)), Block::Table(next)) = (out.last_mut(), &block)
            && !previous.rows.is_empty()
            && previous.header.len() == next.header.len()
            && next.header.first().is_none_or(|h| h.trim().is_empty())
            && next.header.iter().all(|h| h.chars().count() <= 2)
        {
            let Block::Table(next) = block else { unreachable!("matched above") };
            if let Some(last) = previous.rows.last_mut() {
                for (cell, rest) in last.cells.iter_mut().zip(&next.header) {
                    if !rest.is_empty() {
                        cell.text.push_str(rest);
                        cell.value = parse_value(&cell.text);
                    }
                }
            }
            previous.rows.extend(next.rows);
            continue;
        }
        out.push(block);
    }
    out
}
