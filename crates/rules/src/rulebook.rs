//! The rulebook as data: `rulebook/*.toml`, one file per regulation, each rule with its
//! versions in force by date, parameters, severity, message and source. A user's file of
//! overrides may change parameters without recompiling.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dudao_calendar::DayKind;
use dudao_model::{Citation, Date, Fact, Grade, InputError, Kind, Severity, parse_toml, read_toml_file};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::checks::{self, ParamKind};

/// The files of the shipped rulebook, embedded at compile time.
const FILES: &[(&str, &str)] = &[
    ("star-listing-rules.toml", include_str!("../../../rulebook/star-listing-rules.toml")),
    ("main-board-listing-rules.toml", include_str!("../../../rulebook/main-board-listing-rules.toml")),
    ("chinext-listing-rules.toml", include_str!("../../../rulebook/chinext-listing-rules.toml")),
    ("share-reduction.toml", include_str!("../../../rulebook/share-reduction.toml")),
    ("insider-trading.toml", include_str!("../../../rulebook/insider-trading.toml")),
    ("commitments.toml", include_str!("../../../rulebook/commitments.toml")),
    ("raised-funds.toml", include_str!("../../../rulebook/raised-funds.toml")),
    ("disclosure-consistency.toml", include_str!("../../../rulebook/disclosure-consistency.toml")),
    ("continuous-supervision.toml", include_str!("../../../rulebook/continuous-supervision.toml")),
];

/// All rules, validated against the checks that interpret them.
pub struct Rulebook {
    rules: Vec<Rule>,
}

/// One rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Stable id: `reduction.pre-disclosure`.
    pub id: String,
    /// Chinese title.
    pub title: String,
    /// The regulation the file is about.
    pub regulation: String,
    /// The rulebook file it is defined in.
    pub file: String,
    /// What its findings are about.
    pub kind: Kind,
    /// How much a breach matters.
    pub severity: Severity,
    /// The Chinese message, with `{name}` placeholders the check fills in.
    pub message: String,
    /// A situation that breaks the rule, in Chinese, for `dudao rules --explain`.
    pub example: String,
    /// The versions in force, oldest first; each runs until the next begins.
    pub versions: Vec<Version>,
}

/// A rule as in force from a date.
#[derive(Clone, Debug)]
pub struct Version {
    /// First day in force.
    pub from: Date,
    /// The article, in the version's own numbering.
    pub article: String,
    /// How sure we are of it.
    pub grade: Grade,
    /// Where that knowledge comes from.
    pub source: String,
    /// Thresholds, day counts and the like.
    pub params: Params,
}

/// A version's parameters, checked against what its check expects.
#[derive(Clone, Debug, Default)]
pub struct Params(BTreeMap<String, toml::Value>);

impl Params {
    fn get(&self, key: &str) -> &toml::Value {
        self.0.get(key).unwrap_or_else(|| panic!("parameter {key} was validated at load"))
    }

    /// A whole number.
    pub fn int(&self, key: &str) -> i64 {
        self.get(key).as_integer().expect("validated")
    }

    /// An exact decimal, written as a string (`"1.5"`, `"100000000"`).
    pub fn decimal(&self, key: &str) -> Decimal {
        self.get(key).as_str().and_then(|s| s.parse().ok()).expect("validated")
    }

    /// A day kind: `trading`, `working` or `calendar`.
    pub fn day_kind(&self, key: &str) -> DayKind {
        day_kind(self.get(key).as_str().expect("validated")).expect("validated")
    }

    /// A list of identifiers.
    pub fn list(&self, key: &str) -> Vec<&str> {
        self.get(key).as_array().expect("validated").iter().filter_map(|v| v.as_str()).collect()
    }

    /// An identifier.
    pub fn text(&self, key: &str) -> &str {
        self.get(key).as_str().expect("validated")
    }

    /// The parameters as (name, value) pairs, for listing.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &toml::Value)> {
        self.0.iter()
    }
}

/// A parameter value as TOML writes it, for messages and listings.
pub fn show(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("\"{s}\""),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
        toml::Value::Table(table) => {
            format!("{{ {} }}", table.iter().map(|(k, v)| format!("{k} = {}", show(v))).collect::<Vec<_>>().join(", "))
        }
    }
}

/// Parses a day kind.
pub fn day_kind(text: &str) -> Option<DayKind> {
    match text {
        "trading" => Some(DayKind::Trading),
        "working" => Some(DayKind::Working),
        "calendar" => Some(DayKind::Calendar),
        _ => None,
    }
}

impl Rule {
    /// The version in force on `date` (the oldest if `date` precedes them all).
    pub fn version_on(&self, date: Date) -> &Version {
        self.versions.iter().rev().find(|v| v.from <= date).unwrap_or(&self.versions[0])
    }

    /// The version after `version`, if any: its first day ends `version`.
    pub fn next_version(&self, version: &Version) -> Option<&Version> {
        self.versions.iter().find(|v| v.from > version.from)
    }

    /// The citation of the version in force on `date`.
    pub fn citation(&self, date: Date) -> Citation {
        let version = self.version_on(date);
        Citation { regulation: self.regulation.clone(), article: version.article.clone(), from: Some(version.from), grade: version.grade }
    }

    /// The message with its placeholders filled; a placeholder without a value stays as
    /// written, which the rulebook tests rule out.
    pub fn message(&self, values: &[(&str, String)]) -> String {
        let mut message = self.message.clone();
        for (name, value) in values {
            message = message.replace(&format!("{{{name}}}"), value);
        }
        message
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    regulation: String,
    rule: Vec<Fact<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    title: String,
    kind: Kind,
    severity: RawSeverity,
    message: String,
    example: String,
    version: Vec<Fact<RawVersion>>,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawSeverity {
    Error,
    Warning,
    Info,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    from: Date,
    article: String,
    grade: Grade,
    source: String,
    #[serde(default)]
    params: BTreeMap<String, toml::Value>,
}

/// A user's overrides: `["rule-id"]` tables of parameters, applied to every version.
type OverridesFile = BTreeMap<String, Fact<BTreeMap<String, toml::Value>>>;

impl Rulebook {
    /// The rulebook shipped with dudao.
    pub fn shipped() -> Rulebook {
        Rulebook::load(None).unwrap_or_else(|e| panic!("the shipped rulebook is invalid: {e}"))
    }

    /// The shipped rulebook with the parameters of `overrides` (a TOML file of
    /// `["rule-id"]` tables) put in place of the shipped ones in every version.
    pub fn with_overrides(overrides: &Path) -> Result<Rulebook, InputError> {
        Rulebook::load(Some(overrides))
    }

    fn load(overrides: Option<&Path>) -> Result<Rulebook, InputError> {
        let mut rules = Vec::new();
        for (name, text) in FILES {
            let path = PathBuf::from("rulebook").join(name);
            let file: RuleFile = parse_toml(&path, name, text)?;
            for raw in file.rule {
                rules.push(convert(&path, &file.regulation, name, raw)?);
            }
        }
        if let Some(path) = overrides {
            apply_overrides(path, &mut rules)?;
        }
        for rule in &rules {
            validate(rule)?;
        }
        let ids: Vec<&str> = checks::ALL.iter().map(|c| c.id).collect();
        if let Some(rule) = rules.iter().find(|r| !ids.contains(&r.id.as_str())) {
            panic!("rule {} in {} has no check", rule.id, rule.file);
        }
        Ok(Rulebook { rules })
    }

    /// Every rule, in rulebook order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with `id`; the checks only ask for ids the rulebook was validated to hold.
    pub fn rule(&self, id: &str) -> &Rule {
        self.rules.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no rule {id}"))
    }
}

fn convert(path: &Path, regulation: &str, file: &str, raw: Fact<RawRule>) -> Result<Rule, InputError> {
    let origin = raw.origin().clone();
    let raw = raw.into_value();
    if raw.version.is_empty() {
        return Err(located(path, origin.line, &format!("{}.version", raw.id), "每条规则至少应有一个版本（[[rule.version]]）"));
    }
    let mut versions: Vec<Version> = raw
        .version
        .into_iter()
        .map(|v| {
            let v = v.into_value();
            Version { from: v.from, article: v.article, grade: v.grade, source: v.source, params: Params(v.params) }
        })
        .collect();
    versions.sort_by_key(|v| v.from);
    Ok(Rule {
        id: raw.id,
        title: raw.title,
        regulation: regulation.to_owned(),
        file: file.to_owned(),
        kind: raw.kind,
        severity: match raw.severity {
            RawSeverity::Error => Severity::Error,
            RawSeverity::Warning => Severity::Warning,
            RawSeverity::Info => Severity::Info,
        },
        message: raw.message,
        example: raw.example,
        versions,
    })
}

fn located(path: &Path, line: u32, field: &str, message: &str) -> InputError {
    InputError { file: path.to_owned(), line: Some(line), column: None, field: Some(field.to_owned()), message: message.to_owned() }
}

fn apply_overrides(path: &Path, rules: &mut [Rule]) -> Result<(), InputError> {
    let file: OverridesFile = read_toml_file(path, "规则参数文件")?;
    for (id, params) in file {
        let line = params.origin().line;
        let Some(rule) = rules.iter_mut().find(|r| r.id == id) else {
            return Err(located(path, line, &id, &format!("未知的规则 {id}：可用 `dudao rules` 查看规则编号")));
        };
        let check = checks::ALL.iter().find(|c| c.id == id).expect("every rule has a check");
        for (key, value) in params.iter() {
            let field = format!("{id}.{key}");
            let Some((_, kind)) = check.params.iter().find(|(name, _)| name == key) else {
                let known: Vec<&str> = check.params.iter().map(|(n, _)| *n).collect();
                let expected = if known.is_empty() { "该规则没有可调参数".to_owned() } else { format!("可用参数：{}", known.join("、")) };
                return Err(located(path, line, &field, &format!("未知参数 {key}（{expected}）")));
            };
            if let Err(expected) = kind.accepts(value) {
                return Err(located(path, line, &field, &format!("参数值 {} 无效：应为{expected}", show(value))));
            }
            for version in &mut rule.versions {
                version.params.0.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}

/// Every version of `rule` has exactly the parameters its check reads, of the right kind.
fn validate(rule: &Rule) -> Result<(), InputError> {
    let check = checks::ALL.iter().find(|c| c.id == rule.id);
    let Some(check) = check else { return Ok(()) };
    let path = PathBuf::from("rulebook").join(&rule.file);
    for version in &rule.versions {
        for (name, kind) in check.params {
            let field = format!("{}.version({}).params.{name}", rule.id, version.from);
            let value = version.params.0.get(*name).ok_or_else(|| InputError {
                file: path.clone(),
                line: None,
                column: None,
                field: Some(field.clone()),
                message: format!("缺少参数 {name}"),
            })?;
            kind.accepts(value).map_err(|expected| InputError {
                file: path.clone(),
                line: None,
                column: None,
                field: Some(field.clone()),
                message: format!("参数值 {} 无效：应为{expected}", show(value)),
            })?;
        }
        if let Some(extra) = version.params.0.keys().find(|k| !check.params.iter().any(|(n, _)| n == k)) {
            return Err(InputError {
                file: path.clone(),
                line: None,
                column: None,
                field: Some(format!("{}.params.{extra}", rule.id)),
                message: format!("规则 {} 的检查不使用参数 {extra}", rule.id),
            });
        }
    }
    Ok(())
}

impl ParamKind {
    /// Whether `value` is of this kind; `Err` names the kind in Chinese.
    fn accepts(self, value: &toml::Value) -> Result<(), &'static str> {
        let ok = match self {
            ParamKind::Integer => value.as_integer().is_some_and(|n| n >= 0),
            ParamKind::Decimal => value.as_str().is_some_and(|s| s.parse::<Decimal>().is_ok()),
            ParamKind::DayKind => value.as_str().and_then(day_kind).is_some(),
            ParamKind::List => value.as_array().is_some_and(|a| a.iter().all(|v| v.is_str())),
        };
        if ok { Ok(()) } else { Err(self.chinese()) }
    }

    fn chinese(self) -> &'static str {
        match self {
            ParamKind::Integer => "非负整数",
            ParamKind::Decimal => "带引号的十进制数，如 \"1.5\"",
            ParamKind::DayKind => " \"trading\"、\"working\" 或 \"calendar\"",
            ParamKind::List => "字符串列表，如 [\"centralized_bidding\"]",
        }
    }
}
