//! The workbench in a real browser: Debian's headless Chromium, driven by playwright-core
//! (`e2e/workbench.mjs`, `e2e/from-report.mjs`). Needs `/usr/bin/chromium`, Node.js and
//! `npm ci --prefix e2e`; `.ci/run` provides them. Screenshots land in `target/e2e-screenshots/`.

mod common;

use std::path::{Path, PathBuf};

/// The repository's root and the screenshots' folder, once Chromium and playwright-core are
/// known to be there.
fn browser_ready() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    assert!(root.join("e2e/node_modules/playwright-core").is_dir(), "run `npm ci --prefix e2e` first (bash .ci/run does)");
    assert!(Path::new("/usr/bin/chromium").exists(), "install Debian's chromium (bash .ci/run does)");
    let shots = root.join("target/e2e-screenshots");
    (root, shots)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_uses_the_workbench_in_chromium() {
    let app = common::spawn_app().await;
    common::add_sifang(&app).await;
    let (root, shots) = browser_ready();
    let script = root.join("e2e/workbench.mjs");
    let base = format!("http://{}", app.addr);
    // A zipped case folder for the administrator to upload: the fictional case as 688997.
    let scratch = dudao_testkit::ScratchDir::new("browser-case-zip");
    let fictional = dudao_testkit::CaseCopy::of(&dudao_testkit::fictional_dir());
    fictional.edit("company.toml", "stock_code = \"688999\"", "stock_code = \"688997\"");
    let zip_path = scratch.join("fictional.zip");
    std::fs::write(&zip_path, common::zip_of(&fictional.dir, "fictional", &[])).unwrap();
    let output =
        tokio::process::Command::new("node").arg(&script).arg(&base).arg(&shots).arg(common::sifang_report()).arg(&zip_path).output().await.expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "browser test failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("workbench: all expectations met"), "{stdout}");
    // The representative's entry reached the audit chain, which is still whole.
    let log = app.store.audit_log("688316").await.unwrap();
    assert!(log.iter().any(|e| e.actor == "wanghe" && e.subject == "worklog/2023.toml"));
    // So did the annual report accepted in the browser.
    let ingested = app.store.audit_log("603339").await.unwrap();
    assert!(ingested.iter().any(|e| e.actor == "wanghe" && e.action == "case.ingest" && e.subject == "sources.toml"));
    assert!(app.store.verify_audit().await.unwrap().is_ok());
    assert!(app.store.audit_log("688997").await.unwrap().iter().any(|e| e.actor == "root" && e.action == "case.import"));
}

/// Issue 27: from an annual report uploaded by the administrator to an issued annual tracking
/// report, every missing fact typed into the workbench's forms in Chromium (the raw-HTTP
/// `a_report_is_made_from_an_upload_through_forms_alone`, clicked through).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_is_made_from_an_upload_in_chromium() {
    let app = common::spawn_app().await;
    let (root, shots) = browser_ready();
    let script = root.join("e2e/from-report.mjs");
    let base = format!("http://{}", app.addr);
    let output = tokio::process::Command::new("node").arg(&script).arg(&base).arg(&shots).arg(common::sifang_report()).output().await.expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "browser test failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("from-report: all expectations met"), "{stdout}");
    // The administrator started the case; the representative's forms wrote the work log and
    // the narratives and handled the finding; the reviewer signed off and the representative
    // issued; the chain is whole.
    let log = app.store.audit_log("603339").await.unwrap();
    assert!(log.iter().any(|e| e.actor == "root" && e.action == "case.import"));
    for subject in ["worklog/2019.toml", "narrative/2019/disclosure_review.md", "narrative/2019/violations.md"] {
        assert!(log.iter().any(|e| e.actor == "wanghe" && e.subject == subject), "{subject} written by wanghe");
    }
    assert!(log.iter().any(|e| e.actor == "lizhen" && e.action == "document.sign_off" && e.subject == "annual-tracking-2019"));
    assert!(log.iter().any(|e| e.actor == "wanghe" && e.action == "document.issue" && e.subject == "annual-tracking-2019"));
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}
