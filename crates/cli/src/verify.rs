//! `dudao verify`: recompute every numeric claim in disclosures — PDF, HTML, Markdown,
//! text and JSON pages, read by `dudao-reader` — on all cores, with a progress bar on a
//! terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::ValueEnum;
use dudao_model::Severity;
use dudao_verify::Verified;
use serde_json::json;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// 待核对的文件或目录（.pdf、.html、.md、.txt、.jsonl）/ files or folders to verify
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
    Verified(Verified),
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
    // One large file uses every worker on its parts; several files take one worker each.
    let part_jobs = if files.len() == 1 { jobs } else { 1 };
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(files.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    // A fault in one file is that file's failure, not the run's.
                    let verified = std::panic::catch_unwind(|| verify_file(path, part_jobs));
                    let outcome = match verified {
                        Ok(Ok(verified)) => Outcome::Verified(verified),
                        Ok(Err(error)) => Outcome::Unreadable(format!("{}：{error}", path.display())),
                        Err(_) => Outcome::Unreadable(format!("{}：核对时发生内部错误，请将该文件报告给 dudao 的维护者", path.display())),
                    };
                    results.lock().expect("no worker panics")[i] = Some(outcome);
                    if let Some(bar) = &progress {
                        bar.inc(1);
                    }
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
    Ok(results.iter().any(|r| matches!(r, Outcome::Verified(v) if v.findings.iter().any(|f| f.severity == Severity::Error))))
}

/// Verifies one file: whole, or a large text in parts (`dudao_reader::parts`) on up to
/// `jobs` threads, with memory bounded by the parts in flight, their findings in order.
fn verify_file(path: &Path, jobs: usize) -> Result<Verified, dudao_reader::ReadError> {
    let name = path.display().to_string();
    if !dudao_reader::in_parts(path, dudao_reader::PART_BYTES) {
        return dudao_reader::read_file(path).map(|doc| dudao_verify::verify(&doc, &name));
    }
    let form = dudao_reader::Form::of_file(path);
    let parts = dudao_reader::parts(path, dudao_reader::PART_BYTES)?;
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, dudao_reader::Part)>(jobs);
    let receive = Mutex::new(receive);
    let done: Mutex<Vec<(usize, Result<Verified, dudao_reader::ReadError>)>> = Mutex::default();
    let split = std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let Ok((index, part)) = receive.lock().expect("no worker panics").recv() else { break };
                    let verified = part.read(form).map(|doc| dudao_verify::verify(&doc, &name));
                    done.lock().expect("no worker panics").push((index, verified));
                }
            });
        }
        let mut sent = Ok(());
        for (index, part) in parts.enumerate() {
            match part {
                Ok(part) => {
                    if send.send((index, part)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    sent = Err(e);
                    break;
                }
            }
        }
        drop(send);
        sent
    });
    split?;
    let mut done = done.into_inner().expect("no worker panics");
    done.sort_by_key(|(index, _)| *index);
    let mut whole = Verified::default();
    for (_, verified) in done {
        let verified = verified?;
        whole.findings.extend(verified.findings);
        for (kind, count) in verified.checked {
            *whole.checked.entry(kind).or_default() += count;
        }
    }
    Ok(whole)
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
        } else if dudao_reader::EXTENSIONS.contains(&extension(&path).as_str()) {
            out.push(path);
        }
    }
    Ok(())
}

fn extension(path: &Path) -> String {
    path.extension().map_or_else(String::new, |e| e.to_string_lossy().to_lowercase())
}

/// The claims checked in one file: `核对 82 项：主要会计数据表的增减列（…） 11 项，…`.
fn checked_text(verified: &Verified) -> String {
    let total: usize = verified.checked.values().sum();
    let kinds: Vec<String> = dudao_verify::CLAIM_KINDS.iter().filter_map(|k| verified.checked.get(k.rule).map(|n| format!("{} {n} 项", k.title))).collect();
    if kinds.is_empty() { "未识别到可核对的数据".to_owned() } else { format!("核对 {total} 项：{}", kinds.join("，")) }
}

fn text(files: &[PathBuf], results: &[Outcome]) -> String {
    let mut out = String::new();
    let (mut errors, mut notes, mut unreadable) = (0, 0, 0);
    for (path, result) in files.iter().zip(results) {
        let Outcome::Verified(verified) = result else {
            unreadable += 1;
            continue;
        };
        for f in &verified.findings {
            match f.severity {
                Severity::Error => errors += 1,
                _ => notes += 1,
            }
            let at = f.evidence.first().map_or_else(|| path.display().to_string(), ToString::to_string);
            let quote = f.computation.as_ref().map_or("", |c| c.quote.as_str());
            out += &format!("{at}：{}[{}] {}\n  原文：{quote}\n", f.severity.chinese(), f.rule, f.message);
        }
        out += &format!("{}：{}\n", path.display(), checked_text(verified));
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
    let mut summary = Vec::new();
    for (path, result) in files.iter().zip(results) {
        let Outcome::Verified(verified) = result else { continue };
        for f in &verified.findings {
            let mut finding = crate::json::finding(f);
            finding["file"] = json!(path.display().to_string());
            findings.push(finding);
        }
        summary.push(json!({
            "file": path.display().to_string(),
            "claims_checked": verified.checked,
            "total": verified.checked.values().sum::<usize>(),
        }));
    }
    json!({ "findings": findings, "summary": summary })
}
