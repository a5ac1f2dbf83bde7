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
    if let Some(explicit) = &file.supervision {
        return Ok(SupervisionPeriod {
            start: explicit.start.map_or(listing, DayOrMonth::Day),
            end: explicit.end,
            stated: true,
        });
    }
    let years = full_years_after_listing(file.company.board, file.company.offering).ok_or_else(|| {
        format!(
            "dudao 尚未收录{}的持续督导期间规则：请在 company.toml 的 [supervision] 中写明 end（督导期末日）",
            file.company.board.chinese()
        )
    })?;
    Ok(SupervisionPeriod { start: listing, end: Date::year_end(listing.year() + years), stated: false })
}
