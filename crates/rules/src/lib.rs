//! The rulebook: what a sponsor must do, by when, and whether it has.
//!
//! Rules are data where they can be (`rulebook/*.toml`: day counts, day kinds, triggers,
//! citations, and how sure we are of each); this crate interprets them against a case.
//!
//! - [`obligations()`] — the sponsor's dated duties (`rulebook/obligations.toml`).
//! - [`schedule()`] — every duty of a case over its supervision period, with the due date
//!   counted on the right calendar and a status (done, open, overdue, trigger missing …)
//!   as of a date.
//! - [`Rulebook`] — the rules of `rulebook/*.toml`, one file per regulation, each with its
//!   versions in force by date, parameters (overridable by a user's file), severity,
//!   message and source; [`check()`] judges a case by all of them, through the small units
//!   in `checks/`, and returns findings.
//!
//! Decisions: rules do no I/O beyond reading their embedded tables; a fact the case lacks
//! is reported as missing (naming the file and field to fill in), never guessed.

mod checks;
mod coverage;
mod deadlines;
mod obligations;
mod params;
mod rulebook;

pub use checks::{ALL as CHECKS, Check, Context, check};
pub use coverage::outside_calendar;
pub use deadlines::{Due, Duty, Schedule, Status, TriggerState, UnusedFunds, clock, schedule};
pub use obligations::{DoneBy, Obligation, Trigger, obligations};
pub use params::{Exact, ParamError, Params};
pub use rulebook::{Rule, Rulebook, Version, show};
