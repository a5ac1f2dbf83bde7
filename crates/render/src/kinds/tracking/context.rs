//! The facts of one tracking report's period, with every derived figure computed and
//! printed, ready for the templates. Templates only lay text out: no arithmetic happens
//! in them.

use std::collections::BTreeMap;
use std::path::Path;

use dudao_model::{Amount, Case, Date, Fact, Finding, FiscalYear, InputError, Origin, Percent, Period, PlainNumber, Unit, format_grouped, format_plain};
use rust_decimal::Decimal;
use serde::Serialize;

use super::Ready;
use crate::context::{CompanyView, FindingView, FundsView, PeriodView, SponsorView, exact_text, funds_view, shares_text};
use crate::figures::{Change, points, year_on_year};
use crate::notes;

/// Everything a tracking-report template can use. See `docs/templates.md`.
#[derive(Serialize)]
pub struct ReportContext {
    /// The report's period, in the words documents use for it.
    pub period: PeriodView,
    /// The report's fiscal year.
    pub year: i16,
    /// The year before.
    pub prior_year: i16,
    /// Two years before.
    pub earlier_year: i16,
    /// The company.
    pub company: CompanyView,
    /// The sponsor.
    pub sponsor: SponsorView,
    /// Key financial data by metric id (`revenue`, `roe` …).
    pub fin: BTreeMap<&'static str, MetricView>,
    /// The year's R&D and IP.
    pub rd: RdView,
    /// Raised funds, if the case has them.
    pub funds: Option<FundsView>,
    /// Holdings of controllers and insiders at year end.
    pub holdings: HoldingsView,
    /// Share sales by id.
    pub sales: BTreeMap<String, SaleView>,
    /// Announcements by id.
    pub announcements: BTreeMap<String, AnnouncementView>,
    /// Problems found in the year; `None` where the work log does not say.
    pub problems: Option<Vec<ProblemView>>,
    /// The errors and warnings `check` found for the year (filled by the caller).
    pub findings: Vec<FindingView>,
    /// Of those, the errors that are violations or broken commitments (work item 5,
    /// section 四).
    pub violations: Vec<FindingView>,
    /// A draft's placeholders for the facts the case lacks, by where they print (filled by
    /// the caller; empty in a final document, which is refused instead).
    pub gaps: BTreeMap<&'static str, String>,
}

/// One row of key financial data.
#[derive(Serialize)]
pub struct MetricView {
    /// The current year, as printed in the table.
    current_text: String,
    /// The prior year, as printed.
    prior_text: String,
    /// Two years before, as printed, or `-` when the case lacks it.
    earlier_text: String,
    /// The change column: `10.07`, `不适用`, `减少13.74个百分点`.
    change: String,
    /// The change in prose: `增长10.07%`, `减少16.19个百分点`. This and the values below are
    /// left out where the case lacks a year's figure, so a narrative citing them is
    /// refused naming the fact rather than printing a blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    change_words: Option<String>,
    /// Exact values with separators and unit (`335,693,624.77元`, `12.94%`), as prose
    /// prints them; the unit filters (`wan`, `yi`, `yuan`) read them.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prior: Option<String>,
    /// current − prior.
    #[serde(skip_serializing_if = "Option::is_none")]
    delta: Option<String>,
}

/// R&D spending and the IP table of the year.
#[derive(Serialize)]
pub struct RdView {
    /// R&D spending in 元, exact, if the case has it.
    spending: Option<String>,
    /// Accumulated deficit in 元, exact, if the case has it.
    accumulated_deficit: Option<String>,
    ip_rows: Vec<IpRowView>,
    ip_total: IpRowView,
}

/// One row of the IP table.
#[derive(Serialize)]
pub struct IpRowView {
    category: String,
    new_applied: u32,
    new_granted: u32,
    total_applied: u32,
    total_granted: u32,
}

/// Holdings at the report year end.
#[derive(Serialize)]
pub struct HoldingsView {
    controllers: Option<ControllersView>,
    insiders: Vec<InsiderView>,
    remarks_controllers: Option<String>,
    remarks_insiders: Option<String>,
}

/// The controllers and their holdings.
#[derive(Serialize)]
pub struct ControllersView {
    names: String,
    relation: String,
    concert_agreement: Option<String>,
    concert_signed: Option<String>,
    direct: Vec<DirectView>,
    indirect: Vec<IndirectView>,
    combined_percent: String,
    /// `None` where the case does not say.
    encumbrances: Option<Vec<EncumbranceView>>,
}

/// A direct holding.
#[derive(Serialize)]
pub struct DirectView {
    holder: String,
    shares: String,
    percent: String,
}

/// An indirect holding.
#[derive(Serialize)]
pub struct IndirectView {
    holder: String,
    via: String,
    percent: String,
}

/// A pledge or freeze.
#[derive(Serialize)]
pub struct EncumbranceView {
    holder: String,
    kind: &'static str,
    shares: String,
}

/// An insider's holding over the year.
#[derive(Serialize)]
pub struct InsiderView {
    name: String,
    role: String,
    opening: String,
    closing: String,
    change: String,
    reason: String,
}

/// A share sale.
#[derive(Serialize)]
pub struct SaleView {
    date: String,
    holder: String,
    shares: String,
    method: &'static str,
    price: String,
    amount: String,
    percent: String,
    plan: Option<String>,
}

/// An announcement.
#[derive(Serialize)]
pub struct AnnouncementView {
    date: String,
    title: String,
}

/// A problem and its rectification.
#[derive(Serialize)]
pub struct ProblemView {
    pub(crate) finding: String,
    pub(crate) rectification: String,
}

/// Builds the context for `year`, collecting warnings where stated figures differ from
/// computed ones or a figure had to be taken as stated.
pub(crate) fn build(case: &Case, case_dir: &Path, ready: &Ready, period: Period) -> Result<(ReportContext, Vec<Finding>), InputError> {
    let mut builder = Builder { case, case_dir, findings: Vec::new() };
    let context = builder.context(ready, period)?;
    Ok((context, builder.findings))
}

struct Builder<'a> {
    case: &'a Case,
    case_dir: &'a Path,
    findings: Vec<Finding>,
}

impl<'a> Builder<'a> {
    fn context(&mut self, ready: &Ready, report: Period) -> Result<ReportContext, InputError> {
        let year = report.year();
        let case = self.case;
        let company_file = &case.company;
        let company_view = CompanyView::new(&company_file.company, ready.guideline);
        let sponsor = SponsorView::from(&*ready.sponsor);

        let (current, prior) = (ready.current, ready.prior);
        // A half-year's table has no third year.
        let earlier = match report {
            Period::Year(_) => case.financials.get(&Period::Year(year - 2)).map(|f| &**f),
            Period::FirstHalf(_) => None,
        };
        let mut absent = Vec::new();
        let fin = metrics((current, prior, ready.prior_balances), earlier, &mut absent);
        if !absent.is_empty() {
            let message = format!("financials.toml 的 [{report}] 或比较期未记录 {}：主要财务数据表中以“-”列示", absent.join("、"));
            self.findings.push(notes::FIGURE_NOT_RECORDED.finding(message, None, Vec::new()));
        }
        let rd = rd_view(current);

        Ok(ReportContext {
            period: PeriodView::new(report),
            year,
            prior_year: year - 1,
            earlier_year: year - 2,
            company: company_view,
            sponsor,
            fin,
            rd,
            funds: funds_view(case, report),
            holdings: self.holdings(report)?,
            sales: self.sales()?,
            announcements: case
                .events
                .announcements
                .iter()
                .map(|a| (a.id.clone(), AnnouncementView { date: a.date.chinese(), title: a.title.clone() }))
                .collect(),
            problems: ready
                .work_log
                .problems
                .as_ref()
                .map(|all| all.iter().map(|p| ProblemView { finding: p.finding.clone(), rectification: p.rectification.clone() }).collect()),
            findings: Vec::new(),
            violations: Vec::new(),
            gaps: BTreeMap::new(),
        })
    }

    /// shares ÷ total shares on `date`, with the decimals to print; or, where the case
    /// does not know the total on that date, the stated percentage with a note that the
    /// report had to take it as stated. (Whether a stated percentage agrees with the
    /// computed one is a check: `holdings.percent`, `sale.percent`.)
    fn share_of_total(&mut self, label: &str, shares: Decimal, date: Date, stated: Option<&Percent>, origin: &Origin) -> Result<(Decimal, u32), InputError> {
        let scale = stated.map_or(2, Percent::scale);
        if let Some((computed, _)) = self.case.share_of_total(shares, date) {
            return Ok((computed, scale));
        }
        match stated {
            Some(stated) => {
                let message = format!("{label}：案卷未记录 {date} 的总股本，无法计算，报告采用案卷陈述的 {stated}");
                self.findings.push(notes::TAKEN_AS_STATED.finding(message, Some(date), vec![origin.clone()]));
                Ok((stated.value(), stated.scale()))
            }
            None => Err(InputError::at(
                self.case_dir,
                origin,
                "stated_percent",
                format!("{label}无法计算：company.toml 未记录 {date} 的总股本（[[total_shares]]），此处也未写明 stated_percent"),
            )),
        }
    }

    fn holdings(&mut self, report: Period) -> Result<HoldingsView, InputError> {
        let holders = &self.case.shareholders;
        let (year, year_end) = (report.year(), report.end());
        let remarks = holders.remarks.get(&year.to_string());
        let controllers = match &holders.controllers {
            None => None,
            Some(controllers) => {
                let mut direct = Vec::new();
                let mut combined = Decimal::ZERO;
                let mut combined_scale = 0;
                for name in &controllers.names {
                    for holding in holders.holdings.iter().filter(|h| &h.holder == name && h.date == year_end) {
                        let (percent, scale) = self.share_of_total(
                            &format!("{name} {year_end} 持股比例"),
                            holding.shares.count(),
                            year_end,
                            holding.stated_percent.as_ref(),
                            holding.origin(),
                        )?;
                        combined += percent;
                        combined_scale = combined_scale.max(scale);
                        direct.push(DirectView {
                            holder: name.clone(),
                            shares: shares_text(&holding.shares),
                            percent: format!("{}%", format_plain(percent, scale)),
                        });
                    }
                }
                let indirect: Vec<IndirectView> = holders
                    .indirect_holdings
                    .iter()
                    .filter(|h| h.date == year_end && controllers.names.contains(&h.holder))
                    .map(|h| {
                        combined += h.percent.value();
                        combined_scale = combined_scale.max(h.percent.scale());
                        IndirectView { holder: h.holder.clone(), via: h.via.join("、"), percent: h.percent.to_string() }
                    })
                    .collect();
                let encumbrances = holders.encumbrances.as_ref().map(|all| {
                    all.iter()
                        .filter(|e| e.date == year_end && controllers.names.contains(&e.holder))
                        .map(|e| EncumbranceView {
                            holder: e.holder.clone(),
                            kind: match e.kind {
                                dudao_model::EncumbranceKind::Pledge => "质押",
                                dudao_model::EncumbranceKind::Freeze => "冻结",
                            },
                            shares: shares_text(&e.shares),
                        })
                        .collect()
                });
                Some(ControllersView {
                    names: controllers.names.join("、"),
                    relation: controllers.relation.clone(),
                    concert_agreement: controllers.concert_agreement.as_ref().map(|c| c.title.clone()),
                    concert_signed: controllers.concert_agreement.as_ref().map(|c| c.signed.chinese()),
                    direct,
                    indirect,
                    combined_percent: format!("{}%", format_plain(combined, combined_scale)),
                    encumbrances,
                })
            }
        };
        let insiders = holders
            .insiders
            .iter()
            // The insiders' holdings are recorded by year: a half-year report has none.
            .filter(|i| report == Period::Year(i.year))
            .map(|i| InsiderView {
                name: i.name.clone(),
                role: i.role.clone(),
                opening: shares_text(&i.opening_shares),
                closing: shares_text(&i.closing_shares),
                change: format_grouped(i.closing_shares.count() - i.opening_shares.count(), 0),
                reason: i.reason.clone().unwrap_or_default(),
            })
            .collect();
        Ok(HoldingsView {
            controllers,
            insiders,
            remarks_controllers: remarks.and_then(|r| r.controllers.clone()),
            remarks_insiders: remarks.and_then(|r| r.insiders.clone()),
        })
    }

    fn sales(&mut self) -> Result<BTreeMap<String, SaleView>, InputError> {
        let mut sales = BTreeMap::new();
        for sale in &self.case.events.share_sales {
            let amount = sale.shares.count() * sale.average_price.yuan();
            let amount_scale = sale.stated_amount.as_ref().map_or(2, Amount::scale);
            let (percent, scale) = self.share_of_total(
                &format!("{} {} 减持股数占总股本比例", sale.holder, sale.date),
                sale.shares.count(),
                sale.date,
                sale.stated_percent.as_ref(),
                sale.origin(),
            )?;
            sales.insert(
                sale.id.clone(),
                SaleView {
                    date: sale.date.chinese(),
                    holder: sale.holder.clone(),
                    shares: shares_text(&sale.shares),
                    method: sale.method.chinese(),
                    price: sale.average_price.display(),
                    amount: format_grouped(amount, amount_scale),
                    percent: format!("{}%", format_plain(percent, scale)),
                    plan: sale.plan.clone(),
                },
            );
        }
        Ok(sales)
    }
}

/// An exact value as prose prints it: separators, every decimal it has (two at least for
/// money), its unit.
fn with_unit<T: TableFigure>(value: Decimal) -> String {
    let value = value.normalize();
    format!("{}{}", format_grouped(value, value.scale().max(T::DECIMALS)), T::UNIT)
}

/// A figure of the key-financial-data table: its exact value, how the table prints it,
/// and how its change from the prior year is measured.
trait TableFigure {
    /// The unit prose prints after the figure.
    const UNIT: &'static str;
    /// The fewest decimals prose prints.
    const DECIMALS: u32;
    fn exact(&self) -> Decimal;
    fn table_text(&self) -> String;
    fn change(current: Decimal, prior: Decimal) -> Change;
}

impl TableFigure for Amount {
    const UNIT: &'static str = "元";
    const DECIMALS: u32 = 2;
    fn exact(&self) -> Decimal {
        self.yuan()
    }
    /// The table is in 元 with two decimals, whatever unit the case used.
    fn table_text(&self) -> String {
        self.display_in(Unit::One, 2)
    }
    fn change(current: Decimal, prior: Decimal) -> Change {
        year_on_year(current, prior)
    }
}

impl TableFigure for PlainNumber {
    const UNIT: &'static str = "元/股";
    const DECIMALS: u32 = 2;
    fn exact(&self) -> Decimal {
        self.value()
    }
    fn table_text(&self) -> String {
        self.display()
    }
    fn change(current: Decimal, prior: Decimal) -> Change {
        year_on_year(current, prior)
    }
}

impl TableFigure for Percent {
    const UNIT: &'static str = "%";
    const DECIMALS: u32 = 0;
    fn exact(&self) -> Decimal {
        self.value()
    }
    fn table_text(&self) -> String {
        self.display()
    }
    fn change(current: Decimal, prior: Decimal) -> Change {
        points(current, prior)
    }
}

/// The key data that are balances at the period's end rather than flows over it.
const BALANCES: &[&str] = &["net_assets", "total_assets"];

/// A row of key financial data: its id and where each year keeps it.
type Row<T> = (&'static str, fn(&FiscalYear) -> &Option<Fact<T>>);

/// The key data table's rows; a figure the case does not record prints as `-`, and its
/// key comes back in `absent` for the report's notes.
/// `years` are the current table, the prior one for flows and the prior one for
/// balances (net assets and total assets: the prior year end, also for a half-year).
fn metrics(years: (&FiscalYear, &FiscalYear, &FiscalYear), earlier: Option<&FiscalYear>, absent: &mut Vec<&'static str>) -> BTreeMap<&'static str, MetricView> {
    let (current, prior, prior_balances) = years;
    let mut out = BTreeMap::new();
    let amounts: [Row<Amount>; 7] = [
        ("revenue", |f| &f.revenue),
        ("revenue_after_deductions", |f| &f.revenue_after_deductions),
        ("net_profit", |f| &f.net_profit),
        ("deducted_net_profit", |f| &f.deducted_net_profit),
        ("operating_cash_flow", |f| &f.operating_cash_flow),
        ("net_assets", |f| &f.net_assets),
        ("total_assets", |f| &f.total_assets),
    ];
    let per_share: [Row<PlainNumber>; 3] =
        [("basic_eps", |f| &f.basic_eps), ("diluted_eps", |f| &f.diluted_eps), ("deducted_basic_eps", |f| &f.deducted_basic_eps)];
    let ratios: [Row<Percent>; 3] = [("roe", |f| &f.roe), ("deducted_roe", |f| &f.deducted_roe), ("rd_intensity", |f| &f.rd_intensity)];
    let years = (current, prior, earlier);
    let balances = (current, prior_balances, earlier);
    out.extend(amounts.into_iter().map(|row| metric(row, if BALANCES.contains(&row.0) { balances } else { years }, absent)));
    out.extend(per_share.into_iter().map(|row| metric(row, years, absent)));
    out.extend(ratios.into_iter().map(|row| metric(row, years, absent)));
    out
}

fn metric<T: TableFigure>(
    (key, get): Row<T>,
    (current, prior, earlier): (&FiscalYear, &FiscalYear, Option<&FiscalYear>),
    absent: &mut Vec<&'static str>,
) -> (&'static str, MetricView) {
    let text = |year: &FiscalYear| get(year).as_ref().map_or_else(|| "-".to_owned(), |f| f.table_text());
    let earlier_text = earlier.map_or_else(|| "-".to_owned(), text);
    let (Some(c), Some(p)) = (get(current), get(prior)) else {
        absent.push(key);
        let view = MetricView {
            current_text: text(current),
            prior_text: text(prior),
            earlier_text,
            change: "-".to_owned(),
            change_words: None,
            current: None,
            prior: None,
            delta: None,
        };
        return (key, view);
    };
    let (c, p) = (c.exact(), p.exact());
    let change = T::change(c, p);
    let view = MetricView {
        current_text: text(current),
        prior_text: text(prior),
        earlier_text,
        change: change.cell(),
        change_words: Some(change.words()),
        current: Some(with_unit::<T>(c)),
        prior: Some(with_unit::<T>(p)),
        delta: Some(with_unit::<T>(c - p)),
    };
    (key, view)
}

fn rd_view(year: &FiscalYear) -> RdView {
    let rows: Vec<IpRowView> = year
        .intellectual_property
        .iter()
        .map(|r| IpRowView {
            category: r.category.clone(),
            new_applied: r.new_applied,
            new_granted: r.new_granted,
            total_applied: r.total_applied,
            total_granted: r.total_granted,
        })
        .collect();
    let ip_total = IpRowView {
        category: "合计".to_owned(),
        new_applied: rows.iter().map(|r| r.new_applied).sum(),
        new_granted: rows.iter().map(|r| r.new_granted).sum(),
        total_applied: rows.iter().map(|r| r.total_applied).sum(),
        total_granted: rows.iter().map(|r| r.total_granted).sum(),
    };
    RdView {
        spending: year.rd_spending.as_ref().map(|a| exact_text(a.yuan())),
        accumulated_deficit: year.accumulated_deficit.as_ref().map(|a| exact_text(a.yuan())),
        ip_rows: rows,
        ip_total,
    }
}
