//! The SZSE's table form of the tracking report, on the fictional SZSE twin
//! (`examples/fictional-szse`, every fact invented): every row in the template's wording,
//! the counts computed from the work log's records, the sponsor's answers, the eleven
//! matters, the commitments, and a gap wherever the case does not say.

use dudao_model::{Finding, Kind, Period, Severity};
use dudao_render::{RenderError, Templates, document_kind};
use dudao_testkit::CaseCopy;

fn twin() -> CaseCopy {
    CaseCopy::of(&dudao_testkit::fictional_szse_dir())
}

fn annual(case: &CaseCopy, period: Period, findings: &[Finding]) -> Result<dudao_render::Report, RenderError> {
    let kind = if matches!(period, Period::FirstHalf(_)) { "semiannual-tracking" } else { "annual-tracking" };
    document_kind(kind).unwrap().render(&case.load(), &case.dir, period, &Templates::defaults(), findings)
}

#[test]
fn the_year_is_the_table_with_counts_from_the_records() {
    let case = twin();
    let report = annual(&case, Period::Year(2024), &[]).unwrap();
    let md = &report.markdown;
    assert_eq!(report.title, "虚构证券股份有限公司（虚构）关于虚构股份有限公司（虚构）2024年度持续督导跟踪报告");
    assert!(md.contains("| 保荐人名称：虚构证券股份有限公司（虚构） | 被保荐公司简称：虚构股份（001999） |"));
    assert!(md.contains("| 保荐代表人姓名：李四 | 联系电话：021-00000000（虚构） |"));
    // One inspection and two trainings recorded in worklog/2024.toml.
    assert!(md.contains("| （1）现场检查次数 | 1次 |"));
    assert!(md.contains("| （1）培训次数 | 2次 |"));
    assert!(md.contains("| （2）培训日期 | 2024年11月20日、2024年12月18日 |"));
    assert!(md.contains("| （3）培训的主要内容 | 上市公司规范运作与信息披露（虚构）；董事、监事、高级管理人员持股变动规则（虚构） |"));
    // The sponsor's answers, in the 2022 wording of item 6.
    assert!(md.contains("| **6.发表专项意见情况** | |\n| （1）发表专项意见次数 | 3次（虚构） |"));
    assert!(md.contains("| **9.保荐业务工作底稿记录、保管是否合规** | 是 |"));
    // The problem of matter 3 in its row, the others 无 / 不适用.
    assert!(
        md.contains("| 3.“三会”运作 | 公司 2024 年 9 月召开的一次董事会会议记录未载明会议地点（虚构） | 保荐机构已督促公司补正并完善会议记录管理（虚构） |")
    );
    assert!(md.contains("| 6.关联交易 | 无 | 不适用 |"));
    // Both commitments were in force in 2024 and none was found broken.
    assert!(md.contains("| 实际控制人王五（虚构）：避免与公司产生同业竞争（虚构） | 是 | 不适用 |"));
    assert!(md.contains("| 1.保荐代表人变更及其理由 | 无 |"));
    // The SZSE's documents cite no SSE rule.
    assert!(!md.contains("上海证券交易所"));
}

#[test]
fn the_half_year_has_the_same_table_with_the_sponsors_counts() {
    let case = twin();
    let report = annual(&case, Period::FirstHalf(2024), &[]).unwrap();
    assert_eq!(report.title, "虚构证券股份有限公司（虚构）关于虚构股份有限公司（虚构）2024年半年度持续督导跟踪报告");
    // No inspection or training recorded in the half-year: the sponsor's own answers.
    assert!(report.markdown.contains("| （1）现场检查次数 | 无 |"));
    assert!(report.markdown.contains("| （1）培训次数 | 无 |"));
    assert!(report.markdown.contains("| 3.“三会”运作 | 无 | 不适用 |"));
}

#[test]
fn before_2022_item_6_is_the_independent_opinions() {
    // Listed in 2018: FY2019 is filed by 2020-05-31, under the 2014 guideline.
    let case = twin();
    case.edit("company.toml", "listing_date = 2023-06-20", "listing_date = 2018-06-20");
    std::fs::copy(case.dir.join("worklog/2024.toml"), case.dir.join("worklog/2019.toml")).unwrap();
    let md = annual(&case, Period::Year(2019), &[]).unwrap().markdown;
    assert!(md.contains("| **6.发表独立意见情况** | |\n| （1）发表独立意见次数 | 3次（虚构） |"), "{md}");
    assert!(!md.contains("专项意见"));
    // The commitments recorded were made in 2023.
    assert!(md.contains("2019年度，公司及股东无在履行的承诺事项。"));
}

#[test]
fn a_count_the_records_give_is_not_typed_again() {
    let case = twin();
    case.edit("worklog/2024.toml", "\"5.2\" = \"是\"", "\"5.1\" = \"2次\"\n\"5.2\" = \"是\"");
    let Err(RenderError::Incomplete(missing)) = annual(&case, Period::Year(2024), &[]) else { panic!("a typed count is refused") };
    let said: Vec<String> = missing.iter().map(ToString::to_string).collect();
    assert!(said.iter().any(|m| m.contains("worklog/2024.toml") && m.contains("items.\"5.1\"") && m.contains("请删除")), "{said:?}");
}

#[test]
fn an_unanswered_row_is_a_gap_never_a_no() {
    let case = twin();
    case.edit("worklog/2024.toml", "\"8.1\" = \"否\"\n", "");
    let Err(RenderError::Incomplete(missing)) = annual(&case, Period::Year(2024), &[]) else { panic!("the final report is refused") };
    let said = missing.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(said.contains("items.\"8.1\"") && said.contains("保荐工作概述第 8（1） 项"), "{said}");
    let draft = document_kind("annual-tracking").unwrap().draft(&case.load(), &case.dir, Period::Year(2024), &Templates::defaults(), &[]).unwrap();
    assert!(draft.markdown.contains("| （1）是否存在需要关注的事项 | 【待补充：保荐工作概述第 8（1） 项的工作内容（worklog/2024.toml 的 items.\"8.1\"）】 |"));
}

#[test]
fn problems_are_placed_by_matter_and_commitments_kept_is_the_sponsors_word() {
    let case = twin();
    case.edit("worklog/2024.toml", ", matter = 3 }", " }");
    let Err(RenderError::Incomplete(missing)) = annual(&case, Period::Year(2024), &[]) else { panic!("a problem without a matter is refused") };
    assert!(missing.iter().any(|m| m.field.as_deref() == Some("problems.matter")));

    let case = twin();
    case.edit("worklog/2024.toml", "commitments_kept = true\n", "");
    let draft = document_kind("annual-tracking").unwrap().draft(&case.load(), &case.dir, Period::Year(2024), &Templates::defaults(), &[]).unwrap();
    assert!(
        draft.markdown.contains(
            "避免与公司产生同业竞争（虚构） | 【待补充：承诺事项的履行情况（保荐机构的核查结论）（worklog/2024.toml 的 commitments_kept）】 | 不适用 |"
        )
    );
}

#[test]
fn a_broken_commitment_is_no_with_the_sponsors_account() {
    let case = twin();
    let loaded = case.load();
    let lockup = loaded.commitments.iter().find(|c| c.id == "controller-lockup").unwrap();
    let breach = Finding {
        rule: "commitment.breach".into(),
        kind: Kind::Violation,
        severity: Severity::Error,
        message: "控股股东于限售期内减持（虚构）".into(),
        citation: None,
        date: Some(dudao_model::Date::ymd(2024, 8, 1)),
        evidence: vec![lockup.origin().clone()],
        about: None,
        computation: None,
    };
    // Without the sponsor's disposition the error is a gap; with it, the account is the
    // reason, and the problem is listed under its matter.
    let Err(RenderError::Incomplete(missing)) = annual(&case, Period::Year(2024), std::slice::from_ref(&breach)) else { panic!() };
    assert!(missing.iter().any(|m| m.field.as_deref() == Some("dispositions")));
    case.append("worklog/2024.toml", "\n[[dispositions]]\nrule = \"commitment.breach\"\naccount = \"保荐机构已督促控股股东购回并向深圳证券交易所报告（虚构）\"\nin_report = true\nmatter = 4\n");
    let md = annual(&case, Period::Year(2024), &[breach]).unwrap().markdown;
    assert!(md.contains("| 否 | 保荐机构已督促控股股东购回并向深圳证券交易所报告（虚构） |"), "{md}");
    assert!(md.contains("| 4.控股股东及实际控制人变动 | 控股股东于限售期内减持（虚构） | 保荐机构已督促控股股东购回并向深圳证券交易所报告（虚构） |"));
    assert!(md.contains("避免与公司产生同业竞争（虚构） | 是 |"));
}

#[test]
fn the_sponsors_phone_is_a_gap_of_the_header() {
    let case = twin();
    case.edit("company.toml", "phone = \"021-00000000（虚构）\"\n", "");
    let Err(RenderError::Incomplete(missing)) = annual(&case, Period::Year(2024), &[]) else { panic!("the final report is refused") };
    assert!(missing.iter().any(|m| m.field.as_deref() == Some("sponsor.phone")));
    let draft = document_kind("annual-tracking").unwrap().draft(&case.load(), &case.dir, Period::Year(2024), &Templates::defaults(), &[]).unwrap();
    assert!(
        draft.markdown.contains("| 保荐代表人姓名：张三 | 联系电话：【待补充：保荐代表人联系电话（company.toml 的 sponsor.phone）】 |"),
        "{}",
        draft.markdown
    );
}

/// The workbench asks for each row in the table's words: an item under its group's heading,
/// a row that stands alone, section 四's; before 2022, item 6's wording of the 2014 form.
#[test]
fn the_work_items_are_worded_as_the_table_prints_them() {
    let case = twin();
    let items = dudao_render::work_items(&case.load(), Period::Year(2024));
    let worded = |key: &str| items.iter().find(|(k, _)| *k == key).map(|(_, w)| w.clone()).unwrap();
    assert_eq!(items.len(), dudao_model::Board::SzseMain.work_items().len());
    assert_eq!(worded("5.1"), "一、5.现场检查情况（1）现场检查次数");
    assert_eq!(worded("9"), "一、9.保荐业务工作底稿记录、保管是否合规");
    assert_eq!(worded("other.1"), "四、1.保荐代表人变更及其理由");
    assert_eq!(worded("6.1"), "一、6.发表专项意见情况（1）发表专项意见次数");
    case.edit("company.toml", "listing_date = 2023-06-20", "listing_date = 2018-06-20");
    let before = dudao_render::work_items(&case.load(), Period::Year(2019));
    assert_eq!(before.iter().find(|(k, _)| *k == "6.1").unwrap().1, "一、6.发表独立意见情况（1）发表独立意见次数");
}
