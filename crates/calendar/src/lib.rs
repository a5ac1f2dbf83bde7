//! Trading days, working days and calendar days: the three clocks of a sponsor's duties.
//!
//! A [`Calendar`] knows, for every day of a bounded range, whether the Shanghai Stock
//! Exchange traded (交易日) and whether it was an official working day (工作日, including
//! the weekend days made working days by 调休). The range shipped with dudao is
//! 2019-01-01 to 2026-12-31 ([`Calendar::embedded`], from `data/calendar/china.toml`); a
//! newer file in the same format can be loaded with [`Calendar::from_file`]. A date
//! outside the range is refused ([`CalendarError::OutOfRange`]): weekdays are never
//! guessed.
//!
//! # The counting convention
//!
//! - [`Calendar::add`]`(d, n, kind)` with `n > 0` is the n-th day of `kind` **strictly
//!   after** `d`: day 1 is the first such day after `d`, whether or not `d` itself is one.
//!   With `n < 0` it is the |n|-th such day strictly before `d`; with `n = 0` it is `d`.
//!   So "within 5 trading days after a disclosure on D" is due on `add(D, 5, Trading)`.
//! - [`Calendar::count`]`(from, to, kind)` counts the days of `kind` in the **closed**
//!   interval `[from, to]`, both ends included; [`Calendar::list`] lists them.
//! - Calendar days (日) have no exceptions: `add(d, 15, Calendar)` is `d` + 15 days.
//!
//! ```
//! use dudao_calendar::{Calendar, DayKind};
//! use dudao_model::Date;
//! let calendar = Calendar::embedded();
//! // The 15th trading day after Saturday 2024-04-20 (Labour Day closes 5 weekdays).
//! assert_eq!(calendar.add(Date::ymd(2024, 4, 20), 15, DayKind::Trading)?, Date::ymd(2024, 5, 15));
//! # Ok::<(), dudao_calendar::CalendarError>(())
//! ```

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

pub use dudao_model::DayKind;
use dudao_model::{Date, Fact, InputError, parse_toml, read_toml_file};
use serde::Deserialize;

/// Why a date could not be placed on the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// The date, or a day the count reaches, is outside the calendar's known range.
    OutOfRange {
        /// The date asked about or reached.
        date: Date,
        /// The first known day.
        first: Date,
        /// The last known day.
        last: Date,
    },
    /// Counting from a known date runs past the calendar's known range.
    CountBeyondRange {
        /// Where the count starts.
        from: Date,
        /// How many days were to be counted (negative: backwards).
        n: i32,
        /// The kind of day counted.
        kind: DayKind,
        /// The first known day.
        first: Date,
        /// The last known day.
        last: Date,
    },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::OutOfRange { date, first, last } => write!(
                f,
                "日期 {date} 超出已知日历范围（{first} 至 {last}，最后已知日期为 {last}）：dudao 不推测节假日安排；\
                 交易所与国务院公布次年安排后，请以 --calendar 载入新的日历文件"
            ),
            CalendarError::CountBeyondRange { from, n, kind, first, last } => {
                let (direction, edge) = if *n < 0 { ("之前", first) } else { ("之后", last) };
                write!(
                    f,
                    "{from} {direction}第 {} 个{}超出已知日历范围（{first} 至 {last}，已知边界为 {edge}）：dudao 不推测节假日安排；\
                     交易所与国务院公布次年安排后，请以 --calendar 载入新的日历文件",
                    n.abs(),
                    kind.chinese()
                )
            }
        }
    }
}

impl std::error::Error for CalendarError {}

/// Which days of a bounded range are trading days and working days.
#[derive(Clone)]
pub struct Calendar {
    first: Date,
    last: Date,
    /// `trading_before[i]`: trading days among the first `i` days of the range.
    trading_before: Vec<u32>,
    /// `working_before[i]`: working days among the first `i` days of the range.
    working_before: Vec<u32>,
    /// Where the data came from, for `--help` and error messages.
    sources: String,
}

/// The calendar file format (see `data/calendar/china.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    first: Date,
    last: Date,
    trading: TradingSection,
    working: WorkingSection,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TradingSection {
    source: String,
    closed_weekdays: Vec<Fact<Date>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkingSection {
    source: String,
    holidays: Vec<Fact<Date>>,
    makeup_workdays: Vec<Fact<Date>>,
}

const EMBEDDED: &str = include_str!("../../../data/calendar/china.toml");

impl Calendar {
    /// The calendar shipped with dudao: 2019-01-01 to 2026-12-31.
    pub fn embedded() -> &'static Calendar {
        static CALENDAR: OnceLock<Calendar> = OnceLock::new();
        CALENDAR.get_or_init(|| Calendar::parse(Path::new("data/calendar/china.toml"), EMBEDDED).expect("the shipped calendar is valid"))
    }

    /// Loads a calendar file in the same format as `data/calendar/china.toml`.
    pub fn from_file(path: &Path) -> Result<Calendar, InputError> {
        Calendar::build(path, read_toml_file(path, "日历文件")?)
    }

    fn parse(path: &Path, text: &str) -> Result<Calendar, InputError> {
        Calendar::build(path, parse_toml(path, "china.toml", text)?)
    }

    fn build(path: &Path, file: CalendarFile) -> Result<Calendar, InputError> {
        let refuse = |fact: &Fact<Date>, field: &str, message: String| InputError {
            file: path.to_owned(),
            line: Some(fact.origin().line),
            column: None,
            field: Some(field.to_owned()),
            message,
        };
        if file.last < file.first {
            return Err(InputError {
                file: path.to_owned(),
                line: None,
                column: None,
                field: Some("last".into()),
                message: format!("last（{}）早于 first（{}）", file.last, file.first),
            });
        }
        let length = file.first.days_until(file.last) as usize + 1;
        let mut trading: Vec<bool> = (0..length).map(|i| !day(file.first, i).is_weekend()).collect();
        let mut working = trading.clone();
        let in_range = |d: &Date| file.first <= *d && *d <= file.last;
        // Clears the weekday flags of the listed days, which must be weekdays in the range.
        let clear = |flags: &mut [bool], list: &[Fact<Date>], field: &str| {
            for date in list {
                if !in_range(date) || date.is_weekend() {
                    return Err(refuse(date, field, format!("{} 应为 first 至 last 之间的周一至周五", **date)));
                }
                flags[file.first.days_until(**date) as usize] = false;
            }
            Ok(())
        };
        clear(&mut trading, &file.trading.closed_weekdays, "trading.closed_weekdays")?;
        clear(&mut working, &file.working.holidays, "working.holidays")?;
        for date in &file.working.makeup_workdays {
            if !in_range(date) || !date.is_weekend() {
                return Err(refuse(date, "working.makeup_workdays", format!("{} 应为 first 至 last 之间的周六或周日（调休上班日）", **date)));
            }
            working[file.first.days_until(**date) as usize] = true;
        }
        if let Some(index) = (0..length).find(|i| trading[*i] && !working[*i]) {
            return Err(InputError {
                file: path.to_owned(),
                line: None,
                column: None,
                field: Some("working.holidays".into()),
                message: format!("{} 是交易日却不是工作日：交易日必为工作日", day(file.first, index)),
            });
        }
        Ok(Calendar {
            first: file.first,
            last: file.last,
            trading_before: running_count(&trading),
            working_before: running_count(&working),
            sources: format!("{}；{}", file.trading.source, file.working.source),
        })
    }

    /// The first day the calendar knows.
    pub fn first(&self) -> Date {
        self.first
    }

    /// The last day the calendar knows.
    pub fn last(&self) -> Date {
        self.last
    }

    /// Where the calendar's data comes from.
    pub fn sources(&self) -> &str {
        &self.sources
    }

    fn index(&self, date: Date) -> Result<usize, CalendarError> {
        if date < self.first || date > self.last {
            return Err(self.out_of_range(date));
        }
        Ok(self.first.days_until(date) as usize)
    }

    fn out_of_range(&self, date: Date) -> CalendarError {
        CalendarError::OutOfRange { date, first: self.first, last: self.last }
    }

    /// The running count of days of `kind` (`None` for calendar days, which need none).
    fn running(&self, kind: DayKind) -> Option<&[u32]> {
        match kind {
            DayKind::Trading => Some(&self.trading_before),
            DayKind::Working => Some(&self.working_before),
            DayKind::Calendar => None,
        }
    }

    /// Whether the day at `index` is of `kind`.
    fn is_at(&self, index: usize, kind: DayKind) -> bool {
        self.running(kind).is_none_or(|before| before[index + 1] > before[index])
    }

    /// Whether `date` is a day of `kind`.
    pub fn is(&self, date: Date, kind: DayKind) -> Result<bool, CalendarError> {
        Ok(self.is_at(self.index(date)?, kind))
    }

    /// How many days of `kind` lie in the closed interval `[from, to]` (0 if `to < from`).
    pub fn count(&self, from: Date, to: Date, kind: DayKind) -> Result<u32, CalendarError> {
        let (i, j) = (self.index(from)?, self.index(to)?);
        if j < i {
            return Ok(0);
        }
        Ok(match self.running(kind) {
            Some(before) => before[j + 1] - before[i],
            None => (j - i + 1) as u32,
        })
    }

    /// The days of `kind` in the closed interval `[from, to]`, in order.
    pub fn list(&self, from: Date, to: Date, kind: DayKind) -> Result<Vec<Date>, CalendarError> {
        let (i, j) = (self.index(from)?, self.index(to)?);
        Ok((i..=j).filter(|k| self.is_at(*k, kind)).map(|k| day(self.first, k)).collect())
    }

    /// The `n`-th day of `kind` strictly after `date` (before it if `n < 0`; `date`
    /// itself if `n = 0`). See the crate documentation for the convention.
    pub fn add(&self, date: Date, n: i32, kind: DayKind) -> Result<Date, CalendarError> {
        let beyond = || CalendarError::CountBeyondRange { from: date, n, kind, first: self.first, last: self.last };
        let Some(before) = self.running(kind) else {
            return date.plus_days(n).ok_or_else(beyond);
        };
        let i = self.index(date)?;
        if n == 0 {
            return Ok(date);
        }
        // Number the days of `kind` 1, 2, … from the start of the range; the wanted day is
        // the one numbered `target`.
        let target = if n > 0 { i64::from(before[i + 1]) + i64::from(n) } else { i64::from(before[i]) + i64::from(n) + 1 };
        if target < 1 || target > i64::from(before[before.len() - 1]) {
            return Err(beyond());
        }
        // The first position whose running count reaches `target` is just past that day.
        let past = before.partition_point(|count| i64::from(*count) < target);
        Ok(day(self.first, past - 1))
    }
}

fn day(first: Date, index: usize) -> Date {
    first.plus_days(index as i32).expect("within the calendar's range")
}

/// `out[i]` = how many of the first `i` entries are true.
fn running_count(flags: &[bool]) -> Vec<u32> {
    let mut out = Vec::with_capacity(flags.len() + 1);
    let mut count = 0;
    out.push(0);
    for flag in flags {
        count += u32::from(*flag);
        out.push(count);
    }
    out
}
