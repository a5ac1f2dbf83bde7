//! The store commands as a user runs them, on a fresh SQLite file each.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::CaseCopy;
use dudao_testkit::ScratchDir;

/// A SQLite store in a folder of its own, removed with it (the database and its -wal and
/// -shm files alike).
struct Db {
    url: String,
    dir: ScratchDir,
}

impl Db {
    fn new(name: &str) -> Db {
        let dir = ScratchDir::new(&format!("cli-store-{name}"));
        Db { url: format!("sqlite:{}", dir.join("store.db").display()), dir }
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dudao"))
            .args(args)
            .args(["--database", &self.url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }
}

fn example() -> String {
    dudao_testkit::example_dir().display().to_string()
}

#[test]
fn import_export_round_trip_and_users() {
    let db = Db::new("round-trip");
    let output = db.run(&["import-case", &example()], "");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8(output.stderr).unwrap().contains("已导入 青云科技（688316），16 个案卷文件"));
    let out = db.dir.join("export");
    assert!(db.run(&["export-case", "688316", "--out", out.to_str().unwrap()], "").status.success());
    let original = dudao_model::CaseFiles::read(Path::new(&example())).unwrap();
    assert_eq!(dudao_model::CaseFiles::read(&out).unwrap(), original);

    assert!(db.run(&["user", "add", "wanghe", "--role", "representative"], "a-long-secret\n").status.success());
    let short = db.run(&["user", "add", "lizhen", "--role", "reviewer"], "short\n");
    assert_eq!(short.status.code(), Some(2));
    assert!(db.run(&["user", "assign", "wanghe", "青云科技"], "").status.success());
    let unknown = db.run(&["user", "assign", "nobody", "688316"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8(unknown.stderr).unwrap().contains("未找到：用户 nobody"));
    let unassigned = db.run(&["user", "unassign", "wanghe", "688316"], "");
    assert!(String::from_utf8(unassigned.stderr).unwrap().contains("已取消 wanghe 对 688316 的分配"));
}

#[test]
fn a_bad_case_stores_nothing() {
    let db = Db::new("bad");
    let case = CaseCopy::new();
    case.edit("funds.toml", "\"7,712.16万\"", "\"12,34.5万\"");
    let output = db.run(&["import-case", case.dir.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("funds.toml:12:22：字段 offering.issuance_fees"));
    let export = db.run(&["export-case", "688316", "--out", "/tmp/never"], "");
    assert_eq!(export.status.code(), Some(2), "nothing was imported");
}

#[test]
fn audit_verify_catches_a_direct_edit() {
    let db = Db::new("audit");
    assert!(db.run(&["import-case", &example()], "").status.success());
    let whole = db.run(&["audit", "verify"], "");
    assert_eq!(whole.status.code(), Some(0));
    assert_eq!(String::from_utf8(whole.stdout).unwrap(), "审计日志完整：共 16 条，哈希链逐条相符\n");
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        sqlx::query("UPDATE audit_log SET actor = 'someone else' WHERE id = 5").execute(&pool).await.unwrap();
        pool.close().await;
    });
    let broken = db.run(&["audit", "verify"], "");
    assert_eq!(broken.status.code(), Some(1));
    assert_eq!(String::from_utf8(broken.stdout).unwrap(), "审计日志第 5 条被改动：内容与其哈希不符\n");
}
