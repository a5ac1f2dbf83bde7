//! Parse, don't validate: every string a case file holds is changed, one at a time, to a
//! near miss (a stray letter typed in its middle: `trading` → `tradxing`, `20,000` →
//! `20,x000`, a holder's name with one character more). The case must then either be
//! refused with a message naming the file, line and field, or be judged exactly as before
//! (the string was free text). A finding that disappears or appears is a silently
//! changed result, which this test exists to rule out.

use std::collections::BTreeMap;
use std::path::Path;

use dudao_calendar::Calendar;
use dudao_model::{CaseFiles, Date, parse_case};
use dudao_rules::{Rulebook, check};
use dudao_testkit::{example_dir, fictional_dir};
use toml_edit::{DocumentMut, Item, Value};

/// What a judgement is, for comparing two: each finding's rule, kind, severity and date.
fn judgement(dir: &Path, files: &CaseFiles, on: Date) -> Result<BTreeMap<String, usize>, dudao_model::InputError> {
    let case = parse_case(dir, files)?;
    let mut counts = BTreeMap::new();
    for f in check(&case, Calendar::embedded(), on, &Rulebook::shipped()) {
        *counts.entry(format!("{} {} {} {:?}", f.rule, f.kind.id(), f.severity.id(), f.date)).or_insert(0) += 1;
    }
    Ok(counts)
}

/// The same string with an `x` typed in its middle.
fn near_miss(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let middle = chars.len() / 2;
    chars[..middle].iter().chain(&['x']).chain(&chars[middle..]).collect()
}

/// Visits every string value under `item`, in document order, counting them in `seen`;
/// the `target`-th is replaced by its near miss. Returns the original text when replaced.
fn mutate_item(item: &mut Item, target: usize, seen: &mut usize) -> Option<String> {
    match item {
        Item::Value(value) => mutate_value(value, target, seen),
        Item::Table(table) => table.iter_mut().find_map(|(_, item)| mutate_item(item, target, seen)),
        Item::ArrayOfTables(tables) => tables.iter_mut().find_map(|table| table.iter_mut().find_map(|(_, item)| mutate_item(item, target, seen))),
        Item::None => None,
    }
}

fn mutate_value(value: &mut Value, target: usize, seen: &mut usize) -> Option<String> {
    match value {
        Value::String(text) => {
            *seen += 1;
            if *seen - 1 != target {
                return None;
            }
            let original = text.value().clone();
            let decor = text.decor().clone();
            *value = Value::from(near_miss(&original));
            *value.decor_mut() = decor;
            Some(original)
        }
        Value::Array(items) => items.iter_mut().find_map(|v| mutate_value(v, target, seen)),
        Value::InlineTable(table) => table.iter_mut().find_map(|(_, v)| mutate_value(v, target, seen)),
        _ => None,
    }
}

/// Every near miss of every string of every TOML file of the case in `dir`.
fn assert_no_near_miss_changes_the_judgement(dir: &Path, on: Date) -> usize {
    let files = CaseFiles::read(dir).unwrap();
    let baseline = judgement(dir, &files, on).unwrap();
    let mut silent = Vec::new();
    let mut tried = 0;
    let paths: Vec<String> = files.iter().map(|(p, _)| p.to_owned()).filter(|p| p.ends_with(".toml")).collect();
    for path in paths {
        let text = files.get(&path).unwrap().to_owned();
        for target in 0.. {
            let mut document: DocumentMut = text.parse().unwrap();
            let Some(original) = mutate_item(document.as_item_mut(), target, &mut 0) else { break };
            tried += 1;
            let mut mutated = files.clone();
            mutated.set(&path, document.to_string());
            match judgement(dir, &mutated, on) {
                Err(error) => {
                    // A misspelt name may be caught where it is used rather than where it
                    // is defined: any case file will do, with its line and field.
                    let located = error.file.starts_with(dir) && error.line.is_some() && error.field.is_some();
                    if !located {
                        silent.push(format!("{path} “{original}”: refused without file and line: {error}"));
                    }
                }
                Ok(changed) if changed != baseline => {
                    let gone: Vec<&String> = baseline.keys().filter(|k| changed.get(*k) != baseline.get(*k)).collect();
                    let new: Vec<&String> = changed.keys().filter(|k| changed.get(*k) != baseline.get(*k)).collect();
                    silent.push(format!("{path} “{original}” → “{}”: accepted, findings changed: {gone:?} → {new:?}", near_miss(&original)));
                }
                Ok(_) => {}
            }
        }
    }
    assert!(silent.is_empty(), "{} of {tried} near misses changed the result silently:\n{}", silent.len(), silent.join("\n"));
    tried
}

#[test]
fn no_near_miss_in_the_example_changes_its_findings_silently() {
    let tried = assert_no_near_miss_changes_the_judgement(&example_dir(), Date::ymd(2026, 11, 24));
    assert!(tried > 100, "every string of the example is tried ({tried})");
}

#[test]
fn no_near_miss_in_the_fictional_case_changes_its_findings_silently() {
    assert_no_near_miss_changes_the_judgement(&fictional_dir(), Date::ymd(2026, 11, 24));
}
