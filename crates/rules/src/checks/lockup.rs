//! The STAR Market lock-ups of pre-IPO shares: controllers, core technical staff, and
//! companies not yet profitable at listing.

use dudao_model::{Board, Date, Finding, Role, ShareSale, format_grouped, format_plain};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::index::{Cut, Subset};
use super::{Context, finding, role_names};
use crate::params::{Exact, count};
use crate::rulebook::Rule;

/// `lockup.star-controller`: the months after listing controllers may not sell.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Controller {
    #[serde(deserialize_with = "count")]
    months: u16,
    roles: Vec<Role>,
}

/// `lockup.star-core-technical`: the lock, then the yearly share of pre-IPO shares for
/// how many years.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CoreTechnical {
    #[serde(deserialize_with = "count")]
    lock_months: u16,
    yearly_percent: Exact,
    #[serde(deserialize_with = "count")]
    years: u16,
}

/// `lockup.star-unprofitable`: the full years without sales, the later years with a cap,
/// and whom each binds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Unprofitable {
    full_years: u8,
    later_years: u8,
    later_percent: Exact,
    roles: Vec<Role>,
    later_roles: Vec<Role>,
}

/// Sales of pre-IPO shares by a party holding one of `roles`, with those roles, for a
/// STAR company; nothing for other boards.
fn pre_ipo_sales<'a>(cx: &'a Context, roles: &[Role]) -> Vec<(&'a ShareSale, Vec<Role>, &'a dudao_model::Origin)> {
    if cx.case.company.company.board != Board::Star {
        return Vec::new();
    }
    cx.case
        .events
        .share_sales
        .iter()
        .filter(|s| !s.bought_on_market)
        .filter_map(|s| {
            let matched = cx.roles_in(&s.holder, roles);
            (!matched.is_empty()).then(|| (&**s, matched, s.origin()))
        })
        .collect()
}

pub(super) fn controller(cx: &Context, rule: &Rule) -> Vec<Finding> {
    // Without a listing date no lock-up can be placed; the case's own check of
    // company.toml says the date is missing (`dudao check` lists it under 缺少).
    let Some(listing) = cx.listing_date() else { return Vec::new() };
    let params: &Controller = rule.version_on(listing).params.get();
    let months = i32::from(params.months);
    let Some(until) = listing.plus_months(months) else { return Vec::new() };
    let mut out = Vec::new();
    for (sale, roles, origin) in pre_ipo_sales(cx, &params.roles) {
        if sale.date >= until {
            continue;
        }
        let values = [
            ("holder", sale.holder.clone()),
            ("role", role_names(&roles)),
            ("date", sale.date.to_string()),
            ("shares", sale.shares.display()),
            ("months", months.to_string()),
            ("until", until.to_string()),
        ];
        out.push(finding(cx, rule, rule.severity, sale.date, &values, vec![origin.clone()]));
    }
    out
}

pub(super) fn core_technical(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let Some(listing) = cx.listing_date() else { return Vec::new() };
    let params: &CoreTechnical = rule.version_on(listing).params.get();
    let lock_months = i32::from(params.lock_months);
    let Some(unlock) = listing.plus_months(lock_months) else { return Vec::new() };
    let (yearly, years) = (params.yearly_percent.0, i32::from(params.years));
    let sales = pre_ipo_sales(cx, &[Role::CoreTechnicalStaff]);
    let mut out = Vec::new();
    for (sale, _, origin) in &sales {
        let detail = if sale.date < unlock {
            format!("于 {} 减持首发前股份 {} 股，早于上市后 {lock_months} 个月的限售期届满日 {unlock}", sale.date, sale.shares.display())
        } else {
            // Each year after the lock-up, at most `yearly`% of the shares held at listing;
            // unused quota carries forward, so the test is cumulative.
            let Some(held) = cx.party(&sale.holder).and_then(|p| p.pre_ipo_shares) else { continue };
            let year_index = (1..=years).find(|k| unlock.plus_months(12 * k).is_some_and(|end| sale.date < end));
            let Some(k) = year_index else { continue };
            let allowance = held.count() * yearly / Decimal::ONE_HUNDRED * Decimal::from(k);
            let sold = cx.index.sold(&sale.holder, Cut::StartOf(unlock), Cut::EndOf(sale.date), Subset::NotBoughtOnMarket);
            if sold <= allowance {
                continue;
            }
            format!(
                "限售期满后第 {k} 年内（截至 {}）累计减持 {} 股，超过上市时所持首发前股份 {} 股的 {}% × {k} 年（{} 股）",
                sale.date,
                format_grouped(sold, 0),
                held.display(),
                yearly.normalize(),
                format_grouped(allowance.floor(), 0)
            )
        };
        let values = [("holder", sale.holder.clone()), ("detail", detail)];
        out.push(finding(cx, rule, rule.severity, sale.date, &values, vec![(*origin).clone()]));
    }
    out
}

pub(super) fn unprofitable(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let company = &cx.case.company.company;
    if company.profitable_at_listing {
        return Vec::new();
    }
    let Some(listing) = cx.listing_date() else { return Vec::new() };
    let params: &Unprofitable = rule.version_on(listing).params.get();
    let (full_years, later_years) = (params.full_years as i16, params.later_years as i16);
    let last_full = listing.year() + full_years;
    let later_roles = &params.later_roles;
    let mut out = Vec::new();
    let sales = pre_ipo_sales(cx, &params.roles);
    for (sale, roles, origin) in &sales {
        let year = sale.date.year();
        if company.first_profitable_year.is_some_and(|profitable| year > profitable) {
            continue;
        }
        let detail = if year <= last_full {
            format!("上市后 {full_years} 个完整会计年度内（至 {}）不得减持", Date::year_end(last_full))
        } else if year <= last_full + later_years && roles.iter().any(|r| later_roles.contains(r)) {
            let cap = params.later_percent.0;
            let sold = cx.index.sold(&sale.holder, Cut::StartOf(Date::ymd(year, 1, 1)), Cut::EndOf(sale.date), Subset::NotBoughtOnMarket);
            let Some((percent, _)) = cx.case.share_of_total(sold, sale.date) else { continue };
            if percent <= cap {
                continue;
            }
            format!("第 {} 个会计年度内累计减持占总股本 {}%，超过每年 {}% 的上限", year - listing.year(), format_plain(percent, 4), cap.normalize())
        } else {
            continue;
        };
        let values = [
            ("holder", sale.holder.clone()),
            ("role", role_names(roles)),
            ("date", sale.date.to_string()),
            ("shares", sale.shares.display()),
            ("detail", detail),
        ];
        out.push(finding(cx, rule, rule.severity, sale.date, &values, vec![(*origin).clone()]));
    }
    out
}
