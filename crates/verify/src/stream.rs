//! The document's running text as one stream for the prose claims: its paragraphs in
//! order (tables left out, so no sentence runs into a table's figures), every byte mapped
//! back to the page and line it came from.

use dudao_reader::{Block, Document, Location};

/// The paragraphs' text, joined, and the map back to locations.
pub struct Stream {
    /// The text: each paragraph after a newline.
    pub text: String,
    /// `(byte offset in text, location)` at the start of each source line.
    starts: Vec<(usize, Location)>,
    /// `(block index, bytes of text)` of each paragraph block.
    paragraphs: Vec<(usize, (usize, usize))>,
}

impl Stream {
    /// The prose of `doc`: its paragraphs, and sentences set in a cell that spans a
    /// table's whole row.
    pub fn new(doc: &Document) -> Stream {
        let size: usize = doc.blocks.iter().map(|b| if let Block::Paragraph(p) = b { p.text.len() + 1 } else { 0 }).sum();
        let mut text = String::with_capacity(size);
        let mut starts = Vec::new();
        let mut paragraphs = Vec::new();
        let mut push = |lines: &[(usize, Location)], body: &str| {
            // The newline between paragraphs belongs to the one it opens.
            let base = text.len() + 1;
            text.push('\n');
            starts.extend(lines.iter().map(|(offset, at)| (if *offset == 0 { base - 1 } else { base + offset }, *at)));
            text.push_str(body);
            (base - 1, text.len())
        };
        for (index, block) in doc.blocks.iter().enumerate() {
            match block {
                Block::Paragraph(p) => paragraphs.push((index, push(&p.lines, &p.text))),
                // A cell spanning a whole row with sentences in it is prose set in a table
                // (`募集资金总体使用情况说明` in an HTML report).
                Block::Table(t) => {
                    for row in &t.rows {
                        let Some(first) = row.cells.first() else { continue };
                        let spans_row = row.cells.iter().skip(1).all(|c| c.covered && c.text == first.text);
                        if row.cells.len() > 1 && spans_row && first.text.contains('。') {
                            let lines: Vec<(usize, Location)> = std::iter::once((0, first.at)).chain(first.lines.iter().copied()).collect();
                            push(&lines, &first.text);
                        }
                    }
                }
                Block::Heading(_) => {}
            }
        }
        Stream { text, starts, paragraphs }
    }

    /// The bytes of the paragraphs right before block `index` (up to three, none past a
    /// heading or a table): the sentences that introduce a table.
    pub fn paragraphs_before(&self, index: usize) -> Option<(usize, usize)> {
        let after = self.paragraphs.partition_point(|(block, _)| *block < index);
        let mut first = None;
        let mut expected = index;
        for (block, span) in self.paragraphs[..after].iter().rev().take(3) {
            if *block + 1 != expected {
                break;
            }
            expected = *block;
            first = Some(span.0);
        }
        Some((first?, self.paragraphs[after.checked_sub(1)?].1.1))
    }

    /// Each paragraph with the byte it starts at in the text.
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text.split('\n').scan(0, |start, paragraph| {
            let at = *start;
            *start += paragraph.len() + 1;
            Some((at, paragraph))
        })
    }

    /// The location of the line the byte `offset` came from.
    pub fn location_at(&self, offset: usize) -> Location {
        let i = self.starts.partition_point(|(start, _)| *start <= offset);
        self.starts.get(i.saturating_sub(1)).map_or_else(Location::default, |(_, at)| *at)
    }

    /// Up to 76 characters around `start..end`: the claim as it reads (a claim's subject
    /// clause and its change together run to some 60).
    pub fn excerpt(&self, start: usize, end: usize) -> String {
        let before: String = self.text[..start].chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
        let claim: String = self.text[start..end].chars().take(64).collect();
        format!("{before}{claim}").replace('\n', "")
    }
}
