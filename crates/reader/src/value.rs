//! What a piece of printed text holds: a figure (with its decimals, sign, brackets, `%`),
//! a change in percentage points, `不适用`, a dash; a unit statement; a heading's numbering.
//! Shared by every reader, so a cell means the same whatever the source's form.

use rust_decimal::Decimal;

use crate::model::{Heading, Location, Number, Unit, Value};

/// `text` without whitespace, as labels and headers are compared (a PDF spaces out
/// `合 计`); copied only where it has some.
pub fn compact(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(char::is_whitespace) { text.chars().filter(|c| !c.is_whitespace()).collect::<String>().into() } else { text.into() }
}

/// What `text` (one cell, trimmed) holds.
pub fn parse_value(text: &str) -> Value {
    let text = text.trim().trim_end_matches(['。', '；']);
    match text {
        "不适用" | "不 适 用" => return Value::NotApplicable,
        "" => return Value::Text,
        "-" | "--" | "—" | "——" | "－" | "/" | "／" | "–" => return Value::Dash,
        _ => {}
    }
    if let Some(points) = parse_points(text) {
        return Value::Points(points);
    }
    parse_number(text).map_or(Value::Text, Value::Number)
}

/// `1,259.68`, `-3.57`, `(26,701)`, `10.07%`, `−4.49`: the figure, or `None`. Digits must
/// be grouped by commas in threes if grouped at all; a run of ten or more digits without
/// separators is an identifier (an account number), not a figure; more than fifteen
/// digits or eight decimals is not a figure either.
pub fn parse_number(text: &str) -> Option<Number> {
    let mut body = text.trim();
    let mut negative = false;
    if let Some(inner) = body.strip_prefix(['(', '（']).and_then(|b| b.strip_suffix([')', '）'])) {
        negative = true;
        body = inner.trim();
    }
    let percent = body.ends_with(['%', '％']);
    body = body.trim_end_matches(['%', '％']).trim_end();
    if let Some(rest) = body.strip_prefix(['-', '−', '－']) {
        if negative {
            return None;
        }
        negative = true;
        body = rest.trim_start();
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest;
    }
    let (integer, fraction) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if integer.is_empty() || !integer.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if integer.contains(',') {
        let groups: Vec<&str> = integer.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    } else if integer.len() >= 10 && fraction.is_none() {
        return None;
    }
    // No disclosure prints a figure of more than fifteen digits (a thousand trillion 元)
    // or eight decimals; refusing them keeps every product and sum of figures exact.
    let digits: String = integer.chars().filter(|c| *c != ',').collect();
    if digits.len() > 15 || fraction.is_some_and(|f| f.len() > 8) {
        return None;
    }
    let scale = fraction.map_or(0, |f| f.len() as u32);
    let plain = match fraction {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let value: Decimal = plain.parse().ok()?;
    Some(Number { value: if negative { -value } else { value }, scale, percent })
}

/// `增加3.88个百分点`, `减少 4.07 个百分点`, `-13.74个百分点`: the signed change.
fn parse_points(text: &str) -> Option<Number> {
    if !text.contains("百分点") {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let body = compact.strip_suffix("个百分点").or_else(|| compact.strip_suffix("百分点"))?;
    let (sign, figure) = if let Some(rest) = body.strip_prefix("增加").or_else(|| body.strip_prefix("上升")).or_else(|| body.strip_prefix("提高")) {
        (Decimal::ONE, rest)
    } else if let Some(rest) = body.strip_prefix("减少").or_else(|| body.strip_prefix("下降")).or_else(|| body.strip_prefix("降低")) {
        (Decimal::NEGATIVE_ONE, rest)
    } else {
        (Decimal::ONE, body)
    };
    let number = parse_number(figure)?;
    if number.percent {
        return None;
    }
    Some(Number { value: sign * number.value, ..number })
}

/// The unit a cell's text ends with: `5.00万元`.
pub fn unit_suffix(text: &str) -> Option<Unit> {
    let text = text.trim();
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    unit_named(text.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '.' | '-')))
}

fn unit_named(name: &str) -> Option<Unit> {
    match name.trim().trim_start_matches("人民币") {
        "元" => Some(Unit::Yuan),
        "千元" => Some(Unit::Thousand),
        "万元" => Some(Unit::TenThousand),
        "百万元" => Some(Unit::Million),
        "亿元" => Some(Unit::HundredMillion),
        _ => None,
    }
}

/// What a bracket in a label or header says of its figures.
pub enum Bracketed {
    /// Money in this unit: `营业收入（元）`, `（万元）`.
    Money(Unit),
    /// Not money: `（元/股）`, `（%）`, `（股）`.
    NotMoney,
}

/// The unit a label or header states in brackets, if any.
pub fn bracketed_unit(text: &str) -> Option<Bracketed> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let open = compact.rfind(['（', '('])?;
    let inner = compact[open..].trim_start_matches(['（', '(']);
    let inner = inner.split([')', '）']).next()?;
    if let Some(unit) = unit_named(inner) {
        return Some(Bracketed::Money(unit));
    }
    (inner.contains('/') || inner.contains('／') || inner.contains('%') || inner.contains('％') || inner == "股" || inner == "个")
        .then_some(Bracketed::NotMoney)
}

/// `单位：元 币种：人民币`, `金额单位：人民币万元`, `单位:元`: the unit a line states for the
/// table below it.
pub fn unit_statement(text: &str) -> Option<Unit> {
    if !text.contains("单位") {
        return if text.contains("人民币") { currency_line(&compact(text)) } else { None };
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let at = compact.find("单位：").map(|i| i + "单位：".len()).or_else(|| compact.find("单位:").map(|i| i + "单位:".len()))?;
    if compact[..at].chars().count() > 6 {
        return None;
    }
    let rest = compact[at..].trim_start_matches("人民币");
    ["百万元", "千元", "万元", "亿元", "元"].iter().find(|name| rest.starts_with(**name)).and_then(|name| unit_named(name))
}

/// `人民币百万元，另有标注除外`, `（人民币百万元，百分比除外）`: a line that is nothing but the
/// currency and unit of the table below (some filers, banks among them, print no `单位：`).
fn currency_line(compact: &str) -> Option<Unit> {
    let inner = compact.trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
    let rest = inner.strip_prefix("人民币")?;
    let name = ["百万元", "千元", "万元", "亿元", "元"].into_iter().find(|name| rest.starts_with(name))?;
    let after = &rest[name.len()..];
    let qualified = after.starts_with(['，', ',']) && after.ends_with("除外") && after.chars().count() <= 12;
    (after.is_empty() || qualified).then(|| unit_named(name)).flatten()
}

/// Whether `text` names a year as a column header does: `2019年`, `2019年末`, `2019 年度`.
pub fn has_year(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.windows(5).any(|w| w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
}

const CHINESE_NUMERALS: &str = "一二三四五六七八九十百零〇";

/// A heading, if `text` (one line, trimmed) reads as one: `第二节 公司简介`, `七、近三年…`,
/// `(一) 主要会计数据`, `（二）…`. A numbered line that runs on as a sentence is not one.
pub fn heading_of(text: &str, at: Location) -> Option<Heading> {
    let text = text.trim();
    let (numbering, title, level) = numbered(text)?;
    let title = title.trim();
    let length = title.chars().count();
    if title.is_empty() || length > 40 || title.ends_with(['。', '；', '，', ',']) || title.contains('。') {
        return None;
    }
    Some(Heading { numbering: Some(numbering.to_owned()), title: title.to_owned(), level, at })
}

fn numbered(text: &str) -> Option<(&str, &str, u8)> {
    if let Some(rest) = text.strip_prefix('第') {
        let n = rest.chars().take_while(|c| CHINESE_NUMERALS.contains(*c)).map(char::len_utf8).sum::<usize>();
        if n > 0 && rest[n..].starts_with(['节', '章']) {
            let end = '第'.len_utf8() + n + '节'.len_utf8();
            return Some((&text[..end], &text[end..], 1));
        }
        return None;
    }
    let n = text.chars().take_while(|c| CHINESE_NUMERALS.contains(*c)).map(char::len_utf8).sum::<usize>();
    if n > 0 && text[n..].starts_with('、') {
        let end = n + '、'.len_utf8();
        return Some((&text[..end], &text[end..], 2));
    }
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(rest) = text.strip_prefix(open) {
            let n = rest.chars().take_while(|c| CHINESE_NUMERALS.contains(*c)).map(char::len_utf8).sum::<usize>();
            if n > 0 && rest[n..].starts_with(close) {
                let end = open.len_utf8() + n + close.len_utf8();
                return Some((&text[..end], &text[end..], 3));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<(String, u32, bool)> {
        parse_number(text).map(|n| (n.value.to_string(), n.scale, n.percent))
    }

    #[test]
    fn figures_as_printed() {
        assert_eq!(number("1,259.68"), Some(("1259.68".into(), 2, false)));
        assert_eq!(number("-170,072,432.98"), Some(("-170072432.98".into(), 2, false)));
        assert_eq!(number("(26,701)"), Some(("-26701".into(), 0, false)));
        assert_eq!(number("10.07%"), Some(("10.07".into(), 2, true)));
        assert_eq!(number("−4.49"), Some(("-4.49".into(), 2, false)));
        assert_eq!(number("20030010000003178"), None, "an account number");
        assert_eq!(number("12,34.5"), None, "bad grouping");
        assert_eq!(number("2019年"), None);
        assert_eq!(number("99999999999999999999999999999999.1"), None, "too long to be a figure");
    }

    #[test]
    fn cells_as_printed() {
        assert_eq!(parse_value("不适用"), Value::NotApplicable);
        assert_eq!(parse_value("—"), Value::Dash);
        let Value::Points(p) = parse_value("增加 3.71 个百分点") else { panic!() };
        assert_eq!(p.value.to_string(), "3.71");
        let Value::Points(p) = parse_value("减少4.07个百分点") else { panic!() };
        assert_eq!(p.value.to_string(), "-4.07");
        assert_eq!(parse_value("营业收入"), Value::Text);
    }

    #[test]
    fn units_and_headings() {
        assert_eq!(unit_statement("单位：元 币种：人民币"), Some(Unit::Yuan));
        assert_eq!(unit_statement("金额单位：人民币万元"), Some(Unit::TenThousand));
        assert_eq!(unit_statement("单位:元     币种:人民币"), Some(Unit::Yuan));
        assert_eq!(unit_statement("公司的会计核算单位：元"), None);
        assert_eq!(unit_statement("人民币百万元，另有标注除外"), Some(Unit::Million));
        assert_eq!(unit_statement("（人民币百万元，百分比除外）"), Some(Unit::Million));
        assert_eq!(unit_statement("人民币千元"), Some(Unit::Thousand));
        assert_eq!(unit_statement("人民币百万元的贷款，较上年增长"), None);
        assert!(matches!(bracketed_unit("营业收入（元）"), Some(Bracketed::Money(Unit::Yuan))));
        assert!(matches!(bracketed_unit("基本每股收益（元／股）"), Some(Bracketed::NotMoney)));
        let h = heading_of("七、 近三年主要会计数据和财务指标", Location::default()).unwrap();
        assert_eq!((h.numbering.as_deref(), h.title.as_str(), h.level), (Some("七、"), "近三年主要会计数据和财务指标", 2));
        assert_eq!(heading_of("第二节 公司简介和主要财务指标", Location::default()).unwrap().level, 1);
        assert_eq!(heading_of("(一) 主要会计数据", Location::default()).unwrap().level, 3);
        assert!(heading_of("一、公司于2023年完成了归属，总股本增加。", Location::default()).is_none());
    }
}
