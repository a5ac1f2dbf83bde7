//! The team store: supervised companies with their case files, users with roles and
//! assignments, sessions, and an append-only audit log in which every entry carries the
//! hash of the one before, so a quiet edit breaks the chain.
//!
//! Two engines behind one interface ([`Store`]): SQLite (embedded, the default: one file)
//! and PostgreSQL (the team server). Queries are written once (sqlx's `Any` driver with
//! `$1` placeholders), and so is the schema (`migrations/schema.sql`), applied on open.
//!
//! Decisions:
//! - A case is kept as its files (`CaseFiles`), so export gives back exactly what was
//!   imported, and every change of a file is an entry of the audit log.
//! - A file's entry stores a reversible line patch ([`Patch`]) and the digest of the text
//!   it left, not the texts: the log grows with the size of the changes. Its hash still
//!   covers both whole texts, which `verify_audit` rebuilds from the file as stored now.
//! - Nothing is stored that the model refuses: callers parse a case before saving it.
//! - Only this crate knows SQL.

mod patch;
mod reviews;
mod standing;

use std::collections::HashMap;
use std::fmt;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use dudao_model::CaseFiles;
use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyConnection, AnyPool, Row, Transaction};

pub use patch::{Hunk, Patch, PatchMismatch};
pub use reviews::{Comment, DocumentVersion, case_digest};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist (or is not visible to the user).
    #[error("未找到：{0}")]
    NotFound(String),
    /// It exists already.
    #[error("已存在：{0}")]
    Conflict(String),
    /// A short name typed for a company names several.
    #[error("简称“{0}”对应多家公司（{1}），请用股票代码")]
    Ambiguous(String, String),
    /// What was asked is not allowed in the state things are in (a version issued twice).
    #[error("{0}")]
    Refused(String),
    /// A case file changed after the caller read it.
    #[error("{0} 已被他人修改，请刷新页面后重新填写")]
    Stale(String),
    /// The database URL is not one dudao can use.
    #[error("数据库地址无效：{0}（应为 sqlite:路径 或 postgres://…）")]
    BadUrl(String),
    /// The database failed.
    #[error("数据库错误：{0}")]
    Database(#[from] sqlx::Error),
    /// The database holds no dudao store (a new, empty or other database).
    #[error(
        "数据库 {0} 中没有督导工作台的数据（新建、空白或并非 dudao 的数据库）：首次启动请加 --init 新建；若本应有数据，请检查 --database 是否指错或从备份恢复"
    )]
    NotInitialized(String),
    /// The database file is damaged (truncated, overwritten, not a database).
    #[error("数据库已损坏：{0}：请停止使用该文件，从备份恢复")]
    Damaged(String),
}

/// The database engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// SQLite, embedded.
    Sqlite,
    /// PostgreSQL, a server.
    Postgres,
}

/// What a user may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Manages users and assignments; sees every company.
    Admin,
    /// Edits the companies assigned to them.
    Representative,
    /// Reads the companies assigned to them and signs off their documents (质控).
    Reviewer,
}

impl Role {
    /// `admin`, `representative`, `reviewer`.
    pub fn id(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Representative => "representative",
            Role::Reviewer => "reviewer",
        }
    }

    /// Parses a role id.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "representative" => Some(Role::Representative),
            "reviewer" => Some(Role::Reviewer),
            _ => None,
        }
    }

    /// The Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Representative => "保荐代表人",
            Role::Reviewer => "复核人员",
        }
    }
}

/// One case file to replace: its path, its text as the caller read it (`None`: absent),
/// and its new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// `events.toml`, `worklog/2023.toml`.
    pub path: String,
    /// The text the change was made from.
    pub read: Option<String>,
    /// The new text.
    pub text: String,
}

/// A user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether the user is disabled: no login, no session, no feed.
    pub disabled: bool,
}

/// A supervised company in the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Company {
    /// Row id.
    pub id: i64,
    /// Stock code.
    pub code: String,
    /// Short name.
    pub short_name: String,
    /// Full name.
    pub name: String,
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub id: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// The company's code, or empty for entries about users.
    pub company: String,
    /// What: `case.import`, `case.update`, `user.add`, `user.assign`, `user.unassign`,
    /// `user.password`.
    pub action: String,
    /// What it was done to: a case file's path, a user's name.
    pub subject: String,
    /// What changed, line by line, from the text before (empty for an addition) to the
    /// text after.
    pub change: Patch,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// The first entry whose hash does not match its content or its predecessor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    /// The id of the entry concerned.
    pub id: i64,
    /// What is wrong, in Chinese, naming the entry (or the file).
    pub reason: String,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Why `password` may not be used, if it may not: it must have 8 characters or more.
pub fn password_problem(password: &str) -> Option<&'static str> {
    (password.chars().count() < 8).then_some("密码至少 8 个字符")
}

/// Why `name` may not be a user's name, if it may not: 1 to 32 characters, none of them a
/// space, a control character or one that prints as nothing (a zero-width space would make
/// “adm\u{200b}in” look like “admin”), and written as NFKC writes it (full-width “ａｄｍｉｎ”
/// is “admin”, which [`canonical_name`] makes of it at login).
pub fn name_problem(name: &str) -> Option<&'static str> {
    let invisible = |c: char| {
        c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
    };
    let length = name.chars().count();
    if length == 0 || length > 32 {
        Some("用户名应为 1 到 32 个字符")
    } else if name.chars().any(invisible) {
        Some("用户名不能含空格、控制字符或不可见字符")
    } else if canonical_name(name) != name {
        Some("用户名不能含全角或兼容形式的字符（如全角字母、带圈数字）：请用其标准写法")
    } else {
        None
    }
}

/// The user name a person meant by what they typed at login: trimmed and in NFKC, the form
/// every stored name has ([`name_problem`]), so “ａｄｍｉｎ” is “admin” and is throttled as it.
pub fn canonical_name(typed: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    typed.trim().nfkc().collect()
}

/// The store.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl Store {
    /// Opens (creating if needed) the store at `url` — `sqlite:PATH` or
    /// `postgres://user:password@host/database` — and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let store = Store::connect(url, true).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the store at `url` only if it is one: a missing or empty database, one
    /// without dudao's tables, or a damaged SQLite file is refused with what is wrong. For
    /// a server, which must never start on nothing and look as if the data were gone.
    pub async fn open_existing(url: &str) -> Result<Store, StoreError> {
        let store = Store::connect(url, false).await?;
        let version = sqlx::query("SELECT MAX(version) AS v FROM schema_version").fetch_one(&store.pool).await;
        match version {
            Ok(row) if row.try_get::<Option<i64>, _>("v").ok().flatten().is_some() => {}
            Ok(_) => return Err(StoreError::NotInitialized(url.to_owned())),
            Err(e) if is_damage(&e) => return Err(StoreError::Damaged(format!("{url}（{e}）"))),
            Err(_) => return Err(StoreError::NotInitialized(url.to_owned())),
        }
        if store.engine == Engine::Sqlite {
            let check = sqlx::query("PRAGMA quick_check").fetch_all(&store.pool).await.map_err(|e| StoreError::Damaged(format!("{url}（{e}）")))?;
            let found: Vec<String> = check.iter().filter_map(|r| r.try_get::<String, _>(0).ok()).filter(|line| line != "ok").collect();
            if !found.is_empty() {
                return Err(StoreError::Damaged(format!("{url}（{}）", found.join("；"))));
            }
        }
        store.migrate().await?;
        Ok(store)
    }

    async fn connect(given: &str, create: bool) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (engine, url) = if let Some(path) = given.strip_prefix("sqlite:") {
            if !create && std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
                return Err(StoreError::NotInitialized(format!("sqlite:{path}（0 字节的空文件）")));
            }
            (Engine::Sqlite, format!("sqlite:{path}?mode={}", if create { "rwc" } else { "rw" }))
        } else if given.starts_with("postgres://") || given.starts_with("postgresql://") {
            (Engine::Postgres, given.to_owned())
        } else {
            return Err(StoreError::BadUrl(given.to_owned()));
        };
        let mut options = AnyPoolOptions::new().max_connections(8);
        if engine == Engine::Sqlite {
            // Changes are serialised on SQLite's one write lock (`begin_change`): a writer
            // queued behind many others waits its turn rather than failing after sqlx's
            // default 5 s, which a busy machine reached with sixteen at once.
            options = options.after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("PRAGMA busy_timeout = 30000").execute(conn).await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(&url).await.map_err(|e| match e {
            e if is_damage(&e) => StoreError::Damaged(format!("{given}（{e}）")),
            e if !create && engine == Engine::Sqlite => StoreError::NotInitialized(format!("{given}（{e}）")),
            e => StoreError::Database(e),
        })?;
        if engine == Engine::Sqlite {
            // Write-ahead logging lets readers go on while one change is written; the mode
            // is kept in the file, so this only matters the first time.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await
                .map_err(|e| if is_damage(&e) { StoreError::Damaged(format!("{given}（{e}）")) } else { e.into() })?;
        }
        Ok(Store { pool, engine })
    }

    /// Closes every connection, waiting for them (SQLite writes its log back into the
    /// database file when the last one closes).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The engine.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        /// The schema's versions, each a file of statements applied once, in order.
        const MIGRATIONS: &[(i64, &str)] = &[
            (1, include_str!("../migrations/schema.sql")),
            (2, include_str!("../migrations/002-audit-index.sql")),
            (3, include_str!("../migrations/003-user-disabled.sql")),
            (4, include_str!("../migrations/004-company-revision.sql")),
            (5, include_str!("../migrations/005-audit-patches.sql")),
            (6, include_str!("../migrations/006-reviews.sql")),
            (7, include_str!("../migrations/007-user-email.sql")),
            (8, include_str!("../migrations/008-session-digests.sql")),
            (9, include_str!("../migrations/009-audited-standing.sql")),
        ];
        sqlx::query("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)").execute(&self.pool).await?;
        let applied: i64 =
            sqlx::query("SELECT MAX(version) AS v FROM schema_version").fetch_one(&self.pool).await?.try_get::<Option<i64>, _>("v").ok().flatten().unwrap_or(0);
        for (version, text) in MIGRATIONS.iter().filter(|(v, _)| *v > applied) {
            let mut tx = self.pool.begin().await?;
            for statement in text.split(';') {
                let sql: Vec<&str> = statement.lines().filter(|l| !l.trim_start().starts_with("--")).collect();
                let sql = sql.join("\n");
                if !sql.trim().is_empty() {
                    // Our own schema files, compiled in.
                    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
                }
            }
            let patched = if *version == 5 { keep_file_entries_as_patches(&mut tx).await? } else { 0 };
            if *version == 9 {
                standing::record_baseline(&mut tx).await?;
            }
            sqlx::query("INSERT INTO schema_version (version) VALUES ($1)").bind(version).execute(&mut *tx).await?;
            tx.commit().await?;
            if patched > 0 && self.engine == Engine::Sqlite {
                // Give the space of the whole texts back (PostgreSQL's autovacuum does).
                sqlx::query("VACUUM").execute(&self.pool).await?;
            }
        }
        Ok(())
    }

    // ---- companies and cases -------------------------------------------------------

    /// Stores a case (already parsed by the caller) under its company, replacing the
    /// files of a company imported before; every file that changes is logged, all in one
    /// transaction.
    pub async fn import_case(&self, company: &dudao_model::Company, files: &CaseFiles, actor: &str) -> Result<Company, StoreError> {
        let code = company.stock_code.as_str();
        let mut tx = self.begin_change().await?;
        let stored = match find_company(&mut tx, code).await? {
            Some(c) => c,
            None => {
                let id = next_id(&mut tx, "companies").await?;
                sqlx::query("INSERT INTO companies (id, code, short_name, name) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(code)
                    .bind(&company.short_name)
                    .bind(&company.name)
                    .execute(&mut *tx)
                    .await?;
                Company { id, code: code.to_owned(), short_name: company.short_name.clone(), name: company.name.clone() }
            }
        };
        let before = files_of(&mut tx, stored.id).await?;
        for (path, text) in files.iter() {
            write_file(&mut tx, &stored, path, text, before.get(path), actor, "case.import").await?;
        }
        let stored = find_company(&mut tx, code).await?.expect("the company was found or added in this change");
        tx.commit().await?;
        Ok(stored)
    }

    /// Replaces case files of company `code` — each [`FileChange`] says what the caller
    /// read (`None`: absent) and the new text (already validated by the caller) — logging
    /// before and after of each under `action`, all in one transaction. If any file
    /// changed since the caller read it, nothing is written and the answer is
    /// [`StoreError::Stale`]: two people editing at once never silently lose one's change.
    pub async fn update_case_files(&self, code: &str, changes: &[FileChange], actor: &str, action: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_change().await?;
        let company = find_company(&mut tx, code).await?.ok_or_else(|| StoreError::NotFound(format!("公司 {code}")))?;
        let before = files_of(&mut tx, company.id).await?;
        for change in changes {
            if before.get(&change.path) != change.read.as_deref() {
                return Err(StoreError::Stale(format!("{code} 的 {}", change.path)));
            }
            write_file(&mut tx, &company, &change.path, &change.text, before.get(&change.path), actor, action).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The company with stock code `code`.
    pub async fn company(&self, code: &str) -> Result<Company, StoreError> {
        let mut conn = self.pool.acquire().await?;
        find_company(&mut conn, code).await?.ok_or_else(|| StoreError::NotFound(format!("公司 {code}")))
    }

    /// The stock code a user meant by `word`, typed on the command line: a code the store
    /// holds, else the short name of exactly one company. Only for reading what a person
    /// typed; every write is addressed by the code this returns.
    pub async fn code_of(&self, word: &str) -> Result<String, StoreError> {
        let rows = sqlx::query("SELECT code FROM companies WHERE code = $1 OR short_name = $1 ORDER BY code").bind(word).fetch_all(&self.pool).await?;
        let codes = rows.iter().map(|r| r.try_get::<String, _>("code")).collect::<Result<Vec<_>, _>>()?;
        match codes.as_slice() {
            _ if codes.iter().any(|code| code == word) => Ok(word.to_owned()),
            [code] => Ok(code.clone()),
            [] => Err(StoreError::NotFound(format!("公司 {word}"))),
            several => Err(StoreError::Ambiguous(word.to_owned(), several.join("、"))),
        }
    }

    /// Every company, by code.
    pub async fn companies(&self) -> Result<Vec<Company>, StoreError> {
        let rows = sqlx::query("SELECT id, code, short_name, name FROM companies ORDER BY code").fetch_all(&self.pool).await?;
        rows.iter().map(|r| company_from(r).map_err(StoreError::from)).collect()
    }

    /// The case files of company `code`.
    pub async fn case_files(&self, code: &str) -> Result<CaseFiles, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let company = find_company(&mut conn, code).await?.ok_or_else(|| StoreError::NotFound(format!("公司 {code}")))?;
        files_of(&mut conn, company.id).await
    }

    /// A revision of each company's case: the id of its latest audit entry, which changes
    /// with every change to its files (each is logged in the same transaction, which also
    /// keeps the revision beside the company), so the cost does not grow with the log.
    pub async fn case_revisions(&self) -> Result<std::collections::HashMap<String, i64>, StoreError> {
        let rows = sqlx::query("SELECT code, revision FROM companies").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((r.try_get("code")?, r.try_get("revision")?))).collect()
    }

    // ---- users ----------------------------------------------------------------------

    /// Adds a user with an argon2id hash of `password`.
    pub async fn add_user(&self, name: &str, role: Role, password: &str, actor: &str) -> Result<User, StoreError> {
        if let Some(problem) = name_problem(name) {
            return Err(StoreError::Refused(problem.to_owned()));
        }
        if self.user(name).await.is_ok() {
            return Err(StoreError::Conflict(format!("用户 {name}")));
        }
        let hash = Argon2::default().hash_password(password.as_bytes()).expect("argon2 hashes any password").to_string();
        let mut tx = self.begin_change().await?;
        let id = next_id(&mut tx, "users").await?;
        sqlx::query("INSERT INTO users (id, name, role, password_hash) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(name)
            .bind(role.id())
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        let after = standing::user_state(&mut tx, id).await?;
        append_audit(&mut tx, actor, "", "user.add", name, "", &after).await?;
        tx.commit().await?;
        Ok(User { id, name: name.to_owned(), role, disabled: false })
    }

    /// The user called `name`.
    pub async fn user(&self, name: &str) -> Result<User, StoreError> {
        let row = sqlx::query("SELECT id, name, role, disabled FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("用户 {name}")))?;
        Ok(user_from(&row)?)
    }

    /// The user, if `password` is theirs (`name` as typed at login: see [`canonical_name`]).
    /// Slowing down repeated attempts is the caller's.
    pub async fn check_password(&self, name: &str, password: &str) -> Result<Option<User>, StoreError> {
        let name = canonical_name(name);
        let name = name.as_str();
        let Some(row) = sqlx::query("SELECT id, name, role, disabled, password_hash FROM users WHERE name = $1").bind(name).fetch_optional(&self.pool).await?
        else {
            // As slow as a wrong password, so the answer's time does not tell who exists.
            static UNKNOWN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            let hash = UNKNOWN.get_or_init(|| Argon2::default().hash_password(b"no such user").expect("argon2 hashes").to_string());
            let parsed = PasswordHash::new(hash).expect("a hash made here parses");
            let _ = Argon2::default().verify_password(password.as_bytes(), &parsed);
            return Ok(None);
        };
        let hash: String = row.try_get("password_hash")?;
        let ok = PasswordHash::new(&hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok());
        // A disabled user's right password opens nothing, and takes as long as any other.
        Ok(ok.then(|| user_from(&row)).transpose()?.filter(|user| !user.disabled))
    }

    /// Every user, by name, with the codes of the companies assigned to them.
    pub async fn users(&self) -> Result<Vec<(User, Vec<String>)>, StoreError> {
        let rows = sqlx::query("SELECT id, name, role, disabled FROM users ORDER BY name").fetch_all(&self.pool).await?;
        let assigned =
            sqlx::query("SELECT a.user_id, c.code FROM assignments a JOIN companies c ON c.id = a.company_id ORDER BY c.code").fetch_all(&self.pool).await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in &rows {
            let user = user_from(row)?;
            let codes = assigned
                .iter()
                .filter(|a| a.try_get::<i64, _>("user_id").is_ok_and(|id| id == user.id))
                .map(|a| a.try_get::<String, _>("code"))
                .collect::<Result<Vec<_>, _>>()?;
            users.push((user, codes));
        }
        Ok(users)
    }

    /// Disables user `name` (or enables them again): a disabled user cannot log in, and
    /// their sessions and calendar feed end at once. Logged as `user.disable`/`user.enable`.
    pub async fn set_disabled(&self, name: &str, disabled: bool, actor: &str) -> Result<(), StoreError> {
        let user = self.user(name).await?;
        let mut tx = self.begin_change().await?;
        let before = standing::user_state(&mut tx, user.id).await?;
        sqlx::query("UPDATE users SET disabled = $1, feed_token = NULL WHERE id = $2").bind(i64::from(disabled)).bind(user.id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
        let after = standing::user_state(&mut tx, user.id).await?;
        append_audit(&mut tx, actor, "", if disabled { "user.disable" } else { "user.enable" }, name, &before, &after).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces `user`'s password and ends all their sessions (the caller may open a new
    /// one). The audit log records the digest of the new hash, never the password or the
    /// hash itself.
    pub async fn set_password(&self, user: &User, password: &str, actor: &str) -> Result<(), StoreError> {
        let hash = Argon2::default().hash_password(password.as_bytes()).expect("argon2 hashes any password").to_string();
        let mut tx = self.begin_change().await?;
        let before = standing::user_state(&mut tx, user.id).await?;
        // A new password also ends the calendar feed: its secret may have leaked with the old one.
        sqlx::query("UPDATE users SET password_hash = $1, feed_token = NULL WHERE id = $2").bind(&hash).bind(user.id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
        let after = standing::user_state(&mut tx, user.id).await?;
        append_audit(&mut tx, actor, "", "user.password", &user.name, &before, &after).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the e-mail address user `name` receives the daily digest at (empty: none).
    pub async fn set_email(&self, name: &str, email: &str, actor: &str) -> Result<(), StoreError> {
        let user = self.user(name).await?;
        let mut tx = self.begin_change().await?;
        let before = standing::user_state(&mut tx, user.id).await?;
        sqlx::query("UPDATE users SET email = $1 WHERE id = $2").bind(email).bind(user.id).execute(&mut *tx).await?;
        let after = standing::user_state(&mut tx, user.id).await?;
        append_audit(&mut tx, actor, "", "user.email", name, &before, &after).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The users who receive the daily digest, with their addresses: enabled, with one.
    pub async fn emails(&self) -> Result<Vec<(User, String)>, StoreError> {
        let rows =
            sqlx::query("SELECT id, name, role, disabled, email FROM users WHERE email <> '' AND disabled = 0 ORDER BY name").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((user_from(r)?, r.try_get("email")?))).collect()
    }

    /// Assigns company `code` to user `name`.
    pub async fn assign(&self, name: &str, code: &str, actor: &str) -> Result<(), StoreError> {
        let (user, company) = (self.user(name).await?, self.company(code).await?);
        if self.is_assigned(&user, &company).await? {
            return Ok(());
        }
        let mut tx = self.begin_change().await?;
        sqlx::query("INSERT INTO assignments (user_id, company_id) VALUES ($1, $2)").bind(user.id).bind(company.id).execute(&mut *tx).await?;
        append_audit(&mut tx, actor, &company.code, "user.assign", name, "", &company.code).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes company `code` away from user `name`.
    pub async fn unassign(&self, name: &str, code: &str, actor: &str) -> Result<(), StoreError> {
        let (user, company) = (self.user(name).await?, self.company(code).await?);
        if !self.is_assigned(&user, &company).await? {
            return Ok(());
        }
        let mut tx = self.begin_change().await?;
        sqlx::query("DELETE FROM assignments WHERE user_id = $1 AND company_id = $2").bind(user.id).bind(company.id).execute(&mut *tx).await?;
        append_audit(&mut tx, actor, &company.code, "user.unassign", name, &company.code, "").await?;
        tx.commit().await?;
        Ok(())
    }

    async fn is_assigned(&self, user: &User, company: &Company) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 AS one FROM assignments WHERE user_id = $1 AND company_id = $2")
            .bind(user.id)
            .bind(company.id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// The companies `user` may see: all for an admin, else those assigned.
    pub async fn companies_of(&self, user: &User) -> Result<Vec<Company>, StoreError> {
        if user.role == Role::Admin {
            return self.companies().await;
        }
        let rows = sqlx::query(
            "SELECT c.id, c.code, c.short_name, c.name FROM companies c \
             JOIN assignments a ON a.company_id = c.id WHERE a.user_id = $1 ORDER BY c.code",
        )
        .bind(user.id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| company_from(r).map_err(StoreError::from)).collect()
    }

    /// Company `code` if `user` may see it; otherwise not found, whether or not it exists.
    pub async fn company_for(&self, user: &User, code: &str) -> Result<Company, StoreError> {
        let company = self.company(code).await?;
        if user.role == Role::Admin || self.is_assigned(user, &company).await? { Ok(company) } else { Err(StoreError::NotFound(format!("公司 {code}"))) }
    }

    // ---- sessions and calendar feeds -----------------------------------------------------

    /// Opens a session for `user`, logged in from `address`, from `now` until `expires_at`
    /// (Unix seconds), with its CSRF token; sessions that ended before `now` are dropped on
    /// the way. The session is kept by the SHA-256 of `token`, never the token itself, and
    /// its opening is an audit entry (`session.open`); `address` is remembered as one the
    /// user has logged in from ([`Store::has_logged_in_from`]).
    pub async fn create_session(&self, user: &User, token: &str, csrf: &str, now: i64, expires_at: i64, address: &str) -> Result<(), StoreError> {
        let digest = sha256_hex(token);
        let mut tx = self.begin_change().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sessions (token, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(&digest)
            .bind(user.id)
            .bind(csrf)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO login_addresses (user_id, address, last_success) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, address) DO UPDATE SET last_success = excluded.last_success",
        )
        .bind(user.id)
        .bind(address)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        append_audit(&mut tx, &user.name, "", "session.open", &user.name, "", &standing::session_state(&digest, expires_at, address)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether user `name` has opened a session from `address` before.
    pub async fn has_logged_in_from(&self, name: &str, address: &str) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 AS one FROM login_addresses l JOIN users u ON u.id = l.user_id WHERE u.name = $1 AND l.address = $2")
            .bind(name)
            .bind(address)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// The user and CSRF token of session `token`, if it has not expired by `now`.
    pub async fn session(&self, token: &str, now: i64) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role, u.disabled, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token = $1 AND s.expires_at > $2 AND u.disabled = 0",
        )
        .bind(sha256_hex(token))
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((user_from(&r)?, r.try_get::<String, _>("csrf")?))).transpose()
    }

    /// Ends session `token`.
    pub async fn delete_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token = $1").bind(sha256_hex(token)).execute(&self.pool).await?;
        Ok(())
    }

    /// Sets (or, with `None`, revokes) the secret of `user`'s calendar feed.
    pub async fn set_feed_token(&self, user: &User, token: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET feed_token = $1 WHERE id = $2").bind(token).bind(user.id).execute(&self.pool).await?;
        Ok(())
    }

    /// The secret of `user`'s calendar feed, if one is set.
    pub async fn feed_token(&self, user: &User) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT feed_token FROM users WHERE id = $1").bind(user.id).fetch_one(&self.pool).await?;
        Ok(row.try_get::<Option<String>, _>("feed_token")?)
    }

    /// The user whose calendar feed has secret `token`.
    pub async fn user_by_feed_token(&self, token: &str) -> Result<Option<User>, StoreError> {
        let row =
            sqlx::query("SELECT id, name, role, disabled FROM users WHERE feed_token = $1 AND disabled = 0").bind(token).fetch_optional(&self.pool).await?;
        row.map(|r| user_from(&r).map_err(StoreError::from)).transpose()
    }

    // ---- the audit log ----------------------------------------------------------------

    /// Opens a change: a transaction in which data and their audit entries are written
    /// together. Changes are serialised, so the audit chain has one end and every read
    /// inside a change is current: PostgreSQL by a lock on the audit log, SQLite by taking
    /// its one write lock at BEGIN (a deferred BEGIN could read, then fail to write).
    async fn begin_change(&self) -> Result<Transaction<'static, Any>, StoreError> {
        match self.engine {
            Engine::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            Engine::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
                Ok(tx)
            }
        }
    }

    /// The audit entries of company `code` (all entries when `code` is empty), oldest first.
    pub async fn audit_log(&self, code: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = if code.is_empty() {
            sqlx::query(concat!("SELECT ", audit_columns!(), " FROM audit_log ORDER BY id")).fetch_all(&self.pool).await?
        } else {
            sqlx::query(concat!("SELECT ", audit_columns!(), " FROM audit_log WHERE company = $1 ORDER BY id")).bind(code).fetch_all(&self.pool).await?
        };
        rows.iter().map(readable_entry).collect()
    }

    /// The newest `limit` audit entries of company `code`, newest first: what a page shows,
    /// at a cost that does not grow with the company's history.
    pub async fn recent_audit(&self, code: &str, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(concat!("SELECT ", audit_columns!(), " FROM audit_log WHERE company = $1 ORDER BY id DESC LIMIT $2"))
            .bind(code)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(readable_entry).collect()
    }

    /// Recomputes the chain, rebuilding every version of every case file from the file as
    /// stored now back through its entries' patches, so that each entry's hash is checked
    /// against the whole texts it covers, and checks each stored file against the digest
    /// its latest entry records (a file changed in the database is caught, not only a
    /// changed entry); then compares users, assignments, sessions and company names with
    /// what the trail says of them (`standing`): the number of entries if all is whole,
    /// else the first thing broken.
    pub async fn verify_audit(&self) -> Result<Result<usize, BrokenLink>, StoreError> {
        let rows = sqlx::query(concat!("SELECT ", audit_columns!(), " FROM audit_log ORDER BY id")).fetch_all(&self.pool).await?;
        let log = rows.iter().map(audit_from).collect::<Result<Vec<_>, _>>()?;
        // The columns an entry's kind does not use must be empty: the hash does not cover
        // them, so anything written there was written behind dudao's back.
        let mut broken: HashMap<i64, String> = HashMap::new();
        for row in &rows {
            let action: String = row.try_get("action")?;
            let unused: [&str; 2] = if records_file(&action) { ["before_text", "after_text"] } else { ["patch", "after_sha256"] };
            for column in unused {
                if !row.try_get::<String, _>(column)?.is_empty() {
                    let id: i64 = row.try_get("id")?;
                    broken.insert(id, format!("审计日志第 {id} 条被改动：该类条目不使用的列 {column} 有内容"));
                }
            }
        }
        let rows = sqlx::query(
            "SELECT c.code AS code, f.path AS path, f.content AS content FROM case_files f JOIN companies c ON c.id = f.company_id ORDER BY c.code, f.path",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut files: HashMap<(String, String), String> = HashMap::new();
        for row in &rows {
            files.insert((row.try_get("code")?, row.try_get("path")?), row.try_get("content")?);
        }

        // Newest first: `versions` holds, per file, the text the entry looked at started
        // from (None once a break makes the older versions unknowable).
        let mut versions: HashMap<(&str, &str), Option<String>> = HashMap::new();
        for (entry, stored) in log.iter().rev() {
            let changed = || format!("审计日志第 {} 条被改动：内容与其哈希不符", entry.id);
            let (patch, after_sha256) = match stored {
                Stored::Texts { before, after } => {
                    if entry_hash(entry, before, after) != entry.hash {
                        broken.insert(entry.id, changed());
                    }
                    continue;
                }
                Stored::File { patch, after_sha256 } => (patch, after_sha256),
            };
            // The text this entry left: the file as stored for a file's newest entry, else
            // the text the next newer entry of the file was rebuilt to start from.
            let key = (entry.company.as_str(), entry.subject.as_str());
            let (after, newest) = match versions.remove(&key) {
                Some(rebuilt) => (rebuilt, false),
                None => (files.remove(&(entry.company.clone(), entry.subject.clone())), true),
            };
            let (code, path, id) = (&entry.company, &entry.subject, entry.id);
            let before = match after {
                None if newest => {
                    broken.insert(id, format!("公司 {code} 的案卷文件 {path} 在数据库中缺失：审计日志第 {id} 条记录了它"));
                    None
                }
                None => None,
                Some(after) if sha256_hex(&after) != *after_sha256 => {
                    let reason = if newest {
                        format!("公司 {code} 的案卷文件 {path} 与审计日志第 {id} 条记录的内容不符：数据库中的文件被直接改动")
                    } else {
                        changed()
                    };
                    broken.insert(id, reason);
                    None
                }
                Some(after) => {
                    // Past a break, older versions cannot be rebuilt: they stay unchecked
                    // rather than blamed for it.
                    let before = Patch::parse(patch).and_then(|p| p.revert(&after)).ok().filter(|before| entry_hash(entry, before, &after) == entry.hash);
                    if before.is_none() {
                        broken.insert(id, changed());
                    }
                    before
                }
            };
            versions.insert(key, before);
        }

        let mut prev = GENESIS;
        for (i, (entry, _)) in log.iter().enumerate() {
            let id = i as i64 + 1;
            let reason = if entry.id != id {
                format!("审计日志第 {id} 条被改动：序号应为 {id}，实为 {}（条目被删除或插入）", entry.id)
            } else if entry.prev_hash != prev {
                format!("审计日志第 {id} 条被改动：与前一条的哈希不相连")
            } else if let Some(reason) = broken.remove(&id) {
                reason
            } else {
                prev = &entry.hash;
                continue;
            };
            return Ok(Err(BrokenLink { id, reason }));
        }
        let mut unlogged: Vec<_> = files.into_keys().collect();
        unlogged.sort();
        if let Some((code, path)) = unlogged.first() {
            return Ok(Err(BrokenLink { id: 0, reason: format!("公司 {code} 的案卷文件 {path} 没有任何审计记录：它未经 dudao 写入") }));
        }
        let entries: Vec<&AuditEntry> = log.iter().map(|(entry, _)| entry).collect();
        let texts: HashMap<i64, &str> = log
            .iter()
            .filter_map(|(entry, stored)| match stored {
                Stored::Texts { after, .. } => Some((entry.id, after.as_str())),
                Stored::File { .. } => None,
            })
            .collect();
        if let Some(broken) = standing::compare(&self.pool, &entries, &texts).await? {
            return Ok(Err(broken));
        }
        Ok(Ok(log.len()))
    }

    /// The newest audit entry's id and hash: kept elsewhere, it shows later whether entries
    /// were removed from the end (`dudao audit verify --expect-head`).
    pub async fn audit_head(&self) -> Result<Option<(i64, String)>, StoreError> {
        let row = sqlx::query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetch_optional(&self.pool).await?;
        row.map(|r| Ok((r.try_get("id")?, r.try_get("hash")?))).transpose()
    }

    /// Whether the audit log holds entry `id` with hash `hash`.
    pub async fn has_audit_entry(&self, id: i64, hash: &str) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT hash FROM audit_log WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| r.try_get::<String, _>("hash")).transpose()?.is_some_and(|stored| stored == hash))
    }
}

/// Whether `e` says the database file itself is damaged (SQLite's own words for it).
fn is_damage(e: &sqlx::Error) -> bool {
    let text = e.to_string();
    text.contains("malformed") || text.contains("not a database") || text.contains("disk image")
}

/// The company with stock code `code`. Never by short name: a short name may equal another
/// company's code, and a write addressed that way would land in the wrong case.
async fn find_company(conn: &mut AnyConnection, code: &str) -> Result<Option<Company>, StoreError> {
    let row = sqlx::query("SELECT id, code, short_name, name FROM companies WHERE code = $1").bind(code).fetch_optional(&mut *conn).await?;
    Ok(row.map(|r| company_from(&r)).transpose()?)
}

async fn files_of(conn: &mut AnyConnection, company_id: i64) -> Result<CaseFiles, StoreError> {
    let rows = sqlx::query("SELECT path, content FROM case_files WHERE company_id = $1 ORDER BY path").bind(company_id).fetch_all(&mut *conn).await?;
    let pairs = rows.iter().map(|r| Ok((r.try_get::<String, _>("path")?, r.try_get::<String, _>("content")?))).collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(CaseFiles::from_pairs(pairs))
}

/// Writes one case file and logs it, inside the caller's change; unchanged text is skipped.
async fn write_file(
    conn: &mut AnyConnection,
    company: &Company,
    path: &str,
    text: &str,
    before: Option<&str>,
    actor: &str,
    action: &str,
) -> Result<(), StoreError> {
    if before == Some(text) {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO case_files (company_id, path, content) VALUES ($1, $2, $3) \
         ON CONFLICT (company_id, path) DO UPDATE SET content = excluded.content",
    )
    .bind(company.id)
    .bind(path)
    .bind(text)
    .execute(&mut *conn)
    .await?;
    if path == standing::COMPANY_FILE
        && let Some((short_name, name)) = standing::names_in(text)
    {
        sqlx::query("UPDATE companies SET short_name = $1, name = $2 WHERE id = $3").bind(short_name).bind(name).bind(company.id).execute(&mut *conn).await?;
    }
    append_audit(conn, actor, &company.code, action, path, before.unwrap_or(""), text).await
}

/// The next row id of `table` (one of this crate's own table names, never user input).
async fn next_id(conn: &mut AnyConnection, table: &'static str) -> Result<i64, StoreError> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM {table}");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *conn).await?;
    Ok(row.try_get("next")?)
}

/// Whether entries of `action` record a case file (their subject is its path): those keep
/// a patch and a digest instead of the texts.
fn records_file(action: &str) -> bool {
    action.starts_with("case.")
}

/// The audit log's columns, named rather than `*`: a statement prepared before a migration
/// changed the table must not read it with the old columns' count.
macro_rules! audit_columns {
    () => {
        "id, at, actor, company, action, subject, before_text, after_text, patch, after_sha256, prev_hash, hash"
    };
}
use audit_columns;

/// How an entry's texts are kept.
enum Stored {
    /// Both texts, for entries about users (a few bytes).
    Texts { before: String, after: String },
    /// A case file's change: the patch (text form) and the digest of the text after.
    File { patch: String, after_sha256: String },
}

/// Appends an entry chained to the last one, inside the caller's change.
async fn append_audit(conn: &mut AnyConnection, actor: &str, company: &str, action: &str, subject: &str, before: &str, after: &str) -> Result<(), StoreError> {
    let last = sqlx::query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetch_optional(&mut *conn).await?;
    let (id, prev_hash) = match last {
        Some(row) => (row.try_get::<i64, _>("id")? + 1, row.try_get::<String, _>("hash")?),
        None => (1, GENESIS.to_owned()),
    };
    let mut entry = AuditEntry {
        id,
        at: jiff::Timestamp::now().to_string(),
        actor: actor.to_owned(),
        company: company.to_owned(),
        action: action.to_owned(),
        subject: subject.to_owned(),
        change: Patch::default(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry, before, after);
    let (before_text, after_text, patch, after_sha256) =
        if records_file(action) { ("", "", Patch::between(before, after).to_text(), sha256_hex(after)) } else { (before, after, String::new(), String::new()) };
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor, company, action, subject, before_text, after_text, patch, after_sha256, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(entry.id)
    .bind(&entry.at)
    .bind(&entry.actor)
    .bind(&entry.company)
    .bind(&entry.action)
    .bind(&entry.subject)
    .bind(before_text)
    .bind(after_text)
    .bind(&patch)
    .bind(&after_sha256)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut *conn)
    .await?;
    if !company.is_empty() {
        sqlx::query("UPDATE companies SET revision = $1 WHERE code = $2").bind(entry.id).bind(company).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Migration 5's data step: file entries written before it kept both whole texts; each
/// now keeps its patch and digest instead. Their hashes stay valid (they cover the texts,
/// not how the texts are kept), and so do heads kept elsewhere. Returns how many changed.
async fn keep_file_entries_as_patches(conn: &mut AnyConnection) -> Result<usize, StoreError> {
    let rows = sqlx::query("SELECT id, action FROM audit_log ORDER BY id").fetch_all(&mut *conn).await?;
    let mut ids = Vec::new();
    for row in &rows {
        if records_file(&row.try_get::<String, _>("action")?) {
            ids.push(row.try_get::<i64, _>("id")?);
        }
    }
    for id in &ids {
        // One entry at a time: old entries of large files are megabytes each.
        let row = sqlx::query("SELECT before_text, after_text FROM audit_log WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
        let (before, after): (String, String) = (row.try_get("before_text")?, row.try_get("after_text")?);
        sqlx::query("UPDATE audit_log SET patch = $1, after_sha256 = $2, before_text = '', after_text = '' WHERE id = $3")
            .bind(Patch::between(&before, &after).to_text())
            .bind(sha256_hex(&after))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(ids.len())
}

/// SHA-256 over the entry's fields and the texts before and after the change, each
/// length-prefixed so no two entries serialise alike.
fn entry_hash(e: &AuditEntry, before: &str, after: &str) -> String {
    let mut hasher = Sha256::new();
    let id = e.id.to_string();
    for field in [e.prev_hash.as_str(), &id, &e.at, &e.actor, &e.company, &e.action, &e.subject, before, after] {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
    }
    hex(&hasher.finalize())
}

fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn company_from(row: &AnyRow) -> Result<Company, sqlx::Error> {
    Ok(Company { id: row.try_get("id")?, code: row.try_get("code")?, short_name: row.try_get("short_name")?, name: row.try_get("name")? })
}

fn user_from(row: &AnyRow) -> Result<User, sqlx::Error> {
    let role: String = row.try_get("role")?;
    let disabled: i64 = row.try_get("disabled")?;
    Ok(User { id: row.try_get("id")?, name: row.try_get("name")?, role: Role::parse(&role).unwrap_or(Role::Reviewer), disabled: disabled != 0 })
}

/// An audit row as stored: the entry (its `change` still empty) and its texts.
fn audit_from(row: &AnyRow) -> Result<(AuditEntry, Stored), sqlx::Error> {
    let action: String = row.try_get("action")?;
    let stored = if records_file(&action) {
        Stored::File { patch: row.try_get("patch")?, after_sha256: row.try_get("after_sha256")? }
    } else {
        Stored::Texts { before: row.try_get("before_text")?, after: row.try_get("after_text")? }
    };
    let entry = AuditEntry {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        company: row.try_get("company")?,
        action,
        subject: row.try_get("subject")?,
        change: Patch::default(),
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    };
    Ok((entry, stored))
}

/// An audit row with its change read, for showing.
fn readable_entry(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    let (mut entry, stored) = audit_from(row)?;
    entry.change = match stored {
        Stored::Texts { before, after } => Patch::between(&before, &after),
        Stored::File { patch, .. } => Patch::parse(&patch).map_err(|e| StoreError::Damaged(format!("审计日志第 {} 条的改动记录（{e}）", entry.id)))?,
    };
    Ok(entry)
}
