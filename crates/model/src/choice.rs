//! The closed sets of values a case file names by id — boards, roles, kinds of disclosure,
//! of sale, of inspection, of day, of publication — each value with the Chinese name a
//! person chooses it by. Declared here once, next to the types, for the workbench's forms
//! and anything else that lists them.

use crate::case::{Board, ChecklistAnswer, DisclosureKind, DispositionStatus, InspectionKind, OfferingKind, PublicationKind, Role, SaleMethod};
use crate::date::DayKind;

/// A value chosen from a closed set.
pub trait Choice: Copy + Sized + 'static {
    /// Every value, in the order a list offers them.
    const ALL: &'static [Self];
    /// Its identifier in case files (the serde name).
    fn key(self) -> &'static str;
    /// The Chinese name a person chooses it by.
    fn name(self) -> &'static str;
}

/// `(identifier, Chinese name)` of every value of `T`, in order.
pub fn choices<T: Choice>() -> Vec<(&'static str, &'static str)> {
    T::ALL.iter().map(|c| (c.key(), c.name())).collect()
}

/// Implements [`Choice`] for `$ty` from its values and their (identifier, name).
macro_rules! choice {
    ($ty:ty, $($value:path => ($key:literal, $name:literal)),+ $(,)?) => {
        impl Choice for $ty {
            const ALL: &'static [Self] = &[$($value),+];
            fn key(self) -> &'static str {
                match self { $($value => $key),+ }
            }
            fn name(self) -> &'static str {
                match self { $($value => $name),+ }
            }
        }
    };
}

/// Implements [`Choice`] for a type that names its values already (`id`, and `chinese` as
/// the documents print them), in the order of `$all`.
macro_rules! named {
    ($ty:ty, $all:expr) => {
        impl Choice for $ty {
            const ALL: &'static [Self] = $all;
            fn key(self) -> &'static str {
                self.id()
            }
            fn name(self) -> &'static str {
                self.chinese()
            }
        }
    };
}

named!(Board, &[Board::Star, Board::SseMain, Board::SzseMain, Board::Chinext, Board::Bse]);
named!(
    Role,
    &[
        Role::ControllingShareholder,
        Role::ActualController,
        Role::MajorShareholder,
        Role::Director,
        Role::Supervisor,
        Role::Executive,
        Role::CoreTechnicalStaff,
        Role::PreIpoHolder
    ]
);

choice!(OfferingKind,
    OfferingKind::Ipo => ("ipo", "首次公开发行"),
    OfferingKind::FollowOn => ("follow_on", "再融资"),
);

choice!(DisclosureKind,
    DisclosureKind::Other => ("other", "临时公告及其他"),
    DisclosureKind::AnnualReport => ("annual_report", "年度报告"),
    DisclosureKind::SemiannualReport => ("semiannual_report", "半年度报告"),
    DisclosureKind::QuarterlyReport => ("quarterly_report", "季度报告"),
    DisclosureKind::ResultsForecast => ("results_forecast", "业绩预告"),
    DisclosureKind::PreliminaryResults => ("preliminary_results", "业绩快报"),
);

impl Choice for SaleMethod {
    const ALL: &'static [Self] = &[SaleMethod::CentralizedBidding, SaleMethod::BlockTrade, SaleMethod::NegotiatedTransfer];
    fn key(self) -> &'static str {
        match self {
            SaleMethod::CentralizedBidding => "centralized_bidding",
            SaleMethod::BlockTrade => "block_trade",
            SaleMethod::NegotiatedTransfer => "negotiated_transfer",
        }
    }
    fn name(self) -> &'static str {
        self.chinese()
    }
}

choice!(InspectionKind,
    InspectionKind::Regular => ("regular", "定期现场检查"),
    InspectionKind::Special => ("special", "专项现场检查"),
);

impl Choice for DayKind {
    const ALL: &'static [Self] = &[DayKind::Trading, DayKind::Working, DayKind::Calendar];
    fn key(self) -> &'static str {
        self.id()
    }
    /// As a list offers it: 自然日 for the calendar day the documents call 日.
    fn name(self) -> &'static str {
        match self {
            DayKind::Calendar => "自然日",
            other => other.chinese(),
        }
    }
}

choice!(PublicationKind,
    PublicationKind::AnnualTrackingReport => ("annual_tracking_report", "年度持续督导跟踪报告"),
    PublicationKind::SemiannualTrackingReport => ("semiannual_tracking_report", "半年度持续督导跟踪报告"),
    PublicationKind::FundsVerification => ("funds_verification", "募集资金专项核查报告"),
    PublicationKind::InspectionReport => ("inspection_report", "现场检查报告"),
    PublicationKind::ClosingReport => ("closing_report", "保荐总结报告书"),
);

choice!(ChecklistAnswer,
    ChecklistAnswer::Yes => ("yes", "是"),
    ChecklistAnswer::No => ("no", "否"),
    ChecklistAnswer::NotApplicable => ("not_applicable", "不适用"),
);

choice!(DispositionStatus,
    DispositionStatus::Handled => ("handled", "已处理"),
    DispositionStatus::NotApplicable => ("not_applicable", "不适用"),
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Each identifier reads back, in a case file, as the value it names.
    fn reads_back<T: Choice + PartialEq + std::fmt::Debug + serde::de::DeserializeOwned>() {
        #[derive(serde::Deserialize)]
        struct One<T> {
            value: T,
        }
        for value in T::ALL {
            let read: One<T> = toml::from_str(&format!("value = \"{}\"", value.key())).unwrap();
            assert_eq!(read.value, *value);
        }
    }

    #[test]
    fn every_identifier_is_the_case_files() {
        reads_back::<Board>();
        reads_back::<OfferingKind>();
        reads_back::<Role>();
        reads_back::<DisclosureKind>();
        reads_back::<SaleMethod>();
        reads_back::<InspectionKind>();
        reads_back::<DayKind>();
        reads_back::<PublicationKind>();
        reads_back::<DispositionStatus>();
        reads_back::<ChecklistAnswer>();
    }
}
