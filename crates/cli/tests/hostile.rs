//! Hostile case folders: a case file that is a device, a pipe, a link out of the folder,
//! or too large is refused by name at once (exit 2), never read without bound.

mod common;

use std::os::unix::fs::symlink;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::CaseCopy;

/// `dudao check CASE` with `env`, and how long it took.
fn check(case: &CaseCopy, env: &[(&str, &str)]) -> (Output, Duration) {
    let started = Instant::now();
    let output =
        Command::new(env!("CARGO_BIN_EXE_dudao")).args(["check", case.dir.to_str().unwrap(), "--on", "2026-11-24"]).envs(env.iter().copied()).output().unwrap();
    (output, started.elapsed())
}

fn refused(case: &CaseCopy, file: &str, env: &[(&str, &str)], message: &str) {
    let (output, took) = check(case, env);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(took < Duration::from_secs(1), "refused at once, not read: {took:?}");
    assert!(stderr.starts_with(&format!("错误：{}：{message}", case.path(file))), "{stderr}");
}

#[test]
fn a_case_file_that_is_a_device_is_refused_not_read() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let case = CaseCopy::new();
        std::fs::remove_file(case.dir.join("financials.toml")).unwrap();
        symlink(device, case.dir.join("financials.toml")).unwrap();
        refused(&case, "financials.toml", &[], "符号链接指向案卷目录之外（");
    }
}

#[test]
fn a_case_file_that_is_a_pipe_is_refused_not_waited_on() {
    let case = CaseCopy::new();
    std::fs::remove_file(case.dir.join("events.toml")).unwrap();
    let made = Command::new("mkfifo").arg(case.dir.join("events.toml")).status().unwrap();
    assert!(made.success());
    refused(&case, "events.toml", &[], "不是普通文件（设备、命名管道或套接字）：案卷只读取普通文件");
}

#[test]
fn a_link_out_of_the_case_is_refused_and_one_within_it_is_read() {
    let case = CaseCopy::new();
    let outside = dudao_testkit::ScratchDir::new("hostile-outside");
    std::fs::rename(case.dir.join("commitments.toml"), outside.join("commitments.toml")).unwrap();
    symlink(outside.join("commitments.toml"), case.dir.join("commitments.toml")).unwrap();
    refused(&case, "commitments.toml", &[], "符号链接指向案卷目录之外（");

    let within = CaseCopy::new();
    std::fs::rename(within.dir.join("commitments.toml"), within.dir.join("commitments.original")).unwrap();
    symlink(within.dir.join("commitments.original"), within.dir.join("commitments.toml")).unwrap();
    let (output, _) = check(&within, &[]);
    assert_eq!(output.status.code(), Some(1), "read through the link: the one error is found");
}

#[test]
fn a_file_or_case_over_the_limit_is_refused_and_the_limit_can_be_raised() {
    let case = CaseCopy::new();
    let large = format!("# 2 MiB of prose\n{}", "督导".repeat(350_000));
    std::fs::write(case.dir.join("narrative/2023/rd.md"), large).unwrap();
    refused(&case, "narrative/2023/rd.md", &[("DUDAO_MAX_CASE_FILE_MB", "1")], "文件超过 1 MiB");
    let (output, _) = check(&case, &[("DUDAO_MAX_CASE_FILE_MB", "4")]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The example with `from` replaced by `to` in `file` is refused with `message` at `file`.
fn implausible(file: &str, from: &str, to: &str, message: &str) {
    let case = CaseCopy::new();
    case.edit(file, from, to);
    let (output, took) = check(&case, &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{file}: {to}: {stderr}");
    assert!(took < Duration::from_secs(1));
    assert!(stderr.starts_with(&format!("错误：{}:", case.path(file))) && stderr.contains(message), "{file}: {to}: {stderr}");
}

#[test]
fn implausible_facts_are_refused_where_they_are_written() {
    implausible("company.toml", "shares = 47462175", "shares = 0", "字段 total_shares[0].shares：总股本应为正数");
    implausible("events.toml", "average_price = \"51.97\"", "average_price = \"-51.97\"", "字段 share_sales[0].average_price：成交均价应为正数");
    implausible(
        "events.toml",
        "average_price = \"51.97\"",
        "average_price = \"51.97000000000000000001\"",
        "字段 share_sales[0].average_price：“51.97000000000000000001”位数过多",
    );
    implausible(
        "financials.toml",
        "revenue                  = \"335,693,624.77\"",
        "revenue                  = \"335693624.770000000001\"",
        "位数过多：数字至多 18 位整数、10 位小数",
    );
    implausible("events.toml", "stated_percent = \"0.04%\"", "stated_percent = \"104%\"", "持股比例 104% 应在 0% 到 100% 之间");
    implausible("events.toml", "date = 2023-02-07", "date = 9999-02-07", "超出可判断的日期范围：应在 1990 年至");
    implausible("company.toml", "listing_date = 2021-03-16", "listing_date = 1900-03-16", "超出可判断的日期范围");
    implausible("company.toml", "listing_date = 2021-03-16", "listing_date = 2099-03-16", "超出可判断的日期范围");
    implausible("funds.toml", "price              = \"63.70\"", "price              = \"0\"", "发行价格应为正数");
    implausible("commitments.toml", "days = 15", "days = 100000", "字段 commitments[0].terms.days：预先披露的天数 100000 不合理：应在 1 到 366 之间");
}

#[test]
fn a_plan_window_that_ends_before_it_starts_is_refused() {
    let case = CaseCopy::new();
    case.append(
        "events.toml",
        "[[reduction_plans]]\nid = \"p\"\nholder = \"苏州天翔\"\ndisclosed = 2023-01-10\nwindow_start = 2023-04-30\nwindow_end = 2023-02-01\n",
    );
    let (output, _) = check(&case, &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("字段 reduction_plans[0].window_end：减持期间：结束日 2023-02-01 早于开始日 2023-04-30"), "{stderr}");
}

#[test]
fn check_refuses_prose_the_report_could_not_render() {
    // The same error `dudao report` gives (crates/cli/tests/cli.rs), now from `check` too.
    let case = CaseCopy::new();
    case.edit("worklog/2023.toml", "{{ sales.tianxiang.shares }}", "{{ sales.tianxiang.share }}");
    let (output, _) = check(&case, &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with(&format!("错误：{}:12：字段 items.5：模板错误：占位符引用了不存在的字段", case.path("worklog/2023.toml"))), "{stderr}");
    let syntax = CaseCopy::new();
    syntax.edit("worklog/2023.toml", "{{ sales.tianxiang.shares }}", "{{ sales.tianxiang.shares ");
    let (output, _) = check(&syntax, &[]);
    assert_eq!(output.status.code(), Some(2));
    // Prose cannot pull in a file from outside the case.
    let include = CaseCopy::new();
    include.edit("worklog/2023.toml", "{{ sales.tianxiang.shares }}", "{% include \"/etc/passwd\" %}");
    let (output, _) = check(&include, &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("字段 items.5：模板错误") && !stderr.contains("root:"), "{stderr}");
}

#[test]
fn an_event_beyond_the_calendar_is_refused_not_passed_over() {
    // The built-in calendar ends with 2026: a sale in 2027 cannot be judged by the rules
    // that count trading days from it, so every command that judges refuses the case.
    let case = CaseCopy::new();
    case.edit("events.toml", "date = 2023-02-07", "date = 2027-02-01");
    for command in ["check", "deadlines"] {
        let output = Command::new(env!("CARGO_BIN_EXE_dudao")).args([command, case.dir.to_str().unwrap(), "--on", "2026-11-24"]).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.starts_with("错误：events.toml:4：日期 2027-02-01 超出所用日历的范围（2019-01-01 至 2026-12-31）：按交易日、工作日计算的规则无法判断该事项"),
            "{command}: {stderr}"
        );
    }
}
