//! What the tracking report of a year needs from the case, checked all at once: either
//! every piece is there ([`Ready`]), or the whole list of what is missing, each naming the
//! file and field to write. The CLI, the web and the renderer ask this one question, so
//! they agree on whether a report can be made.

use std::path::Path;

use dudao_model::{
    Case, FiscalYear, InputError, Narrative, Sponsor, SupervisionPeriod, WorkLog, supervision_period,
};

/// The parts of the case a tracking report of one year is made from.
pub(crate) struct Ready<'a> {
    pub period: SupervisionPeriod,
    pub sponsor: &'a Sponsor,
    pub current: &'a FiscalYear,
    pub prior: &'a FiscalYear,
    pub work_log: &'a WorkLog,
    pub narrative: &'a Narrative,
}

/// Everything the tracking report of `year` lacks; empty when it can be made.
pub fn missing_for_tracking_report(case: &Case, case_dir: &Path, year: i16) -> Vec<InputError> {
    ready(case, case_dir, year).err().unwrap_or_default()
}

pub(crate) fn ready<'a>(case: &'a Case, case_dir: &Path, year: i16) -> Result<Ready<'a>, Vec<InputError>> {
    let mut missing = Vec::new();
    let mut lack = |file: String, field: Option<String>, message: String| {
        missing.push(InputError { file: case_dir.join(file), line: None, column: None, field, message });
    };
    let period = supervision_period(&case.company)
        .map_err(|message| lack("company.toml".into(), Some("supervision.end".into()), message))
        .ok();
    let sponsor = case.company.sponsor.as_ref();
    if sponsor.is_none() {
        lack("company.toml".into(), Some("sponsor".into()), "缺少保荐机构：请写明 [sponsor] 的 firm（保荐机构名称）与 representatives（保荐代表人）".into());
    }
    let mut fiscal_year = |y: i16| {
        let found = case.financials.get(&y).map(|f| &**f);
        if found.is_none() {
            lack(
                "financials.toml".into(),
                Some(y.to_string()),
                format!("缺少 {y} 年度主要财务数据：{year} 年度报告需要 [{year}] 与 [{}] 两个年度的表", year - 1),
            );
        }
        found
    };
    let (current, prior) = (fiscal_year(year), fiscal_year(year - 1));
    let work_log = case.worklogs.get(&year);
    match work_log {
        None => lack(
            format!("worklog/{year}.toml"),
            None,
            format!("缺少 {year} 年度的持续督导工作记录：应有 worklog/{year}.toml，写明 16 项工作的完成情况"),
        ),
        // Work item 5 (violations and broken commitments) may be left to dudao, which
        // drafts it from the year's findings; every other account is the sponsor's to write.
        Some(log) => {
            let absent: Vec<String> = (1..=16).filter(|n| *n != 5 && !log.items.contains_key(&n.to_string())).map(|n| n.to_string()).collect();
            if !absent.is_empty() {
                lack(
                    format!("worklog/{year}.toml"),
                    Some(format!("items.{}", absent[0])),
                    format!("缺少第 {} 项持续督导工作的完成情况：[items] 须写明 1 到 16 项", absent.join("、")),
                );
            }
        }
    }
    let narrative = case.narratives.get(&year);
    // Section 四 (major violations) may be left to dudao, which drafts it from the findings.
    let absent: Vec<String> = Narrative::SECTIONS
        .iter()
        .filter(|(stem, _)| *stem != "violations")
        .filter(|(stem, _)| narrative.is_none_or(|n| !n.sections.contains_key(*stem)))
        .map(|(stem, section)| format!("narrative/{year}/{stem}.md（{section}）"))
        .collect();
    if !absent.is_empty() {
        lack(format!("narrative/{year}"), None, format!("缺少保荐机构撰写的叙述文件：{}", absent.join("、")));
    }
    match (period, sponsor, current, prior, work_log, narrative) {
        (Some(period), Some(sponsor), Some(current), Some(prior), Some(work_log), Some(narrative)) if missing.is_empty() => {
            Ok(Ready { period, sponsor, current, prior, work_log, narrative })
        }
        _ => Err(missing),
    }
}
