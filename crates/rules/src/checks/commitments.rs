//! Commitments: breaches detected from the events, overdue actions, and the status of each.

use dudao_model::{Commitment, CommitmentTerms, Date, Fact, Finding, Severity};

use super::{Context, finding};
use crate::rulebook::Rule;

/// Whether a sale by `holder` is bound by a commitment made by `by`.
fn made_by(cx: &Context, commitment: &Commitment, holder: &str) -> bool {
    commitment.by == holder || cx.party(&commitment.by).is_some_and(|p| p.name == holder || p.short_name.as_deref() == Some(holder))
}

/// Whether `date` falls within the commitment's term.
fn in_force(commitment: &Commitment, date: Date) -> bool {
    commitment.until.is_none_or(|until| date <= until)
}

/// The sales that break `commitment`, with what each did wrong.
fn breaches(cx: &Context, commitment: &Fact<Commitment>) -> Vec<(Date, String, Vec<dudao_model::Origin>)> {
    let mut out = Vec::new();
    for sale in cx.case.events.share_sales.iter().filter(|s| made_by(cx, commitment, &s.holder) && in_force(commitment, s.date)) {
        let evidence = vec![commitment.origin().clone(), sale.origin().clone()];
        match &commitment.terms {
            CommitmentTerms::ReductionNotice { days, day_kind: kind } => {
                let Ok(latest) = cx.calendar.add(sale.date, -(*days as i32), *kind) else { continue };
                let plan = sale.plan.as_ref().and_then(|id| cx.index.plan(id));
                let problem = match plan {
                    Some(plan) if plan.disclosed <= latest => continue,
                    Some(plan) => format!("减持计划于 {} 才披露，晚于应披露的 {latest}", plan.disclosed),
                    None => format!("未提前 {days} 个{}披露减持计划（最迟应于 {latest} 披露）", kind.chinese()),
                };
                out.push((sale.date, format!("减持 {} 股，{problem}", sale.shares.display()), evidence));
            }
            CommitmentTerms::LockUp { sell_from } if sale.date < *sell_from => {
                out.push((sale.date, format!("减持 {} 股，早于承诺的可减持日 {sell_from}", sale.shares.display()), evidence));
            }
            _ => {}
        }
    }
    out
}

pub(super) fn breach(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for commitment in &cx.case.commitments {
        for (date, what, evidence) in breaches(cx, commitment) {
            let values = [
                ("by", commitment.by.clone()),
                ("date", date.to_string()),
                ("what", what),
                ("document", commitment.document.clone()),
                ("content", commitment.content.clone()),
            ];
            out.push(finding(cx, rule, rule.severity, date, &values, evidence));
        }
    }
    out
}

pub(super) fn overdue(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for commitment in &cx.case.commitments {
        let CommitmentTerms::Action { due, fulfilled } = commitment.terms else { continue };
        let status = match fulfilled {
            Some(done) if done <= due => continue,
            Some(done) => format!("至 {done} 方才履行，逾期 {} 日", due.days_until(done)),
            None if due < cx.on => format!("截至 {} 尚未履行", cx.on),
            None => continue,
        };
        let values = [
            ("by", commitment.by.clone()),
            ("document", commitment.document.clone()),
            ("due", due.to_string()),
            ("content", commitment.content.clone()),
            ("status", status),
        ];
        out.push(finding(cx, rule, rule.severity, due, &values, vec![commitment.origin().clone()]));
    }
    out
}

pub(super) fn status(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Vec::new();
    for commitment in &cx.case.commitments {
        let broken = breaches(cx, commitment);
        let status = if let Some((date, _, _)) = broken.first() {
            format!("已违反（{date}，共 {} 次）", broken.len())
        } else {
            match (&commitment.terms, commitment.until) {
                (CommitmentTerms::Action { fulfilled: Some(done), .. }, _) => format!("已履行（{done}）"),
                (CommitmentTerms::Action { due, fulfilled: None }, _) if *due < cx.on => format!("逾期未履行（应于 {due} 前）"),
                (_, Some(until)) if until < cx.on => format!("已履行完毕（承诺期至 {until}）"),
                (_, Some(until)) => format!("履行中（承诺期至 {until}）"),
                (_, None) => "履行中（长期有效）".to_owned(),
            }
        };
        let values = [("by", commitment.by.clone()), ("document", commitment.document.clone()), ("content", commitment.content.clone()), ("status", status)];
        out.push(finding(cx, rule, Severity::Info, cx.on, &values, vec![commitment.origin().clone()]));
    }
    out
}
