//! Figures derived from the facts: what a report prints and a check compares, computed in
//! one place. Each comes with the tolerance its inputs allow (half the last printed digit
//! of every term), so a comparison can tell rounding from error.

use rust_decimal::Decimal;

use crate::case::{Case, FundsFile, LedgerYear, TotalShares};
use crate::date::Date;
use crate::fact::Fact;
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
    /// (computed) − cumulative use (interest not included).
    pub fn unused(&self, ledger: &LedgerYear) -> Decimal {
        self.offering.net_proceeds_computed() - ledger.cumulative_use.yuan()
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

    /// Raised funds not yet used at the end of the latest ledger year: (year, 元).
    pub fn unused_funds(&self) -> Option<(i16, Decimal)> {
        let funds = self.funds.as_ref()?;
        let (year, ledger) = funds.ledger.iter().filter_map(|(y, l)| y.parse::<i16>().ok().map(|y| (y, l))).max_by_key(|(y, _)| *y)?;
        Some((year, funds.unused(ledger)))
    }
}
