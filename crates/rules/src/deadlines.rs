//! Every dated duty of the sponsor over the supervision period, with its due date on the
//! right calendar and its status as of a date.

use dudao_calendar::{Calendar, DayKind};
use dudao_model::{
    Case, Date, DayOrMonth, DisclosureKind, Fact, InspectionKind, Origin, Period, SupervisionPeriod, Unit, WorkLog, format_grouped, supervision_period,
};
use rust_decimal::Decimal;

use crate::obligations::{DoneBy, Obligation, Trigger, obligations};

/// All duties of one case as of a date.
pub struct Schedule {
    /// The company's short name.
    pub company: String,
    /// Its stock code.
    pub stock_code: String,
    /// The supervision period.
    pub period: SupervisionPeriod,
    /// Raised funds still unused at the last year end the case knows, which keeps their
    /// supervision going past the period's end.
    pub unused_funds: Option<UnusedFunds>,
    /// The date statuses are judged on.
    pub on: Date,
    /// The duties, by due date; those whose due date is unknown last.
    pub duties: Vec<Duty>,
}

/// Raised funds not yet used.
pub struct UnusedFunds {
    /// The unused amount in 万元, printed: `4,221.14`.
    pub wan: String,
    /// As of this year end.
    pub as_of: Date,
}

/// One dated duty.
pub struct Duty {
    /// The obligation it comes from.
    pub obligation: &'static Obligation,
    /// What it concerns: `2023年度`, a disclosure's title, a violation's summary.
    pub subject: String,
    /// What started, or will start, its clock.
    pub trigger: TriggerState,
    /// When it is due, if that can be known.
    pub due: Due,
    /// Where it stands on the schedule's date.
    pub status: Status,
    /// The case facts it was worked out from.
    pub evidence: Vec<Origin>,
}

/// What starts a duty's clock, as far as the case tells.
pub enum TriggerState {
    /// It happened on this date.
    Occurred {
        /// When.
        date: Date,
        /// What, in Chinese: `年度报告披露`.
        what: String,
    },
    /// It should have happened by now, but the case does not record when.
    Missing {
        /// What, in Chinese.
        what: String,
        /// The fact to add to the case, naming file and field.
        fact: String,
    },
    /// It has not happened yet; the rules require it by this date.
    Expected {
        /// What, in Chinese.
        what: String,
        /// The latest date the rules allow for it.
        by: Date,
    },
}

/// A duty's due date.
pub enum Due {
    /// Known.
    On(Date),
    /// Counted on the provisional calendar past the published data (暂定), with the reason.
    Provisional(Date, String),
    /// Unknown until the trigger happens.
    Unknown,
    /// Past the provisional calendar too (or before the data): needs a calendar file.
    BeyondCalendar(String),
}

impl Due {
    /// The due date, provisional or not.
    pub fn date(&self) -> Option<Date> {
        match self {
            Due::On(date) | Due::Provisional(date, _) => Some(*date),
            Due::Unknown | Due::BeyondCalendar(_) => None,
        }
    }

    /// Why the due date is provisional (暂定), if it is.
    pub fn provisional(&self) -> Option<&str> {
        match self {
            Due::Provisional(_, reason) => Some(reason),
            _ => None,
        }
    }
}

/// Where a duty stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Done; `on` where the work log records the date.
    Done {
        /// When, if recorded.
        on: Option<Date>,
        /// Whether that was after the due date, where both dates are known.
        late: Option<bool>,
    },
    /// Not done, not yet due.
    Open,
    /// Not done, and the due date has passed.
    Overdue,
    /// The trigger's date is missing from the case: the due date cannot be known.
    MissingTrigger,
    /// The trigger has not happened yet.
    NotYetTriggered,
}

impl Status {
    /// The Chinese label.
    pub fn chinese(self) -> &'static str {
        match self {
            Status::Done { on: None, .. } => "已完成（日期未记录）",
            Status::Done { late: Some(true), .. } => "逾期完成",
            Status::Done { late: Some(false), .. } => "按期完成",
            Status::Done { late: None, .. } => "已完成",
            Status::Open => "待办",
            Status::Overdue => "已逾期",
            Status::MissingTrigger => "缺少触发日期",
            Status::NotYetTriggered => "尚未触发",
        }
    }

    /// The identifier: `done`, `done_late`, `open`, `overdue`, `missing_trigger`, `not_yet_triggered`.
    pub fn id(self) -> &'static str {
        match self {
            Status::Done { late: Some(true), .. } => "done_late",
            Status::Done { .. } => "done",
            Status::Open => "open",
            Status::Overdue => "overdue",
            Status::MissingTrigger => "missing_trigger",
            Status::NotYetTriggered => "not_yet_triggered",
        }
    }
}

/// Works out every duty of `case` as of `on`, counting days on `calendar`. `Err` says in
/// Chinese why the supervision period cannot be known.
pub fn schedule(case: &Case, calendar: &Calendar, on: Date) -> Result<Schedule, String> {
    let period = supervision_period(&case.company)?;
    let unused_funds = unused_funds(case);
    let mut duties = Vec::new();
    let board = case.company.company.board;
    for obligation in obligations().iter().filter(|o| o.boards.as_ref().is_none_or(|boards| boards.contains(&board))) {
        let builder = DutyBuilder { case, calendar, on, obligation, period: &period };
        builder.duties(unused_funds.is_some(), &mut duties);
    }
    duties.sort_by_key(|d| match d.due.date() {
        Some(date) => (0, Some(date)),
        None => (1, None),
    });
    Ok(Schedule {
        company: case.company.company.short_name.clone(),
        stock_code: case.company.company.stock_code.as_str().to_owned(),
        period,
        unused_funds,
        on,
        duties,
    })
}

/// Raised funds unused at the latest year end the ledger knows, if any remain.
fn unused_funds(case: &Case) -> Option<UnusedFunds> {
    let (year, unused) = case.unused_funds()?;
    (unused > Decimal::ZERO).then(|| UnusedFunds { wan: format_grouped(unused / Unit::Wan.factor(), 2), as_of: Date::year_end(year) })
}

struct DutyBuilder<'a> {
    case: &'a Case,
    calendar: &'a Calendar,
    on: Date,
    obligation: &'static Obligation,
    period: &'a SupervisionPeriod,
}

/// The latest dates the rules allow for periodic reports: four months after the year end
/// for the annual report, two months after the half year for the semi-annual one.
fn annual_report_deadline(year: i16) -> Date {
    Date::ymd(year + 1, 4, 30)
}

fn semiannual_report_deadline(year: i16) -> Date {
    Date::ymd(year, 8, 31)
}

fn first_day(start: DayOrMonth) -> Date {
    match start {
        DayOrMonth::Day(d) => d,
        DayOrMonth::Month { year, month } => Date::ymd(year, month, 1),
    }
}

impl DutyBuilder<'_> {
    fn duties(&self, funds_remain: bool, out: &mut Vec<Duty>) {
        let start = first_day(self.period.start);
        let (first_year, last_year) = (start.year(), self.period.end.year());
        let continued_to = if self.obligation.continues_with_funds && funds_remain { self.on.year() } else { last_year };
        match self.obligation.trigger {
            Trigger::AnnualReport => {
                for year in first_year..=continued_to.max(last_year) {
                    out.push(self.periodic(year, DisclosureKind::AnnualReport));
                }
            }
            Trigger::FinalAnnualReport => out.push(self.periodic(last_year, DisclosureKind::AnnualReport)),
            Trigger::SemiannualReport => {
                for year in first_year..=last_year {
                    if start <= Date::ymd(year, 6, 30) {
                        out.push(self.periodic(year, DisclosureKind::SemiannualReport));
                    }
                }
            }
            Trigger::FiscalYearEnd => {
                for year in first_year..=last_year {
                    let months = self.obligation.min_months_supervised.unwrap_or(0) as i32;
                    let supervised_from = if year == first_year { start } else { Date::ymd(year, 1, 1) };
                    if supervised_from.plus_days(months * 30).is_some_and(|d| d > Date::year_end(year)) {
                        continue;
                    }
                    out.push(self.yearly(year));
                }
            }
            Trigger::Disclosure => {
                for announcement in &self.case.events.announcements {
                    let within = start <= announcement.date && announcement.date <= self.period.end;
                    if within && !announcement.reviewed_in_advance {
                        let trigger = TriggerState::Occurred { date: announcement.date, what: "公告披露".into() };
                        let done = announcement.reviewed.map(Some);
                        out.push(self.duty(announcement.title.clone(), trigger, done, vec![announcement.origin().clone()]));
                    }
                }
            }
            Trigger::ViolationFound => self.logged(
                out,
                |log| log.violations.iter().enumerate().collect(),
                |v| (v.summary.clone(), v.discovered, v.reported),
                "发现违规事项",
                "violations",
                "discovered（发现或应当发现之日）",
            ),
            Trigger::SpecialSituationKnown => self.logged(
                out,
                |log| log.special_situations.iter().enumerate().collect(),
                |s| (s.summary.clone(), s.known, s.inspected),
                "知道或应当知道需专项现场检查的情形",
                "special_situations",
                "known（知道或应当知道之日）",
            ),
            Trigger::SpecialInspectionEnded => self.logged(
                out,
                |log| log.inspections.iter().enumerate().filter(|(_, i)| i.kind == InspectionKind::Special).collect(),
                |i| (i.summary.clone().unwrap_or_else(|| "专项现场检查".to_owned()), i.ended, i.published),
                "专项现场检查结束",
                "inspections",
                "ended（现场检查结束之日）",
            ),
        }
    }

    /// Duties started by dated entries of the work logs (violations, special situations,
    /// special inspections): `entries` picks them with their index in the log's list,
    /// `parts` gives an entry's summary, trigger date and completion date.
    fn logged<T>(
        &self,
        out: &mut Vec<Duty>,
        entries: impl for<'l> Fn(&'l WorkLog) -> Vec<(usize, &'l Fact<T>)>,
        parts: impl Fn(&T) -> (String, Option<Date>, Option<Date>),
        what: &str,
        list: &str,
        date_field: &str,
    ) {
        for (year, log) in &self.case.worklogs {
            for (i, entry) in entries(log) {
                let (summary, started, done) = parts(entry);
                let trigger = match started {
                    Some(date) => TriggerState::Occurred { date, what: what.into() },
                    None => TriggerState::Missing { what: what.into(), fact: format!("worklog/{year}.toml 的 {list}[{i}].{date_field}") },
                };
                out.push(self.duty(summary, trigger, done.map(Some), vec![entry.origin().clone()]));
            }
        }
    }

    /// A duty triggered by the company's annual or semi-annual report for `year`.
    fn periodic(&self, year: i16, kind: DisclosureKind) -> Duty {
        let (what, subject, by, kind_id) = match kind {
            DisclosureKind::SemiannualReport => ("半年度报告披露", format!("{year}年半年度"), semiannual_report_deadline(year), "semiannual_report"),
            _ => ("年度报告披露", format!("{year}年度"), annual_report_deadline(year), "annual_report"),
        };
        let report = self.case.events.announcements.iter().find(|a| a.kind == kind && a.year == Some(year));
        let trigger = match report {
            Some(report) => TriggerState::Occurred { date: report.date, what: what.into() },
            None if by < self.on => {
                TriggerState::Missing { what: what.into(), fact: format!("events.toml 中 kind = \"{kind_id}\"、year = {year} 的公告及其披露日期") }
            }
            None => TriggerState::Expected { what: what.into(), by },
        };
        let done = self.published(year);
        let evidence = report.map(|r| vec![r.origin().clone()]).unwrap_or_default();
        self.duty(subject, trigger, done, evidence)
    }

    /// A yearly duty, due at the end of `year`.
    fn yearly(&self, year: i16) -> Duty {
        let trigger = TriggerState::Occurred { date: Date::year_end(year), what: "会计年度结束".into() };
        let log = self.case.worklogs.get(&Period::Year(year));
        let done = match self.obligation.done_by {
            DoneBy::RegularInspection => {
                log.and_then(|l| l.inspections.iter().find(|i| i.kind == InspectionKind::Regular).map(|i| (i.date, i.origin().clone())))
            }
            DoneBy::Training => log.and_then(|l| l.trainings.first().map(|t| (Some(t.date), t.origin().clone()))),
            _ => None,
        };
        let evidence = done.as_ref().map(|(_, origin)| vec![origin.clone()]).unwrap_or_default();
        self.duty(format!("{year}年度"), trigger, done.map(|(date, _)| date), evidence)
    }

    /// The sponsor's publication for `year` that discharges this duty, if recorded.
    fn published(&self, year: i16) -> Option<Option<Date>> {
        let DoneBy::Publication(kind) = self.obligation.done_by else { return None };
        let log = self.case.worklogs.get(&Period::Year(year))?;
        log.publications.iter().find(|p| p.kind == kind).map(|p| Some(p.published))
    }

    /// Assembles a duty: its due date from the trigger, its status from `done` (`Some`
    /// when the work log shows it done, with the date where recorded).
    fn duty(&self, subject: String, trigger: TriggerState, done: Option<Option<Date>>, evidence: Vec<Origin>) -> Duty {
        let o = self.obligation;
        let due = match &trigger {
            // Past the published data the provisional calendar counts, and the date says so.
            TriggerState::Occurred { date, .. } => match self.calendar.extended().add(*date, o.days as i32, o.day_kind) {
                Ok(due) => match due.provisional {
                    Some(why) => Due::Provisional(due.value, why.to_string()),
                    None => Due::On(due.value),
                },
                Err(e) => Due::BeyondCalendar(e.to_string()),
            },
            _ => Due::Unknown,
        };
        let status = match (done, due.date(), &trigger) {
            (Some(on), Some(due), _) => Status::Done { on, late: on.map(|d| d > due) },
            (Some(on), _, _) => Status::Done { on, late: None },
            (None, _, TriggerState::Missing { .. }) => Status::MissingTrigger,
            (None, _, TriggerState::Expected { .. }) => Status::NotYetTriggered,
            (None, Some(due), _) if due < self.on => Status::Overdue,
            (None, _, _) => Status::Open,
        };
        Duty { obligation: o, subject, trigger, due, status, evidence }
    }
}

/// How a duty's clock reads in Chinese: `年度报告披露后 15 个交易日内`.
pub fn clock(obligation: &Obligation, what: &str) -> String {
    match (obligation.days, obligation.day_kind) {
        (0, _) => format!("{what}当日"),
        (n, DayKind::Calendar) => format!("{what}后 {n} 日内"),
        (n, kind) => format!("{what}后 {n} 个{}内", kind.chinese()),
    }
}
