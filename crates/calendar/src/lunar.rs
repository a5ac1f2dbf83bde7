//! The dates of the holidays that move: the lunar festivals (除夕, 端午, 中秋) and the solar
//! term 清明, for a Gregorian year.
//!
//! Lunar dates come from ICU4X's Chinese calendar (`icu_calendar`), which follows GB/T
//! 33661-2017 and agrees with the Purple Mountain and Hong Kong observatories' tables to
//! 2100; past 2100 it falls back to a simplified computation, so dudao's provisional
//! calendar stops at [`LAST_YEAR`]. 清明 is the day (Beijing time) on which the Sun's
//! apparent longitude reaches 15°, computed here; both are checked against a second,
//! independent implementation for 2019–2100 (`tests/fixtures/calendar/festivals_2019_2100.csv`).

use dudao_model::Date;
use icu_calendar::types::Month;

/// The last year whose lunar dates are from the observatories' rules (see the module doc).
pub const LAST_YEAR: i16 = 2100;

/// The Gregorian date of day `day` of lunar month `month` (not a leap month) of the lunar
/// year that begins in Gregorian `year`.
fn lunar(year: i16, month: u8, day: u8) -> Date {
    let date = icu_calendar::Date::try_new_chinese_traditional(i32::from(year), Month::new(month), day)
        .expect("every lunar year has months 1, 5 and 8 with at least 29 days");
    let iso = date.to_calendar(icu_calendar::Iso);
    Date::ymd(iso.year().extended_year() as i16, iso.month().ordinal as i8, iso.day_of_month().0 as i8)
}

/// 除夕: the last day of the lunar year that ends in Gregorian `year` (the eve of 正月初一).
pub fn new_years_eve(year: i16) -> Date {
    lunar(year, 1, 1).plus_days(-1).expect("within the range of dates")
}

/// 端午: the fifth day of the fifth lunar month.
pub fn dragon_boat(year: i16) -> Date {
    lunar(year, 5, 5)
}

/// 中秋: the fifteenth day of the eighth lunar month.
pub fn mid_autumn(year: i16) -> Date {
    lunar(year, 8, 15)
}

/// 清明: the day, in Beijing time, on which the Sun's apparent longitude reaches 15°.
pub fn qingming(year: i16) -> Date {
    // Around 4–5 April: bisect between 3 and 7 April (0h UT) on the longitude's rise,
    // which is monotonic over those days.
    let (mut low, mut high) = (julian_day(Date::ymd(year, 4, 3)), julian_day(Date::ymd(year, 4, 7)));
    while high - low > 1e-6 {
        let middle = (low + high) / 2.0;
        if apparent_solar_longitude(middle + delta_t_days(year)) < 15.0 { low = middle } else { high = middle }
    }
    // Julian days start at noon UT; Beijing is UT+8.
    let beijing = low + 0.5 + 8.0 / 24.0;
    let epoch = julian_day(Date::ymd(2000, 1, 1)) + 0.5;
    Date::ymd(2000, 1, 1).plus_days((beijing - epoch).floor() as i32).expect("within the range of dates")
}

/// The Julian day at 0h UT of `date`.
fn julian_day(date: Date) -> f64 {
    // 2000-01-01 0h UT is JD 2451544.5.
    2_451_544.5 + f64::from(Date::ymd(2000, 1, 1).days_until(date))
}

/// ΔT = TT − UT in days, by Espenak and Meeus's polynomials; a minute's error here moves
/// 清明 only when the term falls within a minute of midnight.
fn delta_t_days(year: i16) -> f64 {
    let y = f64::from(year) + 0.25;
    let seconds = if y < 2050.0 {
        let t = y - 2000.0;
        62.92 + 0.32217 * t + 0.005589 * t * t
    } else {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y)
    };
    seconds / 86_400.0
}

/// The Sun's apparent geocentric longitude in degrees, [0, 360), at Julian ephemeris day
/// `jde`: Meeus, *Astronomical Algorithms*, ch. 25 (accurate to 0.01°, some 15 minutes of
/// the Sun's motion).
fn apparent_solar_longitude(jde: f64) -> f64 {
    let t = (jde - 2_451_545.0) / 36_525.0;
    let mean_longitude = 280.46646 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let anomaly = (357.52911 + 35_999.050_29 * t - 0.000_153_7 * t * t).to_radians();
    let centre = (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * anomaly.sin()
        + (0.019_993 - 0.000_101 * t) * (2.0 * anomaly).sin()
        + 0.000_289 * (3.0 * anomaly).sin();
    let node = (125.04 - 1_934.136 * t).to_radians();
    (mean_longitude + centre - 0.005_69 - 0.004_78 * node.sin()).rem_euclid(360.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_festivals_of_2025_and_2026_as_the_notices_give_them() {
        assert_eq!(new_years_eve(2025), Date::ymd(2025, 1, 28));
        assert_eq!(new_years_eve(2026), Date::ymd(2026, 2, 16));
        assert_eq!((qingming(2025), qingming(2026)), (Date::ymd(2025, 4, 4), Date::ymd(2026, 4, 5)));
        assert_eq!((dragon_boat(2025), dragon_boat(2026)), (Date::ymd(2025, 5, 31), Date::ymd(2026, 6, 19)));
        assert_eq!((mid_autumn(2025), mid_autumn(2026)), (Date::ymd(2025, 10, 6), Date::ymd(2026, 9, 25)));
    }
}
