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
//! # Past the published years
//!
//! The days after the data's last day, up to the end of [`lunar::LAST_YEAR`], are known
//! provisionally: weekends and the statutory holidays with the days the State Council's
//! principles determine ([`provisional`]), no 调休 working day. The checks of the rules
//! count on the published data only ([`Calendar::is`], [`Calendar::count`], …);
//! [`Calendar::extended`] counts on both and says, in a [`Reckoned`], when a result rests
//! on provisional days ([`Provisional`], the 暂定 mark and its reason). A year's notices,
//! once published, are read by [`notice::read`] and added with [`Calendar::with_year`].
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
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

pub use dudao_model::DayKind;
use dudao_model::{Date, Fact, InputError, parse_toml, read_toml_file};
use serde::Deserialize;

mod lunar;
pub mod notice;
mod schedule;

pub use lunar::LAST_YEAR;
pub use schedule::{Holiday, YearSchedule, provisional};

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
    /// A date, or a day a count reaches, is past the provisional calendar too.
    BeyondProvisional {
        /// The date asked about, or where the count starts.
        date: Date,
        /// The last day the provisional calendar reaches.
        until: Date,
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
            CalendarError::BeyondProvisional { date, until } => {
                write!(f, "自 {date} 起的计算超出暂定日历的范围（推算至 {until}，农历数据止于 {LAST_YEAR} 年）：请以 --calendar 载入覆盖该日期的日历文件")
            }
        }
    }
}

impl std::error::Error for CalendarError {}

/// Which days of a bounded range are trading days and working days.
#[derive(Clone)]
pub struct Calendar {
    first: Date,
    /// The last day of the published data.
    last: Date,
    /// The last day of the provisional calendar that follows it.
    horizon: Date,
    /// `trading_before[i]`: trading days among the first `i` days from `first` (to the horizon).
    trading_before: Vec<u32>,
    /// `working_before[i]`: working days among the first `i` days from `first`.
    working_before: Vec<u32>,
    /// Where the trading days come from.
    trading_source: String,
    /// Where the working days come from.
    working_source: String,
}

/// A value counted on the calendar, and whether it rests on provisional days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reckoned<T> {
    /// The value.
    pub value: T,
    /// `Some` when days past the published data were counted.
    pub provisional: Option<Provisional>,
}

/// Why a value is provisional (暂定): it counted days of years whose arrangement is not
/// published in the calendar used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provisional {
    /// The last day of the published data.
    pub published_until: Date,
    /// The first provisional year counted.
    pub first_year: i16,
    /// The last provisional year counted.
    pub last_year: i16,
}

impl fmt::Display for Provisional {
    /// The reason, in Chinese, printed beside every 暂定 date.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let years = match self.first_year == self.last_year {
            true => format!("{} 年", self.first_year),
            false => format!("{}–{} 年", self.first_year, self.last_year),
        };
        write!(
            f,
            "{years}的节假日安排未载入（日历数据止于 {}），按《全国年节及纪念日放假办法》的法定节假日与 2025 年起的放假调休原则推算，未计调休上班日；\
             通知公布后以 dudao calendar import 载入为准",
            self.published_until
        )
    }
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

/// Why a year's notices cannot be added to a calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddYearError(pub String);

impl fmt::Display for AddYearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AddYearError {}

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
        Ok(Calendar::from_flags(file.first, file.last, trading, working, file.trading.source, file.working.source))
    }

    /// The calendar of the published days' flags, followed by the provisional years.
    fn from_flags(first: Date, last: Date, mut trading: Vec<bool>, mut working: Vec<bool>, trading_source: String, working_source: String) -> Calendar {
        let horizon = last.max(Date::year_end(LAST_YEAR));
        let mut off = std::collections::BTreeSet::new();
        for year in last.year()..=horizon.year().min(LAST_YEAR) {
            off.extend(provisional(year).weekday_holidays().into_iter().filter(|d| *d > last));
        }
        for index in trading.len()..=first.days_until(horizon) as usize {
            let date = day(first, index);
            // The exchange closes on the holidays' weekdays and, a make-up day being never
            // a trading day, no provisional day is a working day that is not one.
            let open = !date.is_weekend() && !off.contains(&date);
            trading.push(open);
            working.push(open);
        }
        Calendar { first, last, horizon, trading_before: running_count(&trading), working_before: running_count(&working), trading_source, working_source }
    }

    /// The first day the calendar knows.
    pub fn first(&self) -> Date {
        self.first
    }

    /// The last day of the published data.
    pub fn last(&self) -> Date {
        self.last
    }

    /// The last day of the provisional calendar after it.
    pub fn horizon(&self) -> Date {
        self.horizon
    }

    /// Where the calendar's data comes from.
    pub fn sources(&self) -> String {
        format!("{}；{}", self.trading_source, self.working_source)
    }

    /// Whether `date` is a day of `kind` (published data only).
    pub fn is(&self, date: Date, kind: DayKind) -> Result<bool, CalendarError> {
        Ok(self.published().is(date, kind)?.value)
    }

    /// How many days of `kind` lie in the closed interval `[from, to]` (0 if `to < from`),
    /// on the published data only.
    pub fn count(&self, from: Date, to: Date, kind: DayKind) -> Result<u32, CalendarError> {
        Ok(self.published().count(from, to, kind)?.value)
    }

    /// The days of `kind` in the closed interval `[from, to]`, in order (published data only).
    pub fn list(&self, from: Date, to: Date, kind: DayKind) -> Result<Vec<Date>, CalendarError> {
        Ok(self.published().list(from, to, kind)?.value)
    }

    /// The `n`-th day of `kind` strictly after `date` (before it if `n < 0`; `date`
    /// itself if `n = 0`), on the published data only. See the crate documentation for
    /// the convention.
    pub fn add(&self, date: Date, n: i32, kind: DayKind) -> Result<Date, CalendarError> {
        Ok(self.published().add(date, n, kind)?.value)
    }

    fn published(&self) -> View<'_> {
        View { calendar: self, last: self.last }
    }

    /// The same questions, answered on the published data and the provisional years after
    /// it, each answer saying whether it is provisional.
    pub fn extended(&self) -> View<'_> {
        View { calendar: self, last: self.horizon }
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

    /// The days' kinds over the published data: (closed weekdays, weekday holidays,
    /// weekend working days).
    fn exceptions(&self) -> (Vec<Date>, Vec<Date>, Vec<Date>) {
        let (mut closed, mut holidays, mut makeup) = (Vec::new(), Vec::new(), Vec::new());
        for index in 0..=self.first.days_until(self.last) as usize {
            let date = day(self.first, index);
            let (trading, working) = (self.is_at(index, DayKind::Trading), self.is_at(index, DayKind::Working));
            match date.is_weekend() {
                false if !trading => closed.push(date),
                true if working => makeup.push(date),
                _ => {}
            }
            if !date.is_weekend() && !working {
                holidays.push(date);
            }
        }
        (closed, holidays, makeup)
    }

    /// This calendar with `schedule`'s year added after its last day, which must end the
    /// year before. The exchange is closed on the weekdays of `closed` (its notice's
    /// periods) or, without its notice, on the schedule's weekday holidays; `source` names
    /// the notices, for the file's record.
    pub fn with_year(&self, schedule: &YearSchedule, closed: Option<&[(Date, Date)]>, source: &str) -> Result<Calendar, AddYearError> {
        let year = schedule.year;
        if self.last != Date::year_end(year - 1) {
            return Err(AddYearError(format!(
                "日历数据止于 {}：只能添加其后的一整年（{} 年），不能添加 {year} 年",
                self.last,
                self.last.plus_days(1).map_or(self.last.year(), |d| d.year())
            )));
        }
        let (first, last) = (Date::ymd(year, 1, 1), Date::year_end(year));
        let published = self.first.days_until(self.last) as usize + 1;
        let mut trading: Vec<bool> = (0..published).map(|i| self.is_at(i, DayKind::Trading)).collect();
        let mut working: Vec<bool> = (0..published).map(|i| self.is_at(i, DayKind::Working)).collect();
        let holidays = schedule.weekday_holidays();
        let exchange_closed: Vec<Date> = match closed {
            Some(periods) => periods.iter().flat_map(|(a, b)| (0..=a.days_until(*b)).map(move |i| day(*a, i as usize))).filter(|d| !d.is_weekend()).collect(),
            None => holidays.clone(),
        };
        for index in 0..=first.days_until(last) as usize {
            let date = day(first, index);
            let weekday = !date.is_weekend();
            working.push((weekday && !holidays.contains(&date)) || schedule.makeup_workdays.contains(&date));
            trading.push(weekday && !exchange_closed.contains(&date));
        }
        let outside = holidays.iter().chain(&exchange_closed).chain(&schedule.makeup_workdays).find(|d| d.year() != year);
        if let Some(date) = outside {
            return Err(AddYearError(format!("通知中的 {date} 不在 {year} 年内：dudao 只添加通知所属年份的日期，请核对通知")));
        }
        if let Some(date) = (0..=first.days_until(last) as usize).map(|i| day(first, i)).find(|d| {
            let index = self.first.days_until(*d) as usize;
            trading[index] && !working[index]
        }) {
            return Err(AddYearError(format!("{date} 按交易所通知开市，按国务院通知却不是工作日：请核对两份通知是否同属 {year} 年")));
        }
        let with = |old: &str| format!("{old}；{year}：{source}");
        Ok(Calendar::from_flags(self.first, last, trading, working, with(&self.trading_source), with(&self.working_source)))
    }

    /// The calendar's published data in the file format of `data/calendar/china.toml`.
    pub fn to_toml(&self) -> String {
        let (closed, holidays, makeup) = self.exceptions();
        let list = |dates: &[Date]| {
            let mut out = String::from("[\n");
            for date in dates {
                let _ = writeln!(out, "  {date},  # {}", date.weekday_chinese());
            }
            out + "]"
        };
        let quote = |text: &str| toml_string(text);
        format!(
            "# SSE trading days and official Chinese working days, {} to {}, written by dudao calendar import.\n\
             # A trading day is a Monday-to-Friday day not in [trading].closed_weekdays; a working day is a\n\
             # Monday-to-Friday day not in [working].holidays, or a day in [working].makeup_workdays (调休).\n\n\
             first = {}\nlast = {}\n\n[trading]\nsource = {}\nclosed_weekdays = {}\n\n[working]\nsource = {}\nholidays = {}\nmakeup_workdays = {}\n",
            self.first,
            self.last,
            self.first,
            self.last,
            quote(&self.trading_source),
            list(&closed),
            quote(&self.working_source),
            list(&holidays),
            list(&makeup)
        )
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out + "\""
}

/// The questions a calendar answers, over the days up to `last`: the published data
/// ([`Calendar::is`] and the others) or those and the provisional years
/// ([`Calendar::extended`]).
#[derive(Clone, Copy)]
pub struct View<'a> {
    calendar: &'a Calendar,
    last: Date,
}

impl View<'_> {
    fn out_of_range(&self, date: Date) -> CalendarError {
        let c = self.calendar;
        match date > self.last && self.last > c.last {
            true => CalendarError::BeyondProvisional { date, until: self.last },
            false => CalendarError::OutOfRange { date, first: c.first, last: c.last },
        }
    }

    fn index(&self, date: Date) -> Result<usize, CalendarError> {
        if date < self.calendar.first || date > self.last {
            return Err(self.out_of_range(date));
        }
        Ok(self.calendar.first.days_until(date) as usize)
    }

    /// The mark of a result that counted the days of `kind` up to `latest`.
    fn mark<T>(&self, value: T, earliest: Date, latest: Date, kind: DayKind) -> Reckoned<T> {
        let published_until = self.calendar.last;
        let provisional = (latest > published_until && kind != DayKind::Calendar).then(|| Provisional {
            published_until,
            first_year: earliest.max(published_until.plus_days(1).unwrap_or(published_until)).year(),
            last_year: latest.year(),
        });
        Reckoned { value, provisional }
    }

    /// Whether `date` is a day of `kind`.
    pub fn is(&self, date: Date, kind: DayKind) -> Result<Reckoned<bool>, CalendarError> {
        Ok(self.mark(self.calendar.is_at(self.index(date)?, kind), date, date, kind))
    }

    /// How many days of `kind` lie in the closed interval `[from, to]` (0 if `to < from`).
    pub fn count(&self, from: Date, to: Date, kind: DayKind) -> Result<Reckoned<u32>, CalendarError> {
        let (i, j) = (self.index(from)?, self.index(to)?);
        let value = match (j < i, self.calendar.running(kind)) {
            (true, _) => 0,
            (false, Some(before)) => before[j + 1] - before[i],
            (false, None) => (j - i + 1) as u32,
        };
        Ok(self.mark(value, from, to, kind))
    }

    /// The days of `kind` in the closed interval `[from, to]`, in order.
    pub fn list(&self, from: Date, to: Date, kind: DayKind) -> Result<Reckoned<Vec<Date>>, CalendarError> {
        let (i, j) = (self.index(from)?, self.index(to)?);
        let days = (i..=j).filter(|k| self.calendar.is_at(*k, kind)).map(|k| day(self.calendar.first, k)).collect();
        Ok(self.mark(days, from, to, kind))
    }

    /// The `n`-th day of `kind` strictly after `date` (before it if `n < 0`; `date`
    /// itself if `n = 0`). See the crate documentation for the convention.
    pub fn add(&self, date: Date, n: i32, kind: DayKind) -> Result<Reckoned<Date>, CalendarError> {
        let c = self.calendar;
        let beyond = || match n > 0 && self.last > c.last {
            true => CalendarError::BeyondProvisional { date, until: self.last },
            false => CalendarError::CountBeyondRange { from: date, n, kind, first: c.first, last: c.last },
        };
        let Some(before) = c.running(kind) else {
            return date.plus_days(n).map(|value| Reckoned { value, provisional: None }).ok_or_else(beyond);
        };
        let i = self.index(date)?;
        if n == 0 {
            return Ok(self.mark(date, date, date, kind));
        }
        // Number the days of `kind` 1, 2, … from the start of the range; the wanted day is
        // the one numbered `target`.
        let end = c.first.days_until(self.last) as usize + 1;
        let target = if n > 0 { i64::from(before[i + 1]) + i64::from(n) } else { i64::from(before[i]) + i64::from(n) + 1 };
        if target < 1 || target > i64::from(before[end]) {
            return Err(beyond());
        }
        // The first position whose running count reaches `target` is just past that day.
        let past = before[..=end].partition_point(|count| i64::from(*count) < target);
        let found = day(c.first, past - 1);
        Ok(self.mark(found, date.min(found), date.max(found), kind))
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
