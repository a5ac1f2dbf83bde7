//! One year's holiday arrangement: the periods off and the weekend days made working days
//! (调休), as the State Council's yearly notice states them ([`crate::notice`]) or as the
//! principles give them for a year not yet published ([`provisional`]).

use dudao_model::Date;

use crate::lunar;

/// A holiday period: every day from `first` to `last` is off (weekend days included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holiday {
    /// 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 (or 国庆节、中秋节 merged).
    pub name: String,
    /// The first day off.
    pub first: Date,
    /// The last day off.
    pub last: Date,
    /// For a provisional year: how the days were worked out, in Chinese.
    pub rule: String,
}

impl Holiday {
    /// The days off, in order.
    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        (0..=self.first.days_until(self.last)).map(|i| self.first.plus_days(i).expect("within the range of dates"))
    }
}

/// A year's arrangement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearSchedule {
    /// The year it is for.
    pub year: i16,
    /// The holiday periods, in order.
    pub holidays: Vec<Holiday>,
    /// Weekend days made working days (调休上班).
    pub makeup_workdays: Vec<Date>,
}

impl YearSchedule {
    /// The Monday-to-Friday days off, in order (some may lie in the year before: the
    /// 元旦 period can start on 30 or 31 December).
    pub fn weekday_holidays(&self) -> Vec<Date> {
        let mut days: Vec<Date> = self.holidays.iter().flat_map(Holiday::days).filter(|d| !d.is_weekend()).collect();
        days.sort();
        days.dedup();
        days
    }
}

/// Monday = 0 … Sunday = 6.
fn weekday(date: Date) -> usize {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"].iter().position(|w| *w == date.weekday_chinese()).expect("a weekday")
}

fn plus(date: Date, days: i32) -> Date {
    date.plus_days(days).expect("within the range of dates")
}

/// The arrangement the principles give for `year`, before its notice is published.
///
/// The days off are the statutory holidays of 《全国年节及纪念日放假办法》 (2024 revision,
/// in force since 2025: 元旦 1 day, 春节 4 from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1,
/// 国庆 3), with the lunar dates and 清明 computed ([`lunar`]), extended as the State
/// Council's principles of 2025 determine: 春节 8 days from 除夕, 国庆 7 from 1 October,
/// 国庆 and 中秋 together 8, 劳动节 5, the others 3 with the weekend (a holiday on a
/// Wednesday alone). Where the principles say how many days but not which, the choice
/// is the one the notices of 2025 and 2026 made, and [`Holiday::rule`] says so. No weekend
/// day is made a working day: the principles do not say which ones the notice will pick,
/// so working days may be fewer than the notice will give (trading days are not
/// affected: the exchange never trades on a weekend).
pub fn provisional(year: i16) -> YearSchedule {
    let holiday = |name: &str, first: Date, last: Date, rule: String| Holiday { name: name.to_owned(), first, last, rule };
    let mut holidays = vec![three_or_one("元旦", Date::ymd(year, 1, 1)), {
        let eve = lunar::new_years_eve(year);
        holiday("春节", eve, plus(eve, 7), format!("农历除夕（{eve}）起放假 8 天（原则：春节自农历除夕起放假调休 8 天）"))
    }];
    holidays.push(three_or_one("清明节", lunar::qingming(year)));
    holidays.push(holiday(
        "劳动节",
        Date::ymd(year, 5, 1),
        Date::ymd(year, 5, 5),
        "5月1日至5日（原则：劳动节放假调休 5 天；起始日未定，假定自 5 月 1 日起，与 2025、2026 年相同）".to_owned(),
    ));
    holidays.push(three_or_one("端午节", lunar::dragon_boat(year)));
    let mid_autumn = lunar::mid_autumn(year);
    let national_day = Date::ymd(year, 10, 1);
    if (Date::ymd(year, 9, 29)..=Date::ymd(year, 10, 8)).contains(&mid_autumn) {
        let first = mid_autumn.min(national_day);
        holidays.push(holiday(
            "国庆节、中秋节",
            first,
            plus(first, 7),
            format!(
                "中秋节（{mid_autumn}）逢国庆节，合并放假 8 天，自 {first} 起（原则：国庆节放假如逢中秋节则合并放假 8 天；\
                 “逢”假定为中秋在 9月29日至10月8日之间，与 2020、2023、2025 年的安排相符）"
            ),
        ));
    } else {
        holidays.push(three_or_one("中秋节", mid_autumn));
        holidays.push(holiday("国庆节", national_day, plus(national_day, 6), "10月1日起放假 7 天（原则：国庆节自10月1日起放假调休 7 天）".to_owned()));
    }
    holidays.sort_by_key(|h| h.first);
    YearSchedule { year, holidays, makeup_workdays: Vec::new() }
}

/// A one-day holiday on `day`: 3 days with the weekend next to it, or `day` alone on a
/// Wednesday.
fn three_or_one(name: &str, day: Date) -> Holiday {
    let weekday_name = day.weekday_chinese();
    // Monday = 0: where the 3 days start, relative to `day`, and why.
    let (start, why) = match weekday(day) {
        2 => (0, "逢周三只在当日放假"),
        0 => (-2, "与之前的周末连休 3 天"),
        4 => (0, "与之后的周末连休 3 天"),
        5 => (0, "逢周六，与周日连休并于周一补假，共 3 天"),
        6 => (-1, "逢周日，与周六连休并于周一补假，共 3 天"),
        1 => (-2, "逢周二，与之前的周末连休 3 天，周一放假（调休上班的周末日未定，未计）"),
        _ => (0, "逢周四，与之后的周末连休 3 天，周五放假（调休上班的周末日未定，未计）"),
    };
    let (first, last) = if weekday(day) == 2 { (day, day) } else { (plus(day, start), plus(day, start + 2)) };
    Holiday {
        name: name.to_owned(), first, last, rule: format!("{name}（{day}，{weekday_name}）{why}（原则：放假调休或连休 3 天，逢周三只在当日放假）")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(schedule: &YearSchedule) -> Vec<String> {
        schedule.weekday_holidays().iter().map(|d| format!("{}{}", &d.to_string()[5..], d.weekday_chinese())).collect()
    }

    #[test]
    fn the_principles_for_2027() {
        // 元旦 Fri; 除夕 Fri 02-05; 清明 Mon 04-05; 劳动节 Sat; 端午 Wed 06-09; 中秋 Wed 09-15;
        // 国庆 Fri.
        let schedule = provisional(2027);
        assert_eq!(
            days(&schedule),
            [
                "01-01周五",
                "02-05周五",
                "02-08周一",
                "02-09周二",
                "02-10周三",
                "02-11周四",
                "02-12周五",
                "04-05周一",
                "05-03周一",
                "05-04周二",
                "05-05周三",
                "06-09周三",
                "09-15周三",
                "10-01周五",
                "10-04周一",
                "10-05周二",
                "10-06周三",
                "10-07周四"
            ]
        );
        assert!(schedule.makeup_workdays.is_empty());
    }

    #[test]
    fn each_weekday_of_a_one_day_holiday() {
        let span = |d: Date| {
            let h = three_or_one("元旦", d);
            (h.first, h.last)
        };
        // 2025-01-01 Wed; 2024-01-01 Mon; 2019-01-01 Tue; 2026-01-01 Thu; 2027 Fri; 2022 Sat; 2023 Sun.
        assert_eq!(span(Date::ymd(2025, 1, 1)), (Date::ymd(2025, 1, 1), Date::ymd(2025, 1, 1)));
        assert_eq!(span(Date::ymd(2024, 1, 1)), (Date::ymd(2023, 12, 30), Date::ymd(2024, 1, 1)));
        assert_eq!(span(Date::ymd(2019, 1, 1)), (Date::ymd(2018, 12, 30), Date::ymd(2019, 1, 1)));
        assert_eq!(span(Date::ymd(2026, 1, 1)), (Date::ymd(2026, 1, 1), Date::ymd(2026, 1, 3)));
        assert_eq!(span(Date::ymd(2027, 1, 1)), (Date::ymd(2027, 1, 1), Date::ymd(2027, 1, 3)));
        assert_eq!(span(Date::ymd(2022, 1, 1)), (Date::ymd(2022, 1, 1), Date::ymd(2022, 1, 3)));
        assert_eq!(span(Date::ymd(2023, 1, 1)), (Date::ymd(2022, 12, 31), Date::ymd(2023, 1, 2)));
    }
}
