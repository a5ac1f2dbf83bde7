//! Verification of any disclosure text: every numeric claim dudao recognises is recomputed
//! from the figures the same text gives elsewhere.
//!
//! ```text
//! input (text from a PDF, Markdown or HTML) ──text──► one stream, lines remembered
//!   ──claims::ALL──► tables first (their figures become facts), then prose, sums, products
//!   ──► discrepancies: rule, severity, line, excerpt, message
//! ```
//!
//! Decisions:
//! - No I/O: the caller reads files (and runs `pdftotext`); this crate takes text.
//! - Tolerances come from the printed precision of every figure in a comparison, so a
//!   rounding difference is `info` and only a real one is an `error`.
//! - A claim is only checked when its figures are found with confidence; an unrecognised
//!   sentence is left alone rather than guessed at.
//!
//! ```
//! use dudao_verify::{Form, verify};
//! let found = verify("营业收入 110.00 100.00 10.00 90.00", Form::Text);
//! assert!(found.is_empty());
//! ```

mod claims;
mod scan;
mod text;

pub use claims::{ALL as CLAIM_KINDS, ClaimKind, Discrepancy};
pub use text::Form;

/// Verifies `input`, written in `form`: the discrepancies found, by line.
pub fn verify(input: &str, form: Form) -> Vec<Discrepancy> {
    claims::check(&text::Document::new(input, form))
}
