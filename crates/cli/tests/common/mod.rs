//! The test harness shared by the CLI tests: private copies of the example case.

#![allow(dead_code, reason = "each test file uses part of the harness")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A private copy of `examples/qingcloud` in a temporary folder, removed when dropped.
pub struct CaseCopy {
    pub dir: PathBuf,
}

impl CaseCopy {
    pub fn new() -> CaseCopy {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir()
            .join(format!("dudao-cli-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingcloud"), &dir);
        CaseCopy { dir }
    }

    /// Replaces the one occurrence of `from` in case file `file` with `to`.
    pub fn edit(&self, file: &str, from: &str, to: &str) -> &CaseCopy {
        let path = self.dir.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{from:?} should occur once in {file}");
        fs::write(&path, text.replace(from, to)).unwrap();
        self
    }

    pub fn path(&self, file: &str) -> String {
        self.dir.join(file).display().to_string()
    }

    /// Runs `dudao report` on the copy, writing into the copy's folder.
    pub fn report(&self, format: &str) -> (Output, PathBuf) {
        let out = self.dir.join(format!("out.{format}"));
        let output = Command::new(env!("CARGO_BIN_EXE_dudao"))
            .args(["report", self.dir.to_str().unwrap(), "--year", "2023", "--format", format, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        (output, out)
    }

    /// Runs the report in Markdown, expecting success; returns the report and stderr.
    pub fn markdown(&self) -> (String, String) {
        let (output, out) = self.report("md");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(output.status.success(), "dudao failed: {stderr}");
        (fs::read_to_string(out).unwrap(), stderr)
    }

    /// Runs the report expecting bad input: exit status 2, no output file, and exactly
    /// `message` on standard error.
    pub fn refused(&self, message: &str) {
        let (output, out) = self.report("docx");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
        assert_eq!(stderr.trim_end(), format!("错误：{message}"));
        assert!(!out.exists(), "no output may be written on bad input");
        let leftovers: Vec<_> = fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("dudao-"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
    }
}

impl Drop for CaseCopy {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

