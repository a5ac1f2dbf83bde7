//! Trading by directors, supervisors, executives and major shareholders: window periods,
//! short-swing trades, and the yearly 25% cap.

use std::collections::{BTreeMap, HashMap};

use dudao_model::{Date, DisclosureKind, Fact, Finding, InsiderHolding, Origin, Role, format_grouped};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Context, finding, role_names};
use crate::params::{Exact, count};
use crate::rulebook::Rule;

/// `insider.window`: the calendar days before each kind of report in which insiders may
/// not trade, and who they are.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Window {
    #[serde(deserialize_with = "count")]
    periodic_days: u16,
    #[serde(deserialize_with = "count")]
    quarterly_days: u16,
    roles: Vec<Role>,
    /// Whether an annual or half-year report published later than first booked opens the
    /// window from the booked date (SSE 指引第8号, 2025).
    #[serde(default)]
    from_scheduled: bool,
}

/// `insider.short-swing`: the months within which a buy and a sell are a short swing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ShortSwing {
    #[serde(deserialize_with = "count")]
    months: u16,
    roles: Vec<Role>,
}

/// `insider.yearly-cap`: the share of the year-start holding an insider may sell, and the
/// holding small enough to be sold whole.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct YearlyCap {
    percent: Exact,
    exemption_shares: u32,
    roles: Vec<Role>,
}

/// A purchase or a sale.
struct Trade<'a> {
    date: Date,
    holder: &'a str,
    shares: Decimal,
    buy: bool,
    origin: &'a Origin,
}

impl Trade<'_> {
    fn side(&self) -> &'static str {
        if self.buy { "买入" } else { "卖出" }
    }
}

fn trades<'a>(cx: &'a Context) -> Vec<Trade<'a>> {
    let events = &cx.case.events;
    let sales = events.share_sales.iter().map(|s| Trade { date: s.date, holder: &s.holder, shares: s.shares.count(), buy: false, origin: s.origin() });
    let purchases = events.share_purchases.iter().map(|p| Trade { date: p.date, holder: &p.holder, shares: p.shares.count(), buy: true, origin: p.origin() });
    let mut all: Vec<Trade> = sales.chain(purchases).collect();
    all.sort_by_key(|t| t.date);
    all
}

pub(super) fn window(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for trade in trades(cx) {
        let params: &Window = rule.version_on(trade.date).params.get();
        let roles = cx.roles_in(trade.holder, &params.roles);
        if roles.is_empty() {
            continue;
        }
        for report in &cx.case.events.announcements {
            let (days, name) = match report.kind {
                DisclosureKind::AnnualReport => (params.periodic_days, "年度报告"),
                DisclosureKind::SemiannualReport => (params.periodic_days, "半年度报告"),
                DisclosureKind::QuarterlyReport => (params.quarterly_days, "季度报告"),
                DisclosureKind::ResultsForecast => (params.quarterly_days, "业绩预告"),
                DisclosureKind::PreliminaryResults => (params.quarterly_days, "业绩快报"),
                DisclosureKind::Other => continue,
            };
            // The window is the `days` calendar days before the announcement date; for a
            // postponed annual or half-year report, from `days` before the booked date.
            let periodic = matches!(report.kind, DisclosureKind::AnnualReport | DisclosureKind::SemiannualReport);
            let counted_from = match report.scheduled {
                Some(scheduled) if params.from_scheduled && periodic && scheduled < report.date => scheduled,
                _ => report.date,
            };
            let Some(opens) = counted_from.plus_days(-i32::from(days)) else { continue };
            if !(opens <= trade.date && trade.date < report.date) {
                continue;
            }
            let values = [
                ("holder", trade.holder.to_owned()),
                ("role", role_names(&roles)),
                ("date", trade.date.to_string()),
                ("side", trade.side().to_owned()),
                ("shares", format_grouped(trade.shares, 0)),
                ("report", name.to_owned()),
                ("report_date", report.date.to_string()),
                ("days", days.to_string()),
            ];
            out.push(finding(cx, rule, rule.severity, trade.date, &values, vec![trade.origin.clone(), report.origin().clone()]));
        }
    }
    out
}

/// Each trade that reverses, within the months, an earlier trade of the other side by the
/// same holder: one finding per reversing trade, naming the latest such earlier trade (if
/// any earlier one is within the months, the latest is).
pub(super) fn short_swing(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut by_holder: BTreeMap<&str, Vec<Trade>> = BTreeMap::new();
    for trade in trades(cx) {
        by_holder.entry(cx.index.canonical(trade.holder)).or_default().push(trade);
    }
    let mut out = Vec::new();
    for trades in by_holder.values() {
        // The latest purchase and the latest sale so far, in date order.
        let mut latest: [Option<&Trade>; 2] = [None, None];
        for second in trades {
            let opposite = latest[usize::from(!second.buy)];
            latest[usize::from(second.buy)] = Some(second);
            let Some(first) = opposite else { continue };
            let params: &ShortSwing = rule.version_on(second.date).params.get();
            let months = i32::from(params.months);
            let roles = cx.roles_in(first.holder, &params.roles);
            if roles.is_empty() || first.date.plus_months(months).is_none_or(|limit| second.date >= limit) {
                continue;
            }
            let values = [
                ("holder", first.holder.to_owned()),
                ("role", role_names(&roles)),
                ("first_date", first.date.to_string()),
                ("first_side", first.side().to_owned()),
                ("first_shares", format_grouped(first.shares, 0)),
                ("second_date", second.date.to_string()),
                ("second_side", second.side().to_owned()),
                ("second_shares", format_grouped(second.shares, 0)),
                ("months", months.to_string()),
            ];
            out.push(finding(cx, rule, rule.severity, second.date, &values, vec![first.origin.clone(), second.origin.clone()]));
        }
    }
    out
}

pub(super) fn yearly_cap(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let all = trades(cx);
    let mut sellers: BTreeMap<(&str, i16), Vec<&Trade>> = BTreeMap::new();
    for sale in all.iter().filter(|t| !t.buy) {
        sellers.entry((sale.holder, sale.date.year())).or_default().push(sale);
    }
    let insiders: HashMap<(&str, i16), &Fact<InsiderHolding>> = cx.case.shareholders.insiders.iter().map(|h| ((h.name.as_str(), h.year), h)).rev().collect();
    let mut out = Vec::new();
    for ((holder, year), sales) in sellers {
        let last = sales[sales.len() - 1];
        let params: &YearlyCap = rule.version_on(last.date).params.get();
        let roles = cx.roles_in(holder, &params.roles);
        if roles.is_empty() {
            continue;
        }
        // The base is the holding at the end of the previous year.
        let Some(holding) = insiders.get(&(holder, year)) else { continue };
        let held = holding.opening_shares.count();
        if held <= Decimal::from(params.exemption_shares) {
            continue;
        }
        let percent = params.percent.0;
        let cap = (held * percent / Decimal::ONE_HUNDRED).floor();
        let sold: Decimal = sales.iter().map(|t| t.shares).sum();
        if sold <= cap {
            continue;
        }
        let values = [
            ("holder", holder.to_owned()),
            ("role", role_names(&roles)),
            ("year", year.to_string()),
            ("sold", format_grouped(sold, 0)),
            ("held", format_grouped(held, 0)),
            ("percent", percent.normalize().to_string()),
            ("cap", format_grouped(cap, 0)),
        ];
        let mut evidence: Vec<Origin> = sales.iter().map(|t| t.origin.clone()).collect();
        evidence.push(holding.origin().clone());
        out.push(finding(cx, rule, rule.severity, last.date, &values, evidence));
    }
    out
}
