//! The tracking report (持续督导跟踪报告) of a year or a half-year, in the form of the
//! company's board: the STAR Market's narrative report (the seed's form, here), the SSE
//! main board's annual report (`sse_main`) and the SZSE's table (`szse`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use dudao_model::{Board, Case, Date, Finding, FiscalYear, InputError, Narrative, Period, PublicationKind, Severity, Sponsor, WorkLog};
use minijinja::Value;
use minijinja::value::Serde;

use super::{DocumentKind, Form, Subject, annual, first_half};
use crate::context::FindingView;
use crate::readiness::{guideline, lacking, named};
use crate::{Mode, RenderError, Report, Signature, Templates, concerns, gaps, is_violation, templates, worth_printing};

mod context;
mod gaps_of;
mod items;
mod sse_main;
mod szse;

pub use items::work_items;

pub(crate) const ANNUAL: DocumentKind = DocumentKind {
    id: "annual-tracking",
    name: "年度持续督导跟踪报告",
    half_yearly: false,
    publication: PublicationKind::AnnualTrackingReport,
    forms: ANNUAL_FORMS,
    whole_supervision: false,
    narrative: narrative_sections,
    candidates: |case| case.worklogs.keys().chain(case.financials.keys()).filter_map(|p| annual(*p)).collect(),
};

pub(crate) const SEMIANNUAL: DocumentKind = DocumentKind {
    id: "semiannual-tracking",
    name: "半年度持续督导跟踪报告",
    half_yearly: true,
    publication: PublicationKind::SemiannualTrackingReport,
    forms: SEMIANNUAL_FORMS,
    whole_supervision: false,
    narrative: narrative_sections,
    candidates: |case| case.worklogs.keys().chain(case.financials.keys()).filter_map(|p| first_half(*p)).collect(),
};

/// The sections the sponsor writes for a tracking report of a company on `board`: the STAR
/// report's, the SSE main board's (its 三 is the violations' file, as the STAR report's
/// 四); the SZSE's table form has none.
fn narrative_sections(board: Board) -> Vec<(&'static str, &'static str)> {
    match board {
        Board::Star => Narrative::SECTIONS.to_vec(),
        Board::SseMain => Narrative::SSE_MAIN_SECTIONS.iter().copied().chain([("violations", "三、重大违规事项")]).collect(),
        Board::SzseMain | Board::Chinext | Board::Bse => Vec::new(),
    }
}

/// The STAR Market's narrative report: the listing rules' content of a tracking report
/// (科创板上市规则 3.2.15) after the guideline's table of duties. The STAR Market opened
/// on 2019-07-22.
const STAR: Form = Form {
    id: "star-narrative",
    name: "科创板叙述式",
    boards: &[Board::Star],
    from: Date::ymd(2019, 7, 22),
    template: ("tracking_report.md.j2", include_str!("../../../../../templates/tracking_report.md.j2")),
    title: "{firm}关于{company}{period}持续督导跟踪报告",
    missing: missing_star,
    render: render_star,
};

/// The SSE main board's yearly report under the SSE guideline (2009, and No. 11 from 2022):
/// the duties' table, the review of disclosures and the matters to report. The SSE main
/// board files no half-year report of this kind.
const SSE_MAIN: Form = Form {
    id: "sse-main-annual",
    name: "上交所主板持续督导年度报告书",
    boards: &[Board::SseMain],
    from: Date::ymd(2009, 1, 1),
    template: ("tracking_sse_main.md.j2", include_str!("../../../../../templates/tracking_sse_main.md.j2")),
    title: "{firm}关于{company}{period}持续督导年度报告书",
    missing: sse_main::missing,
    render: sse_main::render,
};

/// The SZSE's table for the main board and ChiNext, yearly and half-yearly, as guideline
/// No. 13 (深证上〔2022〕25号, 2022-01-07) has it.
const SZSE_TABLE: Form = Form {
    id: "szse-table",
    name: "深交所表格式",
    boards: &[Board::SzseMain, Board::Chinext],
    from: Date::ymd(2022, 1, 7),
    template: ("tracking_szse.md.j2", include_str!("../../../../../templates/tracking_szse.md.j2")),
    title: "{firm}关于{company}{period}持续督导跟踪报告",
    missing: szse::missing,
    render: szse::render,
};

/// The same table before 2022, as real reports of 2020–2021 print it: item 6 is
/// 发表独立意见情况 (see the template). Documents filed in 2021 are refused for want of the
/// guideline then in force (`Board::supervision_guideline`).
const SZSE_TABLE_2015: Form = Form { id: "szse-table-2015", name: "深交所表格式（2022年前）", from: Date::ymd(2015, 1, 1), ..SZSE_TABLE };

const ANNUAL_FORMS: &[Form] = &[STAR, SSE_MAIN, SZSE_TABLE_2015, SZSE_TABLE];
const SEMIANNUAL_FORMS: &[Form] = &[STAR, SZSE_TABLE_2015, SZSE_TABLE];

/// Everything the STAR report lacks; `findings` of the period stand in for the sponsor's
/// account of violations.
fn missing_star(subject: &Subject) -> Vec<InputError> {
    let period = subject.period;
    let mut missing = ready(subject.case, subject.dir, period).err().unwrap_or_default();
    let found: Vec<&Finding> = subject.findings.iter().filter(|f| concerns(f, period)).collect();
    missing.extend(gaps_of::sse(subject.case, period, &found, true).iter().map(|g| g.missing(subject.dir)));
    missing
}

fn render_star(subject: &Subject, templates: &Templates, mode: Mode) -> Result<Report, RenderError> {
    let (case, case_dir, period, findings) = (subject.case, subject.dir, subject.period, subject.findings);
    let of_year: Vec<&Finding> = findings.iter().filter(|f| concerns(f, period)).collect();
    let gaps = gaps_of::sse(case, period, &of_year, true);
    let ready = ready(case, case_dir, period).map_err(with_gaps(&gaps, case_dir))?;
    let (mut context, mut notes) = context::build(case, case_dir, &ready, period)?;
    context.findings = of_year.iter().filter(|f| f.severity > Severity::Info).map(|f| FindingView::from(*f)).collect();
    context.violations = of_year.iter().filter(|f| is_violation(f)).map(|f| FindingView::from(*f)).collect();
    notes.extend(of_year.iter().filter(|f| worth_printing(f)).map(|f| (*f).clone()));
    let findings = notes;
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

    let work_log = work_log_prose(ready.work_log, case_dir, templates, &facts)?;

    let mut prose = BTreeMap::new();
    for (stem, text) in ready.narrative.iter().flat_map(|n| &n.sections) {
        let at = templates::Prose { file: case_dir.join(&*text.origin().file), line: 1, field: None };
        prose.insert(stem.clone(), templates.render_prose(&at, text, &facts)?);
    }

    let full = minijinja::context! { work_log => work_log, narrative => prose, duties => items::duties(case.company.company.board), ..facts };
    let markdown = templates.render(subject.form.template.0, &full)? + &gaps::closing_list(&gaps);
    let title = subject.title(&ready.sponsor.firm);
    let signature = Signature::new(&title, &ready.sponsor.representatives, &ready.sponsor.firm);
    Ok(Report { markdown, title, author: ready.sponsor.firm.clone(), signature, findings, gaps, unconfirmed: Vec::new() })
}

/// The sponsor's accounts of the SSE guideline's 16 duties, each rendered as prose (it may
/// cite the document's figures); empty where the work log leaves the item to dudao.
fn work_log_prose(log: &WorkLog, case_dir: &Path, templates: &Templates, facts: &Value) -> Result<Vec<String>, RenderError> {
    (1..=16)
        .map(|n| match log.items.get(&n.to_string()) {
            None => Ok(String::new()),
            Some(account) => {
                let at = templates::Prose { file: case_dir.join(&*account.origin().file), line: account.origin().line, field: Some(format!("items.{n}")) };
                templates.render_prose(&at, account, facts)
            }
        })
        .collect()
}

/// A refusal for want of facts no draft can stand in for, listing the gaps too, so the
/// whole list comes at once.
fn with_gaps<'a>(gaps: &'a [crate::gaps::Gap], dir: &'a Path) -> impl FnOnce(Vec<InputError>) -> RenderError + 'a {
    move |mut missing| {
        missing.extend(gaps.iter().map(|g| g.missing(dir)));
        RenderError::Incomplete(missing)
    }
}

/// What the SSE main board's and the SZSE's forms are made from: the sponsor (or its
/// gap's placeholder), the guideline of the filing date and the period's work log (the
/// items it lacks are gaps, not refusals).
pub(super) struct LogReady<'a> {
    pub guideline: &'static str,
    pub sponsor: Cow<'a, Sponsor>,
    pub work_log: &'a WorkLog,
}

/// Those parts of `subject`'s case, with what of them is missing added to `missing`;
/// `items` says what the work log is to hold.
pub(super) fn log_ready<'a>(subject: &Subject<'a>, items: &str, missing: &mut Vec<InputError>) -> Option<LogReady<'a>> {
    let (case, dir, period) = (subject.case, subject.dir, subject.period);
    let guideline = guideline(case, dir, period, missing);
    let file = format!("worklog/{period}.toml");
    let work_log = case.worklogs.get(&period);
    if work_log.is_none() {
        missing.push(lacking(dir, &file, None, format!("缺少 {}的持续督导工作记录：应有 {file}，{items}", period.chinese())));
    }
    Some(LogReady { guideline: guideline?, sponsor: gaps_of::sponsor_or_placeholder(case), work_log: work_log? })
}

/// The parts of the case a tracking report of one period is made from.
pub(crate) struct Ready<'a> {
    /// The exchange's guideline the document cites.
    pub guideline: &'static str,
    /// The sponsor, or its gap's placeholder.
    pub sponsor: Cow<'a, Sponsor>,
    pub current: &'a FiscalYear,
    /// The same period a year before, for the flows (收入, 利润 …).
    pub prior: &'a FiscalYear,
    /// The prior year end, for the balances (净资产, 总资产): the same table as `prior`
    /// for an annual report, the prior year's for a half-year.
    pub prior_balances: &'a FiscalYear,
    pub work_log: &'a WorkLog,
    /// The sponsor's prose, where the period has any (each section it lacks is a gap).
    pub narrative: Option<&'a Narrative>,
}

/// The parts of the STAR report of `report`, or everything it lacks.
fn ready<'a>(case: &'a Case, case_dir: &Path, report: Period) -> Result<Ready<'a>, Vec<InputError>> {
    let mut missing = Vec::new();
    let guideline = guideline(case, case_dir, report, &mut missing);
    let mut lack = |file: String, field: Option<String>, message: String| missing.push(lacking(case_dir, &file, field, message));
    let year = report.year();
    let (prior_period, balances_period) = match report {
        Period::Year(y) => (Period::Year(y - 1), Period::Year(y - 1)),
        Period::FirstHalf(y) => (Period::FirstHalf(y - 1), Period::Year(y - 1)),
    };
    let needs = match report {
        Period::Year(_) => format!("{year} 年度报告需要 [{year}] 与 [{}] 两个年度的表", year - 1),
        Period::FirstHalf(_) => format!("{}报告需要 [{report}]、[{prior_period}] 与 [{balances_period}] 三个期间的表", report.chinese()),
    };
    let mut table = |p: Period| {
        let found = case.financials.get(&p).map(|f| &**f);
        if found.is_none() {
            lack("financials.toml".into(), Some(p.to_string()), format!("缺少 {}主要财务数据：{needs}", named(p)));
        }
        found
    };
    let (current, prior) = (table(report), table(prior_period));
    let prior_balances = if balances_period == prior_period { prior } else { table(balances_period) };
    // Section 十 states the controllers' holdings at the period's end: a recorded
    // controller without one would print an empty sentence and a 0% total.
    if let Some(controllers) = &case.shareholders.controllers {
        let end = report.end();
        let holders = &case.shareholders;
        let held = holders.holdings.iter().any(|h| h.date == end && controllers.names.contains(&h.holder))
            || holders.indirect_holdings.iter().any(|h| h.date == end && controllers.names.contains(&h.holder));
        if !held {
            lack(
                "shareholders.toml".into(),
                Some("holdings".into()),
                format!("缺少控股股东、实际控制人（{}）于 {end} 的持股：请在 [[holdings]] 中写明 holder、date = {end} 与 shares", controllers.names.join("、")),
            );
        }
    }
    let work_log = case.worklogs.get(&report);
    // Without a work log nothing of section 一 is known; each item and each narrative
    // section the sponsor has not written is a gap (gaps_of::sse), item 5 drafted from the
    // violations check finds where there are any.
    if work_log.is_none() {
        let message = format!("缺少 {}的持续督导工作记录：应有 worklog/{report}.toml，写明 16 项工作的完成情况", named(report));
        lack(format!("worklog/{report}.toml"), None, message);
    }
    let narrative = case.narratives.get(&report);
    match (current, prior, prior_balances, work_log, guideline) {
        (Some(current), Some(prior), Some(prior_balances), Some(work_log), Some(guideline)) if missing.is_empty() => {
            let sponsor = gaps_of::sponsor_or_placeholder(case);
            Ok(Ready { guideline, sponsor, current, prior, prior_balances, work_log, narrative })
        }
        _ => Err(missing),
    }
}
