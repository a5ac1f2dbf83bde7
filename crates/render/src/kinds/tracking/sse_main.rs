//! The SSE main board's annual report (持续督导年度报告书): the guideline's table of duties
//! with the sponsor's account of each (as the STAR report's section 一), 二、the sponsor's
//! review of the company's disclosures, and 三、whether anything is to be reported to the
//! CSRC and the exchange — the violations `check` found, or the sponsor's words.

use std::collections::BTreeMap;

use dudao_model::{Case, Finding, InputError, Narrative, Period};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::{LogReady, gaps_of, log_ready};
use crate::context::{CompanyView, FindingView, PeriodView, SponsorView};
use crate::gaps::Gap;
use crate::kinds::Subject;
use crate::{Mode, RenderError, Report, Signature, Templates, concerns, gaps, is_violation, templates, worth_printing};

/// What the annual report is made from.
#[derive(Serialize)]
struct SseMainContext {
    period: PeriodView,
    company: CompanyView,
    sponsor: SponsorView,
    /// The violations and broken commitments `check` found in the year.
    violations: Vec<FindingView>,
    /// A draft's placeholders by key (empty in a final document).
    gaps: BTreeMap<&'static str, String>,
}

fn ready<'a>(subject: &Subject<'a>) -> Result<LogReady<'a>, Vec<InputError>> {
    let mut missing = Vec::new();
    // Each item the work log lacks is a gap (item 5 may be left to the violations `check`
    // finds: gaps_of::sse).
    let ready = log_ready(subject, "写明 16 项工作的完成情况", &mut missing);
    ready.filter(|_| missing.is_empty()).ok_or(missing)
}

/// The gaps of the annual report: those of the SSE's narrative forms, and the sponsor's
/// account of its review of the disclosures.
fn gaps_of_report(case: &Case, period: Period, found: &[&Finding]) -> Vec<Gap> {
    let mut gaps = gaps_of::sse(case, period, found, false);
    gaps.extend(gaps_of::unwritten(case, period, Narrative::SSE_MAIN_SECTIONS.iter(), "由保荐机构写明"));
    gaps
}

/// Everything the annual report lacks.
pub(super) fn missing(subject: &Subject) -> Vec<InputError> {
    let mut missing = ready(subject).err().unwrap_or_default();
    let found: Vec<&Finding> = subject.findings.iter().filter(|f| concerns(f, subject.period)).collect();
    missing.extend(gaps_of_report(subject.case, subject.period, &found).iter().map(|g| g.missing(subject.dir)));
    missing
}

pub(super) fn render(subject: &Subject, templates: &Templates, mode: Mode) -> Result<Report, RenderError> {
    let (case, dir, period) = (subject.case, subject.dir, subject.period);
    let found: Vec<&Finding> = subject.findings.iter().filter(|f| concerns(f, period)).collect();
    let gaps = gaps_of_report(case, period, &found);
    let ready = ready(subject).map_err(super::with_gaps(&gaps, dir))?;
    gaps::allowed(&gaps, mode, dir)?;
    let context = SseMainContext {
        period: PeriodView::new(period),
        company: CompanyView::new(&case.company.company, ready.guideline),
        sponsor: SponsorView::from(&*ready.sponsor),
        violations: found.iter().filter(|f| is_violation(f)).map(|f| FindingView::from(*f)).collect(),
        gaps: gaps::placeholders(&gaps),
    };
    let facts = Value::from(Serde(&context));
    let work_log = super::work_log_prose(ready.work_log, dir, templates, &facts)?;
    let mut prose = BTreeMap::new();
    // Its own files: the narrative folder also holds other documents' (the funds opinion's).
    let own = |stem: &str| stem == "violations" || Narrative::SSE_MAIN_SECTIONS.iter().any(|(s, _)| *s == stem);
    for (stem, text) in case.narratives.get(&period).iter().flat_map(|n| &n.sections).filter(|(stem, _)| own(stem)) {
        let at = templates::Prose { file: dir.join(&*text.origin().file), line: 1, field: None };
        prose.insert(stem.clone(), templates.render_prose(&at, text, &facts)?);
    }
    let full = minijinja::context! { work_log => work_log, narrative => prose, duties => super::items::duties(case.company.company.board), ..facts };
    let markdown = templates.render(subject.form.template.0, &full)? + &gaps::closing_list(&gaps);
    let title = subject.title(&ready.sponsor.firm);
    let signature = Signature::new(&title, &ready.sponsor.representatives, &ready.sponsor.firm);
    let notes = found.iter().filter(|f| worth_printing(f)).map(|f| (*f).clone()).collect();
    Ok(Report { markdown, title, author: ready.sponsor.firm.clone(), signature, findings: notes, gaps, unconfirmed: Vec::new() })
}
