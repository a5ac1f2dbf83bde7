//! `dudao deadlines` as a user runs it, with the iCalendar output read back by an
//! independent parser.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::CaseCopy;

fn deadlines(case: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).arg("deadlines").arg(case).args(args).output().unwrap()
}

/// Runs `dudao deadlines CASE ARGS`, expecting success; returns standard output.
fn ok(case: &Path, args: &[&str]) -> String {
    let output = deadlines(case, args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn example() -> &'static Path {
    Box::leak(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingcloud").into_boxed_path())
}

fn json(case: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(case, &[args, &["--format", "json"]].concat())).unwrap()
}

fn find<'a>(json: &'a serde_json::Value, obligation: &str, subject: &str) -> &'a serde_json::Value {
    json["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["obligation"] == obligation && d["subject"] == subject)
        .unwrap_or_else(|| panic!("no {obligation} for {subject}"))
}

#[test]
fn the_table_lists_the_duties_over_the_supervision_period() {
    let text = ok(example(), &["--on", "2026-11-24"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "青云科技（688316）持续督导期间：2021年3月16日 至 2024年12月31日（按板块与上市日期计算）");
    assert_eq!(lines[1], "募集资金尚未使用完毕（截至 2023年12月31日 尚未使用 4,221.14 万元），募集资金相关督导延续至使用完毕");
    assert!(lines[2].starts_with("截至 2026-11-24：共 29 项"), "{}", lines[2]);
    let fy2023 = lines.iter().find(|l| l.contains("披露年度持续督导跟踪报告（2023年度）")).unwrap();
    assert!(fy2023.starts_with("2024-05-21  按期完成（2024-05-17）"), "{fy2023}");
    assert!(fy2023.contains("年度报告披露（2024-04-25）后 15 个交易日内"));
    assert!(fy2023.contains("《上海证券交易所科创板股票上市规则》第 3.2.15 条（已核对原文）"));
    assert!(text.contains("  - 向交易所报告违法违规、违背承诺事项（苏州天翔未按承诺提前 15 个交易日披露减持计划即减持 20,000 股（2023-02-07））：请补充 worklog/2023.toml 的 violations[0].discovered（发现或应当发现之日）"));
}

#[test]
fn json_carries_every_duty_with_its_basis_and_evidence() {
    let json = json(example(), &["--on", "2026-11-24"]);
    assert_eq!(json["supervision"]["end"], "2024-12-31");
    assert_eq!(json["supervision"]["unused_funds_wan"], "4,221.14");
    let fy2023 = find(&json, "annual-tracking-report", "2023年度");
    assert_eq!(fy2023["due"], "2024-05-21");
    assert_eq!(fy2023["status"], "done");
    assert_eq!(fy2023["done_on"], "2024-05-17");
    assert_eq!(fy2023["day_kind"], "trading");
    assert_eq!(fy2023["citation"]["grade"], "verified");
    assert_eq!(fy2023["citation"]["regulation"], "《上海证券交易所科创板股票上市规则》");
    assert_eq!(fy2023["citation"]["article"], "第 3.2.15 条");
    assert_eq!(fy2023["evidence"], serde_json::json!([{ "file": "events.toml", "page": null, "line": 47 }]));
    assert_eq!(fy2023["trigger"]["date"], "2024-04-25");
    let review = find(&json, "disclosure-review", "《股东减持股份计划及违反承诺减持股份致歉公告》");
    assert_eq!((review["due"].as_str(), review["status"].as_str()), (Some("2023-02-21"), Some("overdue")));
    assert_eq!(review["citation"]["grade"], "verified");
}

#[test]
fn the_ics_file_imports_in_an_independent_parser() {
    let json = json(example(), &["--on", "2026-11-24"]);
    let dated = json["duties"].as_array().unwrap().iter().filter(|d| d["due"].is_string()).count();
    let ics = ok(example(), &["--on", "2026-11-24", "--format", "ics"]);
    assert!(ics.lines().all(|l| l.len() <= 75), "lines are folded at 75 octets");
    assert!(ics.split_inclusive('\n').all(|l| l.ends_with("\r\n")), "lines end in CRLF");

    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let calendar = calendars.next().expect("one calendar").expect("it parses");
    assert!(calendars.next().is_none());
    assert_eq!(calendar.events.len(), dated);
    let property = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
        event.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    let event = calendar
        .events
        .iter()
        .find(|e| property(e, "SUMMARY") == "青云科技：披露年度持续督导跟踪报告（2023年度）")
        .expect("the FY2023 tracking report is an event");
    assert_eq!(property(event, "DTSTART"), "20240521");
    assert_eq!(property(event, "DTEND"), "20240522");
    let description = property(event, "DESCRIPTION");
    assert!(description.contains("依据：《上海证券交易所科创板股票上市规则》第 3.2.15 条（已核对原文）"), "{description}");
    assert!(description.contains("公司：青云科技（688316）"));
    let uids: std::collections::BTreeSet<String> = calendar.events.iter().map(|e| property(e, "UID")).collect();
    assert_eq!(uids.len(), dated, "every event has its own UID");
}

#[test]
fn from_and_to_keep_the_duties_due_between_them_and_those_lacking_a_date() {
    let json = json(example(), &["--on", "2026-11-24", "--from", "2024-01-01", "--to", "2024-06-30"]);
    let dues: Vec<&str> = json["duties"].as_array().unwrap().iter().filter_map(|d| d["due"].as_str()).collect();
    assert_eq!(dues, ["2024-04-25", "2024-05-07", "2024-05-21"]);
    assert!(json["duties"].as_array().unwrap().iter().any(|d| d["status"] == "missing_trigger"));
}

#[test]
fn a_violation_is_due_for_report_five_working_days_after_discovery() {
    let case = CaseCopy::new();
    case.edit("worklog/2023.toml", "# discovered = 2023-02-14", "discovered = 2023-02-14");
    // Tue 2023-02-14: 02-15, 02-16, 02-17, 02-20, 02-21.
    let violation =
        json(&case.dir, &["--on", "2023-02-16"])["duties"].as_array().unwrap().iter().find(|d| d["obligation"] == "violation-report").cloned().unwrap();
    assert_eq!((violation["due"].as_str(), violation["status"].as_str()), (Some("2023-02-21"), Some("open")));

    // Over Spring Festival 2024: 除夕 02-09 was a working day, 02-10 … 02-17 a holiday, and
    // Sunday 02-18 a make-up working day: 02-09, 02-18, 02-19, 02-20, 02-21.
    let festival = CaseCopy::new();
    festival.edit("worklog/2023.toml", "# discovered = 2023-02-14", "discovered = 2024-02-08");
    festival.edit("worklog/2023.toml", "# reported = 2023-02-20", "reported = 2024-02-22");
    let json = json(&festival.dir, &["--on", "2024-03-01"]);
    let violation = json["duties"].as_array().unwrap().iter().find(|d| d["obligation"] == "violation-report").unwrap();
    assert_eq!(violation["due"], "2024-02-21");
    assert_eq!(violation["status"], "done_late");
}

#[test]
fn bad_input_is_refused() {
    let output = deadlines(example(), &["--on", "2023-02-30"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("“2023-02-30”不是有效的日期"));
    let case = CaseCopy::new();
    case.edit("events.toml", "kind = \"annual_report\"      #", "kind = \"yearly_report\"      #");
    let output = deadlines(&case.dir, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim_end(),
        format!(
            "错误：{}:30:8：字段 announcements[1].kind：未知取值 “yearly_report”：应为 annual_report、semiannual_report、quarterly_report、results_forecast、preliminary_results、other 之一",
            case.path("events.toml")
        )
    );
}
