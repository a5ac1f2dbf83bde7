//! Malformed and hostile input through the public API: the reader answers every one with a
//! document or a `ReadError` — never a panic, never a hang — and says where a fault is.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use dudao_reader::{Block, Document, Form, ReadError, Table, read_file, read_str};
use dudao_testkit::ScratchDir;

/// Runs `f` on its own thread and fails if it takes longer than `seconds` (a hang) or
/// panics (the panic's message is kept).
fn within<T: Send + 'static>(seconds: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    let worker = std::thread::Builder::new().stack_size(8 << 20).spawn(move || send.send(f()).ok()).unwrap();
    match receive.recv_timeout(Duration::from_secs(seconds)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(_) => unreachable!("the worker sends before it ends"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: not finished within {seconds} s"),
    }
}

fn read(input: String, form: Form) -> Result<Document, ReadError> {
    within(30, &format!("{form:?}"), move || read_str(&input, form))
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

#[test]
fn empty_input_of_each_form_is_an_empty_document_or_a_reason() {
    for form in [Form::Text, Form::Markdown, Form::Html, Form::JsonPages] {
        let doc = read(String::new(), form).unwrap_or_else(|e| panic!("{form:?}: {e}"));
        assert!(doc.blocks.is_empty(), "{form:?}: {:?}", doc.blocks);
        let doc = read(" \n\n\t\n".into(), form).unwrap_or_else(|e| panic!("{form:?}: {e}"));
        assert!(tables(&doc).is_empty(), "{form:?}");
    }
    // Word boxes that are not pdftotext's are refused, not guessed at.
    let error = read(String::new(), Form::Pdf).unwrap_err();
    assert!(error.message.contains("<doc>"), "{error}");
    // An empty file of each kind, by name.
    let scratch = ScratchDir::new("reader-empty");
    for name in ["empty.txt", "empty.md", "empty.html", "empty.jsonl"] {
        let path = scratch.join(name);
        std::fs::write(&path, "").unwrap();
        let doc = read_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(doc.blocks.is_empty(), "{name}");
    }
    let path = scratch.join("empty.pdf");
    std::fs::write(&path, "").unwrap();
    let error = read_file(&path).unwrap_err();
    assert!(error.message.contains("无法从 PDF 提取文本"), "{error}");
}

#[test]
fn corrupt_and_truncated_pdfs_are_refused_with_the_reason() {
    let noise = dudao_testkit::noise(0x9e37_79b9_7f4a_7c15_u64, 100_000);
    let scratch = ScratchDir::new("reader-corrupt");
    let random = scratch.join("random.pdf");
    std::fs::write(&random, noise).unwrap();
    // The first third of a real annual report: the trailer and cross-reference are gone.
    let real = std::fs::read(fixture("annual-reports/2020-04-16_四方科技_603339_2019年年度报告.pdf")).unwrap();
    let truncated = scratch.join("truncated.pdf");
    std::fs::write(&truncated, &real[..real.len() / 3]).unwrap();
    for path in [random, truncated] {
        let error = within(60, "pdftotext", move || read_file(&path)).unwrap_err();
        assert!(error.message.starts_with("无法从 PDF 提取文本，文件可能已损坏或不是 PDF"), "{error}");
    }
}

#[test]
fn broken_html_tables_are_read_or_skipped() {
    let inputs = [
        // Unclosed everything.
        "<html><body><table><tr><td>项目<td>2023年<td>2022年<tr><td>营业收入<td>1,100.00<td>1,000.00<tr><td>净利润<td>110<td>100",
        "<table><tr><td>单位：元</td><table><tr><td><table><tr><td>1,234.56",
        "<table><tr><td>项目</td><td>金额</td></tr><tr><td>营业收入</td><td>1,000.00</td>",
        // Absurd spans.
        "<table><tr><td rowspan=999999>项目</td><td>2023年</td></tr><tr><td>1,000.00</td></tr></table>",
        "<table><tr><td rowspan=\"999999\" colspan=\"999999\">项目</td><td colspan=0>2023年</td></tr><tr><td colspan=0>1.00</td></tr></table>",
        "<table><tr><td colspan=0>项目</td><td colspan=0>2023年</td><td colspan=-1>2022年</td></tr><tr><td colspan=0>营业收入</td><td>1.00</td><td>2.00</td></tr></table>",
        "<table><tr><td rowspan=0>项目</td><td rowspan=18446744073709551616>a</td><td colspan=1e9>b</td></tr></table>",
        "</td></tr></table><tr><td>1</td></tr></table></table>",
    ];
    for input in inputs {
        read(input.to_owned(), Form::Html).unwrap_or_else(|e| panic!("{input}: {e}"));
    }
    // A full table's worth of unclosed rows, each row spanning the rest of the table.
    let unclosed = "<table>".to_owned() + &"<tr><td rowspan=999999>营业收入<td>1,234.56<td colspan=999999>-4.49%".repeat(5_000);
    read(unclosed, Form::Html).unwrap();
}

#[test]
fn a_table_of_200_000_cells_is_read_without_blowing_up() {
    let mut html = String::from("<p>单位：元</p>\n<table>\n<tr><td>项目</td>");
    for c in 1..100 {
        html.push_str(&format!("<td>{}年</td>", 1900 + c));
    }
    html.push_str("</tr>\n");
    for r in 1..2_000 {
        html.push_str(&format!("<tr><td>项目{r}</td>"));
        for c in 1..100 {
            html.push_str(&format!("<td>{},{:03}.{:02}</td>", r, c, (r + c) % 100));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n<p>之后的文字。</p>");
    let doc = read(html, Form::Html).unwrap();
    // Over the reader's cell limit the table is skipped; the text after it is still read.
    assert!(doc.blocks.iter().any(|b| matches!(b, Block::Paragraph(p) if p.text.contains("之后的文字"))), "{:?}", doc.blocks.len());
}

/// One line of `bytes` bytes: figures with thousands separators, decimals, percents and
/// Chinese between them, no line break anywhere.
fn one_long_line(bytes: usize) -> String {
    let pieces = ["营业收入", "1,234,567.89", "元，", "同比增长", "12.34%", "；", "净利润", "-9,876.5", "万元", "  ", "2023年", "  ", "123,456,789,012", "，"];
    let mut line = String::with_capacity(bytes + 64);
    let mut i = 0;
    while line.len() < bytes {
        line.push_str(pieces[i % pieces.len()]);
        if i % 97 == 0 {
            line.push_str(&i.to_string());
        }
        i += 1;
    }
    line
}

/// Just under the 32 MB a text may have; one just over is refused by its size at once.
#[test]
fn a_single_31_mb_line_of_figures_and_chinese_is_read_and_a_longer_text_refused() {
    let line = one_long_line(31 << 20);
    let doc = within(120, "a 31 MB line", move || read_str(&line, Form::Text)).unwrap();
    assert!(!doc.blocks.is_empty());
    for form in [Form::Text, Form::Markdown, Form::Html, Form::JsonPages, Form::JsonLines] {
        let refused = read_str(&one_long_line((32 << 20) + 1), form).unwrap_err();
        assert_eq!(refused.to_string(), "文件过大（32 MB）：应不超过 32 MB，年度报告通常在 5 MB 以内", "{form:?}");
    }
}

#[test]
fn a_bad_json_page_line_is_named() {
    let good = r#"{"page": 1, "text": "单位：元\n项目  2023年  2022年\n营业收入  110.00  100.00"}"#;
    let cases = [
        (format!("{good}\n{{\"page\": 2, \"text\": \"未闭合\n"), 2, "不是有效的 JSON"),
        (format!("# 注释\n\n{good}\n{good}\n[1, 2, 3]\n"), 5, "缺少字符串字段 text"),
        (format!("{good}\n{{\"page\": 2, \"text\": 7}}\n"), 2, "缺少字符串字段 text"),
        (format!("{good}\n{{\"page\": -1, \"text\": \"x\"}}\n"), 2, "字段 page"),
        (format!("{good}\n{{\"page\": 99999999999999999999999, \"text\": \"x\"}}\n"), 2, "字段 page"),
        (format!("{good}\n{{\"page\": 1e400, \"text\": \"x\"}}\n"), 2, ""),
        (format!("{good}\n\u{feff}{good}\n"), 2, "不是有效的 JSON"),
        ("{\"page\": 1, \"text\": \"a\\ud800b\"}\n".to_owned(), 1, ""),
    ];
    for (input, line, message) in cases {
        let error = read(input.clone(), Form::JsonPages).expect_err(&input);
        assert_eq!(error.at.map(|at| at.line), Some(line), "{input}: {error}");
        assert!(error.message.contains(message), "{input}: {error}");
        assert!(error.to_string().starts_with(&format!("第 {line} 行：")), "{error}");
    }
    // Deep nesting is refused by the JSON parser, not by the stack.
    let deep = "[".repeat(100_000) + &"]".repeat(100_000) + "\n";
    assert_eq!(read(deep, Form::JsonPages).unwrap_err().at.map(|at| at.line), Some(1));
}

#[test]
fn a_bad_json_line_of_the_dataset_is_named() {
    let good = r#"{"page": 1, "allrow": 0, "type": "excel", "inside": "['营业收入', '276,809', '260,995']"}"#;
    let cases = [
        (format!("{good}\n{{\"page\": 1, \"type\": \"text\", \"inside\": \"未闭合\n"), 2, "不是有效的 JSON"),
        (format!("{good}\n{good}\n{{\"page\": 1, \"type\": \"excel\", \"inside\": \"['营业收入', 276\"}}\n"), 3, "Python 列表"),
        (format!("{good}\n{{\"page\": 1, \"type\": \"图片\", \"inside\": \"x\"}}\n"), 2, "字段 type"),
        (format!("{good}\n{{\"page\": 0, \"type\": \"text\", \"inside\": \"x\"}}\n"), 2, "字段 page"),
        (format!("{good}\n{{\"page\": 2, \"type\": \"text\"}}\n"), 2, "字段 inside"),
    ];
    for (input, line, message) in cases {
        let error = read(input.clone(), Form::JsonLines).expect_err(&input);
        assert_eq!(error.at.map(|at| at.line), Some(line), "{input}: {error}");
        assert!(error.message.contains(message), "{input}: {error}");
    }
    // Known by content whatever the name, as the dataset names its files `.txt`.
    assert_eq!(Form::Text.sniffed(good), Form::JsonLines);
    assert_eq!(Form::Text.sniffed(r#"{"page": 1, "text": "x"}"#), Form::JsonPages);
    assert_eq!(Form::Text.sniffed("营业收入 1,000"), Form::Text);
}

#[test]
fn absurd_figures_in_a_table_are_read_without_panic() {
    let figures = [
        "99999999999999999999999999999.99",
        "-99999999999999999999999999999.99",
        "999999999999999999999999999999",
        "123,456,789,012,345,678,901,234,567,890",
        "1e400",
        "1E-400",
        "0.0000000000000000000000000000001",
        "(99999999999999999999999999999.99)",
        "99999999999999999999999999999.99%",
        "1.7976931348623157e308",
        "NaN",
        "inf",
        "-",
        "9,99,9.9.9",
        "１２３，４５６．７８",
    ];
    let mut text = String::from("单位：亿元\n项目                2023年                       2022年                      本期比上年同期增减(%)\n");
    for (i, figure) in figures.iter().enumerate() {
        text.push_str(&format!("营业收入{i}      {figure}      {figure}      {figure}\n"));
    }
    text.push_str("归属于上市公司股东的净利润   99999999999999999999999999999.99   0.01   999999999999999999999999999999\n");
    let markdown = format!(
        "| 项目 | 2023年 | 2022年 | 增减 |\n|---|---|---|---|\n{}",
        figures.iter().map(|f| format!("| 营业收入 | {f} | {f} | {f} |\n")).collect::<String>()
    );
    let html = format!(
        "<table><tr><td>项目</td><td>2023年</td><td>2022年</td></tr>{}</table>",
        figures.iter().map(|f| format!("<tr><td>营业收入</td><td>{f}</td><td>{f}</td></tr>")).collect::<String>()
    );
    for (input, form) in [(text.clone(), Form::Text), (markdown, Form::Markdown), (html, Form::Html)] {
        let doc = read(input, form).unwrap();
        assert!(!tables(&doc).is_empty(), "{form:?}");
    }
    for figure in figures {
        let _ = within(5, figure, move || dudao_reader::parse_number(figure));
    }
}
