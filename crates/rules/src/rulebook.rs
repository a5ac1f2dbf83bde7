//! The rulebook as data: `rulebook/*.toml`, one file per regulation, each rule with its
//! versions in force by date, parameters, severity, message and source. A user's file of
//! overrides may change parameters without recompiling.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dudao_model::{Board, Citation, Date, Fact, Grade, InputError, Kind, Severity, parse_toml, read_toml_file};
use serde::Deserialize;

use crate::checks;
use crate::params::{ParamError, Params};

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
    /// Where the companies of other boards, or of other years, find the duty the rule's
    /// file rests on (its `[[counterpart]]`s).
    pub counterparts: Vec<Counterpart>,
}

/// The duty a rulebook file rests on, as another regulation states it for some boards and
/// years: the SZSE's guideline for the SZSE's companies where the file cites the SSE's, or
/// the SSE's guideline of 2009 before the one of 2022. A finding cites it in place of the
/// rule's own version; the rule's parameters are the same.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counterpart {
    /// The boards whose companies it binds.
    pub boards: Vec<Board>,
    /// The first day it is taken to apply (documents and events from then on).
    pub from: Date,
    /// The day it no longer applies, where a later text (the rule's own versions) took over.
    #[serde(default)]
    pub until: Option<Date>,
    /// The regulation, with its book-title marks.
    pub regulation: String,
    /// The article, where known.
    pub article: String,
    /// How sure we are of it.
    pub grade: Grade,
    /// Where that knowledge comes from.
    pub source: String,
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

impl Rule {
    /// The version in force on `date` (the oldest if `date` precedes them all).
    pub fn version_on(&self, date: Date) -> &Version {
        self.versions.iter().rev().find(|v| v.from <= date).unwrap_or(&self.versions[0])
    }

    /// The version in force on `date`, or `None` before the rule first applied: for a duty
    /// that did not exist before its first version (a 2024 ban), not the oldest version.
    pub fn in_force_on(&self, date: Date) -> Option<&Version> {
        self.versions.iter().rev().find(|v| v.from <= date)
    }

    /// The version after `version`, if any: its first day ends `version`.
    pub fn next_version(&self, version: &Version) -> Option<&Version> {
        self.versions.iter().find(|v| v.from > version.from)
    }

    /// The citation for a company of `board` on `date`: the counterpart that binds it then,
    /// else the rule's version in force.
    pub fn citation(&self, date: Date, board: Board) -> Citation {
        let binding = |c: &&Counterpart| c.boards.contains(&board) && c.from <= date && c.until.is_none_or(|until| date < until);
        if let Some(c) = self.counterparts.iter().find(binding) {
            // Its window is dudao's reading of when it applies, not a date of the text.
            return Citation { regulation: c.regulation.clone(), article: c.article.clone(), from: None, grade: c.grade };
        }
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
    #[serde(default)]
    counterpart: Vec<Counterpart>,
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
    params: toml::Table,
}

/// A user's overrides: `["rule-id"]` tables of parameters, applied to every version.
type OverridesFile = BTreeMap<String, Fact<toml::Table>>;

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
                let mut rule = convert(&path, &file.regulation, name, raw)?;
                rule.counterparts.clone_from(&file.counterpart);
                rules.push(rule);
            }
        }
        if let Some(path) = overrides {
            apply_overrides(path, &mut rules)?;
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
    let check = checks::ALL.iter().find(|c| c.id == raw.id).unwrap_or_else(|| panic!("rule {} in {file} has no check", raw.id));
    if raw.version.is_empty() {
        return Err(located(path, origin.line, &format!("{}.version", raw.id), "每条规则至少应有一个版本（[[rule.version]]）"));
    }
    let mut versions = Vec::with_capacity(raw.version.len());
    for version in raw.version {
        let line = version.origin().line;
        let v = version.into_value();
        let params = typed(check, v.params).map_err(|e| {
            let field = format!("{}.version({}).params{}", raw.id, v.from, e.field.map(|f| format!(".{f}")).unwrap_or_default());
            located(path, line, &field, &e.message)
        })?;
        versions.push(Version { from: v.from, article: v.article, grade: v.grade, source: v.source, params });
    }
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
        counterparts: Vec::new(),
    })
}

/// `table` parsed into the typed parameters `check` reads.
fn typed(check: &checks::Check, table: toml::Table) -> Result<Params, ParamError> {
    let parsed = (check.params)(&table)?;
    Ok(Params::new(table, parsed))
}

fn located(path: &Path, line: u32, field: &str, message: &str) -> InputError {
    InputError { file: path.to_owned(), line: Some(line), column: None, field: Some(field.to_owned()), message: message.to_owned() }
}

/// Puts the parameters of the override file at `path` in place of the shipped ones, in
/// every version of each rule named, and parses the result as the check reads it.
fn apply_overrides(path: &Path, rules: &mut [Rule]) -> Result<(), InputError> {
    let file: OverridesFile = read_toml_file(path, "规则参数文件")?;
    for (id, overrides) in file {
        let line = overrides.origin().line;
        let Some(rule) = rules.iter_mut().find(|r| r.id == id) else {
            return Err(located(path, line, &id, &format!("未知的规则 {id}：可用 `dudao rules` 查看规则编号")));
        };
        let check = checks::ALL.iter().find(|c| c.id == id).expect("every rule has a check");
        for version in &mut rule.versions {
            let mut table = version.params.table().clone();
            table.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
            version.params = typed(check, table).map_err(|e| {
                let field = e.field.map_or_else(|| id.clone(), |f| format!("{id}.{f}"));
                located(path, line, &field, &e.message)
            })?;
        }
    }
    Ok(())
}
