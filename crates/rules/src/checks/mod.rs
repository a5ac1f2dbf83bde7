//! The checks: one small unit per rule of the rulebook, each reading its parameters from
//! the version in force on the date it judges, and returning findings (never errors).
//!
//! To add a rule: write its entry in a `rulebook/*.toml` file (id, title, severity,
//! message, versions with article, evidence, source and parameters), add a check here
//! with the parameters it reads, and give it vectors in `crates/rules/tests/rules.rs` that
//! pass and that fail it. The rulebook tests refuse a rule without a check and a check
//! without a rule.

use dudao_calendar::Calendar;
use dudao_model::{Case, Date, DisclosureKind, Finding, Origin, Party, Period, Role, Severity};
use rust_decimal::Decimal;

use serde::Deserialize;

use crate::params::{ParseParams, parse};
use crate::rulebook::{Rule, Rulebook};

mod bans;
mod commitments;
mod consistency;
mod deadlines;
mod delisting;
mod funds;
mod index;
mod insider;
mod lockup;
mod reduction;
mod statements;

/// What a check judges: one case, on a calendar, as of a date.
pub struct Context<'a> {
    /// The case.
    pub case: &'a Case,
    /// The calendar day counts use.
    pub calendar: &'a Calendar,
    /// The date statuses are judged on.
    pub on: Date,
    index: index::Index<'a>,
    /// What the other checks found, for those that judge statements against it
    /// (`ON_FINDINGS`); empty while the others run.
    found: Vec<Finding>,
}

/// A check: the rule it interprets, the parameters it reads, and the function.
pub struct Check {
    /// The rule id.
    pub id: &'static str,
    /// Parses a version's parameters into the struct the check reads (`NoParams` for none).
    pub params: ParseParams,
    /// Judges the case.
    pub run: fn(&Context, &Rule) -> Vec<Finding>,
}

/// The parameters of a check that has none.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

const NONE: ParseParams = parse::<NoParams>;

/// Every check, in the order findings are reported.
pub const ALL: &[Check] = &[
    Check { id: "commitment.breach", params: NONE, run: commitments::breach },
    Check { id: "commitment.overdue", params: NONE, run: commitments::overdue },
    Check { id: "commitment.status", params: NONE, run: commitments::status },
    Check { id: "reduction.pre-disclosure", params: parse::<reduction::PreDisclosure>, run: reduction::pre_disclosure },
    Check { id: "reduction.rolling-cap", params: parse::<reduction::RollingCap>, run: reduction::rolling_cap },
    Check { id: "reduction.plan-window", params: parse::<reduction::PlanWindow>, run: reduction::plan_window },
    Check { id: "reduction.completion-report", params: parse::<reduction::CompletionReport>, run: reduction::completion_report },
    Check { id: "lockup.star-controller", params: parse::<lockup::Controller>, run: lockup::controller },
    Check { id: "lockup.star-core-technical", params: parse::<lockup::CoreTechnical>, run: lockup::core_technical },
    Check { id: "lockup.star-unprofitable", params: parse::<lockup::Unprofitable>, run: lockup::unprofitable },
    Check { id: "insider.window", params: parse::<insider::Window>, run: insider::window },
    Check { id: "insider.short-swing", params: parse::<insider::ShortSwing>, run: insider::short_swing },
    Check { id: "insider.yearly-cap", params: parse::<insider::YearlyCap>, run: insider::yearly_cap },
    Check { id: "delisting.star", params: parse::<delisting::Financial>, run: delisting::star },
    Check { id: "delisting.main-board", params: parse::<delisting::Financial>, run: delisting::main_board },
    Check { id: "delisting.chinext", params: parse::<delisting::Financial>, run: delisting::chinext },
    Check { id: "delisting.net-assets-cover", params: parse::<delisting::NetAssetsCover>, run: delisting::net_assets_cover },
    Check { id: "funds.gross-proceeds", params: NONE, run: funds::gross_proceeds },
    Check { id: "funds.net-proceeds", params: NONE, run: funds::net_proceeds },
    Check { id: "funds.unused", params: NONE, run: funds::unused },
    Check { id: "funds.project-cumulative", params: NONE, run: funds::project_cumulative },
    Check { id: "funds.accounts-total", params: NONE, run: funds::accounts_total },
    Check { id: "funds.ledger-reconciles", params: NONE, run: funds::ledger_reconciles },
    Check { id: "funds.closing-balance", params: NONE, run: funds::closing_balance },
    Check { id: "funds.closing-cash-management", params: NONE, run: funds::closing_cash_management },
    Check { id: "funds.cash-management-term", params: parse::<funds::CashManagementTerm>, run: funds::cash_management_term },
    Check { id: "holdings.percent", params: NONE, run: consistency::holdings_percent },
    Check { id: "reduction.below-issue-price", params: parse::<bans::PriceBan>, run: bans::below_issue_price },
    Check { id: "reduction.below-net-assets", params: parse::<bans::PriceBan>, run: bans::below_net_assets },
    Check { id: "reduction.low-dividends", params: parse::<bans::DividendBan>, run: bans::low_dividends },
    Check { id: "reduction.one-percent-step", params: parse::<reduction::OnePercentStep>, run: reduction::one_percent_step },
    Check { id: "sale.amount", params: NONE, run: consistency::sale_amount },
    Check { id: "trade.trading-day", params: NONE, run: consistency::trade_on_trading_day },
    Check { id: "sale.percent", params: NONE, run: consistency::sale_percent },
    Check { id: "sale.exceeds-holding", params: NONE, run: consistency::sale_exceeds_holding },
    Check { id: "sale.price-off-market", params: parse::<consistency::PriceOffMarket>, run: consistency::sale_price_off_market },
    Check { id: "deadline.overdue", params: NONE, run: deadlines::overdue },
    Check { id: "deadline.missing-trigger", params: NONE, run: deadlines::missing_trigger },
    Check { id: "worklog.contradicts-finding", params: NONE, run: statements::contradicts_finding },
];

/// The checks that judge the case's own statements against what the others found: they
/// run last, on `Context::found`.
const ON_FINDINGS: &[&str] = &["worklog.contradicts-finding"];

/// Judges `case` by every rule of `rulebook`, as of `on`: errors first, then warnings,
/// then notes, each group by date.
pub fn check(case: &Case, calendar: &Calendar, on: Date, rulebook: &Rulebook) -> Vec<Finding> {
    let mut cx = Context { case, calendar, on, index: index::Index::new(case), found: Vec::new() };
    let (later, first): (Vec<&Check>, Vec<&Check>) = ALL.iter().partition(|c| ON_FINDINGS.contains(&c.id));
    // The first checks' findings are lent to the later ones, not copied: a case of a
    // million sales finds half a million.
    cx.found = first.iter().flat_map(|c| (c.run)(&cx, rulebook.rule(c.id))).collect();
    let on_findings: Vec<Finding> = later.iter().flat_map(|c| (c.run)(&cx, rulebook.rule(c.id))).collect();
    let mut findings = std::mem::take(&mut cx.found);
    findings.extend(on_findings);
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.date.cmp(&b.date)));
    findings
}

impl Context<'_> {
    /// The party named `name` (full or short name), if the case records it.
    fn party(&self, name: &str) -> Option<&Party> {
        self.index.party(name)
    }

    /// The roles of the party named `name` that appear in `wanted` (a rule's parameter).
    fn roles_in(&self, name: &str, wanted: &[Role]) -> Vec<Role> {
        self.party(name).map_or_else(Vec::new, |p| p.roles.iter().copied().filter(|r| wanted.contains(r)).collect())
    }

    /// The parties acting in concert with `name` on `date`, `name` included, by the names
    /// the case uses: the `[[concert_groups]]` it belongs to, and the controllers where a
    /// concert agreement binds them.
    fn in_concert<'a>(&'a self, name: &'a str, date: Date) -> Vec<&'a str> {
        let holders = &self.case.shareholders;
        let is = |other: &str| self.index.canonical(other) == self.index.canonical(name);
        let mut names = vec![name];
        for group in holders.concert_groups.iter().filter(|g| g.on(date) && g.members.iter().any(|m| is(m))) {
            names.extend(group.members.iter().map(String::as_str));
        }
        if let Some(controllers) = &holders.controllers
            && controllers.concert_agreement.as_ref().is_some_and(|a| a.signed <= date)
            && controllers.names.iter().any(|m| is(m))
        {
            names.extend(controllers.names.iter().map(String::as_str));
        }
        let mut seen = Vec::new();
        names.retain(|n| {
            let canonical = self.index.canonical(n);
            let new = !seen.contains(&canonical);
            seen.push(canonical);
            new
        });
        names
    }

    /// The roles in `wanted` of `name` or of anyone acting in concert with it on `date`:
    /// those in concert with a major shareholder or a controller are bound as it is
    /// (减持办法 第二十条).
    fn bound_roles(&self, name: &str, wanted: &[Role], date: Date) -> Vec<Role> {
        let mut roles: Vec<Role> = Vec::new();
        for member in self.in_concert(name, date) {
            for role in self.roles_in(member, wanted) {
                if !roles.contains(&role) {
                    roles.push(role);
                }
            }
        }
        roles
    }

    /// The period of the latest annual or half-year report out by `date`: by the
    /// announcements the case records, else by the financials it records and the legal
    /// deadlines.
    fn latest_report_by(&self, date: Date) -> Option<Period> {
        let announced = self.case.events.announcements.iter().filter(|a| a.date <= date).filter_map(|a| match (a.kind, a.year) {
            (DisclosureKind::AnnualReport, Some(year)) => Some(Period::Year(year)),
            (DisclosureKind::SemiannualReport, Some(year)) => Some(Period::FirstHalf(year)),
            _ => None,
        });
        let recorded = self.case.financials.keys().copied().filter(|p| self.report_out_by(*p, date));
        announced.chain(recorded).max_by_key(|p| p.end())
    }

    /// Whether the report of `period` was out by `date`: its announcement where the case
    /// records it, else the legal deadline (annual reports by 30 April, half-year ones by
    /// 31 August).
    fn report_out_by(&self, period: Period, date: Date) -> bool {
        let (kind, deadline) = match period {
            Period::Year(year) => (DisclosureKind::AnnualReport, Date::ymd(year + 1, 4, 30)),
            Period::FirstHalf(year) => (DisclosureKind::SemiannualReport, Date::ymd(year, 8, 31)),
        };
        let announced = self.case.events.announcements.iter().find(|a| a.kind == kind && a.year == Some(period.year()));
        announced.map_or(deadline, |a| a.date) <= date
    }

    /// The listing date, or the first of the listing month where only the month is known;
    /// `None` where the case does not record it.
    fn listing_date(&self) -> Option<Date> {
        self.case.company.company.listing_date.map(|listing| match listing {
            dudao_model::DayOrMonth::Day(d) => d,
            dudao_model::DayOrMonth::Month { year, month } => Date::ymd(year, month, 1),
        })
    }
}

/// Names roles in Chinese: `控股股东、实际控制人`.
fn role_names(roles: &[Role]) -> String {
    roles.iter().map(|r| r.chinese()).collect::<Vec<_>>().join("、")
}

/// A finding of `rule`, its message filled with `values`, cited as in force on `date` for
/// the case's board.
fn finding(cx: &Context, rule: &Rule, severity: Severity, date: Date, values: &[(&str, String)], evidence: Vec<Origin>) -> Finding {
    Finding {
        rule: rule.id.clone(),
        kind: rule.kind,
        severity,
        message: rule.message(values),
        citation: Some(rule.citation(date, cx.case.company.company.board)),
        date: Some(date),
        evidence,
        about: None,
        computation: None,
    }
}

/// A stated figure against the one computed from other facts.
struct Comparison<'a> {
    /// The value the case states.
    stated: Decimal,
    /// Half the last digit the stated value was printed with.
    stated_tolerance: Decimal,
    /// The computed value.
    computed: Decimal,
    /// The uncertainty the computation inherits from its own printed inputs.
    computed_tolerance: Decimal,
    /// Prints a value the way the stated one was written.
    print: &'a dyn Fn(Decimal) -> String,
}

impl<'a> Comparison<'a> {
    /// A stated amount against a sum of printed figures, which carries its own tolerance.
    fn against_sum(stated: &dudao_model::Amount, sum: dudao_model::Sum, print: &'a dyn Fn(Decimal) -> String) -> Comparison<'a> {
        Comparison { stated: stated.yuan(), stated_tolerance: stated.tolerance(), computed: sum.yuan, computed_tolerance: sum.tolerance, print }
    }
}

/// Nothing when the two agree at the stated precision; `info` when they differ by no
/// more than the rounding of the printed figures explains; the rule's severity beyond.
/// The message gets `{computed}`, `{stated}` and `{difference}` besides `values`.
fn compare(cx: &Context, rule: &Rule, date: Date, comparison: Comparison<'_>, values: &[(&str, String)], evidence: Vec<Origin>) -> Option<Finding> {
    let Comparison { stated, stated_tolerance, computed, computed_tolerance, print } = comparison;
    let difference = (computed - stated).abs();
    if difference <= stated_tolerance {
        return None;
    }
    let within_rounding = difference <= stated_tolerance + computed_tolerance;
    let (severity, verdict) = if within_rounding {
        (Severity::Info, "在列示精度的四舍五入误差范围内")
    } else {
        (rule.severity, "超出列示精度可解释的范围")
    };
    let mut all = vec![("computed", print(computed)), ("stated", print(stated)), ("difference", format!("，相差 {}，{verdict}", print(difference)))];
    all.extend(values.iter().cloned());
    Some(finding(cx, rule, severity, date, &all, evidence))
}
