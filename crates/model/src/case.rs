//! The case: every fact dudao knows about one supervised company, as read from its case
//! folder. The shapes here are the case-file format (see `docs/case-format.md`); field
//! names are the TOML keys.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::date::{Date, DayKind, DayOrMonth};
use crate::fact::Fact;
use crate::number::{Amount, Percent, PlainNumber, Price, Shares};
use crate::period::Period;

/// One supervised company and everything recorded about it.
#[derive(Clone, Debug)]
pub struct Case {
    /// `company.toml`: identity, sponsor, supervision, share capital.
    pub company: CompanyFile,
    /// `financials.toml`: key financial data by period (`[2023]`, `[2024H1]`).
    pub financials: BTreeMap<Period, Fact<FiscalYear>>,
    /// `funds.toml`: the offering, special accounts and the yearly ledger.
    pub funds: Option<FundsFile>,
    /// `shareholders.toml`: controllers, holdings, insiders.
    pub shareholders: ShareholdersFile,
    /// `commitments.toml`.
    pub commitments: Vec<Fact<Commitment>>,
    /// `events.toml`: share sales and announcements.
    pub events: EventsFile,
    /// `market.toml`: the market prices the reduction bans compare against.
    pub market: Market,
    /// `worklog/PERIOD.toml`: the sponsor's work, by year (`2023.toml`) or half-year
    /// (`2024H1.toml`).
    pub worklogs: BTreeMap<Period, WorkLog>,
    /// `narrative/PERIOD/*.md`: the sponsor's prose, by period.
    pub narratives: BTreeMap<Period, Narrative>,
    /// `drafts.toml`: what dudao drafted and the sponsor has not yet confirmed.
    pub drafts: Vec<crate::Draft>,
}

/// `company.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyFile {
    /// The company.
    pub company: Company,
    /// Its sponsor (a report of a company no longer supervised names none).
    #[serde(default)]
    pub sponsor: Option<Sponsor>,
    /// An explicit supervision period, overriding the one computed from the board.
    #[serde(default)]
    pub supervision: Option<SupervisionOverride>,
    /// Total shares, each as of a date; a figure holds until the next one.
    #[serde(default)]
    pub total_shares: Vec<Fact<TotalShares>>,
}

/// The supervised company.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// Full registered name: 北京青云科技股份有限公司.
    pub name: String,
    /// Short name used in the report: 青云科技.
    pub short_name: String,
    /// Six-digit stock code.
    pub stock_code: StockCode,
    /// The board it is listed on.
    pub board: Board,
    /// The listing date (a month is enough where the day is unknown); annual reports
    /// rarely print it, so a case written by `dudao ingest` may lack it until a person adds it.
    #[serde(default)]
    pub listing_date: Option<DayOrMonth>,
    /// The offering the sponsor supervises.
    #[serde(default = "OfferingKind::ipo")]
    pub offering: OfferingKind,
    /// Whether it was profitable when it listed; STAR companies that were not carry
    /// extra lock-ups until they are (the `-U` suffix).
    #[serde(default = "Company::profitable_default")]
    pub profitable_at_listing: bool,
    /// The first fiscal year it made a profit after listing, for companies that did not
    /// at listing.
    #[serde(default)]
    pub first_profitable_year: Option<i16>,
    /// The STAR listing standard it listed under (科创板上市规则 2.1.2); the fifth, for
    /// research-based companies, defers the financial delisting test.
    #[serde(default)]
    pub star_listing_standard: Option<ListingStandard>,
    /// 注册资本, for the closing report.
    #[serde(default)]
    pub registered_capital: Option<Amount>,
    /// 注册地址.
    #[serde(default)]
    pub registered_address: Option<String>,
    /// 主要办公地址.
    #[serde(default)]
    pub office_address: Option<String>,
    /// 法定代表人.
    #[serde(default)]
    pub legal_representative: Option<String>,
    /// The company's contact for the sponsor (联系人) and the phone (联系电话).
    #[serde(default)]
    pub contact: Option<String>,
    /// 联系电话.
    #[serde(default)]
    pub phone: Option<String>,
}

impl Company {
    fn profitable_default() -> bool {
        true
    }
}

/// A six-digit A-share stock code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockCode(String);

impl StockCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for StockCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.len() == 6 && text.chars().all(|c| c.is_ascii_digit()) {
            Ok(StockCode(text))
        } else {
            Err(serde::de::Error::custom(format!("“{text}”不是有效的股票代码：应为带引号的 6 位数字，如 \"688316\"")))
        }
    }
}

/// The market board, which decides the listing rules and the supervision period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Board {
    /// 上交所科创板.
    Star,
    /// 上交所主板.
    SseMain,
    /// 深交所主板.
    SzseMain,
    /// 深交所创业板.
    Chinext,
    /// 北交所.
    Bse,
}

impl Board {
    /// The exchange's Chinese name.
    pub fn exchange(self) -> &'static str {
        match self {
            Board::Star | Board::SseMain => "上海证券交易所",
            Board::SzseMain | Board::Chinext => "深圳证券交易所",
            Board::Bse => "北京证券交易所",
        }
    }

    /// The board's Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            Board::Star => "科创板",
            Board::SseMain => "上交所主板",
            Board::SzseMain => "深交所主板",
            Board::Chinext => "创业板",
            Board::Bse => "北交所",
        }
    }

    /// The listing rules that govern the board, with book-title marks.
    pub fn listing_rules(self) -> &'static str {
        match self {
            Board::Star => "《上海证券交易所科创板股票上市规则》",
            Board::SseMain => "《上海证券交易所股票上市规则》",
            Board::SzseMain => "《深圳证券交易所股票上市规则》",
            Board::Chinext => "《深圳证券交易所创业板股票上市规则》",
            Board::Bse => "《北京证券交易所股票上市规则（试行）》",
        }
    }

    /// The exchange's guideline on continuous supervision in force on `on` (a document's
    /// filing date), with book-title marks; an error naming the guidelines known where dudao
    /// does not know the one in force. The SSE guideline No. 11 (上证发〔2022〕12号) took
    /// effect on 2022-01-07 and replaced 《上海证券交易所上市公司持续督导工作指引》(上证公字
    /// 〔2009〕75号), as its notice says. The SZSE guideline No. 13 (深证上〔2022〕25号) is
    /// taken to apply from the same day; before it, the SZSE's 保荐工作指引 as revised in
    /// 2014 (深证上〔2014〕387号) is taken for documents filed from 2015 to 2020, and 2021,
    /// when 《信息披露指引第 6 号——保荐业务》(深证上〔2021〕334号) replaced it on a day not on
    /// record, is refused. The BSE opened on 2021-11-15.
    pub fn supervision_guideline(self, on: Date) -> Result<&'static str, String> {
        const SZSE_2022: &str = "《深圳证券交易所上市公司自律监管指引第 13 号——保荐业务》";
        const SZSE_2014: &str = "《深圳证券交易所上市公司保荐工作指引（2014年修订）》";
        let from_2022 = on >= Date::ymd(2022, 1, 7);
        match self {
            Board::Star | Board::SseMain if from_2022 => Ok("《上海证券交易所上市公司自律监管指引第 11 号——持续督导》"),
            Board::Star | Board::SseMain => Ok("《上海证券交易所上市公司持续督导工作指引》"),
            Board::SzseMain | Board::Chinext if from_2022 => Ok(SZSE_2022),
            Board::SzseMain | Board::Chinext if (Date::ymd(2015, 1, 1)..Date::ymd(2021, 1, 1)).contains(&on) => Ok(SZSE_2014),
            Board::SzseMain | Board::Chinext => Err(format!(
                "{} 深圳证券交易所适用的持续督导指引未收录（已知：2015—2020 年出具的文件适用{SZSE_2014}，2022年1月7日起适用{SZSE_2022}；2021 年由《深圳证券交易所上市公司信息披露指引第 6 号——保荐业务》取代前者的日期未收录）",
                on.chinese()
            )),
            Board::Bse if on >= Date::ymd(2021, 11, 15) => Ok("《北京证券交易所证券发行上市保荐业务管理细则》"),
            Board::Bse => Err(format!("{} 北京证券交易所尚未开业（2021年11月15日开业）", on.chinese())),
        }
    }

    /// The ids of the work items a tracking report of the board's companies answers, as
    /// the keys of a work log's `[items]`: the 16 duties of the SSE guideline, or the rows
    /// of the SZSE table (`"1.1"` is 一、1（1）; `"other.1"` is 四、1). The BSE's form is
    /// not on record; its work logs are read as the SSE's.
    pub fn work_items(self) -> &'static [&'static str] {
        match self {
            Board::SzseMain | Board::Chinext => &[
                "1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "6.1", "6.2", "7.1", "7.2", "7.3", "8.1", "8.2", "8.3",
                "9", "10.1", "10.2", "10.3", "11", "other.1", "other.2", "other.3",
            ],
            Board::Star | Board::SseMain | Board::Bse => &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16"],
        }
    }

    /// The identifier used in case files and templates.
    pub fn id(self) -> &'static str {
        match self {
            Board::Star => "star",
            Board::SseMain => "sse_main",
            Board::SzseMain => "szse_main",
            Board::Chinext => "chinext",
            Board::Bse => "bse",
        }
    }
}

/// The kind of offering under supervision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferingKind {
    /// 首次公开发行.
    Ipo,
    /// 再融资 (follow-on equity or convertible bonds).
    FollowOn,
}

impl OfferingKind {
    fn ipo() -> OfferingKind {
        OfferingKind::Ipo
    }
}

/// The sponsor firm and its representatives.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sponsor {
    /// 中国国际金融股份有限公司.
    pub firm: String,
    /// The two sponsor representatives who sign.
    pub representatives: Vec<String>,
    /// 注册地址, for the closing report.
    #[serde(default)]
    pub registered_address: Option<String>,
    /// 主要办公地址.
    #[serde(default)]
    pub office_address: Option<String>,
    /// 法定代表人.
    #[serde(default)]
    pub legal_representative: Option<String>,
    /// 联系电话.
    #[serde(default)]
    pub phone: Option<String>,
    /// 是否更换保荐人或其他情况, for the closing report, in the sponsor's words: `否`, or
    /// each change of sponsor or representative with its date.
    #[serde(default)]
    pub changes: Option<String>,
}

/// An explicit supervision period.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisionOverride {
    /// First day; defaults to the listing date.
    pub start: Option<Date>,
    /// Last day.
    pub end: Date,
}

/// The total shares as of a date.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalShares {
    /// As of this date.
    pub date: Date,
    /// The total.
    pub shares: Shares,
    /// The last day the total is known to have held unchanged; absent, only `date`.
    #[serde(default)]
    pub through: Option<Date>,
    /// Where the figure comes from.
    #[serde(default)]
    pub source: Option<String>,
}

/// The key financial data of one fiscal year (section 五), plus R&D and IP (section 七).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiscalYear {
    /// 营业收入 (元).
    #[serde(default)]
    pub revenue: Option<Fact<Amount>>,
    /// 扣除与主营业务无关的业务收入和不具备商业实质的收入后的营业收入.
    #[serde(default)]
    pub revenue_after_deductions: Option<Fact<Amount>>,
    /// 归属于上市公司股东的净利润.
    #[serde(default)]
    pub net_profit: Option<Fact<Amount>>,
    /// 归属于上市公司股东的扣除非经常性损益的净利润.
    #[serde(default)]
    pub deducted_net_profit: Option<Fact<Amount>>,
    /// 经营活动产生的现金流量净额.
    #[serde(default)]
    pub operating_cash_flow: Option<Fact<Amount>>,
    /// 归属于上市公司股东的净资产 (year end).
    #[serde(default)]
    pub net_assets: Option<Fact<Amount>>,
    /// 总资产 (year end).
    #[serde(default)]
    pub total_assets: Option<Fact<Amount>>,
    /// 基本每股收益 (元/股).
    #[serde(default)]
    pub basic_eps: Option<Fact<PlainNumber>>,
    /// 稀释每股收益 (元/股).
    #[serde(default)]
    pub diluted_eps: Option<Fact<PlainNumber>>,
    /// 扣除非经常性损益后的基本每股收益 (元/股).
    #[serde(default)]
    pub deducted_basic_eps: Option<Fact<PlainNumber>>,
    /// 加权平均净资产收益率.
    #[serde(default)]
    pub roe: Option<Fact<Percent>>,
    /// 扣除非经常性损益后的加权平均净资产收益率.
    #[serde(default)]
    pub deducted_roe: Option<Fact<Percent>>,
    /// 研发投入占营业收入的比例.
    #[serde(default)]
    pub rd_intensity: Option<Fact<Percent>>,
    /// 研发投入 (total R&D spending), at the precision known.
    #[serde(default)]
    pub rd_spending: Option<Fact<Amount>>,
    /// 利润总额 (consolidated total profit), used by the 2024 delisting criteria.
    #[serde(default)]
    pub total_profit: Option<Fact<Amount>>,
    /// The auditor's opinion on the year's financial report.
    #[serde(default)]
    pub audit_opinion: Option<Fact<AuditOpinion>>,
    /// 累计未弥补亏损 at year end, where the report cites it.
    #[serde(default)]
    pub accumulated_deficit: Option<Fact<Amount>>,
    /// 现金分红金额（含税）for the fiscal year, interim dividends included; `"0"` for none.
    /// The 2024 ban on controllers selling after too little dividend reads it.
    #[serde(default)]
    pub cash_dividends: Option<Fact<Amount>>,
    /// 归属于上市公司股东的每股净资产 (元/股) at the period's end, as the report states it;
    /// absent, dudao divides `net_assets` by the total shares on that day.
    #[serde(default)]
    pub net_assets_per_share: Option<Fact<PlainNumber>>,
    /// 知识产权: the year's IP table, one row per category.
    #[serde(default)]
    pub intellectual_property: Vec<Fact<IpRow>>,
}

/// The auditor's opinion on a financial report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOpinion {
    /// 标准无保留意见.
    Unqualified,
    /// 带强调事项段的无保留意见.
    UnqualifiedWithEmphasis,
    /// 保留意见.
    Qualified,
    /// 否定意见.
    Adverse,
    /// 无法表示意见.
    Disclaimer,
}

impl AuditOpinion {
    /// The identifier used in case files and rule parameters.
    pub fn id(self) -> &'static str {
        match self {
            AuditOpinion::Unqualified => "unqualified",
            AuditOpinion::UnqualifiedWithEmphasis => "unqualified_with_emphasis",
            AuditOpinion::Qualified => "qualified",
            AuditOpinion::Adverse => "adverse",
            AuditOpinion::Disclaimer => "disclaimer",
        }
    }

    /// The Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            AuditOpinion::Unqualified => "标准无保留意见",
            AuditOpinion::UnqualifiedWithEmphasis => "带强调事项段的无保留意见",
            AuditOpinion::Qualified => "保留意见",
            AuditOpinion::Adverse => "否定意见",
            AuditOpinion::Disclaimer => "无法表示意见",
        }
    }
}

/// One category of the IP table: new in the year and cumulative, applied and granted.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpRow {
    /// 发明专利, 实用新型专利, 外观设计专利, 软件著作权, 其他 …
    pub category: String,
    /// 本年新增 申请数.
    pub new_applied: u32,
    /// 本年新增 获得数.
    pub new_granted: u32,
    /// 累计数量 申请数.
    pub total_applied: u32,
    /// 累计数量 获得数.
    pub total_granted: u32,
}

impl IpRow {
    /// The categories the STAR annual report's IP table prints, in its order.
    pub const CATEGORIES: [&'static str; 5] = ["发明专利", "实用新型专利", "外观设计专利", "软件著作权", "其他"];
    /// The counts of a row (key, Chinese name), in the table's order.
    pub const COUNTS: [(&'static str, &'static str); 4] =
        [("new_applied", "本年新增申请数"), ("new_granted", "本年新增获得数"), ("total_applied", "累计申请数"), ("total_granted", "累计获得数")];
}

/// `funds.toml`: raised funds.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsFile {
    /// The offering that raised them; `None` where the case does not say yet (a case whose
    /// projects were read from an annual report, which does not print the approval, the
    /// price or the fees): every figure that needs it is then a gap.
    #[serde(default)]
    pub offering: Option<Fact<Offering>>,
    /// Special accounts (募集资金专户).
    #[serde(default)]
    pub accounts: Vec<Fact<BankAccount>>,
    /// The year's movements, by year.
    #[serde(default)]
    pub ledger: BTreeMap<String, Fact<LedgerYear>>,
    /// Products bought with idle funds (现金管理).
    #[serde(default)]
    pub cash_management: Vec<Fact<CashManagementProduct>>,
    /// The auditor's assurance report on the company's annual report on the funds, by year.
    #[serde(default)]
    pub assurance: BTreeMap<String, Fact<Assurance>>,
    /// The company's rules on raised funds (募集资金管理制度); `None` when the case does not
    /// say, which the 募集资金 opinion reports as a gap.
    #[serde(default)]
    pub management: Option<Fact<FundsManagement>>,
    /// The supervision agreements on the special accounts (三方/四方监管协议); `None` when the
    /// case does not say, an empty list when it says none was signed.
    #[serde(default)]
    pub agreements: Option<Vec<Fact<SupervisionAgreement>>>,
    /// The investment projects the funds were raised for (募投项目), each with its use by year.
    #[serde(default)]
    pub projects: Vec<Fact<FundsProject>>,
    /// The year's other uses and changes, by year: each list `None` when the case does not
    /// say, empty when it says there was none.
    #[serde(default)]
    pub uses: BTreeMap<String, Fact<FundsUses>>,
}

/// The company's rules on how raised funds are kept and used.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsManagement {
    /// Their title: 《募集资金管理制度》.
    pub rules: String,
    /// When they were adopted (or last revised).
    pub adopted: DayOrMonth,
    /// The body that adopted them: 2022年第一次临时股东大会.
    #[serde(default)]
    pub adopted_by: Option<String>,
}

/// A supervision agreement on a special account, signed by the company, the sponsor and the
/// bank (and the subsidiary carrying out a project, for a 四方 one).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisionAgreement {
    /// Its title: 《募集资金专户存储三方监管协议》.
    pub title: String,
    /// The bank.
    pub bank: String,
    /// When it was signed.
    pub signed: DayOrMonth,
    /// A subsidiary that is also a party (四方监管协议).
    #[serde(default)]
    pub subsidiary: Option<String>,
}

/// A project the funds were raised for.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsProject {
    /// Its name, as the prospectus gives it.
    pub name: String,
    /// 募集资金承诺投资总额.
    pub committed: Amount,
    /// 调整后投资总额; `None` when the case does not say (a gap, never taken to equal the
    /// commitment).
    #[serde(default)]
    pub adjusted: Option<Amount>,
    /// 项目达到预定可使用状态日期.
    #[serde(default)]
    pub ready: Option<ReadyDate>,
    /// The funds put in and what the project yielded, by year (`2024`).
    #[serde(default)]
    pub years: BTreeMap<String, Fact<ProjectYear>>,
}

/// A project's year.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectYear {
    /// 本年度投入募集资金.
    pub used: Amount,
    /// 截至期末累计投入金额 as the company's report states it. Where the case has every
    /// year since the funds arrived, dudao adds them up, uses the sum and compares it with
    /// this one; where it does not, this one is used.
    #[serde(default)]
    pub cumulative: Option<Fact<Amount>>,
    /// 本年度实现的效益, as the company's report states it (an amount, or 不适用).
    #[serde(default)]
    pub benefit: Option<String>,
    /// 是否达到预计效益.
    #[serde(default)]
    pub achieved: Option<FundsAnswer>,
    /// 项目可行性是否发生重大变化.
    #[serde(default)]
    pub feasibility_changed: Option<FundsAnswer>,
}

/// 是 / 否 / 不适用, as the funds tables answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum FundsAnswer {
    /// 是.
    #[serde(rename = "是")]
    Yes,
    /// 否.
    #[serde(rename = "否")]
    No,
    /// 不适用.
    #[serde(rename = "不适用")]
    NotApplicable,
}

impl FundsAnswer {
    /// In the table's words.
    pub fn chinese(self) -> &'static str {
        match self {
            FundsAnswer::Yes => "是",
            FundsAnswer::No => "否",
            FundsAnswer::NotApplicable => "不适用",
        }
    }
}

/// When a project reaches its intended use: a date (to the day or month), or 不适用 for one
/// that has none (working capital).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadyDate {
    /// The date.
    On(DayOrMonth),
    /// 不适用.
    NotApplicable,
}

impl<'de> Deserialize<'de> for ReadyDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ReadyDate, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Date(DayOrMonth),
            Text(String),
        }
        match Written::deserialize(deserializer)? {
            Written::Date(date) => Ok(ReadyDate::On(date)),
            Written::Text(text) if text == "不适用" => Ok(ReadyDate::NotApplicable),
            Written::Text(text) => Err(serde::de::Error::custom(format!("“{text}”应为日期（如 2025-12-31 或 2025-12）或“不适用”"))),
        }
    }
}

/// The year's uses of raised funds besides the projects' spending, and changes of projects.
/// Each list is `None` where the case does not say and empty where it says there was none.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsUses {
    /// 募投项目先期投入及置换.
    #[serde(default)]
    pub replacements: Option<Vec<FundsDecision>>,
    /// 用闲置募集资金暂时补充流动资金.
    #[serde(default)]
    pub working_capital: Option<Vec<FundsDecision>>,
    /// 对闲置募集资金进行现金管理 (the approvals; the amounts are the ledger's).
    #[serde(default)]
    pub cash_management: Option<Vec<FundsDecision>>,
    /// 超募资金的使用.
    #[serde(default)]
    pub over_raised: Option<Vec<FundsDecision>>,
    /// 节余募集资金的使用.
    #[serde(default)]
    pub surplus: Option<Vec<FundsDecision>>,
    /// 变更募集资金投资项目.
    #[serde(default)]
    pub changes: Option<Vec<FundsDecision>>,
}

/// A decision on raised funds: when, by which body, how much, and for what.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsDecision {
    /// When it was approved.
    pub approved: DayOrMonth,
    /// The body that approved it: 第二届董事会第五次会议.
    pub approved_by: String,
    /// The amount (a limit, for cash management and working capital).
    pub amount: Amount,
    /// What for: the new project of a change, the use of surplus or over-raised funds.
    #[serde(default)]
    pub purpose: Option<String>,
}

/// The auditor's assurance report (鉴证报告) on the company's special report on how its
/// raised funds were kept and used in a year, which the sponsor's opinion cites.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assurance {
    /// The accounting firm: 容诚会计师事务所（特殊普通合伙）.
    pub auditor: String,
    /// The report's number: 容诚专字[2024]100Z0001号.
    pub report: String,
    /// Its conclusion, as the report words it.
    pub conclusion: String,
}

/// A product bought with idle raised funds.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CashManagementProduct {
    /// What it is: 大额存单, 结构性存款 …
    pub product: String,
    /// Where.
    #[serde(default)]
    pub bank: Option<String>,
    /// How much.
    pub amount: Amount,
    /// First day.
    pub start: Date,
    /// Maturity.
    pub end: Date,
}

/// The offering: approval, size, price, fees, arrival and verification.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    /// 中国证券监督管理委员会.
    pub approval_authority: String,
    /// 证监许可[2021]351号.
    pub approval_number: String,
    /// 《关于同意…注册的批复》.
    pub approval_title: String,
    /// When the shares were offered.
    pub issued: DayOrMonth,
    /// 人民币普通股（A 股）.
    #[serde(default = "Offering::default_share_class")]
    pub share_class: String,
    /// Shares offered.
    pub shares_offered: Shares,
    /// Offer price per share.
    pub price: Price,
    /// 募集资金总额 as stated; dudao computes shares × price and warns if they differ.
    #[serde(default)]
    pub gross_proceeds: Option<Amount>,
    /// 发行费用.
    pub issuance_fees: Amount,
    /// 实际募集资金金额 as stated; dudao computes gross − fees and warns if they differ.
    #[serde(default)]
    pub net_proceeds: Option<Amount>,
    /// When the funds arrived.
    pub arrived: DayOrMonth,
    /// The accounting firm that verified the arrival.
    pub verified_by: String,
    /// Its report: 容诚验字[2021]100Z0010号《验资报告》.
    pub verification_report: String,
}

impl Offering {
    fn default_share_class() -> String {
        "人民币普通股（A 股）".to_owned()
    }

    /// 募集资金总额 as dudao computes it: shares offered × price, in 元.
    pub fn gross_proceeds_computed(&self) -> rust_decimal::Decimal {
        self.shares_offered.count() * self.price.yuan()
    }

    /// 实际募集资金金额 as dudao computes it: gross − fees, in 元.
    pub fn net_proceeds_computed(&self) -> rust_decimal::Decimal {
        self.gross_proceeds_computed() - self.issuance_fees.yuan()
    }
}

/// A special account and its balances at period ends.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankAccount {
    /// Bank and branch.
    pub bank: String,
    /// Account number, as text (leading zeros matter).
    pub number: String,
    /// Balance at each period end, keyed by date (`2023-12-31 = "6.6329万"`).
    #[serde(default)]
    pub balances: BTreeMap<String, Amount>,
}

/// The movements of raised funds over one fiscal year.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerYear {
    /// Special-account balance at the previous year end.
    pub opening_balance: Fact<Amount>,
    /// Cash-management balance at the previous year end.
    #[serde(default)]
    pub opening_cash_management: Option<Fact<Amount>>,
    /// 利息收入扣减手续费净额.
    pub interest_net_of_fees: Fact<Amount>,
    /// 募投项目支出.
    pub project_spending: Fact<Amount>,
    /// Money moved into cash management during the year.
    #[serde(default)]
    pub cash_management_purchased: Option<Fact<Amount>>,
    /// Money redeemed from cash management during the year.
    #[serde(default)]
    pub cash_management_redeemed: Option<Fact<Amount>>,
    /// Special-account balance at year end, as stated; dudao computes it.
    #[serde(default)]
    pub closing_balance: Option<Fact<Amount>>,
    /// Cash-management balance at year end, as stated; dudao computes it.
    #[serde(default)]
    pub closing_cash_management: Option<Fact<Amount>>,
    /// The total of the special accounts at year end, as stated; dudao adds the accounts.
    #[serde(default)]
    pub accounts_total: Option<Fact<Amount>>,
    /// 累计使用募集资金 at year end.
    pub cumulative_use: Fact<Amount>,
    /// 募集资金余额 (net proceeds not yet used) as stated; dudao computes net − cumulative use.
    #[serde(default)]
    pub unused: Option<Fact<Amount>>,
    /// What the idle funds were placed in: 大额存单、通知存款和协定存款.
    #[serde(default)]
    pub cash_management_products: Option<String>,
}

/// `shareholders.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareholdersFile {
    /// The controlling shareholders and actual controllers.
    #[serde(default)]
    pub controllers: Option<Controllers>,
    /// Direct holdings at dates.
    #[serde(default)]
    pub holdings: Vec<Fact<Holding>>,
    /// Indirect holdings at dates.
    #[serde(default)]
    pub indirect_holdings: Vec<Fact<IndirectHolding>>,
    /// Pledges and freezes; `None` when the case does not say (a report then cannot state
    /// that there are none), an empty list when it says there are none.
    #[serde(default)]
    pub encumbrances: Option<Vec<Fact<Encumbrance>>>,
    /// Directors', supervisors' and executives' holdings over a year.
    #[serde(default)]
    pub insiders: Vec<Fact<InsiderHolding>>,
    /// Who is who, for the reduction and insider rules.
    #[serde(default)]
    pub parties: Vec<Fact<Party>>,
    /// Parties acting in concert (一致行动人), whose sales and holdings the reduction rules
    /// count together; the controllers' concert agreement makes one more group.
    #[serde(default)]
    pub concert_groups: Vec<Fact<ConcertGroup>>,
    /// The sponsor's remarks on holdings, by year.
    #[serde(default)]
    pub remarks: BTreeMap<String, HoldingRemarks>,
}

/// Someone the reduction and insider rules may bind, with their roles.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Full name, as in events.
    pub name: String,
    /// A short name the sources use.
    #[serde(default)]
    pub short_name: Option<String>,
    /// What they are to the company.
    pub roles: Vec<Role>,
    /// When they left their position, for directors, executives and core technical staff.
    #[serde(default)]
    pub left: Option<Date>,
    /// Pre-IPO shares held at listing, for the STAR yearly caps on core technical staff.
    #[serde(default)]
    pub pre_ipo_shares: Option<Shares>,
}

/// What a party is to the company, for the rules that bind them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 控股股东.
    ControllingShareholder,
    /// 实际控制人.
    ActualController,
    /// Holder of 5% or more (持股 5% 以上股东).
    MajorShareholder,
    /// 董事.
    Director,
    /// 监事.
    Supervisor,
    /// 高级管理人员.
    Executive,
    /// 核心技术人员.
    CoreTechnicalStaff,
    /// Holder of pre-IPO shares (首发前股份).
    PreIpoHolder,
}

impl Role {
    /// The identifier used in case files and rule parameters.
    pub fn id(self) -> &'static str {
        match self {
            Role::ControllingShareholder => "controlling_shareholder",
            Role::ActualController => "actual_controller",
            Role::MajorShareholder => "major_shareholder",
            Role::Director => "director",
            Role::Supervisor => "supervisor",
            Role::Executive => "executive",
            Role::CoreTechnicalStaff => "core_technical_staff",
            Role::PreIpoHolder => "pre_ipo_holder",
        }
    }

    /// The Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            Role::ControllingShareholder => "控股股东",
            Role::ActualController => "实际控制人",
            Role::MajorShareholder => "持股 5% 以上股东",
            Role::Director => "董事",
            Role::Supervisor => "监事",
            Role::Executive => "高级管理人员",
            Role::CoreTechnicalStaff => "核心技术人员",
            Role::PreIpoHolder => "首发前股东",
        }
    }
}

/// Who controls the company, and how.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Controllers {
    /// The controllers' names.
    pub names: Vec<String>,
    /// 共同控股股东及实际控制人.
    pub relation: String,
    /// The concert agreement, if any.
    #[serde(default)]
    pub concert_agreement: Option<ConcertAgreement>,
}

/// Parties acting in concert (一致行动人), as the 收购管理办法 defines them.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcertGroup {
    /// The parties, by their `[[parties]]` names; two or more.
    pub members: Vec<String>,
    /// Why they act in concert: 《一致行动协议》, 同一控制下的企业, ….
    pub basis: String,
    /// First day in concert, where known; absent, always.
    #[serde(default)]
    pub from: Option<Date>,
    /// Last day in concert, where the relation ended.
    #[serde(default)]
    pub until: Option<Date>,
}

impl ConcertGroup {
    /// Whether the group acts in concert on `date`.
    pub fn on(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date <= until)
    }
}

/// A concert agreement (一致行动协议).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcertAgreement {
    /// 《一致行动协议》.
    pub title: String,
    /// Date signed.
    pub signed: Date,
}

/// A direct holding at a date.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holding {
    /// Holder's name.
    pub holder: String,
    /// As of.
    pub date: Date,
    /// Shares held.
    pub shares: Shares,
    /// The percentage the source states; dudao computes shares ÷ total shares.
    #[serde(default)]
    pub stated_percent: Option<Percent>,
}

/// An indirect holding through other entities.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndirectHolding {
    /// Holder's name.
    pub holder: String,
    /// As of.
    pub date: Date,
    /// The entities held through.
    pub via: Vec<String>,
    /// The look-through percentage.
    pub percent: Percent,
}

/// A pledge or freeze of shares.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Encumbrance {
    /// Holder's name.
    pub holder: String,
    /// As of.
    pub date: Date,
    /// pledge or freeze.
    pub kind: EncumbranceKind,
    /// Shares encumbered.
    pub shares: Shares,
}

/// 质押 or 冻结.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncumbranceKind {
    /// 质押.
    Pledge,
    /// 冻结.
    Freeze,
}

/// A director's, supervisor's or executive's holding over one year.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsiderHolding {
    /// Name.
    pub name: String,
    /// Position: 副经理, 董事会秘书 …
    pub role: String,
    /// The year.
    pub year: i16,
    /// Shares at the start of the year.
    pub opening_shares: Shares,
    /// Shares at the end of the year.
    pub closing_shares: Shares,
    /// Why they changed: 限制性股票归属.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The sponsor's prose in section 十 for one year.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldingRemarks {
    /// A note after the controllers' holdings (注：…).
    #[serde(default)]
    pub controllers: Option<String>,
    /// A closing statement on the other insiders.
    #[serde(default)]
    pub insiders: Option<String>,
}

/// A commitment (承诺): who promised what, in which document.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// A stable id for references from events.
    pub id: String,
    /// Who made it.
    pub by: String,
    /// Where: 招股说明书 …
    pub document: String,
    /// What was promised.
    pub content: String,
    /// When it was made.
    #[serde(default)]
    pub made: Option<DayOrMonth>,
    /// When it ends, if it does.
    #[serde(default)]
    pub until: Option<Date>,
    /// 承诺类型 as the company's report prints it (关于同业竞争方面承诺 …).
    #[serde(default)]
    pub category: Option<String>,
    /// 承诺期限 as printed (长期, 上市之日起36个月 …); `until` is its end where it is a date.
    #[serde(default)]
    pub period: Option<String>,
    /// 履行情况 as the company's latest report states it (严格履行, 正在履行 …).
    #[serde(default)]
    pub status: Option<String>,
    /// What dudao can check of it; `other` (the default) is tracked but not judged.
    #[serde(default)]
    pub terms: CommitmentTerms,
}

/// The checkable terms of a commitment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CommitmentTerms {
    /// To have a reduction plan disclosed `days` days of `day_kind` before selling.
    ReductionNotice {
        /// How many days before the first sale.
        days: u32,
        /// `trading`, `working` or `calendar`.
        day_kind: DayKind,
    },
    /// Not to sell before a date.
    LockUp {
        /// The first day a sale is allowed.
        sell_from: Date,
    },
    /// To do something by a date.
    Action {
        /// The date it is due.
        due: Date,
        /// When it was done, if it was.
        #[serde(default)]
        fulfilled: Option<Date>,
    },
    /// Anything else: recorded, its period tracked, not judged.
    #[default]
    Other,
}

/// `events.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsFile {
    /// Share sales by holders.
    #[serde(default)]
    pub share_sales: Vec<Fact<ShareSale>>,
    /// Share purchases by holders and insiders.
    #[serde(default)]
    pub share_purchases: Vec<Fact<SharePurchase>>,
    /// Disclosed reduction plans.
    #[serde(default)]
    pub reduction_plans: Vec<Fact<ReductionPlan>>,
    /// Other announcements of the company.
    #[serde(default)]
    pub announcements: Vec<Fact<Announcement>>,
}

/// A sale of shares by a holder.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareSale {
    /// A stable id, used by templates: `sales.<id>`.
    pub id: String,
    /// Trade date.
    pub date: Date,
    /// Seller.
    pub holder: String,
    /// Shares sold.
    pub shares: Shares,
    /// How.
    pub method: SaleMethod,
    /// Average price.
    pub average_price: Price,
    /// The amount the source states; dudao computes shares × price.
    #[serde(default)]
    pub stated_amount: Option<Amount>,
    /// The share of total shares the source states; dudao computes it.
    #[serde(default)]
    pub stated_percent: Option<Percent>,
    /// The disclosed reduction plan it was made under, by id; absent if none.
    #[serde(default)]
    pub plan: Option<String>,
    /// Whether the shares sold were acquired through centralized bidding on the market
    /// (some reduction rules exempt them).
    #[serde(default)]
    pub bought_on_market: bool,
}

/// A purchase of shares by a holder or insider.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharePurchase {
    /// Trade date.
    pub date: Date,
    /// Buyer.
    pub holder: String,
    /// Shares bought.
    pub shares: Shares,
    /// Average price, if known.
    #[serde(default)]
    pub average_price: Option<Price>,
}

/// A disclosed reduction plan (减持计划).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReductionPlan {
    /// A stable id, referred to by sales.
    pub id: String,
    /// Who plans to sell.
    pub holder: String,
    /// When the plan was disclosed.
    pub disclosed: Date,
    /// First day of the sale window.
    pub window_start: Date,
    /// Last day of the sale window.
    pub window_end: Date,
    /// When the plan was completed early, if it was.
    #[serde(default)]
    pub completed: Option<Date>,
    /// When the result was disclosed.
    #[serde(default)]
    pub result_disclosed: Option<Date>,
}

/// 减持方式.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleMethod {
    /// 集中竞价.
    CentralizedBidding,
    /// 大宗交易.
    BlockTrade,
    /// 协议转让.
    NegotiatedTransfer,
}

impl SaleMethod {
    /// The Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            SaleMethod::CentralizedBidding => "集中竞价",
            SaleMethod::BlockTrade => "大宗交易",
            SaleMethod::NegotiatedTransfer => "协议转让",
        }
    }
}

/// An announcement of the company.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Announcement {
    /// A stable id, used by templates: `announcements.<id>`.
    pub id: String,
    /// Date published.
    pub date: Date,
    /// Title, with its book-title marks.
    pub title: String,
    /// What kind of disclosure it is; periodic reports start the sponsor's clocks.
    #[serde(default)]
    pub kind: DisclosureKind,
    /// The fiscal year a periodic report covers.
    #[serde(default)]
    pub year: Option<i16>,
    /// Whether the sponsor reviewed it before it was disclosed (事前审阅).
    #[serde(default)]
    pub reviewed_in_advance: bool,
    /// When the sponsor finished reviewing it, if afterwards (事后审阅).
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// Who at the sponsor reviewed it.
    #[serde(default)]
    pub reviewer: Option<String>,
    /// For a periodic report published later than booked: the date first booked with the
    /// exchange (原预约披露日期), from which insiders' window periods then count.
    #[serde(default)]
    pub scheduled: Option<Date>,
    /// The share sales (`share_sales` ids) it discloses, for the duties that a sale starts
    /// (a 5% holder's 1% step).
    #[serde(default)]
    pub discloses: Vec<String>,
}

/// The kind of a company disclosure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureKind {
    /// 年度报告.
    AnnualReport,
    /// 半年度报告.
    SemiannualReport,
    /// 季度报告.
    QuarterlyReport,
    /// 业绩预告.
    ResultsForecast,
    /// 业绩快报.
    PreliminaryResults,
    /// Any other announcement (临时公告).
    #[default]
    Other,
}

/// `worklog/YEAR.toml`: the sponsor's work in one year.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkLog {
    /// The sponsor's account of each work item of the company's tracking report, keyed by
    /// the items of its board ([`Board::work_items`]): `"1"`…`"16"` for the SSE's form,
    /// `"1.1"`…`"other.3"` for the SZSE's table.
    #[serde(default)]
    pub items: BTreeMap<String, Fact<String>>,
    /// The sponsor's statement that every commitment in force in the period was kept,
    /// except those `check` found broken (the SZSE table's section 三); only `true` is
    /// written: a broken commitment is recorded as a violation.
    #[serde(default)]
    pub commitments_kept: Option<bool>,
    /// Problems found and their rectification (section 二); `None` when the work log does
    /// not say, `problems = []` when the sponsor found none.
    #[serde(default)]
    pub problems: Option<Vec<Fact<Problem>>>,
    /// What the sponsor made of each error `check` found in the period: the tracking
    /// report's section 二 lists every one, or says where the sponsor accounted for it.
    #[serde(default)]
    pub dispositions: Vec<Fact<Disposition>>,
    /// On-site inspections.
    #[serde(default)]
    pub inspections: Vec<Fact<Inspection>>,
    /// Trainings given to the company's directors, supervisors, executives and controllers.
    #[serde(default)]
    pub trainings: Vec<Fact<Training>>,
    /// Documents the sponsor published for this year.
    #[serde(default)]
    pub publications: Vec<Fact<Publication>>,
    /// Violations and broken commitments the sponsor found, and when it reported them.
    #[serde(default)]
    pub violations: Vec<Fact<Violation>>,
    /// Situations requiring a special on-site inspection, and when it was made.
    #[serde(default)]
    pub special_situations: Vec<Fact<SpecialSituation>>,
}

impl WorkLog {
    /// The field of work item `key`, as messages and `drafts.toml` name it: `items.10`, and
    /// quoted where the key has a dot, `items."1.1"`.
    pub fn item_field(key: &str) -> String {
        if key.chars().all(|c| c.is_ascii_digit()) { format!("items.{key}") } else { format!("items.\"{key}\"") }
    }

    /// How a form numbers work item `key`: `5（1）`, `9`, `四、1` (the SZSE table's 四、其他事项).
    pub fn item_label(key: &str) -> String {
        match (key.strip_prefix("other."), key.split_once('.')) {
            (Some(n), _) => format!("四、{n}"),
            (None, Some((item, sub))) => format!("{item}（{sub}）"),
            (None, None) => key.to_owned(),
        }
    }
}

/// A training session.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// When it was held.
    pub date: Date,
    /// Who attended, what it covered.
    #[serde(default)]
    pub summary: Option<String>,
}

/// A document the sponsor published.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Which document.
    pub kind: PublicationKind,
    /// When it was published.
    pub published: Date,
}

/// The documents a sponsor publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    /// 年度持续督导跟踪报告.
    AnnualTrackingReport,
    /// 半年度持续督导跟踪报告.
    SemiannualTrackingReport,
    /// 募集资金存放与使用情况的专项核查报告.
    FundsVerification,
    /// 现场检查报告.
    InspectionReport,
    /// 保荐总结报告书.
    ClosingReport,
}

/// A violation or broken commitment the sponsor found.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    /// What happened.
    pub summary: String,
    /// The event it concerns, by id (a share sale, say).
    #[serde(default)]
    pub event: Option<String>,
    /// When the sponsor found it, or should have.
    #[serde(default)]
    pub discovered: Option<Date>,
    /// When the sponsor reported it to the exchange.
    #[serde(default)]
    pub reported: Option<Date>,
}

/// A situation requiring a special on-site inspection.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialSituation {
    /// What happened.
    pub summary: String,
    /// When the sponsor knew of it, or should have.
    #[serde(default)]
    pub known: Option<Date>,
    /// When the special inspection was made.
    #[serde(default)]
    pub inspected: Option<Date>,
}

/// A problem the sponsor found, and what was done about it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// What was found.
    pub finding: String,
    /// How it was rectified.
    pub rectification: String,
    /// The matter of the SZSE table's section 二 it belongs to, 1 (信息披露) to 11 (其他).
    #[serde(default)]
    pub matter: Option<u8>,
}

/// The sponsor's disposition of a finding of dudao's `check`: handled (the action taken) or
/// not applicable (why). A finding without one is pending (待处理); every error of a
/// period needs one before the period's tracking report is final.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disposition {
    /// The rule of the finding (`commitment.breach`).
    pub rule: String,
    /// The finding's date, where the rule found more than one in the period.
    #[serde(default)]
    pub date: Option<Date>,
    /// Which of the rule's findings of that date, where it found several
    /// ([`crate::Finding::about`]: 完成年度现场检查（2019年度）).
    #[serde(default)]
    pub about: Option<String>,
    /// Handled (the default) or not applicable.
    #[serde(default)]
    pub status: DispositionStatus,
    /// The sponsor's account: what was done, or where the report deals with it; for a
    /// finding not applicable, why.
    pub account: String,
    /// Whether section 二 lists it as a problem found (with the account as its
    /// rectification); `false` when the report accounts for it elsewhere.
    pub in_report: bool,
    /// For a problem listed in the SZSE table's section 二: its matter, 1 to 11.
    #[serde(default)]
    pub matter: Option<u8>,
}

/// What the sponsor made of a finding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispositionStatus {
    /// 已处理: the account says what was done.
    #[default]
    Handled,
    /// 不适用: the account says why the finding does not apply (it is left out of the
    /// documents' problems).
    NotApplicable,
}

impl Disposition {
    /// Whether this disposes of `finding`.
    pub fn covers(&self, finding: &crate::Finding) -> bool {
        self.rule == finding.rule && self.date.is_none_or(|d| Some(d) == finding.date) && self.about.as_ref().is_none_or(|a| finding.about.as_ref() == Some(a))
    }
}

/// An on-site inspection.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// First day on site, where the work log records it.
    #[serde(default)]
    pub date: Option<Date>,
    /// Last day on site: a special inspection's report is due from it (科创板 3.2.14).
    #[serde(default)]
    pub ended: Option<Date>,
    /// When the inspection's report was published.
    #[serde(default)]
    pub published: Option<Date>,
    /// regular or special.
    pub kind: InspectionKind,
    /// What was checked and concluded.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who was on site (现场检查人员).
    #[serde(default)]
    pub inspectors: Vec<String>,
    /// The SZSE checklist's answers by section (`"一"` … `"八"`): each section's 现场检查手段
    /// and its items' answers by number. The items' wording is the exchange's, held by the
    /// form; the case holds only what the sponsor found.
    #[serde(default)]
    pub checklist: BTreeMap<String, ChecklistSection>,
    /// 现场检查发现的问题及说明 (SZSE form); needed where an item is answered `no`.
    #[serde(default)]
    pub issues: Option<String>,
    /// 现场检查手段 of the whole inspection (SSE form, 一).
    #[serde(default)]
    pub methods: Option<String>,
    /// The sponsor's opinion on each matter inspected (SSE form, 二).
    #[serde(default)]
    pub opinions: InspectionOpinions,
    /// 提请上市公司注意的事项及建议 (SSE form, 三).
    #[serde(default)]
    pub suggestions: Option<String>,
    /// Whether there is anything to report to the CSRC and the exchange, and what (SSE
    /// form, 四).
    #[serde(default)]
    pub reportable: Option<String>,
    /// 上市公司及其他中介机构的配合情况 (SSE form, 五).
    #[serde(default)]
    pub cooperation: Option<String>,
    /// 本次现场检查的结论 (SSE form, 六).
    #[serde(default)]
    pub conclusion: Option<String>,
}

/// A section of the SZSE checklist as the sponsor worked through it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSection {
    /// 现场检查手段: how it was checked.
    #[serde(default)]
    pub methods: Option<String>,
    /// The answer to each item, by its number in the template (`"7"`).
    #[serde(default)]
    pub answers: BTreeMap<String, ChecklistAnswer>,
}

/// The sponsor's opinions of the SSE form's section 二, one per matter, in its words.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionOpinions {
    /// （一）公司治理和内部控制情况.
    #[serde(default)]
    pub governance: Option<String>,
    /// （二）信息披露情况.
    #[serde(default)]
    pub disclosure: Option<String>,
    /// （三）公司的独立性以及与控股股东、实际控制人及其他关联方资金往来情况.
    #[serde(default)]
    pub independence: Option<String>,
    /// （四）募集资金使用情况.
    #[serde(default)]
    pub funds: Option<String>,
    /// （五）关联交易、对外担保、重大对外投资情况.
    #[serde(default)]
    pub transactions: Option<String>,
    /// （六）经营状况.
    #[serde(default)]
    pub operations: Option<String>,
}

/// An answer of the checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistAnswer {
    /// 是.
    Yes,
    /// 否.
    No,
    /// 不适用.
    NotApplicable,
}

/// 现场检查 or 专项现场检查.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    /// 定期现场检查.
    Regular,
    /// 专项现场检查.
    Special,
}

/// The sponsor's prose for one year's report, one Markdown file per section.
#[derive(Clone, Debug, Default)]
pub struct Narrative {
    /// File stem (`risks`) → Markdown text.
    pub sections: BTreeMap<String, Fact<String>>,
}

impl Narrative {
    /// The narrative files a tracking report needs, with what each holds.
    pub const SECTIONS: &[(&str, &str)] = &[
        ("risks", "三、重大风险事项"),
        ("violations", "四、重大违规事项"),
        ("financial_changes", "五、主要财务指标的变动原因及合理性"),
        ("competitiveness", "六、核心竞争力变化情况"),
        ("rd", "七、研发投入变化及研发进展"),
        ("new_business", "八、新增业务进展是否与前期信息披露一致"),
        ("funds_compliance", "九（二）、募集资金合规情况"),
        ("other_matters", "十一、其他事项"),
    ];

    /// The narrative files of the SSE main board's annual report (持续督导年度报告书) beyond
    /// the duties' table; its section 三 is `violations`, as the STAR report's 四.
    pub const SSE_MAIN_SECTIONS: &[(&str, &str)] = &[("disclosure_review", "二、保荐机构对上市公司信息披露审阅的情况")];

    /// The sponsor's own words of the 募集资金 opinion of a year, which dudao cannot draft:
    /// that it found no problem, the work it did, and its conclusion.
    pub const FUNDS_OPINION_SECTIONS: &[(&str, &str)] =
        &[("funds_problems", "五、募集资金使用及披露中存在的问题"), ("funds_work", "七、保荐机构的核查工作"), ("funds_conclusion", "八、保荐机构核查意见")];

    /// The narrative files the closing report (保荐总结报告书) needs, in the folder of the
    /// supervision's last year.
    pub const CLOSING_SECTIONS: &[(&str, &str)] = &[
        ("closing_work", "四、保荐工作概述"),
        ("closing_events", "五、履行保荐职责期间发生的重大事项及处理情况"),
        ("closing_cooperation", "六、对上市公司配合保荐工作情况的说明及评价"),
        ("closing_intermediaries", "七、对证券服务机构参与证券发行上市相关工作情况的说明及评价"),
        ("closing_disclosure", "八、对上市公司信息披露审阅的结论性意见"),
        ("closing_other", "十、中国证监会、证券交易所要求的其他事项"),
    ];
}

/// A STAR listing standard: 科创板上市规则 2.1.2 第一至五项.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListingStandard(pub u8);

impl ListingStandard {
    /// The fifth standard: research-based companies (研发型上市公司) with a large market value
    /// and a product in trials, which may list without revenue.
    pub fn is_research_based(self) -> bool {
        self.0 == 5
    }
}

impl<'de> Deserialize<'de> for ListingStandard {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ListingStandard, D::Error> {
        let number = i64::deserialize(deserializer)?;
        match u8::try_from(number) {
            Ok(n @ 1..=5) => Ok(ListingStandard(n)),
            _ => Err(serde::de::Error::custom(format!("科创板上市标准应为 1 到 5（科创板上市规则第 2.1.2 条第一至五项），此处为 {number}"))),
        }
    }
}

/// `market.toml`: daily closing prices, back-adjusted (收盘价，向后复权), as the 2024 bans
/// on controllers' sales below the issue price or net assets per share compare them.
#[derive(Clone, Debug, Default)]
pub struct Market {
    /// Closing price by trading day.
    pub closes: BTreeMap<Date, Fact<Price>>,
}

/// `market.toml` as written: dates as keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarketFile {
    #[serde(default)]
    pub(crate) closes: BTreeMap<String, Fact<Price>>,
}
