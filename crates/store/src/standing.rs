//! What the store holds outside case files — users (role, standing, e-mail, password),
//! assignments, sessions and company names — as the audit trail says it should be, and
//! the comparison of that with the tables: a row changed in the database behind dudao's
//! back (a reviewer made admin, a password hash replaced, a session inserted) is caught by
//! `verify_audit` like a changed case file.
//!
//! - A user's entries (`user.add`, `user.disable`, `user.enable`, `user.password`,
//!   `user.email`, and `user.state`, written once by migration 9 as the baseline) record
//!   the user's whole state after the change ([`user_state`]): the newest says what the
//!   table must hold. The password is recorded as the SHA-256 of its hash, never the hash.
//! - Assignments are replayed from `user.assign` and `user.unassign`.
//! - Each session row must have its `session.open` entry (user, token digest, expiry).
//! - A company's names are those of its `company.toml`, a case file the chain covers.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{AnyConnection, AnyPool, Row};

use crate::{AuditEntry, BrokenLink, StoreError, append_audit, sha256_hex};

/// The case file a company's names are read from.
pub(crate) const COMPANY_FILE: &str = "company.toml";

/// The actions whose entry records a user's whole state after it.
const USER_STATE_ACTIONS: [&str; 6] = ["user.add", "user.disable", "user.enable", "user.password", "user.email", "user.state"];

/// Each recorded field of a user, with the Chinese name a broken link gives it.
const USER_FIELDS: [(&str, &str); 4] = [("role", "角色"), ("disabled", "停用"), ("email", "电子邮箱"), ("password", "密码哈希")];

fn state_text(role: &str, disabled: i64, email: &str, password_hash: &str) -> String {
    format!("role = {role}\ndisabled = {}\nemail = {email}\npassword = sha256:{}\n", disabled != 0, sha256_hex(password_hash))
}

/// User `id`'s state as its audit entries record it, read inside the caller's change.
pub(crate) async fn user_state(conn: &mut AnyConnection, id: i64) -> Result<String, StoreError> {
    let row = sqlx::query("SELECT role, disabled, email, password_hash FROM users WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    Ok(state_text(
        &row.try_get::<String, _>("role")?,
        row.try_get("disabled")?,
        &row.try_get::<String, _>("email")?,
        &row.try_get::<String, _>("password_hash")?,
    ))
}

/// What a `session.open` entry records: the token's digest (as the table keeps it), the
/// expiry and the address logged in from.
pub(crate) fn session_state(digest: &str, expires_at: i64, address: &str) -> String {
    format!("session = {digest}\nexpires_at = {expires_at}\naddress = {address}\n")
}

fn fields(text: &str) -> BTreeMap<&str, &str> {
    text.lines().filter_map(|line| line.split_once(" = ")).collect()
}

/// The short name and full name a `company.toml` gives, if it gives both.
pub(crate) fn names_in(company_toml: &str) -> Option<(String, String)> {
    let table: toml::Table = toml::from_str(company_toml).ok()?;
    let company = table.get("company")?.as_table()?;
    Some((company.get("short_name")?.as_str()?.to_owned(), company.get("name")?.as_str()?.to_owned()))
}

/// Migration 9: before it, user entries did not record the user's state and sessions were
/// not audited. The state of every user is recorded as it stands (`user.state`), an
/// assignment the trail does not explain is recorded as made (or ended) now, and each
/// company's names are set from its `company.toml`; sessions end (by the migration's SQL).
/// From here on the tables are compared with the trail.
pub(crate) async fn record_baseline(conn: &mut AnyConnection) -> Result<(), StoreError> {
    let users = sqlx::query("SELECT id, name FROM users ORDER BY id").fetch_all(&mut *conn).await?;
    for row in &users {
        let (id, name): (i64, String) = (row.try_get("id")?, row.try_get("name")?);
        let state = user_state(conn, id).await?;
        append_audit(conn, "dudao", "", "user.state", &name, "", &state).await?;
    }
    let log = sqlx::query("SELECT action, company, subject FROM audit_log WHERE action IN ('user.assign', 'user.unassign') ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let mut replayed = BTreeSet::new();
    for row in &log {
        let pair: (String, String) = (row.try_get("subject")?, row.try_get("company")?);
        if row.try_get::<String, _>("action")? == "user.assign" {
            replayed.insert(pair);
        } else {
            replayed.remove(&pair);
        }
    }
    let held = assignments(conn).await?;
    for (name, code) in held.difference(&replayed) {
        append_audit(conn, "dudao", code, "user.assign", name, "", code).await?;
    }
    for (name, code) in replayed.difference(&held) {
        append_audit(conn, "dudao", code, "user.unassign", name, code, "").await?;
    }
    let files = sqlx::query("SELECT company_id, content FROM case_files WHERE path = $1").bind(COMPANY_FILE).fetch_all(&mut *conn).await?;
    for row in &files {
        if let Some((short_name, name)) = names_in(&row.try_get::<String, _>("content")?) {
            let id: i64 = row.try_get("company_id")?;
            sqlx::query("UPDATE companies SET short_name = $1, name = $2 WHERE id = $3").bind(short_name).bind(name).bind(id).execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Every assignment held, as (user name, company code).
async fn assignments(conn: &mut AnyConnection) -> Result<BTreeSet<(String, String)>, StoreError> {
    let rows = sqlx::query("SELECT u.name AS name, c.code AS code FROM assignments a JOIN users u ON u.id = a.user_id JOIN companies c ON c.id = a.company_id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("name")?, r.try_get("code")?))).collect()
}

/// The first row of the users, assignments, sessions or companies tables that differs from
/// what the audit trail `log` says (each entry's text after, by id, in `after`), if any.
/// `log` is a chain already found whole.
pub(crate) async fn compare(pool: &AnyPool, log: &[&AuditEntry], after: &HashMap<i64, &str>) -> Result<Option<BrokenLink>, StoreError> {
    let mut conn = pool.acquire().await?;
    let text = |entry: &AuditEntry| after.get(&entry.id).copied().unwrap_or("");

    // Users: the newest entry recording each one's state.
    let mut recorded: BTreeMap<&str, &AuditEntry> = BTreeMap::new();
    for entry in log.iter().filter(|e| USER_STATE_ACTIONS.contains(&e.action.as_str())) {
        recorded.insert(&entry.subject, entry);
    }
    let users = sqlx::query("SELECT name, role, disabled, email, password_hash FROM users ORDER BY name").fetch_all(&mut *conn).await?;
    let mut names = BTreeSet::new();
    for row in &users {
        let name: String = row.try_get("name")?;
        let held = state_text(
            &row.try_get::<String, _>("role")?,
            row.try_get("disabled")?,
            &row.try_get::<String, _>("email")?,
            &row.try_get::<String, _>("password_hash")?,
        );
        let Some(entry) = recorded.get(name.as_str()) else {
            return Ok(Some(BrokenLink { id: 0, reason: format!("用户 {name} 没有任何审计记录：用户表被直接改动") }));
        };
        let (held, said) = (fields(&held), fields(text(entry)));
        if let Some((_, label)) = USER_FIELDS.iter().find(|(key, _)| held.get(key) != said.get(key)) {
            let id = entry.id;
            return Ok(Some(BrokenLink {
                id, reason: format!("用户 {name} 的{label}与审计日志第 {id} 条记录的不符：用户表被直接改动")
            }));
        }
        names.insert(name);
    }
    if let Some((name, entry)) = recorded.iter().find(|(name, _)| !names.contains(**name)) {
        let id = entry.id;
        return Ok(Some(BrokenLink { id, reason: format!("审计日志第 {id} 条记录的用户 {name} 在数据库中缺失：用户表被直接改动") }));
    }

    // Assignments, replayed.
    let mut replayed: BTreeMap<(String, String), i64> = BTreeMap::new();
    for entry in log {
        let pair = (entry.subject.clone(), entry.company.clone());
        match entry.action.as_str() {
            "user.assign" => {
                replayed.insert(pair, entry.id);
            }
            "user.unassign" => {
                replayed.remove(&pair);
            }
            _ => {}
        }
    }
    let held = assignments(&mut conn).await?;
    if let Some((name, code)) = held.iter().find(|pair| !replayed.contains_key(*pair)) {
        return Ok(Some(BrokenLink {
            id: 0, reason: format!("用户 {name} 被分配了公司 {code}，审计日志中没有这次分配：分配表被直接改动")
        }));
    }
    if let Some(((name, code), id)) = replayed.iter().find(|(pair, _)| !held.contains(*pair)) {
        return Ok(Some(BrokenLink {
            id: *id, reason: format!("审计日志第 {id} 条分配给用户 {name} 的公司 {code} 在数据库中缺失：分配表被直接改动")
        }));
    }

    // Sessions: each open one must have been opened by dudao, for its user, until its expiry.
    let opened: HashMap<(&str, &str, &str), ()> = log
        .iter()
        .filter(|e| e.action == "session.open")
        .filter_map(|e| {
            let said = fields(text(e));
            Some(((e.subject.as_str(), *said.get("session")?, *said.get("expires_at")?), ()))
        })
        .collect();
    let sessions = sqlx::query("SELECT u.name AS name, s.token AS token, s.expires_at AS expires_at FROM sessions s JOIN users u ON u.id = s.user_id")
        .fetch_all(&mut *conn)
        .await?;
    for row in &sessions {
        let (name, token, expires_at): (String, String, i64) = (row.try_get("name")?, row.try_get("token")?, row.try_get("expires_at")?);
        if !opened.contains_key(&(name.as_str(), token.as_str(), expires_at.to_string().as_str())) {
            let until = jiff::Timestamp::from_second(expires_at).map_or_else(|_| expires_at.to_string(), |t| t.to_string());
            return Ok(Some(BrokenLink {
                id: 0, reason: format!("用户 {name} 的一个登录会话（至 {until}）没有相应的审计记录：会话表被直接改动")
            }));
        }
    }

    // Company names, from the company.toml the chain has covered.
    let companies = sqlx::query(
        "SELECT c.code AS code, c.short_name AS short_name, c.name AS name, f.content AS content \
         FROM companies c LEFT JOIN case_files f ON f.company_id = c.id AND f.path = $1 ORDER BY c.code",
    )
    .bind(COMPANY_FILE)
    .fetch_all(&mut *conn)
    .await?;
    for row in &companies {
        let (code, short_name, name): (String, String, String) = (row.try_get("code")?, row.try_get("short_name")?, row.try_get("name")?);
        let content: Option<String> = row.try_get("content")?;
        if content.as_deref().and_then(names_in) != Some((short_name.clone(), name.clone())) {
            return Ok(Some(BrokenLink {
                id: 0, reason: format!("公司 {code} 的简称或名称（{short_name}，{name}）与其 company.toml 不符：公司表被直接改动")
            }));
        }
    }
    Ok(None)
}
