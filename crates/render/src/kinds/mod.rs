//! The documents dudao drafts, as a registry like the rulebook's: each kind declared once,
//! in a module of its own, with its id, its name, the periods it is made for, the
//! publication it becomes in the case and its forms. A form is one exchange's layout of
//! the kind (the STAR narrative, the SZSE table …): the boards and the filing dates it
//! applies to, its template, its title, what it needs from the case (the readiness check
//! the CLI and the web both ask) and how it is rendered. A document of a period uses the
//! form in force when it is filed; a period before the earliest known form is refused.
//!
//! Adding a form is one entry in its kind's `FORMS` and one template; adding a kind is
//! one module and one line in [`KINDS`].

use std::borrow::Cow;
use std::path::Path;

use dudao_model::{Board, Case, Date, DispositionStatus, Finding, InputError, Period, PublicationKind};

use crate::{Mode, RenderError, Report, Templates};

mod closing;
mod funds_opinion;
mod inspection;
mod tracking;

pub use inspection::szse_checklist;
pub use tracking::work_items;

/// What a document is made from: the case (loaded from `dir`), the period, the form
/// chosen for it and what `dudao_rules::check` found in the case.
pub(crate) struct Subject<'a> {
    pub case: &'a Case,
    pub dir: &'a Path,
    pub period: Period,
    pub form: &'static Form,
    pub findings: &'a [Finding],
}

impl Subject<'_> {
    /// The fiscal year of the period.
    pub fn year(&self) -> i16 {
        self.period.year()
    }

    /// The document's title in the form's wording, for `firm`.
    pub fn title(&self, firm: &str) -> String {
        self.form.title.replace("{firm}", firm).replace("{company}", &self.case.company.company.name).replace("{period}", &self.period.chinese())
    }
}

/// One exchange's layout of a kind of document.
pub struct Form {
    /// The id, for messages and the docs: `szse-table`.
    pub id: &'static str,
    /// Its Chinese name: 深交所表格式.
    pub name: &'static str,
    /// The boards whose companies' documents use it.
    pub boards: &'static [Board],
    /// The first filing date it applies to (a later form of the same boards replaces it).
    pub from: Date,
    /// The template's file name and its shipped text.
    pub template: (&'static str, &'static str),
    /// The title, with `{firm}`, `{company}` and `{period}` (`2023年度`) to fill.
    pub title: &'static str,
    missing: fn(&Subject) -> Vec<InputError>,
    render: fn(&Subject, &Templates, Mode) -> Result<Report, RenderError>,
}

/// One kind of document.
pub struct DocumentKind {
    /// The id on the command line and in URLs: `annual-tracking`.
    pub id: &'static str,
    /// Its Chinese name: 年度持续督导跟踪报告.
    pub name: &'static str,
    /// Whether it is made for a half-year (`2024H1`) rather than a fiscal year (`2023`).
    pub half_yearly: bool,
    /// What the document becomes in the case once filed (a work log's `[[publications]]`).
    pub publication: PublicationKind,
    /// Its layouts, by board and filing date.
    pub forms: &'static [Form],
    /// Whether it draws on every period of the supervision (the closing report's account
    /// of all the years), so that every period's unconfirmed drafts mark it.
    pub whole_supervision: bool,
    /// The narrative sections the sponsor writes for it (file stem in `narrative/PERIOD/`,
    /// heading), for a company on a board: the workbench offers them on the period's page.
    pub narrative: fn(Board) -> Vec<(&'static str, &'static str)>,
    candidates: fn(&Case) -> Vec<i16>,
}

/// Every kind, in the order the workbench lists them.
pub const KINDS: &[&DocumentKind] = &[&tracking::ANNUAL, &tracking::SEMIANNUAL, &inspection::KIND, &closing::KIND, &funds_opinion::KIND];

/// The findings a document deals with: all but those the sponsor disposed of as not
/// applicable (`status = "not_applicable"`), which no document drafts from or lists.
fn applicable<'a>(case: &Case, findings: &'a [Finding]) -> Cow<'a, [Finding]> {
    let not_applicable = |f: &Finding| case.disposition_of(f).is_some_and(|d| d.status == DispositionStatus::NotApplicable);
    if findings.iter().any(not_applicable) { Cow::Owned(findings.iter().filter(|f| !not_applicable(f)).cloned().collect()) } else { Cow::Borrowed(findings) }
}

/// The fiscal year of a yearly period.
fn annual(period: Period) -> Option<i16> {
    match period {
        Period::Year(year) => Some(year),
        Period::FirstHalf(_) => None,
    }
}

/// The year of a half-year period.
fn first_half(period: Period) -> Option<i16> {
    match period {
        Period::FirstHalf(year) => Some(year),
        Period::Year(_) => None,
    }
}

/// The kind with `id`.
pub fn document_kind(id: &str) -> Option<&'static DocumentKind> {
    KINDS.iter().copied().find(|k| k.id == id)
}

/// Every template the kinds' forms use, with its shipped text.
pub(crate) fn templates() -> impl Iterator<Item = (&'static str, &'static str)> {
    KINDS.iter().flat_map(|k| k.forms).map(|f| f.template)
}

impl DocumentKind {
    /// The form a document of this kind for a company of `board` filed on `filed` uses:
    /// the latest of the board's forms in force by then; an error naming the forms known.
    pub fn form(&self, board: Board, filed: Date) -> Result<&'static Form, String> {
        self.forms.iter().filter(|f| f.boards.contains(&board) && f.from <= filed).max_by_key(|f| f.from).ok_or_else(|| {
            let known: Vec<String> = self
                .forms
                .iter()
                .map(|f| format!("{}（{}，{} 起）", f.name, f.boards.iter().map(|b| b.chinese()).collect::<Vec<_>>().join("、"), f.from.chinese()))
                .collect();
            format!("{}于 {} 出具的{}格式未收录；已收录的格式：{}", board.chinese(), filed.chinese(), self.name, known.join("；"))
        })
    }

    /// The subject of a document of `period`, or why `period` is not one this kind is made
    /// for, in Chinese: a period of the other kind, one outside the company's supervision
    /// (a sponsor reports only on the years it supervises; where the supervision period is
    /// not known, readiness says so), or one whose form dudao does not know.
    fn subject<'a>(&self, case: &'a Case, dir: &'a Path, period: Period, findings: &'a [Finding]) -> Result<Subject<'a>, String> {
        let year = match (period, self.half_yearly) {
            (Period::Year(year), false) | (Period::FirstHalf(year), true) => year,
            (_, false) => return Err(format!("{}按年度出具：报告期应为年度，如 {}", self.name, period.year())),
            (_, true) => return Err(format!("{}按半年度出具：报告期应为半年度，如 {}H1", self.name, period.year())),
        };
        if let Ok(supervised) = dudao_model::supervision_period(&case.company)
            && !(supervised.start.year()..=supervised.end.year()).contains(&year)
        {
            return Err(format!(
                "{}不在持续督导期间（{} 至 {}）内：{}只就督导期间出具",
                period.chinese(),
                supervised.start.chinese(),
                supervised.end.chinese(),
                self.name
            ));
        }
        // A document has the form, and cites the exchange's guideline, in force when it
        // is filed.
        let board = case.company.company.board;
        let form = self.form(board, period.filed_by())?;
        board.supervision_guideline(period.filed_by())?;
        Ok(Subject { case, dir, period, form, findings })
    }

    /// Everything the case lacks for this document of `period`; empty when it can be made.
    /// `findings` are what `dudao_rules::check` found (a violation found is a fact the
    /// tracking report states).
    pub fn missing(&self, case: &Case, case_dir: &Path, period: Period, findings: &[Finding]) -> Result<Vec<InputError>, String> {
        let findings = applicable(case, findings);
        let subject = self.subject(case, case_dir, period, &findings)?;
        Ok((subject.form.missing)(&subject))
    }

    /// The document of `period`, refused while the case lacks a fact it needs;
    /// `findings` are what `dudao_rules::check` found in the case.
    pub fn render(&self, case: &Case, case_dir: &Path, period: Period, templates: &Templates, findings: &[Finding]) -> Result<Report, RenderError> {
        self.render_as(case, case_dir, period, templates, findings, Mode::Final)
    }

    /// The document of `period` as a draft: each fact the case lacks a visible
    /// placeholder, listed again at the end.
    pub fn draft(&self, case: &Case, case_dir: &Path, period: Period, templates: &Templates, findings: &[Finding]) -> Result<Report, RenderError> {
        self.render_as(case, case_dir, period, templates, findings, Mode::Draft)
    }

    fn render_as(&self, case: &Case, case_dir: &Path, period: Period, templates: &Templates, findings: &[Finding], mode: Mode) -> Result<Report, RenderError> {
        let findings = applicable(case, findings);
        let subject = self.subject(case, case_dir, period, &findings).map_err(RenderError::Period)?;
        let mut report = (subject.form.render)(&subject, templates, mode)?;
        // The drafts of the period's own files, and of the files of the whole case.
        report.unconfirmed =
            case.drafts.iter().filter(|d| self.whole_supervision || d.period().is_none_or(|p| p == period)).map(dudao_model::Draft::label).collect();
        Ok(report)
    }

    /// When the document of `period` was published, as the period's work log records it.
    pub fn published(&self, case: &Case, period: Period) -> Option<Date> {
        case.worklogs.get(&period)?.publications.iter().find(|p| p.kind == self.publication).map(|p| p.published)
    }

    /// Whether the case makes this document for `period`: a period of its kind (year or
    /// half-year) in which the case has what the document is about.
    pub fn applies_to(&self, case: &Case, period: Period) -> bool {
        matches!(period, Period::FirstHalf(_)) == self.half_yearly && (self.candidates)(case).contains(&period.year())
    }

    /// The periods the case has facts for, newest first, each with what it still lacks
    /// (empty: it can be made) given `check`'s `findings`, or why it cannot be made at all
    /// (no form known for it).
    pub fn periods(&self, case: &Case, case_dir: &Path, findings: &[Finding]) -> Vec<(Period, Vec<InputError>)> {
        let mut years = (self.candidates)(case);
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
            .into_iter()
            .map(|year| if self.half_yearly { Period::FirstHalf(year) } else { Period::Year(year) })
            .filter_map(|period| Some((period, self.missing(case, case_dir, period, findings).ok()?)))
            .collect()
    }
}
