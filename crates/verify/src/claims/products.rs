//! Products and differences of figures stated together: shares × price = amount, gross −
//! fees = net proceeds, net − used = unused, and holdings against the total shares the
//! other percentages imply.

use std::sync::LazyLock;

use dudao_model::Severity;
use regex::{Captures, Regex};
use rust_decimal::Decimal;

use super::{Arithmetic, Context, Facts, Known, Out, checked_sum, factor, half_unit, judge, show};
use crate::scan::parse_number;
use crate::stream::Stream;

/// A figure with a unit from the capture groups `name` and `unit`: (value in 元 or shares,
/// tolerance in the same, printed decimals).
fn amount(claim: &Captures, name: &str, unit: &str) -> Option<(Decimal, Decimal, u32)> {
    let (value, scale) = parse_number(claim.name(name)?.as_str())?;
    let f = factor(claim.name(unit).map_or("", |m| m.as_str()));
    Some((value * f, half_unit(scale) * f, scale))
}

/// `20,000股……成交均价51.97元/股，成交金额1,039,400元`; `1,200.00万股，每股发行价为63.70元，募集资金总额为人民币76,440.00万元`.
static PRODUCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<n>[\d,]+(?:\.\d+)?)(?P<nu>万股|亿股|股)[^。]{0,80}?(?:均价|发行价格?为?|每股价格为?)(?:每股)?(?:人民币)?(?P<p>\d+(?:\.\d+)?)元(?:/股)?",
        r"[^。]{0,60}?(?:成交金额|募集资金总额为|共计募集资金|交易金额|金额为?|总额为?)(?:人民币)?(?P<a>[\d,]+(?:\.\d+)?)(?P<au>万元|亿元|元)"
    ))
    .unwrap()
});

pub(super) fn product(doc: &Stream, _: &mut Facts, out: &mut Out) {
    for claim in PRODUCT.captures_iter(&doc.text) {
        let (Some((n, tn, _)), Some((p, p_scale))) = (amount(&claim, "n", "nu"), parse_number(&claim["p"])) else { continue };
        let Some((a, ta, a_scale)) = amount(&claim, "a", "au") else { continue };
        // Figures past any real trade or offering would overflow: no claim.
        let (Some(expected), Some(inherited)) = (n.checked_mul(p), n.checked_mul(half_unit(p_scale)).zip(p.checked_mul(tn)).map(|(x, y)| x + y)) else {
            continue;
        };
        out.count("verify.product");
        if let Some(severity) = judge(expected, a, ta, inherited) {
            let unit = &claim["au"];
            let f = factor(unit);
            let whole = claim.get(0).unwrap();
            let arithmetic = Arithmetic {
                terms: vec![format!("{}{}", &claim["n"], &claim["nu"]), format!("{} 元", &claim["p"])],
                computed: show(expected / f, a_scale),
                stated: show(a / f, a_scale),
                tolerance: (ta + inherited) / f,
            };
            out.report_prose(
                doc,
                "verify.product",
                severity,
                (whole.start(), whole.end()),
                format!("{}{} × {} 元 = {}{unit}，文中为 {}{unit}", &claim["n"], &claim["nu"], &claim["p"], show(expected / f, a_scale), show(a / f, a_scale)),
                arithmetic,
            );
        }
    }
}

/// `募集资金总额为人民币76,440.00万元，……扣除发行费用7,712.16万元后，实际募集资金金额为68,727.84万元`;
/// `共计募集资金1,026,869,436.44元，……。扣除承销费及保荐费、……等发行费用12,465,829.73元后，本公司本次募集资金净额1,014,403,606.71元`.
static NET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:募集资金总额为|共计募集资金)(?:人民币)?(?P<g>[\d,]+(?:\.\d+)?)(?P<gu>万元|亿元|元)(?:[^。]{0,160}。)?[^。]{0,40}?扣除[^。\d]{0,40}?费用(?:人民币)?",
        r"(?P<f>[\d,]+(?:\.\d+)?)(?P<fu>万元|亿元|元)后?[^。]{0,20}?(?:实际)?募集资金(?:金额|净额)为?(?:人民币)?(?P<n>[\d,]+(?:\.\d+)?)(?P<nu>万元|亿元|元)"
    ))
    .unwrap()
});

pub(super) fn net_proceeds(doc: &Stream, facts: &mut Facts, out: &mut Out) {
    for claim in NET.captures_iter(&doc.text) {
        let (Some((g, tg, _)), Some((f, tf, _)), Some((n, tn, n_scale))) = (amount(&claim, "g", "gu"), amount(&claim, "f", "fu"), amount(&claim, "n", "nu"))
        else {
            continue;
        };
        let whole = claim.get(0).unwrap();
        facts.net_proceeds = Some(Known { value: n, tolerance: tn, scale: n_scale, at: doc.location_at(whole.start()) });
        out.count("verify.net-proceeds");
        if let Some(severity) = judge(g - f, n, tn, tg + tf) {
            let unit = &claim["nu"];
            let k = factor(unit);
            let arithmetic = Arithmetic {
                terms: vec![show(g / k, n_scale), show(f / k, n_scale)],
                computed: show((g - f) / k, n_scale),
                stated: show(n / k, n_scale),
                tolerance: (tn + tg + tf) / k,
            };
            out.report_prose(
                doc,
                "verify.net-proceeds",
                severity,
                (whole.start(), whole.end()),
                format!(
                    "实际募集资金：{} − {} = {}{unit}，文中为 {}{unit}",
                    show(g / k, n_scale),
                    show(f / k, n_scale),
                    show((g - f) / k, n_scale),
                    show(n / k, n_scale)
                ),
                arithmetic,
            );
        }
    }
}

/// `累计使用募集资金64,506.70万元，募集资金余额为4,221.14万元`.
static UNUSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"累计(?:已)?使用募集资金(?:人民币)?(?P<u>[\d,]+(?:\.\d+)?)(?P<uu>万元|亿元|元)[，,]?[^。]{0,20}?募集资金(?:余额|结余)为?(?:人民币)?(?P<r>[\d,]+(?:\.\d+)?)(?P<ru>万元|亿元|元)").unwrap()
});

pub(super) fn unused_funds(doc: &Stream, facts: &mut Facts, out: &mut Out) {
    let Some(net) = facts.net_proceeds else { return };
    for claim in UNUSED.captures_iter(&doc.text) {
        let (Some((u, tu, _)), Some((r, tr, r_scale))) = (amount(&claim, "u", "uu"), amount(&claim, "r", "ru")) else { continue };
        out.count("verify.unused-funds");
        if let Some(severity) = judge(net.value - u, r, tr, net.tolerance + tu) {
            let unit = &claim["ru"];
            let k = factor(unit);
            let whole = claim.get(0).unwrap();
            let arithmetic = Arithmetic {
                terms: vec![format!("{}（{}）", show(net.value / k, r_scale), net.at), show(u / k, r_scale)],
                computed: show((net.value - u) / k, r_scale),
                stated: show(r / k, r_scale),
                tolerance: (tr + net.tolerance + tu) / k,
            };
            out.report_prose(
                doc,
                "verify.unused-funds",
                severity,
                (whole.start(), whole.end()),
                format!(
                    "募集资金余额：实际募集资金 {} − 累计使用 {} = {}{unit}，文中为 {}{unit}",
                    show(net.value / k, r_scale),
                    show(u / k, r_scale),
                    show((net.value - u) / k, r_scale),
                    show(r / k, r_scale)
                ),
                arithmetic,
            );
        }
    }
}

/// `闲置募集资金理财15,000.00万元`: raised funds parked in cash management.
static PARKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:理财|现金管理)[^，。；,;\d]{0,12}?(?:人民币)?(?P<a>[\d,]+(?:\.\d+)?)(?P<au>万元|亿元|元)").unwrap());

/// `募集资金专户期末资金余额为1,222.93万元`: what is left in the special account.
static ACCOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"专户[^，。；,;\d]{0,12}?余额为?(?:人民币)?(?P<b>[\d,]+(?:\.\d+)?)(?P<bu>万元|亿元|元)").unwrap());

/// What is parked in cash management and what is left in the special account, stated in
/// one paragraph, make up the funds not yet used that the raised-funds table states (its
/// `尚未使用募集资金总额` in the 合计 row).
pub(super) fn unused_parts(context: &mut Context) {
    let mut unused: Option<(Decimal, Decimal, u32, dudao_reader::Location)> = None;
    for block in &context.doc.blocks {
        let dudao_reader::Block::Table(table) = block else { continue };
        let Some(column) = table.header.iter().position(|h| dudao_reader::compact(h).contains("尚未使用募集资金总额")) else {
            continue;
        };
        let Some(r) = table.rows.iter().rposition(|row| row.role() == dudao_reader::Role::Total && !row.uncertain) else { continue };
        if let Some(n) = table.rows[r].cells[column].value.number() {
            let factor = table.unit_of(r, column).map_or(Decimal::ONE, |u| u.factor());
            unused = Some((n.value * factor, n.half_unit() * factor, n.scale, table.rows[r].cells[column].at));
            break;
        }
    }
    let Some((total, total_tolerance, total_scale, total_at)) = unused else { return };
    let doc = &context.prose;
    for (start, paragraph) in doc.paragraphs() {
        let (Some(parked), Some(account)) = (PARKED.captures(paragraph), ACCOUNT.captures(paragraph)) else { continue };
        let (Some((a, ta, a_scale)), Some((b, tb, _))) = (amount(&parked, "a", "au"), amount(&account, "b", "bu")) else { continue };
        context.out.count("verify.unused-funds");
        if let Some(severity) = judge(total, a + b, ta + tb, total_tolerance) {
            let unit = &account["bu"];
            let k = factor(unit);
            let scale = a_scale.max(total_scale);
            let whole = account.get(0).expect("matched");
            let terms = vec![show(a / k, scale), show(b / k, scale)];
            let message = format!(
                "尚未使用的募集资金：理财 {} + 专户余额 {} = {}{unit}，募集资金使用情况表为 {}{unit}（{total_at}）",
                terms[0],
                terms[1],
                show((a + b) / k, scale),
                show(total / k, scale)
            );
            let arithmetic =
                Arithmetic { terms, computed: show((a + b) / k, scale), stated: show(total / k, scale), tolerance: (ta + tb + total_tolerance) / k };
            context.out.report_prose(doc, "verify.unused-funds", severity, (start + whole.start(), start + whole.end()), message, arithmetic);
        }
    }
}

/// `持有公司6,709,835股、2,200,000股、1,100,000股……持股比例分别为14.04%、4.60%、2.30%`.
static HOLDINGS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<shares>[\d,]+股(?:、[\d,]+股)+)[^。]{0,40}?分别为(?P<percents>\d+(?:\.\d+)?%(?:、\d+(?:\.\d+)?%)+)").unwrap());

/// `20,000股，占公司总股本比例0.04%`.
static SHARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?P<n>[\d,]+)股[，,]?占(?:公司)?总股本(?:的)?(?:比例)?(?:为)?(?P<p>\d+(?:\.\d+)?)%").unwrap());

/// A holding and the percentage stated for it, with the range of total shares they imply.
struct Implied {
    shares: Decimal,
    percent: Decimal,
    scale: u32,
    low: Decimal,
    high: Decimal,
    span: (usize, usize),
}

/// Holdings against the total shares that the document's other percentages imply: a
/// percentage whose implied total is incompatible with all the others' is wrong.
pub(super) fn share_of_total(doc: &Stream, _: &mut Facts, out: &mut Out) {
    let mut pairs = Vec::new();
    let mut add = |shares: &str, percent: &str, span: (usize, usize)| {
        let (Some((n, _)), Some((p, scale))) = (parse_number(shares), parse_number(percent)) else { return };
        let t = half_unit(scale);
        // A holding of nothing implies no total.
        if p <= t || n <= Decimal::ZERO {
            return;
        }
        let hundred = Decimal::ONE_HUNDRED;
        pairs.push(Implied { shares: n, percent: p, scale, low: n * hundred / (p + t), high: n * hundred / (p - t), span });
    };
    for claim in HOLDINGS.captures_iter(&doc.text) {
        let whole = claim.get(0).unwrap();
        let shares: Vec<&str> = claim["shares"].split('、').map(|s| s.trim_end_matches('股')).collect();
        let percents: Vec<&str> = claim["percents"].split('、').map(|s| s.trim_end_matches('%')).collect();
        if shares.len() == percents.len() {
            for (s, p) in shares.iter().zip(&percents) {
                add(s, p, (whole.start(), whole.end()));
            }
        }
    }
    for claim in SHARE.captures_iter(&doc.text) {
        let whole = claim.get(0).unwrap();
        add(&claim["n"], &claim["p"], (whole.start(), whole.end()));
    }
    if pairs.len() < 3 {
        return;
    }
    for _ in &pairs {
        out.count("verify.share-of-total");
    }
    // The bounds all the other pairs set, for each pair: from running maxima and minima
    // before and after it, so the whole check stays linear.
    let n = pairs.len();
    let (mut low_before, mut high_before) = (vec![Decimal::ZERO; n + 1], vec![Decimal::MAX; n + 1]);
    let (mut low_after, mut high_after) = (vec![Decimal::ZERO; n + 1], vec![Decimal::MAX; n + 1]);
    for i in 0..n {
        low_before[i + 1] = low_before[i].max(pairs[i].low);
        high_before[i + 1] = high_before[i].min(pairs[i].high);
        low_after[n - 1 - i] = low_after[n - i].max(pairs[n - 1 - i].low);
        high_after[n - 1 - i] = high_after[n - i].min(pairs[n - 1 - i].high);
    }
    for (i, pair) in pairs.iter().enumerate() {
        let low = low_before[i].max(low_after[i + 1]);
        let high = high_before[i].min(high_after[i + 1]);
        // The others agree on a total, and this one does not fit it.
        if low <= high && (pair.high < low || pair.low > high) {
            let total = (low + high) / Decimal::TWO;
            let expected = pair.shares * Decimal::ONE_HUNDRED / total;
            let arithmetic = Arithmetic {
                terms: vec![format!("{} 股", show(pair.shares, 0)), format!("总股本 {} 至 {} 股", show(low, 0), show(high, 0))],
                computed: show(expected, pair.scale),
                stated: show(pair.percent, pair.scale),
                tolerance: half_unit(pair.scale),
            };
            out.report_prose(
                doc,
                "verify.share-of-total",
                Severity::Error,
                pair.span,
                format!(
                    "按文中其他持股比例推算总股本约 {} 股（{} 至 {} 股），{} 股应占 {}%，文中为 {}%",
                    show(total, 0),
                    show(low, 0),
                    show(high, 0),
                    show(pair.shares, 0),
                    show(expected, pair.scale),
                    show(pair.percent, pair.scale)
                ),
                arithmetic,
            );
        }
    }
}

/// `以前年度已使用募集资金…元`, `2019年度实际使用募集资金…元`, `累计已使用募集资金…元`: an amount
/// for a period, with what it is an amount of.
static PERIOD_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<period>以前年度|\d{4}年度|本年度|累计)(?P<what>[^\d，。；、]{2,40}?)为?(?:人民币)?(?P<x>[\d,]+\.\d+)(?P<u>万元|亿元|元)").unwrap()
});

/// An amount of `what`, the same whatever words (已, 实际, 金额, 收到的) are around it.
fn kind_of(what: &str) -> String {
    let mut key = what.to_owned();
    for word in ["实际", "已", "收到的", "金额", "的"] {
        key = key.replace(word, "");
    }
    key
}

/// One period's amount in a passage on raised funds.
struct Part {
    period: String,
    kind: String,
    value: Decimal,
    tolerance: Decimal,
    scale: u32,
    printed: String,
    span: (usize, usize),
}

fn parts(passage: &str, base: usize) -> Vec<Part> {
    PERIOD_AMOUNT
        .captures_iter(passage)
        .filter_map(|c| {
            let (value, tolerance, scale) = amount(&c, "x", "u")?;
            let whole = c.get(0)?;
            Some(Part {
                period: c["period"].to_owned(),
                kind: kind_of(&c["what"]),
                value,
                tolerance,
                scale,
                printed: format!("{}{}", &c["x"], &c["u"]),
                span: (base + whole.start(), base + whole.end()),
            })
        })
        .collect()
}

/// A raised-funds passage, paragraph by paragraph: what earlier years and this year used
/// (or earned) adds up to the cumulative figure; and the balance is the net proceeds less
/// the cumulative use, plus cumulative interest and investment income.
pub(super) fn funds_passage(doc: &Stream, facts: &mut Facts, out: &mut Out) {
    for (base, paragraph) in doc.paragraphs() {
        let found = parts(paragraph, base);
        for total in found.iter().filter(|p| p.period == "累计") {
            let earlier: Vec<&Part> = found.iter().filter(|p| p.period == "以前年度" && p.kind == total.kind && p.span.0 < total.span.0).collect();
            let this_year: Vec<&Part> =
                found.iter().filter(|p| p.period.ends_with("年度") && p.period != "以前年度" && p.kind == total.kind && p.span.0 < total.span.0).collect();
            let ([a], [b]) = (earlier.as_slice(), this_year.as_slice()) else { continue };
            out.count("verify.funds-passage");
            let expected = a.value + b.value;
            if let Some(severity) = judge(expected, total.value, total.tolerance, a.tolerance + b.tolerance) {
                let arithmetic = Arithmetic {
                    terms: vec![a.printed.clone(), b.printed.clone()],
                    computed: show(expected, total.scale),
                    stated: show(total.value, total.scale),
                    tolerance: total.tolerance + a.tolerance + b.tolerance,
                };
                out.report_prose(
                    doc,
                    "verify.funds-passage",
                    severity,
                    total.span,
                    format!(
                        "累计{}：以前年度 {} + {} {} = {}，文中为 {}",
                        total.kind,
                        a.printed,
                        b.period,
                        b.printed,
                        show(expected, total.scale),
                        total.printed
                    ),
                    arithmetic,
                );
            }
        }
        // A passage without its balance, or without income, has no balance claim.
        let _ = funds_balance(doc, out, base, paragraph, &found, facts);
    }
}

/// `募集资金余额为人民币247,034,167.28元` after the cumulative use, interest and income.
fn funds_balance(doc: &Stream, out: &mut Out, base: usize, paragraph: &str, found: &[Part], facts: &Facts) -> Option<()> {
    static BALANCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"募集资金余额为(?:人民币)?(?P<r>[\d,]+\.\d+)(?P<ru>万元|亿元|元)").unwrap());
    let net = facts.net_proceeds?;
    let claim = BALANCE.captures(paragraph)?;
    let (r, tr, r_scale) = amount(&claim, "r", "ru")?;
    let cumulative = |kind: &str| found.iter().find(|p| p.period == "累计" && p.kind.contains(kind));
    let used = cumulative("使用募集资金")?;
    let income: Vec<&Part> = found.iter().filter(|p| p.period == "累计" && (p.kind.contains("利息") || p.kind.contains("收益"))).collect();
    if income.is_empty() {
        return None;
    }
    out.count("verify.funds-passage");
    let expected = net.value - used.value + checked_sum(income.iter().map(|p| p.value))?;
    let allowance = net.tolerance + used.tolerance + income.iter().map(|p| p.tolerance).sum::<Decimal>();
    let severity = judge(expected, r, tr, allowance)?;
    let unit = &claim["ru"];
    let k = factor(unit);
    let mut terms = vec![format!("募集资金净额 {}（{}）", show(net.value / k, r_scale), net.at), format!("− 累计使用 {}", used.printed)];
    terms.extend(income.iter().map(|p| format!("+ 累计{} {}", p.kind, p.printed)));
    let whole = claim.get(0)?;
    let message = format!("募集资金余额：{} = {}{unit}，文中为 {}{unit}", terms.join(" "), show(expected / k, r_scale), show(r / k, r_scale));
    let arithmetic = Arithmetic { terms, computed: show(expected / k, r_scale), stated: show(r / k, r_scale), tolerance: (tr + allowance) / k };
    out.report_prose(doc, "verify.funds-passage", severity, (base + whole.start(), base + whole.end()), message, arithmetic);
    Some(())
}
