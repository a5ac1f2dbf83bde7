//! Every command README.md shows runs as written: each line of its `sh` blocks that calls
//! `dudao` is run by a shell, in order, in a scratch copy of the repository's examples and
//! fixtures, with the `dudao` under test first on the PATH and a store of each section's
//! own in the scratch folder (each section is a tour a reader may follow alone). A command may report findings (exit 1 from `check`), never bad input or a crash.
//! Not run here: `cargo install` (the release build the first line asks for; CI builds the
//! same crate), `bash scripts/test` (CI runs it), `dudao serve` (it runs until stopped;
//! the web tests serve), and the PostgreSQL lines (the store's contract tests run them).

use std::path::{Path, PathBuf};
use std::process::Command;

use dudao_testkit::ScratchDir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shell commands of the README's `sh` blocks, comments and blank lines dropped, each
/// with its line number and the number of its `## ` section.
fn commands(readme: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let (mut in_block, mut section) = (false, 0);
    for (n, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_block = line == "```sh";
            continue;
        }
        if !in_block && line.starts_with("## ") {
            section += 1;
        }
        let command = line.trim();
        if in_block && !command.is_empty() && !command.starts_with('#') {
            out.push((n + 1, section, command.to_owned()));
        }
    }
    out
}

/// The part of a README command this test runs: the `dudao` command after a `cargo
/// install … &&`, or nothing for what it leaves to CI.
fn runnable(command: &str) -> Option<&str> {
    let command = command.rsplit_once("&& ").map_or(command, |(_, last)| last);
    let skipped = command.starts_with("cargo ")
        || command.starts_with("bash scripts/")
        || command.starts_with("export ")
        || command.contains("$DB")
        || command.contains("dudao serve");
    (!skipped && command.contains("dudao ")).then_some(command)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn every_dudao_command_in_the_readme_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let scratch = ScratchDir::new("readme");
    copy(&root().join("examples"), &scratch.join("examples"));
    copy(&root().join("tests/fixtures"), &scratch.join("tests/fixtures"));
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_dudao"));
    let path = format!("{}:{}", binary.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut ran = 0;
    let mut failed = Vec::new();
    for (line, section, command) in commands(&readme) {
        let Some(command) = runnable(&command) else { continue };
        let output = Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(&*scratch)
            .env("PATH", &path)
            .env("DUDAO_HOME", scratch.join(format!("home-{section}")))
            .output()
            .unwrap();
        ran += 1;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !matches!(output.status.code(), Some(0 | 1)) || stderr.contains("panicked") {
            failed.push(format!("README.md:{line}: `{command}` exited {:?}:\n{stderr}", output.status.code()));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    assert!(ran >= 15, "the README's commands are found and run ({ran})");
    assert!(scratch.join("report.docx").is_file() && scratch.join("qingcloud.ics").is_file());
    assert!(scratch.join("cases/四方科技/company.toml").is_file(), "the ingest tour writes its case");
}
