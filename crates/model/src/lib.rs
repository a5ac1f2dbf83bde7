//! The facts of a supervised company, and how they are read from a case folder.
//!
//! A *case* is a folder of plain TOML and Markdown files that a sponsor's team edits by
//! hand (`docs/case-format.md` describes it). [`load_case`] turns it into a typed
//! [`Case`] or an [`InputError`] naming the file, line and field at fault.
//!
//! Decisions that shape the crate:
//! - Figures are exact ([`Amount`], [`Shares`], [`Percent`], [`Price`]): parsed from the
//!   text the user typed, keeping unit and precision, never through `f64`.
//! - Every fact remembers where it was written ([`Fact`], [`Origin`]), so anything judged
//!   from it can point back at the case file.
//! - This crate does no rendering, no rule checking, and knows no SQL, HTTP or JSON.
//!
//! ```no_run
//! let case = dudao_model::load_case(std::path::Path::new("examples/qingcloud"))?;
//! println!("{}", case.company.company.short_name);
//! # Ok::<(), dudao_model::InputError>(())
//! ```

mod case;
mod choice;
mod date;
mod derived;
mod drafts;
mod fact;
mod facts;
mod finding;
mod load;
mod metric;
mod number;
mod period;
pub mod records;
pub mod schema;
mod sources;
mod supervision;

pub use case::*;
pub use choice::{Choice, choices};
pub use date::{Date, DayKind, DayOrMonth};
pub use derived::{ProjectCumulative, Sum};
pub use drafts::{DRAFTS_FILE, Draft, confirm, drafts_text, read_drafts};
pub use fact::{Fact, Origin};
pub use facts::{CaseFact, case_facts};
pub use finding::{Citation, Computation, Finding, Grade, Kind, Severity};
pub use load::{CASE_TOML_FILES, CaseFiles, InputError, load_case, parse_case, parse_toml, read_toml_file};
pub use metric::{METRICS, Metric, MetricKind, OTHER_FIGURES, metric_in, metric_of_label};
pub use number::{Amount, Percent, PlainNumber, Price, Shares, Unit, format_grouped, format_plain};
pub use period::Period;
pub use sources::{SOURCES_FILE, Source, read_sources};
pub use supervision::{SupervisionPeriod, full_years_after_listing, supervision_period};
