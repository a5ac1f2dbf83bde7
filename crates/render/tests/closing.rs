//! The closing report (保荐总结报告书) of the fictional example (虚构科技, every fact
//! invented): the supervision period computed from the STAR listing, the two tables, the
//! sponsor's account, and the funds' state at the end from the ledger; the real example
//! lacks the closing facts and is told which.

use dudao_model::Period;
use dudao_render::{Templates, document_kind};

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
    assert!(report.signature.statement.contains("首次公开发行股票并在科创板上市之保荐总结报告书》之签章页"));
    // The undertakings stay numbered in Word (an ordered list, not bullets).
    let docx = report.to_format(dudao_render::Format::Docx, &Templates::defaults()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap().by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    for marker in ["1. ", "2. ", "3. "] {
        assert!(xml.contains(&format!(">{marker}</w:t>")), "{marker}");
    }
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
