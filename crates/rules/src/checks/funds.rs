//! Raised funds: the offering's arithmetic, the yearly ledger against the special
//! accounts, and the term of cash-management products.

use dudao_model::{Amount, Date, Fact, Finding, LedgerYear, Unit};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Comparison, Context, compare, finding};
use crate::params::count;
use crate::rulebook::Rule;

/// Prints a value in the unit and precision `stated` was written with: `68,727.84万元`.
fn like(stated: &Amount) -> impl Fn(Decimal) -> String + '_ {
    let unit = match stated.unit() {
        Unit::One => "元",
        Unit::Wan => "万元",
        Unit::Yi => "亿元",
    };
    move |value| format!("{}{unit}", Amount::computed(value, stated.unit(), stated.scale()).display())
}

/// The years of the ledger, with their year-end dates.
fn ledger_years<'a>(cx: &'a Context) -> impl Iterator<Item = (i16, Date, &'a Fact<LedgerYear>)> {
    cx.case.funds.iter().flat_map(|f| f.ledger.iter()).filter_map(|(year, ledger)| year.parse::<i16>().ok().map(|y| (y, Date::year_end(y), ledger)))
}

pub(super) fn gross_proceeds(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(offering) = cx.case.funds.as_ref().and_then(|f| f.offering.as_ref()) else { return Vec::new() };
    let Some(stated) = &offering.gross_proceeds else { return Vec::new() };
    let print = like(stated);
    let comparison = Comparison {
        stated: stated.yuan(),
        stated_tolerance: stated.tolerance(),
        computed: offering.gross_proceeds_computed(),
        computed_tolerance: Decimal::ZERO,
        print: &print,
    };
    undated(compare(cx, rule, cx.listing_date().unwrap_or(cx.on), comparison, &[], vec![offering.origin().clone()]))
}

/// The offering's figures belong to no fiscal year: every year's report shows them.
fn undated(finding: Option<Finding>) -> Vec<Finding> {
    finding.into_iter().map(|f| Finding { date: None, ..f }).collect()
}

pub(super) fn net_proceeds(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(offering) = cx.case.funds.as_ref().and_then(|f| f.offering.as_ref()) else { return Vec::new() };
    let Some(stated) = &offering.net_proceeds else { return Vec::new() };
    let print = like(stated);
    let comparison = Comparison {
        stated: stated.yuan(),
        stated_tolerance: stated.tolerance(),
        computed: offering.net_proceeds_computed(),
        computed_tolerance: offering.issuance_fees.tolerance(),
        print: &print,
    };
    undated(compare(cx, rule, cx.listing_date().unwrap_or(cx.on), comparison, &[], vec![offering.origin().clone()]))
}

pub(super) fn unused(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(funds) = &cx.case.funds else { return Vec::new() };
    // Without the offering the net proceeds are unknown: nothing to compare.
    let Some(offering) = &funds.offering else { return Vec::new() };
    let mut out = Vec::new();
    for (year, date, ledger) in ledger_years(cx) {
        let (Some(stated), Some(computed)) = (&ledger.unused, funds.unused(ledger)) else { continue };
        let print = like(stated);
        let comparison = Comparison {
            stated: stated.yuan(),
            stated_tolerance: stated.tolerance(),
            computed,
            computed_tolerance: offering.issuance_fees.tolerance() + ledger.cumulative_use.tolerance(),
            print: &print,
        };
        out.extend(compare(cx, rule, date, comparison, &[("year", year.to_string())], vec![stated.origin().clone()]));
    }
    out
}

/// `funds.project-cumulative`: a project's cumulative use as the case states it for a year
/// (the annual report's 截至期末累计投入金额) against the sum of its years since the funds
/// arrived, where the case has every one of them.
pub(super) fn project_cumulative(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(funds) = &cx.case.funds else { return Vec::new() };
    let mut out = Vec::new();
    for project in &funds.projects {
        for (year, entry) in &project.years {
            let (Ok(year), Some(stated)) = (year.parse::<i16>(), &entry.cumulative) else { continue };
            let Some(sum) = funds.project_cumulative(project, year).computed else { continue };
            let print = like(stated);
            let comparison = Comparison::against_sum(stated, sum, &print);
            let values = [("year", year.to_string()), ("project", project.name.clone())];
            out.extend(compare(cx, rule, Date::year_end(year), comparison, &values, vec![stated.origin().clone(), project.origin().clone()]));
        }
    }
    out
}

pub(super) fn accounts_total(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(funds) = &cx.case.funds else { return Vec::new() };
    let mut out = Vec::new();
    for (year, date, ledger) in ledger_years(cx) {
        let (Some(stated), Some(total)) = (&ledger.accounts_total, funds.accounts_total(date)) else { continue };
        let print = like(stated);
        let comparison = Comparison::against_sum(stated, total, &print);
        out.extend(compare(cx, rule, date, comparison, &[("year", year.to_string())], vec![stated.origin().clone()]));
    }
    out
}

pub(super) fn ledger_reconciles(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(funds) = &cx.case.funds else { return Vec::new() };
    let mut out = Vec::new();
    for (year, date, ledger) in ledger_years(cx) {
        let Some(total) = funds.accounts_total(date) else { continue };
        let movement = ledger.closing_by_movement();
        let print = |value: Decimal| format!("{} 万元", dudao_model::format_grouped(value / Unit::Wan.factor(), total.scale_wan));
        // The accounts are the banks' figures: they play the part of the stated value.
        let comparison = Comparison {
            stated: total.yuan,
            stated_tolerance: total.tolerance,
            computed: movement.yuan,
            computed_tolerance: movement.tolerance,
            print: &print,
        };
        out.extend(compare(cx, rule, date, comparison, &[("year", year.to_string())], vec![ledger.origin().clone()]));
    }
    out
}

pub(super) fn closing_balance(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(funds) = &cx.case.funds else { return Vec::new() };
    let mut out = Vec::new();
    for (year, date, ledger) in ledger_years(cx) {
        let Some(stated) = &ledger.closing_balance else { continue };
        let (computed, tolerance) = match funds.accounts_total(date) {
            Some(total) => (total.yuan, total.tolerance),
            None => {
                let movement = ledger.closing_by_movement();
                (movement.yuan, movement.tolerance)
            }
        };
        let print = like(stated);
        let comparison = Comparison { stated: stated.yuan(), stated_tolerance: stated.tolerance(), computed, computed_tolerance: tolerance, print: &print };
        out.extend(compare(cx, rule, date, comparison, &[("year", year.to_string())], vec![stated.origin().clone()]));
    }
    out
}

pub(super) fn closing_cash_management(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for (year, date, ledger) in ledger_years(cx) {
        let (Some(stated), Some(computed)) = (&ledger.closing_cash_management, ledger.closing_cash_management()) else {
            continue;
        };
        let inputs = [&ledger.opening_cash_management, &ledger.cash_management_purchased, &ledger.cash_management_redeemed];
        let tolerance: Decimal = inputs.iter().filter_map(|a| a.as_ref().map(|a| a.tolerance())).sum();
        let print = like(stated);
        let comparison = Comparison { stated: stated.yuan(), stated_tolerance: stated.tolerance(), computed, computed_tolerance: tolerance, print: &print };
        out.extend(compare(cx, rule, date, comparison, &[("year", year.to_string())], vec![stated.origin().clone()]));
    }
    out
}

/// `funds.cash-management-term`: the longest term of a product bought with idle funds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CashManagementTerm {
    #[serde(deserialize_with = "count")]
    months: u16,
}

pub(super) fn cash_management_term(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(funds) = &cx.case.funds else { return Vec::new() };
    let mut out = Vec::new();
    for product in &funds.cash_management {
        let months = i32::from(rule.version_on(product.start).params.get::<CashManagementTerm>().months);
        if product.start.plus_months(months).is_none_or(|limit| product.end <= limit) {
            continue;
        }
        let values = [
            ("product", product.product.clone()),
            ("amount", like(&product.amount)(product.amount.yuan())),
            ("start", product.start.to_string()),
            ("end", product.end.to_string()),
            ("months", months.to_string()),
        ];
        out.push(finding(cx, rule, rule.severity, product.start, &values, vec![product.origin().clone()]));
    }
    out
}
