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
//! - Each comment is its `comment.add` entry; each signed-off document version its
//!   `document.sign_off` (the digests of the facts and the document) and `document.issue`.

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

/// What a `document.sign_off` entry records of version `id`: its number and the digests of
/// the facts and of the document.
pub(crate) fn sign_off_record(id: i64, facts_sha256: &str, markdown: &str) -> String {
    format!("版本 {id}；案卷摘要 {facts_sha256}；文书摘要 {}", sha256_hex(markdown))
}

/// What a `document.issue` entry records of version `id`.
pub(crate) fn issue_record(id: i64) -> String {
    format!("版本 {id}")
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
    let rows = sqlx::query("SELECT id, action, company, subject FROM audit_log WHERE action IN ('user.assign', 'user.unassign') ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let mut log = Vec::with_capacity(rows.len());
    for row in &rows {
        log.push((
            row.try_get::<i64, _>("id")?,
            row.try_get::<String, _>("action")?,
            row.try_get::<String, _>("subject")?,
            row.try_get::<String, _>("company")?,
        ));
    }
    let replayed: BTreeSet<(String, String)> =
        replay_assignments(log.iter().map(|(id, action, name, code)| (*id, action.as_str(), name.as_str(), code.as_str()))).into_keys().collect();
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

/// The assignments the trail's entries (id, action, user name, company code) leave in force,
/// each with the id of the entry that made it.
fn replay_assignments<'a>(entries: impl Iterator<Item = (i64, &'a str, &'a str, &'a str)>) -> BTreeMap<(String, String), i64> {
    let mut replayed = BTreeMap::new();
    for (id, action, name, code) in entries {
        match action {
            "user.assign" => {
                replayed.insert((name.to_owned(), code.to_owned()), id);
            }
            "user.unassign" => {
                replayed.remove(&(name.to_owned(), code.to_owned()));
            }
            _ => {}
        }
    }
    replayed
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
    let replayed = replay_assignments(log.iter().map(|e| (e.id, e.action.as_str(), e.subject.as_str(), e.company.as_str())));
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

    // The team's review: each comment is its `comment.add` entry, each signed-off version its
    // `document.sign_off` (digests of the facts and the document) and, once issued, its
    // `document.issue`.
    let mut said: Vec<(&str, &str, &str, &str)> =
        log.iter().filter(|e| e.action == "comment.add").map(|e| (e.company.as_str(), e.subject.as_str(), e.actor.as_str(), text(e))).collect();
    let comments =
        sqlx::query("SELECT c.code AS code, m.subject AS subject, m.author AS author, m.body AS body FROM comments m JOIN companies c ON c.id = m.company_id")
            .fetch_all(&mut *conn)
            .await?;
    for row in &comments {
        let (code, subject, author, body): (String, String, String, String) =
            (row.try_get("code")?, row.try_get("subject")?, row.try_get("author")?, row.try_get("body")?);
        match said.iter().position(|c| *c == (code.as_str(), subject.as_str(), author.as_str(), body.as_str())) {
            Some(at) => {
                said.swap_remove(at);
            }
            None => {
                return Ok(Some(BrokenLink {
                    id: 0, reason: format!("公司 {code} 的一条评论（{author}）没有相应的审计记录：评论表被直接改动")
                }));
            }
        }
    }
    if let Some((code, _, author, _)) = said.first() {
        return Ok(Some(BrokenLink {
            id: 0, reason: format!("审计日志记录的公司 {code} 的一条评论（{author}）在数据库中缺失：评论表被直接改动")
        }));
    }
    let versions = sqlx::query(
        "SELECT v.id AS id, c.code AS code, v.document AS document, v.facts_sha256 AS facts, v.markdown AS markdown, v.signed_by AS signed_by, \
         v.issued_by AS issued_by FROM document_versions v JOIN companies c ON c.id = v.company_id ORDER BY v.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let entry_of = |action: &str, code: &str, document: &str, actor: &str, record: &str| {
        log.iter().any(|e| e.action == action && e.company == code && e.subject == document && e.actor == actor && text(e) == record)
    };
    for row in &versions {
        let (id, code, document): (i64, String, String) = (row.try_get("id")?, row.try_get("code")?, row.try_get("document")?);
        let (facts, markdown, signed_by): (String, String, String) = (row.try_get("facts")?, row.try_get("markdown")?, row.try_get("signed_by")?);
        let issued_by: Option<String> = row.try_get("issued_by")?;
        let signed = entry_of("document.sign_off", &code, &document, &signed_by, &sign_off_record(id, &facts, &markdown));
        let issued = issued_by.as_deref().is_none_or(|actor| entry_of("document.issue", &code, &document, actor, &issue_record(id)));
        if !signed || !issued {
            return Ok(Some(BrokenLink {
                id: 0,
                reason: format!("公司 {code} 的文书 {document} 版本 {id} 与审计日志记录的签核或出具不符：文书版本表被直接改动"),
            }));
        }
    }
    let kept = log.iter().filter(|e| e.action == "document.sign_off").count();
    if kept != versions.len() {
        return Ok(Some(BrokenLink {
            id: 0, reason: format!("审计日志记录了 {kept} 次签核，数据库中有 {} 个文书版本：文书版本表被直接改动", versions.len())
        }));
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
