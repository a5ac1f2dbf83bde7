//! Every sentence a `verified` rule version or duty quotes (between “ and ”) is in the
//! regulation texts bundled under tests/fixtures/regulations (or the seed report, for the
//! standard work items): a citation the bundled text contradicts, or a quote nobody can
//! find, fails here. Line breaks, spaces and the page numbers the PDF copies carry are
//! ignored; “……” marks an omission, so each part is looked for on its own.

use std::path::Path;

use dudao_model::Grade;
use dudao_rules::{Rulebook, obligations};

fn texts() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut all = String::new();
    for entry in std::fs::read_dir(root.join("regulations")).unwrap() {
        all += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
    }
    all += &std::fs::read_to_string(root.join("qingcloud-2023-tracking-report.txt")).unwrap();
    normalize(&all)
}

/// Without whitespace and without the `755/781` page marks of the PDF copies.
fn normalize(text: &str) -> String {
    let pages = regex::Regex::new(r"\d{3}/\d{3}").unwrap();
    pages.replace_all(text, "").chars().filter(|c| !c.is_whitespace()).collect()
}

/// The parts of the quotes in `source` worth looking for (six characters or more).
fn quoted(source: &str) -> Vec<String> {
    source
        .split('“')
        .skip(1)
        .filter_map(|rest| rest.split_once('”').map(|(quote, _)| quote))
        .flat_map(|quote| quote.split(['…', '‘', '’']).map(normalize).collect::<Vec<_>>())
        .filter(|part| part.chars().count() >= 6)
        .collect()
}

#[test]
fn every_verified_quote_is_in_the_bundled_texts() {
    let texts = texts();
    let mut checked = 0;
    let mut missing = Vec::new();
    let rulebook = Rulebook::shipped();
    let versions = rulebook.rules().iter().flat_map(|r| r.versions.iter().map(move |v| (r.id.as_str(), v.grade, v.source.as_str())));
    let duties = obligations().iter().map(|o| (o.id.as_str(), o.grade, o.source.as_str()));
    for (id, _, source) in versions.chain(duties).filter(|(_, e, _)| *e == Grade::Verified) {
        for part in quoted(source) {
            checked += 1;
            if !texts.contains(&part) {
                missing.push(format!("{id}: {part}"));
            }
        }
    }
    assert!(missing.is_empty(), "quoted but not in the bundled texts:\n{}", missing.join("\n"));
    assert!(checked >= 10, "the verified versions quote their texts ({checked} parts checked)");
}
