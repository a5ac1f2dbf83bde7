//! The commitment form: appends a `[[commitments]]` table; the whole case is parsed again,
//! and only a case that still parses is saved (with its audit entry). An error comes back
//! beside the field it concerns. The other records are edited in `records.rs`.

use std::path::Path as FsPath;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dudao_model::parse_case;
use dudao_store::{FileChange, Role, StoreError};
use minijinja::Value;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::auth::{Session, reviewers_cannot, stale_form};
use crate::pages::{FormState, View, company_page, visible_company};
use crate::views::failure_page;
use crate::{AppState, random_token};

/// A one-entry map for the templates: `{key: value}`.
fn map(key: &str, value: Value) -> Value {
    Value::from(std::collections::BTreeMap::from([(key.to_owned(), value)]))
}

/// A TOML basic string holding `text`.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Appends `table` to case file `path` of company `code` if the case still parses; the
/// company page either way, with what was saved or the error beside its field.
async fn append(state: &AppState, session: &Session, code: &str, (path, table): (&str, String), (form_name, values): (&str, Value), saved: &str) -> Response {
    if session.user.role == Role::Reviewer {
        return reviewers_cannot(state, "修改案卷");
    }
    let company = match visible_company(state, session, code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let mut files = match state.store.case_files(&company.code).await {
        Ok(files) => files,
        Err(e) => return failure_page(state, e),
    };
    let read = files.get(path).map(str::to_owned);
    let after = match &read {
        Some(before) => format!("{}\n\n{table}", before.trim_end()),
        None => table,
    };
    files.set(path, after.clone());
    let with_error = |field: &str, message: String| FormState {
        values: map(form_name, values.clone()),
        errors: map(form_name, map(field, Value::from(message))),
        saved: String::new(),
    };
    match parse_case(FsPath::new(&company.code), &files) {
        Ok(_) => match state
            .store
            .update_case_files(&company.code, &[FileChange { path: path.to_owned(), read, text: after }], &session.user.name, "case.update")
            .await
        {
            Ok(()) => company_page(state, session, code, &View::records(), FormState { saved: saved.to_owned(), ..FormState::default() }, StatusCode::OK).await,
            Err(e @ StoreError::Stale(_)) => {
                company_page(state, session, code, &View::records(), with_error("other", e.to_string()), StatusCode::CONFLICT).await
            }
            Err(e) => failure_page(state, e),
        },
        Err(e) => {
            let field = e.field.as_deref().and_then(|f| f.rsplit('.').next()).unwrap_or("other").to_owned();
            company_page(state, session, code, &View::records(), with_error(&field, e.message), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Deserialize, Serialize)]
pub struct CommitmentForm {
    csrf: String,
    by: String,
    document: String,
    content: String,
    until: String,
}

pub async fn add_commitment(State(state): State<AppState>, session: Session, Path(code): Path<String>, Form(form): Form<CommitmentForm>) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    let mut table = format!(
        "[[commitments]]\nid = {}\nby = {}\ndocument = {}\ncontent = {}\n",
        quote(&format!("web-{}", &random_token()[..8])),
        quote(form.by.trim()),
        quote(form.document.trim()),
        quote(form.content.trim()),
    );
    if !form.until.trim().is_empty() {
        table += &format!("until = {}\n", quote(form.until.trim()));
    }
    let saved = format!("{} 的承诺", form.by.trim());
    append(&state, &session, &code, ("commitments.toml", table), ("commitment", Value::from(Serde(&form))), &saved).await
}
