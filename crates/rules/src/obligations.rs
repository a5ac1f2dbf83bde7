//! The table of the sponsor's dated duties, kept as data in `rulebook/obligations.toml`.

use std::path::Path;
use std::sync::OnceLock;

use dudao_calendar::DayKind;
use dudao_model::{InputError, PublicationKind, parse_toml};
use serde::Deserialize;

/// How sure we are of a fact about a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Read in the rule's text, or a verbatim reproduction of it.
    Verified,
    /// Seen only in a secondary source.
    Secondary,
    /// Recalled, not found in any source: to be checked before relying on it.
    Recalled,
}

impl Evidence {
    /// The Chinese label printed beside a citation.
    pub fn chinese(self) -> &'static str {
        match self {
            Evidence::Verified => "已核对原文",
            Evidence::Secondary => "二手来源，待核实",
            Evidence::Recalled => "未找到原文，待核实",
        }
    }

    /// The identifier: `verified`, `secondary`, `recalled`.
    pub fn id(self) -> &'static str {
        match self {
            Evidence::Verified => "verified",
            Evidence::Secondary => "secondary",
            Evidence::Recalled => "recalled",
        }
    }
}

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
    /// The rule it comes from, in Chinese.
    pub basis: String,
    /// How sure we are of it.
    pub evidence: Evidence,
    /// Where that knowledge comes from.
    pub source: String,
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
