//! The SSE narrative form (STAR Market and SSE main board): 一、本次现场检查的基本情况, then
//! the sponsor's opinion on each matter inspected (二), the matters it draws the company's
//! attention to (三), whether anything must be reported to the CSRC and the exchange (四),
//! the cooperation met (五) and its conclusion (六). Everything after 一 is the sponsor's own
//! text, recorded with the inspection: dudao concludes nothing, and an absent text is a
//! missing fact. The layout was not seen in a public copy (see docs/templates.md).

use dudao_model::{Board, Date, InputError, Inspection};
use serde::Serialize;

use super::{Common, common, finish, worklog};
use crate::context::{CompanyView, SponsorView};
use crate::kinds::{Form, Subject};
use crate::readiness::lacking;
use crate::{Mode, RenderError, Report, Templates};

pub(super) const FORM: Form = Form {
    id: "sse-narrative",
    name: "上交所叙述式",
    boards: &[Board::Star, Board::SseMain],
    from: Date::ymd(2009, 1, 1),
    template: ("inspection_sse.md.j2", include_str!("../../../../../templates/inspection_sse.md.j2")),
    title: "{firm}关于{company}{period}定期现场检查报告",
    missing: |s| ready(s).err().unwrap_or_default(),
    render,
};

/// Where one of the sponsor's texts is kept in an inspection.
type Text = fn(&Inspection) -> &Option<String>;

/// The matters of section 二, as the form heads them, with the field holding the
/// sponsor's opinion on each.
const MATTERS: &[(&str, &str, Text)] = &[
    ("公司治理和内部控制情况", "opinions.governance", |i| &i.opinions.governance),
    ("信息披露情况", "opinions.disclosure", |i| &i.opinions.disclosure),
    ("公司的独立性以及与控股股东、实际控制人及其他关联方资金往来情况", "opinions.independence", |i| &i.opinions.independence),
    ("募集资金使用情况", "opinions.funds", |i| &i.opinions.funds),
    ("关联交易、对外担保、重大对外投资情况", "opinions.transactions", |i| &i.opinions.transactions),
    ("经营状况", "opinions.operations", |i| &i.opinions.operations),
];

/// Sections 三 to 六, with the field holding the sponsor's text of each.
const SECTIONS: &[(&str, &str, Text)] = &[
    ("三、提请上市公司注意的事项及建议", "suggestions", |i| &i.suggestions),
    ("四、是否存在《证券发行上市保荐业务管理办法》及交易所相关规则规定应向中国证监会和交易所报告的事项", "reportable", |i| &i.reportable),
    ("五、上市公司及其他中介机构的配合情况", "cooperation", |i| &i.cooperation),
    ("六、本次现场检查的结论", "conclusion", |i| &i.conclusion),
];

fn render(subject: &Subject, templates: &Templates, _mode: Mode) -> Result<Report, RenderError> {
    let common = ready(subject).map_err(RenderError::Incomplete)?;
    finish(subject, templates, common.sponsor, &context(subject, &common))
}

/// The parts of the narrative report, or everything it lacks: besides what every form
/// needs, the 现场检查手段 and each of the sponsor's texts.
fn ready<'a>(subject: &Subject<'a>) -> Result<Common<'a>, Vec<InputError>> {
    let mut missing = Vec::new();
    let (common, inspection) = common(subject, &mut missing);
    let Some(inspection) = inspection else { return Err(missing) };
    let file = worklog(subject);
    let methods: Text = |i| &i.methods;
    let opinions = MATTERS.iter().enumerate().map(|(n, (title, field, text))| (format!("二、（{}）{title}的意见", NUMERALS[n]), *field, *text));
    let texts = std::iter::once(("一、本次现场检查的基本情况（现场检查手段）".to_owned(), "methods", methods))
        .chain(opinions)
        .chain(SECTIONS.iter().map(|(title, field, text)| ((*title).to_owned(), *field, *text)));
    for (what, field, text) in texts {
        if text(inspection).as_deref().is_none_or(|t| t.trim().is_empty()) {
            let message = format!("缺少“{what}”：这部分由保荐机构撰写，请在 [[inspections]] 中写明 {field}");
            missing.push(lacking(subject.dir, &file, Some(format!("inspections.{field}")), message));
        }
    }
    match common {
        Some(common) if missing.is_empty() => Ok(common),
        _ => Err(missing),
    }
}

const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// What the narrative report is made from.
#[derive(Serialize)]
struct NarrativeContext {
    company: CompanyView,
    sponsor: SponsorView,
    year: i16,
    /// 一、本次现场检查的基本情况, as (label, value).
    basics: Vec<(&'static str, String)>,
    /// 二: each matter's heading (（一）公司治理和内部控制情况) and the sponsor's opinion.
    opinions: Vec<(String, String)>,
    /// 三 to 六: each heading and the sponsor's text.
    sections: Vec<(&'static str, String)>,
}

fn context(subject: &Subject, common: &Common) -> NarrativeContext {
    let inspection = common.inspection;
    // Readiness requires every text.
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let basics = vec![
        ("保荐机构", common.sponsor.firm.clone()),
        ("保荐代表人", common.sponsor.representatives.join("、")),
        ("现场检查时间", common.dates.clone()),
        ("现场检查人员", inspection.inspectors.join("、")),
        ("现场检查手段", text(&inspection.methods)),
    ];
    NarrativeContext {
        company: CompanyView::new(&subject.case.company.company, common.guideline),
        sponsor: SponsorView::from(common.sponsor),
        year: subject.year(),
        basics,
        opinions: MATTERS.iter().enumerate().map(|(n, (title, _, opinion))| (format!("（{}）{title}", NUMERALS[n]), text(opinion(inspection)))).collect(),
        sections: SECTIONS.iter().map(|(title, _, body)| (*title, text(body(inspection)))).collect(),
    }
}
