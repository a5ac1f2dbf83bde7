//! The 募集资金 opinion of the example for 2023: every figure as computed by hand from the
//! case (1,200.00万股 × 63.70元 = 76,440.00万元; − 7,712.16 = 68,727.84万元; − 64,506.70
//! used = 4,221.14万元 unused; the accounts 6.6329 + 0.0100 + 0.0005 + 0.9324 = 7.5758万元
//! printed 7.58), the auditor's conclusion as the case states it, and a conclusion that
//! follows what `check` finds. The example records no assurance report (the seed does not
//! cite one): the opinion asks for it, and these tests add a fictional one (虚构).

use std::io::Write;

use dudao_model::Period;
use dudao_render::{Format, Templates, document_kind};
use dudao_testkit::CaseCopy;

/// A fictional assurance report: the figures of the example are real, this is not.
const ASSURANCE: &str = "\n[assurance.2023]\nauditor = \"虚构会计师事务所（特殊普通合伙）\"\nreport = \"虚构专字[2024]第0001号\"\nconclusion = \"公司募集资金年度存放与使用情况专项报告在所有重大方面按照相关规定编制，如实反映了公司2023年度募集资金实际存放与使用情况。（虚构，测试用）\"\n";

/// The sponsor's own words the opinion needs, fictional as the assurance report.
const NO_PROBLEMS: &str = "2023年度，保荐机构未发现募集资金使用及披露中存在问题。（虚构，测试用）\n";
const CONCLUSION: &str = "经核查，保荐机构认为：{{ company.short_name }}{{ year }}年度募集资金存放与使用情况符合相关规定。（虚构，测试用）\n";

fn with_assurance() -> CaseCopy {
    let case = CaseCopy::new();
    std::fs::OpenOptions::new().append(true).open(case.dir.join("funds.toml")).unwrap().write_all(ASSURANCE.as_bytes()).unwrap();
    std::fs::write(case.dir.join("narrative/2023/funds_problems.md"), NO_PROBLEMS).unwrap();
    std::fs::write(case.dir.join("narrative/2023/funds_conclusion.md"), CONCLUSION).unwrap();
    case
}

fn opinion(case: &CaseCopy) -> (String, Vec<dudao_model::Finding>) {
    let loaded = case.load();
    let findings = dudao_rules::check(&loaded, dudao_calendar::Calendar::embedded(), dudao_model::Date::ymd(2024, 4, 30), &dudao_rules::Rulebook::shipped());
    let report = document_kind("funds-opinion").unwrap().render(&loaded, &case.dir, Period::Year(2023), &Templates::defaults(), &findings).unwrap();
    let markdown = String::from_utf8(report.to_format(Format::Markdown, &Templates::defaults()).unwrap()).unwrap();
    (markdown, report.findings)
}

#[test]
fn the_opinion_computes_every_figure_and_cites_the_auditor() {
    let case = with_assurance();
    let (markdown, _) = opinion(&case);
    assert!(markdown.starts_with("# 中国国际金融股份有限公司关于北京青云科技股份有限公司2023年度募集资金存放与使用情况的专项核查意见\n"), "{markdown}");
    assert!(markdown.contains("募集资金总额为人民币76,440.00万元，根据有关规定扣除发行费用7,712.16万元后，实际募集资金金额为68,727.84万元"));
    assert!(markdown.contains("2023年末公司累计使用募集资金64,506.70万元，募集资金余额为4,221.14万元（不含累计利息收入）"));
    assert!(markdown.contains("募集资金专户2023年12月31日余额合计为7.58万元"));
    assert!(
        markdown.contains("| 合计 | | 7.5757 |\n\n注：合计数与各分项之和的尾数差异系四舍五入所致。"),
        "the stated total, within rounding of the rows' 7.5758"
    );
    assert!(
        markdown
            .contains("虚构会计师事务所（特殊普通合伙）对公司2023年度募集资金存放与使用情况专项报告进行了鉴证，出具了《鉴证报告》（虚构专字[2024]第0001号）")
    );
    // That nothing was found, and the conclusion, in the sponsor's words.
    assert!(markdown.contains("## 二、募集资金使用及披露中存在的问题\n\n2023年度，保荐机构未发现募集资金使用及披露中存在问题。（虚构，测试用）"), "{markdown}");
    assert!(markdown.contains("## 四、保荐机构核查意见\n\n经核查，保荐机构认为：青云科技2023年度募集资金存放与使用情况符合相关规定。（虚构，测试用）"));
    assert!(
        markdown.contains("（本页无正文，为《中国国际金融股份有限公司关于北京青云科技股份有限公司2023年度募集资金存放与使用情况的专项核查意见》之签章页）")
    );
    // The tracking report says the same of the funds, from the same partial.
    let loaded = case.load();
    let tracking = document_kind("annual-tracking").unwrap().render(&loaded, &case.dir, Period::Year(2023), &Templates::defaults(), &[]).unwrap().markdown;
    let funds_paragraph = markdown.lines().find(|l| l.starts_with("经中国证券监督管理委员会")).unwrap();
    assert!(tracking.contains(funds_paragraph));
}

#[test]
fn what_check_finds_about_the_funds_becomes_the_opinions_problems() {
    let case = with_assurance();
    // The banks' total stated a whole 1万元 above the rows: an error of funds.accounts-total.
    case.edit("funds.toml", "accounts_total            = \"7.5757万\"", "accounts_total            = \"8.5757万\"");
    // With a problem found, section 二 lists it without needing the sponsor's words.
    std::fs::remove_file(case.dir.join("narrative/2023/funds_problems.md")).unwrap();
    let (markdown, notes) = opinion(&case);
    assert!(markdown.contains("保荐机构核查发现以下事项：\n\n1. 2023 年末各专户余额合计：按各专户余额相加为 7.5758万元，案卷陈述为 8.5757万元"), "{markdown}");
    assert!(notes.iter().any(|f| f.rule == "funds.accounts-total"));
    // Beyond rounding the stated total is not printed as the accounts' total: their sum is.
    assert!(markdown.contains("| 合计 | | 7.5758 |\n") && !markdown.contains("尾数差异"), "{markdown}");
}

#[test]
fn without_the_assurance_report_the_opinion_says_what_to_add() {
    let case = CaseCopy::new();
    let loaded = case.load();
    let kind = document_kind("funds-opinion").unwrap();
    let missing = kind.missing(&loaded, &case.dir, dudao_model::Period::Year(2023), &[]).unwrap();
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert_eq!(missing[0].field.as_deref(), Some("assurance.2023"));
    assert!(missing[0].message.contains("缺少会计师对 2023 年度募集资金存放与使用情况专项报告的鉴证报告"));
    // dudao finding nothing is not the sponsor finding nothing: both texts are the sponsor's.
    assert!(missing[1].file.ends_with("narrative/2023/funds_problems.md") && missing[2].file.ends_with("narrative/2023/funds_conclusion.md"), "{missing:?}");
    let error = kind.missing(&loaded, &case.dir, dudao_model::Period::FirstHalf(2024), &[]).unwrap_err();
    assert_eq!(error, "募集资金存放与使用情况专项核查意见按年度出具：报告期应为年度，如 2024");
}

#[test]
fn the_fictional_example_gives_the_whole_opinion_with_figures_checked_by_hand() {
    let dir = dudao_testkit::fictional_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let kind = document_kind("funds-opinion").unwrap();
    let period = dudao_model::Period::Year(2024);
    assert!(kind.missing(&case, &dir, period, &[]).unwrap().is_empty());
    let report = kind.render(&case, &dir, period, &Templates::defaults(), &[]).unwrap();
    let markdown = report.markdown;
    // 2,500.00万股 × 20.00元 = 50,000.00万元; − 5,123.45 = 44,876.55; − 21,234.56 used = 23,641.99.
    assert!(markdown.contains("募集资金总额为人民币50,000.00万元，根据有关规定扣除发行费用5,123.45万元后，实际募集资金金额为44,876.55万元"));
    assert!(markdown.contains("募集资金余额为23,641.99万元（不含累计利息收入）"));
    // 30,000.00 + 215.30 − 12,345.67 − 10,000.00 + 4,000.00 = 11,869.63 = 8,000.00 + 3,869.63;
    // cash management 0.00 + 10,000.00 − 4,000.00 = 6,000.00.
    assert!(markdown.contains("| 2024年12月31日募集资金专户余额 | 11,869.63 |"));
    assert!(markdown.contains("| 2024年12月31日募集资金现金管理余额 | 6,000.00 |"));
    assert!(markdown.contains("| 合计 | | 11,869.63 |"));
    assert!(markdown.contains("的余额为6,000.00万元"));
    assert!(report.title.contains("（虚构）"), "a fictional case says so in every document");
}
