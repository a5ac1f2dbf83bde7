//! The sections of an annual report a tracking report's narrative restates, as the
//! company wrote them: drafts for the sponsor to rewrite, each with where it starts.
//! Found by heading, as reports title them (`三、报告期内核心竞争力分析`,
//! `（四）可能面对的风险`), never by page.

use dudao_reader::{Block, Document, Location};

/// One section of the report, excerpted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The narrative file it drafts (`risks` for `narrative/YEAR/risks.md`).
    pub stem: &'static str,
    /// The section's heading as printed.
    pub heading: String,
    /// Its paragraphs, a blank line between them (tables left out: their figures are facts).
    pub text: String,
    /// Where the heading is.
    pub at: Location,
}

/// The narrative files of the STAR tracking report a section drafts, with the words its
/// heading holds, in order of preference.
const SECTIONS: &[(&str, &[&str])] = &[
    ("risks", &["可能面对的风险", "风险因素"]),
    ("competitiveness", &["核心竞争力分析"]),
    ("rd", &["研发投入", "研发进展"]),
    ("financial_changes", &["经营情况讨论与分析", "主要经营情况"]),
];

/// The sections of `doc` that draft the narrative, at most one a file: the first heading
/// below a part title (第X节) holding the words, with its paragraphs up to the next heading
/// of its level or above. A section without a paragraph of its own (a pointer elsewhere is
/// one) is left out.
pub fn excerpts(doc: &Document) -> Vec<Excerpt> {
    let mut found = Vec::new();
    for (stem, words) in SECTIONS {
        let excerpt = words.iter().find_map(|word| {
            doc.blocks.iter().enumerate().find_map(|(i, block)| match block {
                Block::Heading(h) if h.level >= 2 && h.title.contains(word) => section(doc, i, stem),
                _ => None,
            })
        });
        found.extend(excerpt);
    }
    found
}

/// The tick boxes of the disclosure forms: the section applies, or does not.
const APPLICABLE: &str = "√适用□不适用";
const NOT_APPLICABLE: &str = "□适用√不适用";

fn section(doc: &Document, start: usize, stem: &'static str) -> Option<Excerpt> {
    let Block::Heading(heading) = &doc.blocks[start] else { return None };
    let mut paragraphs = Vec::new();
    for block in &doc.blocks[start + 1..] {
        match block {
            Block::Heading(h) if h.level <= heading.level => break,
            Block::Heading(h) => paragraphs.push(format!("### {}{}", h.numbering.as_deref().unwrap_or(""), h.title)),
            Block::Paragraph(p) => {
                // The form's tick box (√适用□不适用) is not the company's text; a section
                // ticked 不适用 has none.
                let text = p.text.trim();
                if text.starts_with(NOT_APPLICABLE) {
                    return None;
                }
                let text = text.trim_start_matches(APPLICABLE).trim();
                if !text.is_empty() {
                    paragraphs.push(text.to_owned());
                }
            }
            _ => {}
        }
    }
    // A pointer ("详见第四节…") or a heading alone is not the company's account.
    let words: usize = paragraphs.iter().filter(|p| !p.starts_with("###")).map(|p| p.chars().count()).sum();
    if words < 40 {
        return None;
    }
    let mut text = paragraphs.join("\n\n");
    // Narratives are templates (they may cite computed figures); the company's text is not.
    if ["{{", "{%", "{#"].iter().any(|t| text.contains(t)) {
        text = format!("{{% raw %}}{text}{{% endraw %}}");
    }
    let printed = format!("{}{}", heading.numbering.as_deref().unwrap_or(""), heading.title);
    Some(Excerpt { stem, heading: printed, text: text + "\n", at: heading.at })
}
