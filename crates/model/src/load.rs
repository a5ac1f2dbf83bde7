//! Reading a case folder into a [`Case`], or a [`InputError`] that names the file, line
//! and field and says what was expected.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;

use crate::case::{Case, Commitment, CommitmentTerms, CompanyFile, EventsFile, FundsFile, Market, MarketFile, Narrative, ShareholdersFile, WorkLog};
use crate::date::Date;
use crate::fact::{self, Fact, Origin};
use crate::period::Period;

/// Why an input file (a case file, a calendar file, …) could not be read: a located,
/// human-readable error in Chinese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file, as given on the command line joined with the case file name.
    pub file: PathBuf,
    /// 1-based line, where known.
    pub line: Option<u32>,
    /// 1-based column, where known.
    pub column: Option<u32>,
    /// The field, as a dotted path (`2023.revenue`, `accounts[0].number`).
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl InputError {
    /// An error about a fact already loaded, pointing at where it was written.
    pub fn at(case_dir: &Path, origin: &Origin, field: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError { file: case_dir.join(&*origin.file), line: Some(origin.line), column: None, field: Some(field.into()), message: message.into() }
    }

    /// An error about a whole file (it cannot be read, or something is missing from it).
    pub fn in_file(file: PathBuf, message: impl Into<String>) -> InputError {
        InputError { file, line: None, column: None, field: None, message: message.into() }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        f.write_str("：")?;
        if let Some(field) = &self.field {
            write!(f, "字段 {field}：")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}

/// The files of a case, by path relative to the case folder (`company.toml`,
/// `worklog/2023.toml`, `narrative/2023/risks.md`), as text. A case lives in a folder or,
/// for the team workbench, in a database; either way it is these files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFiles {
    files: BTreeMap<String, String>,
}

/// The TOML files a case folder may hold at its top level.
pub const CASE_TOML_FILES: &[&str] =
    &["company.toml", "financials.toml", "funds.toml", "shareholders.toml", "commitments.toml", "events.toml", "market.toml", "sources.toml", "drafts.toml"];

impl CaseFiles {
    /// Reads the case files of folder `dir`: the top-level TOML files and everything under
    /// `worklog/` and `narrative/`. Other top-level files (notes, a README) are not part of
    /// the case.
    pub fn read(dir: &Path) -> Result<CaseFiles, InputError> {
        if !dir.is_dir() {
            return Err(InputError::in_file(dir.to_owned(), "案卷目录不存在：应为包含 company.toml 的目录"));
        }
        let mut reader = CaseReader::new(dir)?;
        let mut files = BTreeMap::new();
        for entry in sorted_entries(dir)? {
            let name = entry.file_name().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            if (name == "worklog" || name == "narrative") && reader.kind(&entry)? == Entry::Folder {
                reader.collect(dir, &entry, &mut files)?;
            } else if entry.extension().and_then(|e| e.to_str()) == Some("toml") && reader.kind(&entry)? == Entry::File {
                files.insert(name, reader.read(&entry)?);
            }
        }
        Ok(CaseFiles { files })
    }

    /// Whether the file at `path` (relative, `/`-separated) of a case folder is part of the
    /// case, as `read` takes them: a top-level TOML file, or one under `worklog/` or
    /// `narrative/`. Whether the case then accepts it is `parse_case`'s to say.
    pub fn holds(path: &str) -> bool {
        match path.split_once('/') {
            None => path.ends_with(".toml"),
            Some((top, _)) => top == "worklog" || top == "narrative",
        }
    }

    /// Case files given as `(relative path, text)` pairs, as a store keeps them.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> CaseFiles {
        CaseFiles { files: pairs.into_iter().collect() }
    }

    /// The text of `path`, if the case has that file.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Sets the text of `path`.
    pub fn set(&mut self, path: &str, text: String) {
        self.files.insert(path.to_owned(), text);
    }

    /// Every file, by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }

    /// Writes the files under folder `dir` (creating it), each through a temporary file
    /// and a rename. Every path must stay inside `dir` (relative, no `..`): paths come from
    /// a database too, and one that does not is refused (`InvalidData`, naming it) before
    /// anything is written.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let outside = |path: &str| path.is_empty() || !Path::new(path).components().all(|c| matches!(c, std::path::Component::Normal(_)));
        if let Some(path) = self.files.keys().find(|path| outside(path)) {
            let message = format!("案卷文件路径“{path}”会写到 {} 之外（应为其中的相对路径，不含 ..），未写入任何文件", dir.display());
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, message));
        }
        for (path, text) in &self.files {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            let temporary = target.with_extension("dudao-tmp");
            fs::write(&temporary, text)?;
            fs::rename(&temporary, &target)?;
        }
        Ok(())
    }
}

/// What a path in a case folder is, once it is known to be one dudao may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Folder,
    File,
}

/// The limits a case is read within, in MiB: each file, and the whole case. A user may
/// raise them with `DUDAO_MAX_CASE_FILE_MB` and `DUDAO_MAX_CASE_MB`.
const MAX_FILE_MB: u64 = 8;
const MAX_CASE_MB: u64 = 64;

fn limit(variable: &str, default: u64) -> u64 {
    std::env::var(variable).ok().and_then(|v| v.trim().parse::<u64>().ok()).filter(|mb| *mb > 0).unwrap_or(default) << 20
}

/// Reads a case folder's files: only regular files inside the folder (a symbolic link may
/// point within it), never a device, a pipe or a socket, never more than the limits — so a
/// case can neither hang dudao nor make it read without bound.
struct CaseReader {
    root: PathBuf,
    max_file: u64,
    max_case: u64,
    read: u64,
}

impl CaseReader {
    fn new(dir: &Path) -> Result<CaseReader, InputError> {
        let root = fs::canonicalize(dir).map_err(|e| InputError::in_file(dir.to_owned(), format!("无法读取目录（{e}）")))?;
        Ok(CaseReader { root, max_file: limit("DUDAO_MAX_CASE_FILE_MB", MAX_FILE_MB), max_case: limit("DUDAO_MAX_CASE_MB", MAX_CASE_MB), read: 0 })
    }

    /// Whether `path` is a folder or a regular file dudao may read; an error naming it
    /// otherwise.
    fn kind(&self, path: &Path) -> Result<Entry, InputError> {
        let refuse = |message: String| Err(InputError::in_file(path.to_owned(), message));
        let link = fs::symlink_metadata(path).map_err(|e| InputError::in_file(path.to_owned(), format!("无法读取（{e}）")))?;
        if link.file_type().is_symlink() {
            match fs::canonicalize(path) {
                Ok(target) if target.starts_with(&self.root) => {}
                Ok(target) => return refuse(format!("符号链接指向案卷目录之外（{}）：案卷只读取案卷目录内的文件", target.display())),
                Err(e) => return refuse(format!("符号链接无法解析（{e}）")),
            }
        }
        let metadata = fs::metadata(path).map_err(|e| InputError::in_file(path.to_owned(), format!("无法读取（{e}）")))?;
        if metadata.is_dir() {
            Ok(Entry::Folder)
        } else if metadata.is_file() {
            Ok(Entry::File)
        } else {
            refuse("不是普通文件（设备、命名管道或套接字）：案卷只读取普通文件".to_owned())
        }
    }

    /// The text of the regular file `path`, within the limits.
    fn read(&mut self, path: &Path) -> Result<String, InputError> {
        let refuse = |message: String| InputError::in_file(path.to_owned(), message);
        let file = fs::File::open(path).map_err(|e| refuse(format!("无法读取文件（{e}）")))?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, self.max_file + 1), &mut bytes).map_err(|e| refuse(format!("无法读取文件（{e}）")))?;
        if bytes.len() as u64 > self.max_file {
            return Err(refuse(format!("文件超过 {} MiB：案卷文件应为手工编辑的文本（可用环境变量 DUDAO_MAX_CASE_FILE_MB 调高上限）", self.max_file >> 20)));
        }
        self.read += bytes.len() as u64;
        if self.read > self.max_case {
            return Err(refuse(format!("案卷合计超过 {} MiB（可用环境变量 DUDAO_MAX_CASE_MB 调高上限）", self.max_case >> 20)));
        }
        String::from_utf8(bytes).map_err(|_| refuse("不是 UTF-8 编码的文本：案卷文件应以 UTF-8 保存".to_owned()))
    }

    /// Adds the files under `sub` (a folder inside the case folder `root`) to `files`.
    fn collect(&mut self, root: &Path, sub: &Path, files: &mut BTreeMap<String, String>) -> Result<(), InputError> {
        for entry in sorted_entries(sub)? {
            match self.kind(&entry)? {
                Entry::Folder => self.collect(root, &entry, files)?,
                Entry::File => {
                    let relative = entry.strip_prefix(root).unwrap_or(&entry);
                    let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                    files.insert(key, self.read(&entry)?);
                }
            }
        }
        Ok(())
    }
}

/// Loads the case in folder `dir`.
///
/// `company.toml` is required; every other file is optional and, when absent, holds
/// nothing. Whether a given document has the facts it needs is for that document to say.
pub fn load_case(dir: &Path) -> Result<Case, InputError> {
    parse_case(dir, &CaseFiles::read(dir)?)
}

/// The most representatives a sponsor lists.
const MAX_REPRESENTATIVES: usize = 10;

/// Parses case `files`; errors name their files under `dir` (the folder, or a label for a
/// case kept elsewhere).
pub fn parse_case(dir: &Path, files: &CaseFiles) -> Result<Case, InputError> {
    for (path, text) in files.iter() {
        check_path(dir, path)?;
        printable(dir, path, text)?;
    }
    let company: CompanyFile = parse_file(dir, files, "company.toml")?
        .ok_or_else(|| InputError::in_file(dir.join("company.toml"), "缺少必需的案卷文件 company.toml（公司、保荐机构与股本信息）"))?;
    // Two representatives sign; a few more where they changed. A list of thousands is a
    // mistake (or an attack on the document writers), refused here.
    if let Some(sponsor) = &company.sponsor
        && sponsor.representatives.len() > MAX_REPRESENTATIVES
    {
        let message =
            format!("保荐代表人有 {} 名：一份文书由两名保荐代表人签字，更换的亦不过数名（至多 {MAX_REPRESENTATIVES} 名）", sponsor.representatives.len());
        return Err(InputError { file: dir.join("company.toml"), line: None, column: None, field: Some("sponsor.representatives".into()), message });
    }
    let mut financials = BTreeMap::new();
    let by_key: BTreeMap<String, Fact<crate::case::FiscalYear>> = parse_file(dir, files, "financials.toml")?.unwrap_or_default();
    for (key, year) in by_key {
        let period = Period::parse(&key)
            .map_err(|_| InputError::at(dir, year.origin(), key.clone(), format!("“{key}”不是有效的报告期：表名应为四位年份如 [2023]，或半年度如 [2024H1]")))?;
        financials.insert(period, year);
    }
    let funds: Option<FundsFile> = parse_file(dir, files, "funds.toml")?;
    if let Some(funds) = &funds {
        for (key, ledger) in &funds.ledger {
            if Period::parse(key).is_err() {
                let message = format!("“{key}”不是有效的报告期：表名应为四位年份如 [ledger.2023]，或半年度如 [ledger.2024H1]");
                return Err(InputError::at(dir, ledger.origin(), format!("ledger.{key}"), message));
            }
        }
        for (i, account) in funds.accounts.iter().enumerate() {
            if let Some(bad) = account.balances.keys().find(|date| crate::date::Date::parse(date).is_err()) {
                let message = format!("“{bad}”不是有效的日期：余额应按真实存在的日期列示，如 2023-12-31 = \"6.6329万\"");
                return Err(InputError::at(dir, account.origin(), format!("accounts[{i}].balances"), message));
            }
        }
        for (key, assurance) in &funds.assurance {
            parse_year_key(dir, assurance.origin(), &format!("assurance.{key}")).map(|_| ())?;
        }
    }
    let shareholders: ShareholdersFile = parse_file(dir, files, "shareholders.toml")?.unwrap_or_default();
    let commitments = parse_file::<CommitmentsFile>(dir, files, "commitments.toml")?.unwrap_or_default().commitments;
    let events = parse_events(dir, files)?;
    check_references(dir, &shareholders, &commitments, &events)?;
    let market = parse_market(dir, files)?;
    check_plausible(dir, &company, &shareholders, &events, funds.as_ref(), &market)?;
    crate::sources::read_sources(dir, files)?;

    let mut worklogs = BTreeMap::new();
    let mut narratives: BTreeMap<Period, Narrative> = BTreeMap::new();
    for (path, text) in files.iter() {
        if let Some(rest) = path.strip_prefix("worklog/") {
            let Ok(period) = Period::parse(rest.trim_end_matches(".toml")) else { continue };
            let log: WorkLog = parse_toml(&dir.join(path), path, text)?;
            let board = company.company.board;
            let known = board.work_items();
            for (key, item) in &log.items {
                if !known.contains(&key.as_str()) {
                    let message = format!("{}公司跟踪报告的工作事项编号应为 {}", board.chinese(), known.join("、"));
                    return Err(InputError::at(dir, item.origin(), format!("items.{key}"), message));
                }
            }
            for problem in log.problems.iter().flatten() {
                if problem.matter.is_some_and(|m| !(1..=11).contains(&m)) {
                    return Err(InputError::at(dir, problem.origin(), "problems.matter", "事项编号应为 1 到 11（深交所跟踪报告“二”的事项）"));
                }
            }
            for disposition in &log.dispositions {
                if disposition.matter.is_some_and(|m| !(1..=11).contains(&m)) {
                    return Err(InputError::at(dir, disposition.origin(), "dispositions.matter", "事项编号应为 1 到 11（深交所跟踪报告“二”的事项）"));
                }
                if disposition.status == crate::DispositionStatus::NotApplicable && disposition.in_report {
                    let message = "不适用的核查结果不列入“发现的问题及整改情况”：status = \"not_applicable\" 时 in_report 应为 false";
                    return Err(InputError::at(dir, disposition.origin(), "dispositions.in_report", message));
                }
            }
            if log.commitments_kept == Some(false) {
                let message = "commitments_kept 只写 true（全部承诺均已履行，核查发现的除外）；未履行的承诺请记入 [[violations]]";
                return Err(InputError { file: dir.join(path), line: None, column: None, field: Some("commitments_kept".into()), message: message.into() });
            }
            worklogs.insert(period, log);
        } else if let Some(rest) = path.strip_prefix("narrative/") {
            let (year, file) = rest.split_once('/').expect("checked by check_path");
            let stem = file.trim_end_matches(".md").to_owned();
            let origin = Origin::at_line(path, 1);
            let Ok(period) = Period::parse(year) else { continue };
            // An empty file says nothing: the section is still to be written (a gap).
            if text.trim().is_empty() {
                continue;
            }
            narratives.entry(period).or_default().sections.insert(stem, Fact::new(text.to_owned(), origin));
        }
    }

    let drafts = crate::drafts::read_drafts(dir, files)?;
    Ok(Case { company, financials, funds, shareholders, commitments, events, market, worklogs, narratives, drafts })
}

/// Every name or id one fact uses to point at another must find it: the rules that bind a
/// seller read the seller's roles, and a sale's plan or an announcement's sales decide
/// whether a duty was met, so a misspelt reference would silently drop a finding.
fn check_references(dir: &Path, shareholders: &ShareholdersFile, commitments: &[Fact<Commitment>], events: &EventsFile) -> Result<(), InputError> {
    // Sets, not scans: a shareholder base or an insider screen holds many thousand trades.
    let parties: HashSet<&str> = shareholders.parties.iter().flat_map(|p| std::iter::once(p.name.as_str()).chain(p.short_name.as_deref())).collect();
    let is_party = |name: &str| parties.contains(name);
    let unknown_party = |what: &str, name: &str| {
        format!("{what}“{name}”未在 shareholders.toml 的 [[parties]] 中登记：请按 name 或 short_name 填写，或先登记该方（无特殊身份可写 roles = []）")
    };
    let sale_ids = distinct_ids(dir, "share_sales", "每笔减持", events.share_sales.iter().map(|s| (s.id.as_str(), s.origin())))?;
    distinct_ids(dir, "announcements", "每条公告", events.announcements.iter().map(|a| (a.id.as_str(), a.origin())))?;
    let plan_ids: HashSet<&str> = events.reduction_plans.iter().map(|p| p.id.as_str()).collect();
    for (i, sale) in events.share_sales.iter().enumerate() {
        if !is_party(&sale.holder) {
            return Err(InputError::at(dir, sale.origin(), format!("share_sales[{i}].holder"), unknown_party("卖方", &sale.holder)));
        }
        if let Some(plan) = &sale.plan
            && !plan_ids.contains(plan.as_str())
        {
            let message = format!("减持计划“{plan}”不存在：应为 events.toml 中某个 [[reduction_plans]] 的 id");
            return Err(InputError::at(dir, sale.origin(), format!("share_sales[{i}].plan"), message));
        }
    }
    for (i, purchase) in events.share_purchases.iter().enumerate() {
        if !is_party(&purchase.holder) {
            return Err(InputError::at(dir, purchase.origin(), format!("share_purchases[{i}].holder"), unknown_party("买方", &purchase.holder)));
        }
    }
    for (i, plan) in events.reduction_plans.iter().enumerate() {
        if !is_party(&plan.holder) {
            return Err(InputError::at(dir, plan.origin(), format!("reduction_plans[{i}].holder"), unknown_party("计划减持方", &plan.holder)));
        }
    }
    for (i, announcement) in events.announcements.iter().enumerate() {
        if let Some(sale) = announcement.discloses.iter().find(|id| !sale_ids.contains(id.as_str())) {
            let message = format!("减持记录“{sale}”不存在：discloses 应列出 events.toml 中 [[share_sales]] 的 id");
            return Err(InputError::at(dir, announcement.origin(), format!("announcements[{i}].discloses"), message));
        }
    }
    for (i, group) in shareholders.concert_groups.iter().enumerate() {
        if group.members.len() < 2 {
            return Err(InputError::at(dir, group.origin(), format!("concert_groups[{i}].members"), "一致行动人应至少列出两方"));
        }
        if let Some(member) = group.members.iter().find(|m| !is_party(m)) {
            return Err(InputError::at(dir, group.origin(), format!("concert_groups[{i}].members"), unknown_party("一致行动人", member)));
        }
    }
    for (i, commitment) in commitments.iter().enumerate() {
        // A notice period of days is counted on the calendar: beyond a year it is a typo.
        if let CommitmentTerms::ReductionNotice { days, .. } = commitment.terms
            && !(1..=366).contains(&days)
        {
            let message = format!("预先披露的天数 {days} 不合理：应在 1 到 366 之间");
            return Err(InputError::at(dir, commitment.origin(), format!("commitments[{i}].terms.days"), message));
        }
        let binds_sales = matches!(commitment.terms, CommitmentTerms::ReductionNotice { .. } | CommitmentTerms::LockUp { .. });
        if binds_sales && !is_party(&commitment.by) {
            let what = "作出减持相关承诺的一方";
            return Err(InputError::at(dir, commitment.origin(), format!("commitments[{i}].by"), unknown_party(what, &commitment.by)));
        }
    }
    Ok(())
}

/// `market.toml`, its date keys parsed.
fn parse_market(dir: &Path, files: &CaseFiles) -> Result<Market, InputError> {
    let file: MarketFile = parse_file(dir, files, "market.toml")?.unwrap_or_default();
    let mut closes = BTreeMap::new();
    for (key, price) in file.closes {
        let Ok(date) = crate::date::Date::parse(&key) else {
            let message = format!("“{key}”不是有效的日期：收盘价应按交易日列示，如 2024-06-03 = \"51.97\"");
            return Err(InputError::at(dir, price.origin(), format!("closes.{key}"), message));
        };
        closes.insert(date, price);
    }
    Ok(Market { closes })
}

/// Facts that parse but cannot be right, refused where they are written: a count of shares
/// or a price that is not positive, a share of the whole beyond 0–100%, a window that ends
/// before it starts. Judging from them would only print nonsense (or divide by zero).
fn check_plausible(
    dir: &Path,
    company: &CompanyFile,
    shareholders: &ShareholdersFile,
    events: &EventsFile,
    funds: Option<&FundsFile>,
    market: &Market,
) -> Result<(), InputError> {
    let positive = |value: Decimal, origin: &Origin, field: String, what: &str| {
        if value > Decimal::ZERO { Ok(()) } else { Err(InputError::at(dir, origin, field, format!("{what}应为正数"))) }
    };
    let share_of_whole = |percent: Decimal, origin: &Origin, field: String| {
        if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&percent) {
            Ok(())
        } else {
            Err(InputError::at(dir, origin, field, format!("持股比例 {percent}% 应在 0% 到 100% 之间")))
        }
    };
    let ordered = |from: Date, to: Date, origin: &Origin, field: String, what: &str| {
        if from <= to { Ok(()) } else { Err(InputError::at(dir, origin, field, format!("{what}：结束日 {to} 早于开始日 {from}"))) }
    };
    for (i, total) in company.total_shares.iter().enumerate() {
        positive(total.shares.count(), total.origin(), format!("total_shares[{i}].shares"), "总股本")?;
        if let Some(through) = total.through {
            ordered(total.date, through, total.origin(), format!("total_shares[{i}].through"), "总股本的适用期间")?;
        }
    }
    if let Some(supervision) = &company.supervision
        && let Some(start) = supervision.start
        && supervision.end < start
    {
        return Err(InputError::in_file(dir.join("company.toml"), format!("持续督导期间：结束日 {} 早于开始日 {start}", supervision.end)));
    }
    for (i, sale) in events.share_sales.iter().enumerate() {
        positive(sale.shares.count(), sale.origin(), format!("share_sales[{i}].shares"), "减持股数")?;
        positive(sale.average_price.yuan(), sale.origin(), format!("share_sales[{i}].average_price"), "成交均价")?;
        if let Some(percent) = &sale.stated_percent {
            share_of_whole(percent.value(), sale.origin(), format!("share_sales[{i}].stated_percent"))?;
        }
    }
    for (i, purchase) in events.share_purchases.iter().enumerate() {
        positive(purchase.shares.count(), purchase.origin(), format!("share_purchases[{i}].shares"), "买入股数")?;
        if let Some(price) = &purchase.average_price {
            positive(price.yuan(), purchase.origin(), format!("share_purchases[{i}].average_price"), "成交均价")?;
        }
    }
    for (i, plan) in events.reduction_plans.iter().enumerate() {
        ordered(plan.window_start, plan.window_end, plan.origin(), format!("reduction_plans[{i}].window_end"), "减持期间")?;
        ordered(plan.disclosed, plan.window_end, plan.origin(), format!("reduction_plans[{i}].disclosed"), "减持计划的披露与期间")?;
    }
    for (i, holding) in shareholders.holdings.iter().enumerate() {
        if let Some(percent) = &holding.stated_percent {
            share_of_whole(percent.value(), holding.origin(), format!("holdings[{i}].stated_percent"))?;
        }
    }
    for (i, holding) in shareholders.indirect_holdings.iter().enumerate() {
        share_of_whole(holding.percent.value(), holding.origin(), format!("indirect_holdings[{i}].percent"))?;
    }
    for (i, group) in shareholders.concert_groups.iter().enumerate() {
        if let (Some(from), Some(until)) = (group.from, group.until) {
            ordered(from, until, group.origin(), format!("concert_groups[{i}].until"), "一致行动期间")?;
        }
    }
    if let Some(funds) = funds {
        if let Some(offering) = &funds.offering {
            positive(offering.price.yuan(), offering.origin(), "offering.price".to_owned(), "发行价格")?;
            positive(offering.shares_offered.count(), offering.origin(), "offering.shares_offered".to_owned(), "发行股数")?;
        }
        for (i, product) in funds.cash_management.iter().enumerate() {
            ordered(product.start, product.end, product.origin(), format!("cash_management[{i}].end"), "现金管理产品的期限")?;
        }
    }
    for (date, close) in &market.closes {
        positive(close.yuan(), close.origin(), format!("closes.{date}"), "收盘价")?;
    }
    Ok(())
}

/// The first id of `ids` that an earlier one repeats, with its index: templates and other
/// facts refer to records by id, so two with one id would make a reference ambiguous.
/// The ids of `table`, each present and used once: templates and other facts name a record
/// by its id, so an empty or repeated one would point at nothing or at the wrong record.
fn distinct_ids<'a>(dir: &Path, table: &str, each: &str, ids: impl Iterator<Item = (&'a str, &'a Origin)>) -> Result<HashSet<&'a str>, InputError> {
    let mut seen = HashSet::new();
    for (i, (id, origin)) in ids.enumerate() {
        if id.trim().is_empty() {
            return Err(InputError::at(dir, origin, format!("{table}[{i}].id"), format!("编号为空：{each}应有一个 id，如 \"tianxiang\"")));
        }
        if !seen.insert(id) {
            return Err(InputError::at(dir, origin, format!("{table}[{i}].id"), format!("编号“{id}”重复：{each}的 id 应各不相同")));
        }
    }
    Ok(seen)
}

/// `events.toml` over this size is parsed in pieces.
const EVENTS_PIECE_BYTES: usize = 1 << 20;

/// `events.toml`, which may hold hundreds of thousands of trades. toml's tree of a file
/// takes some twenty times its text, so a large file is parsed in pieces of about a MiB,
/// each starting at a top-level `[[name]]` header, and the pieces' arrays are joined in
/// order: the same records, at a fraction of the peak memory. Should any piece not parse
/// alone, the whole file is parsed as one, so every error is the one-piece error.
fn parse_events(dir: &Path, files: &CaseFiles) -> Result<EventsFile, InputError> {
    let Some(text) = files.get("events.toml") else { return Ok(EventsFile::default()) };
    let path = dir.join("events.toml");
    let pieces = pieces(text, EVENTS_PIECE_BYTES);
    if pieces.len() > 1 {
        let mut events = EventsFile::default();
        let joined = pieces.iter().try_for_each(|(piece, lines_before)| {
            let EventsFile { share_sales, share_purchases, reduction_plans, announcements } = parse_toml_piece(&path, "events.toml", piece, *lines_before)?;
            events.share_sales.extend(share_sales);
            events.share_purchases.extend(share_purchases);
            events.reduction_plans.extend(reduction_plans);
            events.announcements.extend(announcements);
            Ok::<(), InputError>(())
        });
        if joined.is_ok() {
            return Ok(events);
        }
    }
    parse_toml(&path, "events.toml", text)
}

/// `text` cut into pieces of at least `size` bytes, each (but the first) starting at a line
/// `[[name]]` with a plain name, with the number of lines before it. Text with a key before
/// its first table stays whole: an array written inline there (`share_sales = [...]`)
/// may not be extended by `[[share_sales]]`, which only the whole file shows.
fn pieces(text: &str, size: usize) -> Vec<(&str, u32)> {
    let before_tables = text.lines().map(str::trim).take_while(|line| !line.starts_with('['));
    if before_tables.clone().any(|line| !line.is_empty() && !line.starts_with('#')) {
        return vec![(text, 0)];
    }
    let header = |line: &str| {
        line.trim_end()
            .strip_prefix("[[")
            .and_then(|rest| rest.strip_suffix("]]"))
            .is_some_and(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    };
    let mut pieces = Vec::new();
    let (mut start, mut at, mut lines_before, mut lines) = (0, 0, 0, 0);
    for line in text.split_inclusive('\n') {
        if at - start >= size && header(line) {
            pieces.push((&text[start..at], lines_before));
            (start, lines_before) = (at, lines);
        }
        at += line.len();
        lines += 1;
    }
    pieces.push((&text[start..], lines_before));
    pieces
}

/// Parses file `name` of `files`, if the case has it.
fn parse_file<T: DeserializeOwned>(dir: &Path, files: &CaseFiles, name: &str) -> Result<Option<T>, InputError> {
    files.get(name).map(|text| parse_toml(&dir.join(name), name, text)).transpose()
}

/// Refuses a control character a Word file cannot hold (U+0000–U+001F but tab and line
/// ends, and U+007F), typed as itself or as a TOML escape (`\u0001`, `\b`, `\f`): a
/// document made from it would be invalid XML. Named by file, line and column.
fn printable(dir: &Path, path: &str, text: &str) -> Result<(), InputError> {
    let control = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}';
    let toml = path.ends_with(".toml");
    for (n, line) in text.lines().enumerate() {
        let raw = line.char_indices().find(|(_, c)| control(*c)).map(|(at, c)| (at, format!("U+{:04X}", u32::from(c))));
        // In TOML, the escapes that stand for one: \b, \f, \u0000–\u001f, \u007f, \U0000….
        let escaped = || {
            let bytes = line.as_bytes();
            (0..bytes.len().saturating_sub(1)).filter(|&i| bytes[i] == b'\\' && (i == 0 || bytes[i - 1] != b'\\')).find_map(|i| {
                let rest = &line[i + 1..];
                let code = match rest.as_bytes()[0] {
                    b'b' => Some(0x08),
                    b'f' => Some(0x0c),
                    b'u' => rest.get(1..5).and_then(|h| u32::from_str_radix(h, 16).ok()),
                    b'U' => rest.get(1..9).and_then(|h| u32::from_str_radix(h, 16).ok()),
                    _ => None,
                }?;
                char::from_u32(code).filter(|c| control(*c)).map(|_| (i, format!("U+{code:04X}")))
            })
        };
        if let Some((at, code)) = raw.or_else(|| if toml { escaped() } else { None }) {
            return Err(InputError {
                file: dir.join(path),
                line: Some(n as u32 + 1),
                column: Some(line[..at].chars().count() as u32 + 1),
                field: None,
                message: format!("含有控制字符 {code}：Word 文件无法容纳该字符，请删除"),
            });
        }
    }
    Ok(())
}

/// Whether `path` is a file a case may hold: a known top-level TOML file,
/// `worklog/PERIOD.toml`, or `narrative/PERIOD/<section>.md` (PERIOD `2023` or `2024H1`).
fn check_path(dir: &Path, path: &str) -> Result<(), InputError> {
    let year = |text: &str| Period::parse(text).is_ok();
    let refuse = |message: String| Err(InputError::in_file(dir.join(path), message));
    match path.split('/').collect::<Vec<_>>().as_slice() {
        [name] if CASE_TOML_FILES.contains(name) => Ok(()),
        [name] => refuse(format!("未知的案卷文件 {name}：案卷顶层的 TOML 文件应为 {} 之一", CASE_TOML_FILES.join("、"))),
        ["worklog", file] if file.strip_suffix(".toml").is_some_and(year) => Ok(()),
        ["worklog", _] => refuse("无法识别的文件名：worklog/ 下应为以报告期命名的文件，如 2023.toml 或 2024H1.toml".to_owned()),
        ["narrative", y, file] if year(y) => {
            let sections =
                || Narrative::SECTIONS.iter().chain(Narrative::SSE_MAIN_SECTIONS).chain(Narrative::CLOSING_SECTIONS).chain(Narrative::FUNDS_OPINION_SECTIONS);
            let known = file.strip_suffix(".md").is_some_and(|stem| sections().any(|(s, _)| *s == stem));
            if known {
                Ok(())
            } else {
                let names: Vec<String> = sections().map(|(s, _)| format!("{s}.md")).collect();
                refuse(format!("未知的叙述文件：应为 {} 之一", names.join("、")))
            }
        }
        ["narrative", ..] => refuse("无法识别的文件名：narrative/ 下应为以报告期命名的目录，如 2023/ 或 2024H1/".to_owned()),
        _ => refuse("不属于案卷的文件".to_owned()),
    }
}

#[derive(Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitmentsFile {
    #[serde(default)]
    commitments: Vec<Fact<crate::case::Commitment>>,
}

/// A year key such as `2023` (also inside a dotted path such as `ledger.2023`).
fn parse_year_key(dir: &Path, origin: &Origin, key: &str) -> Result<i16, InputError> {
    let year = key.rsplit('.').next().unwrap_or(key);
    match year.parse::<i16>() {
        Ok(y) if (1990..=2100).contains(&y) && year.len() == 4 => Ok(y),
        _ => Err(InputError::at(dir, origin, key, format!("“{year}”不是有效的年度：表名应为四位年份，如 [2023]"))),
    }
}

/// Reads and deserialises the TOML file at `path` (a calendar, a rules override …);
/// `what` names it in the error if it cannot be read.
pub fn read_toml_file<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T, InputError> {
    let text = fs::read_to_string(path).map_err(|e| InputError::in_file(path.to_owned(), format!("无法读取{what}（{e}）")))?;
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    parse_toml(path, &name, &text)
}

/// Deserialises the TOML `text` of the file at `path` (called `name` in provenance),
/// mapping any error to a located [`InputError`]. Facts inside remember `name` and their line.
pub fn parse_toml<T: DeserializeOwned>(path: &Path, name: &str, text: &str) -> Result<T, InputError> {
    parse_toml_piece(path, name, text, 0)
}

/// [`parse_toml`] of a piece of a file that has `lines_before` lines before it, so that
/// facts and errors name lines of the whole file.
/// What toml says is wrong with a date, in Chinese: `expected day between 01 and 28` →
/// `（该月只有 28 天）`.
fn date_problem(detail: &str) -> String {
    let bound = |what: &str| {
        detail
            .split(&format!("expected {what} between "))
            .nth(1)
            .and_then(|rest| rest.split(" and ").nth(1))
            .map(|b| b.trim().trim_end_matches(|c: char| !c.is_ascii_digit()).to_owned())
    };
    if let Some(days) = bound("day") {
        format!("（该月只有 {} 天）", days.trim_start_matches('0'))
    } else if bound("month").is_some() {
        "（月份应为 01 至 12）".to_owned()
    } else if bound("hour").is_some() || bound("minute").is_some() || bound("second").is_some() {
        "（时间超出范围）".to_owned()
    } else {
        String::new()
    }
}

/// What the TOML parser says is wrong, in Chinese (its own words are English): `unclosed
/// table, expected `]`` → `（表头缺少“]”）`; nothing where dudao does not know the words.
fn toml_problem(detail: &str) -> String {
    const PROBLEMS: &[(&str, &str)] = &[
        ("duplicate key", "键重复"),
        ("unclosed array of tables", "表头缺少“]]”"),
        ("unclosed table", "表头缺少“]”"),
        ("invalid inline table", "行内表缺少“}”或写法有误"),
        ("invalid array", "数组缺少“]”或写法有误"),
        ("string", "字符串未闭合或含有不允许的字符"),
        ("expected `=`", "键后缺少“=”与值"),
        ("invalid number", "数字写法有误"),
        ("invalid integer", "数字写法有误"),
        ("invalid float", "数字写法有误"),
        ("invalid key", "键名写法有误"),
        ("expected newline", "一行只能写一个键值"),
        ("unexpected", "此处有多余或无法识别的内容"),
    ];
    PROBLEMS.iter().find(|(english, _)| detail.contains(english)).map_or_else(String::new, |(_, chinese)| format!("（{chinese}）"))
}

fn parse_toml_piece<T: DeserializeOwned>(path: &Path, name: &str, text: &str, lines_before: u32) -> Result<T, InputError> {
    let line_starts = fact::line_starts(text);
    // The line in the piece, the line in the file, and the column.
    let locate = |span: Option<std::ops::Range<usize>>| match span {
        Some(span) => {
            let (line, column) = fact::line_and_column(text, &line_starts, span.start);
            (Some(line), Some(lines_before + line), Some(column))
        }
        None => (None, None, None),
    };
    let deserializer = toml::Deserializer::parse(text).map_err(|e| {
        let (piece_line, line, column) = locate(e.span());
        let key = piece_line.and_then(|l| key_on_line(text, l));
        let detail = e.message().trim();
        let message = if detail.starts_with("invalid date") || detail.starts_with("invalid time") {
            format!("日期无效{}：应为真实存在的日期，如 2023-02-07", date_problem(detail))
        } else {
            format!("TOML 语法错误{}：请检查引号、括号与等号", toml_problem(detail))
        };
        InputError { file: path.to_owned(), line, column, field: key, message }
    })?;
    fact::with_current_file(name, text, lines_before, || serde_path_to_error::deserialize(deserializer)).map_err(|e| {
        // `Fact` deserialises through toml's `Spanned`, which adds a private segment.
        let path_text = e.path().to_string().replace(".$__serde_spanned_private_value", "").replace("$__serde_spanned_private_value", "");
        let inner = e.into_inner();
        let (_, line, column) = locate(inner.span());
        let (message, field) = translate_serde_message(inner.message().trim(), &path_text);
        InputError { file: path.to_owned(), line, column, field, message }
    })
}

/// The key assigned on 1-based `line`, if the line reads `key = value`.
fn key_on_line(text: &str, line: u32) -> Option<String> {
    let content = text.lines().nth(line as usize - 1)?;
    let (key, _) = content.split_once('=')?;
    let key = key.trim();
    let bare = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
    bare.then(|| key.to_owned())
}

/// Turns serde's English messages into Chinese ones and works out the field they concern.
/// Messages dudao's own types raise are already Chinese and pass through.
fn translate_serde_message(message: &str, path: &str) -> (String, Option<String>) {
    let join = |name: &str| {
        if path.is_empty() || path == "." { name.to_owned() } else { format!("{path}.{name}") }
    };
    let quoted = |text: &str| text.split('`').nth(1).unwrap_or_default().to_owned();
    let field = if path.is_empty() || path == "." { None } else { Some(path.to_owned()) };
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = quoted(rest);
        return (format!("缺少必填字段 {name}"), Some(join(&name)));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = quoted(rest);
        let known: Vec<String> = rest.split(", expected").nth(1).map_or_else(Vec::new, |tail| tail.split('`').skip(1).step_by(2).map(str::to_owned).collect());
        let expected = if known.is_empty() { "此处不接受任何字段".to_owned() } else { format!("可用字段：{}", known.join("、")) };
        let field = field.filter(|f| f.ends_with(&name)).unwrap_or_else(|| join(&name));
        return (format!("未知字段 {name}（{expected}）"), Some(field));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let name = quoted(rest);
        let known: Vec<String> = rest.split(", expected").nth(1).map_or_else(Vec::new, |tail| tail.split('`').skip(1).step_by(2).map(str::to_owned).collect());
        return (format!("未知取值 “{name}”：应为 {} 之一", known.join("、")), field);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (format!("类型不符：此处为 {found}，应为 {expected}"), field);
    }
    (message.to_owned(), field)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let read = fs::read_dir(dir).map_err(|e| InputError::in_file(dir.to_owned(), format!("无法读取目录（{e}）")))?;
    let mut paths: Vec<PathBuf> =
        read.filter_map(|entry| entry.ok().map(|e| e.path())).filter(|p| !p.file_name().and_then(|s| s.to_str()).is_some_and(|n| n.starts_with('.'))).collect();
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case_with(files: &[(&str, &str)]) -> Result<Case, InputError> {
        let company = "[company]\nname = \"虚构\"\nshort_name = \"虚构\"\nstock_code = \"688999\"\nboard = \"star\"\n";
        let pairs = std::iter::once(("company.toml".to_owned(), company.to_owned())).chain(files.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())));
        parse_case(Path::new("case"), &CaseFiles::from_pairs(pairs))
    }

    /// An `events.toml` of `n` sales (and an announcement every 1,000), about 150 bytes each.
    fn many_events(n: usize) -> String {
        let mut text = String::from("# 减持与公告\n");
        for i in 0..n {
            text.push_str(&format!(
                "\n[[share_sales]]\nid = \"s{i}\"\ndate = 2023-0{}-1{}\nholder = \"股东{}\"\nshares = {}\nmethod = \"block_trade\"\naverage_price = \"12.34\"\n",
                1 + i % 9,
                i % 10,
                i % 7,
                100 + i
            ));
            if i % 1_000 == 0 {
                text.push_str(&format!("\n[[announcements]]\nid = \"a{i}\"\ndate = 2023-05-0{}\ntitle = \"《公告》\"\n", 1 + i % 9));
            }
        }
        text
    }

    #[test]
    fn a_large_events_file_parsed_in_pieces_is_the_file_parsed_whole() {
        let text = many_events(20_000);
        let cut = pieces(&text, EVENTS_PIECE_BYTES);
        assert!(cut.len() >= 3, "{} bytes make several pieces", text.len());
        let path = Path::new("case/events.toml");
        assert!(cut.iter().all(|(piece, before)| parse_toml_piece::<EventsFile>(path, "events.toml", piece, *before).is_ok()), "each parses alone");
        let files = CaseFiles::from_pairs([("events.toml".to_owned(), text.clone())]);
        let pieced = parse_events(Path::new("case"), &files).unwrap();
        let whole: EventsFile = parse_toml(Path::new("case/events.toml"), "events.toml", &text).unwrap();
        let sales = |e: &EventsFile| e.share_sales.iter().map(|s| (s.id.clone(), s.origin().line, format!("{:?}", s.shares))).collect::<Vec<_>>();
        assert_eq!(sales(&pieced), sales(&whole));
        assert_eq!(pieced.share_sales.len(), 20_000);
        let announcements = |e: &EventsFile| e.announcements.iter().map(|a| (a.id.clone(), a.origin().line)).collect::<Vec<_>>();
        assert_eq!(announcements(&pieced), announcements(&whole));
        // Counted by hand: the comment line, 8 lines a sale and 5 an announcement (15 of them
        // before sale 15,000), then the sale's blank line and its header, where it starts.
        assert_eq!(pieced.share_sales[15_000].origin().line, 1 + 8 * 15_000 + 5 * 15 + 2);
    }

    #[test]
    fn an_inline_array_before_the_tables_keeps_the_file_whole() {
        // Over a MiB of announcements first, so that the sales' tables would all fall in
        // later pieces, each of which parses alone.
        let announcements: String = (0..20_000).map(|i| format!("\n[[announcements]]\nid = \"b{i}\"\ndate = 2023-05-04\ntitle = \"《公告》\"\n")).collect();
        let text = format!("share_sales = []\n{announcements}{}", many_events(20_000));
        assert_eq!(pieces(&text, EVENTS_PIECE_BYTES).len(), 1);
        let files = CaseFiles::from_pairs([("events.toml".to_owned(), text)]);
        let error = parse_events(Path::new("case"), &files).unwrap_err();
        assert!(error.to_string().contains("TOML 语法错误"), "as the whole file is refused: {error}");
    }

    #[test]
    fn an_error_in_a_later_piece_is_reported_as_in_the_whole_file() {
        let text = many_events(20_000).replacen("id = \"s15000\"\ndate = 2023-07-10", "id = \"s15000\"\ndate = 2023-02-30", 1);
        let files = CaseFiles::from_pairs([("events.toml".to_owned(), text.clone())]);
        let error = parse_events(Path::new("case"), &files).unwrap_err();
        let whole = parse_toml::<EventsFile>(Path::new("case/events.toml"), "events.toml", &text).unwrap_err();
        assert_eq!(error.to_string(), whole.to_string());
        assert_eq!(error.line, Some(1 + 8 * 15_000 + 5 * 15 + 4), "the date, after header and id: {error}");
    }

    #[test]
    fn years_and_half_years_key_the_periodic_facts() {
        let case = case_with(&[
            ("financials.toml", "[2024H1]\nrevenue = \"1.00亿\"\n[2023]\nrevenue = \"2.00亿\"\n"),
            ("worklog/2024H1.toml", "[items]\n1 = \"…\"\n"),
            ("narrative/2024H1/risks.md", "…"),
        ])
        .unwrap();
        assert_eq!(case.financials.keys().copied().collect::<Vec<_>>(), [Period::Year(2023), Period::FirstHalf(2024)]);
        assert!(case.worklogs.contains_key(&Period::FirstHalf(2024)));
        assert!(case.narratives.contains_key(&Period::FirstHalf(2024)));
        let bad = case_with(&[("financials.toml", "[2024H2]\nrevenue = \"1.00亿\"\n")]).unwrap_err();
        assert_eq!(bad.field.as_deref(), Some("2024H2"));
        assert!(bad.message.contains("表名应为四位年份如 [2023]，或半年度如 [2024H1]"), "{}", bad.message);
        let bad = case_with(&[("worklog/2024Q1.toml", "")]).unwrap_err();
        assert!(bad.message.contains("如 2023.toml 或 2024H1.toml"), "{}", bad.message);
    }
}
