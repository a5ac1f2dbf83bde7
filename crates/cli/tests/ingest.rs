//! `dudao ingest` on the real annual reports of tests/fixtures/annual-reports: each becomes
//! a case whose figures are the report's (values and pages read by hand from the reports),
//! with sources `dudao facts` shows, that `dudao check` runs on; ingesting twice changes
//! nothing; a person's comments and values survive; what is not this company's report,
//! not a report at all, or fails its own arithmetic is not written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dudao_testkit::ScratchDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/annual-reports").join(name)
}

const SIFANG: &str = "2020-04-16_四方科技_603339_2019年年度报告.pdf";
const SHENGWU: &str = "2021-04-23_生物股份_600201_2020年年度报告.pdf";
const HAIXIANG: &str = "2020-01-23_海翔药业_002099_2019年年度报告.html";

fn dudao(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).args(args).output().unwrap()
}

fn ingest(report: &Path, case: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec!["ingest".as_ref(), report.as_os_str(), "--case".as_ref(), case.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let output = dudao(&args);
    (output.status.code(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

/// Every file of a case folder and its text.
fn snapshot(case: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(case)
        .map(|entries| entries.flatten().map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap())).collect())
        .unwrap_or_default()
}

/// `dudao facts CASE --format json`, by path: (value, source page, source line).
fn facts(case: &Path) -> BTreeMap<String, (String, Option<u64>, Option<u64>)> {
    let output = dudao(&["facts".as_ref(), case.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let source = &f["origin"]["source"];
            (f["path"].as_str().unwrap().to_owned(), (f["value"].as_str().unwrap().to_owned(), source["page"].as_u64(), source["line"].as_u64()))
        })
        .collect()
}

fn fact(value: &str, page: Option<u64>, line: u64) -> (String, Option<u64>, Option<u64>) {
    (value.to_owned(), page, Some(line))
}

#[test]
fn each_report_becomes_a_case_with_its_figures_and_their_pages() {
    let dir = ScratchDir::new("ingest-corpus");
    // Facts read by hand from a report: path, value, page, line.
    type Read = &'static [(&'static str, &'static str, Option<u64>, u64)];
    let expected: [(&str, Read); 3] = [
        (
            SIFANG,
            &[
                ("financials.2019.revenue", "1,175,301,034.32", Some(5), 29),
                ("financials.2019.net_profit", "129,465,020.68", Some(5), 31),
                ("financials.2019.total_assets", "2,464,948,703.85", Some(5), 47),
                ("financials.2018.revenue", "1,230,537,181.80", Some(5), 29),
                ("financials.2019.roe", "7.64%", Some(6), 10),
                ("company.company.stock_code", "603339", Some(5), 9),
                ("company.sponsor.representatives[1]", "杜涛", Some(5), 20),
                ("company.supervision.start", "2016-05-19", Some(5), 22),
                // 第八节 (page 48): 钱洪 4,706,901 at the start of the year, 4,246,901 at its end.
                ("shareholders.insiders[1].closing_shares", "4,246,901", Some(48), 13),
                ("shareholders.controllers.names[0]", "黄杰", Some(45), 9),
                ("financials.2019.rd_spending", "48,428,964.78", Some(14), 8),
                // 第六节 普通股股份变动情况表, 普通股股份总数 after the year's changes.
                ("company.total_shares[0].shares", "210,674,875", Some(37), 25),
            ],
        ),
        (
            SHENGWU,
            &[
                ("financials.2020.deducted_net_profit", "392,188,209.82", Some(5), 34),
                ("financials.2020.roe", "8.37%", Some(6), 17),
                ("company.company.name", "金宇生物技术股份有限公司", Some(4), 23),
                ("company.total_shares[0].shares", "1,126,240,241", Some(49), 14),
            ],
        ),
        (
            HAIXIANG,
            &[
                ("financials.2019.operating_cash_flow", "612,399,095.31", None, 367),
                ("financials.2019.revenue", "2,941,412,770.30", None, 343),
                ("company.company.short_name", "海翔药业", None, 207),
                ("company.total_shares[0].shares", "1,618,715,253", None, 4090),
                ("shareholders.holdings[0].shares", "553,982,587", None, 4190),
                ("shareholders.insiders[3].closing_shares", "236,250", None, 4602),
                ("commitments.commitments[1].category", "关于关联交易、资金方面承诺", None, 2467),
            ],
        ),
    ];
    for (report, wanted) in expected {
        let case = dir.join(report.split('_').nth(1).unwrap());
        let (code, stdout, stderr) = ingest(&fixture(report), &case, &[]);
        assert_eq!(code, Some(0), "{report}: {stderr}");
        let written = stdout.lines().find_map(|l| l.strip_prefix("已写入：")).unwrap_or_else(|| panic!("{stdout}"));
        for file in ["company.toml", "events.toml", "financials.toml", "sources.toml"] {
            assert!(written.split('、').any(|w| w == file), "{file} not written: {written}");
        }
        let listed = facts(&case);
        for (path, value, page, line) in wanted {
            assert_eq!(listed.get(*path), Some(&fact(value, *page, *line)), "{report} {path}");
        }
        // The report's disclosure, dated from its file name, starts the sponsor's clocks.
        let disclosed = &report[..10];
        assert_eq!(listed["events.announcements[0].date"].0, disclosed, "{report}");
        let check = dudao(&["check".as_ref(), case.as_os_str()]);
        assert!(matches!(check.status.code(), Some(0 | 1)), "{report}: {}", String::from_utf8_lossy(&check.stderr));
        // A report printing its supervision period whole (四方科技: 2016 年 5 月 19 日-2019 年 12 月 31 日,
        // page 5) gives the deadlines their period; what the others do not print is asked for,
        // not refused as bad input.
        let deadlines = dudao(&["deadlines".as_ref(), case.as_os_str()]);
        if report == SIFANG {
            assert_eq!(deadlines.status.code(), Some(0), "{}", String::from_utf8_lossy(&deadlines.stderr));
            assert!(String::from_utf8_lossy(&deadlines.stdout).contains("持续督导期间：2016年5月19日 至 2019年12月31日（案卷指定）"));
        } else {
            assert_eq!(deadlines.status.code(), Some(1));
            assert!(String::from_utf8_lossy(&deadlines.stderr).contains("缺少上市日期：请在 company.toml 的 [company] 中写明 listing_date"));
        }
        let year = &report[report.find("_2").unwrap() + 1..][..4];
        let tracking = dudao(&["report".as_ref(), case.as_os_str(), "--year".as_ref(), year.as_ref()]);
        let said = String::from_utf8_lossy(&tracking.stderr);
        assert_eq!(tracking.status.code(), Some(1), "{said}");
        assert!(said.starts_with("案卷尚缺以下事实，补齐后才能生成报告：") && said.contains(&format!("worklog/{year}.toml")), "{said}");

        let before = snapshot(&case);
        let (code, stdout, _) = ingest(&fixture(report), &case, &[]);
        assert_eq!(code, Some(0));
        assert!(stdout.ends_with("冲突 0 项，改写 0 项，未写入 0 项\n案卷已包含报告的全部事实，未改动\n"), "{stdout}");
        assert_eq!(snapshot(&case), before, "{report}: ingesting twice changes nothing");
    }
}

#[test]
fn a_persons_comments_and_values_are_kept_and_their_conflicts_listed() {
    let case = ScratchDir::new("ingest-hand-edited");
    let company = "# 四方科技：项目组手工录入（2020-04 王某）\n[company]\nname = \"四方科技集团股份有限公司\"\nshort_name = \"四方科技\"\nstock_code = \"603339\"\nboard = \"sse_main\"\nlisting_date = 2016-05-19   # 上市日期，取自上市公告书\n";
    // 营业收入 in 万元 (the same figure), and 归母净利润 mistyped, with a comment.
    let financials = "# 手工录入，待复核\n[2019]\nrevenue = \"117,530.10万\"\nnet_profit = \"129,465,020.86\"  # 复核中\n";
    std::fs::write(case.join("company.toml"), company).unwrap();
    std::fs::write(case.join("financials.toml"), financials).unwrap();
    let (code, stdout, stderr) = ingest(&fixture(SIFANG), &case, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains(
            "冲突 financials.2019.net_profit：案卷为 129,465,020.86（financials.toml:4），报告为 129,465,020.68（报告第 5 页第 31 行）；案卷的值保留"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("新增 financials.2019.revenue"), "{stdout}");
    let written = std::fs::read_to_string(case.join("financials.toml")).unwrap();
    assert!(written.starts_with("# 手工录入，待复核\n[2019]\nrevenue = \"117,530.10万\"\nnet_profit = \"129,465,020.86\"  # 复核中\n"), "{written}");
    assert!(written.contains("total_assets = \"2,464,948,703.85\""), "{written}");
    assert!(std::fs::read_to_string(case.join("company.toml")).unwrap().starts_with(company), "the person's file is extended, not rewritten");
    // The hand-typed value has no source; the one written from the report has.
    let listed = facts(&case);
    assert_eq!(listed["financials.2019.net_profit"], ("129,465,020.86".to_owned(), None, None));
    assert_eq!(listed["financials.2019.total_assets"], fact("2,464,948,703.85", Some(5), 47));

    let (code, stdout, _) = ingest(&fixture(SIFANG), &case, &["--overwrite"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("改写 financials.2019.net_profit：129,465,020.86（financials.toml:4）→ 129,465,020.68（报告第 5 页第 31 行）"), "{stdout}");
    let written = std::fs::read_to_string(case.join("financials.toml")).unwrap();
    assert!(written.contains("net_profit = \"129,465,020.68\"  # 复核中\n"), "the comment stays with the value: {written}");
    assert!(written.contains("revenue = \"117,530.10万\""), "a value that agrees is never rewritten");
}

#[test]
fn a_dry_run_writes_nothing() {
    let dir = ScratchDir::new("ingest-dry-run");
    let case = dir.join("四方科技");
    let (code, stdout, _) = ingest(&fixture(SIFANG), &case, &["--dry-run", "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["written"], false);
    let revenue = json["facts"].as_array().unwrap().iter().find(|f| f["path"] == "financials.2019.revenue").unwrap();
    assert_eq!((revenue["status"].as_str(), revenue["source"]["page"].as_u64(), revenue["source"]["line"].as_u64()), (Some("new"), Some(5), Some(29)));
    assert!(!case.exists());
}

#[test]
fn another_companys_report_is_refused_and_the_case_untouched() {
    let dir = ScratchDir::new("ingest-other-company");
    let case = dir.join("生物股份");
    assert_eq!(ingest(&fixture(SHENGWU), &case, &[]).0, Some(0));
    let before = snapshot(&case);
    let (code, _, stderr) = ingest(&fixture(SIFANG), &case, &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("报告是股票代码 603339 的公司的，案卷是 600201 的"), "{stderr}");
    assert_eq!(snapshot(&case), before);
}

#[test]
fn what_is_not_an_annual_report_is_refused_and_nothing_written() {
    let dir = ScratchDir::new("ingest-not-a-report");
    let case = dir.join("case");
    let notice = dir.join("notice.txt");
    std::fs::write(&notice, "关于召开2024年第一次临时股东大会的通知\n").unwrap();
    let corrupt = dir.join("2020-04-16_年度报告.pdf");
    std::fs::write(&corrupt, b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog").unwrap();
    let half_year = dir.join("半年报.txt");
    std::fs::write(&half_year, "四方科技集团股份有限公司\n2020年半年度报告\n").unwrap();
    for (file, message) in
        [(&notice, "notice.txt：未找到“主要会计数据和财务指标”表"), (&corrupt, "2020-04-16_年度报告.pdf："), (&half_year, "这是一份半年度报告")]
    {
        let (code, _, stderr) = ingest(file, &case, &[]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(!case.exists(), "nothing may be written");
    }
}

#[test]
fn a_figure_the_report_contradicts_is_not_written() {
    let dir = ScratchDir::new("ingest-withheld");
    // The 海翔药业 report with its revenue change printed as 9.20% instead of 8.20%.
    let original = std::fs::read_to_string(fixture(HAIXIANG)).unwrap();
    let at = original.find("2,718,608,796.51").unwrap();
    let change = at + original[at..].find("8.20%").unwrap();
    let tampered = dir.join("2020-01-23_海翔药业_改.html");
    std::fs::write(&tampered, format!("{}9.20%{}", &original[..change], &original[change + 5..])).unwrap();
    let case = dir.join("海翔药业");
    let (code, stdout, _) = ingest(&tampered, &case, &[]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("未写入 financials.2019.revenue = 2,941,412,770.30（报告第 343 行）：报告自身的勾稽不成立"), "{stdout}");
    assert!(stdout.contains("未写入 2 项"), "{stdout}");
    let listed = facts(&case);
    assert!(!listed.contains_key("financials.2019.revenue") && !listed.contains_key("financials.2018.revenue"));
    assert_eq!(listed["financials.2019.net_profit"].0, "770,782,185.09");
}

/// A work log for the report's year with every item of `keys` answered (invented: the
/// sponsors' own work logs are not public).
fn invented_work_log(keys: &[&str]) -> String {
    let items: String = keys.iter().map(|k| format!("\"{k}\" = \"（虚构）第 {k} 项的工作内容\"\n")).collect();
    format!("# 虚构：测试用工作记录\nproblems = []\ncommitments_kept = true\n\n[items]\n{items}")
}

#[test]
fn an_szse_company_from_its_report_gets_the_table_form() {
    // 海翔药业 (SZSE main board) had no sponsor in 2019 ("履行持续督导职责的保荐机构：不适用"):
    // the sponsor, its supervision and the work log are invented for the test (虚构); the
    // rest is what ingest read from the real report.
    let dir = ScratchDir::new("szse-form");
    let case = dir.join("haixiang");
    assert_eq!(ingest(&fixture(HAIXIANG), &case, &[]).0, Some(0));
    let mut company = fs::read_to_string(case.join("company.toml")).unwrap();
    company.push_str("\n[sponsor]\nfirm = \"虚构证券股份有限公司（虚构）\"\nrepresentatives = [\"张三\", \"李四\"]\nphone = \"021-00000000（虚构）\"\n\n[supervision]\nstart = 2018-01-01\nend = 2019-12-31\n");
    fs::write(case.join("company.toml"), company).unwrap();
    fs::create_dir_all(case.join("worklog")).unwrap();
    let keys: Vec<&str> =
        dudao_model::Board::SzseMain.work_items().iter().copied().filter(|k| !["5.1", "7.1", "7.2", "10.1", "10.2", "10.3"].contains(k)).collect();
    let log = invented_work_log(&keys)
        + "\n[[inspections]]\nkind = \"regular\"\ndate = 2019-11-20\n\n[[trainings]]\ndate = 2019-12-10\nsummary = \"规范运作培训（虚构）\"\n\n[[violations]]\nsummary = \"（虚构）向交易所报告的事项\"\nreported = 2019-06-03\n";
    fs::write(case.join("worklog/2019.toml"), log).unwrap();
    let out = dudao(&["report".as_ref(), case.as_os_str(), "--year".as_ref(), "2019".as_ref()]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(md.starts_with("# 虚构证券股份有限公司（虚构）关于浙江海翔药业股份有限公司2019年度持续督导跟踪报告\n"), "{md}");
    assert!(md.contains("| 保荐人名称：虚构证券股份有限公司（虚构） | 被保荐公司简称：海翔药业（002099） |"));
    assert!(md.contains("| **6.发表独立意见情况** | |"));
    assert!(md.contains("| （1）现场检查次数 | 1次 |") && md.contains("| （1）向本所报告的次数 | 1次 |") && md.contains("| （2）培训日期 | 2019年12月10日 |"));
    // The two commitments the report prints (made 2014-05-05, still in force), kept as the
    // invented work log says.
    assert_eq!(md.matches("| 是 | 不适用 |").count(), 2, "{md}");
    assert!(!md.contains("上海证券交易所"));
}

#[test]
fn an_sse_main_board_company_from_its_report_gets_the_annual_report_form() {
    // 四方科技 (SSE main board): the sponsor and the supervision's end as its 2019 report
    // prints them; the listing date from the same sentence (“持续督导期间 2016年5月19日-
    // 2019年12月31日”), typed until ingest reads it; the work log and the sponsor's review
    // are invented for the test (虚构).
    let dir = ScratchDir::new("sse-main-form");
    let case = dir.join("sifang");
    assert_eq!(ingest(&fixture(SIFANG), &case, &[]).0, Some(0));
    let company = fs::read_to_string(case.join("company.toml")).unwrap().replace("board = \"sse_main\"", "board = \"sse_main\"\nlisting_date = 2016-05-19");
    fs::write(case.join("company.toml"), company).unwrap();
    fs::create_dir_all(case.join("worklog")).unwrap();
    fs::create_dir_all(case.join("narrative/2019")).unwrap();
    fs::write(case.join("worklog/2019.toml"), invented_work_log(dudao_model::Board::SseMain.work_items())).unwrap();
    fs::write(case.join("narrative/2019/disclosure_review.md"), "（虚构）保荐机构审阅了公司 2019 年度的信息披露文件。\n").unwrap();
    fs::write(case.join("narrative/2019/violations.md"), "（虚构）无。\n").unwrap();
    let out = dudao(&["report".as_ref(), case.as_os_str(), "--year".as_ref(), "2019".as_ref()]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(md.starts_with("# 广发证券股份有限公司关于四方科技集团股份有限公司2019年度持续督导年度报告书\n"), "{md}");
    // Filed by 2020-05-31: the SSE's guideline of 2009, not No. 11 of 2022.
    assert!(md.contains("《上海证券交易所股票上市规则》《上海证券交易所上市公司持续督导工作指引》等有关法律"));
    assert!(!md.contains("第 11 号") && !md.contains("深圳证券交易所"));
    assert!(md.contains("## 二、保荐机构对上市公司信息披露审阅的情况\n\n（虚构）保荐机构审阅了公司 2019 年度的信息披露文件。"));
    assert!(md.contains("## 三、上市公司是否存在《证券发行上市保荐业务管理办法》及上海证券交易所相关规则规定应向中国证监会和上海证券交易所报告的事项"));
}
