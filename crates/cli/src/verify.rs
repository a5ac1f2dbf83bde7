//! `dudao verify`: recompute every numeric claim in disclosures — text (including text
//! extracted from PDFs), dudao's Markdown and HTML, and PDF files through `pdftotext` —
//! on all cores, with a progress bar on a terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::ValueEnum;
use dudao_model::Severity;
use dudao_verify::{Discrepancy, Form};
use serde_json::json;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// 待核对的文件或目录（.txt、.md、.html、.pdf）/ files or folders to verify
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    format: VerifyFormat,
    /// 并行线程数，默认全部核心 / worker threads (default: all cores)
    #[arg(long)]
    jobs: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum VerifyFormat {
    /// 中文列表 / a list in Chinese
    Text,
    /// JSON
    Json,
}

/// What became of one file.
enum Outcome {
    Verified(Vec<Discrepancy>),
    Unreadable(String),
}

/// Runs the verification; `Ok(true)` when some claim is an error.
pub fn run(args: &VerifyArgs) -> Result<bool, Failure> {
    let files = collect(&args.paths)?;
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let progress = (std::io::stderr().is_terminal() && files.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 个文件 {elapsed}").expect("a valid template"));
        bar
    });
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(files.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let outcome = match read(path) {
                    Ok((text, form)) => Outcome::Verified(dudao_verify::verify(&text, form)),
                    Err(message) => Outcome::Unreadable(message),
                };
                results.lock().expect("no worker panics")[i] = Some(outcome);
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
            });
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let results: Vec<Outcome> = results.into_inner().expect("no worker panics").into_iter().flatten().collect();
    let text = match args.format {
        VerifyFormat::Text => text(&files, &results),
        VerifyFormat::Json => serde_json::to_string_pretty(&as_json(&files, &results)).map_err(|e| Failure::Internal(e.to_string()))? + "\n",
    };
    output::write_stdout(text.as_bytes()).map_err(Failure::Internal)?;
    let unreadable: Vec<String> = results
        .iter()
        .filter_map(|r| match r {
            Outcome::Unreadable(message) => Some(message.clone()),
            Outcome::Verified(_) => None,
        })
        .collect();
    if !unreadable.is_empty() {
        return Err(Failure::BadInput(unreadable.join("\n错误：")));
    }
    Ok(results.iter().any(|r| matches!(r, Outcome::Verified(found) if found.iter().any(|d| d.severity == Severity::Error))))
}

/// The files named, with folders expanded to the files in them (recursively, by name).
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).map_err(|e| Failure::BadInput(format!("{}：无法读取目录（{e}）", path.display())))?;
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Failure::BadInput(format!("{}：文件不存在", path.display())));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(extension(&path).as_str(), "txt" | "md" | "html" | "htm" | "pdf") {
            out.push(path);
        }
    }
    Ok(())
}

fn extension(path: &Path) -> String {
    path.extension().map_or_else(String::new, |e| e.to_string_lossy().to_lowercase())
}

/// The file's text and form; PDF through `pdftotext -layout`.
fn read(path: &Path) -> Result<(String, Form), String> {
    let shown = path.display();
    let form = match extension(path).as_str() {
        "md" => Form::Markdown,
        "html" | "htm" => Form::Html,
        "pdf" => return pdf_text(path).map(|text| (text, Form::Text)),
        _ => Form::Text,
    };
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}：无法读取（{e}）"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!("{shown}：第 {} 字节处不是有效的 UTF-8 文本：应为 UTF-8 编码的文本、Markdown 或 HTML（PDF 请用 .pdf 扩展名）", e.utf8_error().valid_up_to() + 1)
    })?;
    Ok((text, form))
}

fn pdf_text(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let output = Command::new("pdftotext").arg("-layout").arg("-enc").arg("UTF-8").arg(path).arg("-").output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("{shown}：读取 PDF 需要 pdftotext，但未找到该程序：请安装 poppler-utils（如 apt-get install poppler-utils）")
        } else {
            format!("{shown}：无法运行 pdftotext（{e}）")
        }
    })?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr);
        let reason = reason.lines().next().unwrap_or("").trim();
        return Err(format!("{shown}：无法从 PDF 提取文本，文件可能已损坏或不是 PDF（pdftotext：{reason}）"));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{shown}：pdftotext 输出的不是 UTF-8 文本"))
}

fn text(files: &[PathBuf], results: &[Outcome]) -> String {
    let mut out = String::new();
    let (mut errors, mut notes, mut unreadable) = (0, 0, 0);
    for (path, result) in files.iter().zip(results) {
        let Outcome::Verified(found) = result else {
            unreadable += 1;
            continue;
        };
        for d in found {
            match d.severity {
                Severity::Error => errors += 1,
                _ => notes += 1,
            }
            out += &format!("{}:{}：{}[{}] {}\n  原文：{}\n", path.display(), d.line, d.severity.chinese(), d.rule, d.message, d.excerpt);
        }
    }
    out += &format!(
        "核对 {} 个文件：错误 {errors} 项，提示 {notes} 项{}\n",
        files.len(),
        if unreadable > 0 { format!("，{unreadable} 个文件无法读取") } else { String::new() }
    );
    out
}

fn as_json(files: &[PathBuf], results: &[Outcome]) -> serde_json::Value {
    let mut findings = Vec::new();
    for (path, result) in files.iter().zip(results) {
        if let Outcome::Verified(found) = result {
            for d in found {
                findings.push(json!({
                    "file": path.display().to_string(),
                    "rule": d.rule,
                    "severity": d.severity.id(),
                    "line": d.line,
                    "excerpt": d.excerpt,
                    "message": d.message,
                }));
            }
        }
    }
    json!({ "findings": findings })
}
