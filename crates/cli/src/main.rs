//! `dudao`: the command line. Parses arguments, calls the library, prints results and
//! maps failures to exit codes: 0 done, 1 internal failure, 2 bad input.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod output;

#[derive(Parser)]
#[command(
    name = "dudao",
    version,
    about = "督导：保荐机构持续督导工作台 / continuous-supervision workbench for sponsors",
    long_about = "督导（dudao）：以案卷事实生成持续督导文件、核对数据。\n\
                  dudao keeps the facts of each supervised company in a case folder and renders \
                  the documents a sponsor files from them, every derived figure computed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成持续督导跟踪报告 / render the annual tracking report from a case
    Report(ReportArgs),
}

#[derive(clap::Args)]
struct ReportArgs {
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
enum FormatArg {
    /// Markdown
    Md,
    /// HTML
    Html,
    /// Word (.docx)
    Docx,
}

/// A failure, with the exit code it maps to.
enum Failure {
    /// The user's input is wrong: exit 2.
    BadInput(String),
    /// dudao could not finish for another reason: exit 1.
    Internal(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => report(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(message)) => {
            eprintln!("错误：{message}");
            ExitCode::from(2)
        }
        Err(Failure::Internal(message)) => {
            eprintln!("内部错误：{message}");
            ExitCode::from(1)
        }
    }
}

fn report(args: &ReportArgs) -> Result<(), Failure> {
    use dudao_render::{Format, RenderError, Templates};

    let case = dudao_model::load_case(&args.case).map_err(|e| Failure::BadInput(e.to_string()))?;
    let templates = match &args.templates {
        Some(dir) => Templates::with_overrides(dir).map_err(|e| Failure::BadInput(e.to_string()))?,
        None => Templates::defaults(),
    };
    let classify = |e: RenderError| match e {
        RenderError::Docx(_) => Failure::Internal(e.to_string()),
        other => Failure::BadInput(other.to_string()),
    };
    let report = dudao_render::tracking_report(&case, &args.case, args.year, &templates).map_err(classify)?;
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
