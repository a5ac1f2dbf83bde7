//! An annual report uploaded for a company: read, checked against its own arithmetic and
//! compared with the stored case by the same library calls as `dudao ingest`, shown as a
//! list of changes and a diff of each file; written only when a person accepts it, as one
//! audited change (`case.ingest`), and refused if the case changed in between.
//!
//! The proposal waits on the server (one per user, replaced by the next upload), so what
//! is accepted is exactly what was shown.

use std::path::{Path as FsPath, PathBuf};

use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dudao_ingest::Outcome;
use dudao_store::{FileChange, Role, StoreError};
use minijinja::{Value, context};
use serde::Deserialize;

use crate::auth::{Session, reviewers_cannot, stale_form, user_page};
use crate::pages::{FormState, View, company_page, diff_lines, visible_company};
use crate::views::{failure_page, page_with_status};
use crate::{AppState, random_token};

/// The largest report accepted: annual reports run to 10 MB as PDF, more as HTML.
pub const MAX_UPLOAD: u64 = 64 * 1024 * 1024;

/// A proposal shown to a user and waiting for them to accept it.
pub struct Pending {
    token: String,
    code: String,
    document: String,
    changes: Vec<FileChange>,
}

fn refuse(state: &AppState, message: String) -> Response {
    page_with_status(state, "error.html", context! { title => "无法导入", message }, StatusCode::UNPROCESSABLE_ENTITY)
}

/// A file uploaded through a form, streamed to a scratch file as it arrived (never held
/// in memory whole), under the name it was sent with (its base name: a browser may send a
/// path). The scratch file goes when this does.
pub(crate) struct Upload {
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
}

impl Drop for Upload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The fields of an upload form: its CSRF token, and the file posted as `field`, if one
/// was; an upload larger than `limit` bytes or broken off is an error saying so.
pub(crate) async fn uploaded(multipart: &mut Multipart, field: &str, limit: u64) -> Result<(String, Option<Upload>), String> {
    use tokio::io::AsyncWriteExt;
    let (mut csrf, mut upload) = (String::new(), None);
    let too_large = || format!("上传的文件超过 {} MB", limit >> 20);
    let broken = |e: &dyn std::fmt::Display| format!("上传未完成（{e}）：文件不得超过 {} MB", limit >> 20);
    while let Some(mut part) = multipart.next_field().await.map_err(|e| broken(&e))? {
        match part.name() {
            Some("csrf") => csrf = part.text().await.unwrap_or_default(),
            Some(name) if name == field => {
                let name = part.file_name().unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default().to_owned();
                // The scratch file keeps a plain extension of the name: readers go by it.
                let extension =
                    FsPath::new(&name).extension().and_then(|e| e.to_str()).filter(|e| e.len() <= 8 && e.bytes().all(|b| b.is_ascii_alphanumeric()));
                let path = std::env::temp_dir().join(format!("dudao-upload-{}.{}", random_token(), extension.unwrap_or("bin").to_ascii_lowercase()));
                let mut file = tokio::fs::File::create(&path).await.map_err(|e| format!("无法保存上传的文件（{e}）"))?;
                let mut file_upload = Upload { name, path, size: 0 };
                while let Some(chunk) = part.chunk().await.map_err(|e| broken(&e))? {
                    file_upload.size += chunk.len() as u64;
                    if file_upload.size > limit {
                        return Err(too_large());
                    }
                    file.write_all(&chunk).await.map_err(|e| format!("无法保存上传的文件（{e}）"))?;
                }
                file.flush().await.map_err(|e| format!("无法保存上传的文件（{e}）"))?;
                upload = Some(file_upload);
            }
            _ => {}
        }
    }
    Ok((csrf, upload))
}

/// Reads the uploaded report and hands it to `then` with its name, off the async workers
/// (a PDF runs pdftotext, and a large report takes a while to read).
pub(crate) async fn read_report<T: Send + 'static>(
    upload: Upload,
    then: impl FnOnce(&dudao_reader::Document, &str) -> Result<T, String> + Send + 'static,
) -> Result<Result<T, String>, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || {
        let extension = FsPath::new(&upload.name).extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        if !dudao_reader::EXTENSIONS.contains(&extension.as_str()) {
            return Err(format!("{}：不支持的文件类型，应为 {}", upload.name, dudao_reader::EXTENSIONS.join("、")));
        }
        let doc = dudao_reader::read_file(&upload.path).map_err(|e| format!("{}：{e}", upload.name))?;
        then(&doc, &upload.name)
    })
    .await
}

/// `POST /c/{code}/ingest`: the upload, answered with what it would change.
pub async fn upload(State(state): State<AppState>, session: Session, Path(code): Path<String>, mut multipart: Multipart) -> Response {
    if session.user.role == Role::Reviewer {
        return reviewers_cannot(&state, "导入报告");
    }
    let company = match visible_company(&state, &session, &code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let (csrf, upload) = match uploaded(&mut multipart, "report", MAX_UPLOAD).await {
        Ok(form) => form,
        Err(message) => return refuse(&state, message),
    };
    if !session.csrf_ok(&csrf) {
        return stale_form(&state);
    }
    let Some(upload) = upload.filter(|upload| !upload.name.is_empty() && upload.size > 0) else {
        return refuse(&state, "请选择要导入的年度报告文件（PDF、HTML 或文本）".to_owned());
    };
    let name = upload.name.clone();
    let files = match state.store.case_files(&company.code).await {
        Ok(files) => files,
        Err(e) => return failure_page(&state, e),
    };
    let read = read_report(upload, move |doc, document| {
        let extracted = dudao_ingest::extract(doc, document).map_err(|e| format!("{document}：{e}"))?;
        Ok((extracted, files))
    })
    .await;
    let (extracted, files) = match read {
        Ok(Ok(read)) => read,
        Ok(Err(message)) => return refuse(&state, message),
        Err(e) => return failure_page(&state, e),
    };
    let plan = match dudao_ingest::plan(&extracted, FsPath::new(&company.code), &files, false) {
        Ok(plan) => plan,
        Err(e) => return refuse(&state, format!("{name}：{e}")),
    };
    let changes: Vec<Value> = plan
        .changes
        .iter()
        .filter(|c| !matches!(c.outcome, Outcome::Same { .. }))
        .map(|c| {
            let (status, detail) = match &c.outcome {
                Outcome::Added | Outcome::Same { .. } => ("新增", String::new()),
                Outcome::Conflict { value, origin } => ("冲突", format!("案卷为 {value}（{origin}），保留案卷的值")),
                Outcome::Overwritten { value, origin } => ("改写", format!("原为 {value}（{origin}）")),
                Outcome::Withheld { finding } => ("未写入", format!("报告自身的勾稽不成立：{finding}")),
            };
            let name = dudao_ingest::fact_name(&c.fact.path);
            context! { status, name, path => c.fact.path.clone(), value => c.fact.value.clone(), at => c.fact.at.to_string(), detail }
        })
        .collect();
    let same = plan.changes.iter().filter(|c| matches!(c.outcome, Outcome::Same { .. })).count();
    let diffs: Vec<Value> = plan
        .files
        .iter()
        .map(|(path, text)| {
            context! { path, lines => diff_lines(&dudao_store::Patch::between(files.get(path).unwrap_or(""), text)) }
        })
        .collect();
    let token = random_token();
    let pending = Pending {
        token: token.clone(),
        code: company.code.clone(),
        document: name.clone(),
        changes: plan
            .files
            .iter()
            .map(|(path, text)| FileChange { path: path.clone(), read: files.get(path).map(str::to_owned), text: text.clone() })
            .collect(),
    };
    let has_changes = !pending.changes.is_empty();
    state.pending_ingests.lock().unwrap_or_else(|e| e.into_inner()).insert(session.user.name.clone(), pending);
    let company = context! { code => company.code, short_name => company.short_name };
    let ctx = context! { company, document => name, year => extracted.year, changes, same, diffs, has_changes, token };
    user_page(&state, &session, "ingest.html", ctx, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct AcceptForm {
    csrf: String,
    token: String,
}

/// `POST /c/{code}/ingest/accept`: writes the proposal the user was shown.
pub async fn accept(State(state): State<AppState>, session: Session, Path(code): Path<String>, Form(form): Form<AcceptForm>) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    if session.user.role == Role::Reviewer {
        return reviewers_cannot(&state, "导入报告");
    }
    let company = match visible_company(&state, &session, &code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let pending = {
        let mut waiting = state.pending_ingests.lock().unwrap_or_else(|e| e.into_inner());
        match waiting.get(&session.user.name) {
            Some(p) if p.token == form.token && p.code == company.code => waiting.remove(&session.user.name),
            _ => None,
        }
    };
    let Some(pending) = pending else {
        return refuse(&state, "这份导入预览已失效（已接受、已被新的上传取代或服务已重启）：请重新上传报告".to_owned());
    };
    let saved = format!("导入 {}，改动 {} 个文件", pending.document, pending.changes.len());
    match state.store.update_case_files(&company.code, &pending.changes, &session.user.name, "case.ingest").await {
        Ok(()) => company_page(&state, &session, &code, &View::default(), FormState { saved, ..FormState::default() }, StatusCode::OK).await,
        Err(e @ StoreError::Stale(_)) => refuse(&state, format!("{e}：预览之后案卷已被修改，请重新上传报告")),
        Err(e) => failure_page(&state, e),
    }
}
