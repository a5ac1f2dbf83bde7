//! Every fact a case states, flat: `financials.2023.revenue = 335,693,624.77` and the file
//! and line it was written on — what a reviewer asks for when a figure is questioned
//! ("where does this come from?"). Read from the TOML files as written, so the listing
//! shows exactly what the case says, in the files' own order.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::fact::{Origin, line_starts};
use crate::load::{CaseFiles, InputError};
use crate::sources::{SOURCES_FILE, Source, read_sources};

/// One fact of a case: its path (file stem, then keys and `[index]`), its value as
/// written, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFact {
    /// `financials.2023.revenue`, `company.total_shares[0].shares`, `worklog.2023.items.5.done`.
    pub path: String,
    /// The value as written (a string without its quotes).
    pub value: String,
    /// The file and line.
    pub origin: Origin,
    /// For a fact `dudao ingest` wrote and nobody has changed since: the document, page
    /// and line it was read from (`sources.toml`).
    pub source: Option<Origin>,
}

/// The facts of the case's TOML files (narratives are prose, not listed), each with its
/// source document where ingest recorded one. A file that is not valid TOML is an error
/// naming it.
pub fn case_facts(dir: &std::path::Path, files: &CaseFiles) -> Result<Vec<CaseFact>, InputError> {
    let sources = read_sources(dir, files)?;
    let mut out = Vec::new();
    for (path, text) in files.iter().filter(|(path, _)| path.ends_with(".toml") && *path != SOURCES_FILE) {
        let table = DeTable::parse(text).map_err(|e| InputError::in_file(dir.join(path), format!("不是有效的 TOML：{}", e.message())))?;
        let prefix = path.trim_end_matches(".toml").replace('/', ".");
        let walk = Walk { file: path, text, line_starts: line_starts(text) };
        let start = out.len();
        walk.table(&prefix, table.get_ref(), &mut out);
        out[start..].sort_by_key(|f| f.origin.line);
    }
    for fact in &mut out {
        fact.source = sources.get(&fact.path).filter(|s| s.value == fact.value).map(Source::origin);
    }
    Ok(out)
}

struct Walk<'a> {
    file: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl Walk<'_> {
    fn table(&self, prefix: &str, table: &DeTable, out: &mut Vec<CaseFact>) {
        for (key, value) in table {
            self.value(&format!("{prefix}.{}", key.get_ref()), value, out);
        }
    }

    fn value(&self, path: &str, value: &Spanned<DeValue>, out: &mut Vec<CaseFact>) {
        match value.get_ref() {
            DeValue::Table(table) => self.table(path, table, out),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(&format!("{path}[{i}]"), item, out);
                }
            }
            DeValue::String(s) => out.push(self.fact(path, s.to_string(), value.span().start)),
            _ => {
                let written = self.text.get(value.span()).unwrap_or("").trim().to_owned();
                out.push(self.fact(path, written, value.span().start));
            }
        }
    }

    fn fact(&self, path: &str, value: String, offset: usize) -> CaseFact {
        let line = self.line_starts.partition_point(|s| *s <= offset).max(1) as u32;
        CaseFact { path: path.to_owned(), value, origin: Origin::at_line(self.file, line), source: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_case_listed_with_lines() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingcloud");
        let files = CaseFiles::read(&dir).unwrap();
        let facts = case_facts(&dir, &files).unwrap();
        let find = |path: &str| facts.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path}"));
        let revenue = find("financials.2023.revenue");
        assert_eq!(revenue.value, "335,693,624.77");
        assert_eq!(revenue.origin.to_string(), "financials.toml:7");
        assert_eq!(find("company.company.stock_code").value, "688316");
        assert_eq!(find("company.total_shares[0].shares").value, "47462175");
        assert_eq!(find("company.company.listing_date").value, "2021-03-16");
        assert_eq!(find("financials.2023.intellectual_property[0].total_granted").value, "19");
    }
}
