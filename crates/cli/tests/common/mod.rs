//! The CLI tests' harness: `dudao` run on private copies of the example case
//! (`dudao_testkit::CaseCopy`).

#![allow(dead_code, reason = "each test file uses part of the harness")]

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

pub use dudao_testkit::CaseCopy;

/// `dudao report` on a case copy.
pub trait Report {
    /// Runs `dudao report` on the copy, writing into the copy's folder.
    fn report(&self, format: &str) -> (Output, PathBuf);
    /// Runs the report in Markdown, expecting success; returns the report and stderr.
    fn markdown(&self) -> (String, String);
    /// The same as a draft (`--draft`): a case with an error `check` finds and no
    /// disposition of it makes a draft, not a report.
    fn draft(&self) -> (String, String);
    /// Runs the report expecting bad input: exit status 2, no output file, and exactly
    /// `message` on standard error.
    fn refused(&self, message: &str);
    /// Runs the report expecting the case to lack facts: exit status 1, no output file,
    /// and every one of `missing` listed on standard error.
    fn incomplete(&self, missing: &[String]);
}

impl Report for CaseCopy {
    fn report(&self, format: &str) -> (Output, PathBuf) {
        run_report(self, format, &[])
    }

    fn markdown(&self) -> (String, String) {
        succeeded(run_report(self, "md", &[]))
    }

    fn draft(&self) -> (String, String) {
        succeeded(run_report(self, "md", &["--draft"]))
    }

    fn refused(&self, message: &str) {
        let (output, out) = self.report("docx");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
        assert_eq!(stderr.trim_end(), format!("错误：{message}"));
        assert!(!out.exists(), "no output may be written on bad input");
        let leftovers: Vec<_> = fs::read_dir(&self.dir).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().contains("dudao-")).collect();
        assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
    }

    fn incomplete(&self, missing: &[String]) {
        let (output, out) = self.report("docx");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
        assert!(stderr.starts_with("案卷尚缺以下事实，补齐后才能生成报告："), "{stderr}");
        let listed: Vec<&str> = stderr.lines().filter_map(|l| l.strip_prefix("  - ")).collect();
        assert_eq!(listed, missing, "{stderr}");
        assert!(!out.exists(), "no report may be written for an incomplete case");
    }
}

fn run_report(case: &CaseCopy, format: &str, extra: &[&str]) -> (Output, PathBuf) {
    let out = case.dir.join(format!("out.{format}"));
    let output = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["report", case.dir.to_str().unwrap(), "--year", "2023", "--format", format, "--out"])
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    (output, out)
}

fn succeeded((output, out): (Output, PathBuf)) -> (String, String) {
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "dudao failed: {stderr}");
    (fs::read_to_string(out).unwrap(), stderr)
}
