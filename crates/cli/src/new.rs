//! `dudao new` and `dudao new-period`: a case started from the company's annual reports,
//! and a new year of a case. The reports' facts are ingested as `dudao ingest` does; the
//! sections a STAR tracking report restates (risks, core competitiveness, R&D, the
//! business review) become narrative drafts, each listed in `drafts.toml` as 待确认 with
//! the page it starts on, so the documents made from them say so until the sponsor
//! confirms them. Nothing is written unless the whole case loads.

use std::path::{Path, PathBuf};

use dudao_ingest::{excerpts, extract, plan};
use dudao_model::{Board, CaseFiles, DRAFTS_FILE, Draft, Period, drafts_text, parse_case};
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
    /// 该期的定期报告（可选），读入其事实并起草叙述 / the period's report, ingested
    #[arg(long = "from")]
    report: Option<PathBuf>,
}

/// What ingesting one report into `files` did.
struct Ingested {
    name: String,
    year: i16,
    added: usize,
    doc: Document,
}

/// Ingests `report` into `files` (the case as it will be), as `dudao ingest` does.
fn ingest(files: &mut CaseFiles, dir: &Path, report: &Path) -> Result<Ingested, Failure> {
    let shown = report.display();
    let name = report.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let doc = dudao_reader::read_file(report).map_err(|e| Failure::BadInput(format!("{shown}：{e}")))?;
    let extracted = extract(&doc, &name).map_err(|e| Failure::BadInput(format!("{shown}：{e}")))?;
    let plan = plan(&extracted, dir, files, false).map_err(|e| Failure::BadInput(format!("{shown}：{e}")))?;
    let added = plan.changes.iter().filter(|c| matches!(c.outcome, dudao_ingest::Outcome::Added)).count();
    for (path, text) in &plan.files {
        files.set(path, text.clone());
    }
    Ok(Ingested { name, year: extracted.year, added, doc })
}

/// The narrative drafts of `year` from `ingested`'s report, for a company whose tracking
/// report restates it (the STAR Market's); files the case already has are left alone.
fn draft_narratives(files: &mut CaseFiles, board: Board, ingested: &Ingested, drafts: &mut Vec<Draft>) {
    if board != Board::Star {
        return;
    }
    for excerpt in excerpts(&ingested.doc) {
        let file = format!("narrative/{}/{}.md", ingested.year, excerpt.stem);
        if files.get(&file).is_some() {
            continue;
        }
        files.set(&file, excerpt.text);
        let basis = format!("摘自 {} {}起（“{}”），为公司自述，须由保荐机构改写为核查意见", ingested.name, excerpt.at, excerpt.heading);
        drafts.push(Draft { file, field: None, basis });
    }
}

/// The drafts the case already lists, followed by `new`, as `files`' `drafts.toml`.
fn record_drafts(files: &mut CaseFiles, dir: &Path, new: &[Draft]) -> Result<(), Failure> {
    let mut all = dudao_model::read_drafts(dir, files).map_err(|e| Failure::BadInput(e.to_string()))?;
    all.extend(new.iter().cloned());
    if !all.is_empty() {
        files.set(DRAFTS_FILE, drafts_text(&all));
    }
    Ok(())
}

/// What the documents of `period` still lack, a line each, for the closing message.
fn still_lacking(dir: &Path, files: &CaseFiles, period: Period) -> String {
    let Ok(case) = parse_case(dir, files) else { return String::new() };
    let kind = dudao_render::document_kind(if matches!(period, Period::FirstHalf(_)) { "semiannual-tracking" } else { "annual-tracking" });
    let Some(kind) = kind else { return String::new() };
    match kind.missing(&case, dir, period, &[]) {
        Ok(missing) if missing.is_empty() => format!("{}（{}）可以生成\n", kind.name, period.chinese()),
        Ok(missing) => {
            let lines: String = missing.iter().map(|m| format!("  - {m}\n")).collect();
            format!("{}（{}）尚缺（dudao report --draft 可先生成标出缺项的草稿）：\n{lines}", kind.name, period.chinese())
        }
        Err(why) => format!("{why}\n"),
    }
}

/// The files of `files` that differ from `before`.
fn changed(files: &CaseFiles, before: &CaseFiles) -> CaseFiles {
    CaseFiles::from_pairs(files.iter().filter(|(path, text)| before.get(path) != Some(*text)).map(|(p, t)| (p.to_owned(), t.to_owned())))
}

pub fn run_new(args: &NewArgs) -> Result<(), Failure> {
    let dir = &args.case;
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || dir.is_file() {
        let message = format!("{} 已存在且不为空：dudao new 只在新目录中建立案卷（已有案卷请用 dudao ingest 或 dudao new-period）", dir.display());
        return Err(Failure::BadInput(message));
    }
    let mut files = CaseFiles::default();
    let mut ingested = Vec::new();
    for report in &args.reports {
        ingested.push(ingest(&mut files, dir, report)?);
    }
    let board = parse_case(dir, &files).map_err(|e| Failure::BadInput(e.to_string()))?.company.company.board;
    let mut drafts = Vec::new();
    for report in &ingested {
        draft_narratives(&mut files, board, report, &mut drafts);
    }
    // The latest year's work log, to fill: the tracking report is of that year.
    let latest = ingested.iter().map(|r| r.year).max();
    if let Some(year) = latest {
        files.set(&format!("worklog/{year}.toml"), work_log_skeleton(board, Period::Year(year)));
    }
    record_drafts(&mut files, dir, &drafts)?;
    parse_case(dir, &files).map_err(|e| Failure::BadInput(e.to_string()))?;
    files.write(dir).map_err(|e| Failure::Internal(format!("{}：写入失败（{e}）", dir.display())))?;

    let mut said = format!("已建立案卷 {}（{}）：\n", dir.display(), board.chinese());
    for report in &ingested {
        said += &format!("  {}：{} 年度，读入事实 {} 项\n", report.name, report.year, report.added);
    }
    said += &drafted(&drafts);
    if let Some(year) = latest {
        said += &format!("  新建 worklog/{year}.toml（逐项填写保荐机构的工作）\n");
        said += &still_lacking(dir, &files, Period::Year(year));
    }
    output::write_stdout(said.as_bytes()).map_err(Failure::Internal)
}

/// The closing message's line on the drafts made.
fn drafted(drafts: &[Draft]) -> String {
    if drafts.is_empty() {
        return String::new();
    }
    let files: Vec<&str> = drafts.iter().map(|d| d.file.as_str()).collect();
    format!("起草叙述文件 {} 份（摘自报告，待确认，见 drafts.toml）：{}\n", drafts.len(), files.join("、"))
}

pub fn run_new_period(args: &NewPeriodArgs) -> Result<(), Failure> {
    let dir = &args.case;
    let bad = |e: dudao_model::InputError| Failure::BadInput(e.to_string());
    let before = CaseFiles::read(dir).map_err(bad)?;
    let case = parse_case(dir, &before).map_err(bad)?;
    let board = case.company.company.board;
    let period = args.period;
    let log = format!("worklog/{period}.toml");
    if before.get(&log).is_some() {
        return Err(Failure::BadInput(format!("{} 已有 {log}：该报告期已建立", dir.display())));
    }
    let mut files = before.clone();
    let mut said = format!("{} 建立 {}：\n", dir.display(), period.chinese());
    let mut drafts = Vec::new();
    if let Some(report) = &args.report {
        let ingested = ingest(&mut files, dir, report)?;
        if Period::Year(ingested.year) != period {
            let message = format!("{} 是 {} 年度的报告，与报告期 {period} 不符", report.display(), ingested.year);
            return Err(Failure::BadInput(message));
        }
        said += &format!("  {}：读入事实 {} 项\n", ingested.name, ingested.added);
        draft_narratives(&mut files, board, &ingested, &mut drafts);
    }
    files.set(&log, work_log_skeleton(board, period));
    record_drafts(&mut files, dir, &drafts)?;
    parse_case(dir, &files).map_err(bad)?;
    let changed = changed(&files, &before);
    changed.write(dir).map_err(|e| Failure::Internal(format!("{}：写入失败（{e}）", dir.display())))?;
    said += &format!("  新建 {log}（逐项填写保荐机构的工作）\n");
    said += &drafted(&drafts);
    said += "  公司、股东、承诺、募集资金专户与减持计划为整个案卷的事实，沿用至新的报告期\n";
    said += &still_lacking(dir, &files, period);
    output::write_stdout(said.as_bytes()).map_err(Failure::Internal)
}

/// A work log to fill: what it holds and the item numbers of the company's form, as
/// comments (an item left out is asked for, never assumed).
fn work_log_skeleton(board: Board, period: Period) -> String {
    let items = board.work_items().join("、");
    format!(
        "# {name}持续督导工作记录（dudao new-period 建立）：逐项写明保荐机构的工作，格式见 docs/case-format.md。\n\
         # 发现的问题：未发现的写 problems = []，否则逐项写 [[problems]]；现场检查、培训、向交易所报告等写为\n\
         # [[inspections]]、[[trainings]]、[[violations]]，出具的文件写为 [[publications]]。\n\
         #\n\
         # [items] 的编号（{board}公司的跟踪报告）：{items}\n",
        name = period.chinese(),
        board = board.chinese(),
    )
}
