//! A reporting period: a fiscal year (`2023`) or its first half (`2024H1`), the periods
//! Chinese listed companies report on and sponsors report after.

use std::fmt;

use crate::date::Date;

/// A fiscal year or its first half.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// The fiscal year (calendar year).
    Year(i16),
    /// January to June of the year.
    FirstHalf(i16),
}

impl Period {
    /// Parses `2023` or `2024H1` (also `2024h1`).
    pub fn parse(text: &str) -> Result<Period, String> {
        let text = text.trim();
        let (year, half) = match text.strip_suffix("H1").or_else(|| text.strip_suffix("h1")) {
            Some(year) => (year, true),
            None => (text, false),
        };
        let year: i16 = year
            .parse()
            .ok()
            .filter(|y| (1990..=2100).contains(y) && year.len() == 4)
            .ok_or_else(|| format!("“{text}”不是有效的报告期：应为年度（如 2023）或半年度（如 2024H1）"))?;
        Ok(if half { Period::FirstHalf(year) } else { Period::Year(year) })
    }

    /// The fiscal year the period belongs to.
    pub fn year(self) -> i16 {
        match self {
            Period::Year(y) | Period::FirstHalf(y) => y,
        }
    }

    /// The period's last day.
    pub fn end(self) -> Date {
        match self {
            Period::Year(y) => Date::year_end(y),
            Period::FirstHalf(y) => Date::ymd(y, 6, 30),
        }
    }

    /// The latest day a sponsor's document of the period is filed, for the rules in force
    /// when it is: an annual one follows the annual report (due four months after the
    /// year) by 15 trading days, a half-year one the half-year report (two months after) by
    /// as many — taken as five and three months after the period's end.
    pub fn filed_by(self) -> Date {
        let months = match self {
            Period::Year(_) => 5,
            Period::FirstHalf(_) => 3,
        };
        self.end().plus_months(months).unwrap_or(self.end())
    }

    /// How documents name it: `2023年度`, `2024年半年度`.
    pub fn chinese(self) -> String {
        match self {
            Period::Year(y) => format!("{y}年度"),
            Period::FirstHalf(y) => format!("{y}年半年度"),
        }
    }
}

impl fmt::Display for Period {
    /// `2023`, `2024H1`: how the command line and file names write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::FirstHalf(y) => write!(f, "{y}H1"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_half_years() {
        assert_eq!(Period::parse("2023"), Ok(Period::Year(2023)));
        assert_eq!(Period::parse("2024H1"), Ok(Period::FirstHalf(2024)));
        assert_eq!(Period::FirstHalf(2024).to_string(), "2024H1");
        assert_eq!(Period::FirstHalf(2024).end(), Date::ymd(2024, 6, 30));
        assert_eq!(Period::Year(2023).chinese(), "2023年度");
        assert_eq!(Period::FirstHalf(2024).chinese(), "2024年半年度");
        for bad in ["23", "2024H2", "2024Q1", "", "12023", "0999"] {
            assert!(Period::parse(bad).unwrap_err().contains("不是有效的报告期"), "{bad}");
        }
    }

    #[test]
    fn documents_cite_the_guideline_in_force_when_filed() {
        use crate::Board;
        // A FY2019 document is filed by 2020-05-31, a FY2021 one by 2022-05-31 (the real
        // FY2021 reports of May 2022 cite the 2022 guidelines), a 2024H1 one by 2024-09-30.
        assert_eq!(Period::Year(2019).filed_by(), Date::ymd(2020, 5, 31));
        assert_eq!(Period::Year(2021).filed_by(), Date::ymd(2022, 5, 31));
        assert_eq!(Period::FirstHalf(2024).filed_by(), Date::ymd(2024, 9, 30));
        let sse = |year| Board::Star.supervision_guideline(Period::Year(year).filed_by());
        assert_eq!(sse(2019), Ok("《上海证券交易所上市公司持续督导工作指引》"));
        assert_eq!(sse(2021), Ok("《上海证券交易所上市公司自律监管指引第 11 号——持续督导》"));
        assert_eq!(Board::SseMain.supervision_guideline(Date::ymd(2022, 1, 6)), Ok("《上海证券交易所上市公司持续督导工作指引》"));
        assert_eq!(Board::SzseMain.supervision_guideline(Date::ymd(2022, 1, 7)), Ok("《深圳证券交易所上市公司自律监管指引第 13 号——保荐业务》"));
        // The SZSE: the 2014 guideline for documents of 2015 to 2020; 2021 unknown.
        assert_eq!(Board::Chinext.supervision_guideline(Period::Year(2019).filed_by()), Ok("《深圳证券交易所上市公司保荐工作指引（2014年修订）》"));
        let unknown = Board::SzseMain.supervision_guideline(Period::Year(2020).filed_by()).unwrap_err();
        assert!(unknown.starts_with("2021年5月31日 深圳证券交易所适用的持续督导指引未收录") && unknown.contains("第 6 号"), "{unknown}");
        assert!(Board::SzseMain.supervision_guideline(Date::ymd(2014, 12, 31)).is_err());
        assert!(Board::Bse.supervision_guideline(Date::ymd(2021, 6, 30)).is_err());
    }
}
