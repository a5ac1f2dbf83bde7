//! Absurd figures through every claim kind: read and verified without a panic. Figures
//! beyond `Decimal`'s range (about 7.9 × 10²⁸), 30-digit integers, `1e400`-like strings,
//! zeros and the smallest representable fractions are put in the seed report (every
//! decimal figure of it at once, then one figure in three) and in short passages written
//! for each claim kind; every case that panics is listed with its input and location.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Mutex, Once};

use dudao_reader::{Form, read_str};
use regex::Regex;

const FIGURES: &[&str] = &[
    "99999999999999999999999999999.99",
    "79228162514264337593543950335",
    "79,228,162,514,264,337,593,543,950,335",
    "7922816251426433759354395033.5",
    "999999999999999999999999999999",
    "123,456,789,012,345,678,901,234,567,890",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000000000000001",
    "1e400",
    "1E+400",
    "0",
    "0.00",
    "0.01",
    "-0.01",
];

/// Panics seen by the hook, with their location, for the report.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

thread_local! {
    /// Whether this thread is inside `panic_in`, where a panic is recorded, not printed.
    static CAUGHT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn quiet_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CAUGHT.get() {
                // The panic and the first frame of ours that led to it.
                let trace = std::backtrace::Backtrace::force_capture().to_string();
                let lines: Vec<&str> = trace.lines().map(str::trim).collect();
                let ours = lines.iter().position(|l| l.starts_with("at ./src/") || (l.contains("/crates/") && !l.contains("/tests/")));
                let frame = ours.map_or(String::new(), |i| format!("\n  in {} {}", lines[i.saturating_sub(1)], lines[i]));
                PANICS.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{info}{frame}"));
            } else {
                default(info);
            }
        }));
    });
}

/// Reads and verifies `input`; the panic, with its location, if there is one.
fn panic_in(input: &str, form: Form) -> Option<String> {
    quiet_panics();
    CAUGHT.set(true);
    let result = catch_unwind(AssertUnwindSafe(|| {
        if let Ok(doc) = read_str(input, form) {
            let _ = dudao_verify::verify(&doc, "malformed");
        }
    }));
    CAUGHT.set(false);
    result.err().map(|_| PANICS.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default())
}

/// Fails listing each distinct panic (message and our frame) once, with the shortest case
/// that reaches it and how many cases do.
fn assert_no_panics(failures: Vec<(String, String)>) {
    let mut sites: std::collections::BTreeMap<String, (usize, String)> = std::collections::BTreeMap::new();
    for (case, panic) in &failures {
        let site = panic.split_once('\n').map_or(panic.as_str(), |(_, rest)| rest).to_owned();
        let entry = sites.entry(site).or_insert((0, case.clone()));
        entry.0 += 1;
        if case.len() < entry.1.len() {
            entry.1 = case.clone();
        }
    }
    let shown: Vec<String> = sites.iter().map(|(site, (count, case))| format!("{site}\n  ({count} case(s)), e.g. {case}\n")).collect();
    assert!(failures.is_empty(), "{} case(s) panic at {} site(s):\n{}", failures.len(), sites.len(), shown.join("\n"));
}

fn seed() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/qingcloud-2023-tracking-report.txt")).unwrap()
}

#[test]
fn absurd_figures_in_the_seed_do_not_panic() {
    let seed = seed();
    let decimal = Regex::new(r"\d[\d,]*\.\d+").unwrap();
    let mut failures = Vec::new();
    for figure in FIGURES {
        for every in [1, 3] {
            let mut n = 0;
            let planted = decimal.replace_all(&seed, |c: &regex::Captures| {
                n += 1;
                if n % every == 0 { (*figure).to_owned() } else { c[0].to_owned() }
            });
            if let Some(panic) = panic_in(&planted, Form::Text) {
                failures.push((format!("seed with every {every}. decimal figure replaced by {figure}"), panic));
            }
        }
    }
    assert_no_panics(failures);
}

/// A short passage for each claim kind, with `{a}` `{b}` for amounts or share counts and
/// `{p}` for percentages or prices.
const PASSAGES: &[&str] = &[
    // Key data, quarters, non-recurring items, and the profits against them.
    "单位：元\n\
     主要会计数据              2023年          2022年          本期比上年同期增减(%)\n\
     营业收入                  {a}             {b}             {p}\n\
     归属于上市公司股东的净利润  {a}             {b}             {p}\n\
     归属于上市公司股东的扣除非经常性损益的净利润  {b}  {a}  {p}\n\
     基本每股收益（元／股）      {p}             {p}             {p}\n\
     加权平均净资产收益率（%）   {p}             {p}             减少{p}个百分点\n\
     \n\
     2023年分季度主要财务数据\n\
     单位：元\n\
     项目        第一季度    第二季度    第三季度    第四季度\n\
     营业收入    {a}        {b}         {a}         {b}\n\
     归属于上市公司股东的净利润  {a}  {b}  {p}  {a}\n\
     \n\
     非经常性损益项目和金额\n\
     单位：元\n\
     项目                      2023年金额      2022年金额\n\
     非流动资产处置损益         {a}            {b}\n\
     计入当期损益的政府补助     {b}            {a}\n\
     合计                      {a}            {p}\n\
     \n\
     营业收入较上年增长{p}%，归属于上市公司股东的净利润较上年减少{p}%。\n\
     营业收入{a}元（{b}万元）。\n",
    // A table with a total row.
    "单位：万元\n项目      本期发生额      上期发生额\n甲        {a}            {p}\n乙        {b}            {p}\n合计      {a}            {b}\n",
    // A ledger.
    "单位：万元\n项目                              金额\n募集资金净额                      {a}\n加：利息收入扣减手续费净额          {b}\n减：募投项目支出                  {a}\n加：募集资金现金管理金额赎回        {p}\n减：募集资金现金管理金额购买        {b}\n截至2023年12月31日募集资金余额     {a}\n",
    // Combined percentages, products, proceeds, funds, shares of the total.
    "甲持有公司{a}股，占总股本{p}%；乙持有公司{b}股，占总股本{p}%；丙持有公司{a}股，占总股本{p}%，合计持有{p}%。",
    "出售{a}股，成交均价{p}元/股，成交金额{b}元。发行{a}万股，每股发行价为{p}元，募集资金总额为人民币{b}万元。",
    "募集资金总额为人民币{a}元，扣除发行费用人民币{b}元后，实际募集资金净额为人民币{a}元。\
     以前年度已使用募集资金{a}元，2023年度实际使用募集资金{b}元，累计已使用募集资金{a}元，募集资金余额为{b}元。\
     累计已使用募集资金{b}万元，募集资金余额为人民币{a}万元。",
    "分别直接持有公司{a}股、{b}股、{a}股人民币普通股，持股比例分别为{p}%、{p}%、{p}%。\
     {a}股，占公司总股本的{p}%。{b}股，占总股本{p}%。",
];

#[test]
fn absurd_figures_in_every_claim_kind_do_not_panic() {
    let mut failures = Vec::new();
    for (k, passage) in PASSAGES.iter().enumerate() {
        for a in FIGURES {
            for (b, p) in [(*a, *a), ("1.00", *a), (*a, "0.01"), ("100.00", "50.00")].into_iter().chain(FIGURES.iter().map(|p| ("1,000.00", *p))) {
                let input = passage.replace("{a}", a).replace("{b}", b).replace("{p}", p);
                for form in [Form::Text, Form::Markdown] {
                    if let Some(panic) = panic_in(&input, form) {
                        failures.push((format!("passage {k} ({form:?}) with a={a} b={b} p={p}:\n{input}"), panic));
                    }
                }
            }
        }
    }
    assert_no_panics(failures);
}

#[test]
fn absurd_figures_in_html_and_json_pages_do_not_panic() {
    let mut failures = Vec::new();
    for a in FIGURES {
        let html = format!(
            "<p>单位：元</p><table><tr><td>主要会计数据</td><td>2023年</td><td>2022年</td><td>本期比上年同期增减(%)</td></tr>\
             <tr><td>营业收入</td><td>{a}</td><td>0.01</td><td>{a}</td></tr>\
             <tr><td>归属于上市公司股东的净利润</td><td>0.01</td><td>{a}</td><td>-{a}</td></tr>\
             <tr><td>合计</td><td>{a}</td><td>{a}</td><td>{a}</td></tr></table>\
             <p>营业收入较上年增长{a}%。甲持有{a}股，占总股本0.01%；乙持有1股，占总股本{a}%；丙持有{a}股，占总股本{a}%。</p>"
        );
        if let Some(panic) = panic_in(&html, Form::Html) {
            failures.push((format!("HTML with {a}"), panic));
        }
        let page = json_string(&format!("单位：元\n项目  2023年  2022年  本期比上年同期增减(%)\n营业收入  {a}  0.01  {a}\n合计  {a}  {a}  {a}\n"));
        let json = format!("{{\"page\": 1, \"text\": {page}}}\n{{\"page\": 2, \"text\": {page}}}\n");
        if let Some(panic) = panic_in(&json, Form::JsonPages) {
            failures.push((format!("JSON pages with {a}"), panic));
        }
    }
    assert_no_panics(failures);
}

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}
