//! JSON Schemas (draft 2020-12) of the case files, made from the record kinds
//! ([`crate::records::KINDS`]): for an editor that checks TOML against a schema (Taplo,
//! "Even Better TOML") as it is typed. Each schema gives the tables and arrays of tables the
//! workbench's forms edit, each field's type and its choices; other tables and fields the
//! case format allows are left open, not listed. Which fields a record must have is not
//! said: a form asks for more than a file must hold (the kind of an announcement, which a
//! file may leave to its default), and dudao checks that at load. Kept in
//! `docs/schemas/case/`, where a test checks they are current and that the bundled cases
//! match them.

use serde_json::{Map, Value, json};

use crate::records::{Field, Input, KINDS, Shape, home_name};

/// The case files with records, each with the name of its schema file
/// (`docs/schemas/case/NAME.schema.json`).
pub const SCHEMA_FILES: [(&str, &str); 6] = [
    ("company.toml", "company"),
    ("events.toml", "events"),
    ("commitments.toml", "commitments"),
    ("funds.toml", "funds"),
    ("shareholders.toml", "shareholders"),
    ("worklog/YEAR.toml", "worklog"),
];

/// The schema of case file `file` (as [`SCHEMA_FILES`] names it), pretty-printed.
pub fn case_file_schema(file: &str) -> String {
    let mut properties = Map::new();
    for kind in KINDS.iter().filter(|k| home_name(k.home) == file) {
        let record = record_schema(kind.name, kind.fields);
        let schema = match kind.shape {
            Shape::Table => record,
            Shape::Array => json!({ "type": "array", "description": kind.name, "items": record }),
        };
        properties.insert(kind.array.to_owned(), schema);
    }
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": file,
        "description": format!("{file} 中工作台表单所编辑的记录：由 dudao 依 crates/model/src/records.rs 生成，请勿手改；案卷格式允许的其他表与字段不在此列"),
        "type": "object",
        "properties": properties,
    });
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}

/// A record: its fields by key, a dotted key (`terms.days`) as a field of an inline table.
fn record_schema(name: &str, fields: &[Field]) -> Value {
    let mut properties = Map::new();
    for field in fields {
        match field.key.split_once('.') {
            Some((table, key)) => {
                let inline = properties.entry(table).or_insert_with(|| json!({ "type": "object", "properties": {} }));
                inline["properties"][key] = field_schema(field);
            }
            None => {
                properties.insert(field.key.to_owned(), field_schema(field));
            }
        }
    }
    json!({ "type": "object", "description": name, "properties": properties })
}

/// A TOML date, as an editor hands it to a schema: `2024-04-25`.
const DATE: &str = r"^\d{4}-\d{2}-\d{2}$";
/// A figure as the case format writes it: quoted, optionally grouped, with its unit.
const FIGURE: &str = r"^-?[0-9][0-9,]*(\.[0-9]+)?(万|亿|元|万元|亿元)?$";

fn field_schema(field: &Field) -> Value {
    let ids = |options: fn() -> Vec<(&'static str, &'static str)>| options().into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    let named = |options: fn() -> Vec<(&'static str, &'static str)>| {
        let choices = options().into_iter().map(|(id, label)| format!("{id}：{label}")).collect::<Vec<_>>().join("；");
        format!("{}（{choices}）", field.label)
    };
    let (mut schema, description) = match field.input {
        Input::Text | Input::LongText => (json!({ "type": "string" }), field.label.to_owned()),
        Input::Date => (json!({ "type": "string", "pattern": DATE }), field.label.to_owned()),
        Input::Year => (json!({ "type": "integer", "minimum": 1990, "maximum": 2100 }), field.label.to_owned()),
        Input::Integer => (json!({ "type": "integer", "minimum": 0 }), field.label.to_owned()),
        Input::Shares => (json!({ "anyOf": [{ "type": "integer", "minimum": 0 }, { "type": "string", "pattern": FIGURE }] }), field.label.to_owned()),
        Input::Price | Input::Amount => (json!({ "type": "string", "pattern": FIGURE }), field.label.to_owned()),
        Input::Percent => (json!({ "type": "string", "pattern": r"^-?[0-9][0-9,]*(\.[0-9]+)?%$" }), field.label.to_owned()),
        Input::Bool => (json!({ "type": "boolean" }), field.label.to_owned()),
        Input::YesNo(yes, no) => (json!({ "type": "boolean" }), format!("{}（true：{yes}；false：{no}）", field.label)),
        Input::List => (json!({ "type": "array", "items": { "type": "string" } }), field.label.to_owned()),
        Input::Select(options) => (json!({ "enum": ids(options) }), named(options)),
        Input::Choices(options) => (json!({ "type": "array", "items": { "enum": ids(options) } }), named(options)),
    };
    schema["description"] = Value::String(description);
    schema
}
