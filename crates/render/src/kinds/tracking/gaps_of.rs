//! The gaps of a tracking report: facts it needs that the case does not hold.

use std::borrow::Cow;

use dudao_model::{Case, Finding, Narrative, Period, Severity, Sponsor, WorkLog, supervision_period};

use crate::gaps::Gap;

/// Where the duties' table prints each item's gap (`gaps.item3`).
const ITEM_GAPS: [&str; 16] =
    ["item1", "item2", "item3", "item4", "item5", "item6", "item7", "item8", "item9", "item10", "item11", "item12", "item13", "item14", "item15", "item16"];

/// The gap every form of the tracking report has where `check` found errors in the
/// period that the sponsor has not disposed of (section 二 lists them, or says where the
/// report deals with them).
pub(super) fn dispositions(case: &Case, period: Period, found: &[&Finding]) -> Vec<Gap> {
    let log = case.worklogs.get(&period);
    let undisposed: Vec<&&Finding> =
        found.iter().filter(|f| f.severity == Severity::Error).filter(|f| !log.is_some_and(|log| log.dispositions.iter().any(|d| d.covers(f)))).collect();
    if undisposed.is_empty() {
        return Vec::new();
    }
    let listed: Vec<String> = undisposed.iter().map(|f| format!("{}{}", f.rule, f.date.map(|d| format!("（{d}）")).unwrap_or_default())).collect();
    vec![Gap {
        key: "dispositions",
        what: format!("保荐机构对核查发现的 {} 项错误的处置（{}）", undisposed.len(), listed.join("、")),
        file: format!("worklog/{period}.toml"),
        field: Some("dispositions".into()),
        how: "逐项写明 [[dispositions]] 的 rule、account（保荐机构的处理或说明）与 in_report（列入“发现的问题及整改情况”为 true，报告他处已说明为 false）"
            .into(),
    }]
}

/// The gaps of who supervises the company and over which years. The tracking forms print
/// the sponsor, and a draft prints this placeholder in its place; they print no
/// supervision dates, yet a final report needs them: the period it reports on must be one
/// the sponsor supervised. A case started from an annual report that names no sponsor
/// (“不适用”) still renders as a draft.
pub(super) fn sponsorship(case: &Case) -> Vec<Gap> {
    let mut gaps: Vec<Gap> = sponsor(case).into_iter().collect();
    if let Err(message) = supervision_period(&case.company) {
        let how = message.split_once('：').map_or(message.as_str(), |(_, how)| how).to_owned();
        gaps.push(Gap { key: "supervision", what: "持续督导期间".into(), file: "company.toml".into(), field: Some("supervision.end".into()), how });
    }
    gaps
}

fn sponsor(case: &Case) -> Option<Gap> {
    case.company.sponsor.is_none().then(|| Gap {
        key: "sponsor",
        what: "保荐机构".into(),
        file: "company.toml".into(),
        field: Some("sponsor".into()),
        how: "请写明 [sponsor] 的 firm（保荐机构名称）与 representatives（保荐代表人）".into(),
    })
}

/// The case's sponsor; in a draft of a case without one, a sponsor named by the gap's
/// placeholder (a final document with the gap is refused before it is printed).
pub(super) fn sponsor_or_placeholder(case: &Case) -> Cow<'_, Sponsor> {
    match (&case.company.sponsor, sponsor(case)) {
        (Some(sponsor), _) => Cow::Borrowed(sponsor),
        (None, gap) => {
            let placeholder = gap.map(|g| g.placeholder()).unwrap_or_default();
            Cow::Owned(Sponsor { firm: placeholder.clone(), representatives: vec![placeholder], ..Sponsor::default() })
        }
    }
}

/// The gaps of the narrative `sections` (stem, heading) the sponsor has not written for
/// `period`, each to be written as `how` says.
pub(super) fn unwritten<'a>(case: &Case, period: Period, sections: impl Iterator<Item = &'a (&'static str, &'static str)>, how: &str) -> Vec<Gap> {
    let narrative = case.narratives.get(&period);
    sections
        .filter(|(stem, _)| !narrative.is_some_and(|n| n.sections.contains_key(*stem)))
        .map(|(stem, section)| Gap {
            key: stem,
            what: section.split_once('、').map_or(*section, |(_, name)| name).to_owned(),
            file: format!("narrative/{period}/{stem}.md"),
            field: None,
            how: how.to_owned(),
        })
        .collect()
}

/// The gap of a work log that does not say whether the sponsor found problems.
pub(super) fn problems(log: &WorkLog, worklog: &str) -> Option<Gap> {
    log.problems.is_none().then(|| Gap {
        key: "problems",
        what: "保荐机构发现的问题及整改情况".into(),
        file: worklog.to_owned(),
        field: Some("problems".into()),
        how: "逐项写明 [[problems]] 的 finding 与 rectification；未发现问题的，写 problems = []".into(),
    })
}

/// The gaps of the SSE's narrative forms of `period` (the STAR report and the SSE main
/// board's), given what `check` found in it. Work item 5 and the violations section are
/// drafted from the violations found; with none found, only the sponsor can say there were
/// none. `star` adds what only the STAR report prints (IP, funds, holdings).
pub(super) fn sse(case: &Case, period: Period, found: &[&Finding], star: bool) -> Vec<Gap> {
    let worklog = format!("worklog/{period}.toml");
    let log = case.worklogs.get(&period);
    let mut gaps = sponsorship(case);
    gaps.extend(dispositions(case, period, found));
    if !found.iter().any(|f| crate::is_violation(f)) {
        if log.is_some_and(|log| !log.items.contains_key("5")) {
            gaps.push(Gap {
                key: "item5",
                what: "第 5 项工作（违法违规、违背承诺事项）的完成情况".into(),
                file: worklog.clone(),
                field: Some("items.5".into()),
                how: "在 [items] 中写明 5 = \"…\"（有无违法违规、违背承诺等事项及保荐机构的处理）".into(),
            });
        }
        if !case.narratives.get(&period).is_some_and(|n| n.sections.contains_key("violations")) {
            gaps.push(Gap {
                key: "violations",
                what: "重大违规事项".into(),
                file: format!("narrative/{period}/violations.md"),
                field: None,
                how: "由保荐机构写明本期有无重大违规事项及其情况".into(),
            });
        }
    }
    gaps.extend(log.and_then(|log| problems(log, &worklog)));
    // Each duty the sponsor has not accounted for (item 5 above).
    if let Some(log) = log {
        for (n, key) in ITEM_GAPS.iter().enumerate().map(|(i, key)| (i + 1, key)).filter(|(n, _)| *n != 5) {
            if !log.items.contains_key(&n.to_string()) {
                gaps.push(Gap {
                    key,
                    what: format!("第 {n} 项持续督导工作的完成情况"),
                    file: worklog.clone(),
                    field: Some(format!("items.{n}")),
                    how: format!("在 [items] 中写明 {n} = \"…\""),
                });
            }
        }
    }
    if !star {
        return gaps;
    }
    // Each of the STAR report's sections in the sponsor's words (四 above).
    let sections = Narrative::SECTIONS.iter().filter(|(stem, _)| *stem != "violations");
    gaps.extend(unwritten(case, period, sections, "由保荐机构撰写（可引用报告计算的数字，见 docs/templates.md）"));
    if case.financials.get(&period).is_some_and(|year| year.intellectual_property.is_empty()) {
        gaps.push(Gap {
            key: "ip",
            what: format!("{}知识产权情况", period.chinese()),
            file: "financials.toml".into(),
            field: Some(format!("{period}.intellectual_property")),
            how: format!("按类别写明 [[{period}.intellectual_property]] 的本期新增与累计申请数、获得数；无新增的写 0"),
        });
    }
    if case.funds.is_none() {
        gaps.push(Gap {
            key: "funds",
            what: "募集资金的存放与使用情况".into(),
            file: "funds.toml".into(),
            field: None,
            how: "请提供 funds.toml：发行（offering）、专户（accounts）与本期使用台账（ledger）".into(),
        });
    } else if case.funds.as_ref().is_some_and(|f| f.offering.is_none()) {
        // 九（一） opens with the offering; the unused balance is made from it too.
        gaps.push(crate::context::offering_gap());
    }
    let holders = &case.shareholders;
    if holders.controllers.is_some() && holders.encumbrances.is_none() {
        gaps.push(Gap {
            key: "encumbrances",
            what: "控股股东、实际控制人所持股份的质押、冻结情况".into(),
            file: "shareholders.toml".into(),
            field: Some("encumbrances".into()),
            how: "逐项写明 [[encumbrances]]（holder、date、kind、shares）；无质押、冻结的，写 encumbrances = []".into(),
        });
    }
    // The insiders' holdings are recorded by year: a half-year report has none.
    let insiders = holders.insiders.iter().any(|i| Period::Year(i.year) == period);
    let remarks = holders.remarks.get(&period.year().to_string()).is_some_and(|r| r.controllers.is_some() || r.insiders.is_some());
    if holders.controllers.is_none() && !insiders && !remarks {
        gaps.push(Gap {
            key: "holdings",
            what: "控股股东、实际控制人和董事、监事、高级管理人员的持股情况".into(),
            file: "shareholders.toml".into(),
            field: None,
            how: "写明 [controllers] 与期末的 [[holdings]]，以及董事、监事、高级管理人员的 [[insiders]]".into(),
        });
    }
    gaps
}
