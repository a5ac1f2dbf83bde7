//! The administrator's page: the team's users, their roles, companies and digest addresses;
//! adding a user, assigning and unassigning a company, resetting a forgotten password,
//! setting an address and sending today's digest now, and adding a
//! company — an empty case from its name, code and board, or a case folder uploaded as a
//! zip. The store logs each in the audit trail.

use axum::Form;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use dudao_model::{CaseFiles, parse_case};
use dudao_store::{Role, password_problem};
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Session, stale_form, user_page};
use crate::pages::not_found_page;
use crate::views::failure_page;

/// The page, with what the form before it did: `Ok` a notice (empty: none), `Err` the
/// reason it did nothing (status 422).
async fn admin_page(state: &AppState, session: &Session, outcome: Result<String, String>) -> Response {
    if session.user.role != Role::Admin {
        return not_found_page(state);
    }
    let (users, companies, emails) = match tokio::try_join!(state.store.users(), state.store.companies(), state.store.emails()) {
        Ok(all) => all,
        Err(e) => return failure_page(state, e),
    };
    let users: Vec<_> = users
        .into_iter()
        .map(|(user, codes)| {
            let email = emails.iter().find(|(u, _)| u.id == user.id).map(|(_, e)| e.clone()).unwrap_or_default();
            context! { name => user.name, role => user.role.chinese(), disabled => user.disabled, companies => codes.join("、"), email }
        })
        .collect();
    let companies: Vec<_> = companies.into_iter().map(|c| context! { code => c.code, short_name => c.short_name }).collect();
    let status = if outcome.is_ok() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let (saved, error) = match outcome {
        Ok(saved) => (saved, String::new()),
        Err(error) => (String::new(), error),
    };
    let mail = state.mail.as_ref().map(|m| format!("经 {} 于每日 {:02}:{:02}（北京时间）发送，发件人 {}", m.relay, m.at.0, m.at.1, m.from));
    user_page(state, session, "admin.html", context! { users, companies, saved, error, mail, boards => crate::views::board_choices() }, status)
}

pub async fn admin(State(state): State<AppState>, session: Session) -> Response {
    admin_page(&state, &session, Ok(String::new())).await
}

#[derive(Deserialize)]
pub struct NewUser {
    csrf: String,
    name: String,
    role: String,
    password: String,
}

/// Why an administrator's form may not be acted on, if it may not: the page is not found
/// for anyone else, and a form without the session's token is stale.
fn refusal(state: &AppState, session: &Session, csrf: &str) -> Option<Response> {
    if session.user.role != Role::Admin {
        Some(not_found_page(state))
    } else if !session.csrf_ok(csrf) {
        Some(stale_form(state))
    } else {
        None
    }
}

pub async fn add_user(State(state): State<AppState>, session: Session, Form(form): Form<NewUser>) -> Response {
    if let Some(refused) = refusal(&state, &session, &form.csrf) {
        return refused;
    }
    let name = form.name.trim();
    let outcome = if name.is_empty() {
        Err("请填写用户名".to_owned())
    } else if let Some(problem) = password_problem(&form.password) {
        Err(problem.to_owned())
    } else if let Some(role) = Role::parse(&form.role) {
        state.store.add_user(name, role, &form.password, &session.user.name).await.map(|_| format!("已新增用户 {name}")).map_err(|e| e.to_string())
    } else {
        Err(format!("未知角色“{}”", form.role))
    };
    admin_page(&state, &session, outcome).await
}

#[derive(Deserialize)]
pub struct EmailForm {
    csrf: String,
    name: String,
    /// Empty: no digest.
    email: String,
}

/// Sets the address a user's daily digest goes to.
pub async fn set_email(State(state): State<AppState>, session: Session, Form(form): Form<EmailForm>) -> Response {
    if let Some(refused) = refusal(&state, &session, &form.csrf) {
        return refused;
    }
    let email = form.email.trim();
    let outcome = match email.parse::<lettre::Address>() {
        Err(e) if !email.is_empty() => Err(format!("邮箱“{email}”无效（{e}）：应如 wanghe@sponsor.example")),
        _ => state.store.set_email(&form.name, email, &session.user.name).await.map_err(|e| e.to_string()),
    };
    let notice = if email.is_empty() { format!("{} 不再接收每日摘要", form.name) } else { format!("{} 的每日摘要将发往 {email}", form.name) };
    admin_page(&state, &session, outcome.map(|()| notice)).await
}

#[derive(Deserialize)]
pub struct DigestForm {
    csrf: String,
}

/// Sends today's digest now, as the daily task would.
pub async fn send_digest(State(state): State<AppState>, session: Session, Form(form): Form<DigestForm>) -> Response {
    if let Some(refused) = refusal(&state, &session, &form.csrf) {
        return refused;
    }
    let outcome = match &state.mail {
        None => Err("启动工作台时未配置邮件（dudao serve --smtp 主机:端口 --mail-from 发件人）".to_owned()),
        Some(mail) => crate::digest::send_all(&state, mail, dudao_model::Date::today_in_beijing()).await.map(|sent| format!("已发送今日摘要 {sent} 封")),
    };
    admin_page(&state, &session, outcome).await
}

#[derive(Deserialize)]
pub struct Assignment {
    csrf: String,
    name: String,
    company: String,
    /// `assign` or `unassign`.
    action: String,
}

pub async fn assign(State(state): State<AppState>, session: Session, Form(form): Form<Assignment>) -> Response {
    if let Some(refused) = refusal(&state, &session, &form.csrf) {
        return refused;
    }
    let actor = &session.user.name;
    let outcome = if form.action == "unassign" {
        state.store.unassign(&form.name, &form.company, actor).await.map(|()| format!("已取消 {} 对 {} 的分配", form.name, form.company))
    } else {
        state.store.assign(&form.name, &form.company, actor).await.map(|()| format!("已将 {} 分配给 {}", form.company, form.name))
    };
    admin_page(&state, &session, outcome.map_err(|e| e.to_string())).await
}

#[derive(Deserialize)]
pub struct PasswordReset {
    csrf: String,
    name: String,
    password: String,
}

/// Sets a new password for a user who forgot theirs; they are signed out everywhere.
pub async fn reset_password(State(state): State<AppState>, session: Session, Form(form): Form<PasswordReset>) -> Response {
    if let Some(refused) = refusal(&state, &session, &form.csrf) {
        return refused;
    }
    let outcome = match (password_problem(&form.password), state.store.user(&form.name).await) {
        (Some(problem), _) => Err(problem.to_owned()),
        (None, Err(e)) => Err(e.to_string()),
        (None, Ok(user)) => state.store.set_password(&user, &form.password, &session.user.name).await.map_err(|e| e.to_string()),
    };
    let notice = format!("已重设 {} 的密码，请当面或以安全方式告知本人，并提醒其登录后修改", form.name);
    admin_page(&state, &session, outcome.map(|()| notice)).await
}

#[derive(Deserialize)]
pub struct Standing {
    csrf: String,
    name: String,
    /// `disable` or `enable`.
    action: String,
}

/// Disables a user who left the team (their sessions and feed end), or enables them again.
pub async fn set_standing(State(state): State<AppState>, session: Session, Form(form): Form<Standing>) -> Response {
    if let Some(refused) = refusal(&state, &session, &form.csrf) {
        return refused;
    }
    let disable = form.action == "disable";
    let outcome = if disable && form.name == session.user.name {
        Err("不能停用自己：请由另一位管理员操作".to_owned())
    } else {
        let done =
            if disable { format!("已停用 {}：其登录、会话与日历订阅均已失效", form.name) } else { format!("已重新启用 {}", form.name) };
        state.store.set_disabled(&form.name, disable, &session.user.name).await.map(|()| done).map_err(|e| e.to_string())
    };
    admin_page(&state, &session, outcome).await
}

#[derive(Deserialize)]
pub struct NewCompany {
    csrf: String,
    name: String,
    short_name: String,
    stock_code: String,
    board: String,
}

/// A TOML basic string holding `text` (one line).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.trim().replace('\\', "\\\\").replace('"', "\\\"").replace(['\n', '\r'], " "))
}

/// Stores the case of `files` as a new company, refusing a case that does not load or a
/// stock code the store already holds (an import never replaces a company from here).
async fn add_case(state: &AppState, session: &Session, files: CaseFiles, source: &str) -> Result<String, String> {
    let case = parse_case(std::path::Path::new(source), &files).map_err(|e| e.to_string())?;
    let company = &case.company.company;
    let code = company.stock_code.as_str();
    let existing = state.store.companies().await.map_err(|e| e.to_string())?;
    if let Some(other) = existing.iter().find(|c| c.code == code) {
        return Err(format!("股票代码 {code} 已属于 {}：新增公司不会覆盖已有案卷（更新请用公司页的导入或编辑）", other.short_name));
    }
    state.store.import_case(company, &files, &session.user.name).await.map_err(|e| e.to_string())?;
    Ok(format!("已新增公司 {}（{code}），{} 个案卷文件；请在下方“分配公司”中分配给项目组成员", company.short_name, files.iter().count()))
}

/// A new company from its name, short name, stock code and board: an empty case whose
/// other facts the team adds in the workbench.
pub async fn add_company(State(state): State<AppState>, session: Session, Form(form): Form<NewCompany>) -> Response {
    if let Some(refused) = refusal(&state, &session, &form.csrf) {
        return refused;
    }
    let text = format!(
        "# 在工作台新建：{}\n[company]\nname = {}\nshort_name = {}\nstock_code = {}\nboard = {}\n",
        session.user.name,
        quoted(&form.name),
        quoted(&form.short_name),
        quoted(&form.stock_code),
        quoted(&form.board)
    );
    let files = CaseFiles::from_pairs([("company.toml".to_owned(), text)]);
    let outcome = add_case(&state, &session, files, "新建公司").await;
    admin_page(&state, &session, outcome).await
}

/// `POST /admin/companies/report`: a new company's case started from its annual report,
/// as `dudao new` starts it (facts, the year's work log to fill, STAR narrative drafts).
pub async fn company_from_report(State(state): State<AppState>, session: Session, mut multipart: Multipart) -> Response {
    let (csrf, upload) = match crate::ingest::uploaded(&mut multipart, "report", crate::ingest::MAX_UPLOAD).await {
        Ok(form) => form,
        Err(message) => return admin_page(&state, &session, Err(message)).await,
    };
    if let Some(refused) = refusal(&state, &session, &csrf) {
        return refused;
    }
    let Some(upload) = upload.filter(|upload| !upload.name.is_empty() && upload.size > 0) else {
        return admin_page(&state, &session, Err("请选择公司的年度报告（PDF、HTML 或文本）".to_owned())).await;
    };
    let read = crate::ingest::read_report(upload, |doc, name| {
        let report = dudao_ingest::Report { name, doc };
        dudao_ingest::start(&CaseFiles::default(), std::path::Path::new(name), &[report], None).map(|started| (started.files, started.drafts.len()))
    })
    .await;
    let outcome = match read {
        Ok(Ok((files, drafts))) => add_case(&state, &session, files, "年度报告").await.map(|added| match drafts {
            0 => added,
            n => format!("{added}；dudao 起草的内容 {n} 项待确认（见公司页）"),
        }),
        Ok(Err(message)) => Err(message),
        Err(e) => return failure_page(&state, e),
    };
    admin_page(&state, &session, outcome).await
}

/// The largest case folder accepted as a zip, the largest file in it and the most its case
/// files may unpack to in all (counted as they unpack, never as declared).
pub const MAX_CASE_ZIP: u64 = 16 * 1024 * 1024;
const MAX_CASE_FILE: u64 = 4 * 1024 * 1024;
const MAX_CASE_UNPACKED: u64 = 32 * 1024 * 1024;

/// The case files in a zip of a case folder, under one top folder or none, and the names
/// of the other files it holds (a README, notes), which are not part of a case — as
/// `CaseFiles::read` leaves them out of a folder. A case file that is not UTF-8 text, or a
/// path leading out of the folder, is refused by name.
fn case_files_of_zip(zipped: &std::path::Path) -> Result<(CaseFiles, Vec<String>), String> {
    let file = std::fs::File::open(zipped).map_err(|e| format!("无法读取上传的文件（{e}）"))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| format!("不是有效的 zip 文件（{e}）"))?;
    let mut paths = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| format!("zip 文件已损坏（{e}）"))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        let Some(path) = entry.enclosed_name() else { return Err(format!("zip 中的路径“{name}”指向文件夹之外")) };
        let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        paths.push((i, name, parts));
    }
    // A zip of the folder itself holds everything under one top folder: drop it.
    let top = paths.first().and_then(|(_, _, p)| (p.len() > 1).then(|| p[0].clone()));
    let under_top = top.as_ref().is_some_and(|t| paths.iter().all(|(_, _, p)| p.len() > 1 && &p[0] == t));
    let mut pairs = Vec::new();
    let mut ignored = Vec::new();
    let mut unpacked = 0u64;
    for (i, name, parts) in paths {
        let path = if under_top { parts[1..].join("/") } else { parts.join("/") };
        if path.split('/').any(|part| part.starts_with('.')) || !CaseFiles::holds(&path) {
            ignored.push(path);
            continue;
        }
        let mut entry = archive.by_index(i).map_err(|e| format!("zip 文件已损坏（{e}）"))?;
        if entry.size() > MAX_CASE_FILE {
            return Err(format!("zip 中的 {name} 超过 {} MB", MAX_CASE_FILE >> 20));
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::Read::take(&mut entry, MAX_CASE_FILE + 1), &mut text)
            .map_err(|_| format!("zip 中的 {name} 不是 UTF-8 文本"))?;
        if text.len() as u64 > MAX_CASE_FILE {
            return Err(format!("zip 中的 {name} 超过 {} MB", MAX_CASE_FILE >> 20));
        }
        unpacked += text.len() as u64;
        if unpacked > MAX_CASE_UNPACKED {
            return Err(format!("zip 中的案卷文件解压后超过 {} MB：一家公司的案卷不会如此之大", MAX_CASE_UNPACKED >> 20));
        }
        pairs.push((path, text));
    }
    Ok((CaseFiles::from_pairs(pairs), ignored))
}

/// A new company from a zip of its case folder (as `dudao export-case` writes it, zipped).
pub async fn upload_company(State(state): State<AppState>, session: Session, mut multipart: Multipart) -> Response {
    let (csrf, upload) = match crate::ingest::uploaded(&mut multipart, "case", MAX_CASE_ZIP).await {
        Ok(form) => form,
        Err(message) => return admin_page(&state, &session, Err(message)).await,
    };
    if let Some(refused) = refusal(&state, &session, &csrf) {
        return refused;
    }
    let Some(upload) = upload.filter(|upload| upload.size > 0) else {
        return admin_page(&state, &session, Err("请选择案卷文件夹的 zip 文件".to_owned())).await;
    };
    // Unpacking is bounded but not instant: off the async workers.
    let unpacked = match tokio::task::spawn_blocking(move || case_files_of_zip(&upload.path)).await {
        Ok(unpacked) => unpacked,
        Err(e) => return failure_page(&state, e),
    };
    let outcome = match unpacked {
        Ok((files, ignored)) => add_case(&state, &session, files, "上传的案卷").await.map(|added| match ignored.len() {
            0 => added,
            n => format!("{added}；zip 中另有 {n} 个文件不属于案卷，未导入：{}", ignored.join("、")),
        }),
        Err(problem) => Err(format!("上传的案卷：{problem}")),
    };
    admin_page(&state, &session, outcome).await
}
