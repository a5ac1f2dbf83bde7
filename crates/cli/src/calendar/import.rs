//! `dudao calendar import`: a year's notices, as published, added to the user's calendar
//! file; and `dudao calendar provisional`: what is assumed for a year not yet published.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dudao_calendar::notice::{self, Notice};
use dudao_calendar::{Calendar, YearSchedule};
use dudao_model::Date;

use crate::{Failure, output};

/// The notices of one year: the State Council's, and the exchange's if given, each with
/// its file.
#[derive(Default)]
struct Year<'a> {
    state_council: Option<(&'a Path, YearSchedule)>,
    exchange: Option<(&'a Path, Vec<(Date, Date)>)>,
}

pub fn run(calendar_file: Option<&Path>, notices: &[PathBuf]) -> Result<(), Failure> {
    let Some(target) = calendar_file else {
        return Err(Failure::BadInput(
            "请以 --calendar FILE 指定要写入的日历文件（不存在则以内置日历为起点新建），如 dudao calendar --calendar china-2027.toml import 通知.txt"
                .to_owned(),
        ));
    };
    let mut years: BTreeMap<i16, Year<'_>> = BTreeMap::new();
    for path in notices {
        let text = std::fs::read_to_string(path).map_err(|e| Failure::BadInput(format!("{}：无法读取：{e}", path.display())))?;
        let read = notice::read(&text).map_err(|e| match e.line {
            Some(line) => Failure::BadInput(format!("{}:{line}：{}", path.display(), e.message)),
            None => Failure::BadInput(format!("{}：{}", path.display(), e.message)),
        })?;
        let (year, twice) = match read {
            Notice::StateCouncil(schedule) => {
                let year = years.entry(schedule.year).or_default();
                (schedule.year, year.state_council.replace((path, schedule)).map(|(p, _)| p))
            }
            Notice::Exchange { year, closed } => (year, years.entry(year).or_default().exchange.replace((path, closed)).map(|(p, _)| p)),
        };
        if let Some(other) = twice {
            return Err(Failure::BadInput(format!("{}：与 {} 是同一年（{year}）的同一种通知：每年每种只能给一份", path.display(), other.display())));
        }
    }
    let mut calendar = match target.exists() {
        true => Calendar::from_file(target).map_err(|e| Failure::BadInput(e.to_string()))?,
        false => Calendar::embedded().clone(),
    };
    let mut added = Vec::new();
    for (year, notices) in years {
        let Some((path, schedule)) = notices.state_council else {
            let (path, _) = notices.exchange.expect("a year has at least one notice");
            return Err(Failure::BadInput(format!("{}：缺少 {year} 年的国务院办公厅节假日安排通知：工作日以它为准，请一并给出", path.display())));
        };
        let name = |p: &Path| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        let source = match &notices.exchange {
            Some((exchange, _)) => format!("国务院办公厅通知（{}）、上海证券交易所休市安排（{}）", name(path), name(exchange)),
            None => format!("国务院办公厅通知（{}）；交易所休市日按该通知的工作日假日", name(path)),
        };
        let closed = notices.exchange.as_ref().map(|(_, c)| c.as_slice());
        calendar = calendar.with_year(&schedule, closed, &source).map_err(|e| Failure::BadInput(format!("{}：{e}", path.display())))?;
        added.push(year);
    }
    output::write_atomically(target, calendar.to_toml().as_bytes())?;
    let years: Vec<String> = added.iter().map(i16::to_string).collect();
    let message = format!("已将 {} 年载入 {}（日历数据至 {}）\n", years.join("、"), target.display(), calendar.last());
    output::write_stdout(message.as_bytes()).map_err(Failure::Internal)
}

/// The provisional holidays of `year` and how each was worked out.
pub fn provisional_text(calendar: &Calendar, year: i16) -> Result<String, Failure> {
    if year <= calendar.last().year() {
        return Err(Failure::BadInput(format!("{year} 年已在所用日历中（数据至 {}），不是暂定的", calendar.last())));
    }
    if year > dudao_calendar::LAST_YEAR {
        return Err(Failure::BadInput(format!("暂定日历只推算到 {} 年", dudao_calendar::LAST_YEAR)));
    }
    let schedule = dudao_calendar::provisional(year);
    let mut out = format!("{year} 年暂定节假日（未载入当年通知；不设调休上班日，交易所于其中的周一至周五休市）：\n");
    for holiday in &schedule.holidays {
        let off: Vec<String> = holiday.days().filter(|d| !d.is_weekend()).map(|d| format!("{}{}", &d.to_string()[5..], d.weekday_chinese())).collect();
        out += &format!("{}  {} 至 {}  工作日休假：{}\n  {}\n", holiday.name, holiday.first, holiday.last, off.join("、"), holiday.rule);
    }
    Ok(out)
}
