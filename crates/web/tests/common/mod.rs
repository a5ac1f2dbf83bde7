//! The workbench tests' harness: `spawn_app()` serves a fresh SQLite store on port 0.

#![allow(dead_code, reason = "each test file uses part of the harness")]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

use dudao_model::{CaseFiles, parse_case};
use dudao_store::{Role, Store};
use dudao_testkit::{CaseCopy, ScratchDir, example_dir};

pub const PASSWORD: &str = "a-long-secret";

/// A running workbench with 青云科技 (688316) and 示例科技 (688999); `wanghe`
/// (representative) and `lizhen` (reviewer) are assigned 688316 only; `root` is an admin.
pub struct App {
    pub addr: SocketAddr,
    pub store: Store,
    pub url: String,
    /// Holds the database file; removed with the app.
    _scratch: ScratchDir,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

pub async fn spawn_app() -> App {
    spawn_app_with(dudao_web::Options::default()).await
}

/// [`spawn_app`], served with `options`.
pub async fn spawn_app_with(options: dudao_web::Options) -> App {
    let scratch = ScratchDir::new(&format!("web-{}", NEXT.fetch_add(1, Ordering::Relaxed)));
    let url = format!("sqlite:{}", scratch.join("store.db").display());
    let store = Store::open(&url).await.unwrap();
    let files = CaseFiles::read(&example_dir()).unwrap();
    let case = parse_case(&example_dir(), &files).unwrap();
    store.import_case(&case.company.company, &files, "setup").await.unwrap();
    let other = CaseCopy::new();
    other.edit("company.toml", "stock_code = \"688316\"", "stock_code = \"688999\"");
    other.edit("company.toml", "short_name = \"青云科技\"", "short_name = \"示例科技\"");
    let other_files = CaseFiles::read(&other.dir).unwrap();
    let other_case = parse_case(&other.dir, &other_files).unwrap();
    store.import_case(&other_case.company.company, &other_files, "setup").await.unwrap();
    store.add_user("root", Role::Admin, PASSWORD, "setup").await.unwrap();
    store.add_user("wanghe", Role::Representative, PASSWORD, "setup").await.unwrap();
    store.add_user("lizhen", Role::Reviewer, PASSWORD, "setup").await.unwrap();
    store.assign("wanghe", "688316", "setup").await.unwrap();
    store.assign("lizhen", "688316", "setup").await.unwrap();
    let addr = dudao_web::spawn(store.clone(), "127.0.0.1:0".parse().unwrap(), options).await.unwrap();
    App { addr, store, url, _scratch: scratch }
}

/// A case for 四方科技 (603339) as a person started it — identity, listing date, and a
/// mistyped 2019 net profit with a comment — assigned to `wanghe`, ready for its 2019 annual
/// report (`sifang_report()`) to be uploaded.
pub const SIFANG_COMPANY: &str = "# 项目组录入\n[company]\nname = \"四方科技集团股份有限公司\"\nshort_name = \"四方科技\"\nstock_code = \"603339\"\nboard = \"sse_main\"\nlisting_date = 2016-05-19\n";
pub const SIFANG_FINANCIALS: &str = "[2019]\nnet_profit = \"129,465,020.86\"  # 待复核\n";

pub async fn add_sifang(app: &App) {
    let files = CaseFiles::from_pairs([("company.toml".to_owned(), SIFANG_COMPANY.to_owned()), ("financials.toml".to_owned(), SIFANG_FINANCIALS.to_owned())]);
    let case = parse_case(std::path::Path::new("603339"), &files).unwrap();
    app.store.import_case(&case.company.company, &files, "setup").await.unwrap();
    app.store.assign("wanghe", "603339", "setup").await.unwrap();
}

/// The real 2019 annual report of 四方科技 (tests/fixtures/annual-reports).
pub fn sifang_report() -> std::path::PathBuf {
    example_dir().join("../../tests/fixtures/annual-reports/2020-04-16_四方科技_603339_2019年年度报告.pdf")
}

/// The case folder `dir` as a zip, under a top folder as a file manager zips a folder,
/// with the files `beside` it (path, bytes) that are not part of a case.
pub fn zip_of(dir: &std::path::Path, top: &str, beside: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let files = dudao_model::CaseFiles::read(dir).unwrap();
    let case = files.iter().map(|(path, text)| (path, text.as_bytes()));
    for (path, bytes) in case.chain(beside.iter().copied()) {
        writer.start_file(format!("{top}/{path}"), zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut writer, bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}
