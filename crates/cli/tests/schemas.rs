//! The JSON of `check`, `deadlines`, `rules` and `verify` against the schemas published in
//! `docs/schemas/`: on both bundled cases, on a real tracking report and real annual
//! reports, so a field renamed, added or given a second meaning fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

use boon::{Compiler, SchemaIndex, Schemas};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The schema `docs/schemas/{name}.schema.json`, compiled with the shared definitions.
fn schema(name: &str) -> (Schemas, SchemaIndex) {
    let mut schemas = Schemas::new();
    let mut compiler = Compiler::new();
    let path = root().join(format!("docs/schemas/{name}.schema.json")).canonicalize().unwrap();
    let index = compiler.compile(path.to_str().unwrap(), &mut schemas).unwrap_or_else(|e| panic!("{name}: {e:#}"));
    (schemas, index)
}

/// `dudao args…` as JSON; any exit status but 2.
fn dudao_json(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_dudao")).args(args).output().unwrap();
    assert_ne!(output.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn assert_valid(name: &str, value: &Value) {
    let (schemas, index) = schema(name);
    if let Err(error) = schemas.validate(value, index) {
        panic!("{name}: output does not match docs/schemas/{name}.schema.json:\n{error:#}");
    }
}

fn cases() -> [String; 2] {
    ["examples/qingcloud", "examples/fictional"].map(|case| root().join(case).to_str().unwrap().to_owned())
}

#[test]
fn check_and_deadlines_match_their_schemas_on_both_cases() {
    let mut findings = 0;
    for case in cases() {
        for on in ["2022-06-30", "2024-06-30", "2026-11-24"] {
            let check = dudao_json(&["check", &case, "--on", on, "--format", "json"]);
            findings += check["findings"].as_array().unwrap().len();
            assert_valid("check", &check);
            assert_valid("deadlines", &dudao_json(&["deadlines", &case, "--on", on, "--format", "json"]));
        }
    }
    assert!(findings > 50, "the cases give findings of every shape to validate ({findings})");
}

#[test]
fn rules_matches_its_schema_listed_and_explained() {
    let all = dudao_json(&["rules", "--format", "json"]);
    assert_valid("rules", &all);
    for rule in all["rules"].as_array().unwrap() {
        let one = dudao_json(&["rules", "--explain", rule["id"].as_str().unwrap(), "--format", "json"]);
        assert_eq!(one["rules"][0], *rule);
    }
}

#[test]
fn verify_matches_its_schema_on_the_seed_and_real_annual_reports() {
    let fixtures = root().join("tests/fixtures");
    let mut files = vec![fixtures.join("qingcloud-2023-tracking-report.txt")];
    files.extend(std::fs::read_dir(fixtures.join("annual-reports")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()));
    let mut args = vec!["verify".to_owned(), "--format".to_owned(), "json".to_owned()];
    args.extend(files.iter().map(|f| f.to_str().unwrap().to_owned()));
    let json = dudao_json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(json["findings"].as_array().unwrap().len() >= 3, "the seed alone has three");
    assert_eq!(json["summary"].as_array().unwrap().len(), files.len());
    assert_valid("verify", &json);
}

#[test]
fn the_schemas_refuse_a_finding_without_its_kind_or_with_a_citation_as_one_string() {
    let case = &cases()[0];
    let good = dudao_json(&["check", case, "--on", "2026-11-24", "--format", "json"]);
    let (schemas, index) = schema("check");
    let mut without_kind = good.clone();
    without_kind["findings"][0].as_object_mut().unwrap().remove("kind");
    assert!(schemas.validate(&without_kind, index).is_err());
    let mut flat_citation = good.clone();
    flat_citation["findings"][0]["citation"] = Value::String("持续督导工作第 5 项".into());
    assert!(schemas.validate(&flat_citation, index).is_err());
    let mut extra = good;
    extra["findings"][0]["basis"] = Value::String("两种说法".into());
    assert!(schemas.validate(&extra, index).is_err(), "a field the schema does not document");
}

/// A TOML value as an editor hands it to a JSON Schema: dates as their text.
fn as_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(as_json).collect()),
        toml::Value::Table(table) => Value::Object(table.iter().map(|(k, v)| (k.clone(), as_json(v))).collect()),
    }
}

/// The schemas of the case files, made from the record kinds, are the ones kept in
/// `docs/schemas/case/` (`DUDAO_BLESS=1` writes them anew), and every case file of the
/// bundled cases matches its own.
#[test]
fn the_case_files_match_their_generated_schemas() {
    use dudao_model::schema::{SCHEMA_FILES, case_file_schema};
    let folder = root().join("docs/schemas/case");
    for (file, name) in SCHEMA_FILES {
        let path = folder.join(format!("{name}.schema.json"));
        let generated = case_file_schema(file);
        if std::env::var_os("DUDAO_BLESS").is_some() {
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(kept == generated, "{} is stale: run `DUDAO_BLESS=1 cargo test -p dudao --test schemas` and commit it", path.display());
    }
    let mut checked = 0;
    for case in ["examples/qingcloud", "examples/fictional", "examples/fictional-szse"] {
        let dir = root().join(case);
        for (file, name) in SCHEMA_FILES {
            let paths: Vec<PathBuf> = match file.strip_prefix("worklog/") {
                Some(_) => std::fs::read_dir(dir.join("worklog")).map_or_else(|_| Vec::new(), |d| d.map(|e| e.unwrap().path()).collect()),
                None => vec![dir.join(file)],
            };
            for path in paths.into_iter().filter(|p| p.exists()) {
                let value = as_json(&toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap());
                let (schemas, index) = {
                    let mut schemas = Schemas::new();
                    let schema = folder.join(format!("{name}.schema.json")).canonicalize().unwrap();
                    let index = Compiler::new().compile(schema.to_str().unwrap(), &mut schemas).unwrap();
                    (schemas, index)
                };
                if let Err(error) = schemas.validate(&value, index) {
                    panic!("{} does not match its schema:\n{error:#}", path.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "{checked} files checked");
    // A mistyped choice is caught, as an editor would underline it.
    let sale = r#"[[share_sales]]
id = "x"
date = 2023-02-07
holder = "某股东"
shares = 20000
method = "auction"
average_price = "12.34"
"#;
    let (schemas, index) = {
        let mut schemas = Schemas::new();
        let schema = folder.join("events.schema.json").canonicalize().unwrap();
        let index = Compiler::new().compile(schema.to_str().unwrap(), &mut schemas).unwrap();
        (schemas, index)
    };
    let value = as_json(&toml::from_str(sale).unwrap());
    assert!(schemas.validate(&value, index).is_err(), "method = auction is no sale method");
}
