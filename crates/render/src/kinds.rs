//! The documents dudao drafts, as a registry like the rulebook's: each kind declared once
//! with its id, its name, the periods it is made for, what it needs from the case (the
//! readiness check the CLI and the web both ask) and how it is rendered.

use std::path::Path;

use dudao_model::{Case, Finding, InputError, Period};

use crate::{Mode, RenderError, Report, Templates};

/// Renders a document of a fiscal year from the case, its folder, the templates and the
/// findings of `check`, final or as a draft.
type Renderer = fn(&Case, &Path, i16, &Templates, &[Finding], Mode) -> Result<Report, RenderError>;

/// One kind of document.
pub struct DocumentKind {
    /// The id on the command line and in URLs: `annual-tracking`.
    pub id: &'static str,
    /// Its Chinese name: 年度持续督导跟踪报告.
    pub name: &'static str,
    /// Whether it is made for a half-year (`2024H1`) rather than a fiscal year (`2023`).
    pub half_yearly: bool,
    missing: fn(&Case, &Path, i16, &[Finding]) -> Vec<InputError>,
    render: Renderer,
    candidates: fn(&Case) -> Vec<i16>,
}

/// Every kind, in the order the workbench lists them.
pub const KINDS: &[DocumentKind] = &[
    DocumentKind {
        id: "annual-tracking",
        name: "年度持续督导跟踪报告",
        half_yearly: false,
        missing: crate::readiness::missing_for_tracking_report,
        render: |case, dir, year, templates, findings, mode| crate::tracking(case, dir, Period::Year(year), templates, findings, mode),
        candidates: |case| case.worklogs.keys().chain(case.financials.keys()).filter_map(|p| annual(*p)).collect(),
    },
    DocumentKind {
        id: "semiannual-tracking",
        name: "半年度持续督导跟踪报告",
        half_yearly: true,
        missing: crate::readiness::missing_for_semiannual_tracking_report,
        render: |case, dir, year, templates, findings, mode| crate::tracking(case, dir, Period::FirstHalf(year), templates, findings, mode),
        candidates: |case| case.worklogs.keys().chain(case.financials.keys()).filter_map(|p| first_half(*p)).collect(),
    },
    DocumentKind {
        id: "inspection-report",
        name: "定期现场检查报告",
        half_yearly: false,
        missing: |case, dir, year, _| crate::readiness::missing_for_inspection_report(case, dir, year),
        render: |case, dir, year, templates, findings, _| crate::inspection_report(case, dir, year, templates, findings),
        candidates: |case| {
            let regular = |log: &dudao_model::WorkLog| log.inspections.iter().any(|i| i.kind == dudao_model::InspectionKind::Regular);
            case.worklogs.iter().filter(|(_, log)| regular(log)).filter_map(|(p, _)| annual(*p)).collect()
        },
    },
    DocumentKind {
        id: "closing-report",
        name: "保荐总结报告书",
        half_yearly: false,
        missing: |case, dir, year, _| crate::readiness::missing_for_closing_report(case, dir, year),
        render: |case, dir, year, templates, findings, _| crate::closing_report(case, dir, year, templates, findings),
        candidates: |case| dudao_model::supervision_period(&case.company).map(|p| vec![p.end.year()]).unwrap_or_default(),
    },
    DocumentKind {
        id: "funds-opinion",
        name: "募集资金存放与使用情况专项核查意见",
        half_yearly: false,
        missing: crate::readiness::missing_for_funds_opinion,
        render: crate::funds_opinion_as,
        candidates: |case| case.funds.iter().flat_map(|f| f.ledger.keys().chain(f.assurance.keys())).filter_map(|y| y.parse().ok()).collect(),
    },
];

/// The fiscal year of a yearly period.
fn annual(period: Period) -> Option<i16> {
    match period {
        Period::Year(year) => Some(year),
        Period::FirstHalf(_) => None,
    }
}

/// The year of a half-year period.
fn first_half(period: Period) -> Option<i16> {
    match period {
        Period::FirstHalf(year) => Some(year),
        Period::Year(_) => None,
    }
}

/// The kind with `id`.
pub fn document_kind(id: &str) -> Option<&'static DocumentKind> {
    KINDS.iter().find(|k| k.id == id)
}

impl DocumentKind {
    /// Why `period` is not one this kind is made for, in Chinese: a period of the other
    /// kind, one outside the company's supervision (a sponsor reports only on the years it
    /// supervises; where the supervision period is not known, readiness says so), or one
    /// whose exchange guideline dudao does not know.
    fn check_period(&self, case: &Case, period: Period) -> Result<i16, String> {
        let year = match (period, self.half_yearly) {
            (Period::Year(year), false) | (Period::FirstHalf(year), true) => year,
            (_, false) => return Err(format!("{}按年度出具：报告期应为年度，如 {}", self.name, period.year())),
            (_, true) => return Err(format!("{}按半年度出具：报告期应为半年度，如 {}H1", self.name, period.year())),
        };
        if let Ok(supervised) = dudao_model::supervision_period(&case.company)
            && !(supervised.start.year()..=supervised.end.year()).contains(&year)
        {
            return Err(format!(
                "{}不在持续督导期间（{} 至 {}）内：{}只就督导期间出具",
                period.chinese(),
                supervised.start.chinese(),
                supervised.end.chinese(),
                self.name
            ));
        }
        // A document cites the exchange's guideline in force when it is filed.
        case.company.company.board.supervision_guideline(period.filed_by())?;
        Ok(year)
    }

    /// Everything the case lacks for this document of `period`; empty when it can be made.
    /// `findings` are what `dudao_rules::check` found (a violation found is a fact the
    /// tracking report states).
    pub fn missing(&self, case: &Case, case_dir: &Path, period: Period, findings: &[Finding]) -> Result<Vec<InputError>, String> {
        let year = self.check_period(case, period)?;
        Ok((self.missing)(case, case_dir, year, findings))
    }

    /// The document of `period`, refused while the case lacks a fact it needs;
    /// `findings` are what `dudao_rules::check` found in the case.
    pub fn render(&self, case: &Case, case_dir: &Path, period: Period, templates: &Templates, findings: &[Finding]) -> Result<Report, RenderError> {
        self.render_as(case, case_dir, period, templates, findings, Mode::Final)
    }

    /// The document of `period` as a draft: each fact the case lacks a visible
    /// placeholder, listed again at the end.
    pub fn draft(&self, case: &Case, case_dir: &Path, period: Period, templates: &Templates, findings: &[Finding]) -> Result<Report, RenderError> {
        self.render_as(case, case_dir, period, templates, findings, Mode::Draft)
    }

    fn render_as(&self, case: &Case, case_dir: &Path, period: Period, templates: &Templates, findings: &[Finding], mode: Mode) -> Result<Report, RenderError> {
        let year = self.check_period(case, period).map_err(RenderError::Period)?;
        (self.render)(case, case_dir, year, templates, findings, mode)
    }

    /// The periods the case has facts for, newest first, each with what it still lacks
    /// (empty: it can be made) given `check`'s `findings`.
    pub fn periods(&self, case: &Case, case_dir: &Path, findings: &[Finding]) -> Vec<(Period, Vec<InputError>)> {
        let mut years = (self.candidates)(case);
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
            .into_iter()
            .map(|year| {
                let period = if self.half_yearly { Period::FirstHalf(year) } else { Period::Year(year) };
                (period, (self.missing)(case, case_dir, year, findings))
            })
            .collect()
    }
}
