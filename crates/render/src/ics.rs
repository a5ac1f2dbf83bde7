//! Deadlines as an iCalendar file (RFC 5545) that Outlook and phone calendars import: one
//! all-day event per duty with a known due date, naming the company, the duty and its
//! legal basis.

use dudao_model::Date;
use dudao_rules::{Due, Schedule, Status, TriggerState, clock};

/// The schedule as an iCalendar document, with CRLF line ends and lines folded at 75
/// octets. Open duties carry a reminder three days before.
pub fn deadlines(schedule: &Schedule) -> String {
    let mut out = String::new();
    let name = format!("{}（{}）持续督导期限", schedule.company, schedule.stock_code);
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//dudao//deadlines//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        push(&mut out, line);
    }
    push(&mut out, &format!("X-WR-CALNAME:{}", escape(&name)));
    let stamp = format!("{}T000000Z", compact(schedule.on));
    for duty in &schedule.duties {
        let Due::On(due) = duty.due else { continue };
        let obligation = duty.obligation;
        let title = format!("{}（{}）", obligation.title, duty.subject);
        let trigger = match &duty.trigger {
            TriggerState::Occurred { date, what } => clock(obligation, &format!("{what}（{date}）")),
            TriggerState::Missing { what, .. } | TriggerState::Expected { what, .. } => clock(obligation, what),
        };
        let description = format!(
            "公司：{}（{}）\n事项：{title}\n期限：{trigger}\n依据：{}（{}）\n状态（截至 {}）：{}",
            schedule.company,
            schedule.stock_code,
            obligation.basis,
            obligation.evidence.chinese(),
            schedule.on,
            duty.status.chinese()
        );
        push(&mut out, "BEGIN:VEVENT");
        push(&mut out, &format!("UID:{}-{}-{}-{:016x}@dudao", schedule.stock_code, obligation.id, compact(due), fnv1a(&duty.subject)));
        push(&mut out, &format!("DTSTAMP:{stamp}"));
        push(&mut out, &format!("DTSTART;VALUE=DATE:{}", compact(due)));
        push(&mut out, &format!("DTEND;VALUE=DATE:{}", compact(due.plus_days(1).unwrap_or(due))));
        push(&mut out, &format!("SUMMARY:{}", escape(&format!("{}：{title}", schedule.company))));
        push(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        push(&mut out, "CATEGORIES:持续督导");
        push(&mut out, "TRANSP:TRANSPARENT");
        if matches!(duty.status, Status::Open) {
            for line in ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P3D"] {
                push(&mut out, line);
            }
            push(&mut out, &format!("DESCRIPTION:{}", escape(&title)));
            push(&mut out, "END:VALARM");
        }
        push(&mut out, "END:VEVENT");
    }
    push(&mut out, "END:VCALENDAR");
    out
}

/// `20240521`.
fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so no physical line exceeds 75 octets (§3.1), never
/// splitting a UTF-8 character.
fn push(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// A stable 64-bit hash (FNV-1a), to tell apart duties of one kind due on one day.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        push(&mut out, &format!("SUMMARY:{}", "持续督导".repeat(10)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "持续督导".repeat(10)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
