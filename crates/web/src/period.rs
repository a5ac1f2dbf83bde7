//! A period's own facts and writing on the workbench: its key figures (`financials.toml`'s
//! `[PERIOD]`), the sponsor's account of each work item of the company's form
//! (`worklog/PERIOD.toml`'s `[items]`), whether problems were found, and the narrative
//! sections the period's documents print (`narrative/PERIOD/*.md`). Saved as one
//! audited change each, checked by the same model as the command line; the period's draft
//! document shows the result.

use std::path::Path as FsPath;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dudao_model::{Board, Case, CaseFiles, ChecklistAnswer, Choice, InspectionKind, IpRow, Period, WorkLog, parse_case};
use dudao_store::{FileChange, Role, StoreError};
use minijinja::{Value, context};
use toml_edit::{DocumentMut, Item, Table};

use crate::AppState;
use crate::auth::{Session, reviewers_cannot, stale_form, user_page};
use crate::pages::{Loaded, load, not_found_page};
use crate::views::failure_page;

/// The narrative sections of the documents the case makes for `period`, by document: its
/// name, and (stem, heading) of each section it prints.
fn sections(case: &Case, period: Period) -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let board = case.company.company.board;
    dudao_render::KINDS
        .iter()
        .filter(|kind| kind.applies_to(case, period))
        .map(|kind| (kind.name, (kind.narrative)(board)))
        .filter(|(_, own)| !own.is_empty())
        .collect()
}

/// `GET /c/{code}/period/{period}`: the forms of the period's work items and narrative.
pub async fn page(State(state): State<AppState>, session: Session, Path((code, period)): Path<(String, String)>) -> Response {
    period_page(&state, &session, &code, &period, Shown::default(), StatusCode::OK).await
}

/// What the period's page shows beside the case: what was saved or refused, and a
/// narrative section as typed but not saved, previewed (section, text).
#[derive(Default)]
struct Shown {
    saved: String,
    error: String,
    preview: Option<(String, String)>,
}

async fn period_page(state: &AppState, session: &Session, code: &str, period: &str, shown: Shown, status: StatusCode) -> Response {
    let Shown { saved, error, preview } = shown;
    let loaded = match load(state, session, code).await {
        Ok(l) => l,
        Err(response) => return response,
    };
    let Ok(period) = Period::parse(period) else { return not_found_page(state) };
    let case = &loaded.case;
    let log = case.worklogs.get(&period);
    let drafted =
        |field: &str| case.drafts.iter().find(|d| d.file == format!("worklog/{period}.toml") && d.field.as_deref() == Some(field)).map(|d| d.basis.clone());
    // Each item in the words of the company's form, as the document prints it.
    let items: Vec<Value> = dudao_render::work_items(case, period)
        .into_iter()
        .map(|(key, label)| {
            let field = WorkLog::item_field(key);
            let text = log.and_then(|l| l.items.get(key)).map(|t| t.to_string()).unwrap_or_default();
            context! { key, label, text, draft => drafted(&field) }
        })
        .collect();
    let narrative = case.narratives.get(&period);
    let section = |(stem, heading): (&str, &str)| {
        let draft = case.drafts.iter().find(|d| d.file == format!("narrative/{period}/{stem}.md")).map(|d| d.basis.clone());
        match preview.as_ref().filter(|(previewed, _)| previewed == stem) {
            Some((_, typed)) => {
                let html = Value::from_safe_string(dudao_render::markdown_to_html(typed));
                context! { stem, heading, text => typed, draft, preview => html }
            }
            None => {
                let text = narrative.and_then(|n| n.sections.get(stem)).map(|t| t.to_string()).unwrap_or_default();
                context! { stem, heading, text, draft }
            }
        }
    };
    let documents: Vec<Value> =
        sections(case, period).into_iter().map(|(name, own)| context! { name, sections => own.into_iter().map(section).collect::<Vec<_>>() }).collect();
    // The period's tables of figures, each as typed (a figure's text kept as written); the
    // ledger where the case has raised funds, or a period that is a year.
    let tables: Vec<Value> = [FINANCIALS, LEDGER]
        .into_iter()
        .filter(|t| t.id != "ledger" || matches!(period, Period::Year(_)))
        .map(|t| context! { id => t.id, name => t.name, fields => t.typed(&loaded.files, period) })
        .collect();
    // The year's IP table: the case's rows, then the standard categories it lacks, empty.
    let ip: Vec<Value> = match period {
        Period::Year(_) => {
            let held = case.financials.get(&period).map(|y| y.intellectual_property.as_slice()).unwrap_or_default();
            let mut rows: Vec<(String, Vec<String>)> = held
                .iter()
                .map(|r| (r.category.clone(), [r.new_applied, r.new_granted, r.total_applied, r.total_granted].map(|n| n.to_string()).to_vec()))
                .collect();
            for category in IpRow::CATEGORIES {
                if !rows.iter().any(|(c, _)| c == category) {
                    rows.push((category.to_owned(), vec![String::new(); 4]));
                }
            }
            rows.into_iter().map(|(category, counts)| context! { category, counts }).collect()
        }
        Period::FirstHalf(_) => Vec::new(),
    };
    let ip_counts: Vec<Value> = IpRow::COUNTS.iter().map(|&(key, label)| context! { key, label }).collect();
    // The SZSE checklist of each regular inspection of the year, as answered so far.
    let szse = matches!(case.company.company.board, Board::SzseMain | Board::Chinext) && matches!(period, Period::Year(_));
    let checklists: Vec<Value> = log
        .filter(|_| szse)
        .map(|log| {
            log.inspections
                .iter()
                .enumerate()
                .filter(|(_, i)| i.kind == InspectionKind::Regular)
                .map(|(index, inspection)| {
                    let sections: Vec<Value> = dudao_render::szse_checklist()
                        .into_iter()
                        .map(|(number, title, items)| {
                            let held = inspection.checklist.get(number);
                            let items: Vec<Value> = (1..=items.len())
                                .zip(items)
                                .map(|(n, &text)| {
                                    let answer = held.and_then(|s| s.answers.get(&n.to_string())).map(|a| a.key()).unwrap_or_default();
                                    context! { n, text, answer }
                                })
                                .collect();
                            context! { number, title, methods => held.and_then(|s| s.methods.clone()).unwrap_or_default(), items }
                        })
                        .collect();
                    let date = inspection.date.map(|d| d.chinese()).unwrap_or_default();
                    context! { index, date, sections, issues => inspection.issues.clone().unwrap_or_default() }
                })
                .collect()
        })
        .unwrap_or_default();
    let answers: Vec<(&str, &str)> = dudao_model::choices::<ChecklistAnswer>();
    // Each raised-funds project's use in the year, as typed (`[projects.years.YEAR]`).
    let projects: Vec<Value> = match (period, loaded.files.get("funds.toml").and_then(|t| t.parse::<DocumentMut>().ok())) {
        (Period::Year(year), Some(doc)) => doc
            .get("projects")
            .and_then(Item::as_array_of_tables)
            .map(|all| {
                all.iter()
                    .map(|project| {
                        let of_year = project.get("years").and_then(|y| y.get(year.to_string())).and_then(Item::as_table);
                        let fields: Vec<Value> = PROJECT_YEAR_FIELDS
                            .iter()
                            .map(|&(key, label)| context! { key, label, text => of_year.and_then(|t| t.get(key)).map(|i| dudao_model::records::shown(Some(i))).unwrap_or_default() })
                            .collect();
                        context! { name => project.get("name").and_then(Item::as_str).unwrap_or_default(), fields }
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let c = context! { code => &loaded.company.code, short_name => &loaded.company.short_name };
    let problems_stated = log.is_some_and(|l| l.problems.is_some());
    let ctx = context! {
        c, period => period.to_string(), name => period.chinese(), items, documents, problems_stated, tables, ip, ip_counts, checklists, answers, projects,
        draft => format!("/c/{}/report/{}-{period}-draft.html", loaded.company.code, if matches!(period, Period::Year(_)) { "annual-tracking" } else { "semiannual-tracking" }),
        can_edit => session.user.role != Role::Reviewer, saved, error,
    };
    user_page(state, session, "period.html", ctx, status)
}

/// The company's case and the period, if the session may edit them with this form (its
/// CSRF token, a role that edits, a company it sees, a real period); else the answer.
async fn editable(state: &AppState, session: &Session, code: &str, period: &str, form: &[(String, String)], what: &str) -> Result<(Loaded, Period), Response> {
    if !form.iter().any(|(k, v)| k == "csrf" && session.csrf_ok(v)) {
        return Err(stale_form(state));
    }
    if session.user.role == Role::Reviewer {
        return Err(reviewers_cannot(state, what));
    }
    let loaded = load(state, session, code).await?;
    let period = Period::parse(period).map_err(|_| not_found_page(state))?;
    Ok((loaded, period))
}

/// Stores `change` of company `code` as an audited edit, then shows the period again.
async fn save(state: &AppState, session: &Session, code: &str, period: &str, files: &CaseFiles, change: FileChange, what: &str) -> Response {
    let mut edited = files.clone();
    edited.set(&change.path, change.text.clone());
    if let Err(e) = parse_case(FsPath::new(code), &edited) {
        return period_page(state, session, code, period, Shown { error: e.to_string(), ..Shown::default() }, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match state.store.update_case_files(code, &[change], &session.user.name, "case.update").await {
        Ok(()) => period_page(state, session, code, period, Shown { saved: what.to_owned(), ..Shown::default() }, StatusCode::OK).await,
        Err(e @ StoreError::Stale(_)) => {
            period_page(state, session, code, period, Shown { error: e.to_string(), ..Shown::default() }, StatusCode::CONFLICT).await
        }
        Err(e) => failure_page(state, e),
    }
}

/// `POST /c/{code}/period/{period}/items`: the work items as typed (`item:KEY`; an empty
/// one is removed), and `problems_none` to state that no problem was found.
pub async fn items(
    State(state): State<AppState>,
    session: Session,
    Path((code, period)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (loaded, parsed) = match editable(&state, &session, &code, &period, &form, "修改工作记录").await {
        Ok(both) => both,
        Err(response) => return response,
    };
    let path = format!("worklog/{parsed}.toml");
    let read = loaded.files.get(&path).map(str::to_owned);
    let Ok(mut doc) = read.as_deref().unwrap_or_default().parse::<DocumentMut>() else { return failure_page(&state, format!("{path} 无法解析")) };
    // A work log as `dudao new` starts it is comments only: they stay at its head.
    let head = if doc.as_table().is_empty() { read.clone().unwrap_or_default() } else { String::new() };
    if !head.is_empty() {
        doc.set_trailing("");
    }
    let table = doc.entry("items").or_insert(Item::Table(Table::new()));
    let Some(table) = table.as_table_mut() else { return failure_page(&state, format!("{path} 的 items 不是表")) };
    for key in loaded.case.company.company.board.work_items() {
        let Some((_, value)) = form.iter().find(|(k, _)| k.strip_prefix("item:") == Some(*key)) else { continue };
        let value = value.trim();
        if value.is_empty() {
            table.remove(key);
        } else {
            table.insert(key, toml_edit::value(value));
        }
    }
    if form.iter().any(|(k, _)| k == "problems_none") && !doc.contains_key("problems") {
        // A bare key of the root: written before the file's tables.
        doc.insert("problems", toml_edit::value(toml_edit::Array::new()));
    }
    let text = if head.is_empty() { doc.to_string() } else { format!("{}\n\n{doc}", head.trim_end()) };
    let change = FileChange { path, read, text };
    save(&state, &session, &loaded.company.code, &period, &loaded.files, change, "工作记录").await
}

/// Why an edit of a case file cannot be made: what it edits is gone (404), or the file is
/// not shaped as the case format says (a failure naming what).
enum Unfit {
    Gone,
    Shape(String),
}

/// Edits case file `path` as a TOML document (an absent file is an empty one) by `edit`,
/// then saves it as the period's audited change named `what`.
async fn edit_document(
    state: &AppState,
    session: &Session,
    loaded: &Loaded,
    period: &str,
    path: &str,
    what: &str,
    edit: impl FnOnce(&mut DocumentMut) -> Result<(), Unfit>,
) -> Response {
    let read = loaded.files.get(path).map(str::to_owned);
    let Ok(mut doc) = read.as_deref().unwrap_or_default().parse::<DocumentMut>() else { return failure_page(state, format!("{path} 无法解析")) };
    match edit(&mut doc) {
        Ok(()) => {}
        Err(Unfit::Gone) => return not_found_page(state),
        Err(Unfit::Shape(why)) => return failure_page(state, format!("{path} {why}")),
    }
    let change = FileChange { path: path.to_owned(), read, text: doc.to_string() };
    save(state, session, &loaded.company.code, period, &loaded.files, change, what).await
}

/// `table`'s table `key`, made (as a header of its sub-tables only) where absent.
fn table_in<'t>(table: &'t mut Table, key: &str) -> Result<&'t mut Table, Unfit> {
    let made = || {
        let mut implicit = Table::new();
        implicit.set_implicit(true);
        Item::Table(implicit)
    };
    table.entry(key).or_insert_with(made).as_table_mut().ok_or_else(|| Unfit::Shape(format!("的 {key} 不是表")))
}

/// A table of a period's figures: where it is kept, and its fields (key, Chinese label).
struct PeriodTable {
    /// The form's id and the URL's: `financials`, `ledger`.
    id: &'static str,
    /// As the page heads it.
    name: &'static str,
    /// The case file.
    file: &'static str,
    /// The tables above the period's own in that file (`ledger` for `[ledger.2023]`).
    parents: &'static [&'static str],
    /// Its fields (key, Chinese label), in the page's order.
    fields: fn() -> Vec<(&'static str, &'static str)>,
}

const LEDGER_FIELDS: &[(&str, &str)] = &[
    ("opening_balance", "期初专户余额"),
    ("opening_cash_management", "期初现金管理余额"),
    ("interest_net_of_fees", "本期利息收入扣除手续费净额"),
    ("project_spending", "本期募投项目支出"),
    ("cash_management_purchased", "本期购买现金管理产品"),
    ("cash_management_redeemed", "本期赎回现金管理产品"),
    ("closing_balance", "期末专户余额（所载）"),
    ("closing_cash_management", "期末现金管理余额（所载）"),
    ("accounts_total", "各专户余额合计（所载）"),
    ("cumulative_use", "累计使用募集资金"),
    ("unused", "尚未使用募集资金（所载）"),
    ("cash_management_products", "现金管理产品种类"),
];

/// The key metrics, then the other figures of the year.
const FINANCIALS: PeriodTable = PeriodTable {
    id: "financials",
    name: "主要财务数据",
    file: "financials.toml",
    parents: &[],
    fields: || dudao_model::METRICS.iter().map(|m| (m.key, m.labels[0])).chain(dudao_model::OTHER_FIGURES.iter().copied()).collect(),
};
const LEDGER: PeriodTable =
    PeriodTable { id: "ledger", name: "募集资金本期台账", file: "funds.toml", parents: &["ledger"], fields: || LEDGER_FIELDS.to_vec() };

impl PeriodTable {
    /// The period's table in `doc`, if it has one.
    fn of<'d>(&self, doc: &'d DocumentMut, period: Period) -> Option<&'d Table> {
        let mut table = doc.as_table();
        for parent in self.parents {
            table = table.get(parent)?.as_table()?;
        }
        table.get(&period.to_string())?.as_table()
    }

    /// The values as typed in `files`, by field, for the page.
    fn typed(&self, files: &CaseFiles, period: Period) -> Vec<Value> {
        let doc = files.get(self.file).and_then(|t| t.parse::<DocumentMut>().ok());
        let table = doc.as_ref().and_then(|d| self.of(d, period));
        (self.fields)()
            .into_iter()
            .map(|(key, label)| {
                let text = table.and_then(|t| t.get(key)).and_then(Item::as_str).unwrap_or_default().to_owned();
                context! { key, label, text }
            })
            .collect()
    }
}

/// `POST /c/{code}/period/{period}/table/{table}`: a table of the period's figures as typed
/// (`figure:KEY`, written as the case format writes them: `335,693,624.77`, `7.64%`,
/// `0.84亿`; an empty one is removed). The model checks each.
pub async fn table(
    State(state): State<AppState>,
    session: Session,
    Path((code, period, table)): Path<(String, String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Some(kind) = [FINANCIALS, LEDGER].into_iter().find(|t| t.id == table) else { return not_found_page(&state) };
    let (loaded, parsed) = match editable(&state, &session, &code, &period, &form, "修改数据").await {
        Ok(both) => both,
        Err(response) => return response,
    };
    edit_document(&state, &session, &loaded, &period, kind.file, kind.name, |doc| {
        let mut table = doc.as_table_mut();
        for parent in kind.parents {
            table = table_in(table, parent)?;
        }
        let table = table_in(table, &parsed.to_string())?;
        for (key, _) in (kind.fields)() {
            let Some((_, value)) = form.iter().find(|(k, _)| k.strip_prefix("figure:") == Some(key)) else { continue };
            match value.trim() {
                "" => table.remove(key),
                value => table.insert(key, toml_edit::value(value)),
            };
        }
        Ok(())
    })
    .await
}

/// `POST /c/{code}/period/{period}/ip`: the year's IP table as typed, a row per category
/// (`ip:N:category` and its four counts `ip:N:KEY`). A row left empty is not written; a
/// row filled in part is refused naming the category, never completed with zeros.
pub async fn ip(
    State(state): State<AppState>,
    session: Session,
    Path((code, period)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (loaded, parsed) = match editable(&state, &session, &code, &period, &form, "修改数据").await {
        Ok(both) => both,
        Err(response) => return response,
    };
    if !matches!(parsed, Period::Year(_)) {
        return not_found_page(&state);
    }
    let value = |name: String| form.iter().find(|(k, _)| *k == name).map(|(_, v)| v.trim()).unwrap_or_default();
    let mut rows = toml_edit::Array::new();
    for n in 0.. {
        let category = value(format!("ip:{n}:category"));
        if category.is_empty() && !form.iter().any(|(k, _)| k.starts_with(&format!("ip:{n}:"))) {
            break;
        }
        let counts: Vec<&str> = IpRow::COUNTS.iter().map(|(key, _)| value(format!("ip:{n}:{key}"))).collect();
        if counts.iter().all(|c| c.is_empty()) {
            continue;
        }
        let mut row = toml_edit::InlineTable::new();
        row.insert("category", category.into());
        for ((key, label), count) in IpRow::COUNTS.iter().zip(counts) {
            let Ok(count) = count.parse::<u32>() else {
                let error = format!("知识产权“{category}”的{label}应为非负整数，读到“{count}”（整行不填则不写入）");
                return period_page(&state, &session, &loaded.company.code, &period, Shown { error, ..Shown::default() }, StatusCode::UNPROCESSABLE_ENTITY)
                    .await;
            };
            row.insert(*key, i64::from(count).into());
        }
        row.decor_mut().set_prefix("\n  ");
        rows.push_formatted(toml_edit::Value::InlineTable(row));
    }
    rows.set_trailing("\n");
    rows.set_trailing_comma(true);
    edit_document(&state, &session, &loaded, &period, FINANCIALS.file, "知识产权", |doc| {
        let year = table_in(doc.as_table_mut(), &parsed.to_string())?;
        if rows.is_empty() {
            year.remove("intellectual_property");
        } else {
            year.insert("intellectual_property", toml_edit::value(rows));
        }
        Ok(())
    })
    .await
}

/// `POST /c/{code}/period/{period}/checklist/{index}`: the SZSE checklist of the year's
/// inspection `index` (its place among the work log's `[[inspections]]`) as answered: each
/// section's 现场检查手段 (`methods:一`), each item's answer (`answer:一:7`: yes, no or
/// not_applicable; left empty, unanswered) and the issues found (`issues`). The inspection
/// report asks for whatever is still unanswered.
pub async fn checklist(
    State(state): State<AppState>,
    session: Session,
    Path((code, period, index)): Path<(String, String, usize)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (loaded, parsed) = match editable(&state, &session, &code, &period, &form, "修改现场检查").await {
        Ok(both) => both,
        Err(response) => return response,
    };
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.replace("\r\n", "\n").trim().to_owned()).unwrap_or_default();
    let mut checklist = Table::new();
    checklist.set_implicit(true);
    for (number, _, items) in dudao_render::szse_checklist() {
        let mut section = Table::new();
        let methods = value(&format!("methods:{number}"));
        if !methods.is_empty() {
            section.insert("methods", toml_edit::value(methods));
        }
        let mut answers = toml_edit::InlineTable::new();
        for n in 1..=items.len() {
            let answer = value(&format!("answer:{number}:{n}"));
            if !answer.is_empty() {
                answers.insert(&*n.to_string(), answer.into());
            }
        }
        if !answers.is_empty() {
            section.insert("answers", toml_edit::value(answers));
        }
        if !section.is_empty() {
            checklist.insert(number, Item::Table(section));
        }
    }
    let issues = value("issues");
    edit_document(&state, &session, &loaded, &period, &format!("worklog/{parsed}.toml"), "现场检查表", |doc| {
        let inspection = doc.get_mut("inspections").and_then(Item::as_array_of_tables_mut).and_then(|a| a.get_mut(index)).ok_or(Unfit::Gone)?;
        if checklist.is_empty() {
            inspection.remove("checklist");
        } else {
            inspection.insert("checklist", Item::Table(checklist));
        }
        if issues.is_empty() {
            inspection.remove("issues");
        } else {
            inspection.insert("issues", toml_edit::value(issues));
        }
        Ok(())
    })
    .await
}

/// A raised-funds project's year as the period page asks for it (key, label): the funds put
/// in, the cumulative use as the report states it, the benefit and the two answers.
const PROJECT_YEAR_FIELDS: &[(&str, &str)] = &[
    ("used", "本年度投入金额"),
    ("cumulative", "截至期末累计投入金额（所载）"),
    ("benefit", "本年度实现的效益"),
    ("achieved", "是否达到预计效益（是、否或不适用）"),
    ("feasibility_changed", "项目可行性是否发生重大变化（是、否或不适用）"),
];

/// `POST /c/{code}/period/{period}/projects`: each raised-funds project's year as typed
/// (`project:N:KEY`, N its place among `[[projects]]`): written as `[projects.years.YEAR]`,
/// a project whose fields are all empty left without the year; the model checks each.
pub async fn projects(
    State(state): State<AppState>,
    session: Session,
    Path((code, period)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (loaded, parsed) = match editable(&state, &session, &code, &period, &form, "修改数据").await {
        Ok(both) => both,
        Err(response) => return response,
    };
    let Period::Year(year) = parsed else { return not_found_page(&state) };
    edit_document(&state, &session, &loaded, &period, "funds.toml", "募集资金承诺项目", |doc| {
        let projects = doc.get_mut("projects").and_then(Item::as_array_of_tables_mut).ok_or(Unfit::Gone)?;
        for (n, project) in projects.iter_mut().enumerate() {
            let typed = |key: &str| form.iter().find(|(k, _)| *k == format!("project:{n}:{key}")).map(|(_, v)| v.trim().to_owned());
            let years = table_in(project, "years")?;
            let mut of_year = years.get(&year.to_string()).and_then(Item::as_table).cloned().unwrap_or_default();
            for (key, _) in PROJECT_YEAR_FIELDS {
                match typed(key) {
                    Some(value) if value.is_empty() => {
                        of_year.remove(key);
                    }
                    Some(value) => {
                        of_year.insert(key, toml_edit::value(value));
                    }
                    None => {}
                }
            }
            if of_year.is_empty() {
                years.remove(&year.to_string());
            } else {
                years.insert(&year.to_string(), Item::Table(of_year));
            }
            if years.is_empty() {
                project.remove("years");
            }
        }
        Ok(())
    })
    .await
}

/// `POST /c/{code}/period/{period}/narrative/{stem}`: one narrative section as typed.
pub async fn narrative(
    State(state): State<AppState>,
    session: Session,
    Path((code, period, stem)): Path<(String, String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (loaded, parsed) = match editable(&state, &session, &code, &period, &form, "修改叙述").await {
        Ok(both) => both,
        Err(response) => return response,
    };
    let Some((_, heading)) = sections(&loaded.case, parsed).into_iter().flat_map(|(_, own)| own).find(|(s, _)| *s == stem) else {
        return not_found_page(&state);
    };
    let text = form.iter().find(|(k, _)| k == "text").map(|(_, v)| v.replace("\r\n", "\n")).unwrap_or_default();
    let path = format!("narrative/{parsed}/{stem}.md");
    let read = loaded.files.get(&path).map(str::to_owned);
    let text = if text.trim().is_empty() { String::new() } else { text.trim_end().to_owned() + "\n" };
    if form.iter().any(|(k, v)| k == "action" && v == "preview") {
        let shown = Shown { preview: Some((stem, text)), ..Shown::default() };
        return period_page(&state, &session, &loaded.company.code, &period, shown, StatusCode::OK).await;
    }
    let change = FileChange { path, read, text };
    save(&state, &session, &loaded.company.code, &period, &loaded.files, change, heading).await
}
