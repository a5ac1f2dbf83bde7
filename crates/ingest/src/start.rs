//! A case, or a new period of one, started from the company's reports: their facts
//! ingested as `plan` writes them, the period's work log to fill (`worklog::started`: the
//! item numbers of the company's form, and as drafts what the case knows of the period's
//! work), and — for a STAR company, whose
//! tracking report restates them — the report's risks, core competitiveness, R&D and
//! business review as narrative drafts listed in `drafts.toml` (待确认, with their page).
//! `dudao new`, `dudao new-period` and the workbench's "从年度报告建立" all call this.

use std::path::Path;

use dudao_model::{Board, CaseFiles, DRAFTS_FILE, Draft, Period, drafts_text, parse_case, read_drafts};
use dudao_reader::Document;

use crate::{excerpts, extract, plan, worklog};

/// One report read, with the file name sources name it by.
pub struct Report<'a> {
    /// The file name (`2020-04-16_四方科技_603339_2019年年度报告.pdf`).
    pub name: &'a str,
    /// The report as the reader read it.
    pub doc: &'a Document,
}

/// What starting did: the case's files as they will be, and what went into them.
pub struct Started {
    /// Every file of the case after the start.
    pub files: CaseFiles,
    /// The company's board, as the case has it.
    pub board: Board,
    /// Each report's fiscal year and the number of facts it added.
    pub read: Vec<(i16, usize)>,
    /// The narrative drafts made.
    pub drafts: Vec<Draft>,
    /// The work log started, if one was.
    pub work_log: Option<String>,
}

/// Starts a case in `files` (empty for a new case) from `reports`, with the work log of
/// `period` (the latest report's year where not given) started unless it exists. `dir`
/// names the case in messages. The result has loaded as a case; an error says why not.
pub fn start(files: &CaseFiles, dir: &Path, reports: &[Report], period: Option<Period>) -> Result<Started, String> {
    let mut files = files.clone();
    let mut read = Vec::new();
    for report in reports {
        let extracted = extract(report.doc, report.name).map_err(|e| format!("{}：{e}", report.name))?;
        let plan = plan(&extracted, dir, &files, false).map_err(|e| format!("{}：{e}", report.name))?;
        read.push((extracted.year, plan.changes.iter().filter(|c| matches!(c.outcome, crate::Outcome::Added)).count()));
        for (path, text) in &plan.files {
            files.set(path, text.clone());
        }
    }
    let board = parse_case(dir, &files).map_err(|e| e.to_string())?.company.company.board;
    let mut drafts = Vec::new();
    if board == Board::Star {
        for (report, (year, _)) in reports.iter().zip(&read) {
            for excerpt in excerpts(report.doc) {
                let file = format!("narrative/{year}/{}.md", excerpt.stem);
                if files.get(&file).is_some() {
                    continue;
                }
                files.set(&file, excerpt.text);
                let basis = format!("摘自 {} {}起（“{}”），为公司自述，须由保荐机构改写为核查意见", report.name, excerpt.at, excerpt.heading);
                drafts.push(Draft { file, field: None, basis });
            }
        }
    }
    let period = period.or_else(|| read.iter().map(|(year, _)| Period::Year(*year)).max());
    let work_log = period.map(|p| format!("worklog/{p}.toml")).filter(|log| files.get(log).is_none());
    if let (Some(log), Some(period)) = (&work_log, period) {
        let case = parse_case(dir, &files).map_err(|e| e.to_string())?;
        let (text, prefilled) = worklog::started(&case, period);
        files.set(log, text);
        drafts.extend(prefilled);
    }
    if !drafts.is_empty() {
        let mut all = read_drafts(dir, &files).map_err(|e| e.to_string())?;
        all.extend(drafts.iter().cloned());
        files.set(DRAFTS_FILE, drafts_text(&all));
    }
    parse_case(dir, &files).map_err(|e| e.to_string())?;
    Ok(Started { files, board, read, drafts, work_log })
}
