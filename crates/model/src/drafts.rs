//! `drafts.toml`: what dudao drafted for the sponsor and the sponsor has not yet confirmed
//! (待确认) — a narrative file excerpted from the company's report, a work-log item
//! pre-filled from the case's records. A document made while its period holds one says so
//! on every page. Confirming one removes its entry (`dudao confirm`, the workbench's
//! button); the text stays as the sponsor left it, and the file stays, empty, after the
//! last.
//!
//! ```toml
//! [[draft]]
//! file = "narrative/2019/risks.md"
//! basis = "摘自 2020-04-16_四方科技_603339_2019年年度报告.pdf 第 23 页起"
//!
//! [[draft]]
//! file = "worklog/2019.toml"
//! field = "items.15"
//! basis = "按案卷记录的现场检查预填"
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::load::{CaseFiles, InputError, parse_toml};
use crate::period::Period;

/// The file of a case that lists its unconfirmed drafts.
pub const DRAFTS_FILE: &str = "drafts.toml";

/// One drafted text the sponsor has not confirmed.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// The case file drafted, relative to the case folder.
    pub file: String,
    /// The field of a TOML file drafted (`items.15`); none for a whole file.
    #[serde(default)]
    pub field: Option<String>,
    /// What it was drafted from, in Chinese.
    pub basis: String,
}

impl Draft {
    /// How messages and documents name it: `narrative/2019/risks.md`,
    /// `worklog/2019.toml 的 items.15`.
    pub fn label(&self) -> String {
        match &self.field {
            Some(field) => format!("{} 的 {field}", self.file),
            None => self.file.clone(),
        }
    }

    /// The period whose documents it is part of (`narrative/2019/…`, `worklog/2019.toml`);
    /// `None` for a file of the whole case.
    pub fn period(&self) -> Option<Period> {
        let rest = self.file.strip_prefix("narrative/").or_else(|| self.file.strip_prefix("worklog/"))?;
        Period::parse(rest.split('/').next()?.trim_end_matches(".toml")).ok()
    }

    /// Whether it is the draft `which` names: its file for a whole file; its label or
    /// `file#field` for a field.
    fn named(&self, which: &str) -> bool {
        match &self.field {
            None => which == self.file,
            Some(field) => which == self.label() || which == format!("{}#{field}", self.file),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DraftsFile {
    #[serde(default)]
    draft: Vec<Draft>,
}

/// The case's unconfirmed drafts; none without a `drafts.toml`. Each must name a file the
/// case holds.
pub fn read_drafts(dir: &Path, files: &CaseFiles) -> Result<Vec<Draft>, InputError> {
    let Some(text) = files.get(DRAFTS_FILE) else { return Ok(Vec::new()) };
    let parsed: DraftsFile = parse_toml(&dir.join(DRAFTS_FILE), DRAFTS_FILE, text)?;
    if let Some((i, missing)) = parsed.draft.iter().enumerate().find(|(_, d)| files.get(&d.file).is_none()) {
        return Err(InputError {
            file: dir.join(DRAFTS_FILE),
            line: None,
            column: None,
            field: Some(format!("draft[{i}].file")),
            message: format!("案卷中没有文件 {}：待确认的草稿应指向案卷中的文件", missing.file),
        });
    }
    Ok(parsed.draft)
}

/// `drafts` as the text of `drafts.toml` (its heading alone when none is left).
pub fn drafts_text(drafts: &[Draft]) -> String {
    let quote = |s: &str| {
        let escaped: String = s
            .chars()
            .map(|c| match c {
                '"' => "\\\"".to_owned(),
                '\\' => "\\\\".to_owned(),
                c if c.is_control() => format!("\\u{:04X}", u32::from(c)),
                c => c.to_string(),
            })
            .collect();
        format!("\"{escaped}\"")
    };
    let mut text = String::from("# 待确认：dudao 起草、保荐机构尚未确认的内容。核对、修改后以 dudao confirm 确认（确认即删去该条）。\n");
    for draft in drafts {
        text += &format!("\n[[draft]]\nfile = {}\n", quote(&draft.file));
        if let Some(field) = &draft.field {
            text += &format!("field = {}\n", quote(field));
        }
        text += &format!("basis = {}\n", quote(&draft.basis));
    }
    text
}

/// Confirms the drafts `which` names (each a label, `file`, or `file#field`), or all of
/// them with `which` empty: the drafts left, and those confirmed. A name that matches no
/// draft is an error naming the drafts there are.
pub fn confirm(drafts: &[Draft], which: &[String]) -> Result<(Vec<Draft>, Vec<Draft>), String> {
    if let Some(unknown) = which.iter().find(|w| !drafts.iter().any(|d| d.named(w))) {
        let known: Vec<String> = drafts.iter().map(Draft::label).collect();
        return Err(if known.is_empty() {
            format!("案卷没有待确认的草稿，无法确认 {unknown}")
        } else {
            format!("没有待确认的草稿 {unknown}：待确认的有 {}", known.join("、"))
        });
    }
    Ok(drafts.iter().cloned().partition(|d| !which.is_empty() && !which.iter().any(|w| d.named(w))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(file: &str, field: Option<&str>) -> Draft {
        Draft { file: file.into(), field: field.map(Into::into), basis: "测试".into() }
    }

    #[test]
    fn drafts_are_confirmed_by_name_and_the_file_goes_with_the_last() {
        let all = vec![draft("narrative/2019/risks.md", None), draft("worklog/2019.toml", Some("items.15"))];
        assert_eq!(all[0].period(), Some(Period::Year(2019)));
        assert_eq!(all[1].label(), "worklog/2019.toml 的 items.15");
        let (left, confirmed) = confirm(&all, &["worklog/2019.toml#items.15".into()]).unwrap();
        assert_eq!((left.len(), confirmed.len()), (1, 1));
        assert_eq!(confirmed[0].field.as_deref(), Some("items.15"));
        let text = drafts_text(&left);
        assert!(text.ends_with("\n[[draft]]\nfile = \"narrative/2019/risks.md\"\nbasis = \"测试\"\n"), "{text}");
        let (left, confirmed) = confirm(&left, &[]).unwrap();
        assert!(left.is_empty() && confirmed.len() == 1 && !drafts_text(&left).contains("[[draft]]"));
        let refused = confirm(&all, &["narrative/2019/rd.md".into()]).unwrap_err();
        assert!(refused.starts_with("没有待确认的草稿 narrative/2019/rd.md：待确认的有 narrative/2019/risks.md、"), "{refused}");
    }
}
