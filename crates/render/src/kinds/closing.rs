//! The closing report (保荐总结报告书) of the supervision that ends with a fiscal year: the
//! sponsor's undertakings, the sponsor and the company, the work of every supervised year
//! counted from the work logs and events (四, before the sponsor's own account), the
//! sponsor's narrative files, and whether the raised funds were used up. The
//! representatives and the firm's legal representative sign it.

use std::collections::BTreeMap;

use dudao_model::{
    Board, Case, Date, DayOrMonth, InputError, InspectionKind, Narrative, OfferingKind, Period, PublicationKind, Sponsor, SupervisionPeriod, Unit, WorkLog,
};
use minijinja::Value;
use minijinja::value::Serde;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{DocumentKind, Form, Subject};
use crate::context::{CompanyView, SponsorView, wan};
use crate::readiness::{guideline, lacking, narrative, period_and_sponsor};
use crate::{Mode, RenderError, Report, Signature, Templates, templates};

pub(crate) const KIND: DocumentKind = DocumentKind {
    id: "closing-report",
    name: "保荐总结报告书",
    half_yearly: false,
    publication: PublicationKind::ClosingReport,
    forms: FORMS,
    whole_supervision: true,
    narrative: |_| Narrative::CLOSING_SECTIONS.to_vec(),
    candidates: |case| dudao_model::supervision_period(&case.company).map(|p| vec![p.end.year()]).unwrap_or_default(),
};

/// One form for every board: its sections follow 《证券发行上市保荐业务管理办法》.
const FORMS: &[Form] = &[Form {
    id: "closing",
    name: "保荐总结报告书",
    boards: <Board as dudao_model::Choice>::ALL,
    from: Date::ymd(2009, 1, 1),
    template: ("closing_report.md.j2", include_str!("../../../../templates/closing_report.md.j2")),
    title: "{firm}关于{company}{offering}之保荐总结报告书",
    missing: |s| ready(s).err().unwrap_or_default(),
    render,
}];

fn render(subject: &Subject, templates: &Templates, _mode: Mode) -> Result<Report, RenderError> {
    let (case, case_dir, year) = (subject.case, subject.dir, subject.year());
    let ready = ready(subject).map_err(RenderError::Incomplete)?;
    let context = context(case, &ready, year);
    let facts = Value::from(Serde(&context));
    let mut prose = BTreeMap::new();
    for (stem, text) in ready.narrative.sections.iter().filter(|(stem, _)| stem.starts_with("closing_")) {
        let at = templates::Prose { file: case_dir.join(&*text.origin().file), line: 1, field: None };
        prose.insert(stem.clone(), templates.render_prose(&at, text, &facts)?);
    }
    let markdown = templates.render(subject.form.template.0, &minijinja::context! { narrative => prose, ..facts })?;
    let firm = &ready.sponsor.firm;
    let title = subject.title(firm).replace("{offering}", &context.offering);
    // Readiness requires the legal representative (the table of 二 prints the name too).
    let legal_representative: Vec<String> = ready.sponsor.legal_representative.iter().cloned().collect();
    let signature = Signature::new(&title, &ready.sponsor.representatives, firm).also("保荐机构法定代表人签字", &legal_representative);
    Ok(Report { markdown, title, author: firm.clone(), signature, findings: Vec::new(), gaps: Vec::new(), unconfirmed: Vec::new() })
}

/// The parts of the case the closing report (保荐总结报告书) is made from.
struct ClosingReady<'a> {
    pub period: SupervisionPeriod,
    /// The exchange's guideline the document cites.
    pub guideline: &'static str,
    pub sponsor: &'a Sponsor,
    pub narrative: &'a Narrative,
}

/// The parts of the closing report, or everything it lacks.
fn ready<'a>(subject: &Subject<'a>) -> Result<ClosingReady<'a>, Vec<InputError>> {
    let (case, case_dir, year) = (subject.case, subject.dir, subject.year());
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
        need("sponsor.changes", "是否更换保荐人或其他情况（保荐机构的说明：“否”，或每次更换保荐人、保荐代表人的情况与日期）", s.changes.is_some());
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
        // What is unused is the net proceeds less the cumulative use.
        Some(funds) if funds.offering.is_none() => {
            let message = "缺少募集资金的发行情况：保荐总结报告书需按募集资金净额说明督导期届满时募集资金是否使用完毕（[offering]）".to_owned();
            missing.push(lacking(case_dir, "funds.toml", Some("offering".into()), message));
        }
        Some(_) => {}
    }
    if let Some(period) = &period {
        work_logs_lack(case, case_dir, period, &mut missing);
    }
    let sections: Vec<&(&str, &str)> = Narrative::CLOSING_SECTIONS.iter().collect();
    let narrative = narrative(case, case_dir, Period::Year(year), &sections, &mut missing);
    match (period, sponsor, narrative, guideline) {
        (Some(period), Some(sponsor), Some(narrative), Some(guideline)) if missing.is_empty() => Ok(ClosingReady { period, guideline, sponsor, narrative }),
        _ => Err(missing),
    }
}

/// What the closing report (保荐总结报告书) is made from.
#[derive(Serialize)]
pub struct ClosingContext {
    /// The company.
    pub company: CompanyView,
    /// The sponsor.
    pub sponsor: SponsorView,
    /// The supervision's first day: 2021年3月16日.
    pub supervision_start: String,
    /// Its last day.
    pub supervision_end: String,
    /// The last year supervised.
    pub year: i16,
    /// The offering the sponsor supervised, as titles name it: 首次公开发行股票并在科创板上市.
    pub offering: String,
    /// The rows of 二、保荐机构相关情况 and 三、发行人基本情况, as (label, value).
    pub sponsor_rows: Vec<(&'static str, String)>,
    /// The rows of 三、发行人基本情况.
    pub company_rows: Vec<(&'static str, String)>,
    /// Section 四: the work of each supervised year, counted from the work logs and events.
    pub work_years: Vec<WorkYear>,
    /// Section 九: whether the raised funds were used up by the period's end (readiness
    /// requires the year's ledger).
    pub funds: String,
}

/// One supervised year's work, as section 四 sums it up: each kind of work recorded, its
/// count computed and each instance dated. A kind of work the logs do not record is left
/// out, never said not to have happened.
#[derive(Serialize)]
pub struct WorkYear {
    /// 2024年度.
    pub year: String,
    /// The clauses, one per kind of work recorded: 进行现场检查1次（…）.
    pub clauses: Vec<String>,
}

/// The context of the closing report of the supervision ending in `year`.
fn context(case: &Case, ready: &ClosingReady, year: i16) -> ClosingContext {
    let company = &case.company.company;
    let sponsor = ready.sponsor;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let offering = match (company.offering, company.board) {
        (OfferingKind::Ipo, Board::Star) => "首次公开发行股票并在科创板上市".to_owned(),
        (OfferingKind::Ipo, Board::Chinext) => "首次公开发行股票并在创业板上市".to_owned(),
        (OfferingKind::Ipo, Board::Bse) => "向不特定合格投资者公开发行股票并在北京证券交易所上市".to_owned(),
        (OfferingKind::Ipo, _) => "首次公开发行股票并上市".to_owned(),
        (OfferingKind::FollowOn, _) => "再融资发行证券".to_owned(),
    };
    let controllers = case.shareholders.controllers.as_ref().map(|c| c.names.join("、")).unwrap_or_default();
    let listing = company.listing_date.map(|d| d.chinese()).unwrap_or_default();
    let sponsor_rows = vec![
        ("保荐机构名称", sponsor.firm.clone()),
        ("注册地址", text(&sponsor.registered_address)),
        ("主要办公地址", text(&sponsor.office_address)),
        ("法定代表人", text(&sponsor.legal_representative)),
        ("保荐代表人", sponsor.representatives.join("、")),
        ("联系电话", text(&sponsor.phone)),
        ("是否更换保荐人或其他情况", text(&sponsor.changes)),
    ];
    let company_rows = vec![
        ("发行人名称", company.name.clone()),
        ("证券代码", company.stock_code.as_str().to_owned()),
        ("注册资本", company.registered_capital.map(|c| format!("{}万元", c.display_in(Unit::Wan, c.scale_in(Unit::Wan).max(2)))).unwrap_or_default()),
        ("注册地址", text(&company.registered_address)),
        ("主要办公地址", text(&company.office_address)),
        ("法定代表人", text(&company.legal_representative)),
        ("实际控制人", controllers),
        ("联系人", text(&company.contact)),
        ("联系电话", text(&company.phone)),
        ("本次证券发行类型", offering.clone()),
        ("本次证券上市时间", listing),
        ("本次证券上市地点", company.board.exchange().to_owned()),
    ];
    let end = ready.period.end.chinese();
    let funds = case.funds.as_ref().and_then(|funds| {
        let ledger = funds.ledger_for(Period::Year(year))?;
        let unused = funds.unused(ledger)?;
        Some(if unused <= Decimal::ZERO {
            format!("截至{end}，公司募集资金已使用完毕。")
        } else {
            let scale = ledger.cumulative_use.scale_in(Unit::Wan);
            format!(
                "截至{end}，公司募集资金尚未使用完毕，尚未使用的募集资金为{}万元（不含累计利息收入），保荐机构将就募集资金的存放与使用继续履行持续督导义务。",
                wan(unused, scale)
            )
        })
    });
    let funds = funds.unwrap_or_default();
    ClosingContext {
        company: CompanyView::new(company, ready.guideline),
        sponsor: SponsorView::from(sponsor),
        supervision_start: ready.period.start.chinese(),
        supervision_end: end.clone(),
        year,
        offering,
        sponsor_rows,
        company_rows,
        work_years: work_years(case, &ready.period),
        funds,
    }
}

/// The supervised years, each with its work logs (the year's and its first half's).
fn supervised_years<'a>(case: &'a Case, period: &SupervisionPeriod) -> Vec<(i16, Vec<(Period, &'a WorkLog)>)> {
    (period.start.year()..=period.end.year())
        .map(|year| (year, case.worklogs.iter().filter(|(p, _)| p.year() == year).map(|(p, log)| (*p, log)).collect()))
        .collect()
}

/// What section 四 needs of the work logs, added to `missing`: a work log for every
/// supervised year recording some of the year's work, and the dates of its inspections.
fn work_logs_lack(case: &Case, case_dir: &std::path::Path, period: &SupervisionPeriod, missing: &mut Vec<InputError>) {
    let years = supervised_years(case, period);
    let work_years = work_years(case, period);
    for ((year, logs), work) in years.iter().zip(&work_years) {
        let file = format!("worklog/{year}.toml");
        if logs.is_empty() {
            let message = format!(
                "缺少 {year} 年度的持续督导工作记录：保荐总结报告书的“四、保荐工作概述”逐年汇总出具的文件、现场检查、培训与向交易所的报告（publications、inspections、trainings、violations）"
            );
            missing.push(lacking(case_dir, &file, None, message));
        } else if work.clauses.is_empty() {
            let message = format!(
                "{year} 年度的工作记录未载明任何已开展的保荐工作：请写明该年度出具的文件（publications）、现场检查（inspections）、培训（trainings）或向交易所的报告（violations 的 reported）"
            );
            missing.push(lacking(case_dir, &file, Some("publications".into()), message));
        }
        for (p, log) in logs {
            if log.inspections.iter().any(|i| i.date.is_none()) {
                let message = "保荐工作概述列明每次现场检查的时间：请写明 date（首日），多日检查另写 ended".to_owned();
                missing.push(lacking(case_dir, &format!("worklog/{p}.toml"), Some("inspections.date".into()), message));
            }
        }
    }
}

/// Each supervised year's work: documents published, on-site inspections, trainings,
/// reports to the exchange (from the work logs) and the company's disclosures the sponsor
/// reviewed (from the events, by the day each was published, within the supervision).
fn work_years(case: &Case, period: &SupervisionPeriod) -> Vec<WorkYear> {
    let listed = |items: &[String]| items.join("、");
    let supervised = |d: Date| {
        let started = match period.start {
            DayOrMonth::Day(start) => d >= start,
            DayOrMonth::Month { year, month } => (d.year(), d.month()) >= (year, month),
        };
        started && d <= period.end
    };
    supervised_years(case, period)
        .into_iter()
        .map(|(year, logs)| {
            let mut clauses = Vec::new();
            let publications: Vec<String> = logs
                .iter()
                .flat_map(|(p, log)| log.publications.iter().map(move |publication| (*p, publication)))
                .map(|(p, publication)| format!("《{}》（{}）", published_name(publication.kind, p), publication.published.chinese()))
                .collect();
            if !publications.is_empty() {
                clauses.push(format!("出具文件{}份：{}", publications.len(), listed(&publications)));
            }
            let inspections: Vec<String> = logs
                .iter()
                .flat_map(|(_, log)| &log.inspections)
                .filter_map(|i| {
                    let kind = match i.kind {
                        InspectionKind::Regular => "定期现场检查",
                        InspectionKind::Special => "专项现场检查",
                    };
                    let start = i.date?;
                    let dates = match i.ended.filter(|end| *end != start) {
                        Some(end) => format!("{}至{}", start.chinese(), end.chinese()),
                        None => start.chinese(),
                    };
                    Some(format!("{kind}（{dates}）"))
                })
                .collect();
            if !inspections.is_empty() {
                clauses.push(format!("进行现场检查{}次：{}", inspections.len(), listed(&inspections)));
            }
            let trainings: Vec<String> = logs.iter().flat_map(|(_, log)| &log.trainings).map(|t| t.date.chinese()).collect();
            if !trainings.is_empty() {
                clauses.push(format!("开展培训{}次（{}）", trainings.len(), listed(&trainings)));
            }
            let reports: Vec<String> =
                logs.iter().flat_map(|(_, log)| &log.violations).filter_map(|v| Some(format!("{}（{}）", v.reported?.chinese(), v.summary))).collect();
            if !reports.is_empty() {
                clauses.push(format!("向证券交易所报告{}次：{}", reports.len(), listed(&reports)));
            }
            let reviewed: Vec<&dudao_model::Announcement> = case
                .events
                .announcements
                .iter()
                .map(|a| &**a)
                .filter(|a| a.date.year() == year && supervised(a.date))
                .filter(|a| a.reviewed_in_advance || a.reviewed.is_some())
                .collect();
            if !reviewed.is_empty() {
                let in_advance = reviewed.iter().filter(|a| a.reviewed_in_advance).count();
                let split = if in_advance > 0 { format!("（其中事前审阅{in_advance}份）") } else { String::new() };
                clauses.push(format!("审阅公司信息披露文件{}份{split}", reviewed.len()));
            }
            WorkYear { year: Period::Year(year).chinese(), clauses }
        })
        .collect()
}

/// How section 四 names a published document of the work log of `period`.
fn published_name(kind: PublicationKind, period: Period) -> String {
    match kind {
        PublicationKind::AnnualTrackingReport | PublicationKind::SemiannualTrackingReport => format!("{}持续督导跟踪报告", period.chinese()),
        PublicationKind::FundsVerification => format!("{}募集资金存放与使用情况专项核查报告", period.chinese()),
        PublicationKind::InspectionReport => format!("{}定期现场检查报告", period.chinese()),
        PublicationKind::ClosingReport => "保荐总结报告书".to_owned(),
    }
}
