//! The closing report (保荐总结报告书) of the fictional example (虚构科技, every fact
//! invented): the supervision period computed from the STAR listing, the two tables, each
//! supervised year's work counted from the work logs, the sponsor's account, the funds'
//! state at the end from the ledger, and the signatures of the representatives and the
//! firm's legal representative; the real example lacks the closing facts and is told which.

use dudao_model::Period;
use dudao_render::{RenderError, Templates, document_kind};
use dudao_testkit::CaseCopy;

#[test]
fn the_closing_report_of_the_fictional_example() {
    let dir = dudao_testkit::fictional_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let kind = document_kind("closing-report").unwrap();
    assert_eq!(kind.periods(&case, &dir, &[]).into_iter().map(|(p, _)| p).collect::<Vec<_>>(), [Period::Year(2026)], "the year supervision ends");
    let report = kind.render(&case, &dir, Period::Year(2026), &Templates::defaults(), &[]).unwrap();
    let md = report.markdown.clone();
    assert!(md.starts_with("# 虚构证券股份有限公司（虚构）关于虚构科技股份有限公司（虚构）首次公开发行股票并在科创板上市之保荐总结报告书\n"), "{md}");
    // A STAR IPO listed 2023-06-20: the rest of 2023 and three full years.
    assert!(md.contains("持续督导期为2023年6月20日至2026年12月31日。截至2026年12月31日，持续督导期限届满。"));
    assert!(md.contains("| 法定代表人 | 钱七（虚构） |\n| 保荐代表人 | 张三、李四 |"));
    assert!(md.contains("| 联系电话 | 021-00000000（虚构） |\n| 是否更换保荐人或其他情况 | 否（虚构） |"));
    assert!(md.contains("| 注册资本 | 10,000.00万元 |"));
    assert!(md.contains("| 实际控制人 | 王五（虚构） |"));
    assert!(md.contains("| 本次证券上市时间 | 2023年6月20日 |\n| 本次证券上市地点 | 上海证券交易所 |"));
    // Net proceeds 44,876.55万元, all used by the end of 2026 (cumulative 44,876.55).
    assert!(md.contains("## 九、对上市公司募集资金使用审阅的结论性意见\n\n截至2026年12月31日，公司募集资金已使用完毕。"));
    for heading in
        ["## 一、保荐机构及保荐代表人承诺", "## 四、保荐工作概述", "## 八、对上市公司信息披露审阅的结论性意见", "## 十、中国证监会、证券交易所要求的其他事项"]
    {
        assert!(md.contains(heading), "{heading}");
    }
    // Section 四: every supervised year (2023 to 2026) from its work logs, counted by hand —
    // 2023: two publications and a training; 2024: the inspection (the half-year's log
    // records no dated work); 2025: one publication, two trainings; 2026: one training —
    // then the sponsor's own account.
    let overview = "## 四、保荐工作概述\n\n持续督导期间，保荐机构各年度开展的主要工作如下：\n\n\
        2023年度，保荐机构出具文件2份：《2023年度持续督导跟踪报告》（2024年4月26日）、《2023年度募集资金存放与使用情况专项核查报告》（2024年4月26日）；开展培训1次（2023年11月20日）。\n\n\
        2024年度，保荐机构进行现场检查1次：定期现场检查（2024年12月16日至2024年12月18日）。\n\n\
        2025年度，保荐机构出具文件1份：《2025年度持续督导跟踪报告》（2026年4月24日）；开展培训2次（2025年6月12日、2025年11月27日）。\n\n\
        2026年度，保荐机构开展培训1次（2026年11月18日）。\n\n\
        在尽职推荐阶段，保荐机构对公司进行了尽职调查";
    assert!(md.contains(overview), "{md}");
    assert!(report.signature.statement.contains("首次公开发行股票并在科创板上市之保荐总结报告书》之签章页"));
    // The representatives sign, then the firm's legal representative.
    let page = report.signature.markdown();
    assert!(page.contains("保荐代表人签字：\n\n＿＿＿＿＿＿＿＿　　　　＿＿＿＿＿＿＿＿\n\n张　三　　　　　　　　李　四\n\n保荐机构法定代表人签字：\n\n＿＿＿＿＿＿＿＿\n\n钱七（虚构）\n\n\n虚构证券股份有限公司（虚构）"), "{page}");
    let html = String::from_utf8(report.to_format(dudao_render::Format::Html, &Templates::defaults()).unwrap()).unwrap();
    assert!(
        html.contains("<p>保荐机构法定代表人签字：</p>\n<div class=\"signers\"><div class=\"signer\"><div class=\"line\"></div>钱七（虚构）</div></div>"),
        "{html}"
    );
    // The undertakings stay numbered in Word (an ordered list, not bullets).
    let docx = report.to_format(dudao_render::Format::Docx, &Templates::defaults()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap().by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    for marker in ["1. ", "2. ", "3. "] {
        assert!(xml.contains(&format!(">{marker}</w:t>")), "{marker}");
    }
    assert!(xml.contains(">保荐机构法定代表人签字：</w:t>") && xml.contains(">钱七（虚构）</w:t>"));
}

#[test]
fn other_documents_are_signed_by_the_representatives_alone() {
    let dir = dudao_testkit::fictional_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let report = document_kind("funds-opinion").unwrap().render(&case, &dir, Period::Year(2024), &Templates::defaults(), &[]).unwrap();
    assert!(report.signature.others.is_empty());
    assert!(!report.signature.markdown().contains("法定代表人"));
}

#[test]
fn reports_to_the_exchange_and_reviewed_disclosures_are_counted() {
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    // A report to the exchange in 2025, and the 2024 half-year report reviewed afterwards;
    // a violation found but not reported is no report.
    let log = case.dir.join("worklog/2025.toml");
    let text = std::fs::read_to_string(&log).unwrap()
        + "\n[[violations]]\nsummary = \"股东超比例减持（虚构）\"\nreported = 2025-03-04\n\n[[violations]]\nsummary = \"未报告事项（虚构）\"\n";
    std::fs::write(&log, text).unwrap();
    case.edit("events.toml", "year = 2024\n", "year = 2024\nreviewed = 2024-09-03\n");
    let md = document_kind("closing-report").unwrap().render(&case.load(), &case.dir, Period::Year(2026), &Templates::defaults(), &[]).unwrap().markdown;
    assert!(md.contains("2024年度，保荐机构进行现场检查1次：定期现场检查（2024年12月16日至2024年12月18日）；审阅公司信息披露文件1份。"), "{md}");
    assert!(md.contains("开展培训2次（2025年6月12日、2025年11月27日）；向证券交易所报告1次：2025年3月4日（股东超比例减持（虚构））。"), "{md}");
}

#[test]
fn what_the_closing_report_needs_is_asked_for_never_supplied() {
    // Without the sponsor's word on changes of sponsor, no 否 is printed.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit("company.toml", "changes = \"否（虚构）\"", "");
    let kind = document_kind("closing-report").unwrap();
    let missing = kind.missing(&case.load(), &case.dir, Period::Year(2026), &[]).unwrap();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].file.ends_with("company.toml") && missing[0].field.as_deref() == Some("sponsor.changes"), "{missing:?}");
    assert!(matches!(kind.render(&case.load(), &case.dir, Period::Year(2026), &Templates::defaults(), &[]), Err(RenderError::Incomplete(_))));
    // A supervised year without a work log is not a year without work.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    std::fs::remove_file(case.dir.join("worklog/2025.toml")).unwrap();
    let missing = kind.missing(&case.load(), &case.dir, Period::Year(2026), &[]).unwrap();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].file.ends_with("worklog/2025.toml") && missing[0].message.contains("缺少 2025 年度的持续督导工作记录"), "{missing:?}");
    // Nor is a year whose log records no work done.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    std::fs::write(case.dir.join("worklog/2026.toml"), "problems = []\n").unwrap();
    let missing = kind.missing(&case.load(), &case.dir, Period::Year(2026), &[]).unwrap();
    assert!(missing.len() == 1 && missing[0].file.ends_with("worklog/2026.toml") && missing[0].field.as_deref() == Some("publications"), "{missing:?}");
}

#[test]
fn the_real_example_is_told_what_the_closing_report_needs() {
    let dir = dudao_testkit::example_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let kind = document_kind("closing-report").unwrap();
    let missing = kind.missing(&case, &dir, Period::Year(2024), &[]).unwrap();
    let fields: Vec<&str> = missing.iter().filter_map(|e| e.field.as_deref()).collect();
    assert!(fields.contains(&"sponsor.registered_address") && fields.contains(&"company.registered_capital") && fields.contains(&"ledger.2024"), "{fields:?}");
    assert!(missing.iter().any(|e| e.message.contains("narrative/2024/closing_work.md（四、保荐工作概述）")));
    let early = kind.missing(&case, &dir, Period::Year(2023), &[]).unwrap();
    assert!(early[0].message.contains("本案卷的持续督导期至 2024-12-31，报告期应为 2024"), "{}", early[0].message);
}

#[test]
fn any_years_unconfirmed_draft_marks_the_closing_report_and_only_its_own_the_others() {
    // The closing report tells every supervised year's work; the 2024 opinion only its year.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    std::fs::write(case.dir.join("drafts.toml"), "[[draft]]\nfile = \"worklog/2024.toml\"\nfield = \"trainings\"\nbasis = \"测试\"\n").unwrap();
    let loaded = case.load();
    let closing = document_kind("closing-report").unwrap().render(&loaded, &case.dir, Period::Year(2026), &Templates::defaults(), &[]).unwrap();
    assert_eq!(closing.unconfirmed, ["worklog/2024.toml 的 trainings"]);
    let half = document_kind("semiannual-tracking").unwrap().render(&loaded, &case.dir, Period::FirstHalf(2024), &Templates::defaults(), &[]).unwrap();
    assert!(half.unconfirmed.is_empty() && half.draft_mark().is_none());
}
