//! `dudao calendar`: the nth trading, working or calendar day after a date, and the days
//! of a kind between two dates. Output is just the value, so it pipes.

use std::borrow::Cow;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use dudao_calendar::{Calendar, DayKind};
use dudao_model::Date;

use crate::{Failure, output};

mod batch;
mod import;

#[derive(clap::Args)]
pub struct CalendarArgs {
    /// 日历文件（替代内置的 2019–2026 日历）/ a calendar file replacing the built-in 2019–2026 one
    #[arg(long, global = true)]
    calendar: Option<PathBuf>,
    #[command(subcommand)]
    command: CalendarCommand,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// DATE 之后第 N 个交易日/工作日/自然日（N 为负则为之前；第 1 天为 DATE 之后的第一天）/
    /// the Nth day of a kind after DATE (before it if N < 0; day 1 is the first such day after DATE)
    Add {
        /// 起算日 / the start date, YYYY-MM-DD
        #[arg(value_parser = parse_date)]
        date: Date,
        /// 天数 / how many days
        #[arg(allow_negative_numbers = true)]
        n: i32,
        /// 日的种类 / the kind of day
        #[arg(long, value_enum)]
        days: AnyDayKind,
    },
    /// 闭区间 [FROM, TO] 内的交易日/工作日数 / how many trading or working days lie in [FROM, TO], both ends included
    Count(Interval),
    /// 列出闭区间 [FROM, TO] 内的交易日/工作日，每行一个 / list them, one ISO date a line
    List(Interval),
    /// 批量查询：每行一条（如 `add 2024-04-20 15 trading`、`count 2023-01-16 2023-02-07 working`、
    /// `is 2024-05-01 trading`，或同义的 JSON 行），每行输出一个答案 /
    /// many queries, one a line (text or JSON lines), one answer a line
    Batch {
        /// 查询文件；省略或为 - 时读标准输入 / the file of queries; standard input if omitted or -
        file: Option<PathBuf>,
    },
    /// 读入国务院办公厅当年节假日安排通知（及上海证券交易所休市安排通知），将该年加入 --calendar 指定的日历文件 /
    /// read a year's State Council holiday notice (and the SSE's closure notice) and add the year to the --calendar file
    Import {
        /// 通知的文本文件 / the notices, as text files
        #[arg(required = true)]
        notices: Vec<PathBuf>,
    },
    /// 列出尚未公布年份的暂定节假日及其推算依据 / list the provisional holidays of a year not yet published, and how each was worked out
    Provisional {
        /// 年份 / the year
        year: i16,
    },
}

/// A closed interval of days of one kind.
#[derive(clap::Args)]
struct Interval {
    /// 起始日 / first day
    #[arg(value_parser = parse_date)]
    from: Date,
    /// 截止日 / last day
    #[arg(value_parser = parse_date)]
    to: Date,
    /// 日的种类 / the kind of day
    #[arg(long, value_enum)]
    days: BusinessDayKind,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnyDayKind {
    /// 交易日 / SSE trading day
    Trading,
    /// 工作日（含调休）/ official working day, make-up days included
    Working,
    /// 自然日 / calendar day
    Calendar,
}

#[derive(Clone, Copy, ValueEnum)]
enum BusinessDayKind {
    /// 交易日 / SSE trading day
    Trading,
    /// 工作日（含调休）/ official working day, make-up days included
    Working,
}

impl From<AnyDayKind> for DayKind {
    fn from(kind: AnyDayKind) -> DayKind {
        match kind {
            AnyDayKind::Trading => DayKind::Trading,
            AnyDayKind::Working => DayKind::Working,
            AnyDayKind::Calendar => DayKind::Calendar,
        }
    }
}

impl From<BusinessDayKind> for DayKind {
    fn from(kind: BusinessDayKind) -> DayKind {
        match kind {
            BusinessDayKind::Trading => DayKind::Trading,
            BusinessDayKind::Working => DayKind::Working,
        }
    }
}

/// Parses a command-line date, for clap.
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// The calendar to count with: the file given, or the built-in one.
pub fn load(file: Option<&PathBuf>) -> Result<Cow<'static, Calendar>, Failure> {
    match file {
        Some(path) => Calendar::from_file(path).map(Cow::Owned).map_err(|e| Failure::BadInput(e.to_string())),
        None => Ok(Cow::Borrowed(Calendar::embedded())),
    }
}

/// Refuses a case with an event the calendar cannot count from (exit 2, naming the date,
/// where it is written and the calendar's range).
pub fn covers(case: &dudao_model::Case, calendar: &Calendar) -> Result<(), Failure> {
    match dudao_rules::outside_calendar(case, calendar) {
        Some(message) => Err(Failure::BadInput(message)),
        None => Ok(()),
    }
}

/// `value`, and if it is provisional the mark with its reason: `2027-01-11（暂定：…）`.
pub fn marked(value: impl std::fmt::Display, provisional: Option<&dudao_calendar::Provisional>) -> String {
    match provisional {
        Some(why) => format!("{value}（暂定：{why}）"),
        None => value.to_string(),
    }
}

pub fn run(args: &CalendarArgs) -> Result<(), Failure> {
    if let CalendarCommand::Import { notices } = &args.command {
        return import::run(args.calendar.as_deref(), notices);
    }
    let calendar = load(args.calendar.as_ref())?;
    let bad = |e: dudao_calendar::CalendarError| Failure::BadInput(e.to_string());
    // Past the published data dates are counted on the provisional calendar, and marked.
    let extended = calendar.extended();
    let text = match &args.command {
        CalendarCommand::Add { date, n, days } => {
            let due = extended.add(*date, *n, (*days).into()).map_err(bad)?;
            format!("{}\n", marked(due.value, due.provisional.as_ref()))
        }
        CalendarCommand::Count(i) => {
            let count = extended.count(i.from, i.to, i.days.into()).map_err(bad)?;
            format!("{}\n", marked(count.value, count.provisional.as_ref()))
        }
        CalendarCommand::List(i) => {
            let list = extended.list(i.from, i.to, i.days.into()).map_err(bad)?;
            // One date a line, as scripts read it; the provisional ones marked, the reason
            // once on standard error.
            if let Some(why) = &list.provisional {
                eprintln!("注：标“暂定”的日期：{why}");
            }
            list.value.iter().map(|d| if *d > calendar.last() { format!("{d}（暂定）\n") } else { format!("{d}\n") }).collect()
        }
        CalendarCommand::Provisional { year } => import::provisional_text(&calendar, *year)?,
        CalendarCommand::Import { .. } => unreachable!("handled above"),
        CalendarCommand::Batch { file } => {
            let (name, queries) = match file.as_deref().filter(|f| *f != std::path::Path::new("-")) {
                Some(path) => {
                    (path.display().to_string(), std::fs::read_to_string(path).map_err(|e| Failure::BadInput(format!("{}：无法读取：{e}", path.display())))?)
                }
                None => {
                    let mut text = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text).map_err(|e| Failure::BadInput(format!("无法读取标准输入：{e}")))?;
                    ("标准输入".to_owned(), text)
                }
            };
            batch::answer(&calendar, &queries).map_err(|(line, message)| Failure::BadInput(format!("{name}:{line}：{message}")))?
        }
    };
    output::write_stdout(text.as_bytes()).map_err(Failure::Internal)
}
