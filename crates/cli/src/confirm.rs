//! `dudao confirm`: the sponsor confirms texts dudao drafted (`drafts.toml`): each named
//! one, or all of them. The texts stay as the sponsor left them; only the 待确认 entries
//! go, and with them the draft mark on the documents of their period.

use std::path::PathBuf;

use dudao_model::{CaseFiles, DRAFTS_FILE, confirm, drafts_text, parse_case};

use crate::{Failure, output};

#[derive(clap::Args)]
pub struct ConfirmArgs {
    /// 案卷目录 / the case folder
    case: PathBuf,
    /// 要确认的草稿：文件（narrative/2019/risks.md），或 文件#字段（worklog/2019.toml#items.3）/ the drafts to confirm
    drafts: Vec<String>,
    /// 确认全部待确认的草稿 / confirm every draft
    #[arg(long, conflicts_with = "drafts")]
    all: bool,
}

pub fn run(args: &ConfirmArgs) -> Result<(), Failure> {
    if args.drafts.is_empty() && !args.all {
        return Err(Failure::BadInput("请指明要确认的草稿（如 narrative/2019/risks.md 或 worklog/2019.toml#items.3），或用 --all 确认全部".into()));
    }
    let bad = |e: dudao_model::InputError| Failure::BadInput(e.to_string());
    let files = CaseFiles::read(&args.case).map_err(bad)?;
    let case = parse_case(&args.case, &files).map_err(bad)?;
    if case.drafts.is_empty() && args.all {
        return output::write_stdout("案卷没有待确认的草稿\n".as_bytes()).map_err(Failure::Internal);
    }
    let (left, confirmed) = confirm(&case.drafts, &args.drafts).map_err(Failure::BadInput)?;
    output::write_atomically(&args.case.join(DRAFTS_FILE), drafts_text(&left).as_bytes())?;
    let named: Vec<String> = confirmed.iter().map(dudao_model::Draft::label).collect();
    let mut said = format!("已确认 {} 项：{}\n", named.len(), named.join("、"));
    said += &match left.len() {
        0 => "案卷已无待确认的草稿\n".to_owned(),
        n => format!("尚有 {n} 项待确认：{}\n", left.iter().map(dudao_model::Draft::label).collect::<Vec<_>>().join("、")),
    };
    output::write_stdout(said.as_bytes()).map_err(Failure::Internal)
}
