//! The kinds of numeric claim dudao recognises, one small unit each, and what they share:
//! the figures the document's tables give (for the prose to be checked against), the way a
//! claim is judged, and the finding it makes.
//!
//! Every comparison allows for the precision the figures were printed with: a stated value
//! within half its last digit, plus the uncertainty the computation inherits from its own
//! printed inputs, is `info` when not exact; beyond that it is an `error` that states the
//! computed value, the stated value, the terms and the tolerance.

use std::collections::BTreeMap;
use std::sync::Arc;

use dudao_model::{Computation, Finding, Kind, Origin, Severity};
use dudao_reader::{Document, Location};
use rust_decimal::Decimal;

use crate::Verified;
pub use crate::scan::half_unit;
use crate::stream::Stream;

mod columns;
mod products;
mod prose;
mod shares;
mod sums;
mod tables;

/// One claim kind.
pub struct ClaimKind {
    /// Its id.
    pub rule: &'static str,
    /// What it checks, in Chinese.
    pub title: &'static str,
    /// Finds and checks its claims; earlier kinds record figures in `facts` for later ones.
    pub run: fn(&mut Context),
}

/// Every claim kind, in the order they run: tables first, so prose can be checked against
/// them.
pub const ALL: &[ClaimKind] = &[
    ClaimKind { rule: "verify.table-change", title: "主要会计数据表的增减列（同比、百分点、不适用）", run: tables::change_columns },
    ClaimKind { rule: "verify.quarterly", title: "分季度数据与全年数据", run: tables::quarterly },
    ClaimKind { rule: "verify.nonrecurring-total", title: "非经常性损益各项目与合计", run: tables::nonrecurring },
    ClaimKind {
        rule: "verify.nonrecurring-profit", title: "归母净利润 − 扣非净利润 = 非经常性损益合计", run: tables::nonrecurring_against_profit
    },
    ClaimKind { rule: "verify.total-row", title: "表格合计行", run: tables::total_rows },
    ClaimKind {
        rule: "verify.share-table", title: "股份变动表（变动前 + 增减 = 变动后）与持股比例（持股数 ÷ 股份总数）", run: shares::tables
    },
    ClaimKind {
        rule: "verify.per-share", title: "每股净资产 = 归属于上市公司股东的净资产 ÷ 期末股本", run: shares::per_share_net_assets
    },
    ClaimKind { rule: "verify.formula-column", title: "表头注明算式的列（如 投资进度(3)=(2)/(1)）与毛利率", run: columns::formulas },
    ClaimKind { rule: "verify.change-column", title: "表格中本期、上期与增减列（比例、百分点、增减额）", run: columns::changes },
    ClaimKind {
        rule: "verify.ledger",
        title: "台账与报表步骤（加/减项至期末余额或下一步结果）",
        run: |c| {
            sums::ledger(c);
            sums::steps(c);
        },
    },
    ClaimKind { rule: "verify.prose-change", title: "文字叙述的增减与数据表", run: |c| prose_kind(c, prose::changes) },
    ClaimKind { rule: "verify.restated", title: "同一数据的不同单位表述", run: |c| prose_kind(c, prose::restated) },
    ClaimKind { rule: "verify.combined-percent", title: "分项比例之和与合计比例", run: |c| prose_kind(c, sums::combined_percent) },
    ClaimKind { rule: "verify.product", title: "数量 × 单价 = 金额", run: |c| prose_kind(c, products::product) },
    ClaimKind {
        rule: "verify.net-proceeds", title: "募集资金总额 − 发行费用 = 实际募集资金", run: |c| prose_kind(c, products::net_proceeds)
    },
    ClaimKind {
        rule: "verify.unused-funds",
        title: "实际募集资金 − 累计使用 = 余额；理财 + 专户余额 = 尚未使用",
        run: |c| {
            prose_kind(c, products::unused_funds);
            products::unused_parts(c);
        },
    },
    ClaimKind {
        rule: "verify.funds-passage",
        title: "募集资金：以前年度 + 本年度 = 累计；净额 − 累计使用 + 累计利息收益 = 余额",
        run: |c| prose_kind(c, products::funds_passage),
    },
    ClaimKind { rule: "verify.share-of-total", title: "持股数与持股比例隐含的总股本", run: |c| prose_kind(c, products::share_of_total) },
    ClaimKind { rule: "verify.share-classes", title: "总股本中各类股份之和与占比", run: |c| prose_kind(c, shares::share_classes) },
];

/// A figure a table gives for a metric and year: value (元 for amounts, percent for
/// ratios), the half-unit of its printed precision, and where it is.
#[derive(Clone, Copy, Debug)]
pub struct Known {
    /// The value.
    pub value: Decimal,
    /// How far the true value may be from it.
    pub tolerance: Decimal,
    /// Decimals printed (in the unit printed).
    pub scale: u32,
    /// Where the figure is.
    pub at: Location,
}

/// What a document's tables state, for later claims.
#[derive(Default)]
pub struct Facts {
    /// `(metric key, year)` → the figure.
    pub metrics: BTreeMap<(&'static str, i16), Known>,
    /// The report's own year (the first year column of its key-data table).
    pub current_year: Option<i16>,
    /// 非经常性损益合计 by year, in 元.
    pub nonrecurring: BTreeMap<i16, Known>,
    /// Net raised funds stated, in 元.
    pub net_proceeds: Option<Known>,
    /// The total shares after the year's change, from the share-change table.
    pub total_shares: Option<Decimal>,
    /// The rows of comparison tables, for the sentences just before each table that
    /// restate them.
    pub introduced: Vec<Introduced>,
}

/// A row of a table comparing two periods, for the paragraphs that introduce the table
/// (`实现净利润610.36亿元，较上年增加86.52亿元` over `利润表主要项目变动`).
#[derive(Debug)]
pub struct Introduced {
    /// The stream bytes of the paragraphs before the table.
    pub span: (usize, usize),
    /// The row's label, without spaces or a `其中：`, `减：`, `加：` before it.
    pub label: String,
    /// The current period's figure and the prior one's.
    pub figures: (Known, Known),
    /// Whether the row is a ratio (its change may be in points).
    pub ratio: bool,
    /// The prior column's year, where the table names years.
    pub base_year: Option<i16>,
}

/// The document being verified and what has been found so far (in fields apart, so a
/// claim can read the document while it reports).
pub struct Context<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its running text.
    pub prose: Stream,
    /// Figures the tables gave.
    pub facts: Facts,
    /// What has been found.
    pub out: Out,
}

/// The findings and counts so far.
pub struct Out {
    file: Arc<str>,
    verified: Verified,
}

/// A claim's arithmetic, for the finding: terms as printed, the computed and stated
/// figures as printed, and the tolerance allowed.
pub struct Arithmetic {
    /// The terms, each as printed (with where it is, when that is not the claim's place).
    pub terms: Vec<String>,
    /// The computed figure, printed at the stated precision.
    pub computed: String,
    /// The stated figure as printed.
    pub stated: String,
    /// The tolerance, in the stated figure's unit.
    pub tolerance: Decimal,
}

impl Out {
    /// Counts one claim of `rule` checked.
    pub fn count(&mut self, rule: &'static str) {
        *self.verified.checked.entry(rule).or_default() += 1;
    }

    /// Records a finding of `rule` at `at`.
    pub fn report(&mut self, rule: &'static str, severity: Severity, at: Location, quote: String, message: String, arithmetic: Arithmetic) {
        let within = severity == Severity::Info;
        let message = if within { format!("{message}；差异在列示精度的四舍五入误差范围内") } else { message };
        let why = "各项按列示精度四舍五入，误差为末位半个单位之和".to_owned();
        self.verified.findings.push(Finding {
            rule: rule.to_owned(),
            kind: Kind::Consistency,
            severity,
            message,
            citation: None,
            date: None,
            evidence: vec![Origin { file: self.file.clone(), page: at.page, line: at.line }],
            about: None,
            computation: Some(Box::new(Computation {
                stated: arithmetic.stated,
                computed: arithmetic.computed,
                terms: arithmetic.terms,
                tolerance: arithmetic.tolerance.normalize().to_string(),
                why,
                quote,
            })),
        });
    }

    /// Records a finding of `rule` on the prose claim at `start..end` of the stream.
    pub fn report_prose(
        &mut self,
        prose: &Stream,
        rule: &'static str,
        severity: Severity,
        (start, end): (usize, usize),
        message: String,
        arithmetic: Arithmetic,
    ) {
        self.report(rule, severity, prose.location_at(start), prose.excerpt(start, end), message, arithmetic);
    }
}

/// Runs a claim kind over the prose: it reads the stream and the facts, and counts and
/// reports its claims.
fn prose_kind(context: &mut Context, run: fn(&Stream, &mut Facts, &mut Out)) {
    run(&context.prose, &mut context.facts, &mut context.out);
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

/// The change from `b` to `a` in percent of `b`'s size, and how far from it the true change
/// may be when `a` and `b` are printed to within `ta` and `tb`.
pub fn percent_change(a: Decimal, ta: Decimal, b: Decimal, tb: Decimal) -> (Decimal, Decimal) {
    let base = b.abs();
    let expected = (a - b) / base * Decimal::ONE_HUNDRED;
    let inherited = (Decimal::ONE_HUNDRED / base) * ta + (Decimal::ONE_HUNDRED * a / b / b).abs() * tb;
    (expected, inherited)
}

/// Whether a row's label is numbered as a statement's step or a table's section is
/// (`三、营业利润`, `二、投资活动产生的现金流量：`).
pub fn numbered(label: &str) -> bool {
    let label = dudao_reader::compact(label);
    let rest = label.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    rest.len() < label.len() && rest.starts_with('、')
}

/// The sum of `values`, or `None` past the range of exact decimals (only a hostile input
/// gets there: each figure has at most fifteen digits).
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, |sum, v| sum.checked_add(v))
}

/// How many 元 (or shares) one of the unit a prose figure is written in is: `万元`, `亿股`.
pub fn factor(unit: &str) -> Decimal {
    match unit {
        "万元" | "万股" => Decimal::from(10_000),
        "亿元" | "亿股" => Decimal::from(100_000_000),
        _ => Decimal::ONE,
    }
}

/// Prints a decimal with `scale` decimals, rounded half away from zero, with separators.
pub fn show(value: Decimal, scale: u32) -> String {
    dudao_model::format_grouped(value, scale)
}

/// Runs every claim kind over `doc`, in order; findings sorted by place.
pub fn check(doc: &Document, file: &str) -> Verified {
    let out = Out { file: file.into(), verified: Verified::default() };
    let mut context = Context { doc, prose: Stream::new(doc), facts: Facts::default(), out };
    for kind in ALL {
        (kind.run)(&mut context);
    }
    let mut verified = context.out.verified;
    verified.findings.sort_by_key(|f| f.evidence.first().map(|o| (o.page, o.line)));
    verified
}
