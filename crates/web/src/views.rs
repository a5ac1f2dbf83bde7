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
    ("period.html", include_str!("../templates/period.html")),
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

/// The page for a failure of the server (the database, mostly): status 500 and a reference
/// number; the reason goes to the server's log under that number, never to the user.
pub fn failure_page(state: &AppState, reason: impl std::fmt::Display) -> Response {
    let reference = crate::random_token()[..8].to_uppercase();
    eprintln!("内部错误 {reference}：{reason}");
    let message = format!("服务器内部错误，请稍后重试；如仍出现，请把参考编号 {reference} 告知管理员。");
    page_with_status(state, "error.html", minijinja::context! { message }, StatusCode::INTERNAL_SERVER_ERROR)
}

/// An instant the store recorded (RFC 3339, UTC) in Beijing time to the second:
/// `2026-11-29 10:55:01`; the stored text where it is not one.
pub fn beijing_time(at: &str) -> String {
    match at.parse::<jiff::Timestamp>() {
        Ok(t) => {
            let t = jiff::tz::offset(8).to_datetime(t);
            format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
        }
        Err(_) => at.to_owned(),
    }
}

/// The boards, as the forms' choices list them: id and Chinese name.
pub fn board_choices() -> Vec<minijinja::Value> {
    dudao_model::choices::<dudao_model::Board>().into_iter().map(|(id, name)| minijinja::context! { id, name }).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn store_instants_read_in_beijing_time_to_the_second() {
        assert_eq!(super::beijing_time("2026-11-29T02:55:01.123456789Z"), "2026-11-29 10:55:01");
        assert_eq!(super::beijing_time("2026-12-31T16:00:00Z"), "2027-01-01 00:00:00");
        assert_eq!(super::beijing_time("not a time"), "not a time");
    }
}
