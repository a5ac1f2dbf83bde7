//! The deadlines of the example case, with due dates counted by hand on the calendar.

use std::path::Path;

use dudao_calendar::Calendar;
use dudao_model::{Date, DayOrMonth};
use dudao_rules::{Due, Duty, Schedule, Status, TriggerState, schedule};

fn example(on: &str) -> Schedule {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingcloud");
    let case = dudao_model::load_case(&dir).unwrap();
    schedule(&case, Calendar::embedded(), Date::parse(on).unwrap()).unwrap()
}

fn duty<'a>(schedule: &'a Schedule, obligation: &str, subject: &str) -> &'a Duty {
    schedule.duties.iter().find(|d| d.obligation.id == obligation && d.subject == subject).unwrap_or_else(|| panic!("no duty {obligation} for {subject}"))
}

fn due(duty: &Duty) -> Date {
    match duty.due {
        Due::On(date) => date,
        _ => panic!("{} has no due date", duty.obligation.id),
    }
}

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn the_supervision_period_and_the_funds_that_outlast_it() {
    let schedule = example("2026-11-24");
    assert_eq!(schedule.period.start, DayOrMonth::Day(d("2021-03-16")));
    assert_eq!(schedule.period.end, d("2024-12-31"));
    let unused = schedule.unused_funds.as_ref().expect("funds remain");
    // 68,727.84 − 64,506.70 万元, as of the last ledger year.
    assert_eq!((unused.wan.as_str(), unused.as_of), ("4,221.14", d("2023-12-31")));
    // Funds verification continues past 2024 while funds remain; other duties stop at 2024.
    assert!(schedule.duties.iter().any(|x| x.obligation.id == "funds-verification" && x.subject == "2025年度"));
    assert!(!schedule.duties.iter().any(|x| x.obligation.id == "annual-tracking-report" && x.subject == "2025年度"));
}

#[test]
fn the_fy2023_tracking_report_was_due_15_trading_days_after_the_annual_report() {
    let schedule = example("2026-11-24");
    let report = duty(&schedule, "annual-tracking-report", "2023年度");
    // Annual report 2024-04-25 (Thu). Trading days after it: 04-26, 04-29, 04-30, (Labour
    // Day closure 05-01 … 05-03), 05-06 … 05-10, 05-13 … 05-17, 05-20, 05-21 = the 15th.
    assert!(matches!(report.trigger, TriggerState::Occurred { date, .. } if date == d("2024-04-25")));
    assert_eq!(due(report), d("2024-05-21"));
    assert_eq!(report.status, Status::Done { on: Some(d("2024-05-17")), late: Some(false) });
    assert_eq!(report.evidence[0].to_string(), "events.toml:47");
}

#[test]
fn a_disclosure_not_reviewed_in_advance_is_due_for_review_five_trading_days_later() {
    // The apology of Tue 2023-02-14: 02-15, 02-16, 02-17, 02-20, 02-21.
    let before = example("2023-02-20");
    let review = duty(&before, "disclosure-review", "《股东减持股份计划及违反承诺减持股份致歉公告》");
    assert_eq!(due(review), d("2023-02-21"));
    assert_eq!(review.status, Status::Open);
    let after = example("2023-02-22");
    assert_eq!(duty(&after, "disclosure-review", "《股东减持股份计划及违反承诺减持股份致歉公告》").status, Status::Overdue);
    // The Q3 report of Tue 2023-10-31: 11-01 … 11-03, 11-06, 11-07.
    assert_eq!(due(duty(&after, "disclosure-review", "《2023年第三季度报告》")), d("2023-11-07"));
}

#[test]
fn yearly_duties_fall_due_at_year_end_and_read_the_work_log() {
    let schedule = example("2026-11-24");
    let inspection = duty(&schedule, "yearly-inspection", "2023年度");
    assert_eq!(due(inspection), d("2023-12-31"));
    assert_eq!(inspection.status, Status::Done { on: None, late: None }, "the report says it was done, not when");
    assert_eq!(duty(&schedule, "yearly-training", "2023年度").status, Status::Overdue);
    // Listed on 2021-03-16: 2021 was supervised for more than three months, so it counts.
    assert_eq!(due(duty(&schedule, "yearly-inspection", "2021年度")), d("2021-12-31"));
}

#[test]
fn a_duty_whose_trigger_date_is_missing_names_the_fact_to_add() {
    let schedule = example("2026-11-24");
    let violation = schedule.duties.iter().find(|x| x.obligation.id == "violation-report").unwrap();
    assert_eq!(violation.status, Status::MissingTrigger);
    assert!(matches!(violation.due, Due::Unknown));
    match &violation.trigger {
        TriggerState::Missing { fact, .. } => {
            assert_eq!(fact, "worklog/2023.toml 的 violations[0].discovered（发现或应当发现之日）")
        }
        _ => panic!("the discovery date is not in the case"),
    }
    let closing = duty(&schedule, "closing-report", "2024年度");
    assert_eq!(closing.status, Status::MissingTrigger);
    // The FY2024 tracking report is recorded as published, though the annual report's date
    // is not: done, but whether on time cannot be told.
    let fy2024 = duty(&schedule, "annual-tracking-report", "2024年度");
    assert_eq!(fy2024.status, Status::Done { on: Some(d("2025-05-12")), late: None });
}

#[test]
fn a_trigger_still_in_the_future_is_not_yet_due() {
    let schedule = example("2026-11-24");
    let fy2026 = duty(&schedule, "funds-verification", "2026年度");
    assert_eq!(fy2026.status, Status::NotYetTriggered);
    assert!(matches!(fy2026.trigger, TriggerState::Expected { by, .. } if by == d("2027-04-30")));
    // Judged in 2024, the FY2024 duties wait for their annual report.
    let earlier = example("2024-06-01");
    assert_eq!(duty(&earlier, "closing-report", "2024年度").status, Status::NotYetTriggered);
}

#[test]
fn a_star_special_inspection_report_is_due_15_trading_days_after_the_check() {
    use dudao_testkit::CaseCopy;
    let case = CaseCopy::new();
    std::fs::write(
        case.dir.join("worklog/2023.toml"),
        std::fs::read_to_string(case.dir.join("worklog/2023.toml")).unwrap()
            + "\n[[inspections]]\nkind = \"special\"\ndate = 2023-05-29\nended = 2023-06-02\nsummary = \"专项现场检查（测试用）\"\n",
    )
    .unwrap();
    let on = d("2023-07-10");
    let open = schedule(&case.load(), Calendar::embedded(), on).unwrap();
    let report = duty(&open, "special-inspection-report", "专项现场检查（测试用）");
    // 2023-06-02 (Fri) + 15 SSE trading days: June 5–9, 12–16, 19–21, then the Dragon Boat
    // closure of 22–23, then 26 and 27.
    assert_eq!(due(report), d("2023-06-27"));
    assert_eq!(report.status, Status::Overdue);
    assert_eq!(report.obligation.citation().text(), "《上海证券交易所科创板股票上市规则》第 3.2.14 条（已核对原文）");

    // Published on the 20th: done in time. A main-board company owes no such report.
    case.edit("worklog/2023.toml", "ended = 2023-06-02\n", "ended = 2023-06-02\npublished = 2023-06-20\n");
    let schedule_done = schedule(&case.load(), Calendar::embedded(), on).unwrap();
    assert!(matches!(duty(&schedule_done, "special-inspection-report", "专项现场检查（测试用）").status, Status::Done { .. }));
    case.edit("company.toml", "board = \"star\"", "board = \"sse_main\"");
    let main_board = schedule(&case.load(), Calendar::embedded(), on).unwrap();
    assert!(main_board.duties.iter().all(|d| d.obligation.id != "special-inspection-report"));
}

#[test]
fn the_closing_report_counts_trading_days_on_star_and_working_days_elsewhere() {
    use dudao_testkit::CaseCopy;
    let star = example("2026-11-24");
    let closing = duty(&star, "closing-report", "2024年度");
    assert_eq!(closing.obligation.citation().text(), "《上海证券交易所科创板股票上市规则》第 3.2.16 条（已核对原文）");
    assert!(star.duties.iter().all(|d| d.obligation.id != "closing-report-other-boards"));
    let case = CaseCopy::new();
    case.edit("company.toml", "board = \"star\"", "board = \"sse_main\"");
    let main = schedule(&case.load(), Calendar::embedded(), d("2026-11-24")).unwrap();
    assert!(main.duties.iter().any(|d| d.obligation.id == "closing-report-other-boards"));
    assert!(main.duties.iter().all(|d| d.obligation.id != "closing-report"));
}
