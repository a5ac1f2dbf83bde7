//! `dudao facts`: every fact of the example with its file and line, as text and JSON; a
//! case that does not load is refused.

use std::process::{Command, Output};

use dudao_testkit::{CaseCopy, example_dir};

fn facts(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao")).arg("facts").args(args).output().unwrap()
}

#[test]
fn each_fact_with_its_file_and_line() {
    let dir = example_dir();
    let output = facts(&[dir.as_os_str()]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    // financials.toml line 7 and company.toml line 8 of examples/qingcloud, read by hand.
    assert!(text.contains("financials.2023.revenue = 335,693,624.77（financials.toml:7）\n"), "{text}");
    assert!(text.contains("company.company.stock_code = 688316（company.toml:8）\n"), "{text}");
    let json_output = facts(&[dir.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let json: serde_json::Value = serde_json::from_slice(&json_output.stdout).unwrap();
    let list = json["facts"].as_array().unwrap();
    let revenue = list.iter().find(|f| f["path"] == "financials.2023.revenue").unwrap();
    assert_eq!(revenue["value"], "335,693,624.77");
    assert_eq!((revenue["origin"]["file"].as_str(), revenue["origin"]["line"].as_u64()), (Some("financials.toml"), Some(7)));
    assert_eq!(text.lines().count(), list.len() + 1, "one line per fact and the count");
}

#[test]
fn a_case_that_does_not_load_is_refused() {
    let case = CaseCopy::new();
    case.edit("financials.toml", "revenue                  = \"335,693,624.77\"", "revenue                  = \"三亿\"");
    let output = facts(&[case.dir.as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("financials.toml:7"), "{stderr}");
}
