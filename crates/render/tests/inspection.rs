//! The regular on-site inspection report of the fictional example (虚构科技): the header,
//! each section numbered with its methods, each answer ticked in its column, the issues;
//! an item answered 否 without an explanation is asked for.

use dudao_model::Period;
use dudao_render::{Templates, document_kind};
use dudao_testkit::CaseCopy;

#[test]
fn the_checklist_is_laid_out_with_its_answers() {
    let dir = dudao_testkit::fictional_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let kind = document_kind("inspection-report").unwrap();
    let report = kind.render(&case, &dir, Period::Year(2024), &Templates::defaults(), &[]).unwrap();
    let md = report.markdown;
    assert!(md.starts_with("# 虚构证券股份有限公司（虚构）关于虚构科技股份有限公司（虚构）2024年度定期现场检查报告\n"));
    assert!(md.contains("| 保荐代表人姓名 | 张三（联系电话：021-00000000（虚构）） |\n| 保荐代表人姓名 | 李四（联系电话：021-00000000（虚构）） |"));
    assert!(md.contains("| 现场检查时间 | 2024年12月16日至2024年12月18日 |"));
    assert!(md.contains("| **（一）公司治理** | | | |\n| 现场检查手段：查阅公司章程及三会资料，访谈公司管理层。（虚构） | | | |\n"));
    assert!(md.contains("| 3.三会会议记录是否完整，时间、地点、出席人员及会议内容等要件是否齐备，会议资料是否保存完整 |  | √ |  |"));
    assert!(md.contains("| 4.公司控股股东或者实际控制人如发生变化，是否履行了相应程序和信息披露义务 |  |  | √ |"));
    assert!(md.contains("| **（二）信息披露** | | | |"));
    assert!(md.contains("## 二、现场检查发现的问题及说明\n\n公司 2024 年 9 月召开的一次董事会会议记录未载明会议地点"));
}

#[test]
fn an_item_answered_no_needs_its_explanation() {
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit(
        "worklog/2024.toml",
        "issues = \"公司 2024 年 9 月召开的一次董事会会议记录未载明会议地点，保荐机构已督促公司补正并完善会议记录管理。（虚构）\"\n",
        "",
    );
    let missing = document_kind("inspection-report").unwrap().missing(&case.load(), &case.dir, Period::Year(2024), &[]).unwrap();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].field.as_deref(), Some("inspections.issues"));
    assert!(missing[0].message.contains("有检查事项的意见为“否”"));
}
