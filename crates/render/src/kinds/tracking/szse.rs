//! The SZSE's table form of the tracking report (深交所表格式, main board and ChiNext), a
//! year's or a half-year's: the header, 一、保荐工作概述 (items 1 to 11, 项目 | 工作内容),
//! 二、发现的问题及采取的措施 (eleven matters), 三、承诺事项履行情况 (one row per commitment)
//! and 四、其他事项. The counts the work log's records give (inspections, reports to the
//! exchange, trainings) are computed from them; every other answer is the sponsor's, and a
//! missing one is a gap.

use std::collections::BTreeMap;

use dudao_model::{Case, Commitment, DayOrMonth, Fact, Finding, InputError, Period, Severity, WorkLog};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::{LogReady, gaps_of, items, log_ready};
use crate::context::{CompanyView, PeriodView, SponsorView};
use crate::gaps::{self, Gap};
use crate::kinds::Subject;
use crate::readiness::lacking;
use crate::{Mode, RenderError, Report, Signature, Templates, concerns, templates, worth_printing};

/// What the table form is made from.
#[derive(Serialize)]
struct SzseContext {
    /// The rows of 一 (its wording changed in 2022: `items::szse_overview`) and of 四.
    overview: Vec<items::Row>,
    other: Vec<items::Row>,
    period: PeriodView,
    company: CompanyView,
    sponsor: SponsorView,
    /// The sponsor's telephone, printed beside each representative.
    phone: String,
    /// Each row of 一 and 四 by item id (`"5.1"`): computed, the sponsor's, or a draft's
    /// placeholder.
    answers: BTreeMap<&'static str, String>,
    /// Section 二 by matter (1 to 11): the problems found and the measures taken; `None`
    /// where the work log does not say.
    matters: Option<Vec<MatterView>>,
    /// Section 三: the commitments in force in the period.
    commitments: Vec<CommitmentView>,
    /// A draft's placeholders by key (empty in a final document).
    gaps: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct MatterView {
    problems: String,
    measures: String,
}

#[derive(Serialize)]
struct CommitmentView {
    commitment: String,
    kept: String,
    reason: String,
}

/// The rows of 一 that the work log's records answer, where it has any: the number of
/// on-site inspections, the reports to the exchange and their matters, the trainings with
/// their dates and contents. Without records the row is the sponsor's (`"无"` included).
fn computed(log: &WorkLog, period: Period) -> BTreeMap<&'static str, String> {
    let mut rows = BTreeMap::new();
    let within = |date: Option<dudao_model::Date>| date.is_some_and(|d| d.year() == period.year() && d <= period.end());
    let inspections = log.inspections.len();
    if inspections > 0 {
        rows.insert("5.1", format!("{inspections}次"));
    }
    let reported: Vec<_> = log.violations.iter().filter(|v| within(v.reported)).collect();
    if !reported.is_empty() {
        rows.insert("7.1", format!("{}次", reported.len()));
        rows.insert("7.2", reported.iter().map(|v| v.summary.as_str()).collect::<Vec<_>>().join("；"));
    }
    if !log.trainings.is_empty() {
        rows.insert("10.1", format!("{}次", log.trainings.len()));
        rows.insert("10.2", log.trainings.iter().map(|t| t.date.chinese()).collect::<Vec<_>>().join("、"));
        if log.trainings.iter().all(|t| t.summary.is_some()) {
            rows.insert("10.3", log.trainings.iter().filter_map(|t| t.summary.as_deref()).collect::<Vec<_>>().join("；"));
        }
    }
    rows
}

/// Whether `commitment` binds during `period`: made by its end (or undated) and not
/// expired before it began.
fn in_force(commitment: &Commitment, period: Period) -> bool {
    let made = commitment.made.as_ref().is_none_or(|m| match m {
        DayOrMonth::Day(d) => *d <= period.end(),
        DayOrMonth::Month { year, .. } => *year <= period.year(),
    });
    made && commitment.until.is_none_or(|until| until.year() >= period.year())
}

/// The breaches `check` found of `commitment` in the period: findings of the commitment
/// rule whose evidence names it.
fn breaches<'a>(commitment: &Fact<Commitment>, found: &[&'a Finding]) -> Vec<&'a Finding> {
    found.iter().copied().filter(|f| f.rule == "commitment.breach" && f.evidence.contains(commitment.origin())).collect()
}

/// The gaps of the table form: the work items neither computed nor answered, and what
/// sections 二 and 三 need.
fn gaps_of_table(case: &Case, period: Period, found: &[&Finding]) -> Vec<Gap> {
    let worklog = format!("worklog/{period}.toml");
    let mut gaps = gaps_of::sponsorship(case);
    gaps.extend(gaps_of::dispositions(case, period, found));
    if case.company.sponsor.as_ref().is_none_or(|s| s.phone.is_none()) {
        gaps.push(Gap {
            key: "phone",
            what: "保荐代表人联系电话".into(),
            file: "company.toml".into(),
            field: Some("sponsor.phone".into()),
            how: "在 [sponsor] 中写明 phone（跟踪报告表头的联系电话）".into(),
        });
    }
    let Some(log) = case.worklogs.get(&period) else { return gaps };
    let computed = computed(log, period);
    for key in case.company.company.board.work_items() {
        if !computed.contains_key(key) && !log.items.contains_key(*key) {
            gaps.push(Gap {
                key,
                what: format!("保荐工作概述第 {} 项的工作内容", WorkLog::item_label(key)),
                file: worklog.clone(),
                field: Some(WorkLog::item_field(key)),
                how: format!("在 [items] 中写明 \"{key}\" = \"…\"（是/否、次数或说明；没有的写“无”或“不适用”）"),
            });
        }
    }
    gaps.extend(gaps_of::problems(log, &worklog));
    if case.commitments.is_empty() {
        gaps.push(Gap {
            key: "commitments",
            what: "公司及股东承诺事项".into(),
            file: "commitments.toml".into(),
            field: None,
            how: "逐项写明 [[commitments]]（by、document、content 等）".into(),
        });
    }
    let unbroken = case.commitments.iter().filter(|c| in_force(c, period)).any(|c| breaches(c, found).is_empty());
    if unbroken && log.commitments_kept.is_none() {
        gaps.push(Gap {
            key: "commitments_kept",
            what: "承诺事项的履行情况（保荐机构的核查结论）".into(),
            file: worklog,
            field: Some("commitments_kept".into()),
            how: "核查后确认除核查发现的违背承诺事项外，其余承诺均已履行的，写 commitments_kept = true".into(),
        });
    }
    gaps
}

/// Everything the table form of the period lacks.
pub(super) fn missing(subject: &Subject) -> Vec<InputError> {
    let period = subject.period;
    let mut missing = ready(subject).err().unwrap_or_default();
    let found: Vec<&Finding> = subject.findings.iter().filter(|f| concerns(f, period)).collect();
    missing.extend(gaps_of_table(subject.case, period, &found).iter().map(|g| g.missing(subject.dir)));
    missing
}

fn ready<'a>(subject: &Subject<'a>) -> Result<LogReady<'a>, Vec<InputError>> {
    let (dir, period) = (subject.dir, subject.period);
    let mut missing = Vec::new();
    let ready = log_ready(subject, "写明保荐工作概述各项的工作内容", &mut missing);
    let file = format!("worklog/{period}.toml");
    if let Some(log) = subject.case.worklogs.get(&period) {
        let computed = computed(log, period);
        for key in computed.keys().filter(|key| log.items.contains_key(**key)) {
            let message = format!("保荐工作概述第 {} 项由工作记录中的检查、报告或培训记录计算，请删除 [items] 中的 \"{key}\"", WorkLog::item_label(key));
            missing.push(lacking(dir, &file, Some(WorkLog::item_field(key)), message));
        }
        // Section 二 is by matter: a problem without one has no row.
        let unplaced = log.problems.iter().flatten().any(|p| p.matter.is_none()) || log.dispositions.iter().any(|d| d.in_report && d.matter.is_none());
        if unplaced {
            let message = "深交所跟踪报告“二”按事项列示：[[problems]] 与列入报告的 [[dispositions]] 须写明 matter（1 信息披露 … 11 其他）".to_owned();
            missing.push(lacking(dir, &file, Some("problems.matter".into()), message));
        }
    }
    ready.filter(|_| missing.is_empty()).ok_or(missing)
}

pub(super) fn render(subject: &Subject, templates: &Templates, mode: Mode) -> Result<Report, RenderError> {
    let (case, dir, period) = (subject.case, subject.dir, subject.period);
    let found: Vec<&Finding> = subject.findings.iter().filter(|f| concerns(f, period)).collect();
    let gaps = gaps_of_table(case, period, &found);
    let ready = ready(subject).map_err(super::with_gaps(&gaps, dir))?;
    gaps::allowed(&gaps, mode, dir)?;
    let log = ready.work_log;

    let placeholders = gaps::placeholders(&gaps);
    let mut context = SzseContext {
        overview: items::szse_overview(subject.form.id == super::SZSE_TABLE_2015.id),
        other: items::szse_other(),
        period: PeriodView::new(period),
        company: CompanyView::new(&case.company.company, ready.guideline),
        sponsor: SponsorView::from(&*ready.sponsor),
        phone: ready.sponsor.phone.clone().or_else(|| placeholders.get("phone").cloned()).unwrap_or_default(),
        answers: computed(log, period),
        matters: None,
        commitments: Vec::new(),
        gaps: placeholders.clone(),
    };
    let facts = Value::from(Serde(&context));
    for key in case.company.company.board.work_items() {
        if let Some(answer) = log.items.get(*key) {
            let at = templates::Prose { file: dir.join(&*answer.origin().file), line: answer.origin().line, field: Some(WorkLog::item_field(key)) };
            context.answers.insert(key, templates.render_prose(&at, answer, &facts)?);
        } else if let Some(gap) = placeholders.get(key) {
            context.answers.entry(key).or_insert_with(|| gap.clone());
        }
    }
    context.matters = log.problems.as_ref().map(|problems| {
        // The sponsor's problems, and the errors found that the sponsor lists there.
        let mut rows: Vec<(Vec<String>, Vec<String>)> = vec![(Vec::new(), Vec::new()); 11];
        let listed = found.iter().filter(|f| f.severity == Severity::Error).filter_map(|f| {
            let d = log.dispositions.iter().find(|d| d.covers(f) && d.in_report)?;
            Some((d.matter?, f.message.clone(), d.account.clone()))
        });
        let own = problems.iter().filter_map(|p| Some((p.matter?, p.finding.clone(), p.rectification.clone())));
        for (matter, problem, measure) in own.chain(listed) {
            let row = &mut rows[usize::from(matter) - 1];
            row.0.push(problem);
            row.1.push(measure);
        }
        rows.into_iter()
            .map(|(problems, measures)| match problems.len() {
                0 => MatterView { problems: "无".into(), measures: "不适用".into() },
                _ => MatterView { problems: problems.join("；"), measures: measures.join("；") },
            })
            .collect()
    });
    context.commitments = case
        .commitments
        .iter()
        .filter(|c| in_force(c, period))
        .map(|c| {
            let broken = breaches(c, &found);
            let commitment = format!("{}：{}", c.by, c.content);
            if broken.is_empty() {
                let kept = match log.commitments_kept {
                    Some(true) => "是".to_owned(),
                    _ => placeholders.get("commitments_kept").cloned().unwrap_or_default(),
                };
                return CommitmentView { commitment, kept, reason: "不适用".into() };
            }
            let accounts: Vec<String> = broken.iter().filter_map(|f| log.dispositions.iter().find(|d| d.covers(f)).map(|d| d.account.clone())).collect();
            let reason = if accounts.len() == broken.len() { accounts.join("；") } else { placeholders.get("dispositions").cloned().unwrap_or_default() };
            CommitmentView { commitment, kept: "否".into(), reason }
        })
        .collect();

    let markdown = templates.render(subject.form.template.0, &Value::from(Serde(&context)))? + &gaps::closing_list(&gaps);
    let title = subject.title(&ready.sponsor.firm);
    let signature = Signature::new(&title, &ready.sponsor.representatives, &ready.sponsor.firm);
    let notes = found.iter().filter(|f| worth_printing(f)).map(|f| (*f).clone()).collect();
    Ok(Report { markdown, title, author: ready.sponsor.firm.clone(), signature, findings: notes, gaps, unconfirmed: Vec::new() })
}
