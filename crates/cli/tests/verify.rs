//! `dudao verify` as a user runs it: the seed, dudao's own reports, PDF input, folders,
//! and unreadable input.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{CaseCopy, Report};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn verify(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).arg("verify").args(args).output().unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_seed_has_one_error_and_two_rounding_notes() {
    let seed = fixtures().join("qingcloud-2023-tracking-report.txt");
    let output = verify(&[seed.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json = json(&output);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    assert_eq!(findings[0]["rule"], "verify.prose-change");
    assert_eq!(findings[0]["severity"], "error");
    assert_eq!(findings[0]["line"], 858);
    assert!(findings[0]["excerpt"].as_str().unwrap().contains("较2021年度减少16.19个百分"));
    assert_eq!((findings[1]["severity"].as_str(), findings[1]["line"].as_u64()), (Some("info"), Some(930)));
    assert_eq!((findings[2]["severity"].as_str(), findings[2]["line"].as_u64()), (Some("info"), Some(953)));
    let text = String::from_utf8(verify(&[seed.to_str().unwrap()]).stdout).unwrap();
    assert!(text.ends_with("核对 1 个文件：错误 1 项，提示 2 项\n"), "{text}");
}

#[test]
fn dudaos_own_reports_verify_without_error() {
    let case = CaseCopy::new();
    let (md, _) = case.report("md");
    let (html, _) = case.report("html");
    assert!(md.status.success() && html.status.success());
    let (md, html) = (case.dir.join("out.md"), case.dir.join("out.html"));
    let output = verify(&[md.to_str().unwrap(), html.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    let json = json(&output);
    assert!(json["findings"].as_array().unwrap().iter().all(|f| f["severity"] == "info"));
}

#[test]
fn a_pdf_is_read_through_pdftotext() {
    let pdf = fixtures().join("verify/excerpt-wrong-revenue-change.pdf");
    let output = verify(&[pdf.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let json = json(&output);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "verify.prose-change");
    assert_eq!(findings[0]["line"], 6);
    assert!(findings[0]["message"].as_str().unwrap().contains("= 10.07%，文中为增长10.17%"));
}

#[test]
fn folders_and_many_files_run_in_parallel_with_a_summary() {
    let dir = std::env::temp_dir().join(format!("dudao-verify-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let seed = std::fs::read_to_string(fixtures().join("qingcloud-2023-tracking-report.txt")).unwrap();
    for i in 0..6 {
        std::fs::write(dir.join(if i % 2 == 0 { format!("r{i}.txt") } else { format!("sub/r{i}.txt") }), &seed).unwrap();
    }
    std::fs::write(dir.join("notes.doc"), "ignored").unwrap();
    let output = verify(&[dir.to_str().unwrap(), "--jobs", "2"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text.ends_with("核对 6 个文件：错误 6 项，提示 12 项\n"), "{text}");
    assert!(output.stderr.is_empty(), "no progress bar when standard error is not a terminal");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreadable_input_exits_2_with_the_reason() {
    let dir = std::env::temp_dir().join(format!("dudao-verify-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let corrupt = dir.join("corrupt.pdf");
    std::fs::write(&corrupt, b"%PDF-1.4 this is not really a PDF").unwrap();
    let output = verify(&[corrupt.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with(&format!("错误：{}：无法从 PDF 提取文本，文件可能已损坏或不是 PDF", corrupt.display())), "{stderr}");

    let gbk = dir.join("gbk.txt");
    std::fs::write(&gbk, [0xc4, 0xea, 0xb6, 0xc8]).unwrap(); // 年度 in GBK
    let output = verify(&[gbk.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("第 1 字节处不是有效的 UTF-8 文本"));

    let pdf = fixtures().join("verify/excerpt-wrong-revenue-change.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_dudao")).args(["verify", pdf.to_str().unwrap()]).env("PATH", "").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("读取 PDF 需要 pdftotext，但未找到该程序：请安装 poppler-utils"));

    let output = verify(&[dir.join("missing.txt").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
