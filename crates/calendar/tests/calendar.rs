//! The shipped calendar against the reference calendars, the documented vectors, and the
//! properties of the counting convention, checked on every day of the range.

use std::collections::BTreeSet;
use std::path::Path;

use dudao_calendar::{Calendar, CalendarError, DayKind};
use dudao_model::Date;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/calendar").join(name)).unwrap()
}

fn reference(name: &str) -> BTreeSet<Date> {
    fixture(name).lines().filter(|l| !l.is_empty()).map(|l| Date::parse(l).unwrap()).collect()
}

fn every_day() -> impl Iterator<Item = Date> {
    let calendar = Calendar::embedded();
    (0..=calendar.first().days_until(calendar.last())).map(|i| calendar.first().plus_days(i).unwrap())
}

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn every_day_agrees_with_the_reference_calendars() {
    let calendar = Calendar::embedded();
    assert_eq!((calendar.first(), calendar.last()), (d("2019-01-01"), d("2026-12-31")));
    let trading = reference("sse_trading_days_2019_2026.csv");
    let working = reference("cn_workdays_2019_2026.csv");
    assert_eq!((trading.len(), working.len()), (1941, 1994));
    let mut days = 0;
    for day in every_day() {
        days += 1;
        assert_eq!(calendar.is(day, DayKind::Trading).unwrap(), trading.contains(&day), "trading on {day}");
        assert_eq!(calendar.is(day, DayKind::Working).unwrap(), working.contains(&day), "working on {day}");
    }
    assert_eq!(days, 2922);
}

#[test]
fn yearly_counts_agree_with_the_reference() {
    let calendar = Calendar::embedded();
    for line in fixture("counts_per_year.csv").lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let year: i16 = fields[0].parse().unwrap();
        let (from, to) = (Date::ymd(year, 1, 1), Date::year_end(year));
        assert_eq!(calendar.count(from, to, DayKind::Trading).unwrap().to_string(), fields[1], "{year}");
        assert_eq!(calendar.count(from, to, DayKind::Working).unwrap().to_string(), fields[2], "{year}");
        let makeup = calendar.list(from, to, DayKind::Working).unwrap().into_iter().filter(Date::is_weekend).count();
        assert_eq!(makeup.to_string(), fields[3], "{year}");
    }
}

#[test]
fn the_documented_vectors() {
    let calendar = Calendar::embedded();
    // Spring Festival 2023: closed 01-23 … 01-27; Sat 01-28 and Sun 01-29 were working days.
    assert_eq!(calendar.count(d("2023-01-16"), d("2023-02-07"), DayKind::Trading).unwrap(), 12);
    assert_eq!(calendar.count(d("2023-01-16"), d("2023-02-07"), DayKind::Working).unwrap(), 14);
    // Day 1 is the first day of the kind strictly after the start.
    assert_eq!(calendar.add(d("2024-04-20"), 15, DayKind::Trading).unwrap(), d("2024-05-15"));
    assert_eq!(calendar.add(d("2024-04-20"), 15, DayKind::Working).unwrap(), d("2024-05-13"));
    // 除夕 2024: an official working day on which the exchange was closed.
    assert!(calendar.is(d("2024-02-09"), DayKind::Working).unwrap());
    assert!(!calendar.is(d("2024-02-09"), DayKind::Trading).unwrap());
    // Calendar days: no exceptions.
    assert_eq!(calendar.add(d("2024-01-31"), 15, DayKind::Calendar).unwrap(), d("2024-02-15"));
    // Backwards over Spring Festival 2023: 02-06, 02-03 … 01-30 (6), 01-20 … 01-16 (11),
    // 01-13, 01-12, 01-11, 01-10 (15).
    assert_eq!(calendar.add(d("2023-02-07"), -15, DayKind::Trading).unwrap(), d("2023-01-10"));
    assert_eq!(calendar.add(d("2023-02-07"), 0, DayKind::Trading).unwrap(), d("2023-02-07"));
}

#[test]
fn a_trading_day_is_always_a_working_day() {
    let calendar = Calendar::embedded();
    let mut working_not_trading = 0;
    for day in every_day() {
        let trading = calendar.is(day, DayKind::Trading).unwrap();
        let working = calendar.is(day, DayKind::Working).unwrap();
        assert!(!trading || working, "{day}");
        working_not_trading += usize::from(working && !trading);
    }
    assert_eq!(working_not_trading, 53, "52 make-up weekend days and 2024-02-09");
}

#[test]
fn adding_then_going_back_returns_to_the_start_or_the_day_of_kind_before_it() {
    let calendar = Calendar::embedded();
    for kind in [DayKind::Trading, DayKind::Working] {
        for start in every_day() {
            for n in [1, 2, 5, 10, 15, 30] {
                let Ok(forward) = calendar.add(start, n, kind) else { continue };
                assert!(forward > start && calendar.is(forward, kind).unwrap());
                // Exactly n days of the kind lie after the start, up to and including the result.
                assert_eq!(calendar.count(start.plus_days(1).unwrap(), forward, kind).unwrap(), n as u32);
                // Back to the start if it is a day of the kind, else to the one before it
                // (which, at the very start of the data, is unknown: both sides refuse).
                let back = calendar.add(forward, -n, kind).ok();
                let expected = match calendar.is(start, kind).unwrap() {
                    true => Some(start),
                    false => calendar.add(start, -1, kind).ok(),
                };
                assert_eq!(back, expected, "{kind:?} {start} +{n} = {forward}");
            }
        }
    }
}

#[test]
fn counts_are_additive_and_lists_match_counts() {
    let calendar = Calendar::embedded();
    let days: Vec<Date> = every_day().collect();
    for kind in [DayKind::Trading, DayKind::Working, DayKind::Calendar] {
        for (i, a) in days.iter().enumerate().step_by(7) {
            for width in [0usize, 1, 6, 40, 400] {
                let (Some(b), Some(c)) = (days.get(i + width), days.get(i + 2 * width + 1)) else { continue };
                let whole = calendar.count(*a, *c, kind).unwrap();
                let parts = calendar.count(*a, *b, kind).unwrap() + calendar.count(b.plus_days(1).unwrap(), *c, kind).unwrap();
                assert_eq!(whole, parts, "{kind:?} {a} {b} {c}");
                assert_eq!(calendar.list(*a, *c, kind).unwrap().len() as u32, whole);
            }
        }
    }
}

#[test]
fn dates_past_the_data_are_refused_never_guessed() {
    let calendar = Calendar::embedded();
    let error = calendar.is(d("2027-01-04"), DayKind::Trading).unwrap_err();
    assert!(matches!(error, CalendarError::OutOfRange { .. }));
    assert_eq!(
        error.to_string(),
        "日期 2027-01-04 超出已知日历范围（2019-01-01 至 2026-12-31，最后已知日期为 2026-12-31）：dudao 不推测节假日安排；\
         交易所与国务院公布次年安排后，请以 --calendar 载入新的日历文件"
    );
    let error = calendar.add(d("2026-12-28"), 5, DayKind::Trading).unwrap_err();
    assert_eq!(
        error.to_string(),
        "2026-12-28 之后第 5 个交易日超出已知日历范围（2019-01-01 至 2026-12-31，已知边界为 2026-12-31）：dudao 不推测节假日安排；\
         交易所与国务院公布次年安排后，请以 --calendar 载入新的日历文件"
    );
    // 2026-12-29, 30 and 31 are the last three trading days: the third is known.
    assert_eq!(calendar.add(d("2026-12-28"), 3, DayKind::Trading).unwrap(), d("2026-12-31"));
    assert!(calendar.add(d("2019-01-03"), -5, DayKind::Working).is_err());
}

#[test]
fn a_newer_calendar_file_extends_the_range_and_a_bad_one_is_refused() {
    let dir = std::env::temp_dir().join(format!("dudao-calendar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("2027.toml");
    std::fs::write(
        &file,
        "first = 2027-01-01\nlast = 2027-01-31\n[trading]\nsource = \"test\"\nclosed_weekdays = [2027-01-01]\n\
         [working]\nsource = \"test\"\nholidays = [2027-01-01]\nmakeup_workdays = [2027-01-09]\n",
    )
    .unwrap();
    let calendar = Calendar::from_file(&file).unwrap();
    assert_eq!(calendar.add(d("2027-01-01"), 1, DayKind::Trading).unwrap(), d("2027-01-04"));
    // 01-04 … 01-08 and the make-up Saturday 01-09.
    assert_eq!(calendar.count(d("2027-01-01"), d("2027-01-10"), DayKind::Working).unwrap(), 6);

    std::fs::write(
        &file,
        "first = 2027-01-01\nlast = 2027-01-31\n[trading]\nsource = \"test\"\nclosed_weekdays = [\n  2027-01-02,\n]\n\
         [working]\nsource = \"test\"\nholidays = []\nmakeup_workdays = []\n",
    )
    .unwrap();
    let error = Calendar::from_file(&file).err().unwrap();
    assert_eq!(error.to_string(), format!("{}:6：字段 trading.closed_weekdays：2027-01-02 应为 first 至 last 之间的周一至周五", file.display()));
    std::fs::remove_dir_all(&dir).unwrap();
}
