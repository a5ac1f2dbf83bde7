//! Lookups over one case built once per `check`, so that a rule judging each sale against
//! the holder's other sales or holdings pays a binary search, not a scan: the rulebook
//! costs O(n log n) in trades (a shareholder base or an insider screen holds many
//! thousand), where scanning every sale for every sale was quadratic.

use std::collections::HashMap;

use dudao_model::{Case, Date, Fact, Holding, Party, ReductionPlan, SaleMethod, ShareSale};
use rust_decimal::Decimal;

/// Which of a holder's sales a total counts.
#[derive(Clone, Copy)]
pub(super) enum Subset {
    /// Every sale.
    All,
    /// Sales by one method.
    Method(SaleMethod),
    /// Sales of shares not bought on the market (the pre-IPO shares lock-ups bind).
    NotBoughtOnMarket,
}

const SUBSETS: usize = 5;

impl Subset {
    fn slot(self) -> usize {
        match self {
            Subset::All => 0,
            Subset::Method(SaleMethod::CentralizedBidding) => 1,
            Subset::Method(SaleMethod::BlockTrade) => 2,
            Subset::Method(SaleMethod::NegotiatedTransfer) => 3,
            Subset::NotBoughtOnMarket => 4,
        }
    }

    fn counts(self, sale: &ShareSale) -> bool {
        match self {
            Subset::All => true,
            Subset::Method(method) => sale.method == method,
            Subset::NotBoughtOnMarket => !sale.bought_on_market,
        }
    }
}

/// A place in one holder's sales, which are ordered by date, then id.
#[derive(Clone, Copy)]
pub(super) enum Cut<'s> {
    /// Before the first sale on that day.
    StartOf(Date),
    /// After the last sale on that day.
    EndOf(Date),
    /// Just before the sale of that day and id.
    Before(Date, &'s str),
}

/// One holder's sales in (date, id) order, with running totals per subset: the totals
/// before sale `i` are `running[i]`. Exact: at most 18-digit counts, and a case's size
/// limit keeps their number far below what a `Decimal` could not sum.
struct HolderSales<'a> {
    sales: Vec<&'a Fact<ShareSale>>,
    running: Vec<[Decimal; SUBSETS]>,
}

impl HolderSales<'_> {
    fn position(&self, cut: Cut) -> usize {
        match cut {
            Cut::StartOf(day) => self.sales.partition_point(|s| s.date < day),
            Cut::EndOf(day) => self.sales.partition_point(|s| s.date <= day),
            Cut::Before(day, id) => self.sales.partition_point(|s| (s.date, s.id.as_str()) < (day, id)),
        }
    }
}

/// The case's parties, plans, holdings and sales, keyed for lookup.
pub(super) struct Index<'a> {
    parties: HashMap<&'a str, &'a Party>,
    plans: HashMap<&'a str, &'a Fact<ReductionPlan>>,
    /// By the holder's full name where the case records the party, else as written.
    sales: HashMap<&'a str, HolderSales<'a>>,
    /// Same keys; each holder's holdings by date.
    holdings: HashMap<&'a str, Vec<&'a Fact<Holding>>>,
}

impl<'a> Index<'a> {
    pub(super) fn new(case: &'a Case) -> Index<'a> {
        let mut parties = HashMap::new();
        for party in &case.shareholders.parties {
            parties.insert(party.name.as_str(), &**party);
            if let Some(short) = &party.short_name {
                parties.insert(short.as_str(), &**party);
            }
        }
        let canonical = |name: &'a str| parties.get(name).map_or(name, |p| p.name.as_str());
        let mut by_holder: HashMap<&str, Vec<&Fact<ShareSale>>> = HashMap::new();
        for sale in &case.events.share_sales {
            by_holder.entry(canonical(&sale.holder)).or_default().push(sale);
        }
        let sales = by_holder
            .into_iter()
            .map(|(holder, mut sales)| {
                sales.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
                let mut running = Vec::with_capacity(sales.len() + 1);
                let mut totals = [Decimal::ZERO; SUBSETS];
                running.push(totals);
                for sale in &sales {
                    for subset in [Subset::All, Subset::Method(sale.method), Subset::NotBoughtOnMarket] {
                        if subset.counts(sale) {
                            totals[subset.slot()] += sale.shares.count();
                        }
                    }
                    running.push(totals);
                }
                (holder, HolderSales { sales, running })
            })
            .collect();
        let mut holdings: HashMap<&str, Vec<&Fact<Holding>>> = HashMap::new();
        for holding in &case.shareholders.holdings {
            holdings.entry(canonical(&holding.holder)).or_default().push(holding);
        }
        for list in holdings.values_mut() {
            list.sort_by_key(|h| h.date);
        }
        let plans = case.events.reduction_plans.iter().map(|p| (p.id.as_str(), p)).collect();
        Index { parties, plans, sales, holdings }
    }

    /// The party named `name` (full or short name).
    pub(super) fn party(&self, name: &str) -> Option<&'a Party> {
        self.parties.get(name).copied()
    }

    /// The party's full name where the case records it, else `name` as written.
    pub(super) fn canonical<'n>(&self, name: &'n str) -> &'n str
    where
        'a: 'n,
    {
        self.party(name).map_or(name, |p| p.name.as_str())
    }

    /// The reduction plan of id `id`.
    pub(super) fn plan(&self, id: &str) -> Option<&'a Fact<ReductionPlan>> {
        self.plans.get(id).copied()
    }

    /// Shares `holder` sold from `from` up to `to`, counting the sales of `subset`.
    pub(super) fn sold(&self, holder: &str, from: Cut, to: Cut, subset: Subset) -> Decimal {
        let Some(sales) = self.sales.get(self.canonical(holder)) else { return Decimal::ZERO };
        let (start, end) = (sales.position(from), sales.position(to));
        if end <= start { Decimal::ZERO } else { sales.running[end][subset.slot()] - sales.running[start][subset.slot()] }
    }

    /// The latest direct holding of `holder` recorded before `date` (of several on one
    /// day, the last written).
    pub(super) fn holding_before(&self, holder: &str, date: Date) -> Option<&'a Fact<Holding>> {
        let list = self.holdings.get(self.canonical(holder))?;
        list[..list.partition_point(|h| h.date < date)].last().copied()
    }
}
