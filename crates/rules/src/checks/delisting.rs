//! Financial delisting-risk criteria by board, judged for each fiscal year with the version
//! in force at the year's end, and the early warning on how long net assets can absorb
//! losses.

use dudao_model::{AuditOpinion, Board, Date, Fact, Finding, FiscalYear, Period, Severity, Unit, format_grouped, format_plain};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Context, finding};
use crate::params::Exact;
use crate::rulebook::Rule;

/// The financial delisting test of a board: the revenue threshold, the profit measures
/// whose lowest must be negative, and the audit opinions that fail on their own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Financial {
    revenue_threshold: Exact,
    profit_measures: Vec<ProfitMeasure>,
    opinions: Vec<AuditOpinion>,
    /// STAR only: the full fiscal years after listing in which a research-based company
    /// (listed under standard five) is not yet judged by the test.
    #[serde(default)]
    research_grace_years: u8,
}

/// A profit line of the financial delisting test.
#[allow(clippy::enum_variant_names, reason = "the variants spell the rulebook's ids: total_profit, net_profit, deducted_net_profit")]
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ProfitMeasure {
    TotalProfit,
    NetProfit,
    DeductedNetProfit,
}

/// `delisting.net-assets-cover`: the years of the year's loss net assets should cover.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NetAssetsCover {
    min_years_of_cover: Exact,
}

pub(super) fn star(cx: &Context, rule: &Rule) -> Vec<Finding> {
    financial(cx, rule, &[Board::Star])
}

pub(super) fn main_board(cx: &Context, rule: &Rule) -> Vec<Finding> {
    financial(cx, rule, &[Board::SseMain, Board::SzseMain])
}

pub(super) fn chinext(cx: &Context, rule: &Rule) -> Vec<Finding> {
    financial(cx, rule, &[Board::Chinext])
}

fn wan(yuan: Decimal) -> String {
    format!("{} 万元", format_grouped(yuan / Unit::Wan.factor(), 2))
}

/// The fiscal years the sponsor supervises that have ended by the check date (every
/// recorded year where the listing date is not known).
fn supervised_years<'a>(cx: &'a Context) -> impl Iterator<Item = (i16, &'a Fact<FiscalYear>)> {
    let first = cx.listing_date().map_or(i16::MIN, |d| d.year());
    cx.case
        .financials
        .iter()
        .filter_map(|(period, fy)| match period {
            Period::Year(year) => Some((*year, fy)),
            Period::FirstHalf(_) => None,
        })
        .filter(move |(year, _)| *year >= first && Date::year_end(*year) <= cx.on)
}

fn financial(cx: &Context, rule: &Rule, boards: &[Board]) -> Vec<Finding> {
    if !boards.contains(&cx.case.company.company.board) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (year, fy) in supervised_years(cx) {
        let date = Date::year_end(year);
        let version = rule.version_on(date);
        let params: &Financial = version.params.get();
        if let Some(applies_from) = research_grace_ends(cx, params)
            && year < applies_from
        {
            let values = [
                ("year", year.to_string()),
                ("verdict", "不适用财务类退市风险警示指标".to_owned()),
                ("article", version.article.clone()),
                (
                    "criterion",
                    format!(
                        "公司按第 2.1.2 条第五项标准上市（研发型上市公司），自上市之日起第 {} 个完整会计年度（{applies_from} 年度）起适用",
                        params.research_grace_years + 1
                    ),
                ),
            ];
            out.push(finding(cx, rule, Severity::Info, date, &values, vec![fy.origin().clone()]));
            continue;
        }
        let threshold = params.revenue_threshold.0;

        let mut measures = Vec::new();
        let mut unknown = Vec::new();
        for measure in &params.profit_measures {
            let (name, value) = match measure {
                ProfitMeasure::NetProfit => ("净利润", fy.net_profit.as_ref().map(|a| a.yuan())),
                ProfitMeasure::DeductedNetProfit => ("扣除非经常性损益后的净利润", fy.deducted_net_profit.as_ref().map(|a| a.yuan())),
                ProfitMeasure::TotalProfit => ("利润总额", fy.total_profit.as_ref().map(|a| a.yuan())),
            };
            match value {
                Some(v) => measures.push((name, v)),
                None => unknown.push(name),
            }
        }
        let lowest = measures.iter().copied().min_by_key(|(_, v)| *v);
        let (Some((lowest_name, lowest)), Some(revenue_fact), Some(net_assets)) = (lowest, &fy.revenue_after_deductions, &fy.net_assets) else {
            out.push(undecidable(cx, rule, year, fy));
            continue;
        };
        let (revenue, net_assets_yuan) = (revenue_fact.yuan(), net_assets.yuan());
        let profit_test = lowest < Decimal::ZERO && revenue < threshold;
        let assets_test = net_assets_yuan < Decimal::ZERO;
        let opinion = fy.audit_opinion.as_ref().map(|o| **o);
        let opinion_test = opinion.is_some_and(|o| params.opinions.contains(&o));

        let mut parts = vec![
            format!(
                "{}中较低者（{lowest_name}）为 {}，{}；扣除后营业收入 {}，{}",
                measures.iter().map(|(n, _)| *n).collect::<Vec<_>>().join("、"),
                wan(lowest),
                if lowest < Decimal::ZERO { "为负" } else { "不为负" },
                wan(revenue),
                if revenue < threshold { format!("低于 {}", wan(threshold)) } else { format!("不低于 {}", wan(threshold)) }
            ),
            format!("期末归属于上市公司股东的净资产 {}，{}", wan(net_assets_yuan), if assets_test { "为负" } else { "为正" }),
            match opinion {
                Some(o) => format!("审计意见为{}", o.chinese()),
                None => "审计意见未记录".to_owned(),
            },
        ];
        if !unknown.is_empty() {
            parts.push(format!("案卷未记录{}，未参与比较", unknown.join("、")));
        }
        let met = profit_test || assets_test || opinion_test;
        let verdict = if met { "触及财务类退市风险警示情形" } else { "未触及财务类退市风险警示情形" };
        let values = [("year", year.to_string()), ("verdict", verdict.to_owned()), ("article", version.article.clone()), ("criterion", parts.join("；"))];
        let severity = if met { rule.severity } else { Severity::Info };
        let mut evidence = vec![revenue_fact.origin().clone(), net_assets.origin().clone()];
        evidence.extend(fy.audit_opinion.as_ref().map(|o| o.origin().clone()));
        out.push(finding(cx, rule, severity, date, &values, evidence));
    }
    out
}

/// For a research-based STAR company, the first fiscal year the test applies to: the
/// listing year is not a full year unless the company listed on 1 January.
fn research_grace_ends(cx: &Context, params: &Financial) -> Option<i16> {
    let company = &cx.case.company.company;
    let research = company.board == Board::Star && company.star_listing_standard.is_some_and(|s| s.is_research_based());
    if !research || params.research_grace_years == 0 {
        return None;
    }
    let listing = cx.listing_date()?;
    let first_full = if listing == Date::ymd(listing.year(), 1, 1) { listing.year() } else { listing.year() + 1 };
    Some(first_full + i16::from(params.research_grace_years))
}

/// A note that the year cannot be judged, naming the figures the case lacks.
fn undecidable(cx: &Context, rule: &Rule, year: i16, fy: &Fact<FiscalYear>) -> Finding {
    let needed = [
        ("revenue_after_deductions", "扣除后营业收入", fy.revenue_after_deductions.is_none()),
        ("net_profit", "归属于上市公司股东的净利润", fy.net_profit.is_none()),
        ("deducted_net_profit", "扣除非经常性损益后的净利润", fy.deducted_net_profit.is_none()),
        ("net_assets", "期末归属于上市公司股东的净资产", fy.net_assets.is_none()),
    ];
    let missing: Vec<String> = needed.iter().filter(|(_, _, absent)| *absent).map(|(key, name, _)| format!("{name}（{key}）")).collect();
    let values = [
        ("year", year.to_string()),
        ("verdict", "无法判断是否触及财务类退市风险警示情形".to_owned()),
        ("article", rule.version_on(Date::year_end(year)).article.clone()),
        ("criterion", format!("financials.toml [{year}] 未记录{}", missing.join("、"))),
    ];
    finding(cx, rule, Severity::Info, Date::year_end(year), &values, vec![fy.origin().clone()])
}

pub(super) fn net_assets_cover(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for (year, fy) in supervised_years(cx) {
        let date = Date::year_end(year);
        let (Some(loss_fact), Some(net_assets_fact)) = (&fy.net_profit, &fy.net_assets) else { continue };
        let (loss, net_assets) = (loss_fact.yuan(), net_assets_fact.yuan());
        if loss >= Decimal::ZERO || net_assets <= Decimal::ZERO {
            continue;
        }
        let years = net_assets / loss.abs();
        if years >= rule.version_on(date).params.get::<NetAssetsCover>().min_years_of_cover.0 {
            continue;
        }
        let values = [
            ("year", year.to_string()),
            ("loss", format_grouped(loss.abs() / Unit::Wan.factor(), 2)),
            ("net_assets", format_grouped(net_assets / Unit::Wan.factor(), 2)),
            ("years", format_plain(years, 2)),
        ];
        out.push(finding(cx, rule, rule.severity, date, &values, vec![loss_fact.origin().clone(), net_assets_fact.origin().clone()]));
    }
    out
}
