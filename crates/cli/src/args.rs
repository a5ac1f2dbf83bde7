//! The command line's language: help and argument errors in Chinese, or in English where
//! the locale asks for it (`LANG=en_US.UTF-8`). Every help text in the commands is written
//! `中文 / English`; this module keeps the half the user reads, puts the headings and the
//! built-in flags in the same language, and words clap's argument errors the same way.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

/// The language of help and argument errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Language {
    Chinese,
    English,
}

impl Language {
    /// English when the first locale variable set names it, Chinese otherwise.
    fn from_environment() -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        if locale.is_some_and(|l| l.starts_with("en")) { Language::English } else { Language::Chinese }
    }

    /// The half of a `中文 / English` text in this language; a text without both halves
    /// is kept whole.
    fn pick(self, text: &str) -> String {
        let split = text.char_indices().find(|&(i, c)| c == '/' && text[i + 1..].starts_with(char::is_whitespace));
        let Some((at, _)) = split else { return text.to_owned() };
        let (chinese, english) = (text[..at].trim(), text[at + 1..].trim());
        match self {
            Language::Chinese => chinese.to_owned(),
            Language::English => english.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }
}

/// Parses the process's arguments into `T`, printing help, version or an argument error in
/// the user's language (exit 0 for help and version, 2 for an error).
pub fn parse<T: CommandFactory + FromArgMatches>() -> T {
    let language = Language::from_environment();
    let mut command = localize(T::command(), language, true);
    let matches = command.try_get_matches_from_mut(std::env::args_os()).unwrap_or_else(|error| match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => error.exit(),
        _ if language == Language::English => error.exit(),
        _ => {
            eprintln!("{}", chinese_error(&error, &mut command));
            std::process::exit(2);
        }
    });
    T::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// `command` and its subcommands with one language's help, headings and built-in flags.
fn localize(command: Command, language: Language, root: bool) -> Command {
    let (usage, arguments, options, commands, command_value, help, version) = match language {
        Language::Chinese => ("用法：", "参数", "选项", "命令", "命令", "显示帮助", "显示版本"),
        Language::English => ("Usage: ", "Arguments", "Options", "Commands", "COMMAND", "Print help", "Print version"),
    };
    let about = command.get_about().map(|a| language.pick(&a.to_string()));
    let mut command = command
        .mut_args(|arg| {
            let heading = if arg.is_positional() { arguments } else { options };
            let text = arg.get_help().map(|h| language.pick(&h.to_string()));
            let arg = arg.help_heading(heading);
            match text {
                Some(text) => arg.help(text),
                None => arg,
            }
        })
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(help).help_heading(options))
        .subcommand_help_heading(commands)
        .subcommand_value_name(command_value)
        .help_template(format!("{{about-with-newline}}\n{usage}{{usage}}\n\n{{all-args}}{{after-help}}"));
    if let Some(about) = about {
        command = command.about(about).long_about(None);
    }
    if root {
        command = command
            .disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help(version).help_heading(options));
    }
    command.mut_subcommands(|sub| localize(sub, language, false))
}

/// clap's argument error in Chinese, with the usage and where to read more.
fn chinese_error(error: &clap::Error, command: &mut Command) -> String {
    let context = |kind| {
        error.get(kind).map(|value| match value {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(list) => list.join("、"),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(list) => list.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"),
            ContextValue::Number(n) => n.to_string(),
            _ => String::new(),
        })
    };
    let argument = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match error.kind() {
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue).map(|v| format!("：可选值为 {v}")).unwrap_or_default();
            if value.is_empty() { format!("参数 {argument} 需要一个值{valid}") } else { format!("参数 {argument} 的值“{value}”无效{valid}") }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error).map(|e| format!("：{e}")).unwrap_or_default();
            format!("参数 {argument} 的值“{value}”无效{why}")
        }
        ErrorKind::UnknownArgument => format!("未知的参数 {argument}"),
        ErrorKind::InvalidSubcommand => format!("未知的命令 {}", context(ContextKind::InvalidSubcommand).unwrap_or_default()),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{argument}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "请指定要运行的命令".to_owned(),
        ErrorKind::ArgumentConflict => {
            format!("参数 {argument} 不能与 {} 同时使用", context(ContextKind::PriorArg).unwrap_or_default())
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => format!("参数 {argument} 的值个数不对"),
        ErrorKind::NoEquals => format!("参数 {argument} 须用等号赋值，如 {argument}=值"),
        ErrorKind::InvalidUtf8 => "参数中含有无效的 UTF-8 字符".to_owned(),
        _ => format!("命令行参数有误（{}）", error.kind()),
    };
    if let Some(suggestion) = context(ContextKind::SuggestedArg).or_else(|| context(ContextKind::SuggestedSubcommand)) {
        message += &format!("；是否想输入 {suggestion}？");
    }
    // The usage of the subcommand the error concerns, as clap found it.
    let usage = context(ContextKind::Usage).unwrap_or_else(|| command.render_usage().to_string());
    let usage = usage.trim().trim_start_matches("用法：").trim_start_matches("Usage:").trim();
    format!("错误：{message}\n\n用法：{usage}\n\n运行 dudao --help（或 dudao 命令 --help）查看说明")
}
