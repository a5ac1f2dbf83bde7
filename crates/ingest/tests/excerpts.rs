//! The report's own sections as narrative drafts, on the real reports of
//! tests/fixtures/annual-reports: found by their headings, whatever the report's form;
//! the form's tick box left out. Headings and first words read by hand in the reports
//! (pdftotext -layout for the PDFs, the HTML source for the others).

use std::path::Path;

use dudao_ingest::{Excerpt, excerpts};

fn excerpted(name: &str) -> Vec<Excerpt> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/annual-reports").join(name);
    excerpts(&dudao_reader::read_file(&path).unwrap())
}

/// Each excerpt as (file it drafts, heading, page, its first `n` characters), `n` the
/// length of the words expected.
fn summary<'a>(excerpts: &'a [Excerpt], first: &[&str]) -> Vec<(&'a str, &'a str, Option<u32>, String)> {
    excerpts.iter().zip(first).map(|(e, words)| (e.stem, e.heading.as_str(), e.at.page, e.text.chars().take(words.chars().count()).collect())).collect()
}

#[test]
fn the_sections_of_the_pdf_reports_are_found_by_their_headings() {
    // 四方科技 2019: 核心竞争力 on page 9, 经营情况讨论与分析 on page 10, 可能面对的风险 on
    // page 19 (its first risk: 1、政策性风险).
    let sifang = excerpted("2020-04-16_四方科技_603339_2019年年度报告.pdf");
    assert_eq!(sifang.len(), 3);
    assert_eq!(
        summary(&sifang, &["1、政策性风险国家大力支持", "公司的核心竞争力主要体现在", "2019年全球经济放缓趋势"]),
        [
            ("risks", "(四)可能面对的风险", Some(19), "1、政策性风险国家大力支持".to_owned()),
            ("competitiveness", "三、报告期内核心竞争力分析", Some(9), "公司的核心竞争力主要体现在".to_owned()),
            ("financial_changes", "一、经营情况讨论与分析", Some(10), "2019年全球经济放缓趋势".to_owned()),
        ]
    );
    // 生物股份 2020: the same sections of the same form, other pages.
    let shengwu = excerpted("2021-04-23_生物股份_600201_2020年年度报告.pdf");
    let pages: Vec<(&str, Option<u32>)> = shengwu.iter().map(|e| (e.stem, e.at.page)).collect();
    assert_eq!(pages, [("risks", Some(30)), ("competitiveness", Some(10)), ("financial_changes", Some(11))]);
    assert!(shengwu[0].text.starts_with("1、疫情复发风险"));
    // No tick box of the form is the company's text.
    assert!(sifang.iter().chain(&shengwu).all(|e| !e.text.contains("√适用")));
}

#[test]
fn the_html_reports_give_what_their_headings_mark_and_the_others_nothing_false() {
    // The SZSE reports title the section 三、核心竞争力分析 (安靠智电 at source line 702,
    // 海翔药业 at 701); their risks are not under a heading of their own.
    let ankao = excerpted("2020-01-21_安靠智电_300617_2019年年度报告.html");
    assert_eq!(ankao.len(), 1);
    assert_eq!(summary(&ankao, &["公司是国家级高新技术企业，"]), [("competitiveness", "三、核心竞争力分析", None, "公司是国家级高新技术企业，".to_owned())]);
    assert_eq!(ankao[0].at.line, 702);
    let haixiang = excerpted("2020-01-23_海翔药业_002099_2019年年度报告.html");
    assert_eq!(haixiang.iter().map(|e| (e.stem, e.at.line)).collect::<Vec<_>>(), [("competitiveness", 701)]);
    // A bank's report and an excerpt without these sections: nothing.
    assert!(excerpted("2020-03-26_邮储银行_601658_2019年年度报告.txt").is_empty());
    assert!(excerpted("青岛港_601298_2019年年度报告_节选.jsonl.txt").is_empty());
}
