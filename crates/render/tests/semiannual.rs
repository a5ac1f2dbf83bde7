//! The half-year tracking report of the fictional example (虚构科技, every fact invented):
//! the period's words, the three-column tables (flows against the same half a year
//! before, balances against the prior year end), the first half's funds, and its due date
//! — every figure computed by hand from `examples/fictional`.

use dudao_model::Period;
use dudao_render::{Format, Templates, document_kind};

#[test]
fn the_half_year_report_compares_with_the_same_half_and_the_prior_year_end() {
    let dir = dudao_testkit::fictional_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let kind = document_kind("semiannual-tracking").unwrap();
    let period = Period::FirstHalf(2024);
    assert!(kind.missing(&case, &dir, period, &[]).unwrap().is_empty());
    let report = kind.render(&case, &dir, period, &Templates::defaults(), &[]).unwrap();
    let md = String::from_utf8(report.to_format(Format::Markdown, &Templates::defaults()).unwrap()).unwrap();
    assert!(md.starts_with("# 虚构证券股份有限公司（虚构）关于虚构科技股份有限公司（虚构）2024年半年度持续督导跟踪报告\n"), "{md}");
    assert!(md.contains("并出具本持续督导半年度跟踪报告。"));
    // Flows against 2023H1: 12,345.67 / 10,000.00 − 1 = 23.4567% → 23.46; 9.00 / 10.00 − 1
    // = −10.00; a negative base is 不适用.
    assert!(md.contains("| 主要会计数据 | 本报告期（1-6月） | 上年同期 | 本报告期比上年同期增减（%） |\n| --- | ---: | ---: | ---: |\n"));
    assert!(md.contains("| 营业收入 | 123,456,700.00 | 100,000,000.00 | 23.46 |\n"));
    assert!(md.contains("| 扣除与主营业务无关的业务收入和不具备商业实质的收入后的营业收入 | 123,000,000.00 | 99,500,000.00 | 23.62 |\n"));
    assert!(md.contains("| 归属于上市公司股东的扣除非经常性损益的净利润 | 9,000,000.00 | 10,000,000.00 | -10.00 |\n"));
    assert!(md.contains("| 经营活动产生的现金流量净额 | -5,000,000.00 | -4,000,000.00 | 不适用 |\n"));
    // Balances against the 2023 year end: 60,000 / 58,000 − 1 = 3.45%; 80,000 / 75,000 − 1 = 6.67%,
    // in a table of their own (as a sub-header row they stacked under the repeated header
    // where the table broke across pages).
    assert!(md.contains("| 不适用 |\n\n| 主要会计数据 | 本报告期末 | 上年度末 | 本报告期末比上年度末增减（%） |\n| --- | ---: | ---: | ---: |\n"));
    assert!(md.contains("| 归属于上市公司股东的净资产 | 600,000,000.00 | 580,000,000.00 | 3.45 |\n"));
    assert!(md.contains("| 总资产 | 800,000,000.00 | 750,000,000.00 | 6.67 |\n"));
    assert!(md.contains("| 加权平均净资产收益率（%） | 1.69 | 1.40 | 增加0.29个百分点 |\n"));
    // One controller: no 分别.
    assert!(md.contains("公司控股股东王五（虚构）直接持有公司3,000.00万股人民币普通股，持股比例为30.00%。"));
    // The narrative's template fields follow the period.
    assert!(md.contains("2024年半年度，公司营业收入为12,345.67万元，较上年同期增长23.46%"));
    // The first half's funds: 30,000.00 + 100.00 − 5,000.00 − 10,000.00 + 2,000.00 = 17,100.00
    // in the accounts at 30 June; 8,000.00 in cash management; 44,876.55 − 13,888.89 = 30,987.66.
    assert!(md.contains("2024年6月末公司累计使用募集资金13,888.89万元，募集资金余额为30,987.66万元"));
    assert!(md.contains("| 2024年6月30日募集资金专户余额 | 17,100.00 |\n"));
    assert!(md.contains("| 2024年6月30日募集资金现金管理余额 | 8,000.00 |\n"));
    assert!(md.contains("截至2024年6月30日止，募集资金存储情况如下"));
    // The IP table as the case records it (2 + 0 new applications, 12 + 8 in all), and the
    // sponsor's own accounts of work item 5 and section 四.
    assert!(md.contains("| 合计 | 2 | 0 | 20 | 13 |\n"), "{md}");
    assert!(md.contains("| 5 | 持续督导期间，上市公司或相关当事人出现违法违规"));
    assert!(md.contains("2024年1-6月，公司在持续督导期间未发生违法违规或违背承诺等事项。（虚构）"));
    assert!(md.contains("## 四、重大违规事项\n\n2024年1-6月，公司不存在重大违规事项。（虚构）"));
    assert!(md.contains("2024年半年度持续督导跟踪报告》之签章页）"));
}

#[test]
fn half_year_and_annual_documents_take_only_their_own_periods() {
    let dir = dudao_testkit::fictional_dir();
    let case = dudao_model::load_case(&dir).unwrap();
    let semiannual = document_kind("semiannual-tracking").unwrap();
    assert_eq!(semiannual.missing(&case, &dir, Period::Year(2024), &[]).unwrap_err(), "半年度持续督导跟踪报告按半年度出具：报告期应为半年度，如 2024H1");
    let missing = semiannual.missing(&case, &dir, Period::FirstHalf(2023), &[]).unwrap();
    let fields: Vec<&str> = missing.iter().filter_map(|e| e.field.as_deref()).collect();
    // 2023H1 has no IP recorded: a gap, listed with the rest.
    assert_eq!(fields, ["2022H1", "2022", "holdings", "2023H1.intellectual_property"], "{missing:?}");
    assert!(missing[0].message.contains("2023年半年度报告需要 [2023H1]、[2022H1] 与 [2022] 三个期间的表"));
    assert!(missing.iter().any(|e| e.file.ends_with("worklog/2023H1.toml")));
    let periods: Vec<Period> = semiannual.periods(&case, &dir, &[]).into_iter().map(|(p, _)| p).collect();
    assert_eq!(periods, [Period::FirstHalf(2024), Period::FirstHalf(2023)]);
}

#[test]
fn the_half_year_report_is_due_15_trading_days_after_the_semiannual_report() {
    let case = dudao_model::load_case(&dudao_testkit::fictional_dir()).unwrap();
    let on = dudao_model::Date::ymd(2024, 9, 30);
    let schedule = dudao_rules::schedule(&case, dudao_calendar::Calendar::embedded(), on).unwrap();
    let duty = schedule.duties.iter().find(|d| d.obligation.id == "semiannual-tracking-report" && d.subject == "2024年半年度").unwrap();
    // 2024-08-28 + 15 SSE trading days: Aug 29–30, Sep 2–6, 9–13, then the Mid-Autumn
    // closure of 16–17, then 18, 19, 20.
    assert!(matches!(duty.due, dudao_rules::Due::On(due) if due == dudao_model::Date::ymd(2024, 9, 20)));
}
