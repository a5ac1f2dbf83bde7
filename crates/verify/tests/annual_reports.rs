//! `verify` on real annual reports (tests/fixtures/annual-reports, sources in its README):
//! no error on any as filed, the key data, quarters and non-recurring items checked, and
//! one wrong figure planted at a time in the word boxes `pdftotext -bbox-layout` gives,
//! caught at its page and line (looked up by hand in the PDF).

use std::path::Path;
use std::process::Command;

use dudao_model::{Finding, Severity};
use dudao_reader::{Form, read_file, read_str};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/annual-reports").join(name)
}

const SIFANG: &str = "2020-04-16_四方科技_603339_2019年年度报告.pdf";
const SHENGWU: &str = "2021-04-23_生物股份_600201_2020年年度报告.pdf";

fn word_boxes(name: &str) -> String {
    let output =
        Command::new("pdftotext").args(["-bbox-layout", "-enc", "UTF-8"]).arg(fixture(name)).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(output.stdout).unwrap()
}

fn errors(verified: &dudao_verify::Verified) -> Vec<&Finding> {
    verified.findings.iter().filter(|f| f.severity == Severity::Error).collect()
}

#[test]
fn the_reports_as_filed_have_their_key_tables_checked() {
    for name in [SIFANG, SHENGWU] {
        let verified = dudao_verify::verify(&read_file(&fixture(name)).unwrap(), name);
        assert!(errors(&verified).is_empty(), "{name}: {:#?}", errors(&verified));
        let checked = &verified.checked;
        assert_eq!(checked["verify.table-change"], 11, "{name}: {checked:?}");
        assert_eq!(checked["verify.quarterly"], 4, "{name}");
        assert_eq!(checked["verify.nonrecurring-total"], 3, "{name}");
        assert_eq!(checked["verify.nonrecurring-profit"], 3, "{name}");
    }
    // 海翔药业's errors as published (a misprinted change and a segment table that does not
    // add up) are listed, with their arithmetic, in its checks file and held by planted.rs.
    let verified = dudao_verify::verify(&read_file(&fixture(HAIXIANG)).unwrap(), HAIXIANG);
    assert_eq!(errors(&verified).len(), 4, "{:#?}", errors(&verified));
    let checked = &verified.checked;
    assert_eq!(checked["verify.table-change"], 9, "{checked:?}");
    assert_eq!(checked["verify.quarterly"], 4);
    assert_eq!(checked["verify.nonrecurring-total"], 3);
    assert_eq!(checked["verify.funds-passage"], 4);
    // 青岛港's errors as published: its fair-value table's 其他非流动金融资产-金融债券 row,
    // 465,888,977 − 135,372,690 = 330,516,287 against 当期变动 382,192,240 (every other
    // row holds 期末 − 期初 = 当期变动), page 8; and two funds' 持股比例 on page 48 taken of
    // the A shares (5,392,075,000) where every other row's is of all 6,491,100,000 shares:
    // 7,494,100 ÷ 6,491,100,000 = 0.115%, printed 0.14; 6,665,151 ÷ 6,491,100,000 = 0.103%,
    // printed 0.12.
    let name = "青岛港_601298_2019年年度报告_节选.jsonl.txt";
    let verified = dudao_verify::verify(&read_file(&fixture(name)).unwrap(), name);
    let found: Vec<_> = errors(&verified).iter().map(|f| (f.rule.as_str(), f.evidence[0].page, f.message.as_str())).collect();
    assert_eq!(
        found,
        [
            ("verify.change-column", Some(8), "其他非流动金融资产-金融债券：465,888,977 − 135,372,690 = 330,516,287，文中为 382,192,240"),
            (
                "verify.share-table",
                Some(48),
                "中国建设银行股份有限公司－易方达中证国企一带一路交易型开放式指数证券投资基金：7,494,100 ÷ 总股本 6,491,100,000 × 100 = 0.12%，文中为 0.14"
            ),
            (
                "verify.share-table",
                Some(48),
                "中国银行股份有限公司－富国中证国企一带一路交易型开放式指数证券投资基金：6,665,151 ÷ 总股本 6,491,100,000 × 100 = 0.10%，文中为 0.12"
            ),
        ]
    );
}

const HAIXIANG: &str = "2020-01-23_海翔药业_002099_2019年年度报告.html";

/// The errors of 海翔药业's report with the one occurrence of `from` replaced by `to`.
fn planted_html(from: &str, to: &str) -> Vec<Finding> {
    let html = std::fs::read_to_string(fixture(HAIXIANG)).unwrap();
    assert_eq!(html.matches(from).count(), 1, "{from} should occur once");
    let doc = read_str(&html.replace(from, to), Form::Html).unwrap();
    dudao_verify::verify(&doc, HAIXIANG).findings.into_iter().filter(|f| f.severity == Severity::Error).collect()
}

#[test]
fn a_raised_funds_figure() {
    // 2019年度实际使用募集资金480,021,367.74元 in the 募集资金总体使用情况说明 (a cell from HTML
    // line 1622): 以前年度 337,797,729.53 + 2019年度 no longer makes 累计 817,819,097.27,
    // printed on line 1631.
    let found = planted_html("480,021,367.74", "480,121,367.74");
    let (page, line, message) = at(&found, "verify.funds-passage");
    assert_eq!((page, line), (None, 1631));
    assert_eq!(message, "累计使用募集资金：以前年度 337,797,729.53元 + 2019年度 480,121,367.74元 = 817,919,097.27，文中为 817,819,097.27元");
    // The balance: net 1,014,403,606.71 − 817,819,097.27 + 20,820,872.06 + 29,628,785.78.
    let found = planted_html("247,034,167.28", "247,134,167.28");
    // `募集资金余额为` begins at the end of line 1632.
    let (_, line, message) = at(&found, "verify.funds-passage");
    assert_eq!(line, 1632);
    assert!(message.ends_with("= 247,034,167.28元，文中为 247,134,167.28元"), "{message}");
}

#[test]
fn a_quarter_in_html() {
    let (page, line, message) = at(&planted_html("565,456,776.82", "565,556,776.82"), "verify.quarterly");
    assert_eq!((page, line), (None, 425));
    assert!(message.contains("与全年 2,941,412,770.30 不符"), "{message}");
}

#[test]
fn a_real_rounding_difference_is_a_note() {
    // 生物股份's 扣非 quarters add to 392,188,209.83 against 392,188,209.82 for the year.
    let verified = dudao_verify::verify(&read_file(&fixture(SHENGWU)).unwrap(), SHENGWU);
    let notes: Vec<&Finding> = verified.findings.iter().filter(|f| f.rule == "verify.quarterly").collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].severity, Severity::Info);
    assert_eq!((notes[0].evidence[0].page, notes[0].evidence[0].line), (Some(6), 41));
}

/// The errors after replacing the first word `from` (in page order) by `to` in 四方科技's
/// word boxes.
fn planted(from: &str, to: &str) -> Vec<Finding> {
    let boxes = word_boxes(SIFANG);
    let needle = format!(">{from}</word>");
    assert!(boxes.contains(&needle), "{from} should be a word of the report");
    let doc = read_str(&boxes.replacen(&needle, &format!(">{to}</word>"), 1), Form::Pdf).unwrap();
    dudao_verify::verify(&doc, SIFANG).findings.into_iter().filter(|f| f.severity == Severity::Error).collect()
}

fn at(found: &[Finding], rule: &str) -> (Option<u32>, u32, String) {
    let hit = found.iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("{rule} not caught: {found:#?}"));
    (hit.evidence[0].page, hit.evidence[0].line, hit.message.clone())
}

#[test]
fn a_key_data_figure() {
    // 营业收入 2019, page 5 line 29: the change column no longer follows from it.
    let (page, line, message) = at(&planted("1,175,301,034.32", "1,185,301,034.32"), "verify.table-change");
    assert_eq!((page, line), (Some(5), 29));
    assert_eq!(message, "营业收入：(1,185,301,034.32 − 1,230,537,181.80) ÷ 1,230,537,181.80 × 100 = -3.68，文中为 -4.49");
}

#[test]
fn a_change_column() {
    let (page, line, message) = at(&planted("-28.95", "-27.95"), "verify.table-change");
    assert_eq!((page, line), (Some(5), 31));
    assert!(message.ends_with("= -28.95，文中为 -27.95"), "{message}");
}

#[test]
fn a_quarter() {
    let (page, line, message) = at(&planted("298,838,412.68", "298,938,412.68"), "verify.quarterly");
    assert_eq!((page, line), (Some(6), 28));
    assert!(message.contains("= 1,175,401,034.32，与全年 1,175,301,034.32 不符"), "{message}");
}

#[test]
fn a_non_recurring_item() {
    // 非流动资产处置损益 2019 (page 7): the 合计 row on page 8 line 10 no longer adds up.
    let (page, line, message) = at(&planted("105,961.19", "115,961.19"), "verify.nonrecurring-total");
    assert_eq!((page, line), (Some(8), 10));
    assert!(message.ends_with("= 286,285.09，文中为 276,285.09"), "{message}");
}

#[test]
fn a_prose_change() {
    // 第四节: 营业收入…较去年同期减少4.49% against the key data (page 11 line 14).
    let (page, line, message) = at(&planted("4.49%，实现归属上市公司", "4.59%，实现归属上市公司"), "verify.prose-change");
    assert_eq!((page, line), (Some(11), 14));
    assert!(message.contains("= -4.49%，文中为减少4.59%"), "{message}");
}

#[test]
fn a_prose_restatement() {
    // 第四节: 营业收入117,530.10万元 against the key data's 1,175,301,034.32 元.
    let found = planted("117,530.10", "117,630.10");
    let (page, line, message) = at(&found, "verify.restated");
    assert_eq!((page, line), (Some(11), 14));
    assert!(message.contains("即 117,530.10万元，文中为 117,630.10万元"), "{message}");
}

const BANK: &str = "2020-03-26_邮储银行_601658_2019年年度报告.txt";

/// Report `name` read as `form` with each `(from, to)` made (each `from` occurring once),
/// verified: its errors of `rule` (every rule for `None`) and how many claims of `rule`
/// were checked.
fn with_changes(name: &str, form: Form, changes: &[(&str, &str)], rule: &str) -> (Vec<Finding>, usize) {
    let mut text = std::fs::read_to_string(fixture(name)).unwrap();
    for (from, to) in changes {
        assert_eq!(text.matches(from).count(), 1, "{from} should occur once");
        text = text.replace(from, to);
    }
    let verified = dudao_verify::verify(&read_str(&text, form).unwrap(), name);
    let checked = verified.checked.get(rule).copied().unwrap_or(0);
    (verified.findings.into_iter().filter(|f| f.severity == Severity::Error).collect(), checked)
}

/// The bank's report as JSON lines with `changes` made: its errors and claims of `rule`.
fn bank_with(changes: &[(&str, &str)], rule: &str) -> (Vec<Finding>, usize) {
    with_changes(BANK, Form::JsonLines, changes, rule)
}

#[test]
fn a_total_split_into_share_classes_in_a_sentence() {
    // Page 97: 普通股股份总数为86,202,738,200股，其中：A股股份66,346,571,200股，占比76.97%；
    // H股股份19,856,167,000股，占比23.03%. By hand: 66,346,571,200 + 19,856,167,000 =
    // 86,202,738,200; 66,346,571,200 ÷ 86,202,738,200 = 76.966…%; 19,856,167,000 ÷
    // 86,202,738,200 = 23.034…%. Two percentages and the sum: three claims, all hold; a
    // fourth, page 98's 股份总数为86,978,562,200股，其中有限售条件股份64,148,402,903股，无限售
    // 条件股份22,830,159,297股 (their sum, by hand, is 86,978,562,200).
    let sentence = "A股股份66,346,571,200股，占比76.97%";
    let classes = "verify.share-classes";
    let (errors, checked) = bank_with(&[], classes);
    assert!(errors.is_empty() && checked == 4, "{errors:#?} {checked}");
    let (errors, _) = bank_with(&[(sentence, "A股股份66,346,571,800股，占比76.97%")], classes);
    let found: Vec<_> = errors.iter().map(|f| (f.rule.as_str(), f.evidence[0].page, f.message.as_str())).collect();
    assert_eq!(
        found,
        [("verify.share-classes", Some(97), "其中各类股份 66,346,571,800 股 + 19,856,167,000 股 = 86,202,738,800 股，文中总股本为 86,202,738,200 股")]
    );
    let (errors, _) = bank_with(&[(sentence, "A股股份66,346,571,200股，占比76.37%")], classes);
    assert_eq!(errors[0].message, "66,346,571,200 股 ÷ 总股本 86,202,738,200 股 × 100 = 76.97%，文中为76.37%");
    // Classes of two splits (where listed, and restriction) need not add up: no sum claimed.
    let (errors, checked) = bank_with(&[("H股股份19,856,167,000股", "有限售条件股份19,856,167,000股")], classes);
    assert!(errors.is_empty() && checked == 3, "{errors:#?} {checked}");
}

#[test]
fn quarters_printed_without_row_labels() {
    // Page 15's 分季度财务数据 keeps only figures in this form. By hand, against the key data
    // (人民币百万元): 68,426 + 73,180 + 68,759 + 66,444 = 276,809 (营业收入); 18,520 + 18,861 +
    // 16,907 + 6,645 = 60,933 (归属于银行股东的净利润); 18,338 + 18,504 + 16,311 + 6,566 =
    // 59,719 (扣非); 346,421 − 233,150 − 26,701 − 60,127 = 26,443 (经营活动现金流量净额). The
    // rows are the form's, in its order: four claims, all hold.
    let quarterly = "verify.quarterly";
    let (errors, checked) = bank_with(&[], quarterly);
    assert!(errors.is_empty() && checked == 4, "{errors:#?} {checked}");
    let (errors, _) = bank_with(&[("'16,907'", "'16,997'")], quarterly);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].evidence[0].page, Some(15));
    assert!(errors[0].message.starts_with("归属于上市公司股东的净利润（表中未印行名，按年报格式第 2 行）：四个季度合计 18,520百万元 + 18,861百万元 + 16,997百万元 + 6,645百万元 = 61,023,000,000元，与全年 60,933,000,000元 不符"));
    // Two rows that do not make their year's figure leave the order unconfirmed: nothing
    // is claimed on the table.
    let (errors, checked) = bank_with(&[("'16,907'", "'16,997'"), ("'68,426'", "'68,926'")], quarterly);
    assert!(errors.is_empty() && checked == 0, "{errors:#?} {checked}");
}

#[test]
fn a_sentence_restating_the_table_it_introduces() {
    // Page 26: 实现净利润610.36亿元，较上年增加86.52亿元，增长16.52%, above 利润表主要项目变动
    // (人民币百万元), whose 净利润 row reads 61,036 and 52,384. By hand: 61,036 − 52,384 =
    // 8,652 百万元 = 86.52亿元; 8,652 ÷ 52,384 = 16.516…%. 净利润 (minority interests
    // included) is no key metric: only the table the paragraph introduces gives it.
    let prose = "verify.prose-change";
    let (errors, checked) = bank_with(&[], prose);
    assert!(errors.is_empty() && checked == 16, "{errors:#?} {checked}");
    let (errors, _) = bank_with(&[("86.52亿元", "86.92亿元")], prose);
    let found: Vec<_> = errors.iter().map(|f| (f.evidence[0].page, f.evidence[0].line, f.message.as_str())).collect();
    assert_eq!(found, [(Some(26), 5, "净利润较2018年度变动 61,036,000,000.00 − 52,384,000,000.00 = 8,652,000,000.00，即增加86.52亿元，文中为增加86.92亿元")]);
    // Compared with a year the table does not hold, the sentence is left alone.
    let (errors, checked) = bank_with(&[("实现净利润610.36亿元，较上年增加86.52亿元", "实现净利润610.36亿元，较2017年增加86.52亿元")], prose);
    assert!(errors.is_empty() && checked < 16, "{errors:#?} {checked}");
}

const QINGDAO: &str = "青岛港_601298_2019年年度报告_节选.jsonl.txt";

/// 青岛港's excerpt with `changes` made: its errors of `verify.per-share`.
fn qingdao_with(changes: &[(&str, &str)]) -> Vec<Finding> {
    let rule = "verify.per-share";
    with_changes(QINGDAO, Form::JsonPages, changes, rule).0.into_iter().filter(|f| f.rule == rule).collect()
}

#[test]
fn net_assets_per_share_of_the_year_end_shares() {
    // Page 46: 股本（股） 6,491,100,000 (the year-end total of the share-change table) and
    // 每股净资产（元/股） 4.68; by hand 30,357,380,875 (归属于上市公司股东的净资产, page 6) ÷
    // 6,491,100,000 = 4.677. The 按原股本计算 column (6,036,724,000 shares, 4.73) follows
    // another formula and is not claimed.
    assert!(qingdao_with(&[]).is_empty());
    let per_share = "每股净资产（元/股）                        4.68";
    let found = qingdao_with(&[(per_share, "每股净资产（元/股）                        4.88")]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].evidence[0].page, Some(46));
    assert_eq!(
        found[0].message,
        "每股净资产（元/股）：归属于上市公司股东的净资产 30,357,380,875（第 6 页第 25 行） ÷ 股本 6,491,100,000 股 = 4.68，文中为 4.88"
    );
    // With other equity instruments the ordinary shareholders' part is not known: no claim.
    let other_equity = "每股净资产（元/股）                        4.88                             4.73\\n    其他权益工具                      1,000,000                        1,000,000";
    let found = qingdao_with(&[(per_share, "每股净资产（元/股）                        4.88"), ("4.88                             4.73", other_equity)]);
    assert!(found.is_empty(), "{found:#?}");
}

/// The cells of an SMP2023 `excel` line, `['营业收入', '276,809']`, as Python prints a list
/// of strings (single quotes, or double where the text holds one; backslash escapes, `\uf0b7`
/// among them).
fn python_cells(list: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut chars = list.trim().trim_start_matches('[').trim_end_matches(']').chars();
    while let Some(c) = chars.next() {
        if c != '\'' && c != '"' {
            continue;
        }
        let mut cell = String::new();
        while let Some(d) = chars.next() {
            match d {
                '\\' => match chars.next() {
                    Some(hex @ ('u' | 'x')) => {
                        let digits: String = chars.by_ref().take(if hex == 'u' { 4 } else { 2 }).collect();
                        cell.extend(u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32));
                    }
                    Some('n') => cell.push('\n'),
                    Some('t') => cell.push('\t'),
                    other => cell.extend(other),
                },
                d if d == c => break,
                d => cell.push(d),
            }
        }
        cells.push(cell);
    }
    cells
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The bank's report as a converter to HTML would give it: each text line a paragraph,
/// each run of table rows a table (a run ends where the width changes or a blank line
/// stands between rows of one page, as the printed tables do), running heads left out.
fn bank_as_html() -> String {
    let mut html = String::from("<html><body>\n");
    let (mut open, mut width, mut page, mut gap) = (false, 0, 0, false);
    for line in std::fs::read_to_string(fixture(BANK)).unwrap().lines().filter(|l| l.starts_with('{')) {
        let object: serde_json::Value = serde_json::from_str(line).unwrap();
        let (kind, inside, on) = (object["type"].as_str().unwrap(), object["inside"].as_str().unwrap(), object["page"].as_u64().unwrap());
        match kind {
            "excel" => {
                let cells = python_cells(inside);
                if open && (cells.len() != width || (gap && on == page)) {
                    html.push_str("</table>\n");
                    open = false;
                }
                if !open {
                    html.push_str("<table>\n");
                    (open, width) = (true, cells.len());
                }
                let row: String = cells.iter().map(|c| format!("<td>{}</td>", escaped(c))).collect();
                html.push_str(&format!("<tr>{row}</tr>\n"));
                (page, gap) = (on, false);
            }
            "text" if inside.trim().is_empty() => gap |= open && on == page,
            "text" => {
                if open {
                    html.push_str("</table>\n");
                    open = false;
                }
                html.push_str(&format!("<p>{}</p>\n", escaped(inside)));
            }
            _ => {}
        }
    }
    html + "</table></body></html>"
}

#[test]
fn the_banks_json_lines_are_read_as_its_html_would_be() {
    // The same report in both forms: the same tables, cell for cell (spaces aside, which
    // each form keeps its own way), and every claim on a table made alike (prose is joined
    // from the lines differently, so it is left out).
    let text = std::fs::read_to_string(fixture(BANK)).unwrap();
    let (lines, html) = (read_str(&text, Form::JsonLines).unwrap(), read_str(&bank_as_html(), Form::Html).unwrap());
    let tables = |doc: &dudao_reader::Document| -> Vec<Vec<Vec<String>>> {
        doc.blocks
            .iter()
            .filter_map(|b| if let dudao_reader::Block::Table(t) = b { Some(t) } else { None })
            .map(|t| {
                let header = t.header.iter().map(|h| dudao_reader::compact(h).into_owned()).collect();
                std::iter::once(header).chain(t.rows.iter().map(|r| r.cells.iter().map(|c| dudao_reader::compact(&c.text).into_owned()).collect())).collect()
            })
            .collect()
    };
    let (from_lines, from_html) = (tables(&lines), tables(&html));
    assert!(from_lines.len() > 100, "{}", from_lines.len());
    if let Some(i) = (0..from_lines.len().max(from_html.len())).find(|i| from_lines.get(*i) != from_html.get(*i)) {
        panic!("table {i} of {} / {}:\n{:?}\n{:?}", from_lines.len(), from_html.len(), from_lines.get(i), from_html.get(i));
    }
    let on_tables = ["verify.table-change", "verify.quarterly", "verify.total-row", "verify.share-table", "verify.change-column", "verify.per-share"];
    let claims = |doc: &dudao_reader::Document| {
        let checked = dudao_verify::verify(doc, BANK).checked;
        on_tables.map(|rule| checked.get(rule).copied().unwrap_or(0))
    };
    let (from_lines, from_html) = (claims(&lines), claims(&html));
    assert_eq!(from_lines, from_html);
    assert_eq!(from_lines.iter().sum::<usize>(), 205, "{from_lines:?}");
}
