//! The 募集资金 opinion: its eight parts from the fictional example with every figure
//! checked by hand (the arithmetic is in examples/fictional/funds.toml), gaps where a fact
//! is missing, and the real example's figures (1,200.00万股 × 63.70元 = 76,440.00万元;
//! − 7,712.16 = 68,727.84万元; − 64,506.70 used = 4,221.14万元 unused; the accounts 6.6329 +
//! 0.0100 + 0.0005 + 0.9324 = 7.5758万元 printed 7.58). The real example records no
//! assurance report, rules, agreements or projects (the seed does not give them): its
//! opinion is a draft asking for them, and these tests add a fictional assurance report and
//! sponsor's texts (虚构).

use std::io::Write;

use dudao_model::Period;
use dudao_render::{Format, RenderError, Templates, document_kind};
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

/// The real example's opinion of 2023, a draft (the case lacks the facts of 二 to 四).
fn draft(case: &CaseCopy) -> (String, Vec<dudao_model::Finding>) {
    let loaded = case.load();
    let findings = dudao_rules::check(&loaded, dudao_calendar::Calendar::embedded(), dudao_model::Date::ymd(2024, 4, 30), &dudao_rules::Rulebook::shipped());
    let report = document_kind("funds-opinion").unwrap().draft(&loaded, &case.dir, Period::Year(2023), &Templates::defaults(), &findings).unwrap();
    let markdown = String::from_utf8(report.to_format(Format::Markdown, &Templates::defaults()).unwrap()).unwrap();
    (markdown, report.findings)
}

/// The fictional example's opinion of 2024 as Markdown, final.
fn fictional(case: &CaseCopy) -> Result<String, RenderError> {
    let report = document_kind("funds-opinion").unwrap().render(&case.load(), &case.dir, Period::Year(2024), &Templates::defaults(), &[])?;
    Ok(String::from_utf8(report.to_format(Format::Markdown, &Templates::defaults()).unwrap()).unwrap())
}

fn fictional_draft(case: &CaseCopy) -> dudao_render::Report {
    document_kind("funds-opinion").unwrap().draft(&case.load(), &case.dir, Period::Year(2024), &Templates::defaults(), &[]).unwrap()
}

#[test]
fn the_fictional_example_gives_the_eight_parts_with_figures_checked_by_hand() {
    let dir = dudao_testkit::fictional_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let kind = document_kind("funds-opinion").unwrap();
    let period = Period::Year(2024);
    assert!(kind.missing(&case, &dir, period, &[]).unwrap().is_empty());
    let report = kind.render(&case, &dir, period, &Templates::defaults(), &[]).unwrap();
    assert!(report.gaps.is_empty() && report.title.contains("（虚构）"), "a fictional case says so in every document");
    let md = report.markdown;
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## 一、募集资金基本情况",
            "## 二、募集资金存放和管理情况",
            "## 三、本年度募集资金的实际使用情况",
            "## 四、变更募集资金投资项目的资金使用情况",
            "## 五、募集资金使用及披露中存在的问题",
            "## 六、会计师对募集资金年度存放和使用情况专项报告的鉴证结论",
            "## 七、保荐机构的核查工作",
            "## 八、保荐机构核查意见",
        ]
    );
    // 一（一）: 2,500.00万股 × 20.00元 = 50,000.00万元; − 5,123.45 = 44,876.55.
    assert!(md.contains("### （一）实际募集资金金额、资金到位时间\n\n经中国证券监督管理委员会"));
    assert!(md.contains("募集资金总额为人民币50,000.00万元，根据有关规定扣除发行费用5,123.45万元后，实际募集资金金额为44,876.55万元"));
    // 一（二）: 21,234.56 − 12,345.67 = 8,888.89 before 2024; 44,876.55 − 21,234.56 = 23,641.99
    // unused; the accounts 8,000.00 + 3,869.63 = 11,869.63, with 6,000.00 in cash management
    // 17,869.63.
    assert!(md.contains("截至2023年12月31日，公司以前年度累计使用募集资金8,888.89万元；2024年度，公司直接投入募集资金投资项目12,345.67万元；截至2024年12月31日，公司累计使用募集资金21,234.56万元，尚未使用的募集资金为23,641.99万元（不含累计利息收入）"), "{md}");
    assert!(md.contains("募集资金专户余额为11,869.63万元，使用暂时闲置募集资金进行现金管理的余额为6,000.00万元，合计17,869.63万元"));
    assert!(md.contains("| 减：截至2023年12月31日累计使用募集资金 | 8,888.89 |\n| 减：2024年度使用募集资金 | 12,345.67 |\n| 截至2024年12月31日累计使用募集资金 | 21,234.56 |\n| 截至2024年12月31日尚未使用的募集资金 | 23,641.99 |"));
    assert!(md.contains(
        "| 2024年12月31日募集资金专户余额 | 11,869.63 |\n| 2024年12月31日募集资金现金管理余额 | 6,000.00 |\n| 2024年12月31日募集资金余额合计 | 17,869.63 |"
    ));
    // 二: the rules and the agreements as the case states them, and the accounts.
    assert!(md.contains("2022年3月15日，公司2022年第一次临时股东大会（虚构）审议通过了《虚构科技股份有限公司募集资金管理制度》（虚构）。"));
    assert!(md.contains("2023年6月28日，公司与保荐机构、虚构银行股份有限公司上海分行签订了《募集资金专户存储三方监管协议》。"));
    assert!(md.contains("| 虚构银行股份有限公司上海分行 | 3100000000000002 | 3,869.63 |\n| 合计 | | 11,869.63 |"));
    // 三（一）: the 对照表. Progress = cumulative ÷ adjusted: 12,500.00 ÷ 25,000.00 = 50.00%;
    // 5,345.40 ÷ 12,000.00 = 44.545% exactly, 44.55 half up; 3,389.16 ÷ 7,876.55 = 43.0287…%;
    // the totals 25,000.00 + 12,000.00 + 7,876.55 = 44,876.55, 7,500.00 + 3,345.40 + 1,500.27
    // = 12,345.67, 12,500.00 + 5,345.40 + 3,389.16 = 21,234.56, 21,234.56 ÷ 44,876.55 = 47.3177…%.
    assert!(md.contains("| 虚构云平台升级项目（虚构） | 25,000.00 | 25,000.00 | 7,500.00 | 12,500.00 | 50.00 |"), "{md}");
    assert!(md.contains("| 虚构研发中心建设项目（虚构） | 12,000.00 | 12,000.00 | 3,345.40 | 5,345.40 | 44.55 |"));
    assert!(md.contains("| 补充流动资金（虚构） | 7,876.55 | 7,876.55 | 1,500.27 | 3,389.16 | 43.03 |"));
    assert!(md.contains("| 合计 | 44,876.55 | 44,876.55 | 12,345.67 | 21,234.56 | 47.32 |"));
    assert!(md.contains("| 本年度投入募集资金总额 | 12,345.67 |\n| 已累计投入募集资金总额 | 21,234.56 |\n| 报告期内变更用途的募集资金总额 | 0.00 |\n| 累计变更用途的募集资金总额 | 0.00 |\n| 累计变更用途的募集资金总额比例 | 0.00% |"));
    assert!(md.contains("| 虚构研发中心建设项目（虚构） | 2026年6月30日 | 不适用 | 不适用 | 否 |"));
    assert!(md.contains("| 补充流动资金（虚构） | 不适用 | 不适用 | 不适用 | 否 |"));
    assert!(!md.contains("尾数差异"), "rows of two decimals add up exactly");
    // 三（二）–（六） and 四: the case's empty lists and its one decision, with the ledger.
    assert!(md.contains("### （二）募投项目先期投入及置换情况\n\n2024年度，公司不存在以募集资金置换预先投入募投项目的自筹资金的情况。"));
    assert!(md.contains("2024年1月15日，公司第一届董事会第八次会议（虚构）审议通过使用额度不超过15,000.00万元的暂时闲置募集资金进行现金管理。\n\n2024年度，公司使用暂时闲置募集资金购买结构性存款（虚构）10,000.00万元，赎回4,000.00万元；截至2024年12月31日，现金管理余额为6,000.00万元。"));
    assert!(md.contains("## 四、变更募集资金投资项目的资金使用情况\n\n2024年度，公司不存在变更募集资金投资项目的情况。"));
    // 七: the sponsor's words, rendered with the facts they cite.
    assert!(md.contains("## 七、保荐机构的核查工作\n\n保荐机构通过查阅募集资金专户银行对账单"));
    assert!(md.contains("对虚构科技2024年度募集资金的存放与使用情况进行了核查。（虚构）"));
}

#[test]
fn a_missing_fact_is_a_gap_never_a_denial() {
    // Without `changes = []` the opinion cannot say nothing was changed.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit("funds.toml", "surplus         = []\nchanges         = []", "surplus         = []");
    let Err(RenderError::Incomplete(missing)) = fictional(&case) else { panic!("a final opinion without the year's changes") };
    assert!(missing.iter().any(|e| e.file.ends_with("funds.toml") && e.field.as_deref() == Some("uses.2024.changes")), "{missing:?}");
    let draft = fictional_draft(&case);
    let placeholder = "【待补充：2024年度变更募集资金投资项目的情况（funds.toml 的 uses.2024.changes）】";
    assert!(draft.markdown.contains(&format!("## 四、变更募集资金投资项目的资金使用情况\n\n{placeholder}")), "{}", draft.markdown);
    assert!(draft.markdown.contains(&format!("| 报告期内变更用途的募集资金总额 | {placeholder} |")));
    assert!(!draft.markdown.contains("不存在变更募集资金投资项目"));
    assert_eq!(draft.gaps.len(), 1, "{:?}", draft.gaps);

    // Without the adjusted total, neither the progress nor the totals are computed.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit("funds.toml", "committed = \"12,000.00万\"\nadjusted  = \"12,000.00万\"\n", "committed = \"12,000.00万\"\n");
    let Err(RenderError::Incomplete(missing)) = fictional(&case) else { panic!("a final opinion without an adjusted total") };
    assert_eq!(missing.iter().map(|e| e.field.as_deref()).collect::<Vec<_>>(), [Some("projects[1].adjusted")]);
    let placeholder = "【待补充：募投项目“虚构研发中心建设项目（虚构）”的调整后投资总额（funds.toml 的 projects[1].adjusted）】";
    let md = fictional_draft(&case).markdown;
    assert!(md.contains(&format!("| 虚构研发中心建设项目（虚构） | 12,000.00 | {placeholder} | 3,345.40 | 5,345.40 | {placeholder} |")), "{md}");
    assert!(md.contains(&format!("| 合计 | 44,876.55 | {placeholder} | 12,345.67 | 21,234.56 | {placeholder} |")));

    // A year left out of a project's history would understate its cumulative use.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit("funds.toml", "[projects.years.2023]\nused = \"5,000.00万\"\n", "");
    let Err(RenderError::Incomplete(missing)) = fictional(&case) else { panic!("a final opinion without a year's use") };
    assert_eq!(missing.iter().map(|e| e.field.as_deref()).collect::<Vec<_>>(), [Some("projects[0].years.2023.used")]);

    // The rules, the agreements and the sponsor's account of its work are facts too.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    let text = std::fs::read_to_string(case.dir.join("funds.toml")).unwrap();
    let (start, end) = (text.find("[management]").unwrap(), text.find("# The projects").unwrap());
    std::fs::write(case.dir.join("funds.toml"), format!("{}{}", &text[..start], &text[end..])).unwrap();
    std::fs::remove_file(case.dir.join("narrative/2024/funds_work.md")).unwrap();
    let draft = fictional_draft(&case);
    let places: Vec<_> = draft.gaps.iter().map(|g| (g.file.as_str(), g.field.as_deref())).collect();
    assert_eq!(places, [("funds.toml", Some("management")), ("funds.toml", Some("agreements")), ("narrative/2024/funds_work.md", None)]);
    assert!(draft.markdown.contains("## 二、募集资金存放和管理情况\n\n【待补充：募集资金管理制度（funds.toml 的 management）】"), "{}", draft.markdown);
    assert!(draft.markdown.contains("## 七、保荐机构的核查工作\n\n【待补充：保荐机构的核查工作（narrative/2024/funds_work.md）】"));
}

#[test]
fn a_total_printed_from_exact_amounts_notes_the_rounding_of_its_rows() {
    // 7,500.004 + 3,345.404 + 1,500.274 = 12,345.682, printed 12,345.68; the rows print
    // 7,500.00 + 3,345.40 + 1,500.27 = 12,345.67.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit("funds.toml", "used                = \"7,500.00万\"", "used                = \"7,500.004万\"");
    case.edit("funds.toml", "used                = \"3,345.40万\"", "used                = \"3,345.404万\"");
    case.edit("funds.toml", "used                = \"1,500.27万\"", "used                = \"1,500.274万\"");
    let md = fictional(&case).unwrap();
    assert!(md.contains("| 虚构云平台升级项目（虚构） | 25,000.00 | 25,000.00 | 7,500.00 | 12,500.00 | 50.00 |"), "{md}");
    assert!(md.contains("| 合计 | 44,876.55 | 44,876.55 | 12,345.68 | 21,234.57 | 47.32 |"), "{md}");
    assert!(md.contains("注：截至期末投入进度＝截至期末累计投入金额÷调整后投资总额。合计数与各分项之和的尾数差异系四舍五入所致。"));
}

#[test]
fn the_real_example_gives_its_figures_and_asks_for_the_rest() {
    let case = with_assurance();
    let (md, _) = draft(&case);
    assert!(md.starts_with("# 中国国际金融股份有限公司关于北京青云科技股份有限公司2023年度募集资金存放与使用情况的专项核查意见\n"), "{md}");
    assert!(md.contains("募集资金总额为人民币76,440.00万元，根据有关规定扣除发行费用7,712.16万元后，实际募集资金金额为68,727.84万元"));
    // 64,506.70 − 2,273.24 = 62,233.46 before 2023; 7.5758 + 5,000.00 = 5,007.58 at year end.
    assert!(md.contains("截至2022年12月31日，公司以前年度累计使用募集资金62,233.46万元；2023年度，公司直接投入募集资金投资项目2,273.24万元；截至2023年12月31日，公司累计使用募集资金64,506.70万元，尚未使用的募集资金为4,221.14万元（不含累计利息收入）"), "{md}");
    assert!(md.contains("募集资金专户余额为7.58万元，使用暂时闲置募集资金进行现金管理的余额为5,000.00万元，合计5,007.58万元"));
    assert!(md.contains("| 合计 | | 7.5757 |\n\n注：合计数与各分项之和的尾数差异系四舍五入所致。"), "the stated total, within rounding of the rows' 7.5758");
    // What the seed does not give is asked for, never denied.
    assert!(md.contains("## 二、募集资金存放和管理情况\n\n【待补充：募集资金管理制度（funds.toml 的 management）】"), "{md}");
    assert!(md.contains("### （一）募集资金投资项目的资金使用情况\n\n【待补充：募集资金投资项目（funds.toml 的 projects）】"));
    assert!(md.contains("## 四、变更募集资金投资项目的资金使用情况\n\n【待补充：2023年度变更募集资金投资项目的情况（funds.toml 的 uses.2023.changes）】"));
    assert!(!md.contains("不存在"), "{md}");
    assert!(
        md.contains("虚构会计师事务所（特殊普通合伙）对公司2023年度募集资金存放与使用情况专项报告进行了鉴证，出具了《鉴证报告》（虚构专字[2024]第0001号）")
    );
    assert!(md.contains("## 五、募集资金使用及披露中存在的问题\n\n2023年度，保荐机构未发现募集资金使用及披露中存在问题。（虚构，测试用）"), "{md}");
    assert!(md.contains("## 八、保荐机构核查意见\n\n经核查，保荐机构认为：青云科技2023年度募集资金存放与使用情况符合相关规定。（虚构，测试用）"));
    assert!(md.contains("（本页无正文，为《中国国际金融股份有限公司关于北京青云科技股份有限公司2023年度募集资金存放与使用情况的专项核查意见》之签章页）"));
    // The tracking report says the same of the offering, from the same partial.
    let loaded = case.load();
    let tracking = document_kind("annual-tracking").unwrap().render(&loaded, &case.dir, Period::Year(2023), &Templates::defaults(), &[]).unwrap().markdown;
    let funds_paragraph = md.lines().find(|l| l.starts_with("经中国证券监督管理委员会")).unwrap();
    assert!(tracking.contains(&format!("\n{funds_paragraph}\n\n2023年度，公司募集资金使用情况为")));
}

#[test]
fn what_check_finds_about_the_funds_becomes_the_opinions_problems() {
    let case = with_assurance();
    // The banks' total stated a whole 1万元 above the rows: an error of funds.accounts-total.
    case.edit("funds.toml", "accounts_total            = \"7.5757万\"", "accounts_total            = \"8.5757万\"");
    // With a problem found, section 五 lists it without needing the sponsor's words.
    std::fs::remove_file(case.dir.join("narrative/2023/funds_problems.md")).unwrap();
    let (md, notes) = draft(&case);
    assert!(md.contains("## 五、募集资金使用及披露中存在的问题\n\n保荐机构核查发现以下事项：\n\n1. 2023 年末各专户余额合计：按各专户余额相加为 7.5758万元，案卷陈述为 8.5757万元"), "{md}");
    assert!(notes.iter().any(|f| f.rule == "funds.accounts-total"));
    // Beyond rounding the stated total is not printed as the accounts' total: their sum is.
    assert!(md.contains("| 合计 | | 7.5758 |\n") && !md.contains("尾数差异"), "{md}");
}

#[test]
fn without_the_assurance_report_the_opinion_says_what_to_add() {
    let case = CaseCopy::new();
    let loaded = case.load();
    let kind = document_kind("funds-opinion").unwrap();
    let missing = kind.missing(&loaded, &case.dir, Period::Year(2023), &[]).unwrap();
    assert_eq!(missing[0].field.as_deref(), Some("assurance.2023"));
    assert!(missing[0].message.contains("缺少会计师对 2023 年度募集资金存放与使用情况专项报告的鉴证报告"));
    // Then every fact of 二 to 四 the real case lacks, in the document's order, and the
    // sponsor's three texts: dudao finding nothing is not the sponsor finding nothing.
    let fields: Vec<_> = missing[1..].iter().map(|e| e.field.clone().unwrap_or_else(|| e.file.file_name().unwrap().to_string_lossy().into_owned())).collect();
    assert_eq!(
        fields,
        [
            "management",
            "agreements",
            "projects",
            "uses.2023.replacements",
            "uses.2023.working_capital",
            "uses.2023.cash_management",
            "uses.2023.over_raised",
            "uses.2023.surplus",
            "uses.2023.changes",
            "funds_problems.md",
            "funds_work.md",
            "funds_conclusion.md",
        ]
    );
    let error = kind.missing(&loaded, &case.dir, Period::FirstHalf(2024), &[]).unwrap_err();
    assert_eq!(error, "募集资金存放与使用情况专项核查意见按年度出具：报告期应为年度，如 2024");
}

/// `funds.toml` of `case` without its `[offering]` table, as a case whose projects were read
/// from an annual report has it.
fn without_offering(case: &CaseCopy) {
    let path = case.dir.join("funds.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("[offering]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
}

#[test]
fn without_the_offering_its_figures_are_gaps_and_a_stated_cumulative_stands() {
    // The fictional example without [offering]; its first project states its cumulative use
    // at the end of 2024 as an annual report prints it, the other two do not.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    without_offering(&case);
    case.edit("funds.toml", "used                = \"7,500.00万\"", "used                = \"7,500.00万\"\ncumulative          = \"12,500.00万\"");
    let result = fictional(&case);
    let Err(RenderError::Incomplete(missing)) = result else { panic!("a final opinion without the offering: {result:?}") };
    let fields: Vec<_> = missing.iter().map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, [Some("offering"), Some("projects[1].years.2024.cumulative"), Some("projects[2].years.2024.cumulative")], "{missing:?}");
    assert!(missing[0].message.starts_with("缺少募集资金的发行情况"), "{}", missing[0].message);
    let draft = fictional_draft(&case);
    let md = &draft.markdown;
    let offering = "【待补充：募集资金的发行情况（核准文件、发行股数与价格、发行费用、到账与验资）（funds.toml 的 offering）】";
    // 一（一） is the offering's placeholder; the net proceeds and what is unused are made from it.
    assert!(md.contains(&format!("### （一）实际募集资金金额、资金到位时间\n\n{offering}\n")), "{md}");
    assert!(md.contains(&format!("尚未使用的募集资金为{offering}万元（不含累计利息收入）")), "{md}");
    assert!(md.contains(&format!("| 募集资金净额 | {offering} |")));
    // The 对照表: the stated 12,500.00 (÷ 25,000.00 = 50.00%), the others' cumulative use a
    // gap each (the years since the funds arrived are not known without the offering).
    assert!(md.contains("| 虚构云平台升级项目（虚构） | 25,000.00 | 25,000.00 | 7,500.00 | 12,500.00 | 50.00 |"), "{md}");
    let second = "【待补充：募投项目“虚构研发中心建设项目（虚构）”截至2024年末累计投入的募集资金（funds.toml 的 projects[1].years.2024.cumulative）】";
    assert!(md.contains(&format!("| 虚构研发中心建设项目（虚构） | 12,000.00 | 12,000.00 | 3,345.40 | {second} | {second} |")), "{md}");
    assert!(md.contains(&format!("| 累计变更用途的募集资金总额 | {offering} |\n| 累计变更用途的募集资金总额比例 | {offering} |")), "{md}");
    assert!(!md.contains("实际募集资金金额为") && !md.contains("23,641.99"), "nothing made from the net proceeds: {md}");
    assert_eq!(draft.gaps.iter().filter(|g| g.key == "offering").count(), 1, "one gap, however many figures print it");

    // With the offering, every year since the funds arrived is there: the sum is printed,
    // and a stated figure beyond rounding of it is check's finding.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit("funds.toml", "used                = \"7,500.00万\"", "used                = \"7,500.00万\"\ncumulative          = \"13,000.00万\"");
    let md = fictional(&case).unwrap();
    assert!(md.contains("| 虚构云平台升级项目（虚构） | 25,000.00 | 25,000.00 | 7,500.00 | 12,500.00 | 50.00 |"), "{md}");
}

#[test]
fn the_tracking_report_asks_for_the_offering_it_opens_its_funds_section_with() {
    let case = CaseCopy::new();
    without_offering(&case);
    let loaded = case.load();
    let kind = document_kind("annual-tracking").unwrap();
    let Err(RenderError::Incomplete(missing)) = kind.render(&loaded, &case.dir, Period::Year(2023), &Templates::defaults(), &[]) else {
        panic!("a final tracking report without the offering")
    };
    assert!(missing.iter().any(|e| e.file.ends_with("funds.toml") && e.field.as_deref() == Some("offering")), "{missing:?}");
    let draft = kind.draft(&loaded, &case.dir, Period::Year(2023), &Templates::defaults(), &[]).unwrap().markdown;
    let offering = "【待补充：募集资金的发行情况（核准文件、发行股数与价格、发行费用、到账与验资）（funds.toml 的 offering）】";
    assert!(
        draft.contains(&format!("### （一）募集资金使用情况\n\n{offering}\n\n2023年度，公司募集资金使用情况为：直接投入募集资金项目2,273.24万元。")),
        "{draft}"
    );
    assert!(draft.contains(&format!("募集资金余额为{offering}万元（不含累计利息收入）")), "{draft}");
    assert!(!draft.contains("68,727.84") && !draft.contains("4,221.14"), "nothing made from the net proceeds: {draft}");
}
