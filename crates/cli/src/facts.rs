//! `dudao facts`: every fact of a case with its value and where it was written, as a list
//! (and, for a fact `dudao ingest` wrote, the document, page and line it was read from),
//! as a list or as JSON — the answer to "where does this figure come from?".

use std::path::PathBuf;

use clap::ValueEnum;
use dudao_model::{CaseFiles, case_facts, parse_case};
use serde_json::json;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct FactsArgs {
    /// 案卷目录 / the case folder
    case: PathBuf,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = FactsFormat::Text)]
    format: FactsFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum FactsFormat {
    /// 中文列表 / a list
    Text,
    /// JSON
    Json,
}

pub fn run(args: &FactsArgs) -> Result<(), Failure> {
    let bad = |e: dudao_model::InputError| Failure::BadInput(e.to_string());
    let files = CaseFiles::read(&args.case).map_err(bad)?;
    // Only a case that loads is listed, so the list never shows what checks would refuse.
    parse_case(&args.case, &files).map_err(bad)?;
    let facts = case_facts(&args.case, &files).map_err(bad)?;
    let text = match args.format {
        FactsFormat::Text => {
            let mut out = String::new();
            for fact in &facts {
                // One line a fact: a multi-line text shows its breaks as \n.
                let source = fact.source.as_ref().map(|s| format!("，取自 {s}")).unwrap_or_default();
                out += &format!("{} = {}（{}{source}）\n", fact.path, fact.value.replace('\n', "\\n"), fact.origin);
            }
            out + &format!("共 {} 项事实\n", facts.len())
        }
        FactsFormat::Json => {
            let list: Vec<serde_json::Value> = facts
                .iter()
                .map(|f| {
                    let source = f.source.as_ref().map(|s| json!({ "document": &*s.file, "page": s.page, "line": s.line }));
                    json!({ "path": f.path, "value": f.value, "origin": { "file": &*f.origin.file, "line": f.origin.line, "source": source } })
                })
                .collect();
            serde_json::to_string_pretty(&json!({ "facts": list })).map_err(|e| Failure::Internal(e.to_string()))? + "\n"
        }
    };
    output::write_stdout(text.as_bytes()).map_err(Failure::Internal)
}
