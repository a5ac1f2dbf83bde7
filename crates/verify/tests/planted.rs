//! Wrong figures planted by hand in the real annual reports (tests/fixtures/annual-reports,
//! `checks/<report>.toml`): each breaks a relation the filing states and is caught at one of
//! the places its entry names; the report as published has exactly the errors its entry
//! lists (each recomputed by hand). A planted error dudao does not catch yet carries the
//! reason, and is held missed, so the reason goes when it is caught.

use dudao_model::Severity;
use dudao_reader::{Form, read_str};
use dudao_testkit::planted::{Checks, Place, is_pdf, plant, source_of};

fn errors(checks: &Checks, text: &str, form: Form) -> Vec<(Place, String)> {
    let doc = read_str(text, form).unwrap_or_else(|e| panic!("{}: {e}", checks.report));
    dudao_verify::verify(&doc, &checks.report)
        .findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (Place { page: f.evidence[0].page, line: f.evidence[0].line }, f.rule))
        .collect()
}

fn check(report: &str) {
    let checks = Checks::all().into_iter().find(|c| c.report == report).unwrap_or_else(|| panic!("no checks for {report}"));
    let path = checks.report_path();
    let pdf = is_pdf(&path);
    let source = source_of(&path);
    let form = if pdf { Form::Pdf } else { Form::of_path(&path).sniffed(&source) };
    let mut filed: Vec<(Place, String)> = checks.filed.iter().map(|f| (f.at, f.rule.clone())).collect();
    let mut found = errors(&checks, &source, form);
    filed.sort_by_key(|(p, r)| (p.page, p.line, r.clone()));
    found.sort_by_key(|(p, r)| (p.page, p.line, r.clone()));
    assert_eq!(found, filed, "{report}: the errors of the report as published");
    let mut wrong = Vec::new();
    for planted in &checks.planted {
        let found = errors(&checks, &plant(&source, pdf, planted), form);
        let caught = found.iter().any(|(place, _)| planted.at.contains(place) && !filed.iter().any(|(p, _)| p == place));
        match (&planted.missed, caught) {
            (None, false) => {
                wrong.push(format!("{} → {} ({}) not caught at {:?}; errors: {found:?}", planted.find, planted.replace, planted.section, planted.at))
            }
            (Some(why), true) => wrong.push(format!("{} → {} is caught now: remove its note “{why}”", planted.find, planted.replace)),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{report}:\n{}", wrong.join("\n"));
    let caught = checks.planted.iter().filter(|p| p.missed.is_none()).count();
    assert!(checks.planted.len() >= 15, "{report}: at least 15 planted errors");
    eprintln!("{report}: {caught} of {} planted errors caught", checks.planted.len());
}

#[test]
fn anke_2019_chinext_html() {
    check("2020-01-21_安靠智电_300617_2019年年度报告.html");
}

#[test]
fn haixiang_2019_html() {
    check("2020-01-23_海翔药业_002099_2019年年度报告.html");
}

#[test]
fn psbc_2019_bank_json_lines() {
    check("2020-03-26_邮储银行_601658_2019年年度报告.txt");
}

#[test]
fn sifang_2019_pdf() {
    check("2020-04-16_四方科技_603339_2019年年度报告.pdf");
}

#[test]
fn shengwu_2020_pdf() {
    check("2021-04-23_生物股份_600201_2020年年度报告.pdf");
}

#[test]
fn qingdao_port_2019_json_pages_excerpt() {
    check("青岛港_601298_2019年年度报告_节选.jsonl.txt");
}
