//! The daily e-mail digest: to each user with an address, for each of their companies,
//! the duties overdue, those due within a week, and what `check` finds today that it did
//! not find yesterday. Sent through the firm's SMTP relay at the hour `serve` is given
//! (Beijing time), and at once from the admin page. A user with nothing to report gets no
//! mail.

use std::fmt::Write as _;

use dudao_calendar::Calendar;
use dudao_model::{Date, Finding, Severity, parse_case};
use dudao_rules::{Status, schedule};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::AppState;

/// Where and when digests are sent: the relay (`host:port`, plain SMTP on the firm's
/// network), the sender, and the hour and minute of the day (Beijing time).
#[derive(Clone, Debug)]
pub struct Mail {
    /// `smtp.example.com:25`.
    pub relay: String,
    /// `督导工作台 <dudao@sponsor.example>`.
    pub from: String,
    /// When each day's digest goes, Beijing time.
    pub at: (u8, u8),
}

/// How far ahead a duty counts as coming due.
const AHEAD_DAYS: i32 = 7;

/// The digest of `user`'s companies on `on`: its subject and text, or `None` when there is
/// nothing to report.
async fn compose(state: &AppState, user: &dudao_store::User, on: Date) -> Result<Option<(String, String)>, String> {
    let companies = state.store.companies_of(user).await.map_err(|e| e.to_string())?;
    let (mut overdue, mut coming, mut found) = (0, 0, 0);
    let mut text = String::new();
    for company in companies {
        let files = state.store.case_files(&company.code).await.map_err(|e| e.to_string())?;
        // Two checks and a schedule a company: off the async workers.
        let (code, rulebook) = (company.code.clone(), state.rulebook.clone());
        let counted = tokio::task::spawn_blocking(move || company_lines(&code, &files, on, &rulebook)).await.map_err(|e| e.to_string())?;
        let Some((lines, (o, c, f))) = counted else {
            let _ = writeln!(text, "【{}（{}）】案卷无法读取，请在工作台查看\n", company.short_name, company.code);
            continue;
        };
        (overdue, coming, found) = (overdue + o, coming + c, found + f);
        if !lines.is_empty() {
            let _ = writeln!(text, "【{}（{}）】\n{}\n", company.short_name, company.code, lines.join("\n"));
        }
    }
    if overdue + coming + found == 0 {
        return Ok(None);
    }
    let subject = format!("督导工作台每日摘要（{on}）：逾期 {overdue} 项，{AHEAD_DAYS} 日内到期 {coming} 项，新发现 {found} 项");
    let body = format!("{}您好：\n\n截至 {on}（北京时间），您负责的公司有以下事项：\n\n{text}详情请登录工作台：{}\n", user.name, state.base_url);
    Ok(Some((subject, body)))
}

/// One company's lines of the digest on `on`, with the counts of overdue, coming and newly
/// found; `None` when its case does not load.
fn company_lines(code: &str, files: &dudao_model::CaseFiles, on: Date, rulebook: &dudao_rules::Rulebook) -> Option<(Vec<String>, (usize, usize, usize))> {
    let case = parse_case(std::path::Path::new(code), files).ok()?;
    let (mut overdue, mut coming, mut found) = (0, 0, 0);
    let mut lines = Vec::new();
    if let Ok(schedule) = schedule(&case, Calendar::embedded(), on) {
        for duty in &schedule.duties {
            let Some(due) = duty.due.date() else { continue };
            let what = format!("{}（{}），应于 {due} 前完成", duty.obligation.title, duty.subject);
            match duty.status {
                Status::Overdue => {
                    overdue += 1;
                    lines.push(format!("  逾期：{what}"));
                }
                Status::Open if on.days_until(due) <= AHEAD_DAYS => {
                    coming += 1;
                    lines.push(format!("  {AHEAD_DAYS} 日内到期：{what}"));
                }
                _ => {}
            }
        }
    }
    // What today's check finds and yesterday's did not: a new sale, a new deadline missed.
    // A finding is the same by its rule, date, which of the day's it is and facts (its
    // message may name the day it was judged on).
    let before = dudao_rules::check(&case, Calendar::embedded(), on.plus_days(-1).unwrap_or(on), rulebook);
    let same = |a: &Finding, b: &Finding| a.rule == b.rule && a.date == b.date && a.about == b.about && a.evidence == b.evidence;
    for finding in dudao_rules::check(&case, Calendar::embedded(), on, rulebook) {
        if finding.severity > Severity::Info && !before.iter().any(|b| same(b, &finding)) {
            found += 1;
            lines.push(format!("  新发现的{}：{}", finding.severity.chinese(), finding.message));
        }
    }
    Some((lines, (overdue, coming, found)))
}

/// Sends `on`'s digest to every user with an address and something to report; the number
/// of mails sent, or the first failure.
pub async fn send_all(state: &AppState, mail: &Mail, on: Date) -> Result<usize, String> {
    let from: Mailbox = mail.from.parse().map_err(|e| format!("发件人地址“{}”无效（{e}）", mail.from))?;
    let (host, port) = mail
        .relay
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h, p.parse::<u16>().ok()?)))
        .ok_or_else(|| format!("SMTP 服务器地址“{}”应为 主机:端口", mail.relay))?;
    // A relay on the firm's own network, without TLS or login (the common set-up for an
    // internal system's mail).
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build();
    let mut sent = 0;
    for (user, address) in state.store.emails().await.map_err(|e| e.to_string())? {
        let Some((subject, body)) = compose(state, &user, on).await? else { continue };
        let to: Mailbox = address.parse().map_err(|e| format!("{} 的邮箱“{address}”无效（{e}）", user.name))?;
        let part = SinglePart::plain(body);
        let message = Message::builder().from(from.clone()).to(to).subject(subject).singlepart(part).map_err(|e| e.to_string())?;
        transport.send(message).await.map_err(|e| format!("经 {} 发送给 {address} 失败（{e}）", mail.relay))?;
        sent += 1;
    }
    Ok(sent)
}

/// Sends each day's digest at `mail.at`, Beijing time, for as long as the server runs; a
/// failure is logged and the next day tried again.
pub async fn daily(state: AppState, mail: Mail) {
    const DAY: u64 = 86_400;
    loop {
        // Seconds into the day in Beijing (UTC+8, no summer time), and so until the hour.
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let into_day = (now + 8 * 3600) % DAY;
        let at = u64::from(mail.at.0) * 3600 + u64::from(mail.at.1) * 60;
        let wait = (at + DAY - into_day) % DAY;
        let wait = if wait == 0 { DAY } else { wait };
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        match send_all(&state, &mail, Date::today_in_beijing()).await {
            Ok(sent) => eprintln!("每日摘要：已发送 {sent} 封"),
            Err(e) => eprintln!("每日摘要未能发送：{e}"),
        }
    }
}
