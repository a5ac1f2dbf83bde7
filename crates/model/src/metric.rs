//! The metrics of a Chinese periodic report's key-data tables (主要会计数据和财务指标):
//! one list, with the labels boards and years print for each, its kind, and the case
//! field it maps to. `verify` reads tables by it; report templates and ingest name the
//! same ids.

/// What kind of figure a metric is, which decides how its change is stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    /// Money (元): changes in percent; `不适用` where the base is not positive.
    Amount,
    /// Per share (元/股): changes in percent.
    PerShare,
    /// A ratio in percent: changes in percentage points.
    Ratio,
}

/// One metric.
#[derive(Debug)]
pub struct Metric {
    /// Its id, which is also the field of `financials.toml` (`[years.2023] revenue = …`).
    pub key: &'static str,
    /// The labels documents print, longest first; the first is the canonical name.
    pub labels: &'static [&'static str],
    /// Its kind.
    pub kind: MetricKind,
    /// Whether it is a flow over the year (so quarters add up to it) rather than a balance.
    pub flow: bool,
}

/// A fiscal year's figures beside the key metrics (key, Chinese name), which annual reports
/// print in their own sections: R&D spending, and the accumulated deficit a STAR company
/// not yet profitable reports.
pub const OTHER_FIGURES: &[(&str, &str)] = &[("rd_spending", "研发投入金额"), ("accumulated_deficit", "累计未弥补亏损")];

/// Every key metric, in the order annual reports print them.
pub const METRICS: &[Metric] = &[
    Metric { key: "revenue", labels: &["营业收入", "营业总收入"], kind: MetricKind::Amount, flow: true },
    Metric {
        key: "revenue_after_deductions",
        labels: &["扣除与主营业务无关的业务收入和不具备商业实质的收入后的营业收入", "营业收入扣除金额后的营业收入", "扣除后营业收入"],
        kind: MetricKind::Amount,
        flow: true,
    },
    Metric {
        key: "net_profit",
        labels: &[
            "归属于上市公司股东的净利润",
            "归属于母公司所有者的净利润",
            "归属于母公司股东的净利润",
            "归属于银行股东的净利润",
            "归属于本行股东的净利润",
            "归属于上市公司股东净利润",
            "归属上市公司股东的净利润",
            "归属上市公司股东净利润",
            "归属于母公司净利润",
            "归属母公司净利润",
            "归母净利润",
        ],
        kind: MetricKind::Amount,
        flow: true,
    },
    Metric {
        key: "deducted_net_profit",
        labels: &[
            "归属于上市公司股东的扣除非经常性损益的净利润",
            "归属于上市公司股东的扣除非经常性损益后的净利润",
            "归属于母公司所有者的扣除非经常性损益的净利润",
            "扣除非经常性损益后归属于母公司所有者的净利润",
            "扣除非经常性损益后归属于母公司股东的净利润",
            "扣除非经常性损益后归属于银行股东的净利润",
            "归属于银行股东的扣除非经常性损益后的净利润",
            "扣除非经常性损益后归属于本行股东的净利润",
            "扣非净利润",
        ],
        kind: MetricKind::Amount,
        flow: true,
    },
    Metric { key: "operating_cash_flow", labels: &["经营活动产生的现金流量净额"], kind: MetricKind::Amount, flow: true },
    Metric {
        key: "net_assets",
        labels: &[
            "归属于上市公司股东的净资产",
            "归属于母公司所有者权益",
            "归属于上市公司股东的所有者权益",
            "归属于母公司股东的净资产",
            "归属于母公司股东的权益",
            "归属于银行股东的权益",
            "归属于本行股东的权益",
        ],
        kind: MetricKind::Amount,
        flow: false,
    },
    Metric { key: "total_assets", labels: &["总资产", "资产总额"], kind: MetricKind::Amount, flow: false },
    Metric { key: "basic_eps", labels: &["基本每股收益", "基本和稀释每股收益"], kind: MetricKind::PerShare, flow: false },
    Metric { key: "diluted_eps", labels: &["稀释每股收益"], kind: MetricKind::PerShare, flow: false },
    Metric {
        key: "deducted_basic_eps",
        labels: &["扣除非经常性损益后的基本每股收益", "扣除非经常性损益后基本每股收益"],
        kind: MetricKind::PerShare,
        flow: false,
    },
    Metric { key: "roe", labels: &["加权平均净资产收益率"], kind: MetricKind::Ratio, flow: false },
    Metric {
        key: "deducted_roe",
        labels: &["扣除非经常性损益后的加权平均净资产收益率", "扣除非经常性损益后加权平均净资产收益率"],
        kind: MetricKind::Ratio,
        flow: false,
    },
    Metric {
        key: "rd_intensity",
        labels: &["研发投入占营业收入的比例", "研发投入占营业收入比例", "研发投入占营业收入比重", "研发投入总额占营业收入比例"],
        kind: MetricKind::Ratio,
        flow: false,
    },
];

/// The metric a table row's label names, exactly: the label, spaces and a trailing unit in
/// brackets (`（元）`, `（元／股）`, `（%）`) removed, must be one of a metric's labels. A
/// label that only contains a name (two rows run together) names none.
pub fn metric_of_label(label: &str) -> Option<&'static Metric> {
    let mut compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    while let Some(open) = compact.rfind(['（', '(']) {
        let inner = &compact[open..];
        let unit_only = inner.chars().count() <= 8 && inner.ends_with([')', '）']);
        if !unit_only {
            break;
        }
        compact.truncate(open);
    }
    METRICS.iter().find(|m| m.labels.contains(&compact.as_str()))
}

/// The metric named in running text, by the longest label found in it, with its byte
/// range: prose names a metric inside a sentence.
pub fn metric_in(text: &str) -> Option<(&'static Metric, std::ops::Range<usize>)> {
    // Every label ends in one of a few characters: a text without them names none, and a
    // label is searched for only where its last character is (a searcher per label costs
    // more than most clauses it would search).
    METRICS
        .iter()
        .flat_map(|m| m.labels.iter().map(move |n| (m, *n)))
        .filter(|(_, n)| n.chars().next_back().is_some_and(|last| text.contains(last)))
        .filter_map(|(m, n)| text.rfind(n).map(|at| (m, at..at + n.len())))
        .max_by_key(|(_, range)| range.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_exactly_after_units() {
        assert_eq!(metric_of_label("营业收入（元）").unwrap().key, "revenue");
        assert_eq!(metric_of_label("基本每股收益（元／股）").unwrap().key, "basic_eps");
        assert_eq!(metric_of_label("加权平均净资产收益率（%）").unwrap().key, "roe");
        assert_eq!(metric_of_label("扣除非经常性损益后的加权平均净资产收益率(%)").unwrap().key, "deducted_roe");
        assert_eq!(metric_of_label("归属于上市公司股东的扣除非经常性损益后的净利润").unwrap().key, "deducted_net_profit");
        assert!(metric_of_label("归属于上市公司股东的扣除非经常性损益后的净利润经营活动产生的现金").is_none());
        assert!(metric_of_label("的净利润归属于上市公司股东").is_none());
        assert_eq!(metric_in("公司实现营业收入117,530.10万元").unwrap().0.key, "revenue");
        // A bank's labels, with note marks.
        assert_eq!(metric_of_label("归属于银行股东的净利润").unwrap().key, "net_profit");
        assert_eq!(metric_of_label("扣除非经常性损益后归属于银行股东的净利润").unwrap().key, "deducted_net_profit");
        assert_eq!(metric_of_label("归属于银行股东的权益").unwrap().key, "net_assets");
        assert_eq!(metric_of_label("扣除非经常性损益后加权平均净资产收益率(2)").unwrap().key, "deducted_roe");
    }
}
