//! `dudao calendar batch`: many queries in one process, for scripts that would otherwise
//! start dudao once per date. One query a line, as text or as a JSON object, and one
//! answer a line in the same form, so line N of the output answers line N of the input.
//!
//! | query (text)                     | query (JSON)                                                        | answer          |
//! |----------------------------------|---------------------------------------------------------------------|-----------------|
//! | `add 2024-04-20 15 trading`      | `{"op":"add","date":"2024-04-20","n":15,"days":"trading"}`          | `2024-05-15` / `{"date":"2024-05-15"}` |
//! | `count 2023-01-16 2023-02-07 working` | `{"op":"count","from":"2023-01-16","to":"2023-02-07","days":"working"}` | `14` / `{"count":14}` |
//! | `is 2024-05-01 trading`          | `{"op":"is","date":"2024-05-01","days":"trading"}`                  | `false` / `{"is":false}` |
//!
//! An empty line gets an empty answer. The first bad line stops the batch with its line
//! number and nothing written, as every other command treats bad input.

use std::fmt::Write;

use dudao_calendar::{Calendar, DayKind};
use dudao_model::Date;
use serde::Deserialize;

/// One query, however written.
enum Query {
    Add { date: Date, n: i32, days: DayKind },
    Count { from: Date, to: Date, days: DayKind },
    Is { date: Date, days: DayKind },
}

/// The JSON form of a query.
#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "lowercase", deny_unknown_fields)]
enum JsonQuery {
    Add { date: String, n: i32, days: String },
    Count { from: String, to: String, days: String },
    Is { date: String, days: String },
}

/// The answers to `queries`, one line each; `Err` holds the 1-based number of the first
/// bad line and what is wrong with it.
pub fn answer(calendar: &Calendar, queries: &str) -> Result<String, (usize, String)> {
    let mut out = String::with_capacity(queries.len() / 2);
    for (index, line) in queries.lines().enumerate() {
        let line = line.trim();
        let json = line.starts_with('{');
        if !line.is_empty() {
            let query = if json { parse_json(line) } else { parse_text(line) }.map_err(|message| (index + 1, message))?;
            answer_one(calendar, &query, json, &mut out).map_err(|e| (index + 1, e.to_string()))?;
        }
        out.push('\n');
    }
    Ok(out)
}

fn answer_one(calendar: &Calendar, query: &Query, json: bool, out: &mut String) -> Result<(), dudao_calendar::CalendarError> {
    let extended = calendar.extended();
    let (field, value, provisional) = match query {
        Query::Add { date, n, days } => {
            let r = extended.add(*date, *n, *days)?;
            ("date", format!("\"{}\"", r.value), r.provisional)
        }
        Query::Count { from, to, days } => {
            let r = extended.count(*from, *to, *days)?;
            ("count", r.value.to_string(), r.provisional)
        }
        Query::Is { date, days } => {
            let r = extended.is(*date, *days)?;
            ("is", r.value.to_string(), r.provisional)
        }
    };
    // Writing to a String cannot fail.
    let _ = match (json, provisional) {
        (false, provisional) => write!(out, "{}", crate::calendar::marked(value.trim_matches('"'), provisional.as_ref())),
        (true, None) => write!(out, "{{\"{field}\":{value}}}"),
        (true, Some(why)) => write!(out, "{{\"{field}\":{value},\"provisional\":{}}}", serde_json::Value::String(why.to_string())),
    };
    Ok(())
}

const EXPECTED: &str = "应为 `add 日期 天数 种类`、`count 起始日 截止日 种类` 或 `is 日期 种类`（种类：trading、working、calendar），或同义的 JSON 对象";

fn parse_text(line: &str) -> Result<Query, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["add", date, n, days] => {
            let n = n.parse().map_err(|_| format!("天数“{n}”不是整数"))?;
            Ok(Query::Add { date: Date::parse(date)?, n, days: day_kind(days)? })
        }
        ["count", from, to, days] => Ok(Query::Count { from: Date::parse(from)?, to: Date::parse(to)?, days: day_kind(days)? }),
        ["is", date, days] => Ok(Query::Is { date: Date::parse(date)?, days: day_kind(days)? }),
        _ => Err(format!("无法识别的查询“{line}”：{EXPECTED}")),
    }
}

fn parse_json(line: &str) -> Result<Query, String> {
    let query: JsonQuery = serde_json::from_str(line).map_err(|e| format!("JSON 查询无效（{e}）：{EXPECTED}"))?;
    Ok(match query {
        JsonQuery::Add { date, n, days } => Query::Add { date: Date::parse(&date)?, n, days: day_kind(&days)? },
        JsonQuery::Count { from, to, days } => Query::Count { from: Date::parse(&from)?, to: Date::parse(&to)?, days: day_kind(&days)? },
        JsonQuery::Is { date, days } => Query::Is { date: Date::parse(&date)?, days: day_kind(&days)? },
    })
}

fn day_kind(text: &str) -> Result<DayKind, String> {
    match text {
        "trading" | "交易日" => Ok(DayKind::Trading),
        "working" | "工作日" => Ok(DayKind::Working),
        "calendar" | "自然日" => Ok(DayKind::Calendar),
        _ => Err(format!("日的种类“{text}”未知：应为 trading（交易日）、working（工作日）或 calendar（自然日）")),
    }
}
