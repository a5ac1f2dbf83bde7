//! The pages: portfolio, company, audit trail, report downloads, calendar feed.

use std::path::Path as FsPath;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dudao_calendar::Calendar;
use dudao_model::{Case, CaseFiles, Choice, Date, Finding, parse_case};
use dudao_render::{Format, Templates};
use dudao_rules::{Schedule, Status, TriggerState, clock, schedule};
use dudao_store::{Company, Role};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::auth::{Session, stale_form, user_page};
use crate::views::{failure_page, page_with_status};
use crate::{AppState, random_token};

/// A company with its parsed case.
pub struct Loaded {
    pub company: Company,
    pub case: Case,
    pub files: CaseFiles,
}

/// The company `code` if the session's user may see it; the same 404 page otherwise,
/// whether or not it exists. Every company URL goes through here.
pub async fn visible_company(state: &AppState, session: &Session, code: &str) -> Result<Company, Response> {
    state.store.company_for(&session.user, code).await.map_err(|_| not_found_page(state))
}

/// The company `code` and its case, if the session's user may see it.
pub async fn load(state: &AppState, session: &Session, code: &str) -> Result<Loaded, Response> {
    let company = visible_company(state, session, code).await?;
    let files = state.store.case_files(&company.code).await.map_err(|e| failure_page(state, e))?;
    // A case stored before a newer dudao tightened its checks may no longer load: say where,
    // for this company only.
    let case = parse_case(FsPath::new(&company.code), &files).map_err(|e| {
        let message = format!("{}（{}）的案卷无法读取：{e}。请用 dudao export-case 导出，修正后以 dudao import-case 导入。", company.short_name, company.code);
        page_with_status(state, "error.html", context! { title => "案卷无法读取", message }, StatusCode::UNPROCESSABLE_ENTITY)
    })?;
    Ok(Loaded { company, case, files })
}

/// A stored company's case, parsed, with its files; or why it cannot be.
async fn stored_case(state: &AppState, company: &Company) -> Result<(Case, CaseFiles), String> {
    let files = state.store.case_files(&company.code).await.map_err(|e| e.to_string())?;
    let case = parse_case(FsPath::new(&company.code), &files).map_err(|e| e.to_string())?;
    Ok((case, files))
}

pub fn not_found_page(state: &AppState) -> Response {
    page_with_status(state, "error.html", context! { title => "未找到", message => "没有这个页面，或您无权查看这家公司。" }, StatusCode::NOT_FOUND)
}

pub async fn not_found(State(state): State<AppState>) -> Response {
    not_found_page(&state)
}

fn period_text(schedule: &Schedule) -> (String, String) {
    let period = format!("{} 至 {}", schedule.period.start.chinese(), schedule.period.end.chinese());
    let funds = schedule
        .unused_funds
        .as_ref()
        .map(|f| format!("募集资金尚未使用完毕（截至 {} 尚余 {} 万元），相关督导延续", f.as_of.chinese(), f.wan))
        .unwrap_or_default();
    (period, funds)
}

#[derive(Clone, Serialize)]
struct DutyRow {
    due: String,
    /// Why the due date is provisional (暂定); empty if it is not.
    provisional: String,
    status: &'static str,
    status_id: &'static str,
    duty: String,
    clock: String,
    basis: String,
}

fn duty_rows<'a>(schedule: &'a Schedule, wanted: impl Fn(Status) -> bool + 'a) -> impl Iterator<Item = DutyRow> + 'a {
    schedule.duties.iter().filter(move |d| wanted(d.status)).map(|d| {
        let what = match &d.trigger {
            TriggerState::Occurred { date, what } => format!("{what}（{date}）"),
            TriggerState::Missing { what, .. } => format!("{what}（日期缺失）"),
            TriggerState::Expected { what, by } => format!("{what}（应于 {by} 前）"),
        };
        DutyRow {
            due: d.due.date().map_or_else(|| "—".to_owned(), |date| date.to_string()),
            provisional: d.due.provisional().unwrap_or_default().to_owned(),
            status: d.status.chinese(),
            status_id: d.status.id(),
            duty: format!("{}（{}）", d.obligation.title, d.subject),
            clock: clock(d.obligation, &what),
            basis: d.obligation.citation().text(),
        }
    })
}

pub fn findings(state: &AppState, case: &Case, on: Date) -> Vec<Finding> {
    dudao_rules::check(case, Calendar::embedded(), on, &state.rulebook)
}

/// The portfolio's search and filters (`/?q=青云&board=star&representative=王鹤&overdue=on&errors=on`);
/// empty shows every company.
#[derive(Default, Deserialize, Serialize)]
pub struct PortfolioFilter {
    /// Part of the short name or the stock code.
    #[serde(default)]
    q: String,
    /// A board's id (`star`).
    #[serde(default)]
    board: String,
    /// A sponsor representative's name.
    #[serde(default)]
    representative: String,
    /// Only companies with an overdue duty.
    #[serde(default)]
    overdue: Option<String>,
    /// Only companies with findings of severity error.
    #[serde(default)]
    errors: Option<String>,
}

impl PortfolioFilter {
    /// Whether the portfolio `row` is one the filter shows. A row whose case cannot be read
    /// has only its name and code, and is shown by the search alone.
    fn shows(&self, row: &Value) -> bool {
        let text = |key: &str| row.get_attr(key).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let count = |key: &str| row.get_attr(key).ok().and_then(|v| u64::try_from(v).ok()).unwrap_or(0);
        let q = self.q.trim();
        (q.is_empty() || text("short_name").contains(q) || text("code").contains(q))
            && (self.board.is_empty() || text("board_id") == self.board)
            && (self.representative.is_empty() || text("representatives").split('、').any(|name| name == self.representative))
            && (self.overdue.is_none() || count("overdue") > 0)
            && (self.errors.is_none() || count("errors") > 0)
    }
}

pub async fn portfolio(State(state): State<AppState>, session: Session, Query(filter): Query<PortfolioFilter>) -> Response {
    let (companies, revisions) = match tokio::try_join!(state.store.companies_of(&session.user), state.store.case_revisions()) {
        Ok(both) => both,
        Err(e) => return failure_page(&state, e),
    };
    let on = Date::today_in_beijing();
    let mut rows = Vec::with_capacity(companies.len());
    for company in companies {
        let revision = revisions.get(&company.code).copied().unwrap_or(0);
        let cached = state.portfolio_rows.lock().expect("unpoisoned").get(&company.code).cloned();
        let row = match cached {
            Some(row) if row.revision == revision && row.on == on => row.row,
            _ => {
                let row = portfolio_row(&state, &company, on).await;
                let entry = CachedRow { revision, on, row: row.clone() };
                state.portfolio_rows.lock().expect("unpoisoned").insert(company.code.clone(), entry);
                row
            }
        };
        rows.push(row);
    }
    let total = rows.len();
    // The choices offered are those of the user's companies.
    let mut representatives: Vec<String> = rows
        .iter()
        .filter_map(|r| r.get_attr("representatives").ok())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .flat_map(|names| names.split('、').map(str::to_owned).collect::<Vec<_>>())
        .filter(|n| !n.is_empty())
        .collect();
    representatives.sort();
    representatives.dedup();
    rows.retain(|row| filter.shows(row));
    let feed = state.store.feed_token(&session.user).await.ok().flatten().map(|token| format!("{}/feed/{token}.ics", state.base_url));
    let context = context! { companies => rows, total, today => on.to_string(), feed, filter => Serde(&filter), representatives, boards => crate::views::board_choices() };
    user_page(&state, &session, "portfolio.html", context, StatusCode::OK)
}

/// A portfolio row as computed for a case revision on a day. Rows are kept between
/// requests and recomputed only when the case changed (by this process or another one
/// sharing the database) or the day turned.
#[derive(Clone)]
pub struct CachedRow {
    revision: i64,
    on: Date,
    row: Value,
}

/// A stored company's case, parsed, and its duties as of `on`; or why not.
async fn case_and_schedule(state: &AppState, company: &Company, on: Date) -> Result<(Case, Schedule), String> {
    let (case, _) = stored_case(state, company).await?;
    let schedule = schedule(&case, Calendar::embedded(), on).map_err(|e| e.to_string())?;
    Ok((case, schedule))
}

/// One company's row: period, next three deadlines, findings by severity — or, if its
/// case no longer loads, the reason, so that no company silently drops off the list. A case
/// that loads but lacks what its deadlines are counted from (a case started from an annual
/// report, before its listing date is known) is shown as incomplete, with its findings.
async fn portfolio_row(state: &AppState, company: &Company, on: Date) -> Value {
    let case = match stored_case(state, company).await {
        Ok((case, _)) => case,
        Err(problem) => return context! { code => &company.code, short_name => &company.short_name, problem },
    };
    let found = findings(state, &case, on);
    let count = |s: dudao_model::Severity| found.iter().filter(|f| f.severity == s).count();
    let (board, board_id) = (case.company.company.board.chinese(), case.company.company.board.id());
    let representatives = case.company.sponsor.as_ref().map(|s| s.representatives.join("、")).unwrap_or_default();
    let schedule = match schedule(&case, Calendar::embedded(), on) {
        Ok(schedule) => schedule,
        Err(lacking) => {
            return context! {
                code => &company.code, short_name => &company.short_name, board, board_id, representatives, lacking => lacking.to_string(),
                errors => count(dudao_model::Severity::Error), warnings => count(dudao_model::Severity::Warning), infos => count(dudao_model::Severity::Info),
            };
        }
    };
    let (period, funds) = period_text(&schedule);
    let mut next: Vec<DutyRow> = duty_rows(&schedule, |s| matches!(s, Status::Open | Status::Overdue)).collect();
    next.retain(|d| d.due != "—");
    next.sort_by(|a, b| a.due.cmp(&b.due));
    // The next three still to come; if none, the three most recently missed.
    let today_text = on.to_string();
    let upcoming: Vec<DutyRow> = next.iter().filter(|d| d.due >= today_text).take(3).cloned().collect();
    let shown = if upcoming.is_empty() { next.into_iter().rev().take(3).collect() } else { upcoming };
    let overdue = schedule.duties.iter().filter(|d| d.status == Status::Overdue).count();
    context! {
        code => &company.code, short_name => &company.short_name, board, board_id, representatives, overdue,
        period, funds, next => Serde(shown),
        errors => count(dudao_model::Severity::Error), warnings => count(dudao_model::Severity::Warning), infos => count(dudao_model::Severity::Info),
    }
}

/// Which part of the company page is shown (`?tab=`), and how its findings are filtered
/// (`&severity=error&kind=violation`).
#[derive(Default, Deserialize)]
pub struct View {
    #[serde(default)]
    tab: Tab,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    kind: String,
    /// The findings tab's filter on what the sponsor made of them: `pending`, `handled`,
    /// `not_applicable`.
    #[serde(default)]
    handling: String,
    /// The deadlines tab's filters: a status id (`overdue`) and the year due (`2024`).
    #[serde(default)]
    status: String,
    #[serde(default)]
    year: String,
}

/// The tabs of the company page; 审计 is a page of its own.
#[derive(Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    #[default]
    Overview,
    Findings,
    Deadlines,
    Records,
}

impl Tab {
    const ALL: [(Tab, &'static str, &'static str); 4] = [
        (Tab::Overview, "overview", "概览"),
        (Tab::Findings, "findings", "核查结果"),
        (Tab::Deadlines, "deadlines", "到期事项"),
        (Tab::Records, "records", "工作底稿"),
    ];

    fn id(self) -> &'static str {
        Tab::ALL.iter().find(|(t, _, _)| *t == self).map_or("overview", |(_, id, _)| id)
    }
}

impl View {
    /// The records tab, where the forms are: what an edit comes back to.
    pub fn records() -> View {
        View { tab: Tab::Records, ..View::default() }
    }

    /// The findings tab, which a finding's disposition comes back to.
    pub fn findings() -> View {
        View { tab: Tab::Findings, ..View::default() }
    }
}

pub async fn company(State(state): State<AppState>, session: Session, Path(code): Path<String>, Query(view): Query<View>) -> Response {
    company_page(&state, &session, &code, &view, FormState::default(), StatusCode::OK).await
}

/// What an edit brings back to the company page: the values typed and the errors beside
/// them (maps keyed by form, then field), or what was saved.
#[derive(Default)]
pub struct FormState {
    pub values: Value,
    pub errors: Value,
    pub saved: String,
}

/// The company page's `view`, with `form` from an edit if there was one.
pub async fn company_page(state: &AppState, session: &Session, code: &str, view: &View, form: FormState, status: StatusCode) -> Response {
    let loaded = match load(state, session, code).await {
        Ok(l) => l,
        Err(response) => return response,
    };
    let case = &loaded.case;
    let on = Date::today_in_beijing();
    // A case without a listing date (one made by ingest) has no period yet: the page says
    // what to add instead of listing deadlines.
    let schedule = schedule(case, Calendar::embedded(), on);
    let (period, funds) = match &schedule {
        Ok(schedule) => period_text(schedule),
        Err(why) => (why.clone(), String::new()),
    };
    let company = &case.company.company;
    let sponsor = case.company.sponsor.as_ref();
    let c = context! {
        code => loaded.company.code.clone(), name => company.name.clone(), short_name => company.short_name.clone(),
        board => company.board.chinese(),
        listing => company.listing_date.map_or_else(|| "（未记录）".to_owned(), |d| d.chinese()),
        period, funds,
        sponsor => sponsor.map_or_else(|| "（未记录）".to_owned(), |s| s.firm.clone()),
        representatives => sponsor.map(|s| s.representatives.join("、")).unwrap_or_default(),
    };
    let (versions, comments) = match tokio::try_join!(state.store.document_versions(&loaded.company.code), state.store.comments(&loaded.company.code)) {
        Ok(both) => both,
        Err(e) => return failure_page(state, e),
    };
    let comments_on = |subject: &str| -> Vec<Value> {
        comments
            .iter()
            .filter(|c| c.subject == subject)
            .map(|c| context! { author => &c.author, at => crate::views::beijing_time(&c.at), body => &c.body })
            .collect()
    };
    let digest = dudao_store::case_digest(&loaded.files);
    let all = findings(state, case, on);
    let count = |s: dudao_model::Severity| all.iter().filter(|f| f.severity == s).count();
    let counts = context! { error => count(dudao_model::Severity::Error), warning => count(dudao_model::Severity::Warning), info => count(dudao_model::Severity::Info), all => all.len() };
    // What the sponsor made of each finding (a note needs nothing), and the work log a
    // disposition goes to: the finding's year, else the latest year logged.
    let handling = |f: &Finding| match case.disposition_of(f) {
        Some(d) => (d.status.key(), d.status.name(), d.account.clone()),
        None if f.severity > dudao_model::Severity::Info => ("pending", "待处理", String::new()),
        None => ("", "", String::new()),
    };
    let latest_year = case.worklogs.keys().map(|p| p.year()).max().unwrap_or(on.year());
    let findings: Vec<Value> = all
        .iter()
        .filter(|f| view.severity.is_empty() || f.severity.id() == view.severity)
        .filter(|f| view.kind.is_empty() || f.kind.id() == view.kind)
        .filter(|f| view.handling.is_empty() || handling(f).0 == view.handling)
        .map(|f| {
            let title = state.rulebook.rules().iter().find(|r| r.id == f.rule).map_or_else(|| f.rule.clone(), |r| r.title.clone());
            let (handling_id, handling_label, account) = handling(f);
            // One finding's comments: its rule, date and, where the rule found several that
            // day, which one.
            let subject = format!(
                "finding:{}:{}{}",
                f.rule,
                f.date.map(|d| d.to_string()).unwrap_or_default(),
                f.about.as_ref().map(|a| format!(":{a}")).unwrap_or_default()
            );
            context! {
                comments => comments_on(&subject), subject, about => f.about.clone(),
                severity => f.severity.id(), severity_label => f.severity.chinese(), rule => f.rule.clone(), title, kind => f.kind.chinese(),
                handling_id, handling_label, account, year => f.date.map_or(latest_year, |d| d.year()),
                message => f.message.clone(), date => f.date.map(|d| d.to_string()).unwrap_or_default(),
                citation => f.citation.as_ref().map(dudao_model::Citation::text).unwrap_or_default(),
                evidence => f.evidence.iter().map(|o| o.to_string()).collect::<Vec<_>>().join("、"),
            }
        })
        .collect();
    let kinds: Vec<Value> = dudao_model::Kind::ALL.iter().map(|k| context! { id => k.id(), name => k.chinese() }).collect();
    let tabs: Vec<Value> = Tab::ALL.iter().map(|&(_, id, name)| context! { id, name }).collect();
    let mut deadlines: Vec<DutyRow> = schedule.as_ref().map(|s| duty_rows(s, |_| true).collect()).unwrap_or_default();
    // The filters offer the statuses and years the case has, each with its count.
    let mut statuses: Vec<(&'static str, &'static str, usize)> = Vec::new();
    for d in &deadlines {
        match statuses.iter_mut().find(|(id, _, _)| *id == d.status_id) {
            Some(entry) => entry.2 += 1,
            None => statuses.push((d.status_id, d.status, 1)),
        }
    }
    let mut years: Vec<String> = deadlines.iter().filter_map(|d| d.due.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())).map(str::to_owned)).collect();
    years.sort();
    years.dedup();
    let all_deadlines = deadlines.len();
    deadlines.retain(|d| (view.status.is_empty() || d.status_id == view.status) && (view.year.is_empty() || d.due.starts_with(&view.year)));
    // The reasons of the 暂定 dates, printed once under the table (they differ only in the
    // years they reach).
    let mut provisional: Vec<String> = deadlines.iter().map(|d| d.provisional.clone()).filter(|p| !p.is_empty()).collect();
    provisional.dedup();
    // Every document the case can produce, and for the others what is missing: the same
    // readiness check as `dudao report`.
    let documents: Vec<Value> = dudao_render::KINDS
        .iter()
        .map(|kind| {
            let periods: Vec<Value> = kind
                .periods(case, FsPath::new(&loaded.company.code), &all)
                .into_iter()
                .map(|(period, missing)| {
                    // Each with the form that supplies it, where the workbench has one.
                    let missing: Vec<Value> = missing
                        .iter()
                        .map(|e| {
                            let path = short_path(&e.file);
                            let place = e.field.as_deref().map_or_else(|| path.clone(), |f| format!("{path} {f}"));
                            // Where a form supplies it, what is missing is enough; the file's
                            // place stays for those who edit files.
                            match form_link(&loaded.company.code, &path, e.field.as_deref()) {
                                Some(link) => context! { text => dudao_render::what_is_missing(&e.message), place, link },
                                None => context! { text => format!("{place}：{}", e.message) },
                            }
                        })
                        .collect();
                    let published = kind.published(case, period).map(|d| d.chinese());
                    // The versions signed off, each saying whether the facts changed since.
                    let document = format!("{}-{period}", kind.id);
                    let kept: Vec<Value> = versions
                        .iter()
                        .filter(|v| v.document == document)
                        .map(|v| {
                            context! {
                                id => v.id, signed_by => &v.signed_by, signed_at => crate::views::beijing_time(&v.signed_at),
                                issued_by => v.issued.as_ref().map(|(by, _)| by.clone()), issued_at => v.issued.as_ref().map(|(_, at)| crate::views::beijing_time(at)),
                                changed => v.facts_sha256 != digest,
                            }
                        })
                        .collect();
                    let comments = comments_on(&format!("document:{document}"));
                    context! { period => period.to_string(), name => period.chinese(), missing, published, document, versions => kept, comments }
                })
                .collect();
            context! { id => kind.id, name => kind.name, periods }
        })
        .collect();
    let can_edit = session.user.role != Role::Reviewer;
    let can_sign = session.user.role != Role::Representative;
    let ctx = context! {
        c, findings, counts, kinds, tabs, tab => view.tab.id(), severity => &view.severity, kind => &view.kind, handling => &view.handling,
        records => crate::records::listing(&loaded.files),
        calendar_problem => dudao_rules::outside_calendar(case, Calendar::embedded()).unwrap_or_default(),
        deadlines => Serde(deadlines), all_deadlines, statuses, years, status => &view.status, year => &view.year,
        provisional, documents, can_edit, can_sign, today => on.to_string(),
        drafts => case.drafts.iter().map(|d| context! { label => d.label(), basis => &d.basis }).collect::<Vec<Value>>(),
        form => form.values, errors => form.errors, saved => form.saved,
    };
    user_page(state, session, "company.html", ctx, status)
}

/// A case file's path without the company folder it is read under (`worklog/2023.toml`).
fn short_path(path: &std::path::Path) -> String {
    let mut parts = path.components();
    parts.next();
    parts.as_path().display().to_string()
}

/// Where the workbench supplies a fact a document lacks, by its file and field: a period's
/// work items and narrative on the period's page, anything else in the form of its record.
fn form_link(code: &str, path: &str, field: Option<&str>) -> Option<String> {
    let period_page = |rest: &str, anchor: &str| {
        let period = rest.split('/').next()?.trim_end_matches(".toml");
        dudao_model::Period::parse(period).ok().map(|p| format!("/c/{code}/period/{p}#{anchor}"))
    };
    match (path.strip_prefix("worklog/"), path.strip_prefix("narrative/")) {
        (Some(rest), _) if field.is_none_or(|f| f.starts_with("items") || f.starts_with("problems")) => period_page(rest, "items"),
        (Some(rest), _) if field.is_some_and(|f| f.starts_with("inspections.checklist")) => period_page(rest, "checklist"),
        (_, Some(rest)) => period_page(rest, "narrative"),
        _ if path == "financials.toml" => period_page(field?.split('.').next()?, "financials"),
        _ if path == "funds.toml" && field.is_some_and(|f| f.starts_with("ledger.")) => period_page(&field?["ledger.".len()..], "ledger"),
        _ => dudao_model::records::form_for(path, field).map(|form| format!("/c/{code}?tab=records#{form}")),
    }
}

/// A change as pages show it, stretch by stretch: removed lines `- …`, then added `+ …`.
pub fn diff_lines(change: &dudao_store::Patch) -> Vec<String> {
    change.lines().map(|(sign, line)| format!("{sign} {line}")).collect()
}

/// The audit entries one page shows, newest first; the whole log is `dudao audit verify`'s
/// and the database's.
const AUDIT_PAGE_ENTRIES: i64 = 200;

pub async fn audit(State(state): State<AppState>, session: Session, Path(code): Path<String>) -> Response {
    let company = match visible_company(&state, &session, &code).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let entries = match state.store.recent_audit(&company.code, AUDIT_PAGE_ENTRIES).await {
        Ok(entries) => entries,
        Err(e) => return failure_page(&state, e),
    };
    let rows: Vec<Value> = entries
        .iter()
        .map(|e| {
            let summary = format!("新增 {} 行，删除 {} 行", e.change.added().count(), e.change.removed().count());
            let diff = diff_lines(&e.change).join("\n");
            context! { id => e.id, at => crate::views::beijing_time(&e.at), actor => e.actor.clone(), action => e.action.clone(), subject => e.subject.clone(), summary, diff }
        })
        .collect();
    let company = context! { code => company.code, short_name => company.short_name };
    let truncated = rows.len() as i64 == AUDIT_PAGE_ENTRIES;
    user_page(&state, &session, "audit.html", context! { company, entries => rows, truncated, limit => AUDIT_PAGE_ENTRIES }, StatusCode::OK)
}

/// The document a URL names: `annual-tracking-2023` (kind and period), or the annual
/// tracking report's short form `2023`.
pub fn document_of(stem: &str) -> Option<(&'static dudao_render::DocumentKind, dudao_model::Period)> {
    let (kind, period) = match dudao_render::KINDS.iter().find_map(|k| Some((*k, stem.strip_prefix(k.id)?.strip_prefix('-')?))) {
        Some(found) => found,
        None => (dudao_render::KINDS[0], stem),
    };
    Some((kind, dudao_model::Period::parse(period).ok()?))
}

/// `/c/{code}/report/annual-tracking-2023.docx` (or the annual tracking report's short form
/// `2023.docx`): a document of the registry, rendered as `dudao report` does; with `-draft`
/// before the extension, as `dudao report --draft` does (each missing fact a placeholder).
pub async fn report(State(state): State<AppState>, session: Session, Path((code, file)): Path<(String, String)>) -> Response {
    let loaded = match load(&state, &session, &code).await {
        Ok(l) => l,
        Err(response) => return response,
    };
    let Some((stem, extension)) = file.split_once('.') else { return not_found_page(&state) };
    let (stem, draft) = match stem.strip_suffix("-draft") {
        Some(stem) => (stem, true),
        None => (stem, false),
    };
    let (Some((kind, period)), Some((format, mime))) = (
        document_of(stem),
        match extension {
            "docx" => Some((Format::Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
            "html" => Some((Format::Html, "text/html; charset=utf-8")),
            "md" => Some((Format::Markdown, "text/markdown; charset=utf-8")),
            "pdf" => Some((Format::Pdf, "application/pdf")),
            _ => None,
        },
    ) else {
        return not_found_page(&state);
    };
    let found = findings(&state, &loaded.case, Date::today_in_beijing());
    // Rendering, and for a PDF LibreOffice's layout, run off the async workers.
    let (case, code) = (loaded.case, loaded.company.code.clone());
    let rendered = tokio::task::spawn_blocking(move || {
        let templates = Templates::defaults();
        let report = if draft {
            kind.draft(&case, FsPath::new(&code), period, &templates, &found)
        } else {
            kind.render(&case, FsPath::new(&code), period, &templates, &found)
        };
        report.and_then(|report| report.to_format(format, &templates))
    })
    .await;
    let rendered = match rendered {
        Ok(rendered) => rendered,
        Err(e) => return failure_page(&state, e),
    };
    match rendered {
        Ok(bytes) => {
            let ascii = format!("{}-{}-{period}{}.{extension}", loaded.company.code, kind.id, if draft { "-draft" } else { "" });
            // 青云科技_2023年度持续督导跟踪报告.docx: the period names the year, so the
            // kind's name drops its own 年度/半年度.
            let own = if matches!(period, dudao_model::Period::FirstHalf(_)) { "半年度" } else { "年度" };
            let document = kind.name.strip_prefix(own).unwrap_or(kind.name);
            let name = format!("{}_{}{document}{}.{extension}", loaded.company.short_name, period.chinese(), if draft { "（草稿）" } else { "" });
            ([(CONTENT_TYPE, HeaderValue::from_static(mime)), (CONTENT_DISPOSITION, attachment(&name, &ascii))], bytes).into_response()
        }
        Err(e) => {
            // What a tool printed is for the server's log, never for the page.
            let message = match &e {
                dudao_render::RenderError::Converter { stderr, .. } => {
                    eprintln!("{e}：{stderr}");
                    format!("{e}：详情见服务器日志")
                }
                _ => e.to_string(),
            };
            page_with_status(&state, "error.html", context! { message }, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// `/c/{code}/workbook.xlsx`: the case as `dudao workbook` writes it — company, financial
/// tables, share sales, today's findings and deadlines, every fact — built off the async
/// workers.
pub async fn workbook(State(state): State<AppState>, session: Session, Path(code): Path<String>) -> Response {
    let loaded = match load(&state, &session, &code).await {
        Ok(l) => l,
        Err(response) => return response,
    };
    let on = Date::today_in_beijing();
    let found = findings(&state, &loaded.case, on);
    let (case, files, code) = (loaded.case, loaded.files, loaded.company.code.clone());
    let built = tokio::task::spawn_blocking(move || {
        let facts = dudao_model::case_facts(FsPath::new(&code), &files).map_err(|e| e.to_string())?;
        // A case without a supervision period has no deadlines to list; its findings say why.
        let schedule = schedule(&case, Calendar::embedded(), on).ok();
        dudao_sheet::export(&facts, &found, schedule.as_ref())
    })
    .await;
    match built {
        Ok(Ok(bytes)) => {
            let company = &loaded.company;
            let name = format!("{}_持续督导案卷_{on}.xlsx", company.short_name);
            let ascii = format!("{}-case-{on}.xlsx", company.code);
            let mime = HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            ([(CONTENT_TYPE, mime), (CONTENT_DISPOSITION, attachment(&name, &ascii))], bytes).into_response()
        }
        Ok(Err(message)) => page_with_status(&state, "error.html", context! { message }, StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => failure_page(&state, e),
    }
}

/// A download's `Content-Disposition`: `name` as browsers show it (RFC 6266's `filename*`,
/// UTF-8 percent-encoded), `ascii` for clients that know only `filename`.
pub fn attachment(name: &str, ascii: &str) -> HeaderValue {
    let encoded: String =
        name.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { char::from(b).to_string() } else { format!("%{b:02X}") }).collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")).expect("percent-encoded ASCII")
}

/// `/feed/{secret}.ics`: the user's deadlines across their companies.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else { return not_found_page(&state) };
    let Ok(Some(user)) = state.store.user_by_feed_token(token).await else { return not_found_page(&state) };
    let on = Date::today_in_beijing();
    let mut schedules = Vec::new();
    for company in state.store.companies_of(&user).await.unwrap_or_default() {
        if let Ok((_, s)) = case_and_schedule(&state, &company, on).await {
            schedules.push(s);
        }
    }
    let body = dudao_render::ics::calendar(&schedules, &format!("{} 的持续督导期限", user.name));
    ([(CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response()
}

#[derive(Deserialize)]
pub struct FeedForm {
    csrf: String,
    action: String,
}

pub async fn rotate_feed(State(state): State<AppState>, session: Session, Form(form): Form<FeedForm>) -> Response {
    if !session.csrf_ok(&form.csrf) {
        return stale_form(&state);
    }
    let token = (form.action == "rotate").then(random_token);
    if let Err(e) = state.store.set_feed_token(&session.user, token.as_deref()).await {
        return failure_page(&state, e);
    }
    (StatusCode::SEE_OTHER, [(LOCATION, HeaderValue::from_static("/"))]).into_response()
}
