//! The notes dudao makes while drafting a document: what the document had to leave out or
//! take as the case states it. They are findings of kind `note`, listed by `dudao rules`
//! beside the rulebook's rules.

use dudao_model::{Date, Finding, Kind, Origin, Severity};

/// One kind of drafting note.
pub struct NoteKind {
    /// Its id: `report.taken-as-stated`.
    pub id: &'static str,
    /// What it says, in Chinese.
    pub title: &'static str,
    /// When dudao makes it and what the user can do, in Chinese.
    pub explanation: &'static str,
}

/// A figure of the key-data table is missing from the case.
pub const FIGURE_NOT_RECORDED: NoteKind = NoteKind {
    id: "report.figure-not-recorded",
    title: "主要财务数据未记录",
    explanation: "financials.toml 中报告期或比较期缺少某项主要会计数据，报告中该格以“-”列示。补录该数据后重新生成即可。",
};

/// A percentage the case states is printed because the total shares of its date are unknown.
pub const TAKEN_AS_STATED: NoteKind = NoteKind {
    id: "report.taken-as-stated",
    title: "持股比例采用案卷陈述值",
    explanation: "company.toml 未记录该日的总股本（[[total_shares]]），dudao 无法由股数计算持股比例，报告采用案卷写明的 stated_percent。补录当日总股本后，比例将由股数计算并与陈述值核对。",
};

/// Every drafting note.
pub const NOTES: &[NoteKind] = &[FIGURE_NOT_RECORDED, TAKEN_AS_STATED];

impl NoteKind {
    /// A finding of this note: a warning, since the document needs a look before it goes out.
    pub(crate) fn finding(&self, message: String, date: Option<Date>, evidence: Vec<Origin>) -> Finding {
        Finding {
            rule: self.id.to_owned(),
            kind: Kind::Note,
            severity: Severity::Warning,
            message,
            citation: None,
            date,
            about: None,
            evidence,
            computation: None,
        }
    }
}
