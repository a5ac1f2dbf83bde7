//! Logging in and out, sessions and CSRF tokens; guessed passwords are slowed down by
//! [`crate::throttle`].

use std::net::SocketAddr;
use std::time::Duration;

use axum::Form;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header::{COOKIE, LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dudao_store::{Role, User};
use minijinja::context;
use serde::Deserialize;

use crate::throttle::{Key, client_address, client_ip};
use crate::views::{failure_page, page_with_status};
use crate::{AppState, random_token};

const SESSION: &str = "dudao_session";
const LOGIN_CSRF: &str = "dudao_login";
const SESSION_HOURS: i64 = 12;

/// The logged-in user of a request, with the session's CSRF token. A request without a
/// valid session is redirected to the login page.
pub struct Session {
    pub user: User,
    pub csrf: String,
    token: String,
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/")))]).into_response()
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Session, Response> {
        let Some(token) = cookie(&parts.headers, SESSION) else { return Err(redirect("/login")) };
        match state.store.session(&token, now()).await {
            Ok(Some((user, csrf))) => Ok(Session { user, csrf, token }),
            Ok(None) => Err(redirect("/login")),
            Err(e) => Err(failure_page(state, e)),
        }
    }
}

impl Session {
    /// Whether a submitted form's token is this session's.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        !submitted.is_empty() && submitted == self.csrf
    }
}

fn cookie_header(name: &str, value: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}")).expect("ASCII cookie")
}

pub async fn login_page(State(state): State<AppState>) -> Response {
    login_form(&state, "", "", StatusCode::OK)
}

fn login_form(state: &AppState, name: &str, error: &str, status: StatusCode) -> Response {
    let csrf = random_token();
    let mut response = page_with_status(state, "login.html", context! { name, error, csrf => &csrf }, status);
    response.headers_mut().append(SET_COOKIE, cookie_header(LOGIN_CSRF, &csrf, 600));
    response
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
}

pub async fn login(State(state): State<AppState>, ConnectInfo(client): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(form): Form<LoginForm>) -> Response {
    if cookie(&headers, LOGIN_CSRF).is_none_or(|c| c != form.csrf) {
        return login_form(&state, &form.name, "表单已过期，请重新登录", StatusCode::FORBIDDEN);
    }
    let name = dudao_store::canonical_name(&form.name);
    let address = counted_address(&state, client, &headers);
    let keys = match state.store.has_logged_in_from(&name, &address).await {
        Ok(true) => vec![Key::Known(name.clone(), address.clone())],
        Ok(false) => vec![Key::Name(name.clone()), Key::Address(address.clone())],
        Err(e) => return failure_page(&state, e),
    };
    let attempt = match state.throttle.begin(&keys) {
        Ok(attempt) => attempt,
        Err(wait) => return with_retry_after(login_form(&state, &form.name, &too_often(wait), StatusCode::TOO_MANY_REQUESTS), wait),
    };
    let user = match state.store.check_password(&name, &form.password).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            attempt.failed();
            return login_form(&state, &form.name, "用户名或密码不正确", StatusCode::UNAUTHORIZED);
        }
        Err(e) => return failure_page(&state, e),
    };
    attempt.succeeded();
    match open_session(&state, &user, &address).await {
        Ok((_, cookie)) => {
            let mut response = redirect("/");
            response.headers_mut().append(SET_COOKIE, cookie);
            response.headers_mut().append(SET_COOKIE, cookie_header(LOGIN_CSRF, "", 0));
            response
        }
        Err(response) => response,
    }
}

/// The address a login from `peer` is counted by (the client's, behind a trusted proxy).
fn counted_address(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> String {
    client_address(client_ip(peer.ip(), headers, &state.trusted_proxies))
}

/// What a person is told when an attempt must wait.
fn too_often(wait: Duration) -> String {
    format!("尝试过于频繁：请在 {} 秒后再试", wait.as_secs_f64().ceil())
}

fn with_retry_after(mut response: Response, wait: Duration) -> Response {
    response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(wait.as_secs_f64().ceil() as u64));
    response
}

/// Opens a session for `user`, logged in from `address`, and the cookie that carries it.
async fn open_session(state: &AppState, user: &User, address: &str) -> Result<(Session, HeaderValue), Response> {
    let (token, csrf) = (random_token(), random_token());
    let started = now();
    match state.store.create_session(user, &token, &csrf, started, started + SESSION_HOURS * 3600, address).await {
        Ok(()) => {
            let cookie = cookie_header(SESSION, &token, SESSION_HOURS * 3600);
            Ok((Session { user: user.clone(), csrf, token }, cookie))
        }
        Err(e) => Err(failure_page(state, e)),
    }
}

pub async fn password_page(State(state): State<AppState>, session: Session) -> Response {
    user_page(&state, &session, "password.html", context! {}, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    again: String,
}

/// Changes the user's own password; every other session of theirs ends, this one goes on
/// under a new token.
pub async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    // Guessing the current password (from a session left open) is throttled as a login is.
    let attempt = match state.throttle.begin(&[Key::Account(session.user.id)]) {
        Ok(attempt) => attempt,
        Err(wait) => {
            let page = user_page(&state, &session, "password.html", context! { error => too_often(wait) }, StatusCode::TOO_MANY_REQUESTS);
            return with_retry_after(page, wait);
        }
    };
    let checked = state.store.check_password(&session.user.name, &form.current).await;
    match checked {
        Ok(None) => attempt.failed(),
        Ok(Some(_)) => attempt.succeeded(),
        Err(_) => drop(attempt),
    }
    let problem = match checked {
        Err(e) => return failure_page(&state, e),
        Ok(None) => Some("当前密码不正确"),
        Ok(Some(_)) if form.new != form.again => Some("两次输入的新密码不一致"),
        Ok(Some(_)) => dudao_store::password_problem(&form.new),
    };
    if let Some(error) = problem {
        return user_page(&state, &session, "password.html", context! { error }, StatusCode::UNPROCESSABLE_ENTITY);
    }
    if let Err(e) = state.store.set_password(&session.user, &form.new, &session.user.name).await {
        return failure_page(&state, e);
    }
    let address = counted_address(&state, client, &headers);
    let (renewed, cookie) = match open_session(&state, &session.user, &address).await {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    // Rendered for the new session: the next form must carry its CSRF token.
    let mut page = user_page(&state, &renewed, "password.html", context! { saved => "密码已修改；其他设备上的登录已退出。" }, StatusCode::OK);
    page.headers_mut().append(SET_COOKIE, cookie);
    page
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn logout(State(state): State<AppState>, session: Session, Form(form): Form<CsrfForm>) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    let _ = state.store.delete_session(&session.token).await;
    let mut response = redirect("/login");
    response.headers_mut().append(SET_COOKIE, cookie_header(SESSION, "", 0));
    response
}

/// The page shown for a form whose CSRF token does not match.
/// The answer to a reviewer who tries to `what` (修改案卷, 导入报告): 403.
pub fn reviewers_cannot(state: &AppState, what: &str) -> Response {
    page_with_status(state, "error.html", context! { title => "无权修改", message => format!("复核人员只能查阅，不能{what}。") }, StatusCode::FORBIDDEN)
}

pub fn stale_form(state: &AppState) -> Response {
    page_with_status(state, "error.html", context! { message => "表单已过期，请刷新页面后重试" }, StatusCode::FORBIDDEN)
}

/// Renders a page for the session's user (their name, role and CSRF token in the header).
pub fn user_page(state: &AppState, session: &Session, name: &str, ctx: minijinja::Value, status: StatusCode) -> Response {
    let is_admin = session.user.role == Role::Admin;
    let ctx = context! { user => session.user.name.clone(), role => session.user.role.chinese(), is_admin, csrf => session.csrf.clone(), ..ctx };
    page_with_status(state, name, ctx, status)
}
