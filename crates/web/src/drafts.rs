//! `POST /c/{code}/drafts/confirm`: the representative confirms texts dudao drafted
//! (`drafts.toml`), one or all, as `dudao confirm` does; audited as `case.confirm`.

use std::path::Path as FsPath;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dudao_model::{DRAFTS_FILE, confirm, drafts_text, read_drafts};
use dudao_store::{FileChange, Role, StoreError};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Session, reviewers_cannot, stale_form};
use crate::pages::{FormState, View, company_page, visible_company};
use crate::views::{failure_page, page_with_status};

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    /// The draft's label (`narrative/2019/risks.md`); absent: all of them.
    #[serde(default)]
    draft: Option<String>,
}

pub async fn confirm_drafts(State(state): State<AppState>, session: Session, Path(code): Path<String>, Form(form): Form<ConfirmForm>) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    if session.user.role == Role::Reviewer {
        return reviewers_cannot(&state, "确认草稿");
    }
    let company = match visible_company(&state, &session, &code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let files = match state.store.case_files(&company.code).await {
        Ok(files) => files,
        Err(e) => return failure_page(&state, e),
    };
    let refuse =
        |message: String| page_with_status(&state, "error.html", minijinja::context! { title => "无法确认草稿", message }, StatusCode::UNPROCESSABLE_ENTITY);
    let drafts = match read_drafts(FsPath::new(&company.code), &files) {
        Ok(drafts) => drafts,
        Err(e) => return refuse(e.to_string()),
    };
    let which: Vec<String> = form.draft.into_iter().collect();
    let (left, confirmed) = match confirm(&drafts, &which) {
        Ok(split) => split,
        Err(message) => return refuse(message),
    };
    let change = FileChange { path: DRAFTS_FILE.to_owned(), read: files.get(DRAFTS_FILE).map(str::to_owned), text: drafts_text(&left) };
    let labels: Vec<String> = confirmed.iter().map(dudao_model::Draft::label).collect();
    let saved = format!("确认草稿 {}", labels.join("、"));
    match state.store.update_case_files(&company.code, &[change], &session.user.name, "case.confirm").await {
        Ok(()) => company_page(&state, &session, &code, &View::default(), FormState { saved, ..FormState::default() }, StatusCode::OK).await,
        Err(e @ StoreError::Stale(_)) => refuse(format!("{e}：请刷新页面后再确认")),
        Err(e) => failure_page(&state, e),
    }
}
