//! The work log a period starts with: the item numbers of the company's form as comments,
//! and, as drafts the sponsor confirms (待确认), what the case already knows of the
//! period's work — the review of the period's announcements that have a review record, and
//! each item's latest account in an earlier period of the same kind where it names no
//! number and cites no figure (a count, a date or a figure is of its own period and is asked again).

use dudao_model::{Case, Draft, Period, WorkLog};

/// The text of `period`'s new work log and the drafts it holds.
pub(crate) fn started(case: &Case, period: Period) -> (String, Vec<Draft>) {
    let board = case.company.company.board;
    let file = format!("worklog/{period}.toml");
    let mut items: Vec<(&str, String, String)> = Vec::new();
    for key in board.work_items() {
        if let Some((earlier, account)) = latest_account(case, period, key)
            && carries_over(account)
        {
            items.push((key, account.to_owned(), format!("沿用 worklog/{earlier}.toml 的表述，须按本期情况确认")));
        }
    }
    // The 16 duties' item 10 is the review of the company's disclosures.
    if board.work_items().contains(&"10")
        && let Some((account, basis)) = reviews(case, period)
    {
        items.retain(|(key, _, _)| *key != "10");
        items.push(("10", account, basis));
    }
    items.sort_by_key(|(key, _, _)| board.work_items().iter().position(|k| k == key));
    let mut text = format!(
        "# {name}持续督导工作记录（由 dudao 建立）：逐项写明保荐机构的工作，格式见 docs/case-format.md。\n\
         # 发现的问题：未发现的写 problems = []，否则逐项写 [[problems]]；现场检查、培训、向交易所报告等写为\n\
         # [[inspections]]、[[trainings]]、[[violations]]，出具的文件写为 [[publications]]。\n\
         #\n\
         # [items] 的编号（{board}公司的跟踪报告）：{numbers}\n",
        name = period.chinese(),
        board = board.chinese(),
        numbers = board.work_items().join("、"),
    );
    let mut drafts = Vec::new();
    if !items.is_empty() {
        text += "# 以下各项为 dudao 预填的草稿（待确认，见 drafts.toml）：核对、修改后以 dudao confirm 确认。\n\n[items]\n";
        for (key, account, basis) in items {
            text += &format!("\"{key}\" = {}\n", toml_edit::Value::from(account));
            drafts.push(Draft { file: file.clone(), field: Some(WorkLog::item_field(key)), basis });
        }
    }
    (text, drafts)
}

/// The sponsor's latest account of item `key` in a work log of an earlier period of the
/// same kind (a year's for a year, a half-year's for a half-year), with that period.
fn latest_account<'a>(case: &'a Case, period: Period, key: &str) -> Option<(Period, &'a str)> {
    let same_kind = |p: &Period| matches!((p, period), (Period::Year(_), Period::Year(_)) | (Period::FirstHalf(_), Period::FirstHalf(_)));
    case.worklogs
        .iter()
        .filter(|(p, _)| same_kind(p) && p.year() < period.year())
        .filter_map(|(p, log)| Some((*p, log.items.get(key)?.as_str())))
        .max_by_key(|(p, _)| p.year())
}

/// Whether an account holds for another period as it stands: it names no number (a count,
/// a date, an amount) and cites no figure of its own period (`{{ … }}`).
fn carries_over(account: &str) -> bool {
    !account.contains("{{") && !account.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// Item 10 from the period's announcements the sponsor recorded reviewing, with its basis.
fn reviews(case: &Case, period: Period) -> Option<(String, String)> {
    let of_period: Vec<_> = case.events.announcements.iter().filter(|a| a.date.year() == period.year() && a.date <= period.end()).collect();
    let in_advance = of_period.iter().filter(|a| a.reviewed_in_advance).count();
    let afterwards = of_period.iter().filter(|a| !a.reviewed_in_advance && a.reviewed.is_some()).count();
    if in_advance + afterwards == 0 {
        return None;
    }
    let account =
        format!("持续督导期间，保荐机构审阅了公司披露的信息披露文件{}份，其中事前审阅{in_advance}份、事后审阅{afterwards}份", in_advance + afterwards);
    let basis = format!("按 events.toml 记录的{}公告及其审阅预填（共 {} 份，有审阅记录的 {} 份）", period.chinese(), of_period.len(), in_advance + afterwards);
    Some((account, basis))
}
