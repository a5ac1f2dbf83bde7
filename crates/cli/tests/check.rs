//! `dudao check` and `dudao rules` as a user runs them, and the findings flowing into the
//! tracking report.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{CaseCopy, Report};

fn dudao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).args(args).output().unwrap()
}

fn check(case: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).arg("check").arg(case).args(args).output().unwrap()
}

#[test]
fn the_example_has_one_error_the_broken_commitment() {
    let case = CaseCopy::new();
    let output = check(&case.dir, &["--on", "2026-11-24", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "an error exits with status 1");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let errors: Vec<_> = findings.iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "no false error on the seed's facts: {errors:#?}");
    let breach = errors[0];
    assert_eq!(breach["rule"], "commitment.breach");
    assert_eq!(breach["date"], "2023-02-07");
    assert!(breach["message"].as_str().unwrap().contains("减持 20,000 股，未提前 15 个交易日披露减持计划（最迟应于 2023-01-10 披露）"));
    assert_eq!(breach["kind"], "violation");
    let citation = &breach["citation"];
    assert_eq!(citation["regulation"], "《上海证券交易所上市公司自律监管指引第 11 号——持续督导》");
    assert!(citation["article"].as_str().unwrap().starts_with("持续督导工作第 5 项"));
    assert_eq!((citation["from"].as_str(), citation["grade"].as_str()), (Some("2022-01-07"), Some("verified")));
    assert!(citation["text"].as_str().unwrap().ends_with("（2022-01-07 起适用版本，已核对原文）"));
    assert_eq!(
        breach["evidence"],
        serde_json::json!([{ "file": "commitments.toml", "page": null, "line": 4 }, { "file": "events.toml", "page": null, "line": 4 }])
    );

    let delisting = findings.iter().find(|f| f["rule"] == "delisting.star" && f["date"] == "2023-12-31").unwrap();
    assert_eq!(delisting["severity"], "info");
    assert!(delisting["message"].as_str().unwrap().starts_with("2023 年度未触及财务类退市风险警示情形"));
    let warning = findings.iter().find(|f| f["rule"] == "delisting.net-assets-cover" && f["date"] == "2023-12-31").unwrap();
    assert_eq!(warning["severity"], "warning");
}

#[test]
fn a_plan_disclosed_in_time_clears_the_error() {
    let case = CaseCopy::new();
    case.edit("events.toml", "# plan = \"tianxiang-2023\"", "plan = \"tianxiang-2023\"");
    case.append(
        "events.toml",
        "[[reduction_plans]]\nid = \"tianxiang-2023\"\nholder = \"苏州工业园区蝴蝶天翔投资中心（有限合伙）\"\n\
         disclosed = 2023-01-10\nwindow_start = 2023-02-01\nwindow_end = 2023-04-30\nresult_disclosed = 2023-05-04\n",
    );
    let output = check(&case.dir, &["--on", "2026-11-24"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.starts_with("青云科技：截至 2026-11-24，错误 0 项"), "{text}");
}

#[test]
fn the_text_lists_each_finding_with_its_basis_and_facts() {
    let output = check(&CaseCopy::new().dir, &["--on", "2026-11-24"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("青云科技：截至 2026-11-24，错误 1 项，警告"), "{}", lines[0]);
    assert!(lines[2].starts_with("错误[commitment.breach] 苏州工业园区蝴蝶天翔投资中心（有限合伙） 于 2023-02-07"), "{}", lines[2]);
    assert!(lines[3].starts_with("  依据：《上海证券交易所上市公司自律监管指引第 11 号——持续督导》持续督导工作第 5 项、第 12 项"), "{}", lines[3]);
    assert_eq!(lines[4], "  事实：commitments.toml:4、events.toml:4");
}

#[test]
fn bad_input_exits_2() {
    let output = check(Path::new("/nonexistent"), &[]);
    assert_eq!(output.status.code(), Some(2));
    let scratch = dudao_testkit::ScratchDir::new("check-rules");
    let overrides = scratch.join("rules.toml");
    std::fs::write(&overrides, "[\"insider.window\"]\nperiodic_days = -1\n").unwrap();
    let output = check(&CaseCopy::new().dir, &["--rules", overrides.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim_end(),
        format!("错误：{}:1：字段 insider.window.periodic_days：参数值 -1 无效：应为非负整数", overrides.display())
    );
}

#[test]
fn rules_lists_the_rulebook() {
    let output = dudao(&["rules", "--format", "json"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules = json["rules"].as_array().unwrap();
    let count = |command: &str| rules.iter().filter(|r| r["command"] == command).count();
    assert_eq!((count("check"), count("verify"), count("report")), (39, 19, 2));
    let pre = rules.iter().find(|r| r["id"] == "reduction.pre-disclosure").unwrap();
    assert_eq!(pre["file"], "rulebook/share-reduction.toml");
    let versions = pre["versions"].as_array().unwrap();
    assert_eq!(versions[1]["from"], "2024-05-24");
    assert_eq!(versions[1]["params"]["methods"], serde_json::json!(["centralized_bidding", "block_trade"]));
    assert_eq!(versions[1]["grade"], "verified");
    let text = String::from_utf8(dudao(&["rules"]).stdout).unwrap();
    assert!(text.contains("insider.short-swing  短线交易［违规事项］（错误，"), "{text}");
    assert!(text.contains("report.taken-as-stated  持股比例采用案卷陈述值［情况说明］"));
    assert!(text.contains("  2020-03-01 起：《证券法》（2019 年修订）第四十四条［已核对原文］  参数：months = 6，roles = [\"major_shareholder\", \"director\", \"supervisor\", \"executive\"]"));
}

#[test]
fn findings_draft_work_item_5_and_section_4_when_the_sponsor_leaves_them_out() {
    let case = CaseCopy::new();
    let worklog = std::fs::read_to_string(case.dir.join("worklog/2023.toml")).unwrap();
    let start = worklog.find("5 = \"\"\"").unwrap();
    let end = start + worklog[start..].find("\"\"\"\n6 =").unwrap() + 4;
    std::fs::write(case.dir.join("worklog/2023.toml"), format!("{}{}", &worklog[..start], &worklog[end..])).unwrap();
    std::fs::remove_file(case.dir.join("narrative/2023/violations.md")).unwrap();
    let (report, _) = case.markdown();
    let item5 = report.lines().find(|l| l.starts_with("| 5 |")).unwrap();
    assert!(
        item5.contains(
            "2023年度，持续督导期间发现以下违法违规或违背承诺事项：<br><br>（1）苏州工业园区蝴蝶天翔投资中心（有限合伙） 于 2023-02-07 减持 20,000 股"
        ),
        "{item5}"
    );
    let section4 = report.split("## 四、重大违规事项").nth(1).unwrap().split("## 五").next().unwrap();
    assert!(section4.contains("（1）苏州工业园区蝴蝶天翔投资中心（有限合伙） 于 2023-02-07"), "{section4}");
}
