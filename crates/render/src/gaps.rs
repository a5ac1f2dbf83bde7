//! Gaps: facts a document needs that the case does not hold. A document never fills one
//! with a sentence of its own — the absence of a fact is not the absence of the thing
//! (“不存在募集资金” for a case without `funds.toml`). Without `--draft` a document with gaps
//! is refused, every gap listed with its file and field; with `--draft` each prints as a
//! visible placeholder, 【待补充：…（file）】, highlighted in Word and listed again at the
//! end of the document.

use std::collections::BTreeMap;
use std::path::Path;

use dudao_model::{Case, Finding, InputError, Period, Severity};

/// What opens a placeholder in a document, so the writers can mark it.
pub const PLACEHOLDER: &str = "【待补充：";

/// One fact a document lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    /// Where the document prints it (a key of the template's `gaps`).
    pub key: &'static str,
    /// What is missing, in Chinese.
    pub what: String,
    /// The case file to write it in, relative to the case folder.
    pub file: String,
    /// The field in that file, if one.
    pub field: Option<String>,
    /// How to write it, in Chinese.
    pub how: String,
}

impl Gap {
    /// The placeholder a draft prints in its place.
    pub fn placeholder(&self) -> String {
        let place = match &self.field {
            Some(field) => format!("{} 的 {field}", self.file),
            None => self.file.clone(),
        };
        format!("{PLACEHOLDER}{}（{place}）】", self.what)
    }

    /// The gap as a missing fact of the case folder `case_dir`.
    pub fn missing(&self, case_dir: &Path) -> InputError {
        InputError {
            file: case_dir.join(&self.file), line: None, column: None, field: self.field.clone(), message: format!("缺少{}：{}", self.what, self.how)
        }
    }
}

/// The gaps of the tracking report of `period`, given what `check` found in it. Work item
/// 5 and section 四 are drafted from the violations found; with none found, only the
/// sponsor can say there were none. Every error found needs the sponsor's disposition
/// (section 二).
pub(crate) fn tracking(case: &Case, period: Period, found: &[&Finding]) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let worklog = format!("worklog/{period}.toml");
    let log = case.worklogs.get(&period);
    let undisposed: Vec<&&Finding> =
        found.iter().filter(|f| f.severity == Severity::Error).filter(|f| !log.is_some_and(|log| log.dispositions.iter().any(|d| d.covers(f)))).collect();
    if !undisposed.is_empty() {
        let listed: Vec<String> = undisposed.iter().map(|f| format!("{}{}", f.rule, f.date.map(|d| format!("（{d}）")).unwrap_or_default())).collect();
        gaps.push(Gap {
            key: "dispositions",
            what: format!("保荐机构对核查发现的 {} 项错误的处置（{}）", undisposed.len(), listed.join("、")),
            file: worklog.clone(),
            field: Some("dispositions".into()),
            how: "逐项写明 [[dispositions]] 的 rule、account（保荐机构的处理或说明）与 in_report（列入“发现的问题及整改情况”为 true，报告他处已说明为 false）"
                .into(),
        });
    }
    if !found.iter().any(|f| crate::is_violation(f)) {
        if log.is_some_and(|log| !log.items.contains_key("5")) {
            gaps.push(Gap {
                key: "item5",
                what: "第 5 项工作（违法违规、违背承诺事项）的完成情况".into(),
                file: worklog.clone(),
                field: Some("items.5".into()),
                how: "在 [items] 中写明 5 = \"…\"（有无违法违规、违背承诺等事项及保荐机构的处理）".into(),
            });
        }
        if !case.narratives.get(&period).is_some_and(|n| n.sections.contains_key("violations")) {
            gaps.push(Gap {
                key: "violations",
                what: "重大违规事项".into(),
                file: format!("narrative/{period}/violations.md"),
                field: None,
                how: "由保荐机构写明本期有无重大违规事项及其情况".into(),
            });
        }
    }
    if log.is_some_and(|log| log.problems.is_none()) {
        gaps.push(Gap {
            key: "problems",
            what: "保荐机构发现的问题及整改情况".into(),
            file: worklog,
            field: Some("problems".into()),
            how: "逐项写明 [[problems]] 的 finding 与 rectification；未发现问题的，写 problems = []".into(),
        });
    }
    if case.financials.get(&period).is_some_and(|year| year.intellectual_property.is_empty()) {
        gaps.push(Gap {
            key: "ip",
            what: format!("{}知识产权情况", period.chinese()),
            file: "financials.toml".into(),
            field: Some(format!("{period}.intellectual_property")),
            how: format!("按类别写明 [[{period}.intellectual_property]] 的本期新增与累计申请数、获得数；无新增的写 0"),
        });
    }
    if case.funds.is_none() {
        gaps.push(Gap {
            key: "funds",
            what: "募集资金的存放与使用情况".into(),
            file: "funds.toml".into(),
            field: None,
            how: "请提供 funds.toml：发行（offering）、专户（accounts）与本期使用台账（ledger）".into(),
        });
    }
    let holders = &case.shareholders;
    if holders.controllers.is_some() && holders.encumbrances.is_none() {
        gaps.push(Gap {
            key: "encumbrances",
            what: "控股股东、实际控制人所持股份的质押、冻结情况".into(),
            file: "shareholders.toml".into(),
            field: Some("encumbrances".into()),
            how: "逐项写明 [[encumbrances]]（holder、date、kind、shares）；无质押、冻结的，写 encumbrances = []".into(),
        });
    }
    // The insiders' holdings are recorded by year: a half-year report has none.
    let insiders = holders.insiders.iter().any(|i| Period::Year(i.year) == period);
    let remarks = holders.remarks.get(&period.year().to_string()).is_some_and(|r| r.controllers.is_some() || r.insiders.is_some());
    if holders.controllers.is_none() && !insiders && !remarks {
        gaps.push(Gap {
            key: "holdings",
            what: "控股股东、实际控制人和董事、监事、高级管理人员的持股情况".into(),
            file: "shareholders.toml".into(),
            field: None,
            how: "写明 [controllers] 与期末的 [[holdings]]，以及董事、监事、高级管理人员的 [[insiders]]".into(),
        });
    }
    gaps
}

/// The placeholders of `gaps`, by key, for the templates.
pub(crate) fn placeholders(gaps: &[Gap]) -> BTreeMap<&'static str, String> {
    gaps.iter().map(|g| (g.key, g.placeholder())).collect()
}

/// A final document with gaps is refused, every gap listed with its file and field; a
/// draft goes on.
pub(crate) fn allowed(gaps: &[Gap], mode: crate::Mode, case_dir: &Path) -> Result<(), crate::RenderError> {
    if mode == crate::Mode::Final && !gaps.is_empty() {
        return Err(crate::RenderError::Incomplete(gaps.iter().map(|g| g.missing(case_dir)).collect()));
    }
    Ok(())
}

/// The list a draft ends with: every gap again, with where to fill it (nothing without
/// gaps).
pub(crate) fn closing_list(gaps: &[Gap]) -> String {
    if gaps.is_empty() {
        return String::new();
    }
    let mut list = String::from("\n\n## 待补充事项\n\n本稿为草稿：下列事项在案卷中尚无记载，补充后重新生成方可出具。\n\n");
    for (n, gap) in gaps.iter().enumerate() {
        list.push_str(&format!("{}. {}：{}\n", n + 1, gap.placeholder(), gap.how));
    }
    list
}

/// `text` cut into pieces, each with whether it is a draft's placeholder (【待补充：…】).
pub(crate) fn placeholder_pieces(text: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(PLACEHOLDER) {
        let end = rest[start..].find('】').map_or(rest.len(), |i| start + i + '】'.len_utf8());
        pieces.push((&rest[..start], false));
        pieces.push((&rest[start..end], true));
        rest = &rest[end..];
    }
    pieces.push((rest, false));
    pieces.retain(|(piece, _)| !piece.is_empty());
    pieces
}

/// The gaps of the 募集资金 opinion of `year`: with no problem `check` found about the
/// funds, that none was found and the conclusion are the sponsor's words.
pub(crate) fn funds_opinion(case: &Case, year: i16, problems_found: bool) -> Vec<Gap> {
    let period = Period::Year(year);
    let written = |stem: &str| case.narratives.get(&period).is_some_and(|n| n.sections.contains_key(stem));
    let mut gaps = Vec::new();
    if !problems_found && !written("funds_problems") {
        gaps.push(Gap {
            key: "funds_problems",
            what: "募集资金使用及披露中存在的问题（保荐机构的核查结论）".into(),
            file: format!("narrative/{year}/funds_problems.md"),
            field: None,
            how: "由保荐机构写明核查中是否发现问题；dudao 的核查未发现，不等于不存在".into(),
        });
    }
    if !written("funds_conclusion") {
        gaps.push(Gap {
            key: "funds_conclusion",
            what: "保荐机构核查意见".into(),
            file: format!("narrative/{year}/funds_conclusion.md"),
            field: None,
            how: "由保荐机构写明对本年度募集资金存放与使用情况的核查意见".into(),
        });
    }
    gaps
}
