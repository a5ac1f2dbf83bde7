//! The records tab of the workbench: every record kind of the case
//! (`dudao_model::records::KINDS`) listed with its records and a form for each, and the
//! handlers that add, change or delete one (with a reason) as one audited change to its
//! case file, through `dudao_model::records::edit_files` — the same checks as the command
//! line, every error of a form shown at once beside its field.

use std::collections::BTreeMap;
use std::path::Path as FsPath;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dudao_model::CaseFiles;
use dudao_model::records::{Change, Edit, Edited, Field, Home, Input, KINDS, Refusal, Shape, Values, add_only_fields, edit_files, item_at, label_of, shown};
use dudao_store::{FileChange, Role, StoreError};
use minijinja::{Value, context};
use toml_edit::{DocumentMut, Item, Table};

use crate::AppState;
use crate::auth::{Session, reviewers_cannot, stale_form};
use crate::pages::{FormState, View, company_page, visible_company};
use crate::views::failure_page;

/// The records of every kind in `files`, for the records tab: each with its file, index
/// and the values its edit form starts from.
pub fn listing(files: &CaseFiles) -> Vec<Value> {
    KINDS
        .iter()
        .map(|kind| {
            let mut records = Vec::new();
            let held = files.iter().filter(|(p, _)| kind.home.holds(p));
            // A table whose file the case does not have yet is offered empty, in that file.
            let absent = match (kind.shape, kind.home) {
                (Shape::Table, Home::File(home)) if files.get(home).is_none() => Some((home, "")),
                _ => None,
            };
            for (path, text) in held.chain(absent) {
                let Ok(doc) = text.parse::<DocumentMut>() else { continue };
                // One table (an empty one where the file has none yet), or each of the array.
                let empty = Table::new();
                let tables: Vec<&Table> = match kind.shape {
                    Shape::Table => vec![doc.get(kind.array).and_then(Item::as_table).unwrap_or(&empty)],
                    Shape::Array => match doc.get(kind.array).and_then(Item::as_array_of_tables) {
                        Some(tables) => tables.iter().collect(),
                        None => continue,
                    },
                };
                // A work-log year, or the stem of the kind's own file.
                let place = path.trim_start_matches("worklog/").trim_end_matches(".toml");
                for (index, table) in tables.into_iter().enumerate() {
                    let values: BTreeMap<&str, String> = kind.fields.iter().map(|f| (f.key, shown(item_at(table, f.key)))).collect();
                    let summary = kind
                        .fields
                        .iter()
                        .filter(|f| f.key != "id")
                        .map(|f| label_of(f, &values[f.key]))
                        .filter(|v| !v.is_empty())
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" · ");
                    let form = format!("{}-{place}-{index}", kind.id);
                    records.push(context! { place, index, year => place, values, summary, form });
                }
            }
            let fields: Vec<Value> = kind.fields.iter().map(field_form).collect();
            let add_fields: Vec<Value> = add_only_fields(kind).iter().map(field_form).collect();
            context! { id => kind.id, name => kind.name, in_worklog => kind.home == Home::Worklog, single => kind.shape == Shape::Table, fields, add_fields, records }
        })
        .collect()
}

/// A field as the forms' template draws it: its input, its choices and an example.
fn field_form(f: &Field) -> Value {
    let (input, options) = match f.input {
        Input::Select(options) => ("select", options()),
        Input::YesNo(yes, no) => ("select", vec![("true", yes), ("false", no)]),
        Input::Choices(options) => ("choices", options()),
        Input::Bool => ("bool", Vec::new()),
        Input::LongText => ("longtext", Vec::new()),
        _ => ("text", Vec::new()),
    };
    let placeholder = match f.input {
        Input::Date => "2024-04-25",
        Input::Year => "2023",
        Input::List => "tianxiang, s-2024-03-20",
        _ => "",
    };
    context! { key => f.key, label => f.label, required => f.required, input, options, placeholder }
}

/// Checks, applies and stores one change; the records tab either way, with what was saved
/// or the form with every error beside its field.
async fn save(state: &AppState, session: &Session, code: &str, edit: Edit<'_>, values: Values, action: &str) -> Response {
    if session.user.role == Role::Reviewer {
        return reviewers_cannot(state, "修改案卷");
    }
    let company = match visible_company(state, session, code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let form_id = match edit.change {
        Change::Add => format!("new-{}", edit.kind.id),
        Change::Replace(i) | Change::Delete(i) => format!("{}-{}-{i}", edit.kind.id, edit.place),
    };
    let records = View::records();
    let back = |refusal: Refusal| {
        let status = if refusal.conflict { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
        let errors = refusal.errors;
        let form = FormState {
            values: Value::from(BTreeMap::from([(form_id.clone(), values.clone())])),
            errors: Value::from(BTreeMap::from([(form_id.clone(), errors)])),
            saved: String::new(),
        };
        company_page(state, session, code, &records, form, status)
    };
    let files = match state.store.case_files(&company.code).await {
        Ok(files) => files,
        Err(e) => return failure_page(state, e),
    };
    let changes: Vec<FileChange> = match edit_files(&files, FsPath::new(&company.code), &edit, &values) {
        Ok(edited) => edited.into_iter().map(|Edited { path, read, text }| FileChange { path, read, text }).collect(),
        Err(refusal) => return back(refusal).await,
    };
    let paths = changes.iter().map(|c| c.path.as_str()).collect::<Vec<_>>().join("、");
    match state.store.update_case_files(&company.code, &changes, &session.user.name, action).await {
        Ok(()) => {
            let saved = format!("{}（{paths}）", edit.kind.name);
            // A finding handled from the findings tab goes back there.
            let view = if values.get("back").is_some_and(|b| b == "findings") { View::findings() } else { View::records() };
            company_page(state, session, code, &view, FormState { saved, ..FormState::default() }, StatusCode::OK).await
        }
        Err(e @ StoreError::Stale(_)) => back(Refusal { errors: BTreeMap::from([("other".to_owned(), e.to_string())]), conflict: true }).await,
        Err(e) => failure_page(state, e),
    }
}

/// The posted fields, the CSRF token checked and removed.
fn posted(session: &Session, form: Vec<(String, String)>) -> Option<Values> {
    // The boxes ticked of one field come as that field repeated: kept together, as a list
    // shows them (`director, executive`).
    let mut values = Values::new();
    for (key, value) in form {
        values.entry(key).and_modify(|all: &mut String| *all = format!("{all}, {value}")).or_insert(value);
    }
    session.csrf_ok(values.get("csrf").map(String::as_str).unwrap_or_default()).then_some(values)
}

pub async fn add(
    State(state): State<AppState>,
    session: Session,
    Path((code, kind)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (Some(kind), Some(values)) = (dudao_model::records::kind(&kind), posted(&session, form)) else { return stale_form(&state) };
    save(&state, &session, &code, Edit { kind, place: "", change: Change::Add }, values, "case.update").await
}

pub async fn edit(
    State(state): State<AppState>,
    session: Session,
    Path((code, kind, place, index)): Path<(String, String, String, usize)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (Some(kind), Some(values)) = (dudao_model::records::kind(&kind), posted(&session, form)) else { return stale_form(&state) };
    save(&state, &session, &code, Edit { kind, place: &place, change: Change::Replace(index) }, values, "case.update").await
}

pub async fn delete(
    State(state): State<AppState>,
    session: Session,
    Path((code, kind, place, index)): Path<(String, String, String, usize)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (Some(kind), Some(values)) = (dudao_model::records::kind(&kind), posted(&session, form)) else { return stale_form(&state) };
    let reason = values.get("reason").map(|r| r.trim().to_owned()).unwrap_or_default();
    if reason.is_empty() {
        let form_id = format!("{}-{place}-{index}", kind.id);
        let form = FormState {
            values: Value::from(BTreeMap::from([(form_id.clone(), values.clone())])),
            errors: Value::from(BTreeMap::from([(form_id, BTreeMap::from([("reason", "删除须写明理由，理由记入审计日志")]))])),
            saved: String::new(),
        };
        return company_page(&state, &session, &code, &View::records(), form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    // The reason is kept with the deletion in the audit trail, which also keeps the
    // record's text: a deleted record can be read back there.
    let action = format!("case.delete：{reason}");
    save(&state, &session, &code, Edit { kind, place: &place, change: Change::Delete(index) }, values, &action).await
}
