//! `dudao rules`: every id dudao's findings carry — the rulebook's rules (`check`), the
//! arithmetic checks of documents (`verify`) and the notes made while drafting (`report`)
//! — as a list in Chinese or as JSON; `--explain ID` tells one in full.

use std::path::PathBuf;

use clap::ValueEnum;
use dudao_model::Kind;
use dudao_rules::{Rule, Rulebook};
use serde_json::{Value, json};

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct RulesArgs {
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
    /// 规则参数覆盖文件 / a file overriding rule parameters
    #[arg(long)]
    rules: Option<PathBuf>,
    /// 详细说明一条规则：各版本、所引原文与示例 / explain one rule: its versions, the quoted text and an example
    #[arg(long, value_name = "ID")]
    explain: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    /// 中文列表 / a list in Chinese
    Text,
    /// JSON
    Json,
}

/// One id dudao may put on a finding.
enum Entry<'a> {
    /// A rule of the rulebook, judged by `dudao check`.
    Rule(&'a Rule),
    /// An arithmetic check of a document, made by `dudao verify` (and by ingest).
    Claim(&'static dudao_verify::ClaimKind),
    /// A note made while drafting a document with `dudao report`.
    Note(&'static dudao_render::NoteKind),
}

impl Entry<'_> {
    fn id(&self) -> &str {
        match self {
            Entry::Rule(rule) => &rule.id,
            Entry::Claim(claim) => claim.rule,
            Entry::Note(note) => note.id,
        }
    }

    fn title(&self) -> &str {
        match self {
            Entry::Rule(rule) => &rule.title,
            Entry::Claim(claim) => claim.title,
            Entry::Note(note) => note.title,
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Entry::Rule(rule) => rule.kind,
            Entry::Claim(_) => Kind::Consistency,
            Entry::Note(_) => Kind::Note,
        }
    }

    fn command(&self) -> &'static str {
        match self {
            Entry::Rule(_) => "check",
            Entry::Claim(_) => "verify",
            Entry::Note(_) => "report",
        }
    }
}

fn entries(rulebook: &Rulebook) -> Vec<Entry<'_>> {
    let rules = rulebook.rules().iter().map(Entry::Rule);
    let claims = dudao_verify::CLAIM_KINDS.iter().map(Entry::Claim);
    let notes = dudao_render::NOTES.iter().map(Entry::Note);
    rules.chain(claims).chain(notes).collect()
}

pub fn run(args: &RulesArgs) -> Result<(), Failure> {
    let rulebook = crate::check::rulebook(args.rules.as_ref())?;
    let entries = entries(&rulebook);
    let chosen: Vec<&Entry> = match &args.explain {
        Some(id) => vec![entries.iter().find(|e| e.id() == id).ok_or_else(|| unknown(id, &entries))?],
        None => entries.iter().collect(),
    };
    let text = match (args.format, &args.explain) {
        (RulesFormat::Text, None) => list(&chosen),
        (RulesFormat::Text, Some(_)) => explain(chosen[0]),
        (RulesFormat::Json, _) => {
            let rules: Vec<Value> = chosen.iter().map(|e| as_json(e)).collect();
            serde_json::to_string_pretty(&json!({ "rules": rules })).map_err(|e| Failure::Internal(e.to_string()))? + "\n"
        }
    };
    output::write_stdout(text.as_bytes()).map_err(Failure::Internal)
}

/// An unknown id, with the ids that share its family or its name as suggestions.
fn unknown(id: &str, entries: &[Entry]) -> Failure {
    let (family, name) = id.split_once('.').unwrap_or((id, id));
    let near: Vec<&str> = entries.iter().map(Entry::id).filter(|known| known.split_once('.').is_some_and(|(f, n)| f == family || n == name)).collect();
    let hint = if near.is_empty() { String::new() } else { format!("；相近的编号：{}", near.join("、")) };
    Failure::BadInput(format!("--explain：未知的规则编号 {id}（可用 `dudao rules` 列出全部编号）{hint}"))
}

fn params(version: &dudao_rules::Version) -> String {
    version.params.iter().map(|(k, v)| format!("{k} = {}", dudao_rules::show(v))).collect::<Vec<_>>().join("，")
}

fn list(entries: &[&Entry]) -> String {
    let sections = [("check", "规则库（dudao check）"), ("verify", "文件数据核对（dudao verify）"), ("report", "报告生成说明（dudao report）")];
    let mut out = String::new();
    for (command, heading) in sections {
        out += &format!("{heading}\n");
        for entry in entries.iter().filter(|e| e.command() == command) {
            out += &format!("{}  {}［{}］", entry.id(), entry.title(), entry.kind().chinese());
            if let Entry::Rule(rule) = entry {
                out += &format!("（{}，{}）\n", rule.severity.chinese(), rule.regulation);
                for version in &rule.versions {
                    out += &format!("  {} 起：{}［{}］", version.from, version.article, version.grade.chinese());
                    let params = params(version);
                    if !params.is_empty() {
                        out += &format!("  参数：{params}");
                    }
                    out += "\n";
                }
            } else {
                out += "\n";
            }
        }
        out += "\n";
    }
    out.pop();
    out
}

fn explain(entry: &Entry) -> String {
    let mut out = format!("{}  {}\n类别：{}；由 dudao {} 判断\n", entry.id(), entry.title(), entry.kind().chinese(), entry.command());
    match entry {
        Entry::Rule(rule) => {
            out += &format!("严重程度：{}\n法规：{}（rulebook/{}）\n", rule.severity.chinese(), rule.regulation, rule.file);
            out += &format!("提示语：{}\n示例：{}\n版本（每个版本适用至下一版本施行前一日）：\n", rule.message, rule.example);
            for version in &rule.versions {
                out += &format!("  {} 起：{}［{}］\n", version.from, version.article, version.grade.chinese());
                let params = params(version);
                if !params.is_empty() {
                    out += &format!("    参数：{params}\n");
                }
                out += &format!("    来源：{}\n", version.source);
            }
            if !rule.counterparts.is_empty() {
                out += "其他板块、年度的对应规定（其公司的核查结果援引之）：\n";
            }
            for c in &rule.counterparts {
                let boards: Vec<&str> = c.boards.iter().map(|b| b.chinese()).collect();
                let until = c.until.map(|u| format!("至 {u} 前")).unwrap_or_default();
                out +=
                    &format!("  {}：{} 起{until}，{}{}［{}］\n    来源：{}\n", boards.join("、"), c.from, c.regulation, c.article, c.grade.chinese(), c.source);
            }
        }
        Entry::Claim(_) => {
            out += "核对文件中陈述的数字与由同一文件其他数字重新计算的结果；差异在列示精度的四舍五入范围内为提示，超出为错误。\n";
        }
        Entry::Note(note) => out += &format!("{}\n", note.explanation),
    }
    out
}

fn as_json(entry: &Entry) -> Value {
    let mut value = json!({
        "id": entry.id(),
        "title": entry.title(),
        "kind": entry.kind().id(),
        "command": entry.command(),
    });
    match entry {
        Entry::Rule(rule) => {
            let versions: Vec<Value> = rule
                .versions
                .iter()
                .map(|v| {
                    let params: serde_json::Map<String, Value> = v.params.iter().map(|(k, value)| (k.clone(), toml_to_json(value))).collect();
                    json!({ "from": v.from.to_string(), "article": v.article, "grade": v.grade.id(), "source": v.source, "params": params })
                })
                .collect();
            value["severity"] = json!(rule.severity.id());
            value["regulation"] = json!(rule.regulation);
            value["file"] = json!(format!("rulebook/{}", rule.file));
            value["message"] = json!(rule.message);
            value["example"] = json!(rule.example);
            value["versions"] = json!(versions);
            let counterparts: Vec<Value> = rule
                .counterparts
                .iter()
                .map(|c| {
                    let boards: Vec<&str> = c.boards.iter().map(|b| b.id()).collect();
                    json!({ "boards": boards, "from": c.from.to_string(), "until": c.until.map(|u| u.to_string()), "regulation": c.regulation, "article": c.article, "grade": c.grade.id(), "source": c.source })
                })
                .collect();
            value["counterparts"] = json!(counterparts);
        }
        Entry::Claim(_) => {}
        Entry::Note(note) => value["explanation"] = json!(note.explanation),
    }
    value
}

fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(n) => json!(n),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        other => json!(dudao_rules::show(other)),
    }
}
