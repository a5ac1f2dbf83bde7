//! `dudao new` and `dudao new-period`: a case started from the company's annual reports,
//! and a new period of a case (`dudao_ingest::start`). Nothing is written unless the
//! whole case loads.

use std::path::{Path, PathBuf};

use dudao_ingest::{Report, Started, start};
use dudao_model::{CaseFiles, Period, parse_case};
use dudao_reader::Document;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct NewArgs {
    /// 新案卷的目录（应不存在或为空）/ the new case's folder (absent or empty)
    case: PathBuf,
    /// 公司的年度报告（PDF、HTML、文本或 JSON 页），可多份 / the company's annual reports
    #[arg(long = "from", required = true, num_args = 1..)]
    reports: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct NewPeriodArgs {
    /// 案卷目录 / the case folder
    case: PathBuf,
    /// 新的报告期：年度如 2024，半年度如 2024H1 / the new period
    #[arg(value_parser = crate::report::parse_period)]
    period: Period,
    /// 该期的年度报告（可选），读入其事实并起草叙述 / the period's annual report, ingested
    #[arg(long = "from")]
    report: Option<PathBuf>,
}

/// The reports at `paths`, read, with their file names.
fn read(paths: &[PathBuf]) -> Result<Vec<(String, Document)>, Failure> {
    paths
        .iter()
        .map(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let doc = dudao_reader::read_file(path).map_err(|e| Failure::BadInput(format!("{}：{e}", path.display())))?;
            Ok((name, doc))
        })
        .collect()
}

/// `start` on the reports read.
fn started(files: &CaseFiles, dir: &Path, read: &[(String, Document)], period: Option<Period>) -> Result<Started, Failure> {
    let reports: Vec<Report> = read.iter().map(|(name, doc)| Report { name, doc }).collect();
    start(files, dir, &reports, period).map_err(Failure::BadInput)
}

/// What the tracking report of `period` still lacks, for the closing message.
fn still_lacking(dir: &Path, files: &CaseFiles, period: Period) -> String {
    let Ok(case) = parse_case(dir, files) else { return String::new() };
    let id = if matches!(period, Period::FirstHalf(_)) { "semiannual-tracking" } else { "annual-tracking" };
    let Some(kind) = dudao_render::document_kind(id) else { return String::new() };
    match kind.missing(&case, dir, period, &[]) {
        Ok(missing) if missing.is_empty() => format!("{}（{}）可以生成\n", kind.name, period.chinese()),
        Ok(missing) => {
            let lines: String = missing.iter().map(|m| format!("  - {m}\n")).collect();
            format!("{}（{}）尚缺（dudao report --draft 可先生成标出缺项的草稿）：\n{lines}", kind.name, period.chinese())
        }
        Err(why) => format!("{why}\n"),
    }
}

/// The lines on what was started.
fn said(started: &Started, names: &[(String, Document)]) -> String {
    let mut out = String::new();
    for ((name, _), (year, added)) in names.iter().zip(&started.read) {
        out += &format!("  {name}：{year} 年度，读入事实 {added} 项\n");
    }
    if let Some(log) = &started.work_log {
        out += &format!("  新建 {log}（逐项填写保荐机构的工作）\n");
    }
    let (items, files): (Vec<_>, Vec<_>) = started.drafts.iter().partition(|d| d.field.is_some());
    if !files.is_empty() {
        let files: Vec<&str> = files.iter().map(|d| d.file.as_str()).collect();
        out += &format!("  起草叙述文件 {} 份（摘自报告，待确认，见 drafts.toml）：{}\n", files.len(), files.join("、"));
    }
    if !items.is_empty() {
        let fields: Vec<&str> = items.iter().filter_map(|d| d.field.as_deref()).collect();
        out += &format!("  预填工作记录 {} 项（待确认，见 drafts.toml）：{}\n", fields.len(), fields.join("、"));
    }
    out
}

pub fn run_new(args: &NewArgs) -> Result<(), Failure> {
    let dir = &args.case;
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || dir.is_file() {
        let message = format!("{} 已存在且不为空：dudao new 只在新目录中建立案卷（已有案卷请用 dudao ingest 或 dudao new-period）", dir.display());
        return Err(Failure::BadInput(message));
    }
    let reports = read(&args.reports)?;
    let started = started(&CaseFiles::default(), dir, &reports, None)?;
    started.files.write(dir).map_err(|e| Failure::Internal(format!("{}：写入失败（{e}）", dir.display())))?;
    let mut out = format!("已建立案卷 {}（{}）：\n", dir.display(), started.board.chinese()) + &said(&started, &reports);
    if let Some(year) = started.read.iter().map(|(year, _)| *year).max() {
        out += &still_lacking(dir, &started.files, Period::Year(year));
    }
    output::write_stdout(out.as_bytes()).map_err(Failure::Internal)
}

pub fn run_new_period(args: &NewPeriodArgs) -> Result<(), Failure> {
    let dir = &args.case;
    let bad = |e: dudao_model::InputError| Failure::BadInput(e.to_string());
    let before = CaseFiles::read(dir).map_err(bad)?;
    parse_case(dir, &before).map_err(bad)?;
    let period = args.period;
    let log = format!("worklog/{period}.toml");
    if before.get(&log).is_some() {
        return Err(Failure::BadInput(format!("{} 已有 {log}：该报告期已建立", dir.display())));
    }
    let reports = read(args.report.as_slice())?;
    let started = started(&before, dir, &reports, Some(period))?;
    if let Some((year, _)) = started.read.iter().find(|(year, _)| Period::Year(*year) != period) {
        return Err(Failure::BadInput(format!("{} 是 {year} 年度的报告，与报告期 {period} 不符", reports[0].0)));
    }
    // Only what changed is written: the rest of the case stays as it is, byte for byte.
    let changed = CaseFiles::from_pairs(started.files.iter().filter(|(path, text)| before.get(path) != Some(*text)).map(|(p, t)| (p.to_owned(), t.to_owned())));
    changed.write(dir).map_err(|e| Failure::Internal(format!("{}：写入失败（{e}）", dir.display())))?;
    let mut out = format!("{} 建立 {}：\n", dir.display(), period.chinese()) + &said(&started, &reports);
    out += "  公司、股东、承诺、募集资金专户与减持计划为整个案卷的事实，沿用至新的报告期\n";
    out += &still_lacking(dir, &started.files, period);
    output::write_stdout(out.as_bytes()).map_err(Failure::Internal)
}
