//! Findings: one type for everything dudao judges, whether a rule, a document check or a
//! report generation raised it.

use std::fmt;

use serde::Deserialize;

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

/// What a finding is about, which decides where it goes: a report lists the violations,
/// leaves the sponsor's own deadlines out, and prints every figure difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A breach of a law, a rule or a commitment by the company or its insiders.
    Violation,
    /// A duty of the sponsor's with a due date.
    Deadline,
    /// A stated figure that does not agree with the figures it is computed from.
    Consistency,
    /// An early warning: a threshold the company is near or past (delisting risk).
    Risk,
    /// A fact that is legal to write but unlikely to be right (a trade on a holiday).
    Fact,
    /// Worth recording, judging nothing: a commitment being kept, a figure a document
    /// takes as stated.
    Note,
}

impl Kind {
    /// Every kind, in the order they are listed.
    pub const ALL: [Kind; 6] = [Kind::Violation, Kind::Deadline, Kind::Consistency, Kind::Risk, Kind::Fact, Kind::Note];

    /// The identifier used in output and in the rulebook: `violation`, `deadline`, ….
    pub fn id(self) -> &'static str {
        match self {
            Kind::Violation => "violation",
            Kind::Deadline => "deadline",
            Kind::Consistency => "consistency",
            Kind::Risk => "risk",
            Kind::Fact => "fact",
            Kind::Note => "note",
        }
    }

    /// The Chinese label.
    pub fn chinese(self) -> &'static str {
        match self {
            Kind::Violation => "违规事项",
            Kind::Deadline => "督导期限",
            Kind::Consistency => "数据勾稽",
            Kind::Risk => "风险预警",
            Kind::Fact => "事实存疑",
            Kind::Note => "情况说明",
        }
    }
}

/// How sure we are of what a citation says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Read in the rule's text, or a verbatim reproduction of it.
    Verified,
    /// Seen only in a secondary source.
    Secondary,
    /// Recalled, not found in any source: to be checked before relying on it.
    Recalled,
}

impl Grade {
    /// The Chinese label printed beside a citation.
    pub fn chinese(self) -> &'static str {
        match self {
            Grade::Verified => "已核对原文",
            Grade::Secondary => "二手来源，待核实",
            Grade::Recalled => "未找到原文，待核实",
        }
    }

    /// The identifier: `verified`, `secondary`, `recalled`.
    pub fn id(self) -> &'static str {
        match self {
            Grade::Verified => "verified",
            Grade::Secondary => "secondary",
            Grade::Recalled => "recalled",
        }
    }
}

/// The legal basis of a finding: the regulation, the article of the version in force on
/// the finding's date, that version's first day and how sure we are of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// The regulation or regulations the rule rests on: `《证券法》`.
    pub regulation: String,
    /// The article, in the version's own numbering; it names its regulation where that
    /// differs from `regulation` (a rule resting on two texts).
    pub article: String,
    /// The first day the cited version is in force; `None` for a duty the rulebook
    /// keeps in one version.
    pub from: Option<Date>,
    /// How sure we are of the article.
    pub grade: Grade,
}

impl Citation {
    /// The citation for people: `《办法》第九条（2024-05-24 起适用版本，已核对原文）`.
    pub fn text(&self) -> String {
        let article = if self.article.starts_with('《') { self.article.clone() } else { format!("{}{}", self.regulation, self.article) };
        match self.from {
            Some(from) => format!("{article}（{from} 起适用版本，{}）", self.grade.chinese()),
            None => format!("{article}（{}）", self.grade.chinese()),
        }
    }
}

/// Something dudao judged, with the facts it judged from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A stable id: `reduction.pre-disclosure`.
    pub rule: String,
    /// What it is about.
    pub kind: Kind,
    /// How much it matters.
    pub severity: Severity,
    /// What was found, in Chinese, with the figures.
    pub message: String,
    /// The rule and article it rests on, with the version in force, if any.
    pub citation: Option<Citation>,
    /// The date the finding concerns (a trade, a deadline), where it has one.
    pub date: Option<Date>,
    /// Which of a rule's findings of one date it is, where a rule finds several on a day
    /// (a duty's title and subject: 完成年度现场检查（2019年度）): a disposition names it.
    pub about: Option<String>,
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
            write!(f, "（依据：{}）", citation.text())?;
        }
        for origin in &self.evidence {
            write!(f, "（见 {origin}）")?;
        }
        Ok(())
    }
}
