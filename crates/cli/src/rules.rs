//! `dudao rules`: the rulebook, as a list in Chinese or as JSON.

use std::path::PathBuf;

use clap::ValueEnum;
use dudao_rules::Rulebook;
use serde_json::json;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct RulesArgs {
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
    /// 规则参数覆盖文件 / a file overriding rule parameters
    #[arg(long)]
    rules: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    /// 中文列表 / a list in Chinese
    Text,
    /// JSON
    Json,
}

fn params(version: &dudao_rules::Version) -> String {
    version.params.iter().map(|(k, v)| format!("{k} = {}", dudao_rules::show(v))).collect::<Vec<_>>().join("，")
}

pub fn run(args: &RulesArgs) -> Result<(), Failure> {
    let rulebook = crate::check::rulebook(args.rules.as_ref())?;
    let text = match args.format {
        RulesFormat::Text => text(&rulebook),
        RulesFormat::Json => serde_json::to_string_pretty(&as_json(&rulebook)).map_err(|e| Failure::Internal(e.to_string()))? + "\n",
    };
    output::write_stdout(text.as_bytes()).map_err(Failure::Internal)
}

fn text(rulebook: &Rulebook) -> String {
    let mut out = String::new();
    for rule in rulebook.rules() {
        out += &format!("{}  {}（{}，{}）\n", rule.id, rule.title, rule.severity.chinese(), rule.regulation);
        for version in &rule.versions {
            out += &format!("  {} 起：{}［{}］", version.from, version.article, version.evidence.chinese());
            let params = params(version);
            if !params.is_empty() {
                out += &format!("  参数：{params}");
            }
            out += "\n";
        }
    }
    out
}

fn as_json(rulebook: &Rulebook) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = rulebook
        .rules()
        .iter()
        .map(|rule| {
            let versions: Vec<serde_json::Value> = rule
                .versions
                .iter()
                .map(|v| {
                    let params: serde_json::Map<String, serde_json::Value> =
                        v.params.iter().map(|(k, value)| (k.clone(), toml_to_json(value))).collect();
                    json!({
                        "from": v.from.to_string(),
                        "article": v.article,
                        "evidence": v.evidence.id(),
                        "source": v.source,
                        "params": params,
                    })
                })
                .collect();
            json!({
                "id": rule.id,
                "title": rule.title,
                "regulation": rule.regulation,
                "file": format!("rulebook/{}", rule.file),
                "severity": rule.severity.id(),
                "message": rule.message,
                "versions": versions,
            })
        })
        .collect();
    json!({ "rules": rules })
}

fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(n) => json!(n),
        toml::Value::Array(items) => serde_json::Value::Array(items.iter().map(toml_to_json).collect()),
        other => json!(dudao_rules::show(other)),
    }
}
