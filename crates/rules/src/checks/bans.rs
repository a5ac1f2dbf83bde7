//! The 2024 bans on controllers' sales (减持办法 第十条、第十一条): while the stock has
//! closed below the IPO price (破发) or below net assets per share (破净) on any of the last
//! 20 trading days, or after three years of too little cash dividend, the controlling
//! shareholder and actual controller, and those acting in concert with them, may not sell
//! by centralized bidding or block trade — unless the sale is under a plan disclosed in
//! advance. Where the case lacks the prices or figures a ban needs, the finding says which.

use dudao_calendar::DayKind;
use dudao_model::{Date, Fact, Finding, Origin, Period, Price, Role, SaleMethod, Severity, ShareSale, format_grouped, format_plain};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Context, finding, role_names};
use crate::params::{Exact, count};
use crate::rulebook::Rule;

/// What a ban forbids, said after why.
const BANNED: &str = "此时不得以集中竞价交易或大宗交易方式减持，且未见事先披露的减持计划";

/// `reduction.below-issue-price` and `reduction.below-net-assets`: how many trading days
/// back a close below the line bans a sale, by which methods, and whom.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PriceBan {
    #[serde(deserialize_with = "count")]
    days: u16,
    methods: Vec<SaleMethod>,
    roles: Vec<Role>,
}

/// `reduction.low-dividends`: over how many disclosed fiscal years the cash dividends must
/// reach what share of the average yearly net profit, and whom the ban binds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DividendBan {
    years: u8,
    payout_percent: Exact,
    methods: Vec<SaleMethod>,
    roles: Vec<Role>,
}

/// The sales a ban may concern, each with the ban's parameters on its day and the bound
/// roles of its seller (or of those the seller acts in concert with): on a day the ban is
/// in force, by a method it covers, not of shares bought on the market (办法第二条第二款),
/// and not under a plan disclosed before the sale (the articles' own exception).
fn bound_sales<'a, P: 'static>(
    cx: &'a Context,
    rule: &'a Rule,
    scope: impl Fn(&P) -> (&[SaleMethod], &[Role]),
) -> Vec<(&'a Fact<ShareSale>, &'a P, Vec<Role>)> {
    let mut out = Vec::new();
    for sale in &cx.case.events.share_sales {
        let Some(version) = rule.in_force_on(sale.date) else { continue };
        let params: &P = version.params.get();
        let (methods, roles) = scope(params);
        let plan = sale.plan.as_ref().and_then(|id| cx.index.plan(id));
        if !methods.contains(&sale.method) || sale.bought_on_market || plan.is_some_and(|p| p.disclosed < sale.date) {
            continue;
        }
        let bound = cx.bound_roles(&sale.holder, roles, sale.date);
        if !bound.is_empty() {
            out.push((sale, params, bound));
        }
    }
    out
}

/// The closes of the `days` trading days before `date`; `Err` lists the days the case lacks.
fn closes_before<'a>(cx: &'a Context, date: Date, days: u16) -> Result<Vec<(Date, &'a Fact<Price>)>, Vec<Date>> {
    let Ok(first) = cx.calendar.add(date, -i32::from(days), DayKind::Trading) else { return Err(Vec::new()) };
    let Some(last) = date.plus_days(-1) else { return Err(Vec::new()) };
    let Ok(trading_days) = cx.calendar.list(first, last, DayKind::Trading) else { return Err(Vec::new()) };
    let missing: Vec<Date> = trading_days.iter().copied().filter(|d| !cx.case.market.closes.contains_key(d)).collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(trading_days.into_iter().map(|d| (d, &cx.case.market.closes[&d])).collect())
}

/// A finding of a ban on `sale`: `reason` says why the sale was banned, or what the case
/// lacks to judge it.
fn sale_finding(cx: &Context, rule: &Rule, severity: Severity, sale: &Fact<ShareSale>, roles: &[Role], reason: String, evidence: Vec<Origin>) -> Finding {
    let values = [
        ("holder", sale.holder.clone()),
        ("role", role_names(roles)),
        ("date", sale.date.to_string()),
        ("method", sale.method.chinese().to_owned()),
        ("shares", sale.shares.display()),
        ("reason", reason),
    ];
    finding(cx, rule, severity, sale.date, &values, evidence)
}

/// The note for a sale a ban cannot judge: which facts to add.
fn undecidable(cx: &Context, rule: &Rule, sale: &Fact<ShareSale>, roles: &[Role], what: String) -> Finding {
    sale_finding(cx, rule, Severity::Info, sale, roles, format!("无法判断：{what}"), vec![sale.origin().clone()])
}

/// A price ban: the lowest close of the window against `line` (the issue price, or net
/// assets per share), which `line_of` gives for each sale with its description and source.
fn price_ban(cx: &Context, rule: &Rule, line_of: impl Fn(&Fact<ShareSale>) -> Result<(Decimal, String, Origin), String>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (sale, params, roles) in bound_sales(cx, rule, |p: &PriceBan| (&p.methods, &p.roles)) {
        let (line, line_text, line_origin) = match line_of(sale) {
            Ok(line) => line,
            Err(what) => {
                out.push(undecidable(cx, rule, sale, &roles, what));
                continue;
            }
        };
        let closes = match closes_before(cx, sale.date, params.days) {
            Ok(closes) => closes,
            Err(missing) => {
                let what = match (missing.first(), missing.last()) {
                    (Some(first), Some(last)) => format!("market.toml 缺少 {} 个交易日的收盘价（{first} 至 {last} 之间）", missing.len()),
                    _ => format!("{} 前的交易日超出日历范围", sale.date),
                };
                out.push(undecidable(cx, rule, sale, &roles, what));
                continue;
            }
        };
        let Some((low_date, low)) = closes.iter().min_by_key(|(d, p)| (p.yuan(), *d)) else { continue };
        if low.yuan() >= line {
            continue;
        }
        let reason = format!("此前 {} 个交易日中 {low_date} 收盘价（向后复权）{} 元低于{line_text}，{BANNED}", params.days, low.display());
        out.push(sale_finding(cx, rule, rule.severity, sale, &roles, reason, vec![sale.origin().clone(), low.origin().clone(), line_origin]));
    }
    out
}

pub(super) fn below_issue_price(cx: &Context, rule: &Rule) -> Vec<Finding> {
    price_ban(cx, rule, |_| {
        let offering = cx.case.funds.as_ref().and_then(|f| f.offering.as_ref()).ok_or("funds.toml 未记录首次公开发行的发行价格（[offering] price）")?;
        Ok((offering.price.yuan(), format!("首次公开发行价格 {} 元", offering.price.display()), offering.origin().clone()))
    })
}

pub(super) fn below_net_assets(cx: &Context, rule: &Rule) -> Vec<Finding> {
    price_ban(cx, rule, |sale| {
        let period = cx.latest_report_by(sale.date).ok_or_else(|| format!("案卷未记录 {} 前已披露的定期报告及其财务数据", sale.date))?;
        let figures = cx
            .case
            .financials
            .get(&period)
            .ok_or_else(|| format!("financials.toml 未记录最近一期（{}）的财务数据，请补充 [{period}] 的 net_assets_per_share", period.chinese()))?;
        let per_share = match &figures.net_assets_per_share {
            Some(stated) => stated.value(),
            None => {
                let lacking = || format!("financials.toml 的 [{period}] 未记录 net_assets_per_share（或 net_assets 与 {} 的总股本）", period.end());
                let net_assets = figures.net_assets.as_ref().ok_or_else(lacking)?;
                let total = cx.case.total_shares_on(period.end()).ok_or_else(lacking)?;
                net_assets.yuan() / total.shares.count()
            }
        };
        let text = format!("{}末每股归属于上市公司股东的净资产 {} 元", period.chinese(), format_plain(per_share, 2));
        Ok((per_share, text, figures.origin().clone()))
    })
}

pub(super) fn low_dividends(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for (sale, params, roles) in bound_sales(cx, rule, |p: &DividendBan| (&p.methods, &p.roles)) {
        let years: Vec<(i16, &Fact<dudao_model::FiscalYear>)> = cx
            .case
            .financials
            .iter()
            .rev()
            .filter_map(|(period, fy)| match period {
                Period::Year(year) if cx.report_out_by(*period, sale.date) => Some((*year, fy)),
                _ => None,
            })
            .take(usize::from(params.years))
            .collect();
        if years.len() < usize::from(params.years) {
            let what = format!("financials.toml 仅记录了 {} 前已披露的 {} 个会计年度，需最近 {} 个", sale.date, years.len(), params.years);
            out.push(undecidable(cx, rule, sale, &roles, what));
            continue;
        }
        let lacking: Vec<String> =
            years.iter().filter(|(_, fy)| fy.net_profit.is_none() || fy.cash_dividends.is_none()).map(|(year, _)| format!("[{year}]")).collect();
        if !lacking.is_empty() {
            let what = format!("financials.toml 的 {} 未记录 net_profit 或 cash_dividends（无分红写 \"0\"）", lacking.join("、"));
            out.push(undecidable(cx, rule, sale, &roles, what));
            continue;
        }
        // Years of loss are left out of both sums (第十条第一项 “净利润为负的会计年度不纳入计算”).
        let counted: Vec<&(i16, &Fact<dudao_model::FiscalYear>)> =
            years.iter().filter(|(_, fy)| fy.net_profit.as_ref().is_some_and(|p| p.yuan() >= Decimal::ZERO)).collect();
        if counted.is_empty() {
            continue;
        }
        let yuan = |f: &Option<Fact<dudao_model::Amount>>| f.as_ref().map_or(Decimal::ZERO, |a| a.yuan());
        let dividends: Decimal = counted.iter().map(|(_, fy)| yuan(&fy.cash_dividends)).sum();
        let profit: Decimal = counted.iter().map(|(_, fy)| yuan(&fy.net_profit)).sum();
        let average = profit / Decimal::from(counted.len());
        let required = average * params.payout_percent.0 / Decimal::ONE_HUNDRED;
        if dividends >= required {
            continue;
        }
        let names: Vec<String> = counted.iter().map(|(year, _)| year.to_string()).collect();
        let reason = format!(
            "最近 {} 个已披露年度（计入 {} 年度）累计现金分红 {} 元，低于年均归属于上市公司股东净利润 {} 元的 {}%（{} 元），{BANNED}",
            params.years,
            names.join("、"),
            format_grouped(dividends, 2),
            format_grouped(average, 2),
            params.payout_percent.0.normalize(),
            format_grouped(required, 2)
        );
        let mut evidence = vec![sale.origin().clone()];
        evidence.extend(counted.iter().map(|(_, fy)| fy.origin().clone()));
        out.push(sale_finding(cx, rule, rule.severity, sale, &roles, reason, evidence));
    }
    out
}
