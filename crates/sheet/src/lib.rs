//! A case in an Excel workbook, and back. Sponsors keep their figures in Excel: [`export`]
//! writes a case's facts, findings and deadlines as a workbook, one sheet per area, figures
//! as numbers shown with the decimals they were written with, dates as dates; [`read`]
//! takes the company, the financial tables and the share sales back from a workbook laid
//! out like the export, as the facts `dudao_ingest::plan` writes into a case — so an import
//! is previewed, refused and audited exactly like an ingested report, and `sources.toml`
//! names the workbook, sheet (as the page) and row.
//!
//! Decisions:
//! - A figure goes out as a number, its unit (元 unless 万元, 亿元 or %) and its decimals,
//!   and comes back as the same text, so exporting a case and importing the workbook into
//!   it changes nothing. Excel holds numbers as binary doubles; every figure a case holds
//!   (15 significant digits or fewer) survives that exactly once printed at its decimals.
//! - The stated amounts and percentages of a sale quote the disclosure and stay text.
//! - Findings, deadlines and the list of every fact are for reading; `read` ignores them.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Xlsx, open_workbook_from_rs};
use dudao_ingest::{Extract, Extracted};
use dudao_model::{CaseFact, Date, Finding, format_grouped};
use dudao_reader::Location;
use dudao_rules::{Due, Schedule, Status};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// The sheets, in the order the workbook holds them.
pub const SHEETS: [&str; 6] = [COMPANY, FINANCIALS, SALES, FINDINGS, DEADLINES, FACTS];
const COMPANY: &str = "公司";
const FINANCIALS: &str = "财务数据";
const SALES: &str = "减持";
const FINDINGS: &str = "核查结果";
const DEADLINES: &str = "到期事项";
const FACTS: &str = "全部事实";

/// The company fields a workbook carries, enough to start a case from it; each headed by
/// its name on the workbench's company form ([`heading`]), the code (which no form edits)
/// by its own.
const COMPANY_FIELDS: [&str; 4] = ["name", "short_name", "stock_code", "board"];

/// The columns of the sales sheet, in order: the fields of `[[share_sales]]`, headed as the
/// workbench's sale form names them.
const SALE_COLUMNS: [&str; 10] = ["id", "date", "holder", "shares", "method", "average_price", "stated_amount", "stated_percent", "plan", "bought_on_market"];

/// The Chinese name of `field` of record kind `kind` (`dudao_model::records`): one name for
/// a fact in a form, a sheet and the case format's reference.
fn heading(kind: &str, field: &str) -> &'static str {
    let named = dudao_model::records::kind(kind).and_then(|k| k.fields.iter().find(|f| f.key == field)).map(|f| f.label);
    named.unwrap_or(if field == "stock_code" { "股票代码" } else { "" })
}

/// Why a workbook cannot be read, with the sheet, row and column at fault.
#[derive(Debug, PartialEq, Eq)]
pub struct SheetError(pub String);

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A figure as a case writes it: value, decimals and unit suffix (`""`, `万`, `亿`, `%`).
#[derive(Debug, PartialEq, Eq)]
struct Written {
    value: Decimal,
    scale: u32,
    unit: &'static str,
}

impl Written {
    /// `"76,440.00万"` → 76440.00, 2 decimals, 万; `None` for text that is not a figure.
    fn parse(text: &str) -> Option<Written> {
        let text = text.trim();
        let (number, unit) = ["万", "亿", "%"].iter().find_map(|u| text.strip_suffix(u).map(|n| (n, *u))).unwrap_or((text, ""));
        let digits: String = number.chars().filter(|c| *c != ',').collect();
        let body = digits.strip_prefix('-').unwrap_or(&digits);
        let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
        let plain = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !plain(whole) || !plain(fraction) || (body.contains('.') && fraction.is_empty()) {
            return None;
        }
        Some(Written { value: digits.parse().ok()?, scale: fraction.len() as u32, unit })
    }

    /// The text a case writes: grouped, at its decimals, with its unit.
    fn text(&self) -> String {
        format!("{}{}", format_grouped(self.value, self.scale), self.unit)
    }

    /// The unit as a column shows it.
    fn unit_label(&self) -> &'static str {
        match self.unit {
            "万" => "万元",
            "亿" => "亿元",
            "%" => "%",
            _ => "",
        }
    }
}

/// The Excel number format showing `scale` decimals with thousands separators.
fn number_format(scale: u32) -> Format {
    let decimals = if scale == 0 { String::new() } else { format!(".{}", "0".repeat(scale as usize)) };
    Format::new().set_num_format(format!("#,##0{decimals}"))
}

/// The workbook of a case: its company, financial tables, share sales, the findings of
/// `check` and the duties of `schedule` (where the case can be scheduled), and every fact
/// with its file and line.
pub fn export(facts: &[CaseFact], findings: &[Finding], schedule: Option<&Schedule>) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let written = (|| -> Result<(), XlsxError> {
        company_sheet(workbook.add_worksheet(), facts, &bold)?;
        financials_sheet(workbook.add_worksheet(), facts, &bold)?;
        sales_sheet(workbook.add_worksheet(), facts, &bold, &date)?;
        findings_sheet(workbook.add_worksheet(), findings, &bold, &date)?;
        deadlines_sheet(workbook.add_worksheet(), schedule, &bold, &date)?;
        facts_sheet(workbook.add_worksheet(), facts, &bold)?;
        Ok(())
    })();
    written.and_then(|()| workbook.save_to_buffer()).map_err(|e| format!("无法生成工作簿（{e}）"))
}

/// Names the sheet, writes the header in bold and freezes it.
fn header(sheet: &mut Worksheet, name: &str, columns: &[&str], bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (col, title) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, bold)?;
        sheet.set_column_width(col as u16, (title.chars().count() as f64 * 2.2).max(12.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_date(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
    match Date::parse(text) {
        Ok(d) => sheet.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?, format),
        Err(_) => sheet.write_string(row, col, text),
    }
    .map(|_| ())
}

fn company_sheet(sheet: &mut Worksheet, facts: &[CaseFact], bold: &Format) -> Result<(), XlsxError> {
    header(sheet, COMPANY, &["字段", "项目", "值"], bold)?;
    sheet.set_column_width(2, 40)?;
    for (row, field) in COMPANY_FIELDS.iter().enumerate() {
        let value = facts.iter().find(|f| f.path == format!("company.company.{field}")).map_or("", |f| f.value.as_str());
        let row = row as u32 + 1;
        sheet.write_string(row, 0, *field)?;
        sheet.write_string(row, 1, heading("company", field))?;
        sheet.write_string(row, 2, value)?;
    }
    Ok(())
}

fn financials_sheet(sheet: &mut Worksheet, facts: &[CaseFact], bold: &Format) -> Result<(), XlsxError> {
    header(sheet, FINANCIALS, &["期间", "字段", "项目", "数值", "单位（空为元或元/股）", "小数位", "案卷出处"], bold)?;
    sheet.set_column_width(2, 40)?;
    sheet.set_column_width(3, 20)?;
    let rows = facts.iter().filter_map(|f| {
        let rest = f.path.strip_prefix("financials.")?;
        let (period, field) = rest.split_once('.')?;
        (!field.contains(['.', '['])).then_some((period, field, f))
    });
    for (row, (period, field, fact)) in rows.enumerate() {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, period)?;
        sheet.write_string(row, 1, field)?;
        sheet.write_string(row, 2, dudao_ingest::fact_name(&fact.path).trim_start_matches(&format!("{period} 年度 ")))?;
        match Written::parse(&fact.value) {
            Some(figure) => {
                let number = figure.value.to_f64().unwrap_or_default();
                sheet.write_number_with_format(row, 3, number, &number_format(figure.scale))?;
                sheet.write_string(row, 4, figure.unit_label())?;
                sheet.write_number(row, 5, figure.scale)?;
            }
            None => {
                sheet.write_string(row, 3, &fact.value)?;
            }
        }
        sheet.write_string(row, 6, fact.origin.to_string())?;
    }
    Ok(())
}

fn sales_sheet(sheet: &mut Worksheet, facts: &[CaseFact], bold: &Format, date: &Format) -> Result<(), XlsxError> {
    let headings: Vec<&str> = SALE_COLUMNS.iter().map(|field| heading("share_sales", field)).collect();
    header(sheet, SALES, &headings, bold)?;
    sheet.set_column_width(2, 40)?;
    // Each sale's facts, in one pass over the facts: a case may hold many thousand sales.
    let mut sales: BTreeMap<usize, Vec<(&str, &CaseFact)>> = BTreeMap::new();
    for fact in facts {
        let Some(rest) = fact.path.strip_prefix("events.share_sales[") else { continue };
        let Some((index, field)) = rest.split_once("].") else { continue };
        if let Ok(index) = index.parse::<usize>() {
            sales.entry(index).or_default().push((field, fact));
        }
    }
    for (row, of_sale) in (1..).zip(sales.values()) {
        for (col, field) in SALE_COLUMNS.iter().enumerate() {
            let Some((_, fact)) = of_sale.iter().find(|(name, _)| name == field) else { continue };
            let col = col as u16;
            match *field {
                "date" => write_date(sheet, row, col, &fact.value, date)?,
                "shares" | "average_price" => match Written::parse(&fact.value) {
                    Some(figure) => {
                        sheet.write_number_with_format(row, col, figure.value.to_f64().unwrap_or_default(), &number_format(figure.scale))?;
                    }
                    None => {
                        sheet.write_string(row, col, &fact.value)?;
                    }
                },
                "bought_on_market" => {
                    sheet.write_string(row, col, if fact.value == "true" { "是" } else { "否" })?;
                }
                _ => {
                    sheet.write_string(row, col, &fact.value)?;
                }
            }
        }
    }
    Ok(())
}

fn findings_sheet(sheet: &mut Worksheet, findings: &[Finding], bold: &Format, date: &Format) -> Result<(), XlsxError> {
    header(sheet, FINDINGS, &["严重程度", "类别", "规则", "日期", "说明", "依据", "案卷出处"], bold)?;
    sheet.set_column_width(4, 80)?;
    sheet.set_column_width(5, 50)?;
    for (row, finding) in findings.iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, finding.severity.chinese())?;
        sheet.write_string(row, 1, finding.kind.chinese())?;
        sheet.write_string(row, 2, &finding.rule)?;
        if let Some(d) = finding.date {
            write_date(sheet, row, 3, &d.to_string(), date)?;
        }
        sheet.write_string(row, 4, &finding.message)?;
        sheet.write_string(row, 5, finding.citation.as_ref().map(dudao_model::Citation::text).unwrap_or_default())?;
        sheet.write_string(row, 6, finding.evidence.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"))?;
    }
    sheet.autofilter(0, 0, findings.len() as u32, 6)?;
    Ok(())
}

fn deadlines_sheet(sheet: &mut Worksheet, schedule: Option<&Schedule>, bold: &Format, date: &Format) -> Result<(), XlsxError> {
    header(sheet, DEADLINES, &["到期日", "状态", "事项", "对象", "依据", "完成日"], bold)?;
    sheet.set_column_width(2, 36)?;
    sheet.set_column_width(4, 50)?;
    let duties = schedule.map_or(&[][..], |s| &s.duties);
    for (row, duty) in duties.iter().enumerate() {
        let row = row as u32 + 1;
        if let Due::On(due) = duty.due {
            write_date(sheet, row, 0, &due.to_string(), date)?;
        }
        sheet.write_string(row, 1, duty.status.chinese())?;
        sheet.write_string(row, 2, &duty.obligation.title)?;
        sheet.write_string(row, 3, &duty.subject)?;
        sheet.write_string(row, 4, duty.obligation.citation().text())?;
        if let Status::Done { on: Some(on), .. } = duty.status {
            write_date(sheet, row, 5, &on.to_string(), date)?;
        }
    }
    sheet.autofilter(0, 0, duties.len() as u32, 5)?;
    Ok(())
}

fn facts_sheet(sheet: &mut Worksheet, facts: &[CaseFact], bold: &Format) -> Result<(), XlsxError> {
    header(sheet, FACTS, &["事实", "值", "案卷出处", "读取自"], bold)?;
    sheet.set_column_width(0, 48)?;
    sheet.set_column_width(1, 48)?;
    for (row, fact) in facts.iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, &fact.path)?;
        sheet.write_string(row, 1, &fact.value)?;
        sheet.write_string(row, 2, fact.origin.to_string())?;
        if let Some(source) = &fact.source {
            sheet.write_string(row, 3, source.to_string())?;
        }
    }
    Ok(())
}

/// The company, financial tables and share sales of a workbook laid out like [`export`]'s,
/// as facts for `dudao_ingest::plan`; `document` is the workbook's file name, as sources
/// name it. Rows are numbered as Excel shows them; the page of a fact is its sheet's
/// position in the workbook.
pub fn read(bytes: &[u8], document: &str) -> Result<Extracted, SheetError> {
    within_limits(bytes, document)?;
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| SheetError(format!("{document}：不是可读取的 Excel 工作簿（{e}）")))?;
    let mut facts = Vec::new();
    let mut year = 0;
    for (page, name) in SHEETS.iter().enumerate().take(3) {
        let page = page as u32 + 1;
        let sheet = cells(&mut workbook, name, document)?;
        let at = |row: usize| Location { page: Some(page), line: row as u32 + 1 };
        let cell = |row: usize, col: usize| sheet.cells.get(&(row, col)).cloned().unwrap_or(Data::Empty);
        let located = |row: usize, heading: &str, message: String| SheetError(format!("{document}：工作表“{name}”第 {} 行“{heading}”：{message}", row + 1));
        for row in 1..sheet.height {
            match *name {
                COMPANY => {
                    let field = text(&cell(row, 0));
                    if COMPANY_FIELDS.contains(&field.as_str()) && !text(&cell(row, 2)).is_empty() {
                        facts.push(Extract { path: format!("company.company.{field}"), value: text(&cell(row, 2)), at: at(row) });
                    }
                }
                FINANCIALS => {
                    let (period, field) = (text(&cell(row, 0)), text(&cell(row, 1)));
                    if period.is_empty() || field.is_empty() {
                        continue;
                    }
                    year = year.max(period.get(..4).and_then(|y| y.parse::<i16>().ok()).unwrap_or(0));
                    let value = match (cell(row, 3), text(&cell(row, 4))) {
                        (Data::Empty, _) => continue,
                        (Data::String(s), unit) if unit.is_empty() && Written::parse(&s).is_none() => s,
                        (value, unit) => {
                            let scale = match cell(row, 5) {
                                Data::Empty => None,
                                decimals => number(&decimals).and_then(|d| d.to_u32()).filter(|d| *d <= 10),
                            }
                            .ok_or_else(|| located(row, "小数位", "应为 0 到 10 的整数".to_owned()))?;
                            let figure = number(&value).ok_or_else(|| located(row, "数值", format!("应为数字，读到“{}”", text(&value))))?;
                            let unit = unit_suffix(&unit).ok_or_else(|| located(row, "单位", format!("应为空（元）、万元、亿元或 %，读到“{unit}”")))?;
                            Written { value: figure.round_dp(scale), scale, unit }.text()
                        }
                    };
                    facts.push(Extract { path: format!("financials.{period}.{field}"), value, at: at(row) });
                }
                _ => {
                    let id = text(&cell(row, 0));
                    if id.is_empty() {
                        continue;
                    }
                    for (col, field) in SALE_COLUMNS.iter().enumerate().skip(1) {
                        let heading = heading("share_sales", field);
                        let value = match (*field, cell(row, col)) {
                            (_, Data::Empty) => continue,
                            ("date", value) => date(&value).ok_or_else(|| located(row, heading, format!("应为日期，读到“{}”", text(&value))))?,
                            ("shares", value) => number(&value)
                                .filter(|n| n.fract().is_zero() && !n.is_sign_negative())
                                .map(|n| format_grouped(n, 0))
                                .ok_or_else(|| located(row, heading, format!("应为整数股数，读到“{}”", text(&value))))?,
                            ("average_price", value) => number(&value)
                                .map(|n| format_grouped(n, n.scale().max(2)))
                                .ok_or_else(|| located(row, heading, format!("应为价格，读到“{}”", text(&value))))?,
                            ("bought_on_market", value) => match text(&value).as_str() {
                                "是" | "true" => "true".to_owned(),
                                "否" | "false" => "false".to_owned(),
                                other => return Err(located(row, heading, format!("应为“是”或“否”，读到“{other}”"))),
                            },
                            (_, value) => text(&value),
                        };
                        facts.push(Extract { path: format!("events.share_sales[id={id}].{field}"), value, at: at(row) });
                    }
                }
            }
        }
    }
    Ok(Extracted { document: document.to_owned(), year, facts, findings: Vec::new(), confirms_same: false })
}

/// What a workbook read back may hold: a workbook dudao exported is a few hundred KiB
/// unpacked and a few thousand rows; these bounds are far beyond that, and far below what
/// would hold the machine. Sizes are counted as the parts unpack, never taken as declared.
const MAX_UNPACKED: u64 = 64 << 20;
const MAX_ROWS: usize = 200_000;
const MAX_COLUMNS: usize = 64;
const MAX_CELL_CHARS: usize = 100_000;

/// Whether the workbook's parts unpack within [`MAX_UNPACKED`] in all: each part read to
/// its end, whatever size it declares (a part that declares 100 bytes may unpack to GiB).
fn within_limits(bytes: &[u8], document: &str) -> Result<(), SheetError> {
    let bad = |why: String| SheetError(format!("{document}：{why}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(format!("不是可读取的 Excel 工作簿（{e}）")))?;
    let mut left = MAX_UNPACKED;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| bad(format!("工作簿已损坏（{e}）")))?;
        let unpacked = std::io::copy(&mut std::io::Read::take(&mut part, left + 1), &mut std::io::sink()).map_err(|e| bad(format!("工作簿已损坏（{e}）")))?;
        left = left.checked_sub(unpacked).ok_or_else(|| bad(format!("解压后超过 {} MB：不是 dudao 导出的工作簿", MAX_UNPACKED >> 20)))?;
    }
    Ok(())
}

/// A sheet's cells by (row, column), from 0, and the number of rows to the last one.
struct Cells {
    cells: std::collections::HashMap<(usize, usize), Data>,
    height: usize,
}

/// The cells of sheet `name`, read one by one — never by the dimension the sheet declares,
/// which may claim all of Excel's 17 billion cells — within [`MAX_ROWS`], [`MAX_COLUMNS`]
/// and [`MAX_CELL_CHARS`] each.
fn cells<R: std::io::Read + std::io::Seek>(workbook: &mut Xlsx<R>, name: &str, document: &str) -> Result<Cells, SheetError> {
    let missing = || SheetError(format!("{document}：缺少工作表“{name}”（应按 dudao 导出的工作簿排列：{}）", SHEETS.join("、")));
    let mut reader = workbook.worksheet_cells_reader(name).map_err(|_| missing())?;
    let mut sheet = Cells { cells: std::collections::HashMap::new(), height: 0 };
    let too_large = |what: String| SheetError(format!("{document}：工作表“{name}”{what}：不是 dudao 导出的工作簿"));
    while let Some(cell) = reader.next_cell().map_err(|e| SheetError(format!("{document}：工作表“{name}”无法读取（{e}）")))? {
        let (row, col) = (cell.get_position().0 as usize, cell.get_position().1 as usize);
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(too_large(format!("有超出第 {MAX_ROWS} 行或第 {MAX_COLUMNS} 列的单元格")));
        }
        let value = Data::from(cell.get_value().clone());
        if matches!(&value, Data::String(s) if s.chars().count() > MAX_CELL_CHARS) {
            return Err(too_large(format!("第 {} 行有超过 {MAX_CELL_CHARS} 字的单元格", row + 1)));
        }
        if value != Data::Empty {
            sheet.height = sheet.height.max(row + 1);
            sheet.cells.insert((row, col), value);
        }
    }
    Ok(sheet)
}

/// The unit suffix a case writes for a unit column's text.
fn unit_suffix(label: &str) -> Option<&'static str> {
    match label.trim() {
        "" | "元" | "元/股" => Some(""),
        "万元" | "万" => Some("万"),
        "亿元" | "亿" => Some("亿"),
        "%" => Some("%"),
        _ => None,
    }
}

/// A cell as text: strings as written, numbers without a trailing `.0`.
fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) => s.trim().to_owned(),
        Data::Float(x) => number(cell).map_or_else(|| x.to_string(), |n| n.normalize().to_string()),
        Data::Int(n) => n.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(_) => date(cell).unwrap_or_default(),
        _ => String::new(),
    }
}

/// A cell as an exact decimal: a number cell at the shortest decimal that reads back as the
/// same double (what Excel shows), or text that parses as a figure.
fn number(cell: &Data) -> Option<Decimal> {
    match cell {
        Data::Float(x) => format!("{x}").parse().ok(),
        Data::Int(n) => Some(Decimal::from(*n)),
        Data::String(s) => Written::parse(s).filter(|w| w.unit.is_empty()).map(|w| w.value),
        _ => None,
    }
}

/// A cell as an ISO date: an Excel date (days since 1899-12-30), or text that is one.
fn date(cell: &Data) -> Option<String> {
    match cell {
        Data::DateTime(serial) => {
            let days = serial.as_f64();
            (days.fract() == 0.0 && days > 0.0).then(|| Date::ymd(1899, 12, 30).plus_days(days as i32)).flatten().map(|d| d.to_string())
        }
        Data::String(s) | Data::DateTimeIso(s) => Date::parse(s.trim().get(..10).unwrap_or(s)).ok().map(|d| d.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_keep_value_decimals_and_unit() {
        let figure = Written::parse("76,440.00万").unwrap();
        assert_eq!((figure.value, figure.scale, figure.unit), (Decimal::new(7644000, 2), 2, "万"));
        assert_eq!(figure.text(), "76,440.00万");
        assert_eq!(Written::parse("-105,938.50万").unwrap().text(), "-105,938.50万");
        assert_eq!(Written::parse("-3.57").unwrap().text(), "-3.57");
        assert_eq!(Written::parse("25.02%").unwrap().text(), "25.02%");
        assert_eq!(Written::parse("0.84亿").unwrap().text(), "0.84亿");
        assert_eq!(Written::parse("335693624.77").unwrap().text(), "335,693,624.77");
        assert_eq!(Written::parse("unqualified"), None);
        assert_eq!(Written::parse("1."), None);
    }

    #[test]
    fn a_double_prints_back_at_its_decimals() {
        for text in ["335,693,624.77", "-170,072,432.98", "0.01", "1,175,301,034.32", "99,999,999,999.99"] {
            let figure = Written::parse(text).unwrap();
            let double = figure.value.to_f64().unwrap();
            let back = number(&Data::Float(double)).unwrap().round_dp(figure.scale);
            assert_eq!(Written { value: back, scale: figure.scale, unit: "" }.text(), text);
        }
    }

    #[test]
    fn excel_dates_are_days_since_1899_12_30() {
        assert_eq!(date(&Data::String("2023-02-07".into())).as_deref(), Some("2023-02-07"));
        assert_eq!(date(&Data::String("2023-02-30".into())), None);
    }
}
