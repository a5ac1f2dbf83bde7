//! The sponsor's dated duties as findings: overdue ones, and ones whose trigger date the
//! case lacks. The citation is the duty's own basis.

use dudao_model::Finding;

use super::Context;
use crate::deadlines::{Due, Status, TriggerState, clock, schedule};
use crate::rulebook::Rule;

fn duty_findings(cx: &Context, rule: &Rule, wanted: Status) -> Vec<Finding> {
    let schedule = match schedule(cx.case, cx.calendar, cx.on) {
        Ok(schedule) => schedule,
        // Without a supervision period no duty can be dated: said once, as the duty
        // whose trigger is missing.
        Err(why) if wanted == Status::MissingTrigger => {
            return vec![Finding {
                rule: rule.id.clone(),
                kind: rule.kind,
                severity: rule.severity,
                message: format!("持续督导期间未知，全部持续督导义务均无法计算到期日：{why}"),
                citation: None,
                date: None,
                about: None,
                evidence: Vec::new(),
                computation: None,
            }];
        }
        Err(_) => return Vec::new(),
    };
    schedule
        .duties
        .iter()
        .filter(|d| d.status == wanted)
        .map(|d| {
            let o = d.obligation;
            let duty = format!("{}（{}）", o.title, d.subject);
            let (values, date) = match (&d.trigger, &d.due) {
                (TriggerState::Missing { what, fact }, _) => (vec![("duty", duty.clone()), ("fact", fact.clone()), ("clock", clock(o, what))], None),
                (TriggerState::Occurred { what, date }, Due::On(due)) => {
                    (vec![("duty", duty.clone()), ("due", due.to_string()), ("clock", clock(o, &format!("{what}（{date}）")))], Some(*due))
                }
                _ => (vec![("duty", duty.clone())], None),
            };
            Finding {
                rule: rule.id.clone(),
                kind: rule.kind,
                severity: rule.severity,
                message: rule.message(&values),
                citation: Some(o.citation()),
                date,
                // Duties fall due together (the year's end): each is its own finding.
                about: Some(duty),
                evidence: d.evidence.clone(),
                computation: None,
            }
        })
        .collect()
}

pub(super) fn overdue(cx: &Context, rule: &Rule) -> Vec<Finding> {
    duty_findings(cx, rule, Status::Overdue)
}

pub(super) fn missing_trigger(cx: &Context, rule: &Rule) -> Vec<Finding> {
    duty_findings(cx, rule, Status::MissingTrigger)
}
