//! `dudao ingest FILE --case DIR [--dry-run] [--overwrite]`: a company's annual report, or
//! an Excel workbook laid out as `dudao workbook` writes it, into its case — each fact new, the same, in conflict (kept), overwritten, or withheld
//! because the report's own arithmetic fails on it — with the report's page and line and
//! the case's file and line. Without `--dry-run` the changed files are written (each
//! through a temporary file) and `sources.toml` records where every written fact was read.

use std::path::PathBuf;

use clap::ValueEnum;
use dudao_ingest::{Outcome, extract, plan};
use dudao_model::CaseFiles;
use serde_json::json;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// 年度报告（.pdf、.html、.txt）或 Excel 工作簿（.xlsx，按 dudao workbook 导出的格式）/ the annual report, or a workbook
    report: PathBuf,
    /// 案卷目录（可尚不存在）/ the case folder (it may not exist yet)
    #[arg(long)]
    case: PathBuf,
    /// 只预览差异，不写入 / show what would change and write nothing
    #[arg(long)]
    dry_run: bool,
    /// 案卷已有不同的值时以报告为准 / replace values the case states differently
    #[arg(long)]
    overwrite: bool,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = IngestFormat::Text)]
    format: IngestFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum IngestFormat {
    /// 中文列表 / a list
    Text,
    /// JSON
    Json,
}

pub fn run(args: &IngestArgs) -> Result<(), Failure> {
    let shown = args.report.display();
    let name = args.report.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let workbook = args.report.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let extracted = if workbook {
        let bytes = std::fs::read(&args.report).map_err(|e| Failure::BadInput(format!("{shown}：无法读取（{e}）")))?;
        dudao_sheet::read(&bytes, &name).map_err(|e| Failure::BadInput(e.to_string()))?
    } else {
        let doc = dudao_reader::read_file(&args.report).map_err(|e| Failure::BadInput(format!("{shown}：{e}")))?;
        extract(&doc, &name).map_err(|e| Failure::BadInput(format!("{shown}：{e}")))?
    };
    let bad = |e: dudao_model::InputError| Failure::BadInput(e.to_string());
    let case = if args.case.exists() { CaseFiles::read(&args.case).map_err(bad)? } else { CaseFiles::default() };
    let plan = plan(&extracted, &args.case, &case, args.overwrite).map_err(|e| Failure::BadInput(e.to_string()))?;
    let write = !args.dry_run && !plan.files.is_empty();
    let text = match args.format {
        IngestFormat::Text => {
            let mut out = format!("{shown}（{} 年度）→ 案卷 {}：\n", extracted.year, args.case.display());
            // A workbook's "page" is its sheet, in the order `dudao workbook` writes them.
            let from = if workbook { "工作簿" } else { "报告" };
            let mut counts = [0; 5];
            for change in &plan.changes {
                let (fact, at) = (&change.fact, change.fact.at);
                let line = match &change.outcome {
                    Outcome::Added => format!("新增 {} = {}（{from}{at}）", fact.path, fact.value),
                    Outcome::Same { .. } => String::new(),
                    Outcome::Conflict { value, origin } => {
                        format!(
                            "冲突 {}：案卷为 {value}（{origin}），{from}为 {}（{from}{at}）；案卷的值保留（加 --overwrite 以{from}为准）",
                            fact.path, fact.value
                        )
                    }
                    Outcome::Overwritten { value, origin } => {
                        format!("改写 {}：{value}（{origin}）→ {}（{from}{at}）", fact.path, fact.value)
                    }
                    Outcome::Withheld { finding } => {
                        format!("未写入 {} = {}（{from}{at}）：报告自身的勾稽不成立——{finding}", fact.path, fact.value)
                    }
                };
                counts[outcome_index(&change.outcome)] += 1;
                if !line.is_empty() {
                    out += &line;
                    out.push('\n');
                }
            }
            let [added, same, conflicts, overwritten, withheld] = counts;
            out += &format!("新增 {added} 项，一致 {same} 项，冲突 {conflicts} 项，改写 {overwritten} 项，未写入 {withheld} 项\n");
            let files: Vec<&str> = plan.files.iter().map(|(path, _)| path.as_str()).collect();
            out += &match (files.is_empty(), args.dry_run) {
                (true, _) => format!("案卷已包含{from}的全部事实，未改动\n"),
                (false, true) => format!("预览，未写入（将改动：{}）\n", files.join("、")),
                (false, false) => format!("已写入：{}\n", files.join("、")),
            };
            out
        }
        IngestFormat::Json => {
            let facts: Vec<serde_json::Value> = plan
                .changes
                .iter()
                .map(|change| {
                    let fact = change.fact;
                    let source = json!({ "document": name, "page": fact.at.page, "line": fact.at.line });
                    let case_value = |value: &str, origin: &dudao_model::Origin| json!({ "value": value, "file": &*origin.file, "line": origin.line });
                    let (status, case, finding) = match &change.outcome {
                        Outcome::Added => ("new", serde_json::Value::Null, None),
                        Outcome::Same { origin } => ("same", json!({ "file": &*origin.file, "line": origin.line }), None),
                        Outcome::Conflict { value, origin } => ("conflict", case_value(value, origin), None),
                        Outcome::Overwritten { value, origin } => ("overwritten", case_value(value, origin), None),
                        Outcome::Withheld { finding } => ("withheld", serde_json::Value::Null, Some(finding)),
                    };
                    json!({ "path": fact.path, "value": fact.value, "status": status, "source": source, "case": case, "finding": finding })
                })
                .collect();
            let files: Vec<&str> = plan.files.iter().map(|(path, _)| path.as_str()).collect();
            let result = json!({ "year": extracted.year, "facts": facts, "files": files, "written": write });
            serde_json::to_string_pretty(&result).map_err(|e| Failure::Internal(e.to_string()))? + "\n"
        }
    };
    if write {
        let changed = CaseFiles::from_pairs(plan.files.iter().cloned());
        changed.write(&args.case).map_err(|e| Failure::Internal(format!("{}：写入失败（{e}）", args.case.display())))?;
    }
    output::write_stdout(text.as_bytes()).map_err(Failure::Internal)
}

fn outcome_index(outcome: &Outcome) -> usize {
    match outcome {
        Outcome::Added => 0,
        Outcome::Same { .. } => 1,
        Outcome::Conflict { .. } => 2,
        Outcome::Overwritten { .. } => 3,
        Outcome::Withheld { .. } => 4,
    }
}
