//! How well dudao reads real annual reports, as a reviewer would measure it: for each
//! report, the claims `verify` checks and the errors it reports on the filing as published
//! (every one a false alarm unless shown otherwise), the hand-planted wrong figures of its
//! `checks/<report>.toml` caught at their place, and the facts `ingest` reads right against
//! those read by hand. `scripts/measure-reading.sh` runs it on the project's reports.
//!
//! `cargo run --release -p dudao-ingest --example measure -- [REPORT|FOLDER]…`

use std::path::{Path, PathBuf};

use dudao_model::Severity;
use dudao_reader::{Form, read_file, read_str};
use dudao_testkit::planted::{Checks, is_pdf, plant, source_of};

fn main() {
    let mut reports: Vec<PathBuf> = Vec::new();
    for argument in std::env::args().skip(1) {
        let path = PathBuf::from(argument);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&path).expect("a folder").map(|e| e.expect("an entry").path()).filter(|p| p.is_file()).collect();
            found.sort();
            reports.extend(found);
        } else {
            reports.push(path);
        }
    }
    println!("| report | claims checked | errors on the filing | planted caught | ingest facts right |");
    println!("|---|---|---|---|---|");
    let mut notes = Vec::new();
    for report in &reports {
        let name = report.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let doc = match read_file(report) {
            Ok(doc) => doc,
            Err(e) => {
                println!("| {name} | unreadable: {e} | | | |");
                continue;
            }
        };
        let verified = dudao_verify::verify(&doc, &name);
        let claims: usize = verified.checked.values().sum();
        let errors: Vec<String> =
            verified.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| format!("{name}: {} {}", f.rule, f.message)).collect();
        let checks_path = report.parent().unwrap_or(Path::new(".")).join("checks").join(format!("{name}.toml"));
        let checks = checks_path.is_file().then(|| Checks::load(&checks_path));
        let (caught, facts) = match &checks {
            Some(checks) => (planted_caught(report, checks, &mut notes), facts_right(&doc, &name, checks, &mut notes)),
            None => ("—".to_owned(), "—".to_owned()),
        };
        println!("| {name} | {claims} | {} | {caught} | {facts} |", errors.len());
        notes.extend(errors);
    }
    if !notes.is_empty() {
        println!();
        for note in notes {
            println!("- {note}");
        }
    }
}

/// `caught / planted`, noting each one missed.
fn planted_caught(report: &Path, checks: &Checks, notes: &mut Vec<String>) -> String {
    let source = source_of(report);
    let form = if is_pdf(report) { Form::Pdf } else { Form::of_file(report) };
    let mut caught = 0;
    for planted in &checks.planted {
        let doc = read_str(&plant(&source, is_pdf(report), planted), form).expect("a planted report reads as the filing does");
        let errors: Vec<(Option<u32>, u32, String)> = dudao_verify::verify(&doc, &checks.report)
            .findings
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .filter_map(|f| f.evidence.first().map(|o| (o.page, o.line, f.rule.clone())))
            .collect();
        if errors.iter().any(|(page, line, _)| planted.at.iter().any(|p| p.page == *page && p.line == *line)) {
            caught += 1;
        } else {
            let elsewhere: Vec<String> = errors.iter().map(|(page, line, rule)| format!("{rule} at {page:?}/{line}")).collect();
            notes.push(format!(
                "{}: planted {} → {} ({}) not caught at {:?}{}",
                checks.report,
                planted.find,
                planted.replace,
                planted.section,
                planted.at.iter().map(|p| (p.page, p.line)).collect::<Vec<_>>(),
                if elsewhere.is_empty() { String::new() } else { format!("; errors elsewhere: {}", elsewhere.join(", ")) }
            ));
        }
    }
    format!("{caught} / {}", checks.planted.len())
}

/// `right / read by hand`, noting each fact missed or read wrong.
fn facts_right(doc: &dudao_reader::Document, name: &str, checks: &Checks, notes: &mut Vec<String>) -> String {
    let extracted = match dudao_ingest::extract(doc, name) {
        Ok(extracted) => extracted.facts,
        Err(e) => {
            notes.push(format!("{name}: ingest refused: {e}"));
            Vec::new()
        }
    };
    let mut right = 0;
    for (path, expected) in &checks.facts {
        match extracted.iter().find(|f| &f.path == path) {
            Some(fact) if &fact.value == expected => right += 1,
            Some(fact) => notes.push(format!("{name}: {path} read as “{}”, should be “{expected}”", fact.value)),
            None => notes.push(format!("{name}: {path} not read (should be “{expected}”)")),
        }
    }
    // Identity read where the hand reading found none is a wrong fact too.
    let extra: Vec<&dudao_ingest::Extract> = extracted
        .iter()
        .filter(|f| f.path.starts_with("company.") && !f.path.starts_with("company.total_shares") && !checks.facts.contains_key(&f.path))
        .collect();
    for fact in &extra {
        notes.push(format!("{name}: {} read as “{}”, which the report does not print", fact.path, fact.value));
    }
    format!("{right} / {}{}", checks.facts.len(), if extra.is_empty() { String::new() } else { format!(" ({} extra)", extra.len()) })
}
