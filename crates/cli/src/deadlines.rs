//! `dudao deadlines`: every dated duty of the sponsor for a case, as a table in Chinese,
//! JSON for tools, or an iCalendar file.

use std::path::PathBuf;

use clap::ValueEnum;
use dudao_model::Date;
use dudao_rules::{Due, Duty, Schedule, Status, TriggerState, clock};
use serde_json::json;

use crate::calendar::{load, parse_date};
use crate::{Failure, output};

#[derive(clap::Args)]
pub struct DeadlinesArgs {
    /// 案卷目录 / the case folder
    case: PathBuf,
    /// 判断状态的日期，默认今天（北京时间）/ judge statuses as of this date (default: today in Beijing)
    #[arg(long, value_parser = parse_date)]
    on: Option<Date>,
    /// 只列到期日不早于此日的事项 / only duties due on or after this date
    #[arg(long, value_parser = parse_date)]
    from: Option<Date>,
    /// 只列到期日不晚于此日的事项 / only duties due on or before this date
    #[arg(long, value_parser = parse_date)]
    to: Option<Date>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = DeadlinesFormat::Text)]
    format: DeadlinesFormat,
    /// 输出文件；省略则写到标准输出 / output file; standard output if omitted
    #[arg(long)]
    out: Option<PathBuf>,
    /// 日历文件（替代内置的 2019–2026 日历）/ a calendar file replacing the built-in one
    #[arg(long)]
    calendar: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DeadlinesFormat {
    /// 中文表格 / a table in Chinese
    Text,
    /// JSON
    Json,
    /// iCalendar (RFC 5545)
    Ics,
}

pub fn run(args: &DeadlinesArgs) -> Result<(), Failure> {
    let case = dudao_model::load_case(&args.case).map_err(|e| Failure::BadInput(e.to_string()))?;
    let calendar = load(args.calendar.as_ref())?;
    crate::calendar::covers(&case, &calendar)?;
    let on = args.on.unwrap_or_else(Date::today_in_beijing);
    let mut schedule = dudao_rules::schedule(&case, &calendar, on).map_err(|why| Failure::Incomplete(format!("无法列出持续督导义务：{why}")))?;
    // Duties whose due date cannot be known yet stay listed: they need a fact added.
    schedule.duties.retain(|duty| match duty.due.date() {
        Some(due) => args.from.is_none_or(|from| due >= from) && args.to.is_none_or(|to| due <= to),
        None => true,
    });
    let text = match args.format {
        DeadlinesFormat::Text => table(&schedule),
        DeadlinesFormat::Json => serde_json::to_string_pretty(&as_json(&schedule)).map_err(|e| Failure::Internal(e.to_string()))? + "\n",
        DeadlinesFormat::Ics => dudao_render::ics::deadlines(&schedule),
    };
    match &args.out {
        Some(path) => output::write_atomically(path, text.as_bytes()),
        None => output::write_stdout(text.as_bytes()).map_err(Failure::Internal),
    }
}

fn what(duty: &Duty) -> String {
    format!("{}（{}）", duty.obligation.title, duty.subject)
}

fn trigger_text(duty: &Duty) -> String {
    match &duty.trigger {
        TriggerState::Occurred { date, what } => clock(duty.obligation, &format!("{what}（{date}）")),
        TriggerState::Missing { what, .. } => clock(duty.obligation, &format!("{what}（日期缺失）")),
        TriggerState::Expected { what, by } => clock(duty.obligation, &format!("{what}（应于 {by} 前）")),
    }
}

fn due_text(due: &Due) -> String {
    match due {
        Due::On(date) => date.to_string(),
        Due::Provisional(date, _) => format!("{date}（暂定）"),
        Due::Unknown => "—".to_owned(),
        Due::BeyondCalendar(_) => "超出日历".to_owned(),
    }
}

fn status_text(status: Status) -> String {
    match status {
        Status::Done { on: Some(on), .. } => format!("{}（{on}）", status.chinese()),
        _ => status.chinese().to_owned(),
    }
}

/// Display width: two columns for a CJK character, one for ASCII.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn pad(text: &str, to: usize) -> String {
    format!("{text}{}", " ".repeat(to.saturating_sub(width(text))))
}

fn table(schedule: &Schedule) -> String {
    let mut out = format!(
        "{}（{}）持续督导期间：{} 至 {}{}\n",
        schedule.company,
        schedule.stock_code,
        schedule.period.start.chinese(),
        schedule.period.end.chinese(),
        if schedule.period.stated { "（案卷指定）" } else { "（按板块与上市日期计算）" }
    );
    if let Some(funds) = &schedule.unused_funds {
        out += &format!("募集资金尚未使用完毕（截至 {} 尚未使用 {} 万元），募集资金相关督导延续至使用完毕\n", funds.as_of.chinese(), funds.wan);
    }
    let count = |f: fn(Status) -> bool| schedule.duties.iter().filter(|d| f(d.status)).count();
    out += &format!(
        "截至 {}：共 {} 项，已完成 {} 项，待办 {} 项，已逾期 {} 项，缺少触发日期 {} 项，尚未触发 {} 项\n\n",
        schedule.on,
        schedule.duties.len(),
        count(|s| matches!(s, Status::Done { .. })),
        count(|s| s == Status::Open),
        count(|s| s == Status::Overdue),
        count(|s| s == Status::MissingTrigger),
        count(|s| s == Status::NotYetTriggered),
    );
    let rows: Vec<[String; 5]> =
        schedule.duties.iter().map(|d| [due_text(&d.due), status_text(d.status), what(d), trigger_text(d), d.obligation.citation().text()]).collect();
    let header = ["到期日", "状态", "事项", "期限", "依据"].map(str::to_owned);
    // Columns are as wide as their widest cell, up to a cap: a long subject (a violation's
    // summary) overflows its own line rather than pushing every other line right.
    const MAX_COLUMN: usize = 60;
    let widths: Vec<usize> = (0..4).map(|i| rows.iter().chain([&header]).map(|r| width(&r[i]).min(MAX_COLUMN)).max().unwrap_or(0)).collect();
    for row in [&header].into_iter().chain(&rows) {
        let cells: Vec<String> = (0..4).map(|i| pad(&row[i], widths[i])).collect();
        out += &format!("{}  {}\n", cells.join("  "), row[4]);
    }
    let missing: Vec<String> = schedule
        .duties
        .iter()
        .filter_map(|d| match &d.trigger {
            TriggerState::Missing { fact, .. } => Some(format!("  - {}：请补充 {fact}", what(d))),
            _ => None,
        })
        .collect();
    if !missing.is_empty() {
        out += &format!("\n缺少触发日期的事项（补充后即可计算到期日）：\n{}\n", missing.join("\n"));
    }
    // One reason a line for the 暂定 dates: they differ only in the years they reach.
    let mut reasons: Vec<&str> = schedule.duties.iter().filter_map(|d| d.due.provisional()).collect();
    reasons.dedup();
    if !reasons.is_empty() {
        out += &format!("\n标“暂定”的到期日：{}\n", reasons.join("\n  "));
    }
    out
}

fn as_json(schedule: &Schedule) -> serde_json::Value {
    let duties: Vec<serde_json::Value> = schedule
        .duties
        .iter()
        .map(|d| {
            let o = d.obligation;
            let (trigger_date, missing_fact, expected_by) = match &d.trigger {
                TriggerState::Occurred { date, .. } => (Some(date.to_string()), None, None),
                TriggerState::Missing { fact, .. } => (None, Some(fact.clone()), None),
                TriggerState::Expected { by, .. } => (None, None, Some(by.to_string())),
            };
            let (done, done_on) = match d.status {
                Status::Done { on, .. } => (true, on.map(|d| d.to_string())),
                _ => (false, None),
            };
            json!({
                "obligation": o.id,
                "title": o.title,
                "subject": d.subject,
                "citation": crate::json::citation(&o.citation()),
                "source": o.source,
                "day_kind": o.day_kind.id(),
                "days": o.days,
                "trigger": { "date": trigger_date, "missing_fact": missing_fact, "expected_by": expected_by },
                "due": d.due.date().map(|date| date.to_string()),
                "due_provisional": d.due.provisional(),
                "status": d.status.id(),
                "done": done,
                "done_on": done_on,
                "evidence": d.evidence.iter().map(crate::json::location).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "company": schedule.company,
        "stock_code": schedule.stock_code,
        "supervision": {
            "start": match schedule.period.start {
                dudao_model::DayOrMonth::Day(d) => d.to_string(),
                dudao_model::DayOrMonth::Month { year, month } => format!("{year:04}-{month:02}"),
            },
            "end": schedule.period.end.to_string(),
            "stated": schedule.period.stated,
            "unused_funds_wan": schedule.unused_funds.as_ref().map(|f| f.wan.clone()),
            "unused_funds_as_of": schedule.unused_funds.as_ref().map(|f| f.as_of.to_string()),
        },
        "on": schedule.on.to_string(),
        "duties": duties,
    })
}
