//! A file too large to read whole is read and verified in parts (`dudao_reader::parts`):
//! every table cell and every finding of the parts is one the whole file gives, at the
//! same place, and the parts hold the file's text. Real files, cut small so the test stays fast: the seed
//! (text by line), the seed paged with form feeds every 60 lines, and a real annual
//! report's JSON pages.

use std::path::{Path, PathBuf};

use dudao_model::Finding;
use dudao_reader::{Block, Document, Form, Part, parts, read_str};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

fn shown(f: &Finding) -> String {
    format!("{:?} {} {}", f.evidence, f.rule, f.message)
}

/// Every table cell of `doc`, with where it was read.
fn cells(doc: &Document) -> Vec<String> {
    let tables = doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None });
    tables.flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter().map(|c| format!("{} {}", c.at, c.text)))).collect()
}

/// The table cells and the findings of a read, each as text with its place.
type Read = (Vec<String>, Vec<String>);

/// `path` read and verified whole and in parts of `part_bytes`: (what the whole gives,
/// what the parts give, and the parts).
fn both(path: &Path, part_bytes: usize) -> (Read, Read, Vec<Part>) {
    let form = Form::of_path(path);
    let whole = read_str(&std::fs::read_to_string(path).unwrap(), form).unwrap();
    let whole_findings = dudao_verify::verify(&whole, "f").findings.iter().map(shown).collect();
    let parts: Vec<Part> = parts(path, part_bytes).unwrap().map(Result::unwrap).collect();
    let docs: Vec<Document> = parts.iter().map(|p| p.read(form).unwrap()).collect();
    let found = docs.iter().flat_map(|d| dudao_verify::verify(d, "f").findings).map(|f| shown(&f)).collect();
    ((cells(&whole), whole_findings), (docs.iter().flat_map(cells).collect(), found), parts)
}

fn agree(path: &Path, part_bytes: usize, expected_parts: std::ops::RangeInclusive<usize>) -> Vec<Part> {
    let ((whole_cells, whole), (part_cells, found), parts) = both(path, part_bytes);
    assert!(expected_parts.contains(&parts.len()), "{} parts", parts.len());
    for finding in &found {
        assert!(whole.contains(finding), "{finding}\nnot among the whole file's:\n{whole:#?}");
    }
    let misplaced: Vec<&String> = part_cells.iter().filter(|c| !whole_cells.contains(c)).collect();
    assert!(misplaced.is_empty(), "cells read in parts but not so in the whole: {misplaced:?}");
    // Only tables cut by a part boundary read differently.
    assert!(part_cells.len() * 10 >= whole_cells.len() * 8, "{} of {} cells", part_cells.len(), whole_cells.len());
    parts
}

#[test]
fn text_in_parts_finds_what_the_whole_finds_at_the_same_lines() {
    let path = fixture("qingcloud-2023-tracking-report.txt");
    let parts = agree(&path, 8 << 10, 3..=6);
    assert_eq!(parts.iter().map(|p| p.text.as_str()).collect::<String>(), std::fs::read_to_string(&path).unwrap());
    assert_eq!(parts[0].start.lines, 0);
    assert_eq!(parts[1].start.lines, parts[0].text.lines().count() as u32);
}

#[test]
fn paged_text_in_parts_keeps_page_numbers() {
    let scratch = std::env::temp_dir().join(format!("dudao-parts-{}.txt", std::process::id()));
    let seed = std::fs::read_to_string(fixture("qingcloud-2023-tracking-report.txt")).unwrap();
    let lines: Vec<&str> = seed.lines().collect();
    let paged = lines.chunks(60).map(|page| page.join("\n") + "\n").collect::<Vec<_>>().join("\u{c}");
    std::fs::write(&scratch, &paged).unwrap();
    let parts = agree(&scratch, 8 << 10, 3..=6);
    std::fs::remove_file(&scratch).unwrap();
    // Each part begins with a page: the pages before it are those of the parts before it.
    let pages_before: Vec<u32> = parts.iter().map(|p| p.start.pages).collect();
    let counted: Vec<u32> = parts.iter().scan(0, |before, p| Some(std::mem::replace(before, *before + p.text.matches('\u{c}').count() as u32 + 1))).collect();
    assert_eq!(pages_before, counted);
}

#[test]
fn json_pages_in_parts_keep_their_page_numbers() {
    let parts = agree(&fixture("annual-reports/青岛港_601298_2019年年度报告_节选.jsonl.txt"), 16 << 10, 3..=5);
    assert!(parts.windows(2).all(|w| w[0].start.pages < w[1].start.pages), "{:?}", parts.iter().map(|p| p.start).collect::<Vec<_>>());
}
