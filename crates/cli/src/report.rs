//! `dudao report`: a document of a case (the annual tracking report unless `--kind` says
//! otherwise) for a period, as Markdown, HTML or Word; `--list-kinds` lists the kinds.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct ReportArgs {
    /// 案卷目录 / the case folder (holding company.toml)
    #[arg(required_unless_present = "list_kinds")]
    case: Option<PathBuf>,
    /// 文书种类（见 --list-kinds）/ the kind of document (see --list-kinds)
    #[arg(long, default_value = "annual-tracking")]
    kind: String,
    /// 报告期：年度如 2023，半年度如 2024H1 / the period: 2023, or 2024H1
    #[arg(long, value_parser = parse_period, required_unless_present_any = ["year", "list_kinds"], conflicts_with = "year")]
    period: Option<dudao_model::Period>,
    /// 报告年度（--period 的年度简写）/ the fiscal year (shorthand for --period YEAR)
    #[arg(long)]
    year: Option<i16>,
    /// 列出可出具的文书种类 / list the kinds of document
    #[arg(long)]
    list_kinds: bool,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = FormatArg::Md)]
    format: FormatArg,
    /// 输出文件；省略则写到标准输出 / output file; standard output if omitted
    #[arg(long)]
    out: Option<PathBuf>,
    /// 自定义模板目录，其中同名文件覆盖内置模板 / folder of templates overriding the defaults by name
    #[arg(long)]
    templates: Option<PathBuf>,
    /// 生成草稿：案卷缺少的事实以醒目的【待补充：…】标出并列于文末，而不是拒绝生成 /
    /// a draft: each fact the case lacks a highlighted placeholder, listed at the end
    #[arg(long)]
    draft: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Markdown
    Md,
    /// HTML
    Html,
    /// Word (.docx)
    Docx,
    /// PDF（由 LibreOffice 排版）/ PDF, laid out by LibreOffice
    Pdf,
}

pub(crate) fn parse_period(text: &str) -> Result<dudao_model::Period, String> {
    dudao_model::Period::parse(text)
}

pub fn run(args: &ReportArgs) -> Result<(), Failure> {
    use dudao_render::{Format, RenderError, Templates};

    if args.list_kinds {
        let mut list = String::new();
        for k in dudao_render::KINDS {
            list += &format!("{}\t{}（{}）\n", k.id, k.name, if k.half_yearly { "半年度，如 --period 2024H1" } else { "年度，如 --period 2023" });
            for f in k.forms {
                let boards: Vec<&str> = f.boards.iter().map(|b| b.chinese()).collect();
                list += &format!("  {}\t{}：{}，{}起出具，模板 {}\n", f.id, f.name, boards.join("、"), f.from.chinese(), f.template.0);
            }
        }
        return output::write_stdout(list.as_bytes()).map_err(Failure::Internal);
    }
    let kind = dudao_render::document_kind(&args.kind).ok_or_else(|| {
        let known: Vec<&str> = dudao_render::KINDS.iter().map(|k| k.id).collect();
        Failure::BadInput(format!("未知的文书种类 {}：应为 {} 之一（dudao report --list-kinds）", args.kind, known.join("、")))
    })?;
    let period = match (args.period, args.year) {
        (Some(period), _) => period,
        (None, Some(year)) => dudao_model::Period::Year(year),
        (None, None) => return Err(Failure::BadInput("请用 --period（如 2023、2024H1）或 --year 指明报告期".into())),
    };
    let Some(case_dir) = &args.case else { return Err(Failure::BadInput("请指明案卷目录".into())) };
    if let Some(out) = &args.out {
        output::writable(out)?;
    }
    let case = dudao_model::load_case(case_dir).map_err(|e| Failure::BadInput(e.to_string()))?;
    let templates = match &args.templates {
        Some(dir) => Templates::with_overrides(dir).map_err(|e| Failure::BadInput(e.to_string()))?,
        None => Templates::defaults(),
    };
    let classify = |e: RenderError| match e {
        RenderError::Docx(_) | RenderError::Pdf(_) => Failure::Internal(e.to_string()),
        RenderError::Converter { ref stderr, .. } => Failure::Internal(format!("{e}：{stderr}")),
        RenderError::Incomplete(_) => Failure::Incomplete(e.to_string()),
        other => Failure::BadInput(other.to_string()),
    };
    crate::calendar::covers(&case, dudao_calendar::Calendar::embedded())?;
    // The report draws on what the rulebook finds in the case, judged as of today.
    let findings = dudao_rules::check(&case, dudao_calendar::Calendar::embedded(), dudao_model::Date::today_in_beijing(), &dudao_rules::Rulebook::shipped());
    let report =
        if args.draft { kind.draft(&case, case_dir, period, &templates, &findings) } else { kind.render(&case, case_dir, period, &templates, &findings) };
    let report = report.map_err(classify)?;
    let format = match args.format {
        FormatArg::Md => Format::Markdown,
        FormatArg::Html => Format::Html,
        FormatArg::Docx => Format::Docx,
        FormatArg::Pdf => Format::Pdf,
    };
    if args.out.is_none() && matches!(format, Format::Docx | Format::Pdf) && std::io::stdout().is_terminal() {
        return Err(Failure::BadInput("Word 与 PDF 文件不能输出到终端：请用 --out 指定文件，如 --out report.docx".into()));
    }
    let bytes = report.to_format(format, &templates).map_err(classify)?;
    for finding in &report.findings {
        eprintln!("{finding}");
    }
    if !report.gaps.is_empty() {
        eprintln!("草稿：案卷尚缺 {} 项事实，文中以【待补充：…】标出并列于文末，补齐后方可出具", report.gaps.len());
    }
    match &args.out {
        Some(path) => {
            output::write_atomically(path, &bytes)?;
            eprintln!("已生成：{}", path.display());
        }
        None => output::write_stdout(&bytes).map_err(Failure::Internal)?,
    }
    Ok(())
}
