//! Changes from the prior year and how a tracking report prints them: year-on-year
//! percentages, percentage points, 不适用.

use dudao_model::format_plain;
use rust_decimal::Decimal;

/// A change from the prior period, as a tracking report prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// (current − prior) / prior × 100, for amounts and per-share figures.
    Percent(Decimal),
    /// current − prior, for ratios.
    Points(Decimal),
    /// 不适用: the base is zero or negative, so a percentage would mislead.
    NotApplicable,
}

/// The year-on-year change of an amount: 不适用 where the prior figure is zero or
/// negative (the practice of SSE periodic reports, which the seed follows).
pub fn year_on_year(current: Decimal, prior: Decimal) -> Change {
    if prior <= Decimal::ZERO { Change::NotApplicable } else { Change::Percent((current - prior) / prior * Decimal::ONE_HUNDRED) }
}

/// The change of a ratio in percentage points.
pub fn points(current: Decimal, prior: Decimal) -> Change {
    Change::Points(current - prior)
}

impl Change {
    /// As the change column of a table: `10.07`, `-45.51`, `减少13.74个百分点`, `不适用`.
    pub fn cell(&self) -> String {
        match self {
            Change::Percent(p) => format_plain(*p, 2),
            Change::Points(_) => self.words(),
            Change::NotApplicable => "不适用".to_owned(),
        }
    }

    /// As prose after 较上年同期: `增长10.07%`, `减少45.51%`, `减少16.19个百分点`.
    pub fn words(&self) -> String {
        match self {
            Change::Percent(p) => {
                let size = format_plain(p.abs(), 2);
                if size == "0.00" {
                    "持平".to_owned()
                } else if p.is_sign_negative() {
                    format!("减少{size}%")
                } else {
                    format!("增长{size}%")
                }
            }
            Change::Points(p) => {
                let size = format_plain(p.abs(), 2);
                if p.is_sign_negative() && size != "0.00" { format!("减少{size}个百分点") } else { format!("增加{size}个百分点") }
            }
            Change::NotApplicable => "不适用".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn seed_changes_recompute() {
        // Seed, section 五: revenue 335,693,624.77 vs 304,971,021.01 → 10.07.
        assert_eq!(year_on_year(d("335693624.77"), d("304971021.01")).cell(), "10.07");
        assert_eq!(year_on_year(d("179481073.74"), d("329370890.38")).cell(), "-45.51");
        assert_eq!(year_on_year(d("179481073.74"), d("329370890.38")).words(), "减少45.51%");
        assert_eq!(year_on_year(d("-170072432.98"), d("-244235848.10")).cell(), "不适用");
        assert_eq!(year_on_year(d("1"), d("0")).cell(), "不适用");
        assert_eq!(points(d("-66.85"), d("-53.11")).cell(), "减少13.74个百分点");
        assert_eq!(points(d("10.80"), d("10.72")).cell(), "增加0.08个百分点");
    }
}
