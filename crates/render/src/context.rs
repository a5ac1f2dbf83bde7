//! The views every document shares: the company, the sponsor, the period, a finding and
//! the raised funds, each computed and printed for the templates. Each kind's own context
//! is in its module under `kinds/`.

use dudao_model::{Amount, Case, Company, Finding, Offering, Period, Shares, Sponsor, Unit, format_grouped};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::gaps::Gap;

/// A finding of `check`, for templates.
#[derive(Serialize)]
pub struct FindingView {
    rule: String,
    kind: &'static str,
    severity: &'static str,
    message: String,
    citation: Option<String>,
    date: Option<String>,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> FindingView {
        FindingView {
            rule: f.rule.clone(),
            kind: f.kind.id(),
            severity: f.severity.id(),
            message: f.message.clone(),
            citation: f.citation.as_ref().map(dudao_model::Citation::text),
            date: f.date.map(|d| d.to_string()),
        }
    }
}

/// The company.
#[derive(Serialize)]
pub struct CompanyView {
    name: String,
    short_name: String,
    stock_code: String,
    board: &'static str,
    exchange: &'static str,
    listing_rules: &'static str,
    supervision_guideline: &'static str,
}

impl CompanyView {
    pub(crate) fn new(company: &Company, guideline: &'static str) -> CompanyView {
        CompanyView {
            name: company.name.clone(),
            short_name: company.short_name.clone(),
            stock_code: company.stock_code.as_str().to_owned(),
            board: company.board.id(),
            exchange: company.board.exchange(),
            listing_rules: company.board.listing_rules(),
            supervision_guideline: guideline,
        }
    }
}

/// The sponsor.
#[derive(Serialize)]
pub struct SponsorView {
    firm: String,
    representatives: Vec<String>,
}

impl From<&Sponsor> for SponsorView {
    fn from(sponsor: &Sponsor) -> SponsorView {
        SponsorView { firm: sponsor.firm.clone(), representatives: sponsor.representatives.clone() }
    }
}

/// A reporting period in the words documents use: annual `2023年度`, `2023年12月31日`,
/// `2023年`, `2023年末`, `2022年末`; half-year `2024年半年度`, `2024年6月30日`,
/// `2024年1-6月`, `2024年6月末`, `2023年末`.
#[derive(Serialize)]
pub struct PeriodView {
    name: String,
    end: String,
    current: String,
    current_end: String,
    prior_end: String,
    half: bool,
}

impl PeriodView {
    pub(crate) fn new(period: Period) -> PeriodView {
        let year = period.year();
        let (current, current_end) = match period {
            Period::Year(_) => (format!("{year}年"), format!("{year}年末")),
            Period::FirstHalf(_) => (format!("{year}年1-6月"), format!("{year}年6月末")),
        };
        PeriodView {
            name: period.chinese(),
            end: period.end().chinese(),
            current,
            current_end,
            prior_end: format!("{}年末", year - 1),
            half: matches!(period, Period::FirstHalf(_)),
        }
    }
}

/// Raised funds: the offering, the year's ledger and the special accounts.
#[derive(Serialize)]
pub struct FundsView {
    /// The offering, or the placeholder of its gap where the case does not state it.
    offering: Result<OfferingView, String>,
    ledger: Option<LedgerView>,
    accounts: Vec<AccountView>,
    accounts_total: String,
    /// The total printed is the case's, and differs from the balances' sum by rounding.
    total_rounded: bool,
    accounts_date: String,
}

/// The offering: approval, shares, price, proceeds (computed), arrival and verification.
#[derive(Serialize)]
pub struct OfferingView {
    approval_authority: String,
    approval_number: String,
    approval_title: String,
    issued: String,
    share_class: String,
    shares_offered: String,
    shares_offered_unit: &'static str,
    price: String,
    gross: String,
    fees: String,
    net: String,
    arrived: String,
    verified_by: String,
    verification_report: String,
}

/// The gap of a case whose `funds.toml` does not state the offering (a case whose projects
/// were read from an annual report): every figure made from it prints this placeholder.
pub(crate) fn offering_gap() -> Gap {
    Gap {
        key: "offering",
        what: "募集资金的发行情况（核准文件、发行股数与价格、发行费用、到账与验资）".into(),
        file: "funds.toml".into(),
        field: Some("offering".into()),
        how: "写明 [offering]：approval_authority、approval_number、approval_title、issued、shares_offered、price、issuance_fees、arrived、verified_by、verification_report（见 docs/case-format.md）".into(),
    }
}

/// The year's ledger of raised funds, in 万元.
#[derive(Serialize)]
pub struct LedgerView {
    opening_balance: String,
    opening_cash_management: Option<String>,
    interest_net_of_fees: String,
    project_spending: String,
    cash_management_purchased: Option<String>,
    cash_management_redeemed: Option<String>,
    closing_balance: String,
    closing_cash_management: Option<String>,
    cumulative_use: String,
    unused: String,
    cash_management_products: Option<String>,
}

/// A special account's balance at the report year end.
#[derive(Serialize)]
pub struct AccountView {
    bank: String,
    number: String,
    balance: String,
}

/// A share count as the sentence before `股` needs it: `47,462,175`, or `3,000.00万` where
/// the case wrote it in 万股.
pub(crate) fn shares_text(shares: &Shares) -> String {
    let unit = match shares.unit() {
        Unit::One => "",
        Unit::Wan => "万",
        Unit::Yi => "亿",
    };
    format!("{}{unit}", shares.display())
}

pub(crate) fn exact_text(value: Decimal) -> String {
    value.normalize().to_string()
}

pub(crate) fn wan(amount: Decimal, scale: u32) -> String {
    format_grouped(amount / Unit::Wan.factor(), scale)
}

/// The raised funds as of the end of `period`, every figure computed and printed in 万元.
pub(crate) fn funds_view(case: &Case, period: Period) -> Option<FundsView> {
    let funds = case.funds.as_ref()?;
    let year_end = period.end();
    let accounts_total = funds.accounts_total(year_end);
    let accounts = funds
        .accounts
        .iter()
        .filter_map(|account| {
            let balance = account.balances.get(&year_end.to_string())?;
            let shown = if balance.yuan().is_zero() { "-".to_owned() } else { balance.display_in(Unit::Wan, balance.scale_in(Unit::Wan)) };
            Some(AccountView { bank: account.bank.clone(), number: account.number.clone(), balance: shown })
        })
        .collect();
    let ledger = funds.ledger_for(period).map(|ledger| {
        let l_scale = ledger.opening_balance.scale_in(Unit::Wan);
        let show = |a: &Amount| wan(a.yuan(), l_scale);
        // The year-end special-account balance is the accounts' total where the case
        // has it (the banks' own figures), else the movements' result.
        let closing = accounts_total.map_or_else(|| ledger.closing_by_movement().yuan, |t| t.yuan);
        LedgerView {
            opening_balance: show(&ledger.opening_balance),
            opening_cash_management: ledger.opening_cash_management.as_ref().map(|a| show(a)),
            interest_net_of_fees: show(&ledger.interest_net_of_fees),
            project_spending: show(&ledger.project_spending),
            cash_management_purchased: ledger.cash_management_purchased.as_ref().map(|a| show(a)),
            cash_management_redeemed: ledger.cash_management_redeemed.as_ref().map(|a| show(a)),
            closing_balance: wan(closing, l_scale),
            closing_cash_management: ledger.closing_cash_management().map(|c| wan(c, l_scale)),
            cumulative_use: show(&ledger.cumulative_use),
            unused: funds.unused(ledger).map_or_else(|| offering_gap().placeholder(), |unused| wan(unused, l_scale)),
            cash_management_products: ledger.cash_management_products.clone(),
        }
    });
    // The total as the case states it (the banks' unrounded figures) where it differs from
    // the rounded balances' sum only within their rounding; the sum otherwise (and
    // `funds.accounts-total` reports the difference).
    let stated_total = funds.ledger_for(period).and_then(|l| l.accounts_total.as_ref());
    let (total_shown, total_rounded) = match (accounts_total, stated_total) {
        (Some(sum), Some(stated)) if (stated.yuan() - sum.yuan).abs() <= stated.tolerance() + sum.tolerance => {
            (stated.display_in(Unit::Wan, stated.scale_in(Unit::Wan)), stated.yuan() != sum.yuan)
        }
        (Some(sum), _) => (wan(sum.yuan, sum.scale_wan), false),
        (None, _) => (wan(Decimal::ZERO, 2), false),
    };
    Some(FundsView {
        offering: funds.offering.as_ref().map(|o| offering_view(o)).ok_or_else(|| offering_gap().placeholder()),
        ledger,
        accounts,
        accounts_total: total_shown,
        total_rounded,
        accounts_date: year_end.chinese(),
    })
}

/// The offering printed, its proceeds computed and in 万元 at the fees' precision.
fn offering_view(offering: &Offering) -> OfferingView {
    let scale = offering.issuance_fees.scale_in(Unit::Wan).max(2);
    let shares_offered_unit = match offering.shares_offered.unit() {
        Unit::One => "股",
        Unit::Wan => "万股",
        Unit::Yi => "亿股",
    };
    OfferingView {
        approval_authority: offering.approval_authority.clone(),
        approval_number: offering.approval_number.clone(),
        approval_title: offering.approval_title.clone(),
        issued: offering.issued.chinese(),
        share_class: offering.share_class.clone(),
        shares_offered: offering.shares_offered.display(),
        shares_offered_unit,
        price: offering.price.display(),
        gross: wan(offering.gross_proceeds_computed(), scale),
        fees: wan(offering.issuance_fees.yuan(), scale),
        net: wan(offering.net_proceeds_computed(), scale),
        arrived: offering.arrived.chinese(),
        verified_by: offering.verified_by.clone(),
        verification_report: offering.verification_report.clone(),
    }
}
