//! `dudao check`: every finding the rulebook makes of a case, with its legal basis and the
//! facts behind it. Exit status 0 without errors, 1 with errors, 2 for bad input.

use std::path::PathBuf;

use clap::ValueEnum;
use dudao_model::{Choice, Date, Finding, Severity};
use dudao_rules::Rulebook;

use crate::calendar::{load, parse_date};
use crate::{Failure, output};

#[derive(clap::Args)]
pub struct CheckArgs {
    /// 案卷目录 / the case folder
    case: PathBuf,
    /// 判断所依据的日期，默认今天（北京时间）/ judge as of this date (default: today in Beijing)
    #[arg(long, value_parser = parse_date)]
    on: Option<Date>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// 规则参数覆盖文件 / a file overriding rule parameters
    #[arg(long)]
    rules: Option<PathBuf>,
    /// 日历文件（替代内置的 2019–2026 日历）/ a calendar file replacing the built-in one
    #[arg(long)]
    calendar: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    /// 中文列表 / a list in Chinese
    Text,
    /// JSON
    Json,
}

/// The rulebook to judge with: the shipped one, with a user's overrides if given.
pub fn rulebook(overrides: Option<&PathBuf>) -> Result<Rulebook, Failure> {
    match overrides {
        Some(path) => Rulebook::with_overrides(path).map_err(|e| Failure::BadInput(e.to_string())),
        None => Ok(Rulebook::shipped()),
    }
}

/// Runs the checks; `Ok(true)` when some finding is an error.
pub fn run(args: &CheckArgs) -> Result<bool, Failure> {
    let case = dudao_model::load_case(&args.case).map_err(|e| Failure::BadInput(e.to_string()))?;
    let calendar = load(args.calendar.as_ref())?;
    crate::calendar::covers(&case, &calendar)?;
    let rulebook = rulebook(args.rules.as_ref())?;
    let on = args.on.unwrap_or_else(dudao_model::Date::today_in_beijing);
    let findings = dudao_rules::check(&case, &calendar, on, &rulebook);
    prose_renders(&case, &args.case, &findings)?;
    let text = match args.format {
        CheckFormat::Text => text(&case, on, &findings),
        CheckFormat::Json => serde_json::to_string_pretty(&FindingsJson(&case, &findings)).map_err(|e| Failure::Internal(e.to_string()))? + "\n",
    };
    output::write_stdout(text.as_bytes()).map_err(Failure::Internal)?;
    Ok(findings.iter().any(|f| f.severity == Severity::Error))
}

/// The case's prose (work-log items, narratives) is rendered as templates by `report`, so a
/// placeholder naming no fact or a syntax error makes the case invalid for every command:
/// `check` drafts each document the case has facts for (a draft is made while facts are
/// still missing) and refuses the case as `report` would, with the file, line and field.
fn prose_renders(case: &dudao_model::Case, dir: &std::path::Path, findings: &[Finding]) -> Result<(), Failure> {
    let templates = dudao_render::Templates::defaults();
    for kind in dudao_render::KINDS {
        for (period, _) in kind.periods(case, dir, findings) {
            let rendered = kind.draft(case, dir, period, &templates, findings);
            if let Err(e @ (dudao_render::RenderError::Template { .. } | dudao_render::RenderError::Case(_))) = rendered {
                return Err(Failure::BadInput(e.to_string()));
            }
        }
    }
    Ok(())
}

/// What the sponsor made of `finding`, as `check` prints it: 已处理 or 不适用 with the
/// account; 待处理 for an error or warning without one (a note needs none).
fn handling(case: &dudao_model::Case, finding: &Finding) -> Option<String> {
    match case.disposition_of(finding) {
        Some(d) => Some(format!("  处理：{}\n  说明：{}\n", d.status.name(), d.account)),
        None => (finding.severity > Severity::Info).then(|| "  处理：待处理\n".to_owned()),
    }
}

fn text(case: &dudao_model::Case, on: Date, findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let company = &case.company.company.short_name;
    let pending = findings.iter().filter(|f| f.severity > Severity::Info && case.disposition_of(f).is_none()).count();
    let mut out = format!(
        "{company}：截至 {on}，错误 {} 项，警告 {} 项，提示 {} 项；错误与警告中待处理 {pending} 项\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    for finding in findings {
        out += &format!("\n{}[{}] {}\n", finding.severity.chinese(), finding.rule, finding.message);
        out += &handling(case, finding).unwrap_or_default();
        if let Some(citation) = &finding.citation {
            out += &format!("  依据：{}\n", citation.text());
        }
        if !finding.evidence.is_empty() {
            let at: Vec<String> = finding.evidence.iter().map(|o| o.to_string()).collect();
            out += &format!("  事实：{}\n", at.join("、"));
        }
    }
    out
}

/// `{"findings": [...]}`, each finding made into JSON only as it is written: a screen of a
/// million trades has hundreds of thousands of findings, and a tree of them all took twice
/// the memory of everything else.
/// Each finding has its `handling`: `{"status": "pending" | "handled" | "not_applicable",
/// "account": …}` (`null` for a note nobody disposed of).
struct FindingsJson<'a>(&'a dudao_model::Case, &'a [Finding]);

impl serde::Serialize for FindingsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Each<'a>(&'a dudao_model::Case, &'a [Finding]);
        impl serde::Serialize for Each<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.1.iter().map(|f| {
                    let mut json = crate::json::finding(f);
                    json["handling"] = match self.0.disposition_of(f) {
                        Some(d) => serde_json::json!({ "status": d.status.key(), "account": d.account }),
                        None if f.severity > Severity::Info => serde_json::json!({ "status": "pending", "account": null }),
                        None => serde_json::Value::Null,
                    };
                    json
                }))
            }
        }
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("findings", &Each(self.0, self.1))?;
        map.end()
    }
}
