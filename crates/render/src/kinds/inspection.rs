//! The report of the regular on-site inspection of a year (定期现场检查报告), in the form of
//! the company's exchange: the SZSE checklist (`szse`), whose items are the exchange's
//! and whose answers are the sponsor's, and the SSE narrative (`sse`), whose every
//! opinion is the sponsor's text. What both need — the sponsor, the inspection's dates
//! and inspectors — is checked here.

use dudao_model::{Case, InputError, Inspection, InspectionKind, Period, PublicationKind, Sponsor};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::{DocumentKind, Form, Subject, annual};
use crate::readiness::{guideline, lacking, period_and_sponsor};
use crate::{RenderError, Report, Signature, Templates};

mod sse;
mod szse;

pub use szse::checklist as szse_checklist;

pub(crate) const KIND: DocumentKind = DocumentKind {
    id: "inspection-report",
    name: "定期现场检查报告",
    half_yearly: false,
    publication: PublicationKind::InspectionReport,
    forms: FORMS,
    whole_supervision: false,
    narrative: |_| Vec::new(),
    candidates: |case| {
        let regular = |log: &dudao_model::WorkLog| log.inspections.iter().any(|i| i.kind == InspectionKind::Regular);
        case.worklogs.iter().filter(|(_, log)| regular(log)).filter_map(|(p, _)| annual(*p)).collect()
    },
};

const FORMS: &[Form] = &[szse::FORM, sse::FORM];

/// What every form of the report is made from.
struct Common<'a> {
    /// The exchange's guideline the document cites.
    guideline: &'static str,
    sponsor: &'a Sponsor,
    inspection: &'a Inspection,
    /// 现场检查时间: `2024年12月16日至2024年12月18日`.
    dates: String,
}

/// The parts every form needs, with what the case lacks of them added to `missing`; the
/// inspection alone (without its date or inspectors) where those are missing, so each
/// form can still list what it lacks of its own.
fn common<'a>(subject: &Subject<'a>, missing: &mut Vec<InputError>) -> (Option<Common<'a>>, Option<&'a Inspection>) {
    let (case, case_dir, year) = (subject.case, subject.dir, subject.year());
    let (period, sponsor) = period_and_sponsor(case, case_dir, missing);
    let guideline = guideline(case, case_dir, Period::Year(year), missing);
    let file = worklog(subject);
    let inspection = regular_inspection(case, year);
    let Some(inspection) = inspection else {
        let message = format!("缺少 {year} 年度的定期现场检查：[[inspections]]（kind = \"regular\"）须写明 date、inspectors 及检查报告所需的各项内容");
        missing.push(lacking(case_dir, &file, Some("inspections".into()), message));
        return (None, None);
    };
    if inspection.date.is_none() {
        missing.push(lacking(case_dir, &file, Some("inspections.date".into()), "缺少现场检查时间：请写明 date（首日），多日检查另写 ended".into()));
    }
    if inspection.inspectors.is_empty() {
        missing.push(lacking(case_dir, &file, Some("inspections.inspectors".into()), "缺少现场检查人员：请写明 inspectors".into()));
    }
    let common = match (period, sponsor, guideline, inspection.date) {
        (Some(_), Some(sponsor), Some(guideline), Some(date)) if !inspection.inspectors.is_empty() => {
            let dates = match inspection.ended.filter(|end| *end != date) {
                Some(end) => format!("{}至{}", date.chinese(), end.chinese()),
                None => date.chinese(),
            };
            Some(Common { guideline, sponsor, inspection, dates })
        }
        _ => None,
    };
    (common, Some(inspection))
}

/// The year's regular inspection (the first, where the work log records several).
fn regular_inspection(case: &Case, year: i16) -> Option<&Inspection> {
    case.worklogs.get(&Period::Year(year)).and_then(|log| log.inspections.iter().map(|i| &**i).find(|i| i.kind == InspectionKind::Regular))
}

/// The work log the year's inspection is recorded in: `worklog/2024.toml`.
fn worklog(subject: &Subject) -> String {
    format!("worklog/{}.toml", subject.year())
}

/// The document from its form's template and `context`, with the representatives'
/// signature page.
fn finish(subject: &Subject, templates: &Templates, sponsor: &Sponsor, context: &impl Serialize) -> Result<Report, RenderError> {
    let markdown = templates.render(subject.form.template.0, &Value::from(Serde(context)))?;
    let firm = &sponsor.firm;
    let title = subject.title(firm);
    let signature = Signature::new(&title, &sponsor.representatives, firm);
    Ok(Report { markdown, title, author: firm.clone(), signature, findings: Vec::new(), gaps: Vec::new(), unconfirmed: Vec::new() })
}
