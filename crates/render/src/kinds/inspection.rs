//! The report of the regular on-site inspection of a year (定期现场检查报告) in the SZSE
//! checklist form: the header, each section's methods and items with the answer ticked,
//! and the issues found. The items are the sponsor's, as recorded in the case.

use dudao_model::{Board, Case, ChecklistAnswer, Date, InputError, Inspection, InspectionKind, Period, PublicationKind, Sponsor, SupervisionPeriod};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::{DocumentKind, Form, Subject, annual};
use crate::context::{CompanyView, SponsorView};
use crate::readiness::{guideline, lacking, period_and_sponsor};
use crate::{Mode, RenderError, Report, Signature, Templates};

pub(crate) const KIND: DocumentKind = DocumentKind {
    id: "inspection-report",
    name: "定期现场检查报告",
    half_yearly: false,
    publication: PublicationKind::InspectionReport,
    forms: FORMS,
    candidates: |case| {
        let regular = |log: &dudao_model::WorkLog| log.inspections.iter().any(|i| i.kind == InspectionKind::Regular);
        case.worklogs.iter().filter(|(_, log)| regular(log)).filter_map(|(p, _)| annual(*p)).collect()
    },
};

const FORMS: &[Form] = &[Form {
    id: "szse-checklist",
    name: "深交所检查表式",
    boards: &[Board::Star, Board::SseMain, Board::SzseMain, Board::Chinext, Board::Bse],
    from: Date::ymd(2009, 1, 1),
    template: ("inspection_report.md.j2", include_str!("../../../../templates/inspection_report.md.j2")),
    title: "{firm}关于{company}{period}定期现场检查报告",
    missing: |s| ready(s).err().unwrap_or_default(),
    render,
}];

fn render(subject: &Subject, templates: &Templates, _mode: Mode) -> Result<Report, RenderError> {
    let ready = ready(subject).map_err(RenderError::Incomplete)?;
    let context = context(subject.case, &ready, subject.year());
    let markdown = templates.render(subject.form.template.0, &Value::from(Serde(&context)))?;
    let firm = &ready.sponsor.firm;
    let title = subject.title(firm);
    let signature = Signature::new(&title, &ready.sponsor.representatives, firm);
    Ok(Report { markdown, title, author: firm.clone(), signature, findings: Vec::new(), gaps: Vec::new() })
}

/// The parts of the case the on-site inspection report of a year is made from.
struct InspectionReady<'a> {
    pub period: SupervisionPeriod,
    /// The exchange's guideline the document cites.
    pub guideline: &'static str,
    pub sponsor: &'a Sponsor,
    pub inspection: &'a Inspection,
    pub date: Date,
}

/// The parts of the inspection report, or everything it lacks.
fn ready<'a>(subject: &Subject<'a>) -> Result<InspectionReady<'a>, Vec<InputError>> {
    let (case, case_dir, year) = (subject.case, subject.dir, subject.year());
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

/// What the on-site inspection report is made from.
#[derive(Serialize)]
pub struct InspectionContext {
    /// The company.
    pub company: CompanyView,
    /// The sponsor.
    pub sponsor: SponsorView,
    /// The year inspected.
    pub year: i16,
    /// The header table's rows, as (label, value).
    pub header: Vec<(&'static str, String)>,
    /// The checklist, sections numbered （一）, （二）…, items 1, 2 …, the answer ticked.
    pub sections: Vec<SectionView>,
    /// 现场检查发现的问题及说明.
    pub issues: String,
}

/// A section of the checklist.
#[derive(Serialize)]
pub struct SectionView {
    title: String,
    methods: String,
    items: Vec<ItemView>,
}

/// An item of the checklist, with a tick in the column of its answer.
#[derive(Serialize)]
pub struct ItemView {
    item: String,
    yes: &'static str,
    no: &'static str,
    not_applicable: &'static str,
}

/// The context of the on-site inspection report of `year`.
fn context(case: &Case, ready: &InspectionReady, year: i16) -> InspectionContext {
    const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let inspection = ready.inspection;
    let date = match inspection.ended.filter(|end| *end != ready.date) {
        Some(end) => format!("{}至{}", ready.date.chinese(), end.chinese()),
        None => ready.date.chinese(),
    };
    let phone = ready.sponsor.phone.clone().unwrap_or_default();
    let mut header = vec![("保荐机构名称", ready.sponsor.firm.clone()), ("被保荐公司简称", case.company.company.short_name.clone())];
    header.extend(ready.sponsor.representatives.iter().map(|name| ("保荐代表人姓名", format!("{name}（联系电话：{phone}）"))));
    header.extend([("现场检查人员姓名", inspection.inspectors.join("、")), ("现场检查对应期间", format!("{year}年度")), ("现场检查时间", date)]);
    let tick = |yes: bool| if yes { "√" } else { "" };
    let sections = inspection
        .checklist
        .iter()
        .enumerate()
        .map(|(i, s)| SectionView {
            title: format!("（{}）{}", NUMERALS.get(i).copied().unwrap_or("?"), s.section),
            methods: s.methods.clone(),
            items: s
                .items
                .iter()
                .enumerate()
                .map(|(n, item)| ItemView {
                    item: format!("{}.{}", n + 1, item.item),
                    yes: tick(item.answer == ChecklistAnswer::Yes),
                    no: tick(item.answer == ChecklistAnswer::No),
                    not_applicable: tick(item.answer == ChecklistAnswer::NotApplicable),
                })
                .collect(),
        })
        .collect();
    InspectionContext {
        company: CompanyView::new(&case.company.company, &ready.period, ready.guideline),
        sponsor: SponsorView::from(ready.sponsor),
        year,
        header,
        sections,
        // Readiness requires the sponsor's words, "无。" included.
        issues: inspection.issues.clone().unwrap_or_default(),
    }
}
