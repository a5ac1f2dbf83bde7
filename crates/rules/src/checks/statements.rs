//! The sponsor's own statements against what the other checks found: a work-log account
//! that says there was no violation or broken commitment in a period where `check` found
//! one is reported with both places. dudao never rewrites the sponsor's words.

use dudao_model::{Finding, Kind, Period, Severity};

use super::{Context, finding};
use crate::rulebook::Rule;

/// Words by which an account says there was no violation or broken commitment.
const DENIALS: &[&str] = &[
    "未发生违法违规或违背承诺",
    "未发生违法违规",
    "未发生违背承诺",
    "不存在未履行承诺",
    "不存在违反承诺",
    "不存在违背承诺",
    "不存在重大违规",
    "均已有效执行",
    "均已履行",
];

pub(super) fn contradicts_finding(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for (period, log) in &cx.case.worklogs {
        let of_period: Vec<&Finding> =
            cx.found.iter().filter(|f| f.severity == Severity::Error && f.kind == Kind::Violation && f.date.is_some_and(|d| within(*period, d))).collect();
        if of_period.is_empty() {
            continue;
        }
        let mut rules: Vec<&str> = of_period.iter().map(|f| f.rule.as_str()).collect();
        rules.dedup();
        let mut items: Vec<(&String, &dudao_model::Fact<String>)> = log.items.iter().collect();
        items.sort_by_key(|(n, _)| n.parse::<u32>().unwrap_or(u32::MAX));
        for (item, account) in items {
            let Some(phrase) = DENIALS.iter().find(|d| account.contains(**d)) else { continue };
            // The account's sentence that holds the denial, as the sponsor wrote it.
            let sentence = account.split(['。', '；', '\n']).find(|s| s.contains(phrase)).unwrap_or(phrase).trim();
            let values = [
                ("file", format!("worklog/{period}.toml")),
                ("item", item.clone()),
                ("phrase", sentence.to_owned()),
                ("count", of_period.len().to_string()),
                ("rules", rules.join("、")),
            ];
            let mut evidence = vec![account.origin().clone()];
            evidence.extend(of_period.iter().flat_map(|f| f.evidence.iter().cloned()));
            let date = of_period.iter().filter_map(|f| f.date).min().unwrap_or(cx.on);
            out.push(finding(cx, rule, rule.severity, date, &values, evidence));
        }
    }
    out
}

/// Whether `date` falls in `period` (a year, or its first half).
fn within(period: Period, date: dudao_model::Date) -> bool {
    date.year() == period.year() && date <= period.end()
}
