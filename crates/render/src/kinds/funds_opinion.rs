//! The sponsor's opinion on how the raised funds were kept and used in a year
//! (募集资金存放与使用情况专项核查意见), in the eight parts of the real opinions' outline.
//! Every figure is computed from `funds.toml` (the offering, the ledger, the accounts and the
//! projects' amounts by year, for the 募集资金使用情况对照表); every sentence about the year's
//! uses, the rules and the agreements is a fact of the case in the form's wording, and a gap
//! where the case does not say. The problems about the funds that `check` found in the
//! year (warnings and errors) are the opinion's problems; that none was found, the work done
//! and the conclusion are the sponsor's words.

use std::collections::BTreeMap;

use dudao_model::{
    Amount, Assurance, Board, Case, Date, Finding, FundsAnswer, FundsDecision, FundsFile, InputError, LedgerYear, Narrative, Period, PublicationKind,
    ReadyDate, Sponsor, Unit, format_grouped,
};
use minijinja::Value;
use minijinja::value::Serde;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::{DocumentKind, Form, Subject};
use crate::context::{CompanyView, FindingView, FundsView, PeriodView, SponsorView, funds_view, offering_gap, wan};
use crate::gaps::{self, Gap};
use crate::readiness::{guideline, lacking, period_and_sponsor};
use crate::{Mode, RenderError, Report, Signature, Templates, about_funds, concerns, templates};

pub(crate) const KIND: DocumentKind = DocumentKind {
    id: "funds-opinion",
    name: "募集资金存放与使用情况专项核查意见",
    half_yearly: false,
    publication: PublicationKind::FundsVerification,
    forms: FORMS,
    whole_supervision: false,
    narrative: |_| Narrative::FUNDS_OPINION_SECTIONS.to_vec(),
    candidates: |case| case.funds.iter().flat_map(|f| f.ledger.keys().chain(f.assurance.keys())).filter_map(|y| y.parse().ok()).collect(),
};

const FORMS: &[Form] = &[Form {
    id: "funds-opinion",
    name: "专项核查意见",
    boards: <Board as dudao_model::Choice>::ALL,
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
    // Without the year's ledger (which readiness asks for) the parts are not made; the
    // offering is asked for all the same.
    let facts = parts(subject.case, subject.year()).map_or_else(|| offering_gaps(subject.case), |(_, gaps)| gaps);
    let gaps = facts.into_iter().chain(narrative_gaps(subject.case, subject.year(), problems));
    missing.extend(gaps.map(|g| g.missing(subject.dir)));
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
    let found = !problems.is_empty();
    let (context, mut gaps) = context(case, &ready, year, problems).ok_or_else(|| RenderError::Incomplete(Vec::new()))?;
    gaps.extend(narrative_gaps(case, year, found));
    gaps::allowed(&gaps, mode, case_dir)?;
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
    Ok(Report { markdown, title, author: firm.clone(), signature, findings: notes, gaps, unconfirmed: Vec::new() })
}

/// The parts of the case the 募集资金 opinion of a year is made from.
struct FundsReady<'a> {
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
        (Some(_), Some(sponsor), Some(assurance), Some(guideline)) if missing.is_empty() => Ok(FundsReady { guideline, sponsor, assurance }),
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
    /// 一（二）: use before the year, in it and in all, and the balances.
    pub usage: UsageView,
    /// 二: the rules, the agreements and whether the accounts are known.
    pub storage: StorageView,
    /// 三（一）: the 募集资金使用情况对照表, or a draft's placeholder where the case lists
    /// no project.
    pub projects: Result<ProjectsView, String>,
    /// 三（二）–（六） and 四: each matter's sentences.
    pub matters: MattersView,
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

/// The funds used before the year and in it, and what is left, in 万元: 以前年度累计使用 +
/// 本年度使用 = 累计使用, and 净额 − 累计使用 = 尚未使用.
#[derive(Serialize)]
pub struct UsageView {
    net: String,
    prior_use: String,
    year_use: String,
    cumulative_use: String,
    unused: String,
    /// The special accounts and cash management at year end together, where the case knows
    /// the cash-management balance.
    balance_total: Option<String>,
}

/// How the funds are kept: the rules and the supervision agreements, as sentences (or a
/// draft's placeholder), and the accounts' gap where the case has no year-end balance.
#[derive(Serialize)]
pub struct StorageView {
    management: String,
    agreements: Vec<String>,
    accounts_gap: Option<String>,
}

/// The 募集资金使用情况对照表: the header's figures and a row per project with the totals.
#[derive(Serialize)]
pub struct ProjectsView {
    net: String,
    year_total: String,
    cumulative_total: String,
    changed_in_year: String,
    changed_cumulative: String,
    changed_ratio: String,
    rows: Vec<ProjectRow>,
    total: ProjectRow,
    statuses: Vec<ProjectStatus>,
    /// Some total differs from the sum of its rounded rows by rounding.
    rounded: bool,
}

/// One row of the 对照表's figures, printed.
#[derive(Serialize)]
pub struct ProjectRow {
    name: String,
    committed: String,
    adjusted: String,
    year_used: String,
    cumulative: String,
    progress: String,
}

/// One row of the 对照表's status columns (a second table, so that a portrait page holds
/// the figures without wrapping them).
#[derive(Serialize)]
pub struct ProjectStatus {
    name: String,
    ready: String,
    benefit: String,
    achieved: String,
    feasibility_changed: String,
}

/// The year's other uses and its changes of projects, each as sentences.
#[derive(Serialize)]
pub struct MattersView {
    replacements: Vec<String>,
    working_capital: Vec<String>,
    cash_management: Vec<String>,
    over_raised: Vec<String>,
    surplus: Vec<String>,
    changes: Vec<String>,
}

/// The gaps a document collects while its parts are printed: each prints as its
/// placeholder where the fact would stand.
#[derive(Default)]
struct Gaps(Vec<Gap>);

impl Gaps {
    /// A fact of `funds.toml` the case lacks: its placeholder, the gap recorded.
    fn funds(&mut self, key: &'static str, what: String, field: String, how: &str) -> String {
        let gap = Gap { key, what, file: "funds.toml".into(), field: Some(field), how: how.into() };
        let placeholder = gap.placeholder();
        self.0.push(gap);
        placeholder
    }
}

/// The context of the 募集资金 opinion of `year`; `problems` are the funds findings of `check`.
fn context(case: &Case, ready: &FundsReady, year: i16, problems: Vec<FindingView>) -> Option<(FundsOpinionContext, Vec<Gap>)> {
    let funds = funds_view(case, Period::Year(year))?;
    let (parts, gaps) = parts(case, year)?;
    let context = FundsOpinionContext {
        period: PeriodView::new(Period::Year(year)),
        year,
        prior_year: year - 1,
        company: CompanyView::new(&case.company.company, ready.guideline),
        sponsor: SponsorView::from(ready.sponsor),
        funds,
        usage: parts.usage,
        storage: parts.storage,
        projects: parts.projects,
        matters: parts.matters,
        assurance: AssuranceView {
            auditor: ready.assurance.auditor.clone(),
            report: ready.assurance.report.clone(),
            conclusion: ready.assurance.conclusion.clone(),
        },
        problems,
    };
    Some((context, gaps))
}

/// The opinion's parts made from `funds.toml`.
struct Parts {
    usage: UsageView,
    storage: StorageView,
    projects: Result<ProjectsView, String>,
    matters: MattersView,
}

/// The parts of the opinion of `year` printed from `funds.toml`, with the facts they lack
/// in document order; `None` without the funds or the year's ledger (which readiness asks
/// for).
fn parts(case: &Case, year: i16) -> Option<(Parts, Vec<Gap>)> {
    let funds = case.funds.as_ref()?;
    let ledger = funds.ledger_for(Period::Year(year))?;
    let mut gaps = Gaps(offering_gaps(case));
    let usage = usage(funds, ledger, year);
    let storage = storage(funds, year, &mut gaps);
    let projects = projects(funds, year, &mut gaps);
    let matters = matters(funds, ledger, year, &mut gaps);
    Some((Parts { usage, storage, projects, matters }, gaps.0))
}

/// The offering's gap, where the case has `funds.toml` without it: the figures made from it
/// (the net proceeds, what is unused, the changes' share) print its placeholder.
fn offering_gaps(case: &Case) -> Vec<Gap> {
    case.funds.iter().filter(|f| f.offering.is_none()).map(|_| offering_gap()).collect()
}

/// An amount made from the offering, printed in 万元, or the offering's placeholder.
fn from_offering(value: Option<Decimal>, scale: u32) -> String {
    value.map_or_else(|| offering_gap().placeholder(), |v| wan(v, scale))
}

fn usage(funds: &FundsFile, ledger: &LedgerYear, year: i16) -> UsageView {
    let scale = ledger.opening_balance.scale_in(Unit::Wan).max(2);
    let cumulative = ledger.cumulative_use.yuan();
    let year_use = ledger.project_spending.yuan();
    let closing = funds.accounts_total(Period::Year(year).end()).map_or_else(|| ledger.closing_by_movement().yuan, |t| t.yuan);
    UsageView {
        net: from_offering(funds.net_proceeds(), scale),
        prior_use: wan(cumulative - year_use, scale),
        year_use: wan(year_use, scale),
        cumulative_use: wan(cumulative, scale),
        unused: from_offering(funds.unused(ledger), scale),
        balance_total: ledger.closing_cash_management().map(|cash| wan(closing + cash, scale)),
    }
}

/// The sponsor's words the opinion of `year` lacks: with no problem `check` found about the
/// funds, that none was found (五); the work it did (七) and its conclusion (八) always.
fn narrative_gaps(case: &Case, year: i16, problems_found: bool) -> Vec<Gap> {
    let period = Period::Year(year);
    let written = |stem: &str| case.narratives.get(&period).is_some_and(|n| n.sections.contains_key(stem));
    let sponsors = [
        (
            !problems_found,
            "funds_problems",
            "募集资金使用及披露中存在的问题（保荐机构的核查结论）",
            "由保荐机构写明核查中是否发现问题；dudao 的核查未发现，不等于不存在",
        ),
        (true, "funds_work", "保荐机构的核查工作", "由保荐机构写明为本次核查所做的工作（查阅的资料、访谈与核对等）"),
        (true, "funds_conclusion", "保荐机构核查意见", "由保荐机构写明对本年度募集资金存放与使用情况的核查意见"),
    ];
    sponsors
        .into_iter()
        .filter(|(needed, stem, _, _)| *needed && !written(stem))
        .map(|(_, key, what, how)| Gap { key, what: what.into(), file: format!("narrative/{year}/{key}.md"), field: None, how: how.into() })
        .collect()
}

/// 二: the rules on the funds and the supervision agreements, each a fact the case must
/// hold; the accounts table is `funds`'.
fn storage(funds: &FundsFile, year: i16, gaps: &mut Gaps) -> StorageView {
    let management = match &funds.management {
        Some(m) => match &m.adopted_by {
            Some(body) => format!("{}，公司{body}审议通过了{}。", m.adopted.chinese(), m.rules),
            None => format!("公司于{}制定了{}。", m.adopted.chinese(), m.rules),
        },
        None => gaps.funds(
            "management",
            "募集资金管理制度".into(),
            "management".into(),
            "写明 [management] 的 rules（制度名称）、adopted（审议通过日期）与 adopted_by（审议机构）",
        ),
    };
    let agreements = match &funds.agreements {
        Some(list) if list.is_empty() => vec!["公司未就募集资金专户签订监管协议。".to_owned()],
        Some(list) => list
            .iter()
            .map(|a| {
                let parties = a.subsidiary.as_ref().map_or_else(|| "公司".to_owned(), |s| format!("公司及{s}"));
                format!("{}，{parties}与保荐机构、{}签订了{}。", a.signed.chinese(), a.bank, a.title)
            })
            .collect(),
        None => vec![gaps.funds(
            "agreements",
            "募集资金专户监管协议".into(),
            "agreements".into(),
            "每份协议写一条 [[agreements]]：title（协议名称）、bank（开户银行）、signed（签订日期）；未签订的写 agreements = []",
        )],
    };
    let year_end = Period::Year(year).end();
    let accounts_gap = funds.accounts_total(year_end).is_none().then(|| {
        gaps.funds(
            "accounts",
            format!("募集资金专户{}的余额", year_end.chinese()),
            "accounts.balances".into(),
            &format!("在每个 [[accounts]] 的 balances 中写明 {year_end} 的余额"),
        )
    });
    StorageView { management, agreements, accounts_gap }
}

/// 三（一）: the 对照表, every figure from the projects' amounts by year — cumulative use the
/// sum of the years up to this one where the case has each year from the funds' arrival,
/// else the cumulative use the case states for the year (the annual report's), progress
/// cumulative ÷ adjusted, totals the columns' sums, exact until printed in 万元 with two
/// decimals, as the filings print the table.
fn projects(funds: &FundsFile, year: i16, gaps: &mut Gaps) -> Result<ProjectsView, String> {
    if funds.projects.is_empty() {
        let how = "每个项目写一条 [[projects]]：name、committed（承诺投资总额）、adjusted（调整后投资总额）、ready，及各年度的 [projects.years.YEAR]";
        return Err(gaps.funds("projects", "募集资金投资项目".into(), "projects".into(), how));
    }
    let net = funds.net_proceeds();
    let scale = 2;
    // Without the offering the year the funds arrived is unknown (the offering's gap says so).
    let first = funds.arrival_year();
    let mut columns: [Column; 4] = Default::default();
    let (mut rows, mut statuses) = (Vec::new(), Vec::new());
    for (i, project) in funds.projects.iter().enumerate() {
        let name = &project.name;
        let field = |f: &str| format!("projects[{i}].{f}");
        let year_gap = |gaps: &mut Gaps, f: &str, what: &str, how: &str| {
            gaps.funds("projects", format!("募投项目“{name}”{year}年度的{what}"), field(&format!("years.{year}.{f}")), how)
        };
        let adjusted = project.adjusted.as_ref().map(|a| a.yuan()).ok_or_else(|| {
            gaps.funds("projects", format!("募投项目“{name}”的调整后投资总额"), field("adjusted"), "写明 adjusted；未调整的，写与 committed 相同的金额")
        });
        let used_how = "写明 [projects.years.YEAR] 的 used（当年投入募集资金）；当年未投入的写 \"0万\"";
        let used_gap =
            |gaps: &mut Gaps, y: i16| gaps.funds("projects", format!("募投项目“{name}”{y}年度投入的募集资金"), field(&format!("years.{y}.used")), used_how);
        let this_year = project.years.get(&year.to_string());
        let year_used = this_year.map(|e| e.used.yuan()).ok_or_else(|| used_gap(gaps, year));
        // The sum of every year since the funds arrived (a year left out would make the
        // cumulative use look smaller than it is), else the figure the case states.
        let found = funds.project_cumulative(project, year);
        let cumulative = match found.value() {
            Some(value) => Ok(value),
            // Each year the case lacks is a gap (the year's own is `year_used`'s); the
            // cell prints the first.
            None if first.is_some() => {
                let earlier: Vec<String> = found.missing_years.iter().filter(|y| **y != year).map(|y| used_gap(gaps, *y)).collect();
                Err(earlier.into_iter().next().or_else(|| year_used.clone().err()).unwrap_or_else(|| offering_gap().placeholder()))
            }
            None => Err(gaps.funds(
                "projects",
                format!("募投项目“{name}”截至{year}年末累计投入的募集资金"),
                field(&format!("years.{year}.cumulative")),
                "写明 cumulative（截至期末累计投入金额，如年度报告所列）；或写明 [offering] 及募集资金到账以来各年度的 used",
            )),
        };
        let mut answer = |f: &str, what: &str, value: Option<FundsAnswer>| match value {
            Some(a) => a.chinese().to_owned(),
            None => year_gap(gaps, f, what, "写明 是、否 或 不适用"),
        };
        let achieved = answer("achieved", "是否达到预计效益", this_year.and_then(|e| e.achieved));
        let feasibility_changed = answer("feasibility_changed", "项目可行性是否发生重大变化", this_year.and_then(|e| e.feasibility_changed));
        let benefit = match this_year.and_then(|e| e.benefit.clone()) {
            Some(b) => b,
            None => year_gap(gaps, "benefit", "实现的效益", "写明 benefit：本年度实现的效益（金额，或 不适用）"),
        };
        let ready = match project.ready {
            Some(ReadyDate::On(date)) => date.chinese(),
            Some(ReadyDate::NotApplicable) => "不适用".to_owned(),
            None => gaps.funds(
                "projects",
                format!("募投项目“{name}”达到预定可使用状态日期"),
                field("ready"),
                "写明 ready：日期（如 2025-12-31 或 2025-12），或 不适用",
            ),
        };
        let cells = [Ok(project.committed.yuan()), adjusted, year_used, cumulative];
        let progress = progress(&cells[3], &cells[1]);
        let [committed, adjusted, year_used, cumulative] = std::array::from_fn(|c| columns[c].add(&cells[c], scale));
        rows.push(ProjectRow { name: name.clone(), committed, adjusted, year_used, cumulative, progress });
        statuses.push(ProjectStatus { name: name.clone(), ready, benefit, achieved, feasibility_changed });
    }
    let rounded = columns.iter().any(|c| c.rounded(scale));
    let [committed, adjusted, year_used, cumulative] = columns.map(|c| c.sum);
    let total = ProjectRow {
        name: "合计".into(),
        progress: progress(&cumulative, &adjusted),
        committed: printed(&committed, scale),
        adjusted: printed(&adjusted, scale),
        year_used: printed(&year_used, scale),
        cumulative: printed(&cumulative, scale),
    };
    // The changes of the years before are gaps of this table; the year's own is 四's, which
    // prints the same placeholder.
    let changed = |y: i16| funds.uses.get(&y.to_string()).and_then(|u| u.changes.as_ref()).map(|c| c.iter().map(|c| c.amount.yuan()).sum::<Decimal>());
    let in_year = changed(year).ok_or_else(|| changes_gap(year).placeholder());
    // The changes since the funds arrived: unknown, with the year they arrived in.
    let mut changed_cumulative = match first {
        Some(_) => in_year.clone(),
        None => Err(offering_gap().placeholder()),
    };
    for y in first.unwrap_or(year).min(year)..year {
        let before = changed(y).ok_or_else(|| {
            let gap = changes_gap(y);
            let placeholder = gap.placeholder();
            gaps.0.push(gap);
            placeholder
        });
        changed_cumulative = match (before, changed_cumulative) {
            (Ok(before), Ok(sum)) => Ok(before + sum),
            (Err(gap), _) | (_, Err(gap)) => Err(gap),
        };
    }
    let changed_ratio = match (&changed_cumulative, net) {
        (Ok(_), Some(net)) if net.is_zero() => "不适用".into(),
        (Ok(sum), Some(net)) => format!("{}%", format_grouped(sum / net * Decimal::ONE_HUNDRED, 2)),
        (Ok(_), None) => offering_gap().placeholder(),
        (Err(gap), _) => gap.clone(),
    };
    Ok(ProjectsView {
        net: from_offering(net, scale),
        year_total: total.year_used.clone(),
        cumulative_total: total.cumulative.clone(),
        changed_in_year: printed(&in_year, scale),
        changed_cumulative: printed(&changed_cumulative, scale),
        changed_ratio,
        rows,
        total,
        statuses,
        rounded,
    })
}

/// A column of the 对照表: its exact sum (or the first gap that leaves it unknown) and the
/// sum of its rows as printed, for the rounding note.
struct Column {
    sum: Result<Decimal, String>,
    printed: Decimal,
}

impl Default for Column {
    fn default() -> Column {
        Column { sum: Ok(Decimal::ZERO), printed: Decimal::ZERO }
    }
}

impl Column {
    /// Adds a cell, and gives it printed.
    fn add(&mut self, cell: &Result<Decimal, String>, scale: u32) -> String {
        let wan_scale = |v: Decimal| (v / Unit::Wan.factor()).round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
        self.sum = match (&self.sum, cell) {
            (Ok(sum), Ok(value)) => Ok(sum + value),
            (Err(gap), _) | (_, Err(gap)) => Err(gap.clone()),
        };
        if let Ok(value) = cell {
            self.printed += wan_scale(*value);
        }
        printed(cell, scale)
    }

    /// Whether its total, printed, differs from the sum of its rows as printed.
    fn rounded(&self, scale: u32) -> bool {
        self.sum.as_ref().is_ok_and(|sum| (sum / Unit::Wan.factor()).round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero) != self.printed)
    }
}

/// An amount in 元 printed in 万元, or the placeholder of the fact it lacks.
fn printed(value: &Result<Decimal, String>, scale: u32) -> String {
    match value {
        Ok(value) => wan(*value, scale),
        Err(gap) => gap.clone(),
    }
}

/// 投入进度: cumulative use ÷ adjusted investment, as a percentage with two decimals.
fn progress(cumulative: &Result<Decimal, String>, adjusted: &Result<Decimal, String>) -> String {
    match (cumulative, adjusted) {
        (Ok(_), Ok(adjusted)) if adjusted.is_zero() => "不适用".into(),
        (Ok(cumulative), Ok(adjusted)) => format_grouped(cumulative / adjusted * Decimal::ONE_HUNDRED, 2),
        (Err(gap), _) | (_, Err(gap)) => gap.clone(),
    }
}

/// The gap of a year whose changes of projects the case does not state.
fn changes_gap(year: i16) -> Gap {
    Gap {
        key: "changes",
        what: format!("{year}年度变更募集资金投资项目的情况"),
        file: "funds.toml".into(),
        field: Some(format!("uses.{year}.changes")),
        how: "每次变更写一条 [[uses.YEAR.changes]]（approved、approved_by、amount、purpose）；当年未变更的写 changes = []".into(),
    }
}

/// 三（二）–（六） and 四: each of the year's uses in fixed wording from the case's
/// decisions, or that there was none where the case says so (an empty list).
fn matters(funds: &FundsFile, ledger: &LedgerYear, year: i16, gaps: &mut Gaps) -> MattersView {
    let uses = funds.uses.get(&year.to_string());
    let mut matter = |key: &'static str, list: Option<&Vec<FundsDecision>>, what: &str, none: &str, act: fn(&str) -> String, purpose: &str| match list {
        Some(list) if list.is_empty() => vec![format!("{year}年度，公司不存在{none}的情况。")],
        Some(list) => list
            .iter()
            .map(|d| {
                let amount = wan(d.amount.yuan(), d.amount.scale_in(Unit::Wan).max(2));
                let purpose = d.purpose.as_ref().map(|p| format!("，{purpose}{p}")).unwrap_or_default();
                format!("{}，公司{}审议通过{}{purpose}。", d.approved.chinese(), d.approved_by, act(&amount))
            })
            .collect(),
        None => {
            let gap = if key == "changes" {
                changes_gap(year)
            } else {
                let how = format!("每项决议写一条 [[uses.{year}.{key}]]（approved、approved_by、amount，可有 purpose）；当年没有的写 {key} = []");
                Gap { key, what: format!("{year}年度{what}的情况"), file: "funds.toml".into(), field: Some(format!("uses.{year}.{key}")), how }
            };
            let placeholder = gap.placeholder();
            gaps.0.push(gap);
            vec![placeholder]
        }
    };
    let replacements = matter(
        "replacements",
        uses.and_then(|u| u.replacements.as_ref()),
        "募投项目先期投入及置换",
        "以募集资金置换预先投入募投项目的自筹资金",
        |a| format!("以募集资金{a}万元置换预先投入募投项目的自筹资金"),
        "",
    );
    let working_capital = matter(
        "working_capital",
        uses.and_then(|u| u.working_capital.as_ref()),
        "用闲置募集资金暂时补充流动资金",
        "用闲置募集资金暂时补充流动资金",
        |a| format!("使用不超过{a}万元的闲置募集资金暂时补充流动资金"),
        "用于",
    );
    let cash_decisions = uses.and_then(|u| u.cash_management.as_ref());
    let cash_moved = ledger.cash_management_purchased.is_some()
        || ledger.cash_management_redeemed.is_some()
        || ledger.closing_cash_management().is_some_and(|c| !c.is_zero());
    let mut cash_management = match cash_decisions {
        // The ledger shows money moved: no sentence says there was none.
        Some(list) if list.is_empty() && cash_moved => Vec::new(),
        list => matter(
            "cash_management",
            list,
            "对闲置募集资金进行现金管理",
            "对闲置募集资金进行现金管理",
            |a| format!("使用额度不超过{a}万元的暂时闲置募集资金进行现金管理"),
            "用于",
        ),
    };
    if cash_moved {
        cash_management.push(cash_movements(ledger, year));
    }
    let over_raised =
        matter("over_raised", uses.and_then(|u| u.over_raised.as_ref()), "超募资金使用", "使用超募资金", |a| format!("使用超募资金{a}万元"), "用于");
    let surplus =
        matter("surplus", uses.and_then(|u| u.surplus.as_ref()), "节余募集资金使用", "使用节余募集资金", |a| format!("使用节余募集资金{a}万元"), "用于");
    let changes = matter(
        "changes",
        uses.and_then(|u| u.changes.as_ref()),
        "变更募集资金投资项目",
        "变更募集资金投资项目",
        |a| format!("变更募集资金投资项目，涉及募集资金{a}万元"),
        "变更后用于",
    );
    MattersView { replacements, working_capital, cash_management, over_raised, surplus, changes }
}

/// The year's cash management as the ledger records it.
fn cash_movements(ledger: &LedgerYear, year: i16) -> String {
    let scale = ledger.opening_balance.scale_in(Unit::Wan).max(2);
    let show = |a: &Amount| wan(a.yuan(), scale);
    let products = ledger.cash_management_products.as_deref().unwrap_or("现金管理产品");
    let mut parts = Vec::new();
    if let Some(bought) = &ledger.cash_management_purchased {
        parts.push(format!("使用暂时闲置募集资金购买{products}{}万元", show(bought)));
    }
    if let Some(redeemed) = &ledger.cash_management_redeemed {
        parts.push(format!("赎回{}万元", show(redeemed)));
    }
    let mut sentence = if parts.is_empty() { String::new() } else { format!("{year}年度，公司{}", parts.join("，")) };
    if let Some(closing) = ledger.closing_cash_management() {
        let end = Period::Year(year).end().chinese();
        sentence.push_str(&if sentence.is_empty() {
            format!("截至{end}，公司使用闲置募集资金进行现金管理的余额为{}万元", wan(closing, scale))
        } else {
            format!("；截至{end}，现金管理余额为{}万元", wan(closing, scale))
        });
    }
    sentence + "。"
}
