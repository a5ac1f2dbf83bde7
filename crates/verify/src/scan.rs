//! The figures in a stream: numbers with the decimals they were printed with, percentages,
//! and the dash tables print for zero. Long digit runs (account numbers) are not figures.

use rust_decimal::Decimal;

/// Chinese characters and full-width punctuation.
fn is_cjk(c: char) -> bool {
    c >= '\u{2E80}' || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// A figure as printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Its value (in percent for percentages).
    pub value: Decimal,
    /// Decimals printed.
    pub scale: u32,
    /// Followed by `%`.
    pub percent: bool,
    /// Byte range in the stream.
    pub start: usize,
    /// End of the byte range (after `%` if any).
    pub end: usize,
    /// A dash printed for zero: exactly zero.
    pub dash: bool,
}

impl Figure {
    /// Half the last printed digit: how far the true value may be from this one.
    pub fn tolerance(&self) -> Decimal {
        if self.dash { Decimal::ZERO } else { half_unit(self.scale) }
    }
}

/// Half of one unit in the `scale`-th decimal place.
pub fn half_unit(scale: u32) -> Decimal {
    Decimal::new(5, scale + 1)
}

/// Parses `1,259.68` or `-3.57`: the value and the decimals printed.
pub fn parse_number(text: &str) -> Option<(Decimal, u32)> {
    dudao_reader::parse_number(text).filter(|n| !n.percent).map(|n| (n.value, n.scale))
}

/// Every figure in `stream`, in order. A standalone `-` (a table's zero) is a figure of
/// value 0; a run of ten or more digits without separators is an identifier, not a figure.
pub fn figures(stream: &str) -> Vec<Figure> {
    let bytes = stream.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !stream.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let c = bytes[i];
        let prev = stream[..i].chars().next_back();
        let after_boundary = prev.is_none_or(|p| p == ' ' || is_cjk(p) || matches!(p, '(' | '[' | '：' | ':' | '、'));
        let minus = c == b'-' && after_boundary;
        if minus && !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            // A dash standing alone between spaces (or at the end) is a zero in a table.
            let next = stream[i + 1..].chars().next();
            if prev == Some(' ') && next.is_none_or(|n| n == ' ' || is_cjk(n)) {
                out.push(Figure { value: Decimal::ZERO, scale: 0, percent: false, start: i, end: i + 1, dash: true });
            }
            i += 1;
            continue;
        }
        // Digits right after `2023-` are the rest of an ISO date, not a figure.
        let in_date = prev == Some('-') && stream[..i - 1].chars().next_back().is_some_and(|p| p.is_ascii_digit());
        let starts_number = c.is_ascii_digit() && !in_date && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == ',');
        if !(minus || starts_number) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = if minus { i + 1 } else { i };
        while j < bytes.len() {
            let b = bytes[j];
            let next_digit = bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
            if b.is_ascii_digit() || ((b == b',' || b == b'.') && next_digit) {
                j += 1;
            } else {
                break;
            }
        }
        let text = &stream[start..j];
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let identifier = digits >= 10 && !text.contains([',', '.']);
        let glued_letter = bytes.get(j).is_some_and(|b| b.is_ascii_alphabetic());
        if !identifier
            && !glued_letter
            && let Some((value, scale)) = parse_number(text)
        {
            let percent = bytes.get(j) == Some(&b'%');
            let end = if percent { j + 1 } else { j };
            out.push(Figure { value, scale, percent, start, end, dash: false });
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(stream: &str) -> Vec<String> {
        figures(stream).iter().map(|f| format!("{}{}", f.value, if f.percent { "%" } else { "" })).collect()
    }

    #[test]
    fn figures_dashes_and_identifiers() {
        assert_eq!(values("净利润-170,072,432.98 -244,235,848.10不适用"), ["-170072432.98", "-244235848.10"]);
        assert_eq!(values("北新桥支行0200004319020364082 - 上海银行03004490467 -"), ["0", "0"]);
        assert_eq!(values("持股比例分别为14.04%、4.60%"), ["14.04%", "4.60%"]);
        assert_eq!(values("容诚验字[2021]100Z0010号"), ["2021"]);
        assert_eq!(values("2023-12-31"), ["2023"]);
    }
}
