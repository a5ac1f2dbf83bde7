//! The team's review loop on the workbench: comments on a finding or a document, a
//! reviewer's (质控) sign-off of a document as the case makes it now, the issue of a
//! signed-off version, and the download of a version as it was kept. The store keeps each
//! version with the digest of the case files it was made from and audits every step.

use std::path::Path as FsPath;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use dudao_model::Date;
use dudao_render::Templates;
use dudao_store::{Role, StoreError};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Session, reviewers_cannot, stale_form};
use crate::pages::{FormState, View, attachment, company_page, document_of, findings, load, not_found_page, visible_company};
use crate::views::{failure_page, page_with_status};

/// The longest comment kept.
const MAX_COMMENT: usize = 5_000;

#[derive(Deserialize)]
pub struct CommentForm {
    csrf: String,
    /// `finding:RULE:DATE`, `finding:RULE:DATE:ABOUT` (one of the rule's findings that day)
    /// or `document:KIND-PERIOD`.
    subject: String,
    body: String,
}

/// `POST /c/{code}/comments`: anyone who sees the company comments on one of its findings
/// or documents; the page it came from is shown again.
pub async fn comment(State(state): State<AppState>, session: Session, Path(code): Path<String>, Form(form): Form<CommentForm>) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    let company = match visible_company(&state, &session, &code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let body = form.body.trim();
    let view = if form.subject.starts_with("finding:") { View::findings() } else { View::default() };
    let refused =
        |message: &str| page_with_status(&state, "error.html", minijinja::context! { title => "无法添加评论", message }, StatusCode::UNPROCESSABLE_ENTITY);
    if !(form.subject.starts_with("finding:") || form.subject.starts_with("document:")) {
        return refused("评论应针对某项核查结果或某份文书");
    }
    if body.is_empty() || body.chars().count() > MAX_COMMENT || body.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return refused(&format!("评论不能为空，不超过 {MAX_COMMENT} 字，且不含控制字符"));
    }
    match state.store.add_comment(&company.code, &form.subject, &session.user.name, body).await {
        Ok(_) => company_page(&state, &session, &code, &view, FormState { saved: "评论".to_owned(), ..FormState::default() }, StatusCode::OK).await,
        Err(e) => failure_page(&state, e),
    }
}

/// A document as people name it: `annual-tracking-2023` → 年度持续督导跟踪报告（2023年度）.
fn document_title(document: &str) -> String {
    document_of(document).map_or_else(|| document.to_owned(), |(kind, period)| format!("{}（{}）", kind.name, period.chinese()))
}

#[derive(Deserialize)]
pub struct ReviewForm {
    csrf: String,
}

/// `POST /c/{code}/documents/{document}/sign-off`: a reviewer (or an administrator) signs
/// off the document as the case makes it now — final, with today's findings; a document
/// the case cannot yet make is refused with what it lacks.
pub async fn sign_off(
    State(state): State<AppState>,
    session: Session,
    Path((code, document)): Path<(String, String)>,
    Form(form): Form<ReviewForm>,
) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    if session.user.role == Role::Representative {
        return page_with_status(
            &state,
            "error.html",
            minijinja::context! { title => "无权签核", message => "文书由质控（复核人员）签核。" },
            StatusCode::FORBIDDEN,
        );
    }
    let loaded = match load(&state, &session, &code).await {
        Ok(l) => l,
        Err(response) => return response,
    };
    let Some((kind, period)) = document_of(&document) else { return not_found_page(&state) };
    let found = findings(&state, &loaded.case, Date::today_in_beijing());
    let (case, files, dir) = (loaded.case, loaded.files.clone(), loaded.company.code.clone());
    let rendered = tokio::task::spawn_blocking(move || kind.render(&case, FsPath::new(&dir), period, &Templates::defaults(), &found).map(|r| r.markdown)).await;
    let markdown = match rendered {
        Ok(Ok(markdown)) => markdown,
        Ok(Err(e)) => {
            return page_with_status(
                &state,
                "error.html",
                minijinja::context! { title => "无法签核", message => e.to_string() },
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        Err(e) => return failure_page(&state, e),
    };
    let id = format!("{}-{period}", kind.id);
    match state.store.sign_off(&loaded.company.code, &id, &files, &markdown, &session.user.name).await {
        Ok(version) => {
            let saved = format!("签核 {}版本 {}", document_title(&id), version.id);
            company_page(&state, &session, &code, &View::default(), FormState { saved, ..FormState::default() }, StatusCode::OK).await
        }
        Err(e) => failure_page(&state, e),
    }
}

/// `POST /c/{code}/versions/{id}/issue`: a representative (or an administrator) issues a
/// signed-off version; it is issued once and kept as it is.
pub async fn issue(State(state): State<AppState>, session: Session, Path((code, id)): Path<(String, i64)>, Form(form): Form<ReviewForm>) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    if session.user.role == Role::Reviewer {
        return reviewers_cannot(&state, "出具文书");
    }
    let company = match visible_company(&state, &session, &code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    match state.store.issue(&company.code, id, &session.user.name).await {
        Ok(version) => {
            let saved = format!("出具 {}版本 {}", document_title(&version.document), version.id);
            company_page(&state, &session, &code, &View::default(), FormState { saved, ..FormState::default() }, StatusCode::OK).await
        }
        Err(e @ StoreError::Refused(_)) => {
            page_with_status(&state, "error.html", minijinja::context! { title => "无法出具", message => e.to_string() }, StatusCode::CONFLICT)
        }
        Err(StoreError::NotFound(_)) => not_found_page(&state),
        Err(e) => failure_page(&state, e),
    }
}

/// `GET /c/{code}/versions/{id}.md`: a kept version, as it was signed off.
pub async fn version(State(state): State<AppState>, session: Session, Path((code, file)): Path<(String, String)>) -> Response {
    let company = match visible_company(&state, &session, &code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let Some(id) = file.strip_suffix(".md").and_then(|id| id.parse::<i64>().ok()) else { return not_found_page(&state) };
    let versions = match state.store.document_versions(&company.code).await {
        Ok(versions) => versions,
        Err(e) => return failure_page(&state, e),
    };
    let Some(version) = versions.into_iter().find(|v| v.id == id) else { return not_found_page(&state) };
    let name = format!("{}_{}_版本{}.md", company.short_name, version.document, version.id);
    let ascii = format!("{}-{}-v{}.md", company.code, version.document, version.id);
    let mime = axum::http::HeaderValue::from_static("text/markdown; charset=utf-8");
    ([(CONTENT_TYPE, mime), (axum::http::header::CONTENT_DISPOSITION, attachment(&name, &ascii))], version.markdown).into_response()
}
