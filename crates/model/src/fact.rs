//! Provenance: every fact remembers the file and line it was written on, so a finding or a
//! warning can point the user at it.

use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

/// Where a fact was written: a case file (relative to the case folder) and a 1-based line;
/// or, for a figure read from a disclosure, the document, its page (if paged) and the
/// line (on that page).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file, relative to the case folder, such as `financials.toml`.
    pub file: Arc<str>,
    /// The 1-based page, for a paged document (PDF).
    pub page: Option<u32>,
    /// The 1-based line (on the page, for a paged document).
    pub line: u32,
}

impl Origin {
    /// A line of a file without pages.
    pub fn at_line(file: impl Into<Arc<str>>, line: u32) -> Origin {
        Origin { file: file.into(), page: None, line }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(page) => write!(f, "{} 第 {page} 页第 {} 行", self.file, self.line),
            None => write!(f, "{}:{}", self.file, self.line),
        }
    }
}

/// A value read from a case file, with its origin. Derefs to the value.
#[derive(Clone, Debug)]
pub struct Fact<T> {
    value: T,
    origin: Origin,
}

impl<T> Fact<T> {
    pub(crate) fn new(value: T, origin: Origin) -> Fact<T> {
        Fact { value, origin }
    }

    /// The value, leaving the origin behind.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Where the fact was written.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }
}

impl<T> Deref for Fact<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The file being deserialised on this thread. serde's derive cannot pass context into
/// nested `Deserialize` impls, so the loader sets this around each file it parses and
/// `Fact` reads it to turn a byte span into a line.
struct CurrentFile {
    name: Arc<str>,
    line_starts: Vec<usize>,
    /// Lines of the file before the text being parsed (a file may be parsed in pieces).
    lines_before: u32,
}

thread_local! {
    static CURRENT_FILE: RefCell<Option<CurrentFile>> = const { RefCell::new(None) };
}

/// Runs `parse` with `name`/`text` as the file whose facts are being read.
pub(crate) fn with_current_file<R>(name: &str, text: &str, lines_before: u32, parse: impl FnOnce() -> R) -> R {
    let line_starts = line_starts(text);
    CURRENT_FILE.with(|f| *f.borrow_mut() = Some(CurrentFile { name: name.into(), line_starts, lines_before }));
    let result = parse();
    CURRENT_FILE.with(|f| *f.borrow_mut() = None);
    result
}

/// Byte offsets at which each line of `text` starts.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// The 1-based line and column (in characters) of byte `offset`.
pub(crate) fn line_and_column(text: &str, line_starts: &[usize], offset: usize) -> (u32, u32) {
    let line = line_starts.partition_point(|start| *start <= offset).max(1);
    let start = line_starts[line - 1];
    let column = text.get(start..offset.min(text.len())).map_or(0, |s| s.chars().count()) + 1;
    (line as u32, column as u32)
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Fact<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<T>::deserialize(deserializer)?;
        let start = spanned.span().start;
        let origin = CURRENT_FILE.with(|f| match &*f.borrow() {
            Some(file) => Origin::at_line(file.name.clone(), file.lines_before + file.line_starts.partition_point(|s| *s <= start).max(1) as u32),
            None => Origin::at_line("<unknown>", 0),
        });
        Ok(Fact { value: spanned.into_inner(), origin })
    }
}
