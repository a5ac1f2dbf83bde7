//! The sponsor's opinion on how the raised funds were kept and used in a year
//! (募集资金存放与使用情况专项核查意见). The problems about the funds that `check` found in
//! the year (warnings and errors) are the opinion's problems; that none was found, and the
//! conclusion, are the sponsor's words.

use std::collections::BTreeMap;

use dudao_model::{Assurance, Board, Case, Date, Finding, InputError, Narrative, Period, PublicationKind, Sponsor, SupervisionPeriod};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::{DocumentKind, Form, Subject};
use crate::context::{CompanyView, FindingView, FundsView, PeriodView, SponsorView, funds_view};
use crate::gaps::{self, Gap};
use crate::readiness::{guideline, lacking, period_and_sponsor};
use crate::{Mode, RenderError, Report, Signature, Templates, about_funds, concerns, templates};

pub(crate) const KIND: DocumentKind = DocumentKind {
    id: "funds-opinion",
    name: "募集资金存放与使用情况专项核查意见",
    half_yearly: false,
    publication: PublicationKind::FundsVerification,
    forms: FORMS,
    candidates: |case| case.funds.iter().flat_map(|f| f.ledger.keys().chain(f.assurance.keys())).filter_map(|y| y.parse().ok()).collect(),
};

const FORMS: &[Form] = &[Form {
    id: "funds-opinion",
    name: "专项核查意见",
    boards: &[Board::Star, Board::SseMain, Board::SzseMain, Board::Chinext, Board::Bse],
    from: Date::ymd(2009, 1, 1),
    template: ("funds_opinion.md.j2", include_str!("../../../../templates/funds_opinion.md.j2")),
    title: "{firm}关于{company}{period}募集资金存放与使用情况的专项核查意见",
    missing,
    render,
}];

/// Everything the opinion lacks; `check`'s problems about the funds stand in for the
/// sponsor's statement that it found none.
fn missing(subject: &Subject) -> Vec<InputError> {
    let mut missing = ready(subject).err().unwrap_or_default();
    let problems = subject.findings.iter().any(|f| funds_problem(f, subject.year()));
    missing.extend(gaps_of(subject.case, subject.year(), problems).iter().map(|g| g.missing(subject.dir)));
    missing
}

/// Whether a finding is a problem about the raised funds in `year`: a warning or an error
/// of the funds regulations' rules.
fn funds_problem(finding: &Finding, year: i16) -> bool {
    about_funds(finding) && finding.severity > dudao_model::Severity::Info && concerns(finding, Period::Year(year))
}

fn render(subject: &Subject, templates: &Templates, mode: Mode) -> Result<Report, RenderError> {
    let (case, case_dir, year, findings) = (subject.case, subject.dir, subject.year(), subject.findings);
    let ready = ready(subject).map_err(RenderError::Incomplete)?;
    let problems: Vec<FindingView> = findings.iter().filter(|f| funds_problem(f, year)).map(FindingView::from).collect();
    let gaps = gaps_of(case, year, !problems.is_empty());
    gaps::allowed(&gaps, mode, case_dir)?;
    let context = context(case, &ready, year, problems).ok_or_else(|| RenderError::Incomplete(Vec::new()))?;
    let facts = Value::from(Serde(&context));
    let mut prose = BTreeMap::new();
    if let Some(narrative) = case.narratives.get(&Period::Year(year)) {
        let own = |stem: &str| Narrative::FUNDS_OPINION_SECTIONS.iter().any(|(s, _)| *s == stem);
        for (stem, text) in narrative.sections.iter().filter(|(stem, _)| own(stem)) {
            let at = templates::Prose { file: case_dir.join(&*text.origin().file), line: 1, field: None };
            prose.insert(stem.clone(), templates.render_prose(&at, text, &facts)?);
        }
    }
    let full = minijinja::context! { narrative => prose, gaps => gaps::placeholders(&gaps), ..facts };
    let markdown = templates.render(subject.form.template.0, &full)? + &gaps::closing_list(&gaps);
    let firm = &ready.sponsor.firm;
    let title = subject.title(firm);
    let notes = findings.iter().filter(|f| about_funds(f) && concerns(f, Period::Year(year))).cloned().collect();
    let signature = Signature::new(&title, &ready.sponsor.representatives, firm);
    Ok(Report { markdown, title, author: firm.clone(), signature, findings: notes, gaps })
}

/// The parts of the case the 募集资金 opinion of a year is made from.
struct FundsReady<'a> {
    pub period: SupervisionPeriod,
    /// The exchange's guideline the document cites.
    pub guideline: &'static str,
    pub sponsor: &'a Sponsor,
    pub assurance: &'a Assurance,
}

/// The parts of the opinion, or everything it lacks.
fn ready<'a>(subject: &Subject<'a>) -> Result<FundsReady<'a>, Vec<InputError>> {
    let (case, case_dir, year) = (subject.case, subject.dir, subject.year());
    let mut missing = Vec::new();
    let (period, sponsor) = period_and_sponsor(case, case_dir, &mut missing);
    let guideline = guideline(case, case_dir, Period::Year(year), &mut missing);
    let Some(funds) = &case.funds else {
        missing.push(lacking(case_dir, "funds.toml", None, "缺少募集资金信息：应有 funds.toml，写明发行、专户与各年度募集资金使用台账".into()));
        return Err(missing);
    };
    if funds.ledger_for(Period::Year(year)).is_none() {
        let message = format!("缺少 {year} 年度募集资金使用台账：应有 [ledger.{year}]（期初余额、利息收入、募投项目支出、累计使用等）");
        missing.push(lacking(case_dir, "funds.toml", Some(format!("ledger.{year}")), message));
    }
    let assurance = funds.assurance.get(&year.to_string());
    if assurance.is_none() {
        let message = format!(
            "缺少会计师对 {year} 年度募集资金存放与使用情况专项报告的鉴证报告：应有 [assurance.{year}]，写明 auditor、report（报告文号）与 conclusion（鉴证结论）"
        );
        missing.push(lacking(case_dir, "funds.toml", Some(format!("assurance.{year}")), message));
    }
    match (period, sponsor, assurance, guideline) {
        (Some(period), Some(sponsor), Some(assurance), Some(guideline)) if missing.is_empty() => Ok(FundsReady { period, guideline, sponsor, assurance }),
        _ => Err(missing),
    }
}

/// What the 募集资金 opinion of a year is made from.
#[derive(Serialize)]
pub struct FundsOpinionContext {
    /// The year, in the words documents use for it.
    pub period: PeriodView,
    /// The fiscal year.
    pub year: i16,
    /// The year before.
    pub prior_year: i16,
    /// The company.
    pub company: CompanyView,
    /// The sponsor.
    pub sponsor: SponsorView,
    /// The raised funds: the offering, the year's ledger, the accounts at year end.
    pub funds: FundsView,
    /// The auditor's assurance report on the year.
    pub assurance: AssuranceView,
    /// The errors and warnings `check` found about the funds in the year.
    pub problems: Vec<FindingView>,
}

/// The auditor's assurance report.
#[derive(Serialize)]
pub struct AssuranceView {
    auditor: String,
    report: String,
    conclusion: String,
}

/// The context of the 募集资金 opinion of `year`; `problems` are the funds findings of `check`.
fn context(case: &Case, ready: &FundsReady, year: i16, problems: Vec<FindingView>) -> Option<FundsOpinionContext> {
    Some(FundsOpinionContext {
        period: PeriodView::new(Period::Year(year)),
        year,
        prior_year: year - 1,
        company: CompanyView::new(&case.company.company, &ready.period, ready.guideline),
        sponsor: SponsorView::from(ready.sponsor),
        funds: funds_view(case, Period::Year(year))?,
        assurance: AssuranceView {
            auditor: ready.assurance.auditor.clone(),
            report: ready.assurance.report.clone(),
            conclusion: ready.assurance.conclusion.clone(),
        },
        problems,
    })
}

/// The gaps of the 募集资金 opinion of `year`: with no problem `check` found about the
/// funds, that none was found and the conclusion are the sponsor's words.
fn gaps_of(case: &Case, year: i16, problems_found: bool) -> Vec<Gap> {
    let period = Period::Year(year);
    let written = |stem: &str| case.narratives.get(&period).is_some_and(|n| n.sections.contains_key(stem));
    let mut gaps = Vec::new();
    if !problems_found && !written("funds_problems") {
        gaps.push(Gap {
            key: "funds_problems",
            what: "募集资金使用及披露中存在的问题（保荐机构的核查结论）".into(),
            file: format!("narrative/{year}/funds_problems.md"),
            field: None,
            how: "由保荐机构写明核查中是否发现问题；dudao 的核查未发现，不等于不存在".into(),
        });
    }
    if !written("funds_conclusion") {
        gaps.push(Gap {
            key: "funds_conclusion",
            what: "保荐机构核查意见".into(),
            file: format!("narrative/{year}/funds_conclusion.md"),
            field: None,
            how: "由保荐机构写明对本年度募集资金存放与使用情况的核查意见".into(),
        });
    }
    gaps
}
