//! The store's contract, which SQLite and PostgreSQL must both keep: every test runs on
//! each engine, on a fresh database. PostgreSQL comes from `DUDAO_TEST_POSTGRES` (a URL
//! whose user may create databases; `.ci/run` starts a server and sets it).

use std::sync::atomic::{AtomicUsize, Ordering};

use dudao_model::{CaseFiles, parse_case};
use dudao_store::{FileChange, Patch, Role, Store, StoreError};
use dudao_testkit::{ScratchDir, example_dir};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh store, the URL it lives at, and the folder of its SQLite file (removed when
/// dropped; none for PostgreSQL).
async fn fresh(engine: &str) -> (Store, String, Option<ScratchDir>) {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut scratch = None;
    let url = match engine {
        "sqlite" => {
            let dir = scratch.insert(ScratchDir::new(&format!("store-{n}")));
            format!("sqlite:{}", dir.join("store.db").display())
        }
        _ => {
            let admin = std::env::var("DUDAO_TEST_POSTGRES").expect(
                "DUDAO_TEST_POSTGRES must name a PostgreSQL server for the store's contract tests, \
                 e.g. postgres://dudao:dudao@127.0.0.1:5432/postgres (bash .ci/run starts one and sets it)",
            );
            let name = format!("dudao_test_{}_{n}", std::process::id());
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&admin).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}"))).execute(&pool).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&pool).await.unwrap();
            let (base, _) = admin.rsplit_once('/').unwrap();
            format!("{base}/{name}")
        }
    };
    (Store::open(&url).await.unwrap(), url, scratch)
}

/// The example case, read and parsed.
fn example() -> (dudao_model::Case, CaseFiles) {
    let files = CaseFiles::read(&example_dir()).unwrap();
    (parse_case(&example_dir(), &files).unwrap(), files)
}

/// Runs a contract test on both engines.
macro_rules! contract {
    ($name:ident, $test:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$test("sqlite").await;
            }
            #[tokio::test]
            async fn postgres() {
                super::$test("postgres").await;
            }
        }
    };
}

contract!(a_case_round_trips, case_round_trip);
async fn case_round_trip(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    let (case, files) = example();
    let company = store.import_case(&case.company.company, &files, "admin").await.unwrap();
    assert_eq!((company.code.as_str(), company.short_name.as_str()), ("688316", "青云科技"));
    let back = store.case_files("688316").await.unwrap();
    assert_eq!(back, files, "export gives back exactly the files imported");
    let reparsed = parse_case(&example_dir(), &back).unwrap();
    assert_eq!(format!("{reparsed:?}"), format!("{case:?}"), "and they load to the same facts");
    assert!(matches!(store.case_files("青云科技").await, Err(StoreError::NotFound(_))), "never by short name");
    assert_eq!(store.code_of("青云科技").await.unwrap(), "688316", "a typed short name is turned into the code first");
    assert!(matches!(store.case_files("000001").await, Err(StoreError::NotFound(_))));
}

contract!(changes_are_logged_with_before_and_after, changes_logged);
async fn changes_logged(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    let (case, files) = example();
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    let imported = store.audit_log("688316").await.unwrap().len();
    assert_eq!(imported, files.iter().count(), "one entry per file imported");
    let revision = store.case_revisions().await.unwrap()["688316"];
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    assert_eq!(store.audit_log("688316").await.unwrap().len(), imported, "re-importing the same files changes nothing");
    assert_eq!(store.case_revisions().await.unwrap()["688316"], revision, "nor the revision");
    let before = files.get("events.toml").unwrap().to_owned();
    let after = format!("{before}\n[[announcements]]\nid = \"x\"\ndate = 2023-03-01\ntitle = \"《公告》\"\n");
    let change = |read: &str, text: &str| [FileChange { path: "events.toml".into(), read: Some(read.to_owned()), text: text.to_owned() }];
    store.update_case_files("688316", &change(&before, &after), "wanghe", "case.update").await.unwrap();
    let stale = store.update_case_files("688316", &change(&before, &before), "lizhen", "case.update").await;
    assert!(matches!(stale, Err(StoreError::Stale(_))), "an edit made on a stale read is refused");
    let financials = files.get("financials.toml").unwrap().to_owned();
    let both = [
        FileChange { path: "financials.toml".into(), read: Some(financials.clone()), text: format!("{financials}\n# 已核对\n") },
        change(&before, &before)[0].clone(),
    ];
    let stale = store.update_case_files("688316", &both, "lizhen", "case.ingest").await;
    assert!(matches!(stale, Err(StoreError::Stale(_))), "one stale file refuses the whole change");
    assert_eq!(store.case_files("688316").await.unwrap().get("financials.toml"), Some(financials.as_str()), "nothing of it is written");
    let log = store.audit_log("688316").await.unwrap();
    let last = log.last().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str(), last.subject.as_str()), ("wanghe", "case.update", "events.toml"));
    assert_eq!(last.change, Patch::between(&before, &after));
    assert_eq!(last.change.removed().count(), 0);
    assert_eq!(last.change.added().collect::<Vec<_>>(), ["", "[[announcements]]", "id = \"x\"", "date = 2023-03-01", "title = \"《公告》\""]);
    assert_eq!(store.case_files("688316").await.unwrap().get("events.toml"), Some(after.as_str()));
    assert!(store.case_revisions().await.unwrap()["688316"] > revision, "an update is a new revision");
}

contract!(digest_addresses_are_set_and_audited, emails);
async fn emails(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    store.add_user("wanghe", Role::Representative, "correct horse", "admin").await.unwrap();
    store.add_user("lizhen", Role::Reviewer, "correct horse", "admin").await.unwrap();
    assert!(store.emails().await.unwrap().is_empty(), "no address, no digest");
    store.set_email("wanghe", "wanghe@sponsor.example", "admin").await.unwrap();
    let emails: Vec<(String, String)> = store.emails().await.unwrap().into_iter().map(|(u, e)| (u.name, e)).collect();
    assert_eq!(emails, [("wanghe".to_owned(), "wanghe@sponsor.example".to_owned())]);
    store.set_disabled("wanghe", true, "admin").await.unwrap();
    assert!(store.emails().await.unwrap().is_empty(), "a disabled user gets none");
    let last = store.audit_log("").await.unwrap().into_iter().rev().find(|e| e.action == "user.email").unwrap();
    assert_eq!(last.subject, "wanghe");
    assert!(store.verify_audit().await.unwrap().is_ok());
}

contract!(user_names_are_visible_and_short, user_names);
async fn user_names(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    for name in ["adm\u{200b}in".to_owned(), "a\0b".to_owned(), "两个 字".to_owned(), "x".repeat(100_000), String::new(), "ａｄｍｉｎ".to_owned()] {
        assert!(
            matches!(store.add_user(&name, Role::Admin, "correct horse", "setup").await, Err(StoreError::Refused(_))),
            "{:?}",
            name.chars().take(8).collect::<String>()
        );
    }
    assert!(store.users().await.unwrap().is_empty(), "none stored");
    assert!(store.add_user("王鹤", Role::Representative, "correct horse", "setup").await.is_ok());
    // Typed full-width at login, a name is the one written plainly.
    assert!(store.add_user("admin", Role::Admin, "correct horse", "setup").await.is_ok());
    assert_eq!(store.check_password(" ａｄｍｉｎ", "correct horse").await.unwrap().map(|u| u.name), Some("admin".to_owned()));
}

contract!(users_roles_and_passwords, users);
async fn users(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    store.add_user("wanghe", Role::Representative, "correct horse", "admin").await.unwrap();
    assert!(matches!(store.add_user("wanghe", Role::Reviewer, "x", "admin").await, Err(StoreError::Conflict(_))));
    assert_eq!(store.user("wanghe").await.unwrap().role, Role::Representative);
    assert!(store.check_password("wanghe", "wrong").await.unwrap().is_none());
    let user = store.check_password("wanghe", "correct horse").await.unwrap().expect("the right password");
    assert_eq!(user.name, "wanghe");
    assert!(store.check_password("nobody", "x").await.unwrap().is_none());
}

contract!(a_user_sees_only_assigned_companies, visibility);
async fn visibility(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    let (case, files) = example();
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    let admin = store.add_user("root", Role::Admin, "pw", "setup").await.unwrap();
    let reviewer = store.add_user("lizhen", Role::Reviewer, "pw", "root").await.unwrap();
    assert!(store.companies_of(&reviewer).await.unwrap().is_empty());
    assert!(matches!(store.company_for(&reviewer, "688316").await, Err(StoreError::NotFound(_))));
    assert_eq!(store.companies_of(&admin).await.unwrap().len(), 1);
    store.assign("lizhen", "688316", "root").await.unwrap();
    assert_eq!(store.companies_of(&reviewer).await.unwrap()[0].code, "688316");
    assert!(matches!(store.company_for(&reviewer, "青云科技").await, Err(StoreError::NotFound(_))), "by code only");
    let users = store.users().await.unwrap();
    assert_eq!(users, vec![(reviewer.clone(), vec!["688316".to_owned()]), (admin, vec![])], "by name, with assignments");
    store.unassign("lizhen", "688316", "root").await.unwrap();
    assert!(store.companies_of(&reviewer).await.unwrap().is_empty());
    assert!(matches!(store.company_for(&reviewer, "688316").await, Err(StoreError::NotFound(_))));
    assert_eq!(store.audit_log("688316").await.unwrap().last().unwrap().action, "user.unassign");
}

contract!(the_audit_chain_catches_a_direct_edit, audit_chain);
async fn audit_chain(engine: &str) {
    let (store, url, _scratch) = fresh(engine).await;
    let (case, files) = example();
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    store.add_user("lizhen", Role::Reviewer, "pw", "admin").await.unwrap();
    let entries = store.verify_audit().await.unwrap().expect("an untouched chain is whole");
    assert_eq!(entries, files.iter().count() + 1);
    let log = store.audit_log("").await.unwrap();
    assert!(log.windows(2).all(|w| w[1].prev_hash == w[0].hash));

    // Someone edits the database directly, bypassing dudao: an entry kept as texts (the
    // user added, the last), then, with it put back, a file's entry kept as a patch.
    let last = entries as i64;
    let tampered = |sql: &'static str| {
        let url = url.clone();
        async move {
            let pool = sqlx::AnyPool::connect(&url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
            Store::open(&url).await.unwrap().verify_audit().await.unwrap()
        }
    };
    drop(store);
    let broken = tampered("UPDATE audit_log SET after_text = REPLACE(after_text, 'role = reviewer', 'role = admin') WHERE action = 'user.add'")
        .await
        .expect_err("the edit is caught");
    assert_eq!(broken.to_string(), format!("审计日志第 {last} 条被改动：内容与其哈希不符"));
    let put_back = tampered("UPDATE audit_log SET after_text = REPLACE(after_text, 'role = admin', 'role = reviewer') WHERE action = 'user.add'").await;
    assert!(put_back.is_ok(), "put back, whole again");
    let broken = tampered("UPDATE audit_log SET patch = REPLACE(patch, '+', '+quietly ') WHERE id = 3").await.expect_err("the edit is caught");
    assert_eq!(broken.id, 3);
    assert_eq!(broken.to_string(), "审计日志第 3 条被改动：内容与其哈希不符");
    assert!(tampered("UPDATE audit_log SET patch = REPLACE(patch, '+quietly ', '+') WHERE id = 3").await.is_ok(), "put back");
    // The columns an entry's kind does not use, which its hash does not cover, are checked
    // to be empty: a user entry's patch, a file entry's texts.
    let broken = tampered("UPDATE audit_log SET patch = 'x' WHERE action = 'user.add'").await.expect_err("caught");
    assert_eq!(broken.to_string(), format!("审计日志第 {last} 条被改动：该类条目不使用的列 patch 有内容"));
    assert!(tampered("UPDATE audit_log SET patch = '' WHERE action = 'user.add'").await.is_ok());
    let broken = tampered("UPDATE audit_log SET before_text = 'x' WHERE id = 3").await.expect_err("caught");
    assert_eq!(broken.to_string(), "审计日志第 3 条被改动：该类条目不使用的列 before_text 有内容");
}

contract!(users_assignments_sessions_and_names_are_compared_with_the_trail, standing);
async fn standing(engine: &str) {
    let (store, url, _scratch) = fresh(engine).await;
    let (case, files) = example();
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    let lizhen = store.add_user("lizhen", Role::Reviewer, "correct horse", "admin").await.unwrap();
    let wanghe = store.add_user("wanghe", Role::Representative, "battery staple", "admin").await.unwrap();
    store.assign("wanghe", "688316", "admin").await.unwrap();
    store.assign("lizhen", "688316", "admin").await.unwrap();
    store.unassign("lizhen", "688316", "admin").await.unwrap();
    store.set_email("lizhen", "lizhen@sponsor.example", "admin").await.unwrap();
    store.create_session(&wanghe, "token", "csrf", 1_000, 4_000_000_000, "192.0.2.7").await.unwrap();
    store.add_comment("688316", "document:annual-tracking-2023", "lizhen", "第九部分的数字已核对").await.unwrap();
    let version = store.sign_off("688316", "annual-tracking-2023", &files, "# 跟踪报告\n", "lizhen").await.unwrap();
    store.issue("688316", version.id, "wanghe").await.unwrap();
    let whole = store.verify_audit().await.unwrap().expect("all written by dudao");
    let log = store.audit_log("").await.unwrap();
    let user_entry = |name: &str| log.iter().rev().find(|e| e.subject == name && e.action.starts_with("user.") && !e.action.ends_with("assign")).unwrap().id;
    let (lizhen_entry, wanghe_entry) = (user_entry("lizhen"), user_entry("wanghe"));
    let assigned = store.audit_log("688316").await.unwrap().into_iter().find(|e| e.action == "user.assign" && e.subject == "wanghe").unwrap().id;
    store.close().await;

    // Each row below is changed in the database behind dudao's back, caught, and put back.
    let run = |sql: String| {
        let url = url.clone();
        async move {
            let pool = sqlx::AnyPool::connect(&url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.unwrap();
            pool.close().await;
        }
    };
    let (l, w) = (lizhen.id, wanghe.id);
    let cases: Vec<(String, String, String)> = vec![
        (
            format!("UPDATE users SET role = 'admin' WHERE id = {l}"),
            format!("UPDATE users SET role = 'reviewer' WHERE id = {l}"),
            format!("用户 lizhen 的角色与审计日志第 {lizhen_entry} 条记录的不符：用户表被直接改动"),
        ),
        (
            // lizhen's hash put in wanghe's place: wanghe's account opens with lizhen's password.
            format!("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE id = {l}) WHERE id = {w}"),
            String::new(),
            format!("用户 wanghe 的密码哈希与审计日志第 {wanghe_entry} 条记录的不符：用户表被直接改动"),
        ),
        (
            format!("UPDATE users SET disabled = 1 WHERE id = {l}"),
            format!("UPDATE users SET disabled = 0 WHERE id = {l}"),
            format!("用户 lizhen 的停用与审计日志第 {lizhen_entry} 条记录的不符：用户表被直接改动"),
        ),
        (
            format!("UPDATE users SET email = 'attacker@example.com' WHERE id = {l}"),
            format!("UPDATE users SET email = 'lizhen@sponsor.example' WHERE id = {l}"),
            format!("用户 lizhen 的电子邮箱与审计日志第 {lizhen_entry} 条记录的不符：用户表被直接改动"),
        ),
        (
            "INSERT INTO users (id, name, role, password_hash) VALUES (99, 'mallory', 'admin', 'x')".to_owned(),
            "DELETE FROM users WHERE id = 99".to_owned(),
            "用户 mallory 没有任何审计记录：用户表被直接改动".to_owned(),
        ),
        (
            format!("INSERT INTO assignments (user_id, company_id) SELECT {l}, id FROM companies"),
            format!("DELETE FROM assignments WHERE user_id = {l}"),
            "用户 lizhen 被分配了公司 688316，审计日志中没有这次分配：分配表被直接改动".to_owned(),
        ),
        (
            format!("DELETE FROM assignments WHERE user_id = {w}"),
            format!("INSERT INTO assignments (user_id, company_id) SELECT {w}, id FROM companies"),
            format!("审计日志第 {assigned} 条分配给用户 wanghe 的公司 688316 在数据库中缺失：分配表被直接改动"),
        ),
        (
            format!("INSERT INTO sessions (token, user_id, csrf, expires_at) VALUES ('made-up', {l}, 'c', 4000000000)"),
            "DELETE FROM sessions WHERE token = 'made-up'".to_owned(),
            "用户 lizhen 的一个登录会话（至 2096-10-02T07:06:40Z）没有相应的审计记录：会话表被直接改动".to_owned(),
        ),
        (
            "UPDATE sessions SET expires_at = 4000086400".to_owned(),
            "UPDATE sessions SET expires_at = 4000000000".to_owned(),
            "用户 wanghe 的一个登录会话（至 2096-10-03T07:06:40Z）没有相应的审计记录：会话表被直接改动".to_owned(),
        ),
        (
            "UPDATE comments SET body = '数字有误'".to_owned(),
            "UPDATE comments SET body = '第九部分的数字已核对'".to_owned(),
            "公司 688316 的一条评论（lizhen）没有相应的审计记录：评论表被直接改动".to_owned(),
        ),
        (
            "UPDATE document_versions SET markdown = '# 另一份报告\n'".to_owned(),
            "UPDATE document_versions SET markdown = '# 跟踪报告\n'".to_owned(),
            "公司 688316 的文书 annual-tracking-2023 版本 1 与审计日志记录的签核或出具不符：文书版本表被直接改动".to_owned(),
        ),
        (
            "UPDATE document_versions SET issued_by = 'lizhen'".to_owned(),
            "UPDATE document_versions SET issued_by = 'wanghe'".to_owned(),
            "公司 688316 的文书 annual-tracking-2023 版本 1 与审计日志记录的签核或出具不符：文书版本表被直接改动".to_owned(),
        ),
        (
            "UPDATE companies SET short_name = '后到公司'".to_owned(),
            "UPDATE companies SET short_name = '青云科技'".to_owned(),
            "公司 688316 的简称或名称（后到公司，北京青云科技股份有限公司）与其 company.toml 不符：公司表被直接改动".to_owned(),
        ),
    ];
    for (change, restore, expected) in cases {
        let saved: Vec<(i64, String)> = {
            let pool = sqlx::AnyPool::connect(&url).await.unwrap();
            let rows = sqlx::query_as("SELECT id, password_hash FROM users").fetch_all(&pool).await.unwrap();
            pool.close().await;
            rows
        };
        run(change.clone()).await;
        let broken = Store::open(&url).await.unwrap().verify_audit().await.unwrap().expect_err(&change);
        assert_eq!(broken.to_string(), expected, "{change}");
        if restore.is_empty() {
            for (id, hash) in saved {
                run(format!("UPDATE users SET password_hash = '{hash}' WHERE id = {id}")).await;
            }
        } else {
            run(restore).await;
        }
        assert_eq!(Store::open(&url).await.unwrap().verify_audit().await.unwrap(), Ok(whole), "put back after {change}");
    }
}

/// What the store takes: SQLite's file size and the bytes of its pages in use (not on the
/// free list); for PostgreSQL, whose table versions live until vacuumed, the audit log's
/// size with its out-of-line storage (twice).
async fn stored_bytes(url: &str) -> (i64, i64) {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let sizes = match url.strip_prefix("sqlite:") {
        Some(path) => {
            let pages: i64 = sqlx::query_scalar("SELECT page_count FROM pragma_page_count").fetch_one(&pool).await.unwrap();
            let free: i64 = sqlx::query_scalar("SELECT freelist_count FROM pragma_freelist_count").fetch_one(&pool).await.unwrap();
            let page: i64 = sqlx::query_scalar("SELECT page_size FROM pragma_page_size").fetch_one(&pool).await.unwrap();
            (std::fs::metadata(path).unwrap().len() as i64, (pages - free) * page)
        }
        None => {
            let audit: i64 = sqlx::query_scalar("SELECT pg_total_relation_size('audit_log')").fetch_one(&pool).await.unwrap();
            (audit, audit)
        }
    };
    pool.close().await;
    sizes
}

/// A case file of about 1.9 MB: 48,000 share sales (the size the issue measured).
fn large_sales_file() -> String {
    (0..48_000).map(|i| format!("[[sales]]\nid = \"s{i}\"\nshares = {}\n\n", 1_000 + i)).collect()
}

contract!(ten_edits_of_a_large_file_grow_the_store_by_about_their_size, ten_edits);
async fn ten_edits(engine: &str) {
    let (store, url, _scratch) = fresh(engine).await;
    let (case, files) = example();
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    let mut text = large_sales_file();
    assert!((1_800_000..2_000_000).contains(&text.len()), "{}", text.len());
    let write = |read: Option<String>, text: &str| [FileChange { path: "sales.toml".into(), read, text: text.to_owned() }];
    store.update_case_files("688316", &write(None, &text), "wanghe", "case.update").await.unwrap();
    store.close().await;
    let before = stored_bytes(&url).await;

    let store = Store::open(&url).await.unwrap();
    for edit in 0..10 {
        let changed = text.replace(&format!("shares = {}\n", 1_000 + edit * 2_000), &format!("shares = {}\n", 7 + edit));
        store.update_case_files("688316", &write(Some(text.clone()), &changed), "wanghe", "case.update").await.unwrap();
        text = changed;
    }
    store.close().await;
    let after = stored_bytes(&url).await;
    let (total_grown, used_grown) = (after.0 - before.0, after.1 - before.1);
    eprintln!("{engine}: ten edits of a {} byte file: {} → {} bytes, in use {} → {} bytes", text.len(), before.0, after.0, before.1, after.1);
    // Whole texts before and after would be 10 × 2 × 1.9 MB. What is used grows by the
    // patches; SQLite's file may keep one copy of the large file's pages free for reuse
    // (it writes a row's new version before it frees the old one's pages).
    assert!(used_grown < 100_000, "in use grown by {used_grown} bytes");
    assert!(total_grown < text.len() as i64 + 100_000, "grown by {total_grown} bytes");

    let store = Store::open(&url).await.unwrap();
    assert_eq!(store.verify_audit().await.unwrap(), Ok(files.iter().count() + 11), "every version rebuilt and hashed");
    let log = store.audit_log("688316").await.unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.change.removed().collect::<Vec<_>>(), ["shares = 19000"]);
    assert_eq!(last.change.added().collect::<Vec<_>>(), ["shares = 16"]);

    // A patch in the middle altered so that it still applies: the entry is named, not the
    // older entries rebuilt through it.
    let fifth = log.iter().find(|e| e.change.removed().eq(["shares = 9000"])).unwrap().id;
    store.close().await;
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query("UPDATE audit_log SET patch = REPLACE(patch, '-shares = 9000', '-shares = 9001') WHERE id = $1").bind(fifth).execute(&pool).await.unwrap();
    pool.close().await;
    let broken = Store::open(&url).await.unwrap().verify_audit().await.unwrap().expect_err("caught");
    assert_eq!(broken.to_string(), format!("审计日志第 {fifth} 条被改动：内容与其哈希不符"));
}

contract!(sessions_expire_and_feeds_are_revocable, sessions_and_feeds);
async fn sessions_and_feeds(engine: &str) {
    let (store, url, _scratch) = fresh(engine).await;
    let user = store.add_user("wanghe", Role::Representative, "correct horse", "admin").await.unwrap();
    store.create_session(&user, "old", "csrf-old", 1_000, 2_000, "192.0.2.7").await.unwrap();
    assert_eq!(store.session("old", 1_999).await.unwrap(), Some((user.clone(), "csrf-old".to_owned())));
    // The database holds the token's SHA-256 (sha256("old") by hand: `printf old | sha256sum`),
    // never the token: reading it does not give a session.
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT token FROM sessions").fetch_all(&pool).await.unwrap();
    assert_eq!(stored, ["cba06b5736faf67e54b07b561eae94395e774c517a7d910a54369e1263ccfbd4"]);
    assert_eq!(store.session(&stored[0], 1_999).await.unwrap(), None, "the stored value is not a token");
    pool.close().await;
    assert_eq!(store.session("old", 2_000).await.unwrap(), None, "over at expires_at");
    store.create_session(&user, "new", "csrf-new", 3_000, 4_000, "192.0.2.7").await.unwrap();
    assert_eq!(store.session("old", 1_999).await.unwrap(), None, "expired sessions are dropped at the next login");
    store.delete_session("new").await.unwrap();
    assert_eq!(store.session("new", 3_001).await.unwrap(), None, "logged out");

    store.create_session(&user, "elsewhere", "csrf", 3_000, 4_000, "198.51.100.1").await.unwrap();
    store.set_password(&user, "a new secret", "wanghe").await.unwrap();
    assert_eq!(store.session("elsewhere", 3_001).await.unwrap(), None, "a new password ends every session");
    assert!(store.check_password("wanghe", "correct horse").await.unwrap().is_none());
    assert_eq!(store.check_password("wanghe", "a new secret").await.unwrap(), Some(user.clone()));
    let last = store.audit_log("").await.unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.subject.as_str()), ("user.password", "wanghe"));
    // Only the digest of the hash changes in the log: never the password, nor the hash.
    let (removed, added): (Vec<&str>, Vec<&str>) = (last.change.removed().collect(), last.change.added().collect());
    assert!(removed.len() == 1 && removed[0].starts_with("password = sha256:") && removed[0].len() == "password = sha256:".len() + 64, "{removed:?}");
    assert!(added.len() == 1 && added[0].starts_with("password = sha256:") && added[0] != removed[0], "{added:?}");
    assert!(store.has_logged_in_from("wanghe", "198.51.100.1").await.unwrap());
    assert!(!store.has_logged_in_from("wanghe", "203.0.113.9").await.unwrap());
    assert!(store.verify_audit().await.unwrap().is_ok(), "sessions opened by dudao are in the trail");

    store.set_feed_token(&user, Some("secret")).await.unwrap();
    assert_eq!(store.user_by_feed_token("secret").await.unwrap(), Some(user.clone()));
    store.set_feed_token(&user, None).await.unwrap();
    assert_eq!(store.user_by_feed_token("secret").await.unwrap(), None);
}

contract!(concurrent_changes_keep_one_chain, concurrent_changes);
async fn concurrent_changes(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.add_user(&format!("user{i:02}"), Role::Reviewer, "correct horse", "admin").await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(store.users().await.unwrap().len(), 16);
    assert_eq!(store.verify_audit().await.unwrap(), Ok(16), "sixteen writers at once, one unbroken chain");
}

contract!(the_schema_is_migrated_to_its_latest_version_once, schema_versions);
async fn schema_versions(engine: &str) {
    let (store, url, _scratch) = fresh(engine).await;
    drop(store);
    // Opening again applies nothing twice.
    let again = Store::open(&url).await.unwrap();
    drop(again);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_version ORDER BY version").fetch_all(&pool).await.unwrap();
    assert_eq!(versions, [1, 2, 3, 4, 5, 6, 7, 8, 9], "each migration recorded once");
}

contract!(a_store_from_before_patches_keeps_its_chain_and_head, upgrade_to_patches);
async fn upgrade_to_patches(engine: &str) {
    let (store, url, _scratch) = fresh(engine).await;
    let (case, files) = example();
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    let before = files.get("events.toml").unwrap().to_owned();
    let after = before.replace("《2023年第三季度报告》", "《2023年第三季度报告》（更正）");
    assert_ne!(before, after);
    let change = [FileChange { path: "events.toml".into(), read: Some(before.clone()), text: after.clone() }];
    store.update_case_files("688316", &change, "wanghe", "case.update").await.unwrap();
    let head = store.audit_head().await.unwrap();
    let log = store.audit_log("688316").await.unwrap();
    store.close().await;

    // Back to schema 4, where a file's entry kept both whole texts.
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    for entry in &log {
        let (old, new) = match entry.action.as_str() {
            "case.import" => (String::new(), files.get(&entry.subject).unwrap().to_owned()),
            _ => (before.clone(), after.clone()),
        };
        sqlx::query("UPDATE audit_log SET before_text = $1, after_text = $2 WHERE id = $3").bind(old).bind(new).bind(entry.id).execute(&pool).await.unwrap();
    }
    let back_to_4 = [
        "ALTER TABLE audit_log DROP COLUMN patch",
        "ALTER TABLE audit_log DROP COLUMN after_sha256",
        "DROP TABLE comments",
        "DROP TABLE document_versions",
        "ALTER TABLE users DROP COLUMN email",
        "DROP TABLE login_addresses",
        "ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0",
        "DELETE FROM schema_version WHERE version >= 5",
    ];
    for sql in back_to_4 {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let store = Store::open(&url).await.unwrap();
    assert_eq!(store.verify_audit().await.unwrap(), Ok(log.len()), "the old hashes hold over the rebuilt texts");
    assert_eq!(store.audit_head().await.unwrap(), head, "a head kept elsewhere still matches");
    assert_eq!(store.audit_log("688316").await.unwrap(), log, "the entries read as before");
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let kept: i64 = sqlx::query_scalar("SELECT CAST(SUM(LENGTH(before_text) + LENGTH(after_text)) AS BIGINT) FROM audit_log").fetch_one(&pool).await.unwrap();
    assert_eq!(kept, 0, "no whole text is kept");
    pool.close().await;
}

contract!(a_store_from_before_audited_standing_records_its_baseline, upgrade_to_audited_standing);
async fn upgrade_to_audited_standing(engine: &str) {
    let (store, url, _scratch) = fresh(engine).await;
    let (case, files) = example();
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    let wanghe = store.add_user("wanghe", Role::Representative, "battery staple", "admin").await.unwrap();
    store.add_user("lizhen", Role::Reviewer, "correct horse", "admin").await.unwrap();
    let head = store.audit_head().await.unwrap().unwrap();
    store.close().await;

    // Back to schema 8, as a store of then could be: a session and an assignment the trail
    // does not show, a short name the case no longer has.
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    for sql in [
        "DROP TABLE login_addresses",
        "ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0",
        "DELETE FROM schema_version WHERE version >= 9",
        "INSERT INTO sessions (token, user_id, csrf, expires_at) VALUES ('old', 1, 'c', 4000000000)",
        "INSERT INTO assignments (user_id, company_id) SELECT 1, id FROM companies",
        "UPDATE companies SET short_name = '旧简称'",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let store = Store::open(&url).await.unwrap();
    let log = store.audit_log("").await.unwrap();
    let baseline: Vec<(&str, &str, &str)> = log.iter().skip(head.0 as usize).map(|e| (e.actor.as_str(), e.action.as_str(), e.subject.as_str())).collect();
    assert_eq!(baseline, [("dudao", "user.state", "wanghe"), ("dudao", "user.state", "lizhen"), ("dudao", "user.assign", "wanghe")]);
    assert!(store.has_audit_entry(head.0, &head.1).await.unwrap(), "a head kept elsewhere is still in the trail");
    assert_eq!(store.session("old", 1_000).await.unwrap(), None, "unaudited sessions ended");
    assert_eq!(store.company("688316").await.unwrap().short_name, "青云科技", "names from company.toml");
    assert_eq!(store.companies_of(&wanghe).await.unwrap().len(), 1, "the assignment kept");
    assert_eq!(store.verify_audit().await.unwrap(), Ok(log.len()));
}

contract!(reviews_are_kept_issued_once_and_audited, reviews);
async fn reviews(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    let (case, files) = example();
    store.import_case(&case.company.company, &files, "admin").await.unwrap();
    let comment = store.add_comment("688316", "finding:deadline.overdue:2021-12-31", "wanghe", "2021年培训已补办").await.unwrap();
    assert_eq!((comment.id, comment.author.as_str()), (1, "wanghe"));
    store.add_comment("688316", "document:annual-tracking-2023", "lizhen", "第九节数字已复核").await.unwrap();
    let comments = store.comments("688316").await.unwrap();
    assert_eq!(
        comments.iter().map(|c| (c.subject.as_str(), c.body.as_str())).collect::<Vec<_>>(),
        [("finding:deadline.overdue:2021-12-31", "2021年培训已补办"), ("document:annual-tracking-2023", "第九节数字已复核")]
    );
    // A signed-off version keeps the text and the digest of the files it was made from.
    let version = store.sign_off("688316", "annual-tracking-2023", &files, "# 跟踪报告\n", "lizhen").await.unwrap();
    assert_eq!(version.facts_sha256, dudao_store::case_digest(&files));
    assert_eq!(version.facts_sha256.len(), 64);
    let issued = store.issue("688316", version.id, "wanghe").await.unwrap();
    assert_eq!(issued.issued.as_ref().map(|(by, _)| by.as_str()), Some("wanghe"));
    assert!(matches!(store.issue("688316", version.id, "wanghe").await, Err(StoreError::Refused(_))), "issued once");
    assert!(matches!(store.issue("688316", 99, "wanghe").await, Err(StoreError::NotFound(_))));
    let kept = store.document_versions("688316").await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!((kept[0].markdown.as_str(), kept[0].signed_by.as_str()), ("# 跟踪报告\n", "lizhen"));
    // A change of the facts changes the digest; the version stays as it was.
    let mut changed = files.clone();
    changed.set("events.toml", files.get("events.toml").unwrap().to_owned() + "\n# 补充\n");
    assert_ne!(dudao_store::case_digest(&changed), kept[0].facts_sha256);
    // Every step is in the audit chain, which still verifies.
    let actions: Vec<String> = store.audit_log("688316").await.unwrap().into_iter().map(|e| e.action).filter(|a| !a.starts_with("case.")).collect();
    assert_eq!(actions, ["comment.add", "comment.add", "document.sign_off", "document.issue"]);
    assert!(store.verify_audit().await.unwrap().is_ok());
}
