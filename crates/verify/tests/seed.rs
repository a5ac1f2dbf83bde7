//! `verify` on the seed (a real tracking report, as text extracted from its PDF): what it
//! finds as it stands, and each kind of claim caught at its line when one figure is planted
//! wrong in a copy. Line numbers are the seed's own, looked up in the file by hand.

use std::path::Path;

use dudao_model::{Finding, Severity};
use dudao_reader::{Form, read_str};

/// What verify finds in `text`, read as plain text.
fn verify(text: &str) -> Vec<Finding> {
    dudao_verify::verify(&read_str(text, Form::Text).unwrap(), "seed.txt").findings
}

fn line(f: &Finding) -> u32 {
    f.evidence[0].line
}

fn seed() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/qingcloud-2023-tracking-report.txt")).unwrap()
}

/// The seed with the one occurrence of `from` replaced by `to`.
fn planted(from: &str, to: &str) -> String {
    let text = seed();
    assert_eq!(text.matches(from).count(), 1, "{from:?} should occur once in the seed");
    text.replace(from, to)
}

fn errors(text: &str) -> Vec<Finding> {
    verify(text).into_iter().filter(|d| d.severity == Severity::Error).collect()
}

/// Exactly one new error, of `rule`, at `line`; returns its message.
fn caught(text: &str, rule: &str, line: u32) -> String {
    let seed_errors = errors(&seed());
    let new: Vec<Finding> = errors(text).into_iter().filter(|d| !seed_errors.contains(d)).collect();
    let hit = new.iter().find(|d| d.rule == rule).unwrap_or_else(|| panic!("{rule} not caught; new errors: {new:#?}"));
    assert_eq!(self::line(hit), line, "{hit:#?}");
    hit.message.clone()
}

#[test]
fn the_seed_as_published() {
    let found = verify(&seed());
    let errors: Vec<_> = found.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{found:#?}");
    // 25.02% against 2021's 31.81% is 6.79 points; 16.19 is the change against 2022.
    assert_eq!(errors[0].rule, "verify.prose-change");
    assert_eq!(line(errors[0]), 858);
    assert_eq!(
        errors[0].message,
        "研发投入占营业收入的比例较2021年度：25.02 − 31.81 = -6.79个百分点，文中为减少16.19个百分点（与2022年度相比方为此数，疑为年度写错）"
    );
    let infos: Vec<(&str, u32)> = found.iter().filter(|d| d.severity == Severity::Info).map(|d| (d.rule.as_str(), line(d))).collect();
    // The ledger's printed lines give 7.57 against 7.58; the accounts add to 7.5758 against 7.5757.
    assert_eq!(infos, [("verify.ledger", 930), ("verify.total-row", 953)]);
}

#[test]
fn correcting_the_year_clears_the_error() {
    assert!(errors(&planted("较 2021 年\n\n度减少 16.19", "较 2022 年\n\n度减少 16.19")).is_empty());
}

#[test]
fn table_change_in_percent() {
    let message = caught(&planted("304,971,021.01 10.07 423,834,209.20", "304,971,021.01 10.17 423,834,209.20"), "verify.table-change", 527);
    assert_eq!(message, "营业收入：(335,693,624.77 − 304,971,021.01) ÷ 304,971,021.01 × 100 = 10.07，文中为 10.17");
}

#[test]
fn table_change_in_percentage_points() {
    let message = caught(&planted("减少13.74", "减少13.84"), "verify.table-change", 581);
    assert!(message.contains("-66.85 − -53.11 = -13.74，应为减少13.74个百分点，文中为减少13.84个百分点"), "{message}");
}

#[test]
fn table_change_not_applicable_on_a_negative_base() {
    let message = caught(&planted("-244,235,848.10 不适用 -282,785,337.76", "-244,235,848.10 -30.37 -282,785,337.76"), "verify.table-change", 537);
    assert!(message.contains("应列示不适用"), "{message}");
}

#[test]
fn prose_change_in_percent() {
    let message = caught(&planted("增长了 10.07%", "增长了 10.17%"), "verify.prose-change", 417);
    assert!(message.contains("营业收入较2022年度：(335,693,624.77 − 304,971,021.01) ÷ 304,971,021.01 × 100 = 10.07%，文中为增长10.17%"), "{message}");
}

#[test]
fn prose_change_in_percentage_points() {
    caught(&planted("较上年同期减少 16.19 个百分点", "较上年同期减少 16.29 个百分点"), "verify.prose-change", 611);
}

#[test]
fn prose_change_of_an_amount() {
    let message = caught(&planted("7,416.34 万元", "7,416.43 万元"), "verify.prose-change", 419);
    assert!(message.contains("即增加7,416.34万元，文中为亏损减少7,416.43万元"), "{message}");
}

#[test]
fn the_same_figure_restated_in_another_unit() {
    let message = caught(&planted("17,948.11 万元，较上年同期减少", "17,948.21 万元，较上年同期减少"), "verify.restated", 607);
    assert_eq!(message, "归属于上市公司股东的净资产：表中2023年度为 179,481,073.74 元（第 556 行），即 17,948.11万元，文中为 17,948.21万元");
}

#[test]
fn a_ledger_to_its_closing_line() {
    let message = caught(&planted("募集资金专户余额 7.58", "募集资金专户余额 7.68"), "verify.ledger", 930);
    assert!(message.contains("1,259.68 + 21.13 − 2,273.24 + 1,000.00 = 7.57，文中为 7.68"), "{message}");
}

#[test]
fn a_totals_row() {
    let message = caught(&planted("合计 24 16 238 178", "合计 24 16 238 179"), "verify.total-row", 881);
    assert_eq!(message, "合计行第 4 列：19 + 0 + 27 + 122 + 10 = 178，文中为 179");
    caught(&planted("7.5757", "7.6757"), "verify.total-row", 953);
}

#[test]
fn parts_of_a_combined_percentage() {
    let message = caught(&planted("合计 24.80%", "合计 24.90%"), "verify.combined-percent", 1011);
    assert_eq!(message, "合计比例：14.04% + 4.60% + 2.30% + 3.86% = 24.80%，文中为 24.90%");
}

#[test]
fn shares_times_price() {
    let message = caught(&planted("1,039,400 元", "1,049,400 元"), "verify.product", 120);
    assert_eq!(message, "20,000股 × 51.97 元 = 1,039,400元，文中为 1,049,400元");
}

#[test]
fn gross_less_fees_is_net_proceeds() {
    caught(&planted("68,727.84 万元。", "68,737.84 万元。"), "verify.net-proceeds", 896);
}

#[test]
fn net_less_use_is_unused() {
    let message = caught(&planted("4,221.14 万元（不含", "4,231.14 万元（不含"), "verify.unused-funds", 908);
    assert_eq!(message, "募集资金余额：实际募集资金 68,727.84 − 累计使用 64,506.70 = 4,221.14万元，文中为 4,231.14万元");
}

#[test]
fn a_holding_against_the_total_the_others_imply() {
    let message = caught(&planted("为 14.04%、4.60%", "为 15.04%、4.60%"), "verify.share-of-total", 989);
    assert!(message.contains("6,709,835 股应占 14.0"), "{message}");
}

#[test]
fn quarters_against_the_year() {
    // 2023 revenue split by quarter (the first three add up to the nine months' 256,602,942.28).
    let table =
        "\n第一季度（1-3月份） 第二季度（4-6月份） 第三季度（7-9月份） 第四季度（10-12月份）\n营业收入 80,000,000.00 90,000,000.00 86,602,942.28 {q4}\n";
    let lines = seed().lines().count() as u32;
    let good = format!("{}{}", seed(), table.replace("{q4}", "79,090,682.49"));
    assert!(errors(&good).len() == 1, "only the seed's own error");
    let bad = format!("{}{}", seed(), table.replace("{q4}", "79,190,682.49"));
    let message = caught(&bad, "verify.quarterly", lines + 3);
    assert!(
        message.contains("四个季度合计 80,000,000.00 + 90,000,000.00 + 86,602,942.28 + 79,190,682.49 = 335,793,624.77，与全年 335,693,624.77 不符"),
        "{message}"
    );
}
