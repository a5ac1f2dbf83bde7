//! Share reductions: pre-disclosure of the plan, the rolling 90-day caps, the plan's
//! window, and the report of its result.

use dudao_calendar::DayKind;
use dudao_model::{Finding, Role, SaleMethod, format_grouped, format_plain};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::index::{Cut, Subset};
use super::{Context, finding, role_names};
use crate::params::{Exact, count};
use crate::rulebook::Rule;

/// `reduction.pre-disclosure`: who must pre-disclose sales by which methods, how early.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PreDisclosure {
    #[serde(deserialize_with = "count")]
    days: u16,
    day_kind: DayKind,
    methods: Vec<SaleMethod>,
    roles: Vec<Role>,
}

/// `reduction.rolling-cap`: the caps by method over a rolling window, and who they bind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RollingCap {
    #[serde(deserialize_with = "count")]
    window_days: u16,
    centralized_percent: Exact,
    block_percent: Exact,
    roles: Vec<Role>,
}

/// `reduction.plan-window`: the longest window a plan may announce.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlanWindow {
    #[serde(deserialize_with = "count")]
    months: u16,
}

/// `reduction.completion-report`: how soon the result is reported.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CompletionReport {
    #[serde(deserialize_with = "count")]
    days: u16,
    day_kind: DayKind,
}

/// `reduction.one-percent-step`: from which stake, and at which steps, a change is announced.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OnePercentStep {
    threshold_percent: Exact,
    step_percent: Exact,
}

pub(super) fn pre_disclosure(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for sale in &cx.case.events.share_sales {
        let params: &PreDisclosure = rule.version_on(sale.date).params.get();
        if !params.methods.contains(&sale.method) || sale.bought_on_market {
            continue;
        }
        let roles = cx.bound_roles(&sale.holder, &params.roles, sale.date);
        if roles.is_empty() {
            continue;
        }
        let (days, kind) = (i32::from(params.days), params.day_kind);
        let Ok(latest) = cx.calendar.add(sale.date, -days, kind) else { continue };
        let plan = sale.plan.as_ref().and_then(|id| cx.index.plan(id));
        let plan_text = match plan {
            Some(plan) if plan.disclosed <= latest => continue,
            Some(plan) => format!("计划于 {} 才披露", plan.disclosed),
            None => "未见已披露的减持计划".to_owned(),
        };
        let values = [
            ("holder", sale.holder.clone()),
            ("role", role_names(&roles)),
            ("date", sale.date.to_string()),
            ("method", sale.method.chinese().to_owned()),
            ("shares", sale.shares.display()),
            ("days", days.to_string()),
            ("day_kind", kind.chinese().to_owned()),
            ("latest", latest.to_string()),
            ("plan", plan_text),
        ];
        let mut evidence = vec![sale.origin().clone()];
        evidence.extend(plan.map(|p| p.origin().clone()));
        out.push(finding(cx, rule, rule.severity, sale.date, &values, evidence));
    }
    out
}

pub(super) fn rolling_cap(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    let sales = &cx.case.events.share_sales;
    for sale in sales {
        let params: &RollingCap = rule.version_on(sale.date).params.get();
        let cap = match sale.method {
            SaleMethod::CentralizedBidding => params.centralized_percent.0,
            SaleMethod::BlockTrade => params.block_percent.0,
            SaleMethod::NegotiatedTransfer => continue,
        };
        if cx.bound_roles(&sale.holder, &params.roles, sale.date).is_empty() || sale.bought_on_market {
            continue;
        }
        let window = i32::from(params.window_days);
        let Some(start) = sale.date.plus_days(-(window - 1)) else { continue };
        // Those acting in concert share one cap (减持办法 第二十条).
        let group = cx.in_concert(&sale.holder, sale.date);
        let sold: Decimal = group.iter().map(|member| cx.index.sold(member, Cut::StartOf(start), Cut::EndOf(sale.date), Subset::Method(sale.method))).sum();
        let Some((percent, _)) = cx.case.share_of_total(sold, sale.date) else { continue };
        if percent <= cap {
            continue;
        }
        let values = [
            ("holder", with_concert(&sale.holder, &group)),
            ("date", sale.date.to_string()),
            ("window", window.to_string()),
            ("method", sale.method.chinese().to_owned()),
            ("shares", format_grouped(sold, 0)),
            ("percent", format!("{}%", format_plain(percent, 4))),
            ("cap", cap.normalize().to_string()),
        ];
        out.push(finding(cx, rule, rule.severity, sale.date, &values, vec![sale.origin().clone()]));
    }
    out
}

pub(super) fn plan_window(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for plan in &cx.case.events.reduction_plans {
        let months = i32::from(rule.version_on(plan.disclosed).params.get::<PlanWindow>().months);
        let Some(limit) = plan.window_start.plus_months(months) else { continue };
        if plan.window_end < limit {
            continue;
        }
        let values = [
            ("holder", plan.holder.clone()),
            ("disclosed", plan.disclosed.to_string()),
            ("start", plan.window_start.to_string()),
            ("end", plan.window_end.to_string()),
            ("months", months.to_string()),
        ];
        out.push(finding(cx, rule, rule.severity, plan.disclosed, &values, vec![plan.origin().clone()]));
    }
    out
}

pub(super) fn completion_report(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for plan in &cx.case.events.reduction_plans {
        let (trigger, what) = match plan.completed {
            Some(done) => (done, "实施完毕"),
            None => (plan.window_end, "减持期间届满"),
        };
        if trigger > cx.on {
            continue;
        }
        let params: &CompletionReport = rule.version_on(trigger).params.get();
        let (days, kind) = (i32::from(params.days), params.day_kind);
        let Ok(due) = cx.calendar.add(trigger, days, kind) else { continue };
        let status = match plan.result_disclosed {
            Some(disclosed) if disclosed <= due => continue,
            Some(disclosed) => format!("实际于 {disclosed} 披露，逾期"),
            None if due < cx.on => format!("截至 {} 未见披露", cx.on),
            None => continue,
        };
        let values = [
            ("holder", plan.holder.clone()),
            ("trigger", trigger.to_string()),
            ("what", what.to_owned()),
            ("due", due.to_string()),
            ("days", days.to_string()),
            ("day_kind", kind.chinese().to_owned()),
            ("status", status),
        ];
        out.push(finding(cx, rule, rule.severity, due, &values, vec![plan.origin().clone()]));
    }
    out
}

/// `name`, or `name及其一致行动人（…）` where others act in concert with it.
fn with_concert(name: &str, group: &[&str]) -> String {
    let others: Vec<&str> = group.iter().copied().filter(|m| *m != name).collect();
    if others.is_empty() { name.to_owned() } else { format!("{name}及其一致行动人（{}）", others.join("、")) }
}

/// A holder of 5% or more whose sales take the stake across a whole percent must tell the
/// company and announce it the next day. The stake is that of the seller and those acting
/// in concert with it (收购管理办法 第十二条): for each, the direct holding recorded last
/// before the sale, less their sales since, over the total shares that day.
pub(super) fn one_percent_step(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for sale in &cx.case.events.share_sales {
        let params: &OnePercentStep = rule.version_on(sale.date).params.get();
        let (threshold, step) = (params.threshold_percent.0, params.step_percent.0);
        let group = cx.in_concert(&sale.holder, sale.date);
        let base_of = |member: &str| cx.index.holding_before(member, sale.date);
        // The seller's own holding must be known; a member without one adds nothing.
        if base_of(&sale.holder).is_none() {
            continue;
        }
        let mut before_shares = Decimal::ZERO;
        let mut bases = Vec::new();
        for member in &group {
            let Some(member_base) = base_of(member) else { continue };
            let sold_since = cx.index.sold(member, Cut::EndOf(member_base.date), Cut::Before(sale.date, &sale.id), Subset::All);
            before_shares += member_base.shares.count() - sold_since;
            bases.push(member_base.origin().clone());
        }
        let (Some((before, _)), Some((after, _))) =
            (cx.case.share_of_total(before_shares, sale.date), cx.case.share_of_total(before_shares - sale.shares.count(), sale.date))
        else {
            continue;
        };
        let crossed = (before / step).floor() != (after / step).floor();
        if before < threshold || !crossed {
            continue;
        }
        let due = sale.date.plus_days(1).unwrap_or(sale.date);
        let announced = cx.case.events.announcements.iter().find(|a| a.discloses.contains(&sale.id));
        let announcement = match announced {
            Some(a) if a.date <= due => continue,
            Some(a) => format!("实际于 {} 公告《{}》，迟于期限", a.date, a.title.trim_matches(['《', '》'])),
            None => "案卷中未见披露该事项的公告（公告的 discloses 应列明该减持的 id）".to_owned(),
        };
        let values = [
            ("holder", with_concert(&sale.holder, &group)),
            ("date", sale.date.to_string()),
            ("shares", sale.shares.display()),
            ("before", format!("{}%", format_plain(before, 2))),
            ("after", format!("{}%", format_plain(after, 2))),
            ("step", format!("{}%", format_plain((before / step).floor() * step, 0))),
            ("due", due.to_string()),
            ("announcement", announcement),
        ];
        let mut evidence = vec![sale.origin().clone()];
        evidence.extend(bases);
        evidence.extend(announced.map(|a| a.origin().clone()));
        out.push(finding(cx, rule, rule.severity, sale.date, &values, evidence));
    }
    out
}
