//! The page templates (HTML, auto-escaped) and how pages are rendered.

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use minijinja::{Environment, Value};

use crate::AppState;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("portfolio.html", include_str!("../templates/portfolio.html")),
    ("company.html", include_str!("../templates/company.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("ingest.html", include_str!("../templates/ingest.html")),
    ("admin.html", include_str!("../templates/admin.html")),
    ("password.html", include_str!("../templates/password.html")),
    ("error.html", include_str!("../templates/error.html")),
];

/// The workbench's templates; `.html` templates escape every value they print.
pub fn templates() -> Environment<'static> {
    let mut env = Environment::new();
    // Form values and errors are absent on most renders: `form.sale.holder` is then empty.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    for (name, source) in TEMPLATES {
        env.add_template(name, source).expect("the workbench templates compile");
    }
    env
}

/// A page with `status`.
pub fn page_with_status(state: &AppState, name: &str, ctx: Value, status: StatusCode) -> Response {
    match state.templates.get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("页面渲染失败：{e}")).into_response(),
    }
}

/// The page for a failure of the server (the database, mostly): status 500, the reason.
pub fn failure_page(state: &AppState, reason: impl std::fmt::Display) -> Response {
    page_with_status(state, "error.html", minijinja::context! { message => reason.to_string() }, StatusCode::INTERNAL_SERVER_ERROR)
}
