//! Documents from facts: the tracking report (持续督导跟踪报告), rendered through templates
//! a firm can edit, as Markdown, HTML and DOCX.
//!
//! The pipeline is one-way and has one source of wording:
//!
//! ```text
//! Case ──context::build──► ReportContext (every derived figure computed and printed)
//!      ──templates──► Markdown ──html──► HTML page
//!                              └─docx──► Word document (real tables, Word headings)
//! ```
//!
//! Decisions:
//! - Templates never compute. Year-on-year changes, percentage points, sums, products and
//!   shares of totals are computed in [`context`] from exact decimals and handed to the
//!   templates as printed strings (or exact values for the unit filters).
//! - The sponsor's prose in the case (narrative files, work-log accounts) is itself
//!   rendered as a template, so it can cite computed figures instead of typing them.
//! - Where the case also states a figure dudao computes, the report prints the computed
//!   one and a [`Finding`] says how they differ.
//! - HTML and DOCX are made from the Markdown, so a firm's template change reaches every
//!   format at once.
//! - Deadlines become an iCalendar file in [`ics`].

use std::fmt;

use dudao_model::{Finding, InputError, Kind, Period, Severity};

pub mod context;
mod docx;
pub mod figures;
mod gaps;
mod html;
pub mod ics;
mod kinds;
mod notes;
mod pdf;
mod readiness;
mod signature;
pub mod templates;

pub use gaps::{Gap, PLACEHOLDER, what_is_missing};
pub use html::markdown_to_html;
pub use kinds::{DocumentKind, KINDS, document_kind, szse_checklist, work_items};
pub use notes::{NOTES, NoteKind};
pub use signature::{Signature, Signers};
pub use templates::Templates;

/// Why a document could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    /// The case states a fact badly.
    Case(InputError),
    /// The case lacks facts the document needs: all of them, each naming file and field.
    Incomplete(Vec<InputError>),
    /// A template, or prose used as one, failed to compile or render.
    Template {
        /// The template or case file.
        file: String,
        /// The 1-based line, where known.
        line: Option<usize>,
        /// The case field holding the prose, for prose kept inside a TOML file.
        field: Option<String>,
        /// What went wrong.
        message: String,
    },
    /// The Word file could not be assembled.
    Docx(String),
    /// The document is not made for that kind of period.
    Period(String),
    /// The PDF could not be made (LibreOffice missing, or its setup failing).
    Pdf(String),
    /// LibreOffice ran and failed: how it ended, and what it printed — for the terminal or
    /// a server's log, never for a page.
    Converter {
        /// Its exit status.
        status: String,
        /// Its standard error.
        stderr: String,
    },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Case(e) => e.fmt(f),
            RenderError::Period(why) | RenderError::Pdf(why) => f.write_str(why),
            RenderError::Converter { status, .. } => write!(f, "LibreOffice 未能转换为 PDF（{status}）"),
            RenderError::Incomplete(missing) => {
                f.write_str("案卷尚缺以下事实，补齐后才能生成报告：")?;
                missing.iter().try_for_each(|e| write!(f, "\n  - {e}"))
            }
            RenderError::Template { file, line, field, message } => {
                f.write_str(file)?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                f.write_str("：")?;
                if let Some(field) = field {
                    write!(f, "字段 {field}：")?;
                }
                write!(f, "模板错误：{message}")
            }
            RenderError::Docx(message) => write!(f, "无法生成 Word 文件：{message}"),
        }
    }
}

impl std::error::Error for RenderError {}

impl From<InputError> for RenderError {
    fn from(e: InputError) -> Self {
        RenderError::Case(e)
    }
}

/// The output formats of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown, as the templates produce it.
    Markdown,
    /// A standalone HTML page.
    Html,
    /// A Word document.
    Docx,
    /// A PDF, laid out by LibreOffice from the Word document.
    Pdf,
}

/// A rendered tracking report and what dudao noticed while making it.
pub struct Report {
    /// The report as Markdown.
    pub markdown: String,
    /// The report's title, for page titles and file metadata.
    pub title: String,
    /// Who the document is by (the sponsor firm), for file metadata.
    pub author: String,
    /// The signature page that ends it.
    pub signature: Signature,
    /// Differences between stated and computed figures, figures taken as stated, …
    pub findings: Vec<Finding>,
    /// The facts a draft lacks, each a placeholder in it (none in a final document).
    pub gaps: Vec<Gap>,
    /// The texts it was made from that dudao drafted and the sponsor has not confirmed
    /// (`drafts.toml`), by label: while there are any, every page says so.
    pub unconfirmed: Vec<String>,
}

impl Report {
    /// The mark every page of a document made from unconfirmed drafts carries.
    pub fn draft_mark(&self) -> Option<String> {
        (!self.unconfirmed.is_empty())
            .then(|| format!("草稿：含 {} 项 dudao 起草、保荐机构尚未确认的内容（dudao confirm 确认后方可出具）", self.unconfirmed.len()))
    }
}

impl Report {
    /// The report in `format`, as bytes ready to write.
    pub fn to_format(&self, format: Format, templates: &Templates) -> Result<Vec<u8>, RenderError> {
        match format {
            Format::Markdown => {
                let mark = self.draft_mark().map(|mark| format!("> {mark}：{}\n\n", self.unconfirmed.join("、"))).unwrap_or_default();
                Ok((mark + &self.markdown + &self.signature.markdown()).into_bytes())
            }
            Format::Html => html::page(self, templates).map(String::into_bytes),
            Format::Docx => docx::document(self),
            Format::Pdf => pdf::from_docx(&docx::document(self)?),
        }
    }
}

/// Whether a finding of `check` belongs in a document of `period`: dated within the
/// period or not dated at all (the offering), and about the company rather than the
/// sponsor's own deadlines.
pub(crate) fn concerns(finding: &Finding, period: Period) -> bool {
    finding.date.is_none_or(|d| d.year() == period.year() && d <= period.end()) && finding.kind != Kind::Deadline
}

/// Whether a finding is a violation or a broken commitment (work item 5, section 四).
pub(crate) fn is_violation(finding: &Finding) -> bool {
    finding.severity == Severity::Error && finding.kind == Kind::Violation
}

/// Whether dudao prints a finding while rendering: every difference in the figures the
/// report shows, and the company's errors and warnings.
pub(crate) fn worth_printing(finding: &Finding) -> bool {
    finding.kind == Kind::Consistency || finding.severity > Severity::Info
}

/// Whether a finding is about the raised funds: the rules of the funds regulations, whose
/// ids share the `funds.` family.
pub(crate) fn about_funds(finding: &Finding) -> bool {
    finding.rule.split('.').next() == Some("funds")
}

/// Whether a document is to be filed or is a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Refused while the case lacks a fact the document needs.
    Final,
    /// Each fact the case lacks printed as a placeholder and listed at the end.
    Draft,
}
