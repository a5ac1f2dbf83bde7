//! Test vectors for every rule of the rulebook: each passes on the facts that meet it and
//! fails on the facts that break it, with dates on both sides of a holiday closure and of
//! each version's effective date where the rule counts days or changed. Every vector is the
//! example case with one deliberate change (`dudao_testkit::CaseCopy`).

use dudao_calendar::Calendar;
use dudao_model::{Date, Finding, Severity};
use dudao_rules::{Rulebook, check};
use dudao_testkit::CaseCopy;

/// The findings of `rule` on the edited copy, as of `on`.
fn judge(case: &CaseCopy, on: &str, rule: &str) -> Vec<Finding> {
    let findings = check(&case.load(), Calendar::embedded(), Date::parse(on).unwrap(), &Rulebook::shipped());
    for finding in &findings {
        assert!(!finding.message.contains('{'), "unfilled placeholder: {}", finding.message);
    }
    findings.into_iter().filter(|f| f.rule == rule).collect()
}

/// The rule finds nothing at `severity` or above.
fn passes(rule: &str, case: &CaseCopy, on: &str) {
    let found: Vec<_> = judge(case, on, rule).into_iter().filter(|f| f.severity > Severity::Info).collect();
    assert!(found.is_empty(), "{rule} should pass, found: {:#?}", found.iter().map(|f| &f.message).collect::<Vec<_>>());
}

/// The rule finds something at `severity`; returns the messages found at it, a line each.
fn fails(rule: &str, case: &CaseCopy, on: &str, severity: Severity) -> String {
    let found = judge(case, on, rule);
    let hits: Vec<&str> = found.iter().filter(|f| f.severity == severity).map(|f| f.message.as_str()).collect();
    assert!(!hits.is_empty(), "{rule} should find {severity:?}, found: {found:#?}");
    hits.join("\n")
}

fn citation(case: &CaseCopy, on: &str, rule: &str) -> String {
    judge(case, on, rule).first().and_then(|f| f.citation.as_ref().map(dudao_model::Citation::text)).unwrap_or_default()
}

const ON: &str = "2026-11-24";

/// A reduction plan of 苏州天翔 disclosed on `disclosed`, referenced by its 2023-02-07 sale.
fn tianxiang_plan(disclosed: &str) -> CaseCopy {
    let case = CaseCopy::new();
    case.edit("events.toml", "# plan = \"tianxiang-2023\"", "plan = \"tianxiang-2023\"");
    case.append(
        "events.toml",
        &format!(
            "[[reduction_plans]]\nid = \"tianxiang-2023\"\nholder = \"苏州工业园区蝴蝶天翔投资中心（有限合伙）\"\n\
             disclosed = {disclosed}\nwindow_start = 2023-02-01\nwindow_end = 2023-04-30\nresult_disclosed = 2023-05-04\n"
        ),
    );
    case
}

fn sale(holder: &str, date: &str, shares: u64, method: &str) -> String {
    format!(
        "[[share_sales]]\nid = \"s-{date}-{shares}\"\ndate = {date}\nholder = \"{holder}\"\nshares = {shares}\n\
         method = \"{method}\"\naverage_price = \"20.00\"\n"
    )
}

fn party(name: &str, roles: &str) -> String {
    format!("[[parties]]\nname = \"{name}\"\nroles = [{roles}]\n")
}

// ---- commitments -------------------------------------------------------------------

#[test]
fn commitment_breach() {
    // The seed: 20,000 shares sold on 2023-02-07 with no plan disclosed.
    let message = fails("commitment.breach", &CaseCopy::new(), ON, Severity::Error);
    assert!(message.contains("未提前 15 个交易日披露减持计划（最迟应于 2023-01-10 披露）"), "{message}");
    // 15 trading days back from 2023-02-07 cross the Spring Festival closure (01-23 … 01-27):
    // a plan on 01-10 is in time, one on 01-11 is not.
    passes("commitment.breach", &tianxiang_plan("2023-01-10"), ON);
    let late = fails("commitment.breach", &tianxiang_plan("2023-01-11"), ON, Severity::Error);
    assert!(late.contains("减持计划于 2023-01-11 才披露，晚于应披露的 2023-01-10"), "{late}");
}

#[test]
fn a_finding_cites_the_rules_of_the_companys_exchange_and_year() {
    // The seed's breach, by an STAR company in 2023: the SSE's guideline of 2022, as verified.
    assert!(citation(&CaseCopy::new(), ON, "commitment.breach").starts_with("《上海证券交易所上市公司自律监管指引第 11 号——持续督导》持续督导工作第 5 项"));
    // The same sale by a ChiNext company's holder: the SZSE's guideline No. 13.
    let chinext = on_board("chinext", 2023);
    assert_eq!(
        citation(&chinext, ON, "commitment.breach"),
        "《深圳证券交易所上市公司自律监管指引第 13 号——保荐业务》（持续关注承诺履行情况，违背承诺事项及时报告；条号待核实）（未找到原文，待核实）"
    );
    // The sale moved to 2021, before the guidelines of 2022: the SSE's guideline of 2009.
    let earlier = CaseCopy::new();
    earlier.edit("events.toml", "date = 2023-02-07", "date = 2021-09-07");
    let cited = citation(&earlier, ON, "commitment.breach");
    assert!(cited.starts_with("《上海证券交易所上市公司持续督导工作指引》") && !cited.contains("第 11 号"), "{cited}");
}

#[test]
fn worklog_contradicts_finding() {
    // The seed's work log says 不存在未履行承诺的情况 (item 12) and 未发生违法违规或违背承诺等事项
    // (item 5) in the year of 苏州天翔's breach: both are reported, the sponsor's words quoted.
    let message = fails("worklog.contradicts-finding", &CaseCopy::new(), ON, Severity::Warning);
    assert!(message.starts_with("worklog/2023.toml 第 5 项写明“2023 年度，公司在持续督导期间未发生违法违规或违背承诺等事项”"), "{message}");
    // With the plan disclosed in time there is no breach, and nothing to contradict.
    passes("worklog.contradicts-finding", &tianxiang_plan("2023-01-10"), ON);
}

#[test]
fn commitment_overdue() {
    let action = |fulfilled: &str| {
        let case = CaseCopy::new();
        case.append(
            "commitments.toml",
            &format!(
                "[[commitments]]\nid = \"fix\"\nby = \"黄允松\"\ndocument = \"招股说明书\"\ncontent = \"规范关联交易\"\n\
                 terms = {{ kind = \"action\", due = 2023-06-30{fulfilled} }}\n"
            ),
        );
        case
    };
    passes("commitment.overdue", &action(""), "2023-06-30");
    let message = fails("commitment.overdue", &action(""), "2023-07-01", Severity::Error);
    assert!(message.contains("截至 2023-07-01 尚未履行"), "{message}");
    passes("commitment.overdue", &action(", fulfilled = 2023-06-30"), ON);
    fails("commitment.overdue", &action(", fulfilled = 2023-07-03"), ON, Severity::Error);
}

#[test]
fn commitment_status() {
    let breached = fails("commitment.status", &CaseCopy::new(), ON, Severity::Info);
    assert!(breached.ends_with("已违反（2023-02-07，共 1 次）"), "{breached}");
    let kept = fails("commitment.status", &tianxiang_plan("2023-01-10"), ON, Severity::Info);
    assert!(kept.ends_with("履行中（长期有效）"), "{kept}");
    passes("commitment.status", &CaseCopy::new(), ON);
}

// ---- share reduction ----------------------------------------------------------------

#[test]
fn reduction_pre_disclosure() {
    // 苏州天翔 holds under 5%: the rule (unlike its own commitment) does not bind it.
    passes("reduction.pre-disclosure", &CaseCopy::new(), ON);
    let major = || {
        let case = CaseCopy::new();
        case.edit("shareholders.toml", "roles = [\"pre_ipo_holder\"]      #", "roles = [\"major_shareholder\"]      #");
        case
    };
    let message = fails("reduction.pre-disclosure", &major(), ON, Severity::Error);
    assert!(message.contains("未在首次卖出前 15 个交易日披露减持计划（最迟应于 2023-01-10 披露；未见已披露的减持计划）"), "{message}");
    // Either side of the Spring Festival count.
    let in_time = tianxiang_plan("2023-01-10");
    in_time.edit("shareholders.toml", "roles = [\"pre_ipo_holder\"]      #", "roles = [\"major_shareholder\"]      #");
    passes("reduction.pre-disclosure", &in_time, ON);
    let late = tianxiang_plan("2023-01-11");
    late.edit("shareholders.toml", "roles = [\"pre_ipo_holder\"]      #", "roles = [\"major_shareholder\"]      #");
    fails("reduction.pre-disclosure", &late, ON, Severity::Error);
    // Block trades need a plan only from 2024-05-24.
    let block = |date: &str| {
        let case = major();
        case.append("events.toml", &sale("苏州工业园区蝴蝶天翔投资中心（有限合伙）", date, 10000, "block_trade"));
        case
    };
    let before: Vec<_> = judge(&block("2024-05-23"), ON, "reduction.pre-disclosure").into_iter().filter(|f| f.message.contains("大宗交易")).collect();
    assert!(before.is_empty(), "{before:#?}");
    let after = fails("reduction.pre-disclosure", &block("2024-05-24"), ON, Severity::Error);
    assert!(judge(&block("2024-05-24"), ON, "reduction.pre-disclosure").iter().any(|f| f.message.contains("以大宗交易减持")), "{after}");
    assert!(citation(&block("2024-05-24"), ON, "reduction.pre-disclosure").contains("《上市公司股东、董监高减持股份的若干规定》第八条"));
}

#[test]
fn reduction_rolling_cap() {
    // 1% of 47,462,175 shares is 474,621.75: two sales of 300,000 and 200,000 by a major
    // shareholder count together when within 90 days (the sale day and the 89 before it).
    let case = |first: &str| {
        let case = CaseCopy::new();
        case.append("events.toml", &sale("黄允松", first, 300000, "centralized_bidding"));
        case.append("events.toml", &sale("黄允松", "2023-02-06", 200000, "centralized_bidding"));
        case
    };
    let message = fails("reduction.rolling-cap", &case("2022-11-09"), ON, Severity::Error);
    assert!(
        message.contains("黄允松及其一致行动人（甘泉、林源） 截至 2023-02-06 的 90 日内以集中竞价减持合计 500,000 股，占总股本 1.0535%，超过 1% 的上限"),
        "{message}"
    );
    passes("reduction.rolling-cap", &case("2022-11-08"), ON);
}

#[test]
fn reduction_rolling_cap_counts_those_acting_in_concert_together() {
    // The same 300,000 + 200,000 shares, sold by two controllers bound by the 2019-07-15
    // concert agreement: one cap between them (减持办法 第二十条). Without the agreement
    // each stays under 1% on their own.
    let case = |agreement: bool| {
        let case = CaseCopy::new();
        if !agreement {
            case.edit("shareholders.toml", "concert_agreement = { title = \"《一致行动协议》\", signed = 2019-07-15 }\n", "");
        }
        case.append("events.toml", &sale("黄允松", "2022-12-01", 300000, "centralized_bidding"));
        case.append("events.toml", &sale("甘泉", "2023-02-06", 200000, "centralized_bidding"));
        case
    };
    let message = fails("reduction.rolling-cap", &case(true), ON, Severity::Error);
    assert!(message.contains("甘泉及其一致行动人（黄允松、林源） 截至 2023-02-06 的 90 日内以集中竞价减持合计 500,000 股，占总股本 1.0535%"), "{message}");
    passes("reduction.rolling-cap", &case(false), ON);
}

#[test]
fn reduction_plan_window() {
    let plan = |disclosed: &str, start: &str, end: &str| {
        let case = CaseCopy::new();
        case.append(
            "events.toml",
            &format!(
                "[[reduction_plans]]\nid = \"p\"\nholder = \"黄允松\"\ndisclosed = {disclosed}\nwindow_start = {start}\n\
                 window_end = {end}\nresult_disclosed = 2025-01-10\n"
            ),
        );
        case
    };
    // Before 2024-05-24 a window could run six months (the three-month cap is new in 2024).
    passes("reduction.plan-window", &plan("2023-02-08", "2023-03-01", "2023-08-31"), ON);
    fails("reduction.plan-window", &plan("2023-02-08", "2023-03-01", "2023-09-01"), ON, Severity::Error);
    // From 2024-05-24: three months.
    passes("reduction.plan-window", &plan("2024-06-07", "2024-07-01", "2024-09-30"), ON);
    fails("reduction.plan-window", &plan("2024-06-07", "2024-07-01", "2024-10-01"), ON, Severity::Error);
}

#[test]
fn reduction_completion_report() {
    let plan = |end: &str, reported: &str| {
        let case = CaseCopy::new();
        case.append(
            "events.toml",
            &format!(
                "[[reduction_plans]]\nid = \"p\"\nholder = \"黄允松\"\ndisclosed = 2022-12-01\nwindow_start = 2022-12-20\n\
                 window_end = {end}\nresult_disclosed = {reported}\n"
            ),
        );
        case
    };
    // A window ending Wed 2023-05-31: 06-01, 06-02.
    passes("reduction.completion-report", &plan("2023-05-31", "2023-06-02"), ON);
    fails("reduction.completion-report", &plan("2023-05-31", "2023-06-05"), ON, Severity::Error);
    // A window ending Fri 2023-01-20, before the Spring Festival closure: 01-30, 01-31.
    passes("reduction.completion-report", &plan("2023-01-20", "2023-01-31"), ON);
    let message = fails("reduction.completion-report", &plan("2023-01-20", "2023-02-01"), ON, Severity::Error);
    assert!(message.contains("应于 2023-01-31（2 个交易日内）前披露实施结果，实际于 2023-02-01 披露，逾期"), "{message}");
}

// ---- STAR lock-ups --------------------------------------------------------------------

#[test]
fn lockup_star_controller() {
    // Listed 2021-03-16: controllers' pre-IPO shares locked until 2024-03-16.
    let sold_on = |date: &str| {
        let case = CaseCopy::new();
        case.append("events.toml", &sale("黄允松", date, 1000, "centralized_bidding"));
        case
    };
    let message = fails("lockup.star-controller", &sold_on("2024-03-15"), ON, Severity::Error);
    assert!(message.contains("早于上市后 36 个月的限售期届满日 2024-03-16"), "{message}");
    passes("lockup.star-controller", &sold_on("2024-03-18"), ON);
}

#[test]
fn lockup_star_core_technical() {
    let case = |date: &str, shares: u64| {
        let case = CaseCopy::new();
        case.append("shareholders.toml", "[[parties]]\nname = \"张三\"\nroles = [\"core_technical_staff\"]\npre_ipo_shares = 100000\n");
        case.append("events.toml", &sale("张三", date, shares, "centralized_bidding"));
        case
    };
    fails("lockup.star-core-technical", &case("2022-03-15", 1000), ON, Severity::Error);
    passes("lockup.star-core-technical", &case("2022-03-16", 25000), ON);
    let message = fails("lockup.star-core-technical", &case("2022-03-16", 25001), ON, Severity::Error);
    assert!(message.contains("累计减持 25,001 股，超过上市时所持首发前股份 100,000 股的 25% × 1 年（25,000 股）"), "{message}");
}

#[test]
fn lockup_star_unprofitable() {
    // Not profitable at listing (2021): directors may not reduce through 2024.
    let case = |date: &str| {
        let case = CaseCopy::new();
        case.append("shareholders.toml", &party("李四", "\"director\""));
        case.append("events.toml", &sale("李四", date, 1000, "centralized_bidding"));
        case
    };
    let message = fails("lockup.star-unprofitable", &case("2024-12-31"), ON, Severity::Error);
    assert!(message.contains("上市后 3 个完整会计年度内（至 2024-12-31）不得减持"), "{message}");
    passes("lockup.star-unprofitable", &case("2025-01-02"), ON);
    let profitable = case("2024-12-31");
    profitable.edit("company.toml", "profitable_at_listing = false", "profitable_at_listing = false\nfirst_profitable_year = 2023");
    passes("lockup.star-unprofitable", &profitable, ON);
}

// ---- insiders -------------------------------------------------------------------------

#[test]
fn insider_window() {
    let case = |report: &str, kind: &str, trade: &str| {
        let case = CaseCopy::new();
        case.append("events.toml", &format!("[[announcements]]\nid = \"r\"\ndate = {report}\ntitle = \"《报告》\"\nkind = \"{kind}\"\nyear = 2024\n"));
        case.append("events.toml", &sale("沈鸥", trade, 1000, "centralized_bidding"));
        case
    };
    // Before 2024-05-24: 30 days before a periodic report (2024-03-30 is 26 days before 04-25).
    let message = fails("insider.window", &case("2024-04-25", "annual_report", "2024-03-30"), ON, Severity::Error);
    assert!(message.contains("处于年度报告（2024-04-25 披露）前 30 日的窗口期内"), "{message}");
    // From 2024-05-24: 15 days (2024-07-25 is 26 days before 08-20; 08-05 is 15 days before).
    passes("insider.window", &case("2024-08-20", "semiannual_report", "2024-07-25"), ON);
    fails("insider.window", &case("2024-08-20", "semiannual_report", "2024-08-05"), ON, Severity::Error);
    passes("insider.window", &case("2024-08-20", "semiannual_report", "2024-08-04"), ON);
    passes("insider.window", &case("2024-08-20", "semiannual_report", "2024-08-20"), ON);
    // Quarterly reports: 30 days before the 2022 revision (they were 定期报告), 10 days
    // from 2022-01-07, 5 from 2024-05-24.
    fails("insider.window", &case("2021-10-28", "quarterly_report", "2021-10-10"), ON, Severity::Error);
    passes("insider.window", &case("2022-10-28", "quarterly_report", "2022-10-10"), ON);
    fails("insider.window", &case("2022-10-28", "quarterly_report", "2022-10-20"), ON, Severity::Error);
    fails("insider.window", &case("2024-04-20", "quarterly_report", "2024-04-12"), ON, Severity::Error);
    passes("insider.window", &case("2024-10-30", "quarterly_report", "2024-10-22"), ON);
}

#[test]
fn the_2025_guidelines_no_longer_bind_supervisors() {
    // 沈鸥 made a supervisor: a trade 10 days before a half-year report is in the window in
    // 2024 (董监高规则 2024), not in 2025 (指引第8号 2025 names directors and executives).
    let case = |report: &str, trade: &str| {
        let case = CaseCopy::new();
        case.edit("shareholders.toml", "name = \"沈鸥\"\nroles = [\"executive\"]", "name = \"沈鸥\"\nroles = [\"supervisor\"]");
        let year = &report[..4];
        case.append(
            "events.toml",
            &format!("[[announcements]]\nid = \"r\"\ndate = {report}\ntitle = \"《半年度报告》\"\nkind = \"semiannual_report\"\nyear = {year}\n"),
        );
        case.append("events.toml", &sale("沈鸥", trade, 1000, "centralized_bidding"));
        case
    };
    fails("insider.window", &case("2024-08-20", "2024-08-10"), ON, Severity::Error);
    passes("insider.window", &case("2025-08-20", "2025-08-10"), ON);
    // A 2025 sale is cited by the 2025 guideline.
    let plan = CaseCopy::new();
    plan.append("events.toml", &sale("黄允松", "2025-06-10", 1000, "centralized_bidding"));
    let cited = citation(&plan, ON, "reduction.pre-disclosure");
    assert!(cited.contains("指引第15号——股东及董事、高级管理人员减持股份（2025年修订）》第十条（2025-03-28 起适用版本，已核对原文）"), "{cited}");
}

#[test]
fn insider_window_counts_a_postponed_report_from_its_booked_date_from_2025() {
    // A half-year report booked for `scheduled`, published on `published`. From 2025-04-25
    // (SSE 指引第8号) the window opens 15 days before the booked date: booked 2025-08-15
    // opens it on 07-31, so a trade on 08-05 is inside; counted from publication
    // (2025-08-29) it would open on 08-14.
    let case = |published: &str, scheduled: Option<&str>, trade: &str| {
        let case = CaseCopy::new();
        let booked = scheduled.map(|d| format!("scheduled = {d}\n")).unwrap_or_default();
        let year = &published[..4];
        case.append(
            "events.toml",
            &format!("[[announcements]]\nid = \"r\"\ndate = {published}\ntitle = \"《半年度报告》\"\nkind = \"semiannual_report\"\nyear = {year}\n{booked}"),
        );
        case.append("events.toml", &sale("沈鸥", trade, 1000, "centralized_bidding"));
        case
    };
    let message = fails("insider.window", &case("2025-08-29", Some("2025-08-15"), "2025-08-05"), ON, Severity::Error);
    assert!(message.contains("处于半年度报告（2025-08-29 披露）前 15 日的窗口期内"), "{message}");
    passes("insider.window", &case("2025-08-29", Some("2025-08-15"), "2025-07-30"), ON);
    passes("insider.window", &case("2025-08-29", None, "2025-08-05"), ON);
    // Before 2025-04-25 the window counts from publication only.
    passes("insider.window", &case("2024-08-28", Some("2024-08-10"), "2024-08-05"), ON);
    assert!(citation(&case("2025-08-29", Some("2025-08-15"), "2025-08-05"), ON, "insider.window").contains("指引第8号——股份变动管理（2025年修订）》第九条"));
}

#[test]
fn insider_short_swing() {
    let case = |sell: &str| {
        let case = CaseCopy::new();
        case.append("events.toml", "[[share_purchases]]\ndate = 2023-07-03\nholder = \"沈鸥\"\nshares = 2000\n");
        case.append("events.toml", &sale("沈鸥", sell, 2000, "centralized_bidding"));
        case
    };
    let message = fails("insider.short-swing", &case("2024-01-02"), ON, Severity::Error);
    assert!(message.contains("于 2023-07-03 买入 2,000 股后，于 2024-01-02 卖出 2,000 股，间隔不足 6 个月"), "{message}");
    passes("insider.short-swing", &case("2024-01-03"), ON);
    assert!(citation(&case("2024-01-02"), ON, "insider.short-swing").contains("《证券法》（2019 年修订）第四十四条"));
    // Two purchases within six months before a sale: one finding for the sale, naming the
    // later purchase (2023-09-01); a second sale reverses that purchase again (2024-01-05 is
    // within 6 months of 2023-09-01), one finding more.
    let repeated = case("2024-01-02");
    repeated.append("events.toml", "[[share_purchases]]\ndate = 2023-09-01\nholder = \"沈鸥\"\nshares = 500\n");
    repeated.append("events.toml", &sale("沈鸥", "2024-01-05", 300, "centralized_bidding"));
    let findings: Vec<String> = judge(&repeated, ON, "insider.short-swing").into_iter().map(|f| f.message).collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(findings[0].contains("于 2023-09-01 买入 500 股后，于 2024-01-02 卖出 2,000 股"), "{findings:?}");
    assert!(findings[1].contains("于 2023-09-01 买入 500 股后，于 2024-01-05 卖出 300 股"), "{findings:?}");
}

#[test]
fn insider_yearly_cap() {
    // 沈鸥 held 15,675 shares at the end of 2023: 25% is 3,918.
    let case = |date: &str, shares: u64| {
        let case = CaseCopy::new();
        case.append("shareholders.toml", "[[insiders]]\nname = \"沈鸥\"\nrole = \"副经理\"\nyear = 2024\nopening_shares = 15675\nclosing_shares = 11757\n");
        case.append("events.toml", &sale("沈鸥", date, shares, "centralized_bidding"));
        case
    };
    passes("insider.yearly-cap", &case("2024-09-02", 3918), ON);
    let message = fails("insider.yearly-cap", &case("2024-09-02", 3919), ON, Severity::Error);
    assert!(message.contains("2024 年减持 3,919 股，超过上年末持股 15,675 股的 25%（3,918 股）"), "{message}");
    // The Company Law article changes on 2024-07-01.
    assert!(citation(&case("2024-06-28", 3919), ON, "insider.yearly-cap").contains("（2018 年修正）第一百四十一条"));
    assert!(citation(&case("2024-07-01", 3919), ON, "insider.yearly-cap").contains("（2023 年修订）第一百六十条"));
    // A holding of at most 1,000 shares may be sold whole.
    let small = CaseCopy::new();
    small.append("shareholders.toml", "[[insiders]]\nname = \"沈鸥\"\nrole = \"副经理\"\nyear = 2024\nopening_shares = 1000\nclosing_shares = 0\n");
    small.append("events.toml", &sale("沈鸥", "2024-09-02", 1000, "centralized_bidding"));
    passes("insider.yearly-cap", &small, ON);
}

// ---- delisting ------------------------------------------------------------------------

#[test]
fn delisting_star() {
    let note = fails("delisting.star", &CaseCopy::new(), ON, Severity::Info);
    assert!(note.lines().any(|l| l.starts_with("2023 年度未触及财务类退市风险警示情形")), "{note}");
    passes("delisting.star", &CaseCopy::new(), ON);
    let revenue = |amount: &str| {
        let case = CaseCopy::new();
        case.edit("financials.toml", "revenue_after_deductions = \"335,316,266.28\"", &format!("revenue_after_deductions = \"{amount}\""));
        case
    };
    let message = fails("delisting.star", &revenue("99,999,999.99"), ON, Severity::Error);
    assert!(message.lines().any(|l| l.starts_with("2023 年度触及财务类退市风险警示情形")), "{message}");
    passes("delisting.star", &revenue("100,000,000.00"), ON);
    let negative = CaseCopy::new();
    negative.edit("financials.toml", "net_assets               = \"179,481,073.74\"", "net_assets               = \"-1.00\"");
    fails("delisting.star", &negative, ON, Severity::Error);
}

#[test]
fn delisting_star_spares_a_research_based_company_its_first_three_full_years() {
    // Listed 2021-03-16: the first full fiscal year is 2022, so under standard five the test
    // applies from 2025 (第 4 个完整会计年度); FY2023 is its second full year.
    let case = |standard: u8| {
        let case = CaseCopy::new();
        case.edit("company.toml", "board = \"star\" ", &format!("star_listing_standard = {standard}\nboard = \"star\" "));
        case.edit("financials.toml", "revenue_after_deductions = \"335,316,266.28\"", "revenue_after_deductions = \"99,999,999.99\"");
        case
    };
    fails("delisting.star", &case(1), ON, Severity::Error);
    passes("delisting.star", &case(5), ON);
    let note = fails("delisting.star", &case(5), ON, Severity::Info);
    assert!(note.contains("2023 年度不适用财务类退市风险警示指标（第 12.4.2 条（2020 年 12 月修订））：公司按第 2.1.2 条第五项标准上市（研发型上市公司），自上市之日起第 4 个完整会计年度（2025 年度）起适用"), "{note}");
    let refused = CaseCopy::new();
    refused.edit("company.toml", "board = \"star\" ", "star_listing_standard = 6\nboard = \"star\" ");
    let error = dudao_model::load_case(&refused.dir).err().unwrap().to_string();
    assert!(error.ends_with("字段 company.star_listing_standard：科创板上市标准应为 1 到 5（科创板上市规则第 2.1.2 条第一至五项），此处为 6"), "{error}");
}

/// The example's 2023 figures again as `year`, on `board`, with revenue after deductions
/// of 2亿元 and a loss.
fn on_board(board: &str, year: i16) -> CaseCopy {
    let case = CaseCopy::new();
    case.edit("company.toml", "board = \"star\" ", &format!("board = \"{board}\" "));
    // The example's work logs answer the SSE's 16 duties; an SZSE company's answer the
    // SZSE's table, so they go.
    if board == "chinext" || board == "szse_main" {
        std::fs::remove_dir_all(case.dir.join("worklog")).unwrap();
    }
    case.edit("financials.toml", "revenue_after_deductions = \"335,316,266.28\"", "revenue_after_deductions = \"200,000,000.00\"");
    if year != 2023 {
        case.edit("financials.toml", "[2023]", &format!("[{year}]"));
        case.append("company.toml", "[supervision]\nend = 2025-12-31\n");
    }
    case
}

#[test]
fn delisting_main_board() {
    // 2亿元 of revenue is above the old 1亿元 line and below the 2024 3亿元 line.
    passes("delisting.main-board", &on_board("sse_main", 2023), ON);
    let message = fails("delisting.main-board", &on_board("sse_main", 2024), ON, Severity::Error);
    assert!(message.contains("低于 30,000.00 万元"), "{message}");
    passes("delisting.main-board", &on_board("star", 2024), ON);
}

#[test]
fn delisting_chinext() {
    passes("delisting.chinext", &on_board("chinext", 2024), ON);
    let case = on_board("chinext", 2024);
    case.edit("financials.toml", "revenue_after_deductions = \"200,000,000.00\"", "revenue_after_deductions = \"90,000,000.00\"");
    let message = fails("delisting.chinext", &case, ON, Severity::Error);
    assert!(message.contains("利润总额"), "the 2024 version names three measures: {message}");
}

#[test]
fn delisting_net_assets_cover() {
    // FY2023: net assets 17,948.11 万元 against a loss of 17,007.24 万元: 1.06 years.
    let message = fails("delisting.net-assets-cover", &CaseCopy::new(), ON, Severity::Warning);
    assert!(message.contains("2023 年度亏损 17,007.24 万元，年末归属于上市公司股东的净资产 17,948.11 万元，仅可覆盖约 1.06 年同等亏损"), "{message}");
    // Two years of cover and more pass: 2 × 17,007.24 = 34,014.48 万元 (and 2022 covers
    // 1.35 years, so it is raised too).
    let case = CaseCopy::new();
    case.edit("financials.toml", "net_assets               = \"179,481,073.74\"", "net_assets               = \"340,144,865.96\"");
    case.edit("financials.toml", "net_assets               = \"329,370,890.38\"", "net_assets               = \"488,471,696.20\"");
    passes("delisting.net-assets-cover", &case, ON);
    let short = CaseCopy::new();
    short.edit("financials.toml", "net_assets               = \"179,481,073.74\"", "net_assets               = \"340,144,865.95\"");
    short.edit("financials.toml", "net_assets               = \"329,370,890.38\"", "net_assets               = \"488,471,696.20\"");
    fails("delisting.net-assets-cover", &short, ON, Severity::Warning);
}

// ---- raised funds -----------------------------------------------------------------------

fn funds_edit(from: &str, to: &str) -> CaseCopy {
    let case = CaseCopy::new();
    case.edit("funds.toml", from, to);
    case
}

#[test]
fn funds_gross_proceeds() {
    passes("funds.gross-proceeds", &CaseCopy::new(), ON);
    fails("funds.gross-proceeds", &funds_edit("\"76,440.00万\"", "\"76,440.01万\""), ON, Severity::Error);
}

#[test]
fn funds_net_proceeds() {
    passes("funds.net-proceeds", &CaseCopy::new(), ON);
    // 0.01 万元 off: within the rounding of the stated net and the stated fees.
    fails("funds.net-proceeds", &funds_edit("\"68,727.84万\"", "\"68,727.85万\""), ON, Severity::Info);
    fails("funds.net-proceeds", &funds_edit("\"68,727.84万\"", "\"68,727.86万\""), ON, Severity::Error);
}

#[test]
fn funds_unused() {
    passes("funds.unused", &CaseCopy::new(), ON);
    fails("funds.unused", &funds_edit("\"4,221.14万\"", "\"4,221.15万\""), ON, Severity::Info);
    fails("funds.unused", &funds_edit("\"4,221.14万\"", "\"4,221.16万\""), ON, Severity::Error);
}

#[test]
fn funds_project_cumulative() {
    // The fictional example's first project: 5,000.00 (2023, the year the funds arrived) +
    // 7,500.00 (2024) = 12,500.00 万元, each term known to ±50 元.
    let stating = |cumulative: &str| {
        let case = CaseCopy::of(&dudao_testkit::fictional_dir());
        case.edit(
            "funds.toml",
            "used                = \"7,500.00万\"",
            &format!("used                = \"7,500.00万\"\ncumulative          = \"{cumulative}\""),
        );
        case
    };
    passes("funds.project-cumulative", &CaseCopy::of(&dudao_testkit::fictional_dir()), ON);
    passes("funds.project-cumulative", &stating("12,500.00万"), ON);
    // 100 元 off: more than the stated figure's ±50, within the terms' ±100 more.
    fails("funds.project-cumulative", &stating("12,500.01万"), ON, Severity::Info);
    let message = fails("funds.project-cumulative", &stating("13,000.00万"), ON, Severity::Error);
    assert!(
        message.contains(
            "募投项目“虚构云平台升级项目（虚构）”截至 2024 年末累计投入金额：按募集资金到账以来各年度投入相加为 12,500.00万元，案卷陈述为 13,000.00万元"
        ),
        "{message}"
    );
    // Without the year the funds arrived in, the stated figure is the case's only one: nothing to compare.
    let partial = stating("13,000.00万");
    partial.edit("funds.toml", "[projects.years.2023]\nused = \"5,000.00万\"\n", "");
    passes("funds.project-cumulative", &partial, ON);
}

#[test]
fn funds_accounts_total() {
    // The seed's 7.5757 against rows adding to 7.5758: rounding.
    let note = fails("funds.accounts-total", &CaseCopy::new(), ON, Severity::Info);
    assert!(note.contains("按各专户余额相加为 7.5758万元，案卷陈述为 7.5757万元"), "{note}");
    passes("funds.accounts-total", &funds_edit("\"7.5757万\"", "\"7.5758万\""), ON);
    fails("funds.accounts-total", &funds_edit("\"7.5757万\"", "\"7.6000万\""), ON, Severity::Error);
}

#[test]
fn funds_ledger_reconciles() {
    // The seed's lines give 7.57 against accounts of 7.5758: rounding, a note only.
    fails("funds.ledger-reconciles", &CaseCopy::new(), ON, Severity::Info);
    passes("funds.ledger-reconciles", &CaseCopy::new(), ON);
    fails("funds.ledger-reconciles", &funds_edit("\"21.13万\"", "\"22.13万\""), ON, Severity::Error);
}

#[test]
fn funds_closing_balance() {
    passes("funds.closing-balance", &CaseCopy::new(), ON);
    fails("funds.closing-balance", &funds_edit("\"7.58万\"", "\"7.68万\""), ON, Severity::Error);
}

#[test]
fn funds_closing_cash_management() {
    passes("funds.closing-cash-management", &CaseCopy::new(), ON);
    fails("funds.closing-cash-management", &funds_edit("\"5,000.00万\"", "\"5,100.00万\""), ON, Severity::Error);
}

#[test]
fn funds_cash_management_term() {
    let product = |start: &str, end: &str| {
        let case = CaseCopy::new();
        case.append("funds.toml", &format!("[[cash_management]]\nproduct = \"大额存单\"\namount = \"1,000.00万\"\nstart = {start}\nend = {end}\n"));
        case
    };
    passes("funds.cash-management-term", &product("2023-01-01", "2024-01-01"), ON);
    let message = fails("funds.cash-management-term", &product("2023-01-01", "2024-01-02"), ON, Severity::Error);
    assert!(message.contains("大额存单（1,000.00万元）期限为 2023-01-01 至 2024-01-02，超过 12 个月"), "{message}");
    assert!(citation(&product("2025-06-15", "2026-07-01"), ON, "funds.cash-management-term").contains("《上市公司募集资金监管规则》"));
    assert!(citation(&product("2025-06-14", "2026-07-01"), ON, "funds.cash-management-term").contains("《上市公司监管指引第 2 号》"));
}

// ---- disclosed figures ------------------------------------------------------------------

fn with_total_at_year_end(total: u64) -> CaseCopy {
    let case = CaseCopy::new();
    case.append("company.toml", &format!("[[total_shares]]\ndate = 2023-12-31\nshares = {total}\n"));
    case
}

#[test]
fn holdings_percent() {
    // Without the year-end total, the stated percentages cannot be checked: a note each.
    assert_eq!(judge(&CaseCopy::new(), ON, "holdings.percent").len(), 3);
    passes("holdings.percent", &CaseCopy::new(), ON);
    // 6,709,835 ÷ 47,790,000 = 14.0402%; 2,200,000 → 4.6035%; 1,100,000 → 2.3017%.
    passes("holdings.percent", &with_total_at_year_end(47_790_000), ON);
    assert!(judge(&with_total_at_year_end(47_790_000), ON, "holdings.percent").is_empty());
    // 6,709,835 ÷ 47,000,000 = 14.2762%.
    let message = fails("holdings.percent", &with_total_at_year_end(47_000_000), ON, Severity::Error);
    assert!(message.contains("黄允松 2023-12-31 持股比例：按持股数 ÷ 当日总股本 47,000,000 股计算为 14.28%，案卷陈述为 14.04%"), "{message}");
}

#[test]
fn trade_trading_day() {
    // 2023-02-07 was a Tuesday and a trading day; 2023-02-04 a Saturday; 2024-02-13 fell
    // in the Spring Festival closure (a Tuesday).
    passes("trade.trading-day", &CaseCopy::new(), ON);
    let case = CaseCopy::new();
    case.edit("events.toml", "date = 2023-02-07", "date = 2023-02-04");
    let message = fails("trade.trading-day", &case, ON, Severity::Warning);
    assert!(message.contains("于 2023-02-04 减持 20,000 股，但该日为上海证券交易所非交易日"), "{message}");
    let others = CaseCopy::new();
    others.append("events.toml", "[[share_purchases]]\ndate = 2024-02-13\nholder = \"沈鸥\"\nshares = 2000\n");
    std::fs::write(others.dir.join("market.toml"), "[closes]\n2024-02-08 = \"20.00\"\n2024-02-13 = \"20.10\"\n").unwrap();
    let found = fails("trade.trading-day", &others, ON, Severity::Warning);
    assert!(found.contains("沈鸥 于 2024-02-13 买入 2,000 股，但该日为上海证券交易所非交易日"), "{found}");
    assert!(found.contains("market.toml 记录了 2024-02-13 的收盘价 20.10 元"), "{found}");
    assert!(!found.contains("2024-02-08"), "{found}");
}

#[test]
fn sale_amount() {
    passes("sale.amount", &CaseCopy::new(), ON);
    let case = CaseCopy::new();
    case.edit("events.toml", "\"1,039,400\"", "\"1,039,500\"");
    fails("sale.amount", &case, ON, Severity::Error);
}

#[test]
fn sale_percent() {
    // 20,000 ÷ 47,462,175 = 0.0421%.
    passes("sale.percent", &CaseCopy::new(), ON);
    let case = CaseCopy::new();
    case.edit("events.toml", "\"0.04%\"", "\"0.05%\"");
    fails("sale.percent", &case, ON, Severity::Error);
}

// ---- the sponsor's deadlines ---------------------------------------------------------------

#[test]
fn deadline_overdue() {
    let message = fails("deadline.overdue", &CaseCopy::new(), ON, Severity::Warning);
    assert!(message.starts_with("完成年度现场检查（2021年度）：应于 2021-12-31 前完成"), "{message}");
    // Judged before any duty fell due, nothing is overdue.
    passes("deadline.overdue", &CaseCopy::new(), "2021-06-01");
}

#[test]
fn deadline_missing_trigger() {
    let note = fails("deadline.missing-trigger", &CaseCopy::new(), ON, Severity::Info);
    assert!(note.contains("请在案卷中补充"), "{note}");
    passes("deadline.missing-trigger", &CaseCopy::new(), ON);
}

// ---- the rulebook itself --------------------------------------------------------------------

#[test]
fn every_rule_has_a_check_sources_and_vectors_that_pass_and_fail() {
    let rulebook = Rulebook::shipped();
    let this_file = include_str!("rules.rs");
    for rule in rulebook.rules() {
        assert!(dudao_rules::CHECKS.iter().any(|c| c.id == rule.id), "{} has no check", rule.id);
        for version in &rule.versions {
            assert!(!version.article.is_empty() && !version.source.is_empty(), "{} {} lacks a citation", rule.id, version.from);
        }
        assert!(this_file.contains(&format!("passes(\"{}\"", rule.id)), "{} has no passing vector", rule.id);
        assert!(this_file.contains(&format!("fails(\"{}\"", rule.id)), "{} has no failing vector", rule.id);
    }
    assert_eq!(rulebook.rules().len(), dudao_rules::CHECKS.len());
}

#[test]
fn overrides_change_parameters_and_bad_ones_are_refused() {
    let dir = dudao_testkit::ScratchDir::new("overrides");
    let file = dir.join("firm-rules.toml");
    let load = |text: &str| {
        std::fs::write(&file, text).unwrap();
        Rulebook::with_overrides(&file)
    };
    let rulebook = load("[\"delisting.net-assets-cover\"]\nmin_years_of_cover = \"1\"\n").unwrap();
    let findings = check(&CaseCopy::new().load(), Calendar::embedded(), Date::parse(ON).unwrap(), &rulebook);
    assert!(!findings.iter().any(|f| f.rule == "delisting.net-assets-cover" && f.message.contains("2023 年度")));

    let error = load("[\"reduction.pre-disclosure\"]\ndays = \"15\"\n").err().unwrap().to_string();
    assert_eq!(error, format!("{}:1：字段 reduction.pre-disclosure.days：参数值 \"15\" 无效：应为非负整数", file.display()));
    let error = load("[\"reduction.pre-disclosure\"]\nweeks = 3\n").err().unwrap().to_string();
    assert_eq!(error, format!("{}:1：字段 reduction.pre-disclosure.weeks：未知参数 weeks（可用参数：days、day_kind、methods、roles）", file.display()));
    let error = load("[\"reduction.pre-disclosur\"]\ndays = 3\n").err().unwrap().to_string();
    assert_eq!(error, format!("{}:1：字段 reduction.pre-disclosur：未知的规则 reduction.pre-disclosur：可用 `dudao rules` 查看规则编号", file.display()));
    let error = load("[\"insider.window\"]\nperiodic_days = 3.5\n").err().unwrap().to_string();
    assert!(error.contains("参数值 3.5 无效：应为非负整数"), "{error}");
    // A misspelt role or profit measure is refused, not a value that matches no one.
    let error = load("[\"insider.window\"]\nroles = [\"director\", \"directr\"]\n").err().unwrap().to_string();
    assert!(
        error.starts_with(&format!("{}:1：字段 insider.window.roles[1]：参数值 \"directr\" 无效：应为 controlling_shareholder、", file.display())),
        "{error}"
    );
    let error = load("[\"delisting.star\"]\nprofit_measures = [\"total_prfit\"]\n").err().unwrap().to_string();
    assert!(
        error.contains("字段 delisting.star.profit_measures[0]：参数值 \"total_prfit\" 无效：应为 total_profit、net_profit、deducted_net_profit 之一"),
        "{error}"
    );
    let error = load("[\"reduction.rolling-cap\"]\nblock_percent = \"2%\"\n").err().unwrap().to_string();
    assert!(error.contains("字段 reduction.rolling-cap.block_percent：参数值 \"2%\" 无效：应为带引号的十进制数，如 \"1.5\""), "{error}");
    let error = load("[\"reduction.pre-disclosure\"]\ndays = 36500\n").err().unwrap().to_string();
    assert!(error.contains("字段 reduction.pre-disclosure.days：参数值 36500 无效：应为至多 3660 的整数"), "{error}");
    let error = load("[\"funds.unused\"]\ntolerance = 1\n").err().unwrap().to_string();
    assert!(error.contains("字段 funds.unused.tolerance：未知参数 tolerance（该规则没有可调参数）"), "{error}");
}

#[test]
fn reduction_one_percent_step() {
    // Without their concert agreement, 黄允松 alone held 6,709,835 of 47,790,000 shares at
    // 2023-12-31 (14.0402%); the total holds through 2024. Selling 30,000 on 2024-03-20
    // leaves 6,679,835 = 13.9774%: across 14%, to be announced by the next day,
    // 2024-03-21. Selling 10,000 leaves 6,699,835 = 14.0193%: no step.
    let case = |shares: u64, announcement: Option<&str>| {
        let case = CaseCopy::new();
        case.edit("shareholders.toml", "concert_agreement = { title = \"《一致行动协议》\", signed = 2019-07-15 }\n", "");
        case.append("company.toml", "[[total_shares]]\ndate = 2023-12-31\nshares = 47790000\nthrough = 2024-12-31\n");
        case.append("events.toml", &sale("黄允松", "2024-03-20", shares, "block_trade"));
        if let Some(date) = announcement {
            case.append(
                "events.toml",
                &format!("[[announcements]]\nid = \"step\"\ndate = {date}\ntitle = \"《股东权益变动提示公告》\"\ndiscloses = [\"s-2024-03-20-{shares}\"]\n"),
            );
        }
        case
    };
    passes("reduction.one-percent-step", &case(10_000, None), ON);
    let message = fails("reduction.one-percent-step", &case(30_000, None), ON, Severity::Error);
    assert!(
        message.contains("持股比例由 14.04% 降至 13.98%，减少达到 1%（跨过 14%），应于次日（2024-03-21）通知公司并公告；案卷中未见披露该事项的公告"),
        "{message}"
    );
    passes("reduction.one-percent-step", &case(30_000, Some("2024-03-21")), ON);
    let late = fails("reduction.one-percent-step", &case(30_000, Some("2024-03-25")), ON, Severity::Error);
    assert!(late.contains("实际于 2024-03-25 公告《股东权益变动提示公告》，迟于期限"), "{late}");
}

#[test]
fn reduction_one_percent_step_counts_the_concert_group() {
    // Under their concert agreement the three controllers' stake is counted together
    // (收购管理办法 第十二条): 6,709,835 + 2,200,000 + 1,100,000 = 10,009,835 of 47,790,000
    // = 20.9455%. 黄允松 selling 30,000 leaves 20.8827%: no step. Selling 460,000 leaves
    // 9,549,835 = 19.9829%: across 20%. Selling 400,000 leaves 9,609,835 = 20.1085%.
    let case = |shares: u64| {
        let case = CaseCopy::new();
        case.append("company.toml", "[[total_shares]]\ndate = 2023-12-31\nshares = 47790000\nthrough = 2024-12-31\n");
        case.append("events.toml", &sale("黄允松", "2024-03-20", shares, "block_trade"));
        case
    };
    passes("reduction.one-percent-step", &case(30_000), ON);
    passes("reduction.one-percent-step", &case(400_000), ON);
    let message = fails("reduction.one-percent-step", &case(460_000), ON, Severity::Error);
    assert!(
        message.starts_with("黄允松及其一致行动人（甘泉、林源） 于 2024-03-20 减持 460,000 股后，持股比例由 20.95% 降至 19.98%，减少达到 1%（跨过 20%）"),
        "{message}"
    );
}

/// A copy of the example where 黄允松 (controller) sells 10,000 shares by `method` on
/// `date`, with the back-adjusted closes of the 25 trading days before it at `price`, one
/// of them (`low_day`, counted back from the sale: 1 is the day before) at `low`.
fn controller_sale(date: &str, method: &str, price: &str, low: Option<(usize, &str)>) -> CaseCopy {
    let case = CaseCopy::new();
    case.append("company.toml", "[[total_shares]]\ndate = 2023-12-31\nshares = 47790000\nthrough = 2024-12-31\n");
    case.append("events.toml", &sale("黄允松", date, 10000, method));
    let sale_day = Date::parse(date).unwrap();
    let calendar = Calendar::embedded();
    let first = calendar.add(sale_day, -25, dudao_calendar::DayKind::Trading).unwrap();
    let days = calendar.list(first, sale_day.plus_days(-1).unwrap(), dudao_calendar::DayKind::Trading).unwrap();
    let mut market = String::from("[closes]\n");
    for (back, day) in days.iter().rev().enumerate() {
        let close = match low {
            Some((n, low)) if n == back + 1 => low,
            _ => price,
        };
        market += &format!("{day} = \"{close}\"\n");
    }
    std::fs::write(case.dir.join("market.toml"), market).unwrap();
    case
}

#[test]
fn reduction_below_issue_price() {
    // The IPO price is 63.70. A close of 63.69 on the 20th trading day before the sale bans
    // it; on the 21st it is outside the window. 2024-09-10's 20th trading day back is
    // 2024-08-13.
    passes("reduction.below-issue-price", &controller_sale("2024-09-10", "centralized_bidding", "70.00", None), ON);
    let banned = controller_sale("2024-09-10", "centralized_bidding", "70.00", Some((20, "63.69")));
    let message = fails("reduction.below-issue-price", &banned, ON, Severity::Error);
    assert!(
        message.contains("黄允松（控股股东、实际控制人）于 2024-09-10 以集中竞价减持 10,000 股：此前 20 个交易日中 2024-08-13 收盘价（向后复权）63.69 元低于首次公开发行价格 63.70 元"),
        "{message}"
    );
    passes("reduction.below-issue-price", &controller_sale("2024-09-10", "centralized_bidding", "70.00", Some((21, "50.00"))), ON);
    // Not before the 2024 measures took effect, not for negotiated transfers.
    passes("reduction.below-issue-price", &controller_sale("2024-05-23", "centralized_bidding", "70.00", Some((1, "50.00"))), ON);
    passes("reduction.below-issue-price", &controller_sale("2024-09-10", "negotiated_transfer", "70.00", Some((1, "50.00"))), ON);
    // Someone in concert with a controller is bound too; 苏州天翔 alone is not.
    let concert = controller_sale("2024-09-10", "block_trade", "70.00", Some((3, "60.00")));
    concert.edit("events.toml", "holder = \"黄允松\"", "holder = \"苏州天翔\"");
    passes("reduction.below-issue-price", &concert, ON);
    concert.append("shareholders.toml", "[[concert_groups]]\nmembers = [\"苏州天翔\", \"黄允松\"]\nbasis = \"虚构的一致行动关系（测试）\"\n");
    fails("reduction.below-issue-price", &concert, ON, Severity::Error);
    // Without the closes the rule says what it lacks.
    let unknown = controller_sale("2024-09-10", "centralized_bidding", "70.00", None);
    std::fs::remove_file(unknown.dir.join("market.toml")).unwrap();
    let note = fails("reduction.below-issue-price", &unknown, ON, Severity::Info);
    assert!(note.contains("无法判断：market.toml 缺少 20 个交易日的收盘价（2024-08-13 至 2024-09-09 之间）"), "{note}");
}

#[test]
fn reduction_below_net_assets() {
    // The latest report out by 2024-09-10 is the 2023 annual report (2024-04-25): net assets
    // 179,481,073.74 over 47,790,000 shares = 3.7556 per share.
    passes("reduction.below-net-assets", &controller_sale("2024-09-10", "block_trade", "3.80", None), ON);
    let banned = controller_sale("2024-09-10", "block_trade", "3.80", Some((5, "3.75")));
    let message = fails("reduction.below-net-assets", &banned, ON, Severity::Error);
    assert!(message.contains("收盘价（向后复权）3.75 元低于2023年度末每股归属于上市公司股东的净资产 3.76 元"), "{message}");
    // A stated figure is taken as stated.
    banned.edit(
        "financials.toml",
        "net_assets               = \"179,481,073.74\"",
        "net_assets               = \"179,481,073.74\"\nnet_assets_per_share = \"3.70\"",
    );
    passes("reduction.below-net-assets", &banned, ON);
    // Once the 2024 half-year report is out, its figures are the latest; the case must have them.
    let later = controller_sale("2024-09-10", "block_trade", "3.80", Some((5, "3.75")));
    later.append(
        "events.toml",
        "[[announcements]]\nid = \"h1-2024\"\ndate = 2024-08-28\ntitle = \"《2024年半年度报告》\"\nkind = \"semiannual_report\"\nyear = 2024\n",
    );
    let note = fails("reduction.below-net-assets", &later, ON, Severity::Info);
    assert!(note.contains("financials.toml 未记录最近一期（2024年半年度）的财务数据"), "{note}");
}

#[test]
fn reduction_low_dividends() {
    // The example's three years before 2024-09-10 (2021–2023) are all losses: no year
    // counts, no ban. Made profitable at 100, 80 and 120 million with dividends of 20, 0
    // and 10 million: 30 million against 30% of the 100-million average (30 million) is
    // enough; dividends of 20, 0 and 9.99 million are not.
    let case = |dividends_2023: &str| {
        let case = controller_sale("2024-09-10", "centralized_bidding", "70.00", None);
        for (from, profit, dividends) in [
            ("-170,072,432.98", "120,000,000.00", dividends_2023),
            ("-244,235,848.10", "80,000,000.00", "0"),
            ("-282,785,337.76", "100,000,000.00", "20,000,000.00"),
        ] {
            case.edit(
                "financials.toml",
                &format!("net_profit               = \"{from}\""),
                &format!("net_profit = \"{profit}\"\ncash_dividends = \"{dividends}\""),
            );
        }
        case
    };
    passes("reduction.low-dividends", &controller_sale("2024-09-10", "centralized_bidding", "70.00", None), ON);
    passes("reduction.low-dividends", &case("10,000,000.00"), ON);
    let message = fails("reduction.low-dividends", &case("9,990,000.00"), ON, Severity::Error);
    assert!(
        message.contains("最近 3 个已披露年度（计入 2023、2022、2021 年度）累计现金分红 29,990,000.00 元，低于年均归属于上市公司股东净利润 100,000,000.00 元的 30%（30,000,000.00 元）"),
        "{message}"
    );
    // A year without its dividend recorded cannot be judged.
    let unknown = controller_sale("2024-09-10", "centralized_bidding", "70.00", None);
    unknown.edit("financials.toml", "net_profit               = \"-170,072,432.98\"", "net_profit = \"120,000,000.00\"");
    let note = fails("reduction.low-dividends", &unknown, ON, Severity::Info);
    assert!(note.contains("无法判断：financials.toml 的 [2023]、[2022]、[2021] 未记录 net_profit 或 cash_dividends"), "{note}");
}

#[test]
fn sale_exceeds_holding() {
    // 黄允松 held 6,709,835 shares at 2023-12-31 (the only holding recorded before 2024).
    let case = |shares: u64| {
        let case = CaseCopy::new();
        case.append("events.toml", &sale("黄允松", "2024-03-20", 6_000_000, "block_trade"));
        case.append("events.toml", &sale("黄允松", "2024-03-21", shares, "block_trade"));
        case
    };
    passes("sale.exceeds-holding", &case(709_835), ON);
    let message = fails("sale.exceeds-holding", &case(709_836), ON, Severity::Warning);
    assert!(
        message.contains("于 2024-03-21 减持 709,836 股，多于其此前记录的持股 709,835 股（2023-12-31 持有 6,709,835 股，其后已减持 6,000,000 股）"),
        "{message}"
    );
}

#[test]
fn sale_price_off_market() {
    // The sale is at 20.00; the day's close 0.19 makes it 105 times, 0.21 about 95.
    let case = |close: &str| {
        let case = CaseCopy::new();
        case.append("events.toml", &sale("黄允松", "2024-03-20", 1000, "block_trade"));
        std::fs::write(case.dir.join("market.toml"), format!("[closes]\n2024-03-20 = \"{close}\"\n")).unwrap();
        case
    };
    passes("sale.price-off-market", &case("0.21"), ON);
    passes("sale.price-off-market", &case("1999.00"), ON);
    let message = fails("sale.price-off-market", &case("0.19"), ON, Severity::Warning);
    assert!(message.contains("成交均价 20.00 元是当日收盘价（向后复权）0.19 元的 105.26 倍，超出 100 倍的合理范围"), "{message}");
    fails("sale.price-off-market", &case("2000.00"), ON, Severity::Warning);
}
