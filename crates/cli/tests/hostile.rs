//! Hostile case folders: a case file that is a device, a pipe, a link out of the folder,
//! or too large is refused by name at once (exit 2), never read without bound.

mod common;

use std::os::unix::fs::symlink;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{CaseCopy, Report};

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

/// The example with `from` replaced by `to` in `file` is refused with `message` at a line
/// of `file`, within a second, by `check` and by `report`, which writes nothing.
fn implausible(file: &str, from: &str, to: &str, message: &str) {
    let case = CaseCopy::new();
    case.edit(file, from, to);
    let (output, took) = check(&case, &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{file}: {to}: {stderr}");
    assert!(took < Duration::from_secs(1));
    let located = stderr.strip_prefix(&format!("错误：{}:", case.path(file))).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    assert!(located && stderr.contains(message), "{file}: {to}: {stderr}");
    let (output, out) = case.report("docx");
    assert_eq!((output.status.code(), String::from_utf8(output.stderr).unwrap()), (Some(2), stderr), "report agrees with check");
    assert!(!out.exists(), "nothing written");
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
    // Beyond any listed company, and what made shares × price overflow (issue 14).
    implausible(
        "events.toml",
        "shares = 20000",
        "shares = 999999999999999999",
        "字段 share_sales[0].shares：“999999999999999999”超出合理范围：股数应不超过 10 万亿股",
    );
    implausible("events.toml", "average_price = \"51.97\"", "average_price = \"999999999999999999.99\"", "超出合理范围：每股价格应不超过 1,000,000 元");
    implausible(
        "financials.toml",
        "revenue                  = \"335,693,624.77\"",
        "revenue                  = \"999,999,999.99亿\"",
        "超出合理范围：金额应不超过 1 亿亿元",
    );
    implausible("events.toml", "stated_percent = \"0.04%\"", "stated_percent = \"104%\"", "持股比例 104% 应在 0% 到 100% 之间");
    implausible("events.toml", "date = 2023-02-07", "date = 9999-02-07", "超出可判断的日期范围：应在 1990 年至");
    implausible("company.toml", "listing_date = 2021-03-16", "listing_date = 1900-03-16", "超出可判断的日期范围");
    implausible("company.toml", "listing_date = 2021-03-16", "listing_date = 2099-03-16", "超出可判断的日期范围");
    implausible("funds.toml", "price              = \"63.70\"", "price              = \"0\"", "发行价格应为正数");
    implausible("commitments.toml", "days = 15", "days = 100000", "字段 commitments[0].terms.days：预先披露的天数 100000 不合理：应在 1 到 366 之间");
}

/// Malformed values of every kind a case holds: syntax, types, unknown keys and values,
/// impossible dates, figures that are not numbers, and references to nothing.
#[test]
fn malformed_values_are_refused_where_they_are_written() {
    for (file, from, to, message) in [
        ("company.toml", "[company]", "[company", "TOML 语法错误"),
        ("company.toml", "name = \"北京青云科技股份有限公司\"", "nme = \"北京青云科技股份有限公司\"", "字段 company.nme：未知字段 nme"),
        ("company.toml", "board = \"star\"", "board = \"nasdaq\"", "字段 company.board：未知取值 “nasdaq”"),
        ("company.toml", "offering = \"ipo\"", "offering = \"spac\"", "字段 company.offering：未知取值 “spac”"),
        ("company.toml", "stock_code = \"688316\"", "stock_code = 688316", "字段 company.stock_code：类型不符"),
        ("company.toml", "profitable_at_listing = false", "profitable_at_listing = \"no\"", "字段 company.profitable_at_listing：类型不符"),
        ("company.toml", "listing_date = 2021-03-16", "listing_date = 2021-02-30", "日期无效"),
        ("company.toml", "shares = 47462175", "shares = -5", "字段 total_shares[0].shares：“-5”不是有效的股数"),
        ("company.toml", "shares = 47462175", "shares = 4.5", "数字 4.5 应写成带引号的字符串"),
        ("events.toml", "id = \"tianxiang\"", "id = \"\"", "字段 share_sales[0].id：编号为空"),
        ("events.toml", "id = \"tianxiang-apology\"", "id = \"annual-report-2021\"", "编号“annual-report-2021”重复"),
        ("events.toml", "shares = 20000", "shares = 0", "字段 share_sales[0].shares：减持股数应为正数"),
        ("events.toml", "method = \"centralized_bidding\"", "method = \"dark_pool\"", "字段 share_sales[0].method：未知取值 “dark_pool”"),
        ("events.toml", "average_price = \"51.97\"", "average_price = \"五十\"", "“五十”不是有效的价格"),
        ("events.toml", "stated_percent = \"0.04%\"", "stated_percent = \"0.04\"", "“0.04”不是有效的百分比"),
        ("events.toml", "date = 2022-04-28", "date = 2022-13-28", "日期无效"),
        ("events.toml", "kind = \"annual_report\"      #", "kind = \"annual\"      #", "字段 announcements[1].kind：未知取值 “annual”"),
        ("events.toml", "# plan = \"tianxiang-2023\"", "plan = \"nope\"", "字段 share_sales[0].plan：减持计划“nope”不存在"),
        ("events.toml", "holder = \"苏州工业园区蝴蝶天翔投资中心（有限合伙）\"", "holder = \"\"", "字段 share_sales[0].holder：卖方“”未在"),
        ("shareholders.toml", "shares = 6709835", "shares = -1", "字段 holdings[0].shares：“-1”不是有效的股数"),
        ("shareholders.toml", "stated_percent = \"14.04%\"", "stated_percent = \"-14.04%\"", "持股比例 -14.04% 应在 0% 到 100% 之间"),
        ("shareholders.toml", "signed = 2019-07-15", "signed = 2019-07-15T10:00:00", "不是有效的日期"),
        ("commitments.toml", "kind = \"reduction_notice\"", "kind = \"promise\"", "未知取值 “promise”"),
        ("commitments.toml", "day_kind = \"trading\"", "day_kind = \"lunar\"", "未知取值 “lunar”"),
        ("commitments.toml", "made = \"2021-03\"", "made = \"2021-13\"", "“2021-13”不是有效的年月"),
        ("commitments.toml", "days = 15", "days = 0", "预先披露的天数 0 不合理"),
        ("commitments.toml", "by = \"苏州工业园区蝴蝶天翔投资中心（有限合伙）\"", "by = \"无名氏\"", "作出减持相关承诺的一方“无名氏”未在"),
    ] {
        implausible(file, from, to, message);
    }
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
    assert!(
        stderr.starts_with(&format!(
            "错误：{}:16：字段 items.5：模板错误：占位符 {{{{ sales.tianxiang.share }}}} 引用了不存在的字段",
            case.path("worklog/2023.toml")
        )),
        "{stderr}"
    );
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

/// `--out` writes only a new or a regular file: a symlink (its target untouched), a device,
/// a directory or a missing folder is refused by name, exit 2, before any work.
#[test]
fn an_output_that_is_not_a_regular_file_is_refused_by_name() {
    let scratch = dudao_testkit::ScratchDir::new("hostile-out");
    let target = scratch.join("target.md");
    std::fs::write(&target, "kept").unwrap();
    let link = scratch.join("link.md");
    symlink(&target, &link).unwrap();
    std::fs::create_dir(scratch.join("folder")).unwrap();
    let cases = [
        (link.clone(), "是符号链接：只写入新文件或普通文件"),
        ("/dev/null".into(), "不是普通文件（设备或管道）"),
        (scratch.join("folder"), "是目录：请写明目录中的文件名"),
        (scratch.join("missing/report.md"), "所在目录"),
    ];
    for (out, message) in cases {
        for command in [&["report", "--year", "2023"][..], &["workbook"][..]] {
            let output = Command::new(env!("CARGO_BIN_EXE_dudao"))
                .args(&command[..1])
                .arg(dudao_testkit::example_dir())
                .args(&command[1..])
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert_eq!(output.status.code(), Some(2), "{command:?} {}: {stderr}", out.display());
            assert!(stderr.starts_with(&format!("错误：{}：{message}", out.display())), "{stderr}");
        }
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept", "a link's target is never written");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "nor the link replaced");
}

/// A control character Word cannot hold — typed as a TOML escape in a representative's
/// name, or as itself in a narrative — is refused at load by file, line and column, before
/// any document is made of it.
#[test]
fn a_control_character_is_refused_where_it_is_written() {
    let case = CaseCopy::new();
    case.edit("company.toml", "representatives = [\"王鹤\", \"李振\"]", "representatives = [\"王鹤\\u0001\", \"李振\"]");
    let (output, _) = check(&case, &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let line = std::fs::read_to_string(case.dir.join("company.toml")).unwrap().lines().position(|l| l.contains("\\u0001")).unwrap() + 1;
    // Column 23: `representatives = ["` is 20 characters, 王鹤 two more, then the escape.
    assert!(stderr.starts_with(&format!("错误：{}:{line}:23：含有控制字符 U+0001：Word 文件无法容纳该字符，请删除", case.path("company.toml"))), "{stderr}");

    let case = CaseCopy::new();
    let risks = std::fs::read_to_string(case.dir.join("narrative/2023/risks.md")).unwrap();
    std::fs::write(case.dir.join("narrative/2023/risks.md"), format!("{risks}\n风险\u{0007}提示\n")).unwrap();
    let (output, _) = check(&case, &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("narrative/2023/risks.md:") && stderr.contains("：含有控制字符 U+0007"), "{stderr}");
}

/// HTML typed into a fact — a company's name, a narrative — is printed as text in an HTML
/// report, which carries its own Content-Security-Policy; the Word file keeps the text.
#[test]
fn html_in_a_fact_is_printed_never_run() {
    let case = CaseCopy::new();
    case.edit("company.toml", "name = \"北京青云科技股份有限公司\"", "name = \"北京青云<script>alert(1)</script>科技股份有限公司\"");
    let risks = std::fs::read_to_string(case.dir.join("narrative/2023/risks.md")).unwrap();
    std::fs::write(case.dir.join("narrative/2023/risks.md"), format!("{risks}\n<img src=x onerror=alert(2)>\n")).unwrap();
    let scratch = dudao_testkit::ScratchDir::new("hostile-html");
    for format in ["html", "docx"] {
        let out = scratch.join(format!("report.{format}"));
        let output = Command::new(env!("CARGO_BIN_EXE_dudao"))
            .args(["report", case.dir.to_str().unwrap(), "--year", "2023", "--format", format, "--out", out.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let html = std::fs::read_to_string(scratch.join("report.html")).unwrap();
    assert!(!html.contains("<script>") && !html.contains("<img src=x"), "no markup of the case runs");
    assert!(
        html.contains("北京青云&lt;script&gt;alert(1)&lt;/script&gt;科技股份有限公司") && html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "printed as text"
    );
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"));
    let docx = std::fs::read(scratch.join("report.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("&lt;img src=x onerror=alert(2)&gt;"), "the Word file keeps the narrative's text");
}

/// A case's prose that would loop without bound, or print a string a billion times, is
/// stopped by the templates' work budget: refused where it is written, in well under a
/// second, for `check` (which drafts every document) as for `report`.
#[test]
fn prose_that_would_run_without_bound_is_stopped() {
    for prose in ["{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "{{ \"x\" * 1000000000 }}"] {
        let case = CaseCopy::new();
        std::fs::write(case.dir.join("narrative/2023/risks.md"), format!("风险\n\n{prose}\n")).unwrap();
        let (output, took) = check(&case, &[]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(took < Duration::from_secs(5), "stopped, not run: {took:?}");
        assert!(stderr.starts_with(&format!("错误：{}:3：模板错误：模板运算超出上限（1000000 步", case.path("narrative/2023/risks.md"))), "{stderr}");
    }
}

/// A workbook read back is bounded by what it holds, never by what it declares: a sheet
/// claiming all of Excel's cells reads as the cells it has; a cell beyond any sheet dudao
/// writes, or a part that unpacks to far more than it declares, is refused by name.
#[test]
fn a_workbook_is_read_within_bounds() {
    let scratch = dudao_testkit::ScratchDir::new("hostile-xlsx");
    let exported = scratch.join("case.xlsx");
    let made = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["workbook", dudao_testkit::example_dir().to_str().unwrap(), "--on", "2026-11-24", "--out", exported.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let original = std::fs::read(&exported).unwrap();
    // The workbook with its sales sheet (sheet3.xml) changed by `edit`, every other part kept.
    let rewritten = |edit: &dyn Fn(String) -> String, extra: Option<(&str, Vec<u8>)>| -> std::path::PathBuf {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).unwrap();
            let name = part.name().to_owned();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut part, &mut bytes).unwrap();
            if name == "xl/worksheets/sheet3.xml" {
                bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
            }
            writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut writer, &bytes).unwrap();
        }
        if let Some((name, bytes)) = extra {
            writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut writer, &bytes).unwrap();
        }
        let path = scratch.join(format!("edited-{}.xlsx", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()));
        std::fs::write(&path, writer.finish().unwrap().into_inner()).unwrap();
        path
    };
    let ingest = |workbook: &std::path::Path| {
        let case = CaseCopy::new();
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_dudao"))
            .args(["ingest", workbook.to_str().unwrap(), "--case", case.dir.to_str().unwrap(), "--dry-run"])
            .output()
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(5), "bounded: {:?}", started.elapsed());
        (output.status.code(), String::from_utf8(output.stderr).unwrap())
    };
    let huge = |xml: String| xml.replace("<dimension ref=\"A1:J2\"/>", "<dimension ref=\"A1:XFD1048576\"/>");
    let (code, stderr) = ingest(&rewritten(&huge, None));
    assert_eq!(code, Some(0), "a declared dimension is not believed: {stderr}");
    let far = |xml: String| huge(xml).replace("</sheetData>", "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>");
    let (code, stderr) = ingest(&rewritten(&far, None));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("工作表“减持”有超出第 200000 行或第 64 列的单元格：不是 dudao 导出的工作簿"), "{stderr}");
    // 100 MB of spaces, packed to a few hundred KB.
    let (code, stderr) = ingest(&rewritten(&|xml| xml, Some(("xl/padding.xml", vec![b' '; 100 << 20]))));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("解压后超过 64 MB：不是 dudao 导出的工作簿"), "{stderr}");
}

/// `verify` (and ingest, and `new`) reads only a regular file: a device is not read until
/// memory runs out, a pipe is not waited on; each is refused by name, exit 2, at once.
#[test]
fn verify_reads_only_a_regular_file() {
    let scratch = dudao_testkit::ScratchDir::new("hostile-verify");
    let fifo = scratch.join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for input in [std::path::PathBuf::from("/dev/zero"), fifo] {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_dudao")).arg("verify").arg(&input).output().unwrap();
        assert!(started.elapsed() < Duration::from_secs(5), "{}: {:?}", input.display(), started.elapsed());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("错误：{}：不是普通文件（设备、管道或目录）：只读取普通文件", input.display())), "{stderr}");
    }
}

/// A list no real case has — ten thousand representatives — is refused at load by its field,
/// before a document writer would try to lay it out.
#[test]
fn an_implausible_list_is_refused_at_load() {
    let case = CaseCopy::new();
    let many: Vec<String> = (0..10_000).map(|n| format!("\"代表{n}\"")).collect();
    case.edit("company.toml", "representatives = [\"王鹤\", \"李振\"]", &format!("representatives = [{}]", many.join(", ")));
    let (output, took) = check(&case, &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(stderr.starts_with(&format!("错误：{}：字段 sponsor.representatives：保荐代表人有 10000 名", case.path("company.toml"))), "{stderr}");
}
