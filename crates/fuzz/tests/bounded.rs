//! CI's share of fuzzing: each target for a few seconds from a fixed seed, and no panic.
//! Long runs are `cargo run --release -p dudao-fuzz -- TARGET --seconds N` (docs/fuzzing.md).

use std::time::Duration;

use dudao_fuzz::{Target, run};

fn bounded(target: Target) {
    let outcome = run(target, Duration::from_secs(8), 20261129);
    assert!(outcome.runs > 20, "the harness ran: {outcome:?}");
    assert!(outcome.refused > 0, "mutations reach the refusals: {outcome:?}");
    assert!(outcome.crashes.is_empty(), "{:#?}", outcome.crashes);
}

#[test]
fn cases_never_panic() {
    bounded(Target::Case);
}

#[test]
fn disclosures_never_panic() {
    bounded(Target::Disclosure);
}

#[test]
fn record_forms_never_panic_and_what_they_accept_loads() {
    let outcome = run(Target::Forms, Duration::from_secs(8), 20261129);
    assert!(outcome.crashes.is_empty(), "{:#?}", outcome.crashes);
    assert!(outcome.refused > 0 && outcome.runs > outcome.refused, "forms both refused and accepted: {outcome:?}");
}
