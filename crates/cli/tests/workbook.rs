//! `dudao workbook` and `dudao ingest FILE.xlsx`: a case out to Excel and back. An
//! exported workbook re-imports to the identical case, also after LibreOffice Calc has
//! opened and saved it; a figure changed in the workbook comes back with the decimals and
//! unit it was written with; a malformed cell is refused by sheet, row and column.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::CaseCopy;
use dudao_model::CaseFiles;
use dudao_testkit::ScratchDir;

fn dudao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).args(args).output().unwrap()
}

fn export(case: &Path, out: &Path) {
    let output = dudao(&["workbook", case.to_str().unwrap(), "--on", "2026-11-24", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

fn ingest(workbook: &Path, case: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["ingest", workbook.to_str().unwrap(), "--case", case.to_str().unwrap()];
    args.extend(extra);
    dudao(&args)
}

#[test]
fn the_workbook_has_a_sheet_per_area_with_numbers_and_dates() {
    let scratch = ScratchDir::new("workbook-sheets");
    let file = scratch.join("case.xlsx");
    export(&dudao_testkit::example_dir(), &file);
    let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(workbook.sheet_names(), ["公司", "财务数据", "减持", "核查结果", "到期事项", "全部事实"]);
    let financials = workbook.worksheet_range("财务数据").unwrap();
    let revenue = financials.rows().find(|r| r[0] == Data::String("2023".into()) && r[1] == Data::String("revenue".into())).unwrap();
    assert_eq!(revenue[3], Data::Float(335_693_624.77));
    assert_eq!((revenue[4].clone(), revenue[5].clone()), (Data::Empty, Data::Float(2.0)), "元 is the blank unit");
    let sales = workbook.worksheet_range("减持").unwrap();
    // Headed as the workbench's sale form names the fields, in its order.
    let form: Vec<Data> = dudao_model::records::kind("share_sales").unwrap().fields.iter().map(|f| Data::String(f.label.into())).collect();
    assert_eq!(sales.rows().next().unwrap(), form.as_slice());
    assert_eq!(sales.get((0, 1)), Some(&Data::String("成交日期".into())));
    assert_eq!(sales.get((1, 0)), Some(&Data::String("tianxiang".into())));
    assert!(matches!(sales.get((1, 1)), Some(Data::DateTime(_))), "the trade date is a date: {:?}", sales.get((1, 1)));
    assert_eq!(sales.get((1, 3)), Some(&Data::Float(20000.0)));
    let findings = workbook.worksheet_range("核查结果").unwrap();
    assert!(findings.rows().any(|r| r[0] == Data::String("错误".into()) && r[2] == Data::String("commitment.breach".into())));
    let deadlines = workbook.worksheet_range("到期事项").unwrap();
    assert!(deadlines.height() > 20, "the schedule's duties are listed");
}

#[test]
fn a_workbook_reimports_to_the_identical_case_also_after_libreoffice_saved_it() {
    let case = CaseCopy::new();
    let before = CaseFiles::read(&case.dir).unwrap();
    let scratch = ScratchDir::new("workbook-round-trip");
    let file = scratch.join("case.xlsx");
    export(&case.dir, &file);
    let output = ingest(&file, &case.dir, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8(output.stdout).unwrap().contains("新增 0 项，一致 53 项，冲突 0 项，改写 0 项"));
    assert_eq!(CaseFiles::read(&case.dir).unwrap(), before, "nothing changed");

    // Opened and saved again by LibreOffice Calc, as a user's spreadsheet would be.
    let profile = format!("-env:UserInstallation=file://{}", scratch.join("profile").display());
    let saved = scratch.join("saved");
    let converted = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&saved)
        .arg(&file)
        .output()
        .expect("LibreOffice (soffice, with Calc) opens the workbook: bash scripts/test installs it");
    assert!(converted.status.success(), "{}", String::from_utf8_lossy(&converted.stderr));
    let output = ingest(&saved.join("case.xlsx"), &case.dir, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8(output.stdout).unwrap().contains("新增 0 项，一致 53 项，冲突 0 项，改写 0 项"));
    assert_eq!(CaseFiles::read(&case.dir).unwrap(), before, "nothing changed after LibreOffice either");
}

#[test]
fn a_figure_changed_in_the_workbook_comes_back_at_its_precision() {
    // The team's spreadsheet says 2023 revenue is 335,693,624.70 and R&D spending 0.85亿:
    // exported from a case that says so, imported into the example.
    let edited = CaseCopy::new();
    edited.edit("financials.toml", "revenue                  = \"335,693,624.77\"", "revenue                  = \"335,693,624.70\"");
    let scratch = ScratchDir::new("workbook-edit");
    let file = scratch.join("edited.xlsx");
    export(&edited.dir, &file);
    let case = CaseCopy::new();
    let kept = ingest(&file, &case.dir, &[]);
    let text = String::from_utf8(kept.stdout).unwrap();
    assert!(text.contains("冲突 financials.2023.revenue：案卷为 335,693,624.77（financials.toml:7），工作簿为 335,693,624.70（工作簿第 2 页第"), "{text}");
    let written = ingest(&file, &case.dir, &["--overwrite"]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let financials = std::fs::read_to_string(case.dir.join("financials.toml")).unwrap();
    assert!(financials.contains("revenue                  = \"335,693,624.70\""), "the text keeps its two decimals and column: {financials}");
    let sources = std::fs::read_to_string(case.dir.join("sources.toml")).unwrap();
    assert!(sources.contains("\"financials.2023.revenue\" = { document = \"edited.xlsx\", page = 2,"), "{sources}");
}

#[test]
fn a_workbook_that_is_not_laid_out_like_the_export_is_refused_by_sheet_and_row() {
    let scratch = ScratchDir::new("workbook-bad");
    let file = scratch.join("bad.xlsx");
    std::fs::write(&file, b"not a workbook").unwrap();
    let case = CaseCopy::new();
    let output = ingest(&file, &case.dir, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().starts_with("错误：bad.xlsx：不是可读取的 Excel 工作簿"));
}
