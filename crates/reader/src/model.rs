//! The document model every reader produces: blocks in reading order, each knowing where
//! it came from, and tables whose cells carry the numbers they hold.

use rust_decimal::Decimal;

/// A disclosure, read: its blocks in reading order.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// Headings, paragraphs and tables, in reading order; tables that continue across a
    /// page break are one table.
    pub blocks: Vec<Block>,
    /// Pages in the source (0 when the source has no pages: text, Markdown, HTML).
    pub pages: u32,
}

/// One block of a document.
#[derive(Clone, Debug)]
pub enum Block {
    /// A numbered or otherwise marked heading.
    Heading(Heading),
    /// Running text, lines joined.
    Paragraph(Paragraph),
    /// A table of rows and cells.
    Table(Table),
}

/// Where something was read: the page (for paged sources: PDF, JSON pages) and the
/// 1-based line (on that page for paged sources, in the file otherwise).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The 1-based page, for paged sources.
    pub page: Option<u32>,
    /// The 1-based line, on the page when there is one.
    pub line: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.page {
            Some(page) => write!(f, "第 {page} 页第 {} 行", self.line),
            None => write!(f, "第 {} 行", self.line),
        }
    }
}

/// A heading: `第二节 公司简介`, `七、近三年主要会计数据`, `(一) 主要会计数据`.
#[derive(Clone, Debug)]
pub struct Heading {
    /// The numbering as printed (`第二节`, `七、`, `(一)`), if any.
    pub numbering: Option<String>,
    /// The title after the numbering.
    pub title: String,
    /// 1 for 第X节, 2 for 一、, 3 for (一), 4 for 1.; 2 for an unnumbered heading.
    pub level: u8,
    /// Where it was read.
    pub at: Location,
}

/// Running text. Layout spaces between Chinese and figures are dropped; every byte offset
/// of `text` maps back to the line it came from.
#[derive(Clone, Debug, Default)]
pub struct Paragraph {
    /// The text, lines joined.
    pub text: String,
    /// `(byte offset in text, location)` at the start of each source line's text.
    pub lines: Vec<(usize, Location)>,
}

impl Paragraph {
    /// The text of each source line with where it is, in order.
    pub fn source_lines(&self) -> impl Iterator<Item = (&str, Location)> {
        let ends = self.lines.iter().skip(1).map(|(offset, _)| *offset).chain([self.text.len()]);
        self.lines.iter().zip(ends).map(|((start, at), end)| (&self.text[*start..end], *at))
    }

    /// The location of the source line that byte `offset` of the text came from.
    pub fn location_at(&self, offset: usize) -> Location {
        let i = self.lines.partition_point(|(start, _)| *start <= offset);
        self.lines.get(i.saturating_sub(1)).map_or_else(Location::default, |(_, at)| *at)
    }
}

/// A table: a header text per column and body rows of cells, one cell per column (a
/// spanned cell is repeated in the positions it covers, marked `covered`). Column 0 holds
/// the row labels.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The header of each column, its lines joined (`本期比上年同期增减(%)`); empty where
    /// the table has none.
    pub header: Vec<String>,
    /// The body rows.
    pub rows: Vec<Row>,
    /// The unit stated for the table (`单位：元` above it), if any.
    pub unit: Option<Unit>,
    /// Where the table starts (its first header or body line).
    pub at: Location,
}

/// A body row.
#[derive(Clone, Debug, Default)]
pub struct Row {
    /// One cell per column.
    pub cells: Vec<Cell>,
    /// Where the row's figures are (its first line with a figure, else its first line).
    pub at: Location,
    /// The reader could not place every figure of this row in its column with confidence
    /// (a short row of unaligned text): its figures are kept but no sum should rely on them.
    pub uncertain: bool,
}

impl Row {
    /// The row's label: column 0, trimmed.
    pub fn label(&self) -> &str {
        self.cells.first().map_or("", |c| c.text.trim())
    }

    /// What the row is to the rows around it, by its label.
    pub fn role(&self) -> Role {
        Role::of_label(self.label())
    }
}

/// What a row is to the rows around it, as its label says: what a sum of the table may
/// take it for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An item of the table.
    Item,
    /// A total of the rows above it: `合计`, `总计`, `…合计` (`负债合计`).
    Total,
    /// A subtotal (`小计`): of some rows above it.
    Subtotal,
    /// One part of the row above, printed below it and never part of a total: `其中属于香港的部分`,
    /// `－其中：境内`.
    PartOfAbove,
    /// `其中：营业成本`: the first of a list of parts of the row above, whose end the label does
    /// not say.
    PartsFollow,
    /// A row subtracted, whatever its printed sign: `减：所得税影响额`, and the tax and
    /// minority-interest effects of a non-recurring items table (`少数股东权益影响额（税后）`).
    Deduction,
    /// A row added to what is above it: `加：…`.
    Addition,
}

impl Role {
    /// The role a row's label gives it.
    pub fn of_label(label: &str) -> Role {
        let compact = crate::value::compact(label);
        let compact: &str = &compact;
        let marked = compact.trim_start_matches(['－', '-', '—', '–', '•', '·']);
        if let Some(rest) = marked.strip_prefix("其中") {
            let list = rest.starts_with(['：', ':']) && marked.len() == compact.len();
            return if list { Role::PartsFollow } else { Role::PartOfAbove };
        }
        if let Some(rest) = compact.strip_prefix("减：").or_else(|| compact.strip_prefix("减:")) {
            return if rest.is_empty() { Role::Item } else { Role::Deduction };
        }
        if compact.starts_with("加：") || compact.starts_with("加:") {
            return Role::Addition;
        }
        const EFFECTS: [&str; 2] = ["所得税影响额", "少数股东权益影响额"];
        if EFFECTS.iter().any(|e| compact.starts_with(e)) {
            return Role::Deduction;
        }
        // A PDF may run the next line into a total's label (`小计成本构成分产品项目`).
        if compact.ends_with("小计") || compact.starts_with("小计") {
            return Role::Subtotal;
        }
        if compact.ends_with("合计") || compact.ends_with("总计") || compact.starts_with("合计") || compact.starts_with("总计") {
            return Role::Total;
        }
        Role::Item
    }
}

/// A cell: its text as printed, the value it holds, where it is.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// The text, wrapped lines joined.
    pub text: String,
    /// What the text holds.
    pub value: Value,
    /// Where it is (its first line).
    pub at: Location,
    /// Rows and columns the cell spans (1 and 1 for most).
    pub span: (u16, u16),
    /// A position covered by a spanning cell above or to the left: a copy of it.
    pub covered: bool,
    /// Where a cell's text runs over several source lines (a paragraph set in a table):
    /// `(byte offset in text, location)` at the start of each line after the first.
    pub lines: Vec<(usize, Location)>,
}

/// The value a cell holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Value {
    /// Text, or nothing.
    #[default]
    Text,
    /// A dash (`-`, `—`, `/`): no figure, which a sum counts as zero.
    Dash,
    /// `不适用`.
    NotApplicable,
    /// A figure.
    Number(Number),
    /// A change in percentage points: `增加3.88个百分点` (+3.88), `减少4.07个百分点`.
    Points(Number),
}

impl Value {
    /// The figure, if the cell holds one (not a change in points).
    pub fn number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// A figure as printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number {
    /// Its value, negative when printed with a minus or in brackets; in percent when
    /// `percent`.
    pub value: Decimal,
    /// Decimals printed.
    pub scale: u32,
    /// Printed with `%`.
    pub percent: bool,
}

impl Number {
    /// Half the last printed digit: how far the true value may be from the printed one.
    pub fn half_unit(&self) -> Decimal {
        Decimal::new(5, self.scale + 1)
    }
}

/// A unit of money a table or cell states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// 元.
    Yuan,
    /// 千元.
    Thousand,
    /// 万元.
    TenThousand,
    /// 百万元.
    Million,
    /// 亿元.
    HundredMillion,
}

impl Unit {
    /// How many 元 one of this unit is.
    pub fn factor(self) -> Decimal {
        match self {
            Unit::Yuan => Decimal::ONE,
            Unit::Thousand => Decimal::from(1_000),
            Unit::TenThousand => Decimal::from(10_000),
            Unit::Million => Decimal::from(1_000_000),
            Unit::HundredMillion => Decimal::from(100_000_000),
        }
    }

    /// The unit's name: `万元`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Thousand => "千元",
            Unit::TenThousand => "万元",
            Unit::Million => "百万元",
            Unit::HundredMillion => "亿元",
        }
    }
}

/// What a column's header says it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// A year's figure (`2023年`, `2023年末`, `2023 年金额`, `2023年12月31日`).
    Year(i16),
    /// The change between two years (`本期比上年同期增减(%)`, `本年比上年增减`).
    Change,
    /// A quarter, 1 to 4 (`第一季度（1-3月份）`).
    Quarter(u8),
    /// Anything else.
    Other,
}

impl Column {
    /// What the header `text` says.
    pub fn of_header(text: &str) -> Column {
        let compact: String = without_note_marks(&crate::value::compact(text));
        let chars: Vec<char> = compact.chars().collect();
        if chars.len() >= 5 && chars[..4].iter().all(char::is_ascii_digit) && chars[4] == '年' {
            let rest: String = chars[5..].iter().collect();
            let rest = rest.strip_prefix("12月31日").unwrap_or(&rest);
            if matches!(rest, "" | "末" | "度" | "金额" | "度金额" | "末金额" | "末余额" | "余额") {
                return compact[..4].parse().map_or(Column::Other, Column::Year);
            }
        }
        if compact.contains("增减") {
            return Column::Change;
        }
        // A year over the quarters, joined from a header row of its own: `2019年第一季度`.
        let quarter = match compact.split_once('年') {
            Some((year, rest)) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => rest,
            _ => compact.as_str(),
        };
        for (i, name) in ["第一季度", "第二季度", "第三季度", "第四季度"].iter().enumerate() {
            if quarter.starts_with(name) {
                return Column::Quarter(i as u8 + 1);
            }
        }
        Column::Other
    }
}

/// `text` without note marks, `2019年(4)12月31日` → `2019年12月31日`: a figure in brackets
/// refers to a note below the table.
fn without_note_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '（']) {
        let after = &rest[open..];
        let inner_start = after.chars().next().map_or(1, char::len_utf8);
        let digits = after[inner_start..].bytes().take_while(u8::is_ascii_digit).count();
        let close = &after[inner_start + digits..];
        let closing = close.chars().next().filter(|c| matches!(c, ')' | '）'));
        out.push_str(&rest[..open]);
        match closing {
            Some(c) if digits > 0 && digits <= 2 => rest = &close[c.len_utf8()..],
            _ => {
                out.push_str(&after[..inner_start]);
                rest = &after[inner_start..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The layout of a key-data table: its year columns, newest first, and the change column
/// after the first two where it has one (banks print none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearLayout {
    /// `(column, year)` for each year column, in header order.
    pub years: Vec<(usize, i16)>,
    /// The change column between the first two years.
    pub change: Option<usize>,
}

impl Table {
    /// What each column holds, by its header.
    pub fn columns(&self) -> Vec<Column> {
        self.header.iter().map(|h| Column::of_header(h)).collect()
    }

    /// The year and change columns of a key-data table (`2023年 2022年 本期比上年同期增减 2021年`,
    /// or `项目 2019年 2018年 2017年` without a change column): two consecutive years, newest
    /// first, the first two columns after the labels, both before the change column if there
    /// is one, and no column of another kind between the years; `None` for any other table.
    pub fn year_layout(&self) -> Option<YearLayout> {
        let columns = self.columns();
        let years: Vec<(usize, i16)> = columns.iter().enumerate().filter_map(|(i, c)| if let Column::Year(y) = c { Some((i, *y)) } else { None }).collect();
        let change = columns.iter().position(|c| *c == Column::Change);
        let (&(a, current), &(b, prior)) = (years.first()?, years.get(1)?);
        let consecutive = prior == current - 1;
        match change {
            Some(change) => (consecutive && a < change && b < change).then_some(YearLayout { years, change: Some(change) }),
            // Without a change column, only a plain table of years: `项目 2019年 2018年 …`.
            None => {
                let only_years = columns.iter().skip(1).all(|c| matches!(c, Column::Year(_)));
                (consecutive && a == 1 && b == 2 && only_years).then_some(YearLayout { years, change: None })
            }
        }
    }

    /// The unit of money that applies to the cell at `row`, `column`: stated in the cell
    /// (`5.00万元`), in the row label (`营业收入（万元）`), in the column header, or for
    /// the table; `None` where none is stated or the row is not money (`（元／股）`, `（%）`).
    pub fn unit_of(&self, row: usize, column: usize) -> Option<Unit> {
        let cell = self.rows.get(row).and_then(|r| r.cells.get(column));
        if let Some(unit) = cell.and_then(|c| crate::value::unit_suffix(&c.text)) {
            return Some(unit);
        }
        let label = self.rows.get(row).map_or("", Row::label);
        let header = self.header.get(column).map_or("", String::as_str);
        for text in [label, header] {
            match crate::value::bracketed_unit(text) {
                Some(crate::value::Bracketed::Money(unit)) => return Some(unit),
                Some(crate::value::Bracketed::NotMoney) => return None,
                None => {}
            }
        }
        self.unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str]) -> Table {
        Table { header: header.iter().map(|h| (*h).to_owned()).collect(), ..Table::default() }
    }

    #[test]
    fn year_columns_with_note_marks_and_dates() {
        assert_eq!(Column::of_header("2019年(4)12月31 日"), Column::Year(2019));
        assert_eq!(Column::of_header("2019 年12月31 日金额"), Column::Year(2019));
        assert_eq!(Column::of_header("2019年（注1）"), Column::Other);
        assert_eq!(without_note_marks("加权平均净资产收益率(2)"), "加权平均净资产收益率");
        assert_eq!(without_note_marks("营业收入（元）"), "营业收入（元）");
    }

    #[test]
    fn key_data_with_or_without_a_change_column() {
        let layout = table(&["主要会计数据", "2019年", "2018年", "本年比上年增减", "2017年"]).year_layout().unwrap();
        assert_eq!((layout.years.len(), layout.change), (3, Some(3)));
        let layout = table(&["项目", "2019年", "2018年", "2017年"]).year_layout().unwrap();
        assert_eq!(layout.change, None);
        // Years beside other columns, without a change column, are not key data.
        assert!(table(&["项目", "2019年", "占比", "2018年", "占比"]).year_layout().is_none());
        assert!(table(&["项目", "2018年", "2019年"]).year_layout().is_none());
    }

    #[test]
    fn roles_by_label() {
        assert_eq!(Role::of_label("合计"), Role::Total);
        assert_eq!(Role::of_label("流动资产合计"), Role::Total);
        assert_eq!(Role::of_label("－其中属于香港的部分"), Role::PartOfAbove);
        assert_eq!(Role::of_label("其中：营业成本"), Role::PartsFollow);
        assert_eq!(Role::of_label("减：所得税影响额"), Role::Deduction);
        assert_eq!(Role::of_label("  少数股东权益影响额（税后）"), Role::Deduction);
        assert_eq!(Role::of_label("加：期初现金余额"), Role::Addition);
        assert_eq!(Role::of_label("小计"), Role::Subtotal);
        assert_eq!(Role::of_label("小计成本构成分产品项目"), Role::Subtotal);
        assert_eq!(Role::of_label("营业收入"), Role::Item);
    }
}
