//! The table of the sponsor's dated duties, kept as data in `rulebook/obligations.toml`.

use std::path::Path;
use std::sync::OnceLock;

use dudao_calendar::DayKind;
use dudao_model::{Citation, Grade, InputError, PublicationKind, parse_toml};
use serde::Deserialize;

/// What starts a duty's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The company discloses its annual report for a supervised year.
    AnnualReport,
    /// The company discloses its semi-annual report.
    SemiannualReport,
    /// The company discloses a document the sponsor did not review in advance.
    Disclosure,
    /// The sponsor finds, or should have found, a violation or broken commitment.
    ViolationFound,
    /// The sponsor knows, or should know, of a situation requiring a special inspection.
    SpecialSituationKnown,
    /// A supervised fiscal year ends (yearly duties fall due on 31 December).
    FiscalYearEnd,
    /// The company discloses the annual report of the last supervised year.
    FinalAnnualReport,
    /// A special on-site inspection ends.
    SpecialInspectionEnded,
}

/// What in the work log shows a duty done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoneBy {
    /// The disclosure's `reviewed` date.
    Review,
    /// The violation's `reported` date.
    ViolationReport,
    /// The special situation's `inspected` date.
    SpecialInspection,
    /// A regular on-site inspection in the year's work log.
    RegularInspection,
    /// The special inspection's report `published` date.
    InspectionReport,
    /// A training in the year's work log.
    Training,
    /// A publication of the sponsor's, of this kind, for the duty's year.
    #[serde(untagged)]
    Publication(PublicationKind),
}

/// One dated duty of the sponsor.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Stable id: `annual-tracking-report`.
    pub id: String,
    /// What is to be done, in Chinese.
    pub title: String,
    /// What starts the clock.
    pub trigger: Trigger,
    /// How many days of `day_kind` the clock runs (0: due on the trigger date).
    pub days: u32,
    /// Which days count.
    pub day_kind: DayKind,
    /// What shows it done.
    pub done_by: DoneBy,
    /// Whether the duty continues past the supervision period while raised funds remain.
    #[serde(default)]
    pub continues_with_funds: bool,
    /// A yearly duty is not owed for a year supervised for fewer months than this.
    #[serde(default)]
    pub min_months_supervised: Option<u32>,
    /// The boards whose rules impose it; absent, every board.
    #[serde(default)]
    pub boards: Option<Vec<dudao_model::Board>>,
    /// The regulation it comes from.
    pub regulation: String,
    /// The article of `regulation`, where known.
    pub article: String,
    /// How sure we are of it.
    pub grade: Grade,
    /// Where that knowledge comes from.
    pub source: String,
}

impl Obligation {
    /// Its legal basis; a duty has one version, so no first day.
    pub fn citation(&self) -> Citation {
        Citation { regulation: self.regulation.clone(), article: self.article.clone(), from: None, grade: self.grade }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObligationsFile {
    obligation: Vec<Obligation>,
}

const EMBEDDED: &str = include_str!("../../../rulebook/obligations.toml");

/// The duties shipped in `rulebook/obligations.toml`.
pub fn obligations() -> &'static [Obligation] {
    static TABLE: OnceLock<Vec<Obligation>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let file: ObligationsFile = parse_toml(Path::new("rulebook/obligations.toml"), "obligations.toml", EMBEDDED)
            .unwrap_or_else(|e: InputError| panic!("the shipped obligations table is invalid: {e}"));
        file.obligation
    })
}
