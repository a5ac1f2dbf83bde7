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
fn a_company_whose_code_is_another_short_name_gets_a_case_of_its_own() {
    let db = Db::new("code-as-short-name");
    let first = dudao_testkit::CaseCopy::of(&dudao_testkit::fictional_dir());
    first.edit("company.toml", "short_name = \"虚构科技\"", "short_name = \"688316\"");
    assert!(db.run(&["import-case", first.dir.to_str().unwrap()], "").status.success());
    let second = db.run(&["import-case", &example()], "");
    assert!(String::from_utf8(second.stderr).unwrap().contains("已导入 青云科技（688316），16 个案卷文件"));
    for (code, source) in [("688999", first.dir.clone()), ("688316", example().into())] {
        let out = db.dir.join(code);
        assert!(db.run(&["export-case", code, "--out", out.to_str().unwrap()], "").status.success());
        assert_eq!(dudao_model::CaseFiles::read(&out).unwrap(), dudao_model::CaseFiles::read(&source).unwrap(), "{code} holds its own case");
    }
    let typed = db.run(&["user", "add", "wanghe", "--role", "representative"], "a-long-secret\n");
    assert!(typed.status.success());
    let assigned = db.run(&["user", "assign", "wanghe", "688316"], "");
    assert!(String::from_utf8(assigned.stderr).unwrap().contains("已将 688316 分配给 wanghe"), "a code the store holds wins over a short name");
    let namesake = dudao_testkit::CaseCopy::of(&dudao_testkit::fictional_dir());
    namesake.edit("company.toml", "short_name = \"虚构科技\"", "short_name = \"青云科技\"").edit("company.toml", "\"688999\"", "\"688993\"");
    assert!(db.run(&["import-case", namesake.dir.to_str().unwrap()], "").status.success());
    let ambiguous = db.run(&["user", "assign", "wanghe", "青云科技"], "");
    assert_eq!(ambiguous.status.code(), Some(2));
    assert!(String::from_utf8(ambiguous.stderr).unwrap().contains("简称“青云科技”对应多家公司（688316、688993），请用股票代码"));
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
    assert!(String::from_utf8(whole.stdout).unwrap().starts_with("审计日志完整：共 16 条，哈希链逐条相符，案卷文件与审计记录一致\n末条：16:"));
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

/// Runs SQL on the store directly, as someone bypassing dudao would.
fn tamper(db: &Db, sql: &str) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(&pool).await.unwrap();
        pool.close().await;
    });
}

#[test]
fn export_refuses_stored_paths_that_leave_its_folder() {
    let db = Db::new("export-paths");
    assert!(db.run(&["import-case", &example()], "").status.success());
    let out = db.dir.join("out");
    for (hostile, escapes_to) in [("../escaped.toml", db.dir.join("escaped.toml")), ("/tmp/dudao-escaped.toml", "/tmp/dudao-escaped.toml".into())] {
        tamper(&db, &format!("UPDATE case_files SET path = '{hostile}' WHERE path = 'company.toml' OR path LIKE '%escaped.toml'"));
        let output = db.run(&["export-case", "688316", "--out", out.to_str().unwrap()], "");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("案卷文件路径“{hostile}”会写到 {} 之外", out.display())), "{stderr}");
        assert!(!out.exists() && !escapes_to.exists(), "nothing written, inside or out");
    }
}

/// `dudao serve` on the store: it must refuse at once (exit 2) with `message`.
fn serve_refuses(db: &Db, message: &str) {
    let output = db.run(&["serve", "--addr", "127.0.0.1:0"], "");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
}

#[test]
fn a_stored_file_changed_behind_dudao_is_caught_and_not_served() {
    let db = Db::new("file-tamper");
    assert!(db.run(&["import-case", &example()], "").status.success());
    // The served report would show revenue ….71 instead of ….77.
    tamper(&db, "UPDATE case_files SET content = REPLACE(content, '335,693,624.77', '335,693,624.71') WHERE path = 'financials.toml'");
    let output = db.run(&["audit", "verify"], "");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("公司 688316 的案卷文件 financials.toml 与审计日志第"), "{stdout}");
    assert!(stdout.contains("条记录的内容不符：数据库中的文件被直接改动"), "{stdout}");
    serve_refuses(&db, "拒绝启动工作台");
}

/// A reviewer made admin, or a session slipped in, in the database: outside case files,
/// yet caught by `audit verify` and by `serve` at start.
#[test]
fn a_role_or_session_changed_behind_dudao_is_caught_and_not_served() {
    let db = Db::new("standing-tamper");
    assert!(db.run(&["user", "add", "lizhen", "--role", "reviewer"], "a-long-secret\n").status.success());
    assert_eq!(db.run(&["audit", "verify"], "").status.code(), Some(0));
    for (change, restore, message) in [
        ("UPDATE users SET role = 'admin'", "UPDATE users SET role = 'reviewer'", "用户 lizhen 的角色与审计日志第 1 条记录的不符：用户表被直接改动"),
        (
            "INSERT INTO sessions (token, user_id, csrf, expires_at) SELECT 'made-up', id, 'c', 4000000000 FROM users",
            "DELETE FROM sessions",
            "用户 lizhen 的一个登录会话（至 2096-10-02T07:06:40Z）没有相应的审计记录：会话表被直接改动",
        ),
    ] {
        tamper(&db, change);
        let output = db.run(&["audit", "verify"], "");
        assert_eq!((output.status.code(), String::from_utf8(output.stdout).unwrap()), (Some(1), format!("{message}\n")));
        serve_refuses(&db, &format!("{message}：拒绝启动工作台"));
        tamper(&db, restore);
    }
    assert_eq!(db.run(&["audit", "verify"], "").status.code(), Some(0));
}

#[test]
fn entries_removed_from_the_end_are_caught_by_the_head_kept_elsewhere() {
    let db = Db::new("truncated-log");
    assert!(db.run(&["import-case", &example()], "").status.success());
    assert!(db.run(&["user", "add", "wanghe", "--role", "representative"], "a-long-secret\n").status.success());
    let stdout = String::from_utf8(db.run(&["audit", "verify"], "").stdout).unwrap();
    let head = stdout.lines().nth(1).unwrap().strip_prefix("末条：").unwrap().split('（').next().unwrap().to_owned();
    assert!(head.starts_with("17:"), "{head}");
    assert_eq!(db.run(&["audit", "verify", "--expect-head", &head], "").status.code(), Some(0));
    // The newest entry (the user added) removed, and the user with it: the chain that is
    // left is whole and agrees with the tables, only the head kept elsewhere shows what is
    // missing.
    tamper(&db, "DELETE FROM audit_log WHERE id = 17");
    tamper(&db, "DELETE FROM users WHERE name = 'wanghe'");
    assert_eq!(db.run(&["audit", "verify"], "").status.code(), Some(0));
    let output = db.run(&["audit", "verify", "--expect-head", &head], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stdout).unwrap().starts_with("审计日志中没有上次记下的第 17 条"));
    let bad = db.run(&["audit", "verify", "--expect-head", "seventeen"], "");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn an_empty_or_damaged_database_is_refused_not_served_as_empty() {
    // A 0-byte file (as a failed copy leaves) and a missing one: no store, so no server.
    let db = Db::new("empty");
    let path = db.dir.join("store.db");
    std::fs::write(&path, "").unwrap();
    for command in [&["audit", "verify"][..], &["serve", "--addr", "127.0.0.1:0"]] {
        let output = db.run(command, "");
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8(output.stderr).unwrap().contains("中没有督导工作台的数据（新建、空白或并非 dudao 的数据库）：首次启动请加 --init 新建"));
    }
    std::fs::remove_file(&path).unwrap();
    serve_refuses(&db, "首次启动请加 --init 新建");
    assert!(!path.exists(), "nothing created without --init");
    // A store cut in half (a disk filled up, a partial copy): damaged, refused.
    assert!(db.run(&["import-case", &example()], "").status.success());
    tamper(&db, "PRAGMA wal_checkpoint(TRUNCATE)");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    for name in ["store.db-wal", "store.db-shm"] {
        let _ = std::fs::remove_file(db.dir.join(name));
    }
    let output = db.run(&["audit", "verify"], "");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("数据库已损坏："), "{stderr}");
    serve_refuses(&db, "数据库已损坏：");
}

/// The text of case file `path` of 688316 as stored.
fn stored(db: &Db, path: &str) -> String {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        let row = sqlx::query("SELECT content FROM case_files WHERE path = $1").bind(path).fetch_one(&pool).await.unwrap();
        let text: String = sqlx::Row::try_get(&row, "content").unwrap();
        pool.close().await;
        text
    })
}

/// `dudao serve` on the store at a port of its own, with `env` added to its environment:
/// the process, and the address it serves at. Its request log is read and dropped, so it
/// never blocks on a full pipe.
fn start_server(db: &Db, env: &[(&str, &std::ffi::OsStr)]) -> (std::process::Child, std::net::SocketAddr) {
    use std::io::{BufRead, BufReader};
    let mut server = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["serve", "--addr", "127.0.0.1:0", "--database", &db.url])
        .envs(env.iter().copied())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stderr.take().unwrap()).lines();
    let banner = lines.next().unwrap().unwrap();
    let addr: std::net::SocketAddr = banner.rsplit("http://").next().unwrap().parse().unwrap();
    std::thread::spawn(move || lines.for_each(drop));
    (server, addr)
}

#[test]
fn every_acknowledged_edit_survives_the_server_being_killed() {
    let db = Db::new("killed");
    assert!(db.run(&["import-case", &example()], "").status.success());
    assert!(db.run(&["user", "add", "root", "--role", "admin"], "a-long-secret\n").status.success());
    let mut acknowledged: Vec<String> = Vec::new();
    let mut seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64;
    for round in 0..5 {
        let (mut server, addr) = start_server(&db, &[]);
        let (ready, logged_in) = std::sync::mpsc::channel();
        let client = std::thread::spawn(move || {
            let mut browser = dudao_testkit::http::Browser::new(addr);
            browser.login("root", "a-long-secret");
            let csrf = browser.get("/c/688316").csrf();
            ready.send(()).unwrap();
            let mut done = Vec::new();
            for n in 0.. {
                let summary = format!("第 {round} 轮第 {n} 次培训");
                let body = dudao_testkit::http::form_encode(&[("csrf", &csrf), ("year", "2023"), ("date", "2023-06-01"), ("summary", &summary)]);
                match browser.try_send("POST", "/c/688316/records/trainings", "application/x-www-form-urlencoded", body.as_bytes()) {
                    Ok(reply) if reply.status == 200 => done.push(summary),
                    Ok(reply) => panic!("an edit refused: {}", reply.status),
                    Err(_) => break,
                }
            }
            done
        });
        // Kill at a moment no one chose: 0.2 to 1 s into the stream of edits.
        logged_in.recv().unwrap();
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        std::thread::sleep(std::time::Duration::from_millis(200 + (seed >> 33) % 800));
        server.kill().unwrap();
        server.wait().unwrap();
        acknowledged.extend(client.join().unwrap());
    }
    assert!(acknowledged.len() >= 5, "edits were made: {acknowledged:?}");
    let worklog = stored(&db, "worklog/2023.toml");
    let missing: Vec<&String> = acknowledged.iter().filter(|s| !worklog.contains(s.as_str())).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let verified = db.run(&["audit", "verify"], "");
    assert_eq!(verified.status.code(), Some(0), "{}", String::from_utf8_lossy(&verified.stdout));
}

/// Two 60 MiB reports uploaded to a real server — junk as a PDF and text beyond any
/// report's size — are streamed to disk and refused by name, the server staying under
/// 1 GB (it peaked at 1.8 GB when uploads were held in memory), with nothing left behind.
#[test]
fn large_uploads_are_streamed_to_disk_and_refused_within_bounds() {
    let db = Db::new("uploads");
    assert!(db.run(&["import-case", &example()], "").status.success());
    assert!(db.run(&["user", "add", "root", "--role", "admin"], "a-long-secret\n").status.success());
    let scratch = db.dir.join("tmp");
    std::fs::create_dir(&scratch).unwrap();
    let (mut server, addr) = start_server(&db, &[("TMPDIR", scratch.as_os_str())]);
    let mut browser = dudao_testkit::http::Browser::new(addr);
    assert_eq!(browser.login("root", "a-long-secret").status, 303);
    let csrf = browser.get("/c/688316").csrf();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let junk: Vec<u8> = (0..60 << 20)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    let text = "营业收入 335,693,624.77 元，同比增长 12.34%。\n".repeat((60 << 20) / 60).into_bytes();
    for (name, content, message) in [("big.pdf", &junk, "big.pdf：无法从 PDF 提取文本"), ("big.txt", &text, "MB）：应不超过 32 MB，年度报告通常在 5 MB 以内")]
    {
        let reply = browser.upload("/c/688316/ingest", &csrf, "report", name, content);
        assert_eq!(reply.status, 422, "{name}");
        assert!(reply.body.contains(message), "{name}: {}", reply.body);
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap();
    let peak_kib: u64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches(" kB").parse().unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(peak_kib < 1 << 20, "the server peaked at {} MB", peak_kib >> 10);
    assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0, "no scratch file left");
}

/// LibreOffice failing (here a stand-in that prints a path and fails): the page says so and
/// points to the server's log; what the tool printed never reaches the page.
#[test]
fn a_failing_converter_is_named_without_its_output() {
    let db = Db::new("converter");
    assert!(db.run(&["import-case", &example()], "").status.success());
    assert!(db.run(&["user", "add", "root", "--role", "admin"], "a-long-secret\n").status.success());
    let bin = db.dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let soffice = bin.join("soffice");
    std::fs::write(&soffice, "#!/bin/sh\necho 'javaldx: /home/secret/.config failed' >&2\nexit 81\n").unwrap();
    std::fs::set_permissions(&soffice, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap()))).unwrap();
    let (mut server, addr) = start_server(&db, &[("PATH", path.as_os_str())]);
    let mut browser = dudao_testkit::http::Browser::new(addr);
    assert_eq!(browser.login("root", "a-long-secret").status, 303);
    let reply = browser.get("/c/688316/report/annual-tracking-2023.pdf");
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("LibreOffice 未能转换为 PDF（exit status: 81）：详情见服务器日志"), "{}", reply.body);
    assert!(!reply.body.contains("secret"), "{}", reply.body);
}

/// While it runs, `serve` keeps the head file current (here every second): an entry added
/// meanwhile moves it on; entries then cut from the end stop it, with a word on standard
/// error, and the next start refuses the store.
#[test]
fn serve_keeps_the_audit_head_current_and_stops_at_a_cut() {
    use std::io::{BufRead, BufReader};
    let db = Db::new("head-kept");
    assert!(db.run(&["import-case", &example()], "").status.success());
    assert!(db.run(&["user", "add", "root", "--role", "admin"], "a-long-secret\n").status.success());
    let kept = db.dir.join("store.db.audit-head");
    let mut server = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["serve", "--addr", "127.0.0.1:0", "--audit-head-every", "1", "--database", &db.url])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let said = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let log = said.clone();
    let stderr = server.stderr.take().unwrap();
    std::thread::spawn(move || BufReader::new(stderr).lines().map_while(Result::ok).for_each(|line| log.lock().unwrap().push_str(&(line + "\n"))));
    let head = || std::fs::read_to_string(&kept).unwrap_or_default();
    let wait_for = |done: &dyn Fn() -> bool| {
        let started = std::time::Instant::now();
        while !done() && started.elapsed() < std::time::Duration::from_secs(20) {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    wait_for(&|| head().starts_with("17:"));
    assert!(head().starts_with("17:"), "{}", head());
    assert!(db.run(&["user", "add", "wanghe", "--role", "representative"], "a-long-secret\n").status.success());
    wait_for(&|| head().starts_with("18:"));
    assert!(head().starts_with("18:"), "the head moves on: {}", head());
    tamper(&db, "DELETE FROM audit_log WHERE id = 18");
    tamper(&db, "DELETE FROM users WHERE name = 'wanghe'");
    wait_for(&|| said.lock().unwrap().contains("审计日志中已没有第 18 条"));
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(said.lock().unwrap().contains("审计日志中已没有第 18 条"), "{}", said.lock().unwrap());
    assert!(head().starts_with("18:"), "the file keeps what shows the cut");
    serve_refuses(&db, "审计日志中没有上次启动时核验的第 18 条");
}

/// `serve` keeps the audit head it verified in a file beside the SQLite database: a store
/// whose newest entries were cut since — a chain that still hashes whole — is refused at
/// the next start.
#[test]
fn serve_refuses_a_trail_that_ends_before_the_head_it_kept() {
    let db = Db::new("serve-head");
    assert!(db.run(&["import-case", &example()], "").status.success());
    assert!(db.run(&["user", "add", "wanghe", "--role", "representative"], "a-long-secret\n").status.success());
    let kept = db.dir.join("store.db.audit-head");
    let mut server = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["serve", "--addr", "127.0.0.1:0", "--database", &db.url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !kept.exists() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let head = std::fs::read_to_string(&kept).expect("serve kept the head it verified");
    assert!(head.starts_with("17:") && head.trim_end().len() == 3 + 64, "{head}");
    tamper(&db, "DELETE FROM audit_log WHERE id = 17");
    tamper(&db, "DELETE FROM users WHERE name = 'wanghe'");
    assert_eq!(db.run(&["audit", "verify"], "").status.code(), Some(0), "what is left hashes whole");
    serve_refuses(&db, &format!("审计日志中没有上次启动时核验的第 17 条（{} 所记）：末尾的条目被删除或替换，拒绝启动工作台", kept.display()));
}
