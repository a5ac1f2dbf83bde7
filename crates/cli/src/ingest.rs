//! `dudao ingest FILE --case DIR --dry-run`: the facts a company's annual report prints,
//! against what the case states — new, the same, or in conflict — each with the page and
//! line of the report and the file and line of the case. Writing them into the case is
//! not done yet, so `--dry-run` is required: nothing is ever written.

use std::path::PathBuf;

use clap::ValueEnum;
use dudao_ingest::{Standing, compare, extract};
use dudao_model::{CaseFiles, case_facts};
use serde_json::json;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// 年度报告（.pdf、.html、.txt）/ the annual report
    report: PathBuf,
    /// 案卷目录（可尚不存在）/ the case folder (it may not exist yet)
    #[arg(long)]
    case: PathBuf,
    /// 只预览差异，不写入（目前必须指定）/ show what would change and write nothing (required for now)
    #[arg(long, required = true)]
    dry_run: bool,
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
    let doc = dudao_reader::read_file(&args.report).map_err(|e| Failure::BadInput(format!("{shown}：{e}")))?;
    let extracted = extract(&doc).map_err(|e| Failure::BadInput(format!("{shown}：{e}")))?;
    let bad = |e: dudao_model::InputError| Failure::BadInput(e.to_string());
    let case = if args.case.exists() { case_facts(&args.case, &CaseFiles::read(&args.case).map_err(bad)?).map_err(bad)? } else { Vec::new() };
    let standings = compare(&extracted.facts, &case);
    let text = match args.format {
        IngestFormat::Text => {
            let mut out = format!("{shown}（{} 年度）与案卷 {} 对照（预览，未写入）：\n", extracted.year, args.case.display());
            let (mut new, mut same, mut conflicts) = (0, 0, 0);
            for (fact, standing) in &standings {
                match standing {
                    Standing::New => {
                        new += 1;
                        out += &format!("新增 {} = {}（报告{}）\n", fact.path, fact.value, fact.at);
                    }
                    Standing::Same { .. } => same += 1,
                    Standing::Conflict { value, origin } => {
                        conflicts += 1;
                        out += &format!("冲突 {}：案卷为 {value}（{origin}），报告为 {}（报告{}）；案卷的值保留\n", fact.path, fact.value, fact.at);
                    }
                }
            }
            out + &format!("新增 {new} 项，一致 {same} 项，冲突 {conflicts} 项\n")
        }
        IngestFormat::Json => {
            let facts: Vec<serde_json::Value> = standings
                .iter()
                .map(|(fact, standing)| {
                    let source = json!({ "file": shown.to_string(), "page": fact.at.page, "line": fact.at.line });
                    let (status, case) = match standing {
                        Standing::New => ("new", serde_json::Value::Null),
                        Standing::Same { origin } => ("same", json!({ "file": &*origin.file, "line": origin.line })),
                        Standing::Conflict { value, origin } => ("conflict", json!({ "value": value, "file": &*origin.file, "line": origin.line })),
                    };
                    json!({ "path": fact.path, "value": fact.value, "status": status, "source": source, "case": case })
                })
                .collect();
            serde_json::to_string_pretty(&json!({ "year": extracted.year, "facts": facts })).map_err(|e| Failure::Internal(e.to_string()))? + "\n"
        }
    };
    output::write_stdout(text.as_bytes()).map_err(Failure::Internal)
}
