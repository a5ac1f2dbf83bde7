//! `dudao`: the command line. Parses arguments, calls the library, prints results and
//! maps outcomes to exit codes: 0 done, 1 errors found by `check` or `verify` or a broken
//! audit chain (or an internal failure), 2 bad input.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod args;
mod calendar;
mod check;
mod confirm;
mod deadlines;
mod facts;
mod ingest;
mod json;
mod new;
mod output;
mod report;
mod rules;
mod store;
mod verify;
mod workbook;

#[derive(Parser)]
#[command(
    name = "dudao",
    version,
    about = "督导（dudao）：保荐机构持续督导工作台，以案卷事实生成持续督导文件、核对数据 / \
             dudao, the continuous-supervision workbench for sponsors: documents from a case's facts, every figure checked"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成持续督导文件：跟踪报告、现场检查报告、核查意见、保荐总结报告书 / render a supervision document from a case
    Report(report::ReportArgs),
    /// 交易日、工作日与自然日推算 / trading, working and calendar days
    Calendar(calendar::CalendarArgs),
    /// 持续督导各项义务的到期日与完成情况 / every dated duty of the sponsor, and where it stands
    Deadlines(deadlines::DeadlinesArgs),
    /// 按规则库核查案卷，列出问题及其依据 / judge a case by the rulebook: findings with their legal basis
    Check(check::CheckArgs),
    /// 列出规则库 / list the rulebook
    Rules(rules::RulesArgs),
    /// 列出案卷中的每项事实及其出处 / every fact of a case, with the file and line it was written on
    Facts(facts::FactsArgs),
    /// 确认 dudao 起草的内容（删去待确认标记）/ confirm texts dudao drafted
    Confirm(confirm::ConfirmArgs),
    /// 由年度报告建立新案卷 / start a case from the company's annual reports
    New(new::NewArgs),
    /// 建立新的报告期（可同时读入该期报告）/ start a new period of a case
    NewPeriod(new::NewPeriodArgs),
    /// 读取年度报告中的事实并与案卷对照（预览）/ the facts an annual report prints, against the case (preview)
    Ingest(ingest::IngestArgs),
    /// 核对披露文件中的每一处数字 / recompute every numeric claim in disclosures
    Verify(verify::VerifyArgs),
    /// 把案卷导出为 Excel 工作簿（财务数据与减持可改后用 ingest 读回）/ a case as an Excel workbook
    Workbook(workbook::WorkbookArgs),
    /// 把案卷导入数据库 / load a case folder into the store
    ImportCase(store::ImportArgs),
    /// 从数据库导出案卷 / write a company's case from the store into a folder
    ExportCase(store::ExportArgs),
    /// 用户与分配 / users and assignments
    User(store::UserArgs),
    /// 审计日志 / the audit log
    Audit(store::AuditArgs),
    /// 启动团队工作台 / serve the team workbench
    Serve(store::ServeArgs),
}

/// How a command that ran to the end came out.
enum Outcome {
    /// Exit 0.
    Done,
    /// `check` or `verify` found an error, or `audit verify` a broken chain: exit 1.
    FoundErrors,
}

/// A failure, with the exit code it maps to.
pub(crate) enum Failure {
    /// The user's input is wrong: exit 2.
    BadInput(String),
    /// The case lacks facts the command needs (each named): exit 1.
    Incomplete(String),
    /// dudao could not finish for another reason: exit 1.
    Internal(String),
}

// Reading a disclosure makes many small strings (a word, a cell each); glibc's allocator
// spent a third of `verify`'s time on them (scripts/bench-verify.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli: Cli = args::parse();
    let result = match cli.command {
        Command::Report(args) => report::run(&args).map(|()| Outcome::Done),
        Command::Calendar(args) => calendar::run(&args).map(|()| Outcome::Done),
        Command::Deadlines(args) => deadlines::run(&args).map(|()| Outcome::Done),
        Command::Check(args) => check::run(&args).map(|errors| if errors { Outcome::FoundErrors } else { Outcome::Done }),
        Command::Rules(args) => rules::run(&args).map(|()| Outcome::Done),
        Command::Facts(args) => facts::run(&args).map(|()| Outcome::Done),
        Command::Confirm(args) => confirm::run(&args).map(|()| Outcome::Done),
        Command::New(args) => new::run_new(&args).map(|()| Outcome::Done),
        Command::NewPeriod(args) => new::run_new_period(&args).map(|()| Outcome::Done),
        Command::Ingest(args) => ingest::run(&args).map(|()| Outcome::Done),
        Command::Verify(args) => verify::run(&args).map(|errors| if errors { Outcome::FoundErrors } else { Outcome::Done }),
        Command::Workbook(args) => workbook::run(&args).map(|()| Outcome::Done),
        Command::ImportCase(args) => store::import(&args).map(|()| Outcome::Done),
        Command::ExportCase(args) => store::export(&args).map(|()| Outcome::Done),
        Command::User(args) => store::user(&args).map(|()| Outcome::Done),
        Command::Audit(args) => store::audit(&args).map(|broken| if broken { Outcome::FoundErrors } else { Outcome::Done }),
        Command::Serve(args) => store::serve(&args).map(|()| Outcome::Done),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::FoundErrors) => ExitCode::from(1),
        Err(Failure::BadInput(message)) => {
            eprintln!("错误：{message}");
            ExitCode::from(2)
        }
        Err(Failure::Incomplete(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(Failure::Internal(message)) => {
            eprintln!("内部错误：{message}");
            ExitCode::from(1)
        }
    }
}
