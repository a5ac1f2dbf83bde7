//! The daily digest, sent through a real SMTP server process (Python's standard smtpd,
//! `smtp_sink.py`) that keeps each message it receives.

mod common;

use common::{PASSWORD, spawn_app_with};
use dudao_testkit::ScratchDir;
use dudao_testkit::http::Browser;
use tokio::io::AsyncBufReadExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_reaches_the_smtp_server_with_each_users_due_and_overdue_duties() {
    let inbox = ScratchDir::new("smtp-inbox");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let relay = format!("127.0.0.1:{port}");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
    let mut server = tokio::process::Command::new("python3")
        .arg(&script)
        .arg(&relay)
        .arg(&*inbox)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("python3 runs the SMTP server");
    let mut ready = String::new();
    tokio::io::BufReader::new(server.stdout.take().unwrap()).read_line(&mut ready).await.unwrap();
    assert_eq!(ready.trim(), "ready");

    let mail = dudao_web::Mail { relay, from: "督导工作台 <dudao@sponsor.example>".into(), at: (8, 0) };
    let app = spawn_app_with(dudao_web::Options { mail: Some(mail), ..Default::default() }).await;
    // A commitment due yesterday and not kept: today's check finds it, yesterday's did not.
    let yesterday = dudao_model::Date::today_in_beijing().plus_days(-1).unwrap();
    let files = app.store.case_files("688316").await.unwrap();
    let before = files.get("commitments.toml").unwrap().to_owned();
    let promise = format!(
        "\n[[commitments]]\nid = \"digest-test\"\nby = \"北京青云科技股份有限公司\"\ndocument = \"测试用承诺（虚构）\"\n\
         content = \"完成募投项目结项\"\nterms = {{ kind = \"action\", due = {yesterday} }}\n"
    );
    let change = dudao_store::FileChange { path: "commitments.toml".into(), read: Some(before.clone()), text: before + &promise };
    app.store.update_case_files("688316", &[change], "root", "case.update").await.unwrap();
    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    let csrf = admin.get("/admin").csrf();
    let bad = admin.post("/admin/emails", &[("csrf", csrf.as_str()), ("name", "wanghe"), ("email", "not an address")]);
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("邮箱“not an address”无效"), "{}", bad.body);
    let set = admin.post("/admin/emails", &[("csrf", csrf.as_str()), ("name", "wanghe"), ("email", "wanghe@sponsor.example")]);
    assert!(set.body.contains("wanghe 的每日摘要将发往 wanghe@sponsor.example"), "{}", set.body);
    let sent = admin.post("/admin/digest", &[("csrf", csrf.as_str())]);
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.contains("已发送今日摘要 1 封"), "only wanghe has an address: {}", sent.body);

    // As a mail reader shows it (the server decodes the subject and the text).
    let message = std::fs::read_to_string(inbox.join("000.txt")).expect("the server received the digest");
    assert!(message.starts_with("To: wanghe@sponsor.example\nSubject: 督导工作台每日摘要（"), "{message}");
    let raw = std::fs::read_to_string(inbox.join("000.eml")).unwrap();
    assert!(raw.contains("From: =?utf-8?b?") && raw.contains("<dudao@sponsor.example>"), "{raw}");
    // 688316 is wanghe's; the example's work log records no 2024 inspection, long overdue.
    assert!(message.contains("wanghe您好：") && message.contains("【青云科技（688316）】"), "{message}");
    assert!(message.contains("  逾期：完成年度现场检查（2024年度），应于 2024-12-31 前完成"), "{message}");
    assert!(
        message.contains(&format!("  新发现的错误：北京青云科技股份有限公司 在测试用承诺（虚构）中承诺于 {yesterday} 前完成募投项目结项，截至 ")),
        "{message}"
    );
    assert!(message.contains("新发现 1 项"), "only that one is new: {message}");
    assert!(!message.contains("示例科技"), "688999 is not assigned to wanghe: {message}");
    assert!(!inbox.join("001.eml").exists(), "one mail");
    let overdue = message.matches("  逾期：").count();
    assert!(message.contains(&format!("：逾期 {overdue} 项，7 日内到期 ")), "the subject counts the lines: {message}");
    let audited = app.store.audit_log("").await.unwrap().into_iter().any(|e| e.action == "user.email" && e.subject == "wanghe");
    assert!(audited);
}
