//! Verification of any disclosure: every numeric claim dudao recognises is recomputed from
//! the figures the same document gives elsewhere.
//!
//! ```text
//! dudao_reader::Document ──claims::ALL──► tables first (key data, quarters, non-recurring
//!   items, totals, ledgers; their figures become facts), then the prose against them
//!   ──► findings (the project's one judgment type) and the claims checked, by kind
//! ```
//!
//! Decisions:
//! - No I/O: the reader reads files; this crate takes a read document.
//! - Tables are read by their structure (year, change and quarter columns from headers,
//!   metrics from exact row labels, a 合计 row as the total of the rows above it only when
//!   nothing in between says otherwise); a table that cannot be mapped with confidence
//!   yields no claim. Silence over guessing.
//! - Tolerances come from the printed precision of every figure in a comparison, so a
//!   rounding difference is `info` and only a real one is an `error`; every finding carries
//!   its terms, result, stated figure and tolerance, and the page and line of the figure.
//!
//! ```
//! use dudao_reader::{Form, read_str};
//! let doc = read_str("单位：元\n项目  2023年  2022年  本期比上年同期增减(%)\n营业收入  110.00  100.00  10.00\n", Form::Text).unwrap();
//! let verified = dudao_verify::verify(&doc, "example.txt");
//! assert!(verified.findings.is_empty());
//! assert_eq!(verified.checked["verify.table-change"], 1);
//! ```

mod claims;
mod scan;
mod stream;

use std::collections::BTreeMap;

pub use claims::{ALL as CLAIM_KINDS, ClaimKind};
use dudao_model::Finding;

/// What verifying one document found.
#[derive(Debug, Default)]
pub struct Verified {
    /// Claims that do not hold, or hold only within rounding (`info`), in document order.
    pub findings: Vec<Finding>,
    /// How many claims of each kind were checked, whether they held or not.
    pub checked: BTreeMap<&'static str, usize>,
}

/// Verifies `doc`, read from the file named `file` (named in the findings' evidence).
pub fn verify(doc: &dudao_reader::Document, file: &str) -> Verified {
    claims::check(doc, file)
}
