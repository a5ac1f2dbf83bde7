//! Past the published years: the provisional calendar's festivals against a second
//! implementation, the principles of 2025 against the real 2025 and 2026, the real
//! notices of those years read and added, and the 暂定 mark on what counts past the data.

use std::path::Path;

use dudao_calendar::notice::{self, Notice};
use dudao_calendar::{Calendar, DayKind, Provisional, provisional};
use dudao_model::Date;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/calendar").join(name)).unwrap()
}

/// `YYYY-MM-DD`, for any year (`Date::parse` takes only the years a case may hold).
fn d(text: &str) -> Date {
    let n: Vec<i16> = text.split('-').map(|part| part.parse().unwrap()).collect();
    Date::ymd(n[0], n[1] as i8, n[2] as i8)
}

fn days_of(year: i16) -> impl Iterator<Item = Date> {
    (0..=Date::ymd(year, 1, 1).days_until(Date::year_end(year))).map(move |i| Date::ymd(year, 1, 1).plus_days(i).unwrap())
}

/// The embedded calendar cut at the end of 2024, as a user's file before the notices of
/// 2025 and 2026.
fn calendar_to_2024(dir: &Path) -> Calendar {
    let text: String = fixture("../../../data/calendar/china.toml")
        .lines()
        .filter(|line| !line.trim_start().starts_with("2025-") && !line.trim_start().starts_with("2026-"))
        .map(|line| if line.starts_with("last = ") { "last = 2024-12-31\n".to_owned() } else { format!("{line}\n") })
        .collect();
    let file = dir.join("to-2024.toml");
    std::fs::write(&file, text).unwrap();
    Calendar::from_file(&file).unwrap()
}

fn read(name: &str) -> Notice {
    notice::read(&fixture(&format!("notices/{name}"))).unwrap()
}

#[test]
fn festivals_agree_with_a_second_implementation_to_2100() {
    let table = fixture("festivals_2019_2100.csv");
    let mut years = 0;
    for line in table.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let year: i16 = f[0].parse().unwrap();
        let schedule = provisional(year);
        let starting = |name: &str| schedule.holidays.iter().find(|h| h.name.contains(name)).unwrap().clone();
        // 春节 starts on 除夕, the eve of 正月初一.
        assert_eq!(starting("春节").first.plus_days(1).unwrap(), d(f[1]), "{year} 春节");
        assert!(starting("清明").days().any(|day| day == d(f[2])), "{year} 清明 {}", f[2]);
        assert!(starting("端午").days().any(|day| day == d(f[3])), "{year} 端午 {}", f[3]);
        assert!(starting("中秋").days().any(|day| day == d(f[4])), "{year} 中秋 {}", f[4]);
        assert!(starting("清明").rule.contains(f[2]) && starting("端午").rule.contains(f[3]), "{year}");
        years += 1;
    }
    assert_eq!(years, 82);
}

/// The days on which the provisional calendar of `year` differs from the published one:
/// (date, trading or working, what the published calendar says).
fn differences(year: i16) -> Vec<String> {
    let calendar = Calendar::embedded();
    let off = provisional(year).weekday_holidays();
    let mut out = Vec::new();
    for day in days_of(year) {
        let guessed = !day.is_weekend() && !off.contains(&day);
        for kind in [DayKind::Trading, DayKind::Working] {
            let real = calendar.is(day, kind).unwrap();
            if real != guessed {
                out.push(format!("{day} {} {}{}", day.weekday_chinese(), if real { "是" } else { "不是" }, kind.chinese()));
            }
        }
    }
    out
}

#[test]
fn the_principles_against_the_published_2025_and_2026() {
    // Listed in docs/calendar.md: the trading days agree; the working days differ only by
    // the weekend days the notices made working days (调休), which the principles leave open.
    assert_eq!(
        differences(2025),
        ["2025-01-26 周日 是工作日", "2025-02-08 周六 是工作日", "2025-04-27 周日 是工作日", "2025-09-28 周日 是工作日", "2025-10-11 周六 是工作日"]
    );
    assert_eq!(
        differences(2026),
        [
            "2026-01-04 周日 是工作日",
            "2026-02-14 周六 是工作日",
            "2026-02-28 周六 是工作日",
            "2026-05-09 周六 是工作日",
            "2026-09-20 周日 是工作日",
            "2026-10-10 周六 是工作日"
        ]
    );
    // 2026's 春节 was one of the principles' 个别特殊情形: 9 days from 腊月二十八 (a Sunday).
    let spring = provisional(2026).holidays.into_iter().find(|h| h.name == "春节").unwrap();
    assert_eq!((spring.first, spring.last), (d("2026-02-16"), d("2026-02-23")));
}

#[test]
fn the_notices_of_2025_and_2026_give_the_published_calendars() {
    let dir = std::env::temp_dir().join(format!("dudao-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let embedded = Calendar::embedded();
    for with_exchange in [false, true] {
        let mut calendar = calendar_to_2024(&dir);
        for year in [2025, 2026] {
            let Notice::StateCouncil(schedule) = read(&format!("state-council-holiday-notice-{year}.txt")) else { panic!() };
            let closed = match read(&format!("sse-closures-{year}-reconstructed.txt")) {
                Notice::Exchange { year: y, closed } if y == year => closed,
                _ => panic!(),
            };
            let closed = with_exchange.then_some(closed.as_slice());
            calendar = calendar.with_year(&schedule, closed, "test").unwrap();
        }
        assert_eq!(calendar.last(), d("2026-12-31"));
        for day in days_of(2025).chain(days_of(2026)) {
            for kind in [DayKind::Trading, DayKind::Working] {
                assert_eq!(calendar.is(day, kind), embedded.is(day, kind), "{day} {kind:?} (exchange notice: {with_exchange})");
            }
        }
        // And the file written holds the same days.
        let file = dir.join("written.toml");
        std::fs::write(&file, calendar.to_toml()).unwrap();
        let reread = Calendar::from_file(&file).unwrap();
        assert_eq!(reread.count(d("2019-01-01"), d("2026-12-31"), DayKind::Trading), Ok(1941));
        assert_eq!(reread.count(d("2019-01-01"), d("2026-12-31"), DayKind::Working), Ok(1994));
    }
    // A year that does not follow the data is refused.
    let Notice::StateCouncil(schedule) = read("state-council-holiday-notice-2025.txt") else { panic!() };
    let error = embedded.with_year(&schedule, None, "test").err().unwrap();
    assert_eq!(error.to_string(), "日历数据止于 2026-12-31：只能添加其后的一整年（2027 年），不能添加 2025 年");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn counting_past_the_data_is_provisional_and_says_why() {
    let calendar = Calendar::embedded();
    // 2026-12-21 … 25 and 28 … 31 (9); 2027-01-01 is 元旦; 01-04 … 08 (14), 01-11 (15).
    let due = calendar.extended().add(d("2026-12-20"), 15, DayKind::Trading).unwrap();
    assert_eq!(due.value, d("2027-01-11"));
    let mark = due.provisional.unwrap();
    assert_eq!(mark, Provisional { published_until: d("2026-12-31"), first_year: 2027, last_year: 2027 });
    assert_eq!(
        mark.to_string(),
        "2027 年的节假日安排未载入（日历数据止于 2026-12-31），按《全国年节及纪念日放假办法》的法定节假日与 2025 年起的放假调休原则推算，未计调休上班日；\
         通知公布后以 dudao calendar import 载入为准"
    );
    // Within the data nothing is marked, and the published answers are unchanged.
    let inside = calendar.extended().add(d("2024-04-20"), 15, DayKind::Trading).unwrap();
    assert_eq!((inside.value, inside.provisional), (d("2024-05-15"), None));
    assert!(calendar.add(d("2026-12-20"), 15, DayKind::Trading).is_err());
    // Back from a provisional day into the data: provisional still.
    let back = calendar.extended().add(d("2027-01-11"), -15, DayKind::Trading).unwrap();
    assert_eq!(back.value, d("2026-12-18"));
    assert!(back.provisional.is_some());
    // 春节 2027: 除夕 is Fri 02-05, closed to Fri 02-12.
    let spring = calendar.extended().count(d("2027-02-01"), d("2027-02-28"), DayKind::Trading).unwrap();
    assert_eq!(spring.value, 20 - 6);
    assert_eq!(spring.provisional.map(|p| (p.first_year, p.last_year)), Some((2027, 2027)));
    // Calendar days know no holidays: never provisional.
    assert_eq!(calendar.extended().add(d("2026-12-20"), 15, DayKind::Calendar).unwrap().provisional, None);
    let far = calendar.extended().add(d("2100-12-20"), 30, DayKind::Working).unwrap_err();
    assert_eq!(
        far.to_string(),
        "自 2100-12-20 起的计算超出暂定日历的范围（推算至 2100-12-31，农历数据止于 2100 年）：请以 --calendar 载入覆盖该日期的日历文件"
    );
}
