//! `sources.toml`: where each fact `dudao ingest` wrote into a case was read — the
//! document, its page (for a paged one) and line — with the value as read, so a source
//! is shown only while the case still states that value (a person who corrects a figure
//! makes it theirs).
//!
//! ```toml
//! "financials.2019.revenue" = { document = "2020-04-16_四方科技_603339_2019年年度报告.pdf", page = 5, line = 29, value = "1,175,301,034.32" }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::fact::Origin;
use crate::load::{CaseFiles, InputError, parse_toml};

/// The file of a case that records sources.
pub const SOURCES_FILE: &str = "sources.toml";

/// Where one fact was read.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document's file name.
    pub document: String,
    /// The 1-based page, for a paged document.
    #[serde(default)]
    pub page: Option<u32>,
    /// The 1-based line (on the page, for a paged document; of the source, for HTML).
    pub line: u32,
    /// The value as read, as the case writes it.
    pub value: String,
}

impl Source {
    /// The place in the document, as an [`Origin`].
    pub fn origin(&self) -> Origin {
        Origin { file: self.document.as_str().into(), page: self.page, line: self.line }
    }
}

/// The case's sources by fact path (`financials.2019.revenue`); empty without a
/// `sources.toml`.
pub fn read_sources(dir: &Path, files: &CaseFiles) -> Result<BTreeMap<String, Source>, InputError> {
    files.get(SOURCES_FILE).map_or_else(|| Ok(BTreeMap::new()), |text| parse_toml(&dir.join(SOURCES_FILE), SOURCES_FILE, text))
}
