//! `dudao report`: the tracking report of a case, as Markdown, HTML or Word.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct ReportArgs {
    /// 案卷目录 / the case folder (holding company.toml)
    case: PathBuf,
    /// 报告年度 / the fiscal year reported on
    #[arg(long)]
    year: i16,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = FormatArg::Md)]
    format: FormatArg,
    /// 输出文件；省略则写到标准输出 / output file; standard output if omitted
    #[arg(long)]
    out: Option<PathBuf>,
    /// 自定义模板目录，其中同名文件覆盖内置模板 / folder of templates overriding the defaults by name
    #[arg(long)]
    templates: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Markdown
    Md,
    /// HTML
    Html,
    /// Word (.docx)
    Docx,
}

pub fn run(args: &ReportArgs) -> Result<(), Failure> {
    use dudao_render::{Format, RenderError, Templates};

    let case = dudao_model::load_case(&args.case).map_err(|e| Failure::BadInput(e.to_string()))?;
    let templates = match &args.templates {
        Some(dir) => Templates::with_overrides(dir).map_err(|e| Failure::BadInput(e.to_string()))?,
        None => Templates::defaults(),
    };
    let classify = |e: RenderError| match e {
        RenderError::Docx(_) => Failure::Internal(e.to_string()),
        RenderError::Incomplete(_) => Failure::Incomplete(e.to_string()),
        other => Failure::BadInput(other.to_string()),
    };
    // The report draws on what the rulebook finds in the case, judged as of today.
    let findings = dudao_rules::check(&case, dudao_calendar::Calendar::embedded(), dudao_model::Date::today_in_beijing(), &dudao_rules::Rulebook::shipped());
    let report = dudao_render::tracking_report(&case, &args.case, args.year, &templates, &findings).map_err(classify)?;
    let format = match args.format {
        FormatArg::Md => Format::Markdown,
        FormatArg::Html => Format::Html,
        FormatArg::Docx => Format::Docx,
    };
    let bytes = report.to_format(format, &templates).map_err(classify)?;
    for finding in &report.findings {
        eprintln!("{finding}");
    }
    match &args.out {
        Some(path) => {
            output::write_atomically(path, &bytes).map_err(Failure::Internal)?;
            eprintln!("已生成：{}", path.display());
        }
        None if matches!(format, Format::Docx) && std::io::stdout().is_terminal() => {
            return Err(Failure::BadInput("Word 文件不能输出到终端：请用 --out 指定文件，如 --out report.docx".into()));
        }
        None => output::write_stdout(&bytes).map_err(Failure::Internal)?,
    }
    Ok(())
}
