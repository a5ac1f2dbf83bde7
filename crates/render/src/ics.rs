//! Deadlines as an iCalendar file (RFC 5545) that Outlook and phone calendars import: one
//! all-day event per duty with a known due date, naming the company, the duty and its
//! legal basis.

use dudao_model::Date;
use dudao_rules::{Schedule, Status, TriggerState, clock};

/// One company's schedule as an iCalendar document (see [`calendar`]).
pub fn deadlines(schedule: &Schedule) -> String {
    calendar(std::slice::from_ref(schedule), &format!("{}（{}）持续督导期限", schedule.company, schedule.stock_code))
}

/// Schedules as one iCalendar document called `name`, with CRLF line ends and lines folded
/// at 75 octets. Open duties carry a reminder three days before.
pub fn calendar(schedules: &[Schedule], name: &str) -> String {
    let mut out = String::new();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//dudao//deadlines//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        push(&mut out, line);
    }
    push(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for schedule in schedules {
        events(&mut out, schedule);
    }
    push(&mut out, "END:VCALENDAR");
    out
}

fn events(out: &mut String, schedule: &Schedule) {
    let stamp = format!("{}T000000Z", compact(schedule.on));
    for duty in &schedule.duties {
        let Some(due) = duty.due.date() else { continue };
        // A date counted on the provisional calendar says so where a calendar shows it.
        let mark = if duty.due.provisional().is_some() { "【暂定】" } else { "" };
        let obligation = duty.obligation;
        let title = format!("{}（{}）", obligation.title, duty.subject);
        let trigger = match &duty.trigger {
            TriggerState::Occurred { date, what } => clock(obligation, &format!("{what}（{date}）")),
            TriggerState::Missing { what, .. } | TriggerState::Expected { what, .. } => clock(obligation, what),
        };
        let mut description = format!(
            "公司：{}（{}）\n事项：{title}\n期限：{trigger}\n依据：{}\n状态（截至 {}）：{}",
            schedule.company,
            schedule.stock_code,
            obligation.citation().text(),
            schedule.on,
            duty.status.chinese()
        );
        if let Some(why) = duty.due.provisional() {
            description += &format!("\n到期日暂定：{why}");
        }
        push(out, "BEGIN:VEVENT");
        push(out, &format!("UID:{}-{}-{}-{:016x}@dudao", schedule.stock_code, obligation.id, compact(due), fnv1a(&duty.subject)));
        push(out, &format!("DTSTAMP:{stamp}"));
        push(out, &format!("DTSTART;VALUE=DATE:{}", compact(due)));
        push(out, &format!("DTEND;VALUE=DATE:{}", compact(due.plus_days(1).unwrap_or(due))));
        push(out, &format!("SUMMARY:{}", escape(&format!("{mark}{}：{title}", schedule.company))));
        push(out, &format!("DESCRIPTION:{}", escape(&description)));
        push(out, "CATEGORIES:持续督导");
        push(out, "TRANSP:TRANSPARENT");
        if matches!(duty.status, Status::Open) {
            for line in ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P3D"] {
                push(out, line);
            }
            push(out, &format!("DESCRIPTION:{}", escape(&title)));
            push(out, "END:VALARM");
        }
        push(out, "END:VEVENT");
    }
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
