//! Figures derived from the facts: what a report prints and a check compares, computed in
//! one place. Each comes with the tolerance its inputs allow (half the last printed digit
//! of every term), so a comparison can tell rounding from error.

use rust_decimal::Decimal;

use crate::case::{Case, FundsFile, FundsProject, LedgerYear, TotalShares};
use crate::date::Date;
use crate::fact::Fact;
use crate::number::Amount;
use crate::number::Unit;
use crate::period::Period;

/// A sum of printed figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sum {
    /// The exact sum, in 元.
    pub yuan: Decimal,
    /// The decimals (in 万元) needed to show it without losing precision.
    pub scale_wan: u32,
    /// How far the true sum may be from it: the terms' tolerances added up.
    pub tolerance: Decimal,
}

impl FundsFile {
    /// The special accounts' balances at `date` added up; `None` if no account has one.
    pub fn accounts_total(&self, date: Date) -> Option<Sum> {
        let key = date.to_string();
        let balances: Vec<_> = self.accounts.iter().filter_map(|a| a.balances.get(&key)).collect();
        if balances.is_empty() {
            return None;
        }
        Some(Sum {
            yuan: balances.iter().map(|b| b.yuan()).sum(),
            scale_wan: balances.iter().map(|b| b.scale_in(Unit::Wan)).max().unwrap_or(0),
            tolerance: balances.iter().map(|b| b.tolerance()).sum(),
        })
    }

    /// The ledger of `period` (`[ledger.2023]`, `[ledger.2024H1]`), if the case has one.
    pub fn ledger_for(&self, period: Period) -> Option<&Fact<LedgerYear>> {
        self.ledger.get(&period.to_string())
    }

    /// The net proceeds not yet used by the end of `ledger`'s period, in 元: net proceeds
    /// (computed) − cumulative use (interest not included); `None` without the offering.
    pub fn unused(&self, ledger: &LedgerYear) -> Option<Decimal> {
        Some(self.net_proceeds()? - ledger.cumulative_use.yuan())
    }

    /// The net proceeds (computed: shares × price − fees), in 元; `None` without the offering.
    pub fn net_proceeds(&self) -> Option<Decimal> {
        self.offering.as_ref().map(|o| o.net_proceeds_computed())
    }

    /// The year the funds arrived; `None` without the offering.
    pub fn arrival_year(&self) -> Option<i16> {
        self.offering.as_ref().map(|o| o.arrived.year())
    }

    /// `project`'s cumulative use at the end of `year`: the sum of its years from the one
    /// the funds arrived in, where the case has each of them, and the figure stated for the
    /// year.
    pub fn project_cumulative<'a>(&self, project: &'a FundsProject, year: i16) -> ProjectCumulative<'a> {
        let stated = project.years.get(&year.to_string()).and_then(|y| y.cumulative.as_ref());
        let Some(first) = self.arrival_year() else { return ProjectCumulative { computed: None, stated, missing_years: Vec::new() } };
        let years: Vec<(i16, Option<&Amount>)> = (first.min(year)..=year).map(|y| (y, project.years.get(&y.to_string()).map(|e| &e.used))).collect();
        let missing_years: Vec<i16> = years.iter().filter(|(_, used)| used.is_none()).map(|(y, _)| *y).collect();
        let computed = missing_years.is_empty().then(|| {
            let used: Vec<&Amount> = years.iter().filter_map(|(_, used)| *used).collect();
            Sum {
                yuan: used.iter().map(|a| a.yuan()).sum(),
                scale_wan: used.iter().map(|a| a.scale_in(Unit::Wan)).max().unwrap_or(2),
                tolerance: used.iter().map(|a| a.tolerance()).sum(),
            }
        });
        ProjectCumulative { computed, stated, missing_years }
    }
}

/// A project's cumulative use (截至期末累计投入金额) at a year end.
#[derive(Clone, Debug)]
pub struct ProjectCumulative<'a> {
    /// The sum of its years since the funds arrived, where the case has every one.
    pub computed: Option<Sum>,
    /// As the case states it for the year (`years.YEAR.cumulative`).
    pub stated: Option<&'a Fact<Amount>>,
    /// The years since the funds arrived that the case lacks; none listed where the
    /// arrival is not known.
    pub missing_years: Vec<i16>,
}

impl ProjectCumulative<'_> {
    /// The figure a document prints, in 元: the computed sum where there is one, else the
    /// stated figure.
    pub fn value(&self) -> Option<Decimal> {
        self.computed.map(|s| s.yuan).or_else(|| self.stated.map(|s| s.yuan()))
    }
}

impl LedgerYear {
    /// The special-account balance at year end by the movements: opening + interest −
    /// spending − cash management bought + redeemed.
    pub fn closing_by_movement(&self) -> Sum {
        let terms = [
            (Some(&self.opening_balance), Decimal::ONE),
            (Some(&self.interest_net_of_fees), Decimal::ONE),
            (Some(&self.project_spending), Decimal::NEGATIVE_ONE),
            (self.cash_management_purchased.as_ref(), Decimal::NEGATIVE_ONE),
            (self.cash_management_redeemed.as_ref(), Decimal::ONE),
        ];
        let present: Vec<_> = terms.iter().filter_map(|(a, sign)| a.map(|a| (a, *sign))).collect();
        Sum {
            yuan: present.iter().map(|(a, sign)| a.yuan() * sign).sum(),
            scale_wan: present.iter().map(|(a, _)| a.scale_in(Unit::Wan)).max().unwrap_or(2),
            tolerance: present.iter().map(|(a, _)| a.tolerance()).sum(),
        }
    }

    /// The cash-management balance at year end: opening + bought − redeemed; `None`
    /// where the ledger has no opening cash-management balance.
    pub fn closing_cash_management(&self) -> Option<Decimal> {
        let opening = self.opening_cash_management.as_ref()?.yuan();
        let bought = self.cash_management_purchased.as_ref().map_or(Decimal::ZERO, |a| a.yuan());
        let redeemed = self.cash_management_redeemed.as_ref().map_or(Decimal::ZERO, |a| a.yuan());
        Some(opening + bought - redeemed)
    }
}

impl Case {
    /// The sponsor's disposition of `finding`: one in the work log of a period holding the
    /// finding's date (any period for an undated finding); `None` while it is pending
    /// (待处理).
    pub fn disposition_of(&self, finding: &crate::Finding) -> Option<&Fact<crate::Disposition>> {
        let holds = |period: &crate::Period| finding.date.is_none_or(|d| d.year() == period.year() && d <= period.end());
        self.worklogs.iter().filter(|(period, _)| holds(period)).flat_map(|(_, log)| &log.dispositions).find(|d| d.covers(finding))
    }

    /// The total shares known to hold on `date`: a record dated that day, or one whose
    /// `through` reaches it. A total is never assumed to carry forward silently.
    pub fn total_shares_on(&self, date: Date) -> Option<&Fact<TotalShares>> {
        self.company.total_shares.iter().rev().find(|t| t.date <= date && t.through.unwrap_or(t.date) >= date)
    }

    /// `shares` as a percentage of the total shares on `date`, with the total used;
    /// `None` where the case does not know the total on that date.
    pub fn share_of_total(&self, shares: Decimal, date: Date) -> Option<(Decimal, &Fact<TotalShares>)> {
        let total = self.total_shares_on(date)?;
        Some((shares / total.shares.count() * Decimal::ONE_HUNDRED, total))
    }

    /// Raised funds not yet used at the end of the latest ledger year: (year, 元); `None`
    /// without a ledger or the offering.
    pub fn unused_funds(&self) -> Option<(i16, Decimal)> {
        let funds = self.funds.as_ref()?;
        let (year, ledger) = funds.ledger.iter().filter_map(|(y, l)| y.parse::<i16>().ok().map(|y| (y, l))).max_by_key(|(y, _)| *y)?;
        Some((year, funds.unused(ledger)?))
    }
}
