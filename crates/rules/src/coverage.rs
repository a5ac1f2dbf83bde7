//! Whether a case's dated events lie within the calendar that counts their days. A sale or
//! an announcement in a year the calendar does not know cannot be judged by the rules that
//! count trading or working days from it: the case is refused, naming the date and the
//! calendar, rather than the rule passing over it in silence.

use dudao_calendar::Calendar;
use dudao_model::{Case, Date, Origin};

/// The first event of `case` dated outside `calendar`, as a message naming the date, where
/// it is written and the calendar's range; `None` if every event lies within it.
pub fn outside_calendar(case: &Case, calendar: &Calendar) -> Option<String> {
    let events = &case.events;
    let dated = events
        .share_sales
        .iter()
        .map(|s| (s.date, s.origin()))
        .chain(events.share_purchases.iter().map(|p| (p.date, p.origin())))
        .chain(events.announcements.iter().map(|a| (a.date, a.origin())))
        .chain(events.reduction_plans.iter().flat_map(|p| [(p.disclosed, p.origin()), (p.window_start, p.origin()), (p.window_end, p.origin())]));
    let outside = |date: Date| date < calendar.first() || date > calendar.last();
    dated.filter(|(date, _)| outside(*date)).min_by_key(|(date, _)| *date).map(|(date, origin): (Date, &Origin)| {
        format!(
            "{origin}：日期 {date} 超出所用日历的范围（{} 至 {}）：按交易日、工作日计算的规则无法判断该事项；请用 --calendar 提供覆盖该日期的日历文件（格式见 docs/calendar.md）",
            calendar.first(),
            calendar.last()
        )
    })
}
