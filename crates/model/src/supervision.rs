//! The supervision period: how long the sponsor supervises, from the board, the offering
//! and the listing date, unless the case states it.
//!
//! The rule (see `docs/case-format.md` for sources): supervision runs from listing to
//! 31 December of the Nth full fiscal year after the listing year, where N is 3 for a
//! STAR or ChiNext IPO, 2 for their follow-on offerings and for a main-board IPO, and 1
//! for a main-board follow-on. The listing year itself counts as a partial year.

use crate::case::{Board, CompanyFile, OfferingKind};
use crate::date::{Date, DayOrMonth};

/// The period a sponsor supervises the company.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SupervisionPeriod {
    /// First day (the listing date, or its month where the day is unknown).
    pub start: DayOrMonth,
    /// Last day.
    pub end: Date,
    /// Whether the case stated it rather than dudao computing it.
    pub stated: bool,
}

/// Full fiscal years of supervision after the listing year, or `None` where dudao does
/// not know the rule (北交所).
pub fn full_years_after_listing(board: Board, offering: OfferingKind) -> Option<i16> {
    match (board, offering) {
        (Board::Star | Board::Chinext, OfferingKind::Ipo) => Some(3),
        (Board::Star | Board::Chinext, OfferingKind::FollowOn) => Some(2),
        (Board::SseMain | Board::SzseMain, OfferingKind::Ipo) => Some(2),
        (Board::SseMain | Board::SzseMain, OfferingKind::FollowOn) => Some(1),
        (Board::Bse, _) => None,
    }
}

/// The period for this company: the case's `[supervision]` if given, else computed.
/// `Err` carries a Chinese explanation when neither is possible.
pub fn supervision_period(file: &CompanyFile) -> Result<SupervisionPeriod, String> {
    let listing = file.company.listing_date;
    if let Some(explicit) = &file.supervision
        && let Some(start) = explicit.start.map(DayOrMonth::Day).or(listing)
    {
        return Ok(SupervisionPeriod { start, end: explicit.end, stated: true });
    }
    let listing = listing.ok_or_else(|| {
        "缺少上市日期：请在 company.toml 的 [company] 中写明 listing_date（如 2021-03-16），或在 [supervision] 中写明 start 与 end".to_owned()
    })?;
    let years = full_years_after_listing(file.company.board, file.company.offering).ok_or_else(|| {
        format!("dudao 尚未收录{}的持续督导期间规则：请在 company.toml 的 [supervision] 中写明 end（督导期末日）", file.company.board.chinese())
    })?;
    Ok(SupervisionPeriod { start: listing, end: Date::year_end(listing.year() + years), stated: false })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::SupervisionOverride;

    fn company(board: &str, offering: &str, listing: &str) -> CompanyFile {
        let text = format!(
            "[company]\nname = \"x\"\nshort_name = \"x\"\nstock_code = \"688000\"\nboard = \"{board}\"\n\
             listing_date = {listing}\noffering = \"{offering}\"\n[sponsor]\nfirm = \"x\"\nrepresentatives = []\n"
        );
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn star_ipo_runs_through_the_third_full_year() {
        // Closing reports of 科思科技 (listed 2020-10-22, supervised to 2023-12-31) and
        // 中自科技 (2021-10-22 to 2024-12-31); 青云科技 listed 2021-03-16.
        for (listing, end) in [("2020-10-22", 2023), ("2021-10-22", 2024), ("2021-03-16", 2024)] {
            let period = supervision_period(&company("star", "ipo", listing)).unwrap();
            assert_eq!(period.end, Date::year_end(end));
            assert_eq!(period.start, DayOrMonth::parse(listing).unwrap());
            assert!(!period.stated);
        }
    }

    #[test]
    fn other_boards_and_offerings() {
        let end = |board, offering| supervision_period(&company(board, offering, "2021-03-16")).unwrap().end.year();
        assert_eq!(end("star", "follow_on"), 2023);
        assert_eq!(end("chinext", "ipo"), 2024);
        assert_eq!(end("sse_main", "ipo"), 2023);
        assert_eq!(end("szse_main", "follow_on"), 2022);
        assert!(supervision_period(&company("bse", "ipo", "2021-03-16")).unwrap_err().contains("[supervision]"));
    }

    #[test]
    fn without_a_listing_date_only_a_stated_period_with_its_start() {
        let mut file = company("sse_main", "ipo", "2021-03-16");
        file.company.listing_date = None;
        assert!(supervision_period(&file).unwrap_err().contains("listing_date"));
        file.supervision = Some(SupervisionOverride { start: None, end: Date::year_end(2019) });
        assert!(supervision_period(&file).unwrap_err().contains("listing_date"));
        file.supervision = Some(SupervisionOverride { start: Some(Date::ymd(2017, 5, 9)), end: Date::year_end(2019) });
        assert_eq!(supervision_period(&file).unwrap().start, DayOrMonth::Day(Date::ymd(2017, 5, 9)));
    }
}
