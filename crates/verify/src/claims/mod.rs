//! The kinds of numeric claim dudao recognises, one small unit each, and what they share:
//! the key figures a document's tables give (for prose to be checked against) and the way a
//! discrepancy is judged and told.
//!
//! Every comparison allows for the precision the figures were printed with: a stated value
//! within half its last digit, plus the uncertainty the computation inherits from its own
//! printed inputs, is `info` when not exact; beyond that it is an `error` that states the
//! expected value, the stated value and how it was computed.

use std::collections::BTreeMap;

use dudao_model::Severity;
use rust_decimal::Decimal;

use crate::text::Document;

mod prose;
mod products;
mod sums;
mod tables;

/// A claim that does not hold, or holds only within rounding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discrepancy {
    /// The kind of claim: `verify.table-change`.
    pub rule: &'static str,
    /// `error` beyond rounding, `info` within it.
    pub severity: Severity,
    /// The 1-based input line where the claim starts.
    pub line: u32,
    /// The claim as it reads, with a little context.
    pub excerpt: String,
    /// What was expected, what is stated, and how it was computed.
    pub message: String,
}

/// One claim kind.
pub struct ClaimKind {
    /// Its id.
    pub rule: &'static str,
    /// What it checks, in Chinese.
    pub title: &'static str,
    /// Finds and checks its claims; earlier kinds may record figures in `facts` for later
    /// ones.
    pub run: fn(&Document, &mut Facts) -> Vec<Discrepancy>,
}

/// Every claim kind, in the order they run: tables first, so prose can be checked
/// against them.
pub const ALL: &[ClaimKind] = &[
    ClaimKind { rule: "verify.table-change", title: "财务数据表的增减列（同比、百分点、不适用）", run: tables::change_columns },
    ClaimKind { rule: "verify.quarterly", title: "分季度数据与全年数据", run: tables::quarterly },
    ClaimKind { rule: "verify.prose-change", title: "文字叙述的增减与数据表", run: prose::changes },
    ClaimKind { rule: "verify.restated", title: "同一数据的不同单位表述", run: prose::restated },
    ClaimKind { rule: "verify.ledger", title: "台账（加/减项至期末余额）", run: sums::ledger },
    ClaimKind { rule: "verify.total-row", title: "表格合计行", run: sums::total_rows },
    ClaimKind { rule: "verify.combined-percent", title: "分项比例之和与合计比例", run: sums::combined_percent },
    ClaimKind { rule: "verify.product", title: "数量 × 单价 = 金额", run: products::product },
    ClaimKind { rule: "verify.net-proceeds", title: "募集资金总额 − 发行费用 = 实际募集资金", run: products::net_proceeds },
    ClaimKind { rule: "verify.unused-funds", title: "实际募集资金 − 累计使用 = 余额", run: products::unused_funds },
    ClaimKind { rule: "verify.share-of-total", title: "持股数与持股比例隐含的总股本", run: products::share_of_total },
];

/// A key financial metric and the names documents give it.
pub struct Metric {
    /// Its id.
    pub key: &'static str,
    /// Names as documents write them; the longest one found in a label wins.
    pub names: &'static [&'static str],
    /// A ratio in percent: its changes are in percentage points.
    pub ratio: bool,
}

/// The metrics of the key-financial-data tables of Chinese periodic reports and tracking
/// reports.
pub const METRICS: &[Metric] = &[
    Metric { key: "revenue", names: &["营业收入"], ratio: false },
    Metric {
        key: "revenue_after_deductions",
        names: &["扣除与主营业务无关的业务收入和不具备商业实质的收入后的营业收入", "扣除后营业收入"],
        ratio: false,
    },
    Metric { key: "net_profit", names: &["归属于上市公司股东的净利润", "归属于母公司所有者的净利润", "归母净利润"], ratio: false },
    Metric {
        key: "deducted_net_profit",
        names: &["归属于上市公司股东的扣除非经常性损益的净利润", "归属于母公司所有者的扣除非经常性损益的净利润"],
        ratio: false,
    },
    Metric { key: "operating_cash_flow", names: &["经营活动产生的现金流量净额"], ratio: false },
    Metric {
        key: "net_assets",
        names: &["归属于上市公司股东的净资产", "归属于母公司所有者权益", "归属于上市公司股东的所有者权益"],
        ratio: false,
    },
    Metric { key: "total_assets", names: &["总资产"], ratio: false },
    Metric { key: "basic_eps", names: &["基本每股收益"], ratio: false },
    Metric { key: "diluted_eps", names: &["稀释每股收益"], ratio: false },
    Metric { key: "deducted_eps", names: &["扣除非经常性损益后的基本每股收益"], ratio: false },
    Metric { key: "roe", names: &["加权平均净资产收益率"], ratio: true },
    Metric { key: "deducted_roe", names: &["扣除非经常性损益后的加权平均净资产收益率"], ratio: true },
    Metric {
        key: "rd_intensity",
        names: &["研发投入占营业收入的比例", "研发投入占营业收入比例", "研发投入占营业收入比重", "研发投入总额占营业收入比例"],
        ratio: true,
    },
];

/// The metric `label` names, by its longest name found in it, with where that name lies.
pub fn metric_in(label: &str) -> Option<(&'static Metric, std::ops::Range<usize>)> {
    METRICS
        .iter()
        .flat_map(|m| m.names.iter().map(move |n| (m, *n)))
        .filter_map(|(m, n)| label.rfind(n).map(|at| (m, at..at + n.len())))
        .max_by_key(|(_, range)| range.len())
}

/// A figure a table gives for a metric and year: value (元 for amounts, percent for ratios)
/// and the half-unit of its printed precision.
#[derive(Clone, Copy, Debug)]
pub struct Known {
    /// The value.
    pub value: Decimal,
    /// How far the true value may be from it.
    pub tolerance: Decimal,
}

/// What a document's tables state, for the prose to be checked against.
#[derive(Default)]
pub struct Facts {
    /// `(metric key, year)` → the figure.
    pub metrics: BTreeMap<(&'static str, i16), Known>,
    /// The report's own year (the first year column of its key-data table).
    pub current_year: Option<i16>,
    /// Net raised funds stated, in 元, with its tolerance.
    pub net_proceeds: Option<Known>,
}

/// Judges a claim: `None` when `stated` equals `expected` at its printed precision;
/// `info` when the gap is within `allowance` (the stated half-unit plus what the
/// computation inherits from its inputs); `error` beyond.
pub fn judge(expected: Decimal, stated: Decimal, stated_tolerance: Decimal, allowance: Decimal) -> Option<Severity> {
    let gap = (expected - stated).abs();
    if gap <= stated_tolerance {
        None
    } else if gap <= stated_tolerance + allowance {
        Some(Severity::Info)
    } else {
        Some(Severity::Error)
    }
}

/// A discrepancy at stream range `start..end` of `doc`, worded for its severity.
pub fn discrepancy(
    doc: &Document,
    rule: &'static str,
    severity: Severity,
    (start, end): (usize, usize),
    message: String,
) -> Discrepancy {
    let message = if severity == Severity::Info { format!("{message}；差异在列示精度的四舍五入误差范围内") } else { message };
    Discrepancy { rule, severity, line: doc.line_at(start), excerpt: doc.excerpt(start, end), message }
}

/// Prints a decimal with `scale` decimals, rounded half away from zero, with separators.
pub fn show(value: Decimal, scale: u32) -> String {
    dudao_model::format_grouped(value, scale)
}

/// Runs every claim kind over `doc`, in order; discrepancies sorted by line.
pub fn check(doc: &Document) -> Vec<Discrepancy> {
    let mut facts = Facts::default();
    let mut out: Vec<Discrepancy> = ALL.iter().flat_map(|kind| (kind.run)(doc, &mut facts)).collect();
    out.sort_by_key(|d| d.line);
    out
}
