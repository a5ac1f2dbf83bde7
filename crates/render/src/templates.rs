//! The report templates: the defaults shipped in `templates/`, optionally overridden
//! file by file from a folder of the user's, and the filters they may use.

use std::fs;
use std::path::{Path, PathBuf};

use dudao_model::{Unit, format_grouped};
use minijinja::{Environment, UndefinedBehavior, Value, syntax::SyntaxConfig};
use rust_decimal::Decimal;

use crate::RenderError;

/// The tracking report in Markdown: structure, headings and the standard wording.
pub const TRACKING_REPORT: &str = "tracking_report.md.j2";
/// The HTML page that wraps a rendered Markdown body.
pub const HTML_PAGE: &str = "page.html.j2";
/// The 募集资金 opinion.
pub const FUNDS_OPINION: &str = "funds_opinion.md.j2";
/// The closing report.
pub const CLOSING_REPORT: &str = "closing_report.md.j2";
/// The on-site inspection report.
pub const INSPECTION_REPORT: &str = "inspection_report.md.j2";

const DEFAULTS: &[(&str, &str)] = &[
    (TRACKING_REPORT, include_str!("../../../templates/tracking_report.md.j2")),
    (HTML_PAGE, include_str!("../../../templates/page.html.j2")),
    (FUNDS_OPINION, include_str!("../../../templates/funds_opinion.md.j2")),
    (CLOSING_REPORT, include_str!("../../../templates/closing_report.md.j2")),
    (INSPECTION_REPORT, include_str!("../../../templates/inspection_report.md.j2")),
    ("funds_use.md.j2", include_str!("../../../templates/funds_use.md.j2")),
];

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
        env.add_filter("yuan", |v: Value, decimals: Option<u32>| in_unit(v, Unit::One, decimals));
        env.add_filter("wan", |v: Value, decimals: Option<u32>| in_unit(v, Unit::Wan, decimals));
        env.add_filter("yi", |v: Value, decimals: Option<u32>| in_unit(v, Unit::Yi, decimals));
        env.add_filter("cell", table_cell);
        env.add_filter("signature", |name: String| crate::signature::spaced(&name));
        for (name, source) in DEFAULTS {
            let source = match dir {
                Some(dir) => override_source(dir, name)?.unwrap_or_else(|| (*source).to_owned()),
                None => (*source).to_owned(),
            };
            let file = dir.map_or_else(|| PathBuf::from("templates").join(name), |d| d.join(name));
            env.add_template_owned(*name, source).map_err(|e| template_error(&file.to_string_lossy(), &e))?;
        }
        if let Some(dir) = dir {
            refuse_unknown_files(dir)?;
        }
        Ok(Templates { env })
    }

    /// Renders the named template with `context`.
    pub(crate) fn render(&self, name: &str, context: &Value) -> Result<String, RenderError> {
        let template = self.env.get_template(name).map_err(|e| template_error(name, &e))?;
        template.render(context).map_err(|e| template_error(name, &e))
    }

    /// Renders prose from the case (a narrative file or a work-log account) as a template,
    /// so it can cite computed figures.
    pub(crate) fn render_prose(&self, at: &Prose, text: &str, context: &Value) -> Result<String, RenderError> {
        let file = at.file.to_string_lossy().into_owned();
        self.env.render_named_str(&file, text, context).map(|s| s.trim().to_owned()).map_err(|e| {
            let (message, line) = (describe(&e), e.line());
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
        if !name.starts_with('.') && !DEFAULTS.iter().any(|(n, _)| *n == name) {
            let known: Vec<&str> = DEFAULTS.iter().map(|(n, _)| *n).collect();
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

fn template_error(file: &str, error: &minijinja::Error) -> RenderError {
    RenderError::Template { file: file.to_owned(), line: error.line(), field: None, message: describe(error) }
}

/// A template error in Chinese where dudao can add something useful.
fn describe(error: &minijinja::Error) -> String {
    let detail = error.detail().unwrap_or_default();
    match error.kind() {
        minijinja::ErrorKind::UndefinedError => {
            format!("占位符引用了不存在的字段（{detail}）：可用字段见 docs/templates.md")
        }
        minijinja::ErrorKind::SyntaxError => format!("模板语法错误（{detail}）"),
        kind if detail.is_empty() => kind.to_string(),
        kind => format!("{kind}：{detail}"),
    }
}

/// `{{ fin.net_assets.current | wan }}` → `17,948.11`: an exact value in 元 shown in
/// another unit, rounded half away from zero (default two decimals).
fn in_unit(value: Value, unit: Unit, decimals: Option<u32>) -> Result<String, minijinja::Error> {
    let text = value.to_string();
    let exact: Decimal = text.parse().map_err(|_| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("“{text}”不是金额，无法换算单位")))?;
    Ok(format_grouped(exact / unit.factor(), decimals.unwrap_or(2)))
}

/// Makes prose fit one Markdown table cell: paragraphs become `<br>` breaks, `|` is
/// escaped.
fn table_cell(text: String) -> String {
    text.trim().split("\n\n").map(|p| p.replace('\n', "").replace('|', "\\|")).collect::<Vec<_>>().join("<br><br>")
}
