//! `dudao calendar` as a user runs it: every day of 2019–2026 against the reference
//! calendars, the documented vectors, and refusals past the data.

use std::path::Path;
use std::process::{Command, Output};

fn dudao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).args(args).output().unwrap()
}

/// Runs `dudao calendar ARGS`, expecting success; returns standard output.
fn calendar(args: &[&str]) -> String {
    let output = dudao(&[&["calendar"], args].concat());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn reference(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/calendar").join(name)).unwrap()
}

#[test]
fn list_reproduces_the_reference_calendars_day_for_day() {
    assert_eq!(calendar(&["list", "2019-01-01", "2026-12-31", "--days", "trading"]), reference("sse_trading_days_2019_2026.csv"));
    assert_eq!(calendar(&["list", "2019-01-01", "2026-12-31", "--days", "working"]), reference("cn_workdays_2019_2026.csv"));
    assert_eq!(calendar(&["count", "2019-01-01", "2026-12-31", "--days", "trading"]), "1941\n");
    assert_eq!(calendar(&["count", "2019-01-01", "2026-12-31", "--days", "working"]), "1994\n");
}

#[test]
fn the_documented_vectors() {
    assert_eq!(calendar(&["count", "2023-01-16", "2023-02-07", "--days", "trading"]), "12\n");
    assert_eq!(calendar(&["count", "2023-01-16", "2023-02-07", "--days", "working"]), "14\n");
    assert_eq!(calendar(&["add", "2024-04-20", "15", "--days", "trading"]), "2024-05-15\n");
    assert_eq!(calendar(&["add", "2024-04-20", "15", "--days", "working"]), "2024-05-13\n");
    assert_eq!(calendar(&["add", "2024-04-20", "15", "--days", "calendar"]), "2024-05-05\n");
    // Negative N counts backwards: the last day a reduction plan could be disclosed for a
    // sale on 2023-02-07 with 15 trading days' notice.
    assert_eq!(calendar(&["add", "2023-02-07", "-15", "--days", "trading"]), "2023-01-10\n");
    assert_eq!(calendar(&["list", "2023-01-27", "2023-01-31", "--days", "working"]), "2023-01-28\n2023-01-29\n2023-01-30\n2023-01-31\n");
}

const REASON_2027: &str = "2027 年的节假日安排未载入（日历数据止于 2026-12-31），按《全国年节及纪念日放假办法》的法定节假日与 2025 年起的放假调休原则推算，\
                            未计调休上班日；通知公布后以 dudao calendar import 载入为准";

#[test]
fn dates_past_the_data_are_provisional_and_marked() {
    // 2026-12-21 … 31 hold 9 trading days; 2027-01-01 is 元旦; 01-04 … 08 and 01-11 make 15.
    assert_eq!(calendar(&["add", "2026-12-20", "15", "--days", "trading"]), format!("2027-01-11（暂定：{REASON_2027}）\n"));
    assert_eq!(calendar(&["count", "2026-12-01", "2027-01-08", "--days", "trading"]), format!("28（暂定：{REASON_2027}）\n"));
    let output = dudao(&["calendar", "list", "2026-12-30", "2027-01-05", "--days", "working"]);
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "2026-12-30\n2026-12-31\n2027-01-04（暂定）\n2027-01-05（暂定）\n");
    assert_eq!(String::from_utf8(output.stderr).unwrap(), format!("注：标“暂定”的日期：{REASON_2027}\n"));
    // Before the data nothing is guessed.
    let output = dudao(&["calendar", "count", "2018-12-01", "2019-01-08", "--days", "trading"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8(output.stderr).unwrap().starts_with("错误：日期 2018-12-01 超出已知日历范围（2019-01-01 至 2026-12-31"));
    let output = dudao(&["calendar", "add", "2023-02-30", "1", "--days", "trading"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("“2023-02-30”不是有效的日期"));
}

#[test]
fn the_provisional_holidays_of_a_year_say_how_they_were_worked_out() {
    let text = calendar(&["provisional", "2027"]);
    assert!(text.contains(
        "春节  2027-02-05 至 2027-02-12  工作日休假：02-05周五、02-08周一、02-09周二、02-10周三、02-11周四、02-12周五\n  农历除夕（2027-02-05）起放假 8 天"
    ));
    assert!(text.contains("劳动节  2027-05-01 至 2027-05-05"), "{text}");
    assert_eq!(dudao(&["calendar", "provisional", "2026"]).status.code(), Some(2));
}

#[test]
fn the_notices_imported_add_their_year_to_the_users_file() {
    let scratch = dudao_testkit::ScratchDir::new("cli-calendar-import");
    // The built-in calendar cut at the end of 2025, as a user's file was before the 2026 notices.
    let built_in = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/calendar/china.toml")).unwrap();
    let cut: String = built_in
        .lines()
        .filter(|l| !l.trim_start().starts_with("2026-"))
        .map(|l| if l.starts_with("last = ") { "last = 2025-12-31\n".to_owned() } else { format!("{l}\n") })
        .collect();
    let file = scratch.join("mine.toml");
    std::fs::write(&file, cut).unwrap();
    let path = file.to_str().unwrap();
    let notice = |name: &str| reference(&format!("notices/{name}"));
    let state_council = scratch.join("国务院通知.txt");
    let exchange = scratch.join("上交所通知.txt");
    std::fs::write(&state_council, notice("state-council-holiday-notice-2026.txt")).unwrap();
    std::fs::write(&exchange, notice("sse-closures-2026-reconstructed.txt")).unwrap();
    let output = dudao(&["calendar", "--calendar", path, "import", state_council.to_str().unwrap(), exchange.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), format!("已将 2026 年载入 {path}（日历数据至 2026-12-31）\n"));
    // The file now gives the published 2026, day for day.
    let expected = |name: &str| reference(name).lines().filter(|l| l.starts_with("2026-")).map(|l| format!("{l}\n")).collect::<String>();
    assert_eq!(calendar(&["--calendar", path, "list", "2026-01-01", "2026-12-31", "--days", "trading"]), expected("sse_trading_days_2019_2026.csv"));
    assert_eq!(calendar(&["--calendar", path, "list", "2026-01-01", "2026-12-31", "--days", "working"]), expected("cn_workdays_2019_2026.csv"));

    // A line it cannot read: the file, the line, what was expected; exit 2, the file unchanged.
    let before = std::fs::read_to_string(&file).unwrap();
    let bad = scratch.join("bad.txt");
    std::fs::write(&bad, "国务院办公厅关于2027年部分节假日安排的通知\n\n一、元旦：元月一日放假。\n").unwrap();
    let output = dudao(&["calendar", "--calendar", path, "import", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim_end(),
        format!(
            "错误：{}:3：无法识别“元旦”条目的放假日期：应为 “一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。” 这样的条目",
            bad.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    let output = dudao(&["calendar", "import", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_newer_calendar_file_is_used_when_given() {
    let scratch = dudao_testkit::ScratchDir::new("cli-calendar");
    let file = scratch.join("calendar.toml");
    std::fs::write(
        &file,
        "first = 2027-01-01\nlast = 2027-12-31\n[trading]\nsource = \"test\"\nclosed_weekdays = [2027-01-01]\n\
         [working]\nsource = \"test\"\nholidays = [2027-01-01]\nmakeup_workdays = []\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    // The file replaces the built-in calendar: 2026 is outside it.
    let outside = dudao(&["calendar", "--calendar", path, "add", "2026-12-31", "1", "--days", "trading"]);
    assert_eq!(outside.status.code(), Some(2));
    assert_eq!(calendar(&["--calendar", path, "add", "2027-01-01", "1", "--days", "trading"]), "2027-01-04\n");
}

/// Runs `dudao calendar batch` with `queries` on standard input.
fn batch(queries: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["calendar", "batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(queries.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_batch_answers_each_line_as_the_single_commands_do() {
    // The documented vectors above, as text and as JSON lines, with an empty line kept in
    // place; 2024-05-01 is Labour Day and 2024-04-28 a Sunday made a working day (调休).
    let queries = "add 2024-04-20 15 trading\ncount 2023-01-16 2023-02-07 working\n\nis 2024-05-01 trading\nadd 2023-02-07 -15 交易日\n\
        {\"op\":\"add\",\"date\":\"2024-04-20\",\"n\":15,\"days\":\"working\"}\n\
        {\"op\":\"count\",\"from\":\"2023-01-16\",\"to\":\"2023-02-07\",\"days\":\"trading\"}\n\
        {\"op\":\"is\",\"date\":\"2024-04-28\",\"days\":\"working\"}\n";
    let output = batch(queries);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "2024-05-15\n14\n\nfalse\n2023-01-10\n{\"date\":\"2024-05-13\"}\n{\"count\":12}\n{\"is\":true}\n");
    // Past the data: the answer carries the 暂定 mark and its reason, in kind.
    let output = batch("add 2026-12-20 15 trading\n{\"op\":\"is\",\"date\":\"2027-01-01\",\"days\":\"trading\"}\n");
    assert_eq!(String::from_utf8(output.stdout).unwrap(), format!("2027-01-11（暂定：{REASON_2027}）\n{{\"is\":false,\"provisional\":\"{REASON_2027}\"}}\n"));
}

#[test]
fn a_bad_line_stops_the_batch_by_its_number_with_nothing_written() {
    for (queries, message) in [
        ("add 2024-04-20 15 trading\nadd 2024-04-20 x trading\n", "错误：标准输入:2：天数“x”不是整数"),
        ("is 2024-05-01 lunar\n", "错误：标准输入:1：日的种类“lunar”未知"),
        ("{\"op\":\"add\",\"date\":\"2024-04-20\"}\n", "错误：标准输入:1：JSON 查询无效"),
        ("\n\nadd 2019-01-03 -5 trading\n", "错误：标准输入:3：2019-01-03 之前第 5 个交易日超出已知日历范围"),
    ] {
        let output = batch(queries);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(output.stdout.is_empty());
        assert!(stderr.starts_with(message), "{stderr}");
    }
}
