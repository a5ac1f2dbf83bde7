//! Facts read from the real annual reports in tests/fixtures/annual-reports, against the
//! values read by hand from each report (and the page or line they are printed on).

use std::path::Path;

use dudao_ingest::{Extracted, extract};
use dudao_reader::{Form, Location, read_file, read_str};

fn read(name: &str) -> Extracted {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/annual-reports").join(name);
    extract(&read_file(&path).unwrap(), name).unwrap()
}

fn fact<'a>(extracted: &'a Extracted, path: &str) -> (&'a str, Location) {
    let found = extracted.facts.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} not read: {:#?}", extracted.facts));
    (found.value.as_str(), found.at)
}

fn page(page: u32, line: u32) -> Location {
    Location { page: Some(page), line }
}

#[test]
fn sifang_2019() {
    let report = read("2020-04-16_四方科技_603339_2019年年度报告.pdf");
    assert_eq!(report.year, 2019);
    assert_eq!(fact(&report, "financials.2019.revenue"), ("1,175,301,034.32", page(5, 29)));
    assert_eq!(fact(&report, "financials.2019.net_profit").0, "129,465,020.68");
    assert_eq!(fact(&report, "financials.2019.total_assets").0, "2,464,948,703.85");
    assert_eq!(fact(&report, "financials.2018.revenue").0, "1,230,537,181.80");
    assert_eq!(fact(&report, "financials.2019.roe"), ("7.64%", page(6, 10)));
    assert_eq!(fact(&report, "financials.2019.basic_eps").0, "0.62");
    assert!(report.facts.iter().all(|f| !f.path.starts_with("financials.2017")), "only the report's year and the one before");
    assert_eq!(fact(&report, "company.company.name").0, "四方科技集团股份有限公司");
    assert_eq!(fact(&report, "company.company.short_name").0, "四方科技");
    assert_eq!(fact(&report, "company.company.stock_code").0, "603339");
    // 第二节 六: the sponsor 广发证券 and its representatives, supervision to 2019-12-31.
    assert_eq!(fact(&report, "company.sponsor.firm").0, "广发证券股份有限公司");
    assert_eq!(fact(&report, "company.sponsor.representatives[0]").0, "徐文");
    assert_eq!(fact(&report, "company.sponsor.representatives[1]").0, "杜涛");
    assert_eq!(fact(&report, "company.supervision.end").0, "2019-12-31");
    assert_eq!(fact(&report, "company.company.board").0, "sse_main");
    // 第二节 六 (page 5, read by hand): 持续督导的期间 2016 年 5 月 19 日-2019 年 12 月 31 日.
    assert_eq!(fact(&report, "company.supervision.start"), ("2016-05-19", page(5, 22)));
    // 第三节 研发投入情况表 (page 14): 研发投入合计 48,428,964.78, 占营业收入比例 4.12%.
    assert_eq!(fact(&report, "financials.2019.rd_spending").0, "48,428,964.78");
    assert_eq!(fact(&report, "financials.2019.rd_intensity"), ("4.12%", page(14, 9)));
    // 第六节 四 (page 45): 黄杰 is both 控股股东 and 实际控制人 (自然人, 姓名 黄杰).
    assert_eq!(fact(&report, "shareholders.controllers.names[0]"), ("黄杰", page(45, 9)));
    assert_eq!(fact(&report, "shareholders.controllers.relation").0, "控股股东、实际控制人");
    // 第六节 前十名股东持股情况 (page 43, read by hand): the first holder and the count of them.
    let holder = "shareholders.holdings[holder=黄杰;date=2019-12-31]";
    assert_eq!(fact(&report, &format!("{holder}.shares")), ("84,187,105", page(43, 36)));
    assert_eq!(fact(&report, &format!("{holder}.stated_percent")).0, "39.96%");
    assert_eq!(fact(&report, "shareholders.holdings[holder=钱洪;date=2019-12-31].shares").0, "4,246,901");
    assert_eq!(report.facts.iter().filter(|f| f.path.starts_with("shareholders.holdings[") && f.path.ends_with(".shares")).count(), 10);
    // 第八节 持股变动及报酬情况 (page 48): 16 people without 合计; 钱洪 董事、总工程师 sold
    // 4,706,901 − 4,246,901 = 460,000 shares (减持); 杨燕超's position is printed cut off at 董事、.
    let qian = "shareholders.insiders[name=钱洪;year=2019]";
    assert_eq!(fact(&report, &format!("{qian}.role")), ("董事、总工程师", page(48, 13)));
    assert_eq!(fact(&report, &format!("{qian}.opening_shares")).0, "4,706,901");
    assert_eq!(fact(&report, &format!("{qian}.closing_shares")).0, "4,246,901");
    assert_eq!(fact(&report, &format!("{qian}.reason")).0, "减持");
    assert_eq!(fact(&report, "shareholders.insiders[name=饶伟;year=2019].role").0, "董事会秘书");
    assert_eq!(fact(&report, "shareholders.insiders[name=杨燕超;year=2019].role").0, "董事");
    assert_eq!(report.facts.iter().filter(|f| f.path.starts_with("shareholders.insiders[") && f.path.ends_with(".role")).count(), 16);
    // 第五节 二、承诺事项履行情况 (pages 22–25, read by hand in `pdftotext -layout`): ten
    // commitments, 与首次公开发行相关的承诺 from page 22 to 25, 与股权激励相关的承诺 the last two.
    assert_eq!(report.facts.iter().filter(|f| f.path.starts_with("commitments.") && f.path.ends_with(".by")).count(), 10);
    // The first (page 22, its 12th line of text, the running header the 1st): 其他 | 公司 |
    // 《南通四方冷链装备股份有限公司首次公开发行股票招股说明书》不存在虚假记载… | 长期有效 |
    // 否 | 是; no date is printed, so none is written.
    let first = commitment(&report, "公司", "《南通四方冷链装备股份有限公司首次公开发行股票招股说明书》不存在虚假记载");
    assert_eq!(fact(&report, &format!("{first}.by")), ("公司", page(22, 12)));
    assert_eq!(fact(&report, &format!("{first}.document")).0, "与首次公开发行相关的承诺");
    assert_eq!(fact(&report, &format!("{first}.category")).0, "其他");
    assert_eq!(fact(&report, &format!("{first}.period")).0, "长期有效");
    assert_eq!(fact(&report, &format!("{first}.status")).0, "是否及时严格履行：是");
    assert!(report.facts.iter().all(|f| f.path != format!("{first}.made")));
    // Its content is the whole cell, its 17 lines joined: it ends 确保投资者合法权益得到有效保护。
    assert!(fact(&report, &format!("{first}.content")).0.ends_with("依法赔偿投资者损失。有权获得赔偿的投资者资格、投资者损失的范围认定、赔偿主体之间的责任划分和免责事由按照《中华人民共和国证券法》、《最高人民法院关于审理证券市场因虚假陈述引发的民事赔偿案件的若干规定》等相关法律法规的规定执行，如相关法律法规相应修订，则按届时有效的法律法规执行。本公司将严格履行生效司法文书认定的赔偿方式和赔偿金额，并接受社会监督，确保投资者合法权益得到有效保护。"));
    // 股份限售 of 12 people (page 24, line 27), their names and the content running on to page 25.
    let twelve = commitment(&report, "钱洪、朱祥、楼晓华、杨新华、杨燕超、王志炎、梁惠华、吴洪建、史锦才、朱国建、黄鑫颖、黄华等12人", "所持发行前股份");
    assert_eq!(fact(&report, &format!("{twelve}.by")).1, page(24, 27));
    assert!(fact(&report, &format!("{twelve}.content")).0.ends_with("在申报离职6个月后的12个月内，转让的公司股份不超过其持有公司股份总数的50%。"));
    assert_eq!(fact(&report, &format!("{twelve}.period")).0, "首次公开发行股票并上市之日起36个月内");
    // The restricted shares of the 353 grantees (page 25, line 14): 2017.4.26-2020.4.26.
    let grantees = commitment(&report, "公司首期限制性股票激励计划首次授予的353名激励对象", "限售期为自限制性股票首次授予完成之日起12个月、24个月、36个月。");
    assert_eq!(fact(&report, &format!("{grantees}.document")), ("与股权激励相关的承诺", page(25, 14)));
    assert_eq!(fact(&report, &format!("{grantees}.made")).0, "2017-04-26");
    assert_eq!(fact(&report, &format!("{grantees}.until")).0, "2020-04-26");
    assert_eq!(fact(&report, &format!("{grantees}.category")).0, "股份限售");
}

/// The record of the commitment `by` made whose content starts with `content`.
fn commitment(extracted: &Extracted, by: &str, content: &str) -> String {
    let record = |f: &dudao_ingest::Extract| f.path.rsplit_once('.').map(|(record, _)| record.to_owned()).unwrap_or_default();
    let made_by: Vec<String> =
        extracted.facts.iter().filter(|f| f.path.starts_with("commitments.") && f.path.ends_with(".by") && f.value == by).map(record).collect();
    let found = extracted
        .facts
        .iter()
        .find(|f| f.path.ends_with(".content") && f.value.starts_with(content) && made_by.contains(&record(f)))
        .unwrap_or_else(|| panic!("no commitment of {by} starting {content}: {:#?}", extracted.facts));
    record(found)
}

#[test]
fn shengwu_2020() {
    let report = read("2021-04-23_生物股份_600201_2020年年度报告.pdf");
    assert_eq!(report.year, 2020);
    assert_eq!(fact(&report, "financials.2020.deducted_net_profit"), ("392,188,209.82", page(5, 34)));
    assert_eq!(fact(&report, "financials.2020.roe").0, "8.37%");
    assert_eq!(fact(&report, "company.company.name").0, "金宇生物技术股份有限公司");
    assert_eq!(fact(&report, "company.company.stock_code").0, "600201");
    // 研发投入情况表 (page 17): 研发投入合计 206,997,240.33, 占营业收入比例（%） 13.09.
    assert_eq!(fact(&report, "financials.2020.rd_spending"), ("206,997,240.33", page(17, 14)));
    assert_eq!(fact(&report, "financials.2020.rd_intensity").0, "13.09%");
    // 不存在控股股东 / 实际控制人 (page 51–52): nothing to write, and the case format cannot say "none".
    assert!(report.facts.iter().all(|f| !f.path.starts_with("shareholders.controllers")));
    // 第五节 二、承诺事项履行情况 (page 34): the commitments are “□适用 √不适用”, none to write.
    assert!(report.facts.iter().all(|f| !f.path.starts_with("commitments.")));
    // 第六节 前十名股东持股情况 (pages 50–51, read by hand): 香港中央结算有限公司 first, with
    // 197,512,701 shares and 17.54 (%), on page 50's 33rd line of text; ten holders.
    let holder = "shareholders.holdings[holder=香港中央结算有限公司;date=2020-12-31]";
    assert_eq!(fact(&report, &format!("{holder}.shares")), ("197,512,701", page(50, 33)));
    assert_eq!(fact(&report, &format!("{holder}.stated_percent")).0, "17.54%");
    // A name wrapped over three lines (上海淳韬投资管理有限公 / 司－淳韵价值一号证券投 / 资私募基金).
    assert_eq!(fact(&report, "shareholders.holdings[holder=上海淳韬投资管理有限公司－淳韵价值一号证券投资私募基金;date=2020-12-31].shares").0, "26,108,640");
    assert_eq!(report.facts.iter().filter(|f| f.path.starts_with("shareholders.holdings[") && f.path.ends_with(".shares")).count(), 10);
    // 第八节 一、持股变动情况 (pages 54–55, read by hand): 15 people without 合计; positions and
    // terms wrap in their cells (张竞 董事、总 / 裁; 尹松涛 董事、副 / 总裁、财 / 务总监).
    assert_eq!(report.facts.iter().filter(|f| f.path.starts_with("shareholders.insiders[") && f.path.ends_with(".role")).count(), 15);
    let zhang = "shareholders.insiders[name=张竞;year=2020]";
    assert_eq!(fact(&report, &format!("{zhang}.role")), ("董事、总裁", page(54, 16)));
    assert_eq!(fact(&report, &format!("{zhang}.opening_shares")), ("721,000", page(54, 16)));
    assert_eq!(fact(&report, &format!("{zhang}.closing_shares")).0, "721,000");
    assert_eq!(fact(&report, "shareholders.insiders[name=尹松涛;year=2020].role").0, "董事、副总裁、财务总监");
    // 李荣 (page 55): 705,743 to 1,005,743, 限制性股票授予 (限制性股 / 票授予).
    let li = "shareholders.insiders[name=李荣;year=2020]";
    assert_eq!(fact(&report, &format!("{li}.opening_shares")).0, "705,743");
    assert_eq!(fact(&report, &format!("{li}.closing_shares")).0, "1,005,743");
    assert_eq!(fact(&report, &format!("{li}.reason")).0, "限制性股票授予");
    // 杨钊 holds two positions, a row each (董事会秘书 from 2019-08-21, 副总裁 from 2020-08-13)
    // under one name and one holding, 0 to 300,000 (as 第八节 一、(二) on page 56 has it too:
    // 杨钊 副总裁、董事会秘书 0 300,000).
    let yang = "shareholders.insiders[name=杨钊;year=2020]";
    assert_eq!(fact(&report, &format!("{yang}.role")).0, "董事会秘书、副总裁");
    assert_eq!(fact(&report, &format!("{yang}.opening_shares")).0, "0");
    assert_eq!(fact(&report, &format!("{yang}.closing_shares")).0, "300,000");
    assert_eq!(report.facts.iter().filter(|f| f.path == format!("{yang}.role")).count(), 1);
}

#[test]
fn anke_2019() {
    let report = read("2020-01-21_安靠智电_300617_2019年年度报告.html");
    // 持续督导期间 2017.2.28-2020.12.31 (line 375 of the HTML).
    assert_eq!(fact(&report, "company.supervision.start"), ("2017-02-28", Location { page: None, line: 375 }));
    assert_eq!(fact(&report, "company.supervision.end").0, "2020-12-31");
    // 近三年公司研发投入金额 (line 1498): 2019 22,334,548.66, 2018 15,665,695.27.
    assert_eq!(fact(&report, "financials.2019.rd_spending"), ("22,334,548.66", Location { page: None, line: 1498 }));
    assert_eq!(fact(&report, "financials.2018.rd_spending").0, "15,665,695.27");
}

#[test]
fn postal_bank_2019() {
    let report = read("2020-03-26_邮储银行_601658_2019年年度报告.txt");
    // 持续督导期间： 2019年12月10日至2021年12月31日 (page 10); 本行…于2019年12月10日于上交所主板上市 (page 98).
    assert_eq!(fact(&report, "company.supervision.start").0, "2019-12-10");
    assert_eq!(fact(&report, "company.company.listing_date"), ("2019-12-10", page(98, 5)));
    // The commitments table (page 174) runs ten commitments into one row (`是是是是…`): none is written.
    assert!(report.facts.iter().all(|f| !f.path.starts_with("commitments.")));
}

#[test]
fn haixiang_2019() {
    let report = read("2020-01-23_海翔药业_002099_2019年年度报告.html");
    assert_eq!(report.year, 2019);
    assert_eq!(fact(&report, "financials.2019.operating_cash_flow").0, "612,399,095.31");
    assert_eq!(fact(&report, "financials.2019.revenue"), ("2,941,412,770.30", Location { page: None, line: 343 }));
    assert_eq!(fact(&report, "company.company.name").0, "浙江海翔药业股份有限公司");
    assert_eq!(fact(&report, "company.company.short_name").0, "海翔药业");
    assert_eq!(fact(&report, "company.company.stock_code").0, "002099");
    assert_eq!(fact(&report, "company.company.board").0, "szse_main");
    // 公司研发投入情况 (line 1340): 研发投入金额 122,548,224.53 and 111,304,662.07, 4.17% of revenue.
    assert_eq!(fact(&report, "financials.2019.rd_spending"), ("122,548,224.53", Location { page: None, line: 1340 }));
    assert_eq!(fact(&report, "financials.2018.rd_spending").0, "111,304,662.07");
    assert_eq!(fact(&report, "financials.2019.rd_intensity").0, "4.17%");
    // 控股股东 浙江东港投资有限公司, 实际控制人 王云富: not one relation, so not written.
    assert!(report.facts.iter().all(|f| !f.path.starts_with("shareholders.controllers")));
    // 第六节 前10名股东持股情况: the first of the ten, and the count of them.
    let holder = "shareholders.holdings[holder=浙江东港投资有限公司;date=2019-12-31]";
    assert_eq!(fact(&report, &format!("{holder}.shares")), ("553,982,587", Location { page: None, line: 4190 }));
    assert_eq!(fact(&report, &format!("{holder}.stated_percent")).0, "34.22%");
    assert_eq!(report.facts.iter().filter(|f| f.path.starts_with("shareholders.holdings[") && f.path.ends_with(".shares")).count(), 10);
    // 第八节 董事、监事和高级管理人员持股变动: 洪鸣 sold a quarter of his shares.
    let hong = "shareholders.insiders[name=洪鸣;year=2019]";
    assert_eq!(fact(&report, &format!("{hong}.role")).0, "董事");
    assert_eq!(fact(&report, &format!("{hong}.opening_shares")), ("315,000", Location { page: None, line: 4598 }));
    assert_eq!(fact(&report, &format!("{hong}.closing_shares")).0, "236,250");
    assert_eq!(
        report.facts.iter().filter(|f| f.path.starts_with("shareholders.insiders[") && f.path.ends_with(".role")).count(),
        21,
        "the table's 21 people, without 合计"
    );
    // 第五节 承诺事项履行情况: two commitments of 王云富 and 东港投资 from the 2014 restructuring;
    // the empty groups (股改承诺 …) and the closing 承诺是否按时履行 row are not commitments.
    let made: Vec<(&str, &str)> = report
        .facts
        .iter()
        .filter(|f| f.path.starts_with("commitments.") && f.path.ends_with(".category"))
        .map(|f| (f.value.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(made.iter().map(|(v, _)| *v).collect::<Vec<_>>(), ["关于同业竞争方面承诺", "关于关联交易、资金方面承诺"]);
    let first = made[0].1.trim_end_matches(".category");
    assert_eq!(fact(&report, &format!("{first}.by")), ("王云富、浙江东港投资有限公司", Location { page: None, line: 2416 }));
    assert_eq!(fact(&report, &format!("{first}.document")).0, "资产重组时所作承诺");
    assert_eq!(fact(&report, &format!("{first}.made")).0, "2014-05-05");
    assert_eq!(fact(&report, &format!("{first}.period")).0, "长期");
    assert_eq!(fact(&report, &format!("{first}.status")).0, "严格履行");
    assert!(fact(&report, &format!("{first}.content")).0.starts_with("（一）本承诺人及本承诺人直接或间接控制的除海翔药业"));
}

#[test]
fn a_document_without_key_data_is_not_a_report() {
    let doc = read_str("关于召开2024年第一次临时股东大会的通知\n会议时间：2024年1月5日\n", Form::Text).unwrap();
    let error = extract(&doc, "notice.txt").unwrap_err();
    assert!(error.0.contains("应为上市公司的年度报告"), "{error}");
}

/// Every report's facts read by hand (`checks/<report>.toml`), each read the same by ingest:
/// identity, sponsor and supervision, the six key figures of both years, total shares; and
/// no identity fact the report does not print.
#[test]
fn every_report_gives_the_facts_read_by_hand() {
    let mut wrong = Vec::new();
    for checks in dudao_testkit::planted::Checks::all() {
        let extracted = read(&checks.report);
        for (path, expected) in &checks.facts {
            match extracted.facts.iter().find(|f| &f.path == path) {
                Some(fact) if &fact.value == expected => {}
                Some(fact) => wrong.push(format!("{}: {path} read as “{}”, should be “{expected}”", checks.report, fact.value)),
                None => wrong.push(format!("{}: {path} not read (“{expected}”)", checks.report)),
            }
        }
        let identity = |path: &str| path.starts_with("company.") && !path.starts_with("company.total_shares");
        for fact in extracted.facts.iter().filter(|f| identity(&f.path) && !checks.facts.contains_key(&f.path)) {
            wrong.push(format!("{}: {} read as “{}”, which the report does not print", checks.report, fact.path, fact.value));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
