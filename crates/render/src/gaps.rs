//! Gaps: facts a document needs that the case does not hold. A document never fills one
//! with a sentence of its own — the absence of a fact is not the absence of the thing
//! (“不存在募集资金” for a case without `funds.toml`). Without `--draft` a document with gaps
//! is refused, every gap listed with its file and field; with `--draft` each prints as a
//! visible placeholder, 【待补充：…（file）】, highlighted in Word and listed again at the
//! end of the document.

use std::collections::BTreeMap;
use std::path::Path;

use dudao_model::InputError;

/// What opens a placeholder in a document, so the writers can mark it.
pub const PLACEHOLDER: &str = "【待补充：";

/// One fact a document lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    /// Where the document prints it (a key of the template's `gaps`).
    pub key: &'static str,
    /// What is missing, in Chinese.
    pub what: String,
    /// The case file to write it in, relative to the case folder.
    pub file: String,
    /// The field in that file, if one.
    pub field: Option<String>,
    /// How to write it, in Chinese.
    pub how: String,
}

impl Gap {
    /// The placeholder a draft prints in its place.
    pub fn placeholder(&self) -> String {
        let place = match &self.field {
            Some(field) => format!("{} 的 {field}", self.file),
            None => self.file.clone(),
        };
        format!("{PLACEHOLDER}{}（{place}）】", self.what)
    }

    /// The gap as a missing fact of the case folder `case_dir`: what is missing, then how
    /// to write it into the file ([`what_is_missing`] takes the first part back).
    pub fn missing(&self, case_dir: &Path) -> InputError {
        InputError {
            file: case_dir.join(&self.file),
            line: None,
            column: None,
            field: self.field.clone(),
            message: format!("缺少{}{HOW}{}", self.what, self.how),
        }
    }
}

/// What separates a missing fact's name from how to write it in its file (a gap's `what`
/// holds none).
const HOW: &str = "：";

/// A missing fact's message without how to write it into its file — for a page that offers
/// the form supplying it (`缺少第 1 项持续督导工作的完成情况`); other messages whole.
pub fn what_is_missing(message: &str) -> &str {
    match message.strip_prefix("缺少").and(message.split_once(HOW)) {
        Some((what, _)) => what,
        None => message,
    }
}

/// The placeholders of `gaps`, by key, for the templates.
pub(crate) fn placeholders(gaps: &[Gap]) -> BTreeMap<&'static str, String> {
    gaps.iter().map(|g| (g.key, g.placeholder())).collect()
}

/// A final document with gaps is refused, every gap listed with its file and field; a
/// draft goes on.
pub(crate) fn allowed(gaps: &[Gap], mode: crate::Mode, case_dir: &Path) -> Result<(), crate::RenderError> {
    if mode == crate::Mode::Final && !gaps.is_empty() {
        return Err(crate::RenderError::Incomplete(gaps.iter().map(|g| g.missing(case_dir)).collect()));
    }
    Ok(())
}

/// The list a draft ends with: every gap again, with where to fill it (nothing without
/// gaps).
pub(crate) fn closing_list(gaps: &[Gap]) -> String {
    if gaps.is_empty() {
        return String::new();
    }
    let mut list = String::from("\n\n## 待补充事项\n\n本稿为草稿：下列事项在案卷中尚无记载，补充后重新生成方可出具。\n\n");
    for (n, gap) in gaps.iter().enumerate() {
        list.push_str(&format!("{}. {}：{}\n", n + 1, gap.placeholder(), gap.how));
    }
    list
}

/// `text` cut into pieces, each with whether it is a draft's placeholder (【待补充：…】).
pub(crate) fn placeholder_pieces(text: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(PLACEHOLDER) {
        let end = rest[start..].find('】').map_or(rest.len(), |i| start + i + '】'.len_utf8());
        pieces.push((&rest[..start], false));
        pieces.push((&rest[start..end], true));
        rest = &rest[end..];
    }
    pieces.push((rest, false));
    pieces.retain(|(piece, _)| !piece.is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_missing_leaves_out_how_to_write_it() {
        let gap = Gap {
            key: "item1",
            what: "第 1 项持续督导工作的完成情况".into(),
            file: "worklog/2019.toml".into(),
            field: Some("items.1".into()),
            how: "在 [items] 中写明 1 = \"…\"".into(),
        };
        let missing = gap.missing(Path::new("cases/sifang"));
        assert_eq!(missing.message, "缺少第 1 项持续督导工作的完成情况：在 [items] 中写明 1 = \"…\"");
        assert_eq!(what_is_missing(&missing.message), "缺少第 1 项持续督导工作的完成情况");
        assert_eq!(what_is_missing("总股本应为正数"), "总股本应为正数", "other messages whole");
    }
}
