//! The report templates: the defaults shipped in `templates/`, optionally overridden
//! file by file from a folder of the user's, and the filters they may use.

use std::fs;
use std::path::{Path, PathBuf};

use dudao_model::{Unit, format_grouped};
use minijinja::{Environment, UndefinedBehavior, Value, syntax::SyntaxConfig};
use rust_decimal::Decimal;

use crate::RenderError;

/// The HTML page that wraps a rendered Markdown body.
pub const HTML_PAGE: &str = "page.html.j2";

/// The work one render may do, in minijinja's instructions: the shipped documents take a
/// few thousand (the STAR report of the example between 1,000 and 3,000); a template or a case's prose that loops without bound
/// (`{% for i in range(100000) %}{% for j in range(100000) %}…`) is stopped here, with the
/// file and line, instead of holding the machine.
const FUEL: u64 = 1_000_000;

/// The templates no form names itself: the page, and the parts forms include.
const SHARED: &[(&str, &str)] = &[
    (HTML_PAGE, include_str!("../../../templates/page.html.j2")),
    ("funds_use.md.j2", include_str!("../../../templates/funds_use.md.j2")),
    ("funds_offering.md.j2", include_str!("../../../templates/funds_offering.md.j2")),
    ("funds_ledger.md.j2", include_str!("../../../templates/funds_ledger.md.j2")),
    ("funds_accounts.md.j2", include_str!("../../../templates/funds_accounts.md.j2")),
    ("tracking_duties.md.j2", include_str!("../../../templates/tracking_duties.md.j2")),
];

/// Every shipped template, once: each form's, in the order of the kinds, then the shared
/// ones.
fn shipped() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&str, &str)> = Vec::new();
    for (name, source) in crate::kinds::templates().chain(SHARED.iter().copied()) {
        if !all.iter().any(|(n, _)| *n == name) {
            all.push((name, source));
        }
    }
    all
}

/// Where a piece of the case's prose was written.
pub(crate) struct Prose {
    /// The case file.
    pub file: PathBuf,
    /// The line it starts on.
    pub line: u32,
    /// The TOML field holding it, for prose inside a TOML file.
    pub field: Option<String>,
}

/// A set of templates ready to render.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The templates shipped with dudao.
    pub fn defaults() -> Templates {
        Templates::load(None).expect("the shipped templates compile")
    }

    /// The shipped templates, with any file of the same name in `dir` taking its place.
    /// Files in `dir` with other names are refused, so a misspelt override is noticed.
    pub fn with_overrides(dir: &Path) -> Result<Templates, RenderError> {
        Templates::load(Some(dir))
    }

    fn load(dir: Option<&Path>) -> Result<Templates, RenderError> {
        let mut env = Environment::new();
        env.set_syntax(SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build().expect("default delimiters"));
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        env.add_filter("yuan", |v: Value, decimals: Option<u32>| in_unit(v, Unit::One, decimals));
        env.add_filter("wan", |v: Value, decimals: Option<u32>| in_unit(v, Unit::Wan, decimals));
        env.add_filter("yi", |v: Value, decimals: Option<u32>| in_unit(v, Unit::Yi, decimals));
        env.add_filter("cell", table_cell);
        env.add_filter("signature", |name: String| crate::signature::spaced(&name));
        for (name, source) in shipped() {
            let source = match dir {
                Some(dir) => override_source(dir, name)?.unwrap_or_else(|| source.to_owned()),
                None => source.to_owned(),
            };
            let file = dir.map_or_else(|| PathBuf::from("templates").join(name), |d| d.join(name));
            env.add_template_owned(name, source.clone()).map_err(|e| template_error(&file.to_string_lossy(), &source, &e))?;
        }
        if let Some(dir) = dir {
            refuse_unknown_files(dir)?;
        }
        Ok(Templates { env })
    }

    /// Renders the named template with `context`.
    pub(crate) fn render(&self, name: &str, context: &Value) -> Result<String, RenderError> {
        let template = self.env.get_template(name).map_err(|e| template_error(name, "", &e))?;
        template.render(context).map_err(|e| RenderError::Template {
            file: name.to_owned(),
            line: e.line(),
            field: None,
            message: self.describe_with(&e, template.source(), context),
        })
    }

    /// Renders prose from the case (a narrative file or a work-log account) as a template,
    /// so it can cite computed figures.
    pub(crate) fn render_prose(&self, at: &Prose, text: &str, context: &Value) -> Result<String, RenderError> {
        let file = at.file.to_string_lossy().into_owned();
        self.env.render_named_str(&file, text, context).map(|s| s.trim().to_owned()).map_err(|e| {
            let (message, line) = (self.describe_with(&e, text, context), e.line());
            match &at.field {
                // Prose inside a TOML string: point at the field, and say which of its lines.
                Some(field) => RenderError::Template {
                    file,
                    line: Some(at.line as usize),
                    field: Some(field.clone()),
                    message: match line {
                        Some(l) => format!("{message}（位于该字段第 {l} 行）"),
                        None => message,
                    },
                },
                None => RenderError::Template { file, line, field: None, message },
            }
        })
    }
}

impl Templates {
    /// [`describe`], naming the one placeholder of the error's line that `context` does
    /// not define, where the engine did not say which.
    fn describe_with(&self, error: &minijinja::Error, source: &str, context: &Value) -> String {
        if error.kind() == minijinja::ErrorKind::OutOfFuel {
            return format!("模板运算超出上限（{FUEL} 步，正常文书只需数千步）：请删减循环，如嵌套的 for 或过大的 range");
        }
        if error.kind() == minijinja::ErrorKind::UndefinedError && !error.detail().unwrap_or_default().contains('`') {
            let undefined = placeholders(error_line(error, source).unwrap_or_default()).into_iter().find(|p| {
                let expression = p.trim_start_matches("{{").trim_end_matches("}}").split('|').next().unwrap_or_default().trim();
                p.starts_with("{{") && self.env.compile_expression(expression).is_ok_and(|e| !matches!(e.eval(context), Ok(v) if !v.is_undefined()))
            });
            if let Some(named) = undefined {
                return undefined_field(named, context);
            }
        }
        describe(error, source)
    }
}

fn override_source(dir: &Path, name: &str) -> Result<Option<String>, RenderError> {
    let path = dir.join(name);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            Err(RenderError::Template { file: path.to_string_lossy().into_owned(), line: None, field: None, message: format!("无法读取模板（{e}）") })
        }
    }
}

fn refuse_unknown_files(dir: &Path) -> Result<(), RenderError> {
    let entries = fs::read_dir(dir).map_err(|e| RenderError::Template {
        file: dir.to_string_lossy().into_owned(),
        line: None,
        field: None,
        message: format!("无法读取模板目录（{e}）"),
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && !shipped().iter().any(|(n, _)| *n == name) {
            let known: Vec<&str> = shipped().iter().map(|(n, _)| *n).collect();
            return Err(RenderError::Template {
                file: entry.path().to_string_lossy().into_owned(),
                line: None,
                field: None,
                message: format!("未知的模板文件：可覆盖的模板为 {}", known.join("、")),
            });
        }
    }
    Ok(())
}

fn template_error(file: &str, source: &str, error: &minijinja::Error) -> RenderError {
    RenderError::Template { file: file.to_owned(), line: error.line(), field: None, message: describe(error, source) }
}

/// A template error in Chinese, naming what it can: the field a placeholder names (from
/// the error, else the placeholders on the line of `source` it is on). An error's own
/// words reach the user only where dudao wrote them (Chinese); the template engine's are
/// English and are not shown.
fn describe(error: &minijinja::Error, source: &str) -> String {
    let detail = error.detail().unwrap_or_default();
    let ours = detail.chars().any(|c| c > '\u{2E80}');
    let on_line = || error_line(error, source).map(placeholders).filter(|p| !p.is_empty()).map(|p| p.join("、"));
    match error.kind() {
        minijinja::ErrorKind::UndefinedError => match detail.split('`').nth(1).map(|name| format!("{{{{ {name} }}}}")).or_else(on_line) {
            Some(named) => undefined_field(&named, &Value::UNDEFINED),
            None => "占位符引用了不存在的字段：可用字段见 docs/templates.md".to_owned(),
        },
        minijinja::ErrorKind::SyntaxError => "模板语法错误：请检查 {{ }} 与 {% %} 是否成对、其中的写法是否有误".to_owned(),
        _ if ours => detail.to_owned(),
        _ => match on_line() {
            Some(named) => format!("无法生成 {named}：请检查其引用的字段与过滤器"),
            None => "模板无法生成：请检查占位符引用的字段与过滤器".to_owned(),
        },
    }
}

/// Why placeholder `named` is undefined: a key figure the case has not recorded for both
/// years (`fin.net_profit.current`, where `context` knows `fin.net_profit`), or a field that
/// does not exist.
fn undefined_field(named: &str, context: &Value) -> String {
    let expression = named.trim_start_matches("{{").trim_start();
    let metric = expression.strip_prefix("fin.").and_then(|rest| rest.split(['.', ' ', '|', '}']).next());
    match metric {
        Some(key) if context.get_attr("fin").and_then(|fin| fin.get_attr(key)).is_ok_and(|v| !v.is_undefined()) => {
            format!("占位符 {named} 引用的主要财务数据 {key} 在案卷中没有记录：请在 financials.toml 的本期与比较期中写明 {key}")
        }
        _ => format!("占位符 {named} 引用了不存在的字段：可用字段见 docs/templates.md"),
    }
}

/// The line of `source` a template error is on.
fn error_line<'a>(error: &minijinja::Error, source: &'a str) -> Option<&'a str> {
    error.line().and_then(|l| source.lines().nth(l.saturating_sub(1)))
}

/// The placeholders and tags on a line of a template (`{{ fin.revenue.current | wan }}`),
/// as written.
fn placeholders(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = line[at..].find('{').map(|i| at + i) {
        let close = match line.as_bytes().get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                at = start + 1;
                continue;
            }
        };
        let Some(end) = line[start..].find(close).map(|i| start + i + 2) else { break };
        found.push(&line[start..end]);
        at = end;
    }
    found
}

/// `{{ fin.net_assets.current | wan }}` → `17,948.11`: an exact value in 元 shown in
/// another unit, rounded half away from zero (default two decimals).
fn in_unit(value: Value, unit: Unit, decimals: Option<u32>) -> Result<String, minijinja::Error> {
    // A figure the case does not record: the caller names the placeholder.
    if value.is_undefined() || value.is_none() {
        return Err(minijinja::Error::from(minijinja::ErrorKind::UndefinedError));
    }
    let text = value.to_string();
    // Figures as the context prints them: `335,693,624.77元`, `-170,072,432.98`.
    let bare: String = text.trim_end_matches(['元', '%']).chars().filter(|c| *c != ',').collect();
    let exact: Decimal = bare.parse().map_err(|_| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("“{text}”不是金额，无法换算单位")))?;
    Ok(format_grouped(exact / unit.factor(), decimals.unwrap_or(2)))
}

/// Whether inline HTML is the line break `table_cell` writes (every other HTML in a
/// document is a fact's text, printed as text).
pub(crate) fn is_cell_break(html: &str) -> bool {
    html.trim().eq_ignore_ascii_case("<br>")
}

/// Makes prose fit one Markdown table cell: paragraphs become `<br>` breaks, `|` is
/// escaped.
fn table_cell(text: String) -> String {
    text.trim().split("\n\n").map(|p| p.replace('\n', "").replace('|', "\\|")).collect::<Vec<_>>().join("<br><br>")
}
