//! The workbench over HTTP, as a browser would speak to it: sessions and their cookie,
//! CSRF, roles, 404 for unassigned companies whatever the URL, validated edits, the audit
//! trail, the calendar feed, and throttled password guessing.

mod common;

use std::time::{Duration, Instant};

use common::{PASSWORD, spawn_app};
use dudao_testkit::http::{Browser, Reply};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_httponly_strict_cookies_and_pages_need_one() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    let anonymous = browser.get("/c/688316");
    assert_eq!((anonymous.status, anonymous.header("location")), (303, Some("/login")));
    let login = browser.login("wanghe", PASSWORD);
    assert_eq!(login.status, 303);
    let cookie = login.headers.iter().find(|(k, v)| k == "set-cookie" && v.starts_with("dudao_session=")).unwrap();
    assert!(cookie.1.contains("HttpOnly") && cookie.1.contains("SameSite=Strict"), "{}", cookie.1);
    let portfolio = browser.get("/");
    assert_eq!(portfolio.status, 200);
    assert!(portfolio.body.contains("青云科技") && !portfolio.body.contains("示例科技"));
    let csrf = portfolio.csrf();
    assert_eq!(browser.post("/logout", &[("csrf", &csrf)]).status, 303);
    assert_eq!(browser.get("/").status, 303, "logged out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_form_without_its_token_is_refused() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    let reply = browser.post("/login", &[("name", "wanghe"), ("password", PASSWORD), ("csrf", "forged")]);
    assert_eq!(reply.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unassigned_companies_are_404_whatever_the_url() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    for path in ["/c/688999", "/c/688999/audit", "/c/688999/report/2023.docx", "/c/示例科技", "/c/000000", "/nowhere"] {
        let encoded: String =
            path.chars().map(|c| if c.is_ascii() { c.to_string() } else { c.to_string().bytes().map(|b| format!("%{b:02X}")).collect() }).collect();
        let reply = browser.get(&encoded);
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("没有这个页面，或您无权查看这家公司"));
    }
    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    assert_eq!(admin.get("/c/688999").status, 200, "an admin sees every company");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_are_validated_saved_and_audited() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let csrf = browser.get("/c/688316").csrf();
    let sale = |date: &str, shares: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("id", "web-sale".to_owned()),
            ("holder", "黄允松".to_owned()),
            ("date", date.to_owned()),
            ("shares", shares.to_owned()),
            ("method", "block_trade".to_owned()),
            ("average_price", "30.00".to_owned()),
        ]
    };
    let bad: Vec<(&str, String)> = sale("2024-02-30", "12,34");
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = browser.post("/c/688316/records/share_sales", &bad);
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("“12,34”不是有效的股数"), "the error beside the field");
    assert!(reply.body.contains("“2024-02-30”不是有效的日期"), "every error of the form at once");
    assert!(reply.body.contains("value=\"2024-02-30\""), "the values typed are kept");
    let imported = app.store.case_files("688316").await.unwrap().iter().count();
    // The import wrote one entry per file and the setup two assignments; the bad form none.
    assert_eq!(app.store.audit_log("688316").await.unwrap().len(), imported + 2, "nothing saved");

    let errors_on_portfolio = |browser: &mut Browser| {
        let page = browser.get("/");
        let at = page.body.find("错误 ").expect("a findings count") + "错误 ".len();
        page.body[at..].split('<').next().unwrap().parse::<usize>().unwrap()
    };
    let errors_before = errors_on_portfolio(&mut browser);

    let good: Vec<(&str, String)> = sale("2024-03-01", "100000");
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = browser.post("/c/688316/records/share_sales", &good);
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("已保存：减持（events.toml）"), "{}", reply.body);
    assert!(reply.body.contains("web-sale"), "listed with the others");
    // The new sale is judged at once: a controller's pre-IPO shares are locked until 2024-03-16.
    let violations = browser.get("/c/688316?tab=findings&severity=error&kind=violation");
    assert!(
        violations.body.contains("科创板控股股东、实际控制人首发前股份限售") && violations.body.contains("lockup.star-controller"),
        "the rule's title with its id"
    );
    assert!(!violations.body.contains("delisting.net-assets-cover"), "filtered to errors that are violations");
    assert!(errors_on_portfolio(&mut browser) > errors_before, "the portfolio's kept rows follow the change");
    let log = app.store.audit_log("688316").await.unwrap();
    let last = log.last().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str(), last.subject.as_str()), ("wanghe", "case.update", "events.toml"));
    let added: Vec<&str> = last.change.added().collect();
    assert!(added.contains(&"holder = \"黄允松\"") && added.contains(&"date = 2024-03-01"), "typed as the case format writes it: {added:?}");
    let audit = browser.get("/c/688316/audit");
    assert!(audit.body.contains("+ holder = &#34;黄允松&#34;") || audit.body.contains("+ holder = &quot;黄允松&quot;"), "the change is shown, escaped");

    let forged: Vec<(&str, &str)> = good.iter().map(|(k, v)| if *k == "csrf" { (*k, "forged") } else { (*k, *v) }).collect();
    assert_eq!(browser.post("/c/688316/records/share_sales", &forged).status, 403);

    let mut reviewer = Browser::new(app.addr);
    reviewer.login("lizhen", PASSWORD);
    let page = reviewer.get("/c/688316?tab=records");
    assert!(!page.body.contains("保存减持"), "no forms for a reviewer");
    let token = page.csrf();
    let attempt: Vec<(&str, &str)> = good.iter().map(|(k, v)| if *k == "csrf" { (*k, token.as_str()) } else { (*k, *v) }).collect();
    assert_eq!(reviewer.post("/c/688316/records/share_sales", &attempt).status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commitments_are_listed_and_added_in_their_own_file() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let page = browser.get("/c/688316?tab=records");
    assert!(page.body.contains("tianxiang-reduction-notice"), "the commitments of commitments.toml are listed");
    let csrf = page.csrf();
    let form = [
        ("csrf", csrf.as_str()),
        ("id", "web-commitment"),
        ("by", "黄允松"),
        ("document", "招股说明书"),
        ("content", "自上市之日起 36 个月内不转让首发前股份"),
        ("terms.kind", "other"),
    ];
    let reply = browser.post("/c/688316/records/commitments", &form);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("已保存：承诺（commitments.toml）"), "{}", reply.body);
    let stored = app.store.case_files("688316").await.unwrap();
    assert!(stored.get("commitments.toml").unwrap().contains("id = \"web-commitment\""));
    assert!(!stored.get("events.toml").unwrap().contains("commitments"), "never into events.toml");
    let edit = [("csrf", csrf.as_str()), ("reason", "录入有误")];
    let index = stored.get("commitments.toml").unwrap().matches("[[commitments]]").count() - 1;
    let deleted = browser.post(&format!("/c/688316/records/commitments/commitments/{index}/delete"), &edit);
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert!(!app.store.case_files("688316").await.unwrap().get("commitments.toml").unwrap().contains("web-commitment"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announcement_is_marked_reviewed_and_a_record_deleted_with_its_reason() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let page = browser.get("/c/688316?tab=records");
    let csrf = page.csrf();
    assert!(page.body.contains("《2023年年度报告》"), "the announcements are listed");
    // The 2023 annual report is the fifth announcement (index 4): reviewed afterwards.
    let review = [
        ("csrf", csrf.as_str()),
        ("id", "annual-report-2023"),
        ("date", "2024-04-25"),
        ("title", "《2023年年度报告》"),
        ("kind", "annual_report"),
        ("year", "2023"),
        ("reviewed", "2024-04-30"),
        ("reviewer", "王鹤"),
    ];
    let reply = browser.post("/c/688316/records/announcements/events/4", &review);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let events = app.store.case_files("688316").await.unwrap().get("events.toml").unwrap().to_owned();
    assert!(events.contains("reviewed = 2024-04-30") && events.contains("reviewer = \"王鹤\""), "{events}");
    assert!(events.contains("# Source: 中金公司"), "the rest of the file, comments included, is kept");
    let deadlines = browser.get("/c/688316?tab=deadlines");
    assert!(deadlines.body.contains("《2023年年度报告》"));

    // Deleting needs a reason, which the audit trail keeps with the removed text.
    let delete = |reason: &'static str| [("csrf", csrf.clone()), ("reason", reason.to_owned())];
    let refused = browser
        .post("/c/688316/records/announcements/events/3/delete", &delete("").map(|(k, v)| (k, v)).iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("删除须写明理由"));
    let form = delete("重复录入");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = browser.post("/c/688316/records/announcements/events/3/delete", &pairs);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let log = app.store.audit_log("688316").await.unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.action, "case.delete：重复录入");
    assert!(last.change.removed().any(|l| l.contains("《2023年第三季度报告》")) && !last.change.added().any(|l| l.contains("《2023年第三季度报告》")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_download_in_three_formats() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("lizhen", PASSWORD);
    let page = browser.get("/c/688316");
    assert!(page.body.contains("href=\"/c/688316/report/annual-tracking-2023.docx\""), "the documents the case can produce are offered");
    // The 2023 work log records the report's publication on 2024-05-17.
    assert!(page.body.contains("2023年度（已于2024年5月17日出具）："), "{}", page.body);
    // The example records 2022's figures but not the controllers' holdings at 2022's end,
    // the sponsor's 2022 work log and its eight narrative files (section 四 among them), nor
    // 2022's IP: the page says what that report lacks, in the words of `dudao report`.
    assert!(page.body.contains("2022年度：尚缺 11 项"), "{}", page.body);
    assert!(page.body.contains("缺少 2022 年度的持续督导工作记录 <span class=\"muted\">（worklog&#x2f;2022.toml）</span>"), "{}", page.body);
    let md = browser.get("/c/688316/report/annual-tracking-2023.md");
    assert_eq!(md.status, 200);
    // Named in Chinese for the browser, with an ASCII name for clients without RFC 6266.
    assert_eq!(download_names(md.header("content-disposition")), ("688316-annual-tracking-2023.md".into(), "青云科技_2023年度持续督导跟踪报告.md".into()));
    assert!(md.body.contains("| 营业收入 | 335,693,624.77 | 304,971,021.01 | 10.07 | 423,834,209.20 |"));
    assert!(md.body.contains("（本页无正文，为《中国国际金融股份有限公司关于北京青云科技股份有限公司2023年度持续督导跟踪报告》之签章页）"));
    assert_eq!(browser.get("/c/688316/report/2023.md").body, md.body, "the short form of the annual tracking report");
    assert_eq!(browser.get("/c/688316/report/annual-tracking-2023H1.md").status, 422, "an annual document for a half-year");
    assert!(browser.get("/c/688316/report/2023.html").body.contains("<h2>九、募集资金的使用情况及是否合规</h2>"));
    assert_eq!(
        browser.get("/c/688316/report/2023.docx").header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    let pdf = browser.get("/c/688316/report/annual-tracking-2023.pdf");
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with("%PDF-"), "a PDF laid out by LibreOffice");
    assert_eq!(browser.get("/c/688316/report/annual-tracking-2023.odt").status, 404);
    // The case as a workbook, as `dudao workbook` writes it.
    assert!(page.body.contains("href=\"/c/688316/workbook.xlsx\""), "the company page offers the workbook");
    let workbook = browser.get("/c/688316/workbook.xlsx");
    assert_eq!(workbook.status, 200);
    assert_eq!(workbook.header("content-type"), Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    let (ascii, name) = download_names(workbook.header("content-disposition"));
    assert!(ascii.starts_with("688316-case-") && name.starts_with("青云科技_持续督导案卷_"), "{ascii} {name}");
    let read = dudao_sheet::read(&workbook.bytes, "688316.xlsx").unwrap();
    assert!(read.facts.iter().any(|f| f.path == "financials.2023.revenue" && f.value == "335,693,624.77"), "the workbook reads back: {:?}", read.facts);
}

/// A download's two names: `filename` and the percent-decoded UTF-8 `filename*`.
fn download_names(disposition: Option<&str>) -> (String, String) {
    let disposition = disposition.expect("a Content-Disposition");
    let (ascii, encoded) = disposition
        .strip_prefix("attachment; filename=\"")
        .and_then(|rest| rest.split_once("\"; filename*=UTF-8''"))
        .unwrap_or_else(|| panic!("not an attachment with both names: {disposition}"));
    let mut bytes = Vec::new();
    let mut rest = encoded.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            bytes.push(u8::from_str_radix(std::str::from_utf8(&tail[..2]).unwrap(), 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    (ascii.to_owned(), String::from_utf8(bytes).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_lacking_a_fact_downloads_as_a_draft_not_a_report() {
    let app = spawn_app().await;
    // The work log no longer says the sponsor found no problem (section 二).
    let worklog = app.store.case_files("688316").await.unwrap().get("worklog/2023.toml").unwrap().to_owned();
    let change = dudao_store::FileChange { path: "worklog/2023.toml".into(), read: Some(worklog.clone()), text: worklog.replace("\nproblems = []\n", "\n") };
    app.store.update_case_files("688316", &[change], "root", "case.update").await.unwrap();
    let mut browser = Browser::new(app.addr);
    browser.login("lizhen", PASSWORD);
    let page = browser.get("/c/688316");
    assert!(page.body.contains("href=\"/c/688316/report/annual-tracking-2023-draft.docx\""), "a draft is offered");
    let refused = browser.get("/c/688316/report/annual-tracking-2023.md");
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("缺少保荐机构发现的问题及整改情况"), "{}", refused.body);
    let draft = browser.get("/c/688316/report/annual-tracking-2023-draft.md");
    assert_eq!(draft.status, 200);
    assert_eq!(
        download_names(draft.header("content-disposition")),
        ("688316-annual-tracking-2023-draft.md".into(), "青云科技_2023年度持续督导跟踪报告（草稿）.md".into())
    );
    assert!(draft.body.contains("【待补充：保荐机构发现的问题及整改情况（worklog/2023.toml 的 problems）】") && draft.body.contains("## 待补充事项"));
    assert!(!draft.body.contains("暂无。"), "the draft does not say there were none");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_feed_is_secret_and_revocable() {
    let base_url = "https://dudao.example.com".to_owned();
    let app = common::spawn_app_with(dudao_web::Options { base_url, ..Default::default() }).await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let csrf = browser.get("/").csrf();
    let rotated = browser.post("/feed", &[("csrf", &csrf), ("action", "rotate")]);
    assert_eq!(rotated.status, 303, "{}", rotated.body);
    let page = browser.get("/");
    // minijinja escapes `/` in HTML text; the browser shows it as `/`.
    let shown = page.body.replace("&#x2f;", "/");
    // The link is made from the configured address, not from the request's Host header.
    let at = shown.find("https://dudao.example.com/feed/").expect("the feed URL on the portfolio") + "https://dudao.example.com".len();
    let path = shown[at..].split('<').next().unwrap().to_owned();
    let mut stranger = Browser::new(app.addr);
    let feed = stranger.get(&path);
    assert_eq!(feed.status, 200, "the secret URL works without logging in");
    assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(feed.body.contains("SUMMARY:青云科技：披露年度持续督导跟踪报告（2023年度）"));
    assert!(!feed.body.contains("示例科技"), "only the user's companies");
    browser.post("/feed", &[("csrf", &csrf), ("action", "revoke")]);
    assert_eq!(stranger.get(&path).status, 404, "revoked");
    // A new password ends the feed too: its secret may have leaked with the old password.
    browser.post("/feed", &[("csrf", &csrf), ("action", "rotate")]);
    let user = app.store.user("wanghe").await.unwrap();
    let token = app.store.feed_token(&user).await.unwrap().expect("a feed");
    assert_eq!(stranger.get(&format!("/feed/{token}.ics")).status, 200);
    app.store.set_password(&user, "another-long-secret", "root").await.unwrap();
    assert_eq!(stranger.get(&format!("/feed/{token}.ics")).status, 404, "ended with the password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_user_is_signed_out_and_cannot_come_back() {
    let app = spawn_app().await;
    let mut wanghe = Browser::new(app.addr);
    wanghe.login("wanghe", PASSWORD);
    let csrf = wanghe.get("/").csrf();
    wanghe.post("/feed", &[("csrf", &csrf), ("action", "rotate")]);
    let token = app.store.feed_token(&app.store.user("wanghe").await.unwrap()).await.unwrap().expect("a feed");
    let mut root = Browser::new(app.addr);
    root.login("root", PASSWORD);
    let admin_csrf = root.get("/admin").csrf();
    assert_eq!(root.post("/admin/standing", &[("csrf", &admin_csrf), ("name", "root"), ("action", "disable")]).status, 422, "not oneself");
    let page = root.post("/admin/standing", &[("csrf", &admin_csrf), ("name", "wanghe"), ("action", "disable")]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("已停用 wanghe"), "{}", page.body);
    assert_eq!(wanghe.get("/c/688316").status, 303, "the session ended");
    assert_eq!(Browser::new(app.addr).get(&format!("/feed/{token}.ics")).status, 404, "the feed ended");
    assert_eq!(Browser::new(app.addr).login("wanghe", PASSWORD).status, 401, "the right password opens nothing");
    assert_eq!(app.store.audit_log("").await.unwrap().last().unwrap().action, "user.disable");
    root.post("/admin/standing", &[("csrf", &admin_csrf), ("name", "wanghe"), ("action", "enable")]);
    assert_eq!(Browser::new(app.addr).login("wanghe", PASSWORD).status, 303, "enabled again");
}

/// After three wrong passwords for a name, or from an address, the next attempt is answered
/// at once with the wait (429 and Retry-After), never held; the wait doubles with each
/// further failure. A name nobody has is treated the same: the answers do not tell who exists.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_wrong_passwords_are_answered_with_the_wait() {
    let app = spawn_app().await;
    for (name, from) in [("wanghe", "127.0.0.2"), ("nobody", "127.0.0.3")] {
        let mut browser = Browser::from(app.addr, from);
        for guess in ["guess-1", "guess-2", "guess-3"] {
            assert_eq!(browser.login(name, guess).status, 401, "{name}");
        }
        let started = Instant::now();
        let refused = browser.login(name, PASSWORD);
        assert_eq!((refused.status, refused.header("retry-after")), (429, Some("1")), "{name}: even the right password waits");
        assert!(refused.body.contains("尝试过于频繁：请在 1 秒后再试"), "{}", refused.body);
        assert!(started.elapsed() < Duration::from_millis(500), "answered at once: {:?}", started.elapsed());
    }
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(Browser::from(app.addr, "127.0.0.2").login("wanghe", PASSWORD).status, 303, "after the wait");
    // The fourth failure from an address makes it wait 2 s, whatever name it tries next.
    let mut browser = Browser::from(app.addr, "127.0.0.3");
    assert_eq!(browser.login("nobody", "guess-4").status, 401);
    assert_eq!(browser.login("lizhen", PASSWORD).header("retry-after"), Some("2"));
}

/// Behind a trusted proxy every request comes from the proxy's address: each is counted by
/// the client address its `X-Forwarded-For` gives, so guessing through the proxy locks out
/// neither the user at their known address nor other users. From anyone else the header is
/// not believed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_clients_are_counted_by_their_own_address() {
    let proxied = |addr, client: &str| {
        let mut browser = Browser::new(addr);
        browser.headers.push(("X-Forwarded-For".to_owned(), client.to_owned()));
        browser
    };
    let app = common::spawn_app_with(dudao_web::Options { trusted_proxies: vec!["127.0.0.1".parse().unwrap()], ..Default::default() }).await;
    assert_eq!(proxied(app.addr, "203.0.113.7").login("wanghe", PASSWORD).status, 303, "the user's office, known from now on");
    let guesses: Vec<u16> = (0..8).map(|i| proxied(app.addr, &format!("198.51.100.{i}")).login("wanghe", "guess").status).collect();
    assert_eq!(guesses.iter().filter(|s| **s == 401).count(), 3, "three checked, then the name waits: {guesses:?}");
    assert_eq!(proxied(app.addr, "203.0.113.7").login("wanghe", PASSWORD).status, 303, "the user, at their known address");
    assert_eq!(proxied(app.addr, "198.51.100.200").login("lizhen", PASSWORD).status, 303, "another user through the same proxy");

    let direct = spawn_app().await;
    for guess in ["a", "b", "c"] {
        assert_eq!(proxied(direct.addr, "203.0.113.7").login("nobody", guess).status, 401);
    }
    assert_eq!(proxied(direct.addr, "198.51.100.9").login("lizhen", PASSWORD).status, 429, "no proxy trusted: one address, the header ignored");
}

/// 64 clients guessing one account's password at once, from addresses of their own, answer
/// mostly 429 at once; the user, from an address they have logged in from before, logs in
/// within a second all the while — while a newcomer address trying the account must wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_at_a_known_address_logs_in_while_others_guess() {
    let app = spawn_app().await;
    assert_eq!(Browser::from(app.addr, "127.0.0.2").login("wanghe", PASSWORD).status, 303, "the user's office, known from now on");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let guessers: Vec<_> = (0..64)
        .map(|i| {
            let (addr, stop) = (app.addr, stop.clone());
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                let mut browser = Browser::from(addr, &format!("127.0.1.{}", i + 1));
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    statuses.push(browser.login("wanghe", &format!("guess-{i}-{}", statuses.len())).status);
                }
                statuses
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    let mut waits = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        assert_eq!(Browser::from(app.addr, "127.0.0.2").login("wanghe", PASSWORD).status, 303);
        waits.push(started.elapsed());
    }
    let newcomer = Browser::from(app.addr, "127.0.0.3").login("wanghe", PASSWORD);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let statuses: Vec<u16> = guessers.into_iter().flat_map(|g| g.join().unwrap()).collect();
    assert!(waits.iter().all(|w| *w < Duration::from_secs(1)), "{waits:?}");
    assert_eq!(newcomer.status, 429, "a new address shares the account's wait");
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    assert!(statuses.iter().all(|s| [401, 429].contains(s)), "only refusals");
    assert!(wrong <= 8, "{wrong} of {} guesses were checked: the rest waited", statuses.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_users_and_assigns_companies() {
    let app = spawn_app().await;
    let mut others = Browser::new(app.addr);
    others.login("wanghe", PASSWORD);
    assert_eq!(others.get("/admin").status, 404, "only admins see the page");
    let csrf = others.get("/").csrf();
    let attempt = [("csrf", csrf.as_str()), ("name", "wanghe"), ("company", "688999"), ("action", "assign")];
    assert_eq!(others.post("/admin/assignments", &attempt).status, 404, "nor may others post to it");

    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    let page = admin.get("/admin");
    assert!(page.body.contains("<td>wanghe</td><td>保荐代表人</td><td>688316</td>"), "users with roles and companies");
    let csrf = page.csrf();
    let short = admin.post("/admin/users", &[("csrf", &csrf), ("name", "zhaoyi"), ("role", "reviewer"), ("password", "short")]);
    assert_eq!(short.status, 422);
    assert!(short.body.contains("密码至少 8 个字符"));
    let added = admin.post("/admin/users", &[("csrf", &csrf), ("name", "zhaoyi"), ("role", "reviewer"), ("password", "another-secret")]);
    assert_eq!(added.status, 200);
    assert!(added.body.contains("已新增用户 zhaoyi"));
    let assigned = admin.post("/admin/assignments", &[("csrf", &csrf), ("name", "zhaoyi"), ("company", "688999"), ("action", "assign")]);
    assert!(assigned.body.contains("<td>zhaoyi</td><td>复核人员</td><td>688999</td>"), "{}", assigned.body);
    let log = app.store.audit_log("688999").await.unwrap();
    let last = log.last().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str(), last.subject.as_str()), ("root", "user.assign", "zhaoyi"));

    let mut newcomer = Browser::new(app.addr);
    assert_eq!(newcomer.login("zhaoyi", "another-secret").status, 303);
    let portfolio = newcomer.get("/");
    assert!(portfolio.body.contains("示例科技") && !portfolio.body.contains("青云科技"));
    assert!(!portfolio.body.contains("用户与分配"), "no admin link for a reviewer");

    let unassigned = admin.post("/admin/assignments", &[("csrf", &csrf), ("name", "zhaoyi"), ("company", "688999"), ("action", "unassign")]);
    assert!(unassigned.body.contains("<td>zhaoyi</td><td>复核人员</td><td><span class=\"muted\">—</span></td>"), "{}", unassigned.body);
    assert_eq!(newcomer.get("/c/688999").status, 404, "taken away at once");

    let weak = admin.post("/admin/passwords", &[("csrf", &csrf), ("name", "zhaoyi"), ("password", "short")]);
    assert_eq!(weak.status, 422);
    let reset = admin.post("/admin/passwords", &[("csrf", &csrf), ("name", "zhaoyi"), ("password", "temporary-secret")]);
    assert!(reset.body.contains("已重设 zhaoyi 的密码"));
    assert_eq!(newcomer.get("/").status, 303, "signed out by the reset");
    assert_eq!(newcomer.login("zhaoyi", "temporary-secret").status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_changes_their_password_and_other_sessions_end() {
    let app = spawn_app().await;
    let mut laptop = Browser::new(app.addr);
    laptop.login("wanghe", PASSWORD);
    let mut phone = Browser::new(app.addr);
    phone.login("wanghe", PASSWORD);
    let csrf = laptop.get("/password").csrf();
    for ([current, new, again], error) in [
        (["wrong-password", "new-secret-1", "new-secret-1"], "当前密码不正确"),
        ([PASSWORD, "new-secret-1", "new-secret-2"], "两次输入的新密码不一致"),
        ([PASSWORD, "short", "short"], "密码至少 8 个字符"),
    ] {
        let reply = laptop.post("/password", &[("csrf", &csrf), ("current", current), ("new", new), ("again", again)]);
        assert_eq!(reply.status, 422, "{error}");
        assert!(reply.body.contains(error), "{error}");
    }
    let changed = laptop.post("/password", &[("csrf", &csrf), ("current", PASSWORD), ("new", "new-secret-1"), ("again", "new-secret-1")]);
    assert_eq!(changed.status, 200);
    assert!(changed.body.contains("密码已修改"));
    assert_eq!(laptop.get("/").status, 200, "this session goes on under its new cookie");
    assert_eq!(phone.get("/").status, 303, "the other one ended");
    assert_eq!(Browser::new(app.addr).login("wanghe", PASSWORD).status, 401);
    assert_eq!(Browser::new(app.addr).login("wanghe", "new-secret-1").status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_annual_report_is_previewed_and_written_only_when_accepted() {
    let app = spawn_app().await;
    common::add_sifang(&app).await;
    let report = std::fs::read(common::sifang_report()).unwrap();
    let entries = app.store.audit_log("603339").await.unwrap().len();

    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let page = browser.get("/c/603339");
    assert!(page.body.contains("导入年度报告"));
    let csrf = page.csrf();
    let preview = browser.upload("/c/603339/ingest", &csrf, "report", "2020-04-16_四方科技_603339_2019年年度报告.pdf", &report);
    assert_eq!(preview.status, 200, "{}", preview.body);
    let row = |status: &str, name: &str, path: &str, value: &str| {
        format!("<td class=\"nowrap\">{status}</td><td>{name}<div class=\"muted\"><code>{path}</code></div></td><td class=\"nowrap\">{value}</td>")
    };
    assert!(
        preview
            .body
            .contains(&(row("新增", "2019 年度 营业收入", "financials.2019.revenue", "1,175,301,034.32") + "<td class=\"nowrap\">第 5 页第 29 行</td>")),
        "{}",
        preview.body
    );
    assert!(preview.body.contains(&row("冲突", "2019 年度 归属于上市公司股东的净利润", "financials.2019.net_profit", "129,465,020.68")));
    assert!(
        preview.body.contains("+ revenue = &#34;1,175,301,034.32&#34;") || preview.body.contains("+ revenue = &quot;1,175,301,034.32&quot;"),
        "the diff of the file"
    );
    assert_eq!(app.store.audit_log("603339").await.unwrap().len(), entries, "a preview writes nothing");

    // Another company's report, and a file that is not a report, are refused.
    let other = browser.upload("/c/688316/ingest", &csrf, "report", "2020-04-16_四方科技_603339_2019年年度报告.pdf", &report);
    assert_eq!(other.status, 422);
    assert!(other.body.contains("报告是股票代码 603339 的公司的，案卷是 688316 的"), "{}", other.body);
    let notice = browser.upload("/c/603339/ingest", &csrf, "report", "notice.txt", "关于召开股东大会的通知\n".as_bytes());
    assert_eq!(notice.status, 422);
    assert!(notice.body.contains("未找到“主要会计数据和财务指标”表"));

    // The last upload replaced the preview: accept the report again, then write it.
    let preview = browser.upload("/c/603339/ingest", &csrf, "report", "2020-04-16_四方科技_603339_2019年年度报告.pdf", &report);
    let token = Browser::hidden(&preview, "token");
    let mut reviewer = Browser::new(app.addr);
    reviewer.login("lizhen", PASSWORD);
    let reviewer_csrf = reviewer.get("/c/688316").csrf();
    assert_eq!(reviewer.post("/c/603339/ingest/accept", &[("csrf", &reviewer_csrf), ("token", &token)]).status, 403);

    let accepted = browser.post("/c/603339/ingest/accept", &[("csrf", &csrf), ("token", &token)]);
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert!(accepted.body.contains("已保存：导入 2020-04-16_四方科技_603339_2019年年度报告.pdf"), "{}", accepted.body);
    let stored = app.store.case_files("603339").await.unwrap();
    let financials = stored.get("financials.toml").unwrap();
    assert!(financials.starts_with("[2019]\nnet_profit = \"129,465,020.86\"  # 待复核\nrevenue = \"1,175,301,034.32\""), "{financials}");
    assert!(stored.get("company.toml").unwrap().starts_with(common::SIFANG_COMPANY), "the person's file is extended");
    assert!(
        stored
            .get("sources.toml")
            .unwrap()
            .contains("\"financials.2019.revenue\" = { document = \"2020-04-16_四方科技_603339_2019年年度报告.pdf\", page = 5, line = 29")
    );
    let log = app.store.audit_log("603339").await.unwrap();
    let ingested: Vec<&str> = log[entries..]
        .iter()
        .map(|e| {
            assert_eq!((e.actor.as_str(), e.action.as_str()), ("wanghe", "case.ingest"));
            e.subject.as_str()
        })
        .collect();
    // The report's ten commitments (第五节, pages 22–25) go to commitments.toml, its top ten
    // holders (第六节, page 43) to shareholders.toml.
    assert_eq!(ingested, ["commitments.toml", "company.toml", "events.toml", "financials.toml", "shareholders.toml", "sources.toml"]);
    let again = browser.post("/c/603339/ingest/accept", &[("csrf", &csrf), ("token", &token)]);
    assert_eq!(again.status, 422, "a preview is accepted once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_without_listing_date_or_sponsor_shows_what_it_lacks() {
    let app = spawn_app().await;
    // What `dudao ingest` makes of a main-board report that names no sponsor.
    let company = "[company]\nname = \"浙江海翔药业股份有限公司\"\nshort_name = \"海翔药业\"\nstock_code = \"002099\"\nboard = \"szse_main\"\n";
    let files = dudao_model::CaseFiles::from_pairs([("company.toml".to_owned(), company.to_owned())]);
    let case = dudao_model::parse_case(std::path::Path::new("002099"), &files).unwrap();
    app.store.import_case(&case.company.company, &files, "setup").await.unwrap();
    let mut browser = Browser::new(app.addr);
    browser.login("root", PASSWORD);
    let page = browser.get("/c/002099");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<strong>上市日期</strong>：（未记录）"));
    assert!(page.body.contains("缺少上市日期：请在 company.toml 的 [company] 中写明 listing_date"));
    assert!(page.body.contains("<strong>保荐机构</strong>：（未记录）"));
    // The portfolio lists it as incomplete, with what its deadlines need, never as unreadable.
    let portfolio = browser.get("/").body;
    assert!(portfolio.contains("海翔药业") && portfolio.contains("002099 · 深交所主板"), "{portfolio}");
    assert!(portfolio.contains("案卷不完整，尚不能计算督导期间与到期事项：") && portfolio.contains("缺少上市日期"), "{portfolio}");
    assert!(!portfolio.contains("案卷无法读取"), "{portfolio}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_a_company_as_an_empty_case_or_a_zipped_folder() {
    let app = spawn_app().await;
    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    let csrf = admin.get("/admin").csrf();
    let empty = [("csrf", csrf.as_str()), ("name", "虚构新材料股份有限公司（虚构）"), ("short_name", "虚构新材"), ("stock_code", "688998"), ("board", "star")];
    let reply = admin.post("/admin/companies", &empty);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("已新增公司 虚构新材（688998），1 个案卷文件"));
    assert_eq!(admin.post("/admin/companies", &empty).status, 422, "a code the store holds is not replaced");
    let first = [("csrf", csrf.as_str()), ("name", "虚构甲股份有限公司（虚构）"), ("short_name", "688996"), ("stock_code", "688994"), ("board", "star")];
    assert_eq!(admin.post("/admin/companies", &first).status, 200);
    let after = [("csrf", csrf.as_str()), ("name", "后到公司股份有限公司（虚构）"), ("short_name", "后到公司"), ("stock_code", "688996"), ("board", "star")];
    let reply = admin.post("/admin/companies", &after);
    assert!(reply.body.contains("已新增公司 后到公司（688996）"), "{}", reply.body);
    let first_case = app.store.case_files("688994").await.unwrap();
    assert!(first_case.get("company.toml").unwrap().contains("虚构甲股份有限公司"), "a code equal to another's short name never writes into that company");
    assert!(app.store.case_files("688996").await.unwrap().get("company.toml").unwrap().contains("后到公司股份有限公司"));
    let bad = [("csrf", csrf.as_str()), ("name", "x"), ("short_name", "x"), ("stock_code", "68899"), ("board", "star")];
    let refused = admin.post("/admin/companies", &bad);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("stock_code"), "the field at fault is named: {}", refused.body);

    let fictional = dudao_testkit::CaseCopy::of(&dudao_testkit::fictional_dir());
    fictional.edit("company.toml", "stock_code = \"688999\"", "stock_code = \"688997\"");
    // Files beside the case (the example's README, a scan) are left out and named.
    let beside: [(&str, &[u8]); 2] = [("README.md", "# 虚构科技（虚构）\n".as_bytes()), ("scan.png", &[0x89, b'P', b'N', b'G', 0xff])];
    let zipped = common::zip_of(&fictional.dir, "fictional", &beside);
    let reply = admin.upload("/admin/companies/upload", &csrf, "case", "fictional.zip", &zipped);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("已新增公司 虚构科技"), "{}", reply.body);
    assert!(reply.body.contains("zip 中另有 2 个文件不属于案卷，未导入：README.md、scan.png"), "{}", reply.body);
    let codes: Vec<String> = app.store.companies().await.unwrap().into_iter().map(|c| c.code).collect();
    assert!(codes.contains(&"688998".to_owned()) && codes.contains(&"688997".to_owned()), "{codes:?}");
    let stored = app.store.case_files("688997").await.unwrap();
    assert_eq!(stored, dudao_model::CaseFiles::read(&fictional.dir).unwrap(), "the folder's files, its top folder dropped");
    let broken = admin.upload("/admin/companies/upload", &csrf, "case", "notes.zip", b"not a zip");
    assert_eq!(broken.status, 422);
    assert!(broken.body.contains("不是有效的 zip 文件"));

    let mut representative = Browser::new(app.addr);
    representative.login("wanghe", PASSWORD);
    assert_eq!(representative.post("/admin/companies", &empty).status, 404, "only admins add companies");
}

/// The value of header `name` of a reply (names compared without case).
fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    let mut anonymous = Browser::new(app.addr);
    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    let csrf = admin.get("/c/688316").csrf();
    let replies = [
        anonymous.get("/login"),
        anonymous.get("/"),
        anonymous.get("/c/688316"),
        anonymous.get("/feed/not-a-secret.ics"),
        anonymous.post("/login", &[("name", "root"), ("password", "wrong")]),
        admin.get("/"),
        admin.get("/c/688316"),
        admin.get("/c/688316?tab=findings&severity=error"),
        admin.get("/c/688316?tab=records"),
        admin.get("/c/688316/audit"),
        admin.get("/c/688316/report/annual-tracking-2023.md"),
        admin.get("/c/688316/report/annual-tracking-2023.html"),
        admin.get("/admin"),
        admin.get("/password"),
        admin.get("/no/such/page"),
        admin.post("/c/688316/records/trainings", &[("csrf", "forged")]),
        admin.post("/c/688316/records/trainings", &[("csrf", csrf.as_str()), ("year", "2023"), ("date", "2023-02-30")]),
    ];
    for reply in &replies {
        assert_eq!(
            header(reply, "content-security-policy"),
            Some("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
            "status {}",
            reply.status
        );
        assert_eq!(header(reply, "x-frame-options"), Some("DENY"));
        assert_eq!(header(reply, "referrer-policy"), Some("same-origin"));
        assert_eq!(header(reply, "x-content-type-options"), Some("nosniff"));
        assert_eq!(header(reply, "cache-control"), Some("no-store"), "pages and downloads with case data are not stored");
        // A downloaded report is a document of its own (opened from disk, with its print
        // style); the workbench's pages hold no inline code for the policy to allow.
        let download = header(reply, "content-disposition").is_some_and(|d| d.starts_with("attachment"));
        assert!(
            download || (!reply.body.contains("<script") && !reply.body.contains("<style") && !reply.body.contains(" style=\"")),
            "status {}",
            reply.status
        );
    }
    let css = anonymous.get("/assets/dudao.css");
    assert_eq!((css.status, header(&css, "content-type")), (200, Some("text/css; charset=utf-8")));
    assert_eq!(header(&css, "cache-control"), Some("public, max-age=3600"));
    assert!(header(&replies[0], "set-cookie").is_some_and(|c| !c.contains("Secure")), "plain HTTP by default");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_tls_proxy_every_cookie_is_secure() {
    let app = common::spawn_app_with(dudao_web::Options { secure_cookies: true, ..Default::default() }).await;
    let mut browser = Browser::new(app.addr);
    let login = browser.get("/login");
    let cookies: Vec<&str> = login.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie")).map(|(_, v)| v.as_str()).collect();
    assert!(!cookies.is_empty() && cookies.iter().all(|c| c.ends_with("; Secure") && c.contains("HttpOnly")), "{cookies:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_connections_do_not_lock_others_out() {
    let app = spawn_app().await;
    let addr = app.addr;
    let (answered, closed) = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        // 1,100 requests begun and never finished: more than the server keeps open.
        let idle: Vec<std::net::TcpStream> = (0..1100)
            .map(|_| {
                let mut stream = std::net::TcpStream::connect(addr).unwrap();
                stream.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n").unwrap();
                stream
            })
            .collect();
        let started = Instant::now();
        let reply = Browser::new(addr).get("/login");
        assert_eq!(reply.status, 200);
        let answered = started.elapsed();
        // The server made room by closing the connections idle the longest; on a busy
        // machine the closes may still be under way, so they are counted for up to 5 s.
        let mut open = idle;
        open.iter().for_each(|s| s.set_nonblocking(true).unwrap());
        let mut closed = 0;
        let counting = Instant::now();
        while closed < 300 && counting.elapsed() < Duration::from_secs(5) {
            open.retain(|s| {
                let mut s = s;
                let ended = matches!(s.read(&mut [0u8; 1]), Ok(0));
                closed += usize::from(ended);
                !ended
            });
            std::thread::sleep(Duration::from_millis(50));
        }
        (answered, closed)
    })
    .await
    .unwrap();
    assert!(answered < Duration::from_secs(2), "{answered:?}");
    assert!(closed >= 300, "{closed} idle connections closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_case_that_no_longer_loads_is_named_for_its_company_only() {
    // As a case stored before a newer dudao refused total shares of 0 would be: the store
    // holds files as given, so the import goes around the model here.
    let app = spawn_app().await;
    let mut files = app.store.case_files("688999").await.unwrap();
    let company = dudao_model::parse_case(std::path::Path::new("688999"), &files).unwrap().company.company;
    let zero = files.get("company.toml").unwrap().replace("shares = 47462175", "shares = 0");
    files.set("company.toml", zero);
    app.store.import_case(&company, &files, "an older dudao").await.unwrap();
    let mut root = Browser::new(app.addr);
    root.login("root", PASSWORD);
    let portfolio = root.get("/");
    assert_eq!(portfolio.status, 200);
    assert!(portfolio.body.contains("总股本应为正数"), "the row says what is wrong");
    assert!(portfolio.body.contains("/c/688316"), "the other company is served as usual");
    let page = root.get("/c/688999");
    assert_eq!(page.status, 422);
    assert!(page.body.contains("的案卷无法读取：") && page.body.contains("company.toml") && page.body.contains("总股本应为正数"), "{}", page.body);
    assert_eq!(root.get("/c/688316").status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_are_confirmed_with_a_button_and_the_mark_goes() {
    let app = spawn_app().await;
    let drafts = "[[draft]]\nfile = \"narrative/2023/risks.md\"\nbasis = \"摘自年度报告第 20 页起\"\n\n[[draft]]\nfile = \"worklog/2023.toml\"\nfield = \"items.3\"\nbasis = \"按案卷记录预填\"\n";
    let change = dudao_store::FileChange { path: "drafts.toml".into(), read: None, text: drafts.into() };
    app.store.update_case_files("688316", &[change], "setup", "setup").await.unwrap();
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let page = browser.get("/c/688316");
    assert!(page.body.contains("待确认的草稿（2 项）") && page.body.contains("narrative&#x2f;2023&#x2f;risks.md"), "{}", page.body);
    assert!(browser.get("/c/688316/report/annual-tracking-2023.md").body.starts_with("> 草稿：含 2 项"));
    let csrf = page.csrf();
    let one = browser.post("/c/688316/drafts/confirm", &[("csrf", csrf.as_str()), ("draft", "worklog/2023.toml 的 items.3")]);
    assert_eq!(one.status, 200, "{}", one.body);
    assert!(one.body.contains("确认草稿 worklog&#x2f;2023.toml 的 items.3") && one.body.contains("待确认的草稿（1 项）"), "{}", one.body);
    let unknown = browser.post("/c/688316/drafts/confirm", &[("csrf", csrf.as_str()), ("draft", "narrative/2023/rd.md")]);
    assert_eq!(unknown.status, 422);
    let all = browser.post("/c/688316/drafts/confirm", &[("csrf", csrf.as_str())]);
    assert_eq!(all.status, 200);
    assert!(!all.body.contains("待确认的草稿"));
    assert!(browser.get("/c/688316/report/annual-tracking-2023.md").body.starts_with("# "));
    // Every confirmation is audited.
    let audit = browser.get("/c/688316/audit");
    assert!(audit.body.contains("case.confirm"), "{}", audit.body);
    // A reviewer cannot confirm.
    let change = dudao_store::FileChange {
        path: "drafts.toml".into(),
        read: app.store.case_files("688316").await.unwrap().get("drafts.toml").map(str::to_owned),
        text: drafts.into(),
    };
    app.store.update_case_files("688316", &[change], "setup", "setup").await.unwrap();
    let mut reviewer = Browser::new(app.addr);
    reviewer.login("lizhen", PASSWORD);
    let csrf = reviewer.get("/c/688316").csrf();
    assert_ne!(reviewer.post("/c/688316/drafts/confirm", &[("csrf", csrf.as_str())]).status, 200);
    assert!(app.store.case_files("688316").await.unwrap().get("drafts.toml").unwrap().contains("[[draft]]"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_starts_a_company_from_its_annual_report() {
    let app = spawn_app().await;
    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    let csrf = admin.get("/admin").csrf();
    let report = std::fs::read(common::sifang_report()).unwrap();
    let reply = admin.upload("/admin/companies/report", &csrf, "report", "2020-04-16_四方科技_603339_2019年年度报告.pdf", &report);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("已新增公司 四方科技（603339）"), "{}", reply.body);
    // The case as `dudao new` makes it: the report's facts with their pages, and the year's
    // work log to fill.
    let files = app.store.case_files("603339").await.unwrap();
    assert!(files.get("sources.toml").unwrap().contains("2020-04-16_四方科技_603339_2019年年度报告.pdf"));
    assert!(files.get("worklog/2019.toml").unwrap().contains("[items] 的编号（上交所主板公司的跟踪报告）"));
    // The same report again: the company exists and is not overwritten.
    let again = admin.upload("/admin/companies/report", &csrf, "report", "2020-04-16_四方科技_603339_2019年年度报告.pdf", &report);
    assert!(again.body.contains("股票代码 603339 已属于 四方科技"), "{}", again.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portfolio_is_searched_and_filtered() {
    let app = spawn_app().await;
    common::add_sifang(&app).await;
    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    let listed = |body: &str| -> Vec<&'static str> {
        ["青云科技", "示例科技", "四方科技"].into_iter().filter(|name| body.contains(&format!(">{name}</a>"))).collect()
    };
    let all = admin.get("/").body;
    assert_eq!(listed(&all), ["青云科技", "示例科技", "四方科技"], "{all}");
    assert!(all.contains("<option>王鹤</option>") && all.contains("<option>李振</option>"), "the representatives of the user's companies: {all}");
    let by_name = admin.get("/?q=%E7%A4%BA%E4%BE%8B").body; // q=示例
    assert_eq!(listed(&by_name), ["示例科技"]);
    assert!(by_name.contains("显示 1 / 3 家"), "{by_name}");
    assert_eq!(listed(&admin.get("/?q=603339").body), ["四方科技"], "by stock code");
    assert_eq!(listed(&admin.get("/?board=sse_main").body), ["四方科技"]);
    assert_eq!(listed(&admin.get("/?representative=%E7%8E%8B%E9%B9%A4").body), ["青云科技", "示例科技"], "王鹤 represents the two STAR companies");
    let none = admin.get("/?board=bse").body;
    assert!(listed(&none).is_empty() && none.contains("没有符合筛选条件的公司。"), "{none}");
    // Errors as `check` finds them today: the example's breach of commitment in 2023 (错误 1),
    // none for 四方科技, which has only its identity and a profit.
    assert_eq!(listed(&admin.get("/?errors=on").body), ["青云科技", "示例科技"]);
    // Overdue duties: all three have years of supervision behind them without inspection
    // or training records.
    let overdue = admin.get("/?overdue=on&board=star").body;
    assert_eq!(listed(&overdue), ["青云科技", "示例科技"], "filters combine");
    assert!(overdue.contains("name=\"overdue\" checked"), "the form keeps the filter");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deadlines_are_filtered_by_status_and_year() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    // Each row of the table: (due, status id).
    let rows = |body: &str| -> Vec<(String, String)> {
        body.split("<tr><td>")
            .skip(1)
            .filter_map(|row| {
                let due = row.get(..10)?.to_owned();
                let status = row.split("<td class=\"st-").nth(1)?.split('"').next()?.to_owned();
                Some((due, status))
            })
            .collect()
    };
    let all = browser.get("/c/688316?tab=deadlines").body;
    let every = rows(&all);
    assert!(every.len() > 10, "{all}");
    assert!(all.contains(&format!("<option value=\"\">全部（{}）</option>", every.len())), "{all}");
    let overdue_count = every.iter().filter(|(_, s)| s == "overdue").count();
    assert!(all.contains(&format!("<option value=\"overdue\">已逾期（{overdue_count}）</option>")), "{all}");
    let overdue = rows(&browser.get("/c/688316?tab=deadlines&status=overdue").body);
    assert_eq!(overdue.len(), overdue_count);
    assert!(overdue.iter().all(|(_, s)| s == "overdue"));
    let of_2024 = rows(&browser.get("/c/688316?tab=deadlines&year=2024").body);
    assert_eq!(of_2024.len(), every.iter().filter(|(due, _)| due.starts_with("2024")).count());
    assert!(!of_2024.is_empty() && of_2024.iter().all(|(due, _)| due.starts_with("2024-")), "{of_2024:?}");
    let none = browser.get("/c/688316?tab=deadlines&year=2019").body;
    assert!(rows(&none).is_empty() && none.contains("没有符合条件的到期事项。"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finding_is_handled_from_the_findings_tab() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let page = browser.get("/c/688316?tab=findings");
    // The breach of 2023 is handled in the example's work log; the warnings are pending.
    assert!(
        page.body.contains("<span class=\"handling-handled\">已处理</span><div class=\"muted\">苏州天翔违反减持承诺一事已在持续督导工作第 5 项说明"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<span class=\"handling-pending\">待处理</span>"));
    let pending = browser.get("/c/688316?tab=findings&handling=pending").body;
    let before = pending.matches("handling-pending").count();
    assert!(before > 0 && !pending.contains("handling-handled"));
    // 2021's overdue inspection and training are both dated 2021-12-31: the form of one names
    // it, so handling the inspection leaves the training pending.
    assert!(pending.contains("name=\"about\" value=\"完成年度现场检查（2021年度）\"") && pending.contains("name=\"about\" value=\"完成年度培训（2021年度）\""));
    let csrf = page.csrf();
    let inspection = [
        ("csrf", csrf.as_str()),
        ("back", "findings"),
        ("rule", "deadline.overdue"),
        ("date", "2021-12-31"),
        ("about", "完成年度现场检查（2021年度）"),
        ("year", "2021"),
        ("status", "handled"),
        ("account", "2021年度现场检查已于2022年1月完成（见2022年工作记录）"),
        ("in_report", "false"),
    ];
    assert_eq!(browser.post("/c/688316/records/dispositions", &inspection).status, 200);
    let handled = browser.get("/c/688316?tab=findings&handling=pending").body;
    assert_eq!(handled.matches("handling-pending").count(), before - 1, "only the inspection is handled");
    assert!(handled.contains("name=\"about\" value=\"完成年度培训（2021年度）\""), "the training still pending");
    let log = app.store.case_files("688316").await.unwrap().get("worklog/2021.toml").unwrap().to_owned();
    assert!(log.contains("date = 2021-12-31\nabout = \"完成年度现场检查（2021年度）\"\nstatus = \"handled\""), "{log}");
    let before = before - 1;
    // A disposition naming no finding of the day covers each of them: here the training.
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("back", "findings"),
        ("rule", "deadline.overdue"),
        ("date", "2021-12-31"),
        ("year", "2021"),
        ("status", "not_applicable"),
        ("account", "公司2021年3月上市，当年培训已于2022年1月完成（见2022年工作记录）"),
        ("in_report", "true"),
    ];
    let refused = browser.post("/c/688316/records/dispositions", &form);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("不适用的核查结果不列入“发现的问题及整改情况”"), "{}", refused.body);
    form.last_mut().unwrap().1 = "false";
    let saved = browser.post("/c/688316/records/dispositions", &form);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        saved.body.contains("已保存：核查结果的处理（worklog&#x2f;2021.toml）") && saved.body.contains("aria-current=\"page\">核查结果"),
        "back on the findings tab: {}",
        saved.body
    );
    let log = app.store.case_files("688316").await.unwrap().get("worklog/2021.toml").unwrap().to_owned();
    assert!(log.contains("[[dispositions]]\nrule = \"deadline.overdue\"\ndate = 2021-12-31\nstatus = \"not_applicable\"\n"), "{log}");
    assert!(log.contains("in_report = false"), "{log}");
    let judged = browser.get("/c/688316?tab=findings&handling=not_applicable").body;
    assert_eq!(judged.matches("<span class=\"handling-not_applicable\">不适用</span>").count(), 1, "the inspection stays handled: {judged}");
    assert_eq!(browser.get("/c/688316?tab=findings&handling=pending").body.matches("handling-pending").count(), before - 1);
    assert_eq!(app.store.audit_log("688316").await.unwrap().last().unwrap().action, "case.update");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_is_signed_off_issued_and_a_later_change_shows() {
    let app = spawn_app().await;
    let mut reviewer = Browser::new(app.addr);
    reviewer.login("lizhen", PASSWORD);
    let page = reviewer.get("/c/688316");
    assert!(page.body.contains("action=\"/c/688316/documents/annual-tracking-2023/sign-off\""), "a reviewer signs off a ready document");
    let csrf = page.csrf();
    let signed = reviewer.post("/c/688316/documents/annual-tracking-2023/sign-off", &[("csrf", csrf.as_str())]);
    assert_eq!(signed.status, 200, "{}", signed.body);
    assert!(signed.body.contains("已保存：签核 年度持续督导跟踪报告（2023年度）版本 1"), "{}", signed.body);
    assert!(signed.body.contains("版本 1：lizhen 于") && signed.body.contains("与当前案卷一致"), "{}", signed.body);
    // A document the case cannot make yet is not signed off.
    let refused = reviewer.post("/c/688316/documents/annual-tracking-2022/sign-off", &[("csrf", csrf.as_str())]);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("缺少 2022 年度的持续督导工作记录"), "{}", refused.body);
    assert_eq!(reviewer.post("/c/688316/versions/1/issue", &[("csrf", csrf.as_str())]).status, 403, "a reviewer does not issue");
    // The version kept is the document as rendered when signed off.
    let kept = reviewer.get("/c/688316/versions/1.md");
    assert!(kept.body.starts_with("# 中国国际金融股份有限公司关于北京青云科技股份有限公司2023年度持续督导跟踪报告\n"), "{}", kept.body);
    assert_eq!(download_names(kept.header("content-disposition")).1, "青云科技_annual-tracking-2023_版本1.md");

    let mut representative = Browser::new(app.addr);
    representative.login("wanghe", PASSWORD);
    let csrf = representative.get("/c/688316").csrf();
    assert_eq!(representative.post("/c/688316/documents/annual-tracking-2023/sign-off", &[("csrf", csrf.as_str())]).status, 403, "the reviewer signs off");
    let issued = representative.post("/c/688316/versions/1/issue", &[("csrf", csrf.as_str())]);
    assert_eq!(issued.status, 200, "{}", issued.body);
    assert!(issued.body.contains("wanghe 于") && issued.body.contains("出具"), "{}", issued.body);
    assert_eq!(representative.post("/c/688316/versions/1/issue", &[("csrf", csrf.as_str())]).status, 409, "issued once");
    // Comments on the document and on a finding.
    let comment = [("csrf", csrf.as_str()), ("subject", "document:annual-tracking-2023"), ("body", "第九节数字已与年报核对")];
    let commented = representative.post("/c/688316/comments", &comment);
    assert_eq!(commented.status, 200);
    assert!(commented.body.contains("<strong>wanghe</strong>") && commented.body.contains("第九节数字已与年报核对"), "{}", commented.body);
    let on_finding = [("csrf", csrf.as_str()), ("subject", "finding:commitment.breach:2023-02-07"), ("body", "已督促公司整改")];
    let findings = representative.post("/c/688316/comments", &on_finding);
    assert!(findings.body.contains("aria-current=\"page\">核查结果") && findings.body.contains("已督促公司整改"), "{}", findings.body);
    let empty = [("csrf", csrf.as_str()), ("subject", "document:annual-tracking-2023"), ("body", "  ")];
    assert_eq!(representative.post("/c/688316/comments", &empty).status, 422);
    // A change of the facts after the sign-off shows against the version.
    let training = [("csrf", csrf.as_str()), ("year", "2023"), ("date", "2023-11-20"), ("summary", "规范运作培训")];
    assert_eq!(representative.post("/c/688316/records/trainings", &training).status, 200);
    assert!(representative.get("/c/688316").body.contains("签核后案卷已变更"));
    let actions: Vec<String> = app.store.audit_log("688316").await.unwrap().into_iter().map(|e| e.action).collect();
    for action in ["document.sign_off", "document.issue", "comment.add"] {
        assert!(actions.iter().any(|a| a == action), "{action} audited: {actions:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_company_and_its_sponsor_are_edited_in_the_browser() {
    let app = spawn_app().await;
    common::add_sifang(&app).await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    // The case lacks its sponsor: the overview links the missing fact to the form.
    let page = browser.get("/c/603339");
    assert!(
        page.body.contains("<a href=\"&#x2f;c&#x2f;603339?tab=records#sponsor\">缺少保荐机构</a> <span class=\"muted\">（company.toml sponsor）</span>"),
        "{}",
        page.body
    );
    let records = browser.get("/c/603339?tab=records");
    assert!(records.body.contains("<h2 id=\"sponsor\">保荐机构与保荐代表人</h2>") && records.body.contains("action=\"/c/603339/records/sponsor/company/0\""));
    let csrf = records.csrf();
    let empty = [("csrf", csrf.as_str()), ("firm", ""), ("representatives", "徐文、杜涛")];
    let refused = browser.post("/c/603339/records/sponsor/company/0", &empty);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("请填写保荐机构名称"), "{}", refused.body);
    let sponsor = [("csrf", csrf.as_str()), ("firm", "广发证券股份有限公司"), ("representatives", "徐文、杜涛"), ("phone", "020-66338888")];
    let saved = browser.post("/c/603339/records/sponsor/company/0", &sponsor);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let company = app.store.case_files("603339").await.unwrap().get("company.toml").unwrap().to_owned();
    assert!(company.contains("[sponsor]\nfirm = \"广发证券股份有限公司\"\nrepresentatives = [\"徐文\", \"杜涛\"]\nphone = \"020-66338888\"\n"), "{company}");
    assert!(company.starts_with("# 项目组录入\n[company]\n"), "the rest of the file stays: {company}");
    assert!(browser.get("/c/603339").body.contains("<strong>保荐机构</strong>：广发证券股份有限公司"));
    // The company's own table: a board not in the list is refused, a real change kept.
    let company_form = |board| {
        let fixed = [("name", "四方科技集团股份有限公司"), ("short_name", "四方科技"), ("listing_date", "2016-05-19"), ("phone", "0513-85551234")];
        [("csrf", csrf.as_str()), ("board", board)].into_iter().chain(fixed).collect::<Vec<_>>()
    };
    assert_eq!(browser.post("/c/603339/records/company/company/0", &company_form("nasdaq")).status, 422);
    assert_eq!(browser.post("/c/603339/records/company/company/0", &company_form("sse_main")).status, 200);
    let company = app.store.case_files("603339").await.unwrap().get("company.toml").unwrap().to_owned();
    assert!(company.contains("stock_code = \"603339\"") && company.contains("phone = \"0513-85551234\""), "the code stays, the phone is added: {company}");
    // One table is changed, never added or deleted.
    assert_eq!(browser.post("/c/603339/records/sponsor/company/0/delete", &[("csrf", csrf.as_str()), ("reason", "x")]).status, 422);
}

/// From an uploaded annual report to a signed-off, issued tracking report without touching a
/// file: every fact the report lacks supplied through the workbench's forms.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_is_made_from_an_upload_through_forms_alone() {
    let app = spawn_app().await;
    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    let csrf = admin.get("/admin").csrf();
    let report = std::fs::read(common::sifang_report()).unwrap();
    let started = admin.upload("/admin/companies/report", &csrf, "report", "2020-04-16_四方科技_603339_2019年年度报告.pdf", &report);
    assert!(started.body.contains("已新增公司 四方科技（603339）"), "{}", started.body);
    admin.post("/admin/assignments", &[("csrf", csrf.as_str()), ("name", "wanghe"), ("company", "603339"), ("action", "assign")]);
    admin.post("/admin/assignments", &[("csrf", csrf.as_str()), ("name", "lizhen"), ("company", "603339"), ("action", "assign")]);

    let mut representative = Browser::new(app.addr);
    representative.login("wanghe", PASSWORD);
    let overview = representative.get("/c/603339");
    // The 16 duties and the problems are asked for on the period's page, the narrative too.
    // (The templates escape every `/` they print, links included.)
    assert!(
        overview.body.contains("<a href=\"&#x2f;c&#x2f;603339&#x2f;period&#x2f;2019#items\">缺少第 1 项持续督导工作的完成情况</a> <span class=\"muted\">（worklog&#x2f;2019.toml items.1）</span>"),
        "{}",
        overview.body
    );
    assert!(
        overview.body.contains("<a href=\"&#x2f;c&#x2f;603339&#x2f;period&#x2f;2019#narrative\">缺少")
            && overview.body.contains("（narrative&#x2f;2019&#x2f;disclosure_review.md）"),
        "{}",
        overview.body
    );
    let page = representative.get("/c/603339/period/2019");
    assert!(page.body.contains("<label for=\"item-16\">第 16 项") && page.body.contains("name=\"problems_none\""), "{}", page.body);
    // Each item asked for in the words of the company's form.
    assert!(
        page.body
            .contains("第 5 项：持续督导期间，上市公司或相关当事人出现违法违规、违背承诺等事项的，应自发现或应当发现之日起五个工作日内向上海证券交易所报告"),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let accounts: Vec<(String, String)> = (1..=16).map(|n| (format!("item:{n}"), format!("第{n}项工作已按规定完成（测试用表述）"))).collect();
    let mut form: Vec<(&str, &str)> = accounts.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.extend([("csrf", csrf.as_str()), ("problems_none", "on")]);
    let saved = representative.post("/c/603339/period/2019/items", &form);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let log = app.store.case_files("603339").await.unwrap().get("worklog/2019.toml").unwrap().to_owned();
    assert!(log.starts_with("# 2019年度持续督导工作记录（由 dudao 建立）"), "the comments stay at the head: {log}");
    assert!(log.contains("\nproblems = []\n") && log.contains("[items]\n1 = \"第1项工作已按规定完成（测试用表述）\"\n"), "{log}");
    for (stem, text) in [
        ("disclosure_review", "保荐机构审阅了公司2019年度的信息披露文件（测试用表述）。"),
        ("violations", "2019年度，公司不存在应向中国证监会和上海证券交易所报告的事项（测试用表述）。"),
    ] {
        let reply = representative.post(&format!("/c/603339/period/2019/narrative/{stem}"), &[("csrf", csrf.as_str()), ("text", text)]);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    // Nothing is missing now: the reviewer signs off, the representative issues.
    let overview = representative.get("/c/603339");
    assert!(overview.body.contains("href=\"/c/603339/report/annual-tracking-2019.docx\""), "the report is ready: {}", overview.body);
    let mut reviewer = Browser::new(app.addr);
    reviewer.login("lizhen", PASSWORD);
    let csrf_reviewer = reviewer.get("/c/603339").csrf();
    let signed = reviewer.post("/c/603339/documents/annual-tracking-2019/sign-off", &[("csrf", csrf_reviewer.as_str())]);
    assert!(signed.body.contains("版本 1：lizhen 于"), "{}", signed.body);
    let csrf = overview.csrf();
    assert_eq!(representative.post("/c/603339/versions/1/issue", &[("csrf", csrf.as_str())]).status, 200);
    let kept = representative.get("/c/603339/versions/1.md").body;
    assert!(kept.starts_with("# 广发证券股份有限公司关于四方科技集团股份有限公司2019年度持续督导年度报告书\n"), "{kept}");
    assert!(kept.contains("| 16 |") && kept.contains("第16项工作已按规定完成（测试用表述）") && !kept.contains("【待补充"), "{kept}");
    let docx = representative.get("/c/603339/report/annual-tracking-2019.docx");
    assert_eq!(docx.status, 200);
    assert!(docx.bytes.starts_with(b"PK"), "a Word file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_party_and_a_holding_are_added_in_the_browser() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let records = browser.get("/c/688316?tab=records");
    assert!(
        records.body.contains("<h2 id=\"parties\">股东、董监高等相关方</h2>") && records.body.contains("value=\"executive\" checked"),
        "the example's executives ticked"
    );
    let csrf = records.csrf();
    // Two roles ticked come as the field twice.
    let party = [("csrf", csrf.as_str()), ("name", "王小明（虚构）"), ("roles", "director"), ("roles", "executive")];
    let saved = browser.post("/c/688316/records/parties", &party);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let holders = app.store.case_files("688316").await.unwrap().get("shareholders.toml").unwrap().to_owned();
    assert!(holders.contains("[[parties]]\nname = \"王小明（虚构）\"\nroles = [\"director\", \"executive\"]\n"), "{holders}");
    assert!(saved.body.contains("王小明（虚构） · 董事、高级管理人员"), "listed with the roles' names: {}", saved.body);
    let bad_role = [("csrf", csrf.as_str()), ("name", "x"), ("roles", "emperor")];
    assert_eq!(browser.post("/c/688316/records/parties", &bad_role).status, 422);
    let holding = [("csrf", csrf.as_str()), ("holder", "王小明（虚构）"), ("date", "2023-12-31"), ("shares", "10,000"), ("stated_percent", "0.01%")];
    assert_eq!(browser.post("/c/688316/records/holdings", &holding).status, 200);
    let holders = app.store.case_files("688316").await.unwrap().get("shareholders.toml").unwrap().to_owned();
    assert!(holders.contains("holder = \"王小明（虚构）\"\ndate = 2023-12-31\nshares = \"10,000\"\nstated_percent = \"0.01%\""), "{holders}");
}

/// A narrative section is previewed as the HTML report prints its Markdown — a list, bold,
/// HTML typed in as text — with nothing saved; saving it is the other button.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_narrative_is_previewed_before_it_is_saved() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let before = app.store.case_files("688316").await.unwrap().get("narrative/2023/risks.md").unwrap().to_owned();
    let csrf = browser.get("/c/688316/period/2023").csrf();
    let typed = "**核心竞争力风险**\n\n- 技术迭代\n- 人才流失 <script>x</script>\n";
    let form = [("csrf", csrf.as_str()), ("text", typed), ("action", "preview")];
    let page = browser.post("/c/688316/period/2023/narrative/risks", &form);
    assert_eq!(page.status, 200);
    let preview = &page.body[page.body.find("id=\"preview-risks\"").expect("a preview")..];
    assert!(preview.contains("<strong>核心竞争力风险</strong>") && preview.contains("<li>技术迭代</li>"), "{preview}");
    assert!(preview.contains("&lt;script&gt;x&lt;/script&gt;") && !page.body.contains("<script>x"), "HTML typed is text: {preview}");
    assert!(page.body.contains("人才流失 &lt;script&gt;"), "the text stays in the box, unsaved");
    assert_eq!(app.store.case_files("688316").await.unwrap().get("narrative/2023/risks.md").unwrap(), before, "nothing saved");
}

/// A sale by a seller the case does not know yet: refused, with a box to tick the seller's
/// roles; ticked, the seller is registered as a party and the sale stored, in one change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_registers_its_new_seller_as_a_party() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let records = browser.get("/c/688316?tab=records");
    assert!(records.body.contains("name=\"new_seller_roles\" value=\"executive\""), "the sale form offers the box");
    let csrf = records.csrf();
    let sale = [
        ("csrf", csrf.as_str()),
        ("id", "new-seller"),
        ("date", "2023-09-12"),
        ("holder", "赵六（虚构）"),
        ("shares", "1,000"),
        ("method", "centralized_bidding"),
        ("average_price", "30.12"),
    ];
    let refused = browser.post("/c/688316/records/share_sales", &sale);
    assert_eq!(refused.status, 422, "an unknown seller");
    let mut with_roles = sale.to_vec();
    with_roles.push(("new_seller_roles", "executive"));
    let saved = browser.post("/c/688316/records/share_sales", &with_roles);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.body.contains("已保存：减持（shareholders.toml、events.toml）"), "{}", saved.body);
    let files = app.store.case_files("688316").await.unwrap();
    assert!(files.get("shareholders.toml").unwrap().contains("[[parties]]\nname = \"赵六（虚构）\"\nroles = [\"executive\"]\n"));
    assert!(files.get("events.toml").unwrap().contains("id = \"new-seller\"\ndate = 2023-09-12\nholder = \"赵六（虚构）\""));
    let actions: Vec<(String, String)> = app.store.audit_log("688316").await.unwrap().into_iter().rev().take(2).map(|e| (e.action, e.subject)).collect();
    assert_eq!(actions, [("case.update".to_owned(), "events.toml".to_owned()), ("case.update".to_owned(), "shareholders.toml".to_owned())]);
}

/// The year's R&D spending and IP table typed on the period's page: the example's 2023 rows
/// shown as the file has them (软件著作权 8 / 7 / 122 / 122, by hand from the seed's
/// section 七), 2024's written as the STAR report prints them; a row filled in part is
/// refused by its category, never completed with zeros.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_years_rd_spending_and_ip_table_are_typed_on_its_page() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let page = browser.get("/c/688316/period/2023");
    assert!(page.body.contains("name=\"figure:rd_spending\" value=\"0.84亿\""), "{}", page.body);
    let row = &page.body[page.body.find("value=\"软件著作权\"").expect("the row")..];
    let values: Vec<&str> = row.split("value=\"").skip(2).take(4).map(|v| v.split('"').next().unwrap()).collect();
    assert_eq!(values, ["8", "7", "122", "122"]);
    let csrf = page.csrf();
    let partial = [("csrf", csrf.as_str()), ("ip:0:category", "发明专利"), ("ip:0:new_applied", "3"), ("ip:0:new_granted", "")];
    let refused = browser.post("/c/688316/period/2024/ip", &partial);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("知识产权“发明专利”的本年新增获得数应为非负整数，读到“”"), "{}", refused.body);
    let typed = [
        ("csrf", csrf.as_str()),
        ("ip:0:category", "发明专利"),
        ("ip:0:new_applied", "3"),
        ("ip:0:new_granted", "1"),
        ("ip:0:total_applied", "82"),
        ("ip:0:total_granted", "20"),
        ("ip:1:category", "实用新型专利"),
    ];
    assert_eq!(browser.post("/c/688316/period/2024/ip", &typed).status, 200);
    let figures = [("csrf", csrf.as_str()), ("figure:rd_spending", "0.91亿")];
    assert_eq!(browser.post("/c/688316/period/2024/table/financials", &figures).status, 200);
    let financials = app.store.case_files("688316").await.unwrap().get("financials.toml").unwrap().to_owned();
    let year = &financials[financials.find("[2024]").expect("the year written")..];
    assert!(
        year.contains("intellectual_property = [\n  { category = \"发明专利\", new_applied = 3, new_granted = 1, total_applied = 82, total_granted = 20 },\n]"),
        "{year}"
    );
    assert!(year.contains("rd_spending = \"0.91亿\""), "{year}");
}

/// An SZSE company's on-site inspection checklist answered on the period's page: the
/// twin's answers shown as its work log has them (一、3 否, 一、7 不适用), and what is posted
/// written back section by section; an item left unanswered is one the inspection report
/// asks for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_szse_inspection_checklist_is_answered_on_the_period_page() {
    let app = spawn_app().await;
    let dir = dudao_testkit::fictional_szse_dir();
    let files = dudao_model::CaseFiles::read(&dir).unwrap();
    let case = dudao_model::parse_case(&dir, &files).unwrap();
    app.store.import_case(&case.company.company, &files, "setup").await.unwrap();
    app.store.assign("wanghe", "001999", "setup").await.unwrap();
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let page = browser.get("/c/001999/period/2024");
    assert!(page.body.contains("<h3>一、公司治理</h3>"), "{}", page.body);
    assert!(
        page.body.contains("name=\"answer:一:3\"><option value=\"\">未填</option><option value=\"yes\">是</option><option value=\"no\" selected>否</option>")
    );
    assert!(page.body.contains("name=\"answer:一:7\"><option value=\"\">未填</option><option value=\"yes\">是</option><option value=\"no\">否</option><option value=\"not_applicable\" selected>"));
    assert!(browser.get("/c/001999").body.contains("inspection-report-2024.docx"), "the report can be made");
    let csrf = page.csrf();
    let answered =
        [("csrf", csrf.as_str()), ("methods:一", "查阅三会资料（虚构）"), ("answer:一:1", "yes"), ("answer:一:3", "yes"), ("answer:一:9", ""), ("issues", "")];
    let saved = browser.post("/c/001999/period/2024/checklist/0", &answered);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let log = app.store.case_files("001999").await.unwrap().get("worklog/2024.toml").unwrap().to_owned();
    assert!(log.contains("[inspections.checklist.\"一\"]\nmethods = \"查阅三会资料（虚构）\"\nanswers = { 1 = \"yes\", 3 = \"yes\" }\n"), "{log}");
    assert!(!log.contains("[inspections.checklist.\"二\"]") && !log.contains("issues = "), "what was not posted is gone: {log}");
    let overview = browser.get("/c/001999").body;
    assert!(!overview.contains("inspection-report-2024.docx"), "the report now asks for the rest: {overview}");
    assert!(
        overview.contains("<a href=\"&#x2f;c&#x2f;001999&#x2f;period&#x2f;2024#checklist\">缺少")
            && overview.contains("（worklog&#x2f;2024.toml inspections.checklist.一.answers.2）"),
        "{overview}"
    );
}

/// Each raised-funds project's year typed on the year's page: the fictional example's 2024
/// shown as written (7,500.00万 for its first project), a new year written under the project
/// it belongs to, and a project left empty given no year.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projects_year_is_typed_on_the_years_page() {
    let app = spawn_app().await;
    // The fictional case, as 688997 (688999 is taken by the example's copy).
    let fictional = dudao_testkit::CaseCopy::of(&dudao_testkit::fictional_dir());
    fictional.edit("company.toml", "stock_code = \"688999\"", "stock_code = \"688997\"");
    let files = dudao_model::CaseFiles::read(&fictional.dir).unwrap();
    let case = dudao_model::parse_case(&fictional.dir, &files).unwrap();
    let code = "688997";
    app.store.import_case(&case.company.company, &files, "setup").await.unwrap();
    let mut root = Browser::new(app.addr);
    root.login("root", PASSWORD);
    let page = root.get(&format!("/c/{code}/period/2024"));
    assert!(page.body.contains("name=\"project:0:used\" value=\"7,500.00万\""), "{}", page.body);
    let csrf = page.csrf();
    let typed =
        [("csrf", csrf.as_str()), ("project:0:used", "1,000.00万"), ("project:0:achieved", "不适用"), ("project:1:used", ""), ("project:2:used", "500.00万")];
    let saved = root.post(&format!("/c/{code}/period/2025/projects"), &typed);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let funds: toml::Table = toml::from_str(app.store.case_files(code).await.unwrap().get("funds.toml").unwrap()).unwrap();
    let year = |n: usize| -> Vec<(String, String)> {
        let years = funds["projects"].as_array().unwrap()[n]["years"].as_table().unwrap();
        years.get("2025").and_then(|y| y.as_table()).map(|t| t.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect()).unwrap_or_default()
    };
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(year(0), [pair("achieved", "不适用"), pair("used", "1,000.00万")], "under its own project");
    assert_eq!(year(1), [], "left empty, no year");
    assert_eq!(year(2), [pair("used", "500.00万")]);
    let refused = root.post(&format!("/c/{code}/period/2025/projects"), &[("csrf", csrf.as_str()), ("project:0:achieved", "大概")]);
    assert_eq!(refused.status, 422, "the model checks each");
}

/// A total share count recorded in the browser, checked as the case format checks it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_total_share_count_is_recorded_in_the_browser() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let records = browser.get("/c/688316?tab=records");
    assert!(records.body.contains("<h2 id=\"total_shares\">总股本</h2>"), "{}", records.body);
    let csrf = records.csrf();
    let zero = [("csrf", csrf.as_str()), ("date", "2024-06-30"), ("shares", "0")];
    assert_eq!(browser.post("/c/688316/records/total_shares", &zero).status, 422, "a total of none refused");
    let total = [("csrf", csrf.as_str()), ("date", "2024-06-30"), ("shares", "47,923,024"), ("source", "2024年半年度报告")];
    assert_eq!(browser.post("/c/688316/records/total_shares", &total).status, 200);
    let company = app.store.case_files("688316").await.unwrap().get("company.toml").unwrap().to_owned();
    assert!(company.contains("[[total_shares]]\ndate = 2024-06-30\nshares = \"47,923,024\"\nsource = \"2024年半年度报告\"\n"), "{company}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_periods_key_figures_are_typed_on_its_page() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    // The example lacks 2024's figures: the overview links the gap to the period's page.
    let overview = browser.get("/c/688316");
    assert!(
        overview.body.contains("<a href=\"&#x2f;c&#x2f;688316&#x2f;period&#x2f;2024#financials\">缺少 2024 年度主要财务数据</a> <span class=\"muted\">（financials.toml 2024）</span>"),
        "{}",
        overview.body
    );
    let page = browser.get("/c/688316/period/2023");
    assert!(
        page.body
            .contains("<label for=\"financials-revenue\">营业收入</label><input id=\"financials-revenue\" name=\"figure:revenue\" value=\"335,693,624.77\">"),
        "typed as the file has it: {}",
        page.body
    );
    let csrf = page.csrf();
    let bad = browser.post("/c/688316/period/2024/table/financials", &[("csrf", csrf.as_str()), ("figure:revenue", "12,34.5")]);
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("未保存：") && bad.body.contains("2024.revenue") && bad.body.contains("“12,34.5”"), "{}", bad.body);
    let good =
        browser.post("/c/688316/period/2024/table/financials", &[("csrf", csrf.as_str()), ("figure:revenue", "312,345,678.90"), ("figure:roe", "-20.01%")]);
    assert_eq!(good.status, 200, "{}", good.body);
    let financials = app.store.case_files("688316").await.unwrap().get("financials.toml").unwrap().to_owned();
    assert!(financials.contains("[2024]\nrevenue = \"312,345,678.90\"\nroe = \"-20.01%\"\n"), "{financials}");
    assert!(financials.starts_with("# Key financial data by fiscal year"), "the file's comments stay");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_raised_funds_are_entered_in_the_browser() {
    let app = spawn_app().await;
    common::add_sifang(&app).await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    // 四方科技's case has no funds.toml yet: the offering's form is offered empty.
    let records = browser.get("/c/603339?tab=records");
    assert!(records.body.contains("action=\"/c/603339/records/offering/funds/0\""), "{}", records.body);
    let csrf = records.csrf();
    // Figures of 四方科技's 2016 IPO as its prospectus would give them (虚构 for the test).
    let offering = [
        ("csrf", csrf.as_str()),
        ("approval_authority", "中国证券监督管理委员会"),
        ("approval_number", "证监许可[2016]000号（虚构）"),
        ("approval_title", "《关于核准…首次公开发行股票的批复》（虚构）"),
        ("issued", "2016-05"),
        ("shares_offered", "5,000万"),
        ("price", "10.00"),
        ("issuance_fees", "5,000.00万"),
        ("arrived", "2016-05"),
        ("verified_by", "虚构会计师事务所（特殊普通合伙）"),
        ("verification_report", "虚构验字[2016]第1号《验资报告》"),
    ];
    let saved = browser.post("/c/603339/records/offering/funds/0", &offering);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let account = [("csrf", csrf.as_str()), ("bank", "虚构银行南通分行"), ("number", "0012345678")];
    assert_eq!(browser.post("/c/603339/records/accounts", &account).status, 200);
    // The year's ledger on the period's page: an amount that is not one is refused by field.
    let page = browser.get("/c/603339/period/2019");
    assert!(page.body.contains("<h2 id=\"ledger\">募集资金本期台账</h2>"));
    let ledger = |cumulative| {
        let movements = [("figure:opening_balance", "100.00万"), ("figure:interest_net_of_fees", "1.00万"), ("figure:project_spending", "101.00万")];
        [("csrf", csrf.as_str()), ("figure:cumulative_use", cumulative)].into_iter().chain(movements).collect::<Vec<_>>()
    };
    let refused = browser.post("/c/603339/period/2019/table/ledger", &ledger("很多"));
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("ledger.2019.cumulative_use"), "{}", refused.body);
    assert_eq!(browser.post("/c/603339/period/2019/table/ledger", &ledger("45,000.00万")).status, 200);
    let funds = app.store.case_files("603339").await.unwrap().get("funds.toml").unwrap().to_owned();
    assert!(funds.contains("[offering]\napproval_authority = \"中国证券监督管理委员会\"\n"), "{funds}");
    assert!(funds.contains("[[accounts]]\nbank = \"虚构银行南通分行\"\nnumber = \"0012345678\"\n"), "{funds}");
    assert!(funds.contains("[ledger.2019]\nopening_balance = \"100.00万\"\n"), "{funds}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reduction_plan_is_recorded_in_the_browser() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let csrf = browser.get("/c/688316?tab=records").csrf();
    // A plan for the example's 2023 seller (虚构, for the test).
    let plan = [
        ("csrf", csrf.as_str()),
        ("id", "tianxiang-2023"),
        ("holder", "苏州工业园区蝴蝶天翔投资中心（有限合伙）"),
        ("disclosed", "2023-01-10"),
        ("window_start", "2023-02-01"),
        ("window_end", "2023-04-30"),
    ];
    let saved = browser.post("/c/688316/records/reduction_plans", &plan);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let events = app.store.case_files("688316").await.unwrap().get("events.toml").unwrap().to_owned();
    assert!(events.contains("[[reduction_plans]]\nid = \"tianxiang-2023\"\n"), "{events}");
    assert!(
        saved.body.contains("<h2 id=\"reduction_plans\">减持计划</h2>")
            && saved.body.contains("苏州工业园区蝴蝶天翔投资中心（有限合伙） · 2023-01-10 · 2023-02-01"),
        "{}",
        saved.body
    );
    let window_wrong = [
        ("csrf", csrf.as_str()),
        ("id", "x"),
        ("holder", "苏州工业园区蝴蝶天翔投资中心（有限合伙）"),
        ("disclosed", "2023-01-10"),
        ("window_start", "2023-02-31"),
        ("window_end", "2023-04-30"),
    ];
    assert_eq!(browser.post("/c/688316/records/reduction_plans", &window_wrong).status, 422, "no 31 February");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zipped_case_is_bounded_by_what_it_unpacks_to() {
    let app = spawn_app().await;
    let mut admin = Browser::new(app.addr);
    admin.login("root", PASSWORD);
    let csrf = admin.get("/admin").csrf();
    let fictional = dudao_testkit::CaseCopy::of(&dudao_testkit::fictional_dir());
    fictional.edit("company.toml", "stock_code = \"688999\"", "stock_code = \"688995\"");
    // Nine narratives of 3.9 MiB each: each within a file's 4 MiB, 35 MiB in all, a few
    // hundred KiB packed.
    let text = "风险".repeat(3_900 * 1024 / 6);
    let names: Vec<String> = (2015..2024).map(|year| format!("narrative/{year}/risks.md")).collect();
    let beside: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), text.as_bytes())).collect();
    let zipped = common::zip_of(&fictional.dir, "fictional", &beside);
    assert!(zipped.len() < 4 << 20, "{}", zipped.len());
    let refused = admin.upload("/admin/companies/upload", &csrf, "case", "big.zip", &zipped);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("zip 中的案卷文件解压后超过 32 MB"), "{}", refused.body);
    assert!(app.store.companies().await.unwrap().iter().all(|c| c.code != "688995"), "nothing stored");
}

/// Guessing one's current password is throttled as a login is: after three wrong ones the
/// next is answered at once with the wait (429), the right one included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_current_passwords_are_answered_with_the_wait() {
    let app = spawn_app().await;
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let csrf = browser.get("/password").csrf();
    let wrong = [("csrf", csrf.as_str()), ("current", "not-it"), ("new", "new-secret-1"), ("again", "new-secret-1")];
    for _ in 0..3 {
        assert_eq!(browser.post("/password", &wrong).status, 422);
    }
    let started = Instant::now();
    let right = browser.post("/password", &[("csrf", csrf.as_str()), ("current", PASSWORD), ("new", "new-secret-1"), ("again", "new-secret-1")]);
    assert_eq!((right.status, right.header("retry-after")), (429, Some("1")));
    assert!(right.body.contains("尝试过于频繁"), "{}", right.body);
    assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
}

/// Prose that would loop without end, typed into a narrative: the report download is
/// stopped by the template budget, answered at once with where and why, and the server goes
/// on serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_narrative_that_would_loop_without_end_is_stopped_in_the_workbench() {
    let app = spawn_app().await;
    let files = app.store.case_files("688316").await.unwrap();
    let risks = files.get("narrative/2023/risks.md").unwrap().to_owned();
    let looping = format!("{risks}\n{{% for i in range(100000) %}}{{% for j in range(100000) %}}{{% endfor %}}{{% endfor %}}\n");
    let change = dudao_store::FileChange { path: "narrative/2023/risks.md".into(), read: Some(risks), text: looping };
    app.store.update_case_files("688316", &[change], "wanghe", "case.update").await.unwrap();
    let mut browser = Browser::new(app.addr);
    browser.login("wanghe", PASSWORD);
    let started = Instant::now();
    let reply = browser.get("/c/688316/report/annual-tracking-2023.docx");
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("risks.md:") && reply.body.contains("模板运算超出上限（1000000 步"), "{}", reply.body);
    assert!(started.elapsed() < Duration::from_secs(30), "stopped, not run out: {:?}", started.elapsed());
    assert_eq!(browser.get("/").status, 200, "the server goes on");
}

/// A body trickled without end is cut at the request's deadline (here 1 s): the client is
/// answered 408 and the connection closed, so such clients cannot hold the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickled_body_is_cut_at_the_deadline() {
    let app = common::spawn_app_with(dudao_web::Options { request_timeout: Some(Duration::from_secs(1)), ..Default::default() }).await;
    let addr = app.addr;
    let (answer, took) = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let started = Instant::now();
        stream.write_all(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=wa").unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(5), "closed at the deadline, not left open: {took:?}");
    // Others are served as before.
    assert_eq!(Browser::new(addr).get("/login").status, 200);
}
