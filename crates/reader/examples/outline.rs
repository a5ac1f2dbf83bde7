//! Prints what the reader makes of a file: headings, paragraph starts, and tables with
//! their headers and rows. `cargo run -p dudao-reader --example outline -- FILE`
use dudao_reader::{Block, read_file};

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let doc = read_file(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => println!("# {} {} [{}]", h.numbering.as_deref().unwrap_or(""), h.title, h.at),
            Block::Paragraph(p) => println!("P {} [{}]", p.text.chars().take(60).collect::<String>(), p.location_at(0)),
            Block::Table(t) => {
                println!("T [{}] unit={:?} header={:?}", t.at, t.unit, t.header);
                for r in &t.rows {
                    let cells: Vec<String> = r.cells.iter().map(|c| c.text.clone()).collect();
                    println!("  {}{:?} [{}]", if r.uncertain { "?" } else { "" }, cells, r.at);
                }
            }
        }
    }
}
