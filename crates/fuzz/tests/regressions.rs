//! The inputs that made dudao panic (issue 14's fuzzing, and this harness's): case files
//! now refused with a located message (each the example case with one change), and
//! disclosures now verified without a panic (`tests/crashes/`, as the fuzzer found them).

use dudao_calendar::Calendar;
use dudao_fuzz::{case_seeds, exercise_case, exercise_disclosure, root};
use dudao_reader::Form;
use dudao_rules::Rulebook;

fn refused(file: &str, from: &str, to: &str, message: &str) {
    let mut files = case_seeds().remove(0);
    let text = files.get(file).unwrap().to_owned();
    assert_eq!(text.matches(from).count(), 1, "{from} once in {file}");
    files.set(file, text.replace(from, to));
    let outcome = std::panic::catch_unwind(|| exercise_case(&files, Calendar::embedded(), &Rulebook::shipped()));
    let error = outcome.unwrap_or_else(|_| panic!("{file}: {to} panicked")).expect_err("refused");
    assert!(error.contains(file) && error.contains(message), "{error}");
}

#[test]
fn the_panics_found_by_fuzzing_are_refused() {
    // A decimal division by zero: total shares of zero.
    refused("company.toml", "shares = 47462175", "shares = 0", "总股本应为正数");
    // A decimal multiplication overflow: shares × price.
    refused("events.toml", "average_price = \"51.97\"", "average_price = \"999999999999999999.99\"", "超出合理范围");
    refused("events.toml", "shares = 20000", "shares = 999999999999999999", "超出合理范围");
    // An over-long figure `rust_decimal` could not hold.
    refused("events.toml", "average_price = \"51.97\"", "average_price = \"51.97000000000000000001\"", "位数过多");
    // A date jiff could not construct from a day count: a listing date far ahead.
    refused("company.toml", "listing_date = 2021-03-16", "listing_date = 9999-12-31", "超出可判断的日期范围");
}

#[test]
fn the_disclosures_that_made_verify_panic_are_verified() {
    let dir = root().join("crates/fuzz/tests/crashes");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for form in [Form::Text, Form::Markdown] {
            let outcome = std::panic::catch_unwind(|| exercise_disclosure(form, &text));
            assert!(outcome.is_ok(), "{} as {form:?} panicked", path.display());
        }
        seen += 1;
    }
    assert_eq!(seen, 3);
}
