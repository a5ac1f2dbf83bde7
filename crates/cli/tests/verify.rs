//! `dudao verify` as a user runs it: the seed, dudao's own reports, PDF input, folders,
//! and unreadable input.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{CaseCopy, Report};
use dudao_testkit::ScratchDir;

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
    assert_eq!(findings[0]["evidence"][0]["line"], 858);
    assert!(findings[0]["computation"]["excerpt"].as_str().unwrap().contains("较2021年度减少16.19个百分"));
    assert_eq!((findings[1]["severity"].as_str(), findings[1]["evidence"][0]["line"].as_u64()), (Some("info"), Some(930)));
    assert_eq!((findings[2]["severity"].as_str(), findings[2]["evidence"][0]["line"].as_u64()), (Some("info"), Some(953)));
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
    assert_eq!(findings[0]["evidence"][0]["line"], 6);
    assert!(findings[0]["message"].as_str().unwrap().contains("= 10.07%，文中为增长10.17%"));
}

#[test]
fn a_real_annual_report_as_json_names_pages_and_counts_the_claims() {
    let pdf = fixtures().join("annual-reports/2021-04-23_生物股份_600201_2020年年度报告.pdf");
    let output = verify(&[pdf.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json = json(&output);
    let note = &json["findings"][0];
    assert_eq!((note["rule"].as_str(), note["severity"].as_str()), (Some("verify.quarterly"), Some("info")));
    assert_eq!((note["evidence"][0]["page"].as_u64(), note["evidence"][0]["line"].as_u64()), (Some(6), Some(41)));
    let computation = &note["computation"];
    assert_eq!((computation["stated"].as_str(), computation["computed"].as_str()), (Some("392,188,209.82"), Some("392,188,209.83")));
    assert_eq!(computation["terms"].as_array().map(Vec::len), Some(4));
    let summary = &json["summary"][0];
    assert_eq!(summary["claims_checked"]["verify.table-change"], 11);
    assert_eq!(summary["claims_checked"]["verify.quarterly"], 4);
    assert!(summary["total"].as_u64().unwrap() >= 10);
    let text = String::from_utf8(verify(&[pdf.to_str().unwrap()]).stdout).unwrap();
    assert!(text.contains("第 6 页第 41 行：提示[verify.quarterly]"), "{text}");
    assert!(text.contains("主要会计数据表的增减列（同比、百分点、不适用） 11 项"), "{text}");
}

#[test]
fn folders_and_many_files_run_in_parallel_with_a_summary() {
    let dir = ScratchDir::new("verify-folders");
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
}

#[test]
fn unreadable_input_exits_2_with_the_reason() {
    let dir = ScratchDir::new("verify-bad");
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
}

#[test]
fn random_bytes_and_a_truncated_pdf_exit_2_naming_the_file() {
    let dir = ScratchDir::new("verify-corrupt");
    let noise = dudao_testkit::noise(0x2545_f491_4f6c_dd1d_u64, 50_000);
    let random = dir.join("随机字节.pdf");
    std::fs::write(&random, noise).unwrap();
    let real = std::fs::read(fixtures().join("annual-reports/2021-04-23_生物股份_600201_2020年年度报告.pdf")).unwrap();
    let truncated = dir.join("truncated.pdf");
    std::fs::write(&truncated, &real[..real.len() / 2]).unwrap();
    for path in [&random, &truncated] {
        let output = verify(&[path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{}", path.display());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with(&format!("错误：{}：无法从 PDF 提取文本，文件可能已损坏或不是 PDF", path.display())), "{stderr}");
        assert!(String::from_utf8(output.stdout).unwrap().ends_with("1 个文件无法读取\n"));
    }
    // One unreadable file among readable ones: the others are still verified, and it is named.
    let seed = dir.join("seed.txt");
    std::fs::copy(fixtures().join("qingcloud-2023-tracking-report.txt"), &seed).unwrap();
    let output = verify(&[seed.to_str().unwrap(), truncated.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stdout).unwrap().ends_with("核对 2 个文件：错误 1 项，提示 2 项，1 个文件无法读取\n"));
    assert!(String::from_utf8(output.stderr).unwrap().contains(&format!("{}：", truncated.display())));
}

#[test]
fn an_empty_file_of_each_form_has_nothing_to_verify_and_an_empty_pdf_is_refused() {
    let dir = ScratchDir::new("verify-empty");
    for name in ["empty.txt", "empty.md", "empty.html", "empty.jsonl"] {
        let path = dir.join(name);
        std::fs::write(&path, "").unwrap();
        let output = verify(&[path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8(output.stdout).unwrap().contains("未识别到可核对的数据"), "{name}");
    }
    let pdf = dir.join("empty.pdf");
    std::fs::write(&pdf, "").unwrap();
    let output = verify(&[pdf.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().starts_with(&format!("错误：{}：无法从 PDF 提取文本", pdf.display())));
}

#[test]
fn broken_html_tables_are_read_without_failing() {
    let dir = ScratchDir::new("verify-html");
    let cells: String = (0..200_000).map(|i| if i % 100 == 0 { format!("<tr><td>{i}</td>") } else { format!("<td>{i}.00</td>") }).collect();
    let inputs = [
        "<table><tr><td>项目<td>2023年<td>2022年<tr><td>营业收入<td>1,100.00<td>1,000.00".to_owned(),
        "<table><tr><td rowspan=999999>项目</td><td colspan=0>2023年</td></tr><tr><td colspan=0>1.00</td></tr></table>".to_owned(),
        format!("<p>单位：元</p><table>{cells}</table><p>之后的文字。</p>"),
    ];
    for (i, html) in inputs.iter().enumerate() {
        let path = dir.join(format!("broken{i}.html"));
        std::fs::write(&path, html).unwrap();
        let output = verify(&[path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{i}: {}", String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
fn a_bad_json_page_line_exits_2_naming_the_file_and_line() {
    let dir = ScratchDir::new("verify-jsonl");
    let path = dir.join("pages.jsonl");
    std::fs::write(&path, "{\"page\": 1, \"text\": \"单位：元\"}\n\n{\"page\": 2, \"text\": \n").unwrap();
    let output = verify(&[path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with(&format!("错误：{}：第 3 行：", path.display())), "{stderr}");
    assert!(stderr.contains("不是有效的 JSON"), "{stderr}");
}

#[test]
fn figures_beyond_the_decimal_range_do_not_crash_verify() {
    let dir = ScratchDir::new("verify-absurd");
    let passages = [
        "出售79228162514264337593543950335股，成交均价50.00元/股，成交金额100.00元。",
        "出售1,000股，成交均价0.00000000000000000000000000001元/股，成交金额100.00元。",
        "甲持有公司79228162514264337593543950335股，占总股本0.01%；乙持有公司1,000股，占总股本0.01%；丙持有公司1,000股，占总股本0.01%。",
        "单位：元\n项目  2023年  2022年  本期比上年同期增减(%)\n营业收入  99999999999999999999999999999.99  0.01  999999999999999999999999999999\n",
    ];
    for (i, text) in passages.iter().enumerate() {
        let path = dir.join(format!("absurd{i}.txt"));
        std::fs::write(&path, text).unwrap();
        let output = verify(&[path.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(matches!(output.status.code(), Some(0 | 1)), "{text}\n→ exit {:?}: {stderr}", output.status.code());
    }
}

#[test]
fn a_file_over_eight_mib_is_verified_in_parts_at_the_lines_of_the_whole() {
    // The seed (findings at lines 858, 930 and 953 of its 1,0xx lines) repeated past 8 MiB:
    // every finding sits at one of those lines of some copy.
    let seed = std::fs::read_to_string(fixtures().join("qingcloud-2023-tracking-report.txt")).unwrap();
    let lines = seed.lines().count() as u64;
    let copies = (9 << 20) / seed.len() + 1;
    let scratch = ScratchDir::new("verify-parts");
    let big = scratch.join("big.txt");
    std::fs::write(&big, seed.repeat(copies)).unwrap();
    let output = verify(&[big.to_str().unwrap(), "--format", "json", "--jobs", "2"]);
    assert_eq!(output.status.code(), Some(1));
    let json = json(&output);
    let found: Vec<u64> = json["findings"].as_array().unwrap().iter().map(|f| f["evidence"][0]["line"].as_u64().unwrap()).collect();
    let misplaced: Vec<&u64> = found.iter().filter(|line| ![858, 930, 953].contains(&((*line - 1) % lines + 1))).collect();
    assert!(misplaced.is_empty(), "{misplaced:?}");
    // At most the copies cut by a part boundary lose a finding.
    assert!(found.len() as u64 >= 3 * copies as u64 - 3, "{} of {}", found.len(), 3 * copies);
    assert!(found.windows(2).all(|w| w[0] < w[1]), "in file order");
}
