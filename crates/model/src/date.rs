//! Civil dates as case files write them: a day (`2023-02-07`, bare or quoted) or, where
//! the source only gives a month, a month (`"2021-03"`).

use std::fmt;

use jiff::civil;
use serde::{Deserialize, Deserializer, de};

/// A real calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

impl Date {
    /// Parses `YYYY-MM-DD`, refusing days that do not exist (2023-02-30).
    pub fn parse(text: &str) -> Result<Date, String> {
        let expected = || format!("“{text}”不是有效的日期：应为真实存在的 YYYY-MM-DD 日期，如 2023-02-07");
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else { return Err(expected()) };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(expected());
        }
        let (y, m, d) = (y.parse::<i16>().map_err(|_| expected())?, m.parse::<i8>().map_err(|_| expected())?, d.parse::<i8>().map_err(|_| expected())?);
        let date = civil::Date::new(y, m, d).map(Date).map_err(|_| expected())?;
        in_range(text, y)?;
        Ok(date)
    }

    /// Today's date in Beijing (UTC+8, no daylight saving), from the system clock: the
    /// default "as of" date of every judgement.
    pub fn today_in_beijing() -> Date {
        let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let days = ((seconds + 8 * 3600) / 86_400) as i32;
        Date::ymd(1970, 1, 1).plus_days(days).expect("a date after 1970")
    }

    /// The date `year-month-day`; panics if it does not exist, so only for constants.
    pub const fn ymd(year: i16, month: i8, day: i8) -> Date {
        Date(civil::date(year, month, day))
    }

    /// The year.
    pub fn year(&self) -> i16 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> i8 {
        self.0.month()
    }

    /// The day of the month.
    pub fn day(&self) -> i8 {
        self.0.day()
    }

    /// 31 December of `year`.
    pub fn year_end(year: i16) -> Date {
        Date::ymd(year, 12, 31)
    }

    /// The date `days` days later (earlier if negative); `None` past the range of dates.
    pub fn plus_days(&self, days: i32) -> Option<Date> {
        self.0.checked_add(jiff::Span::new().days(days)).ok().map(Date)
    }

    /// The same day `months` months later (earlier if negative), clamped to the month's
    /// last day (2024-01-31 + 1 month = 2024-02-29); `None` past the range of dates.
    pub fn plus_months(&self, months: i32) -> Option<Date> {
        self.0.checked_add(jiff::Span::new().months(months)).ok().map(Date)
    }

    /// How many days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(&self, later: Date) -> i32 {
        self.0.until(later.0).map_or(0, |span| span.get_days())
    }

    /// Saturday or Sunday.
    pub fn is_weekend(&self) -> bool {
        matches!(self.0.weekday(), jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday)
    }

    /// The weekday in Chinese: 周一 … 周日.
    pub fn weekday_chinese(&self) -> &'static str {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][self.0.weekday().to_monday_zero_offset() as usize]
    }

    /// In Chinese: `2023年2月7日`.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year(), self.month(), self.day())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A date known to the day, or only to the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayOrMonth {
    /// Known to the day.
    Day(Date),
    /// Known to the month only.
    Month {
        /// The year.
        year: i16,
        /// The month, 1 to 12.
        month: i8,
    },
}

impl DayOrMonth {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(text: &str) -> Result<DayOrMonth, String> {
        let trimmed = text.trim();
        if trimmed.len() == 7 {
            let expected = || format!("“{text}”不是有效的年月：应为 YYYY-MM，如 2021-03");
            let (y, m) = trimmed.split_once('-').ok_or_else(expected)?;
            let year: i16 = y.parse().map_err(|_| expected())?;
            in_range(text, year)?;
            let month: i8 = m.parse().map_err(|_| expected())?;
            if y.len() != 4 || !(1..=12).contains(&month) {
                return Err(expected());
            }
            return Ok(DayOrMonth::Month { year, month });
        }
        Date::parse(trimmed).map(DayOrMonth::Day)
    }

    /// The year.
    pub fn year(&self) -> i16 {
        match self {
            DayOrMonth::Day(d) => d.year(),
            DayOrMonth::Month { year, .. } => *year,
        }
    }

    /// In Chinese, to the precision known: `2021年3月16日` or `2021年3月`.
    pub fn chinese(&self) -> String {
        match self {
            DayOrMonth::Day(d) => d.chinese(),
            DayOrMonth::Month { year, month } => format!("{year}年{month}月"),
        }
    }
}

/// Accepts a TOML date literal or a string; a TOML date arrives from the `toml`
/// deserializer as a one-entry map holding its text.
struct DateVisitor<T>(fn(&str) -> Result<T, String>);

impl<'de, T> de::Visitor<'de> for DateVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("日期，如 2023-02-07")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some((_, text)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("日期为空"));
        };
        (self.0)(&text).map_err(de::Error::custom)
    }
}

/// The first year dudao judges: the exchanges opened in December 1990.
pub const FIRST_YEAR: i16 = 1990;

/// How many years past the current one a case may date a fact (a commitment's term, a
/// lock-up's end); a date beyond (2099, 9999) is a typing error, never a fact to count from.
pub const YEARS_AHEAD: i16 = 10;

fn in_range(text: &str, year: i16) -> Result<(), String> {
    let last = Date::today_in_beijing().year() + YEARS_AHEAD;
    if (FIRST_YEAR..=last).contains(&year) {
        Ok(())
    } else {
        Err(format!("“{text}”超出可判断的日期范围：应在 {FIRST_YEAR} 年至 {last} 年（今年起 {YEARS_AHEAD} 年内）之间"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor(Date::parse))
    }
}

impl<'de> Deserialize<'de> for DayOrMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor(DayOrMonth::parse))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_days_are_refused() {
        assert!(Date::parse("2023-02-30").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-2-7").is_err());
        assert_eq!(Date::parse("2023-02-07").unwrap().chinese(), "2023年2月7日");
    }

    #[test]
    fn dates_outside_the_years_dudao_judges_are_refused() {
        assert!(Date::parse("0000-01-01").is_err());
        let last = Date::today_in_beijing().year() + YEARS_AHEAD;
        assert!(Date::parse("9999-12-31").unwrap_err().contains(&format!("应在 1990 年至 {last} 年")));
        assert!(Date::parse("2099-03-16").is_err(), "a listing in 2099 is a typo");
        assert!(Date::parse("1990-01-01").is_ok() && Date::parse(&format!("{last}-12-31")).is_ok());
        assert!(DayOrMonth::parse("1900-01").is_err());
    }

    #[test]
    fn month_precision() {
        assert_eq!(DayOrMonth::parse("2021-03").unwrap(), DayOrMonth::Month { year: 2021, month: 3 });
        assert!(DayOrMonth::parse("2021-13").is_err());
    }
}

/// The kind of day a duty counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 交易日: a day the Shanghai Stock Exchange trades.
    Trading,
    /// 工作日: an official working day, make-up weekend days included.
    Working,
    /// 日: any day.
    Calendar,
}

impl DayKind {
    /// The Chinese name: 交易日, 工作日, 日.
    pub fn chinese(self) -> &'static str {
        match self {
            DayKind::Trading => "交易日",
            DayKind::Working => "工作日",
            DayKind::Calendar => "日",
        }
    }

    /// The identifier: `trading`, `working`, `calendar`.
    pub fn id(self) -> &'static str {
        match self {
            DayKind::Trading => "trading",
            DayKind::Working => "working",
            DayKind::Calendar => "calendar",
        }
    }
}
