//! The records of a case a person edits one at a time — the company, its sponsor and
//! supervision period and the raised funds' offering (one table each, changed in place),
//! the funds' special accounts, parties and holdings, announcements and periodic reports
//! (with their review), share sales and reduction plans, commitments with their checkable
//! terms, and the work log's inspections, trainings, violations, the dispositions of
//! findings and publications — declared once as data: each kind's file, its table or array
//! of tables, and its fields with their Chinese labels, how each is written and what it may
//! be (the choices come from [`crate::Choice`]). The workbench's forms, its generated field
//! reference (the generated blocks of `docs/case-format.md`) and its edits all come from here.
//!
//! An edit (`edit_files`) is checked twice: every field by its own kind first, so a form
//! comes back with all its errors at once; then the whole case, by `parse_case`, so an edit
//! is never stored that leaves a case the command line would refuse. It changes the one
//! file with `toml_edit`, keeping its comments and the keys the form does not show.

use std::collections::BTreeMap;
use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::{
    Amount, Board, CaseFiles, Date, DayKind, DisclosureKind, DispositionStatus, InspectionKind, OfferingKind, Percent, Price, PublicationKind, Role,
    SaleMethod, Shares, choices, parse_case,
};

/// How a field is typed in, and so checked and written.
#[derive(Clone, Copy)]
pub enum Input {
    /// One line of text.
    Text,
    /// A paragraph.
    LongText,
    /// A date, `2024-04-25`.
    Date,
    /// A four-digit year.
    Year,
    /// A whole number written as a TOML integer (a commitment's days).
    Integer,
    /// A share count.
    Shares,
    /// A price a share, in 元.
    Price,
    /// An amount in 元.
    Amount,
    /// A percentage.
    Percent,
    /// A tick box.
    Bool,
    /// Identifiers separated by commas or spaces, written as an array.
    List,
    /// One of the given values (value, label).
    Select(fn() -> Vec<(&'static str, &'static str)>),
    /// A yes-or-no the case must state, written as a TOML boolean: the labels of `true`
    /// and of `false`.
    YesNo(&'static str, &'static str),
    /// Any of the given values (value, label), ticked, written as an array.
    Choices(fn() -> Vec<(&'static str, &'static str)>),
}

/// One field of a record.
pub struct Field {
    /// The key in the case file (`terms.days` for a key of an inline table).
    pub key: &'static str,
    /// The form's label.
    pub label: &'static str,
    /// How it is typed in.
    pub input: Input,
    /// Whether it must be filled.
    pub required: bool,
}

/// Where records of a kind are kept.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// In one case file of the case's folder (`events.toml`, `commitments.toml`).
    File(&'static str),
    /// In the work log of a year (`worklog/YEAR.toml`).
    Worklog,
}

impl Home {
    /// Whether case file `path` (relative to the case folder) is this home.
    pub fn holds(self, path: &str) -> bool {
        match self {
            Home::File(home) => home == path,
            Home::Worklog => path.starts_with("worklog/"),
        }
    }
}

/// Whether a kind is one table of its file (the company, its sponsor) or an array of
/// tables, one per record.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `[[announcements]]`: records added, changed and deleted.
    Array,
    /// `[sponsor]`: one table, changed in place (made where absent), never deleted.
    Table,
}

/// A kind of record the workbench edits.
pub struct RecordKind {
    /// In URLs and form ids.
    pub id: &'static str,
    /// As the records tab names it.
    pub name: &'static str,
    /// The array of tables (or the table) in the file.
    pub array: &'static str,
    /// One table or many.
    pub shape: Shape,
    /// The case file it lives in.
    pub home: Home,
    /// Its fields, in the form's order.
    pub fields: &'static [Field],
}

const fn field(key: &'static str, label: &'static str, input: Input, required: bool) -> Field {
    Field { key, label, input, required }
}

/// The id a record is referred to by (templates, a sale's `plan`, an announcement's `discloses`).
const ID: Field = field("id", "编号（英文字母、数字与连字符）", Input::Text, true);

/// How a commitment's terms are checked, as the form offers them (each kind of
/// `CommitmentTerms` with what it needs).
fn terms() -> Vec<(&'static str, &'static str)> {
    vec![
        ("other", "仅记录，不自动判断"),
        ("reduction_notice", "减持前预先披露（须填天数与日的种类）"),
        ("lock_up", "在某日前不减持（须填可减持日）"),
        ("action", "在某日前完成某事（须填截止日）"),
    ]
}

/// Every kind the workbench edits, in the order the records tab shows them.
pub const KINDS: &[RecordKind] = &[
    RecordKind {
        id: "company",
        name: "公司基本信息",
        array: "company",
        shape: Shape::Table,
        home: Home::File("company.toml"),
        fields: &[
            field("name", "公司全称", Input::Text, true),
            field("short_name", "公司简称", Input::Text, true),
            field("board", "板块", Input::Select(choices::<Board>), true),
            field("listing_date", "上市日期", Input::Date, false),
            field("offering", "督导的发行", Input::Select(choices::<OfferingKind>), false),
            field("registered_capital", "注册资本（元）", Input::Amount, false),
            field("registered_address", "注册地址", Input::Text, false),
            field("office_address", "主要办公地址", Input::Text, false),
            field("legal_representative", "法定代表人", Input::Text, false),
            field("contact", "联系人", Input::Text, false),
            field("phone", "联系电话", Input::Text, false),
        ],
    },
    RecordKind {
        id: "sponsor",
        name: "保荐机构与保荐代表人",
        array: "sponsor",
        shape: Shape::Table,
        home: Home::File("company.toml"),
        fields: &[
            field("firm", "保荐机构名称", Input::Text, true),
            field("representatives", "保荐代表人（以顿号或逗号分隔）", Input::List, true),
            field("phone", "联系电话", Input::Text, false),
            field("registered_address", "注册地址", Input::Text, false),
            field("office_address", "主要办公地址", Input::Text, false),
            field("legal_representative", "法定代表人", Input::Text, false),
            field("changes", "是否更换保荐人或其他情况（保荐总结报告书）", Input::LongText, false),
        ],
    },
    RecordKind {
        id: "total_shares",
        name: "总股本",
        array: "total_shares",
        shape: Shape::Array,
        home: Home::File("company.toml"),
        fields: &[
            field("date", "截至日期", Input::Date, true),
            field("shares", "总股本（股）", Input::Shares, true),
            field("through", "此后保持不变至（日期）", Input::Date, false),
            field("source", "出处", Input::Text, false),
        ],
    },
    RecordKind {
        id: "supervision",
        name: "持续督导期间（不按上市日期推算时填写）",
        array: "supervision",
        shape: Shape::Table,
        home: Home::File("company.toml"),
        fields: &[field("start", "起始日", Input::Date, false), field("end", "届满日", Input::Date, true)],
    },
    RecordKind {
        id: "announcements",
        name: "公告与定期报告",
        array: "announcements",
        shape: Shape::Array,
        home: Home::File("events.toml"),
        fields: &[
            ID,
            field("date", "披露日期", Input::Date, true),
            field("title", "标题（含书名号）", Input::Text, true),
            field("kind", "类别", Input::Select(choices::<DisclosureKind>), true),
            field("year", "定期报告所属年度", Input::Year, false),
            field("scheduled", "原预约披露日期（延期披露时）", Input::Date, false),
            field("reviewed_in_advance", "已事前审阅", Input::Bool, false),
            field("reviewed", "事后审阅完成日期", Input::Date, false),
            field("reviewer", "审阅人", Input::Text, false),
            field("discloses", "披露的减持记录编号", Input::List, false),
        ],
    },
    RecordKind {
        id: "share_sales",
        name: "减持",
        array: "share_sales",
        shape: Shape::Array,
        home: Home::File("events.toml"),
        fields: &[
            ID,
            field("date", "成交日期", Input::Date, true),
            field("holder", "卖方（须为已登记的股东或董监高）", Input::Text, true),
            field("shares", "股数", Input::Shares, true),
            field("method", "方式", Input::Select(choices::<SaleMethod>), true),
            field("average_price", "成交均价（元/股）", Input::Price, true),
            field("stated_amount", "公告所载金额", Input::Amount, false),
            field("stated_percent", "公告所载比例", Input::Percent, false),
            field("plan", "所依据的减持计划编号", Input::Text, false),
            field("bought_on_market", "为集中竞价买入的股份", Input::Bool, false),
        ],
    },
    RecordKind {
        id: "reduction_plans",
        name: "减持计划",
        array: "reduction_plans",
        shape: Shape::Array,
        home: Home::File("events.toml"),
        fields: &[
            ID,
            field("holder", "股东（须为已登记的相关方）", Input::Text, true),
            field("disclosed", "减持计划披露日期", Input::Date, true),
            field("window_start", "减持期间起始日", Input::Date, true),
            field("window_end", "减持期间届满日", Input::Date, true),
            field("completed", "实施完毕日期", Input::Date, false),
            field("result_disclosed", "减持结果披露日期", Input::Date, false),
        ],
    },
    RecordKind {
        id: "commitments",
        name: "承诺",
        array: "commitments",
        shape: Shape::Array,
        home: Home::File("commitments.toml"),
        fields: &[
            ID,
            field("by", "承诺人（减持相关承诺须为已登记的股东或董监高）", Input::Text, true),
            field("document", "承诺文件", Input::Text, true),
            field("content", "承诺内容", Input::LongText, true),
            field("made", "作出时间（如 2021-03 或 2021-03-16）", Input::Text, false),
            field("until", "承诺期至", Input::Date, false),
            field("terms.kind", "可核查的条款", Input::Select(terms), true),
            field("terms.days", "预先披露的天数", Input::Integer, false),
            field("terms.day_kind", "日的种类", Input::Select(choices::<DayKind>), false),
            field("terms.sell_from", "可减持日", Input::Date, false),
            field("terms.due", "完成截止日", Input::Date, false),
            field("terms.fulfilled", "实际完成日", Input::Date, false),
        ],
    },
    RecordKind {
        id: "inspections",
        name: "现场检查",
        array: "inspections",
        shape: Shape::Array,
        home: Home::Worklog,
        fields: &[
            field("kind", "类别", Input::Select(choices::<InspectionKind>), true),
            field("date", "开始日期", Input::Date, false),
            field("ended", "结束日期", Input::Date, false),
            field("published", "检查报告披露日期", Input::Date, false),
            field("summary", "说明", Input::LongText, false),
            field("issues", "发现的问题", Input::LongText, false),
            field("inspectors", "现场检查人员（以顿号或逗号分隔）", Input::List, false),
            // The SSE report's sections (科创板、上交所主板); the SZSE checklist is answered
            // on the period's page.
            field("methods", "上交所格式 一、现场检查手段", Input::LongText, false),
            field("opinions.governance", "二（一）公司治理和内部控制情况", Input::LongText, false),
            field("opinions.disclosure", "二（二）信息披露情况", Input::LongText, false),
            field("opinions.independence", "二（三）公司的独立性以及与控股股东、实际控制人及其他关联方资金往来情况", Input::LongText, false),
            field("opinions.funds", "二（四）募集资金使用情况", Input::LongText, false),
            field("opinions.transactions", "二（五）关联交易、对外担保、重大对外投资情况", Input::LongText, false),
            field("opinions.operations", "二（六）经营状况", Input::LongText, false),
            field("suggestions", "三、提请上市公司注意的事项及建议", Input::LongText, false),
            field("reportable", "四、是否存在应向中国证监会和交易所报告的事项", Input::LongText, false),
            field("cooperation", "五、上市公司及其他中介机构的配合情况", Input::LongText, false),
            field("conclusion", "六、本次现场检查的结论", Input::LongText, false),
        ],
    },
    RecordKind {
        id: "trainings",
        name: "培训",
        array: "trainings",
        shape: Shape::Array,
        home: Home::Worklog,
        fields: &[field("date", "日期", Input::Date, true), field("summary", "说明", Input::LongText, false)],
    },
    RecordKind {
        id: "violations",
        name: "违法违规与违背承诺事项",
        array: "violations",
        shape: Shape::Array,
        home: Home::Worklog,
        fields: &[
            field("summary", "事项", Input::LongText, true),
            field("event", "相关事件日期或编号", Input::Text, false),
            field("discovered", "发现或应当发现之日", Input::Date, false),
            field("reported", "向交易所报告之日", Input::Date, false),
        ],
    },
    RecordKind {
        id: "offering",
        name: "募集资金的发行",
        array: "offering",
        shape: Shape::Table,
        home: Home::File("funds.toml"),
        fields: &[
            field("approval_authority", "批复机关", Input::Text, true),
            field("approval_number", "批复文号", Input::Text, true),
            field("approval_title", "批复名称（含书名号）", Input::Text, true),
            field("issued", "发行日期（日或月，如 2021-03）", Input::Text, true),
            field("shares_offered", "发行股数", Input::Shares, true),
            field("price", "发行价格（元/股）", Input::Price, true),
            field("gross_proceeds", "募集资金总额（所载）", Input::Amount, false),
            field("issuance_fees", "发行费用", Input::Amount, true),
            field("net_proceeds", "募集资金净额（所载）", Input::Amount, false),
            field("arrived", "资金到账日期（日或月）", Input::Text, true),
            field("verified_by", "验资机构", Input::Text, true),
            field("verification_report", "验资报告", Input::Text, true),
        ],
    },
    RecordKind {
        id: "accounts",
        name: "募集资金专户",
        array: "accounts",
        shape: Shape::Array,
        home: Home::File("funds.toml"),
        fields: &[field("bank", "开户银行", Input::Text, true), field("number", "账号", Input::Text, true)],
    },
    RecordKind {
        id: "projects",
        name: "募集资金承诺投资项目",
        array: "projects",
        shape: Shape::Array,
        home: Home::File("funds.toml"),
        // Each year's use is typed on the year's page (`[projects.years.YEAR]`).
        fields: &[
            field("name", "项目名称", Input::Text, true),
            field("committed", "募集资金承诺投资总额", Input::Amount, true),
            field("adjusted", "调整后投资总额", Input::Amount, false),
            field("ready", "项目达到预定可使用状态日期（如 2025-12-31、2025-12，或“不适用”）", Input::Text, false),
        ],
    },
    RecordKind {
        id: "parties",
        name: "股东、董监高等相关方",
        array: "parties",
        shape: Shape::Array,
        home: Home::File("shareholders.toml"),
        fields: &[
            field("name", "姓名或名称", Input::Text, true),
            field("short_name", "简称", Input::Text, false),
            field("roles", "身份", Input::Choices(choices::<Role>), true),
            field("left", "离任日期", Input::Date, false),
            field("pre_ipo_shares", "首发前股份（股）", Input::Shares, false),
        ],
    },
    RecordKind {
        id: "holdings",
        name: "持股",
        array: "holdings",
        shape: Shape::Array,
        home: Home::File("shareholders.toml"),
        fields: &[
            field("holder", "股东（须为已登记的相关方或前十名股东）", Input::Text, true),
            field("date", "日期", Input::Date, true),
            field("shares", "持股数（股）", Input::Shares, true),
            field("stated_percent", "报告所载持股比例", Input::Percent, false),
        ],
    },
    RecordKind {
        id: "dispositions",
        name: "核查结果的处理",
        array: "dispositions",
        shape: Shape::Array,
        home: Home::Worklog,
        fields: &[
            field("rule", "规则编号（如 commitment.breach）", Input::Text, true),
            field("date", "核查结果的日期", Input::Date, false),
            field("about", "所涉事项（同一规则同日有多项时，如“完成年度现场检查（2019年度）”）", Input::Text, false),
            field("status", "处理状态", Input::Select(choices::<DispositionStatus>), true),
            field("account", "采取的措施或不适用的理由", Input::LongText, true),
            field("in_report", "是否列入跟踪报告“发现的问题及整改情况”", Input::YesNo("列入", "不列入（报告他处已说明，或不适用）"), true),
            field("matter", "深交所跟踪报告“二”的事项编号（1–11）", Input::Integer, false),
        ],
    },
    RecordKind {
        id: "publications",
        name: "保荐机构发布的文件",
        array: "publications",
        shape: Shape::Array,
        home: Home::Worklog,
        fields: &[field("kind", "文件", Input::Select(choices::<PublicationKind>), true), field("published", "披露日期", Input::Date, true)],
    },
];

/// The reference of the records kept in case file `file` (`worklog/YEAR.toml` for the work
/// logs'): each kind's table with its fields' names in the file, Chinese names, how each
/// is written and whether it is required.
fn reference_of(file: &str) -> String {
    let mut out = String::new();
    for kind in KINDS.iter().filter(|k| home_name(k.home) == file) {
        let place = match kind.shape {
            Shape::Table => format!("[{}]", kind.array),
            Shape::Array => format!("[[{}]]", kind.array),
        };
        out += &format!("\n#### {}（{place}）\n\n| 字段 | 中文名称 | 填写方式 | 必填 |\n|---|---|---|---|\n", kind.name);
        for f in kind.fields {
            let how = match f.input {
                Input::Text => "文本".to_owned(),
                Input::LongText => "段落".to_owned(),
                Input::Date => "日期，如 2024-04-25".to_owned(),
                Input::Year => "四位年份，如 2023".to_owned(),
                Input::Integer => "非负整数".to_owned(),
                Input::Shares => "股数，如 1,000 或 1,200.00万".to_owned(),
                Input::Price => "价格（元/股），如 12.34".to_owned(),
                Input::Amount => "金额（元，或写明万、亿），如 1,234.56 或 0.84亿".to_owned(),
                Input::Percent => "比例，如 5.01%".to_owned(),
                Input::Bool => "勾选（true）或不写".to_owned(),
                Input::List => "列表，以逗号或顿号分隔".to_owned(),
                Input::YesNo(yes, no) => format!("true（{yes}）或 false（{no}）"),
                Input::Select(options) => format!("其一：{}", options().iter().map(|(id, name)| format!("`{id}`（{name}）")).collect::<Vec<_>>().join("、")),
                Input::Choices(options) => format!("若干：{}", options().iter().map(|(id, name)| format!("`{id}`（{name}）")).collect::<Vec<_>>().join("、")),
            };
            out += &format!("| `{}` | {} | {how} | {} |\n", f.key, f.label, if f.required { "是" } else { "" });
        }
    }
    out
}

/// The name a kind's home goes by in the case format's reference and schemas.
pub(crate) fn home_name(home: Home) -> &'static str {
    match home {
        Home::File(file) => file,
        Home::Worklog => "worklog/YEAR.toml",
    }
}

/// How a block of `docs/case-format.md` generated from [`KINDS`] begins (followed by the
/// file it describes and [`GENERATED_TAIL`]) and ends.
pub const GENERATED_HEAD: &str = "<!-- generated from crates/model/src/records.rs: the records of ";
/// The rest of a generated block's first line.
pub const GENERATED_TAIL: &str = " (do not edit; DUDAO_BLESS=1 cargo test -p dudao-model --test reference) -->";
/// A generated block's last line.
pub const GENERATED_END: &str = "<!-- end of generated records -->";

/// `doc` (the case format's reference) with every generated block made anew from
/// [`KINDS`]; the text around the blocks is kept as written. A block left open, or one
/// naming a file no kind lives in, is an error saying which.
pub fn refresh_generated(doc: &str) -> Result<String, String> {
    let mut out = String::with_capacity(doc.len());
    let mut lines = doc.split_inclusive('\n');
    while let Some(line) = lines.next() {
        out += line;
        let Some(file) = line.trim_end().strip_prefix(GENERATED_HEAD).and_then(|rest| rest.strip_suffix(GENERATED_TAIL)) else { continue };
        let reference = reference_of(file);
        if reference.is_empty() {
            return Err(format!("生成块所述的 {file} 中没有工作台记录"));
        }
        out += &reference;
        out += "\n";
        loop {
            match lines.next() {
                Some(end) if end.trim_end() == GENERATED_END => {
                    out += end;
                    break;
                }
                Some(_) => {}
                None => return Err(format!("{file} 的生成块没有结束行 {GENERATED_END}")),
            }
        }
    }
    Ok(out)
}

/// The form of the records tab that supplies a fact the case lacks, by its file (relative
/// to the case folder) and field: the kind whose table or array the field names, else the
/// company's own form for `company.toml`.
pub fn form_for(path: &str, field: Option<&str>) -> Option<&'static str> {
    let head = field.and_then(|f| f.split(['.', '[']).next());
    let kind = KINDS.iter().filter(|k| k.home.holds(path)).find(|k| head == Some(k.array));
    let kind = kind.or_else(|| (path == "company.toml").then(|| &KINDS[0]));
    kind.map(|k| k.id)
}

/// The case file a record of `kind` lives in: its own file, or the work log of `year`.
fn file_of(kind: &RecordKind, year: &str) -> Result<String, String> {
    if let Home::File(path) = kind.home {
        return Ok(path.to_owned());
    }
    match year.parse::<i16>() {
        Ok(y) if (1990..=2100).contains(&y) && year.len() == 4 => Ok(format!("worklog/{y}.toml")),
        _ => Err("所属年度应为四位年份，如 2023".to_owned()),
    }
}

/// The kind with `id`.
pub fn kind(id: &str) -> Option<&'static RecordKind> {
    KINDS.iter().find(|k| k.id == id)
}

/// The item of `key` in `table`, where `terms.days` is `days` of the inline table `terms`.
pub fn item_at<'a>(table: &'a Table, key: &str) -> Option<&'a Item> {
    match key.split_once('.') {
        Some((outer, inner)) => table.get(outer)?.as_table_like()?.get(inner),
        None => table.get(key),
    }
}

/// A TOML value as a form shows it: the value alone, without the comments beside it.
pub fn shown(item: Option<&Item>) -> String {
    match item.and_then(Item::as_value) {
        Some(toml_edit::Value::String(s)) => s.value().clone(),
        Some(toml_edit::Value::Array(items)) => items.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
        Some(toml_edit::Value::Datetime(d)) => d.value().to_string(),
        Some(toml_edit::Value::Integer(n)) => n.value().to_string(),
        Some(toml_edit::Value::Boolean(b)) => b.value().to_string(),
        Some(toml_edit::Value::Float(x)) => x.value().to_string(),
        Some(toml_edit::Value::InlineTable(t)) => t.to_string().trim().to_owned(),
        None => String::new(),
    }
}

/// A field's value as a list shows it: a choice by its label, a ticked box by its label.
pub fn label_of(field: &Field, value: &str) -> String {
    match field.input {
        Input::Select(options) => options().into_iter().find(|(v, _)| *v == value).map_or_else(|| value.to_owned(), |(_, label)| label.to_owned()),
        Input::Choices(options) => {
            value.split(", ").map(|v| options().into_iter().find(|(id, _)| *id == v).map_or(v, |(_, label)| label)).collect::<Vec<_>>().join("、")
        }
        Input::YesNo(yes, no) => match value {
            "true" => yes.to_owned(),
            "false" => no.to_owned(),
            _ => value.to_owned(),
        },
        Input::Bool if value == "true" => field.label.to_owned(),
        Input::Bool => String::new(),
        _ => value.to_owned(),
    }
}

/// The form's values as typed: every field, empty where absent (an unticked box).
pub type Values = BTreeMap<String, String>;

/// Checks each field by its kind; every error at once, keyed by field.
fn field_errors(kind: &RecordKind, values: &Values) -> BTreeMap<String, String> {
    let mut errors = BTreeMap::new();
    for f in kind.fields {
        let value = values.get(f.key).map(|v| v.trim()).unwrap_or_default();
        if value.is_empty() {
            if f.required && !matches!(f.input, Input::Bool) {
                errors.insert(f.key.to_owned(), format!("请填写{}", f.label));
            }
            continue;
        }
        let problem = match f.input {
            Input::Date => Date::parse(value).err().map(|_| format!("“{value}”不是有效的日期：应为真实存在的日期，如 2024-04-25")),
            Input::Year => (value.len() != 4 || !value.parse::<i16>().is_ok_and(|y| (1990..=2100).contains(&y))).then(|| "应为四位年份，如 2023".to_owned()),
            Input::Integer => value.parse::<u16>().is_err().then(|| "应为非负整数".to_owned()),
            Input::Shares => Shares::parse(value).err(),
            Input::Price => Price::parse(value).err(),
            Input::Amount => Amount::parse(value).err(),
            Input::Percent => Percent::parse(value).err(),
            Input::Select(options) => (!options().iter().any(|(v, _)| *v == value)).then(|| "请从列表中选择".to_owned()),
            Input::YesNo(..) => (value != "true" && value != "false").then(|| "请从列表中选择".to_owned()),
            Input::Choices(options) => value.split(", ").any(|v| !options().iter().any(|(id, _)| *id == v)).then(|| "请从列表中勾选".to_owned()),
            Input::Text if f.key == "id" => {
                (!value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then(|| "编号只能含英文字母、数字、连字符与下划线".to_owned())
            }
            _ => None,
        };
        if let Some(problem) = problem {
            errors.insert(f.key.to_owned(), problem);
        }
    }
    errors
}

/// `table` with the form's fields set, typed as the case format writes each, and those
/// left empty removed; keys the form does not edit (an inspection's checklist) stay.
fn fill(mut table: Table, kind: &RecordKind, values: &Values) -> Table {
    for f in kind.fields {
        let value = values.get(f.key).map(|v| v.trim()).unwrap_or_default();
        // `terms.days` lives in the inline table `terms`; paragraphs (an inspection's
        // `opinions.funds`) in a table of their own, as an inline table holds one line.
        let (table, key) = match f.key.split_once('.') {
            Some((outer, _)) if value.is_empty() && !table.contains_key(outer) => continue,
            Some((outer, inner)) => {
                let paragraphs =
                    kind.fields.iter().any(|g| g.key.strip_prefix(outer).is_some_and(|k| k.starts_with('.')) && matches!(g.input, Input::LongText));
                let entry =
                    table.entry(outer).or_insert_with(|| if paragraphs { Item::Table(Table::new()) } else { toml_edit::value(toml_edit::InlineTable::new()) });
                match entry.as_table_like_mut() {
                    Some(nested) => (nested, inner),
                    None => continue,
                }
            }
            None => (&mut table as &mut dyn toml_edit::TableLike, f.key),
        };
        if value.is_empty() {
            table.remove(key);
            continue;
        }
        let item = match f.input {
            Input::Bool => toml_edit::value(true),
            Input::YesNo(..) => toml_edit::value(value == "true"),
            Input::Date => toml_edit::value(value.parse::<toml_edit::Datetime>().expect("checked")),
            Input::Year => toml_edit::value(i64::from(value.parse::<i16>().expect("checked"))),
            Input::Integer => toml_edit::value(i64::from(value.parse::<u16>().expect("checked"))),
            Input::Choices(_) => toml_edit::value(value.split(", ").collect::<toml_edit::Array>()),
            Input::List => {
                let items: toml_edit::Array = value.split([',', ' ', '，', '、']).filter(|s| !s.is_empty()).collect();
                toml_edit::value(items)
            }
            _ => toml_edit::value(value),
        };
        table.insert(key, item);
    }
    // A nested table the form emptied goes with its last field.
    for f in kind.fields {
        if let Some((outer, _)) = f.key.split_once('.')
            && table.get(outer).and_then(Item::as_table_like).is_some_and(|t| t.is_empty())
        {
            table.remove(outer);
        }
    }
    table
}

/// What an edit does to the array of tables.
#[derive(Clone, Copy, Debug)]
pub enum Change {
    /// A new record at the end.
    Add,
    /// The record at this index, its shown fields replaced.
    Replace(usize),
    /// The record at this index, removed.
    Delete(usize),
}

/// Applies `change` to the record array of `kind` in `text`; `None` if the index is gone.
fn apply(kind: &RecordKind, text: Option<&str>, change: &Change, values: &Values) -> Option<String> {
    let mut doc: DocumentMut = text.unwrap_or_default().parse().ok()?;
    if kind.shape == Shape::Table {
        let Change::Replace(0) = change else { return None };
        let table = doc.entry(kind.array).or_insert(Item::Table(Table::new())).as_table_mut()?;
        *table = fill(table.clone(), kind, values);
        return Some(doc.to_string());
    }
    let tables = doc.entry(kind.array).or_insert(Item::ArrayOfTables(ArrayOfTables::new())).as_array_of_tables_mut()?;
    match change {
        Change::Add => tables.push(fill(Table::new(), kind, values)),
        Change::Replace(index) => {
            let old = tables.get_mut(*index)?;
            *old = fill(old.clone(), kind, values);
        }
        Change::Delete(index) if *index < tables.len() => {
            tables.remove(*index);
        }
        Change::Delete(_) => return None,
    }
    Some(doc.to_string())
}

/// One edit: of a record of `kind`, in the file `place` names (its file's stem, as
/// `events`, or a work-log year).
pub struct Edit<'a> {
    /// The kind of record.
    pub kind: &'static RecordKind,
    /// The work-log year of the record changed or deleted (from the URL); unused otherwise.
    pub place: &'a str,
    /// What is done.
    pub change: Change,
}

/// Why an edit is refused: every error keyed by its field (`other` when the record is
/// gone), and whether it is because the case changed under the form.
#[derive(Debug)]
pub struct Refusal {
    /// The errors, by field.
    pub errors: BTreeMap<String, String>,
    /// The record the form was made from is gone: someone else changed the case.
    pub conflict: bool,
}

impl Refusal {
    fn of(errors: BTreeMap<String, String>) -> Refusal {
        Refusal { errors, conflict: false }
    }
}

/// The one file an edit writes: its path, its text as read (`None`: absent), its new text.
#[derive(Debug)]
pub struct Edited {
    /// Relative to the case folder.
    pub path: String,
    /// The text the edit was made on.
    pub read: Option<String>,
    /// The text it leaves.
    pub text: String,
}

/// What an edit does to a case's files, before anything is stored: the files it writes,
/// each with the text it read and the text it leaves — or why not. One file, except a sale
/// added with [`NEW_SELLER_ROLES`] ticked, which registers its seller as a party in
/// `shareholders.toml` first (the case refuses a sale by a seller it does not know). Every field is
/// checked by its kind, then the whole case (under folder `dir`) must load by the model's
/// rules, as the CLI's would: a stored case never breaks a page.
pub fn edit_files(files: &CaseFiles, dir: &Path, edit: &Edit<'_>, values: &Values) -> Result<Vec<Edited>, Refusal> {
    let roles = values.get(NEW_SELLER_ROLES.key).map(|r| r.trim()).filter(|r| !r.is_empty());
    let Some(roles) = roles.filter(|_| edit.kind.id == "share_sales" && matches!(edit.change, Change::Add)) else {
        return edit_one(files, dir, edit, values).map(|edited| vec![edited]);
    };
    // The seller registered first, as the parties' form would, then the sale beside it.
    let seller = values.get("holder").map(|h| h.trim()).unwrap_or_default();
    if seller.is_empty() {
        return Err(Refusal::of(BTreeMap::from([("holder".to_owned(), "请填写卖方".to_owned())])));
    }
    let party = Values::from([("name".to_owned(), seller.to_owned()), ("roles".to_owned(), roles.to_owned())]);
    let parties = Edit { kind: kind("parties").expect("a declared kind"), place: "", change: Change::Add };
    let registered = edit_one(files, dir, &parties, &party).map_err(|refusal| {
        let errors = refusal.errors.into_values().map(|e| (NEW_SELLER_ROLES.key.to_owned(), format!("无法登记卖方：{e}"))).collect();
        Refusal { errors, conflict: refusal.conflict }
    })?;
    let mut with_seller = files.clone();
    with_seller.set(&registered.path, registered.text.clone());
    let sale = edit_one(&with_seller, dir, edit, values)?;
    Ok(vec![registered, sale])
}

/// The field only the sale form's add form has: the roles of a seller the case has not yet
/// registered, ticked to register them as a party with the sale.
pub const NEW_SELLER_ROLES: Field = field("new_seller_roles", "卖方尚未登记为相关方的，勾选其身份一并登记", Input::Choices(choices::<Role>), false);

/// The fields a kind's add form has beyond its records' own.
pub fn add_only_fields(kind: &RecordKind) -> &'static [Field] {
    if kind.id == "share_sales" { std::slice::from_ref(&NEW_SELLER_ROLES) } else { &[] }
}

/// [`edit_files`] of one record, in one file.
fn edit_one(files: &CaseFiles, dir: &Path, edit: &Edit<'_>, values: &Values) -> Result<Edited, Refusal> {
    let Edit { kind, place, change } = *edit;
    if kind.shape == Shape::Table && !matches!(change, Change::Replace(0)) {
        return Err(Refusal::of(BTreeMap::from([("other".to_owned(), format!("{}只能修改，不能新增或删除", kind.name))])));
    }
    let mut errors = if matches!(change, Change::Delete(_)) { BTreeMap::new() } else { field_errors(kind, values) };
    let year = if kind.home == Home::Worklog && matches!(change, Change::Add) { values.get("year").cloned().unwrap_or_default() } else { place.to_owned() };
    let path = match file_of(kind, year.trim()) {
        Ok(path) => path,
        Err(message) => {
            errors.insert("year".to_owned(), message);
            String::new()
        }
    };
    if !errors.is_empty() {
        return Err(Refusal::of(errors));
    }
    let read = files.get(&path).map(str::to_owned);
    let Some(after) = apply(kind, read.as_deref(), &change, values) else {
        let gone = BTreeMap::from([("other".to_owned(), "该记录已不存在：案卷已被他人修改，请刷新后重试".to_owned())]);
        return Err(Refusal { errors: gone, conflict: true });
    };
    let mut edited = files.clone();
    edited.set(&path, after.clone());
    if let Err(e) = parse_case(dir, &edited) {
        let last = e.field.as_deref().and_then(|f| f.rsplit('.').next()).unwrap_or_default();
        let field = kind.fields.iter().find(|k| k.key == last || k.key.ends_with(&format!(".{last}"))).map_or("other", |k| k.key);
        return Err(Refusal::of(BTreeMap::from([(field.to_owned(), e.message)])));
    }
    Ok(Edited { path, read, text: after })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn an_edit_keeps_what_the_form_does_not_show_and_types_what_it_writes() {
        let inspections = kind("inspections").unwrap();
        let text = "# 现场检查\n[[inspections]]\nkind = \"regular\"\ndate = 2023-12-08  # 第一天\nsummary = \"旧说明\"\n\n[inspections.checklist.\"一\"]\nmethods = \"查阅\"\n";
        let after = apply(inspections, Some(text), &Change::Replace(0), &values(&[("kind", "special"), ("date", "2023-12-09"), ("published", "")])).unwrap();
        assert!(after.starts_with("# 现场检查\n"), "{after}");
        assert!(after.contains("kind = \"special\"") && after.contains("date = 2023-12-09"), "{after}");
        assert!(after.contains("[inspections.checklist.\"一\"]\nmethods = \"查阅\""), "a key the form does not edit stays: {after}");
        assert!(!after.contains("summary"), "a field left empty is removed: {after}");
        assert!(apply(inspections, Some(text), &Change::Delete(1), &Values::new()).is_none(), "a record gone is not deleted twice");
        let announcements = kind("announcements").unwrap();
        let added = apply(
            announcements,
            None,
            &Change::Add,
            &values(&[("id", "h1"), ("date", "2024-08-28"), ("year", "2024"), ("reviewed_in_advance", "on"), ("discloses", "a, b")]),
        )
        .unwrap();
        assert!(added.contains("year = 2024\n") && added.contains("reviewed_in_advance = true") && added.contains("discloses = [\"a\", \"b\"]"), "{added}");
    }

    #[test]
    fn an_inspections_opinions_are_a_table_of_paragraphs() {
        let inspections = kind("inspections").unwrap();
        let text = "[[inspections]]\nkind = \"regular\"\ndate = 2023-12-08\n";
        let opinions = values(&[("kind", "regular"), ("date", "2023-12-08"), ("opinions.funds", "专户存储。\n\n按计划使用。"), ("methods", "查阅、访谈")]);
        let after = apply(inspections, Some(text), &Change::Replace(0), &opinions).unwrap();
        let doc: DocumentMut = after.parse().expect("valid TOML");
        let funds = doc["inspections"].as_array_of_tables().unwrap().get(0).unwrap()["opinions"]["funds"].as_str();
        assert_eq!(funds, Some("专户存储。\n\n按计划使用。"), "{after}");
        assert!(after.contains("[inspections.opinions]"), "a table of its own: {after}");
        assert!(!apply(inspections, Some(text), &Change::Replace(0), &values(&[("kind", "regular")])).unwrap().contains("opinions"), "none asked, none made");
        let emptied = apply(inspections, Some(&after), &Change::Replace(0), &values(&[("kind", "regular"), ("date", "2023-12-08")])).unwrap();
        assert!(!emptied.contains("opinions") && !emptied.contains("methods"), "{emptied}");
    }

    #[test]
    fn a_commitments_terms_are_an_inline_table() {
        let commitments = kind("commitments").unwrap();
        let text = "[[commitments]]\nid = \"t\"\nby = \"苏州天翔\"\ndocument = \"招股说明书\"\ncontent = \"提前告知\"\nmade = \"2021-03\"\n# 可核查\nterms = { kind = \"reduction_notice\", days = 15, day_kind = \"trading\" }\n";
        let doc: DocumentMut = text.parse().unwrap();
        let table = &doc["commitments"].as_array_of_tables().unwrap().get(0).unwrap().clone();
        assert_eq!(shown(item_at(table, "terms.days")), "15");
        let mut edited: Values = commitments.fields.iter().map(|f| (f.key.to_owned(), shown(item_at(table, f.key)))).collect();
        edited.insert("terms.days".into(), "20".into());
        edited.insert("until".into(), "2024-03-16".into());
        let after = apply(commitments, Some(text), &Change::Replace(0), &edited).unwrap();
        assert!(after.contains("terms = { kind = \"reduction_notice\", days = 20, day_kind = \"trading\" }"), "{after}");
        assert!(after.contains("until = 2024-03-16") && after.contains("made = \"2021-03\""), "{after}");
        let new = apply(
            commitments,
            None,
            &Change::Add,
            &values(&[
                ("id", "lock"),
                ("by", "黄允松"),
                ("document", "招股说明书"),
                ("content", "36 个月不减持"),
                ("terms.kind", "lock_up"),
                ("terms.sell_from", "2024-03-16"),
            ]),
        )
        .unwrap();
        assert!(new.contains("terms = { kind = \"lock_up\", sell_from = 2024-03-16 }"), "{new}");
        let errors = field_errors(commitments, &values(&[("terms.kind", "reduction_notice"), ("terms.days", "十五")]));
        assert!(errors.contains_key("terms.days") && errors.contains_key("by"));
    }

    #[test]
    fn every_field_error_of_a_form_at_once() {
        let sales = kind("share_sales").unwrap();
        let errors =
            field_errors(sales, &values(&[("id", "a b"), ("date", "2024-02-30"), ("shares", "12,34"), ("method", "gift"), ("average_price", "20.00")]));
        let keys: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(keys, ["date", "holder", "id", "method", "shares"]);
    }
}
