//! Figures a disclosure states alongside the facts they derive from (holding percentages,
//! the amount and percentage of a sale), and trades that cannot be as recorded (on a
//! closed day, larger than the holding, far from the day's close).

use dudao_model::{Date, Finding, Origin, Percent, Severity, format_grouped, format_plain};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::index::{Cut, Subset};
use super::{Comparison, Context, compare, finding};
use crate::params::Exact;
use crate::rulebook::Rule;

/// Compares a stated percentage with shares ÷ total shares on `date`; where the case
/// does not know that total, says so as a note.
fn percent_of_total(cx: &Context, rule: &Rule, (holder, date, shares): (&str, Date, Decimal), stated: &Percent, origin: &Origin) -> Option<Finding> {
    let Some((computed, total)) = cx.case.share_of_total(shares, date) else {
        return Some(Finding {
            rule: rule.id.clone(),
            kind: rule.kind,
            severity: Severity::Info,
            message: format!("{holder} {date}：案卷未记录当日总股本，无法核对案卷陈述的 {stated}"),
            citation: Some(rule.citation(date, cx.case.company.company.board)),
            date: Some(date),
            evidence: vec![origin.clone()],
            about: None,
            computation: None,
        });
    };
    let scale = stated.scale();
    let print = move |value: Decimal| format!("{}%", format_plain(value, scale));
    let comparison = Comparison { stated: stated.value(), stated_tolerance: stated.tolerance(), computed, computed_tolerance: Decimal::ZERO, print: &print };
    let values = [("holder", holder.to_owned()), ("date", date.to_string()), ("total", total.shares.display())];
    compare(cx, rule, date, comparison, &values, vec![origin.clone(), total.origin().clone()])
}

pub(super) fn holdings_percent(cx: &Context, rule: &Rule) -> Vec<Finding> {
    cx.case
        .shareholders
        .holdings
        .iter()
        .filter_map(|h| {
            let stated = h.stated_percent.as_ref()?;
            percent_of_total(cx, rule, (&h.holder, h.date, h.shares.count()), stated, h.origin())
        })
        .collect()
}

pub(super) fn sale_percent(cx: &Context, rule: &Rule) -> Vec<Finding> {
    cx.case
        .events
        .share_sales
        .iter()
        .filter_map(|s| {
            let stated = s.stated_percent.as_ref()?;
            percent_of_total(cx, rule, (&s.holder, s.date, s.shares.count()), stated, s.origin())
        })
        .collect()
}

/// Sales on the exchange, purchases and recorded closes dated on a day the exchange was
/// closed. A negotiated transfer is not matched on the exchange and may be dated any day.
pub(super) fn trade_on_trading_day(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let events = &cx.case.events;
    let sales = events
        .share_sales
        .iter()
        .filter(|s| s.method != dudao_model::SaleMethod::NegotiatedTransfer)
        .map(|s| (s.date, format!("{} 于 {} 减持 {} 股", s.holder, s.date, s.shares.display()), s.origin()));
    let purchases = events.share_purchases.iter().map(|p| (p.date, format!("{} 于 {} 买入 {} 股", p.holder, p.date, p.shares.display()), p.origin()));
    let closes =
        cx.case.market.closes.iter().map(|(date, close)| (*date, format!("market.toml 记录了 {date} 的收盘价 {} 元", close.display()), close.origin()));
    sales
        .chain(purchases)
        .chain(closes)
        .filter(|(date, _, _)| cx.calendar.is(*date, dudao_calendar::DayKind::Trading) == Ok(false))
        .map(|(date, what, origin)| finding(cx, rule, rule.severity, date, &[("what", what)], vec![origin.clone()]))
        .collect()
}

pub(super) fn sale_amount(cx: &Context, rule: &Rule) -> Vec<Finding> {
    cx.case
        .events
        .share_sales
        .iter()
        .filter_map(|sale| {
            let stated = sale.stated_amount.as_ref()?;
            let print = |value: Decimal| {
                format!(
                    "{}元",
                    dudao_model::Amount::computed(value, stated.unit(), stated.scale())
                        .display_in(dudao_model::Unit::One, stated.scale_in(dudao_model::Unit::One))
                )
            };
            let comparison = Comparison {
                stated: stated.yuan(),
                stated_tolerance: stated.tolerance(),
                computed: sale.shares.count() * sale.average_price.yuan(),
                computed_tolerance: Decimal::ZERO,
                print: &print,
            };
            let values = [("holder", sale.holder.clone()), ("date", sale.date.to_string())];
            compare(cx, rule, sale.date, comparison, &values, vec![sale.origin().clone()])
        })
        .collect()
}

/// `sale.price-off-market`: how many times the day's close a sale's price may be, either way.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PriceOffMarket {
    factor: Exact,
}

/// A sale larger than the seller's holding recorded before it, less their sales since.
pub(super) fn sale_exceeds_holding(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for sale in &cx.case.events.share_sales {
        let Some(base) = cx.index.holding_before(&sale.holder, sale.date) else { continue };
        let sold = cx.index.sold(&sale.holder, Cut::EndOf(base.date), Cut::Before(sale.date, &sale.id), Subset::All);
        let held = base.shares.count() - sold;
        if sale.shares.count() <= held {
            continue;
        }
        let values = [
            ("holder", sale.holder.clone()),
            ("date", sale.date.to_string()),
            ("shares", sale.shares.display()),
            ("held", format_grouped(held, 0)),
            ("as_of", base.date.to_string()),
            ("base", base.shares.display()),
            ("sold", format_grouped(sold, 0)),
        ];
        out.push(finding(cx, rule, rule.severity, sale.date, &values, vec![sale.origin().clone(), base.origin().clone()]));
    }
    out
}

/// A sale whose price is far from the day's recorded close, either way.
pub(super) fn sale_price_off_market(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for sale in &cx.case.events.share_sales {
        let Some(close) = cx.case.market.closes.get(&sale.date) else { continue };
        let factor = rule.version_on(sale.date).params.get::<PriceOffMarket>().factor.0;
        let ratio = sale.average_price.yuan() / close.yuan();
        if ratio < factor && ratio * factor > Decimal::ONE {
            continue;
        }
        let values = [
            ("holder", sale.holder.clone()),
            ("date", sale.date.to_string()),
            ("price", sale.average_price.display()),
            ("close", close.display()),
            ("ratio", format_plain(ratio, 2)),
            ("factor", factor.normalize().to_string()),
        ];
        out.push(finding(cx, rule, rule.severity, sale.date, &values, vec![sale.origin().clone(), close.origin().clone()]));
    }
    out
}
