//! The hand-made checks of the real annual reports in `tests/fixtures/annual-reports`:
//! for each report, `checks/<report>.toml` holds single-figure errors planted by hand (each
//! breaking a relation the filing states, with the places a finding may name) and the
//! facts `ingest` should read, read by hand. The verify and ingest tests and
//! `scripts/measure-reading.sh` use them alike.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

/// The real annual reports the project is developed on.
pub fn reports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/annual-reports")
}

/// One report's checks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// The report's file name, beside the `checks` folder.
    pub report: String,
    /// The planted errors.
    #[serde(default)]
    pub planted: Vec<Planted>,
    /// Case path → value as the case format writes it.
    #[serde(default)]
    pub facts: std::collections::BTreeMap<String, String>,
    /// The errors the report as published has, each recomputed by hand.
    #[serde(default)]
    pub filed: Vec<Filed>,
}

/// An error the report as published has.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filed {
    /// The rule that finds it.
    pub rule: String,
    /// Where.
    pub at: Place,
    /// The arithmetic, checked by hand.
    pub why: String,
}

/// One wrong figure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Planted {
    /// Where in the report, in Chinese.
    pub section: String,
    /// The relation the filing states, which the change breaks.
    pub relation: String,
    /// The text changed: in a PDF, one word of `pdftotext -bbox-layout`; else the file's text.
    pub find: String,
    /// Which occurrence of `find`, from 1.
    #[serde(default = "first")]
    pub nth: usize,
    /// What it becomes.
    pub replace: String,
    /// The places a finding of the broken relation may name.
    pub at: Vec<Place>,
    /// Why dudao does not catch it yet, for a planted error it misses (the test holds it
    /// missed, so the note goes when it is caught).
    pub missed: Option<String>,
}

fn first() -> usize {
    1
}

/// A page (for paged forms) and line.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// The page, for PDF and JSON pages or lines.
    pub page: Option<u32>,
    /// The line (on the page, or of the file).
    pub line: u32,
}

impl Checks {
    /// Every report's checks, by report name.
    pub fn all() -> Vec<Checks> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(reports_dir().join("checks")).expect("checks folder").map(|e| e.expect("entry").path()).collect();
        paths.sort();
        paths.iter().map(|p| Checks::load(p)).collect()
    }

    /// The checks in the file at `path`.
    pub fn load(path: &Path) -> Checks {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The report's path.
    pub fn report_path(&self) -> PathBuf {
        reports_dir().join(&self.report)
    }
}

/// Whether the report is a PDF, read through its word boxes.
pub fn is_pdf(report: &Path) -> bool {
    report.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// The text a report is read from: its word boxes (`pdftotext -bbox-layout`) for a PDF,
/// the file's text otherwise.
pub fn source_of(report: &Path) -> String {
    if is_pdf(report) {
        let output =
            Command::new("pdftotext").args(["-bbox-layout", "-enc", "UTF-8"]).arg(report).arg("-").output().expect("pdftotext (poppler-utils) is installed");
        return String::from_utf8(output.stdout).expect("UTF-8 word boxes");
    }
    std::fs::read_to_string(report).unwrap_or_else(|e| panic!("{}: {e}", report.display()))
}

/// `source` with the planted change made: the `nth` occurrence of `find` (a whole word of a
/// PDF's word boxes) replaced.
pub fn plant(source: &str, pdf: bool, planted: &Planted) -> String {
    let (find, replace) =
        if pdf { (format!(">{}</word>", planted.find), format!(">{}</word>", planted.replace)) } else { (planted.find.clone(), planted.replace.clone()) };
    let (at, _) = source
        .match_indices(&find)
        .nth(planted.nth - 1)
        .unwrap_or_else(|| panic!("“{}” occurs fewer than {} times ({})", planted.find, planted.nth, planted.section));
    format!("{}{replace}{}", &source[..at], &source[at + find.len()..])
}
