//! The rulebook: what a sponsor must do, by when, and whether it has.
//!
//! Rules are data where they can be (`rulebook/*.toml`: day counts, day kinds, triggers,
//! citations, and how sure we are of each); this crate interprets them against a case.
//!
//! - [`obligations()`] — the sponsor's dated duties (`rulebook/obligations.toml`).
//! - [`schedule()`] — every duty of a case over its supervision period, with the due date
//!   counted on the right calendar and a status (done, open, overdue, trigger missing …)
//!   as of a date.
//!
//! Decisions: rules do no I/O beyond reading their embedded tables; a fact the case lacks
//! is reported as missing (naming the file and field to fill in), never guessed.

mod deadlines;
mod obligations;

pub use deadlines::{Due, Duty, Schedule, Status, TriggerState, UnusedFunds, clock, schedule};
pub use obligations::{DoneBy, Evidence, Obligation, Trigger, obligations};
