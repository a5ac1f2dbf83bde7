//! Claims in sentences: a change against the figures the tables give (naming the year it
//! compares with), and a figure restated in another unit.

use std::sync::LazyLock;

use regex::{Captures, Regex};
use rust_decimal::Decimal;

use dudao_model::{MetricKind, metric_in};

use super::{Arithmetic, Facts, Introduced, Known, Out, factor, half_unit, judge, percent_change, show};
use crate::scan::parse_number;
use crate::stream::Stream;

/// `较上年同期增长了10.07%`, `较2022年度减少16.19个百分点`, `较上年同期亏损减少7,416.34万元`,
/// `同比增长8.20%`, and a bare `增长29.46%` (the comparison with the year before understood).
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<with>较(?:上年同期|去年同期|上年度|上年|去年|(?P<year>\d{4})年度?)|同比|比上年同期|比上年|比去年同期)?(?P<loss>亏损)?",
        r"(?P<dir>增长|增加|上升|提高|减少|下降|降低)了?(?P<x>-?[\d,]+(?:\.\d+)?)",
        r"(?P<unit>%|个百分点|万元|亿元|元)"
    ))
    .unwrap()
});

/// What may stand in a clause between a metric's name and a change that names no year
/// (`实现营业收入29.41亿元，同比增长8.20%`, `经营活动产生的现金流量净额增长29.46%`): the
/// figure itself and the words that introduce it, nothing that would make the change
/// another figure's (`营业收入中境外收入增长…`).
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:为|达到?|实现|共计|合计|是)?(?:-?[\d,]+(?:\.\d+)?(?:万元|亿元|元))?$").unwrap());

/// An amount in 万元 or 亿元 in prose.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?P<x>-?[\d,]+(?:\.\d+)?)(?P<unit>万元|亿元)").unwrap());

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})年").unwrap());

const CLAUSE_ENDS: &[char] = &['，', '。', '；', '：', ',', ';'];
const SENTENCE_ENDS: &[char] = &['。', '；', ';'];

/// The start of the clause that ends at the end of `head`: just after its last clause
/// mark, a comma between digits (`117,530.10`) being no mark.
fn clause_start(head: &str) -> usize {
    let bytes = head.as_bytes();
    head.char_indices()
        .rev()
        .find(|(i, c)| {
            let grouping = *c == ',' && i.checked_sub(1).is_some_and(|p| bytes[p].is_ascii_digit()) && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            CLAUSE_ENDS.contains(c) && !grouping
        })
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The clause just before byte `at`, with the byte it starts at; when `at` opens a clause
/// (`…万元，较上年同期…`), the one before that (which then ends before `at`).
fn clause_before(stream: &str, at: usize) -> (usize, &str) {
    let head = &stream[..at];
    let start = clause_start(head);
    if head[start..].trim().is_empty() && start > 0 {
        let previous = &head[..start - head[..start].chars().next_back().map_or(1, char::len_utf8)];
        let previous_start = clause_start(previous);
        return (previous_start, &previous[previous_start..]);
    }
    (start, &head[start..])
}

/// The sentence up to byte `at`.
fn sentence_before(stream: &str, at: usize) -> &str {
    let head = &stream[..at];
    let start = head.rfind(SENTENCE_ENDS).map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    &head[start..]
}

/// The paragraph up to byte `at`.
fn paragraph_before(stream: &str, at: usize) -> &str {
    let head = &stream[..at];
    &head[head.rfind('\n').map_or(0, |i| i + 1)..]
}

fn decrease(dir: &str) -> bool {
    matches!(dir, "减少" | "下降" | "降低")
}

/// Changes stated in prose, against the tables' figures for the current year and the year
/// compared with (the prior one unless a year is named).
pub(super) fn changes(doc: &Stream, facts: &mut Facts, out: &mut Out) {
    let Some(current) = facts.current_year else { return };
    for claim in CHANGE.captures_iter(&doc.text) {
        let whole = claim.get(0).unwrap();
        let (mut subject_start, mut subject) = clause_before(&doc.text, whole.start());
        // `营业收入2,768.09亿元，较上年增加158.14亿元，增长6.06%`: past a clause that is itself a
        // change, to the metric both restate.
        if metric_in(subject).is_none() && CHANGE.is_match(subject) && subject_start > 0 {
            (subject_start, subject) = clause_before(&doc.text, subject_start);
        }
        let with = claim.name("with").map_or("", |m| m.as_str());
        let implied = with.is_empty() || with == "同比";
        let named_year = claim.name("year").and_then(|y| y.as_str().parse::<i16>().ok());
        let own = |name: &std::ops::Range<usize>| {
            BETWEEN.is_match(subject[name.end..].trim()) && company_own(paragraph_before(&doc.text, whole.start()), &subject[..name.start])
        };
        let subject_of = if let Some((metric, name)) = metric_in(subject) {
            if implied && !own(&name) {
                continue;
            }
            let base_year = named_year.unwrap_or(current - 1);
            let (Some(now), Some(then)) = (facts.metrics.get(&(metric.key, current)), facts.metrics.get(&(metric.key, base_year))) else {
                continue;
            };
            Subject { name: metric.labels[0], now, then, ratio: metric.kind == MetricKind::Ratio, key: Some(metric.key), base_year }
        } else {
            // A row of the table these sentences introduce, named right before the change.
            let Some((row, name)) = introduced_in(&facts.introduced, whole.start(), subject) else { continue };
            let base_year = match (named_year, row.base_year) {
                (None, Some(year)) => year,
                (Some(named), Some(year)) if named == year => year,
                (None, None) if implied || with.contains('上') || with.contains('去') => current - 1,
                _ => continue,
            };
            if !own(&name) {
                continue;
            }
            Subject { name: &row.label, now: &row.figures.0, then: &row.figures.1, ratio: row.ratio, key: None, base_year }
        };
        let Subject { name, now, then, ratio, key, base_year } = subject_of;
        let Some((x, x_scale)) = parse_number(&claim["x"]) else { continue };
        let span = (subject_start, whole.end());
        let rule = "verify.prose-change";
        let terms = vec![format!("{}（{}）", show(now.value, now.scale), now.at), format!("{}（{}）", show(then.value, then.scale), then.at)];
        let unit = &claim["unit"];
        if unit == "个百分点" {
            if !ratio {
                continue;
            }
            let stated = if decrease(&claim["dir"]) { -x } else { x };
            let expected = now.value - then.value;
            out.count("verify.prose-change");
            if let Some(severity) = judge(expected, stated, half_unit(x_scale), now.tolerance + then.tolerance) {
                let mut message = format!(
                    "{name}较{base_year}年度：{} − {} = {}个百分点，文中为{}{}个百分点",
                    show(now.value, 2),
                    show(then.value, 2),
                    show(expected, x_scale),
                    &claim["dir"],
                    show(x, x_scale)
                );
                if let Some(key) = key {
                    message += &other_year_hint(facts, key, current, base_year, stated, x_scale, |n, t| n.checked_sub(t));
                }
                let tolerance = half_unit(x_scale) + now.tolerance + then.tolerance;
                let arithmetic = Arithmetic { terms, computed: show(expected, x_scale), stated: show(stated, x_scale), tolerance };
                out.report_prose(doc, rule, severity, span, message, arithmetic);
            }
        } else if unit == "%" {
            if ratio || then.value <= Decimal::ZERO {
                continue;
            }
            let stated = if decrease(&claim["dir"]) { -x } else { x };
            let (expected, inherited) = percent_change(now.value, now.tolerance, then.value, then.tolerance);
            out.count("verify.prose-change");
            if let Some(severity) = judge(expected, stated, half_unit(x_scale), inherited) {
                let mut message = format!(
                    "{name}较{base_year}年度：({} − {}) ÷ {} × 100 = {}%，文中为{}{}%",
                    show(now.value, 2),
                    show(then.value, 2),
                    show(then.value, 2),
                    show(expected, x_scale),
                    &claim["dir"],
                    show(x, x_scale)
                );
                if let Some(key) = key {
                    message += &other_year_hint(facts, key, current, base_year, stated, x_scale, |n, t| {
                        if t > Decimal::ZERO { n.checked_sub(t)?.checked_div(t)?.checked_mul(Decimal::ONE_HUNDRED) } else { None }
                    });
                }
                let arithmetic =
                    Arithmetic { terms, computed: show(expected, x_scale), stated: show(stated, x_scale), tolerance: half_unit(x_scale) + inherited };
                out.report_prose(doc, rule, severity, span, message, arithmetic);
            }
        } else {
            out.count("verify.prose-change");
            // The claim is checked where its figure reads as one.
            let _ = amount_change(doc, out, &claim, (now, then), (name, base_year), span);
        }
    }
}

/// What a change in a sentence is about: a key metric (its figures from the key data), or
/// a row of the table the sentence introduces.
struct Subject<'a> {
    name: &'a str,
    now: &'a Known,
    then: &'a Known,
    ratio: bool,
    /// The metric, whose other years may explain a wrong year.
    key: Option<&'static str>,
    base_year: i16,
}

/// The row of a table introduced by the paragraph at byte `at` whose label is named last
/// in `subject` (the longest where labels overlap), with its range there.
fn introduced_in<'a>(introduced: &'a [Introduced], at: usize, subject: &str) -> Option<(&'a Introduced, std::ops::Range<usize>)> {
    introduced
        .iter()
        .filter(|row| row.span.0 <= at && at < row.span.1)
        .filter_map(|row| subject.rfind(row.label.as_str()).map(|i| (row, i..i + row.label.len())))
        .max_by_key(|(_, range)| (range.end, range.len()))
}

/// `亏损减少7,416.34万元`: the change between the two years in the unit stated.
fn amount_change(
    doc: &Stream,
    out: &mut Out,
    claim: &Captures,
    (now, then): (&Known, &Known),
    (name, base_year): (&str, i16),
    span: (usize, usize),
) -> Option<()> {
    let (x, x_scale) = parse_number(&claim["x"])?;
    let factor = factor(&claim["unit"]);
    let delta = now.value - then.value;
    // A loss that shrinks is a rise of a negative figure.
    let rising = if claim.name("loss").is_some() { decrease(&claim["dir"]) } else { !decrease(&claim["dir"]) };
    let stated = if rising { x * factor } else { -x * factor };
    let severity = judge(delta, stated, half_unit(x_scale) * factor, now.tolerance + then.tolerance)?;
    let unit = &claim["unit"];
    let arithmetic = Arithmetic {
        terms: vec![show(now.value, now.scale), show(then.value, then.scale)],
        computed: show(delta / factor, x_scale),
        stated: show(stated / factor, x_scale),
        tolerance: (half_unit(x_scale) * factor + now.tolerance + then.tolerance) / factor,
    };
    out.report_prose(
        doc,
        "verify.prose-change",
        severity,
        span,
        format!(
            "{name}较{base_year}年度变动 {} − {} = {}，即{}{}{unit}，文中为{}{}{}{unit}",
            show(now.value, 2),
            show(then.value, 2),
            show(delta, 2),
            if delta >= Decimal::ZERO { "增加" } else { "减少" },
            show(delta.abs() / factor, x_scale),
            claim.name("loss").map_or("", |m| m.as_str()),
            &claim["dir"],
            show(x, x_scale)
        ),
        arithmetic,
    );
    Some(())
}

/// When a claim names a year it does not match but another year of the table would, say so.
fn other_year_hint(
    facts: &Facts,
    key: &str,
    current: i16,
    base_year: i16,
    stated: Decimal,
    scale: u32,
    change: impl Fn(Decimal, Decimal) -> Option<Decimal>,
) -> String {
    let now = facts.metrics.get(&(key, current)).map(|k| k.value);
    for year in (current - 3..current).rev().filter(|y| *y != base_year) {
        if let (Some(n), Some(t)) = (now, facts.metrics.get(&(key, year)))
            && change(n, t.value).and_then(|c| c.checked_sub(stated)).is_some_and(|d| d.abs() <= half_unit(scale))
        {
            return format!("（与{year}年度相比方为此数，疑为年度写错）");
        }
    }
    String::new()
}

/// Whether a metric named after `before` (the words before its name in its clause), in a
/// paragraph that runs to it as `paragraph`, is the company's own: not a segment's
/// (`兽用生物制药营业收入`, `个人银行业务营业收入`) nor a subsidiary's (`中邮消费金融有限公司总资产`,
/// a paragraph about a named company: `金宇保灵生物药品有限公司为公司全资子公司…营业收入105,586万元`).
fn company_own(paragraph: &str, before: &str) -> bool {
    static ANOTHER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"有限(?:责任)?公司|子公司|分公司|分行").unwrap());
    let before = before.trim();
    let about_another = ANOTHER.is_match(paragraph);
    !about_another
        && (before.is_empty()
            || !before.ends_with(|c: char| c > '\u{2E80}')
            || ["公司", "本行", "本集团", "全行", "实现", "年", "度", "期", "内"].iter().any(|w| before.ends_with(w)))
}

/// An amount in 万元 or 亿元 right after a metric's name, against the table's figure in 元.
pub(super) fn restated(doc: &Stream, facts: &mut Facts, out: &mut Out) {
    let Some(current) = facts.current_year else { return };
    for claim in AMOUNT.captures_iter(&doc.text) {
        let whole = claim.get(0).unwrap();
        let (clause_at, clause) = clause_before(&doc.text, whole.start());
        let Some((metric, name)) = metric_in(clause) else { continue };
        let sentence = sentence_before(&doc.text, whole.start());
        if !company_own(paragraph_before(&doc.text, whole.start()), &clause[..name.start])
            || !matches!(clause[name.end..].trim(), "" | "为" | "是" | "达" | "达到" | "合计")
            || (metric.kind == MetricKind::Ratio)
        {
            continue;
        }
        let year = YEAR.captures_iter(sentence).last().and_then(|y| y[1].parse::<i16>().ok()).filter(|y| facts.metrics.contains_key(&(metric.key, *y)));
        let year = year.unwrap_or(current);
        let Some(known) = facts.metrics.get(&(metric.key, year)) else { continue };
        let Some((x, x_scale)) = parse_number(&claim["x"]) else { continue };
        let factor = factor(&claim["unit"]);
        out.count("verify.restated");
        if let Some(severity) = judge(known.value, x * factor, half_unit(x_scale) * factor, known.tolerance) {
            let span = (clause_at + name.start, whole.end());
            let arithmetic = Arithmetic {
                terms: vec![format!("{} 元（{}）", show(known.value, known.scale), known.at)],
                computed: show(known.value / factor, x_scale),
                stated: show(x, x_scale),
                tolerance: half_unit(x_scale) + known.tolerance / factor,
            };
            out.report_prose(
                doc,
                "verify.restated",
                severity,
                span,
                format!(
                    "{}：表中{year}年度为 {} 元（{}），即 {}{}，文中为 {}{}",
                    metric.labels[0],
                    show(known.value, 2),
                    known.at,
                    show(known.value / factor, x_scale),
                    &claim["unit"],
                    show(x, x_scale),
                    &claim["unit"]
                ),
                arithmetic,
            );
        }
    }
}
