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
use std::path::Path;

use dudao_model::{Case, Finding, InputError, Kind, Period, Severity};
use minijinja::Value;
use minijinja::value::Serde;

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

pub use gaps::{Gap, PLACEHOLDER};
pub use kinds::{DocumentKind, KINDS, document_kind};
pub use notes::{NOTES, NoteKind};
pub use readiness::{
    missing_for_closing_report, missing_for_funds_opinion, missing_for_inspection_report, missing_for_semiannual_tracking_report, missing_for_tracking_report,
};
pub use signature::Signature;
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
    /// The PDF could not be made (LibreOffice missing or failing).
    Pdf(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Case(e) => e.fmt(f),
            RenderError::Period(why) | RenderError::Pdf(why) => f.write_str(why),
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
}

impl Report {
    /// The report in `format`, as bytes ready to write.
    pub fn to_format(&self, format: Format, templates: &Templates) -> Result<Vec<u8>, RenderError> {
        match format {
            Format::Markdown => Ok((self.markdown.clone() + &self.signature.markdown()).into_bytes()),
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
fn worth_printing(finding: &Finding) -> bool {
    finding.kind == Kind::Consistency || finding.severity > Severity::Info
}

/// Whether a finding is about the raised funds: the rules of the funds regulations, whose
/// ids share the `funds.` family.
fn about_funds(finding: &Finding) -> bool {
    finding.rule.split('.').next() == Some("funds")
}

/// Renders the tracking report of fiscal `year` for the case loaded from `case_dir`.
/// `findings` are what `dudao_rules::check` found in the case: those of the year feed the
/// report (drafting work item 5 and section 四 where the sponsor has not written them)
/// and come back in [`Report::findings`] with the report's own notes.
pub fn tracking_report(case: &Case, case_dir: &Path, year: i16, templates: &Templates, findings: &[Finding]) -> Result<Report, RenderError> {
    tracking(case, case_dir, Period::Year(year), templates, findings, Mode::Final)
}

/// Renders the half-year tracking report (半年度持续督导跟踪报告) of the first half of
/// `year`, as [`tracking_report`] does the year's.
pub fn semiannual_tracking_report(case: &Case, case_dir: &Path, year: i16, templates: &Templates, findings: &[Finding]) -> Result<Report, RenderError> {
    tracking(case, case_dir, Period::FirstHalf(year), templates, findings, Mode::Final)
}

/// Whether a document is to be filed or is a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Refused while the case lacks a fact the document needs.
    Final,
    /// Each fact the case lacks printed as a placeholder and listed at the end.
    Draft,
}

fn tracking(case: &Case, case_dir: &Path, period: Period, templates: &Templates, findings: &[Finding], mode: Mode) -> Result<Report, RenderError> {
    let ready = readiness::ready(case, case_dir, period).map_err(RenderError::Incomplete)?;
    let (mut context, mut notes) = context::build(case, case_dir, &ready, period)?;
    let of_year: Vec<&Finding> = findings.iter().filter(|f| concerns(f, period)).collect();
    context.findings = of_year.iter().filter(|f| f.severity > Severity::Info).map(|f| context::FindingView::from(*f)).collect();
    context.violations = of_year.iter().filter(|f| is_violation(f)).map(|f| context::FindingView::from(*f)).collect();
    notes.extend(of_year.iter().filter(|f| worth_printing(f)).map(|f| (*f).clone()));
    let findings = notes;
    let gaps = gaps::tracking(case, period, &of_year);
    // Section 二: the sponsor's problems, and the errors found that the sponsor lists there.
    if let Some(problems) = &mut context.problems {
        let dispositions = &ready.work_log.dispositions;
        problems.extend(of_year.iter().filter(|f| f.severity == Severity::Error).filter_map(|f| {
            let disposition = dispositions.iter().find(|d| d.covers(f) && d.in_report)?;
            Some(context::ProblemView { finding: f.message.clone(), rectification: disposition.account.clone() })
        }));
    }
    gaps::allowed(&gaps, mode, case_dir)?;
    context.gaps = gaps::placeholders(&gaps);
    let facts = Value::from(Serde(&context));

    let mut work_log = Vec::with_capacity(16);
    for n in 1..=16 {
        let Some(account) = ready.work_log.items.get(&n.to_string()) else {
            work_log.push(String::new());
            continue;
        };
        let prose = templates::Prose { file: case_dir.join(&*account.origin().file), line: account.origin().line, field: Some(format!("items.{n}")) };
        work_log.push(templates.render_prose(&prose, account, &facts)?);
    }

    let mut prose = std::collections::BTreeMap::new();
    for (stem, text) in &ready.narrative.sections {
        let at = templates::Prose { file: case_dir.join(&*text.origin().file), line: 1, field: None };
        prose.insert(stem.clone(), templates.render_prose(&at, text, &facts)?);
    }

    let full = minijinja::context! { work_log => work_log, narrative => prose, ..facts };
    let markdown = templates.render(templates::TRACKING_REPORT, &full)? + &gaps::closing_list(&gaps);
    let title = format!("{}关于{}{}持续督导跟踪报告", ready.sponsor.firm, case.company.company.name, period.chinese());
    let signature = Signature::new(&title, &ready.sponsor.representatives, &ready.sponsor.firm);
    Ok(Report { markdown, title, author: ready.sponsor.firm.clone(), signature, findings, gaps })
}

/// Renders the sponsor's opinion on how the raised funds were kept and used in `year`
/// (募集资金存放与使用情况专项核查意见) for the case loaded from `case_dir`. `findings` are
/// what `dudao_rules::check` found; those about the funds in the year (warnings and
/// errors) are the opinion's problems. That none was found, and the conclusion, are the
/// sponsor's words.
pub fn funds_opinion(case: &Case, case_dir: &Path, year: i16, templates: &Templates, findings: &[Finding]) -> Result<Report, RenderError> {
    funds_opinion_as(case, case_dir, year, templates, findings, Mode::Final)
}

/// Whether a finding is a problem about the raised funds in `year`: a warning or an error
/// of the funds regulations' rules.
pub(crate) fn funds_problem(finding: &Finding, year: i16) -> bool {
    about_funds(finding) && finding.severity > Severity::Info && concerns(finding, Period::Year(year))
}

pub(crate) fn funds_opinion_as(
    case: &Case,
    case_dir: &Path,
    year: i16,
    templates: &Templates,
    findings: &[Finding],
    mode: Mode,
) -> Result<Report, RenderError> {
    let ready = readiness::ready_for_funds_opinion(case, case_dir, year).map_err(RenderError::Incomplete)?;
    let problems: Vec<context::FindingView> = findings.iter().filter(|f| funds_problem(f, year)).map(context::FindingView::from).collect();
    let gaps = gaps::funds_opinion(case, year, !problems.is_empty());
    gaps::allowed(&gaps, mode, case_dir)?;
    let context = context::funds_opinion(case, &ready, year, problems).ok_or_else(|| RenderError::Incomplete(Vec::new()))?;
    let facts = Value::from(Serde(&context));
    let mut prose = std::collections::BTreeMap::new();
    if let Some(narrative) = case.narratives.get(&Period::Year(year)) {
        let own = |stem: &str| dudao_model::Narrative::FUNDS_OPINION_SECTIONS.iter().any(|(s, _)| *s == stem);
        for (stem, text) in narrative.sections.iter().filter(|(stem, _)| own(stem)) {
            let at = templates::Prose { file: case_dir.join(&*text.origin().file), line: 1, field: None };
            prose.insert(stem.clone(), templates.render_prose(&at, text, &facts)?);
        }
    }
    let full = minijinja::context! { narrative => prose, gaps => gaps::placeholders(&gaps), ..facts };
    let markdown = templates.render(templates::FUNDS_OPINION, &full)? + &gaps::closing_list(&gaps);
    let firm = &ready.sponsor.firm;
    let title = format!("{firm}关于{}{year}年度募集资金存放与使用情况的专项核查意见", case.company.company.name);
    let notes = findings.iter().filter(|f| about_funds(f) && concerns(f, Period::Year(year))).cloned().collect();
    let signature = Signature::new(&title, &ready.sponsor.representatives, firm);
    Ok(Report { markdown, title, author: firm.clone(), signature, findings: notes, gaps })
}

/// Renders the closing report (保荐总结报告书) of the supervision that ends with fiscal
/// `year`: the sponsor's undertakings, the sponsor and the company, the sponsor's account
/// of the supervision (its narrative files), and whether the raised funds were used up.
pub fn closing_report(case: &Case, case_dir: &Path, year: i16, templates: &Templates, _findings: &[Finding]) -> Result<Report, RenderError> {
    let ready = readiness::ready_for_closing(case, case_dir, year).map_err(RenderError::Incomplete)?;
    let context = context::closing(case, &ready, year);
    let facts = Value::from(Serde(&context));
    let mut prose = std::collections::BTreeMap::new();
    for (stem, text) in ready.narrative.sections.iter().filter(|(stem, _)| stem.starts_with("closing_")) {
        let at = templates::Prose { file: case_dir.join(&*text.origin().file), line: 1, field: None };
        prose.insert(stem.clone(), templates.render_prose(&at, text, &facts)?);
    }
    let markdown = templates.render(templates::CLOSING_REPORT, &minijinja::context! { narrative => prose, ..facts })?;
    let firm = &ready.sponsor.firm;
    let title = format!("{firm}关于{}{}之保荐总结报告书", case.company.company.name, context.offering);
    let signature = Signature::new(&title, &ready.sponsor.representatives, firm);
    Ok(Report { markdown, title, author: firm.clone(), signature, findings: Vec::new(), gaps: Vec::new() })
}

/// Renders the report of the regular on-site inspection of `year` (定期现场检查报告) in the
/// SZSE checklist form: the header, each section's methods and items with the answer
/// ticked, and the issues found. The items are the sponsor's, as recorded in the case.
pub fn inspection_report(case: &Case, case_dir: &Path, year: i16, templates: &Templates, _findings: &[Finding]) -> Result<Report, RenderError> {
    let ready = readiness::ready_for_inspection(case, case_dir, year).map_err(RenderError::Incomplete)?;
    let context = context::inspection(case, &ready, year);
    let markdown = templates.render(templates::INSPECTION_REPORT, &Value::from(Serde(&context)))?;
    let firm = &ready.sponsor.firm;
    let title = format!("{firm}关于{}{year}年度定期现场检查报告", case.company.company.name);
    let signature = Signature::new(&title, &ready.sponsor.representatives, firm);
    Ok(Report { markdown, title, author: firm.clone(), signature, findings: Vec::new(), gaps: Vec::new() })
}
