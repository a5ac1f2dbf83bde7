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

#[test]
fn dates_past_the_data_are_refused_with_the_last_known_date() {
    let output = dudao(&["calendar", "count", "2026-12-01", "2027-01-08", "--days", "trading"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim_end(),
        "错误：日期 2027-01-08 超出已知日历范围（2019-01-01 至 2026-12-31，最后已知日期为 2026-12-31）：dudao 不推测节假日安排；\
         交易所与国务院公布次年安排后，请以 --calendar 载入新的日历文件"
    );
    let output = dudao(&["calendar", "add", "2023-02-30", "1", "--days", "trading"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("“2023-02-30”不是有效的日期"));
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
}

#[test]
fn a_bad_line_stops_the_batch_by_its_number_with_nothing_written() {
    for (queries, message) in [
        ("add 2024-04-20 15 trading\nadd 2024-04-20 x trading\n", "错误：标准输入:2：天数“x”不是整数"),
        ("is 2024-05-01 lunar\n", "错误：标准输入:1：日的种类“lunar”未知"),
        ("{\"op\":\"add\",\"date\":\"2024-04-20\"}\n", "错误：标准输入:1：JSON 查询无效"),
        ("\n\nadd 2026-12-20 15 trading\n", "错误：标准输入:3：2026-12-20 之后第 15 个交易日超出已知日历范围"),
    ] {
        let output = batch(queries);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(output.stdout.is_empty());
        assert!(stderr.starts_with(message), "{stderr}");
    }
}
