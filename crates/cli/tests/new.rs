//! `dudao new` and `dudao new-period`: a case started from a real annual report of
//! tests/fixtures/annual-reports, and a new year of the example case.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::CaseCopy;
use dudao_testkit::ScratchDir;

fn dudao(args: &[&std::ffi::OsStr]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dudao")).args(args).output().unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/annual-reports").join(name)
}

const SIFANG: &str = "2020-04-16_四方科技_603339_2019年年度报告.pdf";

#[test]
fn a_case_starts_from_a_report_and_drafts_its_first_report() {
    let dir = ScratchDir::new("new-case");
    let case = dir.join("sifang");
    let out = dudao(&["new".as_ref(), case.as_os_str(), "--from".as_ref(), fixture(SIFANG).as_os_str()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.starts_with(&format!("已建立案卷 {}（上交所主板）：\n  {SIFANG}：2019 年度，读入事实 ", case.display())), "{said}");
    // The year's work log to fill, with the item numbers of the company's form; what the
    // report still lacks, each with its file and field.
    let log = fs::read_to_string(case.join("worklog/2019.toml")).unwrap();
    assert!(log.contains("# [items] 的编号（上交所主板公司的跟踪报告）：1、2、3、4、5、6、7、8、9、10、11、12、13、14、15、16"));
    assert!(
        said.contains("年度持续督导跟踪报告（2019年度）尚缺") && said.contains("worklog/2019.toml：字段 items.1：缺少第 1 项持续督导工作的完成情况"),
        "{said}"
    );
    // The supervision's start as the report prints it (持续督导期间 2016年5月19日-…), where
    // the case does not have it yet; then the draft renders with every gap marked.
    let company = fs::read_to_string(case.join("company.toml")).unwrap();
    if !company.contains("start = 2016-05-19") {
        fs::write(case.join("company.toml"), company.replace("end = 2019-12-31", "start = 2016-05-19\nend = 2019-12-31")).unwrap();
    }
    let draft = dudao(&["report".as_ref(), case.as_os_str(), "--year".as_ref(), "2019".as_ref(), "--draft".as_ref()]);
    let md = String::from_utf8_lossy(&draft.stdout);
    assert_eq!(draft.status.code(), Some(0), "{}", String::from_utf8_lossy(&draft.stderr));
    assert!(md.starts_with("# 广发证券股份有限公司关于四方科技集团股份有限公司2019年度持续督导年度报告书\n"), "{md}");
    assert!(md.contains("| 1 | 建立健全并有效执行持续督导工作制度，并针对具体的持续督导工作制定相应的工作计划 | 【待补充：第 1 项持续督导工作的完成情况（worklog/2019.toml 的 items.1）】 |"));
    // A folder already holding a case is refused, untouched.
    let again = dudao(&["new".as_ref(), case.as_os_str(), "--from".as_ref(), fixture(SIFANG).as_os_str()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在且不为空：dudao new 只在新目录中建立案卷"));
}

#[test]
fn a_new_period_starts_its_work_log_and_keeps_the_case() {
    let case = CaseCopy::new();
    let before = fs::read_to_string(case.dir.join("company.toml")).unwrap();
    // Three announcements of 2025 recorded so far: one reviewed before it was disclosed, one
    // after, one not yet.
    let mut events = fs::read_to_string(case.dir.join("events.toml")).unwrap();
    for (id, date, review) in [("a", "2025-01-10", "reviewed_in_advance = true"), ("b", "2025-02-14", "reviewed = 2025-02-18"), ("c", "2025-03-03", "")] {
        events += &format!("\n[[announcements]]\nid = \"{id}\"\ndate = {date}\ntitle = \"《公告{id}》\"\n{review}\n");
    }
    fs::write(case.dir.join("events.toml"), events).unwrap();
    let out = dudao(&["new-period".as_ref(), case.dir.as_os_str(), "2025".as_ref()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("新建 worklog/2025.toml") && said.contains("公司、股东、承诺、募集资金专户与减持计划为整个案卷的事实，沿用至新的报告期"), "{said}");
    let log = fs::read_to_string(case.dir.join("worklog/2025.toml")).unwrap();
    assert!(log.starts_with("# 2025年度持续督导工作记录（由 dudao 建立）"), "{log}");
    assert_eq!(fs::read_to_string(case.dir.join("company.toml")).unwrap(), before);
    // Pre-filled as drafts: item 10 from the two reviews recorded; 2023's accounts that name
    // no number (items 4, 15 and 16 name 2023, item 5 cites that year's sale) — 2024's log
    // has none.
    assert!(log.contains("\"10\" = \"持续督导期间，保荐机构审阅了公司披露的信息披露文件2份，其中事前审阅1份、事后审阅1份\"\n"), "{log}");
    assert!(log.contains("\"1\" = \"保荐机构已建立健全并有效执行了持续督导制度，已根据公司的具体情况制定了相应的工作计划\"\n"), "{log}");
    for absent in ["\"4\" =", "\"5\" =", "\"15\" =", "\"16\" ="] {
        assert!(!log.contains(absent), "{absent} carried over: {log}");
    }
    assert!(said.contains("预填工作记录 12 项（待确认，见 drafts.toml）：items.1、items.2、items.3、items.6、"), "{said}");
    let drafts = fs::read_to_string(case.dir.join("drafts.toml")).unwrap();
    assert!(drafts.contains("file = \"worklog/2025.toml\"\nfield = \"items.1\"\nbasis = \"沿用 worklog/2023.toml 的表述，须按本期情况确认\""), "{drafts}");
    assert!(drafts.contains("field = \"items.10\"\nbasis = \"按 events.toml 记录的2025年度公告及其审阅预填（共 3 份，有审阅记录的 2 份）\""), "{drafts}");
    let confirmed = dudao(&["confirm".as_ref(), case.dir.as_os_str(), "worklog/2025.toml#items.10".as_ref()]);
    assert_eq!(confirmed.status.code(), Some(0), "{}", String::from_utf8_lossy(&confirmed.stderr));
    assert!(!fs::read_to_string(case.dir.join("drafts.toml")).unwrap().contains("items.10"));
    // The period exists now; another company's report is refused, nothing written.
    let again = dudao(&["new-period".as_ref(), case.dir.as_os_str(), "2025".as_ref()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已有 worklog/2025.toml：该报告期已建立"));
    let other = dudao(&["new-period".as_ref(), case.dir.as_os_str(), "2026".as_ref(), "--from".as_ref(), fixture(SIFANG).as_os_str()]);
    assert_eq!(other.status.code(), Some(2));
    assert!(!case.dir.join("worklog/2026.toml").exists());
}

/// 海翔药业's 2019 report names no sponsor (履行持续督导职责的保荐机构：不适用): the case still
/// starts, and its draft names the sponsor and the supervision as gaps, never a firm.
#[test]
fn a_report_naming_no_sponsor_drafts_with_the_sponsor_as_a_gap() {
    let dir = ScratchDir::new("new-case");
    let case = dir.join("haixiang");
    let report = fixture("2020-01-23_海翔药业_002099_2019年年度报告.html");
    let out = dudao(&["new".as_ref(), case.as_os_str(), "--from".as_ref(), report.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let draft = dudao(&["report".as_ref(), case.as_os_str(), "--year".as_ref(), "2019".as_ref(), "--draft".as_ref()]);
    let md = String::from_utf8_lossy(&draft.stdout);
    assert_eq!(draft.status.code(), Some(0), "{}", String::from_utf8_lossy(&draft.stderr));
    let sponsor = "【待补充：保荐机构（company.toml 的 sponsor）】";
    assert!(md.starts_with(&format!("# {sponsor}关于浙江海翔药业股份有限公司2019年度持续督导跟踪报告\n")), "{md}");
    assert!(md.contains(&format!("| 保荐人名称：{sponsor} | 被保荐公司简称：海翔药业（002099） |")), "{md}");
    assert!(md.contains("【待补充：持续督导期间（company.toml 的 supervision.end）】："), "{md}");
    let final_report = dudao(&["report".as_ref(), case.as_os_str(), "--year".as_ref(), "2019".as_ref()]);
    let refused = String::from_utf8_lossy(&final_report.stderr);
    assert!(
        refused.contains("company.toml：字段 sponsor：缺少保荐机构：请写明 [sponsor] 的 firm（保荐机构名称）与 representatives（保荐代表人）"),
        "{refused}"
    );
    assert!(refused.contains("company.toml：字段 supervision.end：缺少持续督导期间：请在 company.toml 的 [company] 中写明 listing_date"), "{refused}");
}

const ANKE: &str = "2020-01-21_安靠智电_300617_2019年年度报告.html";

/// A ledger and assurance report for 2019 (虚构, test only: the annual report prints neither),
/// so the 募集资金 opinion can be drafted from the projects the report gives.
const LEDGER: &str = "\n[ledger.2019]\nopening_balance = \"1,000.00万\"\ninterest_net_of_fees = \"100.00万\"\nproject_spending = \"854.55万\"\ncumulative_use = \"20,864.89万\"\n\n[assurance.2019]\nauditor = \"虚构会计师事务所（特殊普通合伙）\"\nreport = \"虚构专字[2020]第0001号\"\nconclusion = \"如实反映了公司2019年度募集资金实际存放与使用情况。（虚构，测试用）\"\n";

#[test]
fn a_case_from_a_report_holds_its_funds_projects_and_asks_for_the_offering() {
    let dir = ScratchDir::new("new-case-funds");
    let case = dir.join("anke");
    let out = dudao(&["new".as_ref(), case.as_os_str(), "--from".as_ref(), fixture(ANKE).as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // funds.toml holds the two projects of 募集资金承诺项目情况 and no [offering]; the case loads.
    let funds = fs::read_to_string(case.join("funds.toml")).unwrap();
    assert!(funds.contains("[[projects]]\nname = \"电力电缆连接件和GIL扩建项目\"\ncommitted = \"29,394.42万\"") && !funds.contains("[offering]"), "{funds}");
    let facts = dudao(&["facts".as_ref(), case.as_os_str()]);
    assert_eq!(facts.status.code(), Some(0), "{}", String::from_utf8_lossy(&facts.stderr));
    assert!(
        String::from_utf8_lossy(&facts.stdout).contains(&format!("funds.projects[0].years.2019.cumulative = 14,864.89万（funds.toml:11，取自 {ANKE}:2273）")),
        "{}",
        String::from_utf8_lossy(&facts.stdout)
    );
    // With a ledger and an assurance report typed in, the final opinion is refused naming the
    // offering among what is missing; the draft prints its gap where the offering and the net
    // proceeds would stand, and the 对照表 from the report's figures: 14,864.89 ÷ 29,394.42 =
    // 50.57%, 6,000 ÷ 6,000 = 100.00%, 20,864.89 ÷ 35,394.42 = 58.95% (58.949…).
    fs::OpenOptions::new().append(true).open(case.join("funds.toml")).unwrap().write_all(LEDGER.as_bytes()).unwrap();
    let args = ["report".as_ref(), case.as_os_str(), "--kind".as_ref(), "funds-opinion".as_ref(), "--year".as_ref(), "2019".as_ref()];
    let refused = dudao(&args);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("funds.toml：字段 offering：缺少募集资金的发行情况"), "{said}");
    let draft = dudao(&[&args[..], &["--draft".as_ref()]].concat());
    assert_eq!(draft.status.code(), Some(0), "{}", String::from_utf8_lossy(&draft.stderr));
    let md = String::from_utf8_lossy(&draft.stdout);
    let offering = "【待补充：募集资金的发行情况（核准文件、发行股数与价格、发行费用、到账与验资）（funds.toml 的 offering）】";
    assert!(md.contains(&format!("### （一）实际募集资金金额、资金到位时间\n\n{offering}\n")), "{md}");
    assert!(md.contains("| 电力电缆连接件和GIL扩建项目 | 29,394.42 | 29,394.42 | 854.55 | 14,864.89 | 50.57 |"), "{md}");
    assert!(md.contains("| 补充流动资金 | 6,000.00 | 6,000.00 | 0.00 | 6,000.00 | 100.00 |"));
    assert!(md.contains("| 合计 | 35,394.42 | 35,394.42 | 854.55 | 20,864.89 | 58.95 |"));
    assert!(md.contains("| 电力电缆连接件和GIL扩建项目 | 【待补充：募投项目“电力电缆连接件和GIL扩建项目”达到预定可使用状态日期（funds.toml 的 projects[0].ready）】 | 388.08万 | 否 | 否 |"), "{md}");
}
