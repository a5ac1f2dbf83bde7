//! The raised funds' projects read from the real annual reports in
//! tests/fixtures/annual-reports (募集资金承诺项目情况), against the values read by hand from
//! each report and the line they are printed on; the reports without that table give
//! nothing; and the case written from them loads.

use std::path::Path;

use dudao_ingest::{Extracted, Outcome, extract, plan};
use dudao_model::CaseFiles;
use dudao_reader::{Location, read_file};
use dudao_testkit::ScratchDir;

fn read(name: &str) -> Extracted {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/annual-reports").join(name);
    extract(&read_file(&path).unwrap(), name).unwrap()
}

const ANKE: &str = "2020-01-21_安靠智电_300617_2019年年度报告.html";
const HAIXIANG: &str = "2020-01-23_海翔药业_002099_2019年年度报告.html";

/// The funds facts read, as (path, value, line).
fn funds(extracted: &Extracted) -> Vec<(String, String, u32)> {
    extracted.facts.iter().filter(|f| f.path.starts_with("funds.")).map(|f| (f.path.clone(), f.value.clone(), f.at.line)).collect()
}

fn line(line: u32) -> Location {
    Location { page: None, line }
}

#[test]
fn anke_2019_funds() {
    let report = read(ANKE);
    // 第四节 五、5（2）募集资金承诺项目情况 (单位：万元), read by hand from the HTML: the
    // 承诺投资项目 group's two projects; 承诺投资项目小计 and 合计 35,394.42 | 35,394.42 |
    // 854.55 | 20,864.89 are their sums; the 超募资金投向 group says 不适用.
    let gil = "funds.projects[name=电力电缆连接件和GIL扩建项目]";
    let cash = "funds.projects[name=补充流动资金]";
    let expected = [
        (format!("{gil}.name"), "电力电缆连接件和GIL扩建项目", 2260),
        (format!("{gil}.committed"), "29,394.42万", 2268),
        (format!("{gil}.adjusted"), "29,394.42万", 2270),
        (format!("{gil}.years.2019.used"), "854.55万", 2272),
        (format!("{gil}.years.2019.cumulative"), "14,864.89万", 2273),
        (format!("{gil}.years.2019.benefit"), "388.08万", 2277),
        (format!("{gil}.years.2019.achieved"), "否", 2279),
        (format!("{gil}.years.2019.feasibility_changed"), "否", 2280),
        (format!("{cash}.name"), "补充流动资金", 2283),
        (format!("{cash}.committed"), "6,000万", 2287),
        (format!("{cash}.adjusted"), "6,000万", 2288),
        (format!("{cash}.years.2019.used"), "0万", 2289),
        (format!("{cash}.years.2019.cumulative"), "6,000万", 2290),
        (format!("{cash}.years.2019.achieved"), "不适用", 2295),
        (format!("{cash}.years.2019.feasibility_changed"), "否", 2297),
    ];
    let expected: Vec<(String, String, u32)> = expected.into_iter().map(|(p, v, l)| (p, v.to_owned(), l)).collect();
    // Nothing else: the ready dates and 补充流动资金's benefit are blank, and nothing of the
    // 总体使用情况 table (its 募集资金总额 is not known to be the net proceeds, its 尚未使用
    // 16,222.93 = 35,394.42 − 20,864.89 + 1,693.40 of interest is not the case's unused).
    assert_eq!(funds(&report), expected);
    let at = report.facts.iter().find(|f| f.path == format!("{gil}.years.2019.cumulative")).unwrap().at;
    assert_eq!(at, line(2273));
}

#[test]
fn haixiang_2019_funds() {
    let report = read(HAIXIANG);
    let facts = funds(&report);
    let value = |path: &str| facts.iter().find(|(p, _, _)| p == path).map(|(_, v, l)| (v.as_str(), *l));
    // 第四节 五、5（2）(单位：万元): the header's 募集资金承诺投资总额 printed broken across two
    // cells (`…(含部分变更)募承` | `集资金诺投资总额`) is still the commitment; five projects,
    // whose columns add up to 承诺投资项目小计 113,000 | 66,440.36 | 10,940.53 | 44,720.3.
    let cmo = "funds.projects[name=原料药及中间体CMO中心扩建项目]";
    assert_eq!(value(&format!("{cmo}.committed")), Some(("40,000万", 1681)));
    assert_eq!(value(&format!("{cmo}.adjusted")), Some(("28,440.36万", 1682)));
    assert_eq!(value(&format!("{cmo}.years.2019.used")), Some(("4,548.29万", 1683)));
    assert_eq!(value(&format!("{cmo}.years.2019.cumulative")), Some(("28,796.95万", 1684)));
    // `2019 年 7 月[注]` and `0.00[注]`: the note's mark is not part of the figure.
    assert_eq!(value(&format!("{cmo}.ready")), Some(("2019-07", 1686)));
    assert_eq!(value(&format!("{cmo}.years.2019.benefit")), Some(("0.00万", 1688)));
    assert_eq!(value(&format!("{cmo}.years.2019.achieved")), Some(("否", 1689)));
    let lab = "funds.projects[name=医药综合研发中心]";
    assert_eq!(value(&format!("{lab}.years.2019.used")), Some(("2,521.91万", 1711)));
    assert_eq!(value(&format!("{lab}.years.2019.cumulative")), Some(("2,611.91万", 1712)));
    assert_eq!(value("funds.projects[name=环保设施改造项目].years.2019.cumulative"), Some(("8,580.56万", 1739)));
    // The terminated 年产30亿片（粒）固体制剂技改项目 prints its commitment and nothing for
    // the year: no year is written (the case requires the year's investment of one).
    let tablets = "funds.projects[name=年产30亿片（粒）固体制剂技改项目]";
    assert_eq!(value(&format!("{tablets}.committed")), Some(("35,000万", 1696)));
    assert!(facts.iter().all(|(p, _, _)| !p.starts_with(&format!("{tablets}.years")) && !p.starts_with(&format!("{tablets}.adjusted"))));
    let names: Vec<&str> = facts.iter().filter(|(p, _, _)| p.ends_with("].name")).map(|(_, v, _)| v.as_str()).collect();
    assert_eq!(names, ["原料药及中间体CMO中心扩建项目", "年产30亿片（粒）固体制剂技改项目", "医药综合研发中心", "医药中试车间技改项目", "环保设施改造项目"]);
    // The 超募资金投向 group's rows (无, 归还银行贷款（如有）, 补充流动资金（如有）) and the
    // changed projects' table (永久补充流动资金) are not projects.
    assert!(facts.iter().all(|(p, _, _)| !p.contains("如有") && !p.contains("永久补充")), "{facts:#?}");
}

/// The SSE reports print no projects table: 四方科技 says its funds were used up and the
/// special accounts closed (page 35), 邮储银行 a paragraph (page 156), 生物股份 and the
/// 青岛港 excerpt nothing. Nothing is read, and nothing false.
#[test]
fn reports_without_the_projects_table_give_no_funds_facts() {
    for name in
        ["2020-04-16_四方科技_603339_2019年年度报告.pdf", "2021-04-23_生物股份_600201_2020年年度报告.pdf", "2020-03-26_邮储银行_601658_2019年年度报告.txt"]
    {
        let report = read(name);
        assert_eq!(funds(&report), [], "{name}");
    }
}

/// The files `extracted` gives the case `files` (empty for a new case) in `dir`.
fn ingested(extracted: &Extracted, dir: &Path, files: &CaseFiles) -> CaseFiles {
    let plan = plan(extracted, dir, files, false).unwrap();
    let mut after = files.clone();
    for (path, text) in plan.files {
        after.set(&path, text);
    }
    after
}

fn write(dir: &Path, files: &CaseFiles) {
    for (path, text) in files.iter() {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn the_case_written_from_the_projects_loads_without_an_offering() {
    let dir = ScratchDir::new("ingest-funds");
    let report = read(ANKE);
    let files = ingested(&report, &dir, &CaseFiles::from_pairs([]));
    let text = files.get("funds.toml").unwrap();
    let expected = "[[projects]]\nname = \"电力电缆连接件和GIL扩建项目\"\ncommitted = \"29,394.42万\"\nadjusted = \"29,394.42万\"\n\n[projects.years.2019]\nused = \"854.55万\"\ncumulative = \"14,864.89万\"\nbenefit = \"388.08万\"\nachieved = \"否\"\nfeasibility_changed = \"否\"\n\n[[projects]]\nname = \"补充流动资金\"\ncommitted = \"6,000万\"\nadjusted = \"6,000万\"\n\n[projects.years.2019]\nused = \"0万\"\ncumulative = \"6,000万\"\nachieved = \"不适用\"\nfeasibility_changed = \"否\"\n";
    assert!(text.starts_with("# 募集资金") && text.ends_with(expected), "{text}");
    let sources = files.get("sources.toml").unwrap();
    assert!(
        sources.contains(&format!("\"funds.projects[0].years.2019.cumulative\" = {{ document = \"{ANKE}\", line = 2273, value = \"14,864.89万\" }}")),
        "{sources}"
    );
    assert!(sources.contains(&format!("\"funds.projects[1].name\" = {{ document = \"{ANKE}\", line = 2283, value = \"补充流动资金\" }}")), "{sources}");
    // Loaded from the folder: no offering, the stated cumulative use stands.
    write(&dir, &files);
    let case = dudao_model::load_case(&dir).unwrap();
    let funds = case.funds.as_ref().unwrap();
    assert!(funds.offering.is_none());
    let gil = &funds.projects[0];
    assert_eq!(gil.committed.display(), "29,394.42");
    let cumulative = funds.project_cumulative(gil, 2019);
    assert!(cumulative.computed.is_none() && cumulative.missing_years.is_empty());
    assert_eq!(cumulative.value(), Some(rust_decimal::Decimal::new(148_648_900, 0)));

    // The same report again: everything the same, nothing to write.
    let again = plan(&report, &dir, &files, false).unwrap();
    assert!(again.files.is_empty(), "{:?}", again.files);
    assert!(again.changes.iter().filter(|c| c.fact.path.starts_with("funds.")).all(|c| matches!(c.outcome, Outcome::Same { .. })));
}

#[test]
fn the_projects_merge_into_a_funds_file_a_person_wrote() {
    let dir = ScratchDir::new("ingest-funds-merge");
    let report = read(ANKE);
    // The sponsor's offering (figures fictional, 虚构) and the first project with another
    // commitment typed by hand: the offering is kept, the commitment is a conflict left
    // alone, the rest added.
    let funds = "# 募集资金（虚构，测试用）\n[offering]\napproval_authority = \"中国证券监督管理委员会\"\napproval_number = \"证监许可[2017]0000号（虚构）\"\napproval_title = \"《批复》（虚构）\"\nissued = \"2017-02\"\nshares_offered = \"1,500.00万\"\nprice = \"26.00\"\nissuance_fees = \"3,605.58万\"\narrived = \"2017-02\"\nverified_by = \"虚构会计师事务所\"\nverification_report = \"虚构验字[2017]1号\"\n\n[[projects]]\nname = \"电力电缆连接件和GIL扩建项目\"   # 招股说明书\ncommitted = \"29,000.00万\"\n";
    let files = CaseFiles::from_pairs([
        (
            "company.toml".to_owned(),
            "[company]\nname = \"江苏安靠智能输电工程科技股份有限公司\"\nshort_name = \"安靠智电\"\nstock_code = \"300617\"\nboard = \"chinext\"\n".to_owned(),
        ),
        ("funds.toml".to_owned(), funds.to_owned()),
    ]);
    let plan = plan(&report, &dir, &files, false).unwrap();
    let outcome = |path: &str| &plan.changes.iter().find(|c| c.fact.path == path).unwrap().outcome;
    let gil = "funds.projects[name=电力电缆连接件和GIL扩建项目]";
    assert!(matches!(outcome(&format!("{gil}.committed")), Outcome::Conflict { value, .. } if value == "29,000.00万"));
    assert_eq!(outcome(&format!("{gil}.adjusted")), &Outcome::Added);
    let text = &plan.files.iter().find(|(p, _)| p == "funds.toml").unwrap().1;
    assert!(text.starts_with(&funds[..funds.len() - 1]), "the person's text kept: {text}");
    assert!(text.contains("committed = \"29,000.00万\"\nadjusted = \"29,394.42万\"\n\n[projects.years.2019]\nused = \"854.55万\""), "{text}");
    let mut after = files.clone();
    for (path, text) in &plan.files {
        after.set(path, text.clone());
    }
    // The offering says the funds arrived in 2017: the case lacks 2017 and 2018, so the
    // report's cumulative use stands and nothing is compared.
    let case = dudao_model::parse_case(&dir, &after).unwrap();
    let funds = case.funds.as_ref().unwrap();
    let cumulative = funds.project_cumulative(&funds.projects[0], 2019);
    assert_eq!(cumulative.missing_years, [2017, 2018]);
    assert_eq!(cumulative.value(), Some(rust_decimal::Decimal::new(148_648_900, 0)));
}
