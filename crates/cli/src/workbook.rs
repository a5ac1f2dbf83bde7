//! `dudao workbook CASE --out FILE`: a case as an Excel workbook — company, financial
//! tables, share sales, the findings of `check`, the deadlines and every fact — for the
//! team that works in Excel. Edited financial tables and sales come back with
//! `dudao ingest FILE.xlsx --case DIR`.

use std::io::IsTerminal;
use std::path::PathBuf;

use dudao_model::{CaseFiles, Date, case_facts, parse_case};

use crate::calendar::{load, parse_date};
use crate::{Failure, output};

#[derive(clap::Args)]
pub struct WorkbookArgs {
    /// 案卷目录 / the case folder
    case: PathBuf,
    /// 输出的 .xlsx 文件 / the .xlsx file to write
    #[arg(long)]
    out: Option<PathBuf>,
    /// 核查与到期事项所依据的日期，默认今天（北京时间）/ judge findings and deadlines as of this date
    #[arg(long, value_parser = parse_date)]
    on: Option<Date>,
    /// 规则参数覆盖文件 / a file overriding rule parameters
    #[arg(long)]
    rules: Option<PathBuf>,
    /// 日历文件（替代内置的 2019–2026 日历）/ a calendar file replacing the built-in one
    #[arg(long)]
    calendar: Option<PathBuf>,
}

pub fn run(args: &WorkbookArgs) -> Result<(), Failure> {
    if args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure::BadInput("Excel 工作簿不能输出到终端：请用 --out 指定文件，如 --out case.xlsx".into()));
    }
    if let Some(out) = &args.out {
        output::writable(out)?;
    }
    let bad = |e: dudao_model::InputError| Failure::BadInput(e.to_string());
    let files = CaseFiles::read(&args.case).map_err(bad)?;
    let case = parse_case(&args.case, &files).map_err(bad)?;
    let facts = case_facts(&args.case, &files).map_err(bad)?;
    let calendar = load(args.calendar.as_ref())?;
    crate::calendar::covers(&case, &calendar)?;
    let rulebook = crate::check::rulebook(args.rules.as_ref())?;
    let on = args.on.unwrap_or_else(Date::today_in_beijing);
    let findings = dudao_rules::check(&case, &calendar, on, &rulebook);
    // A case without a supervision period has no deadlines to list; its findings say why.
    let schedule = dudao_rules::schedule(&case, &calendar, on).ok();
    let bytes = dudao_sheet::export(&facts, &findings, schedule.as_ref()).map_err(Failure::Internal)?;
    match &args.out {
        Some(path) => {
            output::write_atomically(path, &bytes)?;
            eprintln!("已生成：{}（{}）", path.display(), dudao_sheet::SHEETS.join("、"));
            Ok(())
        }
        None => output::write_stdout(&bytes).map_err(Failure::Internal),
    }
}
