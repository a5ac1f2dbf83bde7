//! The team workbench: `dudao serve`. Server-rendered pages in Chinese over the store,
//! usable without JavaScript, built on the same library calls as the command line
//! (`parse_case`, `check`, `schedule`, `tracking_report`).
//!
//! - [`app`] builds the router for a [`dudao_store::Store`]; [`spawn`] serves it on a
//!   port of its own (tests use port 0 and a fresh database).
//! - Sessions: an HttpOnly, SameSite=Strict cookie; every form carries the session's CSRF
//!   token; wrong passwords make the next attempts wait, more with each failure, without
//!   locking out a user at an address they have logged in from (`throttle`).
//! - A company the user is not assigned to answers 404, whatever the URL.
//! - Edits append to a case file, are validated by parsing the whole case, and are saved
//!   (and logged in the audit chain) only if it still parses; otherwise the form comes
//!   back with the error beside the field.
//! - An uploaded annual report becomes a proposal (`dudao_ingest::plan`) shown as changes
//!   and a diff; only its acceptance writes, as one audited change.
//!
//! Only this crate knows HTTP.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use dudao_store::Store;

mod admin;
mod auth;
mod connections;
mod digest;
mod drafts;
mod ingest;
mod pages;
mod period;
mod records;
mod reviews;
mod throttle;
mod views;

pub use digest::Mail;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    store: Store,
    templates: Arc<minijinja::Environment<'static>>,
    rulebook: Arc<dudao_rules::Rulebook>,
    portfolio_rows: Arc<Mutex<HashMap<String, pages::CachedRow>>>,
    /// Each user's uploaded report waiting to be accepted, by user name.
    pending_ingests: Arc<Mutex<HashMap<String, ingest::Pending>>>,
    /// Failed logins and password checks in a row, by key.
    throttle: Arc<throttle::Throttle>,
    /// `Options::base_url`.
    base_url: Arc<str>,
    /// `Options::trusted_proxies`.
    trusted_proxies: Arc<[std::net::IpAddr]>,
    /// `Options::mail`.
    mail: Option<digest::Mail>,
}

/// How the workbench is served.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Marks every cookie `Secure`, for a workbench behind a proxy that terminates TLS.
    pub secure_cookies: bool,
    /// The address users reach the workbench at (`https://dudao.example.com`), for the
    /// links it hands out (calendar feeds); never taken from a request's `Host` header,
    /// which the client chooses.
    pub base_url: String,
    /// The daily e-mail digest: relay, sender and hour; `None` sends none.
    pub mail: Option<Mail>,
    /// How long one request may take, body included; `None`: `connections::REQUEST_TIMEOUT`.
    pub request_timeout: Option<std::time::Duration>,
    /// The reverse proxies in front of the workbench: a request from one of them is counted,
    /// for the login throttle, by the client address its `X-Forwarded-For` gives, not by the
    /// proxy's, which every client would share. Empty: the header is never believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// The workbench's routes over `store`, served as `options` say.
pub fn app(store: Store, options: Options) -> Router {
    router(state_of(store, &options), options.secure_cookies)
}

fn state_of(store: Store, options: &Options) -> AppState {
    AppState {
        store,
        templates: Arc::new(views::templates()),
        rulebook: Arc::new(dudao_rules::Rulebook::shipped()),
        portfolio_rows: Arc::default(),
        pending_ingests: Arc::default(),
        throttle: Arc::default(),
        base_url: options.base_url.trim_end_matches('/').into(),
        trusted_proxies: options.trusted_proxies.clone().into(),
        mail: options.mail.clone(),
    }
}

fn router(state: AppState, secure_cookies: bool) -> Router {
    Router::new()
        .route("/", get(pages::portfolio))
        .route("/assets/dudao.css", get(stylesheet))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/password", get(auth::password_page).post(auth::change_password))
        .route("/c/{code}", get(pages::company))
        .route("/c/{code}/audit", get(pages::audit))
        .route("/c/{code}/report/{file}", get(pages::report))
        .route("/c/{code}/workbook.xlsx", get(pages::workbook))
        .route("/c/{code}/comments", post(reviews::comment))
        .route("/c/{code}/period/{period}", get(period::page))
        .route("/c/{code}/period/{period}/items", post(period::items))
        .route("/c/{code}/period/{period}/table/{table}", post(period::table))
        .route("/c/{code}/period/{period}/ip", post(period::ip))
        .route("/c/{code}/period/{period}/projects", post(period::projects))
        .route("/c/{code}/period/{period}/checklist/{index}", post(period::checklist))
        .route("/c/{code}/period/{period}/narrative/{stem}", post(period::narrative))
        .route("/c/{code}/documents/{document}/sign-off", post(reviews::sign_off))
        .route("/c/{code}/versions/{id}/issue", post(reviews::issue))
        .route("/c/{code}/versions/{file}", get(reviews::version))
        .route("/c/{code}/records/{kind}", post(records::add))
        .route("/c/{code}/records/{kind}/{place}/{index}", post(records::edit))
        .route("/c/{code}/records/{kind}/{place}/{index}/delete", post(records::delete))
        .route("/c/{code}/ingest", post(ingest::upload).layer(DefaultBodyLimit::max(ingest::MAX_UPLOAD as usize)))
        .route("/c/{code}/ingest/accept", post(ingest::accept))
        .route("/c/{code}/drafts/confirm", post(drafts::confirm_drafts))
        .route("/admin", get(admin::admin))
        .route("/admin/users", post(admin::add_user))
        .route("/admin/assignments", post(admin::assign))
        .route("/admin/passwords", post(admin::reset_password))
        .route("/admin/standing", post(admin::set_standing))
        .route("/admin/companies", post(admin::add_company))
        .route("/admin/companies/upload", post(admin::upload_company).layer(DefaultBodyLimit::max(admin::MAX_CASE_ZIP as usize)))
        .route("/admin/companies/report", post(admin::company_from_report).layer(DefaultBodyLimit::max(ingest::MAX_UPLOAD as usize)))
        .route("/admin/emails", post(admin::set_email))
        .route("/admin/digest", post(admin::send_digest))
        .route("/feed", post(pages::rotate_feed))
        .route("/feed/{file}", get(pages::feed))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(move |request, next| security_headers(request, next, secure_cookies)))
        .layer(axum::middleware::from_fn(request_log))
        .with_state(state)
}

/// The one stylesheet: served, not inline, so the pages' policy allows no inline code.
async fn stylesheet() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../templates/dudao.css"))
}

/// The headers every answer carries: a policy allowing only the workbench's own stylesheet
/// and forms (no script at all, no framing), no referrer to other sites, no sniffing, and
/// no storing of anything but the stylesheet — pages and downloads hold a company's
/// non-public facts. With `secure_cookies`, every cookie is marked `Secure`.
async fn security_headers(request: axum::extract::Request, next: axum::middleware::Next, secure_cookies: bool) -> axum::response::Response {
    use axum::http::HeaderValue;
    use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, SET_COOKIE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
    let asset = request.uri().path().starts_with("/assets/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    );
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(if asset { "public, max-age=3600" } else { "no-store" }));
    if secure_cookies {
        let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
        headers.remove(SET_COOKIE);
        for cookie in cookies {
            let secure = format!("{}; Secure", cookie.to_str().unwrap_or_default());
            headers.append(SET_COOKIE, HeaderValue::from_str(&secure).expect("a cookie stays ASCII"));
        }
    }
    response
}

/// One line on standard error per request: method, path (never the query, which may hold a
/// feed secret), status and time taken. The body and cookies are never logged.
async fn request_log(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let path = if path.starts_with("/feed/") { "/feed/…".to_owned() } else { path };
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let at = crate::views::beijing_time(&jiff::Timestamp::now().to_string());
    eprintln!("{at} {method} {path} {} {} ms", response.status().as_u16(), started.elapsed().as_millis());
    response
}

/// Serves the workbench on `listener` until the process ends.
pub async fn serve(store: Store, listener: tokio::net::TcpListener, options: Options) -> std::io::Result<()> {
    let timeout = options.request_timeout.unwrap_or(connections::REQUEST_TIMEOUT);
    connections::serve(listener, started(store, &options), timeout).await
}

/// The routes, with the daily digest started where `options` configure one.
fn started(store: Store, options: &Options) -> Router {
    let state = state_of(store, options);
    if let Some(mail) = options.mail.clone() {
        tokio::spawn(digest::daily(state.clone(), mail));
    }
    router(state, options.secure_cookies)
}

/// Serves the workbench on `addr` (port 0 for any free port) in the background; returns
/// the address it listens on.
pub async fn spawn(store: Store, addr: SocketAddr, options: Options) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let timeout = options.request_timeout.unwrap_or(connections::REQUEST_TIMEOUT);
    tokio::spawn(connections::serve(listener, started(store, &options), timeout));
    Ok(bound)
}

/// Random hexadecimal text, for session tokens, CSRF tokens and feed secrets.
fn random_token() -> String {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).expect("the system has randomness");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
