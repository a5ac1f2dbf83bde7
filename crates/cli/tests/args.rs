//! The command line's own language: help and argument errors in Chinese by default, in
//! English under an English locale; `-h` and `--help` describe dudao alike.

use std::process::{Command, Output};

fn dudao(locale: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", locale).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn argument_errors_are_chinese_with_the_subcommands_usage_and_exit_2() {
    let output = dudao("zh_CN.UTF-8", &["report", "examples/qingcloud", "--formt", "docx"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("错误：未知的参数 --formt；是否想输入 --format？\n\n用法：dudao report "), "{stderr}");
    let output = dudao("C.UTF-8", &["calendar", "add", "2024-13-01", "3", "--days", "trading"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).starts_with("错误：参数 <DATE> 的值“2024-13-01”无效：“2024-13-01”不是有效的日期"));
    let output = dudao("", &["chek"]);
    assert!(text(&output.stderr).starts_with("错误：未知的命令 chek；是否想输入 check？"));
    let output = dudao("", &["calendar", "add", "2024-01-02", "3", "--days", "weekly"]);
    assert!(text(&output.stderr).starts_with("错误：参数 --days <DAYS> 的值“weekly”无效：可选值为 trading、working、calendar"), "{}", text(&output.stderr));
}

#[test]
fn an_english_locale_gets_english_help_and_errors() {
    let output = dudao("en_US.UTF-8", &["report", "--formt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).starts_with("error: unexpected argument '--formt' found"), "{}", text(&output.stderr));
    let help = text(&dudao("en_GB.UTF-8", &["report", "--help"]).stdout);
    assert!(help.starts_with("render a supervision document from a case\n\nUsage: dudao report"), "{help}");
    assert!(help.contains("Options:") && !help.contains("选项"), "{help}");
}

#[test]
fn short_and_long_help_describe_dudao_alike_in_chinese() {
    let short = text(&dudao("zh_CN.UTF-8", &["-h"]).stdout);
    let long = text(&dudao("zh_CN.UTF-8", &["--help"]).stdout);
    let first = |s: &str| s.lines().next().unwrap_or_default().to_owned();
    assert_eq!(first(&short), first(&long));
    assert!(short.starts_with("督导（dudao）：保荐机构持续督导工作台"), "{short}");
    assert!(short.contains("用法：dudao <命令>") && short.contains("  report       生成持续督导文件"), "{short}");
    assert!(short.contains("-h, --help     显示帮助") && !short.contains(" / "), "{short}");
    let version = dudao("zh_CN.UTF-8", &["--version"]);
    assert!(version.status.success() && text(&version.stdout).starts_with("dudao "));
}

#[test]
fn serve_refuses_a_port_in_use_before_printing_an_address() {
    let scratch = dudao_testkit::ScratchDir::new("serve-port");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("127.0.0.1:{}", taken.local_addr().unwrap().port());
    let output = Command::new(env!("CARGO_BIN_EXE_dudao")).args(["serve", "--init", "--addr", &addr]).env("DUDAO_HOME", &*scratch).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("督导工作台：http"), "{stderr}");
    assert!(stderr.contains(&format!("错误：无法监听 {addr}（")) && stderr.contains("可换一个端口"), "{stderr}");
}
