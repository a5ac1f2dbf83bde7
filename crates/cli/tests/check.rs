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
    // The work log's disposition of the breach (worklog/2023.toml [[dispositions]]).
    assert_eq!(lines[3], "  处理：已处理");
    assert!(lines[4].starts_with("  说明：苏州天翔违反减持承诺一事已在持续督导工作第 5 项说明"), "{}", lines[4]);
    assert!(lines[5].starts_with("  依据：《上海证券交易所上市公司自律监管指引第 11 号——持续督导》持续督导工作第 5 项、第 12 项"), "{}", lines[5]);
    assert_eq!(lines[6], "  事实：commitments.toml:4、events.toml:4");
    // Every warning without a disposition is pending, and the first line counts them.
    let warnings = text.matches("\n警告[").count();
    assert_eq!(text.matches("\n  处理：待处理\n").count(), warnings, "{text}");
    assert!(lines[0].ends_with(&format!("；错误与警告中待处理 {warnings} 项")), "{}", lines[0]);
}

#[test]
fn a_finding_not_applicable_says_why_and_leaves_the_documents() {
    let case = CaseCopy::new();
    // The sponsor judges 2021's missing training not applicable (training recorded elsewhere).
    let disposition = "\n[[dispositions]]\nrule = \"deadline.overdue\"\ndate = 2021-12-31\nstatus = \"not_applicable\"\n\
                       account = \"2021年度培训已于2022年1月补办，见培训记录\"\nin_report = false\n";
    let log = std::fs::read_to_string(case.dir.join("worklog/2021.toml")).unwrap_or_default();
    std::fs::write(case.dir.join("worklog/2021.toml"), log + disposition).unwrap();
    let output = check(&case.dir, &["--on", "2026-11-24", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let handled: Vec<&serde_json::Value> = findings.iter().filter(|f| f["handling"]["status"] == "not_applicable").collect();
    // Both duties due on 2021-12-31 (the year's inspection and training) are of that rule and date.
    assert_eq!(handled.len(), 2, "{json:#}");
    assert!(handled.iter().all(|f| f["date"] == "2021-12-31" && f["handling"]["account"] == "2021年度培训已于2022年1月补办，见培训记录"));
    let breach = findings.iter().find(|f| f["rule"] == "commitment.breach").unwrap();
    assert_eq!(breach["handling"]["status"], "handled");
    assert!(findings.iter().any(|f| f["handling"]["status"] == "pending"));
    assert!(findings.iter().filter(|f| f["severity"] == "info").all(|f| f["handling"].is_null() || f["handling"]["status"] != "pending"));

    // A violation found is drafted into the report's section 四 where the sponsor has not
    // written it; once judged not applicable, it is not, and the section is a gap again.
    std::fs::remove_file(case.dir.join("narrative/2023/violations.md")).unwrap();
    let drafted = || {
        let output = dudao(&["report", case.dir.to_str().unwrap(), "--year", "2023", "--draft"]);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let before = drafted();
    assert!(
        before.contains("2023年度，持续督导期间发现以下违法违规或违背承诺事项：\n\n（1）苏州工业园区蝴蝶天翔投资中心（有限合伙） 于 2023-02-07 减持"),
        "{before}"
    );
    let log = std::fs::read_to_string(case.dir.join("worklog/2023.toml")).unwrap();
    let judged =
        log.replace("rule = \"commitment.breach\"\ndate = 2023-02-07\n", "rule = \"commitment.breach\"\ndate = 2023-02-07\nstatus = \"not_applicable\"\n");
    assert_ne!(judged, log);
    std::fs::write(case.dir.join("worklog/2023.toml"), judged).unwrap();
    let after = drafted();
    assert!(!after.contains("发现以下违法违规或违背承诺事项") && after.contains("【待补充：重大违规事项（narrative/2023/violations.md）】"), "{after}");

    // Not applicable and listed in the report is a contradiction, refused where it is written.
    let log = std::fs::read_to_string(case.dir.join("worklog/2021.toml")).unwrap();
    std::fs::write(case.dir.join("worklog/2021.toml"), log.replace("in_report = false\n", "in_report = true\n")).unwrap();
    let refused = check(&case.dir, &["--on", "2026-11-24"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8(refused.stderr).unwrap();
    assert!(
        message.contains("worklog/2021.toml") && message.contains("字段 dispositions.in_report：不适用的核查结果不列入“发现的问题及整改情况”"),
        "{message}"
    );
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
