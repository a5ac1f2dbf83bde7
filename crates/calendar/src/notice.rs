//! The yearly notices, read as published: the State Council's 《国务院办公厅关于YYYY年部分
//! 节假日安排的通知》 (days off and 调休 working days) and the Shanghai Stock Exchange's
//! notice of the year's market closures (休市安排).
//!
//! The State Council's items have kept one wording for years:
//! `一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。` — a period
//! (the end's month and year may be omitted), `放假`, optionally `共N天`, then the weekend
//! days worked, `…上班`. The exchange's items read
//! `（一）元旦：1月1日（星期四）至1月3日（星期六）休市，1月5日（星期一）起照常开市。另外，1月4日（星期日）为周末休市。`
//! Every weekday and day count written in an item is checked against the dates. Lines
//! starting with `#` are comments (a copy's provenance). What cannot be read is an error
//! naming the file's line and what was expected.

use std::sync::OnceLock;

use dudao_model::Date;
use regex::Regex;

use crate::schedule::{Holiday, YearSchedule};

/// What is wrong with a notice's text: the 1-based line (`None` for the whole text) and
/// the message, in Chinese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeError {
    /// The line, if one is at fault.
    pub line: Option<usize>,
    /// What was expected.
    pub message: String,
}

/// Which notice a text is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The State Council's holiday arrangement.
    StateCouncil(YearSchedule),
    /// The exchange's closures: the year and the periods closed (weekend days included).
    Exchange {
        /// The year.
        year: i16,
        /// The periods the exchange is closed for a holiday, first and last day.
        closed: Vec<(Date, Date)>,
    },
}

const STATE_COUNCIL_EXAMPLE: &str = "“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。”";
const EXCHANGE_EXAMPLE: &str = "“（一）元旦：1月1日（星期四）至1月3日（星期六）休市，1月5日（星期一）起照常开市。”";

/// A date as the notices write it: `[YYYY年][M月]D日[（…周X…）]`.
const DATE: &str = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?";

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

/// Reads a notice, telling which kind it is from its title.
pub fn read(text: &str) -> Result<Notice, NoticeError> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty() && !l.starts_with('#')).collect();
    static STATE_COUNCIL: OnceLock<Regex> = OnceLock::new();
    static EXCHANGE: OnceLock<Regex> = OnceLock::new();
    for (_, line) in &lines {
        if let Some(m) = regex(&STATE_COUNCIL, r"关于(\d{4})年部分节假日安排的通知").captures(line) {
            return state_council(m[1].parse().expect("four digits"), &lines).map(Notice::StateCouncil);
        }
        if let Some(m) = regex(&EXCHANGE, r"(\d{4})年(?:部分节假日|全年)休市安排").captures(line) {
            return exchange(m[1].parse().expect("four digits"), &lines);
        }
    }
    Err(NoticeError {
        line: None,
        message: "未找到通知标题：应含“国务院办公厅关于YYYY年部分节假日安排的通知”或“关于YYYY年部分节假日休市安排的通知”（上海证券交易所）".to_owned(),
    })
}

/// The item lines: `一、…：…` (State Council) or `（一）…：…` (exchange), with the
/// holiday's name and the rest.
fn items<'a>(lines: &[(usize, &'a str)]) -> Vec<(usize, &'a str, &'a str)> {
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let item = regex(&ITEM, r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)([^：:，。]{1,12})[：:](.*)$");
    lines.iter().filter_map(|(n, line)| item.captures(line).map(|c| (*n, c.get(1).expect("group").as_str(), c.get(2).expect("group").as_str()))).collect()
}

fn state_council(year: i16, lines: &[(usize, &str)]) -> Result<YearSchedule, NoticeError> {
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    static TOTAL: OnceLock<Regex> = OnceLock::new();
    static WORKED: OnceLock<Regex> = OnceLock::new();
    let period = regex(&PERIOD, &format!(r"^{DATE}(?:至{DATE})?放假"));
    let total = regex(&TOTAL, r"共(\d+)天");
    let worked = regex(&WORKED, &format!(r"{DATE}(?:、|上班)"));
    let mut schedule = YearSchedule { year, holidays: Vec::new(), makeup_workdays: Vec::new() };
    for (n, name, rest) in items(lines) {
        let bad = |message: String| NoticeError { line: Some(n), message };
        let expected = || bad(format!("无法识别“{name}”条目的放假日期：应为 {STATE_COUNCIL_EXAMPLE} 这样的条目"));
        let m = period.captures(rest).ok_or_else(expected)?;
        let first = date(&m, 1, year, None).map_err(&bad)?;
        let last = if m.get(7).is_some() { date(&m, 5, first.year(), Some(first.month())).map_err(&bad)? } else { first };
        if last < first {
            return Err(bad(format!("“{name}”的放假期间止于 {last}，早于起始日 {first}")));
        }
        let days = first.days_until(last) + 1;
        if let Some(stated) = total.captures(rest)
            && stated[1].parse::<i32>().ok() != Some(days)
        {
            return Err(bad(format!("“{name}”写明共{}天，而 {first} 至 {last} 为 {days} 天", &stated[1])));
        }
        schedule.holidays.push(Holiday { name: name.to_owned(), first, last, rule: String::new() });
        // The weekend days worked follow the period, in the sentence ending `上班`.
        if let Some(sentence) = rest[m.get(0).expect("match").end()..].split('。').find(|s| s.ends_with("上班")) {
            for w in worked.captures_iter(sentence) {
                let day = date(&w, 1, year, None).map_err(&bad)?;
                if !day.is_weekend() {
                    return Err(bad(format!("调休上班日 {day} 不是周六或周日")));
                }
                schedule.makeup_workdays.push(day);
            }
        }
    }
    if schedule.holidays.is_empty() {
        return Err(NoticeError { line: None, message: format!("通知中没有放假条目：应有 {STATE_COUNCIL_EXAMPLE} 这样的条目") });
    }
    schedule.makeup_workdays.sort();
    Ok(schedule)
}

fn exchange(year: i16, lines: &[(usize, &str)]) -> Result<Notice, NoticeError> {
    static CLOSED: OnceLock<Regex> = OnceLock::new();
    let closed_re = regex(&CLOSED, &format!(r"^{DATE}(?:至{DATE})?(?:为节假日)?休市"));
    let mut closed = Vec::new();
    for (n, name, rest) in items(lines) {
        // `（一）休市安排` and the like are headings, not holidays.
        if rest.trim().is_empty() {
            continue;
        }
        let bad = |message: String| NoticeError { line: Some(n), message };
        let m = closed_re.captures(rest).ok_or_else(|| bad(format!("无法识别“{name}”条目的休市日期：应为 {EXCHANGE_EXAMPLE} 这样的条目")))?;
        let first = date(&m, 1, year, None).map_err(&bad)?;
        let last = if m.get(7).is_some() { date(&m, 5, first.year(), Some(first.month())).map_err(&bad)? } else { first };
        if last < first {
            return Err(bad(format!("“{name}”的休市期间止于 {last}，早于起始日 {first}")));
        }
        closed.push((first, last));
    }
    if closed.is_empty() {
        return Err(NoticeError { line: None, message: format!("通知中没有休市条目：应有 {EXCHANGE_EXAMPLE} 这样的条目") });
    }
    Ok(Notice::Exchange { year, closed })
}

/// The date in groups `at` (year), `at + 1` (month), `at + 2` (day), `at + 3` (the
/// parenthesis, which names the weekday) of `m`; a missing year or month is `year`'s or
/// `month`'s. The weekday written must be the date's.
fn date(m: &regex::Captures<'_>, at: usize, year: i16, month: Option<i8>) -> Result<Date, String> {
    let number = |i: usize| m.get(i).map(|g| g.as_str().parse::<i32>().expect("digits"));
    let year = number(at).map_or(year, |y| y as i16);
    let month = number(at + 1).map(|m| m as i8).or(month).ok_or_else(|| "日期缺少月份".to_owned())?;
    let day = number(at + 2).expect("the day is required") as i8;
    let text = format!("{year:04}-{month:02}-{day:02}");
    let date = Date::parse(&text).map_err(|_| format!("{year}年{month}月{day}日不是有效的日期"))?;
    if let Some(note) = m.get(at + 3).map(|g| g.as_str()) {
        let written = note.split('、').find_map(|part| part.strip_prefix("星期").or_else(|| part.strip_prefix('周')));
        if let Some(written) = written {
            let actual = &date.weekday_chinese()["周".len()..];
            let written = if written == "天" { "日" } else { written };
            if written != actual {
                return Err(format!("{date} 写作周{written}，实为{}", date.weekday_chinese()));
            }
        }
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_council_of(items: &str) -> Result<Notice, NoticeError> {
        read(&format!("国务院办公厅关于2026年部分节假日安排的通知\n\n{items}\n"))
    }

    #[test]
    fn an_item_with_a_period_its_total_and_the_weekend_days_worked() {
        let Notice::StateCouncil(schedule) = state_council_of("一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。").unwrap()
        else {
            panic!()
        };
        assert_eq!(schedule.holidays[0].name, "元旦");
        assert_eq!((schedule.holidays[0].first, schedule.holidays[0].last), (Date::ymd(2026, 1, 1), Date::ymd(2026, 1, 3)));
        assert_eq!(schedule.makeup_workdays, [Date::ymd(2026, 1, 4)]);
    }

    #[test]
    fn older_wording_with_years_and_a_single_day() {
        let text = "国务院办公厅关于2019年部分节假日安排的通知\n一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。\n\
                    二、清明节：4月5日放假，与周末连休。";
        let Notice::StateCouncil(schedule) = read(text).unwrap() else { panic!() };
        assert_eq!((schedule.holidays[0].first, schedule.holidays[0].last), (Date::ymd(2018, 12, 30), Date::ymd(2019, 1, 1)));
        assert_eq!(schedule.makeup_workdays, [Date::ymd(2018, 12, 29)]);
        assert_eq!((schedule.holidays[1].first, schedule.holidays[1].last), (Date::ymd(2019, 4, 5), Date::ymd(2019, 4, 5)));
    }

    #[test]
    fn what_cannot_be_read_names_the_line_and_what_was_expected() {
        let error = state_council_of("一、元旦：1月1日（周三）至3日（周六）放假调休，共3天。").unwrap_err();
        assert_eq!(error, NoticeError { line: Some(3), message: "2026-01-01 写作周三，实为周四".into() });
        let error = state_council_of("一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。").unwrap_err();
        assert_eq!(error.message, "“元旦”写明共4天，而 2026-01-01 至 2026-01-03 为 3 天");
        let error = state_council_of("一、元旦：元月一日至三日放假。").unwrap_err();
        assert_eq!(error.message, "无法识别“元旦”条目的放假日期：应为 “一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。” 这样的条目");
        let error = state_council_of("一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月5日（周一）上班。").unwrap_err();
        assert_eq!(error.message, "调休上班日 2026-01-05 不是周六或周日");
        assert_eq!(read("通知\n").unwrap_err().line, None);
    }

    #[test]
    fn the_exchange_notice() {
        let text = "关于2026年部分节假日休市安排的通知\n一、休市安排\n（一）元旦：1月1日（星期四）至1月3日（星期六）休市，1月5日（星期一）起照常开市。另外，1月4日（星期日）为周末休市。\n\
                    （二）端午节：6月19日（星期五）至6月21日（星期日）休市，6月22日（星期一）起照常开市。";
        let Notice::Exchange { year, closed } = read(text).unwrap() else { panic!() };
        assert_eq!(year, 2026);
        assert_eq!(closed, [(Date::ymd(2026, 1, 1), Date::ymd(2026, 1, 3)), (Date::ymd(2026, 6, 19), Date::ymd(2026, 6, 21))]);
    }
}
