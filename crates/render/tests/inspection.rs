//! The regular on-site inspection report in each exchange's form. The fictional example
//! (虚构科技, STAR Market) takes the SSE narrative form, every opinion the sponsor's; its
//! SZSE twin (the same case on the SZSE main board, with a checklist answered) takes the
//! exchange's whole checklist, numbered as the form numbers it. What the case lacks is
//! refused naming the work log and the field.

use dudao_model::Period;
use dudao_render::{RenderError, Templates, document_kind};
use dudao_testkit::CaseCopy;

const ISSUES: &str = "issues = \"公司 2024 年 9 月召开的一次董事会会议记录未载明会议地点，保荐机构已督促公司补正。（虚构）\"\n";

/// The item counts of the SZSE checklist's sections 一 to 八.
const ITEMS: [(&str, usize); 8] = [("一", 9), ("二", 11), ("三", 6), ("四", 8), ("五", 7), ("六", 3), ("七", 2), ("八", 6)];

/// The fictional case moved to the SZSE main board, its inspection's checklist answered:
/// every item 是 but 一.3 (否) and 一.7 (不适用), each section's methods written.
fn szse_twin() -> CaseCopy {
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    // The half-year's work log answers the STAR report's work items, which an SZSE case
    // numbers otherwise; the inspection is the year's.
    std::fs::remove_file(case.dir.join("worklog/2024H1.toml")).unwrap();
    case.edit("company.toml", "board = \"star\"", "board = \"szse_main\"");
    let mut checklist = String::new();
    for (section, count) in ITEMS {
        let answers: Vec<String> = (1..=count)
            .map(|n| {
                let answer = match (section, n) {
                    ("一", 3) => "no",
                    ("一", 7) => "not_applicable",
                    _ => "yes",
                };
                format!("{n} = \"{answer}\"")
            })
            .collect();
        checklist.push_str(&format!(
            "\n[inspections.checklist.\"{section}\"]\nmethods = \"查阅相关资料，访谈管理层（{section}，虚构）\"\nanswers = {{ {} }}\n",
            answers.join(", ")
        ));
    }
    let log = case.dir.join("worklog/2024.toml");
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::write(&log, text + &checklist).unwrap();
    case.edit("worklog/2024.toml", "summary = \"2024 年度定期现场检查（虚构）\"\n", &format!("summary = \"2024 年度定期现场检查（虚构）\"\n{ISSUES}"));
    case
}

fn render(case: &CaseCopy) -> Result<dudao_render::Report, RenderError> {
    document_kind("inspection-report").unwrap().render(&case.load(), &case.dir, Period::Year(2024), &Templates::defaults(), &[])
}

fn missing(case: &CaseCopy) -> Vec<dudao_model::InputError> {
    document_kind("inspection-report").unwrap().missing(&case.load(), &case.dir, Period::Year(2024), &[]).unwrap()
}

#[test]
fn a_star_company_gets_the_sse_narrative_form_in_the_sponsors_words() {
    let dir = dudao_testkit::fictional_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let report = document_kind("inspection-report").unwrap().render(&case, &dir, Period::Year(2024), &Templates::defaults(), &[]).unwrap();
    let md = report.markdown;
    assert!(md.starts_with("# 虚构证券股份有限公司（虚构）关于虚构科技股份有限公司（虚构）2024年度定期现场检查报告\n"), "{md}");
    // Filed by 2025-05-31: the SSE's 2022 guideline, and the STAR listing rules.
    assert!(md.contains("《上海证券交易所科创板股票上市规则》《上海证券交易所上市公司自律监管指引第 11 号——持续督导》等有关规定"), "{md}");
    assert!(md.contains("## 一、本次现场检查的基本情况\n\n| 项目 | 内容 |\n| --- | --- |\n| 保荐机构 | 虚构证券股份有限公司（虚构） |\n| 保荐代表人 | 张三、李四 |\n| 现场检查时间 | 2024年12月16日至2024年12月18日 |\n| 现场检查人员 | 张三、孙八（虚构） |\n| 现场检查手段 | 查阅公司章程"), "{md}");
    assert!(md.contains("## 二、对现场检查事项逐项发表的意见\n\n### （一）公司治理和内部控制情况\n\n公司章程及三会规则得到执行"), "{md}");
    assert!(md.contains("### （六）经营状况\n\n公司经营模式未发生重大变化，经营状况正常。（虚构）"));
    for heading in [
        "## 三、提请上市公司注意的事项及建议\n\n公司 2024 年 9 月召开的一次董事会会议记录未载明会议地点",
        "## 四、是否存在《证券发行上市保荐业务管理办法》及交易所相关规则规定应向中国证监会和交易所报告的事项\n\n经核查",
        "## 五、上市公司及其他中介机构的配合情况\n\n本次现场检查中",
        "## 六、本次现场检查的结论\n\n除上述会议记录事项外",
    ] {
        assert!(md.contains(heading), "{heading}\n{md}");
    }
    // Not the SZSE checklist.
    assert!(!md.contains("## 一、现场检查事项") && !md.contains("√"), "{md}");
}

#[test]
fn each_sponsor_text_of_the_sse_form_is_asked_for_never_supplied() {
    for (line, field) in [
        (
            "conclusion = \"除上述会议记录事项外，保荐机构未发现公司在公司治理、内部控制、信息披露、独立性、募集资金使用、关联交易、对外担保、重大对外投资及经营等方面存在重大问题。（虚构）\"\n",
            "inspections.conclusion",
        ),
        ("funds = \"募集资金存放于专户，使用与披露一致。（虚构）\"\n", "inspections.opinions.funds"),
        ("inspectors = [\"张三\", \"孙八（虚构）\"]\n", "inspections.inspectors"),
    ] {
        let case = CaseCopy::of(&dudao_testkit::fictional_dir());
        case.edit("worklog/2024.toml", line, "");
        let missing = missing(&case);
        assert_eq!(missing.len(), 1, "{field}: {missing:?}");
        assert_eq!(missing[0].field.as_deref(), Some(field));
        assert!(missing[0].file.ends_with("worklog/2024.toml"));
        assert!(matches!(render(&case), Err(RenderError::Incomplete(_))), "{field}");
    }
}

#[test]
fn the_szse_checklist_is_the_whole_form_numbered_as_the_form_numbers_it() {
    let case = szse_twin();
    let md = render(&case).unwrap().markdown;
    assert!(md.starts_with("# 虚构证券股份有限公司（虚构）关于虚构科技股份有限公司（虚构）2024年度定期现场检查报告\n"));
    assert!(md.contains("| 保荐代表人姓名 | 张三（联系电话：021-00000000（虚构）） |\n| 保荐代表人姓名 | 李四（联系电话：021-00000000（虚构）） |"));
    assert!(md.contains("| 现场检查时间 | 2024年12月16日至2024年12月18日 |"));
    assert!(md.contains("| **（一）公司治理** | | | |\n| 现场检查手段（包括但不限于本指引第三十三条所列）：查阅相关资料，访谈管理层（一，虚构） | | | |\n| 1.公司章程和公司治理制度是否完备、合规 | √ |  |  |\n"), "{md}");
    assert!(md.contains("| 3.三会会议记录是否完整，时间、地点、出席人员及会议内容等要件是否齐备，会议资料是否保存完整 |  | √ |  |"));
    // Item 7 keeps its number, whatever the work log answers before it.
    assert!(md.contains("| 7.公司控股股东或者实际控制人如发生变化，是否履行了相应程序和信息披露义务 |  |  | √ |"), "{md}");
    // (二) 内部控制 is the form's whether or not the sponsor typed it: all 11 items.
    assert!(md.contains("| **（二）内部控制** | | | |"));
    assert!(md.contains("| 11.从事风险投资、委托理财、套期保值业务等事项是否建立了完备、合规的内控制度 | √ |  |  |"));
    assert!(md.contains("| **（八）其他重要事项** | | | |"));
    assert!(md.contains("| 6.前期监管机构和保荐机构发现公司存在的问题是否已按相关要求予以整改 | √ |  |  |"));
    let ticks = md.matches('√').count();
    assert_eq!(ticks, ITEMS.iter().map(|(_, n)| n).sum::<usize>(), "one tick per item: 52");
    assert!(md.contains("## 二、现场检查发现的问题及说明\n\n公司 2024 年 9 月召开的一次董事会会议记录未载明会议地点"));
}

#[test]
fn an_unanswered_item_is_refused_naming_the_work_log_and_the_item() {
    let case = szse_twin();
    let log = case.dir.join("worklog/2024.toml");
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::write(&log, text.replace(", 7 = \"not_applicable\"", "")).unwrap();
    let missing = missing(&case);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].file.ends_with("worklog/2024.toml"));
    assert_eq!(missing[0].field.as_deref(), Some("inspections.checklist.一.answers.7"));
    assert!(missing[0].message.contains("（一）公司治理第 7 项未作答"), "{}", missing[0].message);
    assert!(matches!(render(&case), Err(RenderError::Incomplete(_))));
}

#[test]
fn a_mistyped_item_and_missing_methods_are_named() {
    let case = szse_twin();
    let log = case.dir.join("worklog/2024.toml");
    let text = std::fs::read_to_string(&log).unwrap();
    let text = text.replace("2 = \"yes\" }\n", "2 = \"yes\", 3 = \"yes\" }\n").replace("methods = \"查阅相关资料，访谈管理层（六，虚构）\"\n", "");
    std::fs::write(&log, text).unwrap();
    let fields: Vec<String> = missing(&case).into_iter().filter_map(|e| e.field).collect();
    assert_eq!(fields, ["inspections.checklist.七.answers.3", "inspections.checklist.六.methods"]);
}

#[test]
fn an_item_answered_no_needs_its_explanation() {
    let case = szse_twin();
    case.edit("worklog/2024.toml", ISSUES, "");
    let missing = missing(&case);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].field.as_deref(), Some("inspections.issues"));
    assert!(missing[0].message.contains("有检查事项的意见为“否”"));
}

#[test]
fn a_board_without_a_known_form_is_refused_naming_the_forms() {
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit("company.toml", "board = \"star\"", "board = \"bse\"");
    let refused = document_kind("inspection-report").unwrap().missing(&case.load(), &case.dir, Period::Year(2024), &[]).unwrap_err();
    assert!(refused.contains("上交所叙述式（科创板、上交所主板") && refused.contains("深交所检查表式（深交所主板、创业板，2022年1月7日 起）"), "{refused}");
}
