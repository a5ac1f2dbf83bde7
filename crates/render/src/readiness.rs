//! What the tracking report of a year needs from the case, checked all at once: either
//! every piece is there ([`Ready`]), or the whole list of what is missing, each naming the
//! file and field to write. The CLI, the web and the renderer ask this one question, so
//! they agree on whether a report can be made.

use std::path::Path;

use dudao_model::{
    Assurance, Case, ChecklistAnswer, Date, Finding, FiscalYear, InputError, Inspection, InspectionKind, Narrative, Period, Sponsor, SupervisionPeriod,
    WorkLog, supervision_period,
};

/// The parts of the case a tracking report of one period is made from.
pub(crate) struct Ready<'a> {
    pub period: SupervisionPeriod,
    /// The exchange's guideline the document cites.
    pub guideline: &'static str,
    pub sponsor: &'a Sponsor,
    pub current: &'a FiscalYear,
    /// The same period a year before, for the flows (收入, 利润 …).
    pub prior: &'a FiscalYear,
    /// The prior year end, for the balances (净资产, 总资产): the same table as `prior`
    /// for an annual report, the prior year's for a half-year.
    pub prior_balances: &'a FiscalYear,
    pub work_log: &'a WorkLog,
    pub narrative: &'a Narrative,
}

/// Everything the annual tracking report of `year` lacks; empty when it can be made.
/// `findings` are what `check` found: its violations fill work item 5 and section 四.
pub fn missing_for_tracking_report(case: &Case, case_dir: &Path, year: i16, findings: &[Finding]) -> Vec<InputError> {
    missing_for_tracking(case, case_dir, Period::Year(year), findings)
}

/// Everything the half-year tracking report of `year`'s first half lacks.
pub fn missing_for_semiannual_tracking_report(case: &Case, case_dir: &Path, year: i16, findings: &[Finding]) -> Vec<InputError> {
    missing_for_tracking(case, case_dir, Period::FirstHalf(year), findings)
}

fn missing_for_tracking(case: &Case, case_dir: &Path, period: Period, findings: &[Finding]) -> Vec<InputError> {
    let mut missing = ready(case, case_dir, period).err().unwrap_or_default();
    let found: Vec<&Finding> = findings.iter().filter(|f| crate::concerns(f, period)).collect();
    missing.extend(crate::gaps::tracking(case, period, &found).iter().map(|g| g.missing(case_dir)));
    missing
}

/// A missing fact, named by file (relative to the case) and field.
fn lacking(case_dir: &Path, file: &str, field: Option<String>, message: String) -> InputError {
    InputError { file: case_dir.join(file), line: None, column: None, field, message }
}

/// The exchange's supervision guideline a document of `report` cites: the one in force
/// when it is filed (at the latest, `Period::filed_by`).
fn guideline(case: &Case, case_dir: &Path, report: Period, missing: &mut Vec<InputError>) -> Option<&'static str> {
    let board = case.company.company.board;
    board
        .supervision_guideline(report.filed_by())
        .map_err(|message| missing.push(lacking(case_dir, "company.toml", Some("company.board".into()), message)))
        .ok()
}

/// What every sponsor document needs: the supervision period and the sponsor.
fn period_and_sponsor<'a>(case: &'a Case, case_dir: &Path, missing: &mut Vec<InputError>) -> (Option<SupervisionPeriod>, Option<&'a Sponsor>) {
    let period =
        supervision_period(&case.company).map_err(|message| missing.push(lacking(case_dir, "company.toml", Some("supervision.end".into()), message))).ok();
    let sponsor = case.company.sponsor.as_ref();
    if sponsor.is_none() {
        let message = "缺少保荐机构：请写明 [sponsor] 的 firm（保荐机构名称）与 representatives（保荐代表人）".to_owned();
        missing.push(lacking(case_dir, "company.toml", Some("sponsor".into()), message));
    }
    (period, sponsor)
}

/// The narrative of `period`, with what it lacks of `sections` added to `missing` (one
/// message listing every absent file).
fn narrative<'a>(case: &'a Case, case_dir: &Path, period: Period, sections: &[&(&str, &str)], missing: &mut Vec<InputError>) -> Option<&'a Narrative> {
    let narrative = case.narratives.get(&period);
    let absent: Vec<String> = sections
        .iter()
        .filter(|(stem, _)| narrative.is_none_or(|n| !n.sections.contains_key(*stem)))
        .map(|(stem, section)| format!("narrative/{period}/{stem}.md（{section}）"))
        .collect();
    if !absent.is_empty() {
        missing.push(lacking(case_dir, &format!("narrative/{period}"), None, format!("缺少保荐机构撰写的叙述文件：{}", absent.join("、"))));
    }
    narrative
}

/// How the messages name a period: `2023 年度`, `2024年半年度`.
fn named(period: Period) -> String {
    match period {
        Period::Year(y) => format!("{y} 年度"),
        Period::FirstHalf(_) => period.chinese(),
    }
}

/// The parts of the case the on-site inspection report of a year is made from.
pub(crate) struct InspectionReady<'a> {
    pub period: SupervisionPeriod,
    /// The exchange's guideline the document cites.
    pub guideline: &'static str,
    pub sponsor: &'a Sponsor,
    pub inspection: &'a Inspection,
    pub date: Date,
}

/// Everything the regular on-site inspection report of `year` lacks.
pub fn missing_for_inspection_report(case: &Case, case_dir: &Path, year: i16) -> Vec<InputError> {
    ready_for_inspection(case, case_dir, year).err().unwrap_or_default()
}

pub(crate) fn ready_for_inspection<'a>(case: &'a Case, case_dir: &Path, year: i16) -> Result<InspectionReady<'a>, Vec<InputError>> {
    let mut missing = Vec::new();
    let (period, sponsor) = period_and_sponsor(case, case_dir, &mut missing);
    let guideline = guideline(case, case_dir, Period::Year(year), &mut missing);
    if sponsor.is_some_and(|s| s.phone.is_none()) {
        missing.push(lacking(case_dir, "company.toml", Some("sponsor.phone".into()), "缺少保荐机构联系电话：现场检查报告的表头需要 sponsor.phone".into()));
    }
    let file = format!("worklog/{year}.toml");
    let inspection =
        case.worklogs.get(&Period::Year(year)).and_then(|log| log.inspections.iter().find(|i| i.kind == InspectionKind::Regular && !i.checklist.is_empty()));
    let Some(inspection) = inspection else {
        let message = format!(
            "缺少 {year} 年度定期现场检查的检查事项：[[inspections]]（kind = \"regular\"）须写明 date、inspectors 与 checklist（各部分的检查手段及各事项的 是/否/不适用）"
        );
        missing.push(lacking(case_dir, &file, Some("inspections".into()), message));
        return Err(missing);
    };
    if inspection.date.is_none() {
        missing.push(lacking(case_dir, &file, Some("inspections.date".into()), "缺少现场检查时间：请写明 date（首日），多日检查另写 ended".into()));
    }
    if inspection.inspectors.is_empty() {
        missing.push(lacking(case_dir, &file, Some("inspections.inspectors".into()), "缺少现场检查人员：请写明 inspectors".into()));
    }
    if inspection.issues.is_none() {
        let answered_no = inspection.checklist.iter().flat_map(|s| &s.items).any(|i| i.answer == ChecklistAnswer::No);
        let message = if answered_no {
            "有检查事项的意见为“否”：请在 issues 中写明现场检查发现的问题及说明".to_owned()
        } else {
            "缺少现场检查发现的问题及说明：请在 issues 中写明（未发现问题的，写明 issues = \"无。\"）".to_owned()
        };
        missing.push(lacking(case_dir, &file, Some("inspections.issues".into()), message));
    }
    match (period, sponsor, inspection.date, guideline) {
        (Some(period), Some(sponsor), Some(date), Some(guideline)) if missing.is_empty() => {
            Ok(InspectionReady { period, guideline, sponsor, inspection, date })
        }
        _ => Err(missing),
    }
}

/// The parts of the case the closing report (保荐总结报告书) is made from.
pub(crate) struct ClosingReady<'a> {
    pub period: SupervisionPeriod,
    /// The exchange's guideline the document cites.
    pub guideline: &'static str,
    pub sponsor: &'a Sponsor,
    pub narrative: &'a Narrative,
}

/// Everything the closing report lacks, for the supervision ending in `year`.
pub fn missing_for_closing_report(case: &Case, case_dir: &Path, year: i16) -> Vec<InputError> {
    ready_for_closing(case, case_dir, year).err().unwrap_or_default()
}

pub(crate) fn ready_for_closing<'a>(case: &'a Case, case_dir: &Path, year: i16) -> Result<ClosingReady<'a>, Vec<InputError>> {
    let mut missing = Vec::new();
    let (period, sponsor) = period_and_sponsor(case, case_dir, &mut missing);
    let guideline = guideline(case, case_dir, Period::Year(year), &mut missing);
    if let Some(period) = &period
        && period.end.year() != year
    {
        let message = format!("保荐总结报告书在持续督导期届满时出具：本案卷的持续督导期至 {}，报告期应为 {}", period.end, period.end.year());
        missing.push(lacking(case_dir, "company.toml", Some("supervision.end".into()), message));
    }
    let mut need = |field: &str, name: &str, present: bool| {
        if !present {
            missing.push(lacking(case_dir, "company.toml", Some(field.to_owned()), format!("缺少{name}：保荐总结报告书的基本情况表需要 {field}")));
        }
    };
    if let Some(s) = sponsor {
        need("sponsor.registered_address", "保荐机构注册地址", s.registered_address.is_some());
        need("sponsor.office_address", "保荐机构主要办公地址", s.office_address.is_some());
        need("sponsor.legal_representative", "保荐机构法定代表人", s.legal_representative.is_some());
        need("sponsor.phone", "保荐机构联系电话", s.phone.is_some());
    }
    let c = &case.company.company;
    need("company.registered_capital", "发行人注册资本", c.registered_capital.is_some());
    need("company.registered_address", "发行人注册地址", c.registered_address.is_some());
    need("company.office_address", "发行人主要办公地址", c.office_address.is_some());
    need("company.legal_representative", "发行人法定代表人", c.legal_representative.is_some());
    need("company.contact", "发行人联系人", c.contact.is_some());
    need("company.phone", "发行人联系电话", c.phone.is_some());
    need("company.listing_date", "上市日期", c.listing_date.is_some());
    if case.shareholders.controllers.is_none() {
        let message = "缺少控股股东、实际控制人：保荐总结报告书的发行人基本情况表需要 shareholders.toml 的 [controllers]".to_owned();
        missing.push(lacking(case_dir, "shareholders.toml", Some("controllers".into()), message));
    }
    // Whether the raised funds were used up is stated from the ledger; a case without
    // funds.toml does not say there were none.
    match &case.funds {
        None => missing.push(lacking(
            case_dir,
            "funds.toml",
            None,
            "缺少募集资金信息：保荐总结报告书需说明督导期届满时募集资金是否使用完毕（funds.toml 的发行与各年度台账）".into(),
        )),
        Some(funds) if funds.ledger_for(Period::Year(year)).is_none() => {
            let message = format!("缺少 {year} 年度募集资金使用台账：保荐总结报告书需说明督导期届满时募集资金是否使用完毕（[ledger.{year}]）");
            missing.push(lacking(case_dir, "funds.toml", Some(format!("ledger.{year}")), message));
        }
        Some(_) => {}
    }
    let sections: Vec<&(&str, &str)> = Narrative::CLOSING_SECTIONS.iter().collect();
    let narrative = narrative(case, case_dir, Period::Year(year), &sections, &mut missing);
    match (period, sponsor, narrative, guideline) {
        (Some(period), Some(sponsor), Some(narrative), Some(guideline)) if missing.is_empty() => Ok(ClosingReady { period, guideline, sponsor, narrative }),
        _ => Err(missing),
    }
}

/// The parts of the case the 募集资金 opinion of a year is made from.
pub(crate) struct FundsReady<'a> {
    pub period: SupervisionPeriod,
    /// The exchange's guideline the document cites.
    pub guideline: &'static str,
    pub sponsor: &'a Sponsor,
    pub assurance: &'a Assurance,
}

/// Everything the 募集资金 opinion of `year` lacks; empty when it can be made. `findings`
/// are what `check` found: the problems about the funds the opinion lists.
pub fn missing_for_funds_opinion(case: &Case, case_dir: &Path, year: i16, findings: &[Finding]) -> Vec<InputError> {
    let mut missing = ready_for_funds_opinion(case, case_dir, year).err().unwrap_or_default();
    let problems = findings.iter().any(|f| crate::funds_problem(f, year));
    missing.extend(crate::gaps::funds_opinion(case, year, problems).iter().map(|g| g.missing(case_dir)));
    missing
}

pub(crate) fn ready_for_funds_opinion<'a>(case: &'a Case, case_dir: &Path, year: i16) -> Result<FundsReady<'a>, Vec<InputError>> {
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

pub(crate) fn ready<'a>(case: &'a Case, case_dir: &Path, report: Period) -> Result<Ready<'a>, Vec<InputError>> {
    let mut missing = Vec::new();
    let (period, sponsor) = period_and_sponsor(case, case_dir, &mut missing);
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
    match work_log {
        None => lack(
            format!("worklog/{report}.toml"),
            None,
            format!("缺少 {}的持续督导工作记录：应有 worklog/{report}.toml，写明 16 项工作的完成情况", named(report)),
        ),
        // Work item 5 (violations and broken commitments) may be left to dudao where check
        // finds violations, which it lists (gaps.rs asks for it otherwise); every other
        // account is the sponsor's to write.
        Some(log) => {
            let absent: Vec<String> = (1..=16).filter(|n| *n != 5 && !log.items.contains_key(&n.to_string())).map(|n| n.to_string()).collect();
            if !absent.is_empty() {
                lack(
                    format!("worklog/{report}.toml"),
                    Some(format!("items.{}", absent[0])),
                    format!("缺少第 {} 项持续督导工作的完成情况：[items] 须写明 1 到 16 项", absent.join("、")),
                );
            }
        }
    }
    // Section 四 (major violations) likewise: the violations found, or the sponsor's text.
    let sections: Vec<&(&str, &str)> = Narrative::SECTIONS.iter().filter(|(stem, _)| *stem != "violations").collect();
    let narrative = narrative(case, case_dir, report, &sections, &mut missing);
    match (period, sponsor, current, prior, prior_balances, work_log, narrative, guideline) {
        (Some(period), Some(sponsor), Some(current), Some(prior), Some(prior_balances), Some(work_log), Some(narrative), Some(guideline))
            if missing.is_empty() =>
        {
            Ok(Ready { period, guideline, sponsor, current, prior, prior_balances, work_log, narrative })
        }
        _ => Err(missing),
    }
}
