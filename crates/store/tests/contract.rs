//! The store's contract, which SQLite and PostgreSQL must both keep: every test runs on
//! each engine, on a fresh database. PostgreSQL comes from `DUDAO_TEST_POSTGRES` (a URL
//! whose user may create databases; `.ci/run` starts a server and sets it).

use std::sync::atomic::{AtomicUsize, Ordering};

use dudao_model::{CaseFiles, parse_case};
use dudao_store::{FileChange, Role, Store, StoreError};
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
    assert_eq!(store.case_files("青云科技").await.unwrap(), files, "by short name too");
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
    assert_eq!((last.before.as_str(), last.after.as_str()), (before.as_str(), after.as_str()));
    assert_eq!(store.case_files("688316").await.unwrap().get("events.toml"), Some(after.as_str()));
    assert!(store.case_revisions().await.unwrap()["688316"] > revision, "an update is a new revision");
}

contract!(users_roles_and_passwords, users);
async fn users(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    store.add_user("wanghe", Role::Representative, "correct horse", "admin").await.unwrap();
    assert!(matches!(store.add_user("wanghe", Role::Reviewer, "x", "admin").await, Err(StoreError::Conflict(_))));
    assert_eq!(store.user("wanghe").await.unwrap().role, Role::Representative);
    assert!(store.check_password("wanghe", "wrong").await.unwrap().is_none());
    assert!(store.check_password("wanghe", "wrong again").await.unwrap().is_none());
    assert_eq!(store.failed_logins("wanghe").await.unwrap(), 2);
    let user = store.check_password("wanghe", "correct horse").await.unwrap().expect("the right password");
    assert_eq!(user.name, "wanghe");
    assert_eq!(store.failed_logins("wanghe").await.unwrap(), 0);
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
    assert_eq!(store.company_for(&reviewer, "青云科技").await.unwrap().code, "688316");
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

    // Someone edits the database directly, bypassing dudao.
    drop(store);
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query("UPDATE audit_log SET after_text = 'quietly changed' WHERE id = 3").execute(&pool).await.unwrap();
    pool.close().await;
    let store = Store::open(&url).await.unwrap();
    let broken = store.verify_audit().await.unwrap().expect_err("the edit is caught");
    assert_eq!(broken.id, 3);
    assert_eq!(broken.to_string(), "审计日志第 3 条被改动：内容与其哈希不符");
}

contract!(sessions_expire_and_feeds_are_revocable, sessions_and_feeds);
async fn sessions_and_feeds(engine: &str) {
    let (store, _, _scratch) = fresh(engine).await;
    let user = store.add_user("wanghe", Role::Representative, "correct horse", "admin").await.unwrap();
    store.create_session(&user, "old", "csrf-old", 1_000, 2_000).await.unwrap();
    assert_eq!(store.session("old", 1_999).await.unwrap(), Some((user.clone(), "csrf-old".to_owned())));
    assert_eq!(store.session("old", 2_000).await.unwrap(), None, "over at expires_at");
    store.create_session(&user, "new", "csrf-new", 3_000, 4_000).await.unwrap();
    assert_eq!(store.session("old", 1_999).await.unwrap(), None, "expired sessions are dropped at the next login");
    store.delete_session("new").await.unwrap();
    assert_eq!(store.session("new", 3_001).await.unwrap(), None, "logged out");

    store.create_session(&user, "elsewhere", "csrf", 3_000, 4_000).await.unwrap();
    store.set_password(&user, "a new secret", "wanghe").await.unwrap();
    assert_eq!(store.session("elsewhere", 3_001).await.unwrap(), None, "a new password ends every session");
    assert!(store.check_password("wanghe", "correct horse").await.unwrap().is_none());
    assert_eq!(store.check_password("wanghe", "a new secret").await.unwrap(), Some(user.clone()));
    let last = store.audit_log("").await.unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.subject.as_str(), last.after.as_str()), ("user.password", "wanghe", ""), "no secret in the log");

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
    assert_eq!(versions, [1, 2, 3, 4], "each migration recorded once");
}
