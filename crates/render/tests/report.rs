//! The tracking report of the example case against the real report it was built from.

use std::path::{Path, PathBuf};

use dudao_model::Period;
use dudao_render::{Format, Templates, document_kind};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example_markdown() -> String {
    let dir = repo_root().join("examples/qingcloud");
    let case = dudao_model::load_case(&dir).expect("the example case loads");
    document_kind("annual-tracking").unwrap().render(&case, &dir, Period::Year(2023), &Templates::defaults(), &[]).expect("the report renders").markdown
}

fn seed() -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/qingcloud-2023-tracking-report.txt")).unwrap()
}

/// The text of the seed between two markers.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("seed lacks {start}"));
    let to = from + text[from..].find(end).unwrap_or_else(|| panic!("seed lacks {end} after {start}"));
    &text[from..to]
}

/// Every figure written in `text`: `-170,072,432.98`, `14.04%`, `2023`, `0.0005`.
fn figures(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let negative = chars[i] == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !(chars[i].is_ascii_digit() || negative) || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < chars.len() {
            let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if chars[i].is_ascii_digit() || ((chars[i] == ',' || chars[i] == '.') && next_is_digit) {
                i += 1;
            } else {
                break;
            }
        }
        if chars.get(i) == Some(&'%') {
            i += 1;
        }
        out.push(chars[start..i].iter().collect());
    }
    out
}

#[test]
fn every_seed_figure_of_sections_five_seven_nine_and_ten_appears_in_the_report() {
    let seed = seed();
    let report = example_markdown();
    let sections = [
        between(&seed, "五、主要财务指标的变动原因及合理性", "六、核心竞争力变化情况"),
        between(&seed, "公司获得的知识产权列表如下", "八、新增业务进展"),
        between(&seed, "九、募集资金的使用情况及是否合规", "十、控股股东"),
        between(&seed, "十、控股股东", "十一、"),
    ];
    let mut missing = Vec::new();
    let mut checked = 0;
    for section in sections {
        for figure in figures(section) {
            checked += 1;
            if !report.contains(&figure) {
                missing.push(figure);
            }
        }
    }
    assert!(checked > 150, "the seed sections hold {checked} figures; the extraction is broken");
    assert!(missing.is_empty(), "figures of the seed missing from the report: {missing:?}");
    // The seed's bank-account table prints a total of 7.5757 万元 while its rows (6.6329 +
    // 0.0100 + 0.0005 + 0.9324) add up to 7.5758: the banks' unrounded balances. The
    // report prints the stated total, with the filing convention's note.
    assert!(report.contains("| 合计 | | 7.5757 |\n\n注：合计数与各分项之和的尾数差异系四舍五入所致。"), "{report}");
}

#[test]
fn section_five_table_rows_match_the_seed() {
    let report = example_markdown();
    for row in [
        "| 营业收入 | 335,693,624.77 | 304,971,021.01 | 10.07 | 423,834,209.20 |",
        "| 扣除与主营业务无关的业务收入和不具备商业实质的收入后的营业收入 | 335,316,266.28 | 304,971,021.01 | 9.95 | 423,352,146.32 |",
        "| 归属于上市公司股东的净利润 | -170,072,432.98 | -244,235,848.10 | 不适用 | -282,785,337.76 |",
        "| 归属于上市公司股东的净资产 | 179,481,073.74 | 329,370,890.38 | -45.51 | 586,148,646.92 |",
        "| 总资产 | 624,349,834.84 | 600,303,396.41 | 4.01 | 922,838,904.88 |",
        "| 基本每股收益（元/股） | -3.57 | -5.15 | 不适用 | -6.36 |",
        "| 加权平均净资产收益率（%） | -66.85 | -53.11 | 减少13.74个百分点 | -51.01 |",
        "| 扣除非经常性损益后的加权平均净资产收益率（%） | -68.13 | -55.62 | 减少12.51个百分点 | -53.35 |",
        "| 研发投入占营业收入的比例（%） | 25.02 | 41.21 | 减少16.19个百分点 | 31.81 |",
        "| 合计 | 24 | 16 | 238 | 178 |",
        "| 2023年12月31日募集资金专户余额 | 7.58 |",
        "| 沈鸥 | 副经理 | 0 | 15,675 | 15,675 | 限制性股票归属 |",
    ] {
        assert!(report.contains(row), "missing row: {row}");
    }
    for prose in [
        "归属于上市公司股东的净资产17,948.11万元，较上年同期减少45.51%",
        "本期研发投入占营业收入比例较上年同期减少16.19个百分点",
        "营业收入较上年同期增长10.07%",
        "亏损减少7,416.34万元",
        "累计未弥补亏损余额为-105,938.50万元",
        "募集资金总额为人民币76,440.00万元，根据有关规定扣除发行费用7,712.16万元后，实际募集资金金额为68,727.84万元",
        "募集资金余额为4,221.14万元（不含累计利息收入）",
        "卖出持有的青云科技股份 20,000 股，占公司总股本比例 0.04%，成交均价 51.97 元/股，成交金额 1,039,400 元",
        "持有公司合计24.80%股权",
        // The seed says 较 2021 年度 here, but 25.02% against 2021's 31.81% is 6.79 points:
        // the 16.19 points are against 2022, which is what the computed prose says.
        "较2022年度减少16.19个百分点",
    ] {
        assert!(report.contains(prose), "missing prose: {prose}");
    }
}

#[test]
fn the_report_has_the_eleven_sections_and_the_sixteen_work_items() {
    let report = example_markdown();
    for heading in [
        "## 一、持续督导工作情况",
        "## 二、保荐机构和保荐代表人发现的问题及整改情况",
        "## 三、重大风险事项",
        "## 四、重大违规事项",
        "## 五、主要财务指标的变动原因及合理性",
        "## 六、核心竞争力变化情况",
        "## 七、研发投入变化及研发进展",
        "## 八、新增业务进展是否与前期信息披露一致（如有）",
        "## 九、募集资金的使用情况及是否合规",
        "## 十、控股股东、实际控制人、董事、监事和高级管理人员的持股、质押、冻结及减持情况",
        "## 十一、上海证券交易所或保荐机构认为应当发表意见的其他事项",
    ] {
        assert!(report.lines().any(|l| l == heading), "missing heading: {heading}");
    }
    // The opening words of each standard work item, as the seed prints them.
    let items = [
        "建立健全并有效执行持续督导工作制度",
        "根据中国证监会相关规定，在持续督导工作开始前",
        "通过日常沟通、定期回访、现场检查、尽职调查等方式",
        "持续督导期间，按照有关规定对上市公司违法违规事项公开发表声明的",
        "持续督导期间，上市公司或相关当事人出现违法违规、违背承诺等事项的，应自发现或应当发现之日起五个工作日内",
        "督导上市公司及其董事、监事、高级管理人员遵守法律",
        "督导上市公司建立健全并有效执行公司治理制度",
        "督导上市公司建立健全并有效执行内控制度",
        "督导公司建立健全并有效执行信息披露制度",
        "对上市公司的信息披露文件及向中国证监会",
        "关注上市公司或其控股股东、实际控制人、董事、监事、高级管理人员受到中国证监会行政处罚",
        "持续关注上市公司及控股股东、实际控制人等履行承诺的情况",
        "关注公共传媒关于上市公司的报道",
        "发现以下情形之一的，保荐机构应督促上市公司做出说明并限期改正",
        "制定对上市公司的现场检查工作计划",
        "上市公司出现以下情形之一的，应自知道或应当知道之日起十五日内",
    ];
    for (n, opening) in items.iter().enumerate() {
        let prefix = format!("| {} | {opening}", n + 1);
        assert!(report.lines().any(|l| l.starts_with(&prefix)), "work item {} missing: {opening}", n + 1);
    }
}

#[test]
fn the_word_file_reads_back_with_the_same_headings_and_tables() {
    let dir = repo_root().join("examples/qingcloud");
    let case = dudao_model::load_case(&dir).unwrap();
    let templates = Templates::defaults();
    let report = document_kind("annual-tracking").unwrap().render(&case, &dir, Period::Year(2023), &templates, &[]).unwrap();
    let bytes = report.to_format(Format::Docx, &templates).unwrap();
    let docx = docx_rs::read_docx(&bytes).expect("a valid DOCX");

    let mut headings = Vec::new();
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    for child in &docx.document.children {
        match child {
            docx_rs::DocumentChild::Paragraph(p) => {
                if let Some(style) = &p.property.style
                    && style.val.starts_with("Heading")
                {
                    headings.push(p.raw_text());
                }
            }
            docx_rs::DocumentChild::Table(t) => {
                let rows = t
                    .rows
                    .iter()
                    .map(|docx_rs::TableChild::TableRow(row)| {
                        row.cells
                            .iter()
                            .map(|docx_rs::TableRowChild::TableCell(cell)| {
                                cell.children
                                    .iter()
                                    .filter_map(|c| match c {
                                        docx_rs::TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                        _ => None,
                                    })
                                    .collect::<String>()
                            })
                            .collect()
                    })
                    .collect();
                tables.push(rows);
            }
            _ => {}
        }
    }

    let markdown_headings: Vec<String> =
        report.markdown.lines().filter_map(|l| l.trim_start_matches('#').strip_prefix(' ').filter(|_| l.starts_with('#'))).map(str::to_owned).collect();
    assert_eq!(headings, markdown_headings);

    let markdown_tables: Vec<Vec<Vec<String>>> = report
        .markdown
        .split("\n\n")
        .filter(|block| block.starts_with('|'))
        .map(|block| {
            block
                .lines()
                .filter(|l| !l.starts_with("| ---"))
                .map(|l| {
                    // A `<br>` in a cell is a line break in Word.
                    l.trim_matches('|').split('|').map(|c| c.trim().replace("<br>", "\n").replace("**", "")).collect()
                })
                .collect()
        })
        .collect();
    assert_eq!(tables.len(), 8, "work items, two financial tables, IP, ledger, accounts, insiders; the signatures");
    assert_eq!(tables[..7], markdown_tables);
    assert_eq!(tables[1][1], ["营业收入", "335,693,624.77", "304,971,021.01", "10.07", "423,834,209.20"]);
    // The signature page: a line to sign over each representative's name.
    assert_eq!(tables[7], [vec![""; 4], vec!["王　鹤", "", "李　振", ""]]);
}

/// The parts of a Word file, by name.
fn parts(docx: &[u8]) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap_or_default();
            (entry.name().to_owned(), text)
        })
        .collect()
}

#[test]
fn the_word_file_is_fit_to_file() {
    let dir = repo_root().join("examples/qingcloud");
    let case = dudao_model::load_case(&dir).unwrap();
    let templates = Templates::defaults();
    let report = document_kind("annual-tracking").unwrap().render(&case, &dir, Period::Year(2023), &templates, &[]).unwrap();
    let parts = parts(&report.to_format(Format::Docx, &templates).unwrap());
    let document = &parts["word/document.xml"];

    // Every table's header row repeats on each page it runs over (the signature table has
    // no header).
    assert_eq!(document.matches("<w:tbl>").count(), 8);
    assert_eq!(document.matches("<w:tblHeader />").count(), 7);
    // Column widths (twips) from header and content: 序号 keeps its two characters
    // (10.5 pt bold, 420 twips, plus the cell margins); 工作内容 is wider than 完成情况 as in
    // the filed report; 年初持股数 stays on one line (five characters, 1050 twips).
    let grids: Vec<Vec<usize>> = document
        .split("<w:tblGrid>")
        .skip(1)
        .map(|t| t.split("</w:tblGrid>").next().unwrap().split("w:w=\"").skip(1).map(|w| w.split('"').next().unwrap().parse().unwrap()).collect())
        .collect();
    let work = &grids[0];
    assert!(work[0] >= 640, "序号: {work:?}");
    assert!(work[1] > work[2], "工作内容 wider than 完成情况: {work:?}");
    assert!(grids.iter().all(|g| g.iter().sum::<usize>() <= 8504), "every table within the text width: {grids:?}");
    let insiders = &grids[6];
    assert!(insiders[2] >= 1050 + 216, "年初持股数 on one line: {insiders:?}");

    // A short row stays on one page (a label never parted from its figures); work item
    // 5's long account may break across pages.
    let row_of = |text: &str| {
        let at = document.find(text).unwrap();
        &document[document[..at].rfind("<w:tr>").unwrap()..at]
    };
    assert!(row_of("归属于上市公司股东的净资产").contains("<w:cantSplit />"));
    assert!(!row_of("苏州天翔").contains("<w:cantSplit />"));
    // The key-data table's second header row (all bold) is kept with the row under it;
    // a plain row is not.
    assert!(row_of("本期末比上年同期末增减").contains("<w:keepNext />"));
    assert!(!row_of("归属于上市公司股东的净资产").contains("<w:keepNext />"));
    // The line introducing a table stays with it.
    let unit = document.find("金额单位：人民币万元").unwrap();
    assert!(document[document[..unit].rfind("<w:p ").unwrap()..unit].contains("<w:keepNext />"));
    // Page numbers in the footer, and the properties a file manager shows.
    let footer = parts.iter().find(|(name, _)| name.starts_with("word/footer")).map(|(_, xml)| xml).expect("a footer");
    assert!(footer.contains("PAGE") && footer.contains("第 ") && footer.contains(" 页"), "{footer}");
    let core = &parts["docProps/core.xml"];
    assert!(core.contains("<dc:title>中国国际金融股份有限公司关于北京青云科技股份有限公司2023年度持续督导跟踪报告</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>中国国际金融股份有限公司</dc:creator>"));
    assert!(!core.contains("unknown") && !core.contains("1970-01-01"), "{core}");
    // Fonts for Chinese filings: 宋体 body, 黑体 headings, Times New Roman for Latin text.
    let styles = &parts["word/styles.xml"];
    assert!(styles.contains("w:eastAsia=\"宋体\"") && styles.contains("w:eastAsia=\"黑体\"") && styles.contains("Times New Roman"));
    // The signature page starts on a page of its own.
    let statement = document.find("之签章页").unwrap();
    assert!(document[..statement].rfind("<w:pageBreakBefore").is_some_and(|at| statement - at < 600));
    // In the form's own words (the seed's signature page reads 保荐代表人签字：).
    assert!(document[statement..].contains("保荐代表人签字："));
}
