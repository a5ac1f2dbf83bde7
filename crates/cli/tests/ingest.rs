//! `dudao ingest --dry-run` on a real annual report: what it reads, against an empty case
//! and against a case that already states some figures (the same in another unit, and one
//! that differs); a document that is not a report is refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dudao_testkit::ScratchDir;

fn sifang() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/annual-reports/2020-04-16_四方科技_603339_2019年年度报告.pdf")
}

fn ingest(report: &Path, case: &Path, format: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["ingest".as_ref(), report.as_os_str(), "--case".as_ref(), case.as_os_str(), "--dry-run".as_ref(), "--format".as_ref(), format.as_ref()])
        .output()
        .unwrap()
}

#[test]
fn a_report_against_an_empty_case_is_all_new_with_pages() {
    let output = ingest(&sifang(), Path::new("/nonexistent/四方科技"), "json");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["year"], 2019);
    let facts = json["facts"].as_array().unwrap();
    assert!(facts.iter().all(|f| f["status"] == "new"));
    let revenue = facts.iter().find(|f| f["path"] == "financials.2019.revenue").unwrap();
    assert_eq!(revenue["value"], "1,175,301,034.32");
    assert_eq!((revenue["source"]["page"].as_u64(), revenue["source"]["line"].as_u64()), (Some(5), Some(29)));
}

#[test]
fn a_figure_the_case_states_differently_is_a_conflict_and_kept() {
    let case = ScratchDir::new("ingest-conflict");
    // 营业收入 in 万元 as a person would type it (the same figure), and 归母净利润 mistyped.
    std::fs::write(case.join("financials.toml"), "[2019]\nrevenue = \"117,530.10万\"\nnet_profit = \"129,465,020.86\"\n").unwrap();
    let output = ingest(&sifang(), &case, "text");
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(!text.contains("新增 financials.2019.revenue"), "{text}");
    assert!(
        text.contains("冲突 financials.2019.net_profit：案卷为 129,465,020.86（financials.toml:3），报告为 129,465,020.68（报告第 5 页第 31 行）；案卷的值保留"),
        "{text}"
    );
    assert!(text.ends_with("一致 1 项，冲突 1 项\n"), "{text}");
    assert_eq!(std::fs::read_to_string(case.join("financials.toml")).unwrap().lines().count(), 3, "nothing written");
}

#[test]
fn a_document_that_is_not_a_report_is_refused() {
    let dir = ScratchDir::new("ingest-notice");
    let notice = dir.join("notice.txt");
    std::fs::write(&notice, "关于召开2024年第一次临时股东大会的通知\n").unwrap();
    let output = ingest(&notice, &dir.join("case"), "text");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("notice.txt：未找到“主要会计数据和财务指标”表"), "{stderr}");
}
