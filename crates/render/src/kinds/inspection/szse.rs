//! The SZSE checklist form (the annex 现场检查报告 of 《深圳证券交易所上市公司自律监管指引
//! 第13号——保荐业务》, 深证上〔2022〕25号): a header table, then the exchange's whole
//! checklist — every section with its 现场检查手段 and every item, numbered as the form
//! numbers it, the sponsor's answer ticked under 是 / 否 / 不适用 — then the issues found.
//!
//! The items are the form's, so a work log records only an answer per item number; an item
//! left unanswered is a missing fact, never a blank row. Sections (一)–(三) are worded as
//! public reports print them (2022 wording where they differ from older editions); (四)–(八)
//! were not seen in a public copy and are written from the guideline's topics (see
//! docs/templates.md).

use dudao_model::{Board, ChecklistAnswer, Date, InputError};
use serde::Serialize;

use super::{Common, common, finish, worklog};
use crate::context::{CompanyView, SponsorView};
use crate::kinds::{Form, Subject};
use crate::readiness::lacking;
use crate::{Mode, RenderError, Report, Templates};

pub(super) const FORM: Form = Form {
    id: "szse-checklist",
    name: "深交所检查表式",
    boards: &[Board::SzseMain, Board::Chinext],
    from: Date::ymd(2022, 1, 7),
    template: ("inspection_report.md.j2", include_str!("../../../../../templates/inspection_report.md.j2")),
    title: "{firm}关于{company}{period}定期现场检查报告",
    missing: |s| ready(s).err().unwrap_or_default(),
    render,
};

/// A section of the exchange's checklist.
struct Section {
    /// Its number as the form prints it and the work log keys it: 一.
    number: &'static str,
    title: &'static str,
    /// Its items, in order: item n is `items[n - 1]`.
    items: &'static [&'static str],
}

/// The exchange's checklist as the workbench asks for it: each section's number, title and
/// items, in order (item n is `items[n - 1]`).
pub fn checklist() -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    CHECKLIST.iter().map(|s| (s.number, s.title, s.items)).collect()
}

/// The exchange's checklist, numbered as the form numbers it.
const CHECKLIST: &[Section] = &[
    Section {
        number: "一",
        title: "公司治理",
        items: &[
            "公司章程和公司治理制度是否完备、合规",
            "公司章程和三会规则是否得到有效执行",
            "三会会议记录是否完整，时间、地点、出席人员及会议内容等要件是否齐备，会议资料是否保存完整",
            "三会会议决议是否由出席会议的相关人员签名确认",
            "公司董监高是否按照有关法律、行政法规、部门规章、规范性文件和本所相关业务规则履行职责",
            "公司董监高如发生重大变化，是否履行了相应程序和信息披露义务",
            "公司控股股东或者实际控制人如发生变化，是否履行了相应程序和信息披露义务",
            "公司人员、资产、财务、机构、业务等方面是否独立",
            "公司与控股股东及实际控制人是否不存在同业竞争",
        ],
    },
    Section {
        number: "二",
        title: "内部控制",
        items: &[
            "是否按照相关规定建立内部审计制度并设立内部审计部门（如适用）",
            "是否在股票上市后六个月内建立内部审计制度并设立内部审计部门",
            "内部审计部门和审计委员会的人员构成是否合规",
            "审计委员会是否至少每季度召开一次会议，审议内部审计部门提交的工作计划和报告等",
            "审计委员会是否至少每季度向董事会报告一次内部审计工作进度、质量及发现的重大问题等",
            "内部审计部门是否至少每季度向审计委员会报告一次内部审计工作计划的执行情况以及内部审计工作中发现的问题等",
            "内部审计部门是否至少每季度对募集资金的存放与使用情况进行一次审计",
            "内部审计部门是否在每个会计年度结束前二个月内向审计委员会提交次一年度内部审计工作计划",
            "内部审计部门是否在每个会计年度结束后二个月内向审计委员会提交年度内部审计工作报告",
            "内部审计部门是否至少每年向审计委员会提交一次内部控制评价报告",
            "从事风险投资、委托理财、套期保值业务等事项是否建立了完备、合规的内控制度",
        ],
    },
    Section {
        number: "三",
        title: "信息披露",
        items: &[
            "公司已披露的公告与实际情况是否一致",
            "公司已披露的内容是否完整",
            "公司已披露事项是否未发生重大变化或者取得重要进展",
            "是否不存在应予披露而未披露的重大事项",
            "重大信息的传递、披露流程、保密情况等是否符合公司信息披露管理制度的相关规定",
            "投资者关系活动记录表是否及时在本所互动易网站刊载",
        ],
    },
    Section {
        number: "四",
        title: "保护公司利益不受侵害长效机制的建立和执行情况",
        items: &[
            "是否建立了防止控股股东、实际控制人及其关联人直接或者间接占用上市公司资金或者其他资源的制度",
            "控股股东、实际控制人及其关联人是否不存在直接或者间接占用上市公司资金或者其他资源的情形",
            "关联交易的审议程序是否合规且履行了相应的信息披露义务",
            "关联交易价格是否公允",
            "是否不存在关联交易非关联化的情形",
            "对外担保审议程序是否合规且履行了相应的信息披露义务",
            "被担保方是否不存在财务状况恶化、到期不清偿被担保债务等情形",
            "被担保债务到期后如继续提供担保，是否重新履行了相应的审批程序和披露义务",
        ],
    },
    Section {
        number: "五",
        title: "募集资金使用",
        items: &[
            "是否在募集资金到位后一个月内签订三方监管协议",
            "募集资金三方监管协议是否有效执行",
            "募集资金是否不存在第三方占用、委托理财等情形",
            "是否不存在未履行审议程序擅自变更募集资金用途、暂时补充流动资金、置换预先投入、改变实施地点等情形",
            "使用闲置募集资金暂时补充流动资金、将超募资金用于永久补充流动资金或者偿还银行贷款的，公司是否未在承诺期间进行高风险投资",
            "募集资金使用与已披露情况是否一致，项目进度、投资效益是否与招股说明书等相符",
            "募集资金项目实施过程中是否不存在重大风险",
        ],
    },
    Section {
        number: "六",
        title: "业绩情况",
        items: &["业绩是否存在大幅波动的情况", "业绩大幅波动是否存在合理解释", "与同行业可比公司比较，公司业绩是否不存在明显异常"],
    },
    Section {
        number: "七", title: "公司及股东承诺履行情况", items: &["公司是否完全履行了相关承诺", "公司股东是否完全履行了相关承诺"]
    },
    Section {
        number: "八",
        title: "其他重要事项",
        items: &[
            "是否完全执行了现金分红制度，并如实披露",
            "对外提供财务资助是否合法合规，并如实披露",
            "大额资金往来是否具有真实的交易背景及合理原因",
            "重大投资或者重大合同履行过程中是否不存在重大变化或者风险",
            "公司生产经营环境是否不存在重大变化或者风险",
            "前期监管机构和保荐机构发现公司存在的问题是否已按相关要求予以整改",
        ],
    },
];

fn render(subject: &Subject, templates: &Templates, _mode: Mode) -> Result<Report, RenderError> {
    let common = ready(subject).map_err(RenderError::Incomplete)?;
    finish(subject, templates, common.sponsor, &context(subject, &common))
}

/// The parts of the checklist report, or everything it lacks: besides what every form
/// needs, the sponsor's phone (the header prints it), each section's 现场检查手段, an
/// answer to every item, and the issues found.
fn ready<'a>(subject: &Subject<'a>) -> Result<Common<'a>, Vec<InputError>> {
    let mut missing = Vec::new();
    let (common, inspection) = common(subject, &mut missing);
    let case_dir = subject.dir;
    if subject.case.company.sponsor.as_ref().is_some_and(|s| s.phone.is_none()) {
        missing.push(lacking(case_dir, "company.toml", Some("sponsor.phone".into()), "缺少保荐机构联系电话：现场检查报告的表头需要 sponsor.phone".into()));
    }
    let Some(inspection) = inspection else { return Err(missing) };
    let file = worklog(subject);
    let mut lack = |field: String, message: String| missing.push(lacking(case_dir, &file, Some(field), message));
    // A key the form does not know is a mistyped answer, which would otherwise be lost.
    for (key, section) in &inspection.checklist {
        let Some(known) = CHECKLIST.iter().find(|s| s.number == key) else {
            lack(format!("inspections.checklist.{key}"), format!("现场检查表没有第“{key}”部分：部分以 一 至 八 标明，如 [inspections.checklist.\"一\"]"));
            continue;
        };
        for item in section.answers.keys().filter(|n| !(1..=known.items.len()).any(|i| i.to_string() == **n)) {
            let message = format!("（{}）{}没有第 {item} 项：本部分共 {} 项，以 1 至 {} 标明", known.number, known.title, known.items.len(), known.items.len());
            lack(format!("inspections.checklist.{key}.answers.{item}"), message);
        }
    }
    for section in CHECKLIST {
        let n = section.number;
        let recorded = inspection.checklist.get(n);
        if recorded.and_then(|s| s.methods.as_deref()).is_none_or(|m| m.trim().is_empty()) {
            lack(
                format!("inspections.checklist.{n}.methods"),
                format!("缺少（{n}）{}的现场检查手段：请在 [inspections.checklist.\"{n}\"] 中写明 methods", section.title),
            );
        }
        let unanswered: Vec<String> =
            (1..=section.items.len()).map(|i| i.to_string()).filter(|i| recorded.is_none_or(|s| !s.answers.contains_key(i))).collect();
        if let Some(first) = unanswered.first() {
            let message = format!(
                "（{n}）{}第 {} 项未作答：请在 [inspections.checklist.\"{n}\"] 的 answers 中逐项写明 yes（是）、no（否）或 not_applicable（不适用），如 {first} = \"yes\"",
                section.title,
                unanswered.join("、")
            );
            lack(format!("inspections.checklist.{n}.answers.{first}"), message);
        }
    }
    if inspection.issues.is_none() {
        let answered_no = inspection.checklist.values().flat_map(|s| s.answers.values()).any(|a| *a == ChecklistAnswer::No);
        let message = if answered_no {
            "有检查事项的意见为“否”：请在 issues 中写明现场检查发现的问题及说明".to_owned()
        } else {
            "缺少现场检查发现的问题及说明：请在 issues 中写明（未发现问题的，写明 issues = \"无。\"）".to_owned()
        };
        lack("inspections.issues".into(), message);
    }
    match common {
        Some(common) if missing.is_empty() => Ok(common),
        _ => Err(missing),
    }
}

/// What the checklist report is made from.
#[derive(Serialize)]
struct ChecklistContext {
    company: CompanyView,
    sponsor: SponsorView,
    year: i16,
    /// The header table's rows, as (label, value).
    header: Vec<(&'static str, String)>,
    /// The whole checklist, the sponsor's answers ticked.
    sections: Vec<SectionView>,
    /// 现场检查发现的问题及说明, the sponsor's words.
    issues: String,
}

/// A section of the checklist.
#[derive(Serialize)]
struct SectionView {
    /// （一）公司治理.
    title: String,
    methods: String,
    items: Vec<ItemView>,
}

/// An item of the checklist, with a tick in the column of its answer.
#[derive(Serialize)]
struct ItemView {
    /// 7.公司控股股东或者实际控制人如发生变化，…
    item: String,
    yes: &'static str,
    no: &'static str,
    not_applicable: &'static str,
}

fn context(subject: &Subject, common: &Common) -> ChecklistContext {
    let (case, inspection, year) = (subject.case, common.inspection, subject.year());
    let phone = common.sponsor.phone.clone().unwrap_or_default();
    let mut header = vec![("保荐机构名称", common.sponsor.firm.clone()), ("被保荐公司简称", case.company.company.short_name.clone())];
    header.extend(common.sponsor.representatives.iter().map(|name| ("保荐代表人姓名", format!("{name}（联系电话：{phone}）"))));
    header.extend([
        ("现场检查人员姓名", inspection.inspectors.join("、")),
        ("现场检查对应期间", format!("{year}年度")),
        ("现场检查时间", common.dates.clone()),
    ]);
    let tick = |yes: bool| if yes { "√" } else { "" };
    let sections = CHECKLIST
        .iter()
        .map(|section| {
            // Readiness requires every section's methods and every item's answer.
            let recorded = inspection.checklist.get(section.number);
            let answer = |n: usize| recorded.and_then(|s| s.answers.get(&n.to_string())).copied();
            SectionView {
                title: format!("（{}）{}", section.number, section.title),
                methods: recorded.and_then(|s| s.methods.clone()).unwrap_or_default(),
                items: section
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, wording)| {
                        let answer = answer(i + 1);
                        ItemView {
                            item: format!("{}.{wording}", i + 1),
                            yes: tick(answer == Some(ChecklistAnswer::Yes)),
                            no: tick(answer == Some(ChecklistAnswer::No)),
                            not_applicable: tick(answer == Some(ChecklistAnswer::NotApplicable)),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    ChecklistContext {
        company: CompanyView::new(&case.company.company, common.guideline),
        sponsor: SponsorView::from(common.sponsor),
        year,
        header,
        sections,
        // Readiness requires the sponsor's words, "无。" included.
        issues: inspection.issues.clone().unwrap_or_default(),
    }
}
