//! The administrator's page: the team's users, their roles and companies; adding a user,
//! assigning and unassigning a company, resetting a forgotten password. The store logs
//! each in the audit trail.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
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
    let (users, companies) = match tokio::try_join!(state.store.users(), state.store.companies()) {
        Ok(both) => both,
        Err(e) => return failure_page(state, e),
    };
    let users: Vec<_> =
        users.into_iter().map(|(user, codes)| context! { name => user.name, role => user.role.chinese(), companies => codes.join("、") }).collect();
    let companies: Vec<_> = companies.into_iter().map(|c| context! { code => c.code, short_name => c.short_name }).collect();
    let status = if outcome.is_ok() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let (saved, error) = match outcome {
        Ok(saved) => (saved, String::new()),
        Err(error) => (String::new(), error),
    };
    user_page(state, session, "admin.html", context! { users, companies, saved, error }, status)
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
