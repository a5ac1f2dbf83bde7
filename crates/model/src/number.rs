//! Exact figures as a banker writes them: money with its unit and precision, share
//! counts, and percentages.
//!
//! Every figure is parsed from the text the user typed (`"1,259.68万"`, `"14.04%"`,
//! `"-170,072,432.98"`), never from a TOML float, so nothing is lost to binary floating
//! point. A figure remembers its unit and how many decimals it was given with: that
//! precision is what it promises (0.01 万元 means ±50 元), and it is how the figure is
//! printed back.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, de};

/// The unit a money figure or share count was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// Plain units: 元 for money, 股 for shares.
    One,
    /// 万 (10⁴).
    Wan,
    /// 亿 (10⁸).
    Yi,
}

impl Unit {
    /// How many plain units one of this unit is.
    pub fn factor(self) -> Decimal {
        match self {
            Unit::One => Decimal::ONE,
            Unit::Wan => Decimal::from(10_000),
            Unit::Yi => Decimal::from(100_000_000),
        }
    }
}

/// A decimal number with the count of decimals it was written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Written {
    value: Decimal,
    scale: u32,
}

/// Parses `-1,234.5678` (ASCII or full-width minus; groups of three after the first).
/// Returns a Chinese description of what was expected on failure.
/// Why written text is not a figure: not written as one (each kind of figure says what it
/// expects), or too long to be one (said the same for every kind).
enum NotWritten {
    Malformed,
    TooLong(String),
}

impl NotWritten {
    /// The message: `expected` for malformed text.
    fn or(self, expected: impl FnOnce() -> String) -> String {
        match self {
            NotWritten::Malformed => expected(),
            NotWritten::TooLong(message) => message,
        }
    }
}

// Bounds far beyond any listed company (the largest hold some 4 × 10^11 shares, 5 × 10^13 元
// of assets, and no A share has traded near 10^4 元), chosen so that exact arithmetic on
// the figures cannot overflow: a price times a share count is below 10^19, and a million
// such products below 10^25, where `Decimal` holds up to 7.9 × 10^28.
const MAX_SHARES: u64 = 10_000_000_000_000;
const MAX_PRICE: u64 = 1_000_000;
const MAX_YUAN: u64 = 10_000_000_000_000_000;

fn parse_written(text: &str) -> Result<Written, NotWritten> {
    let expected = || NotWritten::Malformed;
    let (negative, body) = match text.strip_prefix('-').or_else(|| text.strip_prefix('−')) {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() || !int_part.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return Err(expected());
    }
    if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err(expected());
        }
    }
    if let Some(f) = frac_part
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(expected());
    }
    let digits: String = int_part.chars().filter(|c| *c != ',').collect();
    // Beyond these no filing prints a figure, and exact arithmetic on it could overflow.
    if digits.trim_start_matches('0').len() > 18 || frac_part.is_some_and(|f| f.len() > 10) {
        return Err(NotWritten::TooLong(format!("“{text}”位数过多：数字至多 18 位整数、10 位小数")));
    }
    let plain = match frac_part {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let mut value: Decimal = plain.parse().map_err(|_| expected())?;
    if negative {
        value = -value;
    }
    Ok(Written { value, scale: frac_part.map_or(0, |f| f.len() as u32) })
}

/// Rounds half away from zero (四舍五入) to `scale` decimals and prints with thousands
/// separators, keeping trailing zeros: `1259.675` at 2 → `1,259.68`.
pub fn format_grouped(value: Decimal, scale: u32) -> String {
    let rounded = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", scale as usize, rounded.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (text.clone(), None),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    match frac_part {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Rounds half away from zero (四舍五入) to `scale` decimals, without separators.
pub fn format_plain(value: Decimal, scale: u32) -> String {
    let rounded = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    format!("{:.*}", scale as usize, rounded)
}

/// Splits a unit suffix off a figure: `1,259.68万元` → (`1,259.68`, Wan).
fn split_unit<'a>(text: &'a str, suffixes: &[(&str, Unit)]) -> (&'a str, Unit) {
    for (suffix, unit) in suffixes {
        if let Some(number) = text.strip_suffix(suffix) {
            return (number.trim_end(), *unit);
        }
    }
    (text, Unit::One)
}

/// An amount of money in 人民币, exact, with the unit and decimals it was written in.
///
/// `"1,259.68万"` is 12,596,800 元, written in 万元 to two decimals: it promises the true
/// value lies within ±50 元 of that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    yuan: Decimal,
    unit: Unit,
    scale: u32,
}

const MONEY_UNITS: &[(&str, Unit)] = &[("万元", Unit::Wan), ("亿元", Unit::Yi), ("万", Unit::Wan), ("亿", Unit::Yi), ("元", Unit::One)];

impl Amount {
    /// Parses an amount as typed: digits with optional thousands separators, optional
    /// decimals, optional unit `元` (the default), `万`/`万元` or `亿`/`亿元`.
    pub fn parse(text: &str) -> Result<Amount, String> {
        let trimmed = text.trim();
        let (number, unit) = split_unit(trimmed, MONEY_UNITS);
        let written = parse_written(number).map_err(|e| {
            e.or(|| format!("“{text}”不是有效的金额：应为如 \"335,693,624.77\"（元）、\"1,259.68万\" 或 \"0.84亿\" 的写法，千分位逗号每三位一组"))
        })?;
        let yuan = written.value * unit.factor();
        if yuan.abs() > Decimal::from(MAX_YUAN) {
            return Err(format!("“{text}”超出合理范围：金额应不超过 1 亿亿元（10^16 元）"));
        }
        Ok(Amount { yuan, unit, scale: written.scale })
    }

    /// An amount computed from others, to be shown in `unit` with `scale` decimals.
    pub fn computed(yuan: Decimal, unit: Unit, scale: u32) -> Amount {
        Amount { yuan, unit, scale }
    }

    /// The exact value in 元.
    pub fn yuan(&self) -> Decimal {
        self.yuan
    }

    /// The unit it was written in.
    pub fn unit(&self) -> Unit {
        self.unit
    }

    /// The decimals it was written with, in its unit.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Half of the last written digit, in 元: how far the true value may be from this one.
    pub fn tolerance(&self) -> Decimal {
        self.unit.factor() / Decimal::from(10u64.pow(self.scale)) / Decimal::TWO
    }

    /// The decimals needed to show this amount in `unit` without losing or inventing
    /// precision: `"6.6329万"` needs 4 in 万元 and 0 in 元; `"12.5"` (元) needs 5 in 万元.
    pub fn scale_in(&self, unit: Unit) -> u32 {
        let shift = |u: Unit| match u {
            Unit::One => 0i64,
            Unit::Wan => 4,
            Unit::Yi => 8,
        };
        (i64::from(self.scale) + shift(unit) - shift(self.unit)).max(0) as u32
    }

    /// Printed in its own unit and precision, with separators and no unit: `1,259.68`.
    pub fn display(&self) -> String {
        self.display_in(self.unit, self.scale)
    }

    /// Printed in another unit and precision: `display_in(Unit::Wan, 2)`.
    pub fn display_in(&self, unit: Unit, scale: u32) -> String {
        format_grouped(self.yuan / unit.factor(), scale)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FigureVisitor { parse: Amount::parse, integer_ok: true })
    }
}

/// A number of shares, exact, with the unit it was written in (`"1,200.00万"` is
/// 12,000,000 shares written in 万股 to two decimals; a bare TOML integer is in 股).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shares {
    count: Decimal,
    unit: Unit,
    scale: u32,
}

const SHARE_UNITS: &[(&str, Unit)] = &[("万股", Unit::Wan), ("亿股", Unit::Yi), ("万", Unit::Wan), ("亿", Unit::Yi), ("股", Unit::One)];

impl Shares {
    /// Parses a share count: `20000`, `"6,709,835"`, `"1,200.00万"`.
    pub fn parse(text: &str) -> Result<Shares, String> {
        let trimmed = text.trim();
        let (number, unit) = split_unit(trimmed, SHARE_UNITS);
        let written = parse_written(number)
            .map_err(|e| e.or(|| format!("“{text}”不是有效的股数：应为整数股（如 6709835 或 \"6,709,835\"）或如 \"1,200.00万\" 的万股写法")))?;
        let count = written.value * unit.factor();
        if count.is_sign_negative() || count.fract() != Decimal::ZERO {
            return Err(format!("“{text}”不是有效的股数：股数应为非负整数"));
        }
        if count > Decimal::from(MAX_SHARES) {
            return Err(format!("“{text}”超出合理范围：股数应不超过 10 万亿股"));
        }
        Ok(Shares { count, unit, scale: written.scale })
    }

    /// A count of whole shares.
    pub fn from_count(count: u64) -> Shares {
        Shares { count: Decimal::from(count), unit: Unit::One, scale: 0 }
    }

    /// The number of shares.
    pub fn count(&self) -> Decimal {
        self.count
    }

    /// Printed in its own unit and precision: `6,709,835` or `1,200.00` (万股).
    pub fn display(&self) -> String {
        format_grouped(self.count / self.unit.factor(), self.scale)
    }

    /// The unit it was written in.
    pub fn unit(&self) -> Unit {
        self.unit
    }
}

impl<'de> Deserialize<'de> for Shares {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FigureVisitor { parse: Shares::parse, integer_ok: true })
    }
}

/// A price per share in 元 (`"63.70"`), exact, with its decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Price {
    yuan: Decimal,
    scale: u32,
}

impl Price {
    /// Parses a price in 元 per share.
    pub fn parse(text: &str) -> Result<Price, String> {
        let number = text.trim().trim_end_matches("元/股").trim_end_matches('元').trim_end();
        let written = parse_written(number).map_err(|e| e.or(|| format!("“{text}”不是有效的价格：应为如 \"63.70\" 的元/股写法")))?;
        if written.value.abs() > Decimal::from(MAX_PRICE) {
            return Err(format!("“{text}”超出合理范围：每股价格应不超过 1,000,000 元"));
        }
        Ok(Price { yuan: written.value, scale: written.scale })
    }

    /// The price in 元 per share.
    pub fn yuan(&self) -> Decimal {
        self.yuan
    }

    /// Printed as written: `51.97`.
    pub fn display(&self) -> String {
        format_grouped(self.yuan, self.scale)
    }
}

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FigureVisitor { parse: Price::parse, integer_ok: false })
    }
}

/// A ratio written in percent (`"14.04%"`, `"-66.85%"`), exact, with its decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Percent {
    value: Decimal,
    scale: u32,
}

impl Percent {
    /// Parses `"14.04%"`; the `%` sign is required so a ratio is never mistaken for a
    /// plain number.
    pub fn parse(text: &str) -> Result<Percent, String> {
        let expected = || format!("“{text}”不是有效的百分比：应为如 \"14.04%\" 或 \"-66.85%\" 的写法");
        let number = text.trim().strip_suffix('%').ok_or_else(expected)?;
        let written = parse_written(number.trim_end()).map_err(|e| e.or(expected))?;
        Ok(Percent { value: written.value, scale: written.scale })
    }

    /// A percentage computed from others, shown with `scale` decimals.
    pub fn computed(value: Decimal, scale: u32) -> Percent {
        Percent { value, scale }
    }

    /// The value in percent: 14.04 for 14.04%.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The decimals it was written with.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Half of the last written digit, in percent.
    pub fn tolerance(&self) -> Decimal {
        Decimal::ONE / Decimal::from(10u64.pow(self.scale)) / Decimal::TWO
    }

    /// Printed without the sign: `14.04`.
    pub fn display(&self) -> String {
        format_plain(self.value, self.scale)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.display())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FigureVisitor { parse: Percent::parse, integer_ok: false })
    }
}

/// A plain decimal figure, such as earnings per share in 元 (`"-3.57"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlainNumber {
    value: Decimal,
    scale: u32,
}

impl PlainNumber {
    /// Parses a signed decimal number.
    pub fn parse(text: &str) -> Result<PlainNumber, String> {
        let written = parse_written(text.trim())
            .map_err(|e| e.or(|| format!("“{text}”不是有效的数字：应为如 1,259.68 或 -170072432.98 的写法（千分位逗号每三位一组）")))?;
        Ok(PlainNumber { value: written.value, scale: written.scale })
    }

    /// The value.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// Printed as written.
    pub fn display(&self) -> String {
        format_grouped(self.value, self.scale)
    }
}

impl<'de> Deserialize<'de> for PlainNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FigureVisitor { parse: PlainNumber::parse, integer_ok: true })
    }
}

/// Reads a figure from a TOML string (or integer where that is exact); refuses floats,
/// which would already have lost digits.
struct FigureVisitor<T> {
    parse: fn(&str) -> Result<T, String>,
    integer_ok: bool,
}

impl<T> de::Visitor<'_> for FigureVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("带引号的数字字符串，如 \"1,259.68万\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        if self.integer_ok {
            (self.parse)(&v.to_string()).map_err(E::custom)
        } else {
            Err(E::custom(format!("{v} 应写成带引号的字符串，如 \"{v}.00\"")))
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.visit_i64(i64::try_from(v).map_err(|_| E::custom("数字过大"))?)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Err(E::custom(format!("数字 {v} 应写成带引号的字符串（如 \"{v}\"），以保留原始精度")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_unit_and_precision() {
        let a = Amount::parse("1,259.68万").unwrap();
        assert_eq!(a.yuan(), Decimal::from(12_596_800));
        assert_eq!(a.display(), "1,259.68");
        assert_eq!(a.tolerance(), Decimal::from(50));
        let b = Amount::parse("-170,072,432.98").unwrap();
        assert_eq!(b.display(), "-170,072,432.98");
        assert_eq!(b.display_in(Unit::Wan, 2), "-17,007.24");
        assert_eq!(Amount::parse("0.84亿").unwrap().yuan(), Decimal::from(84_000_000));
    }

    #[test]
    fn malformed_grouping_is_refused() {
        for bad in ["12,34.5", "1,2345", ",123", "1.", "12a", "", "1,234.5.6"] {
            assert!(Amount::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(format_grouped("2.345".parse().unwrap(), 2), "2.35");
        assert_eq!(format_grouped("-2.345".parse().unwrap(), 2), "-2.35");
        assert_eq!(format_grouped("-0.001".parse().unwrap(), 2), "0.00");
        assert_eq!(format_grouped("1234567.891".parse().unwrap(), 0), "1,234,568");
    }

    #[test]
    fn shares_and_percentages() {
        assert_eq!(Shares::parse("1,200.00万").unwrap().count(), Decimal::from(12_000_000));
        assert_eq!(Shares::parse("1,200.00万").unwrap().display(), "1,200.00");
        assert!(Shares::parse("12.5").is_err());
        assert_eq!(Percent::parse("-66.85%").unwrap().value(), "-66.85".parse().unwrap());
        assert!(Percent::parse("14.04").is_err());
    }
}
