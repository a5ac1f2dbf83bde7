//! Findings: one type for everything dudao judges, whether a rule, a document check or a
//! report generation raised it.

use std::fmt;

use crate::date::Date;
use crate::fact::Origin;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing is wrong (a difference within rounding, say).
    Info,
    /// Someone should look.
    Warning,
    /// Something is wrong.
    Error,
}

impl Severity {
    /// The identifier used in output: `info`, `warning`, `error`.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The Chinese label.
    pub fn chinese(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// Something dudao judged, with the facts it judged from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A stable id: `reduction.pre-disclosure`.
    pub rule: String,
    /// How much it matters.
    pub severity: Severity,
    /// What was found, in Chinese, with the figures.
    pub message: String,
    /// The rule and article it rests on, with the version in force, if any.
    pub citation: Option<String>,
    /// The date the finding concerns (a trade, a deadline), where it has one.
    pub date: Option<Date>,
    /// Where the facts behind it were written.
    pub evidence: Vec<Origin>,
    /// For a recomputed figure: what was stated, what was computed and from what.
    pub computation: Option<Box<Computation>>,
}

/// The arithmetic behind a finding on a stated figure, so a person with a calculator can
/// redo it: the terms, the result, the stated figure and how far apart they may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Computation {
    /// The figure as the document states it.
    pub stated: String,
    /// The figure recomputed from the terms.
    pub computed: String,
    /// The figures it was computed from, as printed, each with where it is.
    pub terms: Vec<String>,
    /// How far the stated figure may be from the computed one and still agree.
    pub tolerance: String,
    /// Why that tolerance: the printed precision of the figures.
    pub why: String,
    /// The claim as it reads in the document.
    pub quote: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]：{}", self.severity.chinese(), self.rule, self.message)?;
        if let Some(citation) = &self.citation {
            write!(f, "（依据：{citation}）")?;
        }
        for origin in &self.evidence {
            write!(f, "（见 {origin}）")?;
        }
        Ok(())
    }
}
