//! Derived figures and how they are printed: year-on-year changes, percentage points,
//! and the comparison of a computed figure with one the case also states.

use dudao_model::{Finding, Origin, Severity, format_plain};
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
    if prior <= Decimal::ZERO {
        Change::NotApplicable
    } else {
        Change::Percent((current - prior) / prior * Decimal::ONE_HUNDRED)
    }
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
                if p.is_sign_negative() && size != "0.00" {
                    format!("减少{size}个百分点")
                } else {
                    format!("增加{size}个百分点")
                }
            }
            Change::NotApplicable => "不适用".to_owned(),
        }
    }
}

/// A figure the case states that dudao can also compute.
pub struct Stated<'a> {
    /// What the figure is, in Chinese: `募集资金总额`.
    pub label: &'a str,
    /// The stated value.
    pub value: Decimal,
    /// Half the last digit the stated value was written with.
    pub tolerance: Decimal,
    /// Prints a value the way the stated one was written (unit, decimals):
    /// `76,440.00万元`.
    pub print: &'a dyn Fn(Decimal) -> String,
    /// Where it was written.
    pub origin: &'a Origin,
}

/// Compares a computed figure with a stated one. Nothing when they agree at the stated
/// precision; `info` when they differ by no more than rounding can explain (the stated
/// value's half-digit plus `rounding_slack`, the uncertainty of the computation's own
/// inputs); a `warning` beyond that. The report always prints the computed figure.
pub fn compare(stated: Stated<'_>, computed: Decimal, how: &str, rounding_slack: Decimal) -> Option<Finding> {
    let difference = (computed - stated.value).abs();
    if difference <= stated.tolerance {
        return None;
    }
    if difference <= stated.tolerance + rounding_slack {
        return Some(Finding {
            rule: "report.rounding-difference",
            severity: Severity::Info,
            message: format!(
                "{}：{}为 {}，案卷陈述为 {}，差异在四舍五入误差范围内",
                stated.label,
                how,
                (stated.print)(computed),
                (stated.print)(stated.value)
            ),
            evidence: vec![stated.origin.clone()],
        });
    }
    Some(Finding {
        rule: "report.stated-differs",
        severity: Severity::Warning,
        message: format!(
            "{}：{}为 {}，与案卷陈述的 {} 不符（相差 {}）；报告采用计算值",
            stated.label,
            how,
            (stated.print)(computed),
            (stated.print)(stated.value),
            (stated.print)(difference)
        ),
        evidence: vec![stated.origin.clone()],
    })
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
