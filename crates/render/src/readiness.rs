//! What every document needs from the case, checked all at once: each kind's readiness
//! (in its module under `kinds/`) collects the whole list of what is missing, each naming
//! the file and field to write, with these helpers. The CLI, the web and the renderer ask
//! one question per kind, so they agree on whether a document can be made.

use std::path::Path;

use dudao_model::{Case, InputError, Narrative, Period, Sponsor, SupervisionPeriod, supervision_period};

/// A missing fact, named by file (relative to the case) and field.
pub(crate) fn lacking(case_dir: &Path, file: &str, field: Option<String>, message: String) -> InputError {
    InputError { file: case_dir.join(file), line: None, column: None, field, message }
}

/// The exchange's supervision guideline a document of `report` cites: the one in force
/// when it is filed (at the latest, `Period::filed_by`).
pub(crate) fn guideline(case: &Case, case_dir: &Path, report: Period, missing: &mut Vec<InputError>) -> Option<&'static str> {
    let board = case.company.company.board;
    board
        .supervision_guideline(report.filed_by())
        .map_err(|message| missing.push(lacking(case_dir, "company.toml", Some("company.board".into()), message)))
        .ok()
}

/// What every sponsor document needs: the supervision period and the sponsor.
pub(crate) fn period_and_sponsor<'a>(case: &'a Case, case_dir: &Path, missing: &mut Vec<InputError>) -> (Option<SupervisionPeriod>, Option<&'a Sponsor>) {
    let period =
        supervision_period(&case.company).map_err(|message| missing.push(lacking(case_dir, "company.toml", Some("supervision.end".into()), message))).ok();
    let sponsor = case.company.sponsor.as_ref();
    if sponsor.is_none() {
        let message = "缺少保荐机构：请写明 [sponsor] 的 firm（保荐机构名称）与 representatives（保荐代表人）".to_owned();
        missing.push(lacking(case_dir, "company.toml", Some("sponsor".into()), message));
    }
    (period, sponsor)
}

/// The narrative of `period`, with what it lacks of `sections` added to `missing` (one
/// message listing every absent file).
pub(crate) fn narrative<'a>(
    case: &'a Case,
    case_dir: &Path,
    period: Period,
    sections: &[&(&str, &str)],
    missing: &mut Vec<InputError>,
) -> Option<&'a Narrative> {
    let narrative = case.narratives.get(&period);
    let absent: Vec<String> = sections
        .iter()
        .filter(|(stem, _)| narrative.is_none_or(|n| !n.sections.contains_key(*stem)))
        .map(|(stem, section)| format!("narrative/{period}/{stem}.md（{section}）"))
        .collect();
    if !absent.is_empty() {
        missing.push(lacking(case_dir, &format!("narrative/{period}"), None, format!("缺少保荐机构撰写的叙述文件：{}", absent.join("、"))));
    }
    narrative
}

/// How the messages name a period: `2023 年度`, `2024年半年度`.
pub(crate) fn named(period: Period) -> String {
    match period {
        Period::Year(y) => format!("{y} 年度"),
        Period::FirstHalf(_) => period.chinese(),
    }
}
